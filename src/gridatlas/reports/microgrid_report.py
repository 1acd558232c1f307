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

from gridatlas.core.glossary import Lang
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
STREAM_ZH = {
    "self_consumption": "光伏自发自用",
    "arbitrage": "峰谷套利",
    "demand_charge": "需量/容量电费节省",
    "dr_vpp": "需求响应/虚拟电厂",
    "export": "余电上网",
}
STREAM_EN = {
    "self_consumption": "PV self-consumption",
    "arbitrage": "peak-valley arbitrage",
    "demand_charge": "demand-charge reduction",
    "dr_vpp": "DR / VPP",
    "export": "export",
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

    zh = lang == "zh"
    s = ev.sizes
    title = f"{ev.site.title} · {ev.site.province.short_zh if zh else ev.site.province.name_en}"
    t = Table(title=escape(title) + (" · 项目测算（万元）" if zh else " · screening (10k CNY)"))
    t.add_column("指标" if zh else "item")
    t.add_column("数值" if zh else "value", justify="right")
    rows = [
        ("光伏容量 (kWp)" if zh else "PV (kWp)", f"{s.pv_kw:,.0f}"),
        ("储能功率 (kW)" if zh else "battery power (kW)", f"{s.battery_kw:,.0f}"),
        ("储能容量 (kWh)" if zh else "battery energy (kWh)", f"{s.battery_kwh:,.0f}"),
        ("原电费 (万元/年)" if zh else "bill before (10k CNY/yr)", _money(ev.bill_bau.total)),
        (
            "项目后电费 (万元/年)" if zh else "bill after (10k CNY/yr)",
            _money(ev.bill_project.total),
        ),
        (
            "规则调度电费 (万元/年)" if zh else "bill, rule-based (10k CNY/yr)",
            _money(ev.bill_rule.total),
        ),
        (
            "优化调度较规则增益 (万元/年)" if zh else "LP gain over rule (10k CNY/yr)",
            _money(ev.lp_gain_over_rule),
        ),
        ("总投资 (万元)" if zh else "capex (10k CNY)", _money(ev.capex["total"])),
        ("净现值 NPV (万元)" if zh else "NPV (10k CNY)", _money(ev.metrics.npv)),
        (
            "内部收益率 IRR" if zh else "IRR",
            "—" if ev.metrics.irr is None else f"{ev.metrics.irr:.1%}",
        ),
        (
            "静态回收期 (年)" if zh else "simple payback (yr)",
            "—" if ev.metrics.payback_years is None else f"{ev.metrics.payback_years:.1f}",
        ),
        (
            "动态回收期 (年)" if zh else "discounted payback (yr)",
            "—"
            if ev.metrics.discounted_payback_years is None
            else f"{ev.metrics.discounted_payback_years:.1f}",
        ),
        (
            "光伏度电成本 LCOE (元/kWh)" if zh else "PV LCOE (CNY/kWh)",
            "—" if ev.lcoe_pv is None else f"{ev.lcoe_pv:.3f}",
        ),
        (
            "储能度电成本 LCOS (元/kWh)" if zh else "LCOS (CNY/kWh)",
            "—" if ev.lcos is None else f"{ev.lcos:.3f}",
        ),
    ]
    for p, m in ev.party_metrics.items():
        if len(ev.party_metrics) > 1:
            name = {"investor": "投资方", "host": "业主"}.get(p, p) if zh else p
            irr = "—" if m.irr is None else f"{m.irr:.1%}"
            rows.append((f"{escape(name)} NPV / IRR", f"{_money(m.npv)} / {irr}"))
    for k, v in rows:
        t.add_row(k, v)
    r = Table(title="收益构成（首年，万元/年）" if zh else "Revenue stack (year 1, 10k CNY/yr)")
    r.add_column("收益来源" if zh else "stream")
    r.add_column("优化调度" if zh else "optimal", justify="right")
    r.add_column("规则调度" if zh else "rule-based", justify="right")
    names = STREAM_ZH if zh else STREAM_EN
    for k in STREAMS:
        r.add_row(names[k], _money(ev.revenue[k]), _money(ev.revenue_rule[k]))
    r.add_row(
        "合计" if zh else "total",
        _money(sum(ev.revenue.values())),
        _money(sum(ev.revenue_rule.values())),
    )
    out = [t, r]
    if ev.sensitivity:
        sens = Table(title="敏感性分析" if zh else "Sensitivity")
        for c in (
            "参数" if zh else "parameter",
            "变化" if zh else "change",
            "NPV (万元)" if zh else "NPV (10k CNY)",
            "IRR",
            "回收期 (年)" if zh else "payback (yr)",
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
    zh = lang == "zh"
    d = ev.dispatch
    load = ev.site.load
    start = max(0, min(int(np.argmax(load)) // 24 // 7 * 7 * 24, load.size - 168))
    sl = slice(start, start + 168)
    x = np.arange(168)
    with styled(lang):
        fig = figure((11, 4.2))
        ax = fig.subplots()
        stack = [
            (d["pv_load"][sl], "光伏→负荷" if zh else "PV→load", "gold"),
            (d["batt_load"][sl], "储能→负荷" if zh else "battery→load", "tab:green"),
            (d["grid_load"][sl], "电网→负荷" if zh else "grid→load", "tab:gray"),
            (d["shed"][sl], "需求响应削减" if zh else "DR shed", "tab:red"),
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
            label="储能充电（负）" if zh else "battery charging (neg.)",
        )
        ax.plot(
            x,
            -d["pv_export"][sl],
            color="tab:orange",
            lw=1,
            ls="--",
            label="余电上网（负）" if zh else "export (neg.)",
        )
        ax.plot(x, load[sl], color="black", lw=1, label="负荷" if zh else "load")
        ax2 = ax.twinx()
        ax2.step(x, ev.site.tariff.price[sl], where="post", color="tab:purple", lw=0.8, alpha=0.6)
        ax2.set_ylabel("电价 (元/kWh)" if zh else "price (CNY/kWh)")
        ax.set_xlabel("小时" if zh else "hour")
        ax.set_ylabel("功率 (kW)" if zh else "power (kW)")
        day0 = start // 24 + 1
        ax.set_title(
            (f"{ev.site.title} · 典型周调度（第 {day0} 天起）")
            if zh
            else f"{ev.site.name}: typical-week dispatch (from day {day0})"
        )
        ax.legend(fontsize=7, loc="upper left", ncol=3)
        ax.grid(alpha=0.3)
        fig.tight_layout()
    return fig


def monthly_bill_figure(ev: Evaluation, lang: Lang = "zh") -> Figure:
    """Monthly bill before and after the project (optimal and rule-based dispatch). [万元]"""
    zh = lang == "zh"
    m = np.arange(1, 13)
    with styled(lang):
        fig = figure((9, 4))
        ax = fig.subplots()
        w = 0.28
        ax.bar(
            m - w,
            ev.bill_bau.monthly_total / 1e4,
            w,
            label="项目前" if zh else "before",
            color="tab:gray",
        )
        ax.bar(
            m,
            ev.bill_rule.monthly_total / 1e4,
            w,
            label="规则调度" if zh else "rule-based",
            color="tab:blue",
        )
        ax.bar(
            m + w,
            ev.bill_project.monthly_total / 1e4,
            w,
            label="优化调度" if zh else "optimal",
            color="tab:green",
        )
        ax.set_xticks(m)
        ax.set_xlabel("月份" if zh else "month")
        ax.set_ylabel("电费 (万元)" if zh else "bill (10k CNY)")
        ax.set_title(
            f"{ev.site.title} · 月度电费对比"
            if zh
            else f"{ev.site.name}: monthly bill before/after"
        )
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3, axis="y")
        fig.tight_layout()
    return fig


def cash_flow_figure(ev: Evaluation, lang: Lang = "zh") -> Figure:
    """Yearly net cash flow and its cumulative sum per party. [万元]"""
    zh = lang == "zh"
    with styled(lang):
        fig = figure((9, 4))
        ax = fig.subplots()
        years = ev.cash.years
        n = len(ev.cash.parties)
        w = 0.8 / n
        names = {
            "owner": "业主" if zh else "owner",
            "investor": "投资方" if zh else "investor",
            "host": "用能方" if zh else "host",
        }
        for i, (p, cf) in enumerate(ev.cash.parties.items()):
            ax.bar(
                years + (i - (n - 1) / 2) * w,
                cf / 1e4,
                w,
                label=f"{names.get(p, p)} {'年净现金流' if zh else 'net cash flow'}",
                alpha=0.7,
            )
            ax.plot(
                years,
                np.cumsum(cf) / 1e4,
                marker="o",
                ms=3,
                label=f"{names.get(p, p)} {'累计' if zh else 'cumulative'}",
            )
        ax.axhline(0, color="black", lw=0.8)
        ax.set_xlabel("年" if zh else "year")
        ax.set_ylabel("万元" if zh else "10k CNY")
        ax.set_title(f"{ev.site.title} · 现金流" if zh else f"{ev.site.name}: cash flow")
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

    zh = lang == "zh"
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
    ws.append(["stream", "名称" if zh else "name", "optimal (元/yr)", "rule-based (元/yr)"])
    for k in STREAMS:
        ws.append([k, (STREAM_ZH if zh else STREAM_EN)[k], ev.revenue[k], ev.revenue_rule[k]])
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
