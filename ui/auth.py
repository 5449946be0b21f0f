"""Who is signed in, in this session: the sign-in gate, the policy's checks, audited downloads.

The policy itself is :func:`geo.access.decide`; this module only asks it, on the server, for
the user of this session, and draws the answer.

- :func:`gate` runs at the top of every run of ``app.py``, before any page: it sets the audit's
  origin (the browser's address), resumes the session from its token (kept in the session and,
  so that a reload keeps the sign-in, in the ``vneid_session`` cookie; the database keeps only
  its hash), ends it after :attr:`geo.config.Settings.idle_minutes` without an action, and says
  whether the visitor is anonymous, must change its password, or is signed in.
- :func:`require` refuses a page or an action the user may not do (the reason on screen, the run
  stopped); every page starts with it, so a page run without ``app.py`` (a test, a stale link)
  is refused too.
- :func:`download_button` offers a download only when the policy allows it, builds the file on
  the click and writes an ``export`` (or ``download_original``) row in the audit log.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, Literal

import streamlit as st
import streamlit.components.v1 as components

from geo.access import Action, Decision, Scope, Target, User, decide
from geo.i18n import N_, _
from geo.store.audit import current_origin, origin, set_origin
from ui import errors
from ui.state import deferred, get_settings, get_store

__all__ = [
    "COOKIE",
    "Status",
    "allowed",
    "button",
    "current_scope",
    "current_user",
    "download_button",
    "gate",
    "idle_watch",
    "require",
    "sign_in",
    "sign_out",
]

#: The cookie that carries the session token across reloads.
COOKIE = "vneid_session"
_USER, _TOKEN, _COOKIE_SET, _FLASH, _MUST = (
    "auth_user",
    "auth_token",
    "auth_cookie",
    "auth_flash",
    "auth_must_change",
)
Status = Literal["anonymous", "change_password", "signed_in"]

_EXPIRED = N_("Phiên làm việc đã kết thúc sau {minutes} phút không thao tác. Hãy đăng nhập lại.")
_DISABLED = N_("Tài khoản người dùng đã bị vô hiệu hóa; hãy liên hệ quản trị viên.")


def current_user() -> User | None:
    """Return the user signed in in this session (None when nobody is).

    Returns
    -------
    geo.access.User or None
        Set by :func:`gate` (or seeded by a test).
    """
    return st.session_state.get(_USER)


def current_scope() -> Scope:
    """Return the scope of the signed-in user (the province when nobody is: nothing is shown).

    Returns
    -------
    geo.access.Scope
        The user's scope.
    """
    user = current_user()
    return Scope.province() if user is None else user.scope


def _idle() -> dt.timedelta:
    return dt.timedelta(minutes=get_settings().idle_minutes)


def _write_cookie(token: str) -> None:
    """Set (or, with an empty token, clear) the session cookie in the browser.

    A component's frame shares the app's origin, so its script writes the app's cookie. The
    cookie lives until the browser closes; the server ends the session anyway when idle.
    """
    value = json.dumps(token)  # a token is URL-safe base64; json quotes it for the script
    expires = "" if token else "; max-age=0"
    script = (
        "<script>parent.document.cookie = "
        f"'{COOKIE}=' + {value} + '; path=/; SameSite=Strict{expires}';</script>"
    )
    with st.sidebar:
        components.html(script, height=0)


def _browser_token() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # no browser (a bare script run)
        return None
    return value if isinstance(value, str) and value else None


def _forget() -> None:
    for key in (_USER, _TOKEN, _MUST):
        st.session_state.pop(key, None)


def sign_in(user: User, method: str, *, must_change: bool = False) -> None:
    """Open a session for a user who has just proven who it is, then rerun the app.

    Parameters
    ----------
    user : geo.access.User
        From :meth:`geo.store.Store.authenticate` (or single sign-on, a demo button).
    method : {"password", "demo", "sso"}
        How.
    must_change : bool, default False
        Show only the password change until a new password is chosen.
    """
    token = get_store().open_session(user.username, method)
    st.session_state.update({_USER: user, _TOKEN: token, _COOKIE_SET: token, _MUST: must_change})
    st.rerun()


def sign_out() -> None:
    """End the session (audited as ``sign_out``), clear the cookie, and rerun the app."""
    get_store().end_session(st.session_state.get(_TOKEN) or _browser_token())
    _forget()
    st.session_state[_COOKIE_SET] = ""
    if get_settings().auth == "oidc":
        st.logout()
    st.rerun()


def _sso_user() -> None:
    """With single sign-on, turn the identity provider's user into this app's account."""
    if not getattr(st.user, "is_logged_in", False):
        return
    claim = get_settings().oidc_username_claim
    username = str(st.user.get(claim) or "")
    found = get_store().sign_in_without_password(username, "sso")
    if isinstance(found, str):
        st.session_state[_FLASH] = found
        st.logout()
        return
    sign_in(found, "sso")


def gate() -> Status:
    """Decide what this run may show: the sign-in, the password change, or the pages.

    Returns
    -------
    {"anonymous", "change_password", "signed_in"}
        ``"signed_in"`` when a session is open, its account enabled and not idle too long.
    """
    try:
        address = st.context.ip_address
    except Exception:  # no browser (a bare script run)
        address = None
    set_origin(address if isinstance(address, str) else None)
    pending = st.session_state.pop(_COOKIE_SET, None)
    if pending is not None:
        _write_cookie(pending)
    token = st.session_state.get(_TOKEN) or (None if pending == "" else _browser_token())
    if token is None:
        _forget()
        if get_settings().auth == "oidc":
            _sso_user()
        return "anonymous"
    found = get_store().resume_session(token, idle=_idle())
    if isinstance(found, str):
        _forget()
        if found == "expired":
            minutes = get_settings().idle_minutes
            st.session_state[_FLASH] = _(_EXPIRED).format(minutes=minutes)
        elif found == "disabled":
            st.session_state[_FLASH] = _(_DISABLED)
        if found != "unknown" and pending is None:
            st.session_state[_COOKIE_SET] = ""
            _write_cookie("")
        if get_settings().auth == "oidc" and found == "expired":
            st.logout()
        return "anonymous"
    if _TOKEN not in st.session_state:  # resumed from the cookie: a new browser session
        st.session_state[_MUST] = get_store().must_change_password(found.username)
    st.session_state.update({_USER: found, _TOKEN: token})
    return "change_password" if st.session_state.get(_MUST) else "signed_in"


def flash() -> str | None:
    """Return (once) the message of the last sign-out by expiry, a refusal of single sign-on.

    Returns
    -------
    str or None
        Shown by the sign-in page.
    """
    return st.session_state.pop(_FLASH, None)


def password_changed() -> None:
    """Let the pages through after the forced password change."""
    st.session_state[_MUST] = False


def idle_watch() -> None:
    """Check, every :attr:`~geo.config.Settings.idle_check_seconds`, that the session is open.

    The check only looks (it is not an action, so it never keeps a session alive); once the
    session has been idle too long or its account was disabled, it reruns the whole app, whose
    :func:`gate` ends the session and shows the sign-in, so that an unattended screen does not
    keep showing the data.
    """
    every = dt.timedelta(seconds=get_settings().idle_check_seconds)
    st.fragment(errors.guarded("session")(_watch), run_every=every)()


def _watch() -> None:
    token = st.session_state.get(_TOKEN)
    if token is None:
        return
    found = get_store().resume_session(token, idle=_idle(), touch=False)
    if isinstance(found, str):
        st.rerun(scope="app")


def require(action: Action, target: Target | None = None) -> User:
    """Stop the run with the policy's reason unless the signed-in user may do ``action``.

    Parameters
    ----------
    action : geo.access.Action
        The page's action (:data:`geo.access.PAGES`) or an action's.
    target : geo.access.Target, optional
        What it is on.

    Returns
    -------
    geo.access.User
        The user, when allowed (the run goes on).
    """
    user = current_user()
    decision = decide(user, action, target)
    if not decision or user is None:
        st.error(decision.reason or _("Hãy đăng nhập."), icon=":material/lock:")
        st.stop()
    return user  # st.stop() never returns


def allowed(action: Action, target: Target | None = None) -> Decision:
    """Ask the policy about the signed-in user (for a button to offer or to disable).

    Parameters
    ----------
    action : geo.access.Action
        The action.
    target : geo.access.Target, optional
        What it is on.

    Returns
    -------
    geo.access.Decision
        :func:`geo.access.decide` for :func:`current_user`.
    """
    return decide(current_user(), action, target)


def button(
    label: str,
    decision: Decision,
    *,
    container: Any = None,
    disabled: bool = False,
    **kwargs: Any,
) -> bool:
    """Draw a button the policy decides: disabled, saying why, when refused; re-check a click.

    Streamlit already discards a click on a disabled widget on the server; the decision, made
    again in the run of the click, is what lets the action go ahead.

    Parameters
    ----------
    label : str
        The button's text.
    decision : geo.access.Decision
        The policy's answer for this action on this object (:func:`allowed`).
    container : optional
        Where to draw (default: the main area).
    disabled : bool, default False
        Disabled for another reason (the form is not ready).
    **kwargs
        More ``st.button`` arguments (``key``, ``type``...).

    Returns
    -------
    bool
        Clicked, allowed and not disabled.
    """
    where = container or st
    shown = where.button(
        label, disabled=disabled or not decision, help=decision.reason or None, **kwargs
    )
    if shown and not decision:  # never trust that the button was disabled in the browser
        st.error(decision.reason, icon=":material/lock:")
    return bool(shown and decision and not disabled)


def download_button(
    label: str,
    build: Callable[..., bytes | str],
    *args: Any,
    file_name: str,
    mime: str,
    key: str,
    action: Action = "export",
    target: Target | None = None,
    detail: dict[str, Any] | None = None,
    container: Any = None,
    decision: Decision | None = None,
    **kwargs: Any,
) -> bool:
    """Offer a download the policy allows, built on the click and recorded in the audit log.

    Parameters
    ----------
    label : str
        The button's text.
    build : callable
        ``build(*args)`` makes the file (bytes or text), in this run's language.
    *args
        Its arguments.
    file_name, mime, key : str
        As for ``st.download_button``.
    action : {"export", "download_original", ...}, default "export"
        The policy's action, and the audit row's.
    target : geo.access.Target, optional
        What is downloaded.
    detail : dict, optional
        More for the audit row (the page, the batch...); the file name is always there.
    container : optional
        Where to draw (default: the main area).
    decision : geo.access.Decision, optional
        A decision already made (an object over several places); else
        ``decide(user, action, target)``.
    **kwargs
        More ``st.download_button`` arguments (``help``, ``type``, ``icon``...).

    Returns
    -------
    bool
        Whether the button was offered (when refused, a disabled button says why).
    """
    where = container or st
    user = current_user()
    decision = decide(user, action, target) if decision is None else decision
    if not decision or user is None:
        where.button(label, key=key, disabled=True, help=decision.reason, icon=":material/lock:")
        return False
    store, address = get_store(), current_origin()
    facts = {"file": file_name, **(detail or {})}

    def audited() -> bytes | str:
        with origin(address):
            data = build(*args)
            store.log(user.username, action, facts)
        return data

    where.download_button(
        label,
        deferred(audited),
        file_name=file_name,
        mime=mime,
        key=key,
        on_click="ignore",
        **kwargs,
    )
    return True
