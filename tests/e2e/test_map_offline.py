"""The map page in a real browser, with the internet out of reach.

Every test runs ``streamlit run app.py`` (fixture ``app_server``) and opens it in Debian's
headless Chromium (fixture ``page``), which aborts any request that leaves localhost. The map
must draw from the app's own Leaflet copy: 109 communes with the real data, 98 approximate cells
without it, 33 units for the 07/2025 structure.
"""

from __future__ import annotations

import re

import pytest

from bench.pageload import (
    MAP_PAGE_ELEMENTS,
    POLYGON_SELECTOR,
    wait_for_map_page,
    wait_for_polygons,
)
from tests.e2e.helpers import (
    VIETNAMESE_LETTER,
    assert_nothing_fetched_outside,
    deepest_point,
    hover_latlon,
    open_app,
    sign_in,
)
from tests.shared_data import DATA_DIR, HAVE_DATA

pytestmark = pytest.mark.e2e

needs_data = pytest.mark.skipif(
    not HAVE_DATA, reason="no third-party data directory (../shared/data or VNEID_DATA_DIR)"
)


@pytest.fixture(scope="module")
def real_app(app_server) -> str:
    return app_server({"VNEID_DATA_DIR": str(DATA_DIR)})


@pytest.fixture(scope="module")
def approximate_app(app_server) -> str:
    return app_server({"VNEID_DATA_DIR": "none"})


@pytest.mark.shared_data
@needs_data
def test_real_data_draws_109_communes_with_vietnamese_tooltips(
    page, real_app, blocked_requests, screenshot_dir
):
    from geo.places.registry import communes

    registry = communes("2020-2024", DATA_DIR)
    frame = open_app(page, real_app, 109)

    assert frame.locator(POLYGON_SELECTOR).count() == 109
    text = hover_latlon(page, frame, *deepest_point("2020-2024", "13291"))
    page.screenshot(path=screenshot_dir / "map_2020-2024_109_tooltip.png")

    assert "Phường Lê Hồng Phong" in text
    assert "Thành phố Phủ Lý" in text
    assert "20.605" in text  # 2019 population, Vietnamese thousands separator
    assert any(name in text for name in registry["full_name"])
    assert VIETNAMESE_LETTER.search(text.lower())
    assert_nothing_fetched_outside(blocked_requests)


@pytest.mark.shared_data
@needs_data
def test_the_whole_page_is_interactive_as_the_benchmark_defines_it(
    page, real_app, blocked_requests
):
    # bench/bench_page_load.py stops its clock with wait_for_map_page: it must see this page
    sign_in(page, real_app)
    page.goto(real_app + "/")
    frame = wait_for_map_page(page, 109)

    assert frame.locator(POLYGON_SELECTOR).count() == 109
    for testid in MAP_PAGE_ELEMENTS:
        assert page.locator(f'[data-testid="{testid}"]').first.is_visible(), testid
    assert page.locator('[data-testid="stDataFrame"] canvas').count() >= 1
    assert page.locator('[data-testid="stMetricValue"]').first.inner_text() == "754.277"
    assert_nothing_fetched_outside(blocked_requests)


def test_without_data_draws_98_approximate_cells_with_banner(
    page, approximate_app, blocked_requests, screenshot_dir
):
    frame = open_app(page, approximate_app, 98)

    assert frame.locator(POLYGON_SELECTOR).count() == 98
    banner = page.locator('[data-testid="stAlert"]').filter(has_text="Ranh giới gần đúng")
    banner.wait_for(state="visible")
    assert "98 xã, phường, thị trấn" in banner.inner_text()
    page.screenshot(path=screenshot_dir / "map_approximate_98.png")
    assert_nothing_fetched_outside(blocked_requests)


@pytest.mark.shared_data
@needs_data
def test_switching_to_07_2025_draws_33_units(page, real_app, blocked_requests, screenshot_dir):
    open_app(page, real_app, 109)

    page.get_by_role("combobox", name="Phiên bản ranh giới").click()
    # "/" must be escaped: Playwright serialises the regex as /.../
    page.get_by_role("option", name=re.compile(r"^07\/2025")).click()
    frame = wait_for_polygons(page, 33)

    assert frame.locator(POLYGON_SELECTOR).count() == 33
    page.get_by_text("Đang hiển thị 33 đơn vị hành chính cấp xã").wait_for(state="visible")
    assert page.locator('[data-testid="stAlert"]').filter(has_text="gần đúng").count() == 0
    page.screenshot(path=screenshot_dir / "map_2025-07_33.png")
    assert_nothing_fetched_outside(blocked_requests)


def test_offline_guard_blocks_and_records_outside_requests(page, approximate_app, blocked_requests):
    """The guard the other tests rely on: outside fetches and sockets are aborted and listed."""
    open_app(page, approximate_app, 98)
    outcome = page.evaluate(
        """async () => {
            try { await fetch('https://unpkg.com/leaflet@1.9.4/dist/leaflet.js'); return 'loaded'; }
            catch (e) { return 'blocked'; }
        }"""
    )
    page.evaluate("new WebSocket('wss://tiles.example.invalid/stream')")
    for _ in range(100):  # the socket is routed asynchronously
        if len(blocked_requests) == 2:
            break
        page.wait_for_timeout(50)

    assert outcome == "blocked"
    assert blocked_requests == [
        "https://unpkg.com/leaflet@1.9.4/dist/leaflet.js",
        "wss://tiles.example.invalid/stream",
    ]
    blocked_requests.clear()  # expected here; the fixture would otherwise fail the test
