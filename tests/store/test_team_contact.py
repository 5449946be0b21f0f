"""The team's contact line (issue 15): migration 8, ``Store.set_team_contacts``, ``update_teams``.

Run on SQLite and, when ``VNEID_TEST_PG_URL`` is set, on PostgreSQL (the ``db_url`` fixture).
"""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
import pytest
from sqlalchemy import create_engine, inspect

from geo.store import SCHEMA_VERSION, TEAM_COLUMNS, Store
from tests.store.test_migrations import back_to_schema_7
from tests.store.test_store import _visits, make_result

_AT = datetime(2023, 3, 14, 20, 0)


@pytest.fixture
def db(db_url):
    store = Store(db_url, now=lambda: _AT)
    store.update_teams(pd.DataFrame({"name": ["Tổ 1", "Tổ 2"], "members": [2, 3]}), "an")
    yield store
    store.close()


def _contacts(db: Store) -> dict[str, object]:
    t = db.teams()
    return {n: (None if pd.isna(c) else c) for n, c in zip(t["name"], t["contact"], strict=True)}


def test_migration_8_adds_an_empty_contact_column(db_url):
    db = Store(db_url, now=lambda: _AT)
    db.update_teams(pd.DataFrame({"name": ["Tổ 1"], "members": [2]}), "an")
    revision = db.revision()
    db.close()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        back_to_schema_7(conn)
    assert "contact" not in {c["name"] for c in inspect(engine).get_columns("team")}
    engine.dispose()

    again = Store(db_url, now=lambda: _AT)
    try:
        assert again.schema_version() == SCHEMA_VERSION == 10
        assert again.revision() == revision  # a migration is not a write of the data
        assert again.teams().columns.tolist() == TEAM_COLUMNS
        assert again.teams()[["name", "members"]].to_dict("records") == [
            {"name": "Tổ 1", "members": 2}
        ]
        assert _contacts(again) == {"Tổ 1": None}
        assert again.set_team_contacts({"Tổ 1": "0912 345 678"}, "an") == 1
        assert _contacts(again) == {"Tổ 1": "0912 345 678"}
    finally:
        again.close()


def test_set_team_contacts_sets_clears_and_audits(db):
    before = db.revision()
    assert db.set_team_contacts({"Tổ 1": "Đ/c Minh – 0912 345 678"}, "hoa") == 1
    assert _contacts(db) == {"Tổ 1": "Đ/c Minh – 0912 345 678", "Tổ 2": None}
    assert db.revision() == before + 1
    last = db.audit_log().iloc[-1]
    assert (last["user"], last["action"]) == ("hoa", "update_teams")
    assert json.loads(last["detail"]) == {"teams": ["Tổ 1"]}
    db.set_team_contacts({"Tổ 1": "  ", "Tổ 2": "0226 3852 123"}, "hoa")
    assert _contacts(db) == {"Tổ 1": None, "Tổ 2": "0226 3852 123"}
    db.set_team_contacts({"Tổ 2": None}, "hoa")
    assert _contacts(db) == {"Tổ 1": None, "Tổ 2": None}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912 345 678", "0912 345 678"),
        ("  Đ/c Minh\n0912\t345 678  ", "Đ/c Minh 0912 345 678"),  # one line
        ("**Tổ 1** <b>x</b> =1+1", "**Tổ 1** <b>x</b> =1+1"),  # user text, kept as typed
        ("x" * 200, "x" * 200),
    ],
)
def test_contact_is_stored_as_one_line_of_plain_text(db, typed, stored):
    db.set_team_contacts({"Tổ 2": typed}, "an")
    assert _contacts(db)["Tổ 2"] == stored


def test_a_contact_too_long_writes_nothing(db):
    db.set_team_contacts({"Tổ 1": "0912 345 678"}, "an")
    before = db.revision()
    with pytest.raises(ValueError, match="200 ký tự"):
        db.set_team_contacts({"Tổ 2": "0226 3852 123", "Tổ 1": "x" * 201}, "an")
    assert _contacts(db) == {"Tổ 1": "0912 345 678", "Tổ 2": None}
    assert db.revision() == before


def test_update_teams_without_contact_keeps_it(db):
    """The edits of members and bases (and the demo's) leave the contact line alone."""
    db.set_team_contacts({"Tổ 1": "0912 345 678"}, "an")
    db.update_teams(pd.DataFrame({"name": ["Tổ 1"], "members": [5], "base_lat": [20.5]}), "an")
    got = db.teams().set_index("name").loc["Tổ 1"]
    assert (got["members"], got["base_lat"], got["contact"]) == (5, 20.5, "0912 345 678")


def test_update_teams_with_contact_column(db):
    """The planner's team table saves members, bases and contacts in one write."""
    frame = pd.DataFrame(
        {
            "name": ["Tổ 1", "Tổ 2"],
            "members": pd.array([4, None], dtype="Int64"),
            "contact": ["0912 345 678", None],  # None: unchanged
        }
    )
    before = db.revision()
    assert db.update_teams(frame, "an") == 2
    assert db.revision() == before + 1
    assert _contacts(db) == {"Tổ 1": "0912 345 678", "Tổ 2": None}
    assert db.teams()["members"].tolist() == [4, 3]


def test_an_import_keeps_the_contacts(db):
    db.set_team_contacts({"Tổ 1": "0912 345 678"}, "an")
    db.import_result(make_result("visits", _visits(2), b"two"), b"two", "an")
    assert _contacts(db) == {"Tổ 1": "0912 345 678", "Tổ 2": None}
