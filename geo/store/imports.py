"""Imports: store an uploaded file with its accepted rows, recognise duplicates, undo, history.

* Every uploaded file is kept verbatim (``import_batch.raw_bytes``) with its SHA-256, even when
  every row was rejected. A file with no accepted row is archived but is not an import
  (``rows_ok = 0``, audited as ``import_refused``, no revision bump): it never counts as
  "already imported", so the corrected re-upload goes through.
* The same bytes imported twice as the same kind are recognised: the second call imports nothing
  and returns ``ImportOutcome.duplicate_of`` = the earlier batch id. The check is the unique
  index ``ux_import_batch_active_sha`` over the active batches (not undone, ``rows_ok > 0``), so
  two uploads of one file at the same moment store it once, on SQLite and PostgreSQL. An undone
  batch no longer counts, so a file can be imported again after its import was undone.
* One import is one transaction: the batch row, new teams (``ON CONFLICT DO NOTHING``, so
  concurrent imports naming the same new team all succeed), every visit/target row, the audit
  row and the revision bump are committed together or not at all. On SQLite a transaction that
  finds the database locked is run again after a back-off (:data:`LOCK_RETRIES`).
* Undo deletes the batch's rows and the teams it created that no other visit uses, and keeps the
  batch in the history with ``undone_at`` and ``undone_by``; of two undos at the same moment one
  does it and the other is told the batch was already undone.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import pandas as pd
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from geo.fmt import format_int
from geo.i18n import _, ngettext
from geo.store.audit import Clock, log_event, record_change
from geo.store.frames import insert_chunked, inserted_id, read_frame, records
from geo.store.tables import (
    BATCH_COLUMNS,
    KINDS,
    TARGET_COUNTS,
    VISIT_COUNTS,
    import_batch,
    target,
    visit,
)
from geo.store.teams import remove_created_teams, team_ids

if TYPE_CHECKING:
    from geo.ingest import IngestResult

__all__ = [
    "ImportOutcome",
    "batches",
    "describe_outcome",
    "import_result",
    "is_empty",
    "raw_file",
    "undo_import",
]

Progress = Callable[[float], None]
T = TypeVar("T")

#: Attempts of a write that SQLite reports as "database is locked", and the back-off between
#: them (doubling from :data:`LOCK_BACKOFF_S`, at most :data:`LOCK_BACKOFF_MAX_S`, with jitter).
LOCK_RETRIES = 8
LOCK_BACKOFF_S = 0.1
LOCK_BACKOFF_MAX_S = 3.0

_VISIT_SPEC = {
    "date": "date",
    "code": "str",
    "place_type": "str",
    "place_name": "str",
    "start": "str",
    "end": "str",
    **dict.fromkeys(VISIT_COUNTS, "int"),
    "lat": "float",
    "lon": "float",
    "note": "str",
    "source_row": "int",
}
_TARGET_SPEC = {
    "code": "str",
    "as_of": "date",
    **dict.fromkeys(TARGET_COUNTS, "int"),
    "source_row": "int",
}


@dataclass(frozen=True)
class ImportOutcome:
    """What :meth:`geo.store.Store.import_result` did.

    Attributes
    ----------
    batch_id : int
        The new batch, or the earlier batch when the file is a duplicate.
    duplicate_of : int or None
        Id of the active batch that already holds the same file; nothing was imported then.
    rows_ok, rows_rejected : int
        Rows written / rows rejected by validation (both 0 for a duplicate).

    Examples
    --------
    >>> ImportOutcome(4, None, 0, 7).refused, ImportOutcome(4, 4, 0, 0).refused
    (True, False)
    """

    batch_id: int
    duplicate_of: int | None
    rows_ok: int
    rows_rejected: int

    @property
    def refused(self) -> bool:
        """``True`` when no row was accepted: the file was archived (``batch_id``), not imported.

        Returns
        -------
        bool
            Not a duplicate and ``rows_ok == 0``.
        """
        return self.duplicate_of is None and self.rows_ok == 0


def is_empty(engine: Engine) -> bool:
    """Tell whether no file was ever imported (undone batches count as imported).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.

    Returns
    -------
    bool
        ``True`` when ``import_batch`` has no row.
    """
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(import_batch)).scalar() == 0


def _earlier_batch(conn: Connection, sha: str, kind: str) -> int | None:
    """Find the active batch of ``kind`` holding the bytes of SHA-256 ``sha``.

    Active: not undone, with at least one accepted row (:data:`~geo.store.tables.ACTIVE_BATCH`);
    the unique index ``ux_import_batch_active_sha`` allows one at most.

    Returns
    -------
    int or None
        The batch id, or ``None`` when the file is new.
    """
    return conn.execute(
        select(import_batch.c.id)
        .where(
            import_batch.c.sha256 == sha,
            import_batch.c.kind == kind,
            import_batch.c.undone_at.is_(None),
            import_batch.c.rows_ok > 0,
        )
        .order_by(import_batch.c.id)
        .limit(1)
    ).scalar()


def _is_locked(engine: Engine, exc: OperationalError) -> bool:
    """Tell whether ``exc`` is SQLite's "database is locked" (another writer held the lock).

    Returns
    -------
    bool
        ``True`` on SQLite for "database is locked" / "database table is locked".
    """
    return engine.dialect.name == "sqlite" and "is locked" in str(exc.orig)


def _retrying(engine: Engine, write: Callable[[], T]) -> T:
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
    >>> _retrying(create_engine("sqlite://"), lambda: 42)
    42
    """
    for attempt in range(LOCK_RETRIES):
        try:
            return write()
        except OperationalError as exc:
            if not _is_locked(engine, exc) or attempt == LOCK_RETRIES - 1:
                raise
            delay = min(LOCK_BACKOFF_MAX_S, LOCK_BACKOFF_S * 2**attempt)
            time.sleep(delay * (0.5 + random.random()))
    raise AssertionError("unreachable")  # pragma: no cover


