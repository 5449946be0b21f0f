"""Trang «Đổi mật khẩu»: every signed-in user changes its own password."""

import streamlit as st

from geo.access import PAGES
from geo.i18n import _
from ui import auth
from views.account_parts.sign_in import change_password_form

auth.require(PAGES["password"])
st.title(_("Đổi mật khẩu"))
change_password_form(forced=False)
