"""Cached, read-only resources for the pages.

``st.session_state["settings"]`` (a :class:`geo.config.Settings`) overrides the environment;
``app.py`` puts it there and AppTests seed it directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from geo.config import Settings, load_settings

__all__ = [
    "CAMPAIGN_START",
    "PREVIOUS_WEEK_DAYS",
    "ProgressView",
    "data_stamp",
    "default_period",
    "get_boundaries",
    "get_commune_payload",
    "get_communes",
    "get_data_dates",
    "get_meeting_pack",
    "get_metrics",
    "get_progress",
    "get_published_plan",
    "get_record_version",
    "get_records",
    "get_settings",
    "get_store",
    "get_versions",
    "plan_for_pack",
    "previous_week_filters",
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
    from geo.places.boundaries import load_boundaries

    return load_boundaries(version, None if data_dir is None else Path(data_dir))


def get_boundaries(version: str):
    """Boundaries of ``version`` for the session's data directory (cached, read-only)."""
    data_dir = get_settings().data_dir
    return _boundaries(version, None if data_dir is None else str(data_dir))


@st.cache_resource(show_spinner=False)
def _payload(version: str, data_dir: str | None) -> str:
    from geo.outputs.maps import commune_payload

    return commune_payload(_boundaries(version, data_dir).gdf)


def get_commune_payload(version: str) -> str:
    """Simplified GeoJSON of the commune layer (cached per version and data directory)."""
    data_dir = get_settings().data_dir
    return _payload(version, None if data_dir is None else str(data_dir))


def get_versions() -> list[str]:
    """Boundary versions available with the session's data directory, best first."""
    from geo.places.registry import available_versions

    return available_versions(get_settings().data_dir)


# --- data store (owner: geo/store.py, geo/demo.py, views/data.py) -------------------------------

_RECORD_VERSIONS = ("2020-2024", "approximate")


def get_record_version() -> str:
    """Registry version that imported records are checked against.

    The 2023 campaign used the 2020-2024 structure (needs the data directory); without it the
    98-unit approximate registry of 01/2025 is used (same codes for the pilot units).
    """
    from geo.places.registry import available_versions

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


# --- metrics (one definition: geo.metrics.coverage) -----------------------------------------------------


def data_stamp() -> tuple:
    """Changes whenever a batch is imported or undone, so cached results are refreshed."""
    batches = get_store().batches()
    if batches.empty:
        return (0, 0, 0)
    return (len(batches), int(batches["id"].max()), int(batches["undone_at"].notna().sum()))


@st.cache_data(show_spinner=False, max_entries=64)
def _records(version: str, stamp: tuple, db_url: str, data_dir: str | None):
    """Targets, visits and teams of the store, re-coded onto ``version`` when needed."""
    from geo.places.crosswalk import recode_targets, recode_visits, successor_codes

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
def _metrics(version: str, filters, stamp: tuple, db_url: str, data_dir: str | None, today):
    from geo.metrics import commune_metrics

    targets, visits, teams = _records(version, stamp, db_url, data_dir)
    communes = _boundaries(version, data_dir).gdf.drop(columns="geometry")
    return commune_metrics(communes, targets, visits, teams, filters, today=today)


def get_metrics(version: str, filters=None, today=None):
    """:func:`geo.metrics.coverage.commune_metrics` of the store's records on ``version`` (cached).

    ``filters`` is a :class:`geo.metrics.coverage.Filters`; its ``end`` is the reporting date.
    """
    from geo.metrics import Filters

    settings = get_settings()
    data_dir = None if settings.data_dir is None else str(settings.data_dir)
    stamp = data_stamp()
    return _metrics(version, filters or Filters(), stamp, settings.db_url, data_dir, today)


# --- progress page and meeting pack (owner: views/progress.py) ----------------------------------

#: First day of the 2023 campaign (pilot start); the progress page's default period starts here.
CAMPAIGN_START = dt.date(2023, 2, 13)
#: Days between the report date and the "previous week" snapshot.
PREVIOUS_WEEK_DAYS = 7


@st.cache_data(show_spinner=False, max_entries=8)
def _data_dates(stamp: tuple, db_url: str, data_dir: str | None):
    targets, visits, _teams = _records(get_record_version(), stamp, db_url, data_dir)
    days = pd.concat(
        [pd.to_datetime(visits["date"]), pd.to_datetime(targets["as_of"])], ignore_index=True
    ).dropna()
    if days.empty:
        return None
    return days.min().date(), days.max().date()


def get_data_dates() -> tuple[dt.date, dt.date] | None:
    """First and last date of the store's visits and targets (``None`` when it is empty)."""
    settings = get_settings()
    data_dir = None if settings.data_dir is None else str(settings.data_dir)
    return _data_dates(data_stamp(), settings.db_url, data_dir)


def default_period(dates: tuple[dt.date, dt.date] | None) -> tuple[dt.date, dt.date]:
    """Default reporting period: campaign start (or the first data date) to the last data date.

    Examples
    --------
    >>> default_period((dt.date(2023, 2, 13), dt.date(2023, 5, 31)))
    (datetime.date(2023, 2, 13), datetime.date(2023, 5, 31))
    >>> default_period((dt.date(2024, 1, 2), dt.date(2024, 3, 1)))
    (datetime.date(2024, 1, 2), datetime.date(2024, 3, 1))
    """
    if dates is None:
        today = dt.date.today()
        return min(CAMPAIGN_START, today), today
    first, last = dates
    return min(max(CAMPAIGN_START, first), last), last


