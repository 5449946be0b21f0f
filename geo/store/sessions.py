"""Signed-in sessions: a random token in the browser, its hash in the database, an idle timeout.

A sign-in (with a password, a demo account or single sign-on) opens a session with
:func:`open_session`, which returns a random token (``secrets.token_urlsafe``) for the browser's
cookie and stores only its SHA-256. Each run of the app calls :func:`resume_session` with the
token: it answers the account's :class:`geo.access.User` while the session is open, the account
is enabled and the last activity is less than ``idle`` ago, and refreshes ``last_seen_at`` (at
most once per :data:`TOUCH_EVERY`, so that a page's reruns do not write to the database each
time). Otherwise it ends the session (``ended_at``, ``end_reason``) and answers the reason:
``"expired"`` (audited as ``session_expired``), ``"ended"``, ``"disabled"`` or ``"unknown"``.

Examples
--------
>>> from datetime import datetime, timedelta
>>> from geo.access import Scope
>>> from geo.store.accounts import add_account
>>> from geo.store.engine import make_engine
>>> from geo.store.migrations import migrate
>>> engine = make_engine("sqlite://")
>>> t0 = datetime(2023, 3, 14, 18, 0)
>>> migrate(engine, lambda: t0)
>>> add_account(engine, lambda: t0, "hoa", "clerk", Scope.province(), "Phủ Lý 2023", by="an")
>>> token = open_session(engine, "hoa", "password", now=t0)
>>> resume_session(engine, token, now=t0 + timedelta(minutes=29), idle=timedelta(minutes=30))
User(username='hoa', role='clerk', scope=Scope(level='province', codes=frozenset()), team=None)
>>> resume_session(engine, token, now=t0 + timedelta(minutes=60), idle=timedelta(minutes=30))
'expired'
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import select, update
from sqlalchemy.engine import Engine, Row

from geo.access.model import Scope, User
from geo.store.audit import log_event
from geo.store.tables import account, sign_in_session

__all__ = [
    "DEFAULT_IDLE",
    "TOUCH_EVERY",
    "EndReason",
    "end_session",
    "end_sessions_of",
    "open_session",
    "resume_session",
    "token_hash",
]

#: The idle timeout when the configuration says nothing (``VNEID_IDLE_MINUTES``).
DEFAULT_IDLE = timedelta(minutes=30)
#: ``last_seen_at`` is written again only when it is older than this.
TOUCH_EVERY = timedelta(seconds=60)

EndReason = Literal["expired", "ended", "disabled", "unknown"]
#: Sign-in methods.
Method = Literal["password", "demo", "sso"]


def token_hash(token: str) -> str:
    """Return the SHA-256 of a session token, as stored (hex).

    Parameters
    ----------
    token : str
        The browser's token.

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> len(token_hash("abc"))
    64
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(engine: Engine, username: str, method: Method, *, now: datetime) -> str:
    """Open a session for an account that has just signed in.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    username : str
        The stored (case-folded) username.
    method : {"password", "demo", "sso"}
        How it signed in.
    now : datetime.datetime
        Naive UTC.

    Returns
    -------
    str
        The token for the browser (never stored in clear).
    """
    from geo.store.audit import current_origin

    token = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(
            sign_in_session.insert().values(
                token_hash=token_hash(token),
                username=username,
                method=method,
                created_at=now,
                last_seen_at=now,
                origin=current_origin(),
            )
        )
    return token


def resume_session(
    engine: Engine,
    token: str | None,
    *,
    now: datetime,
    idle: timedelta = DEFAULT_IDLE,
    touch: bool = True,
) -> User | EndReason:
    """Return the user of an open session, or why there is none (and end it).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    token : str or None
        The browser's token.
    now : datetime.datetime
        Naive UTC.
    idle : datetime.timedelta
        The idle timeout.
    touch : bool, default True
        A run of the app (an action): refresh ``last_seen_at``, end a session found expired or
        disabled. ``False`` only looks (the idle watch of an unattended screen): nothing is
        written, so looking never keeps a session alive.

    Returns
    -------
    geo.access.User or str
        The user; else ``"unknown"`` (no such token), ``"ended"`` (signed out or ended
        before), ``"expired"`` (idle for longer than ``idle``: ended now and audited as
        ``session_expired``) or ``"disabled"`` (the account was disabled or removed: ended).
    """
    if not token:
        return "unknown"
    with engine.begin() as conn:
        row = conn.execute(
            select(sign_in_session, account.c.role, account.c.scope_level)
            .add_columns(account.c.scope_codes, account.c.team, account.c.disabled)
            .join(account, account.c.username == sign_in_session.c.username, isouter=True)
            .where(sign_in_session.c.token_hash == token_hash(token))
        ).first()
        if row is None:
            return "unknown"
        if row.ended_at is not None:
            return "ended"
        where = sign_in_session.c.id == row.id
        reason: EndReason | None = None
        if row.role is None or row.disabled:
            reason = "disabled"
        elif now - row.last_seen_at > idle:
            reason = "expired"
        if not touch:
            if reason is not None:
                return reason
            return _user(row)
        if reason == "expired":
            minutes = int(idle.total_seconds() // 60)
            log_event(conn, lambda: now, row.username, "session_expired", {"idle_min": minutes})
        if reason is not None:
            conn.execute(
                update(sign_in_session).where(where).values(ended_at=now, end_reason=reason)
            )
            return reason
        if now - row.last_seen_at >= TOUCH_EVERY:
            conn.execute(update(sign_in_session).where(where).values(last_seen_at=now))
    return _user(row)


def _user(row: Row[Any]) -> User:
    """Build the user of a session row joined with its account."""
    codes = frozenset(c for c in (row.scope_codes or "").split(",") if c)
    return User(row.username, row.role, Scope(row.scope_level, codes), row.team)


def end_session(engine: Engine, token: str | None, *, now: datetime) -> bool:
    """End a session at sign-out (audited as ``sign_out``).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    token : str or None
        The browser's token.
    now : datetime.datetime
        Naive UTC.

    Returns
    -------
    bool
        Whether an open session was ended.
    """
    if not token:
        return False
    with engine.begin() as conn:
        row = conn.execute(
            select(sign_in_session.c.id, sign_in_session.c.username).where(
                sign_in_session.c.token_hash == token_hash(token),
                sign_in_session.c.ended_at.is_(None),
            )
        ).first()
        if row is None:
            return False
        conn.execute(
            update(sign_in_session)
            .where(sign_in_session.c.id == row.id)
            .values(ended_at=now, end_reason="ended")
        )
        log_event(conn, lambda: now, row.username, "sign_out", {})
    return True


def end_sessions_of(engine: Engine, username: str, *, now: datetime) -> int:
    """End every open session of an account (disabled, or its password reset).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    username : str
        The stored username.
    now : datetime.datetime
        Naive UTC.

    Returns
    -------
    int
        Sessions ended.
    """
    with engine.begin() as conn:
        return conn.execute(
            update(sign_in_session)
            .where(sign_in_session.c.username == username, sign_in_session.c.ended_at.is_(None))
            .values(ended_at=now, end_reason="disabled")
        ).rowcount
