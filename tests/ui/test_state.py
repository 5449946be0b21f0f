"""ui.state, the seam: every cached figure follows the store's revision.

A write made elsewhere (another session, a clerk, a command) shows on the next rerun of a page
that is already open, without a restart: a team's new base on the planner page, a published
plan on the progress page and in the meeting pack, an import and its undo on the map page. The
pages run as AppTests in this process, so they share Streamlit's caches exactly as the sessions
of one server do.

And every figure is cut to the signed-in user's scope (the scope rule): the seam's functions are
called from an AppTest script (``_seam``) for users of several scopes, one after another in the
same process, and compared with the store's own tables cut by hand.
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from geo import planning
from geo.access import Scope, User
from geo.config import Settings
from geo.fmt import format_int
from geo.ingest import read_visits
from geo.metrics import rollup
from geo.places.boundaries import load_boundaries
from geo.places.crosswalk import successor_codes
from geo.places.registry import communes as registry
from geo.store import Store
from tests.samples import two_visit_plan
from tests.shared_data import DATA_DIR, needs_data
from tests.views.helpers import page_test

#: A point in Lý Nhân, far from every demo team base.
FAR = (20.60, 106.12)


def _run(at):
    at.run()
    assert not at.exception, at.exception
    return at


def _ranking(at) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if "Tổ gần nhất" in df.value.columns)


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_a_team_moved_elsewhere_shows_on_the_open_planner_page(demo_db_url):
    at = page_test("planner.py", Settings(data_dir=None, db_url=demo_db_url), timeout=120)
    at.session_state["plan_days"] = 2
    before = _ranking(_run(at))
    store = Store(demo_db_url)
    teams = store.teams()
    moved = teams.assign(base_lat=FAR[0], base_lon=FAR[1])
    store.update_teams(moved[["name", "base_lat", "base_lon"]], "another session")

    after = _ranking(_run(at))

    # every base is now the same point: the nearest team is the first one, travel is from FAR
    communes = Store(demo_db_url).communes("approximate").set_index("name")
    assert set(after["Tổ gần nhất"]) == {teams["name"].iloc[0]}
    assert set(before["Tổ gần nhất"]) != set(after["Tổ gần nhất"])
    for _, row in after.iterrows():
        commune = communes.loc[row["Xã, phường, thị trấn"]]
        minutes = planning.travel_minutes(FAR[0], FAR[1], commune["lat"], commune["lon"])
        assert row["Phút đi đường"] == format_int(round(float(minutes), 1))


def test_a_plan_published_elsewhere_shows_on_the_open_progress_page(demo_db_url, downloads):
    at = page_test("progress.py", Settings(data_dir=None, db_url=demo_db_url), timeout=120)
    at = _run(at)
    assert any("Chưa có lịch công tác đã công bố" in c.value for c in at.caption)
    at = at.button(key="progress_pack").click().run()
    store = Store(demo_db_url)
    schedule = two_visit_plan(("2023-06-01", "2023-06-02"), expected=[30.0, 20.0])
    plan_id = store.save_plan(
        schedule, params={}, user="kế hoạch", start=date(2023, 6, 1), days=2, method="milp"
    )
    store.publish_plan(plan_id, "kế hoạch")

    at = _run(at)

    assert any(f"kế hoạch số {plan_id}, 2 dòng" in c.value for c in at.caption)
    saved = [downloads(b) for b in at.get("download_button")]  # built on the click
    xlsx = next(content for name, content in saved if name.endswith(".xlsx"))
    rows = list(load_workbook(io.BytesIO(xlsx))["Lịch công tác"].iter_rows(values_only=True))
    assert [r[1:] for r in rows[1:]] == [
        ("Tổ 1 (DEMO)", "Phường Lê Hồng Phong", "18:00–21:30"),
        ("Tổ 2 (DEMO)", "Xã Bình An", "16:00–19:30"),  # 13540 An Nội is Bình An in 01/2025
    ]


def test_an_import_elsewhere_and_its_undo_show_on_the_open_map_page(demo_db_url):
    at = page_test("map.py", Settings(data_dir=None, db_url=demo_db_url), timeout=120)

    def visits_shown() -> int:
        return int(_metric(_run(at), "Lượt làm việc").replace(".", ""))

    before = visits_shown()
    store = Store(demo_db_url)
    csv = (
        "Ngày,Tổ lưu động,Mã xã,Loại địa điểm,Số tài khoản kích hoạt\n"
        "30/05/2023,Tổ 1 (DEMO),13291,hộ gia đình,4\n"
        "31/05/2023,Tổ 1 (DEMO),13540,hộ gia đình,6\n"
    ).encode()
    result = read_visits(csv, "buoi_toi.csv", store.communes("approximate"))
    assert result.rows_ok == 2
    outcome = store.import_result(result, csv, "another session")
    assert visits_shown() == before + 2
    store.undo_import(outcome.batch_id, "another session")
    assert visits_shown() == before


# --- the scope rule: every figure is cut to the signed-in user's scope, on the server ------------

END = date(2023, 5, 31)
PROVINCE = User("tinh", "commander", Scope.province())
PHU_LY = User("pl", "commander", Scope.district("347"))
#: Châu Cầu (13294) lies in Phủ Lý (347) but holds no demo record.
EMPTY_COMMUNE = User("cc", "commander", Scope.commune("13294"))
PHU_LY_DEMO = {"13285", "13291", "13306"}  # the demo communes of 347 (tests/conftest.py)


def _seam(version, end):  # a script: no annotation that needs an import
    """An AppTest script: everything ui.state gives the signed-in user, into the session."""
    import streamlit as st

    from geo.metrics import Filters
    from ui import scoped, state

    v = version or state.get_record_version()
    targets, visits, teams = scoped.get_records(v)
    data_dir = state.get_settings().data_dir
    st.session_state["out"] = {
        "targets": targets,
        "visits": visits,
        "teams": teams,
        "metrics": scoped.get_metrics(v, Filters(end=end)),
        "communes": scoped.get_communes(v),
        "registry": state.get_registry(v),
        "boundaries": scoped.get_boundaries(v),
        "shared": scoped.get_boundaries(v)
        is state._boundaries(v, None if data_dir is None else str(data_dir)),
        "payload": scoped.get_commune_payload(v),
        "dates": scoped.get_data_dates(),
        "plan": scoped.get_published_plan(),
    }


def seam(db_url: str, user: User, version: str | None = None, data_dir=None, end=END) -> dict:
    at = AppTest.from_function(_seam, args=(version, end), default_timeout=180)
    at.session_state["settings"] = Settings(data_dir=data_dir, db_url=db_url)
    at.session_state["auth_user"] = user
    return _run(at).session_state["out"]


def _latest_eligible(targets: pd.DataFrame, codes: set[str], end: date) -> int:
    """The sum over ``codes`` of each commune's latest eligible count on or before ``end``."""
    rows = targets[targets["code"].isin(codes) & (targets["as_of"] <= pd.Timestamp(end))]
    rows = rows.sort_values("as_of", kind="stable")
    return int(sum(r["eligible"].dropna().iloc[-1] for _, r in rows.groupby("code")))


