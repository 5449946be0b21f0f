"""``AccountsMixin``: the account, sign-in and session methods of :class:`geo.store.Store`.

They delegate to :mod:`geo.store.accounts` (account writes and reads), :mod:`geo.store.signin`
(sign-in with lock-out, sign-in without a password) and :mod:`geo.store.sessions`, each given the
store's engine (and its clock). :class:`geo.store.facade.Store` inherits them, so the store keeps
one public API.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from geo.store import accounts as _accounts
from geo.store import sessions as _sessions
from geo.store import signin as _signin

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from geo.access import Role, Scope, User

__all__ = ["AccountsMixin"]


class AccountsMixin:
    """Accounts, sign-in and sessions of the store (mixed into :class:`geo.store.Store`).

    The class using it sets ``engine`` (the store's SQLAlchemy engine) and ``_now`` (its clock
    of naive UTC datetimes).
    """

    engine: Engine
    _now: Callable[[], datetime]

    # ----------------------------------------------------------------- accounts
    def add_account(
        self,
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
        """Create a user account (audited as ``account_create``, never with the password).

        Parameters
        ----------
        username : str
            The name to sign in with (unique whatever its case; stored case-folded).
        role : Role
            One of :data:`geo.access.ROLES`.
        scope : geo.access.Scope
            Where the account may see and change data.
        password : str
            The first password (only its argon2id hash is stored).
        display_name : str, optional
            The officer's name as shown.
        team : str, optional
            For a team leader, its team.
        must_change : bool, default True
            Ask for a new password at the first sign-in.
        demo : bool, default False
            A demo account (:mod:`geo.demo.accounts`).
        by : str
            Who creates it.

        Raises
        ------
        geo.store.accounts.AccountError
            A bad name, role or scope, a weak password, or a name already taken (the message
            is the reason, translated).
        """
        _accounts.add_account(
            self.engine,
            self._now,
            username,
            role,
            scope,
            password,
            display_name=display_name,
            team=team,
            must_change=must_change,
            demo=demo,
            by=by,
        )

    def authenticate(
        self, username: str, password: str, *, now: datetime | None = None
    ) -> User | str:
        """Sign in, with lock-out after :data:`geo.store.signin.MAX_FAILED_ATTEMPTS` failures.

        Parameters
        ----------
        username : str
            As typed.
        password : str
            As typed.
        now : datetime.datetime, optional
            Time of the attempt (naive UTC); the store's clock when omitted.

        Returns
        -------
        geo.access.User or str
            The user, or the reason for the refusal (translated).
        """
        return _signin.authenticate(
            self.engine, username, password, now=self._now() if now is None else now
        )

    def change_password(
        self,
        username: str,
        new_password: str,
        *,
        by: str,
        current_password: str | None = None,
        must_change: bool = False,
    ) -> None:
        """Set a new password (audited as ``account_password``, never with a password).

        Parameters
        ----------
        username : str
            The account.
        new_password : str
            The new password.
        by : str
            Who changes it.
        current_password : str, optional
            Checked when given (a user changing their own password).
        must_change : bool, default False
            Ask for another change at the next sign-in (an administrator's reset).

        Raises
        ------
        geo.store.accounts.AccountError
            No such account, a wrong current password, or a weak or unchanged new one.
        """
        _accounts.change_password(
            self.engine,
            self._now,
            username,
            new_password,
            by=by,
            current_password=current_password,
            must_change=must_change,
        )

    def must_change_password(self, username: str) -> bool:
        """Tell whether an account must choose a new password before anything else.

        Parameters
        ----------
        username : str
            The account.

        Returns
        -------
        bool
            Its flag (``False`` for an unknown account).
        """
        return _accounts.must_change_password(self.engine, username)

    def accounts(self) -> pd.DataFrame:
        """Return every account, by id, without the password hashes.

        Returns
        -------
        pandas.DataFrame
            :data:`geo.store.ACCOUNT_COLUMNS`.
        """
        return _accounts.accounts(self.engine)

    def has_admin(self) -> bool:
        """Tell whether an administrator account (not disabled) exists.

        Returns
        -------
        bool
            ``False`` on a new database.
        """
        return _accounts.has_admin(self.engine)

    def sign_in_without_password(self, username: str, method: str) -> User | str:
        """Sign in an account proven by single sign-on (``"sso"``) or a demo button (``"demo"``).

        Parameters
        ----------
        username : str
            The account.
        method : {"sso", "demo"}
            How its identity was proven.

        Returns
        -------
        geo.access.User or str
            :func:`geo.store.signin.sign_in_without_password`.
        """
        return _signin.sign_in_without_password(self.engine, username, method, now=self._now())

    def update_account(
        self,
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
        username : str
            The account.
        role : Role
            New role.
        scope : geo.access.Scope
            New scope.
        team : str, optional
            A team leader's team.
        display_name : str, optional
            The officer's name.
        by : str
            The administrator.
        """
        _accounts.update_account(
            self.engine,
            self._now,
            username,
            role=role,
            scope=scope,
            team=team,
            display_name=display_name,
            by=by,
        )

    def set_disabled(self, username: str, disabled: bool, *, by: str) -> None:
        """Disable or enable an account; a disabled account's sessions end.

        Parameters
        ----------
        username : str
            The account.
        disabled : bool
            The new state.
        by : str
            The administrator.
        """
        _accounts.set_disabled(self.engine, self._now, username, disabled, by=by)
        if disabled:
            _sessions.end_sessions_of(self.engine, username, now=self._now())

    # ----------------------------------------------------------------- sessions
    def end_sessions(self, username: str) -> int:
        """End every open session of an account (its password was reset).

        Parameters
        ----------
        username : str
            The account (any case).

        Returns
        -------
        int
            Sessions ended.
        """
        key = _accounts.normalize_username(username)
        return _sessions.end_sessions_of(self.engine, key, now=self._now())

    def open_session(self, username: str, method: str) -> str:
        """Open a signed-in session and return its token (only its hash is stored).

        Parameters
        ----------
        username : str
            The account that signed in.
        method : {"password", "demo", "sso"}
            How.

        Returns
        -------
        str
            The token for the browser's cookie.
        """
        return _sessions.open_session(self.engine, username, method, now=self._now())  # type: ignore[arg-type]

    def resume_session(
        self, token: str | None, *, idle: timedelta, touch: bool = True
    ) -> User | str:
        """Return the user of an open session, or why there is none.

        Parameters
        ----------
        token : str or None
            The browser's token.
        idle : datetime.timedelta
            The idle timeout.
        touch : bool, default True
            Count it as an action; ``False`` only looks.

        Returns
        -------
        geo.access.User or str
            :func:`geo.store.sessions.resume_session`.
        """
        return _sessions.resume_session(self.engine, token, now=self._now(), idle=idle, touch=touch)

    def end_session(self, token: str | None) -> bool:
        """Sign out: end the session of a token (audited as ``sign_out``).

        Parameters
        ----------
        token : str or None
            The browser's token.

        Returns
        -------
        bool
            Whether an open session was ended.
        """
        return _sessions.end_session(self.engine, token, now=self._now())
