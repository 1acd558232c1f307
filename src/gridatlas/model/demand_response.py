"""Demand-response / VPP events and their compensation (需求响应, 虚拟电厂).

The orange book puts DR, ancillary services and VPPs in its second business
layer, 聚合与调节 (seed 000, every province's “经营层次” table), and reports
the provinces' VPP rules (e.g. 广东 2024.11: a VPP may trade as an independent
market entity). Compensation in China is paid in several units; all are
converted to 元 per year here:

=====================  ==============================================
``yuan_per_kwh``       price × committed_kw × duration_h × events
``yuan_per_kw_event``  price × committed_kw × events
``yuan_per_kw_month``  price × committed_kw × enrolled_months
``yuan_per_mwh``       price / 1000 × committed_kw × duration_h × events
=====================  ==============================================

Response is counted at the committed kW (the dispatch guarantees it); extra
response is not paid.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from gridatlas.model.tariff import Calendar, FloatArray


def compensation(
    unit: str,
    price: float,
    committed_kw: float,
    events: int,
    duration_h: float,
    enrolled_months: int = 12,
) -> float:
    """Yearly DR compensation. [元/yr]

    Parameters
    ----------
    unit : {"yuan_per_kwh", "yuan_per_kw_event", "yuan_per_kw_month", "yuan_per_mwh"}
    price : float
        In ``unit``.
    committed_kw : float
        [kW]
    events : int
        Events per year.
    duration_h : float
        Hours per event. [h]
    enrolled_months : int
        Months the capacity payment is made (``yuan_per_kw_month`` only).
    """
    if unit == "yuan_per_kwh":
        return price * committed_kw * duration_h * events
    if unit == "yuan_per_kw_event":
        return price * committed_kw * events
    if unit == "yuan_per_kw_month":
        return price * committed_kw * enrolled_months
    if unit == "yuan_per_mwh":
        return price / 1000.0 * committed_kw * duration_h * events
    raise ValueError(f"unknown compensation unit {unit!r}")


def peak_days(
    net_load: FloatArray,
    cal: Calendar,
    months: list[int],
    count: int,
    rest_days: npt.NDArray[np.bool_] | None = None,
) -> npt.NDArray[np.int64]:
    """The ``count`` days (index 0..364) with the highest net-load peak in ``months``.

    Grid operators call DR on the tightest days; without a dispatch record the
    site's own highest-load working days in the event months stand in for them.
    Rest days (weekends, holidays) are skipped when ``rest_days`` is given.
    """
    days = cal.days
    daily_max = net_load.reshape(days, 24).max(axis=1)
    month_of_day = cal.month.reshape(days, 24)[:, 0] + 1
    ok = np.isin(month_of_day, months)
    if rest_days is not None:
        ok &= ~rest_days
    candidates = np.flatnonzero(ok)
    order = candidates[np.argsort(-daily_max[candidates], kind="stable")]
    return np.sort(order[:count])


def event_mask(
    days: npt.NDArray[np.int64], start_hour: int, duration_h: int, hours: int = 8760
) -> npt.NDArray[np.bool_]:
    """Hours of the year inside an event (``start_hour`` .. ``start_hour + duration_h``)."""
    mask = np.zeros(hours, dtype=bool)
    for d in days:
        a = int(d) * 24 + start_hour
        mask[a : min(a + duration_h, hours)] = True
    return mask
