"""The printable public notice «Thông báo lịch làm việc của tổ lưu động», one A4 page a commune.

The commune authorities post it for residents: a compact table of the team's evenings (date
with weekday, time window, meeting point), what to bring (chip-based ID card and smartphone),
the contact line of each team («Liên hệ tổ: …») and the commune's hotline, under the
administrative header of a Vietnamese official letter. It always fits one page at a readable
size: the spacing shrinks, never the font (:data:`BODY_PT`, :data:`TABLE_PT`). Every text comes from
the catalog (:mod:`geo.i18n`): the notice prints in the language in use (commune names stay as
they are). The document base (DejaVu fonts embedded, A4) is :class:`geo.outputs.pdf.A4Document`.
Nothing here imports streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import zip_longest

import pandas as pd
from fpdf import FontFace

from geo.fmt import display_text, format_date, format_int, format_weekday
from geo.i18n import N_, _, ngettext
from geo.outputs.notices.evenings import (
    BLANK_CONTACT,
    Evening,
    commune_evenings,
    normalise_schedule,
    team_contact_lines,
)
from geo.outputs.notices.meeting_points import (
    commune_table,
    commune_unit,
    meeting_point_table,
    unit_name,
)
from geo.outputs.pdf import FONT_FAMILY, ISSUING_UNIT, A4Document

__all__ = ["BODY_PT", "BRING_ITEMS", "NOTICE_TITLE", "TABLE_PT", "notice_pdf", "notices_pdf"]

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
#: Font size of the notice's body text and table, in points (readable on a notice board).
BODY_PT = 11.5
TABLE_PT = 11


@dataclass(frozen=True)
class _Spacing:
    """Vertical spacing of a notice, in mm (the font sizes never change), and its table's form."""

    line: float  # height of a body line
    row: float  # height of a table line
    pad: float  # padding of a table cell
    gap: float  # factor of the gaps between blocks
    columns: int = 1  # 2: the evenings in two halves side by side, the place said once above


_ROOMY = _Spacing(line=6.5, row=7.0, pad=1.5, gap=1.0)
_COMPACT = _Spacing(line=5.8, row=6.0, pad=1.0, gap=0.6)
_TIGHT = _Spacing(line=5.2, row=5.6, pad=0.7, gap=0.3)
#: From roomy to tight: the first that keeps the notice on one page is used.
_SPACINGS = (
    _ROOMY,
    _COMPACT,
    _TIGHT,
    replace(_COMPACT, columns=2),
    replace(_TIGHT, columns=2),
)


def _cell(pdf: A4Document, w: float, h: float, text: str, align: str = "L") -> None:
    """Write a paragraph; the cursor goes back to the left margin below it."""
    pdf.multi_cell(w, h, display_text(text), align=align, new_x="LMARGIN", new_y="NEXT")


def _letter_head(pdf: A4Document, kind: str, name: str, issued: date | None, gap: float) -> None:
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
    pdf.ln(3 + 6 * gap)


def _when(evening: Evening) -> str:
    """Write the date of an evening with its weekday ("Thứ Năm, 01/06/2023")."""
    return _("{weekday}, {date}").format(
        weekday=format_weekday(evening.date), date=format_date(evening.date)
    )


