"""ui.state, the seam: every cached figure follows the store's revision.

A write made elsewhere (another session, a clerk, a command) shows on the next rerun of a page
that is already open, without a restart: a team's new base on the planner page, a published
plan on the progress page and in the meeting pack, an import and its undo on the map page. The
pages run as AppTests in this process, so they share Streamlit's caches exactly as the sessions
of one server do.
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
from openpyxl import load_workbook

from geo import planning
from geo.config import Settings
from geo.fmt import format_int
from geo.ingest import read_visits
from geo.store import Store
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


def test_a_plan_published_elsewhere_shows_on_the_open_progress_page(demo_db_url, media):
    at = page_test("progress.py", Settings(data_dir=None, db_url=demo_db_url), timeout=120)
    at = _run(at)
    assert any("Chưa có lịch công tác đã công bố" in c.value for c in at.caption)
    at = at.button(key="progress_pack").click().run()
    store = Store(demo_db_url)
    schedule = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-01", "2023-06-02"]),
            "team": ["Tổ 1 (DEMO)", "Tổ 2 (DEMO)"],
            "code": ["13291", "13540"],
            "window_start": ["18:00", "16:00"],
            "window_end": ["21:30", "19:30"],
            "expected_activations": [30.0, 20.0],
        }
    )
    plan_id = store.save_plan(
        schedule, params={}, user="kế hoạch", start=date(2023, 6, 1), days=2, method="milp"
    )
    store.publish_plan(plan_id, "kế hoạch")

    at = _run(at)

    assert any(f"kế hoạch số {plan_id}, 2 dòng" in c.value for c in at.caption)
    xlsx = next(
        media(b.proto.url) for b in at.get("download_button") if b.proto.url.endswith("xlsx")
    )
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
