"""The accounts page's body: the table of accounts, «Tạo tài khoản», the changes to one account.

Every change goes through the store with ``by=`` the administrator (the store audits it and
refuses what it must, with its reason, shown here as it is). The forms act in their submit
button's callback, before the page is drawn again, so the table below already shows the change;
a password field is emptied whatever the outcome and its text is never shown. The parts:
:mod:`~views.admin_parts.account_create`, :mod:`~views.admin_parts.account_edit`, their pickers
(:mod:`~views.admin_parts.account_fields`) and what they share
(:mod:`~views.admin_parts.account_common`).
"""

from __future__ import annotations

from typing import cast

import pandas as pd
import streamlit as st

from geo.access import Scope, User
from geo.access.model import ScopeLevel
from geo.access.policy import scope_text
from geo.clock import utc_now
from geo.fmt import format_datetime, is_missing
from geo.i18n import _
from ui.state import get_store
from ui.widgets import count_table
from views.admin_parts.account_common import codes_of, role_label, status
from views.admin_parts.account_create import create_section
from views.admin_parts.account_edit import edit_section

__all__ = ["accounts_table", "render", "table_section"]


def accounts_table(frame: pd.DataFrame, now: pd.Timestamp) -> pd.DataFrame:
    """Describe the accounts (:meth:`geo.store.Store.accounts`, no hashes) for the table."""
    rows = list(frame.itertuples())
    return pd.DataFrame(
        {
            _("Tên tài khoản"): [r.username for r in rows],
            _("Họ tên"): [None if is_missing(r.display_name) else r.display_name for r in rows],
            _("Vai trò"): [role_label(r.role) for r in rows],
            _("Phạm vi"): [
                scope_text(Scope(cast(ScopeLevel, r.scope_level), codes_of(r.scope_codes)))
                for r in rows
            ],
            _("Tổ"): [None if is_missing(r.team) else r.team for r in rows],
            _("Trạng thái"): [status(r, now) for r in rows],
            _("Đăng nhập lần cuối"): [
                format_datetime(r.last_sign_in_at, na="") or None for r in rows
            ],
            _("Tài khoản trình diễn"): [_("DEMO") if r.demo else None for r in rows],
        }
    )


def table_section(frame: pd.DataFrame, now: pd.Timestamp) -> None:
    """Draw the table of accounts."""
    count_table(accounts_table(frame, now), key="acc_table")


def render(admin: User) -> None:
    """Draw the page for an administrator (the page has checked the policy)."""
    st.title(_("Tài khoản người dùng"))
    st.caption(
        _(
            "Mỗi tài khoản có một vai trò và một phạm vi (toàn tỉnh, một số huyện hoặc một số "
            "xã). Mọi thay đổi được ghi vào nhật ký thao tác."
        )
    )
    now = pd.Timestamp(utc_now())
    frame = get_store().accounts()  # read after the forms' callbacks: shows their changes
    table_section(frame, now)
    create_section(admin)
    edit_section(admin, frame, now)