def _session_table(pdf: A4Document, evenings: list[Evening], place: str, spacing: _Spacing) -> None:
    """Draw the compact table of evenings: date with weekday, time window, meeting point.

    With ``spacing.columns == 2`` the evenings run down the left half then the right half
    (date and window only: the caller says the place above the table).
    """
    pdf.set_font(_F, "", TABLE_PT)
    two = spacing.columns == 2
    heads = (_("Ngày"), _("Thời gian")) * 2 if two else (_("Ngày"), _("Thời gian"), _("Địa điểm"))
    with pdf.table(
        col_widths=(50, 35, 50, 35) if two else (47, 45, 78),
        text_align=("LEFT", "CENTER") * 2 if two else ("LEFT", "CENTER", "LEFT"),
        v_align="TOP",
        headings_style=FontFace(emphasis="BOLD", fill_color=(225, 232, 242)),
        line_height=spacing.row - 2 * spacing.pad,
        padding=spacing.pad,
        width=170,
    ) as table:
        head = table.row()
        for label in heads:
            head.cell(label, align="CENTER")
        if not two:
            for evening in evenings:
                row = table.row()
                row.cell(_when(evening))
                row.cell(evening.window)
                row.cell(display_text(place))
            return
        half = -(-len(evenings) // 2)
        for left, right in zip_longest(evenings[:half], evenings[half:]):
            row = table.row()
            for evening in (left, right):
                row.cell(_when(evening) if evening else "")
                row.cell(evening.window if evening else "")


def _more_line(hidden: list[Evening], commune: str) -> str:
    """Say that the table leaves out the last evenings, and where to read them all."""
    n = len(hidden)
    return ngettext(
        "Còn {n} buổi làm việc nữa, đến ngày {date}: xem lịch đầy đủ tại trụ sở UBND {commune}.",
        "Còn {n} buổi làm việc nữa, đến ngày {date}: xem lịch đầy đủ tại trụ sở UBND {commune}.",
        n,
    ).format(n=format_int(n), date=format_date(hidden[-1].date), commune=commune)


@dataclass(frozen=True)
class _Notice:
    """What one commune's notice prints."""

    kind: str
    name: str
    evenings: list[Evening]
    place: str
    contacts: list[str]
    hotline: str
    unit: str
    issued: date | None


def _notice_page(pdf: A4Document, n: _Notice, spacing: _Spacing, shown: int) -> None:
    """Print the notice of one commune on a new page, the first ``shown`` evenings in the table."""
    commune_name = unit_name(n.kind, n.name)
    line, gap = spacing.line, spacing.gap
    pdf.add_page()
    _letter_head(pdf, n.kind, n.name, n.issued, gap)

    pdf.set_font(_F, "B", 15)
    _cell(pdf, 0, 8, _(NOTICE_TITLE), align="C")
    pdf.set_font(_F, "B", BODY_PT)
    _cell(
        pdf, 0, 6, _("Hướng dẫn đăng ký, kích hoạt tài khoản định danh điện tử (VNeID)"), align="C"
    )
    pdf.ln(1 + 5 * gap)

    pdf.set_font(_F, "", BODY_PT)
    _cell(
        pdf,
        0,
        line,
        _(
            "Thực hiện kế hoạch của {planner}, tổ lưu động của lực lượng Công an sẽ đến "
            "{commune} để hướng dẫn công dân đăng ký, kích hoạt tài khoản định danh điện tử "
            "mức độ 2 (VNeID) ngay tại địa phương, theo lịch sau:"
        ).format(planner=_(n.unit), commune=commune_name),
    )
    pdf.ln(1 + 2 * gap)
    if spacing.columns == 2:
        pdf.set_font(_F, "B", BODY_PT)
        _cell(pdf, 0, line, _("Địa điểm: {place}").format(place=display_text(n.place)))
        pdf.ln(1)
    _session_table(pdf, n.evenings[:shown], n.place, spacing)
    if shown < len(n.evenings):
        pdf.ln(1)
        pdf.set_font(_F, "I", BODY_PT)
        _cell(pdf, 0, line, _more_line(n.evenings[shown:], commune_name))
    pdf.ln(1 + 4 * gap)

    pdf.set_font(_F, "B", BODY_PT)
    _cell(pdf, 0, line, _("Khi đến, công dân mang theo:"))
    pdf.set_font(_F, "", BODY_PT)
    for item in BRING_ITEMS:
        pdf.set_x(pdf.l_margin + 6)
        _cell(pdf, 0, line, f"- {_(item)}")
    pdf.ln(2 * gap)
    _cell(
        pdf,
        0,
        line,
        _(
            "Tổ lưu động cũng đến từng hộ gia đình trong khung giờ trên; đề nghị các hộ gia đình "
            "thông báo cho người thân cùng tham gia. Việc hướng dẫn, kích hoạt không thu phí."
        ),
    )
    pdf.ln(2 * gap)
    pdf.set_font(_F, "B", BODY_PT)
    for contact in n.contacts:
        _cell(pdf, 0, line, contact)
    hotline = display_text(n.hotline).strip() or BLANK_CONTACT
    _cell(pdf, 0, line, _("Số điện thoại liên hệ: {contact}").format(contact=hotline))
    pdf.ln(1 + 2 * gap)
    pdf.set_font(_F, "", BODY_PT)
    _cell(
        pdf,
        0,
        line,
        _("Ủy ban nhân dân {commune} trân trọng thông báo./.").format(commune=commune_name),
    )
    pdf.ln(1 + 5 * gap)
    pdf.set_x(pdf.l_margin + pdf.epw * 0.5)
    pdf.set_font(_F, "B", 11)
    _cell(pdf, pdf.epw * 0.5, 6, _("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"), align="C")
    pdf.ln(18)  # room for the signature and the seal


def _document(unit: str) -> A4Document:
    """Start an empty notice document (fonts registered, metadata set)."""
    return A4Document(
        title=_(NOTICE_TITLE).capitalize(),
        author=_(unit),
        created=datetime(2000, 1, 1),  # same bytes for the same input
        margins=(20, 15, 20),
        bottom_margin=12,
        styles="BI",
    )


def _fits(scratch: A4Document, notice: _Notice, spacing: _Spacing, shown: int) -> bool:
    """Whether the notice drawn so stays on one page (drawn on a scratch document)."""
    before = scratch.page
    _notice_page(scratch, notice, spacing, shown)
    return scratch.page == before + 1 and scratch.get_y() <= scratch.page_break_trigger


def _layout(scratch: A4Document, notice: _Notice) -> tuple[_Spacing, int]:
    """Choose the roomiest spacing that keeps every evening on one page, else cut the table.

    Returns
    -------
    tuple
        The spacing and the number of evenings the table shows (the others are told in a line).
    """
    total = len(notice.evenings)
    for spacing in _SPACINGS:
        if _fits(scratch, notice, spacing, total):
            return spacing, total
    tight = _SPACINGS[-1]
    low, high = 0, total - 1  # the most evenings that fit with the line saying the rest
    while low < high:
        mid = (low + high + 1) // 2
        if _fits(scratch, notice, tight, mid):
            low = mid
        else:
            high = mid - 1
    return tight, low


def notices_pdf(
    schedule: pd.DataFrame,
    communes: pd.DataFrame | None = None,
    *,
    codes: Iterable[str] | None = None,
    meeting_points: Mapping[str, str] | None = None,
    meeting_style: str = "ubnd",
    hotline: str = "",
    team_contacts: Mapping[str, object] | None = None,
    unit: str = ISSUING_UNIT,
    issued: date | None = None,
) -> bytes:
    """Print the public notices of a schedule: one A4 page per commune (first date first).

    Each page holds the table of the commune's evenings (date with weekday, window, meeting
    point) at :data:`TABLE_PT` points, the body at :data:`BODY_PT`: when they do not fit, the
    spacing shrinks (never the font), and a commune with more evenings than even the tightest
    spacing holds gets the first ones and a line telling how many more, up to which date.

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
    team_contacts : mapping, optional
        Team name -> contact line (:meth:`geo.store.Store.teams`' ``contact``): each team of
        a commune gets «Liên hệ tổ: <team> – <contact>», a dotted line when it has none.
    unit : str
        Who planned the visits ("Công an tỉnh Hà Nam"; the default is translated).
    issued : date, optional
        Date of the notice; blank (to fill by hand) by default.

    Returns
    -------
    bytes
        A PDF in the language in use, one page per commune; the same input gives the same
        bytes.

    Raises
    ------
    ValueError
        When no commune is left to print.
    """
    s = normalise_schedule(schedule)
    table = meeting_point_table(s, communes, meeting_style)
    if codes is not None:
        wanted = [str(c) for c in codes]
        table = table[table["code"].isin(wanted)]
    if table.empty:
        raise ValueError(_("Không có xã nào trong lịch để in thông báo."))
    info = commune_table(s, communes).set_index("code")
    pdf, scratch = _document(unit), _document(unit)
    given = {
        str(k): display_text(v)
        for k, v in (meeting_points or {}).items()
        if display_text(v).strip()
    }
    for row in table.to_dict("records"):
        code = row["code"]
        kind, name = commune_unit({"code": code, **info.loc[code].to_dict()})
        evenings = commune_evenings(s[s["code"] == code])
        notice = _Notice(
            kind=kind,
            name=name,
            evenings=evenings,
            place=given.get(code, row["meeting_point"]),
            contacts=team_contact_lines(
                (t for e in evenings for t in e.teams), team_contacts, blank=BLANK_CONTACT
            ),
            hotline=hotline,
            unit=unit,
            issued=issued,
        )
        spacing, shown = _layout(scratch, notice)
        _notice_page(pdf, notice, spacing, shown)
    return bytes(pdf.output())


def notice_pdf(
    schedule: pd.DataFrame,
    communes: pd.DataFrame | None,
    code: str,
    *,
    meeting_point: str | None = None,
    meeting_style: str = "ubnd",
    hotline: str = "",
    team_contacts: Mapping[str, object] | None = None,
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
    meeting_style, hotline, team_contacts, unit, issued
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
        team_contacts=team_contacts,
        unit=unit,
        issued=issued,
    )
