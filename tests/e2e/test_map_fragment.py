"""The map page's main part reruns alone: a click on a commune, a row of the gap table and the
name filter rerun the fragment «map.main» (the map, the panel, the table), never the whole page
with its sidebar; a sidebar filter still reruns the page.

Read from the server's run timing log (``VNEID_RUN_TIMING_LOG``, :mod:`ui.timing`): one line
per page run (``fragment`` null) and per fragment run alone. The server of this module has an
environment of its own (``VNEID_E2E_SUITE``), so no other test shares it.
"""

from __future__ import annotations

import json

import pytest

from bench.pageload import COMPONENT_IFRAME, wait_for_map_page
from tests.e2e.helpers import LATLON_TO_POINT, deepest_point, settle, sign_in
from tests.shared_data import DATA_DIR, HAVE_DATA

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.shared_data,
    pytest.mark.skipif(not HAVE_DATA, reason="no third-party data directory"),
]

AN_NOI = "13540"


@pytest.fixture(scope="module")
def timing_log(tmp_path_factory):
    return tmp_path_factory.mktemp("map_fragment") / "runs.jsonl"


@pytest.fixture(scope="module")
def app(app_server, timing_log):
    return app_server(
        {
            "VNEID_DATA_DIR": str(DATA_DIR),
            "VNEID_E2E_SUITE": "map14-fragment",
            "VNEID_RUN_TIMING_LOG": str(timing_log),
        }
    )


def _runs(log) -> list[dict]:
    try:
        return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    except FileNotFoundError:
        return []


def _after(page, log, act) -> list[str | None]:
    """Do ``act``, wait until the app is idle, and return the runs it made: each one's fragment,
    None for a run of the whole page (the page's address is not checked: ui.timing logs none
    for a fragment of the default page)."""
    before = len(_runs(log))
    act()
    settle(page, 1_200)
    return [r["fragment"] for r in _runs(log)[before:]]


def test_a_click_a_row_and_the_name_filter_rerun_the_main_part_alone(page, app, timing_log):
    sign_in(page, app)
    page.goto(app + "/")
    frame = wait_for_map_page(page, 109, 120_000)
    settle(page)

    iframe = page.locator(COMPONENT_IFRAME)
    iframe.scroll_into_view_if_needed()
    box = iframe.bounding_box()
    inner = frame.evaluate(LATLON_TO_POINT, list(deepest_point("2020-2024", AN_NOI)))

    def click_commune():
        page.mouse.click(box["x"] + inner["x"], box["y"] + inner["y"])
        page.locator("h3").filter(has_text="Xã An Nội").wait_for(state="visible")

    assert _after(page, timing_log, click_commune) == ["map.main"]  # one run, no rerun

    grid = page.locator('[data-testid="stDataFrame"]').last
    grid.scroll_into_view_if_needed()
    cell = grid.bounding_box()

    def click_row():
        page.mouse.click(cell["x"] + 15, cell["y"] + 35 + 17)  # row 0: Lê Hồng Phong
        page.locator("h3").filter(has_text="Phường Lê Hồng Phong").wait_for(state="visible")

    assert _after(page, timing_log, click_row) == ["map.main"]

    name = page.get_by_role("textbox", name="Lọc theo tên xã")

    def filter_names():
        name.fill("phuong")
        name.press("Enter")

    assert _after(page, timing_log, filter_names) == ["map.main"]
    assert page.locator("h3").first.inner_text() == "Phường Lê Hồng Phong"  # kept

    def choose_metric():
        page.locator('[data-testid="stSelectbox"]').filter(has_text="Chỉ số").first.click()
        page.locator('[role="option"]').nth(1).click()

    assert _after(page, timing_log, choose_metric) == [None]  # the sidebar: the whole page
    assert page.locator('[data-testid="stException"]').count() == 0


# JS in a map's iframe: its view, rounded (centre to 1e-6 degree, zoom).
_VIEW = """() => {
    const c = window.map.getCenter();
    return [Math.round(c.lat * 1e6) / 1e6, Math.round(c.lng * 1e6) / 1e6, window.map.getZoom()];
}"""


def _compare_maps(page) -> list:
    """The frames of the comparison's two maps, once both are drawn and grouped."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('iframe')].filter(f => {
            try { return !!f.contentWindow.__vneidSync; } catch (e) { return false; }
        }).length === 2""",
        timeout=60_000,
    )
    return [f for f in page.frames if f.evaluate("() => !!window.__vneidSync")]


def test_the_two_compared_maps_pan_and_zoom_together(page, app):
    sign_in(page, app)
    page.goto(app + "/")
    wait_for_map_page(page, 109, 120_000)
    page.locator('[data-testid="stCheckbox"]').filter(has_text="So sánh hai ngày").locator(
        "label"
    ).first.click()
    a, b = _compare_maps(page)
    settle(page)
    assert a.evaluate(_VIEW) == b.evaluate(_VIEW)  # both fitted to the province

    a.evaluate("() => window.map.setView([20.50, 105.95], window.map.getZoom() + 1)")
    zoom = a.evaluate(_VIEW)[2]
    b.wait_for_function("(z) => window.map.getZoom() === z", arg=zoom)
    assert b.evaluate(_VIEW) == a.evaluate(_VIEW) == [20.5, 105.95, zoom]

    b.evaluate("() => window.map.panBy([120, -80], {animate: false})")  # and back the other way
    a.wait_for_function("(v) => Math.abs(window.map.getCenter().lng - v) > 1e-4", arg=105.95)
    assert a.evaluate(_VIEW) == b.evaluate(_VIEW)

    assert page.locator(".st-key-commune_panel h3").first.inner_text() == "Toàn tỉnh"
    assert page.get_by_text("Xã còn nhiều người chưa kích hoạt").is_visible()  # the table too
    assert page.locator('[data-testid="stException"]').count() == 0
