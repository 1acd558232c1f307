"""Adequacy engine identities, reproducibility, Dask and the NumPy cross-check."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridatlas.domain.power_system import PowerSystem, UnitClass
from gridatlas.model.smc_reference import simulate_reference
from gridatlas.runners.adequacy import (
    SYSTEM,
    Resource,
    capacity_credit,
    run,
    to_arrays,
    with_resource,
)
from gridatlas.sources.system_files import load_system


@pytest.fixture(scope="module")
def rts() -> PowerSystem:
    return load_system("ieee-rts79")


def test_same_seed_same_result_for_any_chunking(rts: PowerSystem) -> None:
    a = run(rts, samples=1_000, seed=5)
    b = run(rts, samples=1_000, seed=5, chunks=3)
    assert a.metrics == b.metrics
    assert np.array_equal(a.eue_month_hour[SYSTEM], b.eue_month_hour[SYSTEM])
    c = run(rts, samples=1_000, seed=6)
    assert c.metrics != a.metrics


def test_dask_scheduler_address_gives_the_serial_result(rts: PowerSystem) -> None:
    from dask.distributed import LocalCluster

    serial = run(rts, samples=600, seed=9)
    seen: list[int] = []
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
    ) as cluster:
        remote = run(
            rts,
            samples=600,
            seed=9,
            scheduler=cluster.scheduler_address,
            chunks=3,
            progress=lambda done, total: seen.append(done),
        )
    assert remote.metrics == serial.metrics
    assert seen[-1] == 600
    # the default Dask backend starts (and closes) its own local cluster
    local = run(rts, samples=600, seed=9, backend="dask", workers=1)
    assert local.metrics == serial.metrics


def test_peak_shaving_hydro_spends_its_budget_on_the_peaks() -> None:
    from gridatlas.model.energy_limited import peak_shave

    load = np.array([100.0, 300.0, 200.0, 400.0, 100.0, 100.0])
    out = peak_shave(load, capacity=150.0, period_hours=3, energy=np.array([150.0, 1000.0]))
    # period 1: budget 150 MWh shaves 300 and 200 down to a level of 175 (125 + 25 = 150)
    assert out[:3] == pytest.approx([0.0, 125.0, 25.0])
    # period 2: the budget exceeds capacity × hours, so the plant runs flat out
    assert out[3:] == pytest.approx([150.0, 150.0, 150.0])


def test_hydro_energy_budget_enters_the_simulation() -> None:
    base = {
        "name": "hydro",
        "hours": 4,
        "regions": [{"name": "A", "load_mw": [100.0, 150.0, 160.0, 100.0]}],
        "units": [{"name": "G", "region": "A", "capacity_mw": 120.0}],
    }
    dry = PowerSystem.model_validate(
        {
            **base,
            "hydro": [
                {
                    "name": "H",
                    "region": "A",
                    "capacity_mw": 50.0,
                    "period_hours": 4,
                    "energy_mwh": {"dry": [30.0], "wet": [80.0]},
                }
            ],
        }
    )
    # dry: 30 MWh against 30 + 40 MWh of shortfall leaves 40 MWh unserved; wet covers all 70
    assert run(dry, samples=2, seed=1, hydrology="dry").metrics[SYSTEM][
        "eue"
    ].value == pytest.approx(40.0)
    assert run(dry, samples=2, seed=1, hydrology="wet").metrics[SYSTEM][
        "eue"
    ].value == pytest.approx(0.0)


def test_zero_outage_rates_give_the_deterministic_answer() -> None:
    load = [90.0, 120.0, 130.0, 80.0, 125.0, 60.0]
    system = PowerSystem(
        name="flat",
        hours=6,
        regions=[{"name": "A", "load_mw": load}],
        units=[UnitClass(name="G", region="A", count=2, capacity_mw=60.0)],
    )
    res = run(system, samples=50, seed=1)
    m = res.metrics[SYSTEM]
    # 120 MW firm: hours 2 (130 MW) and 4 (125 MW) are short; hour 1 (120 MW) is just served
    assert m["lole"].value == 2 and m["lole"].stderr == 0
    assert m["eue"].value == pytest.approx(10 + 5) and m["eue"].stderr == 0
    assert m["lolf"].value == 2
    assert m["lold"].value == 1


@pytest.mark.parametrize(
    "extra",
    [
        UnitClass(name="firm", region="RTS", capacity_mw=50.0),
        UnitClass(
            name="peaker", region="RTS", capacity_mw=100.0, forced_outage_rate=0.1, mttr_h=50
        ),
        UnitClass(name="big", region="RTS", count=2, capacity_mw=400.0, mttf_h=1100, mttr_h=150),
    ],
    ids=["firm", "peaker", "big"],
)
def test_adding_capacity_never_raises_lole(rts: PowerSystem, extra: UnitClass) -> None:
    """With the same seed every existing unit keeps its outages, so shortfall can only shrink."""
    base = run(rts, samples=512, seed=3).metrics[SYSTEM]
    more = run(rts.model_copy(update={"units": [*rts.units, extra]}), samples=512, seed=3)
    added = more.metrics[SYSTEM]
    assert added["lole"].value <= base["lole"].value
    assert added["eue"].value <= base["eue"].value
    assert added["lole"].value < base["lole"].value  # and 50+ MW does help RTS-79


def test_firm_block_elcc_equals_its_size(rts: PowerSystem) -> None:
    cc = capacity_credit(rts, Resource("firm", 100.0, "RTS"), samples=512, seed=4, tolerance_mw=0.5)
    assert abs(cc.elcc_mw - 100.0) <= cc.tolerance_mw
    assert abs(cc.efc_mw - 100.0) <= cc.tolerance_mw


def test_thermal_and_storage_credit_are_below_nameplate(rts: PowerSystem) -> None:
    th = capacity_credit(
        rts,
        Resource("thermal", 100.0, "RTS", forced_outage_rate=0.1, mttr_h=50),
        samples=512,
        seed=4,
        metric="lole",
    )
    # a 10 % FOR unit carries less than its nameplate but much more than nothing
    assert 50.0 < th.elcc_mw < 100.0
    st = capacity_credit(rts, Resource("storage", 100.0, "RTS", hours=4.0), samples=256, seed=4)
    assert 0.0 < st.elcc_mw <= 100.0
    assert st.with_resource.value < st.base.value


def test_solar_needs_a_profile(rts: PowerSystem) -> None:
    from gridatlas.core.errors import InputError

    with pytest.raises(InputError, match="solar"):
        with_resource(rts, Resource("solar", 100.0, "RTS"))
    flat = [0.5] * rts.hours
    cc = capacity_credit(rts, Resource("solar", 100.0, "RTS", profile=flat), samples=256, seed=2)
    # a constant 50 MW is a firm 50 MW block
    assert abs(cc.efc_mw - 50.0) <= cc.tolerance_mw
    assert abs(cc.elcc_mw - 50.0) <= cc.tolerance_mw


def test_kernel_agrees_with_the_numpy_reference(rts: PowerSystem) -> None:
    """Two different samplers (event-by-event SplitMix vs hour-by-hour NumPy): agree within 3 combined SE."""
    arrays = to_arrays(rts)
    lol, eue = simulate_reference(
        arrays.load[0],
        np.zeros(rts.hours),
        arrays.unit_cap,
        arrays.unit_pf,
        arrays.unit_pr,
        samples=400,
        seed=8,
    )
    fast = run(rts, samples=4_000, seed=8).metrics[SYSTEM]
    for est, ref in ((fast["lole"], lol), (fast["eue"], eue)):
        se = math.hypot(est.stderr, ref.std(ddof=1) / math.sqrt(ref.size))
        assert abs(est.value - ref.mean()) < 3 * se


@settings(max_examples=25, deadline=None)
@given(
    loads=st.lists(st.floats(50, 200), min_size=6, max_size=48),
    caps=st.lists(st.floats(10, 80), min_size=1, max_size=6),
    extra=st.floats(1, 100),
    extra_for=st.floats(0, 0.5),
    seed=st.integers(0, 2**31),
)
def test_lole_never_rises_with_added_capacity(loads, caps, extra, extra_for, seed) -> None:
    """Any small system: appending a unit (with or without outages) never raises LOLE or EUE for a seed."""
    units = [
        UnitClass(name=f"u{k}", region="A", capacity_mw=c, forced_outage_rate=0.1, mttr_h=5)
        for k, c in enumerate(caps)
    ]
    base = PowerSystem(
        name="p", hours=len(loads), regions=[{"name": "A", "load_mw": loads}], units=units
    )
    new = UnitClass(
        name="new", region="A", capacity_mw=extra, forced_outage_rate=extra_for, mttr_h=3
    )
    more = base.model_copy(update={"units": [*units, new]})
    a = run(base, samples=64, seed=seed).metrics[SYSTEM]
    b = run(more, samples=64, seed=seed).metrics[SYSTEM]
    assert b["lole"].value <= a["lole"].value
    assert b["eue"].value <= a["eue"].value + 1e-9


def test_event_durations_add_up_to_lolf_and_lole(rts: PowerSystem) -> None:
    res = run(rts, samples=1_000, seed=12)
    dur, se = res.durations[SYSTEM], res.durations_stderr[SYSTEM]
    m = res.metrics[SYSTEM]
    # events by duration sum to LOLF; duration × events sums to LOLE (no event is 48 h or longer here)
    assert dur.sum() == pytest.approx(m["lolf"].value)
    assert dur[-1] == 0
    assert (np.arange(1, dur.size + 1) * dur).sum() == pytest.approx(m["lole"].value)
    assert (se[dur > 0] > 0).all() and (se[dur == 0] == 0).all()
