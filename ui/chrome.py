"""Streamlit's own English, hidden or replaced by the app's text in the language in use.

Streamlit 1.67 writes some texts itself, in English, whatever the page's language: the running
indicator («Running…», «Stop»), «Press Enter to apply» under a text box, the file uploader
(«Upload», «200MB per file • CSV, XLSX», the chosen file's size, «Drag and drop a file here»),
«No results» in an empty option list, the «Skip to main content» link, the grid's toolbar and
column menus (tooltips «Download as CSV», «Search», «Fullscreen»; «Sort ascending»…). The main
menu («Print», «Record screen», «Settings»…) is switched off in ``.streamlit/config.toml``
(``client.toolbarMode = "minimal"``, which also hides «Deploy»).

What this module does: one style sheet, CSS only (no script), written in the language in use
and put on the page once per run by ``app.py`` (:func:`install`). A text Streamlit writes is
hidden with ``visibility: hidden`` or ``display: none`` (so it is neither seen nor part of the
page's ``innerText``) and, where the app has something to say instead, a ``::after`` rule of
the element or of its parent writes the catalog's text. :func:`ui.widgets.file_field` adds the
texts that depend on one uploader (its types, its file's size) under the same selectors.

Every selector the app relies on is below, in one place. They were read from Streamlit
**1.67.0**'s frontend bundle (``streamlit/static/static/js/``: ``index.*.js``,
``FileUploader.*.js``, ``utils.*.js``, ``Multiselect.*.js``, ``Selectbox.*.js``,
``DataFrame.*.js``, ``InputInstructions.*.js``). Most are ``data-testid`` attributes; where an
element has none, its Emotion target class (``e…`` + digits, fixed per release) is used. Check
them again after upgrading Streamlit (``tests/ui/test_chrome.py`` pins the version).
"""

from __future__ import annotations

from functools import cache

import streamlit as st

from geo.i18n import _, language_key

__all__ = [
    "EMPTY_MULTISELECT",
    "EMPTY_SELECTBOX",
    "STREAMLIT_VERSION",
    "UPLOADER_CHIP_TEXT",
    "UPLOADER_INSTRUCTIONS_BOX",
    "css",
    "css_string",
    "install",
]

#: The Streamlit release whose frontend the selectors below were read from.
STREAMLIT_VERSION = "1.67.0"

# --- selectors (Streamlit 1.67.0) ---------------------------------------------------------------
#: The running indicator in the top bar: a running man, a «Stop» button (or «Rerun»...).
STATUS_WIDGET = '[data-testid="stStatusWidget"]'
#: Its running man (``aria-label="Running..."``), present while the script runs.
RUNNING_ICON = '[data-testid="stStatusWidgetRunningIcon"]'
#: «Connecting» / «Error» in the status widget, while the server is out of reach.
CONNECTION_STATUS = '[data-testid="stConnectionStatus"]'
#: «Press Enter to apply» (and a character count) under a text box, while it is being typed in;
#: «Press ⌘+Enter to apply» under a text area.
INPUT_INSTRUCTIONS = '[data-testid="InputInstructions"]'
TEXT_AREA = '[data-testid="stTextArea"]'
#: The file uploader's drop zone.
DROPZONE = '[data-testid="stFileUploaderDropzone"]'
#: The «Upload» label of the drop zone's button (``<p>Upload</p>`` in a markdown container).
UPLOAD_BUTTON_TEXT = (
    f'{DROPZONE} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"]'
)
#: «200MB per file • CSV, XLSX»: the text, and the box around it that gets the app's own text.
UPLOADER_INSTRUCTIONS = '[data-testid="stFileUploaderDropzoneInstructions"] span'
UPLOADER_INSTRUCTIONS_BOX = '[data-testid="stFileUploaderDropzoneInstructions"] > div'
#: «Drag and drop a file here», drawn over the drop zone while a file is dragged over it
#: (FileUploader.js: styled ``div`` target ``euud7oh1`` around a ``span`` target ``euud7oh2``).
DRAG_OVERLAY = f"{DROPZONE} .euud7oh1"
DRAG_OVERLAY_TEXT = f"{DROPZONE} .euud7oh2"
#: A chosen file: its name, then its size («8.0B», English decimals) in the next ``div``.
UPLOADER_CHIP_SIZE = '[data-testid="stFileChipName"] + div'
UPLOADER_CHIP_TEXT = 'div:has(> [data-testid="stFileChipName"])'
#: «add icon», the screen-reader label of the «+» button beside a chosen file
#: (BaseButton.js: ``span`` target ``e1aouyeq24``).
UPLOADER_HIDDEN_LABEL = f"{DROPZONE} .e1aouyeq24"
#: «Error: … files are not allowed.» under a file that was refused.
UPLOADER_CHIP_ERROR = '[data-testid="stFileChip"] [role="alert"]'
#: «No results» in an option list with nothing to offer (Multiselect.js ``eo2qvtu11``,
#: Selectbox.js ``equpb2c9``: the styled ``span`` of ``renderEmptyState``).
EMPTY_MULTISELECT = ".eo2qvtu11"
EMPTY_SELECTBOX = ".equpb2c9"
#: The toolbar over a grid or chart (tooltips «Show/hide columns», «Download as CSV», «Search»,
#: «Fullscreen»), and the grid's own menus («Sort ascending», «Pin column», «Statistics»…).
ELEMENT_TOOLBAR = '[data-testid="stElementToolbar"]'
GRID_MENUS = (
    '[data-testid="stDataFrameColumnMenu"]',
    '[data-testid="stDataFrameColumnVisibilityMenu"]',
    '[data-testid="stDataFrameColumnFormattingMenu"]',
    '[data-testid="stDataFrameStatisticsMenu"]',
    '[data-testid="stDataFrameButtonActionMenu"]',
)
#: The grid's column-menu trigger (a chevron in the header).
GRID_MENU_TRIGGER = '[data-testid="stDataFrameColumnMenuTarget"]'
#: «Skip to main content», a link shown when it has the keyboard focus.
SKIP_LINK = '[data-testid="stSkipToContent"]'
#: React Aria's announcements for screen readers («3 options available.»), in English.
LIVE_ANNOUNCER = "[data-live-announcer]"


