"""Pure functions of the opportunity index (gridatlas.model.opportunity)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gridatlas.model import opportunity as om

NAN = np.nan


def test_percentile_rank_reference() -> None:
    # hand-worked: sorted 1, 2, 2, 5 → ranks 0, 1.5, 1.5, 3 (ties share their mean) over n-1 = 3
    got = om.percentile_rank([5.0, 2.0, NAN, 1.0, 2.0])
    want = np.array([1.0, 0.5, NAN, 0.0, 0.5])
    # exact arithmetic on small rationals; 1e-12 only absorbs float division
    np.testing.assert_allclose(got, want, atol=1e-12)
    assert np.isnan(om.percentile_rank([NAN, NAN])).all()
    assert om.percentile_rank([NAN, 7.0])[1] == 0.5


def test_minmax_and_fixed_reference() -> None:
    np.testing.assert_allclose(om.minmax([2.0, 4.0, NAN, 3.0]), [0.0, 1.0, NAN, 0.5], atol=1e-12)
    np.testing.assert_allclose(om.minmax([3.0, 3.0]), [0.5, 0.5])
    # supply tightness scale of weights.yaml: lo = -0.10, hi = 0.15
    np.testing.assert_allclose(
        om.fixed_scale([-0.2, -0.1, 0.025, 0.15, 0.3], -0.10, 0.15),
        [0.0, 0.0, 0.5, 1.0, 1.0],
        atol=1e-12,
    )
    with pytest.raises(ValueError):
        om.fixed_scale([1.0], 1.0, 1.0)
    with pytest.raises(ValueError):
        om.normalise([1.0], "zscore")


def test_composite_renormalises_over_available_dimensions() -> None:
    # hand-worked example, weights 0.5 / 0.3 / 0.2:
    #   region A has all three: 0.5*1 + 0.3*0.5 + 0.2*0 = 0.65
    #   region B lacks dimension 2: (0.5*0 + 0.3*1) / (0.5 + 0.3) = 0.375  (not 0.3: no zero-fill)
    #   region C has nothing: NaN
    x = np.array([[1.0, 0.5, 0.0], [0.0, 1.0, NAN], [NAN, NAN, NAN]])
    w = np.array([0.5, 0.3, 0.2])
    np.testing.assert_allclose(om.composite(x, w), [0.65, 0.375, NAN], atol=1e-12)
    c = om.contributions(x, w)
    np.testing.assert_allclose(c[1], [0.0, 0.375, NAN], atol=1e-12)
    np.testing.assert_allclose(np.nansum(c[:2], axis=1), om.composite(x, w)[:2], atol=1e-12)


def test_ranks_descending_nan_last() -> None:
    assert om.ranks([0.2, NAN, 0.9, 0.5]).tolist() == [3, 4, 1, 2]
    assert om.ranks(np.array([[1.0, 2.0], [2.0, 1.0]])).tolist() == [[2, 1], [1, 2]]


def test_recency_weight_half_life() -> None:
    np.testing.assert_allclose(om.recency_weight([0.0, 1.0, 2.0, -0.5], 1.0), [1, 0.5, 0.25, 1])


def test_dirichlet_draws_centre_on_the_weights() -> None:
    rng = np.random.default_rng(1)
    w = np.array([0.25, 0.2, 0.15, 0.15, 0.1, 0.15])
    d = om.dirichlet_weights(w, 4000, 30.0, rng)
    np.testing.assert_allclose(d.sum(axis=1), 1.0, atol=1e-12)
    # mean of Dirichlet(a·w) is w; sd of a component ≈ sqrt(w(1-w)/(a+1)) ≈ 0.08, so
    # 4000 draws put the sample mean within ~0.004 (3 standard errors)
    np.testing.assert_allclose(d.mean(axis=0), w, atol=0.004)
    zero = om.dirichlet_weights(np.array([0.5, 0.0, 0.5]), 10, 30.0, rng)
    assert (zero[:, 1] == 0).all()
    u = om.uniform_weights(w, 100, 0.3, rng)
    np.testing.assert_allclose(u.sum(axis=1), 1.0, atol=1e-12)


def test_rank_stability_of_a_dominant_region() -> None:
    # region 0 is best on every dimension: it ranks 1 under any weights
    x = np.array([[1.0, 1.0, 1.0], [0.5, 0.2, 0.9], [0.4, 0.8, 0.1], [0.0, 0.0, 0.0]])
    w = np.array([0.4, 0.3, 0.3])
    draws = om.dirichlet_weights(w, 500, 5.0, np.random.default_rng(3))
    st_ = om.rank_stability(x, w, draws, top=2)
    assert st_.rank_min[0] == st_.rank_max[0] == 1
    assert st_.rank_min[3] == st_.rank_max[3] == 4
    assert st_.p_top[0] == 1.0 and st_.p_top[3] == 0.0
    assert st_.p_top.sum() == pytest.approx(2.0)  # exactly two regions in the top 2 per draw
    assert st_.draws == 500


scores_st = arrays(
    np.float64,
    st.tuples(st.integers(2, 12), st.just(4)),
    elements=st.one_of(st.floats(0, 1), st.just(np.nan)),
)
weights_st = arrays(np.float64, 4, elements=st.floats(0.01, 5))


@settings(max_examples=60, deadline=None)
@given(scores_st, weights_st)
def test_composite_invariants(x: np.ndarray, w: np.ndarray) -> None:
    s = om.composite(x, w)
    has = ~np.isnan(x).all(axis=1)
    # a weighted mean of [0, 1] scores stays in [0, 1]; all-missing rows stay missing
    assert np.isnan(s[~has]).all()
    assert ((s[has] >= -1e-12) & (s[has] <= 1 + 1e-12)).all()
    # contributions add up to the index
    np.testing.assert_allclose(np.nansum(om.contributions(x, w), axis=1)[has], s[has], atol=1e-9)
    # scaling all weights changes nothing
    np.testing.assert_allclose(om.composite(x, 3 * w), s, atol=1e-12)
    # ranks are a permutation of 1..n
    assert sorted(om.ranks(s).tolist()) == list(range(1, len(s) + 1))


@settings(max_examples=60, deadline=None)
@given(
    arrays(
        np.float64, st.integers(1, 15), elements=st.one_of(st.floats(-1e6, 1e6), st.just(np.nan))
    )
)
def test_normalisations_keep_order_and_missing(v: np.ndarray) -> None:
    for method in ("rank", "minmax"):
        n = om.normalise(v, method)
        assert (np.isnan(n) == np.isnan(v)).all()
        ok = ~np.isnan(v)
        assert ((n[ok] >= 0) & (n[ok] <= 1)).all()
        # monotone: a larger raw value never gets a smaller score
        order = np.argsort(v[ok], kind="stable")
        assert (np.diff(n[ok][order]) >= -1e-12).all()
