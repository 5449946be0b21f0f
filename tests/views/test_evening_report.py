"""AppTest of views/evening_report.py (issue 16): pre-fill, reasons by field, drafts, sending."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from geo.access import Scope, User
from geo.clock import to_vietnam, utc_now
from geo.config import Settings
from geo.demo import communes_with_points
from geo.store import Store
from tests.views.helpers import _walk, page_test

TEAM = "Tổ 1 (DEMO)"  # the team of the test team leader (tests.views.helpers.as_user)
VAN = {"code": "13291", "resident": "Bà Vân Nguyễn", "reason": "elderly"}
HOA = {"code": "13540", "resident": "Chị Hoa Trần", "reason": "illness"}


def _today() -> dt.date:
    return to_vietnam(utc_now()).date()


@pytest.fixture
def db(tmp_path) -> str:
    """Communes synced, a published plan sending the team to Lê Hồng Phong (13291) tonight,
    18:15-21:00, and two open home-visit requests (one there, one in Bình An)."""
    url = f"sqlite:///{tmp_path / 'evening.db'}"
    store = Store(url)
    store.sync_communes(communes_with_points("approximate", None))
    schedule = pd.DataFrame(
        {
            "date": [pd.Timestamp(_today())],
            "team": [TEAM],
            "code": ["13291"],
            "window_start": ["18:15"],
            "window_end": ["21:00"],
        }
    )
    plan_id = store.save_plan(
        schedule, params={}, user="kiemthu.planner", start=_today(), days=1, method="greedy"
    )
    store.publish_plan(plan_id, "kiemthu.planner")
    store.add_home_request(VAN, "kiemthu.clerk")
    store.add_home_request(HOA, "kiemthu.clerk")
    store.close()
    return url


def open_page(url: str, user="team_leader"):
    at = page_test("evening_report.py", Settings(db_url=url, data_dir=None), user=user).run()
    assert not at.exception, at.exception
    return at


def _in_order(at) -> list[str]:
    """Widget keys and error texts of the page, in the order they are drawn."""
    out = []
    for node in _walk(at.main):
        if getattr(node, "type", None) == "alert" or type(node).__name__ == "Error":
            out.append(node.value)
        elif getattr(node, "key", None) and not hasattr(node, "children"):
            out.append(node.key)
    return out


def _fill(at, **values):
    for name, value in values.items():
        widget = at.number_input(key=f"er_0_{name}")
        widget.set_value(value)
    return at.run()


def test_the_evening_is_prefilled_from_the_published_plan(db):
    at = open_page(db)
    assert at.date_input(key="er_date").value == _today()
    assert at.selectbox(key="er_code").value == "13291"
    assert (at.text_input(key="er_start").value, at.text_input(key="er_end").value) == (
        "18:15",
        "21:00",
    )
    assert at.text_input(key="er_team_shown").value == TEAM
    # only tonight's commune's request, with the resident's name (the team leader may see it)
    boxes = [c.label for c in at.checkbox if c.key.startswith("er_req_")]
    assert boxes == ["\\#1 · Người cao tuổi · Bà Vân Nguyễn — Đã hỗ trợ"]


def test_a_leader_without_an_assignment_picks_the_commune(db):
    other = User("kiemthu.to2", "team_leader", Scope.province(), "Tổ 2")
    at = open_page(db, other)
    assert at.selectbox(key="er_code").value is None
    assert at.button(key="er_send").disabled
    assert "Tối nay tổ không có lịch trong kế hoạch; hãy chọn xã đã đến." in [
        c.value for c in at.caption
    ]


@pytest.mark.parametrize("role", ["clerk", "planner", "commander"])
def test_only_team_leaders_reach_the_form(db, role):
    at = open_page(db, role)
    assert next(e.value for e in at.error).startswith("Vai trò ")
    assert "nhập kết quả của tổ lưu động" in at.error[0].value
    assert not at.number_input


def test_a_reason_is_shown_next_to_its_field_and_sending_waits(db):
    at = _fill(open_page(db), people_guided=10, registered=4, activated=6)
    reason = (
        "số kích hoạt (6) lớn hơn số đăng ký (4) — số tài khoản kích hoạt không được "
        "vượt số tài khoản đăng ký."
    )
    assert [e.value for e in at.error] == [
        reason,
        "Còn 1 chỗ cần sửa trước khi gửi (xem các ô được đánh dấu).",
    ]
    # next to its field: right after «Số tài khoản kích hoạt», before the next field
    order = _in_order(at)
    assert order[order.index("er_0_activated") + 1] == reason
    assert order[order.index("er_0_activated") + 2] == "er_0_services_used"
    assert at.button(key="er_send").disabled
    # fixed: the reason goes away, the button opens
    at = _fill(at, registered=8)
    assert not [e for e in at.error]
    assert not at.button(key="er_send").disabled


def test_a_flag_waits_for_the_leaders_confirmation(db):
    at = _fill(open_page(db), people_guided=2, registered=5, activated=5)
    assert any("lớn hơn số người được hướng dẫn" in w.value for w in at.warning)
    assert at.button(key="er_send").disabled
    at.checkbox(key="er_confirm").check().run()
    assert not at.button(key="er_send").disabled


def test_the_totals_add_every_place(db):
    at = _fill(open_page(db), households=3, people_guided=7, registered=5, activated=4)
    at.button(key="er_add").click().run()
    at.number_input(key="er_1_households").set_value(2).run()
    totals = next(t.value for t in at.dataframe if "Tổng" in t.value.columns)
    assert totals["Tổng"].tolist() == [2, 5, 7, 5, 4, 0]


def test_a_draft_is_restored_in_a_new_session(db):
    at = open_page(db)
    at.text_input(key="er_0_place_name").input("Tổ dân phố số 3").run()
    at = _fill(at, households=12, activated=3)
    at.button(key="er_add").click().run()
    at.selectbox(key="er_1_place_type").set_value("school").run()
    again = open_page(db)  # a new session on the same database: a reload, another phone
    assert any(i.value.startswith("Đã khôi phục bản nháp lưu lúc") for i in again.info)
    assert again.text_input(key="er_0_place_name").value == "Tổ dân phố số 3"
    assert again.number_input(key="er_0_households").value == 12
    assert again.number_input(key="er_0_activated").value == 3
    assert again.selectbox(key="er_1_place_type").value == "school"


def test_an_untouched_form_saves_no_draft(db):
    open_page(db)
    store = Store(db)
    try:
        assert store.report_draft(TEAM, _today()) is None
    finally:
        store.close()


def test_sending_creates_a_batch_and_closes_the_ticked_request(db):
    at = open_page(db)
    at.text_input(key="er_0_place_name").input("Tổ dân phố số 3").run()
    at = _fill(at, households=25, people_guided=40, registered=18, activated=15, services_used=6)
    at.checkbox(key="er_req_1").check().run()
    at = at.button(key="er_send").click().run()
    assert not at.exception, at.exception
    store = Store(db)  # the page loaded the demo campaign into the empty store: batches 1-4
    try:
        mine = store.batches().query("user == 'kiemthu.team_leader'")
        assert len(mine) == 1
        batch = mine.iloc[0]
        bid = int(batch["id"])
        assert [s.value for s in at.success] == [
            f"Đã gửi báo cáo: lần nhập số {bid}, 1 địa điểm. Đã đóng 1 yêu cầu hỗ trợ tại nhà."
        ]
        assert (batch["kind"], int(batch["rows_ok"]), int(batch["rows_rejected"])) == (
            "visits",
            1,
            0,
        )
        assert batch["file_name"] == f"bao-cao-{TEAM}-{_today().isoformat()}.csv"
        assert store.raw_file(bid).decode().splitlines()[1] == (
            f"{_today():%d/%m/%Y},{TEAM},13291,,,hộ gia đình,Tổ dân phố số 3,18:15,21:00,"
            "25,40,18,15,6,,,"
        )
        visits = store.visits().query("import_id == @bid")
        assert visits["team"].tolist() == [TEAM] and visits["activated"].tolist() == [15]
        requests = store.home_requests().set_index("id")
        assert requests.loc[1, "status"] == "closed"
        assert requests.loc[1, "closed_by_import"] == bid
        assert requests.loc[2, "status"] == "open"
        assert store.report_draft(TEAM, _today()) is None  # deleted on sending
        assert "import" in store.audit_log()["action"].tolist()
    finally:
        store.close()


def test_values_come_back_when_streamlit_forgets_the_widgets(db):
    at = open_page(db)
    at.text_input(key="er_0_place_name").input("Thôn A").run()
    at = _fill(at, households=4)
    payload = at.session_state["er_payload"]
    # a session that went to another page: Streamlit dropped the keys of the undrawn widgets,
    # the page's own keys stay
    back = page_test("evening_report.py", Settings(db_url=db, data_dir=None), user="team_leader")
    back.session_state["er_for"] = (TEAM, _today().isoformat())
    back.session_state["er_payload"] = payload
    back.run()
    assert not back.exception
    assert back.text_input(key="er_0_place_name").value == "Thôn A"
    assert back.number_input(key="er_0_households").value == 4
    assert back.selectbox(key="er_code").value == "13291"
    assert not back.info  # not a restored draft: the session's own form
