"""Daily ``activated_to_date`` of a commune or the province: the definition applied day by day.

Each day ``d`` of the series is what :func:`geo.metrics.commune_metrics` gives with ``D = d``
(its last row equals ``commune_metrics(..., Filters(end=end))``), computed for all days at once
with cumulative sums of daily deltas instead of one ``commune_metrics`` per day.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from geo.metrics._arrays import as_float, day, days, int_col, isin, lookup, str_values
from geo.metrics._records import clean_targets

__all__ = ["cumulative_activations"]

#: Above this many (commune x official day) cells :func:`_visit_sums_up_to` sorts instead.
_TABLE_CELLS_MAX = 20_000_000


def cumulative_activations(
    targets: pd.DataFrame,
    visits: pd.DataFrame,
    code: str | None,
    start: dt.date,
    end: dt.date,
) -> pd.DataFrame:
    """Compute the daily ``activated_to_date`` of one commune or the whole province.

    Every day ``d`` of ``[start, end]`` applies the definition of :mod:`geo.metrics.commune`
    with ``D = d``, so the last row equals :func:`geo.metrics.commune_metrics` with
    ``Filters(end=end)``. For the province (``code=None``) the communes are those in
    ``targets``; the official and team parts are summed over the communes that have an official
    count at ``d`` (``communes_with_data``), a commune joining the sum on the day of its first
    official count.

    Parameters
    ----------
    targets, visits : DataFrame
        As for :func:`geo.metrics.commune_metrics` (visit filters do not apply here).
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
    s, e = day(start), day(end)
    if s > e:
        raise ValueError(f"start {start} is after end {end}")
    n_days = e - s + 1

    def add(event_days: np.ndarray, weights: np.ndarray) -> np.ndarray:
        # daily deltas: events before start land on start, events after end are dropped
        d = np.maximum(event_days, s)
        keep = d <= e
        return np.bincount(d[keep] - s, weights=weights[keep], minlength=n_days)

    # official counts, sorted by (commune, day): each holds from its day until the next one
    t = clean_targets(targets)
    if code is not None:
        t = t[t["code"] == str(code)]
    t = t[t["activated_baseline"].notna()] if len(t) else t.iloc[:0]
    t_codes = pd.Index(pd.unique(t["code"]))
    t = t.assign(ci=t_codes.get_indexer(pd.Index(t["code"]))).sort_values(
        ["ci", "day"], kind="stable"
    )
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
        v_code = str_values(visits["code"])
        v_day, v_valid = days(visits["date"])
        act = np.nan_to_num(as_float(visits.get("activated"), len(visits)), nan=0.0)
        mine = v_valid & isin(v_code, [str(code)]) if code is not None else v_valid
        in_period = mine & (v_day >= s)
        team_daily = add(v_day[in_period], act[in_period])
        ci = lookup(v_code, t_codes)
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
            "official_activated": int_col(official),
            "activated_since_official": int_col(since),
            "activated_to_date": int_col(official + since),
            "team_activations": int_col(team_daily),
            "communes_with_data": n_data,
        }
    )


def _visit_sums_up_to(
    t_ci: np.ndarray,
    t_day: np.ndarray,
    v_ci: np.ndarray,
    v_day: np.ndarray,
    v_act: np.ndarray,
    n_communes: int,
) -> np.ndarray:
    """Sum, for each official count ``(t_ci, t_day)``, the activations of its commune's visits.

    Usual case (few distinct official days ``G``): a (commune x rank-in-``G``) table filled with
    one ``bincount`` and a cumulative sum, no sorting of the visits. Many distinct days (more
    than :data:`_TABLE_CELLS_MAX` cells): sort the visits by (commune, day), use prefix sums.

    Returns
    -------
    numpy.ndarray
        One sum per official count: the visits of commune ``t_ci`` with ``date <= t_day``.
    """
    official_days = np.unique(t_day)
    width = len(official_days) + 1
    if n_communes * width <= _TABLE_CELLS_MAX:
        # rank = number of official days before the visit day; upto[c, j]: day <= official_days[j]
        rank = np.searchsorted(official_days, v_day, side="left")
        table = np.bincount(v_ci * width + rank, weights=v_act, minlength=n_communes * width)
        upto = np.cumsum(table.reshape(n_communes, width), axis=1)
        return upto[t_ci, np.searchsorted(official_days, t_day)]
    shift = np.int64(1) << 40
    offset = np.int64(1) << 39
    keys = v_ci.astype(np.int64) * shift + (v_day + offset)
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    prefix = np.r_[0.0, np.cumsum(v_act[order])]
    hi = np.searchsorted(keys, t_ci * shift + (t_day + offset), side="right")
    lo = np.searchsorted(keys, t_ci * shift, side="left")
    return prefix[hi] - prefix[lo]
