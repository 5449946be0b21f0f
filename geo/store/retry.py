"""Writes that meet another writer: SQLite's "database is locked", unique rows, deadlocks.

:func:`retrying` runs a whole write transaction again after a back-off while SQLite says the
database is locked; :func:`is_conflict` tells an import that a row it wrote was committed by
another import meanwhile (or that two imports deadlocked), so it can run again and leave the row
out (:func:`geo.store.imports.import_result`).

Examples
--------
>>> from sqlalchemy import create_engine
>>> retrying(create_engine("sqlite://"), lambda: 42)
42
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

__all__ = [
    "CONFLICT_RETRIES",
    "LOCK_BACKOFF_MAX_S",
    "LOCK_BACKOFF_S",
    "LOCK_RETRIES",
    "is_conflict",
    "is_locked",
    "retrying",
]

T = TypeVar("T")

#: Attempts of a write that SQLite reports as "database is locked", and the back-off between
#: them (doubling from :data:`LOCK_BACKOFF_S`, at most :data:`LOCK_BACKOFF_MAX_S`, with jitter).
LOCK_RETRIES = 8
LOCK_BACKOFF_S = 0.1
LOCK_BACKOFF_MAX_S = 3.0
#: Attempts of an import that met a row (or file) another import committed meanwhile.
CONFLICT_RETRIES = 5


def is_locked(engine: Engine, exc: OperationalError) -> bool:
    """Tell whether ``exc`` is SQLite's "database is locked" (another writer held the lock).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The engine the write ran on.
    exc : sqlalchemy.exc.OperationalError
        What the write raised.

    Returns
    -------
    bool
        ``True`` on SQLite for "database is locked" / "database table is locked".
    """
    return engine.dialect.name == "sqlite" and "is locked" in str(exc.orig)


def retrying(engine: Engine, write: Callable[[], T]) -> T:
    """Run a write transaction, again after a back-off while SQLite says "database is locked".

    The engine's busy timeout already waits for the lock; this covers writers that wait longer
    (many large imports at once). Each attempt is a whole new transaction, so a retry never
    sees a half-done earlier attempt. Other errors, and every error on other backends, are
    raised at once.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    write : callable
        Opens, runs and commits one transaction.

    Returns
    -------
    object
        What ``write`` returned.

    Raises
    ------
    sqlalchemy.exc.OperationalError
        Still locked after :data:`LOCK_RETRIES` attempts, or another operational error.

    Examples
    --------
    >>> from sqlalchemy import create_engine
    >>> retrying(create_engine("sqlite://"), lambda: 42)
    42
    """
    for attempt in range(LOCK_RETRIES):
        try:
            return write()
        except OperationalError as exc:
            if not is_locked(engine, exc) or attempt == LOCK_RETRIES - 1:
                raise
            delay = min(LOCK_BACKOFF_MAX_S, LOCK_BACKOFF_S * 2**attempt)
            time.sleep(delay * (0.5 + random.random()))
    raise AssertionError("unreachable")  # pragma: no cover


def is_conflict(exc: DBAPIError) -> bool:
    """Tell whether ``exc`` is a unique index refusing a row, or a deadlock between two writers.

    Parameters
    ----------
    exc : sqlalchemy.exc.DBAPIError
        What the write raised.

    Returns
    -------
    bool
        PostgreSQL ``23505`` / ``40P01``; SQLite ``UNIQUE constraint failed``.
    """
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in ("23505", "40P01"):
        return True
    if getattr(orig, "sqlite_errorname", "") == "SQLITE_CONSTRAINT_UNIQUE":
        return True
    return "UNIQUE constraint failed" in str(orig)
