"""«Đổi mật khẩu»: the forced change of a first sign-in, and the page of every signed-in user."""

from __future__ import annotations

import streamlit as st

from geo.i18n import _
from geo.store import AccountError
from ui import auth
from ui.state import get_store

__all__ = ["change_password_form", "change_password_page", "password_page"]


def change_password_form(*, forced: bool) -> None:
    """Draw the password change of the signed-in user.

    Parameters
    ----------
    forced : bool
        The first sign-in (or a reset): nothing else is shown until it is done.
    """
    user = auth.current_user()
    if user is None:
        return
    with st.form("change_password", clear_on_submit=True):
        current = st.text_input(_("Mật khẩu hiện tại"), type="password", key="pw_current")
        new = st.text_input(_("Mật khẩu mới"), type="password", key="pw_new")
        again = st.text_input(_("Nhập lại mật khẩu mới"), type="password", key="pw_again")
        submitted = st.form_submit_button(_("Đổi mật khẩu"), type="primary")
    if not submitted:
        return
    if new != again:
        st.error(_("Hai lần nhập mật khẩu mới không giống nhau."))
        return
    try:
        get_store().change_password(user.username, new, by=user.username, current_password=current)
    except AccountError as exc:
        st.error(str(exc))
        return
    auth.password_changed()
    if forced:
        st.rerun()
    st.success(_("Đã đổi mật khẩu."))


def password_page() -> None:
    """Draw the page «Đổi mật khẩu» of a signed-in user (whenever it wants a new password)."""
    st.title(_("Đổi mật khẩu"))
    change_password_form(forced=False)


def change_password_page() -> None:
    """Draw the forced password change of a first sign-in (the only page until it is done)."""
    st.title(_("Đổi mật khẩu"))
    st.info(
        _("Đây là lần đăng nhập đầu tiên (hoặc mật khẩu vừa được cấp lại): hãy chọn mật khẩu mới.")
    )
    change_password_form(forced=True)
    if st.button(_("Đăng xuất"), key="sign_out_forced"):
        auth.sign_out()
