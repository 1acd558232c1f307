"""Adequacy runs as users ask for them: bundled systems and system files, then the engine."""

from __future__ import annotations

from gridatlas.runners.adequacy import (
    AdequacyResult,
    CapacityCredit,
    Resource,
    capacity_credit,
    run,
)
from gridatlas.sources.system_files import bundled_system_names, load_system, read_profiles

__all__ = [
    "AdequacyResult",
    "CapacityCredit",
    "Resource",
    "bundled_system_names",
    "capacity_credit",
    "load_system",
    "read_profiles",
    "run",
]
