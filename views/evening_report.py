"""Trang «Báo cáo buổi tối»: the team leader files tonight's results from a phone."""

from geo.access import PAGES, Target
from ui import auth
from views.evening_report_parts import page

user = auth.require(PAGES["evening_report"])  # on the server, whatever the navigation shows
user = auth.require("enter_results", Target(team=user.team))  # team leaders, their own team
page.render(user)
