"""Tab «Xếp hạng ưu tiên»: weights and target, the ranked communes with their reasons."""

import datetime as dt

import streamlit as st

from geo import planning
from geo.fmt import format_int, format_percent
from geo.i18n import _, language_key
from geo.metrics import Filters
from geo.planning import tables
from geo.planning.requests import open_requests_by_commune
from ui import planner_state
from ui.scoped import get_metrics
from ui.state import revision
from ui.text import plain
from ui.widgets import localized
from views.planner_tabs.context import Page, Ranking


def _weights() -> tuple[dict[str, float], int]:
    with st.expander(_("Trọng số và mục tiêu"), expanded=True):
        cols = st.columns(len(tables.WEIGHT_LABELS) + 1)
        defaults = planning.Weights().as_dict()
        # whole percents: a slider writes its number in the browser, with a decimal point
        percent = "%d" + format_percent(1, 0).replace("100", "").replace("%", "%%")
        chosen = {
            k: cols[i].slider(
                tables.weight_label(k),
                0,
                100,
                round(defaults[k] * 100),
                5,
                format=percent,
                key=f"plan_w_{k}",
            )
            / 100
            for i, k in enumerate(tables.WEIGHT_LABELS)
        }
        target = cols[-1].slider(
            _("Mục tiêu tỷ lệ kích hoạt (%)"), 50, 100, 80, 5, key="plan_target"
        )
    if sum(chosen.values()) <= 0:
        st.error(_("Tổng trọng số phải lớn hơn 0; đang dùng trọng số mặc định."))
        chosen = defaults
    st.caption(tables.weights_caption(chosen))
    return chosen, target


def _scores(page: Page, chosen: dict[str, float], target: int):
    """The priority scores with the recent effort (computed from the cached metrics)."""
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
        home_requests=open_requests_by_commune(page.store.home_requests(status="open"), page.start),
    )
    scores = planning.with_recent_effort(scores, recent)
    return scores, tables.ranking_table(scores, page.labels)


def render(page: Page) -> Ranking:
    chosen, target = _weights()
    # the same records, weights, target, start and language: the scores of the last run
    key = (
        revision(),
        page.user,
        page.version,
        page.start,
        tuple(sorted(chosen.items())),
        target,
        language_key(),
    )
    scores, table = planner_state.memo("ranking", key, lambda: _scores(page, chosen, target))
    result = Ranking(scores, chosen, target)
    ranked = result.ranked

    b1, b2, b3 = st.columns(3)
    b1.metric(_("Xã được xếp hạng"), format_int(len(ranked)))
    b2.metric(_("Mức ưu tiên 1"), format_int(int((ranked["band"] == 1).sum())))
    b3.metric(_("Chưa có số liệu"), format_int(len(scores) - len(ranked)))
    rank, band = table.columns[:2]  # small whole numbers, formatted on the server
    st.dataframe(localized(table, integers=[rank, band]), hide_index=True, key="plan_ranking")
    unranked = scores[scores["score"].isna()]
    if len(unranked):
        label = _("Xã chưa có số liệu ({n}), không xếp hạng").format(n=format_int(len(unranked)))
        with st.expander(label):
            names = [
                page.labels.get(str(c), n)
                for c, n in zip(unranked["code"], unranked["name"], strict=True)
            ]
            st.write(", ".join(plain(n) for n in names))
    return result
