"""Tests of geo.planning.edits: schedule rows from assignments, values, broken rules."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import planning
from tests.planning.cases import MONDAY, cands, team_rows


def test_recent_effort_lowers_the_expectation() -> None:
    c = cands([("90001", True, 1000.0, 20.50, 105.90, 2.0)]).assign(recent_effort=8.0)
    sched = pd.DataFrame({"code": ["90001"], "members": [2.0], "usable_min": [240.0]})
    assert planning.evaluate_schedule(sched, c) == pytest.approx(0.7 * 2.0 * 8)


def test_rows_of_unknown_or_unreachable_places(small_case) -> None:
    c, teams = small_case
    a = pd.DataFrame(
        {
            "date": [MONDAY] * 3,
            "team": ["Tổ 1", "Tổ 9", "Tổ 2"],
            "code": ["90099", "90001", "90001"],
        }
    )
    s = planning.schedule_from_assignments(a, c, teams).set_index("team")
    assert s.loc["Tổ 1", "reason"] == "quá xa trụ sở tổ, không đủ thời gian làm việc"
    assert s.loc["Tổ 1", "usable_min"] < 0 and pd.isna(s.loc["Tổ 1", "window_start"])
    assert s.loc["Tổ 9", "reason"] == "không có trong danh sách xã hoặc tổ"
    assert pd.isna(s.loc["Tổ 9", "members"]) and pd.isna(s.loc["Tổ 9", "expected_activations"])
    assert s.loc["Tổ 2", "expected_activations"] > 0


# --------------------------------------------------------------------------- check_schedule


def test_check_schedule_lists_violations(small_case) -> None:
    c, teams = small_case
    day = pd.Timestamp("2023-04-04")
    bad = pd.DataFrame(
        {
            "date": [day, day, day, day, pd.Timestamp("2023-04-09"), day],
            "team": ["Tổ 1", "Tổ 1", "Tổ 2", "Tổ 3", "Tổ 2", "Tổ 7"],
            "code": ["90004", "90001", "90004", "90099", "90003", "90003"],
        }
    )
    problems = planning.check_schedule(bad, c, teams, days_off=(6,))
    text = "\n".join(problems)
    assert (
        "Tổ 1 có 2 lịch trong ngày 04/04/2023 (90001, 90004); mỗi tổ chỉ một xã mỗi buổi"
        in problems
    )
    assert "Tổ 7 (04/04/2023): không có trong danh sách tổ" in problems
    assert "Ngày 09/04/2023 là ngày nghỉ nhưng Tổ 2 có lịch tại 90003" in problems
    assert "Tổ 3 không thể đến 90099 ngày 04/04/2023" in text
    assert (
        "90004 ngày 04/04/2023 có 2 tổ nhưng chỉ còn 90 người chưa kích hoạt "
        "(cần ít nhất 120 cho 2 tổ)" in problems
    )
    assert len(problems) == 5


def test_check_schedule_window_edit(small_case) -> None:
    c, teams = small_case
    s = planning.build_schedule(c, teams, MONDAY, 1, method="greedy")
    assert planning.check_schedule(s, c, teams) == []
    edited = s.copy()
    edited.loc[0, "window_start"] = "17:00"
    problems = planning.check_schedule(edited, c, teams)
    assert len(problems) == 1 and problems[0].startswith("Khung giờ 17:00-")


def test_check_schedule_three_teams() -> None:
    c = cands([("90001", False, 9000.0, 20.50, 105.90, 2.0)])
    teams = team_rows([(f"Tổ {i}", 2, 20.50, 105.90) for i in (1, 2, 3)])
    s = pd.DataFrame(
        {"date": [MONDAY] * 3, "team": ["Tổ 1", "Tổ 2", "Tổ 3"], "code": ["90001"] * 3}
    )
    assert planning.check_schedule(s, c, teams) == [
        "90001 ngày 03/04/2023 có 3 tổ; tối đa 2 tổ mỗi buổi"
    ]


def test_check_schedule_team_without_base() -> None:
    c = cands([("90001", False, 900.0, 20.50, 105.90, 2.0)])
    teams = team_rows([("Tổ 1", 2, None, None)])
    s = pd.DataFrame({"date": [MONDAY], "team": ["Tổ 1"], "code": ["90001"]})
    assert planning.check_schedule(s, c, teams) == [
        "Tổ 1 chưa có vị trí trụ sở, không tính được đường đi"
    ]
