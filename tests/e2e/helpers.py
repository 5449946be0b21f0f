"""Shared steps of the browser tests: open the app, find a commune on the map, hover, click."""

from __future__ import annotations

import json
import re

import shapely

from bench.pageload import COMPONENT_IFRAME, wait_for_polygons
from tests.shared_data import DATA_DIR

#: Letters that only Vietnamese text carries (a tooltip without them lost its diacritics).
VIETNAMESE_LETTER = re.compile(
    r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]"
)
ASSET = re.compile(r"\.(js|mjs|css|woff2?|ttf|otf|png|jpe?g|svg)(\?|$)|tile", re.IGNORECASE)

# JS run inside the component iframe: page coordinates (relative to the iframe's viewport) of a
# geographic point, via the folium map object (``window.map`` with streamlit-folium).
LATLON_TO_POINT = """([lat, lon]) => {
    let m = window.map;
    if (!(m instanceof L.Map)) {
        m = Object.keys(window).map(k => window[k]).find(v => v instanceof L.Map);
    }
    const p = m.latLngToContainerPoint([lat, lon]);
    const r = m.getContainer().getBoundingClientRect();
    return {x: r.left + p.x, y: r.top + p.y};
}"""


def deepest_point(version: str, code: str) -> tuple[float, float]:
    """(lat, lon) farthest from the edges of commune ``code`` as the browser draws it.

    Computed on the simplified GeoJSON the app sends (``geo.outputs.maps.commune_payload``), so the
    mouse lands well inside the polygon, never on a shared border.
    """
    from geo.outputs.maps import commune_payload
    from geo.places.boundaries import load_boundaries

    payload = json.loads(commune_payload(load_boundaries(version, DATA_DIR).gdf))
    (feature,) = [f for f in payload["features"] if f["properties"]["code"] == code]
    center = shapely.maximum_inscribed_circle(shapely.geometry.shape(feature["geometry"]))
    lon, lat = center.coords[0]
    return lat, lon


def open_app(page, base_url: str, n_polygons: int):
    page.goto(base_url + "/")
    return wait_for_polygons(page, n_polygons)


def hover_latlon(page, frame, lat: float, lon: float) -> str:
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
        inner = frame.evaluate(LATLON_TO_POINT, [lat, lon])
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


def assert_nothing_fetched_outside(blocked: list[str]) -> None:
    assets = [u for u in blocked if ASSET.search(u)]
    assert assets == [], f"JS/CSS/font/tile requested from outside the app: {assets}"
    assert blocked == [], f"requests left localhost: {blocked}"
