"""Trang «Yêu cầu hỗ trợ tại nhà»: record a resident who needs a visit at home, follow, close."""

from geo.access import PAGES
from ui import auth
from views.home_requests_parts import page

user = auth.require(PAGES["home_requests"])  # on the server, whatever the navigation shows
page.render(user)
