"""Tests of issue 13's atomic imports: one file counted once, undo once and completely.

Run on SQLite (a file, so threads really use separate connections) and, when
``VNEID_TEST_PG_URL`` is set, on PostgreSQL (the ``db_url`` fixture).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import create_engine, func, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from geo.i18n import language
from geo.store import ImportOutcome, Store, describe_outcome, imports, retry, tables
from tests.store.test_migrations import back_to_schema_6, copy_rows
from tests.store.test_store import _visits, make_result

_AT = datetime(2023, 3, 14, 20, 0)


@pytest.fixture
def db(db_url):
    store = Store(db_url, now=lambda: _AT)
    yield store
    store.close()


def _count(store: Store, table: Any, *where: Any) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def _at_once(n: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` for i in 0..n-1 in n threads released together; exceptions are returned."""
    barrier = threading.Barrier(n)

    def run(i: int) -> Any:
        barrier.wait()
        try:
            return work(i)
        except Exception as exc:
            return exc

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


def _actions(store: Store) -> list[str]:
    return store.audit_log()["action"].tolist()


# --- 1. a file with no accepted row is archived, not imported -------------------------------------


def test_a_refused_file_is_archived_but_not_an_import(db):
    raw = b"ngay;to\nabc;?\n"
    result = make_result("visits", _visits(0), raw, file_errors=["Không đọc được tệp."])
    before = db.revision()
    outcome = db.import_result(result, raw, "bình")
    assert outcome == ImportOutcome(1, None, 0, 0) and outcome.refused
    assert db.raw_file(1) == raw
    batches = db.batches()
    assert batches[["id", "rows_ok"]].to_dict("records") == [{"id": 1, "rows_ok": 0}]
    assert batches["undone_at"].isna().tolist() == [True]
    assert db.revision() == before  # no figure changed
    assert _actions(db) == ["import_refused"]
    detail = json.loads(db.audit_log()["detail"].iloc[0])
    assert (detail["batch_id"], detail["rows_ok"], detail["file_name"]) == (1, 0, "tệp.csv")


def test_a_refused_file_never_blocks_its_re_upload(db):
    raw = b"the same bytes"
    db.import_result(make_result("visits", _visits(0), raw), raw, "an")
    again = db.import_result(make_result("visits", _visits(0), raw), raw, "an")
    assert again == ImportOutcome(2, None, 0, 0)  # archived again, not "already imported"
    # the same bytes accepted this time (for example after mapping a column): imported
    imported = db.import_result(make_result("visits", _visits(4), raw), raw, "an")
    assert imported == ImportOutcome(3, None, 4, 0) and not imported.refused
    assert len(db.visits()) == 4 and db.visits()["activated"].sum() == 10
    assert _actions(db) == ["import_refused", "import_refused", "import"]
    dup = db.import_result(make_result("visits", _visits(4), raw), raw, "an")
    assert dup == ImportOutcome(3, 3, 0, 0)


def test_refused_outcome_is_described_as_not_imported():
    outcome = ImportOutcome(4, None, 0, 2)
    assert describe_outcome(outcome, "tổ1.csv") == (
        "Không nhập dòng nào từ tệp tổ1.csv; 2 dòng bị từ chối. Tệp được lưu lại (số 4) nhưng "
        "không tính là đã nhập: hãy sửa tệp rồi tải lên lại."
    )
    with language("en"):
        assert describe_outcome(outcome, "tổ1.csv") == (
            "No row imported from file tổ1.csv; rejected rows: 2. The file is kept (no. 4) but "
            "does not count as imported: correct it and upload it again."
        )


# --- 2. "already imported" is a unique index --------------------------------------------------


def _batch_row(sha: str, **values: Any) -> dict[str, Any]:
    row = {
        "kind": "visits",
        "file_name": "a.csv",
        "sha256": sha,
        "size": 1,
        "raw_bytes": b"a",
        "user": "an",
        "at": _AT,
        "rows_ok": 1,
        "rows_rejected": 0,
    }
    return {**row, **values}


