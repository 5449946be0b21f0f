"""The short plain-text announcement of one commune's notice: the loudspeaker and the Zalo group.

The commune authorities read it out on the commune loudspeaker («nội dung đọc trên loa truyền
thanh») and paste it into the commune's Zalo group («tin nhắn nhóm Zalo»): the same evenings,
window, meeting point, what to bring and contact lines as the printed notice
(:mod:`~geo.outputs.notices.notice_pdf`), as plain text without markup (team names, places
and contacts are written as typed). Dates are :func:`geo.fmt.format_weekday` and
:func:`geo.fmt.format_date`, windows :func:`~geo.outputs.notices.evenings.window_text`. Nothing
here imports streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from geo.fmt import display_text, format_date, format_weekday
from geo.i18n import _
from geo.outputs.notices.evenings import (
    commune_evenings,
    normalise_schedule,
    team_contact_lines,
)
from geo.outputs.notices.meeting_points import (
    commune_table,
    commune_unit,
    default_meeting_point,
    unit_name,
)
from geo.outputs.notices.notice_pdf import BRING_ITEMS, NOTICE_TITLE
from geo.outputs.pdf import ISSUING_UNIT

__all__ = ["announcement_text"]


def announcement_text(
    schedule: pd.DataFrame,
    communes: pd.DataFrame | None,
    code: str,
    *,
    meeting_point: str | None = None,
    meeting_style: str = "ubnd",
    hotline: str = "",
    team_contacts: Mapping[str, object] | None = None,
    unit: str = ISSUING_UNIT,
) -> str:
    """Write the announcement of one commune's visits, ready to read out or to paste.

    Parameters
    ----------
    schedule : DataFrame
        ``date, team, code`` and optionally ``name, window_start, window_end``.
    communes : DataFrame or None
        ``code, name, type`` (or ``full_name``) to write "xã An Nội", "phường …".
    code : str
        The commune.
    meeting_point : str, optional
        Where the team meets residents; default
        :func:`~geo.outputs.notices.meeting_points.default_meeting_point` of ``meeting_style``.
    meeting_style : str
        Key of :data:`~geo.outputs.notices.meeting_points.MEETING_POINT_STYLES`.
    hotline : str
        The commune's contact line; left out when blank.
    team_contacts : mapping, optional
        Team name -> contact line; a team without one is named alone.
    unit : str
        Who planned the visits (the default is translated).

    Returns
    -------
    str
        Plain text, one item a line, in the language in use, ending with a line break.

    Raises
    ------
    ValueError
        When ``code`` is not in the schedule.

    Examples
    --------
    >>> s = pd.DataFrame({"date": ["2023-06-02"], "team": ["Tổ 1"], "code": ["13540"],
    ...                   "name": ["An Nội"], "window_start": ["16:15"],
    ...                   "window_end": ["19:15"]})
    >>> text = announcement_text(s, None, "13540", team_contacts={"Tổ 1": "0912 345 678"})
    >>> print(text.splitlines()[2])
    - Thứ Sáu, 02/06/2023: 16:15-19:15
    >>> print(text.splitlines()[3])
    Địa điểm: Trụ sở UBND xã An Nội
    >>> "Liên hệ tổ: Tổ 1 – 0912 345 678" in text
    True
    """
    s = normalise_schedule(schedule)
    rows = s[s["code"] == str(code)]
    if rows.empty:
        raise ValueError(_("Không có xã nào trong lịch để in thông báo."))
    info = commune_table(rows, communes).iloc[0].to_dict()
    kind, name = commune_unit(info)
    commune = unit_name(kind, name)
    place = display_text(meeting_point).strip() or default_meeting_point(kind, name, meeting_style)
    lines = [
        _(NOTICE_TITLE),
        _(
            "Thực hiện kế hoạch của {planner}, tổ lưu động của lực lượng Công an sẽ đến "
            "{commune} để hướng dẫn công dân đăng ký, kích hoạt tài khoản định danh điện tử "
            "mức độ 2 (VNeID) ngay tại địa phương, theo lịch sau:"
        ).format(planner=_(unit), commune=commune),
    ]
    evenings = commune_evenings(rows)
    for evening in evenings:
        when = _("{weekday}, {date}: {window}").format(
            weekday=format_weekday(evening.date),
            date=format_date(evening.date),
            window=evening.window,
        )
        lines.append(f"- {when}")
    lines.append(_("Địa điểm: {place}").format(place=" ".join(place.split())))
    lines.append(_("Khi đến, công dân mang theo:"))
    lines.extend(f"- {_(item)}" for item in BRING_ITEMS)
    lines.append(
        _(
            "Tổ lưu động cũng đến từng hộ gia đình trong khung giờ trên; đề nghị các hộ gia đình "
            "thông báo cho người thân cùng tham gia. Việc hướng dẫn, kích hoạt không thu phí."
        )
    )
    teams = [t for e in evenings for t in e.teams]
    lines.extend(team_contact_lines(teams, team_contacts))
    contact = " ".join(display_text(hotline).split())
    if contact:
        lines.append(_("Số điện thoại liên hệ: {contact}").format(contact=contact))
    lines.append(_("Ủy ban nhân dân {commune} trân trọng thông báo./.").format(commune=commune))
    return "\n".join(lines) + "\n"
