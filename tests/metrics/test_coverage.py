"""Tests for geo.metrics.coverage: metrics against hand-computed values on a small fixture.

Fixture (builds on ``communes`` from conftest; D = 31/03/2023 unless said otherwise):

==========  =============================================  ===========================
code        targets                                        role
==========  =============================================  ===========================
13291       13/02: 10000 / quota 8000 / 5000 official;     later official count
            15/03: 10200 / 8000 / 6100                     supersedes the visits
13540       13/02: 4000 / 3000 / 2000                      baseline + later visits
90001       13/02: 720 / 600 / 700                         over 100 % (coverage, quota)
90002       13/02: eligible <NA> / 300 official            no denominator -> no data
90003       none                                           no target -> no data
90004       01/04: 2000 / 1500 / 900                       target after D
90005       13/02: eligible 0                              zero denominator -> no data
90006       13/02: 500 / 400 / official <NA>               no official count -> no data
==========  =============================================  ===========================

Teams: Tổ 1 and Tổ 2 have 2 officers, Tổ 3 has 1.
"""

from __future__ import annotations

import datetime as dt
import doctest

import numpy as np
import pandas as pd
import pytest

import geo.metrics.coverage as cov
from geo.metrics import (
    METRIC_COLUMNS,
    METRICS,
    NO_DATA_COLOUR,
    PALETTES,
    PROVINCE_CODE,
    ROLLUP_COLUMNS,
    Filters,
    class_breaks,
    classify,
    column_labels,
    commune_metrics,
    cumulative_activations,
    legend,
    rollup,
)
from geo.schema import TARGET_COLUMNS, VISIT_COLUMNS

D = dt.date(2023, 3, 31)

_TARGET_ROWS = [
    # code, as_of, eligible, quota, activated_baseline
    ("13291", "2023-02-13", 10000, 8000, 5000),
    ("13291", "2023-03-15", 10200, 8000, 6100),
    ("13540", "2023-02-13", 4000, 3000, 2000),
    ("90001", "2023-02-13", 720, 600, 700),
    ("90002", "2023-02-13", None, None, 300),
    ("90004", "2023-04-01", 2000, 1500, 900),
    ("90005", "2023-02-13", 0, 0, 0),
    ("90006", "2023-02-13", 500, 400, None),
]
_VISIT_ROWS = [
    # date, team, code, place_type, start, end, activated
    ("2023-02-13", "Tổ 1", "13291", "household", "18:00", "20:00", 40),  # on the as_of day
    ("2023-02-20", "Tổ 1", "13291", "household", "18:00", "21:00", 60),  # superseded 15/03
    ("2023-03-20", "Tổ 2", "13291", "school", "08:00", "11:00", 120),
    ("2023-02-14", "Tổ 2", "13540", "household", "16:00", "19:30", 35),
    ("2023-03-01", "Tổ 1", "13540", "agency", None, None, 25),  # no times
    ("2023-02-20", "Tổ 3", "90001", "household", "16:30", "18:30", 50),
    ("2023-03-10", "Tổ 3", "90002", "household", "16:00", "17:00", 10),
    ("2023-03-05", "Tổ 1", "99999", "household", "18:00", "19:00", 7),  # unknown commune
    ("2023-04-05", "Tổ 2", "13540", "household", "16:00", "18:00", 30),  # after D
]


def _targets(rows) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["code", "as_of", "eligible", "quota", "activated_baseline"])
    df["as_of"] = pd.to_datetime(df["as_of"])
    df["population"] = pd.array([None] * len(df), dtype="Int64")
    for c in ("eligible", "quota", "activated_baseline"):
        df[c] = df[c].astype("Int64")
    return df[TARGET_COLUMNS]


def _visits(rows) -> pd.DataFrame:
    df = pd.DataFrame(
        rows, columns=["date", "team", "code", "place_type", "start", "end", "activated"]
    )
    df["date"] = pd.to_datetime(df["date"])
    df["activated"] = df["activated"].astype("Int64")
    for c in ("households", "people_guided", "registered", "services_used"):
        df[c] = pd.array([None] * len(df), dtype="Int64")
    for c in ("place_name", "note"):
        df[c] = None
    df["lat"] = np.nan
    df["lon"] = np.nan
    return df[VISIT_COLUMNS]


@pytest.fixture
def targets() -> pd.DataFrame:
    return _targets(_TARGET_ROWS)


