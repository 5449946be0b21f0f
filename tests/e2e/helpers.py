"""Shared steps of the browser tests: open the app, find a commune on the map, hover, click."""

from __future__ import annotations

import json
import re

import shapely

from bench.pageload import COMPONENT_IFRAME, session_cookie, wait_for_polygons
from tests.shared_data import DATA_DIR

#: Letters that only Vietnamese text carries (a tooltip without them lost its diacritics).
#: A phone's screen in CSS pixels (the tests drawn at a phone's width).
PHONE = {"width": 390, "height": 844}
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


def sign_in(page, base_url, role: str = "commander", team: str | None = None) -> None:
    """Sign the page's browser in to the server at ``base_url`` (a ``ServerURL``), as ``role``.

    The session is made in the server's database (:func:`bench.pageload.session_cookie`), so
    every later ``page.goto`` opens the page itself rather than the sign-in.
    """
    page.context.add_cookies([session_cookie(base_url.db_url, base_url, role=role, team=team)])


def open_app(page, base_url, n_polygons: int, role: str = "commander"):
    sign_in(page, base_url, role)
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


# --- languages (tests/e2e/test_languages.py) -----------------------------------------------------

#: Streamlit's (and Leaflet's) own English, which must never show in the Vietnamese UI. Matched as
#: whole words, case-sensitively, in the page's visible text, its input values and placeholders,
#: its hover texts (``title``, toolbar ``aria-label``) and the map's frame.
STREAMLIT_ENGLISH = (
    "Choose options",
    "Choose an option",
    "Select all",
    "Select...",
    "Select…",
    "Drag and drop",
    "Browse files",
    "Upload",
    "Limit",
    "200MB",
    "per file",
    "Date range",
    "Running",
    "Stop",
    "Deploy",
    "Print",
    "Record",
    "Settings",
    "Press Enter",
    "to apply",
    "No results",
    "Skip to main content",
    "Show/hide columns",
    "Download as CSV",
    "Search",
    "Fullscreen",
    "Show data",
    "Download as PNG",
    "Copy Vega-Lite spec",
    "Main menu",
    "Close",
    "Clear all",
    "Zoom in",
    "Zoom out",
    "miles",
    "mi",
    "ft",
)
_ENGLISH_WORDS = re.compile(
    "|".join(
        rf"(?<![\w/]){re.escape(t)}(?![\w/])" for t in sorted(STREAMLIT_ENGLISH, key=len)[::-1]
    )
)
#: A scale bar line the app may show: metric only.
METRIC_SCALE = re.compile(r"^\d+ (?:m|km)$")

# JS: what a person can read on the page, by source. ``body`` is ``innerText`` (visible text,
# hidden tab panels and ``display: none`` excluded) without text in a 0-size font and Material
# icon ligatures ("map",
# "download"...); ``inputs`` the values of visible text fields (a selectbox shows its value in
# one) and ``placeholders`` their placeholders (shown when the field is empty); ``hover`` the
# ``title`` attributes (shown as tooltips; toolbars: TOOLBAR_LABELS); ``grid`` the column
# titles and the cell texts of the data grids as the grid draws them on its canvas (first 300
# rows).
PAGE_TEXTS = """() => {
    // The texts Glide Data Grid draws: its column titles and each cell's display text, asked
    // from the grid itself (the props of its React component: ``getCellContent``); null when
    // the component cannot be found (then the accessibility table, raw values, is read).
    const gridCells = (el) => {
        const canvas = el.querySelector('canvas');
        const key = canvas && Object.keys(canvas).find(k => k.startsWith('__reactFiber$'));
        let fiber = key ? canvas[key] : null;
        while (fiber && typeof fiber.memoizedProps?.getCellContent !== 'function') {
            fiber = fiber.return;
        }
        if (!fiber) return null;
        const props = fiber.memoizedProps;
        const out = [];
        const columns = props.columns || [];
        columns.forEach(c => { if (c.title) out.push(c.title); });
        for (let r = 0; r < Math.min(props.rows || 0, 300); r++) {
            columns.forEach((c, i) => {
                if (!c.title) return;  // the row marker
                const cell = props.getCellContent([i, r]);
                const text = cell.displayData ?? (typeof cell.data === 'string' ? cell.data : '');
                if (text) out.push(String(text).trim());
            });
        }
        return out;
    };
    const shown = e => e.getClientRects().length > 0
        && getComputedStyle(e).visibility !== 'hidden';
    const icons = new Set([...document.querySelectorAll('[data-testid="stIconMaterial"]')]
        .map(e => e.textContent.trim()));
    // text set in a 0-size font is read by nobody: Streamlit's English skip link, whose
    // place our own ::after text takes (ui/chrome.py)
    const unread = new Set([...document.querySelectorAll('body *')]
        .filter(e => e.children.length === 0 && parseFloat(getComputedStyle(e).fontSize) === 0)
        .map(e => e.textContent.trim()));
    const body = document.body.innerText.split('\\n').map(s => s.trim())
        .filter(s => s && !icons.has(s) && !unread.has(s));
    const skip = new Set(['checkbox', 'radio', 'range', 'hidden', 'file', 'button', 'submit']);
    const fields = [...document.querySelectorAll('input, textarea')]
        .filter(e => !skip.has(e.type) && shown(e));
    const inputs = fields.map(e => e.value).filter(Boolean);
    const placeholders = fields.map(e => e.placeholder).filter(Boolean);
    const hover = [...document.querySelectorAll('[title]')]
        .filter(e => e.tagName !== 'IFRAME' && shown(e))
        .map(e => e.getAttribute('title')).filter(Boolean);
    const grid = [];
    for (const el of document.querySelectorAll('[data-testid="stDataFrame"]')) {
        const cells = gridCells(el);
        grid.push(...(cells ?? [...el.querySelectorAll('table th, table td')]
            .map(e => e.textContent.trim())));
    }
    return {body, inputs, placeholders, hover, grid};
}"""

