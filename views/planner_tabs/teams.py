"""Section «Tổ lưu động» of the schedule tab: team sizes, bases and contact lines, edited and saved.

The contact line («Liên hệ tổ: <tổ> – <liên hệ>») is printed on every notice of the team's
communes (``geo.outputs.notices``); it is user text, shown and printed as typed, never markup.
"""

import pandas as pd
import streamlit as st

from geo.fmt import format_int
from geo.i18n import _, ngettext
from geo.planning import tables
from geo.store.teams import CONTACT_MAX
from ui import auth, planner_state
from ui.text import plain
from views.planner_tabs.context import Page


def render(page: Page) -> None:
    st.subheader(_("Tổ lưu động"))
    message = planner_state.said("teams")  # here, not above the tabs
    if message:
        st.success(message)
    may_edit = auth.allowed("edit_teams")  # the teams are province-wide: no place
    table = tables.team_table(page.teams)
    team, members, lat, lon = table.columns  # headers in the language in use
    contact = _("Liên hệ của tổ (in trên thông báo)")
    known = page.teams["contact"] if "contact" in page.teams else [None] * len(page.teams)
    table[contact] = pd.Series(list(known), index=table.index, dtype=object)
    edited = st.data_editor(
        table,
        hide_index=True,
        disabled=[team] if may_edit else True,
        column_config={
            # printf formats: the same in every browser (no locale), no thousands separator
            members: st.column_config.NumberColumn(min_value=1, max_value=20, step=1, format="%d"),
            lat: st.column_config.NumberColumn(min_value=8.0, max_value=24.0, format="%.5f"),
            lon: st.column_config.NumberColumn(min_value=102.0, max_value=110.0, format="%.5f"),
            contact: st.column_config.TextColumn(
                max_chars=CONTACT_MAX,
                help=_("Ví dụ: Đ/c Minh 0912 345 678"),
            ),
        },
        key="plan_teams_editor",
    )
    if auth.button(_("Lưu thông tin tổ"), may_edit, container=st, key="plan_teams_save"):
        frame = tables.teams_from_table(edited)
        # every row's contact as shown (a cleared cell clears it)
        frame["contact"] = edited[contact].astype(object).where(edited[contact].notna(), "")
        try:
            n = page.store.update_teams(frame, page.user)
        except ValueError as e:  # a contact over 200 characters: nothing is written
            st.error(str(e))
            return
        planner_state.say(
            "teams",
            ngettext("Đã lưu thông tin {n} tổ.", "Đã lưu thông tin {n} tổ.", n).format(
                n=format_int(n)
            ),
        )
        st.rerun()  # the teams change the whole page
    no_base = page.teams[page.teams["base_lat"].isna() | page.teams["base_lon"].isna()]
    if len(no_base):
        st.warning(
            _(
                "Các tổ chưa có vị trí trụ sở nên không thể lập lịch: {teams}. Nhập vĩ độ, kinh "
                "độ trụ sở ở bảng trên rồi bấm «Lưu thông tin tổ»."
            ).format(teams=", ".join(plain(n) for n in no_base["name"]))
        )
