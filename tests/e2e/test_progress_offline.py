"""The progress page («Tiến độ») in a real browser, with the internet out of reach.

``streamlit run app.py`` (fixture ``app_server``) on a fresh database loads the demo campaign on
first start; the page must draw its two Altair charts from the Vega copy bundled in Streamlit's
frontend (nothing fetched from outside) and show the May 2023 position in Vietnamese formats.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.helpers import sign_in
from tests.shared_data import DATA_DIR, needs_data

pytestmark = pytest.mark.e2e

#: A Vega chart has drawn when its canvas (or svg) exists inside the chart element.
CHART = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
METRIC = '[data-testid="stMetric"]'


def _metric_value(page, label: str) -> str:
    metric = page.locator(METRIC).filter(has=page.get_by_text(label, exact=True))
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


@pytest.mark.shared_data
@needs_data
def test_progress_page_draws_offline_in_vietnamese(
    page, app_server, blocked_requests, screenshot_dir
):
    base_url = app_server({"VNEID_DATA_DIR": str(DATA_DIR)})
    sign_in(page, base_url, "leader")
    page.goto(base_url + "/")
    nav = page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Tiến độ")
    nav.click()
    page.wait_for_url(re.compile(r"/progress(?:\?lang=vi)?$"))  # the language stays in the URL

    page.get_by_text("754.277", exact=True).wait_for(state="visible", timeout=90_000)
    page.locator(CHART).nth(1).wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(1_500)  # let Vega finish its first paint before the screenshot
    page.screenshot(path=screenshot_dir / "progress_2020-2024.png", full_page=True)

    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 2
    assert _metric_value(page, "Công dân đủ điều kiện") == "754.277"
    assert _metric_value(page, "Đã kích hoạt") == "401.592"
    assert _metric_value(page, "Tỷ lệ kích hoạt") == "53,2 %"
    assert page.get_by_text(re.compile(r"Số liệu đến ngày 31/05/2023")).count() == 1
    assert page.get_by_text(re.compile(r"dự kiến đạt chỉ tiêu ngày \d\d/\d\d/2023")).count() == 1

    page.get_by_text("Kích hoạt qua tổ lưu động theo tuần").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=screenshot_dir / "progress_charts.png")

    page.get_by_role("button", name="Tạo báo cáo giao ban").click()
    pdf = page.get_by_role("button", name="Tải PDF (để in)")
    pdf.wait_for(state="visible", timeout=60_000)
    pdf.scroll_into_view_if_needed()
    page.get_by_text("Bảng xếp hạng huyện, thị xã, thành phố").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=screenshot_dir / "progress_league_and_pack.png")
    assert page.get_by_role("button", name="Tải Excel số liệu").is_visible()
    assert page.get_by_role("button", name="Tải bản đồ (PNG)").is_visible()
    assert blocked_requests == [], f"requests left localhost: {blocked_requests}"


@pytest.mark.shared_data
@needs_data
def test_deep_link_on_a_fresh_server_goes_through_app_py(page, app_server, blocked_requests):
    # a server of its own (extra variable): no request may have run app.py before this one
    base_url = app_server({"VNEID_DATA_DIR": str(DATA_DIR), "VNEID_E2E_FRESH": "deep-link"})
    sign_in(page, base_url, "leader")
    page.goto(base_url + "/progress")
    page.get_by_text("754.277", exact=True).wait_for(state="visible", timeout=90_000)

    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Tiến độ" in nav  # app.py's navigation, not the file names "app, data, map, progress"
