"""Coverage metrics per commune: one definition, used everywhere.

Definition (design, "Coverage, in one definition")
--------------------------------------------------
For a commune and a date ``D`` (the end of the period, or today):

* **eligible** and **quota**: the latest non-missing value with ``as_of <= D``.
* **official count**: the latest non-missing ``activated_baseline`` with ``as_of <= D``; its
  date is ``official_as_of``.
* **activated** (``activated_to_date``) = official count + the activations of *all* visits with
  ``official_as_of < date <= D``. A visit on the ``as_of`` day itself is taken to be inside the
  official count, and a later official count supersedes the visits before it. With no official
  count at or before ``D`` the commune has **no data**: ``activated`` is ``<NA>``; visits alone
  never produce a coverage figure (that would read as a low rate, not as "unknown").
* **coverage** = activated / eligible; **gap** = max(eligible − activated, 0) (people still to
  reach); **quota_progress** = activated / quota (may exceed 100 %).
* ``has_data`` is True when eligible > 0 and activated is known; otherwise coverage and gap are
  NaN / ``<NA>`` ("chưa có số liệu"), never 0 %.

Targets
    Several ``as_of`` rows per commune are expected. Duplicate rows for the same
    ``(code, as_of)``: **the last row wins** (row order), the same rule as
    :meth:`geo.store.Store.targets`. Each column then takes the latest non-missing value, so a
    row that only updates ``eligible`` does not erase an earlier official count.

Filters
    :class:`~geo.metrics.filters.Filters` (period start/end, teams, districts, place types)
    restrict the *visit-derived* columns only: ``visits``, ``team_activations``, ``last_visit``,
    ``days_since_visit``, ``officer_hours``, ``timed_activations``,
    ``activations_per_officer_hour``. The *official* columns (``eligible``, ``quota``,
    ``activated``, ``coverage``, ``gap``, ``quota_progress``) depend only on ``D`` = period end:
    a team filter never changes a commune's coverage. Rows are never dropped: one row per
    commune of the registry, in registry order; subset them yourself.

Officer-hours
    Officer-hours of a visit = members of its team × (end − start) in hours. Visits without both
    times, with ``end <= start`` or whose team size is unknown are left out of **both** the
    numerator (``timed_activations``) and the denominator (``officer_hours``) of
    ``activations_per_officer_hour``.

Visits whose ``code`` is not in the registry are ignored; :func:`commune_metrics` reports them
in ``result.attrs["unknown_codes"]`` (``{code: rows}``; a missing code is reported as ``""``).
Visits without a date are ignored too (``attrs["visits_without_date"]``). Missing
``activated`` counts as 0 in sums. Target rows of codes outside the registry are ignored.

District and province figures: :func:`geo.metrics.rollup.rollup`; the daily series:
:func:`geo.metrics.series.cumulative_activations`. Legend classes:
:func:`~geo.metrics.classes.class_breaks`, :func:`~geo.metrics.classes.classify`,
:func:`~geo.metrics.classes.legend` with the palettes of :data:`~geo.metrics.classes.METRICS`
and the grey, hatched "no data" style (:data:`~geo.metrics.classes.NO_DATA_COLOUR`).

Nothing here imports streamlit; everything is vectorised (no per-commune Python loops).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import numpy as np
import pandas as pd

from geo.metrics._arrays import (
    INT_NA,
    as_float,
    day,
    days,
    int_col,
    lookup,
    str_values,
    to_datetime,
)
from geo.metrics._records import clean_targets, hours_of_day, team_members
from geo.metrics.filters import Filters, visit_mask

__all__ = ["METRIC_COLUMNS", "commune_metrics"]

#: Columns of :func:`commune_metrics` after the registry columns.
METRIC_COLUMNS = [
    "eligible",
    "quota",
    "official_activated",
    "official_as_of",
    "activated_since_official",
    "activated",
    "coverage",
    "gap",
    "quota_progress",
    "visits",
    "team_activations",
    "last_visit",
    "days_since_visit",
    "officer_hours",
    "timed_activations",
    "activations_per_officer_hour",
    "has_data",
]
_REGISTRY_COLUMNS = ["code", "name", "full_name", "type", "district_code", "district_name", "urban"]


class _Official(NamedTuple):
    """Official figures in force at ``D``, one value per commune (NaN = none)."""

    eligible: np.ndarray
    quota: np.ndarray
    baseline: np.ndarray
    day: np.ndarray  # day of the official count; ``D`` when there is none (no visit is "since")


class _Visits(NamedTuple):
    """The visits as arrays: commune position (-1 unknown), day, activations, counted at ``D``."""

    pos: np.ndarray
    day: np.ndarray
    activated: np.ndarray
    known: np.ndarray
    unknown_codes: dict[str, int]
    without_date: int


def _official(codes: pd.Index, targets: pd.DataFrame, end: int) -> _Official:
    n = len(codes)
    t = clean_targets(targets)
    t = t[t["day"] <= end]
    t_pos = codes.get_indexer(pd.Index(t["code"]))
    t = t.assign(pos=t_pos)[t_pos >= 0]
    eligible = np.full(n, np.nan)
    quota = np.full(n, np.nan)
    official = np.full(n, np.nan)
    official_day = np.full(n, end, dtype=np.int64)
    if len(t):
        last = t.groupby("pos")[["eligible", "quota", "activated_baseline"]].last()
        idx = last.index.to_numpy()
        eligible[idx] = last["eligible"].to_numpy()
        quota[idx] = last["quota"].to_numpy()
        official[idx] = last["activated_baseline"].to_numpy()
        od = t[t["activated_baseline"].notna()].groupby("pos")["day"].last()
        official_day[od.index.to_numpy()] = od.to_numpy()
    return _Official(eligible, quota, official, official_day)


def _visit_arrays(visits: pd.DataFrame, codes: pd.Index, end: int) -> _Visits:
    nv = len(visits)
    if not nv:
        empty = np.zeros(0, dtype=np.int64)
        return _Visits(empty, empty, np.zeros(0), np.zeros(0, dtype=bool), {}, 0)
    v_code = str_values(visits["code"])
    v_pos = lookup(v_code, codes)
    v_day, v_valid = days(visits["date"])
    act = np.nan_to_num(as_float(visits.get("activated"), nv), nan=0.0)
    unknown = v_pos < 0
    counts = (
        pd.Series(v_code[unknown]).fillna("").astype(str).value_counts().sort_index()
        if unknown.any()
        else pd.Series(dtype=int)
    )
    unknown_codes = {str(k): int(c) for k, c in counts.items()}
    known = ~unknown & v_valid & (v_day <= end)
    return _Visits(v_pos, v_day, act, known, unknown_codes, int((~v_valid).sum()))


def _officer_hours(
    visits: pd.DataFrame, teams: pd.DataFrame | None, v: _Visits, f: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    # officer_hours and timed_activations per commune (NaN without teams)
    if teams is not None and len(visits) and {"start", "end"} <= set(visits.columns):
        hours = hours_of_day(visits["end"]) - hours_of_day(visits["start"])
        oh = team_members(visits, teams) * hours
        timed = f & np.isfinite(oh) & (hours > 0) & (oh > 0)
        officer_hours = np.bincount(v.pos[timed], weights=oh[timed], minlength=n)
        timed_act = np.bincount(v.pos[timed], weights=v.activated[timed], minlength=n)
        return officer_hours, timed_act
    if teams is not None:
        return np.zeros(n), np.zeros(n)
    return np.full(n, np.nan), np.full(n, np.nan)


def commune_metrics(
    communes: pd.DataFrame,
    targets: pd.DataFrame,
    visits: pd.DataFrame,
    teams: pd.DataFrame | None = None,
    filters: Filters | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Compute the metrics per commune for a period (definition: the module docstring).

    Parameters
    ----------
    communes : DataFrame
        Registry (``code`` unique; ``name``, ``district_code``, ``district_name``, ``urban``...
        are carried over when present).
    targets : DataFrame
        ``code, as_of, eligible, quota, activated_baseline`` (``TARGET_COLUMNS``).
    visits : DataFrame
        ``VISIT_COLUMNS`` (``date, team, code, place_type, start, end, activated``...), optionally
        ``team_id``.
    teams : DataFrame, optional
        ``team`` (or ``name``; or ``id`` matched to ``visits.team_id``) and ``members``. Without
        it, ``officer_hours`` and ``activations_per_officer_hour`` are NaN.
    filters : Filters, optional
        Period, teams, districts, place types. ``D`` = ``filters.end`` or ``today``.
    today : datetime.date, optional
        Defaults to :func:`datetime.date.today` (pass it for reproducible results).

    Returns
    -------
    DataFrame
        One row per commune, registry order: the registry columns among ``code, name,
        full_name, type, district_code, district_name, urban``, then :data:`METRIC_COLUMNS`.
        Counts are ``Int64`` (``<NA>`` = unknown), ratios ``float64`` (NaN = no data),
        ``official_as_of`` / ``last_visit`` ``datetime64[ns]`` (NaT). ``attrs`` holds ``as_of``
        (``D``), ``unknown_codes`` (``{code: visit rows}``) and ``visits_without_date``.

    Examples
    --------
    >>> communes = pd.DataFrame({"code": ["13291", "13540"], "name": ["Lê Hồng Phong", "An Nội"],
    ...                          "district_code": ["347", "352"]})
    >>> targets = pd.DataFrame({"code": ["13291"], "as_of": pd.to_datetime(["2023-02-13"]),
    ...     "eligible": [1000], "quota": [800], "activated_baseline": [500]})
    >>> visits = pd.DataFrame({"date": pd.to_datetime(["2023-02-13", "2023-02-20"]),
    ...     "team": ["Tổ 1", "Tổ 2"], "code": ["13291", "13291"], "place_type": "household",
    ...     "start": ["18:00", None], "end": ["20:00", None], "activated": [30, 40]})
    >>> m = commune_metrics(communes, targets, visits, pd.DataFrame({"team": ["Tổ 1"],
    ...     "members": [2]}), Filters(end=dt.date(2023, 3, 1)))
    >>> m[["code", "activated", "coverage", "gap", "visits", "days_since_visit"]]
        code  activated  coverage   gap  visits  days_since_visit
    0  13291        540      0.54   460       2                 9
    1  13540       <NA>       NaN  <NA>       0              <NA>
    >>> m.loc[0, ["officer_hours", "activations_per_officer_hour"]].tolist()
    [4.0, 7.5]
    """
    filters = filters or Filters()
    end = day(filters.period_end(today))
    base = communes.reset_index(drop=True)
    codes = pd.Index(str_values(base["code"]))
    if not codes.is_unique:
        dup = codes[codes.duplicated()].unique().tolist()
        raise ValueError(f"duplicate commune codes in the registry: {dup[:5]}")
    n = len(codes)

    o = _official(codes, targets, end)
    has_official = ~np.isnan(o.baseline)
    v = _visit_arrays(visits, codes, end)
    safe_pos = np.where(v.pos >= 0, v.pos, 0)

    # all visits after the official count (filters do not apply: official column)
    since_mask = v.known & (v.day > o.day[safe_pos])
    since = np.bincount(v.pos[since_mask], weights=v.activated[since_mask], minlength=n)
    activated = np.where(has_official, o.baseline + since, np.nan)

    f = visit_mask(filters, visits, base, v.pos, v.day, v.known)
    p = v.pos[f]
    n_visits = np.bincount(p, minlength=n).astype(float)
    team_act = np.bincount(p, weights=v.activated[f], minlength=n)
    last_day = np.full(n, INT_NA, dtype=np.int64)
    np.maximum.at(last_day, p, v.day[f])
    visited = last_day != INT_NA
    officer_hours, timed_act = _officer_hours(visits, teams, v, f, n)

    has_data = has_official & (o.eligible > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = np.where(has_data, activated / o.eligible, np.nan)
        gap = np.where(has_data, np.maximum(o.eligible - activated, 0), np.nan)
        quota_progress = np.where(has_official & (o.quota > 0), activated / o.quota, np.nan)
        per_hour = np.where(officer_hours > 0, timed_act / officer_hours, np.nan)

    out = base[[c for c in _REGISTRY_COLUMNS if c in base]].copy()
    out["code"] = codes.to_numpy()
    cols = {
        "eligible": int_col(o.eligible),
        "quota": int_col(o.quota),
        "official_activated": int_col(o.baseline),
        "official_as_of": to_datetime(o.day, has_official),
        "activated_since_official": int_col(np.where(has_official, since, np.nan)),
        "activated": int_col(activated),
        "coverage": coverage,
        "gap": int_col(gap),
        "quota_progress": quota_progress,
        "visits": int_col(n_visits),
        "team_activations": int_col(team_act),
        "last_visit": to_datetime(last_day, visited),
        "days_since_visit": int_col(np.where(visited, end - last_day, np.nan)),
        "officer_hours": officer_hours,
        "timed_activations": int_col(timed_act),
        "activations_per_officer_hour": per_hour,
        "has_data": has_data,
    }
    for name, values in cols.items():
        out[name] = values.array if isinstance(values, pd.Series) else values
    out.attrs = {
        "as_of": pd.Timestamp(np.datetime64(end, "D")),
        "unknown_codes": v.unknown_codes,
        "visits_without_date": v.without_date,
    }
    return out
