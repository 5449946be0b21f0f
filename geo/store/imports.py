"""Imports: store an uploaded file with its accepted rows, recognise duplicates, undo, history.

* Every uploaded file is kept verbatim (``import_batch.raw_bytes``) with its SHA-256, even when
  every row was rejected. A file with no accepted row is archived but is not an import
  (``rows_ok = 0``, audited as ``import_refused``, no revision bump): it never counts as
  "already imported", so the corrected re-upload goes through.
* The same bytes imported twice as the same kind are recognised at once (the quick answer): the
  second call imports nothing and returns ``ImportOutcome.duplicate_of`` = the earlier batch id.
  The unique index ``ux_import_batch_active_sha`` over the active batches (not undone,
  ``rows_ok > 0``) makes it hold for two uploads at the same moment.
* The same rows saved differently (CRLF, BOM, ``;``, UTF-16, XLSX) are recognised by their
  fingerprints (:mod:`geo.ingest.fingerprint`), unique per table (schema 7), so the database
  itself refuses a second copy of a row. ``on_match="skip"`` imports only the rows not stored
  yet (``rows_skipped`` counts the others; when there is none, nothing is imported and
  ``duplicate_of`` names the earliest batch holding them); ``on_match="replace"`` undoes, in the
  same transaction, every active batch holding any of the rows, then imports them all.
  :func:`matching_rows` tells the clerk beforehand which rows are stored already.
* One import is one transaction: the batch row, new teams (``ON CONFLICT DO NOTHING``, so
  concurrent imports naming the same new team all succeed), every visit/target row, the audit
  row and the revision bump are committed together or not at all. The rows already stored are
  left out by the insert itself (``ON CONFLICT (fingerprint) DO NOTHING``), however recently
  another import committed them; they are looked up first only when the file's first rows are
  stored, so that a file holding nothing new is answered without using a batch id. With
  ``replace``, a row another import committed meanwhile (or a deadlock between two imports)
  rolls the transaction back and it runs again (:data:`CONFLICT_RETRIES`). On SQLite a
  transaction that finds the database locked is run again after a back-off
  (:data:`LOCK_RETRIES`).
* Undo (:mod:`geo.store.undo`) deletes the batch's rows and the teams it created that no other
  visit uses, and keeps the batch in the history with ``undone_at`` and ``undone_by``; of two
  undos at the same moment one does it and the other is told the batch was already undone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from geo.collector import paused
from geo.i18n import _
from geo.ingest.fingerprint import fingerprints
from geo.store.audit import Clock, log_event, record_change
from geo.store.frames import insert_chunked, inserted_id, read_frame, row_tuples
from geo.store.matching import (
    accepted_rows,
    holding_batches,
    matching_rows,
    stored_fingerprints,
    table_of,
)
from geo.store.outcome import ImportOutcome, describe_outcome
from geo.store.retry import CONFLICT_RETRIES, LOCK_RETRIES, is_conflict, retrying
from geo.store.tables import (
    BATCH_COLUMNS,
    KINDS,
    TARGET_COUNTS,
    VISIT_COUNTS,
    import_batch,
    target,
    visit,
)
from geo.store.teams import team_ids
from geo.store.undo import RemovedRows, finish_undo, remove_batch_rows, undo_import

if TYPE_CHECKING:
    from geo.ingest import IngestResult

__all__ = [
    "CONFLICT_RETRIES",
    "LOCK_RETRIES",
    "ImportOutcome",
    "OnMatch",
    "batches",
    "describe_outcome",
    "import_result",
    "is_empty",
    "matching_rows",
    "raw_file",
    "undo_import",
]

Progress = Callable[[float], None]
#: What to do with rows an earlier batch holds: import only the others, or undo those batches.
OnMatch = Literal["skip", "replace"]

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


def _active_same_file(conn: Connection, sha: str, kind: str) -> list[int]:
    """List the active batches of ``kind`` holding the bytes of SHA-256 ``sha`` (one at most).

    Returns
    -------
    list of int
        Batch ids.
    """
    earlier = _earlier_batch(conn, sha, kind)
    return [] if earlier is None else [earlier]


def _write_rows(
    conn: Connection,
    kind: str,
    batch_id: int,
    df: pd.DataFrame,
    fps: Sequence[str],
    progress: Progress | None,
    skip_stored: bool = False,
) -> None:
    """Insert the accepted visit or target rows of a batch (and the visits' new teams).

    ``skip_stored``: the rows whose fingerprint is stored already are left out by the database
    (``ON CONFLICT DO NOTHING``), not looked up first.
    """
    if df.empty:
        return
    extra: dict[str, list[Any]] = {"import_id": [batch_id] * len(df), "fingerprint": list(fps)}
    skip = "fingerprint" if skip_stored else None
    if kind == "targets":
        block = row_tuples(df, _TARGET_SPEC, extra)
        insert_chunked(conn, target, block, progress, skip_conflicts_on=skip)
        return
    ids = team_ids(conn, df["team"].dropna().astype(str).unique(), created_by=batch_id)
    codes, names = pd.factorize(df["team"].astype(str))  # every accepted row has a team
    extra["team_id"] = np.array([ids[n] for n in names], dtype="int64")[codes].tolist()
    block = row_tuples(df, _VISIT_SPEC, extra)
    insert_chunked(conn, visit, block, progress, skip_conflicts_on=skip)


#: Rows looked up before an import: when none of them is stored, the file is taken as new and the
#: database leaves out the rows it holds; when some are, every row is looked up, so that a file
#: holding nothing new is answered without using a batch id.
_SAMPLE = 1_000


class _NothingNewError(Exception):
    """Every row of an import is stored already: its transaction is rolled back."""


def _duplicate(
    conn: Connection,
    now: Clock,
    user: str,
    earlier: int,
    result: IngestResult,
    rows_skipped: int = 0,
) -> ImportOutcome:
    """Audit an upload whose file (or every row of it) an active batch holds (no revision bump).

    Returns
    -------
    ImportOutcome
        ``duplicate_of = earlier``; ``rows_skipped`` when recognised by content.
    """
    detail: dict[str, object] = {
        "duplicate_of": earlier,
        "file_name": result.file_name,
        "kind": result.kind,
    }
    if rows_skipped:
        detail["rows_skipped"] = rows_skipped
    log_event(conn, now, user, "import_duplicate", detail)
    return ImportOutcome(earlier, earlier, 0, 0, rows_skipped)


@paused()  # a bulk step: a tuple per row, no cycles
def import_result(
    engine: Engine,
    now: Clock,
    result: IngestResult,
    raw: bytes,
    user: str,
    *,
    progress: Progress | None = None,
    on_match: OnMatch = "skip",
) -> ImportOutcome:
    """Store an uploaded file and its accepted rows in one transaction.

    * A file with accepted rows becomes an active batch, holding the rows not stored yet. Rows
      are recognised by their fingerprint (:mod:`geo.ingest.fingerprint`), which the database
      keeps unique: however the file was saved, and however many uploads run at once, a row is
      stored once.
    * ``on_match="skip"``: the same bytes as an active batch import nothing (the quick answer);
      otherwise the rows already stored are left out (``rows_skipped``), and when no row is new
      nothing is imported and ``duplicate_of`` is the earliest batch holding them.
    * ``on_match="replace"``: every active batch holding any of the file's rows (or its bytes)
      is undone, exactly as by :func:`undo_import` (the audit row says ``replaced_by``), and
      every row of the file is imported, in one transaction; ``replaced`` lists those batches.
    * A file with no accepted row is archived verbatim (a batch row with ``rows_ok = 0``, shown
      in the history) but is not an import: it never blocks the corrected re-upload; audited as
      ``import_refused`` without a revision bump (no figure changed).
    * On SQLite a write that finds the database locked is retried with back-off; an import that
      meets rows another import committed meanwhile runs again.

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
    on_match : {"skip", "replace"}, default "skip"
        What to do with the rows an earlier batch holds.

    Returns
    -------
    ImportOutcome
        ``duplicate_of`` is set (and nothing imported, the revision unchanged) when nothing of
        the file is new; ``refused`` when no row was accepted.

    Raises
    ------
    ValueError
        Unknown kind or ``on_match``, or ``result.sha256`` does not match ``raw``.
    """
    kind = result.kind
    if kind not in KINDS:
        raise ValueError(_("Loại dữ liệu không hợp lệ: {kind}").format(kind=repr(kind)))
    if on_match not in ("skip", "replace"):
        raise ValueError(
            _("Cách xử lý dòng trùng không hợp lệ: {value}").format(value=repr(on_match))
        )
    sha = hashlib.sha256(raw).hexdigest()
    if result.sha256 and result.sha256 != sha:
        raise ValueError(_("Mã SHA-256 của kết quả kiểm tra không khớp với tệp."))
    accepted = accepted_rows(result)
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
        "rows_rejected": rows_rejected,
        "file_errors": "\n".join(result.file_errors) or None,
    }
    detail = {
        "file_name": result.file_name,
        "kind": kind,
        "rows_rejected": rows_rejected,
        "sha256": sha,
    }

    def refuse() -> ImportOutcome:
        with engine.begin() as conn:
            batch_id = inserted_id(
                conn.execute(insert(import_batch).values(at=now(), rows_ok=0, **values))
            )
            log_event(
                conn, now, user, "import_refused", {"batch_id": batch_id, "rows_ok": 0, **detail}
            )
        return ImportOutcome(batch_id, None, 0, rows_rejected)

    if rows_ok == 0:
        return retrying(engine, refuse)

    fps = fingerprints(accepted, kind).reset_index(drop=True)
    first = ~fps.duplicated(keep="first")  # a row repeated in the file is stored once
    unique = accepted.reset_index(drop=True).loc[first.to_numpy()]
    unique_fps = fps[first]
    replace = on_match == "replace"
    fps_list = unique_fps.tolist()

    def _nothing_new(conn: Connection) -> bool:
        """Tell whether every row is stored (looked up in full only when the first ones are)."""
        if not stored_fingerprints(conn, kind, fps_list[:_SAMPLE]):
            return False
        return bool(unique_fps.isin(stored_fingerprints(conn, kind, fps_list)).all())

    def attempt() -> ImportOutcome | None:
        """Import once; ``None`` when every row's holder was undone meanwhile (run again)."""
        if not replace:  # the quick answers, without using a batch id: the same bytes, or
            with engine.begin() as conn:  # (when the first rows are stored) no new row
                if (earlier := _earlier_batch(conn, sha, kind)) is not None:
                    return _duplicate(conn, now, user, earlier, result)
                if _nothing_new(conn) and (holders := holding_batches(conn, kind, fps_list)):
                    return _duplicate(conn, now, user, holders[0], result, rows_ok)
        try:
            with engine.begin() as conn:
                # the unique indexes decide: a row stored already, by an earlier import or by
                # one committed meanwhile, is left out by the database ("skip"), or fails this
                # transaction ("replace", after the undo), and the next attempt meets it
                start = {"rows_ok": 0 if replace else len(unique)}  # replace: undo first
                batch_id = inserted_id(
                    conn.execute(insert(import_batch).values(at=now(), **start, **values))
                )
                undone: list[RemovedRows] = []
                if replace:
                    holders = holding_batches(conn, kind, unique_fps.tolist())
                    for held in sorted({*holders, *_active_same_file(conn, sha, kind)}):
                        if (removed := remove_batch_rows(conn, now, held, user)) is not None:
                            undone.append(removed)
                _write_rows(conn, kind, batch_id, unique, fps_list, progress, not replace)
                for removed in undone:
                    finish_undo(conn, now, user, removed, replaced_by=batch_id)
                table = table_of(kind)
                count = select(func.count()).select_from(table).where(table.c.import_id == batch_id)
                inserted = int(conn.execute(count).scalar_one())
                if not inserted:
                    raise _NothingNewError  # roll the batch back: every row is stored already
                skipped = rows_ok - inserted
                conn.execute(
                    update(import_batch)
                    .where(import_batch.c.id == batch_id)
                    .values(rows_ok=inserted, rows_skipped=skipped)
                )
                replaced = tuple(r.batch_id for r in undone)
                done: dict[str, object] = {"batch_id": batch_id, **detail, "rows_ok": inserted}
                if skipped:
                    done["rows_skipped"] = skipped
                if replaced:
                    done["replaced"] = list(replaced)
                record_change(conn, now, user, "import", done)
        except _NothingNewError:
            with engine.begin() as conn:
                if holders := holding_batches(conn, kind, unique_fps.tolist()):
                    return _duplicate(conn, now, user, holders[0], result, rows_ok)
            return None  # undone between the insert and this read: the rows are new again
        return ImportOutcome(batch_id, None, inserted, rows_rejected, skipped, replaced)

    def store() -> ImportOutcome:
        for attempt_no in range(CONFLICT_RETRIES):
            last = attempt_no == CONFLICT_RETRIES - 1
            try:
                if (outcome := attempt()) is not None:
                    return outcome
                if last:
                    raise AssertionError("rows undone and stored again at every attempt")
            except (IntegrityError, OperationalError) as exc:
                if not is_conflict(exc):
                    raise
                if last:
                    return conflict_outcome(exc)
        raise AssertionError("unreachable")  # pragma: no cover

    def conflict_outcome(exc: DBAPIError) -> ImportOutcome:
        """Still meeting other imports' rows after every attempt: say which batch holds them."""
        with engine.begin() as conn:
            held = _active_same_file(conn, sha, kind) or holding_batches(
                conn, kind, unique_fps.tolist()
            )
            if not held:
                raise exc
            same_file = _active_same_file(conn, sha, kind) == held
            return _duplicate(conn, now, user, held[0], result, 0 if same_file else rows_ok)

    outcome = retrying(engine, store)
    if progress is not None:
        progress(1.0)
    return outcome


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
            ints=["id", "size", "rows_ok", "rows_rejected", "rows_skipped"],
            datetimes=["at", "undone_at"],
        )
