"""The array greedy of geo.planning._greedy gives the schedules of the scalar loop it replaced.

The reference is the loop of issue 10, kept verbatim in ``bench/bench_planner.py`` (the
benchmark times the two in one run). Equality is of the whole ``date, team, code`` frame: the
same team-evenings, in the same order.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.bench_planner import greedy_case, greedy_reference
from geo.demo import PILOT_END, ROLLOUT_END, build_demo
from geo.metrics import Filters, commune_metrics
from geo.places.registry import communes as registry
from geo.planning import learn_yield, priority_scores, with_recent_effort
from geo.planning import schedule as sched
from geo.planning._greedy import GreedyInput, greedy_picks
from geo.planning.params import DEFAULT_PARAMS, PlanParams, plan_dates
from tests.planning.cases import MONDAY, cands, team_rows


def _both(c: pd.DataFrame, t: pd.DataFrame, days: int, params: PlanParams = DEFAULT_PARAMS):
    pb = sched._problem(c, t, plan_dates(MONDAY, days), params)
    return greedy_reference(pb, params), sched._greedy(pb, params)


# Rates and gaps from short lists: equal gains are common, so the tie-breaks are exercised.
_commune = st.tuples(
    st.sampled_from([True, False]),
    st.sampled_from([10.0, 90.0, 400.0, 1000.0, 3000.0, 8000.0]) | st.floats(1, 12_000),
    st.floats(20.40, 20.70),
    st.floats(105.80, 106.10),
    st.sampled_from([1.8, 2.0, 2.5]) | st.floats(0.05, 5.0),
    st.sampled_from([0.0, 0.0, 3.3, 8.0, 17.1]) | st.floats(0, 60),
)
_team = st.tuples(st.integers(0, 5), st.floats(20.40, 20.70), st.floats(105.80, 106.10))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    communes=st.lists(_commune, min_size=1, max_size=12),
    teams=st.lists(_team, min_size=1, max_size=5),
    days=st.integers(1, 6),
    gap_scale=st.sampled_from([2000.0, None, 300.0]),
    repeat=st.sampled_from([0.7, 0.5, 1.0]),
)
def test_same_schedule_as_the_loop(communes, teams, days, gap_scale, repeat) -> None:
    rows = [(f"9{i:04d}", u, g, la, lo, r) for i, (u, g, la, lo, r, _) in enumerate(communes)]
    c = cands(rows).assign(recent_effort=[h for *_, h in communes])
    t = team_rows([(f"Tổ {i + 1}", m, la, lo) for i, (m, la, lo) in enumerate(teams)])
    params = PlanParams(repeat_factor=repeat, repeat_gap_scale=gap_scale)
    old, new = _both(c, t, days, params)
    pd.testing.assert_frame_equal(new, old)


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["90002", "90001"], ["90001", "90002"]),  # equal gain and travel: smaller code first
        (["10", "9"], ["10", "9"]),  # string order, as the loop compared them: "10" < "9"
    ],
)
def test_ties_go_to_the_smaller_code(codes, expected) -> None:
    c = cands([(code, True, 1000.0, 20.50, 105.90, 2.0) for code in codes])
    t = team_rows([("Tổ 1", 2, 20.53, 105.90)])  # same point, same travel to both
    old, new = _both(c, t, 2)
    assert new["code"].tolist() == old["code"].tolist() == expected


def test_equal_gains_go_to_the_shorter_travel() -> None:
    # both gaps are 10 people, less than one evening: both gains are exactly 10; 90002 is at the
    # base (5 min), 90001 3,3 km away (10 min), so 90002 comes first although its code is larger
    c = cands(
        [("90001", True, 10.0, 20.50, 105.90, 2.0), ("90002", True, 10.0, 20.53, 105.90, 2.0)]
    )
    t = team_rows([("Tổ 1", 2, 20.53, 105.90)])
    old, new = _both(c, t, 2)
    assert new["code"].tolist() == old["code"].tolist() == ["90002", "90001"]


def test_a_team_stays_home_when_nothing_is_left() -> None:
    c = cands([("90001", True, 10.0, 20.50, 105.90, 2.0)])  # 10 people: one evening takes all
    t = team_rows([("Tổ 1", 4, 20.50, 105.90)])
    old, new = _both(c, t, 3)
    assert len(new) == len(old) == 1


def test_picks_by_hand() -> None:
    """Two communes, one team of 6 officer-hours an evening: 2 is nearer, then 1, then 2 again.

    Evening 1: both gain 2 × 6 = 12, travel 5 < 10 -> 2. Evening 2: 1 gains 12, 2 gains
    2 × 2 + 0,7 × 2 × 4 = 9,6 -> 1. Evening 3: both gain 9,6 -> 2 (travel).
    """
    g = GreedyInput(
        feasible=np.array([[True, True]]),
        hours=np.array([[6.0, 6.0]]),
        travel=np.array([[10.0, 5.0]]),
        rate=np.array([2.0, 2.0]),
        gap=np.array([1000.0, 1000.0]),
        h0=np.zeros(2),
        cap=np.array([1, 1]),
        codes=["1", "2"],
    )
    days = [MONDAY + dt.timedelta(days=i) for i in range(3)]
    assert [j for _, _, j in greedy_picks(g, days, DEFAULT_PARAMS)] == [1, 0, 1]


@pytest.mark.parametrize(("n_communes", "n_teams", "days"), [(40, 6, 7), (150, 12, 10)])
def test_same_schedule_on_synthetic_provinces(n_communes, n_teams, days) -> None:
    c, t = greedy_case(3, n_communes, n_teams)
    old, new = _both(c, t, days)
    assert len(new) > 0
    pd.testing.assert_frame_equal(new, old)


@cache
def _demo_candidates(start: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Candidates as the planner page builds them from the demo campaign on ``start``."""
    communes = registry("approximate")
    demo = build_demo(communes)
    yesterday = start - dt.timedelta(days=1)

    def metrics(since: dt.date | None) -> pd.DataFrame:
        f = Filters(start=since, end=yesterday)
        return commune_metrics(communes, demo.targets, demo.visits, demo.teams, f, today=start)

    scores = priority_scores(
        metrics(None),
        communes[["code", "lat", "lon"]],
        demo.teams,
        today=start,
        yield_rates=learn_yield(demo.visits, communes, demo.teams),
    )
    return with_recent_effort(scores, metrics(start - dt.timedelta(days=7))), demo.teams


@pytest.mark.parametrize("start", [PILOT_END, dt.date(2023, 4, 17), ROLLOUT_END])
def test_same_schedule_on_the_demo(start) -> None:
    c, t = _demo_candidates(start)
    pb = sched._problem(c, t, plan_dates(start, 14, (6,)), DEFAULT_PARAMS)
    old, new = greedy_reference(pb), sched._greedy(pb, DEFAULT_PARAMS)
    assert len(new) > 100  # 19 teams, 12 evenings
    pd.testing.assert_frame_equal(new, old)
