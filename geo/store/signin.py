"""Sign-in: the password check with lock-out, and the sign-in without a password.

A sign-in only records an event (``sign_in``, ``sign_in_failed``, ``sign_in_locked``) through
:func:`geo.store.audit.log_event`: it changes no figure a page shows, so the caches keyed on the
revision stay valid. Neither the password nor its hash ever goes into the audit log.

Lock-out: after :data:`MAX_FAILED_ATTEMPTS` wrong passwords in a row, the account is locked for
:data:`LOCKOUT` (even the right password is refused meanwhile, and those tries are not counted);
the counter starts again from 0 when the lock is set and after every successful sign-in.

The accounts themselves (creation, changes, password change) live in :mod:`geo.store.accounts`.

Examples
--------
>>> from datetime import datetime
>>> from geo.access import Scope
>>> from geo.store.accounts import add_account
>>> from geo.store.engine import make_engine
>>> from geo.store.migrations import migrate
>>> engine = make_engine("sqlite://")
>>> clock = lambda: datetime(2023, 3, 14, 8, 0)
>>> migrate(engine, clock)
>>> add_account(engine, clock, "Hoa", "clerk", Scope.district("347"), "Phủ Lý 2023", by="an")
>>> authenticate(engine, "hoa", "Phủ Lý 2023", now=clock())
User(username='hoa', role='clerk', scope=Scope(level='district', codes=frozenset({'347'})), \
team=None)
>>> authenticate(engine, "hoa", "sai mật khẩu", now=clock())
'Tên tài khoản người dùng hoặc mật khẩu không đúng.'
>>> sign_in_without_password(engine, "hoa", "demo", now=clock())  # not a demo account
'Tài khoản «hoa» chưa được cấp quyền trong phần mềm; hãy nhờ quản trị viên tạo tài khoản với \
vai trò và phạm vi.'
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine, Row

from geo.access.model import Scope, User
from geo.access.passwords import hash_password, needs_rehash, verify_password
from geo.i18n import N_, _
from geo.store.accounts import _row, normalize_username
from geo.store.audit import log_event
from geo.store.tables import account

__all__ = ["LOCKOUT", "MAX_FAILED_ATTEMPTS", "authenticate", "sign_in_without_password"]

#: Wrong passwords in a row that lock an account.
MAX_FAILED_ATTEMPTS = 5
#: How long a locked account stays locked.
LOCKOUT = timedelta(minutes=15)

_WRONG = N_("Tên tài khoản người dùng hoặc mật khẩu không đúng.")
_NO_GRANT = N_(
    "Tài khoản «{username}» chưa được cấp quyền trong phần mềm; hãy nhờ quản trị viên tạo "
    "tài khoản với vai trò và phạm vi."
)
_DISABLED = N_("Tài khoản người dùng này đã bị vô hiệu hóa; hãy liên hệ quản trị viên.")
_LOCKED = N_(
    "Tài khoản người dùng tạm khóa vì đăng nhập sai nhiều lần; hãy thử lại sau {minutes} phút."
)
# A hash to verify against when the account does not exist, so that an unknown name takes as
# long to refuse as a wrong password (made on first use).
_DUMMY: list[str] = []


def _user(row: Row[Any]) -> User:
    """Turn an account row into the :class:`geo.access.User` the policy sees.

    Returns
    -------
    geo.access.User
        Its name, role, scope and team.
    """
    codes = frozenset(c for c in (row.scope_codes or "").split(",") if c)
    return User(row.username, row.role, Scope(row.scope_level, codes), row.team)


def authenticate(engine: Engine, username: str, password: str, *, now: datetime) -> User | str:
    """Sign in: check the password, count failures, lock after too many.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    username : str
        As typed (case and surrounding spaces do not matter).
    password : str
        As typed.
    now : datetime.datetime
        The time of the attempt (naive UTC).

    Returns
    -------
    geo.access.User or str
        The user on success; otherwise the reason to show, translated (the same one for an
        unknown name and a wrong password; the lock-out and a disabled account have their own).
    """
    key = normalize_username(username)
    with engine.begin() as conn:
        row = _row(conn, key)
        at = lambda: now  # noqa: E731 - the audit's clock is the attempt's time
        if row is None:
            verify_password(_DUMMY[0] if _DUMMY else _dummy(), password)
            log_event(conn, at, key, "sign_in_failed", {"reason": "unknown"})
            return _(_WRONG)
        if row.locked_until is not None and now < row.locked_until:
            log_event(conn, at, key, "sign_in_locked", {})
            minutes = math.ceil((row.locked_until - now).total_seconds() / 60)
            return _(_LOCKED).format(minutes=minutes)
        where = account.c.id == row.id
        if not verify_password(row.password_hash, password):
            failed = row.failed_attempts + 1
            if failed >= MAX_FAILED_ATTEMPTS:
                values: dict[str, Any] = {"failed_attempts": 0, "locked_until": now + LOCKOUT}
                conn.execute(update(account).where(where).values(**values))
                log_event(conn, at, key, "sign_in_failed", {"reason": "locked", "attempt": failed})
                return _(_LOCKED).format(minutes=int(LOCKOUT.total_seconds() // 60))
            conn.execute(update(account).where(where).values(failed_attempts=failed))
            log_event(conn, at, key, "sign_in_failed", {"reason": "password", "attempt": failed})
            return _(_WRONG)
        if row.disabled:
            log_event(conn, at, key, "sign_in_failed", {"reason": "disabled"})
            return _(_DISABLED)
        if row.demo:  # demo accounts sign in only by the demo button
            log_event(conn, at, key, "sign_in_failed", {"reason": "demo"})
            return _(_WRONG)
        values = {"failed_attempts": 0, "locked_until": None, "last_sign_in_at": now}
        if needs_rehash(row.password_hash):
            values["password_hash"] = hash_password(password)
        conn.execute(update(account).where(where).values(**values))
        log_event(conn, at, key, "sign_in", {})
        return _user(row)


def _dummy() -> str:
    """Make (once) the hash checked when the account does not exist.

    Returns
    -------
    str
        An argon2id hash of a random string.
    """
    import secrets

    _DUMMY.append(hash_password(secrets.token_hex(16)))
    return _DUMMY[0]


def sign_in_without_password(
    engine: Engine, username: str, method: str, *, now: datetime
) -> User | str:
    """Sign in an account whose identity was proven elsewhere (single sign-on, a demo account).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    username : str
        The account (from the identity provider's claim, or the demo account's name).
    method : {"sso", "demo"}
        How the identity was proven; a ``"demo"`` sign-in is refused to an account that is not
        a demo account.
    now : datetime.datetime
        The time (naive UTC).

    Returns
    -------
    geo.access.User or str
        The user (audited as ``sign_in`` with the method), or the reason for the refusal: no
        such account (the administrator must create it and give it its role and scope), or a
        disabled account.
    """
    key = normalize_username(username)
    at = lambda: now  # noqa: E731 - the audit's clock is the attempt's time
    with engine.begin() as conn:
        row = _row(conn, key)
        if row is None or (method == "demo" and not row.demo):
            log_event(conn, at, key, "sign_in_failed", {"reason": "unknown", "method": method})
            return _(_NO_GRANT).format(username=key)
        if row.disabled:
            log_event(conn, at, key, "sign_in_failed", {"reason": "disabled", "method": method})
            return _(_DISABLED)
        conn.execute(update(account).where(account.c.id == row.id).values(last_sign_in_at=now))
        log_event(conn, at, key, "sign_in", {"method": method})
        return _user(row)
