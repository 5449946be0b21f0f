"""Tests of geo.planning.simulate: synthetic province, world dynamics by hand, baselines, determinism."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from geo.planning import planner
from geo.planning.simulate import (
    POLICIES,
    Province,
    SimConfig,
    plan_largest_gap,
    plan_random,
    plan_round_robin,
    simulate,
    synthetic_province,
)

MONDAY = date(2023, 4, 3)


@pytest.fixture(scope="module")
def province() -> Province:
    return synthetic_province(5, n_communes=20, n_teams=4, history_weeks=1)


def test_synthetic_province_shape() -> None:
    p = synthetic_province(1)
    assert len(p.communes) == 109 and len(p.teams) == 19
    assert p.communes["code"].is_unique
    assert p.communes["gap"].between(500, 12_000).all()
    assert (p.communes["activated"] + p.communes["gap"] == p.communes["eligible"]).all()
    assert p.communes["district_code"].nunique() == 6
    assert 0.1 < p.communes["urban"].mean() < 0.35
    assert p.teams["members"].between(2, 4).all()
    assert len(p.history) > 0 and p.history["date"].max() < pd.Timestamp(p.start)


def test_synthetic_province_is_deterministic() -> None:
    a, b = synthetic_province(3, 30, 6), synthetic_province(3, 30, 6)
    pd.testing.assert_frame_equal(a.communes, b.communes)
    pd.testing.assert_frame_equal(a.history, b.history)
    assert not a.communes.equals(synthetic_province(4, 30, 6).communes)


def _one_commune(gap: int, rate: float) -> Province:
    communes = pd.DataFrame(
        {
            "code": ["90001"],
            "name": ["Xã mẫu 1"],
            "district_code": ["351"],
            "district_name": ["Huyện Thanh Liêm"],
            "urban": [False],
            "lat": [20.50],
            "lon": [105.90],
            "eligible": [gap * 2],
            "activated": [gap],
            "gap": [gap],
            "true_rate": [rate],
        }
    )
    teams = pd.DataFrame(
        {"name": ["Tổ 1"], "members": [3], "base_lat": [20.50], "base_lon": [105.90]}
    )
    history = pd.DataFrame(
        columns=["date", "team", "code", "place_type", "start", "end", "activated"]
    )
    return Province(communes, teams, history, MONDAY)


def test_world_dynamics_by_hand() -> None:
    """Noise off: yield = rate × officer-hours × (g / g0)^alpha × exp(-recent / (share × g))."""
    prov = _one_commune(1000, 2.0)
    cfg = SimConfig(weeks=1, noise_sigma=0.0, days_off=(2, 3, 4, 5, 6))  # Monday, Tuesday
    res = simulate(prov, "greedy", seed=0, config=cfg)
    assert res.visits["activated"].tolist()[0] == round(2.0 * 3 * 3.5)  # 21, no travel
    g = 1000 - 21
    second = 2.0 * 3 * 3.5 * (g / 1000) * math.exp(-21 / (0.05 * g))
    assert res.visits["activated"].tolist() == [21, round(second)]
    assert res.total == 21 + round(second)
    assert res.weekly == (res.total,)


def test_gap_caps_the_world() -> None:
    prov = _one_commune(500, 50.0)
    cfg = SimConfig(weeks=1, noise_sigma=0.0, days_off=(1, 2, 3, 4, 5, 6))
    res = simulate(prov, "milp", seed=0, config=cfg)
    assert res.total == 500  # 50 × 10,5 = 525 capped by the gap


def test_simulation_is_deterministic(province: Province) -> None:
    cfg = SimConfig(weeks=2, time_limit=5)
    a = simulate(province, "milp", seed=7, config=cfg)
    b = simulate(province, "milp", seed=7, config=cfg)
    assert a.total == b.total and a.weekly == b.weekly
    pd.testing.assert_frame_equal(a.visits, b.visits)
    c = simulate(province, "random", seed=7, config=cfg)
    d = simulate(province, "random", seed=7, config=cfg)
    assert c.total == d.total


@pytest.mark.parametrize("policy", [plan_largest_gap, plan_round_robin, plan_random])
def test_baselines_respect_the_rules(province: Province, policy) -> None:
    c, t = province.communes, province.teams
    cands = c.assign(yield_rate=2.0, has_data=True)
    s = policy(cands, t, MONDAY, 7, (6,), np.random.default_rng(0))
    assert list(s.columns) == planner.SCHEDULE_COLUMNS
    assert len(s) > 0
    assert planner.check_schedule(s, cands, t, (6,)) == []


def test_largest_gap_goes_to_the_largest_gap_first(province: Province) -> None:
    c, t = province.communes, province.teams.iloc[:1]
    cands = c.assign(yield_rate=2.0, has_data=True)
    s = plan_largest_gap(cands, t, MONDAY, 1)
    assert (
        s["code"].iloc[0]
        == cands.sort_values(["gap", "code"], ascending=[False, True])["code"].iloc[0]
    )


def test_model_based_policies_beat_random(province: Province) -> None:
    """Noise off (mean dynamics): on 20 communes the per-visit noise would dominate."""
    cfg = SimConfig(weeks=2, time_limit=5, noise_sigma=0.0)
    totals = {name: simulate(province, name, seed=5, config=cfg).total for name in POLICIES}
    assert totals["milp"] > totals["random"]
    assert totals["greedy"] > totals["random"]