def test_a_district_scope_cuts_records_metrics_and_maps_and_the_province_keeps_all(demo_db_url):
    store = Store(demo_db_url)
    targets, visits, teams = store.targets(), store.visits(), store.teams()
    store.close()
    units = registry("approximate")
    in_347 = units.loc[units["district_code"] == "347", "code"].astype(str).tolist()
    assert len(in_347) == 14 and set(in_347) >= PHU_LY_DEMO

    district = seam(demo_db_url, PHU_LY)  # first, then the province: the caches never mix
    province = seam(demo_db_url, PROVINCE)
    again = seam(demo_db_url, PHU_LY)

    def only(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["code"].isin(PHU_LY_DEMO)].reset_index(drop=True)

    for out in (district, again):
        pd.testing.assert_frame_equal(out["targets"], only(targets))
        pd.testing.assert_frame_equal(out["visits"], only(visits))
        pd.testing.assert_frame_equal(out["teams"], teams)  # every team: not citizen data
        assert len(out["teams"]) == 19
        assert out["metrics"]["code"].tolist() == in_347  # registry order
        assert out["communes"]["code"].tolist() == in_347
        assert out["boundaries"].gdf["code"].tolist() == in_347
        assert out["boundaries"].approximate and not out["shared"]
        assert out["payload"].count('"code":') == 14
        assert len(out["registry"]) == 98  # the checks of imported files see every commune
    assert len(district["targets"]) == 15 and len(targets) == 60  # 3 and 12 communes × 5 dates
    # «Toàn tỉnh» of the district is the district's total, summed by hand
    assert rollup(district["metrics"], "province").iloc[0]["eligible"] == _latest_eligible(
        targets, PHU_LY_DEMO, END
    )
    # each commune keeps the figures it has for the province
    pd.testing.assert_frame_equal(
        district["metrics"].reset_index(drop=True),
        province["metrics"][province["metrics"]["code"].isin(in_347)].reset_index(drop=True),
    )
    # the province: exactly what the store holds, the shared boundaries, all 98 units
    pd.testing.assert_frame_equal(province["targets"], targets)
    pd.testing.assert_frame_equal(province["visits"], visits)
    assert len(province["metrics"]) == len(province["communes"]) == 98
    assert province["shared"]


