"""Tests of geo.demo: the generated campaign, loaded through the real import path."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from geo import demo, ingest
from geo.demo import build_demo, ensure_demo, load_demo
from geo.places.registry import communes as registry_communes
from geo.schema import VISIT_COLUMNS
from geo.store import Store
from tests.shared_data import DATA_DIR, needs_data

PILOT = (pd.Timestamp("2023-02-13"), pd.Timestamp("2023-03-14"))
MAY = pd.Timestamp("2023-05-31")


# ----------------------------------------------------------------------------- build


@pytest.fixture(scope="module")
def campaign(demo_communes):
    return build_demo(demo_communes)


def test_two_builds_are_equal(campaign, demo_communes):
    again = build_demo(demo_communes)
    pd.testing.assert_frame_equal(campaign.visits, again.visits)
    pd.testing.assert_frame_equal(campaign.targets, again.targets)
    pd.testing.assert_frame_equal(campaign.teams, again.teams)
    assert [f.raw for f in campaign.files] == [f.raw for f in again.files]
    other = build_demo(demo_communes, seed=7)
    assert not other.visits.equals(campaign.visits)
    assert other.visits["activated"].head(160).sum() != campaign.visits["activated"].head(160).sum()


def test_build_does_not_depend_on_row_order(campaign, demo_communes):
    shuffled = demo_communes.sample(frac=1, random_state=3)
    assert build_demo(shuffled).files[2].raw == campaign.files[2].raw


def test_files_are_labelled_demo_and_real_formats(campaign):
    names = [f.file_name for f in campaign.files]
    assert all("DEMO" in n and "dữ_liệu_mẫu" in n for n in names)
    assert [f.kind for f in campaign.files] == ["targets", "visits", "visits", "targets"]
    assert [n.rsplit(".", 1)[1] for n in names] == ["xlsx", "xlsx", "csv", "csv"]
    csv = campaign.files[2].raw
    assert csv.startswith(b"\xef\xbb\xbf")
    assert csv.decode("utf-8-sig").splitlines()[1].startswith("15/03/2023,")
    assert list(campaign.files[1].frame.columns) == VISIT_COLUMNS
    assert set(campaign.visits["note"]) == {"Dữ liệu mẫu (DEMO)"}
    assert campaign.teams["name"].str.endswith("(DEMO)").all()


@pytest.mark.parametrize(("index", "kind"), [(0, "targets"), (1, "visits")])
def test_demo_files_look_like_the_templates(campaign, index, kind):
    template = load_workbook(io.BytesIO(ingest.template_xlsx(kind))).worksheets[0]
    book = load_workbook(io.BytesIO(campaign.files[index].raw))
    sheet = book.worksheets[0]
    assert sheet.title == template.title
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == next(template.iter_rows(max_row=1, values_only=True))
    assert len(rows) == 1 + len(campaign.files[index].frame)


def test_missing_pilot_code_is_an_error(demo_communes):
    with pytest.raises(ValueError, match="13540"):
        build_demo(demo_communes[demo_communes["code"] != "13540"])


# ----------------------------------------------------------------------------- round trip


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, demo_communes):
    """A fresh SQLite store with the demo loaded, and what it holds."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'vneid.db'}")
    outcomes = load_demo(store, demo_communes)
    yield store, outcomes
    store.close()


@pytest.fixture(scope="module")
def pilot(loaded):
    visits = loaded[0].visits()
    return visits[visits["date"].between(*PILOT)]


def test_load_imports_four_clean_batches_as_demo_user(loaded, campaign):
    store, outcomes = loaded
    assert [o.duplicate_of for o in outcomes] == [None] * 4
    assert [o.rows_rejected for o in outcomes] == [0, 0, 0, 0]
    assert [o.rows_ok for o in outcomes] == [len(f.frame) for f in campaign.files]
    batches = store.batches()
    assert set(batches["user"]) == {"demo"}
    assert batches["file_name"].str.contains("DEMO").all()
    assert len(store.visits()) == len(campaign.visits)


def test_pilot_activations_are_exactly_1923(pilot):
    assert pilot["activated"].sum() == 1923


def test_pilot_covers_8_units_and_3_schools(pilot):
    assert pilot["code"].nunique() == 8
    assert set(pilot["code"]) == set(demo.PILOT_CODES)
    assert {"13291", "13540"} <= set(pilot["code"])
    schools = pilot[pilot["place_type"] == "school"]
    assert schools[["code", "place_name"]].drop_duplicates().shape[0] == 3


def test_pilot_has_7_teams_of_13_officers(loaded, pilot):
    teams = loaded[0].teams().set_index("name")
    used = sorted(pilot["team"].unique())
    assert len(used) == 7
    assert teams.loc[used, "members"].sum() == 13


def test_rollout_adds_12_district_teams(loaded):
    visits = loaded[0].visits()
    later = visits[visits["date"] > PILOT[1]]
    assert later["date"].max() == MAY
    assert later["team"].nunique() == 19
    assert later["team"].str.startswith("Tổ CA ").sum() > 0
    assert len(loaded[0].teams()) == 19


