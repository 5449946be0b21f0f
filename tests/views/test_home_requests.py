"""AppTest of views/home_requests.py (issue 16): record, list, close; personal data by role."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.access import Scope, User
from geo.clock import to_vietnam, utc_now
from geo.config import Settings
from geo.demo import communes_with_points
from geo.store import Store
from tests.views.helpers import page_test
from tests.views.test_accounts_page import page_texts

VAN = {
    "code": "13291",  # Lê Hồng Phong, Phủ Lý (district 347)
    "resident": "Bà Vân Nguyễn",
    "address": "Số 5 ngõ 12 Lê Hồng Phong",
    "reason": "elderly",
    "phone": "0912 345 678",
    "requested_by": "Con trai bà Vân",
}
HOA = {"code": "13540", "resident": "Chị Hoa Trần", "reason": "illness", "phone": "0987 654 321"}
PERSONAL = ("Bà Vân Nguyễn", "Số 5 ngõ 12", "0912 345 678", "Con trai bà Vân", "Chị Hoa Trần")


@pytest.fixture
def db(tmp_path) -> str:
    """A database with the communes synced and two open requests: bà Vân, recorded 20 days
    ago (overdue at 14 days), and chị Hoa, recorded today."""
    url = f"sqlite:///{tmp_path / 'requests.db'}"
    now = utc_now()
    store = Store(url, now=lambda: now - dt.timedelta(days=20))
    store.sync_communes(communes_with_points("approximate", None))
    store.add_home_request(VAN, "kiemthu.clerk")
    store.close()
    store = Store(url)
    store.add_home_request(HOA, "kiemthu.clerk")
    store.close()
    return url


def open_page(url: str, user="commander"):
    at = page_test("home_requests.py", Settings(db_url=url, data_dir=None), user=user).run()
    assert not at.exception, at.exception
    return at


#: Each table of the page -> a column only it has.
TABLES = {"hr_counts": "Số yêu cầu đang mở", "hr_details": "Người cần hỗ trợ"}


def _tables(at, key: str) -> list:
    return [f.value for f in at.dataframe if TABLES[key] in f.value.columns]


def _table(at, key: str):
    found = _tables(at, key)
    assert len(found) == 1, f"{len(found)} tables {key}"
    return found[0]


def test_commander_sees_the_open_requests_with_days_and_the_overdue_mark(db):
    at = open_page(db)
    details = _table(at, "hr_details")
    assert details["Người cần hỗ trợ"].tolist() == ["Bà Vân Nguyễn", "Chị Hoa Trần"]
    assert details["Số ngày chờ"].tolist() == [20, 0]
    assert details["Quá hạn"].tolist() == ["Quá hạn", ""]
    assert details["Lý do"].tolist() == ["Người cao tuổi", "Ốm đau, tai nạn"]
    assert details["Xã, phường, thị trấn"].tolist() == ["Lê Hồng Phong", "Bình An"]
    counts = _table(at, "hr_counts")
    assert counts["Số yêu cầu đang mở"].tolist() == [1, 1]
    assert counts["Quá hạn"].tolist() == [1, 0]


def test_record_a_request_from_the_form(db):
    at = open_page(db, "clerk")
    at.selectbox(key="hr_code").set_value("13291")
    at.selectbox(key="hr_reason").set_value("disability")
    at.text_input(key="hr_resident").input("Hộ ông Ba")
    at.text_input(key="hr_phone").input("+84 222 385 1234")
    at.text_input(key="hr_requested_by").input("Trưởng thôn")
    at = _submit(at)
    assert not at.exception
    assert [s.value for s in at.success] == ["Đã ghi nhận yêu cầu số 3."]
    details = _table(at, "hr_details")
    assert details["Người cần hỗ trợ"].tolist()[-1] == "Hộ ông Ba"
    assert details["Lý do"].tolist()[-1] == "Người khuyết tật"
    assert at.text_input(key="hr_resident").value == ""  # the form is empty again
    store = Store(db)
    try:
        last = store.home_requests().iloc[-1]
        assert (last["recorded_by"], last["phone"], last["code"]) == (
            "kiemthu.clerk",
            "+84 222 385 1234",
            "13291",
        )
    finally:
        store.close()


def _submit(at):
    return at.button(key="FormSubmitter:hr_form-Ghi nhận yêu cầu").click().run()


@pytest.mark.parametrize(
    ("phone", "resident", "message"),
    [
        ("0912-345", "Hộ ông Ba", "Số điện thoại chỉ gồm chữ số, dấu + và dấu cách."),
        ("", "  ", "Hãy ghi tên người cần hỗ trợ hoặc hộ gia đình."),
        ("", "Ông\u200b Ba", "có ký tự ẩn (U+200B); hãy gõ lại."),
    ],
)
def test_a_refused_field_says_why_and_keeps_what_was_typed(db, phone, resident, message):
    at = open_page(db)
    at.selectbox(key="hr_code").set_value("13291")
    at.selectbox(key="hr_reason").set_value("other")
    at.text_input(key="hr_resident").input(resident)
    at.text_input(key="hr_phone").input(phone)
    at = _submit(at)
    assert not at.exception
    assert message in [e.value for e in at.error]
    assert at.text_input(key="hr_resident").value == resident  # nothing typed is lost
    assert len(_table(at, "hr_details")) == 2  # nothing recorded


def test_the_form_names_a_missing_commune_and_reason(db):
    at = open_page(db)
    at.text_input(key="hr_resident").input("Hộ ông Ba")
    at = _submit(at)
    errors = [e.value for e in at.error]
    assert "Hãy chọn một xã, phường, thị trấn trong danh sách." in errors
    assert "Hãy chọn lý do trong danh sách." in errors


def test_close_a_request_and_closing_again_says_so(db):
    at = open_page(db, "clerk")
    at = at.selectbox(key="hr_close_id").set_value(1).run()
    at = at.button(key="hr_close").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Đã đóng yêu cầu số 1."]
    assert _table(at, "hr_details")["Số"].tolist() == [2]
    store = Store(db)
    try:
        closed = store.home_requests(status="closed")
        assert closed["closed_by"].tolist() == ["kiemthu.clerk"]
        assert store.close_home_request(1, "kiemthu.clerk") is False
    finally:
        store.close()


@pytest.mark.parametrize("role", ["leader", "planner", "admin"])
def test_a_role_without_personal_data_sees_counts_and_no_name_or_phone(db, role):
    at = open_page(db, role)
    texts = page_texts(at)
    for word in PERSONAL:
        assert word not in texts, (role, word)
    counts = _table(at, "hr_counts")
    assert counts["Số yêu cầu đang mở"].tolist() == [1, 1]
    assert not _tables(at, "hr_details")
    assert not at.text_input  # no form to record, no close button
    assert not [b for b in at.button if "hr_close" in (b.key or "")]


def test_a_district_commander_sees_only_its_district(db):
    at = open_page(db, User("chihuy.347", "commander", Scope.district("347")))
    assert _table(at, "hr_details")["Người cần hỗ trợ"].tolist() == ["Bà Vân Nguyễn"]
    assert "Chị Hoa Trần" not in page_texts(at)


def test_a_team_leader_sees_and_closes_the_requests_of_its_area(db):
    at = open_page(db, User("to1", "team_leader", Scope.district("352"), team="Tổ 1 (DEMO)"))
    assert _table(at, "hr_details")["Người cần hỗ trợ"].tolist() == ["Chị Hoa Trần"]
    assert "Bà Vân" not in page_texts(at)


def test_user_text_is_inert(db):
    store = Store(db)
    store.add_home_request({**HOA, "resident": "**Đậm** <b>x</b> [a](http://x)"}, "an")
    store.close()
    at = open_page(db)
    assert "**Đậm** <b>x</b> [a](http://x)" in _table(at, "hr_details")["Người cần hỗ trợ"].tolist()
    assert not [m for m in at.markdown if "Đậm" in m.value]


def test_the_day_count_is_in_vietnam_time(db):
    at = open_page(db)
    recorded = _table(at, "hr_details")["Ngày ghi nhận"].tolist()[-1]
    assert recorded == to_vietnam(utc_now()).strftime("%d/%m/%Y")
