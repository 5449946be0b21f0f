"""The map page's tables, made once and shared: gap table rows and grid, panel figures.

The caching rule of :mod:`ui.map_cache` applies: every key holds the store's revision, the
session's database and data directory, the language in use and the signed-in user's scope (and
the user, where a result depends on more than the scope). Results are shared between sessions
(read-only). Grids are frozen Stylers (:func:`freeze`): their display texts are computed once,
when the cache fills, instead of at every ``st.dataframe``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from geo.metrics import Filters
from ui import auth
from ui.map_cache import Where, where
from ui.scoped import _boundaries_in, _metrics, _records

__all__ = [
    "CommunePanel",
    "PanelFigures",
    "commune_panel",
    "freeze",
    "gap_grid",
    "gap_rows",
    "panel_figures",
    "user_key",
    "without_personal_data",
]

_MANY = 128


# --- grids ---------------------------------------------------------------------------------------


def freeze(styler: Styler, uuid: str) -> Styler:
    """Compute a Styler's display once, so that every later ``st.dataframe`` of it reuses it.

    ``st.dataframe`` asks the Styler for its styles and display texts at every call (pandas'
    ``_compute`` and ``_translate``, most of a grid's server time); after this they are kept.
    The texts are made now, in the language in use: a cache of the result keys on it.

    Parameters
    ----------
    styler : Styler
        A Styler with formats only (such as :func:`ui.widgets.localized`).
    uuid : str
        The Styler's id (Streamlit would otherwise set one per element, changing the object).

    Returns
    -------
    Styler
        The same object, frozen: do not style it further.

    Examples
    --------
    >>> styler = freeze(pd.DataFrame({"n": [1923]}).style.format("{:,}"), "t")
    >>> styler._translate(False, False)["body"][0][1]["display_value"]
    '1,923'
    >>> styler._translate(True, True) is styler._translate(False, False)
    True
    """
    styler.set_uuid(uuid)
    inner: Any = styler  # pandas' private steps, which Streamlit calls (no type information)
    inner._compute()
    translated = inner._translate(False, False)
    # st.dataframe calls both on every draw: answer from what was computed above
    inner._compute = lambda: styler
    inner._translate = lambda *args, **kwargs: translated
    return styler


def _metrics_at(version: str, filters: Filters, at: Where) -> pd.DataFrame:
    return _metrics(version, filters, at.rev, at.db_url, at.data_dir, None, at.level, at.codes)


@st.cache_data(show_spinner=False, max_entries=_MANY)
def _gap_rows(
    version: str, filters: Filters, districts: tuple[str, ...], query: str, at: Where
) -> pd.DataFrame:
    from geo.metrics import detail
    from geo.places.search import filter_by_name

    every = detail.gap_rows(_metrics_at(version, filters, at), list(districts))
    return filter_by_name(every, query, "full_name").reset_index(drop=True)


def gap_rows(
    version: str,
    filters: Filters,
    districts: Sequence[str],
    query: str = "",
    *,
    at: Where | None = None,
) -> pd.DataFrame:
    """Return the gap rows of the districts, then of the name filter (index ``0..n-1``; cached).

    Parameters
    ----------
    version : str
        A boundary version key.
    filters : geo.metrics.Filters
        The page's filters (the metrics are :func:`ui.scoped.get_metrics` of them).
    districts : sequence of str
        The districts chosen (codes); empty = all.
    query : str
        The name filter's text (:func:`geo.places.search.filter_by_name`); empty = all.
    at : ui.map_cache.Where, optional
        This run's :func:`ui.map_cache.where` (read now when not given).

    Returns
    -------
    DataFrame
        :func:`geo.metrics.detail.gap_rows` narrowed by name.
    """
    return _gap_rows(version, filters, tuple(districts), query, at or where())


@st.cache_resource(show_spinner=False, max_entries=_MANY)
def _gap_grid(
    version: str, filters: Filters, districts: tuple[str, ...], query: str, at: Where
) -> Styler:
    from geo.metrics import detail
    from ui.widgets import localized

    table = _gap_rows(version, filters, districts, query, at)
    display, integers, percents = detail.gap_display(table)
    return freeze(localized(display, integers=integers, percents=percents), "gap_table")


def gap_grid(
    version: str,
    filters: Filters,
    districts: Sequence[str],
    query: str = "",
    *,
    at: Where | None = None,
) -> Styler:
    """Return the gap table's grid, headers and numbers in the language in use (frozen, cached).

    Parameters
    ----------
    version, filters, districts, query, at
        As for :func:`gap_rows`.

    Returns
    -------
    Styler
        :func:`ui.widgets.localized` of :func:`geo.metrics.detail.gap_display`, frozen
        (:func:`freeze`) and shared: give it to ``st.dataframe`` as it is.
    """
    return _gap_grid(version, filters, tuple(districts), query, at or where())


# --- the panel -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelFigures:
    """The side panel's heading and figure cards (:mod:`geo.metrics.cards`), made once."""

    title: str
    caption: str | None
    note: str | None
    cards: tuple[Any, ...]


@st.cache_resource(show_spinner=False, max_entries=_MANY)
def _panel_figures(
    version: str, filters: Filters, selected: str | None, whole: str | None, at: Where
) -> PanelFigures:
    from geo.metrics import cards

    metrics = _metrics_at(version, filters, at)
    title, caption, note = cards.panel_heading(metrics, selected, whole)
    return PanelFigures(title, caption, note, tuple(cards.panel_cards(metrics, selected)))


def panel_figures(
    version: str,
    filters: Filters,
    selected: str | None,
    whole: str | None,
    *,
    at: Where | None = None,
) -> PanelFigures:
    """Return the heading and cards of the panel for ``selected`` (or the whole scope; cached).

    Parameters
    ----------
    version : str
        A boundary version key.
    filters : geo.metrics.Filters
        The page's filters.
    selected : str, optional
        The selected commune's code; None for the totals of the scope.
    whole : str, optional
        What the totals cover when it is not the province (made by the page from the scope).
    at : ui.map_cache.Where, optional
        This run's :func:`ui.map_cache.where` (read now when not given).

    Returns
    -------
    PanelFigures
        :func:`geo.metrics.cards.panel_heading` and :func:`geo.metrics.cards.panel_cards`.
    """
    return _panel_figures(version, filters, selected, whole, at or where())


def without_personal_data(visits: pd.DataFrame, where: pd.DataFrame, code: str) -> pd.DataFrame:
    """Return the visits of a commune as the signed-in user may see them.

    A household's name is a citizen's: a team leader sees its own team's visits with their
    names and the others' without (:func:`geo.access.areas.redact`).

    Parameters
    ----------
    visits : DataFrame
        Visits of the commune.
    where : DataFrame
        The boundaries (for the commune's district).
    code : str
        The commune.

    Returns
    -------
    DataFrame
        ``visits``, redacted for the user.
    """
    from geo.access.areas import area_target, redact

    user, target = auth.current_user(), area_target([code], where)
    if user is None or user.role != "team_leader" or visits.empty:
        return redact(visits, user, target)
    parts = [
        redact(rows, user, dataclasses.replace(target, team=str(team)))
        for team, rows in visits.groupby("team", sort=False)
    ]
    return pd.concat(parts).loc[visits.index]


@dataclass(frozen=True)
class CommunePanel:
    """A commune's trend chart and its visit tables (by team, by place type, latest), made once.

    ``tables`` is None when the commune had no visit in the period.
    """

    chart: Any
    tables: tuple[Styler, Styler, Styler] | None


@st.cache_resource(show_spinner=False, max_entries=_MANY)
def _commune_chart(version: str, period: tuple[dt.date, dt.date], code: str, at: Where) -> Any:
    from geo.metrics import series
    from geo.outputs.charts import commune_trend_chart

    targets, visits, _teams = _records(version, at.rev, at.db_url, at.data_dir, at.level, at.codes)
    return commune_trend_chart(series.cumulative_activations(targets, visits, code, *period))


@st.cache_resource(show_spinner=False, max_entries=_MANY)
def _commune_tables(
    version: str,
    filters: Filters,
    code: str,
    at: Where,
    user: tuple[str | None, str | None, str | None],
) -> tuple[Styler, Styler, Styler] | None:
    from geo.metrics import detail
    from geo.metrics import filters as select
    from ui.widgets import localized

    del user  # a key only: without_personal_data reads the signed-in user
    visits = _records(version, at.rev, at.db_url, at.data_dir, at.level, at.codes)[1]
    gdf = _boundaries_in(version, at.data_dir, at.level, at.codes).gdf
    shown = select.select_visits(visits[visits["code"] == code], gdf, filters)
    shown = without_personal_data(shown, gdf, code)  # before any table holds a name
    if shown.empty:
        return None
    frames = (detail.visits_by(shown, "team"), detail.visits_by(shown, "place_type"))
    by_team, by_type, latest = (
        freeze(localized(frame), f"commune_visits_{i}")
        for i, frame in enumerate((*frames, detail.last_visits(shown)))
    )
    return by_team, by_type, latest


def commune_panel(
    version: str,
    filters: Filters,
    period: tuple[dt.date, dt.date],
    code: str,
    *,
    at: Where | None = None,
) -> CommunePanel:
    """Return a commune's trend chart and visit tables as the signed-in user may see them.

    Cached per version, commune, revision, language and scope; the chart per period (it counts
    every visit), the tables per filters and user (a team leader's tables hold names that
    another user's do not).

    Parameters
    ----------
    version : str
        A boundary version key.
    filters : geo.metrics.Filters
        The visits counted (:func:`geo.metrics.filters.select_visits`).
    period : tuple of date
        The trend's first and last day.
    code : str
        The commune.
    at : ui.map_cache.Where, optional
        This run's :func:`ui.map_cache.where` (read now when not given).

    Returns
    -------
    CommunePanel
        The chart (:func:`geo.outputs.charts.commune_trend_chart`, maybe None) and the frozen
        tables of :func:`geo.metrics.detail.visits_by` and :func:`geo.metrics.detail.last_visits`.
    """
    at = at or where()
    chart = _commune_chart(version, (period[0], period[1]), code, at)  # the period's, every team
    return CommunePanel(chart, _commune_tables(version, filters, code, at, user_key()))


def user_key() -> tuple[str | None, str | None, str | None]:
    """Return the signed-in user as a cache key, where a result depends on more than the scope.

    Returns
    -------
    tuple
        ``(account name, role, team)``; Nones when nobody is signed in.
    """
    user = auth.current_user()
    if user is None:
        return None, None, None
    return user.username, user.role, getattr(user, "team", None)
