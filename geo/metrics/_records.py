"""How the metrics read the records: target rows, visit times and team sizes.

Private to :mod:`geo.metrics`; the rules are those of the definition in
:mod:`geo.metrics.commune` (duplicate target rows: the last row wins; a visit time that does not
parse is missing; a team's size is matched on its id, else on its name).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from geo.metrics._arrays import as_float, days, lookup, str_values

__all__ = ["clean_targets", "hours_of_day", "team_members"]

_TARGET_FIGURES = ["eligible", "quota", "activated_baseline"]


def clean_targets(targets: pd.DataFrame | None) -> pd.DataFrame:
    """Return the target rows as day numbers and floats, one row per ``(code, as_of)``.

    Duplicate ``(code, as_of)``: the last row wins. Rows without a date are dropped. Sorted by
    day (stable), so a groupby ``last`` gives the latest value.

    Parameters
    ----------
    targets : DataFrame or None
        ``TARGET_COLUMNS`` rows (``code``, ``as_of`` and any of the figures).

    Returns
    -------
    DataFrame
        ``code, day, eligible, quota, activated_baseline`` (the figures as floats).

    Examples
    --------
    >>> t = pd.DataFrame({"code": ["1", "1"], "as_of": pd.to_datetime(["2023-02-13"] * 2),
    ...                   "eligible": [10, 20]})
    >>> clean_targets(t)[["code", "eligible", "quota"]].values.tolist()
    [['1', 20.0, nan]]
    """
    if targets is None or len(targets) == 0:
        empty = {"code": pd.Series(dtype=object), "day": pd.Series(dtype=np.int64)}
        return pd.DataFrame(empty | {c: pd.Series(dtype=float) for c in _TARGET_FIGURES})
    day, valid = days(targets["as_of"])
    t = pd.DataFrame({"code": str_values(targets["code"]).to_numpy(), "day": day})
    for c in _TARGET_FIGURES:
        t[c] = as_float(targets.get(c), len(targets))
    t = t[valid]
    t = t.drop_duplicates(["code", "day"], keep="last")
    return t.sort_values("day", kind="stable").reset_index(drop=True)


def hours_of_day(values: pd.Series) -> np.ndarray:
    """Return times of day as hours since midnight, NaN where missing or invalid.

    Takes ``"HH:MM"``, ``"HH:MM:SS"`` and ``datetime.time`` values, parsed once per distinct
    value (there are at most 1,440 distinct ``HH:MM``). Unlike :func:`geo.clock.minutes_of_day`
    it validates: ``"25:99"`` or ``"x"`` is missing, so such a visit has no officer-hours.

    Parameters
    ----------
    values : Series
        Visit ``start`` or ``end`` times.

    Returns
    -------
    numpy.ndarray
        ``float64`` hours.

    Examples
    --------
    >>> hours_of_day(pd.Series(["18:30", None, "25:99", "08:00:36"])).tolist()
    [18.5, nan, nan, 8.01]
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


def team_members(visits: pd.DataFrame, teams: pd.DataFrame | None) -> np.ndarray:
    """Return the members of each visit's team (NaN when unknown).

    Matched on ``visits.team_id`` = ``teams.id`` when both exist, else on the team name
    (``teams.team`` or, as returned by :meth:`geo.store.Store.teams`, ``teams.name``).

    Parameters
    ----------
    visits : DataFrame
        Visit rows (``team``, optionally ``team_id``).
    teams : DataFrame or None
        Teams with ``members`` and ``id``, ``team`` or ``name``.

    Returns
    -------
    numpy.ndarray
        ``float64``, one value per visit.

    Examples
    --------
    >>> v = pd.DataFrame({"team": ["Tổ 1", "Tổ 9"]})
    >>> team_members(v, pd.DataFrame({"name": ["Tổ 1"], "members": [3]})).tolist()
    [3.0, nan]
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
    pos = lookup(left, pd.Index(t[key]))
    members = as_float(t["members"], len(t))
    out = np.full(n, np.nan)
    ok = pos >= 0
    out[ok] = members[pos[ok]]
    return out
