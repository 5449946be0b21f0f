"""When the quota is reached at the recent rate: a linear projection of a cumulative series.

The series is the province's daily ``activated_to_date``
(:func:`geo.metrics.cumulative_activations`); the rate is its mean increase over a recent
window, so the projection follows the campaign's current pace, not its average since the start.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

__all__ = ["DEFAULT_WINDOW_DAYS", "Projection", "project_target_date"]

#: Window of the recent rate used by :func:`project_target_date`, in days.
DEFAULT_WINDOW_DAYS = 14


@dataclass(frozen=True)
class Projection:
    """When the target is reached at the recent rate.

    Attributes
    ----------
    target_date : date or None
        Projected date (the date it was first reached when ``reached``); ``None`` when the
        recent rate is zero or negative, or there is no target.
    rate_per_day : float
        Mean increase per day over the window.
    window_start, window_end : date
        The window the rate was measured over (``window_end`` is the as-of date).
    window_days : int
        Its length in days (shorter than asked when the series is shorter).
    current, target : float
        Value at ``window_end`` and the target.
    reached : bool
        The target is already reached at ``window_end``.
    """

    target_date: date | None
    rate_per_day: float
    window_start: date
    window_end: date
    window_days: int
    current: float
    target: float
    reached: bool


def project_target_date(
    series: pd.Series,
    target: float | None,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    as_of: date | None = None,
) -> Projection:
    """Project linearly the date a cumulative series reaches ``target``.

    The rate is the mean daily increase over the last ``window_days`` days:
    ``(value(as_of) - value(as_of - window_days)) / window_days``, where ``value(d)`` is the
    last observation at or before ``d``. The target date is ``as_of`` plus the whole days
    needed at that rate, rounded up.

    Parameters
    ----------
    series : Series
        Cumulative values indexed by date, need not be daily; for the province:
        ``cumulative_activations(targets, visits, None, start, end)
        .set_index("date")["activated_to_date"]`` (leading ``<NA>`` are dropped).
    target : float
        The value to reach (e.g. the province quota).
    window_days : int
        Length of the window (default 14). When the series starts later than
        ``as_of - window_days``, the window starts at the series' first date.
    as_of : date, optional
        End of the window; default the series' last date.

    Returns
    -------
    Projection
        The date, the rate and the window it was measured over.

    Raises
    ------
    ValueError
        When ``window_days`` < 1 or the series has no value on or before ``as_of``.

    Examples
    --------
    >>> s = pd.Series([1000, 1700, 2400], index=pd.to_datetime(["2023-03-01", "2023-03-08",
    ...                                                         "2023-03-15"]))
    >>> p = project_target_date(s, 3100)
    >>> p.rate_per_day, p.target_date
    (100.0, datetime.date(2023, 3, 22))
    """
    if window_days < 1:
        raise ValueError("window_days must be at least 1")
    s = pd.Series(pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64"))
    s.index = pd.to_datetime(pd.Index(series.index)).normalize()
    s = s.dropna().sort_index()
    s = s[~s.index.duplicated(keep="last")]
    if s.empty:
        raise ValueError("series has no values")
    end = pd.Timestamp(as_of).normalize() if as_of is not None else s.index[-1]
    s = s[s.index <= end]
    if s.empty:
        raise ValueError("series has no value on or before as_of")
    start = max(end - pd.Timedelta(days=window_days), s.index[0])
    current = float(s.iloc[-1])
    at_start = float(s[s.index <= start].iloc[-1])
    days = int((end - start).days)
    rate = (current - at_start) / days if days > 0 else 0.0
    tgt = float(target) if target is not None and not pd.isna(target) else float("nan")
    reached = bool(not math.isnan(tgt) and tgt > 0 and current >= tgt)
    when: date | None
    if math.isnan(tgt) or tgt <= 0:
        when = None
    elif reached:
        when = s[s >= tgt].index[0].date()
    elif rate <= 0:
        when = None
    else:
        when = (end + pd.Timedelta(days=math.ceil(round((tgt - current) / rate, 9)))).date()
    return Projection(
        target_date=when,
        rate_per_day=rate,
        window_start=start.date(),
        window_end=end.date(),
        window_days=days,
        current=current,
        target=tgt,
        reached=reached,
    )
