"""The one seam between Streamlit and ``geo``: session settings, language, files and the store.

``st.session_state["settings"]`` (a :class:`geo.config.Settings`) overrides the environment;
``app.py`` puts it there and AppTests seed it directly. The figures, tables and map layers that
pages show, cut to the signed-in user's scope, are in :mod:`ui.scoped`; this module holds what
they are built from: the store, its :func:`revision`, and the whole registry and boundaries.

Language rule: :func:`use_language` runs first in every script run (``app.py``) and sets the
session's language (:mod:`geo.i18n`) for everything that run draws; a cache whose result holds
text takes the language as part of its key.

Caching rule: everything derived from the store is cached under a key that holds the store's
:func:`revision`, a number the store changes in the same transaction as every write (imports,
undo, team edits, plan save and publish, and whatever writes later). Each rerun reads the
revision once (one primary-key select), so a change made in one session shows on every page of
every session at its next rerun, without a restart, and nothing is recomputed while nothing
changed. Boundaries and the commune registry come from files, not the store: they are cached
per version and data directory (:func:`_boundaries`, :func:`_communes`, shared with
:mod:`ui.scoped`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd
import streamlit as st

from geo.config import Settings, load_settings
from geo.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    PSEUDO,
    Lang,
    _,
    current_language,
    language,
    language_key,
    parse_language,
    set_language,
)
from ui import errors

if TYPE_CHECKING:
    from geo.places.boundaries import BoundarySet

__all__ = [
    "deferred",
    "get_record_version",
    "get_registry",
    "get_settings",
    "get_store",
    "get_versions",
    "language_switch",
    "revision",
    "use_language",
]

T = TypeVar("T")


#: Registry versions that imported records are checked against, best first.
def get_settings() -> Settings:
    """Return this session's settings: seeded by ``app.py`` or a test, else the environment.

    Returns
    -------
    geo.config.Settings
        The session's settings.
    """
    settings = st.session_state.get("settings")
    if settings is None:
        settings = load_settings()
        st.session_state["settings"] = settings
    return settings


# --- language ------------------------------------------------------------------------------------

_LANG_KEY = "lang"


def use_language() -> Lang:
    """Set this run's language: ``?lang=``, else the session's choice, else ``VNEID_LANG``.

    Without any of them the language is Vietnamese. The choice is kept in the session and
    written back to the URL (``?lang=en``), so that it survives page changes, reloads and shared
    links. Call it before anything is drawn.

    Returns
    -------
    {"vi", "en"}
        The language now in use.
    """
    if st.session_state.get(_LANG_KEY) == PSEUDO:  # tests only: never from the URL
        set_language(PSEUDO)
        return "vi"
    from_url = parse_language(st.query_params.get("lang"))
    if from_url is not None:
        st.session_state[_LANG_KEY] = from_url
    lang = parse_language(st.session_state.get(_LANG_KEY)) or get_settings().language
    st.session_state[_LANG_KEY] = lang
    set_language(lang)
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def deferred(function: Callable[..., T], *args: Any, **kwargs: Any) -> Callable[[], T]:
    """Wrap a download's builder so that it runs in this run's language when it is clicked.

    ``st.download_button(data=callable)`` calls the builder later, in a thread of the server
    where this session's language is not set; the wrapper carries it there.

    Parameters
    ----------
    function : callable
        Builds the file (bytes or text).
    *args, **kwargs
        Its arguments.

    Returns
    -------
    callable
        Takes no argument and returns ``function(*args, **kwargs)`` built in the language that
        was in use when :func:`deferred` was called.
    """
    lang = language_key()

    def build() -> T:
        with language(lang):
            return function(*args, **kwargs)

    return build


#: Values that a widget shows by a label (``format_func``): plain values and lists of them.
_PLAIN = (str, int, float, dt.date)


def _relabelled(value: object) -> bool:
    """Tell whether a session value may be a choice widget's, whose label is to be redrawn."""
    if isinstance(value, bool):  # buttons, toggles: nothing shown by a label
        return False
    if isinstance(value, list | tuple):
        return all(isinstance(v, _PLAIN) and not isinstance(v, bool) for v in value)
    return isinstance(value, _PLAIN)


