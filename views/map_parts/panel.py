"""The map page's side panel: the province, or the commune that was clicked.

Its heading, figure cards, a commune's chart and visit tables are cached per version, filters,
commune, language and scope (and user: a team leader reads its own team's names), in
:mod:`ui.map_tables`; it is drawn by the page's main fragment (:mod:`views.map_parts.main`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from geo.access.policy import scope_text
from geo.i18n import _
from geo.outputs.reports.requests import commune_requests_line
from ui import auth, errors, map_tables, requests
from ui.text import plain
from ui.widgets import table

if TYPE_CHECKING:
    from ui.map_cache import Where
    from views.map_parts.main import MapView


def _whole(metrics: pd.DataFrame) -> str | None:
    """The name of what the totals cover when it is not the province: the scope's districts,
    or its communes (three at most by name)."""
    user = auth.current_user()
    if user is None or user.scope.level == "province" or metrics.empty:
        return None
    column = "district_name" if user.scope.level == "district" else "full_name"
    names = sorted({str(n) for n in metrics.get(column, pd.Series()).dropna()})
    if not names or len(names) > 3:
        return scope_text(user.scope).capitalize()
    return ", ".join(names)


@errors.guarded("map.clear_selection")
def _clear() -> None:
    """Forget the selected commune (the «Bỏ chọn xã» button's callback)."""
    st.session_state["selected_code"] = None


def render(view: MapView, metrics: pd.DataFrame, selected: str | None, at: Where) -> None:
    """Draw the figures of ``selected`` (or of the province) and, for a commune, its visits.

    Parameters
    ----------
    view : views.map_parts.main.MapView
        The sidebar's choices (version, filters, period).
    metrics : DataFrame
        The page's commune metrics.
    selected : str, optional
        The selected commune's code.
    at : ui.map_cache.Where
        This run's :func:`ui.map_cache.where`.
    """
    whole = _whole(metrics)
    figures = map_tables.panel_figures(view.version, view.chosen, selected, whole, at=at)
    st.subheader(plain(figures.title))
    if figures.caption:
        st.caption(plain(figures.caption))
    if figures.note:
        st.info(plain(figures.note))
    columns = st.columns(2)
    for i, card in enumerate(figures.cards):
        columns[i % 2].metric(**card.metric_args())
        if card.caption:
            columns[i % 2].caption(card.caption)
    if selected is None:
        return
    if (line := commune_requests_line(requests.per_commune([selected]), selected)) is not None:
        st.caption(plain(line))
    st.button(_("Bỏ chọn xã"), key="clear_selection", on_click=_clear)  # reruns the fragment
    commune = map_tables.commune_panel(view.version, view.chosen, view.period, selected, at=at)
    if commune.chart is not None:
        st.altair_chart(commune.chart, width="stretch")
    if commune.tables is None:  # names redacted for the user before any table was made
        st.caption(_("Chưa có lượt làm việc nào ở xã này trong kỳ đã chọn."))
        return
    by_team, by_type, latest_visits = commune.tables
    for column, grid in zip(st.columns(2), (by_team, by_type), strict=True):
        table(grid, hide_index=True, container=column)
    latest = _("Lượt làm việc gần nhất")
    st.markdown(f"**{latest}**")
    table(latest_visits, hide_index=True)
