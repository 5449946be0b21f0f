"""Coverage metrics per commune, district and province: one definition, used everywhere.

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
    :class:`Filters` (period start/end, teams, districts, place types) restrict the
    *visit-derived* columns only: ``visits``, ``team_activations``, ``last_visit``,
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

Legend classes: :func:`class_breaks`, :func:`classify`, :func:`legend` with the palettes of
:data:`METRICS` and the grey, hatched "no data" style (:data:`NO_DATA_COLOUR`).

Nothing here imports streamlit; everything is vectorised (no per-commune Python loops).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from geo.fmt import Lang, format_int, format_number

__all__ = [
    "COLUMN_LABELS",
    "METRICS",
    "METRIC_COLUMNS",
    "NO_DATA_COLOUR",
    "NO_DATA_LABEL",
    "PALETTES",
    "PROVINCE_CODE",
    "PROVINCE_NAME",
    "ROLLUP_COLUMNS",
    "Filters",
    "MetricSpec",
    "class_breaks",
    "classify",
    "column_labels",
    "commune_metrics",
    "cumulative_activations",
    "legend",
    "rollup",
    "select_visits",
]

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

#: Columns of :func:`rollup`.
ROLLUP_COLUMNS = [
    "code",
    "name",
    "communes",
    "communes_with_data",
    "communes_without_data",
    "eligible",
    "quota",
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
PROVINCE_CODE = "all"
PROVINCE_NAME = "Toàn tỉnh"

NO_DATA_COLOUR = "#bdbdbd"
NO_DATA_LABEL = {"vi": "chưa có số liệu", "en": "no data"}

#: Colour-blind-safe palettes (ColorBrewer sequential/diverging, viridis), low -> high.
PALETTES: dict[str, tuple[str, ...]] = {
    "RdYlBu4": ("#d7191c", "#fdae61", "#abd9e9", "#2c7bb6"),
    "YlOrRd5": ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
    "Blues5": ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"),
    "Greens5": ("#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"),
    "YlGnBu5": ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    "Oranges5": ("#feedde", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603"),
    "viridis5": ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"),
}

_INT_NA = np.iinfo(np.int64).min


# --------------------------------------------------------------------------- filters


def _as_tuple(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,)
    return tuple(str(v) for v in values)


@dataclass(frozen=True)
class Filters:
    """Which visits count (see the module docstring: official figures only use ``end``).

    Parameters
    ----------
    start, end : datetime.date or None
        Period, both days included. ``end=None`` means *today*.
    teams : tuple of str
        Team names (``visits["team"]``); empty = all teams.
    districts : tuple of str
        District codes (``communes["district_code"]``); empty = all. The 2025-07 registry has no
        districts, so any district filter leaves no visit there.
    place_types : tuple of str
        Values of ``PLACE_TYPES``; empty = all.

    Lists are accepted and stored as tuples, so a ``Filters`` stays hashable (cache key).

    Examples
    --------
    >>> Filters(teams=["Tổ 1"]).teams
    ('Tổ 1',)
    """

    start: dt.date | None = None
    end: dt.date | None = None
    teams: tuple[str, ...] = field(default=())
    districts: tuple[str, ...] = field(default=())
    place_types: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        for name in ("teams", "districts", "place_types"):
            object.__setattr__(self, name, _as_tuple(getattr(self, name)))
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")


def select_visits(
    visits: pd.DataFrame,
    communes: pd.DataFrame,
    filters: Filters | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """The visits that :class:`Filters` keep, with the same rules as :func:`commune_metrics`.

    Visits of communes outside the registry or without a date are dropped; the period is
    ``filters.start <= date <= D`` (``D`` = ``filters.end`` or ``today``).

    Examples
    --------
    >>> v = pd.DataFrame({"date": pd.to_datetime(["2023-02-13", "2023-03-20"]),
    ...                   "team": ["Tổ 1", "Tổ 2"], "code": ["13291", "13540"],
    ...                   "place_type": ["household", "school"]})
    >>> c = pd.DataFrame({"code": ["13291", "13540"], "district_code": ["347", "352"]})
    >>> len(select_visits(v, c, Filters(end=dt.date(2023, 3, 14))))
    1
    >>> select_visits(v, c, Filters(end=dt.date(2023, 5, 31), districts=["352"]))["team"].tolist()
    ['Tổ 2']
    """
    filters = filters or Filters()
    if visits.empty:
        return visits.copy()
    d = _end_day(filters, today)
    v_day, valid = _days(visits["date"])
    keep = valid & (v_day <= d) & visits["code"].astype(str).isin(communes["code"]).to_numpy()
    if filters.start is not None:
        keep &= v_day >= _day(filters.start)
    if filters.teams:
        keep &= _isin(visits["team"], filters.teams)
    if filters.districts:
        if "district_code" in communes:
            allowed = communes.loc[communes["district_code"].isin(filters.districts), "code"]
            keep &= visits["code"].astype(str).isin(allowed).to_numpy()
        else:
            keep &= False
    if filters.place_types:
        keep &= _isin(visits["place_type"], filters.place_types)
    return visits[keep]


# --------------------------------------------------------------------------- small helpers


def _day(value: object) -> int:
    """Days since 1970-01-01 of a date-like scalar."""
    return int(np.datetime64(pd.Timestamp(value).date(), "D").astype(np.int64))  # type: ignore[arg-type]


def _days(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Day numbers (int64) of a date column and a validity mask (NaT -> False)."""
    arr = pd.to_datetime(values).to_numpy()
    if arr.dtype.kind != "M":  # pragma: no cover - to_datetime always gives datetime64
        arr = arr.astype("datetime64[ns]")
    valid = ~np.isnat(arr)
    days = arr.astype("datetime64[D]").astype(np.int64)
    days[~valid] = _INT_NA
    return days, valid