@pytest.fixture
def visits() -> pd.DataFrame:
    return _visits(_VISIT_ROWS)


@pytest.fixture
def teams() -> pd.DataFrame:
    return pd.DataFrame({"team": ["Tổ 1", "Tổ 2", "Tổ 3"], "members": [2, 2, 1]})


@pytest.fixture
def metrics(communes, targets, visits, teams) -> pd.DataFrame:
    return commune_metrics(communes, targets, visits, teams, Filters(end=D))


def _row(m: pd.DataFrame, code: str) -> pd.Series:
    return m.set_index("code").loc[code]


# --------------------------------------------------------------------------- commune_metrics


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
    r = _row(metrics, "13291")
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
    r = _row(metrics, "13540")
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
    r = _row(metrics, "90001")
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
    r = _row(metrics, code)
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
    r = _row(metrics, "90003")
    assert (r["visits"], r["team_activations"], r["officer_hours"]) == (0, 0, 0.0)
    assert r["last_visit"] is pd.NaT and r["days_since_visit"] is pd.NA
    assert np.isnan(r["activations_per_officer_hour"])


def test_unknown_codes_reported(metrics):
    assert metrics.attrs["unknown_codes"] == {"99999": 1}
    assert metrics["team_activations"].sum() == 340  # the 7 of 99999 are not anywhere


def test_official_as_of_day_visit_not_double_counted(communes, targets, visits, teams):
    m = commune_metrics(communes, targets, visits, teams, Filters(end=dt.date(2023, 2, 13)))
    r = _row(m, "13291")
    assert (r["activated"], r["visits"], r["team_activations"]) == (5000, 1, 40)


# --------------------------------------------------------------------------- filters


def test_period_end_before_last_target_picks_earlier(communes, targets, visits, teams):
    m = commune_metrics(communes, targets, visits, teams, Filters(end=dt.date(2023, 3, 10)))
    r = _row(m, "13291")
    assert (r["eligible"], r["official_activated"]) == (10000, 5000)
    assert r["activated"] == 5060
    assert r["coverage"] == pytest.approx(0.506)
    assert (r["visits"], r["team_activations"]) == (2, 100)


def test_team_filter_changes_visits_not_official(communes, targets, visits, teams, metrics):
    m = commune_metrics(communes, targets, visits, teams, Filters(end=D, teams=("Tổ 2",)))
    official = ["eligible", "quota", "activated", "coverage", "gap", "quota_progress", "has_data"]
    pd.testing.assert_frame_equal(m[official], metrics[official])
    assert _row(m, "13291")[["visits", "team_activations"]].tolist() == [1, 120]
    assert _row(m, "13540")[["visits", "team_activations"]].tolist() == [1, 35]
    assert _row(m, "90001")["visits"] == 0
    assert _row(m, "13291")["officer_hours"] == pytest.approx(6.0)


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
    assert _row(m, "90004")["coverage"] == pytest.approx(0.45)  # 900 / 2000
    assert _row(m, "13540")["activated"] == 2090  # + the 05/04 visit
    assert _row(m, "13291")["days_since_visit"] == 41


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


# --------------------------------------------------------------------------- edge cases


def test_without_teams_officer_hours_are_nan(communes, targets, visits):
    m = commune_metrics(communes, targets, visits, None, Filters(end=D))
    assert m["officer_hours"].isna().all()
    assert m["activations_per_officer_hour"].isna().all()
    assert _row(m, "13291")["activated"] == 6220


def test_teams_matched_by_id(communes, targets, visits):
    v = visits.assign(team_id=pd.array([1, 1, 2, 2, 1, 3, 3, 1, 2], dtype="Int64"))
    store_teams = pd.DataFrame(
        {"id": pd.array([1, 2, 3], dtype="Int64"), "name": ["x", "y", "z"], "members": [3, 1, 1]}
    )
    m = commune_metrics(communes, targets, v, store_teams, Filters(end=D))
    # 13291: 3x2 h + 3x3 h + 1x3 h
    assert _row(m, "13291")["officer_hours"] == pytest.approx(18.0)


def test_teams_matched_by_store_name(communes, targets, visits):
    store_teams = pd.DataFrame({"id": [7], "name": ["Tổ 3"], "members": [4]})
    m = commune_metrics(communes, targets, visits, store_teams, Filters(end=D))
    assert _row(m, "90001")["officer_hours"] == pytest.approx(8.0)
    assert _row(m, "13291")["officer_hours"] == 0.0  # Tổ 1/2 size unknown: left out