def test_the_index_allows_one_active_batch_per_file_and_kind(db):
    with db.engine.begin() as conn:
        conn.execute(insert(tables.import_batch), [_batch_row("s1")])
        conn.execute(insert(tables.import_batch), [_batch_row("s1", rows_ok=0)] * 2)
        conn.execute(insert(tables.import_batch), [_batch_row("s1", undone_at=_AT)])
        conn.execute(insert(tables.import_batch), [_batch_row("s1", kind="targets")])
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(insert(tables.import_batch), [_batch_row("s1")])
    assert _count(db, tables.import_batch) == 5


def test_twenty_uploads_of_one_file_at_once_store_it_once(db):
    raw = b"twenty clerks, one file"
    before = db.revision()
    outcomes = _at_once(
        20, lambda i: db.import_result(make_result("visits", _visits(50), raw), raw, f"u{i}")
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    stored = [o for o in outcomes if o.duplicate_of is None]
    assert len(stored) == 1 and stored[0].rows_ok == 50
    batch = stored[0].batch_id
    assert sorted(o.duplicate_of for o in outcomes if o.duplicate_of is not None) == [batch] * 19
    assert _count(db, tables.import_batch) == 1
    assert _count(db, tables.visit) == 50 and db.visits()["activated"].sum() == 50 * 51 // 2
    assert sorted(_actions(db)) == ["import"] + ["import_duplicate"] * 19
    assert db.revision() == before + 1


def test_an_upload_that_loses_the_race_reports_the_winner(db, monkeypatch):
    """The quick read says "new" but another upload stored the file meanwhile: the index wins."""
    raw = b"raced"
    db.import_result(make_result("visits", _visits(3), raw), raw, "an")
    real = imports._earlier_batch
    calls = []

    def stale_first_read(conn, sha, kind):
        calls.append(sha)
        return None if len(calls) == 1 else real(conn, sha, kind)

    monkeypatch.setattr(imports, "_earlier_batch", stale_first_read)
    real_rows = imports.stored_fingerprints  # and the rows look new too, the first time
    monkeypatch.setattr(
        imports,
        "stored_fingerprints",
        lambda conn, kind, fps: set() if len(calls) == 1 else real_rows(conn, kind, fps),
    )
    outcome = db.import_result(make_result("visits", _visits(3), raw), raw, "chi")
    assert outcome == ImportOutcome(1, 1, 0, 0) and len(calls) == 2
    assert _count(db, tables.visit) == 3 and _count(db, tables.import_batch) == 1
    assert _actions(db) == ["import", "import_duplicate"]


# --- 3. undo once ---------------------------------------------------------------------------------


def test_two_undos_at_once_remove_the_rows_once(db):
    raw = b"undo me"
    db.import_result(make_result("visits", _visits(30), raw), raw, "an")
    before = db.revision()
    results = _at_once(2, lambda i: db.undo_import(1, f"u{i}"))
    removed = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert removed == [30]
    assert [type(r) for r in refused] == [ValueError]
    assert str(refused[0]) == "Lần nhập số 1 đã được hoàn tác."
    assert _count(db, tables.visit) == 0
    assert _actions(db) == ["import", "undo_import"]
    assert db.revision() == before + 1


def test_eight_undos_at_once(db):
    raw = b"undo me eight times"
    db.import_result(make_result("visits", _visits(10), raw), raw, "an")
    results = _at_once(8, lambda i: db.undo_import(1, f"u{i}"))
    assert sorted(r for r in results if isinstance(r, int)) == [10]
    assert sum(isinstance(r, ValueError) for r in results) == 7
    assert _actions(db).count("undo_import") == 1


def test_undo_of_a_missing_batch(db):
    with pytest.raises(KeyError):
        db.undo_import(7, "an")


# --- 4. teams ---------------------------------------------------------------------------------


def test_concurrent_imports_creating_the_same_team_all_succeed(db):
    outcomes = _at_once(
        20,
        lambda i: db.import_result(
            make_result(
                "visits", _visits(5, team="Tổ mới", day=f"2023-02-{i + 1:02d}"), f"f{i}".encode()
            ),
            f"f{i}".encode(),
            "an",
        ),
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert all(o.rows_ok == 5 and o.duplicate_of is None for o in outcomes)
    assert db.teams()["name"].tolist() == ["Tổ mới"]
    assert _count(db, tables.visit) == 100


def test_undo_removes_the_teams_its_batch_created_unless_used(db):
    db.update_teams(pd.DataFrame({"name": ["Tổ cũ"], "members": [3]}), "an")  # by hand
    a = make_result("visits", _visits(2, team="Tổ A"), b"a")
    db.import_result(a, b"a", "an")  # batch 1 creates Tổ A
    both = _visits(2, team="Tổ B")
    both.loc[1, "team"] = "Tổ cũ"
    db.import_result(make_result("visits", both, b"b"), b"b", "an")  # batch 2: Tổ B, uses Tổ cũ
    later = _visits(1, team="Tổ A", day="2023-02-14")
    db.import_result(make_result("visits", later, b"c"), b"c", "an")  # batch 3 uses Tổ A
    assert db.teams()["name"].tolist() == ["Tổ cũ", "Tổ A", "Tổ B"]
    assert db.teams().columns.tolist() == tables.TEAM_COLUMNS

    assert db.undo_import(2, "an") == 2
    assert db.teams()["name"].tolist() == ["Tổ cũ", "Tổ A"]  # Tổ B gone, Tổ cũ was by hand
    assert json.loads(db.audit_log()["detail"].iloc[-1])["teams_removed"] == ["Tổ B"]
    assert db.undo_import(1, "an") == 2
    assert db.teams()["name"].tolist() == ["Tổ cũ", "Tổ A"]  # batch 3 still uses Tổ A
    assert "teams_removed" not in json.loads(db.audit_log()["detail"].iloc[-1])
    assert db.undo_import(3, "an") == 1
    assert db.teams()["name"].tolist() == ["Tổ cũ", "Tổ A"]  # created by batch 1, not 3
    assert db.visits().empty


def test_a_team_re_created_after_an_undo(db):
    db.import_result(make_result("visits", _visits(2, team="Tổ A"), b"a"), b"a", "an")
    db.undo_import(1, "an")
    assert db.teams().empty
    db.import_result(make_result("visits", _visits(2, team="Tổ A"), b"a"), b"a", "an")
    assert db.teams()["name"].tolist() == ["Tổ A"] and len(db.visits()) == 2
    assert db.undo_import(2, "an") == 2 and db.teams().empty


# --- 5. "database is locked" --------------------------------------------------------------------


def test_eight_large_imports_at_once_all_succeed_with_exact_counts(db):
    n = 5_000
    outcomes = _at_once(
        8,
        lambda i: db.import_result(
            make_result(
                "visits",
                _visits(n, team=f"Tổ {i % 3}", day=f"2023-03-{i + 1:02d}"),
                f"big {i}".encode(),
            ),
            f"big {i}".encode(),
            "an",
        ),
    )
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(o.batch_id for o in outcomes) == list(range(1, 9))
    assert all(o.rows_ok == n and o.duplicate_of is None for o in outcomes)
    assert _count(db, tables.visit) == 8 * n
    for batch in range(1, 9):
        assert _count(db, tables.visit, tables.visit.c.import_id == batch) == n
    assert sorted(db.teams()["name"]) == ["Tổ 0", "Tổ 1", "Tổ 2"]


def _locked() -> OperationalError:
    return OperationalError("INSERT", {}, Exception("database is locked"))


@pytest.fixture
def no_wait(monkeypatch):
    sleeps: list[float] = []
    monkeypatch.setattr(retry.time, "sleep", sleeps.append)
    return sleeps


def test_locked_writes_are_retried_with_growing_back_off(no_wait):
    engine = create_engine("sqlite://")
    calls = []

    def write() -> str:
        calls.append(1)
        if len(calls) < 4:
            raise _locked()
        return "done"

    assert retry.retrying(engine, write) == "done"
    assert len(calls) == 4 and len(no_wait) == 3
    for attempt, slept in enumerate(no_wait):  # 0.1 · 2^attempt s, ×0.5 to ×1.5 jitter
        assert 0.05 * 2**attempt <= slept <= 0.15 * 2**attempt


def test_retries_give_up_after_the_last_attempt(no_wait):
    engine = create_engine("sqlite://")
    calls = []

    def write() -> None:
        calls.append(1)
        raise _locked()

    with pytest.raises(OperationalError):
        retry.retrying(engine, write)
    assert len(calls) == retry.LOCK_RETRIES == 8


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("sqlite://", OperationalError("INSERT", {}, Exception("disk I/O error"))),
        ("postgresql+psycopg://x@/y", _locked()),  # never retried outside SQLite
    ],
)
def test_other_errors_are_not_retried(no_wait, url, error):
    engine = create_engine(url)
    calls = []

    def write() -> None:
        calls.append(1)
        raise error

    with pytest.raises(OperationalError):
        retry.retrying(engine, write)
    assert len(calls) == 1 and no_wait == []


