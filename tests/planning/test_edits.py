"""Tests of geo.planning.edits: schedule rows from assignments, values, broken rules."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import planning
from geo.i18n import language
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


# --------------------------------------------------------------------------- English


def test_unknown_and_unreachable_reasons_in_english(small_case) -> None:
    c, teams = small_case
    a = pd.DataFrame({"date": [MONDAY] * 2, "team": ["Tổ 1", "Tổ 9"], "code": ["90099", "90001"]})
    with language("en"):
        s = planning.schedule_from_assignments(a, c, teams).set_index("team")
    assert s.loc["Tổ 1", "reason"] == "too far from the team's base to leave enough working time"
    assert s.loc["Tổ 9", "reason"] == "not in the list of communes or mobile teams"


def test_repeat_visit_reasons_in_english() -> None:
    c = cands([("90001", True, 1000.0, 20.50, 105.90, 2.0)])
    teams = team_rows([("Tổ 1", 2, 20.53, 105.90)])
    with language("en"):
        s = planning.build_schedule(c, teams, MONDAY, 2, method="milp")
    assert s["reason"].tolist() == [
        "1,000 people not yet activated",
        "1,000 people not yet activated; visit 2 in the period",
    ]


def test_check_schedule_lists_violations_in_english(small_case) -> None:
    c, teams = small_case
    day = pd.Timestamp("2023-04-04")
    bad = pd.DataFrame(
        {
            "date": [day, day, day, day, pd.Timestamp("2023-04-09"), day],
            "team": ["Tổ 1", "Tổ 1", "Tổ 2", "Tổ 3", "Tổ 2", "Tổ 7"],
            "code": ["90004", "90001", "90004", "90099", "90003", "90003"],
        }
    )
    with language("en"):
        problems = planning.check_schedule(bad, c, teams, days_off=(6,))
    far = [p for p in problems if p.startswith("Tổ 3 cannot go to 90099 on 04/04/2023: ")]
    assert len(far) == 1 and far[0].endswith(" minutes of work (minimum 30)")
    assert sorted(p for p in problems if p not in far) == sorted(
        [
            "Tổ 1 has 2 assignments on 04/04/2023 (90001, 90004); "
            "a mobile team goes to one commune per evening",
            "Tổ 7 (04/04/2023): not in the list of mobile teams",
            "09/04/2023 is a day off, but Tổ 2 is scheduled in 90003",
            "90004 has 2 mobile teams on 04/04/2023 but only 90 people not yet activated "
            "(at least 120 are needed for 2 teams)",
        ]
    )


def test_check_schedule_window_team_and_base_messages_in_english() -> None:
    c = cands([("90001", True, 1000.0, 20.50, 105.90, 2.0)])
    teams = team_rows([("Tổ 1", 2, 20.53, 105.90)])  # 10 min each way: 18:10-21:20
    s = planning.build_schedule(c, teams, MONDAY, 1, method="milp")
    edited = s.assign(window_start="17:00")
    three = pd.DataFrame(
        {"date": [MONDAY] * 3, "team": ["Tổ 1", "Tổ 2", "Tổ 3"], "code": ["90001"] * 3}
    )
    crowd = team_rows([(f"Tổ {i}", 2, 20.50, 105.90) for i in (1, 2, 3)])
    unbased = team_rows([("Tổ 1", 2, None, None)])
    with language("en"):
        window = planning.check_schedule(edited, c, teams)
        crowded = planning.check_schedule(three, c.assign(gap=9000.0), crowd)
        no_base = planning.check_schedule(three.iloc[:1], c, unbased)
    assert window == [
        "The time window 17:00-21:20 of Tổ 1 in 90001 on 03/04/2023 is not within 18:10-21:20 "
        "(the time window 18:00-21:30 minus 10 minutes of travel each way)"
    ]
    assert crowded == ["90001 has 3 mobile teams on 03/04/2023; at most 2 teams per evening"]
    assert no_base == ["Tổ 1 has no base location, so its travel time cannot be computed"]


def test_a_commune_without_data_in_english(small_case) -> None:
    c, teams = small_case
    s = pd.DataFrame({"date": [MONDAY], "team": ["Tổ 1"], "code": ["77777"]})
    with language("en"):
        problems = planning.check_schedule(s, c, teams)
    assert problems == [
        "77777 (03/04/2023): not among the communes to schedule "
        "(no data, or everyone is already activated)"
    ]
    assert planning.check_schedule(s, c, teams) == [
        "77777 (03/04/2023): không có trong danh sách xã được lập lịch "
        "(chưa có số liệu hoặc đã kích hoạt hết)"
    ]
