"""Trang «Đổi mật khẩu»: every signed-in user changes its own password."""

from geo.access import PAGES
from ui import auth
from views.account_parts.password import password_page

auth.require(PAGES["password"])
password_page()
