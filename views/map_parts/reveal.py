"""Bring the commune panel into view on a phone once a tap has selected a commune.

Below 640 px Streamlit stacks the page's columns, so the panel opens under the map, below the
fold, and a tap seems to do nothing. :func:`scroll_script` is a tiny script of the app's own (no
library, nothing fetched) that scrolls the panel's top into view when the screen is that narrow
and the panel is not already on screen; :func:`reveal_once` puts it on the page once per newly
selected commune, so later reruns (a filter, another widget) never move the page.
"""

import json

import streamlit as st

#: Key of the panel's container: Streamlit gives it the CSS class ``st-key-commune_panel``.
PANEL_KEY = "commune_panel"
#: Widest screen (CSS px) on which the columns stack and the panel is scrolled into view.
NARROW_PX = 640
_REVEALED = "_panel_revealed_for"


def scroll_script(selector: str, nonce: str, narrow_px: int = NARROW_PX) -> str:
    """Write the ``<script>`` that scrolls ``selector``'s element into view on a narrow screen.

    It waits two animation frames (the panel's figures are laid out by then), and does nothing
    on a screen wider than ``narrow_px`` or when the element's top is already on screen.

    Parameters
    ----------
    selector : str
        CSS selector of the element to show (written into the script as a JSON string).
    nonce : str
        Text that differs for every selection, so the page runs the script again (JSON string).
    narrow_px : int
        Widest window, in CSS pixels, on which to scroll.

    Returns
    -------
    str
        A ``<script>`` element for ``st.html(..., unsafe_allow_javascript=True)``.

    Examples
    --------
    >>> s = scroll_script(".st-key-commune_panel", "13291")
    >>> s.startswith("<script>") and '".st-key-commune_panel"' in s and "640" in s
    True
    >>> "</script" in scroll_script("</script>", "x")[8:-9]
    False
    """
    sel = json.dumps(selector).replace("<", "\\u003c")
    tag = json.dumps(nonce).replace("<", "\\u003c")
    return (
        "<script>(() => {"
        f"const sel = {sel}, nonce = {tag};"
        f"if (window.innerWidth > {int(narrow_px)}) return;"
        "const go = () => {"
        "const el = document.querySelector(sel); if (!el) return;"
        "const top = el.getBoundingClientRect().top;"
        "if (top >= 0 && top < window.innerHeight * 0.5) return;"
        "el.scrollIntoView({block: 'start', behavior: 'smooth'});"
        "el.dataset.revealed = nonce;"
        "};"
        "requestAnimationFrame(() => requestAnimationFrame(go));"
        "})();</script>"
    )


def reveal_once(selected: str | None) -> None:
    """Scroll the panel (:data:`PANEL_KEY`) into view on a phone, once per newly selected commune.

    Call it inside the panel's container, after its figures. With no commune selected it only
    forgets the last one, so selecting that commune again scrolls again.

    Parameters
    ----------
    selected : str, optional
        Code of the selected commune.
    """
    state = st.session_state
    if selected is None:
        state[_REVEALED] = None
        return
    if state.get(_REVEALED) == selected:
        return
    state[_REVEALED] = selected
    st.html(scroll_script(f".st-key-{PANEL_KEY}", selected), unsafe_allow_javascript=True)
