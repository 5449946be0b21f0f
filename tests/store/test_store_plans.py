"""Tests of the plan storage of geo.store: save, publish, current plan, audit, migration 2.

Run on SQLite and, when ``VNEID_TEST_PG_URL`` is set, on PostgreSQL (same fixtures as
tests/test_store.py).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import create_engine, delete, inspect, select

from geo import store as store_mod
from geo.store import ASSIGNMENT_COLUMNS, PLAN_COLUMNS, Store, tables


@pytest.fixture
def clock():
    """A clock that advances one minute per call from 31/05/2023 12:00 UTC."""
    state = {"t": datetime(2023, 5, 31, 12, 0)}

    def now() -> datetime:
        state["t"] += timedelta(minutes=1)
        return state["t"]

    return now


@pytest.fixture
def db(db_url, clock):
    store = Store(db_url, now=clock)
    yield store
    store.close()


@pytest.fixture
def schedule() -> pd.DataFrame:
    """Three assignments shaped like ``geo.planning.build_schedule`` output (unsorted)."""
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-02", "2023-06-01", "2023-06-01"]),
            "team": ["Tổ 1", "Tổ 2", "Tổ 1"],
            "code": ["13540", "13291", "13291"],
            "name": ["An Nội", "Lê Hồng Phong", "Lê Hồng Phong"],
            "members": [2.0, 3.0, 2.0],
            "window_start": ["16:15", "18:10", "18:10"],
            "window_end": ["19:15", "21:20", "21:20"],
            "travel_min": [15.0, 10.0, 10.0],
            "usable_min": [180.0, 190.0, 190.0],
            "expected_activations": [25.5, np.nan, 30.25],
            "reason": ["Còn 4.210 người chưa kích hoạt", None, "lần 2 trong kỳ"],
        }
    )


def _save(db: Store, schedule: pd.DataFrame, **kw) -> int:
    args = {
        "params": {"target": 0.8, "days_off": [6, date(2023, 6, 3)], "n": np.int64(3)},
        "user": "an",
        "start": date(2023, 6, 1),
        "days": 14,
        "method": "milp",
    }
    args.update(kw)
    return db.save_plan(schedule, **args)


def test_new_database_has_the_plan_tables_at_schema_version_2(db):
    names = set(inspect(db.engine).get_table_names())
    assert {"plan", "assignment"} <= names
    assert db.schema_version() == store_mod.SCHEMA_VERSION == 10
    assert db.plans().empty and list(db.plans().columns) == PLAN_COLUMNS
    assert db.published_plan() is None


def test_version_1_database_is_migrated_without_losing_data(db_url, clock):
    """A database created by the code of version 1 gets the two tables, data kept."""
    engine = create_engine(db_url)
    old = [t for t in tables.metadata.sorted_tables if t.name not in ("plan", "assignment")]
    tables.metadata.create_all(engine, tables=old)
    with engine.begin() as conn:
        conn.execute(tables.schema_version.insert().values(version=1, applied_at=clock()))
        conn.execute(tables.team.insert().values(name="Tổ 1", members=2))
    assert "plan" not in inspect(engine).get_table_names()
    engine.dispose()

    db = Store(db_url, now=clock)
    assert {"plan", "assignment"} <= set(inspect(db.engine).get_table_names())
    assert db.schema_version() == 10
    assert db.teams()["name"].tolist() == ["Tổ 1"]
    with db.engine.connect() as conn:
        versions = conn.execute(select(tables.schema_version.c.version)).scalars().all()
    assert sorted(versions) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert _save(db, pd.DataFrame({"date": ["2023-06-01"], "team": ["Tổ 1"], "code": ["1"]}))
    db.close()


def test_save_plan_stores_plan_and_assignments_as_draft(db, schedule):
    plan_id = _save(db, schedule)
    assert plan_id == 1
    plans = db.plans()
    assert len(plans) == 1
    p = plans.iloc[0]
    assert (p["id"], p["created_by"], p["method"], p["status"]) == (1, "an", "milp", "draft")
    assert p["created_at"] == pd.Timestamp("2023-05-31 12:02")  # 12:01: schema version row
    assert p["horizon_start"] == pd.Timestamp("2023-06-01") and p["horizon_days"] == 14
    assert p["params"] == {"target": 0.8, "days_off": [6, "2023-06-03"], "n": 3}
    assert pd.isna(p["published_at"]) and pd.isna(p["published_by"])
    assert p["assignments"] == 3
    assert p["expected_activations"] == pytest.approx(55.75)  # NaN row counts as nothing

    a = db.plan_assignments(plan_id)
    assert list(a.columns) == ASSIGNMENT_COLUMNS
    assert a["date"].dtype == "datetime64[ns]"
    assert a["date"].dt.strftime("%d/%m").tolist() == ["01/06", "01/06", "02/06"]
    assert a["team"].tolist() == ["Tổ 1", "Tổ 2", "Tổ 1"]
    assert a["code"].tolist() == ["13291", "13291", "13540"]
    assert a["window_start"].tolist() == ["18:10", "18:10", "16:15"]
    assert a["travel_min"].tolist() == [10.0, 10.0, 15.0]
    assert a["expected_activations"].iloc[0] == 30.25 and pd.isna(a["expected_activations"][1])
    assert a["reason"][[0, 2]].tolist() == ["lần 2 trong kỳ", "Còn 4.210 người chưa kích hoạt"]
    assert pd.isna(a["reason"][1])
    assert (a["plan_id"] == 1).all()


def test_save_plan_writes_an_audit_row(db, schedule):
    plan_id = _save(db, schedule, user="bình", method="greedy")
    log = db.audit_log()
    assert log["action"].tolist() == ["save_plan"]
    assert log["user"].tolist() == ["bình"]
    assert json.loads(log["detail"].iloc[0]) == {
        "plan_id": plan_id,
        "assignments": 3,
        "method": "greedy",
        "horizon_start": "2023-06-01",
        "horizon_days": 14,
    }


@pytest.mark.parametrize(
    "frame, message",
    [
        (pd.DataFrame(columns=["date", "team", "code"]), "trống"),
        (pd.DataFrame({"date": ["2023-06-01"], "team": ["Tổ 1"]}), "thiếu cột: code"),
    ],
)
def test_save_plan_refuses_empty_or_incomplete_schedules(db, frame, message):
    with pytest.raises(ValueError, match=message):
        _save(db, frame)
    assert db.plans().empty and db.audit_log().empty


def test_publish_makes_the_plan_current_and_is_audited(db, schedule):
    first = _save(db, schedule)
    assert db.published_plan() is None  # a draft is not current
    db.publish_plan(first, "chỉ huy")
    plan_id, a = db.published_plan()
    assert plan_id == first and len(a) == 3
    p = db.plans().set_index("id").loc[first]
    assert p["status"] == "published" and p["published_by"] == "chỉ huy"
    assert p["published_at"] == pd.Timestamp("2023-05-31 12:04")  # 12:03: save audit row
    log = db.audit_log()
    assert log["action"].tolist() == ["save_plan", "publish_plan"]
    assert json.loads(log["detail"].iloc[-1]) == {
        "plan_id": first,
        "assignments": 3,
        "republished": False,
    }


def test_latest_published_plan_is_current_and_drafts_never_are(db, schedule):
    first = _save(db, schedule)
    second = _save(db, schedule.iloc[:1])
    third = _save(db, schedule.iloc[1:])
    db.publish_plan(second, "an")
    db.publish_plan(first, "an")
    assert db.published_plan()[0] == first  # published later than the second
    assert db.plans()["status"].tolist() == ["draft", "published", "published"]  # newest first
    assert db.plans()["id"].tolist() == [third, second, first]
    db.publish_plan(second, "an")  # publish again: current again
    plan_id, a = db.published_plan()
    assert plan_id == second and a["code"].tolist() == ["13540"]
    assert json.loads(db.audit_log()["detail"].iloc[-1])["republished"] is True


def test_unknown_plan_raises_key_error(db):
    with pytest.raises(KeyError):
        db.publish_plan(7, "an")
    with pytest.raises(KeyError):
        db.plan_assignments(7)
    assert db.audit_log().empty


def test_numpy_ids_and_plan_without_assignments_rows(db, schedule):
    plan_id = _save(db, schedule)
    db.publish_plan(np.int64(plan_id), "an")
    with db.engine.begin() as conn:  # a plan whose assignments are gone still lists
        conn.execute(delete(tables.assignment))
    p = db.plans().iloc[0]
    assert p["assignments"] == 0 and pd.isna(p["expected_activations"])
    assert db.plan_assignments(np.int64(plan_id)).empty
