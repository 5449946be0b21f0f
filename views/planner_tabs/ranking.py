"""Tab «Xếp hạng ưu tiên»: weights and target, the ranked communes with their reasons."""

import datetime as dt
import html

import streamlit as st

from geo import planning
from geo.fmt import format_int
from geo.metrics import Filters
from geo.planning import tables
from ui.state import get_metrics
from views.planner_tabs.context import Page, Ranking


def _weights() -> tuple[dict[str, float], int]:
    with st.expander("Trọng số và mục tiêu", expanded=True):
        cols = st.columns(len(tables.WEIGHT_LABELS) + 1)
        defaults = planning.Weights().as_dict()
        chosen = {
            k: cols[i].slider(label, 0.0, 1.0, defaults[k], 0.05, key=f"plan_w_{k}")
            for i, (k, label) in enumerate(tables.WEIGHT_LABELS.items())
        }
        target = cols[-1].slider("Mục tiêu tỷ lệ kích hoạt (%)", 50, 100, 80, 5, key="plan_target")
    if sum(chosen.values()) <= 0:
        st.error("Tổng trọng số phải lớn hơn 0; đang dùng trọng số mặc định.")
        chosen = defaults
    st.caption(tables.weights_caption(chosen))
    return chosen, target


def render(page: Page) -> Ranking:
    chosen, target = _weights()
    yesterday = page.start - dt.timedelta(days=1)
    metrics = get_metrics(page.version, Filters(end=yesterday))
    recent = get_metrics(
        page.version, Filters(start=page.start - dt.timedelta(days=7), end=yesterday)
    )
    scores = planning.priority_scores(
        metrics,
        page.communes[["code", "lat", "lon"]],
        page.teams,
        planning.Weights.from_dict(chosen),
        target / 100,
        today=page.start,
        yield_rates=planning.learn_yield(page.visits, page.communes, page.teams),
    )
    result = Ranking(planning.with_recent_effort(scores, recent), chosen, target)
    ranked = result.ranked

    b1, b2, b3 = st.columns(3)
    b1.metric("Xã được xếp hạng", format_int(len(ranked)))
    b2.metric("Mức ưu tiên 1", format_int(int((ranked["band"] == 1).sum())))
    b3.metric("Chưa có số liệu", format_int(len(scores) - len(ranked)))
    st.dataframe(tables.ranking_table(scores), hide_index=True, key="plan_ranking")
    unranked = scores[scores["score"].isna()]
    if len(unranked):
        with st.expander(f"Xã chưa có số liệu ({format_int(len(unranked))}), không xếp hạng"):
            st.write(", ".join(html.escape(str(n)) for n in unranked["name"]))
    return result
