"""The map page's gap table: communes ranked by people not yet activated."""

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from geo.metrics import detail
from geo.xlsx import XLSX_MIME


def render(metrics: pd.DataFrame, districts: list[str], end: dt.date) -> None:
    """Draw the table (a row click selects the commune on the map) and its Excel download."""
    st.subheader("Xã còn nhiều người chưa kích hoạt")
    query = st.text_input("Lọc theo tên xã", key="gap_filter", placeholder="Ví dụ: Lê Hồng Phong")
    table = detail.gap_rows(metrics, districts, query)
    display, numbers = detail.gap_display(table)
    event = st.dataframe(
        display,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="gap_table",
        column_config={h: st.column_config.NumberColumn(format="localized") for h in numbers},
    )
    rows = event.selection.rows if event is not None else []
    if rows and table.loc[rows[0], "code"] != st.session_state.get("selected_code"):
        st.session_state["selected_code"] = table.loc[rows[0], "code"]
        st.rerun()
    st.download_button(
        "Tải bảng (Excel)",
        data=partial(detail.gap_table_xlsx, table),  # built only when clicked
        on_click="ignore",
        file_name=f"so-nguoi-chua-kich-hoat-{end.isoformat()}.xlsx",
        mime=XLSX_MIME,
        icon=":material/download:",
    )