def css_string(text: str) -> str:
    r"""Quote ``text`` as a CSS string, for a ``content:`` rule.

    Parameters
    ----------
    text : str
        Any text (quotes, backslashes and line breaks are escaped; ``<`` too, so that the
        sheet can never close its ``<style>`` element).

    Returns
    -------
    str
        The text between double quotes.

    Examples
    --------
    >>> print(css_string('Tệp "mẫu" </style>'))
    "Tệp \"mẫu\" \3c /style>"
    """
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ").replace("<", "\\3c ")
    )
    return f'"{escaped}"'


def _replace(hidden: str, box: str, text: str, *, keep_space: bool = False) -> list[str]:
    """Rules that hide ``hidden`` and write ``text`` after the content of ``box``."""
    hide = "visibility: hidden" if keep_space else "display: none"
    return [
        f"{hidden} {{{hide} !important}}",
        f"{box}::after {{content: {css_string(text)}; visibility: visible}}",
    ]


@cache
def _sheet(lang: str, max_upload_mb: int) -> str:
    """Write the style sheet of one language (cached per language and upload limit)."""
    from geo.fmt import format_int

    # texts first: the catalog's extractor does not look inside f-strings
    running, reconnecting = css_string(_("Đang xử lý…")), css_string(_("Đang kết nối lại…"))
    ctrl_enter, skip = (
        css_string(_("Nhấn Ctrl+Enter để áp dụng")),
        css_string(_("Chuyển đến nội dung chính")),
    )
    hidden = ", ".join([ELEMENT_TOOLBAR, *GRID_MENUS, LIVE_ANNOUNCER, UPLOADER_HIDDEN_LABEL])
    rules = [
        f"{hidden} {{display: none !important}}",
        f"{GRID_MENU_TRIGGER} {{visibility: hidden !important}}",
        # the running indicator: the running man stays, «Stop» and «Connecting» go
        f"{STATUS_WIDGET} button, {CONNECTION_STATUS} {{display: none !important}}",
        f"{STATUS_WIDGET}:has({RUNNING_ICON})::after "
        f"{{content: {running}; margin-left: 0.5rem; opacity: 0.7}}",
        f"{STATUS_WIDGET}:has({CONNECTION_STATUS})::after "
        f"{{content: {reconnecting}; opacity: 0.7}}",
        # «Press Enter to apply» while a box is being typed in (Ctrl+Enter in a text area)
        *_replace(f"{INPUT_INSTRUCTIONS} > span", INPUT_INSTRUCTIONS, _("Nhấn Enter để áp dụng")),
        f"{TEXT_AREA} {INPUT_INSTRUCTIONS}::after {{content: {ctrl_enter}}}",
        # the file uploader
        *_replace(f"{UPLOAD_BUTTON_TEXT} > p", UPLOAD_BUTTON_TEXT, _("Chọn tệp")),
        *_replace(
            UPLOADER_INSTRUCTIONS,
            UPLOADER_INSTRUCTIONS_BOX,
            _("tối đa {size} MB mỗi tệp").format(size=format_int(max_upload_mb)),
        ),
        f"{UPLOADER_INSTRUCTIONS_BOX}::after {{font-size: 0.875rem; opacity: 0.7}}",
        *_replace(DRAG_OVERLAY_TEXT, DRAG_OVERLAY, _("Thả tệp vào đây")),
        f"{DRAG_OVERLAY}::after {{font-weight: 700}}",
        f"{UPLOADER_CHIP_SIZE} {{display: none !important}}",
        f"{UPLOADER_CHIP_TEXT}::after {{font-size: 0.75rem; opacity: 0.7}}",
        *_replace(
            UPLOADER_CHIP_ERROR,
            UPLOADER_CHIP_ERROR,
            _("Không nhận tệp này: hãy chọn đúng loại tệp."),
            keep_space=True,
        ),
        # option lists with nothing to offer
        *_replace(
            EMPTY_MULTISELECT, EMPTY_MULTISELECT, _("Không còn lựa chọn nào"), keep_space=True
        ),
        *_replace(
            EMPTY_SELECTBOX, EMPTY_SELECTBOX, _("Không tìm thấy lựa chọn nào"), keep_space=True
        ),
        # the skip link must stay focusable: its own text is made invisible, not hidden
        f"{SKIP_LINK} {{font-size: 0 !important}}",
        f"{SKIP_LINK}::after {{content: {skip}; font-size: 1rem}}",
    ]
    return "\n".join(rules)


def css() -> str:
    """Return the style sheet that hides Streamlit's own texts, in the language in use.

    Returns
    -------
    str
        CSS rules (no ``<style>`` element): the selectors of this module with ``content:``
        texts from the catalog.
    """
    return _sheet(language_key(), int(st.get_option("server.maxUploadSize")))


def install() -> None:
    """Put :func:`css` on the page (``app.py`` calls it once per run, before the page draws).

    A ``st.html`` holding only a ``<style>`` element takes no room on the page.
    """
    st.html(f"<style>{css()}</style>")
