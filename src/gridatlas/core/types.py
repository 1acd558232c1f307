"""Array and value types shared by every layer."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

#: A float64 NumPy array of any shape.
FloatArray = npt.NDArray[np.float64]
#: An int64 NumPy array of any shape.
IntArray = npt.NDArray[np.int64]
#: A boolean NumPy array of any shape.
BoolArray = npt.NDArray[np.bool_]