def _write_rows(
    conn: Connection, kind: str, batch_id: int, df: pd.DataFrame, progress: Progress | None
) -> None:
    """Insert the accepted visit or target rows of a batch (and the visits' new teams)."""
    if df.empty:
        return
    batch = {"import_id": [batch_id] * len(df)}
    if kind == "targets":
        insert_chunked(conn, target, records(df, _TARGET_SPEC, batch), progress)
        return
    ids = team_ids(conn, df["team"].dropna().astype(str).unique(), created_by=batch_id)
    extra = {"team_id": df["team"].astype(str).map(ids).astype("int64").tolist(), **batch}
    insert_chunked(conn, visit, records(df, _VISIT_SPEC, extra), progress)


def _duplicate(
    conn: Connection, now: Clock, user: str, earlier: int, result: IngestResult
) -> ImportOutcome:
    """Audit an upload of a file an active batch holds (``import_duplicate``, no revision)."""
    detail = {"duplicate_of": earlier, "file_name": result.file_name, "kind": result.kind}
    log_event(conn, now, user, "import_duplicate", detail)
    return ImportOutcome(earlier, earlier, 0, 0)


def import_result(
    engine: Engine,
    now: Clock,
    result: IngestResult,
    raw: bytes,
    user: str,
    *,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Store an uploaded file and its accepted rows in one transaction.

    * A file with accepted rows becomes an active batch. "Already imported" is the unique index
      over the active batches' (SHA-256, kind): of two uploads of the same file at the same
      moment one stores the batch, the other's insert fails and it returns ``duplicate_of``.
    * A file with no accepted row is archived verbatim (a batch row with ``rows_ok = 0``, shown
      in the history) but is not an import: it is outside the index, so it never blocks the
      corrected re-upload; audited as ``import_refused`` without a revision bump (no figure
      changed).
    * On SQLite a write that finds the database locked is retried with back-off.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock of the batch and audit rows.
    result : geo.ingest.IngestResult
        Validation result of ``raw`` (``kind`` is ``"visits"`` or ``"targets"``).
    raw : bytes
        The uploaded file, kept verbatim.
    user : str
        Who imports (written to the batch and the audit log).
    progress : callable, optional
        Called with a fraction in ``[0, 1]`` after each inserted chunk.

    Returns
    -------
    ImportOutcome
        ``duplicate_of`` is set (and nothing imported, the revision unchanged) when an active
        batch of the same kind already holds the same bytes; ``refused`` when no row was
        accepted.

    Raises
    ------
    ValueError
        Unknown kind, or ``result.sha256`` does not match ``raw``.
    """
    kind = result.kind
    if kind not in KINDS:
        raise ValueError(_("Loại dữ liệu không hợp lệ: {kind}").format(kind=repr(kind)))
    sha = hashlib.sha256(raw).hexdigest()
    if result.sha256 and result.sha256 != sha:
        raise ValueError(_("Mã SHA-256 của kết quả kiểm tra không khớp với tệp."))
    accepted = result.accepted if not result.file_errors else result.accepted.iloc[0:0]
    rows_ok = len(accepted)
    rows_rejected = int(result.rows_rejected)
    values = {
        "kind": kind,
        "file_name": result.file_name,
        "sha256": sha,
        "size": len(raw),
        "raw_bytes": raw,
        "encoding": result.encoding,
        "user": user,
        "rows_ok": rows_ok,
        "rows_rejected": rows_rejected,
        "file_errors": "\n".join(result.file_errors) or None,
    }
    detail = {
        "file_name": result.file_name,
        "kind": kind,
        "rows_ok": rows_ok,
        "rows_rejected": rows_rejected,
        "sha256": sha,
    }

    def refuse() -> ImportOutcome:
        with engine.begin() as conn:
            batch_id = inserted_id(conn.execute(insert(import_batch).values(at=now(), **values)))
            log_event(conn, now, user, "import_refused", {"batch_id": batch_id, **detail})
        return ImportOutcome(batch_id, None, 0, rows_rejected)

    def store() -> ImportOutcome:
        with engine.begin() as conn:
            if (earlier := _earlier_batch(conn, sha, kind)) is not None:  # the quick answer
                return _duplicate(conn, now, user, earlier, result)
        try:
            with engine.begin() as conn:
                batch_id = inserted_id(
                    conn.execute(insert(import_batch).values(at=now(), **values))
                )
                _write_rows(conn, kind, batch_id, accepted, progress)
                record_change(conn, now, user, "import", {"batch_id": batch_id, **detail})
        except IntegrityError:
            with engine.begin() as conn:  # the index: another upload stored it meanwhile
                if (earlier := _earlier_batch(conn, sha, kind)) is None:
                    raise
                return _duplicate(conn, now, user, earlier, result)
        return ImportOutcome(batch_id, None, rows_ok, rows_rejected)

    outcome = _retrying(engine, refuse if rows_ok == 0 else store)
    if progress is not None:
        progress(1.0)
    return outcome


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
            marked = conn.execute(
                update(import_batch)
                .where(import_batch.c.id == batch_id, import_batch.c.undone_at.is_(None))
                .values(undone_at=now(), undone_by=user)
            ).rowcount
            row = conn.execute(
                select(import_batch.c.kind, import_batch.c.file_name).where(
                    import_batch.c.id == batch_id
                )
            ).first()
            if row is None:
                raise KeyError(_("Không có lần nhập số {batch}.").format(batch=batch_id))
            if marked != 1:
                raise ValueError(_("Lần nhập số {batch} đã được hoàn tác.").format(batch=batch_id))
            table = visit if row.kind == "visits" else target
            removed = conn.execute(delete(table).where(table.c.import_id == batch_id)).rowcount
            teams = remove_created_teams(conn, batch_id) if row.kind == "visits" else []
            detail: dict[str, object] = {
                "batch_id": batch_id,
                "file_name": row.file_name,
                "rows_removed": removed,
            }
            if teams:
                detail["teams_removed"] = teams
            record_change(conn, now, user, "undo_import", detail)
        return int(removed)

    return _retrying(engine, undo)


def raw_file(engine: Engine, batch_id: int) -> bytes:
    """Return the file of a batch, byte for byte.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    batch_id : int
        The batch.

    Returns
    -------
    bytes
        The uploaded file as it was received.

    Raises
    ------
    KeyError
        No such batch.
    """
    batch_id = int(batch_id)  # numpy ints would be bound as BLOBs by sqlite3
    with engine.connect() as conn:
        raw = conn.execute(
            select(import_batch.c.raw_bytes).where(import_batch.c.id == batch_id)
        ).scalar()
    if raw is None:
        raise KeyError(_("Không có lần nhập số {batch}.").format(batch=batch_id))
    return bytes(raw)


def batches(engine: Engine) -> pd.DataFrame:
    """Read the import history, newest first.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.

    Returns
    -------
    pandas.DataFrame
        :data:`geo.store.tables.BATCH_COLUMNS` (no raw bytes).
    """
    q = select(*(import_batch.c[c] for c in BATCH_COLUMNS)).order_by(import_batch.c.id.desc())
    with engine.connect() as conn:
        return read_frame(
            conn,
            q,
            ints=["id", "size", "rows_ok", "rows_rejected"],
            datetimes=["at", "undone_at"],
        )


def describe_outcome(outcome: ImportOutcome, file_name: str) -> str:
    """Write one sentence telling the user what an import did, in the language in use.

    Parameters
    ----------
    outcome : ImportOutcome
        What :func:`import_result` returned.
    file_name : str
        Name of the uploaded file, as the user knows it.

    Returns
    -------
    str
        The sentence, with the batch number and the row counts.

    Examples
    --------
    >>> describe_outcome(ImportOutcome(3, None, 1923, 2), "to1.xlsx")
    'Đã nhập 1.923 dòng từ tệp to1.xlsx (lần nhập số 3); 2 dòng bị từ chối.'
    >>> describe_outcome(ImportOutcome(3, 3, 0, 0), "to1.xlsx")
    'Tệp to1.xlsx đã được nhập trước đây (lần nhập số 3); không nhập lại.'
    >>> describe_outcome(ImportOutcome(4, None, 0, 2), "to1.xlsx")  # doctest: +ELLIPSIS
    'Không nhập dòng nào từ tệp to1.xlsx; 2 dòng bị từ chối. Tệp được lưu lại (số 4)...'
    """
    if outcome.duplicate_of is not None:
        return _("Tệp {file} đã được nhập trước đây (lần nhập số {batch}); không nhập lại.").format(
            file=file_name, batch=outcome.duplicate_of
        )
    if outcome.refused:
        return _(
            "Không nhập dòng nào từ tệp {file}; {rejected} dòng bị từ chối. Tệp được lưu lại "
            "(số {batch}) nhưng không tính là đã nhập: hãy sửa tệp rồi tải lên lại."
        ).format(file=file_name, batch=outcome.batch_id, rejected=format_int(outcome.rows_rejected))
    values = {
        "n": format_int(outcome.rows_ok),
        "file": file_name,
        "batch": outcome.batch_id,
        "rejected": format_int(outcome.rows_rejected),
    }
    if outcome.rows_rejected:
        return ngettext(
            "Đã nhập {n} dòng từ tệp {file} (lần nhập số {batch}); {rejected} dòng bị từ chối.",
            "Đã nhập {n} dòng từ tệp {file} (lần nhập số {batch}); {rejected} dòng bị từ chối.",
            outcome.rows_ok,
        ).format(**values)
    return ngettext(
        "Đã nhập {n} dòng từ tệp {file} (lần nhập số {batch}).",
        "Đã nhập {n} dòng từ tệp {file} (lần nhập số {batch}).",
        outcome.rows_ok,
    ).format(**values)
