"""AppTest of views/planner.py on a tmp SQLite store holding the demo campaign.

The demo's visits end on 31/05/2023, so the plan starts on 01/06/2023. The horizon is cut to two
evenings and the solver to a few seconds to keep the tests fast.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import update

from geo import ingest
from geo.config import Settings
from geo.fmt import format_percent
from geo.store import Store
from geo.store.tables import team
from tests.views.helpers import page_test


@pytest.fixture
def page(demo_db_url):
    """The planner page, two-day horizon, 5 s solver limit, run once."""
    at = page_test("planner.py", Settings(data_dir=None, db_url=demo_db_url), timeout=120)
    at.session_state["plan_days"] = 2
    at.session_state["plan_time_limit"] = 5
    at.run()
    assert not at.exception, at.exception
    return at


def _frame(at, column: str) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if column in df.value.columns)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _build(at):
    at = at.button(key="plan_build").click().run()
    assert not at.exception, at.exception
    return at


def test_ranked_list_with_reasons_and_components(page):
    table = _frame(page, "Lý do")
    # the demo's 8 pilot units carry real codes (in the 98-unit registry); the 9xxxx ones do not
    assert len(table) == 8
    assert _metrics(page)["Chưa có số liệu"] == "90"
    assert table["Hạng"].tolist() == sorted(table["Hạng"])
    assert table["Hạng"].iloc[0] == 1 and table["Mức ưu tiên"].iloc[0] == 1
    assert table["Mức ưu tiên"].tolist() == [1, 1, 2, 2, 3, 4, 4, 5]  # floor(5(r-1)/8)+1
    assert table["Lý do"].str.len().gt(0).all()
    for column in ("Chưa kích hoạt", "Tỷ lệ kích hoạt", "Số ngày chưa có tổ đến", "Phút đi đường"):
        assert column in table.columns
    assert _metrics(page)["Xã được xếp hạng"] == str(len(table))
    assert page.date_input(key="plan_start").value == dt.date(2023, 6, 1)
    assert any("số người chưa kích hoạt 35 %" in c.value for c in page.caption)


def test_changing_weights_changes_the_ranking(page):
    before = _frame(page, "Lý do")
    for key in ("gap", "shortfall", "yield", "travel"):
        page.slider(key=f"plan_w_{key}").set_value(0.0)
    at = page.slider(key="plan_w_staleness").set_value(1.0).run()
    assert not at.exception
    after = _frame(at, "Lý do")
    assert after["Điểm"].tolist() != before["Điểm"].tolist()
    days = pd.to_numeric(after["Số ngày chưa có tổ đến"].str.replace(".", ""))
    assert days.iloc[0] == days.max()  # only staleness counts: the longest-unvisited first
    assert any("số ngày chưa có tổ đến 100 %" in c.value for c in at.caption)


def test_schedule_is_built_without_violations(page):
    at = _build(page)
    assert len(at.error) == 0
    assert any(s.value.startswith("Lịch hợp lệ") for s in at.success)
    n = int(_metrics(at)["Số buổi làm việc"].replace(".", ""))
    assert n > 0
    grid = _frame(at, "Tổ 1 (DEMO)")
    assert len(grid) == 2  # two evenings
    assert grid.index.tolist()[0].endswith("01/06/2023")
    labels = [el.proto.label for el in at.get("download_button")]
    assert "Tải lịch công tác (Excel)" in labels
    assert "Tải thông báo của xã đã chọn (PDF)" in labels


def test_hand_edit_is_checked_and_blocks_saving(page):
    at = _build(page)
    edit = _frame(at, "STT")
    first_day = edit[edit["Ngày"] == edit["Ngày"].iloc[0]]
    other = first_day["Tổ lưu động"].iloc[1]
    at.session_state["plan_edit"] = {
        "edited_rows": {0: {"Tổ lưu động": other}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at = at.run()
    assert not at.exception
    assert len(at.error) == 1
    assert f"{other} có 2 lịch trong ngày 01/06/2023" in at.error[0].value
    assert at.button(key="plan_save").disabled and at.button(key="plan_save_publish").disabled


def test_save_publish_then_compare_with_the_visit_logs(page, demo_db_url):
    at = _build(page)
    n = int(_metrics(at)["Số buổi làm việc"].replace(".", ""))
    at = at.button(key="plan_save_publish").click().run()
    assert not at.exception
    assert any("Đã lưu kế hoạch số 1 và công bố" in s.value for s in at.success)

    store = Store(demo_db_url)
    plans = store.plans()
    assert plans["id"].tolist() == [1] and plans["status"].tolist() == ["published"]
    assert plans["created_by"].tolist() == ["khách"] and plans["assignments"].tolist() == [n]
    assert plans["params"].iloc[0]["target_coverage"] == 0.8
    assert store.audit_log()["action"].tolist()[-2:] == ["save_plan", "publish_plan"]
    plan_id, assignments = store.published_plan()
    assert plan_id == 1 and len(assignments) == n
    assert _metrics(at)["Tỷ lệ buổi làm đúng lịch"] == "chưa đến hạn"

    # the first assignment is honoured: its team logs a visit there on the day
    first = assignments.iloc[0]
    due = int((assignments["date"] == first["date"]).sum())
    csv = (
        "Ngày,Tổ lưu động,Mã xã,Loại địa điểm,Giờ bắt đầu,Giờ kết thúc,"
        "Số tài khoản đăng ký,Số tài khoản kích hoạt\n"
        f"{first['date']:%d/%m/%Y},{first['team']},{first['code']},hộ gia đình,"
        f"{first['window_start']},{first['window_end']},25,21\n"
    ).encode()
    result = ingest.read_visits(csv, "ket_qua.csv", store.communes("approximate"))
    assert result.rows_ok == 1, result.rejected
    store.import_result(result, csv, "tổ trưởng")

    at = at.run()
    assert not at.exception
    m = _metrics(at)
    assert m["Tỷ lệ buổi làm đúng lịch"] == format_percent(1 / due)
    assert m["Buổi đã đến hạn"] == f"1/{due}"
    assert m["Kích hoạt thực tế / dự kiến"].startswith("21 / ")
    review = _frame(at, "Kết quả")
    assert review["Kết quả"].iloc[0] == "Đã thực hiện"
    assert (review["Kết quả"] == "Chưa đến ngày").sum() == n - due


def test_draft_is_published_from_the_saved_plans(page, demo_db_url):
    at = _build(page)
    at = at.button(key="plan_save").click().run()
    assert Store(demo_db_url).plans()["status"].tolist() == ["draft"]
    assert Store(demo_db_url).published_plan() is None
    at = at.button(key="plan_publish").click().run()
    assert not at.exception
    assert Store(demo_db_url).published_plan()[0] == 1
    status = _frame(at, "Trạng thái")["Trạng thái"].iloc[0]
    assert status.startswith("Đang áp dụng") and status.endswith("khách)")


def test_team_without_base_is_listed_and_not_offered(demo_db_url):
    store = Store(demo_db_url)
    with store.engine.begin() as conn:
        conn.execute(
            update(team).where(team.c.name == "Tổ 7 (DEMO)").values(base_lat=None, base_lon=None)
        )
    at = page_test("planner.py", Settings(data_dir=None, db_url=demo_db_url), timeout=120)
    at.run()
    assert not at.exception
    assert any("không thể lập lịch: Tổ 7 (DEMO)" in w.value for w in at.warning), [
        w.value for w in at.warning
    ]
    assert "Tổ 7 (DEMO)" not in at.multiselect(key="plan_teams").options
    assert "Tổ 1 (DEMO)" in at.multiselect(key="plan_teams").value


def test_team_table_edits_are_saved(page, demo_db_url):
    page.session_state["plan_teams_editor"] = {
        "edited_rows": {0: {"Số CBCS": 5, "Vĩ độ trụ sở": 20.6}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at = page.button(key="plan_teams_save").click().run()
    assert not at.exception
    assert any(s.value == "Đã lưu thông tin 19 tổ." for s in at.success)
    store = Store(demo_db_url)
    first = store.teams().set_index("name").loc["Tổ 1 (DEMO)"]
    assert (first["members"], first["base_lat"]) == (5, 20.6)
    assert store.audit_log()["action"].tolist()[-1] == "update_teams"
