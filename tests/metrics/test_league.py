"""Tests for geo.metrics.league: the district league of the progress fixture.

The fixture and its hand computation are in :mod:`tests.metrics.test_progress`.
"""

from __future__ import annotations

import pandas as pd
import pytest

from geo.i18n import _, language
from geo.metrics import progress
from tests.metrics.test_progress import PREVIOUS, make_metrics


@pytest.fixture
def metrics(communes) -> pd.DataFrame:
    """``commune_metrics`` for the period 01/03-14/03/2023."""
    return make_metrics(communes)


@pytest.fixture
def previous(communes) -> pd.DataFrame:
    """``commune_metrics`` one week earlier (07/03/2023)."""
    return make_metrics(communes, PREVIOUS)


def test_district_league(metrics, previous):
    t = progress.district_league(metrics, previous)
    assert list(t.columns) == progress.LEAGUE_COLUMNS
    assert t["district_code"].tolist() == ["347", "351", "350", "352", "353"]
    assert t["rank"].tolist() == [1, 2, 3, 4, 5]
    row = t.set_index("district_code")
    assert row.loc["351", "activated"] == 8000
    assert row.loc["351", "eligible"] == 11000
    assert row.loc["351", "quota_progress"] == pytest.approx(8000 / 8800)
    assert row.loc["351", "coverage"] == pytest.approx(8000 / 11000)
    assert row.loc["351", "communes_at_threshold"] == 2
    assert row.loc["350", "communes"] == 2
    assert row.loc["350", "communes_with_data"] == 1
    assert row.loc["347", "district_name"] == "Thành phố Phủ Lý"
    assert row["activated_change"].to_dict() == {
        "347": 200,
        "351": 200,
        "350": 0,
        "352": 100,
        "353": 0,
    }
    assert row.loc["347", "coverage_change"] == pytest.approx(0.02)


def test_district_league_without_previous_has_no_change(metrics):
    t = progress.district_league(metrics)
    assert t["activated_change"].isna().all()
    assert t["coverage_change"].isna().all()


def test_district_league_of_a_version_without_districts_is_empty(metrics):
    no_districts = metrics.assign(district_code=None, district_name=None)
    t = progress.district_league(no_districts)
    assert t.empty
    assert list(t.columns) == progress.LEAGUE_COLUMNS


def test_district_without_any_data_ranks_last(metrics):
    m = metrics.copy()
    lost = m["district_code"] == "347"
    for col in ("activated", "coverage", "gap", "quota_progress"):
        m.loc[lost, col] = pd.NA if col in ("activated", "gap") else float("nan")
    m.loc[lost, "has_data"] = False
    t = progress.district_league(m)
    assert t["district_code"].iloc[-1] == "347"
    assert pd.isna(t["quota_progress"].iloc[-1])


# --------------------------------------------------------------------------- display, languages


@pytest.fixture
def two_districts() -> pd.DataFrame:
    """Two league rows by hand: one with last week's change, one without (no snapshot)."""
    return pd.DataFrame(
        {
            "rank": [1, 2],
            "district_code": ["347", "352"],
            "district_name": ["Thành phố Phủ Lý", "Huyện Bình Lục"],
            "communes": [21, 17],
            "communes_with_data": [20, 17],
            "communes_at_threshold": [12, 0],
            "eligible": [70000, 4200],
            "quota": [56000, 3360],
            "activated": [52345, 1500],
            "coverage": [52345 / 70000, 1500 / 4200],
            "quota_progress": [52345 / 56000, 1500 / 3360],
            "gap": [17655, 2700],
            "activated_change": [1234.0, float("nan")],
            "coverage_change": [0.0176, float("nan")],
        }
    )


@pytest.mark.parametrize(
    ("lang", "headers", "rows"),
    [
        (
            "vi",
            [
                "Hạng",
                "Huyện, thị xã, thành phố",
                "Xã đạt ≥ 80 %",
                "Công dân đủ điều kiện",
                "Chỉ tiêu",
                "Đã kích hoạt",
                "Tỷ lệ kích hoạt",
                "Tiến độ chỉ tiêu",
                "Số người chưa kích hoạt",
                "Tăng so với tuần trước",
                "Tỷ lệ tăng (điểm %)",
            ],
            [
                [
                    "1",
                    "Thành phố Phủ Lý",
                    "12/20",
                    "70.000",
                    "56.000",
                    "52.345",
                    "74,8 %",
                    "93,5 %",
                    "17.655",
                    "+1.234",
                    "+1,8 điểm %",
                ],
                [
                    "2",
                    "Huyện Bình Lục",
                    "0/17",
                    "4.200",
                    "3.360",
                    "1.500",
                    "35,7 %",
                    "44,6 %",
                    "2.700",
                    "—",
                    "—",
                ],
            ],
        ),
        (
            "en",
            [
                "Rank",
                "District / town / city",
                "Communes ≥ 80%",
                "Eligible citizens",
                "Quota",
                "Activated",
                "Activation rate (coverage)",
                "Quota progress",
                "People not yet activated (gap)",
                "Change since last week",
                "Rate change (pp)",
            ],
            [
                [
                    "1",
                    "Thành phố Phủ Lý",
                    "12/20",
                    "70,000",
                    "56,000",
                    "52,345",
                    "74.8%",
                    "93.5%",
                    "17,655",
                    "+1,234",
                    "+1.8 pp",
                ],
                [
                    "2",
                    "Huyện Bình Lục",
                    "0/17",
                    "4,200",
                    "3,360",
                    "1,500",
                    "35.7%",
                    "44.6%",
                    "2,700",
                    "—",
                    "—",
                ],
            ],
        ),
    ],
)
def test_league_display_in_each_language(two_districts, lang, headers, rows):
    # 52.345 / 70.000 = 74,78 %; / 56.000 = 93,47 %; 1.500 / 4.200 = 35,71 %; / 3.360 = 44,64 %
    with language(lang):
        shown = progress.league_display(two_districts)
    assert shown.columns.tolist() == headers
    assert shown.values.tolist() == rows


def test_league_labels_stay_catalog_ids_in_english():
    with language("en"):
        assert progress.LEAGUE_LABELS["communes"] == "Số xã"
        assert _(progress.LEAGUE_LABELS["communes"]) == "Communes"
        assert _(progress.LEAGUE_LABELS["district_name"]) == "District / town / city"
    assert list(progress.LEAGUE_LABELS) == [
        "rank",
        "district_name",
        "communes",
        "communes_at_threshold",
        "eligible",
        "quota",
        "activated",
        "coverage",
        "quota_progress",
        "gap",
        "activated_change",
        "coverage_change",
    ]
