"""Tests for geo.metrics.league: the district league of the progress fixture.

The fixture and its hand computation are in :mod:`tests.metrics.test_progress`.
"""

from __future__ import annotations

import pandas as pd
import pytest

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
