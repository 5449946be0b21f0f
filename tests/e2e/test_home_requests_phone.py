"""The page «Yêu cầu hỗ trợ tại nhà» in a real browser on a phone (390 x 844): a clerk records
a request with the keyboard and finds it in the list; nothing is wider than the screen.

The server of this module has an environment of its own (``VNEID_E2E_SUITE``), so no other test
shares it; the approximate boundaries (``VNEID_DATA_DIR=none``) are enough.
"""

from __future__ import annotations

import pytest

from tests.e2e.helpers import settle, sign_in

pytestmark = [pytest.mark.e2e]

#: JS: the widest element's right edge against the window's width.
_OVERFLOW = """() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
})"""


@pytest.fixture(scope="module")
def app(app_server):
    return app_server({"VNEID_DATA_DIR": "none", "VNEID_E2E_SUITE": "requests16-phone"})


def _choose(page, label: str, option: str) -> None:
    """Open a selectbox by its label, type to filter its options and pick one with Enter."""
    box = page.get_by_label(label, exact=True)
    box.click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")


def test_a_clerk_records_a_request_on_a_phone(app, phone):
    sign_in(phone, app, "clerk")
    phone.goto(app + "/home_requests")
    settle(phone)
    assert phone.get_by_role("heading", name="Yêu cầu hỗ trợ tại nhà").first.is_visible()
    _choose(phone, "Xã, phường, thị trấn", "Lê Hồng Phong")
    _choose(phone, "Lý do", "Người cao tuổi")
    phone.get_by_label("Người cần hỗ trợ (họ tên hoặc hộ gia đình)").fill("Bà Vân Thử")
    phone.get_by_label("Số điện thoại").fill("0912 345 678")
    phone.get_by_role("button", name="Ghi nhận yêu cầu").click()
    settle(phone)
    assert phone.get_by_text("Đã ghi nhận yêu cầu số", exact=False).first.is_visible()
    grid = phone.locator('[data-testid="stDataFrame"]')
    assert grid.count() == 2  # the counts per commune and the list
    size = phone.evaluate(_OVERFLOW)
    assert size["scroll"] <= size["width"], size  # one column: no sideways scrolling
