"""The coverage map in a real browser: colours by class, and a click opens the commune panel.

The database is prepared before the server starts with two official counts set by hand, so
the expected colours are known: Lê Hồng Phong 850 of 1.000 (85 %, class 80–100 %) and An Nội
300 of 1.000 (30 %, class < 50 %); every other commune has no data (grey).
"""

from __future__ import annotations

import pandas as pd
import pytest

from bench.pageload import COMPONENT_IFRAME
from geo.ingest import read_targets
from geo.metrics import NO_DATA_COLOUR, classify
from geo.places.registry import communes
from geo.store import Store
from tests.e2e.helpers import (
    LATLON_TO_POINT,
    assert_nothing_fetched_outside,
    deepest_point,
    open_app,
    settle,
)
from tests.shared_data import DATA_DIR, HAVE_DATA

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.shared_data,
    pytest.mark.skipif(not HAVE_DATA, reason="no third-party data directory"),
]

TARGETS_CSV = (
    "Mã xã,Tính đến ngày,Công dân đủ điều kiện,Chỉ tiêu,Đã kích hoạt\n"
    "13291,31/05/2023,1000,900,850\n"
    "13540,31/05/2023,1000,800,300\n"
).encode()

# JS run in the map's iframe: the SVG fill of the drawn polygon of a commune code.
_FILL_OF = """(code) => {
    let m = window.map;
    if (!(m instanceof L.Map)) {
        m = Object.keys(window).map(k => window[k]).find(v => v instanceof L.Map);
    }
    let fill = null;
    m.eachLayer(l => {
        if (l.feature && l.feature.properties && l.feature.properties.code === code && l._path) {
            fill = l._path.getAttribute('fill');
        }
    });
    return fill;
}"""


@pytest.fixture(scope="module")
def seeded_app(app_server, tmp_path_factory):
    db = tmp_path_factory.mktemp("coverage") / "seeded.db"
    url = f"sqlite:///{db}"
    registry = communes("2020-2024", DATA_DIR)
    store = Store(url)
    store.sync_communes(registry)
    result = read_targets(TARGETS_CSV, "chi_tieu.csv", registry)
    assert result.rows_ok == 2, result.rejected
    store.import_result(result, TARGETS_CSV, "kiểm thử")
    store.close()
    return app_server({"VNEID_DATA_DIR": str(DATA_DIR), "VNEID_DB_URL": url})


def test_fill_colour_is_the_colour_of_the_class(page, seeded_app, blocked_requests):
    frame = open_app(page, seeded_app, 109)
    expected = classify(pd.Series([0.85, 0.30]), "coverage")["colour"].tolist()
    assert expected == ["#abd9e9", "#d7191c"]  # 80–100 % and < 50 % in the legend
    assert frame.evaluate(_FILL_OF, "13291") == expected[0]
    assert frame.evaluate(_FILL_OF, "13540") == expected[1]
    assert frame.evaluate(_FILL_OF, "13294") == NO_DATA_COLOUR
    legend = page.locator(".vneid-legend")
    legend.wait_for(state="visible")
    assert "80–100 % (1)" in legend.inner_text()
    assert "chưa có số liệu (107)" in legend.inner_text()
    assert_nothing_fetched_outside(blocked_requests)


def test_click_opens_the_commune_panel(page, seeded_app, blocked_requests, screenshot_dir):
    frame = open_app(page, seeded_app, 109)
    lat, lon = deepest_point("2020-2024", "13291")
    iframe = page.locator(COMPONENT_IFRAME).first
    iframe.scroll_into_view_if_needed()
    box = iframe.bounding_box()
    inner = frame.evaluate(LATLON_TO_POINT, [lat, lon])
    page.mouse.click(box["x"] + inner["x"], box["y"] + inner["y"])

    heading = page.get_by_role("heading", name="Phường Lê Hồng Phong")
    heading.wait_for(state="visible", timeout=30_000)
    settle(page)  # the heading is drawn before the figures: read them once the run has ended
    panel = page.locator('[data-testid="stMetric"]')
    figures = dict(
        [part.strip() for part in panel.nth(i).inner_text().split("\n") if part.strip()][:2]
        for i in range(panel.count())
    )
    assert figures["Công dân đủ điều kiện"] == "1.000"
    assert figures["Đã kích hoạt"] == "850"
    assert figures["Tỷ lệ kích hoạt"] == "85,0 %"
    assert figures["Số người chưa kích hoạt"] == "150"
    assert figures["Tiến độ chỉ tiêu"] == "94,4 %"
    page.screenshot(path=screenshot_dir / "coverage_click_13291.png", full_page=True)
    assert_nothing_fetched_outside(blocked_requests)
