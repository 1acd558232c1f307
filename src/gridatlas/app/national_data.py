"""The national dataset as the product uses it: the bundled files plus the user's overlay.

The overlay (``gridatlas data import-gas`` / ``import-storage``) lives in
:func:`gridatlas.app.data_overlay.overlay_dir`; when it holds files, they replace
the bundled rows they cover, for every command that reads the dataset.
"""

from __future__ import annotations

from gridatlas.app.data_overlay import overlay_dir
from gridatlas.sources.national import PACKAGE_DIR, NationalData, load_national

__all__ = ["PACKAGE_DIR", "NationalData", "load_national", "national_data"]


def national_data() -> NationalData:
    """The bundled dataset with the user's overlay applied (when there is one)."""
    folder = overlay_dir()
    return load_national(folder if folder.is_dir() else None)
