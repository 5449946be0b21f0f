"""Tests of geo.planning.review: an edited schedule against the proposed one."""

from __future__ import annotations

from geo import planning
from tests.planning.cases import MONDAY


def test_unchanged_schedule_is_not_an_edit(small_case) -> None:
    c, teams = small_case
    proposed = planning.build_schedule(c, teams, MONDAY, 2, method="greedy")
    r = planning.review_edit(proposed, proposed[["date", "team", "code"]], c, teams)
    assert not r.edited and r.problems == []
    assert r.before == r.after == planning.evaluate_schedule(proposed, c)
    assert r.schedule["no"].tolist() == list(range(1, len(proposed) + 1))


def test_moved_team_is_an_edit_with_its_problem(small_case) -> None:
    c, teams = small_case
    proposed = planning.build_schedule(c, teams, MONDAY, 1, method="greedy")
    edited = proposed[["date", "team", "code"]].copy()
    edited.loc[0, "team"] = edited.loc[1, "team"]
    r = planning.review_edit(proposed, edited, c, teams)
    assert r.edited
    assert any("mỗi tổ chỉ một xã mỗi buổi" in p for p in r.problems)
    assert r.after == planning.evaluate_schedule(r.schedule, c)