# --- migration 6 --------------------------------------------------------------------------------


def test_migration_6_undoes_copies_counted_twice(db_url):
    db = Store(db_url, now=lambda: _AT)
    for raw, day in ((b"x", "2023-02-13"), (b"y", "2023-02-14")):
        db.import_result(make_result("visits", _visits(3, day=day), raw), raw, "an")
    db.close()
    engine = create_engine(db_url)
    with engine.begin() as conn:  # back to schema 5, with file x stored twice (the old bug)
        back_to_schema_6(conn)
        conn.execute(text("DROP INDEX ux_import_batch_active_sha"))
        conn.execute(text("ALTER TABLE team DROP COLUMN created_by_import"))
        conn.execute(tables.schema_version.delete().where(tables.schema_version.c.version == 6))
        sha = conn.execute(
            select(tables.import_batch.c.sha256).where(tables.import_batch.c.id == 1)
        )
        conn.execute(insert(tables.import_batch), [_batch_row(sha.scalar_one(), rows_ok=3, id=3)])
        copy_rows(conn, tables.visit, 1, 3, 3)
    engine.dispose()

    again = Store(db_url, now=lambda: _AT)
    try:
        assert again.schema_version() == 10
        undone_by = again.batches().set_index("id")["undone_by"].fillna("-").to_dict()
        assert undone_by == {3: "schema-6", 2: "-", 1: "-"}
        assert _count(again, tables.visit) == 6
        assert _count(again, tables.visit, tables.visit.c.import_id == 3) == 0
        names = {i["name"] for i in inspect(again.engine).get_indexes("import_batch")}
        assert "ux_import_batch_active_sha" in names
        assert "created_by_import" in {c["name"] for c in inspect(again.engine).get_columns("team")}
        last = again.audit_log().iloc[-1]  # migration 7 found no copy left
        assert (last["user"], last["action"]) == ("schema-6", "undo_import")
        assert json.loads(last["detail"])["rows_removed"] == 3
    finally:
        again.close()