def test_duplicate_targets_last_row_wins(communes, visits, teams):
    rows = [*_TARGET_ROWS, ("13540", "2023-02-13", 5000, 3000, 2500)]
    m = commune_metrics(communes, _targets(rows), visits, teams, Filters(end=D))
    r = _row(m, "13540")
    assert (r["eligible"], r["activated"]) == (5000, 2560)


def test_partial_target_row_keeps_earlier_values(communes, visits, teams):
    # a row that only updates eligible does not erase the earlier official count
    rows = [*_TARGET_ROWS, ("13540", "2023-03-20", 4400, None, None)]
    m = commune_metrics(communes, _targets(rows), visits, teams, Filters(end=D))
    r = _row(m, "13540")
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
    assert _row(m, "13291")["activated"] == 6100
    assert _row(m, "13540")["activated"] == 2000
    assert m["last_visit"].isna().all()
    assert m.attrs["unknown_codes"] == {}


def test_empty_targets_all_no_data(communes, visits, teams):
    m = commune_metrics(communes, _targets([]), visits, teams, Filters(end=D))
    assert not m["has_data"].any()
    assert m["activated"].isna().all()
    assert _row(m, "13291")["visits"] == 3


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
    m = commune_metrics(communes, targets, _visits([*_VISIT_ROWS, row]), teams, Filters(end=D))
    r = _row(m, "13291")
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


# --------------------------------------------------------------------------- rollup


def test_rollup_district(metrics):
    r = rollup(metrics, "district").set_index("code")
    assert list(r.columns) == ROLLUP_COLUMNS[1:]
    assert list(r.index) == ["347", "350", "351", "352", "353"]
    d = r.loc["351"]  # 90001 (data), 90002 (no eligible), 90004 (target after D)
    assert (d["name"], d["communes"], d["communes_with_data"]) == ("Huyện Thanh Liêm", 3, 1)
    assert d["communes_without_data"] == 2
    assert (d["eligible"], d["activated"], d["gap"], d["quota"]) == (720, 750, 0, 600)
    assert d["coverage"] == pytest.approx(750 / 720)
    assert d["quota_progress"] == pytest.approx(1.25)
    # visit columns count all communes, 90002 included
    assert (d["visits"], d["team_activations"], d["timed_activations"]) == (2, 60, 60)
    assert d["officer_hours"] == pytest.approx(3.0)
    assert d["activations_per_officer_hour"] == pytest.approx(20.0)
    assert d["last_visit"] == pd.Timestamp("2023-03-10") and d["days_since_visit"] == 21
    k = r.loc["350"]  # no commune with data
    assert (k["communes"], k["communes_with_data"], bool(k["has_data"])) == (2, 0, False)
    assert np.isnan(k["coverage"]) and np.isnan(k["quota_progress"])
    assert k["eligible"] == 0 and k["visits"] == 0


def test_rollup_province(metrics):
    p = rollup(metrics, "province").iloc[0]
    assert (p["code"], p["name"]) == (PROVINCE_CODE, "Toàn tỉnh")
    assert (p["communes"], p["communes_with_data"], p["communes_without_data"]) == (8, 3, 5)
    assert (p["eligible"], p["activated"]) == (14920, 9030)
    assert p["coverage"] == pytest.approx(9030 / 14920)  # not the mean of commune rates
    # sum of commune gaps: 90001's surplus does not reduce the others' gap
    assert p["gap"] == 3980 + 1940 + 0
    assert p["quota"] == 11600
    assert p["quota_progress"] == pytest.approx(9030 / 11600)
    assert (p["visits"], p["team_activations"], p["timed_activations"]) == (7, 340, 315)
    assert p["officer_hours"] == pytest.approx(26.0)
    assert p["activations_per_officer_hour"] == pytest.approx(315 / 26)
    assert p["days_since_visit"] == 11


def test_rollup_without_teams_and_bad_level(communes, targets, visits):
    m = commune_metrics(communes, targets, visits, None, Filters(end=D))
    p = rollup(m, "province").iloc[0]
    assert np.isnan(p["officer_hours"]) and np.isnan(p["activations_per_officer_hour"])
    with pytest.raises(ValueError, match="district"):
        rollup(m, "commune")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- daily series


