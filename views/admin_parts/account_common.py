"""What the accounts page's parts share: how an account reads, and the outcome of each form.

Every change goes through the store with ``by=`` the administrator (the store audits it and
refuses what it must, with its reason). The forms act in their submit button's callback,
before the page is drawn again; :func:`attempt` keeps the outcome, which :func:`show` draws
under the form, escaped (a reason may hold a user's text).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from geo.access import ROLE_LABELS
from geo.fmt import display_text, format_datetime, is_missing
from geo.i18n import N_, _
from geo.store import AccountError

__all__ = ["NEED_TEAM", "attempt", "codes_of", "role_label", "say", "show", "status"]

NEED_TEAM = N_("Tài khoản tổ trưởng phải được gán một tổ lưu động: hãy chọn tổ.")


def codes_of(value: object) -> frozenset[str]:
    """The codes of an account's ``scope_codes`` cell (comma-separated)."""
    return frozenset(c for c in display_text(value).split(",") if c)


def status(row: Any, now: pd.Timestamp) -> str:
    """«Hoạt động», «Tạm khóa đến …» or «Vô hiệu hóa», with «phải đổi mật khẩu» when due."""
    if row.disabled:
        text = _("Vô hiệu hóa")
    elif not is_missing(row.locked_until) and pd.Timestamp(row.locked_until) > now:
        text = _("Tạm khóa đến {at}").format(at=format_datetime(row.locked_until))
    else:
        text = _("Hoạt động")
    if row.must_change_password:
        text = _("{status}; phải đổi mật khẩu").format(status=text)
    return text


def role_label(role: object) -> str:
    """The role's name in the user's language (an unknown role as it is)."""
    text = display_text(role)
    labels: dict[str, str] = {str(role): label for role, label in ROLE_LABELS.items()}
    return _(labels[text]) if text in labels else text


# --- messages under each form --------------------------------------------------------------------


def say(slot: str, kind: str, text: str) -> None:
    """Keep an outcome for the form ``slot`` (drawn by :func:`show` in the next run)."""
    st.session_state[f"acc_msg_{slot}"] = (kind, text)


def show(slot: str) -> None:
    """Draw, once, the outcome kept for the form ``slot``."""
    said = st.session_state.pop(f"acc_msg_{slot}", None)
    if said is not None:
        kind, text = said
        # our messages, with usernames of letters, digits and . _ - @ only (geo.store.accounts)
        (st.success if kind == "success" else st.error)(text)


def attempt(slot: str, action: Callable[[], None], done: str) -> bool:
    """Run a store write; say its outcome under the form. Returns whether it went through."""
    try:
        action()
    except AccountError as exc:
        say(slot, "error", str(exc))
        return False
    say(slot, "success", done)
    return True
