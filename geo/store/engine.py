"""Engine creation: SQLite files and memory databases, or any other SQLAlchemy URL.

SQLite connections run with a WAL journal, a 10 s busy timeout, foreign keys on and a page cache
of 16 MiB instead of SQLite's 2 MiB (the ``PRAGMA`` statements run in a connect hook, for SQLite
only): an import of 100,000 visits keeps the pages of the visit table's indexes in memory and
stores its rows in about two thirds of the time (``bench/bench_import.py``). Other backends
(PostgreSQL with ``postgresql+psycopg://``) get a pool that checks connections before use.

Examples
--------
>>> engine = make_engine("sqlite://")
>>> with engine.connect() as conn:
...     conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
1
>>> safe_url("postgresql+psycopg://an:secret@db/vneid")
'postgresql+psycopg://an:***@db/vneid'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import StaticPool

__all__ = ["make_engine", "safe_url"]

_BUSY_TIMEOUT_S = 10
#: Page cache of each SQLite connection, in KiB (SQLite's default is 2 MiB; memory is taken only
#: as pages are read, at most this much per pooled connection).
_CACHE_KIB = 16 * 1024


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """Set the journal mode, busy timeout, foreign keys and page cache of a SQLite connection."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_S * 1000}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
    cur.close()


def _is_memory(database: str) -> bool:
    """Tell whether a SQLite database name means an in-memory database.

    Returns
    -------
    bool
        ``True`` for ``""``, ``":memory:"`` and ``file::memory:`` URIs.
    """
    return database in ("", ":memory:") or database.startswith("file::memory:")


def make_engine(url: str) -> Engine:
    """Create the engine of a store URL.

    Parameters
    ----------
    url : str
        ``sqlite:///path/to/file.db`` (the parent folder is created), ``sqlite://`` (in memory,
        one connection shared by every thread) or another SQLAlchemy URL.

    Returns
    -------
    sqlalchemy.engine.Engine
        The engine; SQLite connections get the WAL / busy-timeout / foreign-key / cache pragmas.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = parsed.database or ""
    if _is_memory(database):
        engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": _BUSY_TIMEOUT_S}
        )
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def safe_url(url: str) -> str:
    """Render a URL with its password hidden.

    Parameters
    ----------
    url : str
        SQLAlchemy URL.

    Returns
    -------
    str
        The URL with ``***`` in place of a password.
    """
    return make_url(url).render_as_string(hide_password=True)
