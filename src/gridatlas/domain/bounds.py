"""Physical bounds on what users may write, with the reason for each.

Values beyond these bounds are typing slips or junk (``1e308``), never data:
they are refused with an :class:`~gridatlas.core.errors.InputError` that states
the bound, so no overflow to ``inf`` can reach a result. Every bound is
deliberately generous (ten to a thousand times the largest real value) so
that no real input is refused.
"""

from __future__ import annotations

from typing import Final

# --- years
#: First and last calendar year any input may name. The oldest tracked units date from
#: the 1950s; plans and forecasts reach the late 2030s.
FIRST_YEAR: Final[int] = 1900
LAST_YEAR: Final[int] = 2100

# --- the balance case (province scale)
#: Largest capacity, link rating or peak load of one province. [MW] China's whole fleet
#: was about 2.9 million MW at the end of 2023 (CEC) and the world's about 9 million MW;
#: 100 million MW leaves room for scaled what-if cases while stopping overflow.
PROVINCE_MW_MAX: Final[float] = 1e8
#: Range of a yearly growth rate (consumption, GDP, peak load). [p.u./yr]
GROWTH_MIN: Final[float] = -0.5
GROWTH_MAX: Final[float] = 1.0
#: Largest magnitude of a dimensionless multiplier (elasticity, peak-to-consumption ratio). [p.u.]
RATIO_MAX: Final[float] = 10.0

# --- a pipeline unit
#: Largest nameplate capacity accepted for one unit. [MW] The largest coal units built are
#: about 1,350 MW and the largest thermal units of any kind about 1,750 MW; the bound leaves
#: room for a whole plant entered as one row.
UNIT_MW_MAX: Final[float] = 10_000.0

# --- a microgrid site (one connection point)
#: Largest power at one site: load, PV, battery, transformer, export limit. [kW]
#: The largest single-site loads (steel works, data-centre campuses) are about 1 million kW.
SITE_KW_MAX: Final[float] = 1e7
#: Largest battery energy at one site. [kWh]
SITE_KWH_MAX: Final[float] = 1e8
#: Largest yearly energy at one site: SITE_KW_MAX for all 8,760 hours. [kWh]
SITE_ANNUAL_KWH_MAX: Final[float] = SITE_KW_MAX * 8760
#: Largest energy price. [元/kWh] Chinese critical-peak prices are about 1.5–2 元/kWh.
PRICE_YUAN_PER_KWH_MAX: Final[float] = 100.0
#: Largest demand or capacity charge. [元/kW·月 or 元/kVA·月] Typical charges are 20–50.
CHARGE_YUAN_PER_KW_MONTH_MAX: Final[float] = 1_000.0
#: Largest specific investment. [元/kW or 元/kWh] PV costs about 3,000–4,000 元/kW and
#: battery storage about 1,000–2,000 元/kWh.
CAPEX_YUAN_PER_UNIT_MAX: Final[float] = 1e5
#: Largest specific yearly operating cost. [元/kW·yr or 元/kWh·yr]
OPEX_YUAN_PER_UNIT_MAX: Final[float] = 1e4
#: Largest lump sum (other investment, other yearly cost). [元] 100 亿元.
LUMP_YUAN_MAX: Final[float] = 1e10
#: Largest demand-response price in any of its units (元/kWh, 元/kW·event, 元/kW·月, 元/MWh).
DR_PRICE_MAX: Final[float] = 1e5
#: Largest roof area. [m²] 100 km².
ROOF_M2_MAX: Final[float] = 1e8
#: Largest roof area per kWp. [m²/kWp] About 5 is typical.
AREA_PER_KW_MAX: Final[float] = 1_000.0
#: Longest battery duration. [h]
DURATION_H_MAX: Final[float] = 1_000.0
#: Latest battery replacement, in years after commissioning. [yr]
REPLACEMENT_YEAR_MAX: Final[int] = 60


def within(low: float, high: float, unit: str) -> str:
    """Plain words for a closed range, e.g. ``a number from 0 to 10,000,000 MW``."""
    return f"a number from {low:,.10g} to {high:,.10g} {unit}".rstrip()
