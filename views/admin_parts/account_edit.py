"""The accounts page's «Sửa một tài khoản»: role, scope, team and name; password; disabling.

A reset password is temporary (the account must change it at its next sign-in); its field is
emptied whatever the outcome and its text is never shown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.access import User
from geo.fmt import display_text, is_missing
from geo.i18n import _
from ui import errors
from ui.state import get_store
from views.admin_parts.account_common import NEED_TEAM, attempt, codes_of, say, show, status
from views.admin_parts.account_fields import codes_field, read_scope, role_and_level, team_field

__all__ = ["edit_section"]


@errors.guarded("accounts.update")
def _update(admin: User, username: str) -> None:
    prefix = f"acc_edit_{username}"
    role, scope, team = read_scope(prefix)
    if role == "team_leader" and not team:
        say("edit", "error", _(NEED_TEAM))
        return
    name = str(st.session_state.get(f"{prefix}_name") or "").strip() or None

    def change() -> None:
        get_store().update_account(
            username, role=role, scope=scope, team=team, display_name=name, by=admin.username
        )

    attempt(
        "edit", change, _("Đã lưu thay đổi của tài khoản «{username}».").format(username=username)
    )


@errors.guarded("accounts.reset")
def _reset(admin: User, username: str) -> None:
    key = f"acc_edit_{username}_password"
    password = st.session_state.get(key) or ""
    st.session_state[key] = ""

    def reset() -> None:
        get_store().change_password(username, password, by=admin.username, must_change=True)

    done = _(
        "Đã đặt mật khẩu tạm thời cho tài khoản «{username}»; tài khoản phải đổi mật khẩu ở lần "
        "đăng nhập tới."
    ).format(username=username)
    attempt("reset", reset, done)


@errors.guarded("accounts.disable")
def _set_disabled(admin: User, username: str, disabled: bool) -> None:
    def change() -> None:
        get_store().set_disabled(username, disabled, by=admin.username)

    if disabled:
        done = _("Đã vô hiệu hóa tài khoản «{username}».").format(username=username)
    else:
        done = _("Đã mở lại tài khoản «{username}».").format(username=username)
    attempt("state", change, done)


def edit_section(admin: User, frame: pd.DataFrame, now: pd.Timestamp) -> None:
    """Draw the changes to one account: role, scope, team, name; password reset; disable."""
    st.subheader(_("Sửa một tài khoản"))
    if frame.empty:
        return
    rows = frame.set_index("username", drop=False)
    names = {str(r.username): r for r in rows.itertuples(index=False)}

    def label(username: str) -> str:
        row = names[username]
        shown = display_text(row.display_name)
        return f"{username} · {shown}" if shown else username

    username = st.selectbox(_("Chọn tài khoản"), list(names), format_func=label, key="acc_pick")
    if username is None:
        return
    row = names[username]
    st.caption(_("Trạng thái: {status}").format(status=status(row, now)))  # our own words
    prefix = f"acc_edit_{username}"
    role, level = role_and_level(prefix, str(row.role), str(row.scope_level))
    current = codes_of(row.scope_codes) if level == row.scope_level else frozenset()
    with st.form(f"{prefix}_form"):
        st.text_input(_("Họ tên"), value=display_text(row.display_name), key=f"{prefix}_name")
        codes_field(level, current, f"{prefix}_codes_{level}")
        team_field(role, None if is_missing(row.team) else str(row.team), f"{prefix}_team")
        st.form_submit_button(
            _("Lưu thay đổi"), on_click=_update, args=(admin, username), key=f"{prefix}_save"
        )
    show("edit")

    with st.form(f"{prefix}_reset_form"):
        st.text_input(
            _("Mật khẩu tạm thời mới"),
            type="password",
            key=f"{prefix}_password",
            autocomplete="new-password",
            help=_("Tài khoản phải đổi mật khẩu này ở lần đăng nhập tới."),
        )
        st.form_submit_button(
            _("Đặt lại mật khẩu"), on_click=_reset, args=(admin, username), key=f"{prefix}_reset"
        )
    show("reset")

    if row.disabled:
        st.button(
            _("Mở lại tài khoản"),
            on_click=_set_disabled,
            args=(admin, username, False),
            key=f"{prefix}_enable",
        )
    else:
        st.button(
            _("Vô hiệu hóa tài khoản"),
            on_click=_set_disabled,
            args=(admin, username, True),
            key=f"{prefix}_disable",
            help=_("Tài khoản bị vô hiệu hóa không đăng nhập được; các phiên đang mở kết thúc."),
        )
    show("state")
