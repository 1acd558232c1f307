"""Building blocks shared by the schemas of user-written files.

:class:`Spec` is the base of a file's models: unknown fields are errors, and a
field may be given by its name or its alias. The number types accept what
users write: ``7%`` (→ 0.07), ``1,234`` and blank cells (via
:func:`gridatlas.domain.series.clean_number`), then check their range.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from gridatlas.domain.series import clean_number


class Spec(BaseModel):
    """Base of the models of a user file: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)


#: Any finite number.
Num = Annotated[float, BeforeValidator(clean_number), Field(allow_inf_nan=False)]
#: A finite number ≥ 0.
NonNeg = Annotated[float, BeforeValidator(clean_number), Field(ge=0.0, allow_inf_nan=False)]
#: A finite number > 0.
Pos = Annotated[float, BeforeValidator(clean_number), Field(gt=0.0, allow_inf_nan=False)]
#: A share in [0, 1]. [p.u.]
Fraction = Annotated[
    float, BeforeValidator(clean_number), Field(ge=0.0, le=1.0, allow_inf_nan=False)
]
#: An efficiency in (0, 1]. [p.u.]
Efficiency = Annotated[
    float, BeforeValidator(clean_number), Field(gt=0.0, le=1.0, allow_inf_nan=False)
]
