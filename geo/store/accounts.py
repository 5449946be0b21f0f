"""User accounts: creation, changes, password change, the list for administrators.

Usernames are trimmed and case-folded before they are stored or looked up, so «Hoa», «HOA» and
«hoa» are one account (the ``username`` column is unique). Passwords are checked by
:func:`geo.access.passwords.password_problem` and stored only as their argon2id hash; neither the
password nor its hash ever goes into the audit log, whose rows name the account, its role and
its scope.

Writes that change accounts (``account_create``, ``account_update``, ``account_password``,
``account_disable``, ``account_enable``) go through :func:`geo.store.audit.record_change` (an
audit row and a revision bump). Signing in (the password check with lock-out, and the sign-in
without a password) is :mod:`geo.store.signin`.

Examples
--------
>>> from datetime import datetime
>>> from geo.access import Scope
>>> from geo.store.engine import make_engine
>>> from geo.store.migrations import migrate
>>> engine = make_engine("sqlite://")
>>> clock = lambda: datetime(2023, 3, 14, 8, 0)
>>> migrate(engine, clock)
>>> add_account(engine, clock, "Hoa", "clerk", Scope.district("347"), "Phủ Lý 2023", by="an")
>>> accounts(engine)[["username", "role", "scope_level", "scope_codes"]].to_dict("records")
[{'username': 'hoa', 'role': 'clerk', 'scope_level': 'district', 'scope_codes': '347'}]
>>> must_change_password(engine, "HOA"), has_admin(engine)
(True, False)
>>> add_account(engine, clock, "hoa", "admin", Scope.province(), "Phủ Lý 2023", by="an")
Traceback (most recent call last):
...
geo.store.accounts.AccountError: Đã có tài khoản người dùng «hoa».
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, Engine, Row

from geo.access.model import ROLES, Role, Scope
from geo.access.passwords import hash_password, password_problem, verify_password
from geo.i18n import N_, _
from geo.store.audit import Clock, record_change
from geo.store.frames import read_frame
from geo.store.tables import ACCOUNT_COLUMNS, account

__all__ = [
    "AccountError",
    "accounts",
    "add_account",
    "change_password",
    "has_admin",
    "must_change_password",
    "normalize_username",
    "set_disabled",
    "update_account",
]

_USERNAME = re.compile(r"[\w.@-]{2,64}")
_BAD_USERNAME = N_(
    "Tên tài khoản người dùng phải dài 2 đến 64 ký tự, gồm chữ, số và các dấu . _ - @ "
    "(không có khoảng trắng)."
)
_DUPLICATE = N_("Đã có tài khoản người dùng «{username}».")
_NO_ACCOUNT = N_("Không có tài khoản người dùng «{username}».")
_BAD_ROLE = N_("Vai trò không hợp lệ: {role}.")
_NO_CODES = N_("Phạm vi huyện hoặc xã phải có ít nhất một mã.")
_LAST_ADMIN = N_(
    "Phải còn ít nhất một quản trị viên đang hoạt động; hãy tạo hoặc bật một quản trị viên "
    "khác trước."
)
_SELF_DISABLE = N_("Không thể tự vô hiệu hóa tài khoản của mình; hãy nhờ một quản trị viên khác.")
_WRONG_CURRENT = N_("Mật khẩu hiện tại không đúng.")
_SAME = N_("Mật khẩu mới phải khác mật khẩu hiện tại.")


class AccountError(ValueError):
    """An account write refused, with its reason (translated) as the message."""


def normalize_username(username: str) -> str:
    """Return the stored form of a username: trimmed and case-folded.

    Parameters
    ----------
    username : str
        As typed.

    Returns
    -------
    str
        The key of the account.

    Examples
    --------
    >>> normalize_username("  Nguyen.Hoa ")
    'nguyen.hoa'
    """
    return username.strip().casefold()


def _row(conn: Connection, key: str) -> Row[Any] | None:
    """Read one account row by its stored username.

    Returns
    -------
    sqlalchemy.engine.Row or None
        The row, ``None`` when there is no such account.
    """
    return conn.execute(select(account).where(account.c.username == key)).first()


def add_account(
    engine: Engine,
    now: Clock,
    username: str,
    role: Role,
    scope: Scope,
    password: str,
    *,
    display_name: str | None = None,
    team: str | None = None,
    must_change: bool = True,
    demo: bool = False,
    by: str,
) -> None:
    """Create an account (audited as ``account_create``, without the password).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock of ``created_at`` and the audit row.
    username : str
        The name to sign in with (stored trimmed and case-folded).
    role : Role
        One of :data:`geo.access.ROLES`.
    scope : geo.access.Scope
        Where the account may see and change data.
    password : str
        The first password, in clear (only its hash is stored).
    display_name : str, optional
        The officer's name as shown.
    team : str, optional
        For a team leader, its team.
    must_change : bool, default True
        Ask for a new password at the first sign-in.
    demo : bool, default False
        A demo account (:mod:`geo.demo.accounts`): signed in without a password while the
        demo campaign is loaded.
    by : str
        Who creates the account (the audit log).

    Raises
    ------
    AccountError
        Bad username, role or scope, weak password, or the name is taken (whatever its case).
    """
    key = normalize_username(username)
    if not _USERNAME.fullmatch(key):
        raise AccountError(_(_BAD_USERNAME))
    if role not in ROLES:
        raise AccountError(_(_BAD_ROLE).format(role=role))
    if scope.level != "province" and not scope.codes:
        raise AccountError(_(_NO_CODES))
    problem = password_problem(password, key)
    if problem is not None:
        raise AccountError(problem)
    codes = ",".join(sorted(scope.codes))
    with engine.begin() as conn:
        if _row(conn, key) is not None:
            raise AccountError(_(_DUPLICATE).format(username=key))
        conn.execute(
            insert(account).values(
                username=key,
                display_name=display_name,
                role=role,
                scope_level=scope.level,
                scope_codes=codes,
                team=team,
                password_hash=hash_password(password),
                must_change_password=must_change,
                failed_attempts=0,
                created_at=now(),
                disabled=False,
                demo=demo,
            )
        )
        detail = {"username": key, "role": role, "scope_level": scope.level, "scope_codes": codes}
        record_change(conn, now, by, "account_create", {**detail, "team": team, "demo": demo})


def change_password(
    engine: Engine,
    now: Clock,
    username: str,
    new_password: str,
    *,
    by: str,
    current_password: str | None = None,
    must_change: bool = False,
) -> None:
    """Set a new password (audited as ``account_password``, without either password).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock of the audit row.
    username : str
        The account.
    new_password : str
        The new password, in clear (only its hash is stored).
    by : str
        Who changes it (the user, or an administrator resetting it).
    current_password : str, optional
        When given (a user changing their own password), it must be the current one, and the
        new one must differ from it.
    must_change : bool, default False
        Ask for another change at the next sign-in (an administrator's reset).

    Raises
    ------
    AccountError
        No such account, wrong current password, or a weak or unchanged new password.
    """
    key = normalize_username(username)
    with engine.begin() as conn:
        row = _row(conn, key)
        if row is None:
            raise AccountError(_(_NO_ACCOUNT).format(username=key))
        if current_password is not None:
            if not verify_password(row.password_hash, current_password):
                raise AccountError(_(_WRONG_CURRENT))
            if new_password == current_password:
                raise AccountError(_(_SAME))
        problem = password_problem(new_password, key)
        if problem is not None:
            raise AccountError(problem)
        conn.execute(
            update(account)
            .where(account.c.id == row.id)
            .values(
                password_hash=hash_password(new_password),
                must_change_password=must_change,
                failed_attempts=0,
                locked_until=None,
            )
        )
        record_change(conn, now, by, "account_password", {"username": key})


def must_change_password(engine: Engine, username: str) -> bool:
    """Tell whether an account must choose a new password before anything else.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    username : str
        The account.

    Returns
    -------
    bool
        Its ``must_change_password`` flag (``False`` when there is no such account).
    """
    with engine.connect() as conn:
        row = _row(conn, normalize_username(username))
    return bool(row is not None and row.must_change_password)


def accounts(engine: Engine) -> pd.DataFrame:
    """Read every account, by id, without the password hashes.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.

    Returns
    -------
    pandas.DataFrame
        :data:`geo.store.tables.ACCOUNT_COLUMNS`.
    """
    query = select(*(account.c[name] for name in ACCOUNT_COLUMNS)).order_by(account.c.id)
    with engine.connect() as conn:
        frame = read_frame(
            conn,
            query,
            ints=["id", "failed_attempts"],
            datetimes=["locked_until", "created_at", "last_sign_in_at"],
        )
    for flag in ("must_change_password", "disabled", "demo"):
        frame[flag] = frame[flag].astype(bool)
    return frame


def has_admin(engine: Engine) -> bool:
    """Tell whether an administrator account that is not disabled exists.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.

    Returns
    -------
    bool
        ``False`` on a new database: the first one is made with ``python -m geo add-admin``.
    """
    query = (
        select(func.count())
        .select_from(account)
        .where(account.c.role == "admin", account.c.disabled.is_(False))
    )
    with engine.connect() as conn:
        return bool(conn.execute(query).scalar())


def _other_admins(conn: Connection, key: str) -> int:
    """Count the enabled administrators other than ``key``.

    Returns
    -------
    int
        How many remain if ``key`` stops being one.
    """
    query = (
        select(func.count())
        .select_from(account)
        .where(
            account.c.role == "admin",
            account.c.disabled.is_(False),
            account.c.username != key,
        )
    )
    return int(conn.execute(query).scalar() or 0)


def update_account(
    engine: Engine,
    now: Clock,
    username: str,
    *,
    role: Role,
    scope: Scope,
    team: str | None = None,
    display_name: str | None = None,
    by: str,
) -> None:
    """Change an account's role, scope, team and name (audited as ``account_update``).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock of the audit row.
    username : str
        The account.
    role : Role
        Its new role.
    scope : geo.access.Scope
        Its new scope.
    team : str, optional
        For a team leader, its team.
    display_name : str, optional
        The officer's name.
    by : str
        The administrator.

    Raises
    ------
    AccountError
        No such account, a bad role, a scope without codes, or the last enabled administrator
        given another role.
    """
    key = normalize_username(username)
    if role not in ROLES:
        raise AccountError(_(_BAD_ROLE).format(role=role))
    if scope.level != "province" and not scope.codes:
        raise AccountError(_(_NO_CODES))
    codes = ",".join(sorted(scope.codes))
    with engine.begin() as conn:
        row = _row(conn, key)
        if row is None:
            raise AccountError(_(_NO_ACCOUNT).format(username=key))
        leaving = row.role == "admin" and role != "admin" and not row.disabled
        if leaving and _other_admins(conn, key) == 0:
            raise AccountError(_(_LAST_ADMIN))
        values = {
            "role": role,
            "scope_level": scope.level,
            "scope_codes": codes,
            "team": team,
            "display_name": display_name,
        }
        conn.execute(update(account).where(account.c.id == row.id).values(**values))
        before = {"role": row.role, "scope_level": row.scope_level, "scope_codes": row.scope_codes}
        detail = {"username": key, "before": before, **values}
        record_change(conn, now, by, "account_update", detail)


def set_disabled(engine: Engine, now: Clock, username: str, disabled: bool, *, by: str) -> None:
    """Disable or enable an account (audited as ``account_disable`` / ``account_enable``).

    A disabled account cannot sign in, and its open sessions end at their next run
    (:func:`geo.store.sessions.resume_session`).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock of the audit row.
    username : str
        The account.
    disabled : bool
        The new state.
    by : str
        The administrator (who may not disable itself).

    Raises
    ------
    AccountError
        No such account, an administrator disabling its own account, or the last enabled
        administrator.
    """
    key = normalize_username(username)
    if disabled and key == normalize_username(by):
        raise AccountError(_(_SELF_DISABLE))
    with engine.begin() as conn:
        row = _row(conn, key)
        if row is None:
            raise AccountError(_(_NO_ACCOUNT).format(username=key))
        if disabled and row.role == "admin" and _other_admins(conn, key) == 0:
            raise AccountError(_(_LAST_ADMIN))
        conn.execute(update(account).where(account.c.id == row.id).values(disabled=disabled))
        action = "account_disable" if disabled else "account_enable"
        record_change(conn, now, by, action, {"username": key})
