"""Fixtures of the planning tests: commune metrics of the shared registry, teams, a small case."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo import planning
from tests.planning.cases import TODAY, cands, team_rows


@pytest.fixture
def metrics(communes: pd.DataFrame) -> pd.DataFrame:
    """commune_metrics-shaped rows for 5 communes of the shared fixture; Vĩnh Trụ has no data."""
    rows = [
        # code, eligible, activated, last_visit, team_activations, officer_hours
        ("13291", 10_000, 5_790, "2023-05-08", 0, 0.0),  # gap 4.210, 57,9 %, 23 days
        ("13540", 6_000, 5_400, "2023-05-26", 60, 20.0),  # gap 600, 90 %, 5 days
        ("90001", 8_000, 4_000, None, 0, 0.0),  # gap 4.000, 50 %, never visited
        ("90002", 5_000, 3_500, "2023-05-21", 0, 0.0),  # gap 1.500, 70 %, 10 days
        ("90005", None, None, None, 0, 0.0),  # no data
    ]
    df = pd.DataFrame(
        rows,
        columns=[
            "code",
            "eligible",
            "activated",
            "last_visit",
            "team_activations",
            "officer_hours",
        ],
    )
    reg = communes.set_index("code")
    df["name"] = df["code"].map(reg["name"])
    df["district_code"] = df["code"].map(reg["district_code"])
    df["district_name"] = df["code"].map(reg["district_name"])
    df["urban"] = df["code"].map(reg["urban"]).astype(bool)
    df["eligible"] = df["eligible"].astype("Int64")
    df["activated"] = df["activated"].astype("Int64")
    df["quota"] = (df["eligible"] * 0.8).round().astype("Int64")
    df["coverage"] = df["activated"] / df["eligible"]
    df["gap"] = df["eligible"] - df["activated"]
    df["quota_progress"] = df["activated"] / df["quota"]
    df["visits"] = [0, 3, 0, 1, 0]
    df["last_visit"] = pd.to_datetime(df["last_visit"])
    df["days_since_visit"] = (pd.Timestamp(TODAY) - df["last_visit"]).dt.days.astype("Int64")
    df["activations_per_officer_hour"] = df["team_activations"] / df["officer_hours"].replace(
        0, np.nan
    )
    df["has_data"] = df["eligible"].notna()
    return df


@pytest.fixture
def teams() -> pd.DataFrame:
    """Tổ 1 (2 officers) based in Lê Hồng Phong, Tổ 2 (4 officers) based in Thanh Hà."""
    return pd.DataFrame(
        {
            "name": ["Tổ 1", "Tổ 2"],
            "members": pd.array([2, 4], dtype="Int64"),
            "base_lat": [20.5370, 20.4480],
            "base_lon": [105.9180, 105.9250],
        }
    )


@pytest.fixture
def scores(metrics, communes, teams) -> pd.DataFrame:
    return planning.priority_scores(metrics, communes, teams, today=TODAY).set_index("code")


@pytest.fixture
def small_case() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Six communes around Phủ Lý (one 70 km away), three teams."""
    c = cands(
        [
            ("90001", True, 3000.0, 20.540, 105.915, 2.2),
            ("90002", False, 400.0, 20.500, 105.950, 1.8),
            ("90003", False, 5000.0, 20.580, 105.860, 2.0),
            ("90004", True, 90.0, 20.530, 105.930, 2.5),
            ("90005", False, 8000.0, 20.460, 105.990, 1.9),
            ("90099", False, 12000.0, 21.170, 105.915, 3.0),  # far away
        ]
    )
    t = team_rows(
        [
            ("Tổ 1", 3, 20.5411, 105.9134),
            ("Tổ 2", 2, 20.5411, 105.9134),
            ("Tổ 3", 4, 20.4900, 106.0000),
        ]
    )
    return c, t
