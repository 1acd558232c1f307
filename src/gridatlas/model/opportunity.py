"""Pure functions of the smart-microgrid opportunity index (a weighted-sum multi-criteria index).

The index follows the usual composite-indicator recipe (OECD/JRC *Handbook on
Constructing Composite Indicators*, 2008: normalise, weight, aggregate, then test
the weights' influence): every dimension's raw value is mapped to a 0-1 score
over the provinces, and a province's index is the weighted mean of the scores
it has. A missing score (NaN) is left out and the remaining weights are rescaled
to sum to 1 — never filled in. Weight uncertainty is explored by drawing weight
vectors around the chosen ones (Dirichlet or uniform ±spread) and ranking again.

All arrays are float64; NaN marks a missing value. Scores are dimensionless
[p.u.]; :func:`composite` returns index values in the same [p.u.] unit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from gridatlas.core.types import FloatArray


def percentile_rank(values: npt.ArrayLike) -> FloatArray:
    """Percentile rank ``(rank - 1) / (n - 1)`` of each non-NaN value, ties sharing their mean rank.

    Parameters
    ----------
    values : array
        Raw values; NaN = missing. [any unit]

    Returns
    -------
    array
        0 for the smallest, 1 for the largest, NaN where the input is NaN;
        0.5 everywhere when fewer than two values are present. [p.u.]
    """
    x = np.asarray(values, dtype=float)
    out = np.full_like(x, np.nan)
    ok = ~np.isnan(x)
    n = int(ok.sum())
    if n == 0:
        return out
    if n == 1:
        out[ok] = 0.5
        return out
    v = x[ok]
    order = np.argsort(v, kind="stable")
    ranks = np.empty(n)
    ranks[order] = np.arange(n, dtype=float)
    # ties: the mean of the ranks they occupy
    _, inverse = np.unique(v, return_inverse=True)
    mean_rank = np.bincount(inverse, weights=ranks) / np.bincount(inverse)
    out[ok] = mean_rank[inverse] / (n - 1)
    return out


def minmax(values: npt.ArrayLike) -> FloatArray:
    """``(x - min) / (max - min)`` over the non-NaN values; 0.5 when they are all equal. [p.u.]"""
    x = np.asarray(values, dtype=float)
    out = np.full_like(x, np.nan)
    ok = ~np.isnan(x)
    if not ok.any():
        return out
    lo, hi = float(x[ok].min()), float(x[ok].max())
    out[ok] = 0.5 if hi == lo else (x[ok] - lo) / (hi - lo)
    return out


def fixed_scale(values: npt.ArrayLike, lo: float, hi: float) -> FloatArray:
    """``(x - lo) / (hi - lo)`` clipped to [0, 1], with stated bounds ``lo < hi``. [p.u.]"""
    if not hi > lo:
        raise ValueError("fixed_scale needs lo < hi")
    x = np.asarray(values, dtype=float)
    return np.clip((x - lo) / (hi - lo), 0.0, 1.0)


def normalise(
    values: npt.ArrayLike, method: str, lo: float | None = None, hi: float | None = None
) -> FloatArray:
    """Normalise raw values by ``method``: ``rank``, ``minmax`` or ``fixed`` (needs ``lo``, ``hi``)."""
    if method == "rank":
        return percentile_rank(values)
    if method == "minmax":
        return minmax(values)
    if method == "fixed":
        if lo is None or hi is None:
            raise ValueError("fixed normalisation needs lo and hi")
        return fixed_scale(values, lo, hi)
    raise ValueError(f"unknown normalisation {method!r}")


def recency_weight(age_years: npt.ArrayLike, half_life_years: float) -> FloatArray:
    """Weight ``0.5 ** (age / half_life)`` of an event ``age`` years before the as-of date.

    Negative ages (dated after the as-of month) count as 0: weight 1. [p.u.]
    """
    age = np.maximum(np.asarray(age_years, dtype=float), 0.0)
    return np.asarray(0.5 ** (age / half_life_years), dtype=float)


def composite(scores: npt.ArrayLike, weights: npt.ArrayLike) -> FloatArray:
    """Weighted mean of each row's available scores, for one or many weight vectors.

    Parameters
    ----------
    scores : array (n, d)
        Normalised scores of n regions on d dimensions; NaN = missing. [p.u.]
    weights : array (d,) or (k, d)
        Non-negative weights; each vector is rescaled over the dimensions a
        region has. [p.u.]

    Returns
    -------
    array (n,) or (k, n)
        Index value per region (per weight vector); NaN where a region has no
        score at all or no positive weight on the scores it has. [p.u.]
    """
    x = np.asarray(scores, dtype=float)
    w = np.asarray(weights, dtype=float)
    have = ~np.isnan(x)
    filled = np.where(have, x, 0.0)
    num = w @ filled.T
    den = w @ have.T.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def contributions(scores: npt.ArrayLike, weights: npt.ArrayLike) -> FloatArray:
    """Each dimension's share of each region's index: ``w_j x_ij / sum_{j available} w_j``.

    Rows sum to :func:`composite`; missing scores contribute NaN. Shapes as
    ``scores`` (n, d) with ``weights`` (d,). [p.u.]
    """
    x = np.asarray(scores, dtype=float)
    w = np.asarray(weights, dtype=float)
    have = ~np.isnan(x)
    den = have.astype(float) @ w
    with np.errstate(invalid="ignore", divide="ignore"):
        out = x * w / np.where(den > 0, den, np.nan)[:, None]
    return np.where(have, out, np.nan)


def ranks(values: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Rank 1 = highest along the last axis; NaN ranks last; ties keep row order."""
    v = np.asarray(values, dtype=float)
    key = np.where(np.isnan(v), -np.inf, v)
    order = np.argsort(-key, axis=-1, kind="stable")
    out = np.empty_like(order)
    np.put_along_axis(out, order, np.arange(1, v.shape[-1] + 1), axis=-1)
    return out


