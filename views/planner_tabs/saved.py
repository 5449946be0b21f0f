"""Tab «Kế hoạch đã lưu và đối chiếu»: saved plans, publishing a draft, plan against the logs."""

import streamlit as st

from geo import planning
from geo.fmt import format_date, format_int, format_percent
from geo.planning import tables
from views.planner_tabs.context import Page


def _plans(page: Page, plans, current_id) -> None:
    if plans.empty:
        st.info("Chưa có kế hoạch nào được lưu.")
        return
    st.dataframe(tables.saved_plans_table(plans, current_id), hide_index=True, key="plan_saved")
    drafts = plans.loc[plans["status"] != "published", "id"].astype(int).tolist()
    if not drafts:
        return
    d1, d2 = st.columns([3, 1])
    pick = d1.selectbox("Bản nháp", drafts, format_func=tables.plan_label, key="plan_draft")
    if d2.button("Công bố kế hoạch", key="plan_publish"):
        page.store.publish_plan(int(pick), page.user)
        st.session_state["plan_flash"] = (
            f"Đã công bố kế hoạch số {pick}; đây là kế hoạch đang áp dụng."
        )
        st.rerun()


def _followup(page: Page, published: list[int], current_id) -> None:
    chosen = st.selectbox(
        "Kế hoạch đã công bố",
        published,
        index=published.index(current_id) if current_id in published else 0,
        format_func=lambda i: tables.plan_label(i, current_id),
        key="plan_compare",
    )
    review = planning.plan_followup(page.store.plan_assignments(chosen), page.visits)
    f1, f2, f3 = st.columns(3)
    f1.metric(
        "Tỷ lệ buổi làm đúng lịch",
        format_percent(review.share) if review.share is not None else "chưa đến hạn",
    )
    f2.metric("Buổi đã đến hạn", f"{format_int(review.honoured)}/{format_int(review.due)}")
    f3.metric(
        "Kích hoạt thực tế / dự kiến",
        f"{format_int(review.activated)} / {format_int(review.expected)}",
    )
    if review.as_of is not None:
        st.caption(
            f"Theo số liệu lượt làm việc đến ngày {format_date(review.as_of)}. Một buổi được "
            "tính là đúng lịch khi có lượt làm việc của đúng tổ, tại đúng xã, trong đúng ngày."
        )
    st.dataframe(tables.followup_table(review.rows, page.names), hide_index=True, key="plan_review")


def render(page: Page) -> None:
    plans = page.store.plans()
    current = page.store.published_plan()
    current_id = current[0] if current else None
    _plans(page, plans, current_id)
    st.subheader("Đối chiếu kế hoạch với thực tế")
    published = plans.loc[plans["status"] == "published", "id"].astype(int).tolist()
    if not published:
        st.info("Chưa có kế hoạch nào được công bố.")
    else:
        _followup(page, published, current_id)
