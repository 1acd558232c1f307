"""The national balance: one case per province (the report's where it has one), every
scenario and year, in one long table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gridatlas.app import national_cases as nc
from gridatlas.app.case_list import province_of_generated
from gridatlas.app.cases import load_case, resolve_name
from gridatlas.core.glossary import Lang
from gridatlas.runners.balance import BalanceResult, run_balance


@dataclass(frozen=True)
class NationalBalance:
    """Balance results of the 31 provinces and the table built from them."""

    results: dict[str, BalanceResult]
    #: province code → technologies the case counts as 0 for want of a source
    missing: dict[str, list[str]]

    def frame(self, lang: Lang = "zh") -> pd.DataFrame:
        """One row per province, scenario and year (MW; margins as fractions [p.u.])."""
        rows = []
        for code, res in self.results.items():
            f = res.to_frame(unit="MW", lang=lang)
            f.insert(0, "province", code)
            f.insert(1, "province_zh", res.case.province.short_zh)
            f.insert(2, "case", res.case.name)
            f.insert(3, "kind", "generated" if province_of_generated(res.case.name) else "report")
            f["missing"] = ", ".join(self.missing.get(code, []))
            rows.append(f)
        out = pd.concat(rows, ignore_index=True)
        out.attrs["unit"] = "MW"
        return out

    def margins(self, scenario: str) -> pd.DataFrame:
        """Reserve margin [p.u.] of one scenario: provinces (rows) × years (columns)."""
        f = self.frame()
        sel = f.loc[f["scenario"] == scenario]
        return sel.pivot(index="province", columns="year", values="reserve_margin").reindex(
            list(self.results)
        )

    def lowest(self, scenario: str, year: int, n: int = 5) -> pd.DataFrame:
        """The ``n`` provinces with the lowest margin in one scenario and year."""
        f = self.frame()
        sel = f.loc[(f["scenario"] == scenario) & (f["year"] == year)]
        return sel.nsmallest(n, "reserve_margin")[
            ["province", "province_zh", "case", "reserve_margin", "surplus", "missing"]
        ]


def run_national() -> NationalBalance:
    """Run the balance of every mainland province (report case where one exists)."""
    results: dict[str, BalanceResult] = {}
    missing: dict[str, list[str]] = {}
    for p in nc.mainland():
        case = load_case(resolve_name(p.code))
        results[p.code] = run_balance(case)
        missing[p.code] = nc.missing_technologies(case)
    return NationalBalance(results, missing)
