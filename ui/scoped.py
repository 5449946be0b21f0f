"""What the pages show, cut to the signed-in user's scope: figures, tables, map layers, files.

Each function here follows the caching rule of :mod:`ui.state`: its cache key holds the store's
:func:`ui.state.revision` (and the language where the result holds text), so that a write shows
at the next rerun of every session and nothing is recomputed while nothing changed. The whole
boundaries and registry it cuts are the file caches of :mod:`ui.state`.

Scope rule: every figure, table, map layer and file made here is cut, on the server, to the
scope of the signed-in user (:func:`ui.auth.current_scope`; the province when nobody is signed
in, whom every page refuses anyway), so that no page filters by itself. Targets and visits are
cut on the record version (:func:`ui.state.get_record_version`, whose registry has the
districts) before they are re-coded onto another version; on that version the scope holds the
successors of the scope's communes (:func:`geo.places.crosswalk.successor_codes`).
:func:`get_metrics`, :func:`get_boundaries`, :func:`get_commune_payload` and
:func:`get_communes` keep only the scope's communes, so the totals («Toàn tỉnh») are the scope's;
the published plan keeps the assignments in the scope, and the meeting pack is made of all of
these. The teams are kept whole (the list of mobile teams is not citizen data). The cache keys
hold the scope's level and its sorted codes; the province scope computes exactly what it did
before scopes existed. Only the checks of imported files and the store's own sync use the whole
registry (:func:`ui.state.get_registry`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, TypeVar

import pandas as pd
import streamlit as st

from geo.access.model import Scope, ScopeLevel
from geo.i18n import _, language_key
from geo.metrics import Filters
from geo.metrics.period import ProgressView
from ui.auth import current_scope
from ui.state import (
    _boundaries,
    _communes,
    _where,
    get_record_version,
    get_settings,
    get_store,
    revision,
)

if TYPE_CHECKING:
    from geo.outputs.maps import BaseLayers
    from geo.places.boundaries import BoundarySet

__all__ = [
    "get_base_layers",
    "get_boundaries",
    "get_commune_payload",
    "get_communes",
    "get_data_dates",
    "get_meeting_pack",
    "get_metrics",
    "get_progress",
    "get_published_plan",
    "get_records",
]


def _scope() -> tuple[ScopeLevel, tuple[str, ...]]:
    """Return the signed-in user's scope as cache-key arguments: its level and sorted codes."""
    scope = current_scope()
    return scope.level, tuple(sorted(scope.codes))


# --- the scope's communes and boundaries ---------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=16)
def _successors(source: str, target: str, data_dir: str | None) -> pd.Series:
    """Return the code of the ``target`` unit holding each ``source`` unit (by source code)."""
    from geo.places.crosswalk import successor_codes

    return successor_codes(_boundaries(source, data_dir).gdf, _boundaries(target, data_dir).gdf)


@st.cache_data(show_spinner=False, max_entries=64)
def _scope_codes(
    version: str, data_dir: str | None, level: ScopeLevel, codes: tuple[str, ...]
) -> frozenset[str]:
    """Return the codes of the communes of ``version`` inside a scope (the scope rule)."""
    from geo.access.areas import scope_codes

    record_version = get_record_version()
    inside = scope_codes(Scope(level, frozenset(codes)), _communes(record_version, data_dir))
    if version == record_version:
        return inside
    successors = _successors(record_version, version, data_dir)
    return frozenset(successors[successors.index.isin(inside)].astype(str))


def _inside(
    version: str, data_dir: str | None, level: ScopeLevel, codes: tuple[str, ...]
) -> frozenset[str] | None:
    """Return the communes of ``version`` in a scope; None for the province (nothing to cut)."""
    if level == "province":
        return None
    return _scope_codes(version, data_dir, level, codes)


F = TypeVar("F", bound=pd.DataFrame)


