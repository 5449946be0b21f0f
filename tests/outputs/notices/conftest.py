"""Fixtures of the tests of geo.outputs.notices (schedule workbook, public notices)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest


@pytest.fixture
def schedule() -> pd.DataFrame:
    """Four team-evenings in three communes, unsorted; one team name looks like a formula."""
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-02", "2023-06-01", "2023-06-01", "2023-06-03"]),
            "team": ["Tổ 1", "Tổ 2", "Tổ 1", '=HYPERLINK("http://x")'],
            "code": ["13540", "13291", "13291", "90004"],
            "name": ["An Nội", "Lê Hồng Phong", "Lê Hồng Phong", "Thanh Sơn"],
            "window_start": ["16:15", "18:10", "18:10", "16:20"],
            "window_end": ["19:15", "21:20", "21:20", "19:10"],
            "travel_min": [15.0, 10.0, 10.0, 10.0],
            "expected_activations": [25.04, 30.46, 28.0, None],
            "reason": ["Còn 4.210 người chưa kích hoạt", "@lần 2", "-3 ngày", None],
        }
    )


#: The teams of :func:`fortnight`, based in Phủ Lý, Bình Lục and Kim Bảng (made up).
FORTNIGHT_TEAMS = pd.DataFrame(
    {
        "name": ["Tổ 1 (DEMO)", "Tổ 2 (DEMO)", "Tổ 3 (DEMO)"],
        "members": [3, 2, 4],
        "base_lat": [20.54, 20.49, 20.60],
        "base_lon": [105.91, 106.03, 105.92],
    }
)


@pytest.fixture(scope="session")
def fortnight(demo_communes) -> pd.DataFrame:
    """A 14-day schedule of three teams over the twelve demo communes, as the planner builds it
    (``geo.planning.build_schedule``, greedy: 42 team-evenings in 12 communes, 2 to 9 each)."""
    from geo import planning

    cand = demo_communes[["code", "name", "urban", "lat", "lon"]].copy()
    cand["gap"] = demo_communes["population_2019"].fillna(2500).astype(float) * 0.4
    cand["yield_rate"] = 2.0
    return planning.build_schedule(cand, FORTNIGHT_TEAMS, date(2023, 6, 1), 14, method="greedy")
