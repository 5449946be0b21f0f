"""Cached, read-only resources for the pages.

``st.session_state["settings"]`` (a :class:`geo.config.Settings`) overrides the environment;
``app.py`` puts it there and AppTests seed it directly.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.config import Settings, load_settings

__all__ = ["get_boundaries", "get_commune_payload", "get_settings", "get_versions"]


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
