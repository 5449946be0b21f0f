"""The change log: audit rows and the store revision, written inside the caller's transaction.

Every write of the store goes through :func:`record_change` (an audit row and a revision bump)
or, when it is not audited, :func:`bump_revision` alone. Both run on the connection of the
write's own transaction, so a write that fails and rolls back leaves neither an audit row nor a
new revision behind, and a committed write is visible together with its new revision to every
process that opens the database.

Where an action came from (the browser's address, ``st.context.ip_address``) is not a parameter
of every write: the UI sets it once per run with :func:`set_origin` (a context variable, one per
session thread, like the language of :mod:`geo.i18n`), and every audit row written in that run
carries it in ``origin``. Rows written before schema version 5, and by the command line, have
none.

The revision is one row of the ``revision`` table (:data:`geo.store.tables.revision`), read with
one primary-key select. It starts at 0 on a new database and goes up by one per write
transaction; reads never change it. An import of a file that is already stored writes an
``import_duplicate`` audit row through :func:`log_event` and leaves the revision alone, since no
page shows anything new.

Examples
--------
>>> from sqlalchemy import create_engine
>>> from geo.store.tables import metadata
>>> engine = create_engine("sqlite://")
>>> metadata.create_all(engine)
>>> with engine.begin() as conn:
...     seed_revision(conn)
>>> with engine.begin() as conn:
...     record_change(conn, lambda: datetime(2023, 3, 14), "an", "update_teams", {"teams": []})
>>> read_revision(engine), audit_log(engine)["action"].tolist()
(1, ['update_teams'])
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine

from geo.i18n import N_, _
from geo.store.frames import read_frame
from geo.store.tables import REVISION_ROW, audit, revision

__all__ = [
    "Clock",
    "audit_log",
    "bump_revision",
    "current_origin",
    "log_event",
    "origin",
    "read_revision",
    "record_change",
    "seed_revision",
    "set_origin",
]

#: A clock returning naive UTC datetimes (:func:`geo.clock.utc_now`, or a fixed one in tests).
Clock = Callable[[], datetime]

_ORIGIN: ContextVar[str | None] = ContextVar("audit_origin", default=None)


def set_origin(value: str | None) -> None:
    """Set where the actions of this thread come from (the UI calls it at every run).

    Parameters
    ----------
    value : str or None
        The browser's address, cut to 64 characters; None when unknown.
    """
    _ORIGIN.set(None if value is None else str(value)[:64])


def current_origin() -> str | None:
    """Return the origin set by :func:`set_origin` in this thread (None when unset).

    Returns
    -------
    str or None
        The address that audit rows written now will carry.
    """
    return _ORIGIN.get()


@contextmanager
def origin(value: str | None) -> Iterator[None]:
    """Write the audit rows of a block with ``value`` as their origin.

    Parameters
    ----------
    value : str or None
        The address.

    Examples
    --------
    >>> with origin("10.0.0.7"):
    ...     current_origin()
    '10.0.0.7'
    >>> current_origin() is None
    True
    """
    token = _ORIGIN.set(value)
    try:
        yield
    finally:
        _ORIGIN.reset(token)


_MISSING_ROW = N_("Cơ sở dữ liệu thiếu dòng số phiên bản dữ liệu (bảng revision).")


def seed_revision(conn: Connection) -> None:
    """Insert the revision row (number 0) unless it exists.

    Parameters
    ----------
    conn : sqlalchemy.engine.Connection
        Connection of the migration's transaction.
    """
    present = conn.execute(select(revision.c.id).where(revision.c.id == REVISION_ROW)).first()
    if present is None:
        conn.execute(insert(revision).values(id=REVISION_ROW, number=0))


def read_revision(engine: Engine) -> int:
    """Return the store revision (one primary-key select).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.

    Returns
    -------
    int
        The number of write transactions committed since the revision row was created.

    Raises
    ------
    RuntimeError
        The revision row is missing.
    """
    with engine.connect() as conn:
        number = conn.execute(
            select(revision.c.number).where(revision.c.id == REVISION_ROW)
        ).scalar()
    if number is None:
        raise RuntimeError(_(_MISSING_ROW))
    return int(number)


def bump_revision(conn: Connection) -> None:
    """Add one to the store revision, inside the caller's transaction.

    Parameters
    ----------
    conn : sqlalchemy.engine.Connection
        Connection of the write's transaction; the bump commits or rolls back with it.

    Raises
    ------
    RuntimeError
        The revision row is missing.
    """
    bumped = conn.execute(
        update(revision).where(revision.c.id == REVISION_ROW).values(number=revision.c.number + 1)
    ).rowcount
    if bumped != 1:
        raise RuntimeError(_(_MISSING_ROW))


def log_event(conn: Connection, now: Clock, user: str, action: str, detail: dict[str, Any]) -> None:
    """Write an audit row without changing the revision (for events that change no data).

    Parameters
    ----------
    conn : sqlalchemy.engine.Connection
        Connection of the open transaction.
    now : callable
        Clock giving the row's ``at``.
    user : str
        Who acted.
    action : str
        What happened (``"import_duplicate"``, ...).
    detail : dict
        Stored as JSON text with sorted keys.
    """
    conn.execute(
        insert(audit).values(
            at=now(),
            user=user,
            action=action,
            detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
            origin=_ORIGIN.get(),
        )
    )


def record_change(
    conn: Connection, now: Clock, user: str, action: str, detail: dict[str, Any]
) -> None:
    """Write the audit row of a change and bump the revision, in the caller's transaction.

    The one call every audited write makes, after its own statements and before its commit.

    Parameters
    ----------
    conn : sqlalchemy.engine.Connection
        Connection of the write's transaction.
    now : callable
        Clock giving the audit row's ``at``.
    user : str
        Who changed the data.
    action : str
        What changed (``"import"``, ``"undo_import"``, ``"update_teams"``, ``"save_plan"``,
        ``"publish_plan"``, ...).
    detail : dict
        Stored as JSON text with sorted keys.
    """
    log_event(conn, now, user, action, detail)
    bump_revision(conn)


def audit_log(
    engine: Engine,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    users: Iterable[str] = (),
    actions: Iterable[str] = (),
) -> pd.DataFrame:
    """Read the audit rows, oldest first, optionally filtered in the database.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    since, until : datetime.datetime, optional
        Keep rows with ``since <= at < until`` (naive UTC).
    users, actions : iterable of str, optional
        Keep rows of these users / actions (all when empty).

    Returns
    -------
    pandas.DataFrame
        ``id, at, user, action, detail, origin`` (``detail`` is JSON text).
    """
    query = select(audit).order_by(audit.c.id)
    if since is not None:
        query = query.where(audit.c.at >= since)
    if until is not None:
        query = query.where(audit.c.at < until)
    if users := sorted(set(users)):
        query = query.where(audit.c.user.in_(users))
    if actions := sorted(set(actions)):
        query = query.where(audit.c.action.in_(actions))
    with engine.connect() as conn:
        return read_frame(conn, query, ints=["id"], datetimes=["at"])
