"""Tab «Kế hoạch đã lưu và đối chiếu»: saved plans, publishing a draft, plan against the logs."""

import streamlit as st

from geo import planning
from geo.fmt import format_date, format_int, format_percent
from geo.i18n import _
from geo.planning import tables
from ui import auth, errors, planner_state, timing
from ui.widgets import localized
from views.planner_tabs.context import Page


def _plans(page: Page, plans, current_id) -> None:
    if plans.empty:
        st.info(_("Chưa có kế hoạch nào được lưu."))
        return
    table = tables.saved_plans_table(plans, current_id)
    number = table.columns[0]  # the plan's number, a small whole number
    st.dataframe(localized(table, integers=[number]), hide_index=True, key="plan_saved")
    drafts = plans.loc[plans["status"] != "published", "id"].astype(int).tolist()
    if not drafts:
        return
    d1, d2 = st.columns([3, 1])
    pick = d1.selectbox(
        _("Bản nháp"),
        drafts,
        format_func={i: tables.plan_label(i) for i in drafts}.__getitem__,  # made in this run
        placeholder=_("Chọn bản nháp"),
        key="plan_draft",
    )
    may_publish = page.decide("publish_plan", page.store.plan_assignments(int(pick))["code"])
    if auth.button(_("Công bố kế hoạch"), may_publish, container=d2, key="plan_publish"):
        page.store.publish_plan(int(pick), page.user)
        planner_state.say(
            "saved",
            _("Đã công bố kế hoạch số {plan}; đây là kế hoạch đang áp dụng.").format(plan=pick),
        )
        planner_state.rerun_part()  # this tab only


def _followup(page: Page, published: list[int], current_id) -> None:
    chosen = st.selectbox(
        _("Kế hoạch đã công bố"),
        published,
        index=published.index(current_id) if current_id in published else 0,
        format_func={i: tables.plan_label(i, current_id) for i in published}.__getitem__,
        placeholder=_("Chọn kế hoạch"),
        key="plan_compare",
    )
    assignments = page.store.plan_assignments(chosen)
    inside = assignments["code"].astype(str).isin(page.communes["code"].astype(str))
    # the evenings of the user's scope only, against its visits (the others are not its job)
    review = planning.plan_followup(assignments[inside], page.visits)
    f1, f2, f3 = st.columns(3)
    f1.metric(
        _("Tỷ lệ buổi làm đúng lịch"),
        format_percent(review.share) if review.share is not None else _("chưa đến hạn"),
    )
    f2.metric(_("Buổi đã đến hạn"), f"{format_int(review.honoured)}/{format_int(review.due)}")
    f3.metric(
        _("Kích hoạt thực tế / dự kiến"),
        f"{format_int(review.activated)} / {format_int(review.expected)}",
    )
    if review.as_of is not None:
        st.caption(
            _(
                "Theo số liệu lượt làm việc đến ngày {date}. Một buổi được tính là đúng lịch khi "
                "có lượt làm việc của đúng tổ, tại đúng xã, trong đúng ngày."
            ).format(date=format_date(review.as_of))
        )
    st.dataframe(
        tables.followup_table(review.rows, page.labels), hide_index=True, key="plan_review"
    )


@st.fragment(key="plan_part_saved")
@timing.timed_fragment("planner.saved")
@errors.guarded("planner.saved")
def render(page: Page) -> None:
    """Draw the tab, a fragment: publishing a draft reruns this tab only."""
    message = planner_state.said("saved")
    if message:
        st.success(message)
    plans = page.store.plans()
    current = page.store.published_plan()
    current_id = current[0] if current else None
    _plans(page, plans, current_id)
    st.subheader(_("Đối chiếu kế hoạch với thực tế"))
    published = plans.loc[plans["status"] == "published", "id"].astype(int).tolist()
    if not published:
        st.info(_("Chưa có kế hoạch nào được công bố."))
    else:
        _followup(page, published, current_id)
