"""The meeting pack as an editable Word document (python-docx), to be completed before signing.

The same content and order as the PDF (:mod:`~geo.outputs.reports.handout`): the masthead (a
borderless two-column table: issuing body | national heading, number | place and date), «BÁO
CÁO» and its summary line, the numbered sections (headline figures, trend against the quota with
the chart, map, district league, largest gaps, plan summaries), the signature block and the full
schedule as an appendix. A4 with the margins of Decree 30/2020/NĐ-CP (top 20, bottom 20, left
30, right 15 mm); the font is "Times New Roman" (the office's machines have it; Word falls back
on another serif elsewhere). Each page's footer holds the data date, the boundary version and
«Trang n/N» as Word fields, so the numbers stay right after the office edits the text.

Demo data: a true Word watermark is a VML shape python-docx cannot write, so a pack built from
demo data carries a large grey «DEMO» paragraph in the header of every page, plus «DEMO» in the
document title. Nothing here imports streamlit.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime

import pandas as pd
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from geo.fmt import display_text, format_date, format_int, format_percent, format_signed_int
from geo.i18n import _
from geo.outputs.reports import document as doc
from geo.outputs.reports.content import (
    GAP_HEADERS,
    LEAGUE_HEADERS,
    PLAN_HEADERS,
    MeetingPack,
    headline_rows,
    translated,
)
from geo.outputs.reports.handout import district_rows, trend_sentences
from geo.outputs.reports.map_png import pack_map_png
from geo.outputs.reports.requests import pack_requests_line
from geo.outputs.reports.trend_png import render_trend_png

__all__ = ["FONT_NAME", "build_docx"]

#: The document's font (Decree 30/2020/NĐ-CP).
FONT_NAME = "Times New Roman"


def _run_font(run, size: float, *, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT_NAME
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic


def _para(
    container,
    text: str,
    size: float = 13,
    *,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    underline: bool = False,
) -> Paragraph:
    """Add a paragraph of display text to a document, cell or header."""
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(3)
    run = p.add_run(display_text(text))
    _run_font(run, size, bold=bold, italic=italic)
    run.font.underline = underline
    return p


def _field(p: Paragraph, code: str, size: float) -> None:
    """Append a Word field (PAGE, NUMPAGES) to a paragraph."""
    run = p.add_run()
    _run_font(run, size, italic=True)
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1")):
        if kind is not None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText" if text == code else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _page_setup(d: DocxDocument, pack: MeetingPack) -> None:
    """A4 portrait, Decree 30 margins, the page line in the footer, «DEMO» in the header."""
    section = d.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = d.styles["Normal"]
    style.font.name = FONT_NAME
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT_NAME)
    # "{page}" and "{pages}" become Word fields, counted by Word
    line = doc.page_line(pack.as_of, pack.boundary_version, "\x00", "\x01")
    before, rest = line.split("\x00")
    middle, after = rest.split("\x01")
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece, code in ((before, "PAGE"), (middle, "NUMPAGES"), (after, None)):
        run = p.add_run(piece)
        _run_font(run, 9, italic=True)
        if code:
            _field(p, code, 9)
    if pack.demo:
        mark = section.header.paragraphs[0]
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = mark.add_run(doc.WATERMARK)
        _run_font(run, 72, bold=True)
        run.font.color.rgb = RGBColor(0xC8, 0xC8, 0xC8)


def _borderless(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _masthead(d: DocxDocument, pack: MeetingPack) -> None:
    """Issuing body | national heading; number | place and date; «BÁO CÁO» and its subject."""
    t = d.add_table(rows=2, cols=2)
    _borderless(t)
    widths = (Mm(62), Mm(103))
    for row in t.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    centre = WD_ALIGN_PARAGRAPH.CENTER
    left, right = t.cell(0, 0), t.cell(0, 1)
    left.paragraphs[0].text = ""
    _para(left, display_text(_(pack.unit)).upper(), 12, bold=True, align=centre)
    _para(left, "———", 10, align=centre)
    _para(right, _(doc.NATIONAL_NAME), 12, bold=True, align=centre)
    _para(right, _(doc.MOTTO), 13, bold=True, align=centre, underline=True)
    _para(t.cell(1, 0), doc.number_line(), 13, align=centre)
    _para(t.cell(1, 1), doc.date_line(pack.place, pack.as_of), 13, italic=True, align=centre)
    first, last = pack.period
    _para(d, _("BÁO CÁO"), 14, bold=True, align=centre).paragraph_format.space_before = Pt(12)
    _para(d, doc.report_subtitle(first, last), 13, bold=True, align=centre)
    _para(d, "———", 10, align=centre)


def _heading(d: DocxDocument, key: str) -> None:
    p = _para(d, _(doc.SECTIONS[key]), 13, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    p.paragraph_format.space_before = Pt(8)
    p.paragraph_format.keep_with_next = True


def _table(d: DocxDocument, df: pd.DataFrame, headers: dict[str, str], fmts: dict) -> None:
    """Add a grid table: bold headings, then one row per record, formatted as the PDF formats it."""
    headers = translated(headers)
    t = d.add_table(rows=1, cols=len(headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, head in zip(t.rows[0].cells, headers.values(), strict=True):
        cell.paragraphs[0].text = ""
        _run_font(cell.paragraphs[0].add_run(head), 10, bold=True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    style_id = _table_style(d).style_id
    for _i, rec in df.iterrows():
        cells = t.add_row().cells
        for cell, col in zip(cells, headers, strict=True):
            fmt = fmts.get(col, display_text)
            p = cell.paragraphs[0]
            p._p.style = style_id  # 10 pt with no run property or style look-up per cell
            p.add_run(fmt(rec.get(col)))
            if fmt is not display_text:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.add_paragraph()


def _table_style(d: DocxDocument):
    """Return the paragraph style of table cells: the document font at 10 pt, no spacing."""
    name = "Pack table"
    if name in [s.name for s in d.styles]:
        return d.styles[name]
    style = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = d.styles["Normal"]
    style.font.size = Pt(10)
    style.paragraph_format.space_after = Pt(0)
    return style


def _int(value: object) -> str:
    return format_int(value, na="—")


def _pct(value: object) -> str:
    return format_percent(value, na="—")


def _picture(d: DocxDocument, png: bytes, width_mm: float) -> None:
    d.add_picture(io.BytesIO(png), width=Mm(width_mm))
    d.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _body(d: DocxDocument, pack: MeetingPack, map_png: bytes | None) -> None:
    _heading(d, "headline")
    headline = d.add_table(rows=0, cols=2)
    headline.style = "Table Grid"
    for row in headline_rows(pack):
        cells = headline.add_row().cells
        _run_font(cells[0].paragraphs[0].add_run(row.label), 11)
        _run_font(cells[1].paragraphs[0].add_run(row.text), 11, bold=True)
        cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.add_paragraph()
    _heading(d, "trend")
    for sentence in trend_sentences(pack):
        _para(d, sentence)
    trend = render_trend_png(pack.trend, pack.headline.get("quota"), pack.projection)
    if trend is not None:
        _picture(d, trend, 160)
    if (line := pack_requests_line(pack)) is not None:
        _para(d, line)
    if map_png is not None:
        _heading(d, "map")
        _picture(d, map_png, 150)
    _heading(d, "districts")
    if pack.districts is None or pack.districts.empty:
        _para(d, _("Phiên bản ranh giới này không có cấp huyện."))
    else:
        headers = {k: v for k, v in LEAGUE_HEADERS.items() if k != "communes"}
        fmts: dict[str, Callable[[object], str]] = {
            k: _int for k in ("rank", "eligible", "quota", "activated", "gap")
        }
        fmts |= {"coverage": _pct, "quota_progress": _pct, "communes_at_threshold": str}
        _table(
            d,
            district_rows(pack.districts),
            headers,
            fmts | {"activated_change": format_signed_int},
        )
    _heading(d, "gaps")
    gaps = pack.top_gaps.assign(rank=range(1, len(pack.top_gaps) + 1))
    fmts = {k: _int for k in ("rank", "eligible", "activated", "gap", "days_since_visit")}
    _table(d, gaps, GAP_HEADERS, fmts | {"coverage": _pct})


def _plan(d: DocxDocument, plan: pd.DataFrame) -> None:
    _heading(d, "plan")
    _para(
        d,
        _("Lịch công tác từ ngày {start} đến ngày {end}; chi tiết từng buổi ở Phụ lục.").format(
            start=format_date(plan["date"].min()), end=format_date(plan["date"].max())
        ),
    )
    fmts = {"evenings": _int, "communes": _int, "expected": _int}
    for by in ("team", "district"):
        summary = doc.plan_summary(plan, by)
        if not summary.empty:
            _table(d, summary, doc.SUMMARY_HEADERS[by], fmts)


def _signatures(d: DocxDocument) -> None:
    t = d.add_table(rows=1, cols=2)
    _borderless(t)
    for cell, (title, note) in zip(t.rows[0].cells, doc.SIGNERS, strict=True):
        cell.paragraphs[0].text = ""
        _para(cell, _(title), 13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _para(cell, _(note), 12, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        for _i in range(4):  # room for the signature and the name
            cell.add_paragraph()


def build_docx(pack: MeetingPack, *, map_png: bytes | None = None) -> bytes:
    """Write the pack as a Word document the office edits before signing.

    Parameters
    ----------
    pack : MeetingPack
        What to write.
    map_png : bytes, optional
        A map already rendered (:func:`~geo.outputs.reports.map_png.render_map_png`); rendered
        here otherwise.

    Returns
    -------
    bytes
        The ``.docx`` file, in the language in use, the map and trend chart embedded.
    """
    d = Document()
    _page_setup(d, pack)
    _masthead(d, pack)
    _body(d, pack, map_png if map_png is not None else pack_map_png(pack, 200))
    has_plan = pack.plan is not None and len(pack.plan) > 0
    if has_plan:
        _plan(d, pack.plan)  # type: ignore[arg-type]
    _signatures(d)
    if has_plan:
        d.add_page_break()
        _heading(d, "appendix")
        df = pack.plan.sort_values(["date", "team"], kind="stable")  # type: ignore[union-attr]
        _table(d, df, PLAN_HEADERS, {"date": format_date})
    title = f"{_(pack.title)} {format_date(pack.as_of)}"
    d.core_properties.title = display_text(f"{title} ({doc.WATERMARK})" if pack.demo else title)
    d.core_properties.author = display_text(_(pack.unit))
    created = datetime(pack.as_of.year, pack.as_of.month, pack.as_of.day)
    d.core_properties.created = d.core_properties.modified = created
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()
