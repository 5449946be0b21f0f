"""Evening report drafts (issue 16): migration 10, ``Store.save_report_draft``, load, delete.

Run on SQLite and, when ``VNEID_TEST_PG_URL`` is set, on PostgreSQL (the ``db_url`` fixture).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import create_engine, inspect, select

from geo.store import SCHEMA_VERSION, Store, tables
from geo.store.report_drafts import MAX_DRAFT_CHARS
from tests.store.test_home_requests import Clock
from tests.store.test_migrations import back_to_schema_9

_AT = datetime(2023, 3, 14, 20, 0)  # the Clock's start
DAY = date(2023, 3, 14)
FORM = {
    "evening": {"date": DAY, "team": "Tổ 1", "code": "13291", "start": "18:00", "end": "21:30"},
    "entries": [{"place_type": "household", "place_name": "Thôn «A»", "households": 3}],
    "served": [2],
}


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db(db_url, clock):
    store = Store(db_url, now=clock)
    yield store
    store.close()


def test_migration_10_creates_the_empty_table(db_url):
    db = Store(db_url, now=lambda: _AT)
    revision = db.revision()
    db.close()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        back_to_schema_9(conn)
    assert "report_draft" not in inspect(engine).get_table_names()
    engine.dispose()
    again = Store(db_url, now=lambda: _AT)
    try:
        assert again.schema_version() == SCHEMA_VERSION == 10
        assert again.revision() == revision
        assert again.report_draft("Tổ 1", DAY) is None
    finally:
        again.close()


def test_a_draft_is_restored_by_another_store_and_deleted(db, db_url, clock):
    assert db.save_report_draft("Tổ 1", DAY, FORM, "tu") is True
    other = Store(db_url)  # a new session, another process
    try:
        draft = other.report_draft("Tổ 1", DAY)
        assert draft is not None
        assert draft.payload == {
            **FORM,
            "evening": {**FORM["evening"], "date": "2023-03-14"},  # dates come back as text
        }
        assert (draft.updated_at, draft.updated_by) == (_AT, "tu")
    finally:
        other.close()
    assert db.delete_report_draft("Tổ 1", DAY) is True
    assert db.delete_report_draft("Tổ 1", DAY) is False
    assert db.report_draft("Tổ 1", DAY) is None


def test_saving_replaces_and_the_same_form_writes_nothing(db, clock):
    db.save_report_draft("Tổ 1", DAY, FORM, "tu")
    clock.now = _AT + timedelta(minutes=5)
    assert db.save_report_draft("Tổ 1", DAY, FORM, "tu") is False
    assert db.report_draft("Tổ 1", DAY).updated_at == _AT  # untouched
    changed = {**FORM, "entries": [*FORM["entries"], {"place_type": "school"}]}
    assert db.save_report_draft("Tổ 1", DAY, changed, "ha") is True
    draft = db.report_draft("Tổ 1", DAY)
    assert len(draft.payload["entries"]) == 2
    assert (draft.updated_at, draft.updated_by) == (_AT + timedelta(minutes=5), "ha")
    with db.engine.connect() as conn:
        assert len(conn.execute(select(tables.report_draft)).all()) == 1  # one per team and date


@pytest.mark.parametrize(
    ("team", "day"),
    [("Tổ 2", DAY), ("Tổ 1", DAY + timedelta(days=1))],
)
def test_a_draft_belongs_to_one_team_and_one_evening(db, team, day):
    db.save_report_draft("Tổ 1", DAY, FORM, "tu")
    assert db.report_draft(team, day) is None
    db.save_report_draft(team, day, {"entries": []}, "ba")
    assert db.report_draft("Tổ 1", DAY).payload["entries"] == FORM["entries"]
    assert db.report_draft(team, day).payload == {"entries": []}


def test_drafts_write_no_audit_row_and_keep_the_revision(db):
    revision = db.revision()
    db.save_report_draft("Tổ 1", DAY, FORM, "tu")
    db.delete_report_draft("Tổ 1", DAY)
    assert db.revision() == revision
    assert db.audit_log().empty


def test_a_too_long_draft_is_refused(db):
    with pytest.raises(ValueError, match="more than"):
        db.save_report_draft("Tổ 1", DAY, {"note": "x" * MAX_DRAFT_CHARS}, "tu")
    assert db.report_draft("Tổ 1", DAY) is None
