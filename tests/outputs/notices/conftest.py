"""Fixtures of the tests of geo.outputs.notices (schedule workbook, public notices)."""

from __future__ import annotations

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
