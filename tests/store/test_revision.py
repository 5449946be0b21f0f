"""Tests of the store revision (geo.store.audit): every write bumps it, nothing else does.

Run on SQLite and, when ``VNEID_TEST_PG_URL`` is set, on PostgreSQL (the ``db_url`` fixture).
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import create_engine, delete, event, inspect, select

from geo.store import SCHEMA_VERSION, Store, audit, frames, tables
from tests.conftest import registry_frame
from tests.store.test_store import _targets, _visits, make_result

_SCHEDULE = pd.DataFrame(
    {"date": pd.to_datetime(["2023-06-01"]), "team": ["Tổ 1"], "code": ["13291"]}
)
_COMMUNES = registry_frame(
    [
        ("13291", "Lê Hồng Phong", "phường", "347", "Thành phố Phủ Lý", 20605, 20.537, 105.918),
        ("13540", "An Nội", "xã", "352", "Huyện Bình Lục", None, None, None),
    ]
)


@pytest.fixture
def db(db_url):
    store = Store(db_url, now=lambda: datetime(2023, 3, 14, 20, 0))
    yield store
    store.close()


@pytest.fixture
def busy(db):
    """Batches 1 (visits), 2 (targets), 3 (undone), a team edit, plans 1 (published), 2 (draft)."""
    targets = _targets([("13291", "2023-02-13", 9, 3)])
    for kind, frame, raw in [
        ("visits", _visits(5), b"five visits"),
        ("targets", targets, b"targets"),
        ("visits", _visits(1, day="2023-02-14"), b"undone"),
    ]:
        db.import_result(make_result(kind, frame, raw), raw, "an")
    db.undo_import(3, "an")
    db.update_teams(pd.DataFrame({"name": ["Tổ 1"], "members": [2]}), "an")
    db.publish_plan(_save(db), "an")
    _save(db)
    db.sync_communes(_COMMUNES)
    return db


def _save(db: Store, schedule: pd.DataFrame = _SCHEDULE) -> int:
    return db.save_plan(
        schedule, params={"n": 1}, user="an", start=date(2023, 6, 1), days=7, method="greedy"
    )


def _read_everything(db: Store) -> None:
    db.is_empty(), db.schema_version(), db.communes(), db.communes("2020-2024")
    db.visits(), db.targets(), db.targets(latest_only=False), db.teams(), db.batches()
    db.audit_log(), db.plans(), db.published_plan()
    for batch_id in db.batches()["id"]:
        db.raw_file(batch_id)
    for plan_id in db.plans()["id"]:
        db.plan_assignments(plan_id)


def test_new_database_starts_at_zero(db):
    assert db.revision() == 0
    assert db.schema_version() == SCHEMA_VERSION == 10


def test_reads_never_change_the_revision(busy):
    before = busy.revision()
    _read_everything(busy)
    assert busy.revision() == before


_WRITES = {
    "import visits": lambda db: db.import_result(
        make_result("visits", _visits(3, team="Tổ 2"), b"new"), b"new", "an"
    ),
    "import targets": lambda db: db.import_result(
        make_result("targets", _targets([("13540", "2023-05-31", 7, 4)]), b"t2"), b"t2", "an"
    ),
    "undo visits": lambda db: db.undo_import(1, "an"),
    "undo targets": lambda db: db.undo_import(2, "an"),
    "update teams": lambda db: db.update_teams(
        pd.DataFrame({"name": ["Tổ 1"], "base_lat": [20.5], "base_lon": [105.9]}), "an"
    ),
    "save plan": _save,
    "publish a draft": lambda db: db.publish_plan(2, "an"),
    "publish again": lambda db: db.publish_plan(1, "an"),
    "sync changed communes": lambda db: db.sync_communes(
        _COMMUNES.assign(population_2019=pd.array([20606, None], dtype="Int64"))
    ),
    "sync fewer communes": lambda db: db.sync_communes(_COMMUNES.iloc[:1]),
    "sync a new version": lambda db: db.sync_communes(_COMMUNES.assign(version="2025-07")),
}


@pytest.mark.parametrize("write", list(_WRITES), ids=list(_WRITES))
def test_each_write_bumps_the_revision_once(busy, write):
    before = busy.revision()
    _WRITES[write](busy)
    assert busy.revision() == before + 1


def test_the_fixture_writes_counted(busy):
    assert busy.revision() == 9  # 3 imports, undo, team edit, 2 saves, publish, communes sync


_NO_OPS = {
    # archived, not imported: nothing a page shows changes (issue 13)
    "import of a file with every row rejected": lambda db: db.import_result(
        make_result("visits", _visits(0), b"bad", file_errors=["Không đọc được tệp."]),
        b"bad",
        "an",
    ),
    "duplicate import": lambda db: db.import_result(
        make_result("visits", _visits(5), b"five visits"), b"five visits", "chi"
    ),
    "sync the same communes": lambda db: db.sync_communes(_COMMUNES),
    "sync the same communes in another order": lambda db: db.sync_communes(_COMMUNES.iloc[::-1]),
}


@pytest.mark.parametrize("write", list(_NO_OPS), ids=list(_NO_OPS))
def test_writes_that_store_nothing_keep_the_revision(busy, write):
    before = busy.revision()
    _NO_OPS[write](busy)
    assert busy.revision() == before


def test_duplicate_import_is_still_audited(busy):
    _NO_OPS["duplicate import"](busy)
    assert busy.audit_log()["action"].tolist()[-1] == "import_duplicate"


_REFUSED = {
    "sha mismatch": (
        lambda db: db.import_result(make_result("visits", _visits(1), b"x"), b"y", "an"),
        ValueError,
    ),
    "bad kind": (
        lambda db: db.import_result(make_result("plans", _visits(1), b"x"), b"x", "an"),
        ValueError,
    ),
    "undo unknown batch": (lambda db: db.undo_import(42, "an"), KeyError),
    "undo an undone batch": (lambda db: db.undo_import(3, "an"), ValueError),
    "empty plan": (lambda db: _save(db, _SCHEDULE.iloc[:0]), ValueError),
    "publish unknown plan": (lambda db: db.publish_plan(99, "an"), KeyError),
    "NOT NULL violation": (
        lambda db: db.import_result(
            make_result("visits", _visits(3).assign(code=["1", None, "2"]), b"n"), b"n", "an"
        ),
        Exception,
    ),
}


@pytest.mark.parametrize("case", list(_REFUSED), ids=list(_REFUSED))
def test_refused_writes_keep_the_revision(busy, case):
    write, error = _REFUSED[case]
    before = busy.revision()
    with pytest.raises(error):
        write(busy)
    assert busy.revision() == before


def test_crash_mid_import_rolls_the_revision_back(busy, monkeypatch):
    before = busy.revision()
    monkeypatch.setattr(frames, "CHUNK_SIZE", 10)

    def flaky(conn, table, rows):
        raise OSError("disk unplugged")

    monkeypatch.setattr(frames, "_insert_rows", flaky)
    raw = b"fifty rows"
    with pytest.raises(OSError, match="disk unplugged"):
        busy.import_result(make_result("visits", _visits(50), raw), raw, "an")
    assert busy.revision() == before


def test_error_after_the_bump_rolls_it_back_with_its_audit_row(busy):
    before, rows = busy.revision(), len(busy.audit_log())
    with pytest.raises(RuntimeError, match="after"), busy.engine.begin() as conn:
        audit.record_change(conn, busy._now, "an", "update_teams", {"teams": []})
        assert conn.execute(select(tables.revision.c.number)).scalar() == before + 1
        raise RuntimeError("after the bump")
    assert busy.revision() == before and len(busy.audit_log()) == rows


def test_a_second_store_on_the_same_url_sees_every_bump(db, db_url):
    other = Store(db_url)
    try:
        assert other.revision() == db.revision() == 0
        db.update_teams(pd.DataFrame({"name": ["Tổ 1"]}), "an")
        assert other.revision() == 1
        other.import_result(make_result("visits", _visits(2), b"v"), b"v", "bình")
        assert db.revision() == 2
        assert db.visits()["activated"].sum() == 3
    finally:
        other.close()


def test_revision_is_read_with_one_primary_key_select(busy):
    seen = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()))

    event.listen(busy.engine, "before_cursor_execute", capture)
    try:
        busy.revision()
    finally:
        event.remove(busy.engine, "before_cursor_execute", capture)
    assert len(seen) == 1
    assert seen[0].startswith("SELECT revision.number FROM revision WHERE revision.id =")


def test_version_2_database_gets_the_revision_without_losing_data(db_url):
    """A database written by the code of schema version 2 is migrated to version 3."""
    engine = create_engine(db_url)
    old = [t for t in tables.metadata.sorted_tables if t.name != "revision"]
    tables.metadata.create_all(engine, tables=old)
    with engine.begin() as conn:
        for version in (1, 2):
            conn.execute(
                tables.schema_version.insert().values(version=version, applied_at=datetime.now())
            )
        conn.execute(tables.team.insert().values(name="Tổ 1", members=2))
    assert "revision" not in inspect(engine).get_table_names()
    engine.dispose()

    db = Store(db_url)
    try:
        assert db.schema_version() == 10 and db.revision() == 0
        assert db.teams()["name"].tolist() == ["Tổ 1"]
        db.update_teams(pd.DataFrame({"name": ["Tổ 1"], "members": [3]}), "an")
        assert db.revision() == 1
    finally:
        db.close()
    again = Store(db_url)  # reopening runs no migration and keeps the number
    assert again.revision() == 1
    again.close()


def test_missing_revision_row_refuses_writes(db):
    with db.engine.begin() as conn:
        conn.execute(delete(tables.revision))
    with pytest.raises(RuntimeError, match="revision"):
        db.update_teams(pd.DataFrame({"name": ["Tổ 1"]}), "an")
    assert db.teams().empty and db.audit_log().empty
    with pytest.raises(RuntimeError, match="revision"):
        db.revision()