def test_an_import_waits_out_a_lock_longer_than_the_busy_timeout(tmp_path, monkeypatch):
    """SQLite with no busy timeout: a writer holds the lock 0.4 s; the import retries and lands."""
    import sqlite3

    from geo.store import engine as engine_mod

    monkeypatch.setattr(engine_mod, "_BUSY_TIMEOUT_S", 0)
    path = tmp_path / "locked.db"
    db = Store(f"sqlite:///{path}", now=lambda: _AT)
    try:
        holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")  # the write lock
        release = threading.Timer(0.4, lambda: holder.execute("COMMIT"))
        release.start()
        outcome = db.import_result(make_result("visits", _visits(7), b"late"), b"late", "an")
        release.join()
        holder.close()
        assert outcome == ImportOutcome(1, None, 7, 0)
        assert _count(db, tables.visit) == 7
    finally:
        db.close()


def test_without_the_retry_that_lock_is_an_error(tmp_path, monkeypatch):
    import sqlite3

    from geo.store import engine as engine_mod

    monkeypatch.setattr(engine_mod, "_BUSY_TIMEOUT_S", 0)
    monkeypatch.setattr(retry, "LOCK_RETRIES", 1)
    path = tmp_path / "locked.db"
    db = Store(f"sqlite:///{path}", now=lambda: _AT)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(OperationalError, match="locked"):
            db.import_result(make_result("visits", _visits(7), b"late"), b"late", "an")
        holder.execute("COMMIT")
        assert _count(db, tables.visit) == 0 and _count(db, tables.import_batch) == 0
    finally:
        holder.close()
        db.close()


