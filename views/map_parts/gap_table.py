"""The map page's gap table: communes ranked by people not yet activated."""

import datetime as dt
import zlib

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from geo.i18n import _
from geo.metrics import detail
from geo.places.search import filter_by_name, name_key, not_found_message, suggest
from geo.xlsx import XLSX_MIME
from ui import auth
from ui.text import plain
from ui.widgets import localized


def _grid(table: pd.DataFrame) -> Styler:
    """The rows for ``st.dataframe``: headers in the language in use, numbers formatted here."""
    display, integers, percents = detail.gap_display(table)
    return localized(display, integers=integers, percents=percents)


def file_name(end: dt.date) -> str:
    """Name the Excel download in the language in use (ASCII), after the last day shown."""
    return _("so-nguoi-chua-kich-hoat-{date}.xlsx").format(date=end.isoformat())


def _table_key(query: str, districts: list[str]) -> str:
    """Key the grid per filter: a row number means another commune under another filter."""
    narrowed = f"{name_key(query)}|{','.join(sorted(districts))}"
    return "gap_table" if narrowed == "|" else f"gap_table_{zlib.crc32(narrowed.encode()):08x}"


def render(metrics: pd.DataFrame, districts: list[str], end: dt.date) -> None:
    """Draw the table (a row click selects the commune on the map) and its Excel download.

    The name filter matches with or without diacritics (:func:`geo.places.search.filter_by_name`);
    when it matches nothing, a message names the closest communes.
    """
    st.subheader(_("Xã còn nhiều người chưa kích hoạt"))
    query = st.text_input(
        _("Lọc theo tên xã"), key="gap_filter", placeholder=_("Ví dụ: Lê Hồng Phong")
    )
    every = detail.gap_rows(metrics, districts)
    table = filter_by_name(every, query, "full_name").reset_index(drop=True)
    if table.empty and len(every):
        close = [plain(n) for n in suggest(query, every["full_name"])]
        st.info(not_found_message(plain(query), close))  # the typed and data parts inert
        return
    event = st.dataframe(
        _grid(table),
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key=_table_key(query, districts),
    )
    rows = event.selection.rows if event is not None else []
    if rows and 0 <= rows[0] < len(table):
        code = table.loc[rows[0], "code"]
        if code != st.session_state.get("selected_code"):
            st.session_state["selected_code"] = code
            st.rerun()
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
