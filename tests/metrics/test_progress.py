"""Tests for geo.metrics.progress: headline figures, weekly bars, district league, gaps, projection.

The metric tables come from :func:`geo.metrics.coverage.commune_metrics` on a hand-made fixture
(``communes`` from conftest, targets as of 01/03/2023, eight visits); every expected value
below is computed by hand from that fixture. ``tests/test_reports.py`` reuses these fixtures.

Hand computation (report date 14/03/2023, previous week 07/03/2023)::

    code   district  eligible quota official  visits after 01/03      activated  coverage
    13291  347          10000  8000    8000   +300 (05/03) +200 (10/03)   8500   0.85
    13540  352           6000  4800    2300   +100 (13/03)                2400   0.40
    90001  351           4000  3200    1800   +100 (06/03) +100 (12/03)   2000   0.50
    90002  351           5000  4000    4000   +100 (09/03)                4100   0.82
    90003  350           3000  2400    1200   (01/03 visit is inside)     1200   0.40
    90004  351           2000  1600    1900                               1900   0.95
    90005  353           2500  2000    1000                               1000   0.40
    90006  350          no target (no data); a 14/03 visit of 50 counts as team work only
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.ingest import VISIT_COLUMNS
from geo.metrics import Filters, commune_metrics, cumulative_activations, progress

AS_OF = date(2023, 3, 14)
PREVIOUS = date(2023, 3, 7)
PERIOD = (date(2023, 3, 1), AS_OF)

_TARGETS = [
    # code, eligible, quota, activated_baseline (as of 01/03/2023)
    ("13291", 10000, 8000, 8000),
    ("13540", 6000, 4800, 2300),
    ("90001", 4000, 3200, 1800),
    ("90002", 5000, 4000, 4000),
    ("90003", 3000, 2400, 1200),
    ("90004", 2000, 1600, 1900),
    ("90005", 2500, 2000, 1000),
]

_VISITS = [
    # date, team, code, activated
    ("2023-03-01", "Tổ 1", "90003", 40),
    ("2023-03-05", "Tổ 1", "13291", 300),
    ("2023-03-06", "Tổ 2", "90001", 100),
    ("2023-03-09", "Tổ 10", "90002", 100),
    ("2023-03-10", "Tổ 1", "13291", 200),
    ("2023-03-12", "Tổ 2", "90001", 100),
    ("2023-03-13", "Tổ 10", "13540", 100),
    ("2023-03-14", "Tổ 2", "90006", 50),
]


def make_targets() -> pd.DataFrame:
    """Official figures of seven communes as of 01/03/2023 (90006 has none: no data)."""
    df = pd.DataFrame(_TARGETS, columns=["code", "eligible", "quota", "activated_baseline"])
    df.insert(1, "as_of", pd.Timestamp("2023-03-01"))
    df["population"] = pd.NA
    for col in ("eligible", "quota", "activated_baseline", "population"):
        df[col] = df[col].astype("Int64")
    return df


def make_visits() -> pd.DataFrame:
    """Eight visits of three teams ("Tổ 1", "Tổ 2", "Tổ 10") between 01/03 and 14/03/2023."""
    df = pd.DataFrame(_VISITS, columns=["date", "team", "code", "activated"])
    df["date"] = pd.to_datetime(df["date"])
    df["place_type"] = "household"
    df["place_name"] = None
    df["start"], df["end"] = "18:00", "21:00"
    for col in ("households", "people_guided", "registered", "services_used"):
        df[col] = pd.array([10] * len(df), dtype="Int64")
    df["activated"] = df["activated"].astype("Int64")
    df["lat"], df["lon"], df["note"] = float("nan"), float("nan"), None
    return df[VISIT_COLUMNS]


def make_metrics(communes: pd.DataFrame, end: date = AS_OF) -> pd.DataFrame:
    """``commune_metrics`` of the fixture as of ``end`` (visit columns from 01/03/2023)."""
    return commune_metrics(
        communes,
        make_targets(),
        make_visits(),
        filters=Filters(start=min(PERIOD[0], end), end=end),
    )


@pytest.fixture
def targets() -> pd.DataFrame:
    return make_targets()


@pytest.fixture
def visits() -> pd.DataFrame:
    return make_visits()


@pytest.fixture
def metrics(communes) -> pd.DataFrame:
    """``commune_metrics`` for the period 01/03-14/03/2023."""
    return make_metrics(communes)


@pytest.fixture
def previous(communes) -> pd.DataFrame:
    """``commune_metrics`` one week earlier (07/03/2023)."""
    return make_metrics(communes, PREVIOUS)


# --- headline ----------------------------------------------------------------------------------


def test_fixture_metrics_are_what_the_docstring_says(metrics):
    got = metrics.set_index("code")
    assert got.loc["13291", "activated"] == 8500
    assert got.loc["90003", "activated"] == 1200
    assert not got.loc["90006", "has_data"]


def test_headline_figures(metrics, previous, visits):
    h = progress.headline_figures(metrics, previous, visits=visits, as_of=AS_OF)
    assert set(h) == set(progress.HEADLINE_KEYS)
    assert h["eligible"] == 32500
    assert h["quota"] == 26000
    assert h["activated"] == 21100
    assert h["gap"] == 11400
    assert h["coverage"] == pytest.approx(21100 / 32500)
    assert h["quota_progress"] == pytest.approx(21100 / 26000)
    assert (h["communes"], h["communes_with_data"]) == (8, 7)
    assert h["communes_at_threshold"] == 3  # 13291 (85 %), 90002 (82 %), 90004 (95 %)
    assert h["team_activations"] == 990  # includes the no-data commune's 50
    assert h["visits"] == 8
    assert h["activated_change"] == 500  # 20.600 on 07/03
    assert h["coverage_change"] == pytest.approx(500 / 32500)
    assert h["communes_at_threshold_previous"] == 3  # 13291 83 %, 90002 80 %, 90004 95 %
    assert h["this_week"] == 550  # 08/03-14/03
    assert h["last_week"] == 440  # 01/03-07/03


def test_headline_without_previous_or_visits_leaves_those_keys_empty(metrics):
    h = progress.headline_figures(metrics)
    assert h["activated"] == 21100
    for key in ("activated_change", "coverage_change", "this_week", "last_week"):
        assert h[key] is None


@pytest.mark.parametrize(("threshold", "expected"), [(0.8, 3), (0.85, 2), (0.4, 7), (0.96, 0)])
def test_headline_threshold_counts_communes_with_data_only(metrics, threshold, expected):
    assert progress.headline_figures(metrics, threshold=threshold)["communes_at_threshold"] == (
        expected
    )


# --- weekly bars -------------------------------------------------------------------------------


def test_weekly_by_team_complete_grid(visits):
    w = progress.weekly_by_team(visits)
    assert list(w.columns) == progress.WEEKLY_COLUMNS
    assert len(w) == 9  # 3 weeks x 3 teams
    assert w["team"].tolist()[:3] == ["Tổ 1", "Tổ 2", "Tổ 10"]  # natural order
    got = w.set_index([w["week_start"].dt.strftime("%d/%m"), "team"])["activated"].to_dict()
    assert got == {
        ("27/02", "Tổ 1"): 340,
        ("27/02", "Tổ 2"): 0,
        ("27/02", "Tổ 10"): 0,
        ("06/03", "Tổ 1"): 200,
        ("06/03", "Tổ 2"): 200,
        ("06/03", "Tổ 10"): 100,
        ("13/03", "Tổ 1"): 0,
        ("13/03", "Tổ 2"): 50,
        ("13/03", "Tổ 10"): 100,
    }
    assert w.loc[(w["team"] == "Tổ 2") & (w["activated"] == 200), "visits"].item() == 2
    assert (w["week_end"] - w["week_start"]).dt.days.eq(6).all()
    assert w["week_start"].dt.day_of_week.eq(0).all()


def test_weekly_by_team_period_keeps_empty_weeks(visits):
    w = progress.weekly_by_team(visits, start=date(2023, 3, 6), end=date(2023, 3, 26))
    assert w["week_start"].dt.strftime("%d/%m").unique().tolist() == [
        "06/03",
        "13/03",
        "20/03",
    ]
    assert w.loc[w["week_start"] == "2023-03-20", "activated"].sum() == 0
    assert w["activated"].sum() == 650  # 06/03-14/03


def test_weekly_by_team_no_visits_is_empty(visits):
    assert progress.weekly_by_team(visits.iloc[0:0]).empty


# --- district league ---------------------------------------------------------------------------


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


# --- largest gaps ------------------------------------------------------------------------------


def test_top_gaps_order_and_ties(metrics):
    g = progress.top_gaps(metrics)
    assert list(g.columns) == progress.TOP_GAP_COLUMNS
    # 13291 and 90005 both miss 1.500: the code breaks the tie
    assert g["code"].tolist() == ["13540", "90001", "90003", "13291", "90005", "90002", "90004"]
    assert g["gap"].tolist() == [3600, 2000, 1800, 1500, 1500, 900, 100]
    assert "90006" not in g["code"].tolist()  # no data is not a gap of 0 or of everyone


@pytest.mark.parametrize("n", [0, 1, 3])
def test_top_gaps_n(metrics, n):
    assert len(progress.top_gaps(metrics, n)) == n


# --- projection --------------------------------------------------------------------------------


def _daily(start: str, values: list[float]) -> pd.Series:
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="D"))


def test_projection_on_a_constructed_series():
    # 01/03..15/03: 1.000 then +100 a day -> 2.400 on 15/03; 600 to go = 6 days
    s = _daily("2023-03-01", [1000 + 100 * i for i in range(15)])
    p = progress.project_target_date(s, 3000)
    assert p.rate_per_day == pytest.approx(100)
    assert (p.window_start, p.window_end, p.window_days) == (
        date(2023, 3, 1),
        date(2023, 3, 15),
        14,
    )
    assert p.current == 2400
    assert p.target_date == date(2023, 3, 21)
    assert not p.reached


def test_projection_uses_only_the_window():
    # fast early growth (+1.000/day), then +50/day over the last 7 days
    s = _daily("2023-03-01", [1000 * i for i in range(8)] + [7000 + 50 * i for i in range(1, 8)])
    p = progress.project_target_date(s, 8000, window_days=7)
    assert p.rate_per_day == pytest.approx(50)
    assert p.window_start == date(2023, 3, 8)
    assert p.target_date == date(2023, 3, 15) + pd.Timedelta(days=13)  # 650 / 50 = 13


def test_projection_rounds_partial_days_up():
    s = _daily("2023-03-01", [1000 + 100 * i for i in range(15)])
    assert progress.project_target_date(s, 2450).target_date == date(2023, 3, 16)
    assert progress.project_target_date(s, 2500).target_date == date(2023, 3, 16)
    assert progress.project_target_date(s, 2501).target_date == date(2023, 3, 17)


@pytest.mark.parametrize("step", [0, -10])
def test_projection_flat_or_falling_gives_none(step):
    s = _daily("2023-03-01", [5000 + step * i for i in range(15)])
    p = progress.project_target_date(s, 9000)
    assert p.target_date is None
    assert p.rate_per_day == pytest.approx(step)
    assert p.window_days == 14


def test_projection_already_reached_gives_the_day_it_was_reached():
    s = _daily("2023-03-01", [1000 + 100 * i for i in range(15)])
    p = progress.project_target_date(s, 1750)
    assert p.reached
    assert p.target_date == date(2023, 3, 9)


def test_projection_short_series_states_the_shorter_window():
    s = _daily("2023-03-10", [100, 200, 300, 400, 500, 600])
    p = progress.project_target_date(s, 1000)
    assert (p.window_start, p.window_days) == (date(2023, 3, 10), 5)
    assert p.rate_per_day == pytest.approx(100)
    assert p.target_date == date(2023, 3, 19)


def test_projection_weekly_snapshots_and_as_of():
    s = pd.Series(
        [1000, 1700, 2400, 2500],
        index=pd.to_datetime(["2023-03-01", "2023-03-08", "2023-03-15", "2023-03-22"]),
    )
    p = progress.project_target_date(s, 3100, as_of=date(2023, 3, 15))
    assert p.current == 2400  # the later snapshot is ignored
    assert p.rate_per_day == pytest.approx(100)
    assert p.target_date == date(2023, 3, 22)


def test_projection_skips_leading_missing_values():
    # cumulative_activations gives <NA> until the first official count
    s = pd.Series(
        pd.array([pd.NA, pd.NA, 1000, 1100, 1200], dtype="Int64"),
        index=pd.date_range("2023-03-01", periods=5, freq="D"),
    )
    p = progress.project_target_date(s, 1500)
    assert (p.window_start, p.window_days, p.rate_per_day) == (date(2023, 3, 3), 2, 100)
    assert p.target_date == date(2023, 3, 8)


@pytest.mark.parametrize("target", [0, float("nan"), None])
def test_projection_without_target_gives_none(target):
    s = _daily("2023-03-01", [1000 + 100 * i for i in range(15)])
    p = progress.project_target_date(s, target)
    assert p.target_date is None
    assert not p.reached


def test_projection_on_the_province_series(targets, visits):
    daily = cumulative_activations(targets, visits, None, date(2023, 2, 28), AS_OF)
    series = daily.set_index("date")["activated_to_date"]
    p = progress.project_target_date(series, 26000)
    # 28/02 has no data yet, so the window starts 01/03 (20.200) and ends 14/03 (21.100)
    assert p.window_start == date(2023, 3, 1)
    assert p.current == 21100
    assert p.rate_per_day == pytest.approx(900 / 13)
    assert p.target_date == date(2023, 3, 14) + pd.Timedelta(days=71)  # 4.900 / 69,2 -> 70,8


def test_projection_rejects_a_bad_window():
    with pytest.raises(ValueError, match="window_days"):
        progress.project_target_date(_daily("2023-03-01", [1, 2]), 5, window_days=0)
