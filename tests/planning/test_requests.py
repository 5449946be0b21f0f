"""Ageing of home-visit requests (geo.planning.requests, issue 16): hand-worked days and flags."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.config import load_settings
from geo.planning.requests import (
    OVERDUE_DAYS,
    days_open,
    open_requests_by_commune,
    overdue,
    with_ageing,
)

TODAY = date(2023, 3, 16)


def requests() -> pd.DataFrame:
    """Five requests, recorded in the morning UTC (the same day in Vietnam):

    ==  =====  ======  ==========  ====================
    id  code   status  recorded    days open on 16/03
    ==  =====  ======  ==========  ====================
    1   13291  open    01/03       15 (overdue at 14)
    2   13291  open    02/03       14 (not overdue: not *more* than 14)
    3   13540  open    16/03       0
    4   13540  closed  01/02       (closed: never overdue)
    5   13291  open    10/03       6
    ==  =====  ======  ==========  ====================
    """
    return pd.DataFrame(
        {
            "id": [1, 2, 3, 4, 5],
            "code": ["13291", "13291", "13540", "13540", "13291"],
            "status": ["open", "open", "open", "closed", "open"],
            "recorded_at": pd.to_datetime(
                [
                    "2023-03-01 02:00",
                    "2023-03-02 02:00",
                    "2023-03-16 01:00",
                    "2023-02-01 02:00",
                    "2023-03-10 03:00",
                ]
            ),
            "resident": ["Bà Vân", "Ông Ba", "Chị Hoa", "Anh Tư", "Cụ Năm"],
        }
    )


def test_open_requests_by_commune_counts_and_ages():
    out = open_requests_by_commune(requests(), TODAY)
    assert out.to_dict("records") == [
        {"code": "13291", "open": 3, "oldest_days": 15},
        {"code": "13540", "open": 1, "oldest_days": 0},
    ]
    assert "resident" not in out.columns  # no personal data in the counts


def test_a_closed_commune_has_no_row():
    closed = requests().assign(status="closed")
    out = open_requests_by_commune(closed, TODAY)
    assert out.empty and list(out.columns) == ["code", "open", "oldest_days"]


@pytest.mark.parametrize(
    ("limit", "ids"),
    [(14, [1]), (13, [1, 2]), (15, []), (5, [1, 2, 5]), (0, [1, 2, 5])],
)
def test_overdue_is_open_and_more_than_the_limit(limit, ids):
    out = overdue(requests(), TODAY, limit_days=limit)
    assert out["id"].tolist() == ids  # oldest first
    assert out["days_open"].tolist() == [{1: 15, 2: 14, 5: 6}[i] for i in ids]


def test_the_default_limit_is_14_days_and_configurable():
    assert OVERDUE_DAYS == 14 == load_settings({}).request_overdue_days
    assert load_settings({"VNEID_REQUEST_OVERDUE_DAYS": "7"}).request_overdue_days == 7
    assert overdue(requests(), TODAY)["id"].tolist() == [1]


@pytest.mark.parametrize(
    ("utc", "days"),
    [
        ("2023-03-15 16:59", 1),  # 23:59 on 15/03 in Vietnam
        ("2023-03-15 17:00", 0),  # 00:00 on 16/03 in Vietnam: recorded today
        ("2023-03-16 12:00", 0),
        ("2023-03-17 02:00", 0),  # a clock ahead of today: never negative
        ("2023-02-14 03:00", 30),
    ],
)
def test_days_open_counts_vietnam_calendar_days(utc, days):
    frame = pd.DataFrame({"recorded_at": pd.to_datetime([utc])})
    assert days_open(frame, TODAY).tolist() == [days]


def test_with_ageing_flags_only_open_requests():
    out = with_ageing(requests(), TODAY).set_index("id")
    assert out["days_open"].to_dict() == {1: 15, 2: 14, 3: 0, 4: 43, 5: 6}
    assert out["overdue"].to_dict() == {1: True, 2: False, 3: False, 4: False, 5: False}