def test_a_scope_without_records_has_no_dates_and_no_data(demo_db_url):
    out = seam(demo_db_url, EMPTY_COMMUNE)

    assert out["targets"].empty and out["visits"].empty
    assert out["dates"] is None
    assert out["metrics"]["code"].tolist() == ["13294"]
    assert not out["metrics"]["has_data"].any()
    assert out["communes"]["name"].tolist() == ["Châu Cầu"]


def test_the_data_dates_are_the_scopes(demo_db_url):
    assert seam(demo_db_url, PROVINCE)["dates"] == (date(2023, 2, 13), END)  # syncs the registry
    store = Store(demo_db_url)
    csv = (
        "Ngày,Tổ lưu động,Mã xã,Loại địa điểm,Số tài khoản kích hoạt\n"
        "05/06/2023,Tổ 2 (DEMO),13540,hộ gia đình,3\n"  # Bình Lục (352), after 31/05
    ).encode()
    result = read_visits(csv, "sau.csv", store.communes("approximate"))
    assert result.rows_ok == 1
    store.import_result(result, csv, "t")
    store.close()

    assert seam(demo_db_url, PROVINCE)["dates"] == (date(2023, 2, 13), date(2023, 6, 5))
    assert seam(demo_db_url, PHU_LY)["dates"] == (date(2023, 2, 13), END)


def test_the_published_plan_keeps_the_assignments_in_the_scope(demo_db_url):
    store = Store(demo_db_url)
    plan = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-01", "2023-06-01", "2023-06-02"]),
            "team": ["Tổ 1 (DEMO)", "Tổ 2 (DEMO)", "Tổ 3 (DEMO)"],
            "code": ["13291", "13540", "13306"],  # 347, 352, 347
            "window_start": ["18:00", "16:00", "17:00"],
            "window_end": ["21:30", "19:30", "20:00"],
        }
    )
    plan_id = store.save_plan(plan, params={}, user="t", start=date(2023, 6, 1), days=2, method="x")
    store.publish_plan(plan_id, "t")
    store.close()

    def published(user: User) -> tuple[int, list[str]]:
        number, rows = seam(demo_db_url, user)["plan"]
        return number, rows["commune"].tolist()

    assert published(PROVINCE) == (plan_id, ["Phường Lê Hồng Phong", "Xã Bình An", "Xã Phù Vân"])
    assert published(PHU_LY) == (plan_id, ["Phường Lê Hồng Phong", "Xã Phù Vân"])
    assert published(User("bl", "leader", Scope.commune("13540"))) == (plan_id, ["Xã Bình An"])
    assert published(EMPTY_COMMUNE) == (plan_id, [])


@pytest.mark.shared_data
@needs_data
def test_on_2025_07_a_district_keeps_its_total_on_the_successors_of_its_communes(tmp_path):
    from geo.demo import communes_with_points, load_demo

    url = f"sqlite:///{tmp_path / 'real.db'}"
    store = Store(url)
    load_demo(store, communes_with_points("2020-2024", DATA_DIR))
    targets = store.targets()
    store.close()
    old = load_boundaries("2020-2024", DATA_DIR).gdf
    new = load_boundaries("2025-07", DATA_DIR).gdf
    phu_ly = set(old.loc[old["district_code"] == "347", "code"].astype(str))
    successors = set(successor_codes(old, new).reindex(sorted(phu_ly)).astype(str))

    before = seam(url, PHU_LY, data_dir=DATA_DIR)
    after = seam(url, PHU_LY, "2025-07", data_dir=DATA_DIR)
    whole = seam(url, PROVINCE, "2025-07", data_dir=DATA_DIR)

    assert set(before["metrics"]["code"]) == phu_ly
    assert set(after["metrics"]["code"]) == successors and len(successors) < 33
    assert set(after["boundaries"].gdf["code"]) == successors
    assert set(after["targets"]["code"]) <= successors
    eligible = _latest_eligible(targets, phu_ly, END)
    for out in (before, after):  # the records are cut on 2020-2024, then re-coded
        assert rollup(out["metrics"], "province").iloc[0]["eligible"] == eligible
    assert rollup(whole["metrics"], "province").iloc[0]["eligible"] > eligible
