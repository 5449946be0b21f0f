"""«Đăng nhập»: the only page an anonymous visitor sees, whatever the address it opened.

``app.py`` registers :func:`sign_in_page` under the address of every page while nobody is signed
in, and :func:`change_password_page` while a new account must choose its password, so a deep
link opens the sign-in and, once signed in, the page it named.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAuthError

from geo.access import ROLE_LABELS
from geo.access.policy import scope_text
from geo.demo.accounts import DEMO_ACCOUNTS, demo_active
from geo.i18n import N_, _
from ui import auth
from ui.state import get_settings, get_store
from ui.text import plain

_SSO_MISSING = N_(
    "Đăng nhập một lần chưa được cấu hình đầy đủ trên máy chủ (mục [auth] của "
    ".streamlit/secrets.toml: redirect_uri, cookie_secret, client_id, client_secret, "
    "server_metadata_url). Hãy báo quản trị viên."
)

__all__ = ["sidebar", "sign_in_page"]


def _demo_buttons() -> None:
    """Offer the demo accounts, only while the demo campaign is loaded."""
    store = get_store()
    if not get_settings().demo_accounts or not demo_active(store):
        return
    present = set(store.accounts().query("demo and not disabled")["username"])
    offered = [a for a in DEMO_ACCOUNTS if a.username in present]
    if not offered:
        return
    st.divider()
    st.subheader(_("Dùng thử với dữ liệu mẫu (DEMO)"))
    st.caption(
        _(
            "Các tài khoản trình diễn chỉ có khi cơ sở dữ liệu đang chứa dữ liệu mẫu. "
            "Mỗi tài khoản có một vai trò và phạm vi để xem phần mềm dưới góc nhìn của vai trò đó."
        )
    )
    for spec in offered:
        label = _("{name} · {role} · {scope}").format(
            name=spec.display_name, role=_(ROLE_LABELS[spec.role]), scope=scope_text(spec.scope)
        )
        if st.button(label, key=f"demo_{spec.username}", icon=":material/person:"):
            found = store.sign_in_without_password(spec.username, "demo")
            if isinstance(found, str):
                st.error(found)
            else:
                auth.sign_in(found, "demo")


def sign_in_page() -> None:
    """Draw the sign-in (local password, or the single sign-on button when configured)."""
    st.title(_("Đăng nhập"))
    st.caption(_("Tổ lưu động VNeID – Công an tỉnh Hà Nam"))
    message = auth.flash()
    if message:
        st.warning(message, icon=":material/lock_clock:")
    settings, store = get_settings(), get_store()
    if settings.auth == "oidc":
        st.write(_("Đăng nhập bằng tài khoản của hệ thống đăng nhập một lần của đơn vị."))
        if st.button(_("Đăng nhập một lần (SSO)"), type="primary", key="sign_in_sso"):
            try:
                st.login(settings.oidc_provider) if settings.oidc_provider else st.login()
            except StreamlitAuthError:
                st.error(_(_SSO_MISSING), icon=":material/error:")
        return
    with st.form("sign_in", enter_to_submit=True):
        username = st.text_input(_("Tên tài khoản người dùng"), key="sign_in_username")
        password = st.text_input(_("Mật khẩu"), type="password", key="sign_in_password")
        submitted = st.form_submit_button(_("Đăng nhập"), type="primary")
    if submitted:
        found = store.authenticate(username, password)
        if isinstance(found, str):
            st.error(found)
        else:
            auth.sign_in(found, "password", must_change=store.must_change_password(found.username))
    if not store.has_admin():
        st.info(
            _(
                "Chưa có tài khoản quản trị viên. Trên máy chủ, người quản trị chạy lệnh "
                "`python -m geo add-admin TÊN_TÀI_KHOẢN` rồi đăng nhập và tạo tài khoản cho "
                "từng cán bộ."
            )
        )
    _demo_buttons()


def sidebar() -> None:
    """Show who is signed in, with its role and scope, and the sign-out button."""
    user = auth.current_user()
    if user is None:
        return
    with st.sidebar:
        st.caption(
            _("Đăng nhập: {user} · {role} · {scope}").format(
                user=plain(user.username), role=user.role_label, scope=scope_text(user.scope)
            )
        )
        if st.button(_("Đăng xuất"), key="sign_out", icon=":material/logout:"):
            auth.sign_out()
        auth.idle_watch()