def dirichlet_weights(
    weights: npt.ArrayLike, draws: int, concentration: float, rng: np.random.Generator
) -> FloatArray:
    """``draws`` weight vectors ~ Dirichlet(concentration · w), mean w (w rescaled to sum 1).

    Dimensions with zero weight stay at zero. Larger ``concentration`` → draws
    closer to ``w``. Shape (draws, d). [p.u.]
    """
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    out = np.zeros((draws, w.size))
    pos = w > 0
    out[:, pos] = rng.dirichlet(concentration * w[pos], size=draws)
    return out


def uniform_weights(
    weights: npt.ArrayLike, draws: int, spread: float, rng: np.random.Generator
) -> FloatArray:
    """``draws`` weight vectors ``w · U(1 - spread, 1 + spread)``, rescaled to sum 1. Shape (draws, d). [p.u.]"""
    w = np.asarray(weights, dtype=float)
    out = w * rng.uniform(1.0 - spread, 1.0 + spread, size=(draws, w.size))
    return np.asarray(out / out.sum(axis=1, keepdims=True), dtype=float)


@dataclass(frozen=True)
class RankStability:
    """How each region's rank moves when the weights are perturbed (arrays over regions)."""

    base_rank: npt.NDArray[np.int64]
    rank_min: npt.NDArray[np.int64]
    rank_max: npt.NDArray[np.int64]
    rank_p05: FloatArray
    rank_p50: FloatArray
    rank_p95: FloatArray
    p_top: FloatArray
    top: int
    draws: int


def rank_stability(
    scores: npt.ArrayLike, weights: npt.ArrayLike, weight_draws: npt.ArrayLike, top: int = 10
) -> RankStability:
    """Rank range and probability of staying in the top ``top`` under perturbed weights.

    Parameters
    ----------
    scores : array (n, d)
        Normalised scores; NaN = missing. [p.u.]
    weights : array (d,)
        The base weights. [p.u.]
    weight_draws : array (k, d)
        Perturbed weight vectors (:func:`dirichlet_weights`, :func:`uniform_weights`). [p.u.]
    top : int
        Size of the leading group whose membership probability is reported.

    Returns
    -------
    RankStability
        Base rank, min/max and 5/50/95th percentile rank over the draws, and
        the share of draws in which each region ranks ``<= top`` [p.u.].
    """
    base = ranks(composite(scores, weights))
    r = ranks(composite(scores, weight_draws))
    p05, p50, p95 = np.percentile(r, [5, 50, 95], axis=0)
    return RankStability(
        base_rank=base,
        rank_min=r.min(axis=0),
        rank_max=r.max(axis=0),
        rank_p05=p05,
        rank_p50=p50,
        rank_p95=p95,
        p_top=(r <= top).mean(axis=0),
        top=top,
        draws=r.shape[0],
    )
