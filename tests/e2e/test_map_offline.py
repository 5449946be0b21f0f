"""The map page in a real browser, with the internet out of reach.

Every test runs ``streamlit run app.py`` (fixture ``app_server``) and opens it in Debian's
headless Chromium (fixture ``page``), which aborts any request that leaves localhost. The map
must draw from the app's own Leaflet copy: 109 communes with the real data, 98 approximate cells
without it, 33 units for the 07/2025 structure.
"""

from __future__ import annotations

import json
import re

import pytest
import shapely

from bench.pageload import COMPONENT_IFRAME, POLYGON_SELECTOR, wait_for_polygons
from tests.shared_data import DATA_DIR, HAVE_DATA

pytestmark = pytest.mark.e2e

needs_data = pytest.mark.skipif(
    not HAVE_DATA, reason="no third-party data directory (../shared/data or VNEID_DATA_DIR)"
)
#: Letters that only Vietnamese text carries (a tooltip without them lost its diacritics).
VIETNAMESE_LETTER = re.compile(
    r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]"
)
ASSET = re.compile(r"\.(js|mjs|css|woff2?|ttf|otf|png|jpe?g|svg)(\?|$)|tile", re.IGNORECASE)

# JS run inside the component iframe: page coordinates (relative to the iframe's viewport) of a
# geographic point, via the folium map object (``window.map`` with streamlit-folium).
_LATLON_TO_POINT = """([lat, lon]) => {
    let m = window.map;
    if (!(m instanceof L.Map)) {
        m = Object.keys(window).map(k => window[k]).find(v => v instanceof L.Map);
    }
    const p = m.latLngToContainerPoint([lat, lon]);
    const r = m.getContainer().getBoundingClientRect();
    return {x: r.left + p.x, y: r.top + p.y};
}"""


@pytest.fixture(scope="module")
def real_app(app_server) -> str:
    return app_server({"VNEID_DATA_DIR": str(DATA_DIR)})


@pytest.fixture(scope="module")
def approximate_app(app_server) -> str:
    return app_server({"VNEID_DATA_DIR": "none"})


def _deepest_point(version: str, code: str) -> tuple[float, float]:
    """(lat, lon) farthest from the edges of commune ``code`` as the browser draws it.

    Computed on the simplified GeoJSON the app sends (``geo.maps.commune_payload``), so the
    mouse lands well inside the polygon, never on a shared border.
    """
    from geo.boundaries import load_boundaries
    from geo.maps import commune_payload

    payload = json.loads(commune_payload(load_boundaries(version, DATA_DIR).gdf))
    (feature,) = [f for f in payload["features"] if f["properties"]["code"] == code]
    center = shapely.maximum_inscribed_circle(shapely.geometry.shape(feature["geometry"]))
    lon, lat = center.coords[0]
    return lat, lon


def _open(page, base_url: str, n_polygons: int):
    page.goto(base_url + "/")
    return wait_for_polygons(page, n_polygons)


def _hover_latlon(page, frame, lat: float, lon: float) -> str:
    """Move the mouse over a geographic point of the map and return the tooltip's text.

    The point's pixel position is recomputed on each of 3 attempts, in case the iframe was
    still resizing or the map still settling on its bounds.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    iframe = page.locator(COMPONENT_IFRAME)
    tooltip = frame.locator(".leaflet-tooltip")
    for attempt in range(3):
        iframe.scroll_into_view_if_needed()
        box = iframe.bounding_box()
        inner = frame.evaluate(_LATLON_TO_POINT, [lat, lon])
        x, y = box["x"] + inner["x"], box["y"] + inner["y"]
        page.mouse.move(x - 30, y - 30)
        page.mouse.move(x, y, steps=5)
        try:
            tooltip.wait_for(state="visible", timeout=5_000)
            return tooltip.inner_text()
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _assert_nothing_fetched_outside(blocked: list[str]) -> None:
    assets = [u for u in blocked if ASSET.search(u)]
    assert assets == [], f"JS/CSS/font/tile requested from outside the app: {assets}"
    assert blocked == [], f"requests left localhost: {blocked}"


@pytest.mark.shared_data
@needs_data
def test_real_data_draws_109_communes_with_vietnamese_tooltips(
    page, real_app, blocked_requests, screenshot_dir
):
    from geo.registry import communes

    registry = communes("2020-2024", DATA_DIR)
    frame = _open(page, real_app, 109)

    assert frame.locator(POLYGON_SELECTOR).count() == 109
    text = _hover_latlon(page, frame, *_deepest_point("2020-2024", "13291"))
    page.screenshot(path=screenshot_dir / "map_2020-2024_109_tooltip.png")

    assert "Phường Lê Hồng Phong" in text
    assert "Thành phố Phủ Lý" in text
    assert "20.605" in text  # 2019 population, Vietnamese thousands separator
    assert any(name in text for name in registry["full_name"])
    assert VIETNAMESE_LETTER.search(text.lower())
    _assert_nothing_fetched_outside(blocked_requests)


def test_without_data_draws_98_approximate_cells_with_banner(
    page, approximate_app, blocked_requests, screenshot_dir
):
    frame = _open(page, approximate_app, 98)

    assert frame.locator(POLYGON_SELECTOR).count() == 98
    banner = page.locator('[data-testid="stAlert"]').filter(has_text="Ranh giới gần đúng")
    banner.wait_for(state="visible")
    assert "98 xã, phường, thị trấn" in banner.inner_text()
    page.screenshot(path=screenshot_dir / "map_approximate_98.png")
    _assert_nothing_fetched_outside(blocked_requests)


@pytest.mark.shared_data
@needs_data
def test_switching_to_07_2025_draws_33_units(page, real_app, blocked_requests, screenshot_dir):
    _open(page, real_app, 109)

    page.get_by_role("combobox", name="Phiên bản ranh giới").click()
    # "/" must be escaped: Playwright serialises the regex as /.../
    page.get_by_role("option", name=re.compile(r"^07\/2025")).click()
    frame = wait_for_polygons(page, 33)

    assert frame.locator(POLYGON_SELECTOR).count() == 33
    page.get_by_text("Đang hiển thị 33 đơn vị hành chính cấp xã").wait_for(state="visible")
    assert page.locator('[data-testid="stAlert"]').filter(has_text="gần đúng").count() == 0
    page.screenshot(path=screenshot_dir / "map_2025-07_33.png")
    _assert_nothing_fetched_outside(blocked_requests)


def test_offline_guard_blocks_and_records_outside_requests(page, approximate_app, blocked_requests):
    """The guard the other tests rely on: outside fetches and sockets are aborted and listed."""
    _open(page, approximate_app, 98)
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
