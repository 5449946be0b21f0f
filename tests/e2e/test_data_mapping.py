"""A team leader's file in a browser: a column mapped from a drop-down, a row confirmed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_nothing_fetched_outside, sign_in

pytestmark = pytest.mark.e2e

# abbreviated headers the app reads by itself, and one («Cột F») it cannot
CSV = (
    "ngay,to_ld,ma_xa,Cột F,ten_dd,gio_bd,gio_kt,so_nguoi_hd,so_dk,so_kh\n"
    "14/03/2023,Tổ 3,13291,hộ gia đình,Xóm 2,18:00,21:00,30,20,18\n"
    "14/03/2023,Tổ 3,13291,hộ gia đình,Xóm 3,18:00,21:00,2,25,25\n"  # 25 of 2 guided
).encode()


@pytest.fixture(scope="module")
def approximate_app(app_server, tmp_path_factory) -> str:
    # a database of its own: the teams this test imports must not reach other tests' pages
    db = tmp_path_factory.mktemp("mapping") / "e2e.db"
    return app_server({"VNEID_DATA_DIR": "none", "VNEID_DB_URL": f"sqlite:///{db}"})


def _expect_metrics(page, values: list[str]) -> None:
    """The three counts of the check, waited for (a rerun redraws them)."""
    metrics = page.locator('[data-testid="stMetricValue"]')
    expect(metrics).to_have_count(3, timeout=60_000)
    expect(metrics).to_have_text(values, timeout=60_000)


def test_map_a_column_then_confirm_a_row(page, approximate_app, blocked_requests, screenshot_dir):
    sign_in(page, approximate_app, "clerk")
    page.goto(approximate_app + "/data")
    page.get_by_role("heading", name="Dữ liệu").wait_for(timeout=60_000)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": "to3_14-03.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    page.get_by_role("button", name="Áp dụng cách ghép cột").wait_for(timeout=60_000)
    assert (
        "Thiếu cột bắt buộc: «Loại địa điểm»"
        in page.locator('[data-testid="stAlert"]').first.inner_text()
    )
    _expect_metrics(page, ["0", "0", "0"])
    page.get_by_label("Cột F").click()
    page.keyboard.type("Loại địa điểm")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Áp dụng cách ghép cột").click()
    page.get_by_role("heading", name="Dòng cần xác nhận").wait_for(timeout=60_000)
    _expect_metrics(page, ["2", "1", "0"])
    page.screenshot(path=screenshot_dir / "data_mapping_confirm.png", full_page=True)
    page.get_by_text("Tôi đã kiểm tra 1 dòng này và vẫn nhập").click()
    page.get_by_role("button", name="Nhập dữ liệu", exact=True).click()
    success = page.locator('[data-testid="stAlertContentSuccess"]')
    success.wait_for(timeout=60_000)
    assert success.inner_text().startswith("Đã nhập 2 dòng từ tệp to3_14-03.csv")
    assert_nothing_fetched_outside(blocked_requests)
