"""Tests of geo.planning.schedule: schedule constraints, windows, MILP vs greedy, determinism."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo import planning
from tests.planning.cases import MONDAY, TODAY, cands, team_rows


@pytest.mark.parametrize("method", ["milp", "greedy"])
def test_schedule_respects_constraints(small_case, method) -> None:
    c, teams = small_case
    off = (6, date(2023, 4, 5))
    s = planning.build_schedule(c, teams, MONDAY, 7, off, method=method, time_limit=5)
    assert list(s.columns) == planning.SCHEDULE_COLUMNS
    assert len(s) > 0
    assert planning.check_schedule(s, c, teams, off) == []
    assert "90099" not in set(s["code"])  # 145 min each way: out of reach
    assert not s.duplicated(["date", "team"]).any()
    days = set(pd.to_datetime(s["date"]).dt.date)
    assert date(2023, 4, 5) not in days and date(2023, 4, 9) not in days  # Wed off, Sunday off
    per_evening = s.groupby(["date", "code"])["team"].nunique()
    # 90004 (gap 90 < 6 × 2,5 × 8 = 120) never has two teams on one evening
    assert per_evening.max() <= 2
    assert per_evening.xs("90004", level="code").max() <= 1 if "90004" in set(s.code) else True
    assert (s["usable_min"] >= 30).all()
    assert s["expected_activations"].sum() == pytest.approx(planning.evaluate_schedule(s, c))


def test_far_commune_is_infeasible_even_alone() -> None:
    c = cands([("90099", False, 12000.0, 21.170, 105.915, 3.0)])
    teams = team_rows([("Tổ 1", 3, 20.5411, 105.9134)])
    for method in ("milp", "greedy"):
        s = planning.build_schedule(c, teams, MONDAY, 3, method=method)
        assert s.empty


@pytest.mark.parametrize(("gap", "teams_there"), [(90.0, 1), (1000.0, 2)])
def test_two_teams_only_when_gap_allows(gap, teams_there) -> None:
    c = cands([("90001", False, gap, 20.50, 105.90, 2.0)])  # threshold 6 × 2 × 8 = 96
    teams = team_rows([("Tổ 1", 2, 20.50, 105.91), ("Tổ 2", 2, 20.51, 105.90)])
    for method in ("milp", "greedy"):
        s = planning.build_schedule(c, teams, MONDAY, 1, method=method)
        assert len(s) == teams_there, method


def test_windows_travel_and_expected_by_hand() -> None:
    c = cands([("90001", True, 1000.0, 20.50, 105.90, 2.0)])
    teams = team_rows([("Tổ 1", 2, 20.53, 105.90)])  # 3,32 km: 8,6 min -> 10 min
    s = planning.build_schedule(c, teams, MONDAY, 2, method="milp")
    assert s["window_start"].tolist() == ["18:10", "18:10"]
    assert s["window_end"].tolist() == ["21:20", "21:20"]
    assert s["travel_min"].tolist() == [10.0, 10.0]
    assert s["usable_min"].tolist() == [190.0, 190.0]
    h = 2 * 190 / 60  # 6,33 officer-hours, inside the first 8-hour block
    first = 2.0 * h
    second = 2.0 * (8 - h) + 2.0 * 0.7 * (2 * h - 8)
    assert s["expected_activations"].tolist() == pytest.approx([first, second])
    assert s["reason"].tolist() == [
        "Còn 1.000 người chưa kích hoạt",
        "Còn 1.000 người chưa kích hoạt; lần 2 trong kỳ",
    ]
    assert s["date"].dt.date.tolist() == [MONDAY, date(2023, 4, 4)]


def test_gap_caps_the_expectation() -> None:
    c = cands([("90001", True, 10.0, 20.50, 105.90, 2.0)])
    teams = team_rows([("Tổ 1", 4, 20.50, 105.90)])
    s = planning.build_schedule(c, teams, MONDAY, 3, method="milp")
    assert len(s) == 1  # a second evening adds nothing
    assert s["expected_activations"].iloc[0] == pytest.approx(10.0)


def test_milp_beats_myopic_greedy() -> None:
    """Tổ 1 (first in line) can reach X and Y, Tổ 2 only X; greedy sends Tổ 1 to X."""
    c = cands(
        [
            ("90001", False, 90.0, 20.50, 105.90, 2.1),  # X: a bit better for Tổ 1
            ("90002", False, 90.0, 20.50, 105.95, 2.0),  # Y: out of Tổ 2's reach
        ]
    )
    teams = team_rows([("Tổ 1", 2, 20.50, 105.92), ("Tổ 2", 2, 20.50, 105.60)])
    greedy = planning.build_schedule(c, teams, MONDAY, 1, method="greedy")
    milp = planning.build_schedule(c, teams, MONDAY, 1, method="milp")
    assert greedy[["team", "code"]].values.tolist() == [["Tổ 1", "90001"]]
    assert sorted(milp[["team", "code"]].values.tolist()) == [
        ["Tổ 1", "90002"],
        ["Tổ 2", "90001"],
    ]
    assert planning.evaluate_schedule(milp, c) > planning.evaluate_schedule(greedy, c) + 2


def test_milp_at_least_greedy_on_plan_value(small_case) -> None:
    c, teams = small_case
    g = planning.build_schedule(c, teams, MONDAY, 7, (6,), method="greedy")
    m = planning.build_schedule(c, teams, MONDAY, 7, (6,), method="milp", time_limit=5)
    assert planning.evaluate_schedule(m, c) >= planning.evaluate_schedule(g, c) - 1e-6
    assert m.attrs["solver"]["status"] == 0


def test_schedule_is_deterministic(small_case) -> None:
    c, teams = small_case
    a = planning.build_schedule(c, teams, MONDAY, 7, (6,), method="milp", time_limit=5)
    b = planning.build_schedule(c, teams, MONDAY, 7, (6,), method="milp", time_limit=5)
    pd.testing.assert_frame_equal(a, b)


def test_priority_output_feeds_schedule(metrics, communes, teams) -> None:
    scores = planning.priority_scores(metrics, communes, teams, today=TODAY)
    s = planning.build_schedule(scores, teams, date(2023, 6, 1), 3, method="milp", time_limit=5)
    assert len(s) == 6  # 2 teams × 3 evenings, plenty of gap
    assert "90005" not in set(s["code"])  # no data: never scheduled
    assert s["reason"].str.len().gt(0).all()
    assert planning.check_schedule(s, scores, teams) == []


def test_no_evening_left_gives_empty_schedule(small_case) -> None:
    c, teams = small_case
    s = planning.build_schedule(c, teams, MONDAY, 7, range(7))
    assert s.empty and list(s.columns) == planning.SCHEDULE_COLUMNS


def test_unknown_method() -> None:
    c = cands([("90001", True, 1000.0, 20.50, 105.90, 2.0)])
    teams = team_rows([("Tổ 1", 2, 20.53, 105.90)])
    with pytest.raises(ValueError, match="unknown method"):
        planning.build_schedule(c, teams, MONDAY, 2, method="best")  # type: ignore[arg-type]
