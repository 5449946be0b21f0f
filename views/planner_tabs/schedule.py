"""Tab «Lập lịch»: teams, schedule parameters, the schedule built, edited, checked and saved.

The schedule built (``st.session_state["plan_result"]``) is reviewed in a fragment
(:func:`_result`): an edit of the schedule, a save, the meeting points, a notice picked or the
map's view rerun that part of the page only, never the ranking or the parameters above it.
"""

import streamlit as st
from streamlit_folium import st_folium  # type: ignore[import-untyped]

from geo import planning
from geo.fmt import format_date, format_int, format_number, format_signed_int, format_weekday
from geo.i18n import N_, _, language_key
from geo.outputs.schedule_map import build_schedule_map, legend_html, schedule_view, team_colours
from geo.planning import tables
from ui import errors, planner_state, timing
from ui.planner_state import frame_key
from ui.scoped import get_commune_payload
from ui.state import get_settings
from ui.text import plain
from views.planner_tabs import exports, parameters, saving, teams
from views.planner_tabs.context import Page, Ranking

#: The views of the schedule map (radio options -> labels).
MAP_VIEWS = {"day": N_("Từng buổi tối"), "team": N_("Từng tổ")}


def _edit(page: Page, proposed, candidates, labels, days_off) -> planning.EditedSchedule:
    st.subheader(_("Sửa lịch"))
    st.caption(_("Đổi tổ hoặc xã của một buổi, thêm hoặc xóa dòng; lịch được kiểm tra lại ngay."))
    frame = tables.editor_frame(proposed, labels)
    number, date, team, commune = frame.columns  # headers in the language in use
    edited = st.data_editor(
        frame,
        hide_index=True,
        num_rows="dynamic",
        disabled=[number],
        column_config={
            number: st.column_config.NumberColumn(format="%d"),  # no locale, no separator
            date: st.column_config.DateColumn(format="DD/MM/YYYY", required=True),
            team: st.column_config.SelectboxColumn(
                options=page.teams["name"].tolist(), required=True
            ),
            commune: st.column_config.SelectboxColumn(options=list(labels.values()), required=True),
        },
        key="plan_edit",
    )
    assignments = tables.assignments_from_editor(edited, labels)
    # a run that changed none of them (a tab opened, a save) checks the same edit again: kept
    key = (
        frame_key(proposed[["date", "team", "code"]]),
        frame_key(assignments),
        frame_key(candidates),
        frame_key(page.teams),
        tuple(days_off),
        language_key(),
    )
    review = planner_state.memo(
        "review",
        key,
        lambda: planning.review_edit(proposed, assignments, candidates, page.teams, days_off),
    )
    e1, e2, e3 = st.columns(3)
    e1.metric(_("Số buổi làm việc"), format_int(len(review.schedule)))
    e2.metric(_("Số xã"), format_int(review.schedule["code"].nunique()))
    change = review.after - review.before
    e3.metric(
        _("Dự kiến kích hoạt"),
        format_int(review.after),
        delta=_("{change} so với lịch đề xuất").format(change=format_signed_int(change))
        if review.edited
        else None,
    )
    if review.edited:
        st.caption(
            _("Lịch đề xuất: {before} người; lịch đã sửa: {after} người.").format(
                before=format_int(review.before), after=format_int(review.after)
            )
        )
    if review.problems:
        lines = "\n".join(f"- {plain(p)}" for p in review.problems)
        st.error(_("Lịch chưa hợp lệ:") + "\n\n" + lines)
    else:
        st.success(_("Lịch hợp lệ: không vi phạm ràng buộc nào."))
    return review


def _evening(day) -> str:
    return f"{format_weekday(day)} {format_date(day)}"


