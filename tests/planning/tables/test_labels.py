"""Tests of geo.planning.tables.labels.place_labels: communes of the same name told apart."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.planning import tables
from geo.planning.tables import place_labels


def _communes(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["code", "name", "district_name"])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a unique name stays bare
        ([("1", "Lê Lợi", "Phủ Lý")], {"1": "Lê Lợi"}),
        # the same name in two districts: the district
        (
            [("1", "Trần Hưng Đạo", "Thành phố Phủ Lý"), ("2", "Trần Hưng Đạo", "Huyện Lý Nhân")],
            {"1": "Trần Hưng Đạo (Thành phố Phủ Lý)", "2": "Trần Hưng Đạo (Huyện Lý Nhân)"},
        ),
        # the same name in the same district: the code
        (
            [("7", "An Bình", "Kim Bảng"), ("8", "An Bình", "Kim Bảng")],
            {"7": "An Bình (7)", "8": "An Bình (8)"},
        ),
        # no district known (07/2025 boundaries): the code
        (
            [("7", "An Bình", None), ("8", "An Bình", None)],
            {"7": "An Bình (7)", "8": "An Bình (8)"},
        ),
        # three of a name, two in one district: district for the lone one, code for the pair
        (
            [("1", "Tân Sơn", "A"), ("2", "Tân Sơn", "A"), ("3", "Tân Sơn", "B")],
            {"1": "Tân Sơn (1)", "2": "Tân Sơn (2)", "3": "Tân Sơn (B)"},
        ),
        # a name that reads like another's label gets its code as well
        (
            [("1", "X", "Y"), ("2", "X", "Z"), ("3", "X (Y)", "Y")],
            {"1": "X (Y) (1)", "2": "X (Z)", "3": "X (Y) (3)"},
        ),
        # no name: the code
        ([("5", None, "A")], {"5": "5"}),
    ],
)
def test_place_labels(rows, expected):
    labels = place_labels(_communes(rows))
    assert labels == expected
    assert len(set(labels.values())) == len(labels)  # a label finds its commune again


def test_place_labels_without_district_column_and_numeric_codes():
    c = pd.DataFrame({"code": [13291, 13540], "name": ["Xã A", "Xã A"]})
    assert place_labels(c) == {"13291": "Xã A (13291)", "13540": "Xã A (13540)"}


def test_ranking_table_names_the_communes_with_the_labels():
    scores = pd.DataFrame(
        {
            "code": ["1", "2"],
            "rank": [1, 2],
            "band": [1, 3],
            "name": ["Trần Hưng Đạo", "Trần Hưng Đạo"],
            "district_name": ["Phủ Lý", "Lý Nhân"],
            "score": [0.9, 0.4],
            "reason": ["a", "b"],
            "gap_value": [1000, 200],
            "coverage": [0.5, 0.7],
            "shortfall_value": [0.3, 0.1],
            "staleness_value": [10, 3],
            "yield_value": [20, 10],
            "travel_value": [15.0, None],
            "home_requests_value": [1234, 0],
            "nearest_team": ["Tổ 1", "Tổ 2"],
        }
    )
    table = tables.ranking_table(scores, place_labels(scores))
    assert table["Xã, phường, thị trấn"].tolist() == [
        "Trần Hưng Đạo (Phủ Lý)",
        "Trần Hưng Đạo (Lý Nhân)",
    ]
    assert table["Yêu cầu hỗ trợ tại nhà đang mở"].tolist() == ["1.234", "0"]
    assert tables.ranking_table(scores)["Xã, phường, thị trấn"].tolist() == ["Trần Hưng Đạo"] * 2


def test_grid_and_followup_carry_the_labels():
    labels = {"1": "Trần Hưng Đạo (Phủ Lý)", "2": "Trần Hưng Đạo (Lý Nhân)"}
    s = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-01", "2023-06-01"]),
            "team": ["Tổ 1", "Tổ 2"],
            "code": ["1", "2"],
            "window_start": ["18:00", "16:00"],
            "window_end": ["21:30", "19:30"],
        }
    )
    grid = tables.schedule_grid(s, labels)
    assert grid.iloc[0].tolist() == [
        "Trần Hưng Đạo (Phủ Lý) 18:00-21:30",
        "Trần Hưng Đạo (Lý Nhân) 16:00-19:30",
    ]