def test_cumulative_commune(targets, visits):
    s = cumulative_activations(targets, visits, "13291", dt.date(2023, 2, 12), D)
    assert len(s) == 48 and s["date"].iloc[0] == pd.Timestamp("2023-02-12")
    at = s.set_index("date")["activated_to_date"]
    assert at["2023-02-12"] is pd.NA
    expected = {"2023-02-13": 5000, "2023-02-19": 5000, "2023-02-20": 5060, "2023-03-14": 5060}
    expected |= {"2023-03-15": 6100, "2023-03-19": 6100, "2023-03-20": 6220, "2023-03-31": 6220}
    assert {d: at[d] for d in expected} == expected
    team = s.set_index("date")["team_activations"]
    assert team.sum() == 220 and team["2023-02-13"] == 40 and team["2023-03-20"] == 120
    assert s["communes_with_data"].tolist() == [0] + [1] * 47


def test_cumulative_start_after_events(targets, visits):
    s = cumulative_activations(targets, visits, "13291", dt.date(2023, 3, 1), dt.date(2023, 3, 2))
    assert s["activated_to_date"].tolist() == [5060, 5060]
    assert s["official_activated"].tolist() == [5000, 5000]


@pytest.mark.parametrize("table_cells_max", [20_000_000, 0], ids=["table", "sorted"])
@pytest.mark.parametrize("end", ["2023-02-13", "2023-02-25", "2023-03-15", "2023-03-31"])
def test_cumulative_province_matches_commune_metrics(
    monkeypatch, communes, targets, visits, end, table_cells_max
):
    monkeypatch.setattr(cov, "_TABLE_CELLS_MAX", table_cells_max)
    d = pd.Timestamp(end).date()
    s = cumulative_activations(targets, visits, None, dt.date(2023, 2, 1), d)
    m = commune_metrics(communes, targets, visits, filters=Filters(end=d))
    assert s["activated_to_date"].iloc[-1] == m["activated"].sum()
    assert s["communes_with_data"].iloc[-1] == m["official_activated"].notna().sum()
    for code in ("13291", "13540", "90001"):
        c = cumulative_activations(targets, visits, code, dt.date(2023, 2, 1), d)
        assert c["activated_to_date"].iloc[-1] == _row(m, code)["activated"]


def test_cumulative_edge_cases(targets, visits):
    s = cumulative_activations(targets, visits.iloc[:0], None, D, D)
    assert s["activated_to_date"].tolist() == [6100 + 2000 + 700 + 300 + 0]
    none = cumulative_activations(_targets([]), visits, "13291", D, D)
    assert none["activated_to_date"].isna().all() and none["communes_with_data"].tolist() == [0]
    unknown = cumulative_activations(targets, visits, "99999", dt.date(2023, 3, 5), D)
    assert unknown["team_activations"].iloc[0] == 7 and unknown["activated_to_date"].isna().all()
    with pytest.raises(ValueError, match="after"):
        cumulative_activations(targets, visits, None, D, dt.date(2023, 3, 1))


# --------------------------------------------------------------------------- classes


def test_coverage_fixed_classes_at_boundaries():
    values = pd.Series(
        [0.0, 0.4999, 0.5, 0.7999, 0.8, 0.9999, 1.0, 1.5, np.nan, np.inf, None],
        index=list("abcdefghijk"),
    )
    c = classify(values, "coverage")
    assert list(c.index) == list("abcdefghijk")
    assert c["class"].tolist() == [0, 0, 1, 1, 2, 2, 3, 3, pd.NA, pd.NA, pd.NA]
    assert c["label"].tolist()[:8:2] == ["< 50 %", "50–80 %", "80–100 %", "≥ 100 %"]
    assert c["label"].iloc[-1] == "chưa có số liệu"
    assert c["colour"].tolist()[:8:2] == list(PALETTES["RdYlBu4"])
    assert c["colour"].iloc[-1] == NO_DATA_COLOUR
    assert c["no_data"].tolist() == [False] * 8 + [True] * 3


def test_coverage_labels_english():
    c = classify(pd.Series([0.1, 0.9, None]), "coverage", lang="en")
    assert c["label"].tolist() == ["< 50%", "80–100%", "no data"]


