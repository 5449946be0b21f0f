"""The map page's side panel: the province, or the commune that was clicked."""

import dataclasses
import datetime as dt

import pandas as pd
import streamlit as st

from geo.access.areas import area_target, redact
from geo.access.policy import scope_text
from geo.i18n import _
from geo.metrics import Filters, cards, detail, filters, series
from geo.outputs.charts import commune_trend_chart
from ui import auth
from ui.text import plain
from ui.widgets import count_table


def _without_personal_data(visits: pd.DataFrame, where: pd.DataFrame, code: str) -> pd.DataFrame:
    """The visits of a commune as the signed-in user may see them (a household's name is a
    citizen's): a team leader sees its own team's, with their names, and the others' without."""
    user, target = auth.current_user(), area_target([code], where)
    if user is None or user.role != "team_leader" or visits.empty:
        return redact(visits, user, target)
    parts = [
        redact(rows, user, dataclasses.replace(target, team=str(team)))
        for team, rows in visits.groupby("team", sort=False)
    ]
    return pd.concat(parts).loc[visits.index]


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


def render(
    metrics: pd.DataFrame,
    selected: str | None,
    records: tuple[pd.DataFrame, pd.DataFrame],
    gdf: pd.DataFrame,
    chosen: Filters,
    period: tuple[dt.date, dt.date],
) -> None:
    """Draw the figures of ``selected`` (or of the province) and, for a commune, its visits."""
    title, caption, note = cards.panel_heading(metrics, selected, _whole(metrics))
    st.subheader(plain(title))
    if caption:
        st.caption(plain(caption))
    if note:
        st.info(plain(note))
    columns = st.columns(2)
    for i, card in enumerate(cards.panel_cards(metrics, selected)):
        columns[i % 2].metric(**card.metric_args())
        if card.caption:
            columns[i % 2].caption(card.caption)
    if selected is None:
        return
    if st.button(_("Bỏ chọn xã"), key="clear_selection"):
        st.session_state["selected_code"] = None
        st.rerun()
    targets, visits = records
    trend = series.cumulative_activations(targets, visits, selected, *period)
    if (chart := commune_trend_chart(trend)) is not None:
        st.altair_chart(chart, width="stretch")
    shown = filters.select_visits(visits[visits["code"] == selected], gdf, chosen)
    shown = _without_personal_data(shown, gdf, selected)  # before any table shows a name
    if shown.empty:
        st.caption(_("Chưa có lượt làm việc nào ở xã này trong kỳ đã chọn."))
        return
    for column, by in zip(st.columns(2), ("team", "place_type"), strict=True):
        count_table(detail.visits_by(shown, by), container=column)
    latest = _("Lượt làm việc gần nhất")
    st.markdown(f"**{latest}**")
    count_table(detail.last_visits(shown))