# JS: the labels of the toolbar buttons on screen (a table's or chart's, shown on hover; each
# label is also the button's tooltip).
TOOLBAR_LABELS = """() => [
        ...document.querySelectorAll('[data-testid="stElementToolbar"] [aria-label]')]
    .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'
        && getComputedStyle(e.closest('[data-testid="stElementToolbar"]')).opacity !== '0')
    .map(e => e.getAttribute('aria-label'))"""

# JS: the text of whatever floats over the page (menus, drop-downs, date pickers, tooltips).
POPOVER_TEXTS = """() => [...document.querySelectorAll(
        '[data-baseweb="popover"], [role="dialog"], [role="listbox"], [role="menu"], '
        + '[role="tooltip"], [data-testid="stTooltipContent"]')]
    .filter(e => e.getClientRects().length > 0)
    .flatMap(e => e.innerText.split('\\n')).map(s => s.trim()).filter(Boolean)"""

# JS run in the map's frame: its visible text, the hover texts of its controls, the scale bar.
MAP_TEXTS = """() => ({
    body: document.body.innerText.split('\\n').map(s => s.trim()).filter(Boolean),
    hover: [...document.querySelectorAll('.leaflet-control [title], .leaflet-control [aria-label]')]
        .flatMap(e => [e.getAttribute('title'), e.getAttribute('aria-label')]).filter(Boolean),
    scale: [...document.querySelectorAll('.leaflet-control-scale-line')]
        .filter(e => e.getClientRects().length > 0).map(e => e.textContent.trim()),
})"""


def streamlit_english(texts: dict[str, list[str]]) -> list[str]:
    """``"<source>: <text>"`` for each text that holds one of :data:`STREAMLIT_ENGLISH`."""
    return [
        f"{source}: {text!r} ({', '.join(dict.fromkeys(_ENGLISH_WORDS.findall(text)))})"
        for source, items in texts.items()
        for text in dict.fromkeys(items)
        if _ENGLISH_WORDS.search(text)
    ]


def vietnamese_texts(texts: dict[str, list[str]], data: re.Pattern) -> list[str]:
    """``"<source>: <text>"`` for each text with a Vietnamese letter outside the ``data`` names."""
    found = []
    for source, items in texts.items():
        for text in dict.fromkeys(items):
            rest = data.sub("", text)
            if VIETNAMESE_LETTER.search(rest.lower()):
                found.append(f"{source}: {text!r}")
    return found


def settle(page, quiet_ms: int = 1_500, timeout_ms: int = 90_000) -> None:
    """Wait until the script has stopped running and the page's text no longer changes.

    Streamlit marks the app ``data-test-script-state="notRunning"`` when a run ends; components,
    grids and charts draw after that, so the text must also stay the same for ``quiet_ms``.
    """
    import time

    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms
    )
    deadline = time.monotonic() + timeout_ms / 1000
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        state = page.locator('[data-testid="stApp"]').get_attribute("data-test-script-state")
        text = page.evaluate("document.body.innerText") if state == "notRunning" else None
        if text is None or text != last:
            last, since = text, time.monotonic()
        elif (time.monotonic() - since) * 1000 >= quiet_ms:
            return
        page.wait_for_timeout(250)
    raise TimeoutError(f"the page did not settle within {timeout_ms / 1000:.0f} s")
