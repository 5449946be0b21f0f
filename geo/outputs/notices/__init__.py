"""What a plan gives to people: the Excel schedule and the public notices.

* :func:`schedule_xlsx` (:mod:`~geo.outputs.notices.schedule_xlsx`): the schedule as a
  workbook with one sheet «Lịch công tác» (one row per team-evening: date, team, commune, time
  window, expected activations); text is never written as a formula.
* :func:`notices_pdf` / :func:`notice_pdf` (:mod:`~geo.outputs.notices.notice_pdf`): the
  printable public notice «Thông báo lịch làm việc của tổ lưu động» that the commune
  authorities post for residents, one A4 page per commune, fonts embedded.
* :func:`meeting_point_table` / :func:`default_meeting_point`
  (:mod:`~geo.outputs.notices.meeting_points`): the communes of a schedule and where the team
  meets residents.

The weekday printed on both is :func:`geo.fmt.format_weekday`.

The follow-up of a published plan is :mod:`geo.planning.followup`. Nothing here imports
streamlit.
"""

from __future__ import annotations

from geo.outputs.notices.meeting_points import (
    MEETING_POINT_STYLES,
    default_meeting_point,
    meeting_point_table,
)
from geo.outputs.notices.notice_pdf import BRING_ITEMS, NOTICE_TITLE, notice_pdf, notices_pdf
from geo.outputs.notices.schedule_xlsx import SCHEDULE_SHEET, XLSX_HEADERS, schedule_xlsx
from geo.outputs.pdf import FONT_DIR

__all__ = [
    "BRING_ITEMS",
    "FONT_DIR",
    "MEETING_POINT_STYLES",
    "NOTICE_TITLE",
    "SCHEDULE_SHEET",
    "XLSX_HEADERS",
    "default_meeting_point",
    "meeting_point_table",
    "notice_pdf",
    "notices_pdf",
    "schedule_xlsx",
]
