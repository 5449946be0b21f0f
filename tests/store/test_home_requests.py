"""Home-visit requests (issue 16): migration 9, ``Store.add_home_request``, list, close.

Run on SQLite and, when ``VNEID_TEST_PG_URL`` is set, on PostgreSQL (the ``db_url`` fixture).
"""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest
from sqlalchemy import create_engine, inspect

from geo.store import SCHEMA_VERSION, Store
from geo.store.home_requests import HOME_REQUEST_COLUMNS, PERSONAL_COLUMNS, InvalidRequestError
from tests.store.test_migrations import back_to_schema_8

_AT = datetime(2023, 3, 14, 20, 0)
COMMUNES = pd.DataFrame(
    {
        "version": ["2024", "2024"],
        "code": ["13291", "13540"],
        "name": ["Lê Hồng Phong", "An Nội"],
        "district_code": ["347", "352"],
    }
)
VAN = {
    "code": "13291",
    "resident": "Bà Vân",
    "address": "Số 5, ngõ 12",
    "reason": "elderly",
    "phone": "+84 912 345 678",
    "requested_by": "Con trai bà Vân",
    "note": "Hai ông bà không đi lại được.\nGọi trước 30 phút.",
}
HOA = {"code": "13540", "resident": "Chị Hoa", "reason": "illness"}


class Clock:
    """A clock the test moves by hand (naive UTC)."""

    def __init__(self) -> None:
        self.now = _AT

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db(db_url, clock):
    store = Store(db_url, now=clock)
    store.sync_communes(COMMUNES)
    yield store
    store.close()


def test_migration_9_creates_the_empty_table(db_url):
    db = Store(db_url, now=lambda: _AT)
    db.update_teams(pd.DataFrame({"name": ["Tổ 1"], "members": [2]}), "an")
    revision = db.revision()
    db.close()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        back_to_schema_8(conn)
    assert "home_request" not in inspect(engine).get_table_names()
    engine.dispose()
    again = Store(db_url, now=lambda: _AT)
    try:
        assert again.schema_version() == SCHEMA_VERSION == 10
        assert again.revision() == revision  # creating a table is no write of data
        assert again.home_requests().empty
        assert list(again.home_requests().columns) == HOME_REQUEST_COLUMNS
    finally:
        again.close()


def test_add_stores_the_cleaned_request_and_audits_it_without_personal_data(db):
    before = db.revision()
    rid = db.add_home_request({**VAN, "resident": "  Bà   Vân "}, "hoa.clerk")
    assert rid == 1 and db.revision() == before + 1
    row = db.home_requests().iloc[0]
    assert row["resident"] == "Bà Vân"
    assert row["note"] == VAN["note"]  # a note keeps its line breaks
    assert (row["status"], row["recorded_by"], row["recorded_at"]) == ("open", "hoa.clerk", _AT)
    assert pd.isna(row["closed_at"]) and pd.isna(row["closed_by_import"])
    last = db.audit_log().iloc[-1]
    assert (last["user"], last["action"]) == ("hoa.clerk", "home_request_add")
    assert json.loads(last["detail"]) == {"code": "13291", "id": 1, "reason": "elderly"}
    for column in PERSONAL_COLUMNS:
        for word in str(VAN[column]).split():
            assert word not in last["detail"], (column, word)


def test_text_is_stored_as_nfc(db):
    decomposed = "Ba\u0300 Va\u0302n"  # «Bà Vân» typed with combining marks
    db.add_home_request({**HOA, "resident": decomposed}, "an")
    assert db.home_requests()["resident"].tolist() == ["Bà Vân"]


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"code": "99999"}, ["code"]),  # not a known commune
        ({"code": ""}, ["code"]),
        ({"reason": "poverty"}, ["reason"]),
        ({"resident": "   "}, ["resident"]),
        ({"resident": "x" * 201}, ["resident"]),
        ({"address": "x" * 301}, ["address"]),
        ({"note": "x" * 1001}, ["note"]),
        ({"phone": "0912-345-678"}, ["phone"]),
        ({"phone": "09123456789012345678901"}, ["phone"]),
        ({"resident": "Chị\u200b Hoa"}, ["resident"]),  # zero-width space
        ({"resident": "\u202eaoH ịhC"}, ["resident"]),  # right-to-left override
        ({"requested_by": "Tổ\x07 1"}, ["requested_by"]),  # a control character
        ({"resident": "Hoa\nLan"}, ["resident"]),  # one line only, but the note
        ({"code": "1", "reason": "x", "phone": "a"}, ["code", "phone", "reason"]),
    ],
)
def test_add_refuses_each_bad_field_and_writes_nothing(db, changes, fields):
    before = db.revision()
    with pytest.raises(InvalidRequestError) as refused:
        db.add_home_request({**HOA, **changes}, "an")
    assert sorted(refused.value.errors) == fields
    assert all(refused.value.errors.values())
    assert db.home_requests().empty and db.revision() == before
    assert db.audit_log().empty


@pytest.mark.parametrize("phone", ["0912345678", "+84 912 345 678", "", None])
def test_add_accepts_digits_plus_and_spaces_or_no_phone(db, phone):
    db.add_home_request({**HOA, "phone": phone}, "an")
    stored = db.home_requests()["phone"].iloc[0]
    assert (None if pd.isna(stored) else stored) == (phone or None)


def test_list_by_communes_and_status(db, clock):
    db.add_home_request(VAN, "an")
    clock.now = datetime(2023, 3, 15, 8, 0)
    db.add_home_request(HOA, "an")
    db.add_home_request({**HOA, "resident": "Ông Ba"}, "an")
    db.close_home_request(2, "an")
    assert db.home_requests()["id"].tolist() == [1, 2, 3]
    assert db.home_requests(codes=["13540"])["id"].tolist() == [2, 3]
    assert db.home_requests(codes=[]).empty
    assert db.home_requests(status="open")["id"].tolist() == [1, 3]
    assert db.home_requests(codes=["13540"], status="closed")["id"].tolist() == [2]


def test_close_is_idempotent_and_says_so(db, clock):
    rid = db.add_home_request(VAN, "an")
    clock.now = datetime(2023, 3, 20, 21, 30)
    assert db.close_home_request(rid, "tu.to1", batch_id=7) is True
    revision = db.revision()
    clock.now = datetime(2023, 3, 21, 9, 0)
    assert db.close_home_request(rid, "other") is False  # a no-op, and it says so
    assert db.revision() == revision
    row = db.home_requests().iloc[0]
    assert (row["status"], row["closed_by"], row["closed_by_import"]) == ("closed", "tu.to1", 7)
    assert row["closed_at"] == datetime(2023, 3, 20, 21, 30)
    log = db.audit_log()
    assert log["action"].tolist() == ["home_request_add", "home_request_close"]
    assert json.loads(log["detail"].iloc[-1]) == {"batch_id": 7, "code": "13291", "id": 1}


def test_close_of_an_unknown_request_raises(db):
    with pytest.raises(KeyError):
        db.close_home_request(42, "an")
