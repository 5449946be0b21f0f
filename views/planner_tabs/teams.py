"""Section «Tổ lưu động» of the schedule tab: team sizes and bases, edited and saved."""

import html

import streamlit as st

from geo.fmt import format_int
from geo.planning import tables
from views.planner_tabs.context import Page


def render(page: Page) -> None:
    st.subheader("Tổ lưu động")
    edited = st.data_editor(
        tables.team_table(page.teams),
        hide_index=True,
        disabled=[tables.COL_TEAM],
        column_config={
            "Số CBCS": st.column_config.NumberColumn(min_value=1, max_value=20, step=1),
            "Vĩ độ trụ sở": st.column_config.NumberColumn(
                min_value=8.0, max_value=24.0, format="%.5f"
            ),
            "Kinh độ trụ sở": st.column_config.NumberColumn(
                min_value=102.0, max_value=110.0, format="%.5f"
            ),
        },
        key="plan_teams_editor",
    )
    if st.button("Lưu thông tin tổ", key="plan_teams_save"):
        n = page.store.update_teams(tables.teams_from_table(edited), page.user)
        st.session_state["plan_flash"] = f"Đã lưu thông tin {format_int(n)} tổ."
        st.rerun()
    no_base = page.teams[page.teams["base_lat"].isna() | page.teams["base_lon"].isna()]
    if len(no_base):
        st.warning(
            "Các tổ chưa có vị trí trụ sở nên không thể lập lịch: "
            + ", ".join(html.escape(str(n)) for n in no_base["name"])
            + ". Nhập vĩ độ, kinh độ trụ sở ở bảng trên rồi bấm «Lưu thông tin tổ»."
        )
