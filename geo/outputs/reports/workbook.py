"""The meeting pack's Excel workbook (openpyxl), written through :mod:`geo.xlsx`.

Sheets: summary («Tổng quan»: the report's heading, number and date line, title, headline
figures, trend and signature lines), district league, largest gaps, the plan summarised per team
and per district and the full schedule (when a plan is given), and all communes. Numbers stay
numbers (ratios as fractions formatted ``0.0%``), dates are date cells, and text that a
spreadsheet could read as a formula is kept as text with Excel's quote prefix.
Sheet names, headers and labels come from the catalog (:mod:`geo.i18n`), in the language in use.
Nothing here imports streamlit.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from geo.fmt import display_text, format_date
from geo.i18n import _
from geo.outputs.reports import document as doc
from geo.outputs.reports.content import (
    COMMUNE_HEADERS,
    GAP_HEADERS,
    LEAGUE_HEADERS,
    PLAN_HEADERS,
    RATIO_COLUMNS,
    MeetingPack,
    describe_projection,
    headline_labels,
    headline_rows,
    translated,
)
from geo.outputs.reports.handout import trend_sentences
from geo.xlsx import HEADER_FILL, HEADER_FONT, put_cell, to_bytes, write_sheet

__all__ = ["build_xlsx"]


def _heading_rows(ws: Worksheet, pack: MeetingPack) -> int:
    """Write the report's heading (Decree 30/2020/NĐ-CP) above the summary; return the next row.

    A1 the issuing body, B1/B2 the national heading, A2 the number line, B3 the place and date,
    A5 «BÁO CÁO» and A6 its subject; A7 «DEMO» when a figure comes from the demo campaign.

    Returns
    -------
    int
        The row of the summary table's header.
    """
    bold = Font(bold=True)
    first, last = pack.period
    cells = [
        (1, 1, display_text(_(pack.unit)).upper(), bold),
        (1, 2, _(doc.NATIONAL_NAME), bold),
        (2, 1, doc.number_line(), None),
        (2, 2, _(doc.MOTTO), Font(bold=True, underline="single")),
        (3, 2, doc.date_line(pack.place, pack.as_of), Font(italic=True)),
        (5, 1, _("BÁO CÁO"), Font(bold=True, size=14)),
        (6, 1, doc.report_subtitle(first, last), bold),
    ]
    if pack.demo:
        cells.append((7, 1, doc.WATERMARK, Font(bold=True, size=20, color="C0392B")))
    for row, col, value, font in cells:
        cell = put_cell(ws, row, col, value)
        if font is not None:
            cell.font = font
    return 9


def _summary_sheet(ws: Worksheet, pack: MeetingPack) -> None:
    """Write the «Tổng quan» sheet: heading, headline figures, trend, signature lines."""
    ws.title = _("Tổng quan")
    top = _heading_rows(ws, pack)
    for j, head in enumerate((_("Nội dung"), _("Giá trị")), start=1):
        cell = put_cell(ws, top, j, head)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    first, last = pack.period
    labels = headline_labels()
    info: list[tuple[str, object, str | None]] = [
        (_("Số liệu đến ngày"), pack.as_of, None),
        (_("Kỳ báo cáo từ ngày"), first, None),
        (_("Kỳ báo cáo đến ngày"), last, None),
        (_("Phiên bản ranh giới"), display_text(_(pack.boundary_version)), None),
    ]
    for row in headline_rows(pack):
        number_format = "0.0%" if row.key in RATIO_COLUMNS else "#,##0"
        info.append((labels[row.key], row.value, number_format))
    if "communes_with_data" in pack.headline:
        info.append((_("Số xã có số liệu"), pack.headline.get("communes_with_data"), "#,##0"))
    if pack.projection is not None:
        info.append((_("Dự báo ngày đạt chỉ tiêu"), pack.projection.target_date, None))
        info.append((_("Cách tính dự báo"), describe_projection(pack.projection), None))
    for i, (label, value, fmt) in enumerate(info, start=top + 1):
        put_cell(ws, i, 1, label)
        put_cell(ws, i, 2, value, fmt)
    at = top + len(info) + 2
    put_cell(ws, at, 1, _(doc.SECTIONS["trend"])).font = Font(bold=True)
    sentences = trend_sentences(pack)
    for k, sentence in enumerate(sentences, start=at + 1):
        put_cell(ws, k, 1, sentence)
    at += len(sentences) + 3
    for col, (title, note) in enumerate(doc.SIGNERS, start=1):
        put_cell(ws, at, col, _(title)).font = Font(bold=True)
        put_cell(ws, at + 1, col, _(note)).font = Font(italic=True)
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 44
    ws.freeze_panes = f"A{top + 1}"


def build_xlsx(pack: MeetingPack) -> bytes:
    """Write the workbook: summary, league, largest gaps, plan summaries and plan, communes.

    Parameters
    ----------
    pack : MeetingPack
        What to write.

    Returns
    -------
    bytes
        An ``.xlsx`` file in the language in use (sheet names, headers, labels); numbers are
        numeric cells (ratios as fractions formatted ``0.0%``), dates are date cells, and no
        cell holds a formula.
    """
    wb = Workbook()
    _summary_sheet(wb.worksheets[0], pack)
    gaps = pack.top_gaps.assign(rank=range(1, len(pack.top_gaps) + 1))
    tables = [
        (_("Xếp hạng huyện"), pack.districts, LEAGUE_HEADERS),
        (_("Xã chưa kích hoạt nhiều nhất"), gaps, GAP_HEADERS),
    ]
    if pack.plan is not None and len(pack.plan):
        for by, title in (("team", _("Kế hoạch theo tổ")), ("district", _("Kế hoạch theo huyện"))):
            summary = doc.plan_summary(pack.plan, by)
            if not summary.empty:
                tables.append((title, summary, doc.SUMMARY_HEADERS[by]))
        tables.append((_("Lịch công tác"), pack.plan, PLAN_HEADERS))
    tables.append((_("Số liệu theo xã"), pack.metrics, COMMUNE_HEADERS))
    for title, df, headers in tables:
        write_sheet(wb, title, df, translated(headers), ratio_columns=RATIO_COLUMNS)
    wb.properties.title = display_text(f"{_(pack.title)} {format_date(pack.as_of)}")
    wb.properties.creator = display_text(_(pack.unit))
    return to_bytes(wb)
