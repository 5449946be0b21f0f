"""The accounts page's «Tạo tài khoản»: role and scope level, then the form.

A new account must change its temporary password at its first sign-in; the password field is
emptied whatever the outcome and its text is never shown.
"""

from __future__ import annotations

import streamlit as st

from geo.access import Role, User
from geo.i18n import _
from ui import errors
from ui.state import get_store
from views.admin_parts.account_common import NEED_TEAM, attempt, say, show
from views.admin_parts.account_fields import codes_field, read_scope, role_and_level, team_field

__all__ = ["create_section"]

_DEFAULT_ROLE: Role = "leader"


@errors.guarded("accounts.create")
def _create(admin: User) -> None:
    state = st.session_state
    password = state.get("acc_new_password") or ""
    state["acc_new_password"] = ""  # never kept, never shown again
    role, scope, team = read_scope("acc_new")
    if role == "team_leader" and not team:
        say("create", "error", _(NEED_TEAM))
        return
    username = str(state.get("acc_new_username") or "")
    name = str(state.get("acc_new_name") or "").strip() or None

    def add() -> None:
        get_store().add_account(
            username,
            role,
            scope,
            password,
            display_name=name,
            team=team,
            must_change=True,
            by=admin.username,
        )

    done = _(
        "Đã tạo tài khoản người dùng «{username}»; tài khoản phải đổi mật khẩu ở lần đăng nhập "
        "đầu tiên."
    ).format(username=username.strip().casefold())
    if attempt("create", add, done):
        state["acc_new_username"] = ""
        state["acc_new_name"] = ""


def create_section(admin: User) -> None:
    """Draw «Tạo tài khoản»: role and scope level, then the form."""
    st.subheader(_("Tạo tài khoản"))
    role, level = role_and_level("acc_new", _DEFAULT_ROLE, "province")
    with st.form("acc_new_form"):
        st.text_input(_("Tên tài khoản"), key="acc_new_username", autocomplete="off")
        st.text_input(_("Họ tên"), key="acc_new_name", autocomplete="off")
        codes_field(level, frozenset(), f"acc_new_codes_{level}")
        team_field(role, None, "acc_new_team")
        st.text_input(
            _("Mật khẩu tạm thời"),
            type="password",
            key="acc_new_password",
            autocomplete="new-password",
            help=_(
                "Báo mật khẩu này cho người dùng; họ phải đổi mật khẩu ở lần đăng nhập đầu tiên."
            ),
        )
        st.form_submit_button(
            _("Tạo tài khoản"), type="primary", on_click=_create, args=(admin,), key="acc_new_save"
        )
    show("create")
