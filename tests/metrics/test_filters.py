"""Tests for geo.metrics.filters: what ``Filters`` restrict in ``commune_metrics``, and
``select_visits``, which keeps the visits by the same rules.

The fixture is described in :mod:`tests.metrics.coverage_fixture`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from geo.metrics import Filters, commune_metrics, select_visits
from geo.metrics.filters import district_choices, team_choices
from tests.metrics.coverage_fixture import (
    D,
    row_of,
)


def test_period_end_before_last_target_picks_earlier(communes, targets, visits, teams):
    m = commune_metrics(communes, targets, visits, teams, Filters(end=dt.date(2023, 3, 10)))
    r = row_of(m, "13291")
    assert (r["eligible"], r["official_activated"]) == (10000, 5000)
    assert r["activated"] == 5060
    assert r["coverage"] == pytest.approx(0.506)
    assert (r["visits"], r["team_activations"]) == (2, 100)


def test_team_filter_changes_visits_not_official(communes, targets, visits, teams, metrics):
    m = commune_metrics(communes, targets, visits, teams, Filters(end=D, teams=("Tổ 2",)))
    official = ["eligible", "quota", "activated", "coverage", "gap", "quota_progress", "has_data"]
    pd.testing.assert_frame_equal(m[official], metrics[official])
    assert row_of(m, "13291")[["visits", "team_activations"]].tolist() == [1, 120]
    assert row_of(m, "13540")[["visits", "team_activations"]].tolist() == [1, 35]
    assert row_of(m, "90001")["visits"] == 0
    assert row_of(m, "13291")["officer_hours"] == pytest.approx(6.0)


@pytest.mark.parametrize(
    ("filters", "expected_visits"),
    [
        (Filters(start=dt.date(2023, 3, 1), end=D), {"13291": 1, "13540": 1, "90002": 1}),
        (Filters(end=D, districts=("351",)), {"90001": 1, "90002": 1}),
        (Filters(end=D, place_types=("school", "agency")), {"13291": 1, "13540": 1}),
        (Filters(end=D, teams=["Tổ 3"], districts=["351"]), {"90001": 1, "90002": 1}),
        (Filters(end=D, teams=("Tổ 9",)), {}),
    ],
)
def test_visit_filters(communes, targets, visits, teams, metrics, filters, expected_visits):
    m = commune_metrics(communes, targets, visits, teams, filters)
    got = {c: int(v) for c, v in zip(m["code"], m["visits"], strict=True) if v}
    assert got == expected_visits
    pd.testing.assert_series_equal(m["activated"], metrics["activated"])


def test_end_defaults_to_today(communes, targets, visits, teams):
    m = commune_metrics(communes, targets, visits, teams, today=dt.date(2023, 4, 30))
    assert m.attrs["as_of"] == pd.Timestamp("2023-04-30")
    assert row_of(m, "90004")["coverage"] == pytest.approx(0.45)  # 900 / 2000
    assert row_of(m, "13540")["activated"] == 2090  # + the 05/04 visit
    assert row_of(m, "13291")["days_since_visit"] == 41


def test_filters_validation():
    with pytest.raises(ValueError, match="after"):
        Filters(start=dt.date(2023, 3, 2), end=dt.date(2023, 3, 1))
    assert hash(Filters(teams=["Tổ 1"])) == hash(Filters(teams=("Tổ 1",)))
    assert Filters(place_types="school").place_types == ("school",)


def test_start_after_today_rejected(communes, targets, visits):
    with pytest.raises(ValueError, match="after"):
        commune_metrics(
            communes, targets, visits, filters=Filters(start=D), today=dt.date(2023, 3, 1)
        )


@pytest.mark.parametrize(
    "filters",
    [
        Filters(end=D),
        Filters(start=dt.date(2023, 3, 1), end=D),
        Filters(end=D, teams=["Tổ 1"], place_types=["household"]),
        Filters(end=D, districts=["351", "347"]),
    ],
)
def test_select_visits_keeps_the_visits_commune_metrics_counts(
    communes, targets, visits, teams, filters
):
    kept = select_visits(visits, communes, filters)
    m = commune_metrics(communes, targets, visits, teams, filters)
    assert len(kept) == m["visits"].sum()
    assert kept["activated"].fillna(0).sum() == m["team_activations"].sum()
    assert "99999" not in set(kept["code"])  # outside the registry
    assert (kept["date"] <= pd.Timestamp(D)).all()


def test_period_end():
    assert Filters(end=D).period_end() == D
    assert Filters().period_end(today=D) == D
    with pytest.raises(ValueError, match="after the end of the period"):
        Filters(start=D).period_end(today=dt.date(2023, 3, 1))


def test_filter_choices(communes):
    assert district_choices(communes) == {
        "347": "Thành phố Phủ Lý",
        "352": "Huyện Bình Lục",
        "351": "Huyện Thanh Liêm",
        "350": "Huyện Kim Bảng",
        "353": "Huyện Lý Nhân",
    }
    assert district_choices(communes.assign(district_code=None)) == {}
    teams = pd.DataFrame({"name": ["Tổ 10", "Tổ CA", "Tổ 2", "Tổ 1"]})
    assert team_choices(teams) == ["Tổ 1", "Tổ 2", "Tổ 10", "Tổ CA"]
    assert team_choices(teams.iloc[:0]) == []