def _to_datetime(days: np.ndarray, valid: np.ndarray) -> pd.Series:
    out = days.astype("datetime64[D]").astype("datetime64[ns]")
    out[~valid] = np.datetime64("NaT")
    return pd.Series(out)


def _float(values: pd.Series | None, n: int) -> np.ndarray:
    """Float array with NaN for missing (numbers that do not parse become NaN too)."""
    if values is None:
        return np.full(n, np.nan)
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _int_col(values: np.ndarray) -> pd.Series:
    """Nullable Int64 from floats (NaN -> <NA>)."""
    return pd.Series(np.round(values)).astype("Int64")


def _str_values(values: pd.Series) -> pd.Series:
    if pd.api.types.is_string_dtype(values) or values.dtype == object:
        return values
    return values.astype(str)


def _lookup(values: pd.Series, index: pd.Index) -> np.ndarray:
    """Position of each value in ``index`` (-1 when absent or missing).

    Factorises first and looks up only the distinct values: much faster than
    ``index.get_indexer`` on a million (Arrow-backed) strings.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) == 0:
        return np.full(len(values), -1, dtype=np.int64)
    pos = index.get_indexer(pd.Index(uniques))
    return np.where(codes >= 0, pos[codes], -1).astype(np.int64)


def _isin(values: pd.Series, allowed: Iterable[str]) -> np.ndarray:
    """``values.isin(allowed)`` as a numpy bool array (missing -> False)."""
    return _lookup(values, pd.Index(list(allowed))) >= 0


def _end_day(filters: Filters, today: dt.date | None) -> int:
    end = filters.end if filters.end is not None else (today or dt.date.today())
    d = _day(end)
    if filters.start is not None and _day(filters.start) > d:
        raise ValueError(f"start {filters.start} is after the end of the period {end}")
    return d


def _hours_of_day(values: pd.Series) -> np.ndarray:
    """``"HH:MM"`` (or ``HH:MM:SS``, ``datetime.time``) as hours since midnight; NaN if missing.

    Parsed once per distinct value (there are at most 1,440 distinct ``HH:MM``).
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = np.array([_parse_hhmm(u) for u in uniques], dtype=float)
    out = np.full(len(values), np.nan)
    ok = codes >= 0
    if parsed.size:
        out[ok] = parsed[codes[ok]]
    return out


def _parse_hhmm(value: object) -> float:
    if isinstance(value, dt.time | dt.datetime | pd.Timestamp):
        return value.hour + value.minute / 60 + value.second / 3600
    if not isinstance(value, str):
        return np.nan
    parts = value.strip().split(":")
    try:
        nums = [int(p) for p in parts]
    except ValueError:
        return np.nan
    if not 2 <= len(nums) <= 3 or not 0 <= nums[0] <= 24 or not 0 <= nums[1] < 60:
        return np.nan
    return nums[0] + nums[1] / 60 + (nums[2] / 3600 if len(nums) == 3 else 0.0)


def _team_members(visits: pd.DataFrame, teams: pd.DataFrame | None) -> np.ndarray:
    """Members of each visit's team (NaN when unknown).

    Matched on ``visits.team_id`` = ``teams.id`` when both exist, else on the team name
    (``teams.team`` or, as returned by :meth:`geo.store.Store.teams`, ``teams.name``).
    """
    n = len(visits)
    if teams is None or teams.empty or "members" not in teams:
        return np.full(n, np.nan)
    if "team_id" in visits and "id" in teams:
        left, key = visits["team_id"], "id"
    else:
        key = "team" if "team" in teams else "name"
        left = visits["team"]
    t = teams.drop_duplicates(key, keep="last")
    pos = _lookup(left, pd.Index(t[key]))
    members = _float(t["members"], len(t))
    out = np.full(n, np.nan)
    ok = pos >= 0
    out[ok] = members[pos[ok]]
    return out


