"""The compiled Monte Carlo kernel: its generator, its statistics, and agreement with NumPy.

The kernel draws different random numbers from the NumPy path (counter-based
SplitMix64 + ziggurat instead of PCG64), so the two agree in distribution,
not draw by draw. Every statistical check below uses fixed seeds, so it is
deterministic; its threshold says how unlikely a failure would be if the two
distributions were the same.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from gridatlas.app.cases import load_case
from gridatlas.model import margin_histogram as mh
from gridatlas.model import uncertainty_kernel as kernel
from gridatlas.model.uncertainty import MarginModel, simulate_margins
from gridatlas.runners import uncertainty as runner
from gridatlas.runners.uncertainty import margin_model, simulate

CASES = [("zhejiang", "extreme"), ("anhui", "extreme"), ("sichuan", "neutral")]


def _margins(model: MarginModel, band: float, seed: int, first: int, n: int) -> np.ndarray:
    years = model.peak_fixed.shape[0]
    hist = np.zeros((years, mh.BINS + 2), dtype=np.int64)
    acc = kernel.new_accumulator(years)
    out = np.empty((n, years))
    kernel.run(model, band, seed, first, n, hist, acc, mh.LOW, mh.BIN_WIDTH, out)
    return out


def test_ziggurat_tables_match_the_published_constants():
    width, accept, height, r = kernel.ziggurat_tables()
    # Marsaglia & Tsang (2000), 256 layers: r = 3.6541528853610088, v = 4.92867323399e-3.
    # Our bisection derives r independently; 1e-12 is far below any effect on samples.
    assert r == pytest.approx(3.6541528853610088, abs=1e-12)
    v = width[1] * (height[2] - height[1])  # area of layer 1
    assert v == pytest.approx(4.92867323399e-3, rel=1e-10)
    # widths shrink upwards; the top layer (x₂₅₆ = 0) is never accepted on the fast path
    assert np.all(np.diff(width) < 0) and np.all((accept >= 0) & (accept < 1))
    assert accept[-1] == 0 and np.all(accept[:-1] > 0)


def test_normal_deviates_are_standard_normal():
    # A one-year projection with no supply noise: margin = 1/(1 + sd·z) − 1, so z can be
    # recovered exactly and compared with N(0, 1) itself, an analytic reference.
    sd = 0.01
    model = MarginModel(
        supply_low=np.ones(2),
        supply_high=np.ones(2),
        additions=np.zeros(2),
        peak_fixed=np.array([1.0, np.nan]),
        consumption_growth=np.zeros(2),
        ratio=np.ones(2),
        reference_ratio=None,
        growth_sd=sd,
        ratio_spread=0.0,
        slip_probability=0.0,
    )
    n = 400_000
    z = (1.0 / (_margins(model, 0.0, 11, 0, n)[:, 1] + 1.0) - 1.0) / sd
    # KS against the exact CDF; α = 1e-3 (one fixed-seed test). The tail beyond
    # r ≈ 3.65 (slow path) holds ≈ 0.026 % of draws: about 100 here.
    assert stats.kstest(z, "norm").pvalue > 1e-3
    tail = np.mean(np.abs(z) > 3.6541528853610088)
    expected = 2 * stats.norm.sf(3.6541528853610088)
    assert abs(tail - expected) < 4 * math.sqrt(expected / n)  # Poisson count, 4 SE
    assert abs(z.mean()) < 4 / math.sqrt(n) and abs(z.var() - 1) < 4 * math.sqrt(2 / n)


@pytest.mark.parametrize(("name", "weather"), CASES)
def test_kernel_margins_match_the_numpy_distribution(name, weather):
    # Two-sample Kolmogorov–Smirnov per year on 100 000 draws each. The threshold
    # α = 1e-3 per year (5 years × 3 cases, so < 2 % family-wise if equal) still
    # detects a CDF shift of ≈ 0.01, far smaller than any modelling error would cause.
    case = load_case(name)
    model = margin_model(case, weather)
    n = 100_000
    ours = _margins(model, case.band_min, 5, 0, n)
    ref = simulate_margins(model, n, np.random.default_rng(5))
    for t in range(ours.shape[1]):
        if np.ptp(ref[:, t]) == 0:  # a year without any noise (e.g. fixed peak and supply)
            # float64 kernel vs float32 NumPy path: equal to float32 resolution
            np.testing.assert_allclose(ours[:, t], ref[:, t], rtol=2e-7, atol=1e-7)
        else:
            assert stats.ks_2samp(ours[:, t], ref[:, t]).pvalue > 1e-3, t


@pytest.mark.parametrize(("name", "weather"), CASES)
def test_simulate_statistics_agree_between_engines(name, weather):
    # Means: |Δ| < 4 combined standard errors. Quantiles, distribution-free: the
    # kernel's p-quantile lies between the NumPy sample's quantiles at
    # p ± 4·√(2p(1−p)/n) (two independent samples of n), widened by the bin width.
    # Probabilities: |Δ| < 4 combined binomial standard errors (+1/n for ties at 0/1).
    case = load_case(name)
    n = 200_000
    a = simulate(case, weather, draws=n, seed=21, engine="kernel")
    b = simulate(case, weather, draws=n, seed=21, engine="numpy")
    assert a.engine == "kernel" and b.engine == "numpy"
    margins = simulate_margins(margin_model(case, weather), n, np.random.default_rng(21))
    sd = margins.std(axis=0)
    assert np.all(np.abs(a.mean - b.mean) < 4 * sd * math.sqrt(2 / n))
    for p in runner.QUANTILES:
        k = 4 * math.sqrt(2 * p * (1 - p) / n)
        lo = np.quantile(margins, max(p - k, 0), axis=0) - a.quantile_error
        hi = np.quantile(margins, min(p + k, 1), axis=0) + a.quantile_error
        assert np.all((a.quantiles[p] >= lo) & (a.quantiles[p] <= hi)), p
    for pa, pb in ((a.p_below_band, b.p_below_band), (a.p_deficit, b.p_deficit)):
        se = np.sqrt(2 * pb * (1 - pb) / n)
        assert np.all(np.abs(pa - pb) <= 4 * se + 1 / n)


def test_draws_depend_on_seed_and_index_only():
    case = load_case("zhejiang")
    model = margin_model(case, "extreme")
    whole = _margins(model, case.band_min, 9, 0, 3000)
    parts = np.concatenate(
        [_margins(model, case.band_min, 9, a, b - a) for a, b in ((0, 1), (1, 513), (513, 3000))]
    )
    np.testing.assert_array_equal(whole, parts)
    assert not np.array_equal(whole, _margins(model, case.band_min, 10, 0, 3000))


def test_results_do_not_depend_on_chunk_size():
    case = load_case("anhui")
    runs = [
        simulate(case, "extreme", draws=70_001, seed=4, engine="kernel", chunk=c)
        for c in (1_000, 4_097, 65_536, 1 << 20)
    ]
    first = runs[0]
    for other in runs[1:]:
        np.testing.assert_array_equal(other.mean, first.mean)
        np.testing.assert_array_equal(other.p_below_band, first.p_below_band)
        np.testing.assert_array_equal(other.p_deficit, first.p_deficit)
        for q in runner.QUANTILES:
            np.testing.assert_array_equal(other.quantiles[q], first.quantiles[q])


@pytest.mark.parametrize("n", [1, 2, 7, 1000, 65_537])
def test_histogram_quantiles_within_one_bin_of_numpy(n):
    case = load_case("zhejiang")
    model = margin_model(case, "extreme")
    years = len(case.years)
    hist = np.zeros((years, mh.BINS + 2), dtype=np.int64)
    acc = kernel.new_accumulator(years)
    out = np.empty((n, years))
    sums = kernel.run(model, case.band_min, 3, 0, n, hist, acc, mh.LOW, mh.BIN_WIDTH, out)
    vmin = acc[:, kernel.ACC_MIN] / kernel.FIXED_SCALE
    vmax = acc[:, kernel.ACC_MAX] / kernel.FIXED_SCALE
    probabilities = (0.0, 0.05, 0.5, 0.95, 1.0)
    exact = np.quantile(out, probabilities, axis=0)
    for t in range(years):
        got = mh.quantiles(hist[t], probabilities, mh.LOW, mh.BIN_WIDTH, vmin[t], vmax[t])
        # the bound proved in model/margin_histogram.py: one bin + fixed-point resolution
        assert np.all(np.abs(got - exact[:, t]) <= mh.BIN_WIDTH + 2.0**-32 + 1e-15)
    # the fixed-point mean is exact to 2⁻³² p.u. per draw (floor rounding)
    mean = np.array([s / (n * kernel.FIXED_SCALE) for s in sums])
    assert np.all(np.abs(mean - out.mean(axis=0)) <= 2.0**-32 + 1e-12)
    np.testing.assert_array_equal(acc[:, kernel.ACC_BELOW_BAND], (out < case.band_min).sum(0))
    np.testing.assert_array_equal(acc[:, kernel.ACC_DEFICIT], (out < 0).sum(0))


def test_quantiles_outside_the_bins_trigger_a_wider_second_pass():
    # Supply ten times the peak: margins ≈ 9 p.u., beyond the [−1, 3) bins.
    years = 3
    model = MarginModel(
        supply_low=np.full(years, 9.0),
        supply_high=np.full(years, 11.0),
        additions=np.zeros(years),
        peak_fixed=np.array([1.0, np.nan, np.nan]),
        consumption_growth=np.full(years, 0.05),
        ratio=np.ones(years),
        reference_ratio=None,
        growth_sd=0.01,
        ratio_spread=0.1,
        slip_probability=0.0,
    )
    n = 5000
    out = _margins(model, 0.1, 2, 0, n)
    hist = np.zeros((years, mh.BINS + 2), dtype=np.int64)
    acc = kernel.new_accumulator(years)
    kernel.run(model, 0.1, 2, 0, n, hist, acc, mh.LOW, mh.BIN_WIDTH)
    assert np.all(hist[:, -1] == n)  # everything in the overflow column
    vmin = acc[:, kernel.ACC_MIN] / kernel.FIXED_SCALE
    vmax = acc[:, kernel.ACC_MAX] / kernel.FIXED_SCALE
    assert np.isnan(mh.quantiles(hist[0], (0.5,), mh.LOW, mh.BIN_WIDTH, vmin[0], vmax[0])).all()
    # the runner's fallback: same draws, bins spanning [min, max]
    low = float(vmin.min())
    width = (float(vmax.max()) - low) / (mh.BINS - 2)
    hist2 = np.zeros_like(hist)
    kernel.run(model, 0.1, 2, 0, n, hist2, kernel.new_accumulator(years), low, width)
    for t in range(years):
        got = mh.quantiles(hist2[t], (0.05, 0.5, 0.95), low, width, vmin[t], vmax[t])
        exact = np.quantile(out[:, t], (0.05, 0.5, 0.95))
        assert np.all(np.abs(got - exact) <= width + 2.0**-32 + 1e-12)


def test_auto_engine_choice():
    case = load_case("anhui")
    years = len(case.years)
    assert runner._kernel_module("numpy", 10**12) is None
    assert runner._kernel_module("kernel", 1) is kernel
    assert runner._kernel_module("auto", runner.KERNEL_MIN_PROVINCE_YEARS) is kernel
    simulate(case, "neutral", draws=10, engine="kernel")  # compiled now
    assert kernel.is_compiled()
    assert simulate(case, "neutral", draws=10).engine == "kernel"
    assert simulate(case, "neutral", draws=10, engine="numpy").engine == "numpy"
    assert years * 10 < runner.KERNEL_MIN_PROVINCE_YEARS
