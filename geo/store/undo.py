"""Undo of an import batch, in steps run inside the caller's transaction.

:func:`undo_import` runs :func:`remove_batch_rows` then :func:`finish_undo` in one
transaction; an import with ``on_match="replace"`` runs the first
for each batch it replaces, inserts its own rows, then the second, so the teams the replaced
batches created and the new file still names are kept (and pass to the new batch).

Examples
--------
>>> from datetime import datetime
>>> from geo.store.engine import make_engine
>>> from geo.store.migrations import migrate
>>> engine = make_engine("sqlite://")
>>> migrate(engine, lambda: datetime(2023, 3, 14))
>>> with engine.begin() as conn:
...     remove_batch_rows(conn, lambda: datetime(2023, 3, 14), 7, "an") is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection, Engine

from geo.i18n import _
from geo.store.audit import Clock, log_event, record_change
from geo.store.retry import retrying
from geo.store.tables import import_batch, target, team, visit
from geo.store.teams import remove_created_teams

__all__ = ["RemovedRows", "finish_undo", "remove_batch_rows", "undo_import"]


@dataclass(frozen=True)
class RemovedRows:
    """A batch just marked undone, its rows deleted (:func:`remove_batch_rows`).

    Attributes
    ----------
    batch_id : int
        The batch.
    kind : str
        ``"visits"`` or ``"targets"``.
    file_name : str
        Its file's name.
    removed : int
        Visit or target rows deleted.
    """

    batch_id: int
    kind: str
    file_name: str
    removed: int


def remove_batch_rows(conn: Connection, now: Clock, batch_id: int, user: str) -> RemovedRows | None:
    """Mark a batch undone and delete its rows, unless it is missing or undone already.

    The mark is a conditional ``UPDATE ... WHERE undone_at IS NULL``: of two transactions undoing
    the same batch at once, one marks it and the other gets ``None``.

    Parameters
    ----------
    conn : sqlalchemy.engine.Connection
        Connection of the undo's (or the replacing import's) transaction.
    now : callable
        Clock of ``undone_at``.
    batch_id : int
        The batch.
    user : str
        Who undoes (``undone_by``).

    Returns
    -------
    RemovedRows or None
        ``None`` when there is no such batch or it was undone already.
    """
    batch_id = int(batch_id)
    marked = conn.execute(
        update(import_batch)
        .where(import_batch.c.id == batch_id, import_batch.c.undone_at.is_(None))
        .values(undone_at=now(), undone_by=user)
    ).rowcount
    if marked != 1:
        return None
    row = conn.execute(
        select(import_batch.c.kind, import_batch.c.file_name).where(import_batch.c.id == batch_id)
    ).one()
    table = visit if row.kind == "visits" else target
    removed = conn.execute(delete(table).where(table.c.import_id == batch_id)).rowcount
    return RemovedRows(batch_id, str(row.kind), str(row.file_name), int(removed))


def finish_undo(
    conn: Connection,
    now: Clock,
    user: str,
    undone: RemovedRows,
    *,
    replaced_by: int | None = None,
) -> list[str]:
    """Remove the teams an undone batch created that no visit uses, and write the audit row.

    Parameters
    ----------
    conn : sqlalchemy.engine.Connection
        The same transaction as :func:`remove_batch_rows`, after any new rows were inserted.
    now : callable
        Clock of the audit row.
    user : str
        Who undoes.
    undone : RemovedRows
        What :func:`remove_batch_rows` returned.
    replaced_by : int, optional
        The importing batch that replaces this one: the teams the undone batch created and the
        new rows use pass to it (undoing it later removes them), and the audit row says
        ``replaced_by``; the revision is then bumped by the import's own audit row, not here.

    Returns
    -------
    list of str
        Names of the teams removed, sorted.
    """
    teams = remove_created_teams(conn, undone.batch_id) if undone.kind == "visits" else []
    detail: dict[str, object] = {
        "batch_id": undone.batch_id,
        "file_name": undone.file_name,
        "rows_removed": undone.removed,
    }
    if teams:
        detail["teams_removed"] = teams
    if replaced_by is None:
        record_change(conn, now, user, "undo_import", detail)
        return teams
    conn.execute(
        update(team)
        .where(team.c.created_by_import == undone.batch_id)
        .values(created_by_import=replaced_by)
    )
    log_event(conn, now, user, "undo_import", {**detail, "replaced_by": replaced_by})
    return teams


def undo_import(engine: Engine, now: Clock, batch_id: int, user: str) -> int:
    """Remove the rows of a batch and the teams it created; keep it in the history as undone.

    Idempotent under concurrency: the batch is marked undone by a conditional ``UPDATE ...
    WHERE undone_at IS NULL`` in the same transaction as the deletes, so of two undos at the
    same moment one removes the rows and the other is told the batch was already undone.
    A team the batch created is removed unless visits of other batches use it.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock of ``undone_at`` and the audit row.
    batch_id : int
        Batch to undo.
    user : str
        Who undoes (stored in ``undone_by`` and the audit log).

    Returns
    -------
    int
        Number of visit/target rows removed.

    Raises
    ------
    KeyError
        No such batch.
    ValueError
        The batch was already undone.
    """
    batch_id = int(batch_id)  # numpy ints would be bound as BLOBs by sqlite3

    def undo() -> int:
        with engine.begin() as conn:
            removed = remove_batch_rows(conn, now, batch_id, user)
            if removed is None:
                known = select(import_batch.c.id).where(import_batch.c.id == batch_id)
                if conn.execute(known).first() is None:
                    raise KeyError(_("Không có lần nhập số {batch}.").format(batch=batch_id))
                raise ValueError(_("Lần nhập số {batch} đã được hoàn tác.").format(batch=batch_id))
            finish_undo(conn, now, user, removed)
        return removed.removed

    return retrying(engine, undo)
