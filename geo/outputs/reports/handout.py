"""The meeting pack's printable handout: an A4 PDF with the fonts embedded (fpdf2).

Pages: the cover with the headline figures, data date and projection; the map (when the pack
has boundaries); the district league and the largest gaps; the plan (when given). Every page
has a footer with the title, the data date and "Trang n/N". Every text comes from the catalog
(:mod:`geo.i18n`) and every figure from :mod:`geo.fmt`, in the language in use. The document
base (fonts, A4, metadata) is :class:`geo.outputs.pdf.A4Document`. Nothing here imports
streamlit.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial

import pandas as pd
from fpdf import FontFace

from geo.fmt import display_text, format_date, format_int, format_percent, format_signed_int
from geo.i18n import _, ngettext
from geo.outputs.pdf import FONT_FAMILY, A4Document
from geo.outputs.reports.content import (
    GAP_HEADERS,
    LEAGUE_HEADERS,
    PLAN_HEADERS,
    MeetingPack,
    describe_projection,
    headline_rows,
    translated,
)
from geo.outputs.reports.map_png import pack_map_png

__all__ = ["build_pdf"]

_Format = Callable[[object], str]
#: Numbers and ratios in the tables; a missing value prints as a dash.
_INT: _Format = partial(format_int, na="—")
_PCT: _Format = partial(format_percent, na="—")
_F = FONT_FAMILY
#: Font size of the tables, and the smallest their headings may shrink to (long English words).
_TABLE_PT, _MIN_HEADING_PT = 7.5, 5.5
_PADDING = 1.0


class _Handout(A4Document):
    """A4 portrait with the pack's footer on every page."""

    def __init__(self, pack: MeetingPack) -> None:
        as_of = pack.as_of
        title = _(pack.title)
        super().__init__(
            title=f"{title} {format_date(as_of)}",
            author=_(pack.unit),
            created=datetime(as_of.year, as_of.month, as_of.day),
            margins=(12, 12, 12),
            bottom_margin=16,
        )
        self.footer_text = display_text(
            _("{title} – số liệu đến ngày {date}").format(title=title, date=format_date(as_of))
        )
        self.page_text = _("Trang {page}/{pages}")

    def footer(self) -> None:
        """Write the title, data date and page number at the bottom of the page."""
        self.set_y(-12)
        self.set_font(_F, size=7)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.footer_text, align="L")
        self.set_x(self.l_margin)
        # "{nb}" is fpdf2's alias of the page count, replaced when the document is written
        self.cell(0, 5, self.page_text.format(page=self.page_no(), pages="{nb}"), align="R")


def _heading(pdf: A4Document, text: str) -> None:
    pdf.set_font(_F, "B", 13)
    pdf.set_text_color(20, 40, 80)
    pdf.cell(0, 9, display_text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1)