@st.fragment(key="plan_part_map")
@timing.timed_fragment("planner.map")
@errors.guarded("planner.map")
def _schedule_map(page: Page, schedule) -> None:
    """The schedule on a map, one evening or one team at a time (a fragment of its own)."""
    numbered = schedule_view(schedule)  # the numbers of the schedule table
    colours = team_colours([*page.teams["name"], *numbered["team"]])  # one team, one colour
    m1, m2 = st.columns([1, 2])
    view = m1.radio(
        _("Bản đồ"),
        list(MAP_VIEWS),
        format_func={v: _(label) for v, label in MAP_VIEWS.items()}.__getitem__,
        horizontal=True,
        key="plan_map_view",
    )
    if view == "team":
        names = list(dict.fromkeys(numbered["team"].astype(str)))
        team = m2.selectbox(_("Tổ lưu động"), names, key="plan_map_team")
        shown = schedule_view(numbered, team=team)
    else:
        days = list(dict.fromkeys(numbered["date"].map(lambda d: d.date())))
        day = m2.selectbox(
            _("Buổi tối"),
            days,
            format_func={d: _evening(d) for d in days}.__getitem__,
            key="plan_map_day",
        )
        shown = schedule_view(numbered, day=day)
    settings = get_settings()
    fmap = build_schedule_map(
        shown.assign(name=shown["code"].astype(str).map(page.labels)),
        page.teams,
        communes_xy=page.communes,
        boundaries_geojson=get_commune_payload(page.version),
        tile_url=settings.tile_url,
        attribution=settings.tile_attribution,
        colours=colours,
    )
    st_folium(fmap, key="plan_map", height=520, use_container_width=True, returned_objects=[])
    used = {t: colours[t] for t in dict.fromkeys(shown["team"].astype(str))}
    st.markdown(legend_html(used), unsafe_allow_html=True)


def _build_caption(result: dict, seconds: float) -> str:
    method = result["schedule"].attrs.get("solver", {}).get("method")
    return _("{method}: {seconds} giây từ lúc bấm «Lập lịch» đến khi có lịch.").format(
        method=tables.method_label(method) if method in tables.METHOD_LABELS else "",
        seconds=format_number(seconds, 1),
    )


@st.fragment(key="plan_part_result")
@timing.timed_fragment("planner.schedule")
@errors.guarded("planner.schedule")
def _result(page: Page, candidates, labels, days_off, method, shown: bool):
    """Review the schedule built; return the slot of the build time while it is being measured."""
    result = st.session_state.get("plan_result")
    if result is None or result["schedule"].empty:
        return None
    slot = st.empty()
    if result.get("waited") is not None:
        slot.caption(_build_caption(result, result["waited"]))
    if note := planning.solver_note(result["schedule"].attrs.get("solver", {})):
        st.info(note)  # the MILP asked for, the greedy plan kept: say why
    review = _edit(page, result["schedule"], candidates, labels, days_off)
    st.subheader(_("Lịch công tác"))
    st.dataframe(tables.schedule_grid(review.schedule, page.labels), key="plan_grid")
    if shown:  # the map, the page's dearest part, only in the open tab (it keeps no state)
        _schedule_map(page, review.schedule)
    exports.render(page, review.schedule, labels)
    saving.render(page, result, review, method)
    return slot if result.get("waited") is None else None


def show_build_time(slot) -> None:
    """At the end of the page's run: the time from the click of «Lập lịch», in ``slot``."""
    waited = planner_state.build_waited()
    result = st.session_state.get("plan_result")
    if waited is None or result is None or result.get("waited") is not None:
        return
    result["waited"] = waited
    if slot is not None:
        slot.caption(_build_caption(result, waited))


def render(page: Page, ranking: Ranking, shown: bool = True):
    """Draw the tab (its map when ``shown``); return the slot of the build time.

    See :func:`show_build_time`.
    """
    scores = ranking.scores
    based = page.teams.dropna(subset=["base_lat", "base_lon"])
    candidates = scores[scores["has_data"] & (scores["gap"] > 0)]
    labels = {str(c): page.labels.get(str(c), str(c)) for c in candidates["code"]}
    teams.render(page)
    days_off, inputs, method = parameters.render(page, ranking, candidates, based)
    result = st.session_state.get("plan_result")
    if result is None:
        st.info(_("Chọn thông số rồi bấm «Lập lịch»."))
        return None
    if result["schedule"].empty:
        st.warning(_("Không lập được buổi nào: không có tổ nào đến được xã cần làm việc."))
        return None
    if result["inputs"] != inputs:
        st.info(_("Thông số đã thay đổi sau lần lập lịch này; bấm «Lập lịch» để lập lại."))
    elif result.get("lang", language_key()) != language_key():
        st.info(
            _("Lý do trong lịch được ghi bằng ngôn ngữ lúc lập lịch; bấm «Lập lịch» để ghi lại.")
        )
    return _result(page, candidates, labels, days_off, method, shown)
