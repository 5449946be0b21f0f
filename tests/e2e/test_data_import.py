"""A clerk's round trip in a real browser: upload, read the rejected rows, import, undo."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import assert_nothing_fetched_outside, sign_in

pytestmark = pytest.mark.e2e

CSV = (
    "Ngày,Tổ lưu động,Xã/phường,Loại địa điểm,Giờ bắt đầu,Giờ kết thúc,"
    "Số tài khoản đăng ký,Số tài khoản kích hoạt,Ghi chú\n"
    "20/03/2023,Tổ 9,Phường Lê Hồng Phong,hộ gia đình,18:30,21:00,14,12,Tổ dân phố số 5\n"
    "20/03/2023,Tổ 9,Phường Lê Hồng Phong,hộ gia đình,19:00,20:00,3,5,kích hoạt > đăng ký\n"
).encode()


@pytest.fixture(scope="module")
def approximate_app(app_server) -> str:
    # the approximate registry holds Lê Hồng Phong too, so this runs with or without data
    return app_server({"VNEID_DATA_DIR": "none"})


def test_upload_review_import_and_undo(page, approximate_app, blocked_requests, screenshot_dir):
    sign_in(page, approximate_app, "clerk")
    page.goto(approximate_app + "/data")
    page.get_by_role("heading", name="Dữ liệu").wait_for(timeout=60_000)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": "to9_20-03.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    page.get_by_text("Dòng bị từ chối và lý do").wait_for(timeout=30_000)
    metrics = page.locator('[data-testid="stMetric"]')
    assert "Dòng hợp lệ\n\n1" in metrics.nth(0).inner_text().replace("\r", "")
    assert "Dòng cần xác nhận\n\n0" in metrics.nth(1).inner_text().replace("\r", "")
    assert "Dòng bị từ chối\n\n1" in metrics.nth(2).inner_text().replace("\r", "")
    page.screenshot(path=screenshot_dir / "data_rejected.png", full_page=True)

    page.get_by_role("button", name="Nhập dữ liệu").click()
    success = page.locator('[data-testid="stAlert"]').filter(has_text="Đã nhập 1 dòng")
    success.wait_for(timeout=30_000)
    assert "1 dòng bị từ chối" in success.inner_text()

    page.get_by_role("tab", name="Lịch sử nhập dữ liệu").click()
    row = page.get_by_text("to9_20-03.csv · 1 dòng")
    row.wait_for()
    undo = page.get_by_role("button", name="Hoàn tác lần nhập")
    undo.first.wait_for()
    # the newest batch is listed first
    undo.first.click()
    page.get_by_role("button", name="Xác nhận hoàn tác").click()
    done = page.locator('[data-testid="stAlert"]').filter(has_text="Đã hoàn tác lần nhập")
    done.wait_for(timeout=30_000)
    assert "xóa 1 dòng" in done.inner_text()
    page.screenshot(path=screenshot_dir / "data_undone.png", full_page=True)
    assert_nothing_fetched_outside(blocked_requests)
