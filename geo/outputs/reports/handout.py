"""The meeting pack as a printable administrative report: an A4 PDF, fonts embedded (fpdf2).

Laid out as Decree 30/2020/NĐ-CP lays out a report («báo cáo»): margins 20/15 mm top/right,
30 mm left (binding), the issuing body left and the national heading right, «Số: …/BC-…» and
«Hà Nam, ngày … tháng … năm …», the title «BÁO CÁO» and its summary line, numbered sections, and
the signature block «Người báo cáo» / «Lãnh đạo duyệt» (:mod:`~geo.outputs.reports.document`).
The serif face is DejaVu Serif (bundled with matplotlib; Times New Roman cannot be embedded
offline), DejaVu Sans when it is missing.

Sections: I. headline figures; II. the cumulative trend against the quota with the projection
(chart when the pack has a trend); III. the map (when the pack has boundaries); IV. the
district league; V. the largest gaps; VI. the plan summarised per team and per district
(when a plan is given); the signature block; then the full schedule as an appendix. Every page
has the line «Số liệu đến ngày … · Ranh giới … · Trang n/N»; a pack built from demo data carries
a large diagonal «DEMO» on every page. Texts come from the catalog (:mod:`geo.i18n`), figures
from :mod:`geo.fmt`. Nothing here imports streamlit.
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
from geo.i18n import _
from geo.outputs.pdf import FONT_FAMILY, A4Document, add_serif_fonts
from geo.outputs.reports import document as doc
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
from geo.outputs.reports.requests import pack_requests_line
from geo.outputs.reports.trend_png import render_trend_png

__all__ = ["build_pdf", "district_rows", "trend_sentences"]

_Format = Callable[[object], str]
#: Numbers and ratios in the tables; a missing value prints as a dash.
_INT: _Format = partial(format_int, na="—")
_PCT: _Format = partial(format_percent, na="—")
#: Font size of the tables, and the smallest their headings may shrink to (long English words).
_TABLE_PT, _MIN_HEADING_PT = 7.5, 5.5
_PADDING = 1.0
_BLUE = (20, 40, 80)


class _Report(A4Document):
    """A4 portrait, Decree 30 margins, the page line on every page, «DEMO» across demo pages."""

    def __init__(self, pack: MeetingPack) -> None:
        as_of = pack.as_of
        super().__init__(
            title=f"{_(pack.title)} {format_date(as_of)}",
            author=_(pack.unit),
            created=datetime(as_of.year, as_of.month, as_of.day),
            margins=(30, 20, 15),
            bottom_margin=20,
            styles="",
        )
        self.family = add_serif_fonts(self)
        self.pack = pack
        self.alias_nb_pages()

    def footer(self) -> None:
        """Write the page line; over the page, the «DEMO» watermark of a demo pack."""
        if self.pack.demo:
            self._watermark()
        self.set_y(-13)
        self.set_font(self.family, "I", 8)
        self.set_text_color(90, 90, 90)
        # "{nb}" is fpdf2's alias of the page count, replaced when the document is written
        line = doc.page_line(self.pack.as_of, self.pack.boundary_version, self.page_no(), "{nb}")
        self.cell(0, 5, line, align="C")
        self.set_text_color(0, 0, 0)

    def _watermark(self) -> None:
        """Draw «DEMO» diagonally across the page, translucent so the content stays legible."""
        cx, cy = self.w / 2, self.h / 2
        self.set_font(self.family, "B", 150)
        self.set_text_color(200, 40, 40)
        width = self.get_string_width(doc.WATERMARK)
        with self.local_context(fill_opacity=0.16), self.rotation(45, cx, cy):
            self.text(cx - width / 2, cy + 18, doc.WATERMARK)
        self.set_text_color(0, 0, 0)


def _section(pdf: _Report, key: str) -> None:
    pdf.set_font(pdf.family, "B", 12)
    pdf.set_text_color(*_BLUE)
    pdf.multi_cell(0, 7, _(doc.SECTIONS[key]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1)


def _para(pdf: _Report, text: str, size: float = 11, style: str = "") -> None:
    pdf.set_font(pdf.family, style, size)
    pdf.multi_cell(0, size * 0.5, display_text(text), new_x="LMARGIN", new_y="NEXT", align="J")


def _fit(pdf: _Report, text: str, style: str, size: float, width: float) -> float:
    """Shrink ``size`` in half points until ``text`` fits ``width``."""
    while size > 7:
        pdf.set_font(pdf.family, style, size)
        if pdf.get_string_width(text) <= width:
            break
        size -= 0.5
    return size


def _masthead(pdf: _Report, pack: MeetingPack) -> None:
    """Issuing body | national heading; number | place and date; «BÁO CÁO» and its subject."""
    left_w, top = 62.0, pdf.get_y()
    right_x, right_w = pdf.l_margin + left_w, pdf.epw - left_w
    pdf.set_xy(pdf.l_margin, top)
    unit = display_text(_(pack.unit)).upper()
    _fit(pdf, unit, "B", 12, left_w)
    pdf.multi_cell(left_w, 5.5, unit, align="C", new_x="LMARGIN", new_y="NEXT")
    rule_l = pdf.get_y() + 1.2
    pdf.line(pdf.l_margin + left_w / 3, rule_l, pdf.l_margin + 2 * left_w / 3, rule_l)
    national, motto = _(doc.NATIONAL_NAME), _(doc.MOTTO)
    pdf.set_xy(right_x, top)
    _fit(pdf, national, "B", 12, right_w)
    pdf.cell(right_w, 5.5, national, align="C", new_x="LEFT", new_y="NEXT")
    _fit(pdf, motto, "B", 13, right_w)
    pdf.cell(right_w, 6, motto, align="C", new_x="LEFT", new_y="NEXT")
    motto_w = pdf.get_string_width(motto)
    rule_r = pdf.get_y() + 0.6
    mid = right_x + right_w / 2
    pdf.line(mid - motto_w / 2, rule_r, mid + motto_w / 2, rule_r)
    y = max(rule_l, rule_r) + 3
    pdf.set_xy(pdf.l_margin, y)
    pdf.set_font(pdf.family, "", 12)
    pdf.cell(left_w, 6, doc.number_line(), align="C")
    pdf.set_xy(right_x, y)
    pdf.set_font(pdf.family, "I", 12)
    pdf.cell(right_w, 6, doc.date_line(pack.place, pack.as_of), align="C")
    pdf.set_xy(pdf.l_margin, y + 14)
    pdf.set_font(pdf.family, "B", 14)
    pdf.cell(0, 7, _("BÁO CÁO"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.family, "B", 12)
    first, last = pack.period
    pdf.multi_cell(0, 6, doc.report_subtitle(first, last), align="C", new_x="LMARGIN", new_y="NEXT")
    rule = pdf.get_y() + 2.5
    pdf.line(pdf.l_margin + pdf.epw * 0.38, rule, pdf.l_margin + pdf.epw * 0.62, rule)
    pdf.ln(7)


def _headline_boxes(pdf: _Report, pack: MeetingPack) -> None:
    """Draw the headline figures as boxes, three per row, below the cursor."""
    rows = headline_rows(pack)
    cols, gap, height = 3, 3.0, 21.0
    width = (pdf.epw - gap * (cols - 1)) / cols
    top = pdf.get_y()
    for i, row in enumerate(rows):
        x = pdf.l_margin + (i % cols) * (width + gap)
        y = top + (i // cols) * (height + gap)
        pdf.set_fill_color(238, 243, 250)
        pdf.set_draw_color(170, 185, 210)
        pdf.rect(x, y, width, height, style="DF")
        pdf.set_xy(x + 2, y + 2)
        pdf.set_font(pdf.family, "B", 14)
        pdf.set_text_color(*_BLUE)
        pdf.cell(width - 4, 8, row.text, align="C")
        pdf.set_xy(x + 1.5, y + 10.5)
        pdf.set_font(pdf.family, "", 8)
        pdf.set_text_color(40, 40, 40)
        pdf.multi_cell(width - 3, 3.7, row.label, align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(top + math.ceil(len(rows) / cols) * (height + gap) + 2)


def trend_sentences(pack: MeetingPack) -> list[str]:
    """Say where the cumulative count stands against the quota, and when it is reached.

    Parameters
    ----------
    pack : MeetingPack
        The pack (headline figures and projection).

    Returns
    -------
    list of str
        The standing («Đến ngày …, đã kích hoạt … / chỉ tiêu … (… %)»), then the projection
        sentence (:func:`~geo.outputs.reports.content.describe_projection`) when known.
    """
    h = pack.headline
    out = [
        _(
            "Đến ngày {date}, đã kích hoạt {activated} tài khoản trên chỉ tiêu {quota} "
            "({progress} chỉ tiêu)."
        ).format(
            date=format_date(pack.as_of),
            activated=_INT(h.get("activated")),
            quota=_INT(h.get("quota")),
            progress=_PCT(h.get("quota_progress")),
        )
    ]
    if pack.projection is not None:
        out.append(describe_projection(pack.projection))
    return out


def _trend(pdf: _Report, pack: MeetingPack) -> None:
    png = render_trend_png(pack.trend, pack.headline.get("quota"), pack.projection)
    if png is not None and pdf.get_y() + 30 + pdf.epw * 3.2 / 7 > pdf.page_break_trigger:
        pdf.add_page()  # the section with its chart on one page
    _section(pdf, "trend")
    for sentence in trend_sentences(pack):
        _para(pdf, sentence)
    if png is not None:
        pdf.ln(1)
        pdf.image(
            io.BytesIO(png),
            x=pdf.l_margin,
            w=pdf.epw,
            title=_("Số đã kích hoạt cộng dồn so với chỉ tiêu"),
            alt_text=_("Biểu đồ số tài khoản đã kích hoạt cộng dồn theo ngày, với đường chỉ tiêu"),
        )
        pdf.set_font(pdf.family, "I", 8.5)
        pdf.multi_cell(
            0,
            4,
            _(
                "Đường liền: số đã kích hoạt. Đường đứt đỏ: chỉ tiêu. "
                "Đường chấm xám: dự báo theo tốc độ gần đây."
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(3)


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
    family = getattr(pdf, "family", FONT_FAMILY)
    words, room = heading.split(), width - 2 * _PADDING
    size = _TABLE_PT
    while size > _MIN_HEADING_PT:
        pdf.set_font(family, "B", size)
        if all(pdf.get_string_width(word) <= room for word in words):
            break
        size -= 0.5
    return size


def _table(
    pdf: _Report,
    df: pd.DataFrame,
    headers: Mapping[str, str],
    widths: list[float],
    formats: Mapping[str, _Format],
) -> None:
    """Draw a table with bold repeated headings, its widths scaled to the text width.

    A column formats with ``formats`` (default :func:`display_text`); text columns are
    left-aligned, dates centred, everything else (numbers) right-aligned. ``headers`` are
    catalog ids, translated here.
    """
    headers = translated(headers)
    cols = list(headers)
    widths = [w * pdf.epw / sum(widths) for w in widths]
    fmts = {c: formats.get(c, display_text) for c in cols}
    align = [
        "LEFT" if fmts[c] is display_text else "CENTER" if fmts[c] is format_date else "RIGHT"
        for c in cols
    ]
    sizes = [_heading_size(pdf, headers[c], w) for c, w in zip(cols, widths, strict=True)]
    pdf.set_font(pdf.family, "", _TABLE_PT)
    with pdf.table(
        col_widths=widths,
        text_align=align,
        headings_style=FontFace(emphasis="BOLD", fill_color=(220, 228, 240)),
        line_height=4.4,
        padding=_PADDING,
        width=pdf.epw,
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


def district_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Write the league's "communes at ≥ 80 %" as «hit/with data» for print.

    Parameters
    ----------
    df : DataFrame
        :func:`geo.metrics.progress.district_league`.

    Returns
    -------
    DataFrame
        The same rows, ``communes_at_threshold`` as text.

    Examples
    --------
    >>> league = pd.DataFrame({"communes_at_threshold": [3], "communes_with_data": [7]})
    >>> district_rows(league).iloc[0, 0]
    '3/7'
    """
    return df.assign(
        communes_at_threshold=[
            f"{format_int(a)}/{format_int(b)}"
            for a, b in zip(df["communes_at_threshold"], df["communes_with_data"], strict=True)
        ]
    )


