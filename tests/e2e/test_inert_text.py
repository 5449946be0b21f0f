"""A hostile file in a real browser: markdown and HTML written in it are shown, never obeyed."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import assert_nothing_fetched_outside, sign_in

pytestmark = pytest.mark.e2e

IMAGE = "![x](http://10.9.9.9/a.png)"
TAG = "<img src=http://10.9.9.9/b.png>"
LINK = "[link](http://10.9.9.9/c)"
CSV = (
    "Ngày,Tổ lưu động,Xã/phường,Loại địa điểm,Tên địa điểm,Giờ bắt đầu,Giờ kết thúc,"
    f"Số tài khoản đăng ký,Số tài khoản kích hoạt,Ghi chú,{LINK}\n"
    f"20/03/2023,{IMAGE},Phường Lê Hồng Phong,hộ gia đình,{TAG},18:30,21:00,14,12,"
    "**đậm** :red[đỏ],x\n"
).encode()
# no "/" in a file name: the browser would cut it there
FILE_NAME = "![y](http:10.9.9.9) **đậm** :red[đỏ] <img src=http:10.9.9.9>.csv"


def shown(locator) -> str:
    """The text a reader sees (``ui.text.plain`` adds invisible word joiners)."""
    return locator.inner_text().replace("\u2060", "").strip()


@pytest.fixture(scope="module")
def approximate_app(app_server) -> str:
    return app_server({"VNEID_DATA_DIR": "none"})


def test_payloads_in_a_file_are_shown_literally(page, approximate_app, blocked_requests):
    sign_in(page, approximate_app, "clerk")
    page.goto(approximate_app + "/data")
    page.get_by_role("heading", name="Dữ liệu").wait_for(timeout=60_000)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": FILE_NAME, "mimeType": "text/csv", "buffer": CSV}
    )
    note = page.locator('[data-testid="stAlert"]').filter(has_text="Đã bỏ qua cột")
    note.wait_for(timeout=30_000)
    assert shown(note) == f"Đã bỏ qua cột không dùng đến: «{LINK}»."
    page.get_by_role("button", name="Nhập dữ liệu").click()
    success = page.locator('[data-testid="stAlert"]').filter(has_text="Đã nhập 1 dòng")
    success.wait_for(timeout=30_000)
    assert f"Đã nhập 1 dòng từ tệp {FILE_NAME} (lần nhập số " in shown(success)

    page.get_by_role("tab", name="Lịch sử nhập dữ liệu").click()
    page.get_by_text(f"{FILE_NAME} · 1 dòng").wait_for()
    # nothing in the page became an image, a link or bold text
    markdown = page.locator('[data-testid="stMarkdownContainer"], [data-testid="stAlert"]')
    assert markdown.locator("img").count() == 0
    assert markdown.locator("a[href*='10.9.9.9']").count() == 0
    assert page.locator("strong", has_text="đậm").count() == 0

    sign_in(page, approximate_app, "planner")  # the team is named in the planner's warning
    page.goto(approximate_app + "/planner")
    page.get_by_role("tab", name="Lập lịch").click()
    warning = page.locator('[data-testid="stAlert"]').filter(has_text="không thể lập lịch")
    warning.wait_for(timeout=60_000)
    assert f"không thể lập lịch: {IMAGE}." in shown(warning)
    assert warning.locator("img").count() == 0
    page.wait_for_timeout(500)  # an image that was drawn would have been fetched by now
    assert [u for u in blocked_requests if "10.9.9.9" in u] == []
    assert_nothing_fetched_outside(blocked_requests)