def _cut(frame: F, inside: frozenset[str] | None) -> F:
    """Keep the rows whose commune ``code`` is in ``inside`` (the frame itself for None)."""
    if inside is None:
        return frame
    return frame[frame["code"].astype(str).isin(inside)].reset_index(drop=True)


@st.cache_resource(show_spinner=False)
def _scoped_boundaries(
    version: str, data_dir: str | None, level: ScopeLevel, codes: tuple[str, ...]
) -> BoundarySet:
    whole = _boundaries(version, data_dir)
    return dataclasses.replace(whole, gdf=_cut(whole.gdf, _inside(version, data_dir, level, codes)))


def _boundaries_in(
    version: str, data_dir: str | None, level: ScopeLevel, codes: tuple[str, ...]
) -> BoundarySet:
    """Return the boundaries of ``version`` cut to a scope (for the province, the shared set)."""
    if level == "province":
        return _boundaries(version, data_dir)
    return _scoped_boundaries(version, data_dir, level, codes)


def get_boundaries(version: str) -> BoundarySet:
    """Return the boundaries of ``version`` in the user's scope, for the session's data directory.

    Parameters
    ----------
    version : str
        A boundary version key (:data:`geo.places.registry.VERSIONS`).

    Returns
    -------
    geo.places.boundaries.BoundarySet
        Cached and shared between sessions: treat as read-only. Its ``gdf`` holds only the
        communes of the scope.
    """
    return _boundaries_in(version, _where()[1], *_scope())


@st.cache_resource(show_spinner=False)
def _payload(
    version: str, data_dir: str | None, lang: str, level: ScopeLevel, codes: tuple[str, ...]
) -> str:
    from geo.outputs.maps import commune_payload

    return commune_payload(_boundaries_in(version, data_dir, level, codes).gdf)


@st.cache_resource(show_spinner=False)
def _base_layers(
    version: str, data_dir: str | None, level: ScopeLevel, codes: tuple[str, ...]
) -> BaseLayers:
    from geo.outputs.maps import base_layers

    return base_layers(_boundaries_in(version, data_dir, level, codes).gdf)


def get_base_layers(version: str) -> BaseLayers:
    """Return the static layers of the commune map of ``version`` in the scope (cached).

    District outlines, commune labels and the map's bounds do not change from one session or
    filter to the next: they are computed once per boundary version, data directory and scope
    and shared (immutable). They hold no translated text (names are data), so the language is
    not part of the key.

    Parameters
    ----------
    version : str
        A boundary version key.

    Returns
    -------
    geo.outputs.maps.BaseLayers
        For :func:`geo.outputs.maps.build_base_map` (``layers=``).
    """
    return _base_layers(version, _where()[1], *_scope())


def get_commune_payload(version: str) -> str:
    """Return the simplified GeoJSON of the commune layer of ``version`` in the scope (cached).

    Parameters
    ----------
    version : str
        A boundary version key.

    Returns
    -------
    str
        GeoJSON text (:func:`geo.outputs.maps.commune_payload`) of the scope's communes.
    """
    return _payload(version, _where()[1], language_key(), *_scope())


def get_communes(version: str | None = None) -> pd.DataFrame:
    """Return the communes of ``version`` in the user's scope, with points (cached registry).

    The planner ranks and plans these; to check an imported file against the whole registry,
    use :func:`ui.state.get_registry`.

    Parameters
    ----------
    version : str, optional
        Default :func:`ui.state.get_record_version`.

    Returns
    -------
    DataFrame
        The rows of :func:`geo.demo.communes_with_points` inside the scope.
    """
    version = version or get_record_version()
    data_dir = _where()[1]
    return _cut(_communes(version, data_dir), _inside(version, data_dir, *_scope()))


