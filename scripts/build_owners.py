"""Rebuild src/gridatlas/data/companies/owners.csv from GEM's CC BY trackers.

Usage: python scripts/build_owners.py --from ../shared/data/gem
"""

from __future__ import annotations

import argparse
from pathlib import Path

from gridatlas.app.owners import write_owner_table

TARGET = Path(__file__).resolve().parents[1] / "src" / "gridatlas" / "data" / "companies"


def main() -> None:
    """Parse arguments, rebuild, print a summary."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--from", dest="folder", required=True, help="folder with the trackers")
    args = parser.parse_args()
    frame = write_owner_table(args.folder, TARGET / "owners.csv")
    print(f"{len(frame)} rows, {frame['mw'].sum():,.0f} MW -> {TARGET / 'owners.csv'}")


if __name__ == "__main__":
    main()
