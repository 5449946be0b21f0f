"""What a plan gives to people: the Excel schedule and the public notices.

* :func:`schedule_xlsx` (:mod:`~geo.outputs.notices.schedule_xlsx`): the schedule as a
  workbook with one sheet «Lịch công tác» (one row per team-evening: date, team, commune, time
  window, expected activations); text is never written as a formula.
* :func:`notices_pdf` / :func:`notice_pdf` (:mod:`~geo.outputs.notices.notice_pdf`): the
  printable public notice «Thông báo lịch làm việc của tổ lưu động» that the commune
  authorities post for residents, one A4 page per commune, fonts embedded.
* :func:`posters_pdf` (:mod:`~geo.outputs.notices.poster`): the A4 landscape poster of the
  whole schedule, one per district (one for all when the boundaries have no districts).
* :func:`announcement_text` (:mod:`~geo.outputs.notices.announcement`): the short plain text
  of one commune's notice, to read out on the commune loudspeaker and paste into its Zalo group.
* :func:`meeting_point_table` / :func:`default_meeting_point`
  (:mod:`~geo.outputs.notices.meeting_points`): the communes of a schedule and where the team
  meets residents.

Every notice prints the commune's evenings, their windows (``18:10-21:20``) and the contact
line of each team the same way (:mod:`~geo.outputs.notices.evenings`); the weekday is
:func:`geo.fmt.format_weekday`. All print in the language in use (:mod:`geo.i18n`);
:func:`notice_file_names` names their downloads (ASCII, in that language).

The follow-up of a published plan is :mod:`geo.planning.followup`. Nothing here imports
streamlit.
"""

from __future__ import annotations

from datetime import date

from geo.i18n import _
from geo.outputs.notices.announcement import announcement_text
from geo.outputs.notices.evenings import team_contact_lines, window_text
from geo.outputs.notices.meeting_points import (
    MEETING_POINT_STYLES,
    default_meeting_point,
    meeting_point_table,
    unit_name,
)
from geo.outputs.notices.notice_pdf import (
    BODY_PT,
    BRING_ITEMS,
    NOTICE_TITLE,
    notice_pdf,
    notices_pdf,
)
from geo.outputs.notices.poster import posters_pdf
from geo.outputs.notices.schedule_xlsx import SCHEDULE_SHEET, XLSX_HEADERS, schedule_xlsx
from geo.outputs.pdf import FONT_DIR

__all__ = [
    "BODY_PT",
    "BRING_ITEMS",
    "FONT_DIR",
    "MEETING_POINT_STYLES",
    "NOTICE_TITLE",
    "SCHEDULE_SHEET",
    "XLSX_HEADERS",
    "announcement_text",
    "default_meeting_point",
    "meeting_point_table",
    "notice_file_names",
    "notice_pdf",
    "notices_pdf",
    "posters_pdf",
    "schedule_xlsx",
    "team_contact_lines",
    "unit_name",
    "window_text",
]


def notice_file_names(start: date, code: str = "") -> dict[str, str]:
    """Name the downloads of a schedule after its first day, in the language in use (ASCII).

    Parameters
    ----------
    start : date
        First day of the schedule.
    code : str
        The commune of a single notice (the ``"notice"`` name).

    Returns
    -------
    dict
        ``{"schedule": …xlsx, "notices": …pdf, "notice": …pdf}``: the schedule workbook
        (:func:`schedule_xlsx`), the notices of all communes (:func:`notices_pdf`) and the
        notice of ``code`` (:func:`notice_pdf`).

    Examples
    --------
    >>> notice_file_names(date(2023, 6, 1), "13291")
    {'schedule': 'lich-cong-tac-2023-06-01.xlsx', 'notices': 'thong-bao-lich-lam-viec-2023-06-01.pdf', 'notice': 'thong-bao-13291-2023-06-01.pdf'}
    """  # noqa: E501
    day = f"{start:%Y-%m-%d}"
    return {
        "schedule": _("lich-cong-tac-{date}.xlsx").format(date=day),
        "notices": _("thong-bao-lich-lam-viec-{date}.pdf").format(date=day),
        "notice": _("thong-bao-{code}-{date}.pdf").format(code=code, date=day),
    }
