"""Hourly PV output per kWp from pvlib clear-sky irradiance, scaled to a stated yield.

The machine that runs gridatlas has no network, so no weather data (TMY,
satellite irradiance) can be fetched. The profile is built offline:

1. clear-sky GHI/DNI/DHI with pvlib's Ineichen–Perez model
   (``Location.get_clearsky``), using the Linke turbidity climatology that
   ships inside pvlib (``pvlib/data/LinkeTurbidities.h5``);
2. transposition to the module plane (isotropic sky,
   ``pvlib.irradiance.get_total_irradiance``);
3. optionally, a seeded day-by-day clearness factor drawn from a Beta(4, 1.8)
   distribution (mean ≈ 0.69), so that cloudy days exist and a battery sized on
   the profile does not see 365 identical sunny days. The seed is derived from
   the coordinates, so a site always gets the same profile;
4. scaling so that the year's output equals the stated annual specific yield
   [kWh/kWp] (the figure developers quote from PVsyst or local experience),
   then clipping at 1 kW/kWp (inverter limit).

Clear sky gives the right timing (sunrise, sunset, seasonal day length, noon
peak) for the latitude and longitude; the yield scaling gives the right energy.
What it cannot give is the real sequence of cloudy days; docs/microgrid.md says
what that means for the results.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from typing import Any

import numpy as np

from gridatlas.model.tariff import FloatArray

_TZ = "Asia/Shanghai"


@lru_cache(maxsize=64)
def _clearsky_poa(
    latitude: float, longitude: float, year: int, tilt: float, azimuth: float
) -> tuple[float, ...]:
    import pandas as pd
    import pvlib

    with warnings.catch_warnings():
        # pvlib 0.16 still calls pandas accessors that pandas 3 deprecates
        # (DatetimeIndex.dayofyear); the values are unaffected.
        warnings.filterwarnings("ignore", message=r".*is deprecated.*")
        return _poa(pvlib, pd, latitude, longitude, year, tilt, azimuth)


def _poa(
    pvlib: Any, pd: Any, latitude: float, longitude: float, year: int, tilt: float, azimuth: float
) -> tuple[float, ...]:
    loc = pvlib.location.Location(latitude, longitude, tz=_TZ)
    # irradiance at the middle of each hour represents the hour's mean
    times = pd.date_range(f"{year}-01-01 00:30", periods=8760, freq="h", tz=_TZ)
    solpos = loc.get_solarposition(times)
    cs = loc.get_clearsky(times, model="ineichen", solar_position=solpos)
    poa = pvlib.irradiance.get_total_irradiance(
        surface_tilt=tilt,
        surface_azimuth=azimuth,
        solar_zenith=solpos["apparent_zenith"],
        solar_azimuth=solpos["azimuth"],
        dni=cs["dni"],
        ghi=cs["ghi"],
        dhi=cs["dhi"],
        model="isotropic",
    )
    values = np.nan_to_num(poa["poa_global"].to_numpy(dtype=np.float64), nan=0.0)
    return tuple(np.clip(values, 0.0, None).tolist())


def clearsky_poa(
    latitude: float, longitude: float, year: int = 2025, tilt: float = 20.0, azimuth: float = 180.0
) -> FloatArray:
    """Clear-sky plane-of-array irradiance for each hour of a non-leap year. [W/m²]

    Parameters
    ----------
    latitude, longitude : float
        [°], north and east positive.
    year : int
    tilt : float
        Module tilt from horizontal. [°]
    azimuth : float
        Module azimuth, 180 = south. [°]
    """
    return np.array(
        _clearsky_poa(round(latitude, 3), round(longitude, 3), year, float(tilt), float(azimuth))
    )


def daily_clearness(latitude: float, longitude: float, days: int = 365) -> FloatArray:
    """Seeded clearness factor of each day, Beta(4, 1.8). [p.u.]"""
    seed = int(abs(round(latitude * 1000)) * 100_003 + abs(round(longitude * 1000)))
    rng = np.random.default_rng(seed)
    return np.asarray(rng.beta(4.0, 1.8, size=days))


def pv_per_kwp(
    latitude: float,
    longitude: float,
    specific_yield: float,
    year: int = 2025,
    tilt: float = 20.0,
    azimuth: float = 180.0,
    variability: bool = True,
) -> FloatArray:
    """Hourly AC output of 1 kWp. [kW/kWp]

    Parameters
    ----------
    specific_yield : float
        Annual output per kWp the profile is scaled to. [kWh/kWp]
    variability : bool
        Multiply each day by :func:`daily_clearness` before scaling.

    Returns
    -------
    array (8760,)
        Sums to ``specific_yield`` (unless clipping at 1 kW/kWp binds, which
        needs a yield above about 2,500 kWh/kWp). [kW/kWp]
    """
    poa = clearsky_poa(latitude, longitude, year, tilt, azimuth)
    if variability:
        poa = poa * np.repeat(daily_clearness(latitude, longitude), 24)
    total = poa.sum()
    if total <= 0:
        return np.zeros(8760)
    out = poa * (specific_yield / total)
    for _ in range(5):  # re-spread what clipping removes
        clipped = np.minimum(out, 1.0)
        short = specific_yield - clipped.sum()
        free = (clipped < 1.0) & (clipped > 0)
        if short <= 1e-9 or not free.any():
            out = clipped
            break
        out = clipped + free * clipped * short / clipped[free].sum()
    return np.asarray(np.minimum(out, 1.0))
