"""Section «Thông số lịch» of the schedule tab: days off, teams, method; the «Lập lịch» button."""

import streamlit as st

from geo import planning
from geo.fmt import format_date
from geo.i18n import _, language_key
from geo.planning import tables
from ui import auth, planner_state
from views.planner_tabs.context import Page, Ranking


def render(page: Page, ranking: Ranking, candidates, based) -> tuple[list, tuple, str]:
    """Draw the parameters; build a schedule when asked. Return days off, inputs, method."""
    st.subheader(_("Thông số lịch"))
    p1, p2 = st.columns(2)
    none = _("Không có")
    off_weekdays = p1.multiselect(
        _("Buổi tối nghỉ trong tuần"),
        list(range(7)),
        # labels made in this run: Streamlit may call format_func outside it (no language)
        format_func=[tables.weekday_label(d) for d in range(7)].__getitem__,
        placeholder=none,
        select_all=False,
        key="plan_off_weekdays",
    )
    off_dates = p2.multiselect(
        _("Ngày nghỉ khác"),
        page.horizon,
        format_func=format_date,
        placeholder=none,
        select_all=False,
        key="plan_off_dates",
    )
    days_off = [*off_weekdays, *off_dates]
    team_names = based["name"].tolist()
    chosen_teams = st.multiselect(
        _("Tổ tham gia"),
        team_names,
        team_names,
        placeholder=_("Chọn tổ lưu động"),
        select_all=False,
        key="plan_teams",
    )
    m1, m2 = st.columns(2)
    method = m1.radio(
        _("Cách lập lịch"),
        list(tables.METHOD_LABELS),
        format_func={m: tables.method_label(m) for m in tables.METHOD_LABELS}.__getitem__,
        horizontal=True,
        key="plan_method",
    )
    time_limit = m2.number_input(
        _("Thời gian giải tối đa (giây)"), 1, 120, 20, key="plan_time_limit"
    )
    inputs = (
        page.start,
        page.days,
        tuple(sorted(ranking.weights.items())),
        ranking.target,
        tuple(off_weekdays),
        tuple(off_dates),
        tuple(chosen_teams),
        method,
    )
    params = {
        "version": page.version,
        "weights": ranking.weights,
        "target_coverage": ranking.target / 100,
        "days_off_weekdays": off_weekdays,
        "days_off_dates": off_dates,
        "teams": chosen_teams,
        "time_limit": time_limit,
    }
    ready = bool(chosen_teams and len(ranking.ranked))
    may_plan = page.decide("plan", candidates["code"])  # the communes it may schedule
    if auth.button(
        _("Lập lịch"),
        may_plan,
        container=st,
        type="primary",
        key="plan_build",
        disabled=not ready,
        on_click=planner_state.start_build,  # the user's wait starts at the click
    ):
        with st.spinner(_("Đang lập lịch…")):
            built = planning.build_schedule(
                candidates,
                based[based["name"].isin(chosen_teams)],
                page.start,
                page.days,
                days_off,
                method="greedy" if method == "greedy" else "milp",
                time_limit=float(time_limit),
            )
        st.session_state["plan_result"] = {
            "schedule": built,
            "inputs": inputs,
            "params": params,
            "lang": language_key(),  # its reasons are written in this language
            "waited": None,  # seconds from the click to the page shown (schedule.show_build_time)
        }
        st.session_state.pop("plan_edit", None)
    return days_off, inputs, method
