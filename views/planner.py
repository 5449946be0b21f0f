"""Trang «Kế hoạch»: xếp hạng ưu tiên các xã, lập lịch tổ lưu động, thông báo, đối chiếu.

The tabs keep the one open across reruns (``key="plan_tab"``, held in the session); an edit of
the schedule, a save, a notice picked, the map's view and a publication rerun only their part of
the page (``st.fragment``, in ``views/planner_tabs``). The build time is measured from the click
of «Lập lịch» to the end of this run (``schedule.show_build_time``).
"""

import datetime as dt

import pandas as pd
import streamlit as st

from geo.access import PAGES
from geo.fmt import format_date
from geo.i18n import _
from ui import auth
from ui.scoped import get_communes, get_records
from ui.state import get_record_version, get_registry, get_store
from ui.widgets import date_field
from views.planner_tabs import ranking, saved, schedule
from views.planner_tabs.context import Page

user = auth.require(PAGES["planner"])  # on the server, whatever the navigation shows
st.title(_("Kế hoạch"))
st.caption(
    _(
        "Xã nào cần đến trước, tổ nào đi đâu, buổi tối nào; thông báo lịch cho người dân; "
        "đối chiếu kế hoạch đã công bố với kết quả thực tế."
    )
)
store = get_store()
version = get_record_version()
_targets, visits, teams = get_records(version)  # cached, keyed on the store revision

# --- kỳ kế hoạch --------------------------------------------------------------------------------
last_visit = pd.to_datetime(visits["date"]).max() if len(visits) else pd.NaT
default_start = (
    last_visit.date() + dt.timedelta(days=1) if pd.notna(last_visit) else dt.date.today()
)
c1, c2 = st.columns(2)
start = date_field(_("Ngày bắt đầu"), default_start, key="plan_start", container=c1)
days = int(c2.number_input(_("Số ngày"), 1, 60, 14, key="plan_days"))
page = Page(
    store=store,
    user=user.username,
    version=version,
    communes=get_communes(version),
    visits=visits,
    teams=teams,
    start=start,
    days=days,
    account=user,
    # its rights are judged against the full registry (``communes`` may be cut to its scope)
    registry=get_registry(version),
)
c1.caption(
    _("Số liệu đến hết ngày {last}; kỳ kế hoạch {first} – {end}.").format(
        last=format_date(start - dt.timedelta(days=1)),
        first=format_date(start),
        end=format_date(page.horizon[-1]),
    )
)

tab_rank, tab_plan, tab_saved = st.tabs(
    [_("Xếp hạng ưu tiên"), _("Lập lịch"), _("Kế hoạch đã lưu và đối chiếu")],
    key="plan_tab",  # the open tab is held in the session: a rerun does not go back to the first
    on_change="rerun",  # opening a tab draws it (the saved plans read again after a save)
)
with tab_rank:
    ranked = ranking.render(page)
with tab_plan:  # its map is drawn only while the tab is open (its widgets are kept)
    wait_slot = schedule.render(page, ranked, shown=tab_plan.open is not False)
if tab_saved.open is not False:  # drawn when opened: after a save, the plans are read again
    with tab_saved:
        saved.render(page)
schedule.show_build_time(wait_slot)  # the whole run since the click, not the solver's time
