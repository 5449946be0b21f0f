"""Trang «Tài khoản người dùng»: the administrator's list of accounts, and their changes."""

from geo.access import PAGES
from ui import auth
from views.admin_parts import accounts

user = auth.require(PAGES["accounts"])  # on the server, whatever the navigation shows
accounts.render(user)