def previous_week_filters(start: dt.date, end: dt.date):
    """:class:`geo.metrics.coverage.Filters` of the snapshot one week before ``end``."""
    from geo.metrics import Filters

    prev_end = end - dt.timedelta(days=PREVIOUS_WEEK_DAYS)
    return Filters(min(start, prev_end), prev_end)


@st.cache_data(show_spinner=False, max_entries=32)
def _trend(version: str, start, end, stamp: tuple, db_url: str, data_dir: str | None):
    from geo.metrics import cumulative_activations

    targets, visits, _teams = _records(version, stamp, db_url, data_dir)
    return cumulative_activations(targets, visits, None, start, end)


@dataclass(frozen=True)
class ProgressView:
    """Everything the progress page and the meeting pack show for one period and version.

    ``metrics`` / ``previous`` come from :func:`get_metrics` (one coverage definition);
    ``headline``, ``league``, ``weekly`` and ``projection`` from :mod:`geo.metrics.progress`;
    ``trend`` from :func:`geo.metrics.coverage.cumulative_activations`. ``projection`` is ``None``
    when there is no activated count in the period.
    """

    version: str
    start: dt.date
    end: dt.date
    previous_end: dt.date
    metrics: pd.DataFrame
    previous: pd.DataFrame
    visits: pd.DataFrame
    headline: dict
    league: pd.DataFrame
    weekly: pd.DataFrame
    trend: pd.DataFrame
    projection: object | None


def get_progress(version: str, start: dt.date, end: dt.date) -> ProgressView:
    """Figures of the progress page for ``start``..``end`` on boundary ``version``."""
    from geo.metrics import progress
    from geo.metrics import Filters

    settings = get_settings()
    data_dir = None if settings.data_dir is None else str(settings.data_dir)
    stamp = data_stamp()
    prev = previous_week_filters(start, end)
    metrics = get_metrics(version, Filters(start, end))
    previous = get_metrics(version, prev)
    _targets, visits, _teams = get_records(version)
    trend = _trend(version, start, end, stamp, settings.db_url, data_dir)
    headline = progress.headline_figures(metrics, previous, visits=visits, as_of=end)
    series = trend.set_index("date")["activated_to_date"]
    projection = None
    if series.notna().any():
        projection = progress.project_target_date(series, headline["quota"], as_of=end)
    return ProgressView(
        version=version,
        start=start,
        end=end,
        previous_end=prev.end,
        metrics=metrics,
        previous=previous,
        visits=visits,
        headline=headline,
        league=progress.district_league(metrics, previous),
        weekly=progress.weekly_by_team(visits, start=start, end=end),
        trend=trend,
        projection=projection,
    )


def plan_for_pack(plan: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """A published plan (``date, team, code, window_start, window_end``...) as
    :data:`geo.outputs.reports.PLAN_COLUMNS`: date, team, commune name, window ``"18:00–21:30"``.

    The commune is its ``full_name`` (else ``name``) in ``communes``; an unknown code stays a code.
    """
    from geo.fmt import format_time
    from geo.outputs.reports import PLAN_COLUMNS

    label = "full_name" if "full_name" in communes else "name"
    names = dict(zip(communes["code"].astype(str), communes[label], strict=True))
    codes = plan["code"].astype(str)
    windows = [
        f"{format_time(a)}–{format_time(b)}" if format_time(a) and format_time(b) else ""
        for a, b in zip(plan["window_start"], plan["window_end"], strict=True)
    ]
    out = pd.DataFrame(
        {
            "date": pd.to_datetime(plan["date"]).dt.normalize().to_numpy(),
            "team": plan["team"].astype(str).to_numpy(),
            "commune": [names.get(c, c) for c in codes],
            "window": windows,
        }
    )
    return out[PLAN_COLUMNS]


def get_published_plan() -> tuple[int, pd.DataFrame] | None:
    """The current published plan as ``(plan id, PLAN_COLUMNS frame)``, or ``None``.

    Plans are made on the record version (:func:`get_record_version`), whose names are used.
    """
    published = get_store().published_plan()
    if published is None:
        return None
    plan_id, plan = published
    return int(plan_id), plan_for_pack(plan, get_communes())


@st.cache_data(show_spinner=False, max_entries=8)
def _meeting_pack(
    version: str,
    start,
    end,
    plan_id: int | None,
    stamp: tuple,
    db_url: str,
    data_dir: str | None,
) -> dict[str, bytes]:
    from geo.outputs.reports import build_meeting_pack, make_pack
    from geo.places.registry import VERSIONS

    view = get_progress(version, start, end)
    published = get_published_plan()
    plan = None if published is None or published[0] != plan_id else published[1]
    pack = make_pack(
        view.metrics,
        as_of=end,
        period=(start, end),
        boundary_version=VERSIONS[version].label,
        boundaries=_boundaries(version, data_dir).gdf,
        previous=view.previous,
        visits=view.visits,
        plan=plan,
        projection=view.projection,
    )
    return build_meeting_pack(pack)


def get_meeting_pack(version: str, start: dt.date, end: dt.date) -> dict[str, bytes]:
    """PDF, Excel and map PNG of the meeting pack (``{file name: bytes}``, cached).

    Uses the same figures as :func:`get_progress` and the store's current published plan;
    the cache key holds the inputs, the published plan's id and :func:`data_stamp`.
    """
    settings = get_settings()
    data_dir = None if settings.data_dir is None else str(settings.data_dir)
    published = get_store().published_plan()
    plan_id = None if published is None else int(published[0])
    return _meeting_pack(version, start, end, plan_id, data_stamp(), settings.db_url, data_dir)
