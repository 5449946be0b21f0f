"""The printable poster of a whole schedule: every commune's evenings, one poster per district.

A4 landscape, to pin on the notice boards of the district and of its communes: the issuing unit
and the national motto, the title and the schedule's dates, then one row per commune (its
evenings: date with weekday and window; the meeting point; the teams), what to bring, each
team's contact line («Liên hệ tổ: …») and the hotline. The body prints at :data:`POSTER_PT`
points; a long district runs over several pages, the table's heading repeated, every page
numbered and named after its district.

Districts come from the commune registry's ``district_name``. The boundaries of 07/2025 have
no districts: their communes (and any commune without a district) make one poster titled
«Các xã, phường trong kế hoạch», split over as many pages as it needs. Nothing here imports
streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd
from fpdf import FontFace

from geo.fmt import display_text, format_date, format_weekday, is_missing
from geo.i18n import N_, _
from geo.outputs.notices.evenings import (
    BLANK_CONTACT,
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
from geo.outputs.notices.notice_pdf import BRING_ITEMS
from geo.outputs.pdf import FONT_FAMILY, ISSUING_UNIT, A4Document

__all__ = ["NO_DISTRICT", "POSTER_PT", "POSTER_TITLE", "posters_pdf"]

#: Title of the poster (a catalog id).
POSTER_TITLE = N_("LỊCH LÀM VIỆC CỦA TỔ LƯU ĐỘNG")
#: Heading of the communes without a district (the boundaries of 07/2025; a catalog id).
NO_DISTRICT = N_("Các xã, phường trong kế hoạch")
#: Font size of the poster's table and text, in points.
POSTER_PT = 11
_F = FONT_FAMILY
_WIDTHS = (52, 88, 73, 60)  # commune, evenings, meeting point, teams: 273 mm


class _Poster(A4Document):
    """The notice document, its pages in landscape, each page's footer naming its district."""

    district = ""

    def footer(self) -> None:
        """Write the district and the page number at the bottom of every page."""
        self.set_y(-10)
        self.set_font(_F, "", 9)
        text = _("{district} – trang {page}/{pages}").format(
            district=self.district, page=self.page_no(), pages="{nb}"
        )
        self.cell(0, 5, display_text(text), align="R")


def _line(pdf: _Poster, text: str, h: float = 6.0, align: str = "L") -> None:
    """Write a paragraph; the cursor goes back to the left margin below it."""
    pdf.multi_cell(0, h, display_text(text), align=align, new_x="LMARGIN", new_y="NEXT")


