"""«Lưu và công bố»: the reviewed schedule saved as a draft plan, or saved and published."""

from __future__ import annotations

import streamlit as st

from geo import planning
from geo.i18n import _
from ui import auth
from views.planner_tabs.context import Page

__all__ = ["render"]


def render(page: Page, result: dict, review: planning.EditedSchedule, method: str) -> None:
    """Offer to save the reviewed schedule as a draft, or to save and publish it (re-checked)."""
    st.subheader(_("Lưu và công bố"))
    if review.problems:
        st.caption(_("Sửa các vi phạm ở trên trước khi lưu kế hoạch."))
    s1, s2 = st.columns(2)
    blocked = bool(review.problems)
    codes = review.schedule["code"]
    may_save = page.decide("plan", codes)
    may_publish = page.decide("publish_plan", codes) if may_save else may_save
    save = auth.button(_("Lưu bản nháp"), may_save, container=s1, key="plan_save", disabled=blocked)
    publish = auth.button(
        _("Lưu và công bố"),
        may_publish,
        container=s2,
        type="primary",
        key="plan_save_publish",
        disabled=blocked,
    )
    if not (save or publish):
        return
    solver = result["schedule"].attrs.get("solver", {})
    plan_id = page.store.save_plan(
        review.schedule,
        params={
            **result["params"],
            "edited": review.edited,
            "expected_activations": review.after,
            "solver": solver,
        },
        user=page.user,
        start=page.start,
        days=page.days,
        method=str(solver.get("method", method)),
    )
    if publish:
        page.store.publish_plan(plan_id, page.user)
        message = _("Đã lưu kế hoạch số {plan} và công bố; đây là kế hoạch đang áp dụng.")
    else:
        message = _("Đã lưu kế hoạch số {plan}.")
    # said here, with no rerun at all: nothing drawn above depends on the plans saved (the
    # saved plans tab is drawn again when the user opens it)
    st.success(message.format(plan=plan_id))
