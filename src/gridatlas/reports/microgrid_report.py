"""Reports of a microgrid screening: JSON, a rich table, an Excel workbook and three charts.

The JSON shape is stable::

    {"site", "title", "province", "optimized",
     "sizes": {"pv_kw", "battery_kw", "battery_kwh"},
     "bill_bau": {"energy", "demand", "export_credit", "total"},
     "bill_project": {...}, "bill_rule": {...},
     "revenue": {STREAM: 元/yr}, "revenue_rule": {...},
     "npv", "irr", "payback_years", "discounted_payback_years",
     "lcoe_pv", "lcos", "capex", "opex", "parties", "lp_gain_over_rule",
     "sensitivity", "currency": "CNY", "units": {...}}

``bill_*.demand`` is the demand or capacity charge (the two-part tariff's
fixed part); all money is 元 per year except ``npv`` and ``capex`` (元).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from gridatlas.core.glossary import Lang, label
from gridatlas.model.finance import STREAMS
from gridatlas.model.plant import FLOWS
from gridatlas.reports.charts import figure, save_figure, styled
from gridatlas.reports.provenance import add_provenance_sheet, provenance
from gridatlas.reports.xlsx_files import stable_xlsx_path
from gridatlas.runners.microgrid import Evaluation

if TYPE_CHECKING:
    from matplotlib.figure import Figure

UNITS = {
    "sizes.pv_kw": "kWp",
    "sizes.battery_kw": "kW",
    "sizes.battery_kwh": "kWh",
    "bill_*": "元/yr",
    "revenue.*": "元/yr",
    "npv": "元",
    "irr": "p.u./yr",
    "payback_years": "yr",
    "discounted_payback_years": "yr",
    "lcoe_pv": "元/kWh",
    "lcos": "元/kWh",
    "capex.*": "元",
    "opex": "元/yr",
    "lp_gain_over_rule": "元/yr",
}


def _r(x: float | None, nd: int = 2) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), nd)


def to_json_dict(ev: Evaluation) -> dict[str, Any]:
    """The evaluation in the stable JSON shape (see the module docstring)."""
    site = ev.site
    return {
        "site": site.name,
        "title": site.title,
        "province": site.province.code,
        "optimized": ev.optimized,
        "illustrative": bool(site.spec.illustrative or site.tariff_spec.illustrative),
        "tariff": site.tariff_spec.name,
        "sizes": {k: _r(v, 1) for k, v in ev.sizes.as_dict().items()},
        "bill_bau": {k: _r(v) for k, v in ev.bill_bau.summary().items()},
        "bill_project": {k: _r(v) for k, v in ev.bill_project.summary().items()},
        "bill_rule": {k: _r(v) for k, v in ev.bill_rule.summary().items()},
        "revenue": {k: _r(ev.revenue[k]) for k in STREAMS},
        "revenue_rule": {k: _r(ev.revenue_rule[k]) for k in STREAMS},
        "npv": _r(ev.metrics.npv),
        "irr": _r(ev.metrics.irr, 5),
        "payback_years": _r(ev.metrics.payback_years, 2),
        "discounted_payback_years": _r(ev.metrics.discounted_payback_years, 2),
        "lcoe_pv": _r(ev.lcoe_pv, 4),
        "lcos": _r(ev.lcos, 4),
        "capex": {k: _r(v) for k, v in ev.capex.items()},
        "opex": _r(ev.opex),
        "business_model": site.spec.finance.business_model,
        "parties": {
            p: {k: _r(v, 5 if k == "irr" else 2) for k, v in m.as_dict().items()}
            for p, m in ev.party_metrics.items()
        },
        "lp_gain_over_rule": _r(ev.lp_gain_over_rule),
        "dr_shortfall_rule_kwh": _r(ev.rule.dr_shortfall_kwh),
        "sensitivity": [
            {k: (_r(v, 5) if isinstance(v, float) else v) for k, v in row.items()}
            for row in ev.sensitivity
        ],
        "currency": "CNY",
        "units": UNITS,
        "provenance": evaluation_provenance(ev),
    }


def evaluation_provenance(ev: Evaluation) -> dict[str, Any]:
    """Provenance of a screening: the site, its tariff and hourly load, and the options."""
    site = ev.site
    sources = {f"site:{k}": v for k, v in site.spec.sources.items()}
    sources.update({f"tariff:{k}": v for k, v in site.tariff_spec.sources.items()})
    inputs = {
        "site": site.spec,
        "tariff": site.tariff_spec,
        "load_kw": site.load,
        "holidays": site.holidays,
        "optimize": ev.optimized,
        "sensitivity": bool(ev.sensitivity),
    }
    return provenance(inputs, sources)


def _money(x: float | None) -> str:
    return "—" if x is None else f"{x / 1e4:,.1f}"


def rich_tables(ev: Evaluation, lang: Lang = "zh") -> list[Any]:
    """Rich tables: summary, revenue stack, sensitivity. Money in 万元."""
    # Imported here for start-up speed (JSON output needs no rich tables), not for a cycle.
    from rich.markup import escape
    from rich.table import Table

    s = ev.sizes
    title = f"{ev.site.title} · {ev.site.province.display(lang)}"
    t = Table(title=escape(title) + label("mg_screening_10k_cny", lang))
    t.add_column(label("mg_item", lang))
    t.add_column(label("mg_value", lang), justify="right")
    rows = [
        (label("mg_pv_kwp", lang), f"{s.pv_kw:,.0f}"),
        (label("mg_battery_power_kw", lang), f"{s.battery_kw:,.0f}"),
        (label("mg_battery_energy_kwh", lang), f"{s.battery_kwh:,.0f}"),
        (label("mg_bill_before_10k_cny_yr", lang), _money(ev.bill_bau.total)),
        (
            label("mg_bill_after_10k_cny_yr", lang),
            _money(ev.bill_project.total),
        ),
        (
            label("mg_bill_rule_based_10k_cny_yr", lang),
            _money(ev.bill_rule.total),
        ),
        (
            label("mg_lp_gain_over_rule_10k_cny_yr", lang),
            _money(ev.lp_gain_over_rule),
        ),
        (label("mg_capex_10k_cny", lang), _money(ev.capex["total"])),
        (label("mg_npv_10k_cny", lang), _money(ev.metrics.npv)),
        (
            label("mg_irr", lang),
            "—" if ev.metrics.irr is None else f"{ev.metrics.irr:.1%}",
        ),
        (
            label("mg_simple_payback_yr", lang),
            "—" if ev.metrics.payback_years is None else f"{ev.metrics.payback_years:.1f}",
        ),
        (
            label("mg_discounted_payback_yr", lang),
            "—"
            if ev.metrics.discounted_payback_years is None
            else f"{ev.metrics.discounted_payback_years:.1f}",
        ),
        (
            label("mg_pv_lcoe_cny_kwh", lang),
            "—" if ev.lcoe_pv is None else f"{ev.lcoe_pv:.3f}",
        ),
        (
            label("mg_lcos_cny_kwh", lang),
            "—" if ev.lcos is None else f"{ev.lcos:.3f}",
        ),
    ]
    for p, m in ev.party_metrics.items():
        if len(ev.party_metrics) > 1:
            name = label(f"party_{p}", lang)
            irr = "—" if m.irr is None else f"{m.irr:.1%}"
            rows.append((f"{escape(name)} NPV / IRR", f"{_money(m.npv)} / {irr}"))
    for k, v in rows:
        t.add_row(k, v)
    r = Table(title=label("mg_revenue_stack_year_1_10k_cny_yr", lang))
    r.add_column(label("mg_stream", lang))
    r.add_column(label("mg_optimal", lang), justify="right")
    r.add_column(label("mg_rule_based", lang), justify="right")
    for k in STREAMS:
        r.add_row(label(f"stream_{k}", lang), _money(ev.revenue[k]), _money(ev.revenue_rule[k]))
    r.add_row(
        label("mg_total", lang),
        _money(sum(ev.revenue.values())),
        _money(sum(ev.revenue_rule.values())),
    )
    out = [t, r]
    if ev.sensitivity:
        sens = Table(title=label("mg_sensitivity", lang))
        for c in (
            label("mg_parameter", lang),
            label("mg_change", lang),
            label("mg_npv_10k_cny_2", lang),
            "IRR",
            label("mg_payback_yr", lang),
        ):
            sens.add_column(c, justify="right")
        for row in ev.sensitivity:
            irr = "—" if row["irr"] is None else f"{row['irr']:.1%}"
            pb = "—" if row["payback_years"] is None else f"{row['payback_years']:.1f}"
            sens.add_row(
                escape(row["parameter"]), escape(row["change"]), _money(row["npv"]), irr, pb
            )
        out.append(sens)
    return out


# ---------------------------------------------------------------------------
# charts


def dispatch_week_figure(ev: Evaluation, lang: Lang = "zh") -> Figure:
    """Typical week (the week holding the year's highest load) of the optimal dispatch. [kW]"""
    d = ev.dispatch
    load = ev.site.load
    start = max(0, min(int(np.argmax(load)) // 24 // 7 * 7 * 24, load.size - 168))
    sl = slice(start, start + 168)
    x = np.arange(168)
    with styled(lang):
        fig = figure((11, 4.2))
        ax = fig.subplots()
        stack = [
            (d["pv_load"][sl], label("mg_pv_load", lang), "gold"),
            (d["batt_load"][sl], label("mg_battery_load", lang), "tab:green"),
            (d["grid_load"][sl], label("mg_grid_load", lang), "tab:gray"),
            (d["shed"][sl], label("mg_dr_shed", lang), "tab:red"),
        ]
        ax.stackplot(
            x,
            *[s[0] for s in stack],
            labels=[s[1] for s in stack],
            colors=[s[2] for s in stack],
            alpha=0.8,
        )
        ax.plot(
            x,
            -(d["grid_batt"][sl] + d["pv_batt"][sl]),
            color="tab:blue",
            lw=1,
            label=label("mg_battery_charging_neg", lang),
        )
        ax.plot(
            x,
            -d["pv_export"][sl],
            color="tab:orange",
            lw=1,
            ls="--",
            label=label("mg_export_neg", lang),
        )
        ax.plot(x, load[sl], color="black", lw=1, label=label("mg_load", lang))
        ax2 = ax.twinx()
        ax2.step(x, ev.site.tariff.price[sl], where="post", color="tab:purple", lw=0.8, alpha=0.6)
        ax2.set_ylabel(label("mg_price_cny_kwh", lang))
        ax.set_xlabel(label("mg_hour", lang))
        ax.set_ylabel(label("mg_power_kw", lang))
        day0 = start // 24 + 1
        ax.set_title(
            label("mg_dispatch_title", lang, title=ev.site.title, name=ev.site.name, day=day0)
        )
        ax.legend(fontsize=7, loc="upper left", ncol=3)
        ax.grid(alpha=0.3)
        fig.tight_layout()
    return fig


def monthly_bill_figure(ev: Evaluation, lang: Lang = "zh") -> Figure:
    """Monthly bill before and after the project (optimal and rule-based dispatch). [万元]"""
    m = np.arange(1, 13)
    with styled(lang):
        fig = figure((9, 4))
        ax = fig.subplots()
        w = 0.28
        ax.bar(
            m - w,
            ev.bill_bau.monthly_total / 1e4,
            w,
            label=label("mg_before", lang),
            color="tab:gray",
        )
        ax.bar(
            m,
            ev.bill_rule.monthly_total / 1e4,
            w,
            label=label("mg_rule_based", lang),
            color="tab:blue",
        )
        ax.bar(
            m + w,
            ev.bill_project.monthly_total / 1e4,
            w,
            label=label("mg_optimal", lang),
            color="tab:green",
        )
        ax.set_xticks(m)
        ax.set_xlabel(label("mg_month", lang))
        ax.set_ylabel(label("mg_bill_10k_cny", lang))
        ax.set_title(label("mg_bill_title", lang, title=ev.site.title, name=ev.site.name))
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3, axis="y")
        fig.tight_layout()
    return fig


def cash_flow_figure(ev: Evaluation, lang: Lang = "zh") -> Figure:
    """Yearly net cash flow and its cumulative sum per party. [万元]"""
    with styled(lang):
        fig = figure((9, 4))
        ax = fig.subplots()
        years = ev.cash.years
        n = len(ev.cash.parties)
        w = 0.8 / n
        for i, (p, cf) in enumerate(ev.cash.parties.items()):
            ax.bar(
                years + (i - (n - 1) / 2) * w,
                cf / 1e4,
                w,
                label=f"{label(f'party_{p}', lang)} {label('mg_net_cash_flow', lang)}",
                alpha=0.7,
            )
            ax.plot(
                years,
                np.cumsum(cf) / 1e4,
                marker="o",
                ms=3,
                label=f"{label(f'party_{p}', lang)} {label('mg_cumulative', lang)}",
            )
        ax.axhline(0, color="black", lw=0.8)
        ax.set_xlabel(label("mg_year", lang))
        ax.set_ylabel(label("mg_10k_cny", lang))
        ax.set_title(label("mg_cash_title", lang, title=ev.site.title, name=ev.site.name))
        ax.legend(fontsize=7)
        ax.grid(alpha=0.3)
        fig.tight_layout()
    return fig


def write_charts(
    ev: Evaluation, folder: str | Path, lang: Lang = "zh", suffix: str = "png"
) -> list[Path]:
    """Write the three charts to ``folder``; returns their paths."""
    folder = Path(folder)
    out = []
    for name, make in (
        ("dispatch_week", dispatch_week_figure),
        ("monthly_bill", monthly_bill_figure),
        ("cash_flow", cash_flow_figure),
    ):
        target = folder / f"{ev.site.name}_{name}.{suffix}"
        save_figure(make(ev, lang), target, lang)
        out.append(target)
    return out


# ---------------------------------------------------------------------------
# workbook


def write_xlsx(ev: Evaluation, target: str | Path, lang: Lang = "zh") -> None:
    """The evaluation as an Excel workbook: summary, revenue, monthly bills, cash flow,
    sensitivity and hourly dispatch; atomically."""
    # Imported here for start-up speed (openpyxl), not to dodge a cycle.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    data = to_json_dict(ev)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "汇总 summary"
    ws.append(["item", "value", "unit"])
    for k, v in data.items():
        if isinstance(v, dict) and k not in ("units", "parties", "provenance"):
            for kk, vv in v.items():
                unit = (
                    "元/yr"
                    if k.startswith(("bill", "revenue"))
                    else UNITS.get(f"{k}.{kk}", UNITS.get(f"{k}.*", ""))
                )
                ws.append([f"{k}.{kk}", vv, unit])
        elif not isinstance(v, dict | list):
            ws.append([k, v, UNITS.get(k, "")])
    for p, m in data["parties"].items():
        for kk, vv in m.items():
            ws.append([f"parties.{p}.{kk}", vv, UNITS.get(kk, "")])
    ws = wb.create_sheet("收益 revenue")
    ws.append(["stream", label("mg_name", lang), "optimal (元/yr)", "rule-based (元/yr)"])
    for k in STREAMS:
        ws.append([k, label(f"stream_{k}", lang), ev.revenue[k], ev.revenue_rule[k]])
    ws = wb.create_sheet("月度电费 monthly_bill")
    ws.append(
        [
            "month",
            "bau_energy (元)",
            "bau_demand (元)",
            "project_energy (元)",
            "project_demand (元)",
            "project_export_credit (元)",
            "rule_total (元)",
            "bau_max_kw",
            "project_max_kw",
        ]
    )
    b, p, r = ev.bill_bau, ev.bill_project, ev.bill_rule
    for i in range(12):
        ws.append(
            [
                i + 1,
                b.energy[i],
                b.fixed[i],
                p.energy[i],
                p.fixed[i],
                p.export[i],
                r.monthly_total[i],
                b.max_demand_kw[i],
                p.max_demand_kw[i],
            ]
        )
    ws = wb.create_sheet("现金流 cash_flow")
    c = ev.cash
    cols = [
        "year",
        *[f"{s} (元)" for s in c.streams],
        "capex (元)",
        "opex (元)",
        "replacement (元)",
        "tax (元)",
        "net (元)",
        *[f"{q} net (元)" for q in c.parties],
    ]
    ws.append(cols)
    for t in range(c.years.size):
        ws.append(
            [
                int(c.years[t]),
                *[float(v[t]) for v in c.streams.values()],
                float(c.capex[t]),
                float(c.opex[t]),
                float(c.replacement[t]),
                float(c.tax[t]),
                float(c.net[t]),
                *[float(v[t]) for v in c.parties.values()],
            ]
        )
    ws = wb.create_sheet("敏感性 sensitivity")
    ws.append(
        [
            "parameter",
            "change",
            "npv (元)",
            "irr (p.u.)",
            "payback_years (yr)",
            "discounted_payback_years (yr)",
        ]
    )
    for row in ev.sensitivity:
        ws.append(
            [
                row["parameter"],
                row["change"],
                row["npv"],
                row["irr"],
                row["payback_years"],
                row["discounted_payback_years"],
            ]
        )
    ws = wb.create_sheet("逐时调度 dispatch")
    ws.append(
        [
            "hour",
            "load (kW)",
            "price (元/kWh)",
            *[f"{n} ({'kWh' if n == 'soc' else 'kW'})" for n in FLOWS],
        ]
    )
    d = ev.dispatch
    load, price = ev.site.load, ev.site.tariff.price
    for h in range(load.size):
        ws.append(
            [
                h,
                round(float(load[h]), 3),
                float(price[h]),
                *[round(float(d[n][h]), 3) for n in FLOWS],
            ]
        )
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 34
    add_provenance_sheet(wb, data["provenance"])
    with stable_xlsx_path(target) as tmp:
        wb.save(tmp)