def _headline_boxes(pdf: A4Document, pack: MeetingPack) -> None:
    """Draw the headline figures as boxes, three per row, below the cursor."""
    rows = headline_rows(pack)
    cols, gap = 3, 4.0
    width = (pdf.epw - gap * (cols - 1)) / cols
    height = 24.0
    top = pdf.get_y()
    for i, row in enumerate(rows):
        x = pdf.l_margin + (i % cols) * (width + gap)
        y = top + (i // cols) * (height + gap)
        pdf.set_fill_color(238, 243, 250)
        pdf.set_draw_color(170, 185, 210)
        pdf.rect(x, y, width, height, style="DF")
        pdf.set_xy(x + 2, y + 3)
        pdf.set_font(_F, "B", 16)
        pdf.set_text_color(20, 40, 80)
        pdf.cell(width - 4, 9, row.text, align="C")
        pdf.set_xy(x + 2, y + 13)
        pdf.set_font(_F, "", 8.5)
        pdf.set_text_color(40, 40, 40)
        pdf.multi_cell(width - 4, 4.2, row.label, align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(top + math.ceil(len(rows) / cols) * (height + gap) + 4)


def _cover(pdf: A4Document, pack: MeetingPack) -> None:
    pdf.add_page()
    pdf.set_font(_F, "B", 10)
    unit, title = display_text(_(pack.unit)), display_text(_(pack.title))
    pdf.cell(0, 6, unit.upper(), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(10)
    pdf.set_font(_F, "B", 22)
    pdf.set_text_color(20, 40, 80)
    pdf.cell(0, 12, title.upper(), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font(_F, "", 11)
    pdf.set_text_color(0, 0, 0)
    pdf.multi_cell(
        0,
        6,
        _("Tổ lưu động hướng dẫn kích hoạt tài khoản định danh điện tử (VNeID)"),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    first, last = pack.period
    for line in (
        _("Số liệu đến ngày {date}").format(date=format_date(pack.as_of)),
        _("Kỳ báo cáo: {start} – {end}").format(start=format_date(first), end=format_date(last)),
        _("Phiên bản ranh giới: {version}").format(version=display_text(_(pack.boundary_version))),
    ):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(8)
    _headline_boxes(pdf, pack)
    if pack.projection is not None:
        pdf.set_font(_F, "B", 10)
        pdf.cell(0, 6, _("Dự báo ngày đạt chỉ tiêu"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(_F, "", 10)
        pdf.multi_cell(0, 5.5, describe_projection(pack.projection), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.set_font(_F, "", 8)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(
        0,
        4.5,
        _(
            "Tỷ lệ kích hoạt = số đã kích hoạt / công dân đủ điều kiện (đã có CCCD gắn chip). "
            "Tiến độ chỉ tiêu = số đã kích hoạt / chỉ tiêu, có thể vượt 100 %. "
            "Xã chưa có số liệu không được tính là 0 %."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(0, 0, 0)


def _heading_size(pdf: A4Document, heading: str, width: float) -> float:
    """Pick a heading's font size: the table's, smaller while a word is wider than its column.

    A table cell breaks a word that does not fit ("Activatio-n"); English headers have longer
    words than the Vietnamese ones, so the size goes down in half points until every word of
    the heading fits (not below :data:`_MIN_HEADING_PT`).

    Returns
    -------
    float
        The size in points.
    """
    words, room = heading.split(), width - 2 * _PADDING
    size = _TABLE_PT
    while size > _MIN_HEADING_PT:
        pdf.set_font(_F, "B", size)
        if all(pdf.get_string_width(word) <= room for word in words):
            break
        size -= 0.5
    return size


def _table(
    pdf: A4Document,
    df: pd.DataFrame,
    headers: Mapping[str, str],
    widths: list[float],
    formats: Mapping[str, _Format],
) -> None:
    """Draw a table with bold repeated headings.

    A column formats with ``formats`` (default :func:`display_text`); text columns are
    left-aligned, dates centred, everything else (numbers) right-aligned. ``headers`` are
    catalog ids, translated here.
    """
    headers = translated(headers)
    cols = list(headers)
    fmts = {c: formats.get(c, display_text) for c in cols}
    align = [
        "LEFT" if fmts[c] is display_text else "CENTER" if fmts[c] is format_date else "RIGHT"
        for c in cols
    ]
    sizes = [_heading_size(pdf, headers[c], w) for c, w in zip(cols, widths, strict=True)]
    pdf.set_font(_F, "", _TABLE_PT)
    with pdf.table(
        col_widths=widths,
        text_align=align,
        headings_style=FontFace(emphasis="BOLD", fill_color=(220, 228, 240)),
        line_height=4.6,
        padding=_PADDING,
        width=sum(widths),
        align="LEFT",
        first_row_as_headings=True,
        repeat_headings=1,
    ) as table:
        head = table.row()
        for c, size in zip(cols, sizes, strict=True):
            smaller = FontFace(size_pt=size) if size < _TABLE_PT else None
            head.cell(headers[c], align="CENTER", style=smaller)
        for _i, rec in df.iterrows():
            row = table.row()
            for c in cols:
                row.cell(fmts[c](rec.get(c)))


def _district_section(pdf: A4Document, pack: MeetingPack) -> None:
    _heading(pdf, _("Bảng xếp hạng huyện, thị xã, thành phố"))
    df = pack.districts
    if df is None or df.empty:
        pdf.set_font(_F, "", 10)
        pdf.multi_cell(
            0, 5, _("Phiên bản ranh giới này không có cấp huyện."), new_x="LMARGIN", new_y="NEXT"
        )
        return
    df = df.assign(
        communes_at_threshold=[
            f"{format_int(a)}/{format_int(b)}"
            for a, b in zip(df["communes_at_threshold"], df["communes_with_data"], strict=True)
        ]
    )
    headers = {k: v for k, v in LEAGUE_HEADERS.items() if k != "communes"}
    fmts: dict[str, _Format] = {
        "rank": _INT,
        "communes_at_threshold": str,
        "eligible": _INT,
        "quota": _INT,
        "activated": _INT,
        "coverage": _PCT,
        "quota_progress": _PCT,
        "gap": _INT,
        "activated_change": format_signed_int,
    }
    _table(pdf, df, headers, [10, 36, 15, 21, 19, 19, 16, 16, 19, 15], fmts)
    pdf.ln(2)
    pdf.set_font(_F, "", 7.5)
    pdf.multi_cell(
        0,
        4,
        _('Xếp theo tiến độ chỉ tiêu. "{column}": số xã đạt / số xã có số liệu.').format(
            column=_(LEAGUE_HEADERS["communes_at_threshold"])
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )


def _gaps_section(pdf: A4Document, pack: MeetingPack) -> None:
    n = len(pack.top_gaps)
    _heading(
        pdf,
        ngettext(
            "{n} xã, phường, thị trấn còn nhiều người chưa kích hoạt nhất",
            "{n} xã, phường, thị trấn còn nhiều người chưa kích hoạt nhất",
            n,
        ).format(n=format_int(n)),
    )
    df = pack.top_gaps.assign(rank=range(1, n + 1))
    fmts = {
        "rank": _INT,
        "eligible": _INT,
        "activated": _INT,
        "coverage": _PCT,
        "gap": _INT,
        "days_since_visit": _INT,
    }
    _table(pdf, df, GAP_HEADERS, [10, 38, 38, 21, 19, 17, 24, 19], fmts)


def _plan_section(pdf: A4Document, plan: pd.DataFrame) -> None:
    _heading(pdf, _("Lịch công tác của tổ lưu động"))
    df = plan.sort_values(["date", "team"], kind="stable")
    _table(pdf, df, PLAN_HEADERS, [28, 40, 80, 38], {"date": format_date})


def build_pdf(pack: MeetingPack, *, map_png: bytes | None = None) -> bytes:
    """Print the handout (A4, fonts embedded).

    Pages: cover with the headline figures, data date and projection; the coverage map (when
    the pack has boundaries); the district league; the largest gaps; the plan (when given).

    Parameters
    ----------
    pack : MeetingPack
        What to print.
    map_png : bytes, optional
        A map already rendered by :func:`~geo.outputs.reports.map_png.render_map_png`
        (rendered here otherwise).

    Returns
    -------
    bytes
        The PDF document, in the language in use.
    """
    pdf = _Handout(pack)
    _cover(pdf, pack)
    png = map_png if map_png is not None else pack_map_png(pack)
    if png is not None:
        pdf.add_page()  # the map carries its own title, legend and data date
        pdf.image(
            io.BytesIO(png),
            x=pdf.l_margin,
            w=pdf.epw,
            keep_aspect_ratio=True,
            h=pdf.eph - (pdf.get_y() - pdf.t_margin),
            title=_("Bản đồ tỷ lệ kích hoạt"),
            alt_text=_("Bản đồ tỷ lệ kích hoạt theo xã"),
        )
    pdf.add_page()
    _district_section(pdf, pack)
    pdf.ln(6)
    _gaps_section(pdf, pack)
    if pack.plan is not None and len(pack.plan):
        pdf.add_page()
        _plan_section(pdf, pack.plan)
    return bytes(pdf.output())
