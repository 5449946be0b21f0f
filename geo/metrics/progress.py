"""Progress against the quota, for leadership: headline figures, weekly bars, largest gaps.

Every figure here is derived from the commune metric tables of :mod:`geo.metrics.commune`
(``commune_metrics`` rows, one per commune) and aggregated with :func:`geo.metrics.rollup`, so
coverage, gap and quota progress have one definition across the app; the visits counted in a
week are those :func:`geo.metrics.select_visits` keeps, the rule behind every visit figure.
This module only adds what leadership asks on top of it: counts of communes past a threshold,
change since the previous week's snapshot, team activations per week and the largest gaps. The
district league (:mod:`geo.metrics.league`) and the projection of the date the quota is reached
(:mod:`geo.metrics.projection`) are re-exported here. Nothing here formats text for display
(see :mod:`geo.metrics.cards` and :mod:`geo.outputs.reports`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pandas as pd

from geo.metrics.filters import Filters, select_visits
from geo.metrics.league import (
    LEAGUE_COLUMNS,
    LEAGUE_LABELS,
    THRESHOLD,
    at_threshold,
    district_league,
    league_display,
)
from geo.metrics.projection import DEFAULT_WINDOW_DAYS, Projection, project_target_date
from geo.metrics.rollup import province_row

__all__ = [
    "DEFAULT_WINDOW_DAYS",
    "HEADLINE_KEYS",
    "LEAGUE_COLUMNS",
    "LEAGUE_LABELS",
    "PREVIOUS_WEEK_DAYS",
    "THRESHOLD",
    "TOP_GAP_COLUMNS",
    "WEEKLY_COLUMNS",
    "Projection",
    "district_league",
    "headline_figures",
    "league_display",
    "previous_week_filters",
    "project_target_date",
    "team_activations_between",
    "team_sort_key",
    "top_gaps",
    "weekly_by_team",
]

#: Days between the report date and the "previous week" snapshot.
PREVIOUS_WEEK_DAYS = 7

HEADLINE_KEYS = (
    "eligible",
    "quota",
    "activated",
    "gap",
    "coverage",
    "quota_progress",
    "communes",
    "communes_with_data",
    "communes_at_threshold",
    "team_activations",
    "visits",
    "activated_change",
    "coverage_change",
    "communes_at_threshold_previous",
    "this_week",
    "last_week",
)

TOP_GAP_COLUMNS = [
    "code",
    "name",
    "district_name",
    "eligible",
    "activated",
    "coverage",
    "gap",
    "days_since_visit",
]

WEEKLY_COLUMNS = ["week_start", "week_end", "team", "visits", "registered", "activated"]


def _num(value: Any) -> float | None:
    # a float, or None for a missing value
    if value is None or pd.isna(value):
        return None
    return float(value)


def previous_week_filters(start: date, end: date) -> Filters:
    """Return the filters of the snapshot one week before ``end`` (the "previous week").

    Parameters
    ----------
    start, end : date
        The reporting period.

    Returns
    -------
    Filters
        Ending :data:`PREVIOUS_WEEK_DAYS` days before ``end``, starting at ``start`` (or on that
        day when the period is shorter than a week).

    Examples
    --------
    >>> previous_week_filters(date(2023, 2, 13), date(2023, 5, 31)).end
    datetime.date(2023, 5, 24)
    >>> previous_week_filters(date(2023, 5, 30), date(2023, 5, 31)).start
    datetime.date(2023, 5, 24)
    """
    prev_end = end - timedelta(days=PREVIOUS_WEEK_DAYS)
    return Filters(min(start, prev_end), prev_end)


def team_activations_between(
    visits: pd.DataFrame, communes: pd.DataFrame, first: date, last: date
) -> int:
    """Sum the team activations of the visits dated ``first``..``last`` (both included).

    The visits counted are those :func:`geo.metrics.select_visits` keeps (communes of the
    registry, with a date), so the sum is the ``team_activations`` of
    ``rollup(commune_metrics(..., Filters(first, last)), "province")``.

    Parameters
    ----------
    visits : DataFrame
        Visit rows (``date``, ``code``, ``activated``).
    communes : DataFrame
        The registry or :func:`geo.metrics.commune_metrics` rows (``code``).
    first, last : date
        The days.

    Returns
    -------
    int
        Activations; a missing count is 0.

    Examples
    --------
    >>> v = pd.DataFrame({"date": pd.to_datetime(["2023-03-08", "2023-03-14", "2023-03-14"]),
    ...                   "code": ["1", "1", "9"], "activated": [5, None, 7]})
    >>> team_activations_between(v, pd.DataFrame({"code": ["1"]}), date(2023, 3, 8),
    ...                          date(2023, 3, 14))
    5
    """
    counted = select_visits(visits, communes, Filters(first, last))
    return int(pd.to_numeric(counted["activated"], errors="coerce").fillna(0).sum())


def headline_figures(
    metrics: pd.DataFrame,
    previous: pd.DataFrame | None = None,
    *,
    visits: pd.DataFrame | None = None,
    as_of: date | None = None,
    threshold: float = THRESHOLD,
) -> dict[str, float | int | None]:
    """Compute the headline figures of the province for one date.

    The province figures are the :func:`geo.metrics.rollup` province row of ``metrics``.

    Parameters
    ----------
    metrics : DataFrame
        :func:`geo.metrics.commune_metrics` rows as of the report date (its
        ``team_activations`` and ``visits`` cover the chosen period).
    previous : DataFrame, optional
        The same table one week earlier; adds ``activated_change``, ``coverage_change`` and
        ``communes_at_threshold_previous``.
    visits : DataFrame, optional
        Visit rows (``date``, ``code``, ``activated``); with ``as_of`` adds ``this_week`` (team
        activations in the 7 days ending ``as_of``) and ``last_week`` (the 7 days before),
        counted by :func:`team_activations_between` over the communes of ``metrics``.
    as_of : date, optional
        The report date, needed for ``this_week`` / ``last_week``.
    threshold : float
        Coverage threshold for ``communes_at_threshold`` (default 0.8).

    Returns
    -------
    dict
        Keys :data:`HEADLINE_KEYS`; ratios are fractions (0.668), missing figures ``None``.
    """
    prov = province_row(metrics)
    out: dict[str, float | int | None] = dict.fromkeys(HEADLINE_KEYS)
    for key in ("eligible", "quota", "activated", "gap", "coverage", "quota_progress"):
        out[key] = _num(prov.get(key))
    for key in ("communes", "communes_with_data", "team_activations", "visits"):
        value = _num(prov.get(key))
        out[key] = None if value is None else int(value)
    out["communes_at_threshold"] = int(at_threshold(metrics, threshold).sum())
    if previous is not None:
        before = province_row(previous)
        act, act_prev = out["activated"], _num(before.get("activated"))
        cov, cov_prev = out["coverage"], _num(before.get("coverage"))
        out["activated_change"] = None if act is None or act_prev is None else act - act_prev
        out["coverage_change"] = None if cov is None or cov_prev is None else cov - cov_prev
        out["communes_at_threshold_previous"] = int(at_threshold(previous, threshold).sum())
    if visits is not None and as_of is not None:
        end = pd.Timestamp(as_of).date()
        week = timedelta(days=6)
        out["this_week"] = team_activations_between(visits, metrics, end - week, end)
        before_end = end - timedelta(days=7)
        out["last_week"] = team_activations_between(visits, metrics, before_end - week, before_end)
    return out


def weekly_by_team(
    visits: pd.DataFrame,
    *,
    start: date | None = None,
    end: date | None = None,
    communes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Count visits, registrations and activations per team and calendar week (Monday-Sunday).

    Every team appears in every week between ``start`` and ``end`` (zeros where it did not
    work), so bar charts keep their gaps.

    Parameters
    ----------
    visits : DataFrame
        Visit rows with ``date``, ``team``, ``registered``, ``activated`` (and ``code``).
    start, end : date, optional
        Period (both included); default the visits' first and last date.
    communes : DataFrame, optional
        The registry or :func:`geo.metrics.commune_metrics` rows: when given, visits of other
        codes are left out, as every other visit figure leaves them out (the bars then add up
        to the period's ``team_activations``).

    Returns
    -------
    DataFrame
        :data:`WEEKLY_COLUMNS`; ``week_start`` / ``week_end`` are ``datetime64`` Monday / Sunday.

    Examples
    --------
    >>> v = pd.DataFrame({"date": pd.to_datetime(["2023-03-06", "2023-03-14"]),
    ...     "team": ["Tổ 1", "Tổ 1"], "code": ["1", "9"], "registered": [3, 4],
    ...     "activated": [2, 3]})
    >>> weekly_by_team(v)["activated"].tolist()
    [2, 3]
    >>> weekly_by_team(v, start=date(2023, 3, 6), end=date(2023, 3, 19), communes=v.iloc[:1])[
    ...     "activated"].tolist()
    [2, 0]
    """
    v = visits.copy()
    if communes is not None:
        v = v[v["code"].astype(str).isin(communes["code"]).to_numpy()]
    v["date"] = pd.to_datetime(v["date"]).dt.normalize()
    if start is not None:
        v = v[v["date"] >= pd.Timestamp(start)]
    if end is not None:
        v = v[v["date"] <= pd.Timestamp(end)]
    if v.empty and (start is None or end is None):
        return pd.DataFrame({c: pd.Series(dtype="object") for c in WEEKLY_COLUMNS})
    first = pd.Timestamp(start) if start is not None else v["date"].min()
    last = pd.Timestamp(end) if end is not None else v["date"].max()
    v["week_start"] = v["date"] - pd.to_timedelta(v["date"].dt.day_of_week, unit="D")
    for col in ("registered", "activated"):
        v[col] = pd.to_numeric(v[col], errors="coerce").fillna(0).astype("int64")
    agg = v.groupby(["week_start", "team"]).agg(
        visits=("date", "size"), registered=("registered", "sum"), activated=("activated", "sum")
    )
    weeks = pd.date_range(first - pd.Timedelta(days=first.weekday()), last, freq="7D")
    teams = sorted(v["team"].dropna().unique(), key=team_sort_key)
    grid = pd.MultiIndex.from_product([weeks, teams], names=["week_start", "team"])
    out = agg.reindex(grid, fill_value=0).reset_index()
    out["week_end"] = out["week_start"] + pd.Timedelta(days=6)
    for col in ("visits", "registered", "activated"):
        out[col] = out[col].astype("int64")
    return out[WEEKLY_COLUMNS]


