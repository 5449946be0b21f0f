"""The map page in a real browser, as a commander uses it: on a phone a tap on a commune brings
its figures into view, a typed date applies on Enter, and the gap table's highlighted row follows
the selected commune through filters and map clicks.

On a 390 x 844 screen Streamlit stacks the map and the panel, so the panel opens under the map
and the legend, below the fold; the page scrolls it into view after the tap
(views/map_parts/reveal.py). The servers of this module have an environment of their own
(``VNEID_E2E_SUITE``), so no other test shares them.
"""

from __future__ import annotations

import pytest

from bench.pageload import COMPONENT_IFRAME, wait_for_map_page
from tests.e2e.helpers import LATLON_TO_POINT, PHONE, deepest_point, settle, sign_in
from tests.shared_data import DATA_DIR, HAVE_DATA

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.shared_data,
    pytest.mark.skipif(not HAVE_DATA, reason="no third-party data directory"),
]

LHP = "13291"

# JS: where the panel's top is, against the window (its height too).
_PANEL_TOP = """() => {
    const el = document.querySelector('.st-key-commune_panel');
    return el ? {top: el.getBoundingClientRect().top, height: window.innerHeight} : null;
}"""


@pytest.fixture(scope="module")
def app(app_server):
    return app_server({"VNEID_DATA_DIR": str(DATA_DIR), "VNEID_E2E_SUITE": "map14-phone"})


def _tap_commune(page, frame, code: str) -> None:
    """Tap the commune's deepest point on the map (recomputed after the iframe settles)."""
    iframe = page.locator(COMPONENT_IFRAME)
    iframe.scroll_into_view_if_needed()
    box = iframe.bounding_box()
    inner = frame.evaluate(LATLON_TO_POINT, list(deepest_point("2020-2024", code)))
    page.touchscreen.tap(box["x"] + inner["x"], box["y"] + inner["y"])


def test_a_tap_on_a_commune_brings_its_panel_into_view(phone, app, screenshot_dir):
    sign_in(phone, app)
    phone.goto(app + "/")
    frame = wait_for_map_page(phone, 109, 120_000)
    settle(phone)
    before = phone.evaluate(_PANEL_TOP)
    assert before["top"] > before["height"]  # the province's panel: below the fold

    _tap_commune(phone, frame, LHP)
    heading = phone.locator(".st-key-commune_panel h3").first
    heading.filter(has_text="Phường Lê Hồng Phong").wait_for(state="visible", timeout=30_000)
    phone.wait_for_function(
        """() => {
            const el = document.querySelector('.st-key-commune_panel');
            const top = el.getBoundingClientRect().top;
            return top >= 0 && top < window.innerHeight / 2;
        }""",
        timeout=10_000,
    )
    phone.screenshot(path=screenshot_dir / "map_phone_panel_in_view.png")
    after = phone.evaluate(_PANEL_TOP)
    assert 0 <= after["top"] < after["height"] / 2
    figures = phone.locator('.st-key-commune_panel [data-testid="stMetricValue"]').first
    assert figures.is_visible() and figures.bounding_box()["y"] < PHONE["height"]


def test_a_typed_period_applies_on_enter(page, app):
    sign_in(page, app)
    page.goto(app + "/")
    wait_for_map_page(page, 109, 120_000)
    caption = page.get_by_text("Đang hiển thị 109 đơn vị hành chính cấp xã")
    assert caption.inner_text().endswith("từ 13/02/2023 đến 31/05/2023")

    box = page.get_by_role("textbox", name="Kỳ báo cáo")
    box.click()
    box.press("Control+a")
    box.press_sequentially("13/02/2023 - 14/03/2023", delay=10)
    box.press("Enter")  # no Esc, no click elsewhere
    page.get_by_text("từ 13/02/2023 đến 14/03/2023").wait_for(state="visible", timeout=15_000)
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Kỳ báo cáo"
    assert box.input_value() == "13/02/2023 – 14/03/2023"  # written back in full


# JS: the rows the gap table's grid shows as selected (its Glide Data Grid's own selection).
_GRID_ROWS = """() => {
    const el = [...document.querySelectorAll('[data-testid="stDataFrame"]')].pop();
    const canvas = el.querySelector('canvas');
    const key = Object.keys(canvas).find(k => k.startsWith('__reactFiber$'));
    let fiber = canvas[key];
    while (fiber && !(fiber.memoizedProps && fiber.memoizedProps.gridSelection)) {
        fiber = fiber.return;
    }
    return fiber ? fiber.memoizedProps.gridSelection.rows.toArray() : null;
}"""


def test_the_grid_follows_the_selected_commune_through_filters_and_map_clicks(page, app):
    def shown():
        settle(page, 1_000)
        return page.locator("h3").first.inner_text(), page.evaluate(_GRID_ROWS)

    sign_in(page, app)
    page.goto(app + "/")
    frame = wait_for_map_page(page, 109, 120_000)
    grid = page.locator('[data-testid="stDataFrame"]').last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 35 * 8 + 17)  # row 8: rank 9, Yên Bắc
    assert shown() == ("Phường Yên Bắc", [8])

    box = page.get_by_role("textbox", name="Lọc theo tên xã")
    for typed, row in (("phuong", [2]), ("le hong phong", []), ("", [8])):
        box.fill(typed)
        box.press("Enter")  # fewer rows: no error, the ward's row or none
        assert shown() == ("Phường Yên Bắc", row), typed

    iframe = page.locator(COMPONENT_IFRAME)
    iframe.scroll_into_view_if_needed()
    box = iframe.bounding_box()
    inner = frame.evaluate(LATLON_TO_POINT, list(deepest_point("2020-2024", "13540")))
    page.mouse.click(box["x"] + inner["x"], box["y"] + inner["y"])  # Xã An Nội on the map
    page.locator("h3").filter(has_text="Xã An Nội").wait_for(state="visible")
    assert shown() == ("Xã An Nội", [38])  # rank 39; the grid's row 8 no longer undoes it
    assert page.locator('[data-testid="stException"]').count() == 0