# --- figures (one definition: geo.metrics) -------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=64)
def _records(
    version: str,
    rev: int,
    db_url: str,
    data_dir: str | None,
    level: ScopeLevel,
    codes: tuple[str, ...],
):
    """Targets, visits and teams of the store in a scope, re-coded onto ``version`` when needed."""
    from geo.places.crosswalk import recode_targets, recode_visits

    store = get_store()
    targets, visits, teams = store.targets(), store.visits(), store.teams()
    record_version = get_record_version()
    inside = _inside(record_version, data_dir, level, codes)
    targets, visits = _cut(targets, inside), _cut(visits, inside)
    if version != record_version:
        mapping = _successors(record_version, version, data_dir)
        targets, visits = recode_targets(targets, mapping), recode_visits(visits, mapping)
    return targets, visits, teams


def get_records(version: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return the store's targets, visits and teams in the user's scope on ``version`` (cached).

    Parameters
    ----------
    version : str
        A boundary version key; records kept on another version are re-coded.

    Returns
    -------
    tuple of DataFrame
        ``(targets, visits, teams)``: the targets and visits of the scope's communes, and every
        team.
    """
    return _records(version, revision(), *_where(), *_scope())


@st.cache_data(show_spinner=False, max_entries=64)
def _metrics(
    version: str,
    filters: Filters,
    rev: int,
    db_url: str,
    data_dir: str | None,
    today: dt.date | None,
    level: ScopeLevel,
    codes: tuple[str, ...],
):
    from geo.metrics import commune_metrics

    targets, visits, teams = _records(version, rev, db_url, data_dir, level, codes)
    communes = _boundaries(version, data_dir).gdf.drop(columns="geometry")
    communes = _cut(communes, _inside(version, data_dir, level, codes))
    return commune_metrics(communes, targets, visits, teams, filters, today=today)


def get_metrics(
    version: str, filters: Filters | None = None, today: dt.date | None = None
) -> pd.DataFrame:
    """Return :func:`geo.metrics.commune_metrics` of the records in the scope on ``version``.

    Parameters
    ----------
    version : str
        A boundary version key.
    filters : geo.metrics.Filters, optional
        Period (its ``end`` is the reporting date), teams, districts, place types.
    today : date, optional
        Reporting date when ``filters`` has no end.

    Returns
    -------
    DataFrame
        One row per commune of ``version`` inside the user's scope (cached), so that a rollup
        of it is the scope's total.
    """
    return _metrics(version, filters or Filters(), revision(), *_where(), today, *_scope())


@st.cache_data(show_spinner=False, max_entries=8)
def _data_dates(
    rev: int, db_url: str, data_dir: str | None, level: ScopeLevel, codes: tuple[str, ...]
):
    from geo.metrics.detail import data_period

    record_version = get_record_version()
    targets, visits, _teams = _records(record_version, rev, db_url, data_dir, level, codes)
    return data_period(targets, visits)


def get_data_dates() -> tuple[dt.date, dt.date] | None:
    """Return the first and last day of the visits and targets in the user's scope.

    Returns
    -------
    tuple of date, or None
        None when the scope holds no dated record.
    """
    return _data_dates(revision(), *_where(), *_scope())


@st.cache_data(show_spinner=False, max_entries=32)
def _trend(
    version: str,
    start: dt.date,
    end: dt.date,
    rev: int,
    db_url: str,
    data_dir: str | None,
    level: ScopeLevel,
    codes: tuple[str, ...],
):
    from geo.metrics import cumulative_activations

    targets, visits, _teams = _records(version, rev, db_url, data_dir, level, codes)
    return cumulative_activations(targets, visits, None, start, end)


def _progress(
    version: str,
    start: dt.date,
    end: dt.date,
    rev: int,
    db_url: str,
    data_dir: str | None,
    level: ScopeLevel,
    codes: tuple[str, ...],
) -> ProgressView:
    """Assemble the progress figures of one period in a scope from the cached pieces."""
    from geo.metrics.period import progress_view
    from geo.metrics.progress import previous_week_filters

    where = (rev, db_url, data_dir)
    scope = (level, codes)
    prev = previous_week_filters(start, end)
    return progress_view(
        version,
        start,
        end,
        metrics=_metrics(version, Filters(start, end), *where, None, *scope),
        previous=_metrics(version, prev, *where, None, *scope),
        previous_end=prev.period_end(),
        visits=_records(version, *where, *scope)[1],
        trend=_trend(version, start, end, *where, *scope),
    )


def get_progress(version: str, start: dt.date, end: dt.date) -> ProgressView:
    """Return the figures of the progress page for ``start``..``end`` on ``version``.

    Parameters
    ----------
    version : str
        A boundary version key.
    start, end : date
        The reporting period.

    Returns
    -------
    geo.metrics.period.ProgressView
        From :func:`geo.metrics.period.progress_view` over the cached metrics of the user's
        scope: the headline is the scope's total, the league holds the scope's districts.
    """
    return _progress(version, start, end, revision(), *_where(), *_scope())


def _published_plan(
    data_dir: str | None, level: ScopeLevel, codes: tuple[str, ...]
) -> tuple[int, pd.DataFrame] | None:
    from geo.outputs.reports import plan_table

    published = get_store().published_plan()
    if published is None:
        return None
    plan_id, plan = published
    record_version = get_record_version()
    plan = _cut(plan, _inside(record_version, data_dir, level, codes))
    return int(plan_id), plan_table(plan, _communes(record_version, data_dir))


def get_published_plan() -> tuple[int, pd.DataFrame] | None:
    """Return the current published plan as the meeting pack prints it, in the user's scope.

    Plans are made on the record version (:func:`ui.state.get_record_version`), whose names are
    used.

    Returns
    -------
    tuple of (int, DataFrame), or None
        ``(plan id, geo.outputs.reports.PLAN_COLUMNS rows)``: only the assignments to communes
        of the scope (maybe none); None when no plan is published.
    """
    return _published_plan(_where()[1], *_scope())


@st.cache_data(show_spinner=False, max_entries=8)
def _meeting_pack(
    version: str,
    start: dt.date,
    end: dt.date,
    rev: int,
    db_url: str,
    data_dir: str | None,
    lang: str,
    level: ScopeLevel,
    codes: tuple[str, ...],
) -> dict[str, bytes]:
    from geo.demo.accounts import demo_active
    from geo.outputs.reports import build_meeting_pack, make_pack
    from geo.places.registry import VERSIONS
    from geo.planning.requests import requests_per_commune

    view = _progress(version, start, end, rev, db_url, data_dir, level, codes)
    published = _published_plan(data_dir, level, codes)
    # open home-visit requests of the scope's communes, counted (no personal data in the pack)
    stored = get_store().home_requests(status="open")
    in_scope = stored[stored["code"].astype(str).isin(view.metrics["code"].astype(str))]
    requests = requests_per_commune(in_scope, end, get_settings().request_overdue_days)
    pack = make_pack(
        view.metrics,
        as_of=end,
        period=(start, end),
        boundary_version=_(VERSIONS[version].label),
        boundaries=_boundaries_in(version, data_dir, level, codes).gdf,
        previous=view.previous,
        visits=view.visits,
        plan=None if published is None else published[1],
        projection=view.projection,
        trend=view.trend,
        demo=demo_active(get_store()),  # the store says whether the demo campaign is loaded
        requests=requests,
    )
    return build_meeting_pack(pack)


def get_meeting_pack(version: str, start: dt.date, end: dt.date) -> dict[str, bytes]:
    """Return the PDF, Excel and map PNG of the meeting pack in the user's scope (cached).

    Uses the same figures as :func:`get_progress`, the scope's boundaries and the scope's part
    of the store's current published plan; publishing a plan changes the
    :func:`ui.state.revision`, so the pack is rebuilt.

    Parameters
    ----------
    version : str
        A boundary version key.
    start, end : date
        The reporting period.

    Returns
    -------
    dict of str to bytes
        ``{file name: content}`` (:func:`geo.outputs.reports.pack_file_names`).
    """
    return _meeting_pack(version, start, end, revision(), *_where(), language_key(), *_scope())