_LEAGUE_FORMATS: dict[str, _Format] = {
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


def _districts(pdf: _Report, pack: MeetingPack) -> None:
    _section(pdf, "districts")
    df = pack.districts
    if df is None or df.empty:
        _para(pdf, _("Phiên bản ranh giới này không có cấp huyện."), 10)
        return
    headers = {k: v for k, v in LEAGUE_HEADERS.items() if k != "communes"}
    widths = [11.0, 36, 14, 19, 17, 17, 15, 15, 17, 14]
    _table(pdf, district_rows(df), headers, widths, _LEAGUE_FORMATS)
    pdf.ln(1)
    pdf.set_font(pdf.family, "I", 8)
    pdf.multi_cell(
        0,
        4,
        _('Xếp theo tiến độ chỉ tiêu. "{column}": số xã đạt / số xã có số liệu.').format(
            column=_(LEAGUE_HEADERS["communes_at_threshold"])
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)


def _gaps(pdf: _Report, pack: MeetingPack) -> None:
    _section(pdf, "gaps")
    df = pack.top_gaps.assign(rank=range(1, len(pack.top_gaps) + 1))
    fmts = {k: _INT for k in ("rank", "eligible", "activated", "gap", "days_since_visit")}
    _table(pdf, df, GAP_HEADERS, [10, 38, 34, 20, 18, 16, 22, 18], {**fmts, "coverage": _PCT})
    pdf.ln(3)


def _plan(pdf: _Report, plan: pd.DataFrame) -> None:
    _section(pdf, "plan")
    first, last = plan["date"].min(), plan["date"].max()
    _para(
        pdf,
        _("Lịch công tác từ ngày {start} đến ngày {end}; chi tiết từng buổi ở Phụ lục.").format(
            start=format_date(first), end=format_date(last)
        ),
        10.5,
    )
    pdf.ln(1)
    fmts = {"evenings": _INT, "communes": _INT, "expected": _INT}
    for by in ("team", "district"):
        summary = doc.plan_summary(plan, by)
        if summary.empty:
            continue
        _table(pdf, summary, doc.SUMMARY_HEADERS[by], [70, 25, 25, 35], fmts)
        pdf.ln(3)


def _signatures(pdf: _Report) -> None:
    """Draw the signature block: two columns, a blank space for the signatures and names."""
    if pdf.get_y() + 45 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(4)
    top, half = pdf.get_y(), pdf.epw / 2
    for i, (title, note) in enumerate(doc.SIGNERS):
        x = pdf.l_margin + i * half
        pdf.set_xy(x, top)
        pdf.set_font(pdf.family, "B", 12)
        pdf.cell(half, 6, _(title), align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_font(pdf.family, "I", 10)
        pdf.cell(half, 5, _(note), align="C")
    pdf.set_y(top + 40)


def _appendix(pdf: _Report, plan: pd.DataFrame) -> None:
    pdf.add_page()
    _section(pdf, "appendix")
    df = plan.sort_values(["date", "team"], kind="stable")
    _table(pdf, df, PLAN_HEADERS, [26, 40, 70, 30], {"date": format_date})


def build_pdf(pack: MeetingPack, *, map_png: bytes | None = None) -> bytes:
    """Print the pack as an administrative report (A4, fonts embedded).

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
        The PDF document, in the language in use; the full schedule (when the pack has a plan)
        is the appendix after the signature block.
    """
    pdf = _Report(pack)
    pdf.add_page()
    _masthead(pdf, pack)
    _section(pdf, "headline")
    _headline_boxes(pdf, pack)
    pdf.set_font(pdf.family, "I", 8.5)
    pdf.set_text_color(80, 80, 80)
    pdf.multi_cell(
        0,
        4,
        _(
            "Tỷ lệ kích hoạt = số đã kích hoạt / công dân đủ điều kiện (đã có CCCD gắn chip). "
            "Tiến độ chỉ tiêu = số đã kích hoạt / chỉ tiêu, có thể vượt 100 %. "
            "Xã chưa có số liệu không được tính là 0 %."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    _trend(pdf, pack)
    if (line := pack_requests_line(pack)) is not None:
        _para(pdf, line)
    png = map_png if map_png is not None else pack_map_png(pack)
    if png is not None:
        pdf.add_page()
        _section(pdf, "map")
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
    _districts(pdf, pack)
    _gaps(pdf, pack)
    has_plan = pack.plan is not None and len(pack.plan) > 0
    if has_plan:
        _plan(pdf, pack.plan)  # type: ignore[arg-type]
    _signatures(pdf)
    if has_plan:
        _appendix(pdf, pack.plan)  # type: ignore[arg-type]
    return bytes(pdf.output())
