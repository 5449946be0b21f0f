"""Tests of geo.planning.followup: a published plan against the visit logs."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.i18n import language
from geo.planning.followup import FOLLOWUP_COLUMNS, STATUS_DONE, plan_followup


@pytest.fixture
def plan() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-01", "2023-06-01", "2023-06-02", "2023-06-05"]),
            "team": ["Tổ 1", "Tổ 2", "Tổ 1", "Tổ 2"],
            "code": ["13291", "13540", "13291", "13540"],
            "window_start": ["18:10", "16:15", "18:10", "16:15"],
            "window_end": ["21:20", "19:15", "21:20", "19:15"],
            "expected_activations": [30.0, 20.0, 25.0, 18.0],
        }
    )


@pytest.fixture
def logs() -> pd.DataFrame:
    """Tổ 1 did both evenings (two visits on the 1st), Tổ 2 went to 90001 instead."""
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-01", "2023-06-01", "2023-06-01", "2023-06-02"]),
            "team": ["Tổ 1", "Tổ 1", "Tổ 2", "Tổ 1"],
            "code": ["13291", "13291", "90001", "13291"],
            "place_type": ["household", "school", "household", "household"],
            "activated": pd.array([12, 8, 15, None], dtype="Int64"),
        }
    )


def test_followup_rows(plan, logs):
    f = plan_followup(plan, logs)
    r = f.rows
    assert list(r.columns) == FOLLOWUP_COLUMNS
    assert r["status"].tolist() == [
        "Đã thực hiện",
        "Tổ làm việc ở xã khác",
        "Đã thực hiện",
        "Chưa đến ngày",
    ]
    assert r["visits"].tolist() == [2, 0, 1, 0]
    assert r["activated"].tolist() == [20.0, 0.0, 0.0, 0.0]  # missing counts as 0
    assert r["elsewhere"].tolist() == ["", "90001", "", ""]
    assert r["honoured"].tolist()[:3] == [True, False, True] and pd.isna(r["honoured"][3])


def test_followup_summary(plan, logs):
    f = plan_followup(plan, logs)
    assert f.as_of == date(2023, 6, 2)  # the latest visit
    assert (f.due, f.honoured) == (3, 2)
    assert f.share == pytest.approx(2 / 3)
    assert f.expected == 75.0 and f.activated == 20.0


def test_followup_as_of_makes_later_assignments_due(plan, logs):
    f = plan_followup(plan, logs, as_of=date(2023, 6, 30))
    assert (f.due, f.honoured) == (4, 2) and f.share == 0.5
    assert f.rows["status"].tolist()[-1] == "Không có lượt làm việc"


def test_followup_without_visits_has_nothing_due(plan):
    f = plan_followup(plan, pd.DataFrame(columns=["date", "team", "code", "activated"]))
    assert (f.as_of, f.due, f.honoured, f.share) == (None, 0, 0, None)
    assert set(f.rows["status"]) == {"Chưa đến ngày"}


def test_followup_statuses_in_english(plan, logs):
    with language("en"):
        rows = plan_followup(plan, logs).rows
        later = plan_followup(plan, logs, as_of=date(2023, 6, 30)).rows
    assert rows["status"].tolist() == [
        "Done",
        "Team worked in another commune",
        "Done",
        "Not due yet",
    ]
    assert later["status"].tolist()[-1] == "No visit logged"
    assert STATUS_DONE == "Đã thực hiện"  # the constants stay catalog ids
