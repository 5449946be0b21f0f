"""The map page's gap table: communes ranked by people not yet activated.

A row click selects the commune (``selected_code``, shared with the map and the panel), and the
grid always highlights the selected commune's row: :func:`take_selection` runs before the map is
drawn, so a click is seen by the map and the panel of the same run (no second run). The grid's
selection is a row *position* in the rows drawn under one filter; it is read only against those
rows (:func:`code_at`) and rewritten from the selected *code* (:func:`row_of`) whenever the filter,
the districts or a map click change what it should show. So a filter that leaves fewer rows never
reads a stale position (it used to raise ``KeyError`` or pick another commune), the selected
commune stays highlighted while it is among the filtered rows, and otherwise no row is selected
while the map and the panel keep the commune.

The rows and the grid are cached per version, filters, name filter, language and scope
(:mod:`ui.map_tables`); the table is drawn by the page's main fragment
(:mod:`views.map_parts.main`), so a row click or the name filter reruns that part alone.
"""

import datetime as dt
import zlib
from collections.abc import Sequence
from typing import Any

import streamlit as st

from geo.i18n import _
from geo.metrics import Filters, detail
from geo.places.search import name_key, not_found_message, suggest
from geo.xlsx import XLSX_MIME
from ui import auth, map_tables
from ui.map_cache import Where
from ui.text import plain

#: Session key of the commune shown by the panel and outlined on the map.
SELECTED = "selected_code"
#: Session key of the name filter's text box.
FILTER = "gap_filter"
# (grid key, rows) the page last saw in the grid or wrote to it: anything else is a click
_SEEN = "_gap_table_seen"


def file_name(end: dt.date) -> str:
    """Name the Excel download in the language in use (ASCII), after the last day shown."""
    return _("so-nguoi-chua-kich-hoat-{date}.xlsx").format(date=end.isoformat())


def _table_key(query: str, districts: list[str]) -> str:
    """Key the grid per filter: a row number means another commune under another filter."""
    narrowed = f"{name_key(query)}|{','.join(sorted(districts))}"
    return "gap_table" if narrowed == "|" else f"gap_table_{zlib.crc32(narrowed.encode()):08x}"


def row_of(codes: Sequence[str], code: str | None) -> list[int]:
    """Give the grid selection that shows ``code``: its position among ``codes``, or none.

    Parameters
    ----------
    codes : sequence of str
        Commune codes of the rows drawn, in order.
    code : str, optional
        The selected commune.

    Returns
    -------
    list of int
        ``[position]``, or ``[]`` when ``code`` is None or not among the rows.

    Examples
    --------
    >>> row_of(["13291", "13540"], "13540"), row_of(["13291"], "13540"), row_of(["13291"], None)
    ([1], [], [])
    """
    if code is None:
        return []
    return [i for i, c in enumerate(codes) if c == code][:1]


def code_at(codes: Sequence[str], rows: Sequence[Any]) -> str | None:
    """Read a grid selection against the rows it was made on: the commune code, or None.

    Parameters
    ----------
    codes : sequence of str
        Commune codes of the rows drawn, in order.
    rows : sequence
        The grid's selected row positions (``event.selection.rows``).

    Returns
    -------
    str or None
        The code of the first selected row; None when nothing is selected or the position is
        not a row of ``codes`` (a selection left from other rows).

    Examples
    --------
    >>> code_at(["13291", "13540"], [1]), code_at(["13291"], [5]), code_at(["13291"], [])
    ('13540', None, None)
    >>> code_at(["13291"], [-1]), code_at(["13291"], ["0"])
    (None, None)
    """
    if not rows or not isinstance(rows[0], int) or isinstance(rows[0], bool):
        return None
    return codes[rows[0]] if 0 <= rows[0] < len(codes) else None


def _stored_rows(key: str) -> list[int]:
    """The row positions the grid under ``key`` holds (from the browser, a test or this page)."""
    value = st.session_state.get(key)
    try:
        rows = value["selection"]["rows"]  # type: ignore[index]
    except (KeyError, TypeError):
        return []
    return [r for r in rows if isinstance(r, int) and not isinstance(r, bool)]


def take_selection(version: str, chosen: Filters, at: Where) -> None:
    """Apply a row click to the selected commune, and make the grid show the selected commune.

    Call it before the map and the panel are drawn. A selection that differs from what the grid
    last showed is a click: its row (read against the rows drawn with that key) becomes
    ``selected_code``, an emptied selection clears it, a position that is not a row is ignored.
    Otherwise the grid's selection is set to the selected commune's row under the current filter,
    or to none when the filter leaves it out.

    Parameters
    ----------
    version : str
        The boundary version shown.
    chosen : geo.metrics.Filters
        The sidebar's filters (their districts narrow the table).
    at : ui.map_cache.Where
        This run's :func:`ui.map_cache.where`.
    """
    state = st.session_state
    query = str(state.get(FILTER) or "")
    districts = list(chosen.districts)
    key = _table_key(query, districts)
    rows = map_tables.gap_rows(version, chosen, districts, query, at=at)
    codes = rows["code"].astype(str).tolist()
    stored = _stored_rows(key)
    seen_key, seen_rows = state.get(_SEEN, (None, []))
    if key == seen_key and stored != seen_rows:  # the user clicked a row of this grid
        if not stored:
            if state.get(SELECTED) is not None:
                state[SELECTED] = None
        elif (code := code_at(codes, stored)) is not None:
            state[SELECTED] = code
    want = row_of(codes, state.get(SELECTED))
    if stored != want:
        state[key] = {"selection": {"rows": want, "columns": [], "cells": []}}
    state[_SEEN] = (key, want)


def render(version: str, chosen: Filters, end: dt.date, at: Where) -> None:
    """Draw the table (a row click selects the commune on the map) and its Excel download.

    The name filter matches with or without diacritics (:func:`geo.places.search.filter_by_name`);
    when it matches nothing, a message names the closest communes. The grid's selection has
    been set by :func:`take_selection` earlier in the run.

    Parameters
    ----------
    version : str
        The boundary version shown.
    chosen : geo.metrics.Filters
        The sidebar's filters (their districts narrow the table).
    end : date
        The last day shown (names the download).
    at : ui.map_cache.Where
        This run's :func:`ui.map_cache.where`.
    """
    st.subheader(_("Xã còn nhiều người chưa kích hoạt"))
    query = st.text_input(_("Lọc theo tên xã"), key=FILTER, placeholder=_("Ví dụ: Lê Hồng Phong"))
    districts = list(chosen.districts)
    table = map_tables.gap_rows(version, chosen, districts, query, at=at)
    if table.empty:
        every = map_tables.gap_rows(version, chosen, districts, at=at)
        if len(every):
            close = [plain(n) for n in suggest(query, every["full_name"])]
            st.info(not_found_message(plain(query), close))  # the typed and data parts inert
            return
    st.dataframe(
        map_tables.gap_grid(version, chosen, districts, query, at=at),
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key=_table_key(query, districts),
    )
    auth.download_button(  # built when clicked, in this language, and audited as «export»
        _("Tải bảng (Excel)"),
        detail.gap_table_xlsx,
        table,
        file_name=file_name(end),
        mime=XLSX_MIME,
        key="gap_table_download",
        detail={"page": "map"},
        icon=":material/download:",
    )