def test_every_row_has_activated_le_registered_le_guided(loaded):
    v = loaded[0].visits()
    assert (v["activated"] <= v["registered"]).all()
    assert (v["registered"] <= v["people_guided"]).all()
    assert (v["activated"] >= 0).all()


def test_household_visits_respect_the_time_windows(loaded, demo_communes):
    v = loaded[0].visits().merge(demo_communes[["code", "urban"]], on="code")
    homes = v[v["place_type"] == "household"]
    urban, rural = homes[homes["urban"]], homes[~homes["urban"]]
    assert len(urban) > 100 and len(rural) > 100
    assert urban["start"].ge("18:00").all() and urban["end"].le("21:30").all()
    assert rural["start"].ge("16:00").all() and rural["end"].le("19:30").all()
    assert (homes["start"] < homes["end"]).all()


def test_schools_agencies_businesses_are_visited_in_the_daytime(loaded):
    v = loaded[0].visits()
    day = v[v["place_type"] != "household"]
    assert day["start"].ge("08:00").all() and day["end"].le("16:30").all()


def test_province_target_totals_come_back_from_the_database(loaded):
    t = loaded[0].targets()
    totals = t.groupby("as_of")[["population", "eligible", "quota", "activated_baseline"]].sum()
    assert totals.loc[MAY].tolist() == [852_800, 754_277, 603_422, 401_592]
    assert totals.loc[PILOT[0]].tolist() == [852_800, 741_326, 603_422, 265_310]
    assert t.groupby("as_of").size().tolist() == [12] * 5  # 13/02, 14/03, 14/04, 15/05, 31/05
    # interim official counts lie between the two reported ones and never go down
    activated = totals["activated_baseline"].tolist()
    assert activated == sorted(activated)
    assert activated[1] == pytest.approx(265_310 + (401_592 - 265_310) * 29 / 107, abs=12)


def test_targets_follow_population_with_largest_remainder(loaded):
    may = loaded[0].targets().query("as_of == @MAY").set_index("code")
    # weights: known populations, 7,575 (median of the 10 known) for 90012/90013; W = 99,905
    # 754,277 × 20,605 / 99,905 = 155,566.56 → 155,566 (its .56 is not among the 7 largest)
    assert may.loc["13291", "eligible"] == 155_566
    # 754,277 × 7,575 / 99,905 = 57,190.81 → 57,191 (.81 is among the 7 largest remainders)
    assert may.loc["90012", "eligible"] == 57_191
    assert (may["activated_baseline"] <= may["eligible"]).all()
    assert (may["eligible"] <= may["population"]).all()


def test_ensure_demo_loads_only_into_an_empty_database(demo_communes):
    store = Store("sqlite://")
    assert ensure_demo(store, demo_communes) is True
    n = len(store.batches())
    assert ensure_demo(store, demo_communes) is False
    assert len(store.batches()) == n == 4


def test_loading_twice_is_recognised_and_undo_works(demo_db_url, demo_communes):
    store = Store(demo_db_url)
    again = load_demo(store, demo_communes)
    assert [o.duplicate_of for o in again] == [1, 2, 3, 4]
    store.undo_import(3, "an")  # the roll-out CSV
    visits = store.visits()
    assert visits["date"].max() == PILOT[1]
    assert visits["activated"].sum() == 1923
    assert store.batches().set_index("id").loc[3, "undone_by"] == "an"


def test_demo_on_the_approximate_registry_splits_equally():
    units = registry_communes("approximate")
    campaign = build_demo(units)
    may = campaign.targets[campaign.targets["as_of"] == MAY]
    assert len(may) == 98 and may["eligible"].sum() == 754_277
    # 754,277 / 98 = 7,696.70…; 754,277 − 98 × 7,696 = 69 communes get one more
    assert may["eligible"].value_counts().to_dict() == {7697: 69, 7696: 29}
    assert may["activated_baseline"].sum() == 401_592


@pytest.mark.shared_data
@needs_data
def test_demo_on_the_real_109_unit_registry(tmp_path):
    units = registry_communes("2020-2024", DATA_DIR)
    store = Store(f"sqlite:///{tmp_path / 'real.db'}")
    outcomes = load_demo(store, units)
    assert [o.rows_rejected for o in outcomes] == [0, 0, 0, 0]
    t = store.targets()
    may = t[t["as_of"] == MAY]
    assert len(may) == 109
    assert may["eligible"].sum() == 754_277 and may["activated_baseline"].sum() == 401_592
    assert may["population"].sum() == 852_800
    # census populations sum to 852,800, so the population split reproduces them exactly
    pop = may.set_index("code")["population"]
    assert pop.loc["13291"] == 20_605 and pop.loc["13540"] == 8_150
    pilot = store.visits().query("date <= @PILOT[1]")
    assert pilot["activated"].sum() == 1923 and pilot["code"].nunique() == 8


@pytest.mark.shared_data
@needs_data
def test_communes_with_points_fills_every_unit():
    units = demo.communes_with_points("2020-2024", DATA_DIR)
    assert len(units) == 109 and units[["lat", "lon"]].notna().all().all()
    assert list(units.columns) == list(registry_communes("2020-2024", DATA_DIR).columns)
    assert units["lat"].between(20.3, 20.75).all() and units["lon"].between(105.7, 106.25).all()
