"""«Báo cáo buổi tối» in a real browser on a phone (390 x 844): a team leader fills and sends one
place with the keyboard only; a reload in the middle of the report finds the draft.

The server of this module has an environment of its own (``VNEID_E2E_SUITE``), so no other test
shares it; the approximate boundaries (``VNEID_DATA_DIR=none``) are enough. Each test signs in as
the leader of its own team, so the two drafts never meet.
"""

from __future__ import annotations

import time

import pytest

from bench.pageload import guard_offline
from geo.store import Store
from tests.e2e.helpers import PHONE, settle, sign_in

pytestmark = [pytest.mark.e2e]

_OVERFLOW = """() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
})"""
COUNTS = {
    "Số hộ đã đến": "25",
    "Số người được hướng dẫn": "40",
    "Số tài khoản đăng ký": "18",
    "Số tài khoản kích hoạt": "15",
    "Lượt dùng dịch vụ công trực tuyến": "6",
}


@pytest.fixture(scope="module")
def app(app_server):
    return app_server({"VNEID_DATA_DIR": "none", "VNEID_E2E_SUITE": "evening16-phone"})


def _type(page, label: str, text: str) -> None:
    """Focus a field by its label (no click), type like a person, leave it with Tab."""
    field = page.get_by_label(label, exact=True)
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text, delay=30)
    page.keyboard.press("Tab")
    settle(page, quiet_ms=500)


def _open(page, app, team: str) -> None:
    sign_in(page, app, "team_leader", team=team)
    page.goto(app + "/evening_report")
    settle(page)
    assert page.get_by_role("heading", name="Báo cáo buổi tối").first.is_visible()


def _commune(page) -> None:
    """Choose Lê Hồng Phong in the commune's selectbox with the keyboard."""
    page.get_by_label("Xã, phường, thị trấn", exact=True).focus()
    page.keyboard.type("Lê Hồng Phong", delay=30)
    page.keyboard.press("Enter")
    settle(page, quiet_ms=500)


def test_a_team_leader_sends_one_place_with_the_keyboard_only(app, phone):
    _open(phone, app, "Tổ E2E gửi")
    started = time.monotonic()
    _commune(phone)
    _type(phone, "Giờ bắt đầu", "18:00")
    _type(phone, "Giờ kết thúc", "21:30")
    _type(phone, "Tên địa điểm", "Tổ dân phố số 3")
    for label, value in COUNTS.items():
        _type(phone, label, value)
    send = phone.get_by_role("button", name="Gửi báo cáo")
    assert send.is_enabled()
    send.focus()
    phone.keyboard.press("Enter")
    settle(phone)
    elapsed = time.monotonic() - started
    assert phone.get_by_text("Đã gửi báo cáo: lần nhập số", exact=False).first.is_visible()
    print(f"one place filled and sent in {elapsed:.1f} s")
    assert elapsed < 120, elapsed
    size = phone.evaluate(_OVERFLOW)
    assert size["scroll"] <= size["width"], size  # one column: no sideways scrolling
    store = Store(app.db_url)
    try:
        mine = store.visits().query("team == 'Tổ E2E gửi'")
        assert mine[["code", "households", "activated"]].values.tolist() == [["13291", 25, 15]]
    finally:
        store.close()


def test_a_reload_in_the_middle_of_the_report_finds_the_draft(app, phone):
    _open(phone, app, "Tổ E2E nháp")
    _commune(phone)
    _type(phone, "Tên địa điểm", "Thôn Nháp")
    _type(phone, "Số hộ đã đến", "12")
    phone.reload()
    settle(phone)
    assert phone.get_by_text("Đã khôi phục bản nháp lưu lúc", exact=False).first.is_visible()
    assert phone.get_by_label("Tên địa điểm", exact=True).input_value() == "Thôn Nháp"
    assert phone.get_by_label("Số hộ đã đến", exact=True).input_value() == "12"


def test_the_phone_s_location_fills_the_place_when_allowed(app, browser):
    """Geolocation served by the app (no request leaves localhost), allowed by the officer."""
    context = browser.new_context(
        viewport=PHONE,
        locale="vi-VN",
        has_touch=True,
        is_mobile=True,
        permissions=["geolocation"],
        geolocation={"latitude": 20.5412, "longitude": 105.9135, "accuracy": 12},
    )
    context.set_default_timeout(30_000)
    blocked = guard_offline(context, [])
    page = context.new_page()
    try:
        _open(page, app, "Tổ E2E vị trí")
        frame = page.frame_locator('iframe[title*="vneid_geolocation"]').first
        frame.get_by_role("button", name="Lấy vị trí của điện thoại").focus()
        page.keyboard.press("Enter")
        settle(page, quiet_ms=500)
        assert page.get_by_label("Vĩ độ", exact=True).input_value() == "20.54120"
        assert page.get_by_label("Kinh độ", exact=True).input_value() == "105.91350"
        assert page.get_by_text("Độ chính xác khoảng 12 m.").first.is_visible()
        # the fields are in the place's «Vị trí» section, open now that it holds a location
        assert page.get_by_label("Vĩ độ", exact=True).is_visible()
    finally:
        context.close()
    assert blocked == [], blocked
