"""Tests of geo.store.accounts: the account table, sign-in with lock-out, password change."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import String, Text, select

from geo.access import Scope, User
from geo.i18n import language
from geo.store import (
    ACCOUNT_COLUMNS,
    LOCKOUT,
    MAX_FAILED_ATTEMPTS,
    SCHEMA_VERSION,
    AccountError,
    Store,
    tables,
)

T0 = datetime(2023, 3, 14, 8, 0)
PASSWORD = "Phủ Lý 2023!"
WRONG = "Không phải mật khẩu"
LOCKED_15 = "Tài khoản người dùng tạm khóa vì đăng nhập sai nhiều lần; hãy thử lại sau 15 phút."
WRONG_REASON = "Tên tài khoản người dùng hoặc mật khẩu không đúng."


@pytest.fixture
def db(db_url):
    store = Store(db_url, now=lambda: T0)
    yield store
    store.close()


@pytest.fixture
def hoa(db):
    """A data clerk of district 347 (Phủ Lý), who must change her first password."""
    db.add_account(
        "Hoa", "clerk", Scope.district("347"), PASSWORD, display_name="Nguyễn Thị Hoa", by="an"
    )
    return db


def test_migration_4_adds_an_empty_account_table(db):
    assert SCHEMA_VERSION == 10 and db.schema_version() == 10
    assert db.accounts().columns.tolist() == ACCOUNT_COLUMNS
    assert db.accounts().empty and not db.has_admin()


def test_add_account_stores_the_row_without_the_hash_in_the_frame(hoa):
    frame = hoa.accounts()
    assert "password_hash" not in frame.columns
    assert frame.to_dict("records") == [
        {
            "id": 1,
            "username": "hoa",
            "display_name": "Nguyễn Thị Hoa",
            "role": "clerk",
            "scope_level": "district",
            "scope_codes": "347",
            "team": None,
            "must_change_password": True,
            "failed_attempts": 0,
            "locked_until": frame["locked_until"][0],  # NaT
            "created_at": T0,
            "last_sign_in_at": frame["last_sign_in_at"][0],
            "disabled": False,
            "demo": False,
        }
    ]
    assert frame["locked_until"].isna().all() and frame["last_sign_in_at"].isna().all()
    assert hoa.must_change_password("HOA") is True and not hoa.has_admin()


def test_add_account_is_audited_without_the_password_and_bumps_the_revision(hoa):
    log = hoa.audit_log()
    assert log["action"].tolist() == ["account_create"]
    assert log["user"].tolist() == ["an"]
    assert json.loads(log["detail"][0]) == {
        "username": "hoa",
        "role": "clerk",
        "scope_level": "district",
        "scope_codes": "347",
        "team": None,
        "demo": False,
    }
    assert hoa.revision() == 1


def test_commune_scope_codes_are_sorted_and_come_back_as_a_scope(db):
    db.add_account("to1", "team_leader", Scope.commune("13306", "13291"), PASSWORD,
                   team="Tổ 1", by="an")  # fmt: skip
    assert db.accounts()["scope_codes"].tolist() == ["13291,13306"]
    assert db.authenticate("to1", PASSWORD, now=T0) == User(
        "to1", "team_leader", Scope.commune("13291", "13306"), "Tổ 1"
    )


@pytest.mark.parametrize("again", ["hoa", "HOA", " Hoa ", "hOa"])
def test_a_duplicate_username_in_any_case_is_refused(hoa, again):
    with pytest.raises(AccountError, match=r"^Đã có tài khoản người dùng «hoa»\.$"):
        hoa.add_account(again, "admin", Scope.province(), "Khác hẳn 2024", by="an")
    assert len(hoa.accounts()) == 1 and hoa.revision() == 1


def test_a_duplicate_in_english(hoa):
    with language("en"), pytest.raises(AccountError) as refused:
        hoa.add_account("HOA", "admin", Scope.province(), "Khác hẳn 2024", by="an")
    assert str(refused.value) == "The user account «hoa» already exists."
    assert isinstance(refused.value, ValueError)


@pytest.mark.parametrize(
    ("username", "role", "scope", "password", "reason"),
    [
        ("lan", "clerk", Scope.province(), "ngắn", "Mật khẩu phải có ít nhất 10 ký tự."),
        ("lan.tran1", "clerk", Scope.province(), "LAN.TRAN1 ",
         "Mật khẩu không được trùng với tên tài khoản người dùng."),
        ("lan", "boss", Scope.province(), PASSWORD, "Vai trò không hợp lệ: boss."),
        ("lan", "clerk", Scope.district(), PASSWORD,
         "Phạm vi huyện hoặc xã phải có ít nhất một mã."),
        ("l", "clerk", Scope.province(), PASSWORD,
         "Tên tài khoản người dùng phải dài 2 đến 64 ký tự, gồm chữ, số và các dấu . _ - @ "
         "(không có khoảng trắng)."),
        ("trần lan", "clerk", Scope.province(), PASSWORD,
         "Tên tài khoản người dùng phải dài 2 đến 64 ký tự, gồm chữ, số và các dấu . _ - @ "
         "(không có khoảng trắng)."),
    ],
)  # fmt: skip
def test_bad_accounts_are_refused_with_a_reason_and_write_nothing(
    db, username, role, scope, password, reason
):
    with pytest.raises(AccountError) as refused:
        db.add_account(username, role, scope, password, by="an")
    assert str(refused.value) == reason
    assert db.accounts().empty and db.audit_log().empty and db.revision() == 0


def test_sign_in_succeeds_in_any_case_and_resets_the_counter(hoa):
    for minute in range(3):
        assert hoa.authenticate("hoa", WRONG, now=T0 + timedelta(minutes=minute)) == WRONG_REASON
    assert hoa.accounts()["failed_attempts"].tolist() == [3]
    user = hoa.authenticate(" HOA ", PASSWORD, now=T0 + timedelta(minutes=5))
    assert user == User("hoa", "clerk", Scope.district("347"))
    row = hoa.accounts().iloc[0]
    assert row["failed_attempts"] == 0
    assert row["last_sign_in_at"] == T0 + timedelta(minutes=5)
    actions = hoa.audit_log()["action"].tolist()
    assert actions == ["account_create"] + ["sign_in_failed"] * 3 + ["sign_in"]
    assert hoa.revision() == 1  # sign-ins change no figure


def test_an_unknown_name_gets_the_same_reason_as_a_wrong_password(hoa):
    assert hoa.authenticate("lan", PASSWORD, now=T0) == WRONG_REASON
    assert json.loads(hoa.audit_log()["detail"].iloc[-1]) == {"reason": "unknown"}


def test_lock_out_after_exactly_five_failures_for_fifteen_minutes(hoa):
    assert MAX_FAILED_ATTEMPTS == 5 and timedelta(minutes=15) == LOCKOUT
    for attempt in range(1, 5):  # failures 1-4: still open
        assert hoa.authenticate("hoa", WRONG, now=T0) == WRONG_REASON
        assert hoa.accounts()["failed_attempts"].tolist() == [attempt]
    fifth = T0 + timedelta(minutes=1)
    assert hoa.authenticate("hoa", WRONG, now=fifth) == LOCKED_15
    assert hoa.accounts()["locked_until"].tolist() == [fifth + LOCKOUT]
    # locked: even the right password is refused, and the tries are not counted
    assert hoa.authenticate("hoa", PASSWORD, now=fifth) == LOCKED_15
    assert hoa.authenticate("hoa", PASSWORD, now=fifth + timedelta(minutes=14)) == (
        "Tài khoản người dùng tạm khóa vì đăng nhập sai nhiều lần; hãy thử lại sau 1 phút."
    )
    assert hoa.authenticate("hoa", PASSWORD, now=fifth + timedelta(minutes=14, seconds=59))
    assert hoa.accounts()["failed_attempts"].tolist() == [0]
    # exactly 15 minutes later: open again
    assert isinstance(hoa.authenticate("hoa", PASSWORD, now=fifth + LOCKOUT), User)
    assert hoa.accounts()["locked_until"].isna().all()


def test_after_a_lock_expires_the_count_starts_again(hoa):
    for _ in range(5):
        hoa.authenticate("hoa", WRONG, now=T0)
    later = T0 + LOCKOUT
    assert hoa.authenticate("hoa", WRONG, now=later) == WRONG_REASON  # 1st of a new series
    assert hoa.accounts()["failed_attempts"].tolist() == [1]


def test_the_lock_message_in_english(hoa):
    for _ in range(4):
        hoa.authenticate("hoa", WRONG, now=T0)
    with language("en"):
        assert hoa.authenticate("hoa", WRONG, now=T0) == (
            "The user account is locked after too many failed sign-ins; try again in 15 minutes."
        )
        assert hoa.authenticate("x", WRONG, now=T0) == "Wrong user account name or password."


def test_change_password_checks_the_current_one_and_clears_the_flag(hoa):
    new = "Thanh Liêm 2024"
    with pytest.raises(AccountError, match=r"^Mật khẩu hiện tại không đúng\.$"):
        hoa.change_password("hoa", new, by="hoa", current_password=WRONG)
    with pytest.raises(AccountError, match=r"^Mật khẩu mới phải khác mật khẩu hiện tại\.$"):
        hoa.change_password("hoa", PASSWORD, by="hoa", current_password=PASSWORD)
    with pytest.raises(AccountError, match=r"^Mật khẩu phải có ít nhất 10 ký tự\.$"):
        hoa.change_password("hoa", "ngắn", by="hoa", current_password=PASSWORD)
    with pytest.raises(AccountError, match=r"^Không có tài khoản người dùng «lan»\.$"):
        hoa.change_password("Lan", new, by="an")
    assert hoa.revision() == 1
    hoa.change_password("HOA", new, by="hoa", current_password=PASSWORD)
    assert hoa.must_change_password("hoa") is False and hoa.revision() == 2
    assert hoa.authenticate("hoa", PASSWORD, now=T0) == WRONG_REASON
    assert isinstance(hoa.authenticate("hoa", new, now=T0), User)
    last = hoa.audit_log().query("action == 'account_password'")
    assert last["user"].tolist() == ["hoa"]
    assert json.loads(last["detail"].iloc[0]) == {"username": "hoa"}


def test_an_administrator_reset_unlocks_and_forces_a_change(hoa):
    for _ in range(5):
        hoa.authenticate("hoa", WRONG, now=T0)
    hoa.change_password("hoa", "Mật khẩu tạm 1", by="an", must_change=True)
    assert hoa.must_change_password("hoa") is True
    assert isinstance(hoa.authenticate("hoa", "Mật khẩu tạm 1", now=T0), User)


def test_a_disabled_account_cannot_sign_in(hoa):
    with hoa.engine.begin() as conn:
        conn.execute(tables.account.update().values(disabled=True))
    assert hoa.authenticate("hoa", WRONG, now=T0) == WRONG_REASON
    assert hoa.authenticate("hoa", PASSWORD, now=T0) == (
        "Tài khoản người dùng này đã bị vô hiệu hóa; hãy liên hệ quản trị viên."
    )


def test_has_admin_counts_only_enabled_administrators(db):
    db.add_account("quantri", "admin", Scope.province(), PASSWORD, must_change=False, by="cli")
    assert db.has_admin() and db.must_change_password("quantri") is False
    with db.engine.begin() as conn:
        conn.execute(tables.account.update().values(disabled=True))
    assert not db.has_admin()


def test_an_old_hash_is_replaced_at_the_next_sign_in(hoa):
    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    with hoa.engine.begin() as conn:
        conn.execute(tables.account.update().values(password_hash=old))
    assert isinstance(hoa.authenticate("hoa", PASSWORD, now=T0), User)
    with hoa.engine.connect() as conn:
        stored = conn.execute(select(tables.account.c.password_hash)).scalar()
    assert stored != old and stored.startswith("$argon2id$v=19$m=65536")


def _every_text(store: Store) -> list[str]:
    """Every value of every text column of every table of the store."""
    values = []
    with store.engine.connect() as conn:
        for table in tables.metadata.sorted_tables:
            cols = [c for c in table.columns if isinstance(c.type, String | Text)]
            if cols:
                for row in conn.execute(select(*cols)):
                    values.extend(str(v) for v in row if v is not None)
    return values


def test_passwords_are_never_stored_except_as_their_argon2_hash(hoa):
    second = "Thanh Liêm 2024"
    hoa.authenticate("hoa", WRONG, now=T0)
    hoa.authenticate("hoa", PASSWORD, now=T0)
    hoa.change_password("hoa", second, by="hoa", current_password=PASSWORD)
    hoa.authenticate("hoa", second, now=T0)
    texts = _every_text(hoa)
    for secret in (PASSWORD, second, WRONG):
        assert not [t for t in texts if secret in t]
    with hoa.engine.connect() as conn:
        (stored,) = conn.execute(select(tables.account.c.password_hash)).scalars()
    assert stored.startswith("$argon2id$")
    assert not [t for t in hoa.audit_log()["detail"] if "argon2" in t or stored in t]
