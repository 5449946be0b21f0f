"""Ageing of home-visit requests: days open, open requests per commune, overdue ones (issue 16).

Pure pandas on the rows :meth:`geo.store.Store.home_requests` returns (``id, code, status,
recorded_at`` in naive UTC…). A request's age is counted in whole calendar days, in Vietnam
time, from the day it was recorded to ``today`` (recorded today: 0 days; recorded at 20:00 UTC,
03:00 the next morning in Vietnam, counts from that next day). A request is **overdue** when it
is still open and its age is *more than* the limit (default :data:`OVERDUE_DAYS`, the setting
``VNEID_REQUEST_OVERDUE_DAYS`` of :class:`geo.config.Settings`): with 14 days, one recorded on
01/03 is overdue from 16/03.

Examples
--------
>>> from datetime import date
>>> rows = pd.DataFrame({"id": [1, 2, 3], "code": ["13291", "13291", "13540"],
...                      "status": ["open", "open", "closed"],
...                      "recorded_at": pd.to_datetime(["2023-03-01 10:00", "2023-03-10 10:00",
...                                                     "2023-03-02 10:00"])})
>>> open_requests_by_commune(rows, date(2023, 3, 16)).to_dict("records")
[{'code': '13291', 'open': 2, 'oldest_days': 15}]
>>> overdue(rows, date(2023, 3, 16))["id"].tolist()
[1]
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from geo.clock import to_vietnam

__all__ = [
    "OVERDUE_DAYS",
    "days_open",
    "open_requests_by_commune",
    "overdue",
    "requests_per_commune",
    "with_ageing",
]

#: Days a request may stay open before it is flagged (the default of the setting).
OVERDUE_DAYS = 14


def _open(requests: pd.DataFrame) -> pd.DataFrame:
    return requests[requests["status"].astype("string").eq("open").fillna(False)]


def days_open(requests: pd.DataFrame, today: date) -> pd.Series:
    """Count the whole calendar days each request has been open on ``today``.

    Parameters
    ----------
    requests : pandas.DataFrame
        Rows with ``recorded_at`` (naive UTC; its calendar day in Vietnam counts).
    today : datetime.date
        The day of the count.

    Returns
    -------
    pandas.Series
        ``Int64`` days (0 when recorded today, never below 0), on the index of ``requests``.

    Examples
    --------
    >>> utc = pd.to_datetime(["2023-03-14 16:50", "2023-03-14 17:10", "2023-03-01 01:00"])
    >>> days_open(pd.DataFrame({"recorded_at": utc}), date(2023, 3, 15)).tolist()
    [1, 0, 14]
    """
    recorded = to_vietnam(pd.to_datetime(requests["recorded_at"])).dt.normalize()
    days = (pd.Timestamp(today) - recorded).dt.days
    return days.clip(lower=0).astype("Int64")


def with_ageing(
    requests: pd.DataFrame, today: date, limit_days: int = OVERDUE_DAYS
) -> pd.DataFrame:
    """Add ``days_open`` and ``overdue`` to the requests (for the page's table).

    Parameters
    ----------
    requests : pandas.DataFrame
        Rows with ``status`` and ``recorded_at``.
    today : datetime.date
        The day of the count.
    limit_days : int, default :data:`OVERDUE_DAYS`
        Days an open request may wait before it is flagged.

    Returns
    -------
    pandas.DataFrame
        A copy with ``days_open`` (``Int64``) and ``overdue`` (bool: open and older than the
        limit; a closed request is never overdue).

    Examples
    --------
    >>> rows = pd.DataFrame({"status": ["open", "closed"],
    ...                      "recorded_at": pd.to_datetime(["2023-03-01 02:00"] * 2)})
    >>> with_ageing(rows, date(2023, 3, 16))[["days_open", "overdue"]].values.tolist()
    [[15, True], [15, False]]
    """
    out = requests.copy()
    out["days_open"] = days_open(out, today)
    is_open = out["status"].astype("string").eq("open").fillna(False).astype(bool)
    out["overdue"] = is_open & out["days_open"].gt(int(limit_days)).fillna(False).astype(bool)
    return out


def open_requests_by_commune(requests: pd.DataFrame, today: date) -> pd.DataFrame:
    """Count the open requests of each commune and the age of the oldest.

    Parameters
    ----------
    requests : pandas.DataFrame
        Rows with ``code, status, recorded_at``.
    today : datetime.date
        The day of the count.

    Returns
    -------
    pandas.DataFrame
        ``code`` (str), ``open`` (int), ``oldest_days`` (int): one row per commune with at
        least one open request, by code. No personal data.

    Examples
    --------
    >>> empty = pd.DataFrame(columns=["code", "status", "recorded_at"])
    >>> open_requests_by_commune(empty, date(2023, 3, 16)).columns.tolist()
    ['code', 'open', 'oldest_days']
    """
    rows = _open(requests)
    if rows.empty:
        return pd.DataFrame(
            {
                "code": pd.Series(dtype=str),
                "open": pd.Series(dtype="int64"),
                "oldest_days": pd.Series(dtype="int64"),
            }
        )
    frame = pd.DataFrame(
        {"code": rows["code"].astype(str), "days": days_open(rows, today).astype("int64")}
    )
    out = frame.groupby("code", sort=True).agg(open=("days", "size"), oldest_days=("days", "max"))
    return out.reset_index().astype({"open": "int64", "oldest_days": "int64"})


def overdue(requests: pd.DataFrame, today: date, limit_days: int = OVERDUE_DAYS) -> pd.DataFrame:
    """Return the open requests older than the limit, oldest first.

    Parameters
    ----------
    requests : pandas.DataFrame
        Rows with ``status`` and ``recorded_at`` (and whatever else they hold).
    today : datetime.date
        The day of the count.
    limit_days : int, default :data:`OVERDUE_DAYS`
        Days an open request may wait.

    Returns
    -------
    pandas.DataFrame
        Those rows, with ``days_open``, by age (oldest first), then their original order.

    Examples
    --------
    >>> utc = pd.to_datetime(["2023-03-02 02:00", "2023-03-01 02:00"])
    >>> rows = pd.DataFrame({"id": [1, 2], "status": ["open", "open"], "recorded_at": utc})
    >>> overdue(rows, date(2023, 3, 16), limit_days=13)["id"].tolist()
    [2, 1]
    """
    aged = with_ageing(requests, today, limit_days)
    late = aged[aged["overdue"]].drop(columns="overdue")
    return late.sort_values("days_open", ascending=False, kind="stable")


def requests_per_commune(
    requests: pd.DataFrame, today: date, limit_days: int = OVERDUE_DAYS
) -> pd.DataFrame:
    """Count each commune's open requests and how many of them are overdue.

    Parameters
    ----------
    requests : pandas.DataFrame
        Rows with ``code, status, recorded_at`` (the store's rows; nothing else is kept).
    today : datetime.date
        The day of the count.
    limit_days : int, default :data:`OVERDUE_DAYS`
        Days an open request may wait.

    Returns
    -------
    pandas.DataFrame
        ``code, open, overdue, oldest_days``: one row per commune with an open request, by
        code (the meeting pack's line, :func:`geo.outputs.reports.requests.requests_line`).

    Examples
    --------
    >>> utc = pd.to_datetime(["2023-03-01 02:00", "2023-03-12 02:00", "2023-03-15 02:00"])
    >>> rows = pd.DataFrame({"code": ["13291", "13291", "13540"], "status": ["open"] * 3,
    ...     "recorded_at": utc})
    >>> requests_per_commune(rows, date(2023, 3, 16)).values.tolist()
    [['13291', 2, 1, 15], ['13540', 1, 0, 1]]
    """
    counts = open_requests_by_commune(requests, today)
    late = overdue(requests, today, limit_days)
    per_code = late["code"].astype(str).value_counts() if len(late) else pd.Series(dtype="int64")
    late_counts = counts["code"].map(per_code).fillna(0).astype("int64")
    return counts.assign(overdue=late_counts)[["code", "open", "overdue", "oldest_days"]]
