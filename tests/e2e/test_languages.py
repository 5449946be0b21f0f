"""Every page in a real browser, in each language, with the browser set to the other one.

``streamlit run app.py`` on a fresh database (the demo loads on first start; approximate
boundaries, no data directory) is opened in Debian's Chromium, offline. Each page is opened with
``?lang=vi`` in an en-US browser and with ``?lang=en`` in a vi-VN browser; once the page has
finished running, every tab is opened in turn and what a person can read is collected: the
visible text, the values and placeholders of the fields, the hover texts, the data grids' headers
and visible cells (from the accessibility table Glide Data Grid keeps inside its canvas), and the
map frame's text, control titles and scale bar. On the map page the common interactions are made
too: a multiselect opened and searched for nothing, a date field opened, a name typed in the
gap table's filter, the main menu opened.

- Vietnamese: none of Streamlit's (or Leaflet's) own English texts
  (:data:`tests.e2e.helpers.STREAMLIT_ENGLISH`), none of the app's own English (a text equal
  to an English translation of the catalog: a widget still showing the other language),
  numbers in Vietnamese (``754.277``, ``53,2 %``), a metric-only scale bar.
- English: no Vietnamese letter outside data names (communes, districts, teams, places, notes,
  file names from the page's store and boundaries, and «Tiếng Việt», the switch's own name),
  English numbers (``754,277``, ``53.2%``), a metric-only scale bar.
- The sidebar's language switch changes the page and ``?lang=`` in the URL, and the choice
  survives moving to another page and a reload.

Not checked here: the text drawn on canvases (the Vega charts' axes and tooltips, the grids'
rows scrolled out of view); the AppTests of ``tests/views/test_catalog_pages.py`` read the
charts' specs and every row of every table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pytest

from bench.pageload import COMPONENT_IFRAME, wait_for_polygons
from geo.i18n import LANGUAGE_NAMES, _, catalog_path, language
from tests.e2e.helpers import (
    MAP_TEXTS,
    METRIC_SCALE,
    PAGE_TEXTS,
    POPOVER_TEXTS,
    TOOLBAR_LABELS,
    settle,
    sign_in,
    streamlit_english,
    vietnamese_texts,
)

pytestmark = pytest.mark.e2e

#: Approximate boundaries: 98 cells on the map.
N_CELLS = 98
#: The province at the end of the demo campaign (31/05/2023), as each language writes it.
FIGURES = {"vi": ("754.277", "401.592", "53,2 %"), "en": ("754,277", "401,592", "53.2%")}
#: The browser's locale for each language of the app: always the other one.
OTHER_LOCALE = {"vi": "en-US", "en": "vi-VN"}
#: Numbers written the other language's way (grid cells and metric values).
WRONG_NUMBER = {
    "vi": re.compile(r"^[-−+]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$|^[-−+]?\d+\.\d{1,2}\s?%?$|\d%$"),
    "en": re.compile(r"^[-−+]?[1-9]\d{0,2}(?:\.\d{3})+$|^[-−+]?\d+,\d{1,2}\s?%?$|\d\s%$"),
}


@dataclass(frozen=True)
class Page:
    """A page of the app: its path, its Vietnamese title (a catalog id) and when it is drawn."""

    path: str
    title: str
    ready: Callable[[object], None]
    figures: bool = False

    def heading(self, lang: str) -> str:
        with language(lang):
            return _(self.title)


def _map_ready(page) -> None:
    wait_for_polygons(page, N_CELLS, timeout_ms=120_000)


def _drawn(page) -> None:
    page.locator("h1").first.wait_for(state="visible", timeout=120_000)


PAGES = {
    "map": Page("/", "Bản đồ tỷ lệ kích hoạt", _map_ready, figures=True),
    "data": Page("/data", "Dữ liệu", _drawn),
    "planner": Page("/planner", "Kế hoạch", _drawn),
    "progress": Page(
        "/progress", "Tiến độ kích hoạt tài khoản định danh điện tử", _drawn, figures=True
    ),
}
#: Who opens each page: the role whose job it is, so that every action's texts are drawn.
ROLES_OF_PAGES = {"data": "clerk", "planner": "planner"}
#: The navigation's titles (``app.py``), catalog ids.
NAV_TITLES = (
    "Bản đồ",
    "Dữ liệu",
    "Kế hoạch",
    "Tiến độ",
    "Yêu cầu hỗ trợ tại nhà",
    "Báo cáo buổi tối",
    "Đổi mật khẩu",
)


@pytest.fixture(scope="module")
def app(app_server, tmp_path_factory) -> tuple[str, str]:
    """``(base URL, database URL)`` of a server without a data directory, on its own store."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('languages') / 'e2e.db'}"
    return app_server({"VNEID_DATA_DIR": "none", "VNEID_DB_URL": db_url}), db_url


