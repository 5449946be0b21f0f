"""Vector helpers of the metrics: day numbers, nullable integers, fast look-ups.

Private to :mod:`geo.metrics`. Dates are handled as day numbers (``int64`` days since
1970-01-01, :data:`INT_NA` for a missing day) so that every aggregation is a ``bincount``;
codes are looked up once per distinct value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = [
    "INT_NA",
    "as_float",
    "day",
    "days",
    "int_col",
    "isin",
    "lookup",
    "str_values",
    "to_datetime",
]

#: The day number of a missing date.
INT_NA = np.iinfo(np.int64).min
_EPOCH = dt.date(1970, 1, 1).toordinal()


def day(value: object) -> int:
    """Return the days since 1970-01-01 of a date-like scalar (time of day dropped).

    Parameters
    ----------
    value : date-like
        A date, datetime, Timestamp or ISO string.

    Returns
    -------
    int
        The day number.

    Examples
    --------
    >>> day("1970-01-02"), day(pd.Timestamp("2023-02-13 18:30"))
    (1, 19401)
    """
    return pd.Timestamp(value).date().toordinal() - _EPOCH  # type: ignore[arg-type]


def days(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Return the day numbers (int64) of a date column and its validity mask (NaT -> False).

    Parameters
    ----------
    values : Series
        A date column (``NaT`` / ``None`` for missing).

    Returns
    -------
    tuple of numpy.ndarray
        Day numbers (:data:`INT_NA` where missing) and the mask.

    Examples
    --------
    >>> d, ok = days(pd.Series(pd.to_datetime(["1970-01-03", None])))
    >>> d[0], ok.tolist()
    (np.int64(2), [True, False])
    """
    arr = pd.to_datetime(values).to_numpy()
    if arr.dtype.kind != "M":  # pragma: no cover - to_datetime always gives datetime64
        arr = arr.astype("datetime64[ns]")
    valid = ~np.isnat(arr)
    out = arr.astype("datetime64[D]").astype(np.int64)
    out[~valid] = INT_NA
    return out, valid


def to_datetime(day_numbers: np.ndarray, valid: np.ndarray) -> pd.Series:
    """Return day numbers as a ``datetime64[ns]`` Series, NaT where not ``valid``.

    Parameters
    ----------
    day_numbers : numpy.ndarray
        Days since 1970-01-01.
    valid : numpy.ndarray
        ``bool``, False where the day is missing.

    Returns
    -------
    Series
        Midnight of each day.

    Examples
    --------
    >>> to_datetime(np.array([1, 0]), np.array([True, False])).tolist()
    [Timestamp('1970-01-02 00:00:00'), NaT]
    """
    out = day_numbers.astype("datetime64[D]").astype("datetime64[ns]")
    out[~valid] = np.datetime64("NaT")
    return pd.Series(out)


def as_float(values: pd.Series | None, n: int) -> np.ndarray:
    """Return a float array with NaN for missing values and numbers that do not parse.

    ``values=None`` (a column that is not there) gives ``n`` NaN.

    Parameters
    ----------
    values : Series or None
        A number column, or None when the column is missing.
    n : int
        Length of the result when ``values`` is None.

    Returns
    -------
    numpy.ndarray
        ``float64``.

    Examples
    --------
    >>> as_float(pd.Series([1, None, "x"]), 3).tolist(), as_float(None, 2).tolist()
    ([1.0, nan, nan], [nan, nan])
    """
    if values is None:
        return np.full(n, np.nan)
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def int_col(values: np.ndarray) -> pd.Series:
    """Return floats as a nullable ``Int64`` Series (rounded; NaN -> ``<NA>``).

    Parameters
    ----------
    values : numpy.ndarray
        Floats, NaN for missing.

    Returns
    -------
    Series
        ``Int64``.

    Examples
    --------
    >>> int_col(np.array([2.0, np.nan])).tolist()
    [2, <NA>]
    """
    return pd.Series(np.round(values)).astype("Int64")


def str_values(values: pd.Series) -> pd.Series:
    """Return a code column as strings (string and object columns are kept as they are).

    Parameters
    ----------
    values : Series
        Codes.

    Returns
    -------
    Series
        ``values`` itself, or its ``str`` conversion.

    Examples
    --------
    >>> str_values(pd.Series([13291])).tolist()
    ['13291']
    """
    if pd.api.types.is_string_dtype(values) or values.dtype == object:
        return values
    return values.astype(str)


def lookup(values: pd.Series, index: pd.Index) -> np.ndarray:
    """Return the position of each value in ``index`` (-1 when absent or missing).

    Factorises first and looks up only the distinct values: much faster than
    ``index.get_indexer`` on a million (Arrow-backed) strings.

    Parameters
    ----------
    values : Series
        The values to look up (codes, names).
    index : Index
        Where to look them up.

    Returns
    -------
    numpy.ndarray
        ``int64`` positions.

    Examples
    --------
    >>> lookup(pd.Series(["b", None, "z", "b"]), pd.Index(["a", "b"])).tolist()
    [1, -1, -1, 1]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) == 0:
        return np.full(len(values), -1, dtype=np.int64)
    pos = index.get_indexer(pd.Index(uniques))
    return np.where(codes >= 0, pos[codes], -1).astype(np.int64)


def isin(values: pd.Series, allowed: Iterable[str]) -> np.ndarray:
    """Return ``values.isin(allowed)`` as a numpy bool array (missing -> False).

    Parameters
    ----------
    values : Series
        The values to test.
    allowed : iterable of str
        The values that pass.

    Returns
    -------
    numpy.ndarray
        ``bool``.

    Examples
    --------
    >>> isin(pd.Series(["Tổ 1", None, "Tổ 2"]), ["Tổ 2"]).tolist()
    [False, False, True]
    """
    return lookup(values, pd.Index(list(allowed))) >= 0
