"""Time of day and Vietnam time: one place for ``"HH:MM"`` arithmetic and the local clock.

The store keeps instants as naive UTC (:mod:`geo.store`); people read them in Vietnam time
(``Asia/Ho_Chi_Minh``, UTC+7 all year). Evening windows and visit times are ``"HH:MM"`` strings.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

import pandas as pd

__all__ = ["VIETNAM", "hhmm", "minutes_of_day", "to_vietnam", "utc_now"]

_T = TypeVar("_T", pd.Series, pd.Timestamp, datetime)

#: The country's time zone (no daylight saving time).
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def utc_now() -> datetime:
    """Return the current instant as a naive UTC datetime, the store's convention.

    Returns
    -------
    datetime.datetime
        Naive (``tzinfo is None``), in UTC.
    """
    return datetime.now(UTC).replace(tzinfo=None)


def to_vietnam(value: _T) -> _T:
    """Convert naive UTC instants to naive Vietnam local time.

    Parameters
    ----------
    value : pandas.Series, pandas.Timestamp or datetime.datetime
        Naive UTC, as the store returns them; ``NaT`` stays ``NaT``.

    Returns
    -------
    same type as ``value``
        Naive local time in :data:`VIETNAM`.

    Examples
    --------
    >>> to_vietnam(datetime(2023, 3, 14, 17, 30))
    datetime.datetime(2023, 3, 15, 0, 30)
    >>> to_vietnam(pd.Series(pd.to_datetime(["2023-03-14 01:00", None]))).tolist()
    [Timestamp('2023-03-14 08:00:00'), NaT]
    """
    if isinstance(value, pd.Series):
        times = pd.to_datetime(value)
        return times.dt.tz_localize(UTC).dt.tz_convert(VIETNAM).dt.tz_localize(None)
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return value
        return value.tz_localize(UTC).tz_convert(VIETNAM).tz_localize(None)
    return value.replace(tzinfo=UTC).astimezone(VIETNAM).replace(tzinfo=None)


def minutes_of_day(text: str) -> int:
    """Return the minutes since midnight of a ``"HH:MM"`` time.

    Parameters
    ----------
    text : str
        ``"18:30"``; a bare hour (``"18"``) means ``"18:00"``.

    Returns
    -------
    int
        ``hours * 60 + minutes``.

    Examples
    --------
    >>> minutes_of_day("18:30"), minutes_of_day(" 7"), minutes_of_day("21:30")
    (1110, 420, 1290)
    """
    hours, _, minutes = str(text).strip().partition(":")
    return int(hours) * 60 + int(minutes or 0)


def hhmm(minutes: float) -> str:
    """Return the ``"HH:MM"`` of a number of minutes since midnight (rounded to the minute).

    Parameters
    ----------
    minutes : float
        Minutes since midnight.

    Returns
    -------
    str
        Zero-padded ``"HH:MM"``.

    Examples
    --------
    >>> hhmm(1110), hhmm(965.6), hhmm(0)
    ('18:30', '16:06', '00:00')
    """
    m = round(minutes)
    return f"{m // 60:02d}:{m % 60:02d}"
