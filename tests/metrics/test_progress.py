"""Tests for geo.metrics.progress: headline figures, weekly bars, largest gaps.

The metric tables come from :func:`geo.metrics.commune_metrics` on a hand-made fixture
(``communes`` from conftest, targets as of 01/03/2023, eight visits); every expected value
below is computed by hand from that fixture. ``test_league``, ``test_projection``,
``test_cards`` and ``tests/outputs/reports`` reuse it.

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
from geo.metrics import Filters, commune_metrics, progress, rollup

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


def test_previous_week_filters():
    f = progress.previous_week_filters(PERIOD[0], AS_OF)
    assert (f.start, f.end) == (PERIOD[0], PREVIOUS)
    short = progress.previous_week_filters(date(2023, 3, 10), AS_OF)
    assert (short.start, short.end) == (PREVIOUS, PREVIOUS)


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [(date(2023, 3, 8), AS_OF, 550), (date(2023, 3, 1), PREVIOUS, 440)],
    ids=["this_week", "last_week"],
)
def test_week_figures_are_the_rollup_of_that_week(communes, visits, first, last, expected):
    week = commune_metrics(communes, make_targets(), visits, filters=Filters(first, last))
    province = rollup(week, "province").iloc[0]
    assert progress.team_activations_between(visits, communes, first, last) == expected
    assert province["team_activations"] == expected


def test_week_figures_count_the_visits_the_metrics_count(metrics, visits):
    outside = visits.iloc[:1].assign(code="99999", date=pd.Timestamp("2023-03-14"))
    undated = visits.iloc[:1].assign(date=pd.NaT)
    more = pd.concat([visits, outside, undated], ignore_index=True)
    h = progress.headline_figures(metrics, visits=more, as_of=AS_OF)
    assert (h["this_week"], h["last_week"]) == (550, 440)  # like team_activations: 99999 is out


def test_progress_reexports_league_and_projection():
    from geo.metrics import league, projection

    assert progress.district_league is league.district_league
    assert progress.LEAGUE_LABELS is league.LEAGUE_LABELS
    assert progress.THRESHOLD == league.THRESHOLD == 0.8
    assert progress.project_target_date is projection.project_target_date
    assert progress.Projection is projection.Projection


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


def test_weekly_bars_of_the_registry_add_up_to_the_period_team_activations(metrics, visits):
    outside = visits.iloc[:1].assign(code="99999", date=pd.Timestamp("2023-03-10"))
    more = pd.concat([visits, outside], ignore_index=True)
    w = progress.weekly_by_team(more, start=PERIOD[0], end=AS_OF, communes=metrics)
    assert w["activated"].sum() == progress.headline_figures(metrics)["team_activations"] == 990
    assert progress.weekly_by_team(more, start=PERIOD[0], end=AS_OF)["activated"].sum() == 1030


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
