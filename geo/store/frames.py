"""Row conversion: DataFrames to DB-API rows on the way in, ``pandas.read_sql`` on the way out.

Writes turn a frame into a list of dicts of plain Python values (``None`` for missing) and insert
them in chunks of :data:`CHUNK_SIZE` rows, one ``executemany`` call each. Reads run a SQLAlchemy
query through ``pandas.read_sql`` on the caller's connection and then fix the dtypes the store
promises (nullable ``Int64`` counts, ``float64`` coordinates, ``datetime64[ns]`` dates), which
do not depend on whether a column happens to hold a missing value.

Examples
--------
>>> df = pd.DataFrame({"n": pd.array([3, None], dtype="Int64"), "x": [0.5, float("nan")]})
>>> records(df, {"n": "int", "x": "float", "note": "str"})
[{'n': 3, 'x': 0.5, 'note': None}, {'n': None, 'x': None, 'note': None}]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Table, insert
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.sql import Select

__all__ = ["CHUNK_SIZE", "insert_chunked", "inserted_id", "read_frame", "records"]

#: Rows per ``INSERT`` executemany call; tests may lower it.
CHUNK_SIZE = 5_000


def _py_values(s: pd.Series, kind: str) -> list[Any]:
    """Return column values as plain Python objects for the DB-API driver.

    Returns
    -------
    list
        One value per row, of the Python type of ``kind``; ``None`` for missing values.
    """
    if kind == "date":
        dt = pd.to_datetime(s)
        return list(dt.to_numpy(dtype="datetime64[D]").astype(object))
    if kind == "int":
        num = pd.to_numeric(s, errors="coerce")
        mask = num.isna().to_numpy()
        vals = num.fillna(0).astype("int64").to_numpy().tolist()
        if not mask.any():
            return vals
        return [None if m else v for v, m in zip(vals, mask, strict=True)]
    if kind == "float":
        arr = pd.to_numeric(s, errors="coerce").astype("float64").to_numpy()
        if not np.isnan(arr).any():
            return arr.tolist()
        return [None if np.isnan(v) else v for v in arr.tolist()]
    return s.astype(object).where(s.notna(), None).tolist()


def records(
    df: pd.DataFrame, spec: dict[str, str], extra: dict[str, list[Any]] | None = None
) -> list[dict[str, Any]]:
    """Turn a frame into DB-API rows keyed like ``spec``.

    Parameters
    ----------
    df : pandas.DataFrame
        Rows to write; a column of ``spec`` that ``df`` lacks is written as ``None``.
    spec : dict of str to str
        Column name -> value kind: ``"date"``, ``"int"``, ``"float"``, or anything else for
        objects as they are (strings, booleans).
    extra : dict of str to list, optional
        Ready-made columns (lists of Python values, one per row).

    Returns
    -------
    list of dict
        One dict per row, missing values as ``None``; empty for an empty ``df``.
    """
    if df.empty:
        return []
    cols = [_py_values(df[c], k) if c in df else [None] * len(df) for c, k in spec.items()]
    keys = list(spec)
    for key, values in (extra or {}).items():
        keys.append(key)
        cols.append(values)
    return [dict(zip(keys, vals, strict=True)) for vals in zip(*cols, strict=True)]


def _insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert one chunk with a single executemany call."""
    conn.execute(insert(table), rows)


def insert_chunked(
    conn: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    progress: Callable[[float], None] | None = None,
) -> None:
    """Insert rows in chunks of :data:`CHUNK_SIZE`, inside the caller's transaction.

    Parameters
    ----------
    conn : sqlalchemy.engine.Connection
        Connection of the open transaction.
    table : sqlalchemy.Table
        Table to insert into.
    rows : list of dict
        Rows as built by :func:`records`.
    progress : callable, optional
        Called with the fraction written, in ``(0, 1]``, after each chunk.
    """
    total = len(rows)
    for start in range(0, total, CHUNK_SIZE):
        _insert_rows(conn, table, rows[start : start + CHUNK_SIZE])
        if progress is not None:
            progress(min(1.0, (start + CHUNK_SIZE) / total))


def inserted_id(result: CursorResult[Any]) -> int:
    """Return the primary key of the row written by a one-row ``INSERT``.

    Parameters
    ----------
    result : sqlalchemy.engine.CursorResult
        Result of ``conn.execute(insert(table).values(...))`` on a table with an integer key.

    Returns
    -------
    int
        The new row's id.

    Raises
    ------
    ValueError
        ``result`` is not the result of a one-row insert.
    """
    key = result.inserted_primary_key
    if key is None:
        raise ValueError("not the result of a one-row INSERT")
    return int(key[0])


def read_frame(
    conn: Connection,
    query: Select[Any],
    *,
    ints: Iterable[str] = (),
    floats: Iterable[str] = (),
    datetimes: Iterable[str] = (),
) -> pd.DataFrame:
    """Read a query into a frame with ``pandas.read_sql`` and fix the dtypes of its columns.

    Parameters
    ----------
    conn : sqlalchemy.engine.Connection
        Open connection.
    query : sqlalchemy.sql.Select
        The query; its column labels are the frame's columns.
    ints, floats, datetimes : iterable of str
        Columns made nullable ``Int64``, ``float64`` and ``datetime64[ns]``.

    Returns
    -------
    pandas.DataFrame
        The rows in query order, on a ``RangeIndex``.

    Examples
    --------
    >>> from sqlalchemy import create_engine, literal, select
    >>> with create_engine("sqlite://").connect() as conn:
    ...     df = read_frame(conn, select(literal(1).label("n")), ints=["n"])
    >>> df["n"].dtype
    Int64Dtype()
    """
    df = pd.read_sql(query, conn)
    for c in ints:
        df[c] = pd.to_numeric(df[c]).astype("Int64")
    for c in floats:
        df[c] = pd.to_numeric(df[c]).astype("float64")
    for c in datetimes:
        df[c] = pd.to_datetime(df[c]).astype("datetime64[ns]")
    return df