def data_names(db_url: str, upload: bytes | None = None) -> re.Pattern:
    """The names the page may show as they are: from the server's store and boundaries, the
    switch's language names, and the cells of an uploaded CSV file (what the user typed)."""
    from tests.views.test_catalog_pages import store_data_names

    names = store_data_names(db_url, None, ("approximate",))
    names.add(*LANGUAGE_NAMES.values())
    if upload is not None:
        names.add(*(c.strip() for line in upload.decode().splitlines() for c in line.split(",")))
    return names.pattern


# --- reading a page ---------------------------------------------------------------------------


def read_texts(page, into: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """What a person can read now on ``page`` (and in its map frame), by source."""
    texts = into if into is not None else {}
    for source, items in page.evaluate(PAGE_TEXTS).items():
        texts.setdefault(source, []).extend(items)
    # a table's or a chart's toolbar shows while the pointer is over it: hover each in turn
    for selector in ('[data-testid="stDataFrame"]', '[data-testid="stVegaLiteChart"]'):
        elements = page.locator(selector)
        for i in range(elements.count()):
            if not elements.nth(i).is_visible():
                continue
            elements.nth(i).hover(timeout=10_000)
            page.wait_for_timeout(300)
            texts.setdefault("toolbar", []).extend(page.evaluate(TOOLBAR_LABELS))
    iframe = page.locator(COMPONENT_IFRAME)
    for i in range(iframe.count()):
        frame = iframe.nth(i).element_handle().content_frame()
        if frame is None:
            continue
        for source, items in frame.evaluate(MAP_TEXTS).items():
            texts.setdefault(f"map {source}", []).extend(items)
    return texts


def read_every_tab(page) -> dict[str, list[str]]:
    """The page's texts with each of its tabs opened in turn."""
    texts = read_texts(page)
    tabs = page.locator('[data-testid="stMain"] [role="tablist"] [role="tab"]')
    for i in range(tabs.count()):
        tabs.nth(i).click()
        settle(page)
        read_texts(page, texts)
    return texts


def _popover_text(page) -> list[str]:
    return page.evaluate(POPOVER_TEXTS)


def _away(page) -> None:
    """Close whatever is open (Escape, then a click on the page's title)."""
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    page.locator("h1").first.click()
    page.wait_for_timeout(200)


def read_interactions(page) -> dict[str, list[str]]:
    """Texts that only show on interaction: a multiselect's menu, a search that finds nothing,
    a date field's picker, the toolbars' tooltips, a text field being typed in, the main menu."""
    texts: dict[str, list[str]] = {}
    multiselect = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
    if multiselect.count() and multiselect.first.is_visible():
        multiselect.first.locator("input").click()
        page.wait_for_timeout(500)
        texts["multiselect menu"] = _popover_text(page)
        multiselect.first.locator("input").press_sequentially("zzqq")
        page.wait_for_timeout(500)
        texts["multiselect search for nothing"] = _popover_text(page)
        _away(page)
    date_field = page.locator('[data-testid="stDateInputField"] [role="spinbutton"]')
    if date_field.count() and date_field.first.is_visible():
        date_field.first.click()
        page.keyboard.press("Alt+ArrowDown")
        page.wait_for_timeout(500)
        texts["date picker"] = _popover_text(page)
        _away(page)
    grid = page.locator('[data-testid="stDataFrame"]')
    if grid.count():
        grid.first.hover()
        page.wait_for_timeout(300)
        toolbar = page.locator('[data-testid="stElementToolbar"] button')
        if toolbar.count() and toolbar.first.is_visible():
            toolbar.first.hover()
            page.wait_for_timeout(800)
            texts["toolbar tooltip"] = _popover_text(page)
    menu = page.locator('[data-testid="stMainMenuButton"]')
    if menu.count() and menu.first.is_visible():
        menu.first.click()
        page.wait_for_timeout(500)
        texts["main menu"] = _popover_text(page)
        page.keyboard.press("Escape")
    field = page.locator('[data-testid="stMain"] [data-testid="stTextInput"] input')
    if field.count() and field.first.is_visible():
        field.first.click()
        page.keyboard.type("le hong")
        page.wait_for_timeout(500)
        read_texts(page, texts)
        page.keyboard.press("Enter")
        settle(page)
    return texts


def read_upload(page, tmp_path) -> dict[str, list[str]]:
    """The data page once a file is chosen: the uploader's file chip (name, size, its delete
    button's label) and the check report (metrics, preview, rejected rows)."""
    from tests.samples import VISITS_CSV_ONE_BAD_ROW

    path = tmp_path / "to_1.csv"
    path.write_bytes(VISITS_CSV_ONE_BAD_ROW)
    page.locator('[data-testid="stMain"] [role="tablist"] [role="tab"]').first.click()
    settle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(path)
    page.locator('[data-testid="stMetric"]').first.wait_for(state="visible", timeout=60_000)
    settle(page)
    texts = read_texts(page)
    labels = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stFileUploader"] [aria-label]')]
            .map(e => e.getAttribute('aria-label'))"""
    )
    texts.setdefault("hover", []).extend(labels)
    return texts


def wrong_numbers(texts: dict[str, list[str]], lang: str, shown: int = 12) -> list[str]:
    """Grid cells written the other language's way (the first ``shown`` of them, and a count)."""
    grid = [t for source, items in texts.items() if source.endswith("grid") for t in items]
    cells = [t for t in dict.fromkeys(grid) if WRONG_NUMBER[lang].search(t)]
    if len(cells) > shown:
        return [f"grid: {len(cells)} numbers written the other way, e.g. {cells[:shown]}"]
    return [f"grid: {t!r}" for t in cells]


def metric_values(page) -> list[str]:
    values = page.locator('[data-testid="stMetricValue"]')
    return [values.nth(i).inner_text().strip() for i in range(values.count())]


def open_page(page_in_locale, app, name: str, lang: str):
    """``/<path>?lang=<lang>`` in a browser set to the other language, once it is drawn."""
    base_url, _db = app
    spec = PAGES[name]
    page = page_in_locale(OTHER_LOCALE[lang])
    sign_in(page, base_url, ROLES_OF_PAGES.get(name, "commander"))
    page.goto(f"{base_url}{spec.path}?lang={lang}")
    spec.ready(page)
    settle(page)
    return page


def read_page(page_in_locale, app, name: str, lang: str, tmp_path):
    """Open page ``name`` in ``lang``, use it as a person would, and read every text it shows.

    Returns ``(spec, problems, figures, texts)``: the problems found on the way (heading,
    ``?lang=`` in the URL, an exception), the metric values, and the texts by source (every
    tab; the map's interactions; the data page after an upload).
    """
    page = open_page(page_in_locale, app, name, lang)
    spec = PAGES[name]
    problems = []
    heading = page.locator("h1").first.inner_text().strip()
    if heading != spec.heading(lang):
        problems.append(f"heading {heading!r}, expected {spec.heading(lang)!r}")
    if f"lang={lang}" not in page.url:
        problems.append(f"URL without lang={lang}: {page.url}")
    if page.locator('[data-testid="stException"]').count():
        problems.append(
            "an exception is shown: "
            + page.locator('[data-testid="stException"]').first.inner_text()[:300]
        )
    figures = metric_values(page) if spec.figures else []
    texts = read_every_tab(page)
    if name == "map":
        for source, items in read_interactions(page).items():
            texts.setdefault(source, []).extend(items)
    if name == "data":
        for source, items in read_upload(page, tmp_path).items():
            texts.setdefault(f"after an upload: {source}", []).extend(items)
    return spec, problems, figures, texts


def scale_and_numbers(spec, figures: list[str], texts: dict, lang: str) -> list[str]:
    """Problems of a page's scale bar (metric only) and numbers (written the ``lang`` way)."""
    other = "English" if lang == "vi" else "Vietnamese"
    problems = [
        f"scale bar {s!r} is not metric"
        for s in dict.fromkeys(texts.get("map scale", []))
        if not METRIC_SCALE.match(s)
    ]
    problems += wrong_numbers(texts, lang)
    problems += [
        f"metric {v!r} written the {other} way" for v in figures if WRONG_NUMBER[lang].search(v)
    ]
    problems += [
        f"metric {value!r} not shown (metrics: {figures})"
        for value in (FIGURES[lang] if spec.figures else ())
        if value not in figures
    ]
    return problems


# --- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(PAGES))
def test_vietnamese_page_in_an_english_browser_shows_no_english(
    page_in_locale, app, name, tmp_path
):
    spec, problems, figures, texts = read_page(page_in_locale, app, name, "vi", tmp_path)
    problems += streamlit_english({k: v for k, v in texts.items() if k != "map scale"})
    problems += app_english(texts)
    problems += scale_and_numbers(spec, figures, texts, "vi")
    assert not problems, f"{spec.path}?lang=vi in an en-US browser:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("name", list(PAGES))
def test_english_page_in_a_vietnamese_browser_shows_no_vietnamese(
    page_in_locale, app, name, tmp_path
):
    spec, problems, figures, texts = read_page(page_in_locale, app, name, "en", tmp_path)
    from tests.samples import VISITS_CSV_ONE_BAD_ROW

    names = data_names(app[1], VISITS_CSV_ONE_BAD_ROW if name == "data" else None)
    problems += vietnamese_texts({k: v for k, v in texts.items() if k != "map scale"}, names)
    problems += scale_and_numbers(spec, figures, texts, "en")
    assert not problems, f"{spec.path}?lang=en in a vi-VN browser:\n  " + "\n  ".join(problems)


def _nav(page) -> list[str]:
    links = page.locator('[data-testid="stSidebarNav"] a')
    return [links.nth(i).inner_text().strip().split("\n")[-1] for i in range(links.count())]


def _titles(lang: str) -> list[str]:
    with language(lang):
        return [_(t) for t in NAV_TITLES]


def _switch_to(page, lang: str) -> None:
    """Click the sidebar's language switch on ``lang`` and wait for the URL and the new run."""
    switch = page.locator('[data-testid="stSidebar"] [data-testid="stButtonGroup"] button')
    switch.filter(has_text=LANGUAGE_NAMES[lang]).click()
    page.wait_for_url(re.compile(rf"[?&]lang={lang}(?:&|$)"), timeout=30_000)
    settle(page)


@cache
def english_catalog_texts() -> frozenset[str]:
    """Every English translation of the catalog that differs from its Vietnamese message."""
    from babel.messages.pofile import read_po

    with catalog_path("en").open("rb") as po:
        catalog = read_po(po, locale="en")
    texts = set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        texts |= {f for f in forms if f and f not in ids and re.search(r"[A-Za-z]{3}", f)}
    return frozenset(texts)


def app_english(texts: dict[str, list[str]]) -> list[str]:
    """Texts of the Vietnamese page that are the app's own English (a stale translation)."""
    english = english_catalog_texts()
    return [
        f"{source}: {text!r} is the English of a catalog message"
        for source, items in texts.items()
        for text in dict.fromkeys(items)
        if text in english
    ]


def _check_state(page, where: str, lang: str, page_name: str, names: re.Pattern) -> list[str]:
    """What is wrong with ``page`` now, expected in ``lang`` on page ``page_name``."""
    problems = []
    if not re.search(rf"[?&]lang={lang}(?:&|$)", page.url):
        problems.append(f"{where}: URL {page.url} without lang={lang}")
    if _nav(page) != _titles(lang):
        problems.append(f"{where}: navigation {_nav(page)}, expected {_titles(lang)}")
    heading = page.locator("h1").first.inner_text().strip()
    if heading != PAGES[page_name].heading(lang):
        problems.append(
            f"{where}: heading {heading!r}, expected {PAGES[page_name].heading(lang)!r}"
        )
    if FIGURES[lang][0] not in metric_values(page):
        problems.append(
            f"{where}: {FIGURES[lang][0]!r} not among the metrics {metric_values(page)}"
        )
    texts = {k: v for k, v in read_texts(page).items() if k != "map scale"}
    if lang == "en":
        problems += [f"{where}: {t}" for t in vietnamese_texts(texts, names)]
    else:
        problems += [f"{where}: {t}" for t in streamlit_english(texts) + app_english(texts)]
    return problems


def test_the_sidebar_switch_changes_the_page_and_the_url_and_survives_navigation(
    page_in_locale, app
):
    """No ``?lang=``: Vietnamese (whatever the browser's locale); the switch to English changes
    the page (every text, the selectboxes' shown values too) and the URL, without a reload;
    the language stays through the navigation and a reload; the switch back restores it."""
    base_url, db_url = app
    page = page_in_locale("en-US")
    sign_in(page, base_url)
    page.goto(base_url + "/")
    _map_ready(page)
    settle(page)
    names = data_names(db_url)
    problems = _check_state(page, "first open, no ?lang=", "vi", "map", names)

    _switch_to(page, "en")
    _map_ready(page)
    settle(page)
    problems += _check_state(page, "map page, switched to English", "en", "map", names)

    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=_titles("en")[3]).click()
    page.wait_for_url(re.compile(r"/progress\?"), timeout=30_000)
    settle(page)
    problems += _check_state(page, "progress page through the navigation", "en", "progress", names)

    page.reload()
    _drawn(page)
    settle(page)
    problems += _check_state(page, "progress page reloaded", "en", "progress", names)

    _switch_to(page, "vi")
    problems += _check_state(page, "progress page, switched back", "vi", "progress", names)
    assert not problems, "\n".join(problems)
