"""Trang «Nhật ký thao tác»: who did what, when and from where, with filters and Excel export."""

from geo.access import PAGES
from ui import auth
from views.admin_parts import audit

user = auth.require(PAGES["audit"])  # on the server, whatever the navigation shows
audit.render()