def team_sort_key(name: str) -> tuple:
    """Return the natural sort key of a team name: "Tổ 2" before "Tổ 10", then "Tổ CA …".

    Parameters
    ----------
    name : str
        Team name.

    Returns
    -------
    tuple
        Text and number parts, numbers as ``int``.

    Examples
    --------
    >>> sorted(["Tổ 10", "Tổ CA Phủ Lý 1", "Tổ 2"], key=team_sort_key)
    ['Tổ 2', 'Tổ 10', 'Tổ CA Phủ Lý 1']
    """
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(name)))


def top_gaps(metrics: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Return the ``n`` communes with the most people not yet activated (with data only).

    Ties are broken by commune code so the order is stable between runs.

    Parameters
    ----------
    metrics : DataFrame
        :func:`geo.metrics.commune_metrics` rows.
    n : int
        Number of communes (default 10).

    Returns
    -------
    DataFrame
        :data:`TOP_GAP_COLUMNS`, largest gap first.
    """
    data = metrics[metrics["has_data"].fillna(False).astype(bool)].copy()
    data["gap"] = pd.to_numeric(data["gap"], errors="coerce")
    data = data.dropna(subset=["gap"])
    data = data.sort_values(["gap", "code"], ascending=[False, True], kind="stable")
    return data.head(n)[TOP_GAP_COLUMNS].reset_index(drop=True)