@errors.guarded("language")
def _switched() -> None:
    """Store the language picked in the sidebar (before the rerun draws anything).

    A selectbox or multiselect keeps, in the browser, the LABEL of its value, written in the old
    language; each plain value is given back to the session so that the rerun sends the widget
    its value again, labelled in the new language (buttons, uploads and grids are left alone).
    """
    lang = parse_language(st.session_state.get("lang_switch")) or "vi"
    for key in list(st.session_state):
        value = st.session_state[key]
        if key not in {_LANG_KEY, "lang_switch"} and _relabelled(value):
            st.session_state[key] = value
    st.session_state[_LANG_KEY] = lang
    st.query_params["lang"] = lang


def language_switch() -> None:
    """Draw the language switch in the sidebar (each language named in itself)."""
    lang = current_language()
    st.session_state["lang_switch"] = lang
    st.sidebar.segmented_control(
        _("Ngôn ngữ"),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.__getitem__,
        key="lang_switch",
        on_change=_switched,
        required=True,
    )


def _where() -> tuple[str, str | None]:
    """Return the database URL and data directory of this session, as cache-key strings."""
    settings = get_settings()
    return settings.db_url, None if settings.data_dir is None else str(settings.data_dir)


# --- files: boundaries and the registry ---------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _boundaries(version: str, data_dir: str | None) -> BoundarySet:
    from geo.places.boundaries import load_boundaries

    return load_boundaries(version, None if data_dir is None else Path(data_dir))


def get_versions() -> list[str]:
    """Return the boundary versions available with the session's data directory, best first.

    Returns
    -------
    list of str
        Version keys.
    """
    from geo.places.registry import available_versions

    return available_versions(get_settings().data_dir)


def get_record_version() -> str:
    """Return the registry version that imported records are checked against.

    :func:`geo.places.registry.record_version` for the session's data directory.

    Returns
    -------
    str
        ``"2020-2024"`` or ``"approximate"``.
    """
    from geo.places.registry import record_version

    return record_version(get_settings().data_dir)


@st.cache_data(show_spinner=False)
def _communes(version: str, data_dir: str | None) -> pd.DataFrame:
    from geo.demo import communes_with_points

    return communes_with_points(version, None if data_dir is None else Path(data_dir))


def get_registry(version: str | None = None) -> pd.DataFrame:
    """Return the whole commune registry of ``version`` with points, whatever the user's scope.

    For the checks of imported files (a row outside the scope is named as such, not as an
    unknown commune) and the store's sync; pages show :func:`ui.scoped.get_communes`.

    Parameters
    ----------
    version : str, optional
        Default :func:`get_record_version`.

    Returns
    -------
    DataFrame
        :func:`geo.demo.communes_with_points` (cached).
    """
    return _communes(version or get_record_version(), _where()[1])


# --- the store ----------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _store(db_url: str, _version: str, _data_dir: str | None):
    from geo import demo
    from geo.store import Store

    store = Store(db_url)
    communes = _communes(_version, _data_dir)
    store.sync_communes(communes)
    demo.ensure_demo(store, communes)
    return store


def get_store():
    """Return the :class:`geo.store.Store` of the session's database (one per URL).

    On first use the registry is synced into the ``commune`` table and, when nothing was ever
    imported, the demo campaign is loaded (:func:`geo.demo.ensure_demo`). The store is not cut
    to the user's scope: read figures through :mod:`ui.scoped`.

    Returns
    -------
    geo.store.Store
        Shared between sessions.
    """
    db_url, data_dir = _where()
    return _store(db_url, get_record_version(), data_dir)


def revision() -> int:
    """Return the store's revision, which changes on every write (the key of every figure's cache).

    Returns
    -------
    int
        :meth:`geo.store.Store.revision`.
    """
    return get_store().revision()
