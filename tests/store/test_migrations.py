"""Migration 7 (issue 13): row fingerprints, their unique indexes, copies stored twice removed.

Migration 8 (issue 15, the team contact line) is tested in ``tests/store/test_team_contact.py``.

Run on SQLite and, when ``VNEID_TEST_PG_URL`` is set, on PostgreSQL (the ``db_url`` fixture).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import create_engine, func, insert, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from geo.ingest.fingerprint import fingerprints
from geo.store import SCHEMA_VERSION, Store, tables
from tests.store.test_store import _targets, _visits, make_result

_AT = datetime(2023, 3, 14, 20, 0)


def back_to_schema_9(conn: Connection) -> None:
    """Undo migration 10 on a database made by this code (what a version-9 database looks like)."""
    conn.execute(text("DROP TABLE report_draft"))
    conn.execute(tables.schema_version.delete().where(tables.schema_version.c.version == 10))


def back_to_schema_8(conn: Connection) -> None:
    """Undo migrations 10 and 9 on a database made by this code (a version-8 database)."""
    back_to_schema_9(conn)
    conn.execute(text("DROP TABLE home_request"))
    conn.execute(tables.schema_version.delete().where(tables.schema_version.c.version == 9))


def back_to_schema_7(conn: Connection) -> None:
    """Undo migrations 10 to 8 on a database made by this code (a version-7 database)."""
    back_to_schema_8(conn)
    conn.execute(text("ALTER TABLE team DROP COLUMN contact"))
    conn.execute(tables.schema_version.delete().where(tables.schema_version.c.version == 8))


def back_to_schema_6(conn: Connection) -> None:
    """Undo migrations 9, 8 and 7 on a database made by this code (a version-6 database)."""
    back_to_schema_7(conn)
    for table in ("visit", "target"):
        conn.execute(text(f"DROP INDEX IF EXISTS ux_{table}_fingerprint"))
        conn.execute(text(f"ALTER TABLE {table} DROP COLUMN fingerprint"))
    conn.execute(text("ALTER TABLE import_batch DROP COLUMN rows_skipped"))
    conn.execute(text("DROP TABLE import_layout"))
    conn.execute(text("DROP TABLE import_value_alias"))
    conn.execute(tables.schema_version.delete().where(tables.schema_version.c.version == 7))


def _columns(table: Any) -> list[Any]:
    """The columns of a version-6 ``visit`` / ``target`` (no fingerprint)."""
    return [c for c in table.c if c.name != "fingerprint"]


def copy_rows(conn: Connection, table: Any, source: int, target_batch: int, n: int) -> None:
    """Copy the first ``n`` rows of batch ``source`` into batch ``target_batch`` (version 6)."""
    q = select(*_columns(table)).where(table.c.import_id == source).order_by(table.c.id).limit(n)
    rows = [
        {k: v for k, v in r.items() if k != "id"} | {"import_id": target_batch}
        for r in conn.execute(q).mappings()
    ]
    conn.execute(insert(table), rows)


def batch_row(batch_id: int, kind: str, rows_ok: int) -> dict[str, Any]:
    return {
        "id": batch_id,
        "kind": kind,
        "file_name": f"copy{batch_id}.csv",
        "sha256": f"sha{batch_id}",
        "size": 1,
        "raw_bytes": b"a",
        "user": "an",
        "at": _AT,
        "rows_ok": rows_ok,
        "rows_rejected": 0,
    }


def _count(store: Store, table: Any, *where: Any) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


@pytest.fixture
def v6_with_copies(db_url):
    """A version-6 database: batches 1, 2 (visits), 3 (targets) imported by this code, then
    batch 4 holding copies of 2 rows of batch 1 and one new row, batch 5 a copy of batch 3,
    and in batch 2 a third row repeating its first (another note)."""
    db = Store(db_url, now=lambda: _AT)
    db.import_result(make_result("visits", _visits(3), b"one"), b"one", "an")
    db.import_result(make_result("visits", _visits(2, day="2023-02-14"), b"two"), b"two", "an")
    targets = _targets([("13291", "2023-05-31", 15800, 10150), ("13540", "2023-05-31", 6100, 0)])
    db.import_result(make_result("targets", targets, b"three"), b"three", "an")
    db.close()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        back_to_schema_6(conn)
        conn.execute(insert(tables.import_batch), [batch_row(4, "visits", 3)])
        conn.execute(insert(tables.import_batch), [batch_row(5, "targets", 2)])
        copy_rows(conn, tables.visit, 1, 4, 2)
        new = select(*_columns(tables.visit)).where(tables.visit.c.import_id == 1).limit(1)
        row = dict(conn.execute(new).mappings().one())
        row.pop("id")
        conn.execute(
            insert(tables.visit),
            [{**row, "import_id": 4, "date": pd.Timestamp("2023-02-20").date()}],
        )
        copy_rows(conn, tables.target, 3, 5, 2)
        copy_rows(conn, tables.visit, 2, 2, 1)
        conn.execute(
            tables.visit.update()
            .where(tables.visit.c.id == select(func.max(tables.visit.c.id)).scalar_subquery())
            .values(note="nhập lại")
        )
        conn.execute(
            tables.import_batch.update().where(tables.import_batch.c.id == 2).values(rows_ok=3)
        )
    engine.dispose()
    return db_url


def test_migration_7_removes_the_later_copies(v6_with_copies):
    db = Store(v6_with_copies, now=lambda: _AT)
    try:
        assert db.schema_version() == SCHEMA_VERSION == 10
        b = db.batches().set_index("id").sort_index()
        assert b["rows_ok"].tolist() == [3, 2, 2, 1, 0]
        assert b["rows_skipped"].tolist() == [0, 1, 0, 2, 2]
        assert _count(db, tables.visit) == 3 + 2 + 1 and _count(db, tables.target) == 2
        v = db.visits()
        assert v.groupby("import_id").size().to_dict() == {1: 3, 2: 2, 4: 1}
        assert v["note"].isna().all()  # the copy with the note was the later one
        log = db.audit_log()
        last = log.iloc[-1]
        assert (last["user"], last["action"]) == ("schema-7", "migration_dedup")
        assert json.loads(last["detail"]) == {
            "batches": {"2": 1, "4": 2, "5": 2},
            "rows_removed": 5,
        }
        for table in ("visit", "target"):
            unique = {i["name"]: i["unique"] for i in inspect(db.engine).get_indexes(table)}
            assert unique[f"ux_{table}_fingerprint"]
    finally:
        db.close()


def test_the_stored_fingerprints_are_those_of_the_readers_rows(v6_with_copies):
    """What the migration computes from the stored rows equals what an import computes."""
    db = Store(v6_with_copies, now=lambda: _AT)
    try:
        with db.engine.connect() as conn:
            q = select(tables.visit.c.fingerprint).where(tables.visit.c.import_id == 1)
            stored = conn.execute(q.order_by(tables.visit.c.id)).scalars().all()
        assert stored == fingerprints(_visits(3), "visits").tolist()
        again = db.import_result(
            make_result("visits", _visits(3), b"one again"), b"one again", "an"
        )
        assert (again.duplicate_of, again.rows_skipped) == (1, 3)
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            copy = conn.execute(select(tables.visit).limit(1)).mappings().one()
            conn.execute(insert(tables.visit), [{k: v for k, v in copy.items() if k != "id"}])
    finally:
        db.close()


def test_migration_7_on_a_database_without_copies_writes_no_audit_row(db_url):
    db = Store(db_url, now=lambda: _AT)
    db.import_result(make_result("visits", _visits(2), b"a"), b"a", "an")
    revision = db.revision()
    db.close()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        back_to_schema_6(conn)
    engine.dispose()
    db = Store(db_url, now=lambda: _AT)
    try:
        assert db.schema_version() == 10 and db.revision() == revision
        assert db.audit_log()["action"].tolist() == ["import"]
        assert db.batches()["rows_skipped"].tolist() == [0]
        assert db.saved_mapping("visits", "k") is None
    finally:
        db.close()