def _clean_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """``code, day, eligible, quota, activated_baseline`` (floats), one row per (code, as_of).

    Duplicate ``(code, as_of)``: the last row wins. Rows without a date are dropped. Sorted by
    day (stable), so a groupby ``last`` gives the latest value.
    """
    cols = ["eligible", "quota", "activated_baseline"]
    if targets is None or len(targets) == 0:
        empty = {"code": pd.Series(dtype=object), "day": pd.Series(dtype=np.int64)}
        return pd.DataFrame(empty | {c: pd.Series(dtype=float) for c in cols})
    day, valid = _days(targets["as_of"])
    t = pd.DataFrame({"code": _str_values(targets["code"]).to_numpy(), "day": day})
    for c in cols:
        t[c] = _float(targets.get(c), len(targets))
    t = t[valid]
    t = t.drop_duplicates(["code", "day"], keep="last")
    return t.sort_values("day", kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- commune metrics


def commune_metrics(
    communes: pd.DataFrame,
    targets: pd.DataFrame,
    visits: pd.DataFrame,
    teams: pd.DataFrame | None = None,
    filters: Filters | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Metrics per commune for a period (definition and filter rules: module docstring).

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
    end = _end_day(filters, today)
    base = communes.reset_index(drop=True)
    codes = pd.Index(_str_values(base["code"]))
    if not codes.is_unique:
        dup = codes[codes.duplicated()].unique().tolist()
        raise ValueError(f"duplicate commune codes in the registry: {dup[:5]}")
    n = len(codes)

    # ---- official figures at D ------------------------------------------------------------
    t = _clean_targets(targets)
    t = t[t["day"] <= end]
    t_pos = codes.get_indexer(t["code"])
    t = t.assign(pos=t_pos)[t_pos >= 0]
    eligible = np.full(n, np.nan)
    quota = np.full(n, np.nan)
    official = np.full(n, np.nan)
    official_day = np.full(n, end, dtype=np.int64)  # no official count: no visit is "since"
    if len(t):
        last = t.groupby("pos")[["eligible", "quota", "activated_baseline"]].last()
        idx = last.index.to_numpy()
        eligible[idx] = last["eligible"].to_numpy()
        quota[idx] = last["quota"].to_numpy()
        official[idx] = last["activated_baseline"].to_numpy()
        od = t[t["activated_baseline"].notna()].groupby("pos")["day"].last()
        official_day[od.index.to_numpy()] = od.to_numpy()
    has_official = ~np.isnan(official)

    # ---- visits -----------------------------------------------------------------------------
    nv = len(visits)
    if nv:
        v_code = _str_values(visits["code"])
        v_pos = _lookup(v_code, codes)
        v_day, v_valid = _days(visits["date"])
        act = np.nan_to_num(_float(visits.get("activated"), nv), nan=0.0)
        unknown = v_pos < 0
        unknown_codes = (
            pd.Series(v_code[unknown]).fillna("").astype(str).value_counts().sort_index().to_dict()
            if unknown.any()
            else {}
        )
        without_date = int((~v_valid).sum())
        known = ~unknown & v_valid & (v_day <= end)
    else:
        v_pos = np.zeros(0, dtype=np.int64)
        v_day = np.zeros(0, dtype=np.int64)
        act = np.zeros(0)
        known = np.zeros(0, dtype=bool)
        unknown_codes, without_date = {}, 0
    safe_pos = np.where(v_pos >= 0, v_pos, 0)

    # all visits after the official count (filters do not apply: official column)
    since_mask = known & (v_day > official_day[safe_pos])
    since = np.bincount(v_pos[since_mask], weights=act[since_mask], minlength=n)
    activated = np.where(has_official, official + since, np.nan)

    # filtered visits
    f = known.copy()
    if filters.start is not None:
        f &= v_day >= _day(filters.start)
    if filters.teams and nv:
        f &= _isin(visits["team"], filters.teams)
    if filters.districts and nv:
        dist = (
            base["district_code"].isin(filters.districts).to_numpy()
            if "district_code" in base
            else np.zeros(n, dtype=bool)
        )
        f &= dist[safe_pos]
    if filters.place_types and nv:
        f &= _isin(visits["place_type"], filters.place_types)
    p = v_pos[f]
    n_visits = np.bincount(p, minlength=n).astype(float)
    team_act = np.bincount(p, weights=act[f], minlength=n)
    last_day = np.full(n, _INT_NA, dtype=np.int64)
    np.maximum.at(last_day, p, v_day[f])
    visited = last_day != _INT_NA

    if teams is not None and nv and {"start", "end"} <= set(visits.columns):
        hours = _hours_of_day(visits["end"]) - _hours_of_day(visits["start"])
        oh = _team_members(visits, teams) * hours
        timed = f & np.isfinite(oh) & (hours > 0) & (oh > 0)
        officer_hours = np.bincount(v_pos[timed], weights=oh[timed], minlength=n)
        timed_act = np.bincount(v_pos[timed], weights=act[timed], minlength=n)
    elif teams is not None:
        officer_hours, timed_act = np.zeros(n), np.zeros(n)
    else:
        officer_hours, timed_act = np.full(n, np.nan), np.full(n, np.nan)

    # ---- ratios -----------------------------------------------------------------------------
    has_data = has_official & (eligible > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = np.where(has_data, activated / eligible, np.nan)
        gap = np.where(has_data, np.maximum(eligible - activated, 0), np.nan)
        quota_progress = np.where(has_official & (quota > 0), activated / quota, np.nan)
        per_hour = np.where(officer_hours > 0, timed_act / officer_hours, np.nan)

    out = base[[c for c in _REGISTRY_COLUMNS if c in base]].copy()
    out["code"] = codes.to_numpy()
    cols = {
        "eligible": _int_col(eligible),
        "quota": _int_col(quota),
        "official_activated": _int_col(official),
        "official_as_of": _to_datetime(official_day, has_official),
        "activated_since_official": _int_col(np.where(has_official, since, np.nan)),
        "activated": _int_col(activated),
        "coverage": coverage,
        "gap": _int_col(gap),
        "quota_progress": quota_progress,
        "visits": _int_col(n_visits),
        "team_activations": _int_col(team_act),
        "last_visit": _to_datetime(last_day, visited),
        "days_since_visit": _int_col(np.where(visited, end - last_day, np.nan)),
        "officer_hours": officer_hours,
        "timed_activations": _int_col(timed_act),
        "activations_per_officer_hour": per_hour,
        "has_data": has_data,
    }
    for name, values in cols.items():
        out[name] = values.array if isinstance(values, pd.Series) else values
    out.attrs = {
        "as_of": pd.Timestamp(np.datetime64(end, "D")),
        "unknown_codes": {str(k): int(v) for k, v in unknown_codes.items()},
        "visits_without_date": without_date,
    }
    return out


# --------------------------------------------------------------------------- roll-up


def rollup(metrics: pd.DataFrame, by: Literal["district", "province"]) -> pd.DataFrame:
    """Sum commune metrics per district or for the whole province; ratios from the sums.

    Rules
    -----
    * ``eligible``, ``activated`` and ``gap`` are summed over the communes **with data** only
      (``has_data``), so ``coverage = activated / eligible`` holds on every row and a commune
      without data is left out of both the numerator and the denominator.
    * ``gap`` is the sum of the commune gaps (an over-achieving commune does not reduce
      another's gap), so it can exceed ``eligible − activated``.
    * ``quota`` and ``quota_progress`` use the communes whose own ``quota_progress`` is known.
    * Visit columns are summed over all communes; ``activations_per_officer_hour =
      timed_activations / officer_hours``; ``last_visit`` is the latest, ``days_since_visit``
      the smallest.
    * ``communes``, ``communes_with_data``, ``communes_without_data`` count the communes;
      ``has_data`` is True when at least one commune has data.

    Parameters
    ----------
    metrics : DataFrame
        Output of :func:`commune_metrics`.
    by : {"district", "province"}
        ``"district"``: one row per ``district_code`` (``code``/``name`` = district code/name;
        communes without a district, as in the 2025-07 registry, form one row with code
        ``<NA>``). ``"province"``: one row, code :data:`PROVINCE_CODE`, name
        :data:`PROVINCE_NAME`.

    Returns
    -------
    DataFrame
        :data:`ROLLUP_COLUMNS`, districts sorted by code.

    Examples
    --------
    >>> m = pd.DataFrame({"district_code": ["347", "347", "352"],
    ...     "district_name": ["Phủ Lý", "Phủ Lý", "Bình Lục"], "eligible": [100, 50, 80],
    ...     "quota": [80, 40, 60], "activated": [60, 50, pd.NA], "gap": [40, 0, pd.NA],
    ...     "quota_progress": [0.75, 1.25, np.nan], "visits": [3, 1, 0],
    ...     "team_activations": [20, 5, 0], "last_visit": pd.to_datetime(["2023-03-01",
    ...     "2023-03-05", None]), "days_since_visit": [9, 5, pd.NA], "officer_hours": [6.0, 2.0, 0],
    ...     "timed_activations": [18, 5, 0], "has_data": [True, True, False]})
    >>> r = rollup(m, "district")
    >>> r[["code", "communes_with_data", "eligible", "activated", "coverage", "quota_progress"]]
      code  communes_with_data  eligible  activated  coverage  quota_progress
    0  347                   2       150        110  0.733333        0.916667
    1  352                   0         0          0       NaN             NaN
    """
    if by not in ("district", "province"):
        raise ValueError(f"by must be 'district' or 'province', not {by!r}")
    m = metrics
    hd = m["has_data"].to_numpy(dtype=bool)
    qp = m["quota_progress"].notna().to_numpy()

    def num(col: str) -> np.ndarray:
        return _float(m.get(col), len(m))

    act = num("activated")
    work = pd.DataFrame(
        {
            "communes": np.ones(len(m)),
            "communes_with_data": hd.astype(float),
            "eligible": np.where(hd, num("eligible"), 0.0),
            "activated": np.where(hd, act, 0.0),
            "gap": np.where(hd, num("gap"), 0.0),
            "quota": np.where(qp, num("quota"), 0.0),
            "activated_q": np.where(qp, act, 0.0),
            "visits": np.nan_to_num(num("visits")),
            "team_activations": np.nan_to_num(num("team_activations")),
            "officer_hours": num("officer_hours"),
            "timed_activations": num("timed_activations"),
            "days_since_visit": num("days_since_visit"),
            "last_visit": pd.to_datetime(m["last_visit"]).to_numpy(),
        }
    )
    if by == "district":
        keys = [
            m["district_code"].rename("code").reset_index(drop=True),
            m["district_name"].rename("name").reset_index(drop=True),
        ]
    else:
        keys = [pd.Series(PROVINCE_CODE, index=range(len(m)), name="code")]
    g = work.groupby(keys, dropna=False, sort=True)
    sums = g[
        [
            *("communes", "communes_with_data", "eligible", "activated", "gap", "quota"),
            *("activated_q", "visits", "team_activations"),
        ]
    ].sum()
    sums["officer_hours"] = g["officer_hours"].sum(min_count=1)
    sums["timed_activations"] = g["timed_activations"].sum(min_count=1)
    sums["days_since_visit"] = g["days_since_visit"].min()
    sums["last_visit"] = g["last_visit"].max()
    r = sums.reset_index()
    if by == "province":
        r["name"] = PROVINCE_NAME
    with np.errstate(divide="ignore", invalid="ignore"):
        with_data = r["communes_with_data"].to_numpy() > 0
        r["coverage"] = np.where(with_data, r["activated"] / r["eligible"], np.nan)
        r["quota_progress"] = np.where(r["quota"] > 0, r["activated_q"] / r["quota"], np.nan)
        oh = r["officer_hours"].to_numpy(dtype=float)
        r["activations_per_officer_hour"] = np.where(
            oh > 0, r["timed_activations"].to_numpy(dtype=float) / oh, np.nan
        )
    r["communes_without_data"] = r["communes"] - r["communes_with_data"]
    r["has_data"] = with_data
    for c in (
        "communes",
        "communes_with_data",
        "communes_without_data",
        "eligible",
        "quota",
        "activated",
        "gap",
        "visits",
        "team_activations",
        "timed_activations",
        "days_since_visit",
    ):
        r[c] = _int_col(r[c].to_numpy(dtype=float)).array
    return r[ROLLUP_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------- daily series


def cumulative_activations(
    targets: pd.DataFrame,
    visits: pd.DataFrame,
    code: str | None,
    start: dt.date,
    end: dt.date,
) -> pd.DataFrame:
    """Daily ``activated_to_date`` for one commune or the whole province (detail chart).

    Every day ``d`` of ``[start, end]`` applies the module definition with ``D = d``, so the
    last row equals :func:`commune_metrics` with ``Filters(end=end)``. For the province
    (``code=None``) the communes are those in ``targets``; the official and team parts are
    summed over the communes that have an official count at ``d`` (``communes_with_data``), a
    commune joining the sum on the day of its first official count.

    Parameters
    ----------
    targets, visits : DataFrame
        As for :func:`commune_metrics` (visit filters do not apply here).
    code : str or None
        Commune code, or None for the province.
    start, end : datetime.date
        Both included.

    Returns
    -------
    DataFrame
        ``date`` (datetime64[ns]), ``official_activated`` (official counts in force),
        ``activated_since_official``, ``activated_to_date`` (``Int64``, ``<NA>`` while no
        commune has data), ``team_activations`` (activations of that day's visits, all visits of
        the commune / province), ``communes_with_data`` (int).

    Examples
    --------
    >>> targets = pd.DataFrame({"code": ["13291", "13291"],
    ...     "as_of": pd.to_datetime(["2023-02-13", "2023-02-16"]), "eligible": [1000, 1000],
    ...     "quota": [800, 800], "activated_baseline": [500, 560]})
    >>> visits = pd.DataFrame({"date": pd.to_datetime(["2023-02-14", "2023-02-15", "2023-02-17"]),
    ...     "code": "13291", "activated": [20, 30, 5]})
    >>> s = cumulative_activations(targets, visits, "13291", dt.date(2023, 2, 12),
    ...                            dt.date(2023, 2, 17))
    >>> s["activated_to_date"].tolist()
    [<NA>, 500, 520, 550, 560, 565]
    """
    s, e = _day(start), _day(end)
    if s > e:
        raise ValueError(f"start {start} is after end {end}")
    n_days = e - s + 1

    def add(days: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Daily deltas: events before ``start`` land on ``start``, after ``end`` are dropped."""
        d = np.maximum(days, s)
        keep = d <= e
        return np.bincount(d[keep] - s, weights=weights[keep], minlength=n_days)

    # official counts, sorted by (commune, day): each holds from its day until the next one
    t = _clean_targets(targets)
    if code is not None:
        t = t[t["code"] == str(code)]
    t = t[t["activated_baseline"].notna()] if len(t) else t.iloc[:0]
    t_codes = pd.Index(pd.unique(t["code"]))
    t = t.assign(ci=t_codes.get_indexer(t["code"])).sort_values(["ci", "day"], kind="stable")
    t_ci = t["ci"].to_numpy(dtype=np.int64)
    t_day = t["day"].to_numpy(dtype=np.int64)
    t_val = t["activated_baseline"].to_numpy(dtype=float)
    has_prev_off = np.r_[False, t_ci[1:] == t_ci[:-1]] if len(t) else np.zeros(0, dtype=bool)
    first = ~has_prev_off
    prev_idx = np.flatnonzero(has_prev_off) - 1
    # official: +value on its day, -previous value when superseded
    off_delta = add(t_day, t_val) - add(t_day[has_prev_off], t_val[prev_idx])
    data_delta = add(t_day[first], np.ones(int(first.sum())))

    team_daily = np.zeros(n_days)
    since_delta = np.zeros(n_days)
    if len(visits):
        v_code = _str_values(visits["code"])
        v_day, v_valid = _days(visits["date"])
        act = np.nan_to_num(_float(visits.get("activated"), len(visits)), nan=0.0)
        mine = v_valid & _isin(v_code, [str(code)]) if code is not None else v_valid
        in_period = mine & (v_day >= s)
        team_daily = add(v_day[in_period], act[in_period])
        ci = _lookup(v_code, t_codes)
        ok = mine & (ci >= 0)
        if len(t) and ok.any():
            v_ci, vd, va = ci[ok], v_day[ok], act[ok]
            first_day = t_day[first]  # per commune index (t is sorted by ci)
            # a visit counts from its day once an official count from before that day exists...
            counted = vd > first_day[v_ci]
            # ...until the next official count on or after its day, which includes it: at each
            # superseding count, remove the visits of (previous as_of, this as_of]
            upto = _visit_sums_up_to(t_ci, t_day, v_ci, vd, va, len(t_codes))
            removed = upto[has_prev_off] - upto[prev_idx]
            since_delta = add(vd[counted], va[counted]) - add(t_day[has_prev_off], removed)

    n_data = np.cumsum(data_delta).round().astype(np.int64)
    with_data = n_data > 0
    official = np.where(with_data, np.cumsum(off_delta), np.nan)
    since = np.where(with_data, np.cumsum(since_delta), np.nan)
    return pd.DataFrame(
        {
            "date": pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D").astype(
                "datetime64[ns]"
            ),
            "official_activated": _int_col(official),
            "activated_since_official": _int_col(since),
            "activated_to_date": _int_col(official + since),
            "team_activations": _int_col(team_daily),
            "communes_with_data": n_data,
        }
    )


#: Above this many (commune x official day) cells :func:`_visit_sums_up_to` sorts instead.
_TABLE_CELLS_MAX = 20_000_000


def _visit_sums_up_to(
    t_ci: np.ndarray,
    t_day: np.ndarray,
    v_ci: np.ndarray,
    v_day: np.ndarray,
    v_act: np.ndarray,
    n_communes: int,
) -> np.ndarray:
    """For each official event ``(t_ci, t_day)``: the activations of the commune's visits with
    ``date <= t_day``.

    Usual case (few distinct official days ``G``): a (commune x rank-in-``G``) table filled with
    one ``bincount`` and a cumulative sum, no sorting of the visits. Many distinct days: sort the
    visits by (commune, day) and use prefix sums.
    """
    days = np.unique(t_day)
    width = len(days) + 1
    if n_communes * width <= _TABLE_CELLS_MAX:
        rank = np.searchsorted(days, v_day, side="left")  # number of official days < visit day
        table = np.bincount(v_ci * width + rank, weights=v_act, minlength=n_communes * width)
        upto = np.cumsum(table.reshape(n_communes, width), axis=1)  # [c, j]: day <= days[j]
        return upto[t_ci, np.searchsorted(days, t_day)]
    shift = np.int64(1) << 40
    offset = np.int64(1) << 39
    keys = v_ci.astype(np.int64) * shift + (v_day + offset)
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    prefix = np.r_[0.0, np.cumsum(v_act[order])]
    hi = np.searchsorted(keys, t_ci * shift + (t_day + offset), side="right")
    lo = np.searchsorted(keys, t_ci * shift, side="left")
    return prefix[hi] - prefix[lo]


# --------------------------------------------------------------------------- legend classes


@dataclass(frozen=True)
class MetricSpec:
    """How a metric is labelled, classed and coloured on the map.

    Attributes
    ----------
    label_vi, label_en : str
        Legend title.
    palette : tuple of str
        Hex colours, low -> high (colour-blind safe).
    kind : {"percent", "int", "float"}
        How class bounds are formatted.
    breaks : tuple of float or None
        Fixed class bounds (class ``i`` = ``[breaks[i-1], breaks[i])``); None = quantiles.
    n_classes : int
        Number of quantile classes (at most; fewer with ties or few distinct values).
    """

    label_vi: str
    label_en: str
    palette: tuple[str, ...]
    kind: Literal["percent", "int", "float"]
    breaks: tuple[float, ...] | None = None
    n_classes: int = 5


_FIXED_PERCENT = (0.5, 0.8, 1.0)

#: Map metrics, keyed by the :func:`commune_metrics` / :func:`rollup` column.
METRICS: dict[str, MetricSpec] = {
    "coverage": MetricSpec(
        "Tỷ lệ kích hoạt",
        "Activation rate (coverage)",
        PALETTES["RdYlBu4"],
        "percent",
        _FIXED_PERCENT,
    ),
    # Quota progress uses the same fixed classes: "≥ 100 %" = quota met is the reading that matters.
    "quota_progress": MetricSpec(
        "Tiến độ chỉ tiêu", "Quota progress", PALETTES["RdYlBu4"], "percent", _FIXED_PERCENT
    ),
    "gap": MetricSpec(
        "Số người chưa kích hoạt", "People not yet activated (gap)", PALETTES["YlOrRd5"], "int"
    ),
    "eligible": MetricSpec("Công dân đủ điều kiện", "Eligible citizens", PALETTES["Blues5"], "int"),
    "activated": MetricSpec("Đã kích hoạt", "Activated", PALETTES["Greens5"], "int"),
    "visits": MetricSpec("Lượt làm việc", "Visits", PALETTES["viridis5"], "int"),
    "team_activations": MetricSpec(
        "Kích hoạt qua tổ lưu động", "Activated by the mobile teams", PALETTES["Greens5"], "int"
    ),
    "days_since_visit": MetricSpec(
        "Số ngày chưa có tổ đến", "Days since last visit", PALETTES["YlOrRd5"], "int"
    ),
    "officer_hours": MetricSpec("Giờ công CBCS", "Officer-hours", PALETTES["Oranges5"], "float"),
    "activations_per_officer_hour": MetricSpec(
        "Kích hoạt mỗi giờ công CBCS",
        "Activations per officer-hour",
        PALETTES["YlGnBu5"],
        "float",
    ),
}


#: Column -> Vietnamese table header (GLOSSARY.md): each metric's own label plus the registry and
#: ranking columns. Tables take their headers from here through :func:`column_labels`.
COLUMN_LABELS: dict[str, str] = {
    "rank": "Hạng",
    "code": "Mã xã",
    "name": "Xã, phường, thị trấn",
    "full_name": "Xã, phường, thị trấn",
    "district_name": "Huyện, thị xã, thành phố",
    "quota": "Chỉ tiêu",
    "last_visit": "Lần làm việc gần nhất",
    **{key: spec.label_vi for key, spec in METRICS.items()},
}


def column_labels(columns: Iterable[str], own: Mapping[str, str] | None = None) -> dict[str, str]:
    """Headers of a table's ``columns``, in that order: ``own`` first, else :data:`COLUMN_LABELS`.

    Examples
    --------
    >>> column_labels(["code", "coverage", "communes"], {"communes": "Số xã"})
    {'code': 'Mã xã', 'coverage': 'Tỷ lệ kích hoạt', 'communes': 'Số xã'}
    """
    own = own or {}
    return {c: own[c] if c in own else COLUMN_LABELS[c] for c in columns}


def _spec(metric: str) -> MetricSpec:
    try:
        return METRICS[metric]
    except KeyError:
        raise ValueError(f"unknown metric {metric!r}; known: {sorted(METRICS)}") from None


def class_breaks(values: pd.Series, metric: str) -> tuple[float, ...]:
    """Class bounds for ``metric``: its fixed breaks, or quantiles of ``values``.

    Quantile breaks are data values: for each quantile ``q_i`` (``inverted_cdf``), the first
    distinct value above it, so the class ``[b_i, b_(i+1))`` holds the values up to and including
    ``q_(i+1)``. Breaks are de-duplicated and above the minimum, so every class holds at least one
    value: ties and few distinct values give fewer classes
    (at most one per distinct value); all-missing gives ``()`` (a single class).

    Examples
    --------
    >>> class_breaks(pd.Series([0.3, 0.9]), "coverage")
    (0.5, 0.8, 1.0)
    >>> class_breaks(pd.Series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), "visits")
    (3.0, 5.0, 7.0, 9.0)
    >>> class_breaks(pd.Series([0, 0, 0, 0, 0, 0, 7]), "visits"), class_breaks(pd.Series(
    ...     [np.nan]), "gap")
    ((7.0,), ())
    """
    spec = _spec(metric)
    if spec.breaks is not None:
        return tuple(float(b) for b in spec.breaks)
    s = pd.Series(values)
    x = _float(s, len(s))
    x = x[np.isfinite(x)]
    if x.size == 0:
        return ()
    distinct = np.unique(x)
    k = max(spec.n_classes, 1)
    if distinct.size <= k:
        return tuple(float(b) for b in distinct[1:])
    q = np.quantile(x, np.arange(1, k) / k, method="inverted_cdf")
    # a class [b_i, b_(i+1)) ends just above its quantile: the next distinct value
    idx = np.unique(np.searchsorted(distinct, q, side="right"))
    return tuple(float(v) for v in distinct[idx[idx < distinct.size]])


def _fmt_bound(value: float, kind: str, lang: Lang) -> str:
    if kind == "percent":
        return format_number(value * 100, 1, lang=lang, trim=True)
    if kind == "int":
        return format_int(value, lang=lang)
    return format_number(value, 2, lang=lang, trim=True)


def _labels(breaks: tuple[float, ...], kind: str, lang: Lang, lo: float, hi: float) -> list[str]:
    unit = (" %" if lang == "vi" else "%") if kind == "percent" else ""

    def f(v: float) -> str:
        return _fmt_bound(v, kind, lang)

    if not breaks:
        if not np.isfinite(lo):
            return [""]
        text = f(lo) if lo == hi else f"{f(lo)}–{f(hi)}"
        return [text + unit]
    labels = [f"< {f(breaks[0])}{unit}"]
    labels += [f"{f(a)}–{f(b)}{unit}" for a, b in itertools.pairwise(breaks)]
    labels.append(f"≥ {f(breaks[-1])}{unit}")
    return labels


def _colours(palette: tuple[str, ...], k: int) -> list[str]:
    """``k`` colours spread over the palette, ends included (one class: the middle colour)."""
    if k == 1:
        return [palette[len(palette) // 2]]
    return [palette[i] for i in np.round(np.linspace(0, len(palette) - 1, k)).astype(int)]


def _legend_table(
    x: np.ndarray, metric: str, breaks: tuple[float, ...] | None, lang: Lang
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    spec = _spec(metric)
    ok = np.isfinite(x)
    if breaks is None:
        breaks = class_breaks(pd.Series(x), metric)
    lo = float(x[ok].min()) if ok.any() else np.nan
    hi = float(x[ok].max()) if ok.any() else np.nan
    k = len(breaks) + 1
    table = pd.DataFrame(
        {
            "class": np.arange(k),
            "colour": _colours(spec.palette, k),
            "label": _labels(tuple(breaks), spec.kind, lang, lo, hi),
        }
    )
    cls = np.full(len(x), -1)
    cls[ok] = np.searchsorted(np.asarray(breaks, dtype=float), x[ok], side="right")
    return table, cls, ok


def classify(
    values: pd.Series,
    metric: str,
    *,
    breaks: tuple[float, ...] | None = None,
    lang: Lang = "vi",
) -> pd.DataFrame:
    """Class, colour and legend label of every value.

    Classes are ``[bound_i, bound_(i+1))``: a value on a bound goes to the upper class
    (coverage 0.5 -> "50–80 %", 1.0 -> "≥ 100 %"). Missing / non-finite values get class
    ``<NA>``, colour :data:`NO_DATA_COLOUR`, label "chưa có số liệu" and ``no_data=True``
    (the map hatches them).

    Parameters
    ----------
    values : Series
        The metric column (e.g. ``metrics["coverage"]``).
    metric : str
        Key of :data:`METRICS`.
    breaks : tuple of float, optional
        Override (e.g. breaks computed once for the province and reused per district).
    lang : {"vi", "en"}

    Returns
    -------
    DataFrame
        Same index as ``values``; columns ``class`` (Int64), ``colour``, ``label``, ``no_data``.

    Examples
    --------
    >>> classify(pd.Series([0.2, 0.5, 0.8, 1.0, None]), "coverage")
       class   colour            label  no_data
    0      0  #d7191c           < 50 %    False
    1      1  #fdae61          50–80 %    False
    2      2  #abd9e9         80–100 %    False
    3      3  #2c7bb6          ≥ 100 %    False
    4   <NA>  #bdbdbd  chưa có số liệu     True
    """
    s = pd.Series(values)
    x = _float(s, len(s))
    table, cls, ok = _legend_table(x, metric, breaks, lang)
    colour = np.full(len(x), NO_DATA_COLOUR, dtype=object)
    label = np.full(len(x), NO_DATA_LABEL[lang], dtype=object)
    colour[ok] = table["colour"].to_numpy()[cls[ok]]
    label[ok] = table["label"].to_numpy()[cls[ok]]
    return pd.DataFrame(
        {
            "class": _int_col(np.where(ok, cls, np.nan)).array,
            "colour": colour,
            "label": label,
            "no_data": ~ok,
        },
        index=s.index,
    )


def legend(
    values: pd.Series,
    metric: str,
    *,
    breaks: tuple[float, ...] | None = None,
    lang: Lang = "vi",
) -> pd.DataFrame:
    """Legend rows: one per class (low -> high), then "no data" when some value is missing.

    Fixed-break metrics always list all their classes (a stable legend, counts may be 0);
    quantile metrics without any value list only "no data".

    Returns
    -------
    DataFrame
        ``class`` (Int64, ``<NA>`` for no data), ``colour``, ``label``, ``count``, ``no_data``.

    Examples
    --------
    >>> legend(pd.Series([0.2, 0.6, 0.7, np.nan]), "coverage")[["label", "count", "no_data"]]
                 label  count  no_data
    0           < 50 %      1    False
    1          50–80 %      2    False
    2         80–100 %      0    False
    3          ≥ 100 %      0    False
    4  chưa có số liệu      1     True
    """
    s = pd.Series(values)
    x = _float(s, len(s))
    table, cls, ok = _legend_table(x, metric, breaks, lang)
    table["count"] = np.bincount(cls[ok], minlength=len(table))[: len(table)]
    table["no_data"] = False
    table["class"] = table["class"].astype("Int64")
    if not ok.any() and _spec(metric).breaks is None:
        table = table.iloc[:0]  # no values: no quantile classes, only "no data"
    missing = int((~ok).sum())
    if missing:
        row = {
            "class": pd.NA,
            "colour": NO_DATA_COLOUR,
            "label": NO_DATA_LABEL[lang],
            "count": missing,
            "no_data": True,
        }
        table = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
        table["class"] = table["class"].astype("Int64")
    return table[["class", "colour", "label", "count", "no_data"]]
