"""Tests of geo.store.sessions and the password-less sign-ins: tokens, idle timeout, sign-out,
disabled accounts, demo and single sign-on, the audit's origin, and no secret in the database."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from geo.access import Scope, User
from geo.store import Store, tables
from geo.store.audit import origin
from geo.store.sessions import TOUCH_EVERY, token_hash

T0 = datetime(2023, 3, 14, 18, 0)
IDLE = timedelta(minutes=30)
PASSWORD = "Phủ Lý 2023!"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def db(db_url, clock):
    store = Store(db_url, now=clock)
    store.add_account("hoa", "clerk", Scope.district("347"), PASSWORD, by="an", must_change=False)
    yield store
    store.close()


def _sessions(store: Store) -> list[dict]:
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(tables.sign_in_session))]


HOA = User("hoa", "clerk", Scope.district("347"))


def test_a_session_resumes_until_it_has_been_idle_for_the_timeout(db, clock):
    token = db.open_session("hoa", "password")
    clock.now = T0 + timedelta(minutes=29)
    assert db.resume_session(token, idle=IDLE) == HOA
    # that resume was an action: the idle time starts again from 18:29
    clock.now = T0 + timedelta(minutes=58)
    assert db.resume_session(token, idle=IDLE) == HOA
    clock.now = T0 + timedelta(minutes=58 + 31)
    assert db.resume_session(token, idle=IDLE) == "expired"
    assert db.resume_session(token, idle=IDLE) == "ended"  # an ended session never comes back
    [row] = _sessions(db)
    assert (row["end_reason"], row["ended_at"]) == ("expired", T0 + timedelta(minutes=89))
    log = db.audit_log(actions=["session_expired"])
    assert log["user"].tolist() == ["hoa"]
    assert json.loads(log["detail"].iloc[0]) == {"idle_min": 30}


def test_last_seen_is_written_at_most_once_a_minute(db, clock):
    token = db.open_session("hoa", "password")
    clock.now = T0 + TOUCH_EVERY - timedelta(seconds=1)
    db.resume_session(token, idle=IDLE)
    assert _sessions(db)[0]["last_seen_at"] == T0
    clock.now = T0 + TOUCH_EVERY
    db.resume_session(token, idle=IDLE)
    assert _sessions(db)[0]["last_seen_at"] == T0 + TOUCH_EVERY


def test_looking_at_a_session_never_keeps_it_alive(db, clock):
    token = db.open_session("hoa", "password")
    clock.now = T0 + timedelta(minutes=20)
    assert db.resume_session(token, idle=IDLE, touch=False) == HOA
    clock.now = T0 + timedelta(minutes=31)
    assert db.resume_session(token, idle=IDLE, touch=False) == "expired"
    assert _sessions(db)[0]["ended_at"] is None  # only looked: nothing written
    assert db.audit_log(actions=["session_expired"]).empty
    assert db.resume_session(token, idle=IDLE) == "expired"  # a run ends it


@pytest.mark.parametrize("token", [None, "", "không-có-phiên-này"])
def test_an_unknown_token_is_nobody(db, token):
    assert db.resume_session(token, idle=IDLE) == "unknown"


def test_sign_out_ends_the_session_and_is_audited(db, clock):
    token = db.open_session("hoa", "password")
    with origin("10.0.0.7"):
        assert db.end_session(token) is True
    assert db.end_session(token) is False  # twice: nothing more to end
    assert db.resume_session(token, idle=IDLE) == "ended"
    log = db.audit_log(actions=["sign_out"])
    assert log[["user", "origin"]].values.tolist() == [["hoa", "10.0.0.7"]]


def test_disabling_an_account_ends_its_sessions(db):
    token = db.open_session("hoa", "password")
    db.add_account("an", "admin", Scope.province(), PASSWORD, by="cli", must_change=False)
    db.set_disabled("hoa", True, by="an")
    assert db.resume_session(token, idle=IDLE) == "ended"
    assert db.authenticate("hoa", PASSWORD) == (
        "Tài khoản người dùng này đã bị vô hiệu hóa; hãy liên hệ quản trị viên."
    )
    db.set_disabled("hoa", False, by="an")
    assert db.authenticate("hoa", PASSWORD) == HOA
    actions = db.audit_log(users=["an"])["action"].tolist()
    assert actions == ["account_create", "account_disable", "account_enable"]  # hoa, by an


def test_an_administrator_cannot_disable_itself(db):
    db.add_account("an", "admin", Scope.province(), PASSWORD, by="cli", must_change=False)
    with pytest.raises(ValueError, match="Không thể tự vô hiệu hóa"):
        db.set_disabled("An", True, by="an")


def test_the_last_administrator_cannot_be_demoted_or_disabled(db):
    db.add_account("an", "admin", Scope.province(), PASSWORD, by="cli", must_change=False)
    db.add_account("binh", "admin", Scope.province(), PASSWORD, by="cli", must_change=False)
    last = "Phải còn ít nhất một quản trị viên đang hoạt động"
    db.set_disabled("binh", True, by="an")
    with pytest.raises(ValueError, match=last):
        db.update_account("an", role="commander", scope=Scope.province(), by="an")
    db.set_disabled("binh", False, by="an")
    db.update_account("an", role="commander", scope=Scope.province(), by="binh")  # binh remains
    with pytest.raises(ValueError, match=last):
        db.set_disabled("binh", True, by="an")
    assert db.has_admin()


def test_update_account_changes_role_and_scope_and_keeps_the_before(db):
    db.update_account("hoa", role="commander", scope=Scope.province(), by="an")
    token = db.open_session("hoa", "password")
    assert db.resume_session(token, idle=IDLE) == User("hoa", "commander", Scope.province())
    detail = json.loads(db.audit_log(actions=["account_update"])["detail"].iloc[0])
    assert detail["before"] == {"role": "clerk", "scope_level": "district", "scope_codes": "347"}
    assert (detail["role"], detail["scope_level"], detail["scope_codes"]) == (
        "commander",
        "province",
        "",
    )


def test_single_sign_on_needs_an_account_made_by_the_administrator(db):
    refused = db.sign_in_without_password("lan@congan.hanam.gov.vn", "sso")
    assert refused == (
        "Tài khoản «lan@congan.hanam.gov.vn» chưa được cấp quyền trong phần mềm; hãy nhờ quản "
        "trị viên tạo tài khoản với vai trò và phạm vi."
    )
    assert db.sign_in_without_password("HOA", "sso") == HOA
    events = db.audit_log(actions=["sign_in", "sign_in_failed"])
    assert [json.loads(d)["method"] for d in events["detail"]] == ["sso", "sso"]


def test_a_demo_account_signs_in_only_by_its_button(db):
    db.add_account(
        "demo.chihuy",
        "commander",
        Scope.province(),
        PASSWORD,
        demo=True,
        must_change=False,
        by="demo",
    )
    # even with its (random, never shown) password typed in, the password sign-in refuses it
    assert db.authenticate("demo.chihuy", PASSWORD) == (
        "Tên tài khoản người dùng hoặc mật khẩu không đúng."
    )
    assert db.sign_in_without_password("demo.chihuy", "demo") == User(
        "demo.chihuy", "commander", Scope.province()
    )
    # a real account never signs in by a demo button
    assert isinstance(db.sign_in_without_password("hoa", "demo"), str)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(["password", "demo", "sso"]))
def test_the_database_holds_the_hash_of_a_token_never_the_token(db_url, method):
    store = Store(db_url, now=lambda: T0)
    try:
        token = store.open_session("ai.do", method)
        rows = _sessions(store)
        assert token_hash(token) in {r["token_hash"] for r in rows}
        assert all(token not in json.dumps(r, default=str) for r in rows)
    finally:
        store.close()