@pytest.mark.parametrize(
    ("values", "breaks", "classes"),
    [
        (list(range(1, 11)), (3, 5, 7, 9), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]),
        ([0, 0, 0, 0, 0, 0, 7], (7,), [0] * 6 + [1]),
        ([1, 2, 3], (2, 3), [0, 1, 2]),
        ([5, 5, 5], (), [0, 0, 0]),
        ([1000, 2500, 1000, np.nan], (2500,), [0, 1, 0, pd.NA]),
        ([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6], (3, 4, 5, 6), [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4]),
    ],
    ids=["ten-values", "ties", "few-distinct", "one-value", "with-nan", "pairs"],
)
def test_quantile_classes(values, breaks, classes):
    s = pd.Series(values, dtype=float)
    assert class_breaks(s, "visits") == breaks
    c = classify(s, "visits")
    assert c["class"].tolist() == classes
    counts = legend(s, "visits").query("not no_data")["count"]
    assert (counts > 0).all()  # no empty class, whatever the ties


def test_quantile_labels_exact():
    assert legend(pd.Series([0, 0, 0, 0, 0, 0, 7.0]), "visits")["label"].tolist() == [
        "< 7",
        "≥ 7",
    ]
    assert legend(pd.Series([1000, 2500, 1000, np.nan]), "gap")["label"].tolist() == [
        "< 2.500",
        "≥ 2.500",
        "chưa có số liệu",
    ]
    assert legend(pd.Series([5, 5, 5]), "visits")["label"].tolist() == ["5"]
    lg = legend(pd.Series([1.25, 2.5, 3.75]), "activations_per_officer_hour")
    assert lg["label"].tolist() == ["< 2,5", "2,5–3,75", "≥ 3,75"]


def test_quantile_colours_spread_over_palette():
    c = classify(pd.Series([0, 0, 0, 7]), "visits")
    pal = METRICS["visits"].palette
    assert c["colour"].tolist() == [pal[0]] * 3 + [pal[-1]]
    assert classify(pd.Series([5, 5]), "visits")["colour"].tolist() == [pal[2]] * 2


def test_all_nan():
    s = pd.Series([np.nan, None, np.nan])
    assert class_breaks(s, "gap") == ()
    c = classify(s, "gap")
    assert c["no_data"].all() and c["class"].isna().all()
    assert set(c["colour"]) == {NO_DATA_COLOUR}
    lg = legend(s, "gap")
    assert lg[["label", "count", "no_data"]].values.tolist() == [["chưa có số liệu", 3, True]]
    cov_lg = legend(s, "coverage")  # fixed classes stay in the legend, with 0 counts
    assert cov_lg["count"].tolist() == [0, 0, 0, 0, 3]


def test_classify_empty_and_unknown_metric():
    assert classify(pd.Series([], dtype=float), "coverage").empty
    with pytest.raises(ValueError, match="unknown metric"):
        classify(pd.Series([1.0]), "nope")


def test_legend_counts_and_breaks_override(metrics):
    lg = legend(metrics["coverage"], "coverage")
    assert lg["count"].tolist() == [0, 2, 0, 1, 5]  # 51,5 %, 61,0 %, 104,2 %, 5 no data
    c = classify(pd.Series([1, 5, 9]), "visits", breaks=(4.0,))
    assert c["class"].tolist() == [0, 1, 1] and c["label"].tolist()[0] == "< 4"


def test_palettes_are_distinct_from_no_data():
    for name, spec in METRICS.items():
        assert spec.palette, name
        assert NO_DATA_COLOUR not in spec.palette
        assert all(len(c) == 7 and c.startswith("#") for c in spec.palette)
        if spec.breaks is not None:
            assert len(spec.palette) == len(spec.breaks) + 1
        else:
            assert len(spec.palette) >= spec.n_classes
    assert set(METRICS) <= set(METRIC_COLUMNS) | {"coverage"}


def test_metric_columns_classify(metrics):
    for metric in METRICS:
        c = classify(metrics[metric], metric)
        assert c["no_data"].tolist() == metrics[metric].isna().tolist()


def test_doctests():
    result = doctest.testmod(cov, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 5 and result.failed == 0


def test_column_labels_keep_the_order_asked_and_prefer_a_tables_own_wording():
    assert column_labels(["gap", "code", "team_activations"]) == {
        "gap": "Số người chưa kích hoạt",
        "code": "Mã xã",
        "team_activations": "Kích hoạt qua tổ lưu động",
    }
    assert list(column_labels(["quota", "rank"])) == ["quota", "rank"]
    assert column_labels(["communes", "coverage"], {"communes": "Số xã"}) == {
        "communes": "Số xã",
        "coverage": "Tỷ lệ kích hoạt",
    }
    with pytest.raises(KeyError, match="communes"):
        column_labels(["communes"])  # no shared label: the table must give its own
