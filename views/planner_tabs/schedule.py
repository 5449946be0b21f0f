"""Tab «Lập lịch»: teams, schedule parameters, the schedule built, edited, checked and saved."""

import streamlit as st
from streamlit_folium import st_folium  # type: ignore[import-untyped]

from geo import planning
from geo.fmt import format_int, format_number, format_signed_int
from geo.i18n import _, language_key
from geo.outputs.schedule_map import build_schedule_map, legend_html, team_colours
from geo.planning import tables
from ui.scoped import get_commune_payload
from ui.state import get_settings
from ui.text import plain
from views.planner_tabs import exports, parameters, saving, teams
from views.planner_tabs.context import Page, Ranking


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
    review = planning.review_edit(proposed, assignments, candidates, page.teams, days_off)
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


def _grid_and_map(page: Page, schedule) -> None:
    st.subheader(_("Lịch công tác"))
    st.dataframe(tables.schedule_grid(schedule, page.names), key="plan_grid")
    colours = team_colours([*page.teams["name"], *schedule["team"]])
    used = {t: colours[t] for t in dict.fromkeys(schedule["team"])}
    settings = get_settings()
    fmap = build_schedule_map(
        schedule.assign(name=schedule["code"].map(page.names)),
        page.teams,
        communes_xy=page.communes,
        boundaries_geojson=get_commune_payload(page.version),
        tile_url=settings.tile_url,
        attribution=settings.tile_attribution,
    )
    st_folium(fmap, key="plan_map", height=560, use_container_width=True, returned_objects=[])
    st.markdown(legend_html(used), unsafe_allow_html=True)


def render(page: Page, ranking: Ranking) -> None:
    scores = ranking.scores
    based = page.teams.dropna(subset=["base_lat", "base_lon"])
    candidates = scores[scores["has_data"] & (scores["gap"] > 0)]
    labels = tables.commune_labels(candidates)
    teams.render(page)
    days_off, inputs, method = parameters.render(page, ranking, candidates, based)
    result = st.session_state.get("plan_result")
    if result is None:
        st.info(_("Chọn thông số rồi bấm «Lập lịch»."))
        return
    if result["schedule"].empty:
        st.warning(_("Không lập được buổi nào: không có tổ nào đến được xã cần làm việc."))
        return
    if result["inputs"] != inputs:
        st.info(_("Thông số đã thay đổi sau lần lập lịch này; bấm «Lập lịch» để lập lại."))
    elif result.get("lang", language_key()) != language_key():
        st.info(
            _("Lý do trong lịch được ghi bằng ngôn ngữ lúc lập lịch; bấm «Lập lịch» để ghi lại.")
        )
    proposed = result["schedule"]
    solver = proposed.attrs.get("solver", {})
    solved_by = solver.get("method")
    st.caption(
        _("{method}: {seconds} giây.").format(
            method=tables.method_label(solved_by) if solved_by in tables.METHOD_LABELS else "",
            seconds=format_number(solver.get("seconds_total", 0.0), 1),
        )
    )
    review = _edit(page, proposed, candidates, labels, days_off)
    _grid_and_map(page, review.schedule)
    exports.render(page, review.schedule, labels)
    saving.render(page, result, review, method)
