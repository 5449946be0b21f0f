"""Tests for geo.metrics.commune: ``commune_metrics`` against hand-computed values.

The fixture (targets, visits, teams; D = 31/03/2023) is described in
:mod:`tests.metrics.coverage_fixture`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from geo.metrics import (
    METRIC_COLUMNS,
    Filters,
    classify,
    commune_metrics,
    rollup,
)
from geo.schema import VISIT_COLUMNS
from tests.metrics.coverage_fixture import (
    TARGET_ROWS,
    VISIT_ROWS,
    D,
    row_of,
    targets_frame,
    visits_frame,
)


def test_columns_and_order(metrics, communes):
    assert list(metrics["code"]) == list(communes["code"])
    assert list(metrics.columns) == [
        "code",
        "name",
        "full_name",
        "type",
        "district_code",
        "district_name",
        "urban",
        *METRIC_COLUMNS,
    ]
    assert str(metrics["activated"].dtype) == "Int64"
    assert metrics["has_data"].dtype == bool
    assert metrics.attrs["as_of"] == pd.Timestamp("2023-03-31")


def test_later_official_count_supersedes_visits(metrics):
    r = row_of(metrics, "13291")
    # 15/03 count 6100 already includes the visits of 13/02 and 20/02; only 20/03 is added
    assert r["eligible"] == 10200
    assert r["official_activated"] == 6100
    assert r["official_as_of"] == pd.Timestamp("2023-03-15")
    assert r["activated_since_official"] == 120
    assert r["activated"] == 6220
    assert r["coverage"] == pytest.approx(6220 / 10200)
    assert r["gap"] == 3980
    assert r["quota_progress"] == pytest.approx(6220 / 8000)
    assert (r["visits"], r["team_activations"]) == (3, 220)
    assert r["last_visit"] == pd.Timestamp("2023-03-20")
    assert r["days_since_visit"] == 11
    # 2x2 h + 2x3 h + 2x3 h
    assert r["officer_hours"] == pytest.approx(16.0)
    assert r["activations_per_officer_hour"] == pytest.approx(220 / 16)
    assert bool(r["has_data"]) is True


def test_baseline_plus_later_visits(metrics):
    r = row_of(metrics, "13540")
    # 2000 + 35 + 25; the 05/04 visit is after D
    assert r["activated"] == 2060
    assert r["coverage"] == pytest.approx(0.515)
    assert r["gap"] == 1940
    assert r["quota_progress"] == pytest.approx(2060 / 3000)
    assert (r["visits"], r["team_activations"], r["days_since_visit"]) == (2, 60, 30)
    # the agency visit has no times: out of both numerator and denominator
    assert r["officer_hours"] == pytest.approx(7.0)
    assert r["timed_activations"] == 35
    assert r["activations_per_officer_hour"] == pytest.approx(5.0)


def test_over_hundred_percent(metrics):
    r = row_of(metrics, "90001")
    assert r["activated"] == 750
    assert r["coverage"] == pytest.approx(750 / 720)
    assert r["gap"] == 0  # never negative
    assert r["quota_progress"] == pytest.approx(1.25)
    assert r["activations_per_officer_hour"] == pytest.approx(25.0)


@pytest.mark.parametrize(
    ("code", "activated"),
    [
        ("90002", 310),  # official count but no denominator
        ("90003", None),  # no target at all
        ("90004", None),  # target only after D
        ("90005", 0),  # eligible 0
        ("90006", None),  # eligible but no official count
    ],
)
def test_no_data_is_not_zero(metrics, code, activated):
    r = row_of(metrics, code)
    assert bool(r["has_data"]) is False
    assert np.isnan(r["coverage"])
    assert r["gap"] is pd.NA
    if activated is None:
        assert r["activated"] is pd.NA
        assert np.isnan(r["quota_progress"])
    else:
        assert r["activated"] == activated
    assert classify(pd.Series([r["coverage"]]), "coverage")["no_data"].item() is True


def test_no_visit_commune(metrics):
    r = row_of(metrics, "90003")
    assert (r["visits"], r["team_activations"], r["officer_hours"]) == (0, 0, 0.0)
    assert r["last_visit"] is pd.NaT and r["days_since_visit"] is pd.NA
    assert np.isnan(r["activations_per_officer_hour"])


def test_unknown_codes_reported(metrics):
    assert metrics.attrs["unknown_codes"] == {"99999": 1}
    assert metrics["team_activations"].sum() == 340  # the 7 of 99999 are not anywhere


def test_official_as_of_day_visit_not_double_counted(communes, targets, visits, teams):
    m = commune_metrics(communes, targets, visits, teams, Filters(end=dt.date(2023, 2, 13)))
    r = row_of(m, "13291")
    assert (r["activated"], r["visits"], r["team_activations"]) == (5000, 1, 40)


def test_without_teams_officer_hours_are_nan(communes, targets, visits):
    m = commune_metrics(communes, targets, visits, None, Filters(end=D))
    assert m["officer_hours"].isna().all()
    assert m["activations_per_officer_hour"].isna().all()
    assert row_of(m, "13291")["activated"] == 6220


def test_teams_matched_by_id(communes, targets, visits):
    v = visits.assign(team_id=pd.array([1, 1, 2, 2, 1, 3, 3, 1, 2], dtype="Int64"))
    store_teams = pd.DataFrame(
        {"id": pd.array([1, 2, 3], dtype="Int64"), "name": ["x", "y", "z"], "members": [3, 1, 1]}
    )
    m = commune_metrics(communes, targets, v, store_teams, Filters(end=D))
    # 13291: 3x2 h + 3x3 h + 1x3 h
    assert row_of(m, "13291")["officer_hours"] == pytest.approx(18.0)


def test_teams_matched_by_store_name(communes, targets, visits):
    store_teams = pd.DataFrame({"id": [7], "name": ["Tổ 3"], "members": [4]})
    m = commune_metrics(communes, targets, visits, store_teams, Filters(end=D))
    assert row_of(m, "90001")["officer_hours"] == pytest.approx(8.0)
    assert row_of(m, "13291")["officer_hours"] == 0.0  # Tổ 1/2 size unknown: left out


def test_duplicate_targets_last_row_wins(communes, visits, teams):
    rows = [*TARGET_ROWS, ("13540", "2023-02-13", 5000, 3000, 2500)]
    m = commune_metrics(communes, targets_frame(rows), visits, teams, Filters(end=D))
    r = row_of(m, "13540")
    assert (r["eligible"], r["activated"]) == (5000, 2560)


def test_partial_target_row_keeps_earlier_values(communes, visits, teams):
    # a row that only updates eligible does not erase the earlier official count
    rows = [*TARGET_ROWS, ("13540", "2023-03-20", 4400, None, None)]
    m = commune_metrics(communes, targets_frame(rows), visits, teams, Filters(end=D))
    r = row_of(m, "13540")
    assert (r["eligible"], r["quota"], r["official_activated"]) == (4400, 3000, 2000)
    assert r["official_as_of"] == pd.Timestamp("2023-02-13")
    assert r["activated"] == 2060


@pytest.mark.parametrize(
    "make_visits",
    [
        pytest.param(lambda v: v.iloc[:0], id="empty"),
        pytest.param(lambda v: pd.DataFrame(columns=VISIT_COLUMNS), id="empty-object"),
    ],
)
def test_empty_visits(communes, targets, visits, teams, make_visits):
    m = commune_metrics(communes, targets, make_visits(visits), teams, Filters(end=D))
    assert m["visits"].sum() == 0 and m["team_activations"].sum() == 0
    assert row_of(m, "13291")["activated"] == 6100
    assert row_of(m, "13540")["activated"] == 2000
    assert m["last_visit"].isna().all()
    assert m.attrs["unknown_codes"] == {}


def test_empty_targets_all_no_data(communes, visits, teams):
    m = commune_metrics(communes, targets_frame([]), visits, teams, Filters(end=D))
    assert not m["has_data"].any()
    assert m["activated"].isna().all()
    assert row_of(m, "13291")["visits"] == 3


@pytest.mark.parametrize(
    ("row", "effect"),
    [
        (("2023-03-21", "Tổ 2", "13291", "household", None, None, None), "activated-none"),
        ((None, "Tổ 2", "13291", "household", "18:00", "19:00", 99), "no-date"),
        (("2023-03-21", "Tổ 2", None, "household", "18:00", "19:00", 99), "no-code"),
        (("2023-03-21", "Tổ 2", "13291", "household", "19:00", "18:00", 5), "end-before-start"),
        (("2023-03-21", "Tổ 2", "13291", "household", "25:99", "x", 5), "bad-times"),
    ],
)
def test_missing_values_in_visits(communes, targets, teams, row, effect):
    m = commune_metrics(communes, targets, visits_frame([*VISIT_ROWS, row]), teams, Filters(end=D))
    r = row_of(m, "13291")
    extra_visit = effect in ("activated-none", "end-before-start", "bad-times")
    extra_act = 5 if effect in ("end-before-start", "bad-times") else 0
    assert r["visits"] == 3 + extra_visit
    assert r["team_activations"] == 220 + extra_act
    assert r["activated"] == 6220 + extra_act
    assert r["officer_hours"] == pytest.approx(16.0)  # untimed visits add no officer-hours
    assert r["timed_activations"] == 220
    if effect == "no-date":
        assert m.attrs["visits_without_date"] == 1
    if effect == "no-code":
        assert m.attrs["unknown_codes"] == {"": 1, "99999": 1}


def test_duplicate_commune_codes_rejected(communes, targets, visits):
    with pytest.raises(ValueError, match="duplicate"):
        commune_metrics(pd.concat([communes, communes.iloc[:1]]), targets, visits, today=D)


def test_communes_without_districts(communes, targets, visits, teams):
    c = communes.assign(district_code=None, district_name=None)
    m = commune_metrics(c, targets, visits, teams, Filters(end=D, districts=("347",)))
    assert m["visits"].sum() == 0
    r = rollup(commune_metrics(c, targets, visits, teams, Filters(end=D)), "district")
    assert len(r) == 1 and r["code"].isna().all() and r.loc[0, "communes"] == 8
