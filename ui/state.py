"""Cached, read-only resources for the pages.

``st.session_state["settings"]`` (a :class:`geo.config.Settings`) overrides the environment;
``app.py`` puts it there and AppTests seed it directly.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.config import Settings, load_settings

__all__ = [
    "get_boundaries",
    "get_commune_payload",
    "get_communes",
    "get_record_version",
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