# --- issue 13: rows recognised by content ---------------------------------------------------------


def test_rows_stored_already_are_left_out_by_the_database(db, monkeypatch):
    """No read-then-write: the unique index on the fingerprint leaves the stored rows out of
    the insert itself (``ON CONFLICT DO NOTHING``), in one attempt, however recently another
    import committed them."""
    db.import_result(make_result("visits", _visits(3), b"first"), b"first", "an")
    real = imports._write_rows
    calls = []

    def counted(*args, **kwargs):
        calls.append(args[2])  # the batch id
        return real(*args, **kwargs)

    monkeypatch.setattr(imports, "_write_rows", counted)
    outcome = db.import_result(make_result("visits", _visits(4), b"second"), b"second", "chi")
    assert (outcome.rows_ok, outcome.rows_skipped, outcome.duplicate_of) == (1, 3, None)
    assert calls == [outcome.batch_id]  # one attempt
    assert db.batches()["id"].tolist() == [outcome.batch_id, 1]
    assert _count(db, tables.visit) == 4 and db.visits()["activated"].sum() == 10
    assert _actions(db) == ["import", "import"]


def test_a_row_repeated_in_a_file_is_stored_once(db):
    frame = _visits(3)
    frame.loc[2] = frame.loc[1]
    frame.loc[2, "note"] = "nhập hai lần"  # outside the fingerprint
    frame.loc[2, "source_row"] = 4
    outcome = db.import_result(make_result("visits", frame, b"twice"), b"twice", "an")
    assert outcome == ImportOutcome(1, None, 2, 0, rows_skipped=1)
    assert db.visits()["note"].isna().all()
    assert db.batches()[["rows_ok", "rows_skipped"]].to_dict("records") == [
        {"rows_ok": 2, "rows_skipped": 1}
    ]


def test_targets_saved_again_are_recognised(db):
    from tests.store.test_store import _targets

    rows = _targets([("13291", "2023-05-31", 15800, 10150)])
    db.import_result(make_result("targets", rows, b"t.csv"), b"t.csv", "an")
    again = db.import_result(make_result("targets", rows, b"t.xlsx"), b"t.xlsx", "an")
    assert again == ImportOutcome(1, 1, 0, 0, rows_skipped=1)
    corrected = _targets([("13291", "2023-05-31", 15900, 10150)])
    fixed = db.import_result(make_result("targets", corrected, b"t2"), b"t2", "an")
    assert fixed == ImportOutcome(2, None, 1, 0)
    assert db.targets()["eligible"].tolist() == [15900]


def test_the_same_rows_as_another_kind_are_not_a_match(db):
    from tests.store.test_store import _targets

    db.import_result(make_result("visits", _visits(2), b"v"), b"v", "an")
    rows = _targets([("13291", "2023-02-13", 1, 1)])
    assert db.import_result(make_result("targets", rows, b"t"), b"t", "an").duplicate_of is None


def test_an_undone_batchs_rows_are_new_again(db):
    db.import_result(make_result("visits", _visits(3), b"a"), b"a", "an")
    db.undo_import(1, "an")
    outcome = db.import_result(make_result("visits", _visits(3), b"b"), b"b", "an")
    assert outcome == ImportOutcome(2, None, 3, 0)
