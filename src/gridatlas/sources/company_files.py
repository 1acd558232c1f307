"""Read company lists (YAML) and user ownership files (CSV)."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

from gridatlas.core.errors import InputError
from gridatlas.domain.company import Company, OwnershipRow, companies_from_dict, ownership_from_rows
from gridatlas.sources.yaml_files import read_yaml

OWNERSHIP_FIELDS = ("company", "province", "technology", "mw")


def bundled_companies() -> tuple[Company, ...]:
    """The default company list (the five companies of seed report 004 §四)."""
    path = resources.files("gridatlas.data").joinpath("companies", "companies.yaml")
    return companies_from_dict(read_yaml(path, "bundled:companies.yaml"), "bundled:companies.yaml")


def read_companies(path: str | Path) -> tuple[Company, ...]:
    """A user's company list file."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "", "an existing company list file (.yaml)")
    return companies_from_dict(read_yaml(path), str(path))


def read_ownership(path: str | Path, companies: tuple[Company, ...]) -> tuple[OwnershipRow, ...]:
    """A user ownership CSV with columns ``company, province, technology, mw``."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            header = [h.strip() for h in reader.fieldnames or []]
            missing = [c for c in OWNERSHIP_FIELDS if c not in header]
            if missing:
                raise InputError(
                    path, missing[0], "a CSV header with " + ", ".join(OWNERSHIP_FIELDS)
                )
            rows = [{k.strip(): (v or "").strip() for k, v in r.items() if k} for r in reader]
    except OSError as exc:
        raise InputError(path, "", f"a readable UTF-8 CSV file ({exc})") from None
    return ownership_from_rows(rows, str(path), companies)
