"""Equivalent firm capacity of inter-provincial links (外来电等效容量).

Each function gives one link's contribution for one or more years. [MW]
The forms are the ones seed report 004 uses in tables 13, 22, 23, 33, 34, 39, 40:

* :func:`fleet_equivalent` – a line backed by a named sending-end fleet
  (吉泉, 陕北-安徽, 灵绍, 甘肃-浙江, 皖电东送, and the point-to-grid units or
  national-dispatch plants a province exports);
* :func:`hydro_link_equivalent` – a hydro DC line counted at a
  hydrology-dependent share of its rating (溪洛渡/白鹤滩-浙江, 上海"四直");
* :func:`contract_equivalent` – an AC interconnection or government agreement
  counted at a contracted fraction (浙北-福州 at 50%), also used for a maximum
  import capability (外电入川).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from gridatlas.model.adequacy import FloatArray, effective_capacity


def fleet_equivalent(
    fleet: Mapping[str, npt.ArrayLike],
    coefficients: Mapping[str, npt.ArrayLike],
    share: float = 1.0,
    rating: float | None = None,
) -> FloatArray:
    """Equivalent capacity of a link backed by a sending-end fleet.

    ``share × min(Σ_i fleet_i × α_i, rating)``

    Parameters
    ----------
    fleet : mapping of technology → array_like
        Sending-end supporting capacity by technology. [MW]
    coefficients : mapping of technology → array_like
        Effective-capacity coefficients for those technologies. [p.u.]
    share : float
        This province's share of the line's energy (吉泉: 安徽 50%, 浙江 25%). [p.u.]
    rating : float, optional
        Line rating that caps the fleet's firm output (灵绍 8000 MW). [MW]

    Notes
    -----
    Table 22 note: 吉泉 sending end 10×2×660 MW coal plus an assumed 10 GW of
    new energy (wind/solar 30/70), split 安徽:江苏:浙江 = 50:25:25. With 7
    plants in service at end-2023: (9240×0.9 + 3000×0.1 + 7000×0.2)×0.5 = 5008 MW,
    the table's 501 万千瓦.
    """
    firm = sum(
        (effective_capacity(fleet[t], coefficients[t]) for t in fleet),
        start=np.zeros(()),
    )
    firm = np.asarray(firm, dtype=float)
    if rating is not None:
        firm = np.minimum(firm, rating)
    return firm * share


def hydro_link_equivalent(rating: npt.ArrayLike, coefficient: npt.ArrayLike) -> FloatArray:
    """Hydro DC line: ``rating × coefficient(hydrology)``. [MW]

    Notes
    -----
    Table 33 counts 溪洛渡-浙江 and 白鹤滩-浙江 (8000 MW each) at 8000 MW in
    wet years and 2400 MW in dry years; table 39 counts Shanghai's four hydro
    DC lines at 8160 / 3060 MW (normal / dry), i.e. 80% / 30% of about 10.2 GW.
    """
    return np.asarray(rating, dtype=float) * np.asarray(coefficient, dtype=float)


def contract_equivalent(rating: npt.ArrayLike, fraction: npt.ArrayLike) -> FloatArray:
    """AC interconnection, government agreement or import capability. [MW]

    ``rating × fraction``; table 33 counts 浙北-福州 (6800 MW) at 50%.
    """
    return np.asarray(rating, dtype=float) * np.asarray(fraction, dtype=float)


def in_service(years: npt.ArrayLike, from_year: int | None, until_year: int | None) -> FloatArray:
    """1.0 for the years a link counts (from its commissioning year on), else 0.0."""
    y = np.asarray(years)
    on = np.ones(y.shape, dtype=float)
    if from_year is not None:
        on *= y >= from_year
    if until_year is not None:
        on *= y <= until_year
    return on
