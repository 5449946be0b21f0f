"""The change log: audit rows and the store revision, written inside the caller's transaction.

Every write of the store goes through :func:`record_change` (an audit row and a revision bump)
or, when it is not audited, :func:`bump_revision` alone. Both run on the connection of the
write's own transaction, so a write that fails and rolls back leaves neither an audit row nor a
new revision behind, and a committed write is visible together with its new revision to every
process that opens the database.

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
from collections.abc import Callable
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
    "log_event",
    "read_revision",
    "record_change",
    "seed_revision",
]

#: A clock returning naive UTC datetimes (:func:`geo.clock.utc_now`, or a fixed one in tests).
Clock = Callable[[], datetime]

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


def audit_log(engine: Engine) -> pd.DataFrame:
    """Read the audit rows, oldest first.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.

    Returns
    -------
    pandas.DataFrame
        ``id, at, user, action, detail`` (``detail`` is JSON text).
    """
    with engine.connect() as conn:
        return read_frame(conn, select(audit).order_by(audit.c.id), ints=["id"], datetimes=["at"])
