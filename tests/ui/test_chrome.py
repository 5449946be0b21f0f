"""ui.chrome: the style sheet that hides Streamlit's own English and writes the app's text.

The selectors were read from Streamlit's frontend bundle; these tests read the installed bundle
again, so an upgrade that renames a ``data-testid`` or an Emotion class fails here instead of
letting English back onto the pages.
"""

from __future__ import annotations

import doctest
import re
import tomllib
from functools import cache
from pathlib import Path

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

import ui.chrome
from geo.config import REPO_ROOT
from geo.i18n import PSEUDO, language
from ui import chrome

BUNDLE = Path(streamlit.__file__).parent / "static" / "static" / "js"
#: Streamlit's own English texts that the sheet replaces: none may be written by it.
STREAMLIT_ENGLISH = (
    "Upload", "per file", "Drag and drop", "No results", "Running", "Stop", "Press Enter",
    "Skip to main content", "Connecting",
)  # fmt: skip


@cache
def _bundle() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(BUNDLE.glob("*.js")))


def _selectors() -> dict[str, str]:
    """Every selector constant of ui.chrome (an upper-case name holding a CSS selector)."""
    out = {}
    for name, value in vars(chrome).items():
        values = value if isinstance(value, tuple) else (value,)
        for i, v in enumerate(values):
            if name.isupper() and isinstance(v, str) and re.search(r"data-|\.e[a-z0-9]+\d", v):
                out[f"{name}[{i}]" if isinstance(value, tuple) else name] = v
    return out


def _contents(sheet: str) -> list[str]:
    return re.findall(r'content: "((?:[^"\\]|\\.)*)"', sheet)


def test_the_examples_in_the_docstrings_run():
    assert doctest.testmod(ui.chrome).failed == 0


def test_the_selectors_were_read_from_the_installed_streamlit():
    # a new Streamlit release: read the bundle again, check every selector, then bump this
    assert streamlit.__version__ == chrome.STREAMLIT_VERSION


def test_every_selector_names_something_in_the_bundle():
    bundle = _bundle()
    selectors = _selectors()
    assert len(selectors) >= 15
    missing = []
    for name, selector in selectors.items():
        for testid in re.findall(r'data-testid="([^"]+)"', selector):
            found = f"`{testid}`" in bundle or (
                testid.startswith("stBaseButton-") and "stBaseButton-${" in bundle
            )
            if not found:
                missing.append(f"{name}: data-testid {testid}")
        for target in re.findall(r"\.(e[a-z0-9]+\d)\b", selector):
            if f"target:`{target}`" not in bundle:
                missing.append(f"{name}: Emotion class {target}")
        if "data-live-announcer" in selector and "data-live-announcer" not in bundle:
            missing.append(f"{name}: data-live-announcer")
    assert missing == []


def test_the_texts_replaced_are_the_ones_the_bundle_writes():
    bundle = _bundle()
    for text in ("`Upload`", "per file`", "`Drag and drop a file here`", "`No results`",
                 "`Press Enter to ${", "`Skip to main content`", "`Stop`"):  # fmt: skip
        assert text in bundle, text


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (
            "vi",
            ["Nhấn Enter để áp dụng", "Chọn tệp", "tối đa 200 MB mỗi tệp", "Thả tệp vào đây",
             "Không còn lựa chọn nào", "Không tìm thấy lựa chọn nào", "Chuyển đến nội dung chính",
             "Đang xử lý…"],
        ),
        (
            "en",
            ["Press Enter to apply", "Choose a file", "at most 200 MB per file",
             "Drop the file here", "No options left", "No matching option",
             "Skip to the main content", "Working…"],
        ),
    ],
)  # fmt: skip
def test_the_sheet_writes_the_apps_own_texts_in_the_language(lang, texts):
    with language(lang):
        contents = _contents(chrome.css())
    assert set(texts) <= set(contents)
    if lang == "vi":
        leaked = [c for c in contents for e in STREAMLIT_ENGLISH if e.lower() in c.lower()]
        assert leaked == []


def test_every_text_of_the_sheet_comes_from_the_catalog():
    with language(PSEUDO):
        contents = _contents(chrome.css())
    assert contents
    assert [c for c in contents if not (c.startswith("⟦") and c.endswith("⟧"))] == []


def test_the_sheet_hides_what_it_cannot_translate():
    sheet = chrome.css()
    hidden = re.findall(r"^(.*) \{display: none !important\}$", sheet, flags=re.MULTILINE)
    shown = " ".join(hidden)
    for selector in (
        chrome.ELEMENT_TOOLBAR,  # «Download as CSV», «Search», «Fullscreen» tooltips
        *chrome.GRID_MENUS,  # «Sort ascending», «Pin column»…
        chrome.LIVE_ANNOUNCER,  # «3 options available.»
        chrome.UPLOADER_CHIP_SIZE,  # «8.0B»
        chrome.UPLOADER_INSTRUCTIONS,  # «200MB per file • CSV, XLSX»
        f"{chrome.INPUT_INSTRUCTIONS} > span",  # «Press Enter to apply»
    ):
        assert selector in shown, selector


def test_the_sheet_is_css_only_and_cannot_leave_its_style_element():
    with language("en"):
        sheet = chrome.css()
    assert "<" not in sheet
    assert "script" not in sheet.lower()
    assert sheet.count("{") == sheet.count("}")


def test_css_string_escapes():
    assert chrome.css_string('a "b" \\ c\nd</style>') == '"a \\"b\\" \\\\ c\\a d\\3c /style>"'


def _installed_app():
    import streamlit as st

    from geo.i18n import set_language
    from ui import chrome

    set_language(st.session_state.get("lang", "vi"))
    chrome.install()
    st.write("page")


@pytest.mark.parametrize(("lang", "text"), [("vi", '"Chọn tệp"'), ("en", '"Choose a file"')])
def test_install_puts_the_sheet_on_the_page_without_taking_room(lang, text):
    at = AppTest.from_function(_installed_app)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    [style] = at.get("html")
    assert style.proto.body.startswith("<style>") and style.proto.body.endswith("</style>")
    assert f"::after {{content: {text}; visibility: visible}}" in style.proto.body
    # the style sits in the event container, not among the page's elements
    assert [type(e).__name__ for e in at.main.children.values()] == ["Markdown"]


def test_the_main_menu_and_deploy_button_are_off():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["toolbarMode"] == "minimal"


def test_the_app_installs_the_sheet_before_the_page_runs():
    source = (REPO_ROOT / "app.py").read_text(encoding="utf-8")
    assert source.index("chrome.install()") < source.index("page.run()")
    assert source.index("use_language()") < source.index("chrome.install()")
