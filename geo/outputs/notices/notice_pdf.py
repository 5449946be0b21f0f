"""The printable public notice «Thông báo lịch làm việc của tổ lưu động», one A4 page a commune.

The commune authorities post it for residents: the dates and time windows of the team's
visits, the meeting point, what to bring (chip-based ID card and smartphone) and a contact
line, under the administrative header of a Vietnamese official letter. Every text comes from
the catalog (:mod:`geo.i18n`): the notice prints in the language in use (commune names stay as
they are). The document base (DejaVu fonts embedded, A4) is :class:`geo.outputs.pdf.A4Document`.
Nothing here imports streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, cast

import pandas as pd
from fpdf import FontFace

from geo.fmt import display_text, format_date, format_weekday, is_missing
from geo.i18n import N_, _
from geo.outputs.notices.meeting_points import (
    commune_table,
    commune_unit,
    meeting_point_table,
    unit_name,
)
from geo.outputs.pdf import FONT_FAMILY, ISSUING_UNIT, A4Document

__all__ = ["BRING_ITEMS", "NOTICE_TITLE", "notice_pdf", "notices_pdf"]

#: Title of the notice (a catalog id: print it with ``_(NOTICE_TITLE)``).
NOTICE_TITLE = N_("THÔNG BÁO LỊCH LÀM VIỆC CỦA TỔ LƯU ĐỘNG")
#: What residents bring (printed as a list on the notice; catalog ids).
BRING_ITEMS = (
    N_("Căn cước công dân gắn chip (CCCD gắn chip) của mình;"),
    N_(
        "Điện thoại thông minh đang dùng số thuê bao chính chủ (đã cài hoặc sẽ được hướng dẫn cài "
        "ứng dụng VNeID)."
    ),
)
_F = FONT_FAMILY
_BLANK_CONTACT = "................................................"


def _window_text(start: object, end: object) -> str:
    """Write a time window as the notice prints it ("Từ 18:10 đến 21:20"), or "to be announced"."""
    if is_missing(start) or is_missing(end):
        return _("giờ sẽ thông báo sau")
    return _("Từ {start} đến {end}").format(start=display_text(start), end=display_text(end))


def _sessions(rows: pd.DataFrame) -> list[tuple[pd.Timestamp, str, str]]:
    """Group one commune's rows into evenings (same date and window: one line).

    Returns
    -------
    list of tuple
        ``(date, window text, teams)``, sorted by date and window.
    """
    r = rows.copy()
    r["w"] = [
        _window_text(a, b)
        for a, b in zip(
            r.get("window_start", [None] * len(r)),
            r.get("window_end", [None] * len(r)),
            strict=True,
        )
    ]
    out = []
    for key, g in r.groupby(["date", "w"], sort=True):
        d, w = cast(tuple[pd.Timestamp, str], key)
        out.append((pd.Timestamp(d), w, ", ".join(sorted(set(g["team"])))))
    return out


def _cell(pdf: A4Document, w: float, h: float, text: str, align: str = "L") -> None:
    """Write a paragraph; the cursor goes back to the left margin below it."""
    pdf.multi_cell(w, h, display_text(text), align=align, new_x="LMARGIN", new_y="NEXT")


def _letter_head(pdf: A4Document, kind: str, name: str, issued: date | None) -> None:
    """Write the header: issuing body left, national motto right, place and date below."""
    w = pdf.epw
    top = pdf.get_y()
    pdf.set_font(_F, "B", 10)
    pdf.set_xy(pdf.l_margin, top)
    body = _("ỦY BAN NHÂN DÂN\n{unit}").format(unit=unit_name(kind, name).upper())
    _cell(pdf, w * 0.42, 5, body, align="C")
    left_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + w * 0.42, top)
    _cell(
        pdf,
        w * 0.58,
        5,
        _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"),
        align="C",
    )
    y = max(left_bottom, pdf.get_y()) + 1
    pdf.line(pdf.l_margin + w * 0.13, y, pdf.l_margin + w * 0.29, y)
    pdf.line(pdf.l_margin + w * 0.56, y, pdf.l_margin + w * 0.86, y)
    pdf.set_xy(pdf.l_margin + w * 0.42, y + 2)
    pdf.set_font(_F, "I", 10)
    if issued:
        when = _("{place}, ngày {day} tháng {month} năm {year}").format(
            place=name, day=f"{issued.day:02d}", month=f"{issued.month:02d}", year=issued.year
        )
    else:
        when = _("{place}, ngày ...... tháng ...... năm ........").format(place=name)
    _cell(pdf, w * 0.58, 5, when, align="C")
    pdf.ln(9)


def _session_table(pdf: A4Document, rows: pd.DataFrame) -> None:
    """Draw the table of evenings: date (with weekday), time window, teams."""
    pdf.set_font(_F, "", 11)
    with pdf.table(
        col_widths=(48, 60, 62),
        text_align=("CENTER", "CENTER", "LEFT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=(225, 232, 242)),
        line_height=7,
        padding=1.5,
        width=170,
    ) as table:
        head = table.row()
        for label in (_("Ngày"), _("Thời gian"), _("Tổ lưu động")):
            head.cell(label, align="CENTER")
        for d, window, teams in _sessions(rows):
            row = table.row()
            row.cell(f"{format_weekday(d)}\n{format_date(d)}")
            row.cell(window)
            row.cell(display_text(teams))


def _notice_page(
    pdf: A4Document,
    commune: Mapping[Any, object],
    rows: pd.DataFrame,
    meeting_point: str,
    hotline: str,
    unit: str,
    issued: date | None,
) -> None:
    """Print the notice of one commune on a new page."""
    kind, name = commune_unit(commune)
    commune_name = unit_name(kind, name)
    pdf.add_page()
    _letter_head(pdf, kind, name, issued)

    pdf.set_font(_F, "B", 15)
    _cell(pdf, 0, 8, _(NOTICE_TITLE), align="C")
    pdf.set_font(_F, "B", 11)
    _cell(
        pdf, 0, 6, _("Hướng dẫn đăng ký, kích hoạt tài khoản định danh điện tử (VNeID)"), align="C"
    )
    pdf.ln(6)

    pdf.set_font(_F, "", 11.5)
    _cell(
        pdf,
        0,
        6.5,
        _(
            "Thực hiện kế hoạch của {planner}, tổ lưu động của lực lượng Công an sẽ đến "
            "{commune} để hướng dẫn công dân đăng ký, kích hoạt tài khoản định danh điện tử "
            "mức độ 2 (VNeID) ngay tại địa phương, theo lịch sau:"
        ).format(planner=_(unit), commune=commune_name),
    )
    pdf.ln(3)
    _session_table(pdf, rows)
    pdf.ln(5)

    pdf.set_font(_F, "B", 11.5)
    _cell(pdf, 0, 6.5, _("Địa điểm: {place}").format(place=meeting_point))
    pdf.ln(2)
    _cell(pdf, 0, 6.5, _("Khi đến, công dân mang theo:"))
    pdf.set_font(_F, "", 11.5)
    for item in BRING_ITEMS:
        pdf.set_x(pdf.l_margin + 6)
        _cell(pdf, 0, 6.5, f"- {_(item)}")
    pdf.ln(2)
    _cell(
        pdf,
        0,
        6.5,
        _(
            "Tổ lưu động cũng đến từng hộ gia đình trong khung giờ trên; đề nghị các hộ gia đình "
            "thông báo cho người thân cùng tham gia. Việc hướng dẫn, kích hoạt không thu phí."
        ),
    )
    pdf.ln(2)
    contact = display_text(hotline).strip() or _BLANK_CONTACT
    pdf.set_font(_F, "B", 11.5)
    _cell(pdf, 0, 6.5, _("Số điện thoại liên hệ: {contact}").format(contact=contact))
    pdf.ln(3)
    pdf.set_font(_F, "", 11.5)
    _cell(
        pdf,
        0,
        6.5,
        _("Ủy ban nhân dân {commune} trân trọng thông báo./.").format(commune=commune_name),
    )
    pdf.ln(6)
    pdf.set_x(pdf.l_margin + pdf.epw * 0.5)
    pdf.set_font(_F, "B", 11)
    _cell(pdf, pdf.epw * 0.5, 6, _("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"), align="C")


def notices_pdf(
    schedule: pd.DataFrame,
    communes: pd.DataFrame | None = None,
    *,
    codes: Iterable[str] | None = None,
    meeting_points: Mapping[str, str] | None = None,
    meeting_style: str = "ubnd",
    hotline: str = "",
    unit: str = ISSUING_UNIT,
    issued: date | None = None,
) -> bytes:
    """Print the public notices of a schedule: one A4 page per commune (first date first).

    Parameters
    ----------
    schedule : DataFrame
        ``date, team, code`` and optionally ``name, window_start, window_end``.
    communes : DataFrame, optional
        ``code, name, type`` (or ``full_name``) to write "xã An Nội", "phường …".
    codes : iterable of str, optional
        Only these communes (in schedule order); default all.
    meeting_points : mapping, optional
        ``{code: meeting point}``; the others get
        :func:`~geo.outputs.notices.meeting_points.default_meeting_point` of ``meeting_style``.
    meeting_style : str
        Key of :data:`~geo.outputs.notices.meeting_points.MEETING_POINT_STYLES`.
    hotline : str
        Contact line (telephone numbers, names); blank prints a dotted line to fill by hand.
    unit : str
        Who planned the visits ("Công an tỉnh Hà Nam"; the default is translated).
    issued : date, optional
        Date of the notice; blank (to fill by hand) by default.

    Returns
    -------
    bytes
        A PDF in the language in use; the same input gives the same bytes.

    Raises
    ------
    ValueError
        When no commune is left to print.
    """
    s = schedule.copy()
    s["date"] = pd.to_datetime(s["date"]).dt.normalize()
    s["team"], s["code"] = s["team"].astype(str), s["code"].astype(str)
    table = meeting_point_table(s, communes, meeting_style)
    if codes is not None:
        wanted = [str(c) for c in codes]
        table = table[table["code"].isin(wanted)]
    if table.empty:
        raise ValueError(_("Không có xã nào trong lịch để in thông báo."))
    info = commune_table(s, communes).set_index("code")
    pdf = A4Document(
        title=_(NOTICE_TITLE).capitalize(),
        author=_(unit),
        created=datetime(2000, 1, 1),  # same bytes for the same input
        margins=(20, 15, 20),
        bottom_margin=15,
        styles="BI",
    )
    given = {
        str(k): display_text(v)
        for k, v in (meeting_points or {}).items()
        if display_text(v).strip()
    }
    for row in table.to_dict("records"):
        code = row["code"]
        commune = {"code": code, **info.loc[code].to_dict()}
        point = given.get(code, row["meeting_point"])
        _notice_page(pdf, commune, s[s["code"] == code], point, hotline, unit, issued)
    return bytes(pdf.output())


def notice_pdf(
    schedule: pd.DataFrame,
    communes: pd.DataFrame | None,
    code: str,
    *,
    meeting_point: str | None = None,
    meeting_style: str = "ubnd",
    hotline: str = "",
    unit: str = ISSUING_UNIT,
    issued: date | None = None,
) -> bytes:
    """Print the notice of one commune (one page); see :func:`notices_pdf`.

    Parameters
    ----------
    schedule : DataFrame
        As for :func:`notices_pdf`.
    communes : DataFrame or None
        As for :func:`notices_pdf`.
    code : str
        The commune to print.
    meeting_point : str, optional
        Its meeting point; default by ``meeting_style``.
    meeting_style, hotline, unit, issued
        As for :func:`notices_pdf`.

    Returns
    -------
    bytes
        A one-page PDF. Raises ``ValueError`` when ``code`` is not in the schedule.
    """
    points = {str(code): meeting_point} if meeting_point else None
    return notices_pdf(
        schedule,
        communes,
        codes=[str(code)],
        meeting_points=points,
        meeting_style=meeting_style,
        hotline=hotline,
        unit=unit,
        issued=issued,
    )
