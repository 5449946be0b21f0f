"""Cached, read-only resources for the pages.

``st.session_state["settings"]`` (a :class:`geo.config.Settings`) overrides the environment;
``app.py`` puts it there and AppTests seed it directly.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.config import Settings, load_settings

__all__ = [
    "data_stamp",
    "get_boundaries",
    "get_commune_payload",
    "get_communes",
    "get_metrics",
    "get_record_version",
    "get_records",
    "get_settings",
    "get_store",
    "get_versions",
]


def get_settings() -> Settings:
    """Settings for this session: seeded by ``app.py`` or a test, else read from the environment."""
    settings = st.session_state.get("settings")
    if settings is None:
        settings = load_settings()
        st.session_state["settings"] = settings
    return settings


@st.cache_resource(show_spinner="Đang đọc ranh giới…")
def _boundaries(version: str, data_dir: str | None):
    from geo.boundaries import load_boundaries

    return load_boundaries(version, None if data_dir is None else Path(data_dir))


def get_boundaries(version: str):
    """Boundaries of ``version`` for the session's data directory (cached, read-only)."""
    data_dir = get_settings().data_dir
    return _boundaries(version, None if data_dir is None else str(data_dir))


@st.cache_resource(show_spinner=False)
def _payload(version: str, data_dir: str | None) -> str:
    from geo.maps import commune_payload

    return commune_payload(_boundaries(version, data_dir).gdf)


def get_commune_payload(version: str) -> str:
    """Simplified GeoJSON of the commune layer (cached per version and data directory)."""
    data_dir = get_settings().data_dir
    return _payload(version, None if data_dir is None else str(data_dir))


def get_versions() -> list[str]:
    """Boundary versions available with the session's data directory, best first."""
    from geo.registry import available_versions

    return available_versions(get_settings().data_dir)


# --- data store (owner: geo/store.py, geo/demo.py, pages/data.py) -------------------------------

_RECORD_VERSIONS = ("2020-2024", "approximate")


def get_record_version() -> str:
    """Registry version that imported records are checked against.

    The 2023 campaign used the 2020-2024 structure (needs the data directory); without it the
    98-unit approximate registry of 01/2025 is used (same codes for the pilot units).
    """
    from geo.registry import available_versions

    available = available_versions(get_settings().data_dir)
    return next(v for v in _RECORD_VERSIONS if v in available)


@st.cache_data(show_spinner=False)
def _communes(version: str, data_dir: str | None):
    from geo.demo import communes_with_points

    return communes_with_points(version, None if data_dir is None else Path(data_dir))


def get_communes(version: str | None = None):
    """Commune registry of ``version`` (default :func:`get_record_version`), with points."""
    data_dir = get_settings().data_dir
    version = version or get_record_version()
    return _communes(version, None if data_dir is None else str(data_dir))


@st.cache_resource(show_spinner="Đang mở cơ sở dữ liệu…")
def _store(db_url: str, _version: str, _data_dir: str | None):
    from geo import demo
    from geo.store import Store

    store = Store(db_url)
    communes = _communes(_version, _data_dir)
    store.sync_communes(communes)
    demo.ensure_demo(store, communes)
    return store


def get_store():
    """The :class:`geo.store.Store` of the session's database (one per ``db_url``).

    On first use the registry is synced into the ``commune`` table and, when nothing was ever
    imported, the demo campaign is loaded (:func:`geo.demo.ensure_demo`).
    """
    settings = get_settings()
    data_dir = None if settings.data_dir is None else str(settings.data_dir)
    return _store(settings.db_url, get_record_version(), data_dir)


# --- metrics (one definition: geo.coverage) -----------------------------------------------------


def data_stamp() -> tuple:
    """Changes whenever a batch is imported or undone, so cached results are refreshed."""
    batches = get_store().batches()
    if batches.empty:
        return (0, 0, 0)
    return (len(batches), int(batches["id"].max()), int(batches["undone_at"].notna().sum()))


@st.cache_data(show_spinner=False, max_entries=64)
def _records(version: str, _stamp: tuple, db_url: str, data_dir: str | None):
    """Targets, visits and teams of the store, re-coded onto ``version`` when needed."""
    from geo.crosswalk import recode_targets, recode_visits, successor_codes

    store = get_store()
    targets, visits, teams = store.targets(), store.visits(), store.teams()
    record_version = get_record_version()
    if version != record_version:
        mapping = successor_codes(
            _boundaries(record_version, data_dir).gdf, _boundaries(version, data_dir).gdf
        )
        targets, visits = recode_targets(targets, mapping), recode_visits(visits, mapping)
    return targets, visits, teams


def get_records(version: str):
    """``(targets, visits, teams)`` DataFrames on boundary version ``version`` (cached)."""
    settings = get_settings()
    data_dir = None if settings.data_dir is None else str(settings.data_dir)
    return _records(version, data_stamp(), settings.db_url, data_dir)


@st.cache_data(show_spinner=False, max_entries=64)
def _metrics(version: str, filters, _stamp: tuple, db_url: str, data_dir: str | None, today):
    from geo.coverage import commune_metrics

    targets, visits, teams = _records(version, _stamp, db_url, data_dir)
    communes = _boundaries(version, data_dir).gdf.drop(columns="geometry")
    return commune_metrics(communes, targets, visits, teams, filters, today=today)


def get_metrics(version: str, filters=None, today=None):
    """:func:`geo.coverage.commune_metrics` of the store's records on ``version`` (cached).

    ``filters`` is a :class:`geo.coverage.Filters`; its ``end`` is the reporting date.
    """
    from geo.coverage import Filters

    settings = get_settings()
    data_dir = None if settings.data_dir is None else str(settings.data_dir)
    stamp = data_stamp()
    return _metrics(version, filters or Filters(), stamp, settings.db_url, data_dir, today)
