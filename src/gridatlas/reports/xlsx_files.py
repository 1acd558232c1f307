"""Excel files that are the same bytes for the same content.

An ``.xlsx`` file is a zip archive. openpyxl stamps each member with the time
of writing and the workbook's ``modified`` property with the current time, so
two runs on the same input differ. :func:`stable_xlsx_path` fixes both: every
member gets :data:`ZIP_TIME` and the core properties get :data:`FIXED_TIME`.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gridatlas.reports.atomic import atomic_path

#: Member time of every zip entry (the zip format's earliest date).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: ``created`` and ``modified`` of every workbook gridatlas writes (W3CDTF, UTC).
FIXED_TIME = "2000-01-01T00:00:00Z"

_CORE = "docProps/core.xml"
_DATES = re.compile(r"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def normalize_xlsx(path: str | Path) -> None:
    """Rewrite the archive at ``path`` with fixed member times and fixed core dates."""
    path = Path(path)
    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in members:
            if info.filename == _CORE:
                text = _DATES.sub(rf"\g<1>{FIXED_TIME}\g<3>", data.decode("utf-8"))
                data = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, data)


@contextmanager
def stable_xlsx_path(target: str | Path) -> Iterator[Path]:
    """Like :func:`gridatlas.reports.atomic.atomic_path`, and normalise the workbook written."""
    with atomic_path(target) as tmp:
        yield tmp
        normalize_xlsx(tmp)