def _head(pdf: _Poster, unit: str, district: str, days: tuple[date, date]) -> None:
    """Write the issuing unit and motto, then the title, the district and the dates."""
    w, top = pdf.epw, pdf.get_y()
    pdf.set_font(_F, "B", 11)
    pdf.multi_cell(w * 0.4, 5.5, display_text(_(unit)).upper(), align="C")
    pdf.set_xy(pdf.l_margin + w * 0.45, top)
    pdf.multi_cell(
        w * 0.55,
        5.5,
        _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_font(_F, "B", 18)
    _line(pdf, _(POSTER_TITLE), 9, "C")
    pdf.set_font(_F, "B", 12)
    _line(pdf, _("Hướng dẫn đăng ký, kích hoạt tài khoản định danh điện tử (VNeID)"), 6.5, "C")
    pdf.set_font(_F, "", 12)
    when = _("{district} – từ {start} đến {end}").format(
        district=district, start=format_date(days[0]), end=format_date(days[1])
    )
    _line(pdf, when, 6.5, "C")
    pdf.ln(3)


def _evening_lines(rows: pd.DataFrame) -> str:
    """List the evenings of one commune, one a line ("Thứ Năm, 01/06/2023: 18:10-21:20")."""
    return "\n".join(
        _("{weekday}, {date}: {window}").format(
            weekday=format_weekday(e.date), date=format_date(e.date), window=e.window
        )
        for e in commune_evenings(rows)
    )


def _district_table(pdf: _Poster, communes: list[dict[str, Any]], s: pd.DataFrame) -> None:
    """Draw one row per commune: name, evenings, meeting point, teams."""
    pdf.set_font(_F, "", POSTER_PT)
    heads = (_("Xã, phường, thị trấn"), _("Buổi làm việc"), _("Địa điểm"), _("Tổ lưu động"))
    with pdf.table(
        col_widths=_WIDTHS,
        text_align="LEFT",
        width=sum(_WIDTHS),
        v_align="TOP",
        headings_style=FontFace(emphasis="BOLD", fill_color=(225, 232, 242)),
        line_height=5.2,
        padding=1.2,
    ) as table:
        head = table.row()
        for label in heads:
            head.cell(label, align="CENTER")
        for c in communes:
            rows = s[s["code"] == c["code"]]
            row = table.row()
            row.cell(display_text(c["label"]))
            row.cell(_evening_lines(rows))
            row.cell(display_text(c["place"]))
            row.cell("\n".join(sorted({display_text(t) for t in rows["team"]})))


def _district_page(
    pdf: _Poster,
    district: str,
    communes: list[dict[str, Any]],
    s: pd.DataFrame,
    *,
    unit: str,
    hotline: str,
    contacts: Mapping[str, object] | None,
) -> None:
    """Print the poster of one district, from a new page."""
    pdf.add_page(orientation="L")  # the footer of the page before is written here
    pdf.district = district
    days = (s["date"].min().date(), s["date"].max().date())
    _head(pdf, unit, district, days)
    _district_table(pdf, communes, s)
    pdf.ln(3)
    pdf.set_font(_F, "B", POSTER_PT)
    bring = "; ".join(_(item).rstrip(";.") for item in BRING_ITEMS)
    _line(pdf, _("Khi đến, công dân mang theo:") + " " + bring + ".", 5.5)
    pdf.set_font(_F, "", POSTER_PT)
    teams = {t for c in communes for t in s.loc[s["code"] == c["code"], "team"]}
    for line in team_contact_lines(teams, contacts, blank=BLANK_CONTACT):
        _line(pdf, line, 5.5)
    given = " ".join(display_text(hotline).split())
    if given:
        pdf.set_font(_F, "B", POSTER_PT)
        _line(pdf, _("Số điện thoại liên hệ: {contact}").format(contact=given), 5.5)


def district_groups(
    s: pd.DataFrame, communes: pd.DataFrame | None, points: Mapping[str, str], style: str
) -> list[tuple[str, list[dict[str, Any]]]]:
    """Group the communes of a schedule by district (sorted), the ones without at the end.

    Parameters
    ----------
    s : DataFrame
        A schedule (``code`` as text).
    communes : DataFrame, optional
        The registry (``district_name`` when the boundary version has districts).
    points : mapping
        Meeting points given by the user, by code (the others get ``style``'s default).
    style : str
        Key of :data:`~geo.outputs.notices.meeting_points.MEETING_POINT_STYLES`.

    Returns
    -------
    list of tuple
        ``(district heading, communes)``; each commune a dict ``code, label, place`` in the
        order of its first evening.

    Examples
    --------
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2023-06-02", "2023-06-01"]),
    ...                   "code": ["2", "1"], "name": ["Bình", "An"]})
    >>> [(d, [c["label"] for c in cs]) for d, cs in district_groups(s, None, {}, "ubnd")]
    [('Các xã, phường trong kế hoạch', ['xã An', 'xã Bình'])]
    """
    table = meeting_point_table(s, communes, style)
    info = commune_table(s, communes).set_index("code")
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in table.to_dict("records"):
        code = row["code"]
        kind, name = commune_unit({"code": code, **info.loc[code].to_dict()})
        district = row["district_name"]
        key = "" if is_missing(district) else display_text(district)
        place = display_text(points.get(code)).strip() or row["meeting_point"]
        groups.setdefault(key, []).append(
            {"code": code, "label": unit_name(kind, name), "place": place}
        )
    named = sorted(k for k in groups if k)
    out = [(k, groups[k]) for k in named]
    if "" in groups:
        out.append((_(NO_DISTRICT), groups[""]))
    return out


def posters_pdf(
    schedule: pd.DataFrame,
    communes: pd.DataFrame | None = None,
    *,
    meeting_points: Mapping[str, str] | None = None,
    meeting_style: str = "ubnd",
    hotline: str = "",
    team_contacts: Mapping[str, object] | None = None,
    unit: str = ISSUING_UNIT,
) -> bytes:
    """Print the posters of a schedule: one per district, A4 landscape, from a new page each.

    Parameters
    ----------
    schedule : DataFrame
        ``date, team, code`` and optionally ``name, window_start, window_end``.
    communes : DataFrame, optional
        The registry: ``code, name, type`` (or ``full_name``), ``district_name``.
    meeting_points : mapping, optional
        ``{code: meeting point}``; the others get the default of ``meeting_style``.
    meeting_style : str
        Key of :data:`~geo.outputs.notices.meeting_points.MEETING_POINT_STYLES`.
    hotline : str
        Contact line printed under each poster; left out when blank.
    team_contacts : mapping, optional
        Team name -> contact line; each team of the district gets «Liên hệ tổ: …».
    unit : str
        Who issues the posters (the default is translated).

    Returns
    -------
    bytes
        A PDF in the language in use; the same input gives the same bytes.

    Raises
    ------
    ValueError
        When the schedule is empty.
    """
    s = normalise_schedule(schedule)
    if s.empty:
        raise ValueError(_("Không có xã nào trong lịch để in thông báo."))
    points = {str(k): display_text(v) for k, v in (meeting_points or {}).items()}
    pdf = _Poster(
        title=_(POSTER_TITLE).capitalize(),
        author=_(unit),
        created=datetime(2000, 1, 1),  # same bytes for the same input
        margins=(12, 10, 12),
        bottom_margin=14,
        styles="B",
    )
    pdf.alias_nb_pages()
    for district, group in district_groups(s, communes, points, meeting_style):
        _district_page(pdf, district, group, s, unit=unit, hotline=hotline, contacts=team_contacts)
    return bytes(pdf.output())
