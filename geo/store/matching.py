"""Rows of a file that the store already holds, found by their fingerprint.

Every stored visit and target carries its row's fingerprint (:mod:`geo.ingest.fingerprint`,
unique per table since schema 7); these lookups send a file's fingerprints in chunks of
:data:`CHUNK`: 30,000, under both SQLite's limit on bound parameters (32,766 since SQLite 3.32;
999 before, where the chunk is 900) and PostgreSQL's (65,535).

Examples
--------
>>> from datetime import datetime
>>> from geo.store.engine import make_engine
>>> from geo.store.migrations import migrate
>>> engine = make_engine("sqlite://")
>>> migrate(engine, lambda: datetime(2023, 3, 14))
>>> with engine.connect() as conn:
...     stored_fingerprints(conn, "visits", ["0" * 32]), holding_batches(conn, "targets", [])
(set(), [])
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import Table, select
from sqlalchemy.engine import Connection, Engine

from geo.ingest.fingerprint import fingerprints
from geo.store.frames import placeholders
from geo.store.tables import import_batch, target, visit

if TYPE_CHECKING:
    from geo.ingest import IngestResult

__all__ = [
    "CHUNK",
    "MATCH_COLUMNS",
    "accepted_rows",
    "holding_batches",
    "matching_rows",
    "stored_fingerprints",
]

#: Fingerprints per query.
CHUNK = 30_000 if sqlite3.sqlite_version_info >= (3, 32) else 900
#: Columns of :func:`matching_rows`.
MATCH_COLUMNS = ["source_row", "batch_id", "file_name", "at"]


def table_of(kind: str) -> Table:
    """Return the table of a kind of file.

    Returns
    -------
    sqlalchemy.Table
        ``visit`` for ``"visits"``, else ``target``.
    """
    return visit if kind == "visits" else target


def _chunks(values: Sequence[str]) -> Iterator[list[str]]:
    """Cut ``values`` (distinct, sorted) into lists of at most :data:`CHUNK`."""
    distinct = sorted(set(values))
    for start in range(0, len(distinct), CHUNK):
        yield distinct[start : start + CHUNK]


def stored_fingerprints(conn: Connection, kind: str, fps: Sequence[str]) -> set[str]:
    """Tell which of ``fps`` the store holds already.

    Parameters
    ----------
    conn : sqlalchemy.engine.Connection
        Open connection (inside an import's transaction, the answer holds until it commits).
    kind : str
        ``"visits"`` or ``"targets"``.
    fps : sequence of str
        Fingerprints (repeats allowed).

    Returns
    -------
    set of str
        The stored ones.
    """
    found: set[str] = set()
    for chunk in _chunks(fps):
        found.update(v for (v,) in _lookup(conn, kind, "fingerprint", chunk))
    return found


def holding_batches(conn: Connection, kind: str, fps: Sequence[str]) -> list[int]:
    """List the batches holding any of ``fps`` (every stored row is of an active batch).

    Parameters
    ----------
    conn : sqlalchemy.engine.Connection
        Open connection.
    kind : str
        ``"visits"`` or ``"targets"``.
    fps : sequence of str
        Fingerprints.

    Returns
    -------
    list of int
        Batch ids, ascending (the first is the earliest).
    """
    found: set[int] = set()
    for chunk in _chunks(fps):
        found.update(int(b) for (b,) in _lookup(conn, kind, "import_id", chunk, distinct=True))
    return sorted(found)


def _lookup(
    conn: Connection, kind: str, column: str, chunk: list[str], *, distinct: bool = False
) -> list[tuple[Any, ...]]:
    """Select ``column`` of the rows whose fingerprint is in ``chunk``, at the driver level.

    A statement with thousands of parameters is written once here rather than compiled by
    SQLAlchemy (whose expanding ``IN`` costs more than the query).

    Returns
    -------
    list of tuple
        One ``(value,)`` per row found.
    """
    table = table_of(kind)
    prep = conn.dialect.identifier_preparer
    sql = (
        f"SELECT {'DISTINCT ' if distinct else ''}{prep.quote(column)} "
        f"FROM {prep.format_table(table)} "
        f"WHERE fingerprint IN ({placeholders(conn, len(chunk))})"
    )
    return list(conn.exec_driver_sql(sql, tuple(chunk)).fetchall())


def accepted_rows(result: IngestResult) -> pd.DataFrame:
    """Return the rows of ``result`` an import writes (none when the file has a file error).

    Parameters
    ----------
    result : geo.ingest.IngestResult
        The reader's result.

    Returns
    -------
    pandas.DataFrame
        ``result.accepted``, or its first zero rows.
    """
    return result.accepted if not result.file_errors else result.accepted.iloc[0:0]


def matching_rows(engine: Engine, result: IngestResult) -> pd.DataFrame:
    """Find the accepted rows of a file that an earlier batch holds (the same content).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    result : geo.ingest.IngestResult
        The reader's result (``kind``, ``accepted`` with ``source_row``).

    Returns
    -------
    pandas.DataFrame
        :data:`MATCH_COLUMNS`, one line per matching row by ``source_row``: the row of the file
        (``int64``), the batch holding it (``int64``), that batch's file name and import time.
    """
    accepted = accepted_rows(result)
    empty = pd.DataFrame(
        {
            "source_row": pd.Series(dtype="int64"),
            "batch_id": pd.Series(dtype="int64"),
            "file_name": pd.Series(dtype=object),
            "at": pd.Series(dtype="datetime64[ns]"),
        }
    )
    if accepted.empty:
        return empty
    fps = fingerprints(accepted, result.kind)
    table = table_of(result.kind)
    found: list[tuple[str, int, str, object]] = []
    with engine.connect() as conn:
        for chunk in _chunks(fps.tolist()):
            q = (
                select(
                    table.c.fingerprint,
                    table.c.import_id,
                    import_batch.c.file_name,
                    import_batch.c.at,
                )
                .join(import_batch, table.c.import_id == import_batch.c.id)
                .where(table.c.fingerprint.in_(chunk))
            )
            found.extend(tuple(r) for r in conn.execute(q))
    if not found:
        return empty
    stored = pd.DataFrame(found, columns=["fingerprint", "batch_id", "file_name", "at"])
    rows = pd.DataFrame(
        {"source_row": accepted["source_row"].to_numpy(), "fingerprint": fps.to_numpy()}
    )
    out = rows.merge(stored, on="fingerprint").sort_values("source_row", kind="stable")
    out = out[MATCH_COLUMNS].reset_index(drop=True)
    out["source_row"] = out["source_row"].astype("int64")
    out["batch_id"] = out["batch_id"].astype("int64")
    out["at"] = pd.to_datetime(out["at"]).astype("datetime64[ns]")
    return out
