"""Row conversion: DataFrames to DB-API rows on the way in, ``pandas.read_sql`` on the way out.

Writes turn a frame into plain Python values (``None`` for missing), as tuples
(:func:`row_tuples`) or dicts (:func:`records`), and insert them in chunks of :data:`CHUNK_SIZE`
rows, one driver-level ``executemany`` call each (the dialect's paramstyle and quoting, the
columns' bind processors, the caller's transaction). Reads run a SQLAlchemy
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
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Date, DateTime, Table
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.sql import Select

__all__ = [
    "CHUNK_SIZE",
    "RowTuples",
    "insert_chunked",
    "insert_sql",
    "inserted_id",
    "placeholders",
    "read_frame",
    "records",
    "row_tuples",
]

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


@dataclass(frozen=True)
class RowTuples:
    """Rows to insert, held column by column, the column names once.

    Attributes
    ----------
    columns : list of str
        Column names.
    by_column : list of list
        One list of plain Python values per column (``None`` for missing), all of one length.

    Examples
    --------
    >>> block = row_tuples(pd.DataFrame({"n": [1, 2]}), {"n": "int"}, {"batch": [7, 7]})
    >>> block.columns, block.rows, len(block)
    (['n', 'batch'], [(1, 7), (2, 7)], 2)
    >>> RowTuples.from_rows(["n", "batch"], [(1, 7)]).by_column
    [[1], [7]]
    """

    columns: list[str]
    by_column: list[list[Any]]

    @classmethod
    def from_rows(cls, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> RowTuples:
        """Hold ``rows`` (tuples in the order of ``columns``) column by column.

        Parameters
        ----------
        columns : list of str
            Column names.
        rows : iterable of tuple
            One tuple per row.

        Returns
        -------
        RowTuples
            The same values.
        """
        by_column = [list(c) for c in zip(*rows, strict=True)]
        return cls(columns, by_column or [[] for _ in columns])

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        """Return one tuple per row, in the order of :attr:`columns`."""
        return list(zip(*self.by_column, strict=True))

    def __len__(self) -> int:
        """Return the number of rows."""
        return len(self.by_column[0]) if self.by_column else 0


def row_tuples(
    df: pd.DataFrame, spec: dict[str, str], extra: dict[str, list[Any]] | None = None
) -> RowTuples:
    """Turn a frame into tuples for a driver-level insert, the columns like ``spec``.

    The same values as :func:`records`, without a dictionary per row.

    Parameters
    ----------
    df : pandas.DataFrame
        Rows to write; a column of ``spec`` that ``df`` lacks is written as ``None``.
    spec : dict of str to str
        Column name -> value kind (see :func:`records`).
    extra : dict of str to list, optional
        Ready-made columns (lists of Python values, one per row).

    Returns
    -------
    RowTuples
        ``spec``'s columns then ``extra``'s; no row for an empty ``df``.
    """
    keys = [*spec, *(extra or {})]
    if df.empty:
        return RowTuples(keys, [[] for _ in keys])
    cols = [_py_values(df[c], k) if c in df else [None] * len(df) for c, k in spec.items()]
    cols.extend(list(v) for v in (extra or {}).values())
    return RowTuples(keys, cols)


# A placeholder of each positional paramstyle (PEP 249); "named" styles take dicts instead.
_MARKS: dict[str, Callable[[int], str]] = {
    "qmark": lambda _i: "?",
    "format": lambda _i: "%s",
    "pyformat": lambda _i: "%s",
    "numeric": lambda i: f":{i + 1}",
    "numeric_dollar": lambda i: f"${i + 1}",
}


def insert_sql(
    conn: Connection, table: Table, columns: list[str], skip_conflicts_on: str | None = None
) -> str:
    """Write the driver-level ``INSERT`` of ``columns`` for the connection's dialect.

    Names are quoted by the dialect's identifier preparer (``"end"`` and ``"user"`` are reserved
    words); placeholders follow the driver's positional paramstyle. With ``skip_conflicts_on``,
    a row whose value of that uniquely indexed column is stored already is left out
    (``ON CONFLICT (column) DO NOTHING``, which SQLite and PostgreSQL both read); any other
    constraint still fails the statement.

    Parameters
    ----------
    conn : sqlalchemy.engine.Connection
        Connection whose dialect is used.
    table : sqlalchemy.Table
        Table to insert into.
    columns : list of str
        Columns given, in the order of each row's values.
    skip_conflicts_on : str, optional
        A column with a unique index: rows repeating a stored value are skipped.

    Returns
    -------
    str
        The statement, for ``conn.exec_driver_sql(sql, list_of_tuples)``.

    Raises
    ------
    ValueError
        The driver has a named paramstyle (its rows would have to be dicts).

    Examples
    --------
    >>> from sqlalchemy import Column, Integer, MetaData, String, create_engine
    >>> t = Table("visit", MetaData(), Column("end", String), Column("n", Integer))
    >>> with create_engine("sqlite://").connect() as conn:
    ...     print(insert_sql(conn, t, ["end", "n"]))
    ...     print(insert_sql(conn, t, ["end", "n"], skip_conflicts_on="n"))
    INSERT INTO visit ("end", n) VALUES (?, ?)
    INSERT INTO visit ("end", n) VALUES (?, ?) ON CONFLICT (n) DO NOTHING
    """
    prep = conn.dialect.identifier_preparer
    names = ", ".join(prep.quote(c) for c in columns)
    marks = placeholders(conn, len(columns))
    sql = f"INSERT INTO {prep.format_table(table)} ({names}) VALUES ({marks})"
    if skip_conflicts_on is not None:
        sql += f" ON CONFLICT ({prep.quote(skip_conflicts_on)}) DO NOTHING"
    return sql


# The values as the driver takes them: SQLAlchemy's bind processor of each column's type
# (SQLite stores dates as ISO text), applied column by column.
def _bound(conn: Connection, table: Table, block: RowTuples) -> list[tuple[Any, ...]]:
    dialect = conn.dialect
    types = [table.c[c].type for c in block.columns]
    procs = [t.dialect_impl(dialect).bind_processor(dialect) for t in types]
    if not any(procs) or not len(block):
        return block.rows
    cols = [
        col if proc is None else _processed(col, proc, isinstance(t, Date | DateTime))
        for col, proc, t in zip(block.by_column, procs, types, strict=True)
    ]
    return list(zip(*cols, strict=True))


# A column through a bind processor: once per distinct value for dates (a few hundred in a
# file, and formatting one is slow), value by value otherwise (coordinates are nearly all
# distinct, and a number's processor is quick).
def _processed(col: list[Any], proc: Callable[[Any], Any], distinct: bool) -> list[Any]:
    if not distinct:
        return [None if v is None else proc(v) for v in col]
    try:
        done = {v: proc(v) for v in set(col) if v is not None}
    except TypeError:  # an unhashable value
        return [None if v is None else proc(v) for v in col]
    done[None] = None
    return [done[v] for v in col]


def placeholders(conn: Connection, n: int) -> str:
    """Write ``n`` positional parameter marks of the connection's driver, comma-separated.

    Parameters
    ----------
    conn : sqlalchemy.engine.Connection
        An open connection.
    n : int
        How many.

    Returns
    -------
    str
        ``?, ?, ?`` for SQLite, ``%s, %s, %s`` for psycopg.

    Raises
    ------
    ValueError
        For a driver that takes named parameters only.

    Examples
    --------
    >>> from sqlalchemy import create_engine
    >>> with create_engine("sqlite://").connect() as conn:
    ...     placeholders(conn, 3)
    '?, ?, ?'
    """
    style = conn.dialect.paramstyle
    if style not in _MARKS:
        raise ValueError(f"paramstyle {style!r} takes named parameters")
    return ", ".join(_MARKS[style](i) for i in range(n))


def _insert_rows(conn: Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """Insert one chunk with a single driver-level executemany call."""
    conn.exec_driver_sql(sql, rows)


def insert_chunked(
    conn: Connection,
    table: Table,
    rows: list[dict[str, Any]] | RowTuples,
    progress: Callable[[float], None] | None = None,
    *,
    skip_conflicts_on: str | None = None,
) -> None:
    """Insert rows in chunks of :data:`CHUNK_SIZE`, inside the caller's transaction.

    Each chunk is one driver-level ``executemany`` (:func:`insert_sql`), not SQLAlchemy's
    per-row dictionaries.

    Parameters
    ----------
    conn : sqlalchemy.engine.Connection
        Connection of the open transaction.
    table : sqlalchemy.Table
        Table to insert into.
    rows : list of dict or RowTuples
        Rows as built by :func:`records` (every dict with the same keys) or
        :func:`row_tuples`.
    progress : callable, optional
        Called with the fraction written, in ``(0, 1]``, after each chunk.
    skip_conflicts_on : str, optional
        A uniquely indexed column: the rows repeating a value stored already (or given earlier)
        are left out (see :func:`insert_sql`).

    Examples
    --------
    >>> from sqlalchemy import Column, Integer, MetaData, create_engine, func, select
    >>> t = Table("t", MetaData(), Column("n", Integer))
    >>> engine = create_engine("sqlite://")
    >>> t.metadata.create_all(engine)
    >>> with engine.begin() as conn:
    ...     insert_chunked(conn, t, row_tuples(pd.DataFrame({"n": [1, 2, 3]}), {"n": "int"}))
    ...     conn.execute(select(func.sum(t.c.n))).scalar()
    6
    """
    if not isinstance(rows, RowTuples):
        keys = list(rows[0]) if rows else []
        get = itemgetter(*keys) if len(keys) > 1 else lambda r: (r[keys[0]],)
        rows = RowTuples.from_rows(keys, map(get, rows))
    total = len(rows)
    if not total:
        return
    sql = insert_sql(conn, table, rows.columns, skip_conflicts_on)
    values = _bound(conn, table, rows)
    for start in range(0, total, CHUNK_SIZE):
        _insert_rows(conn, sql, values[start : start + CHUNK_SIZE])
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
