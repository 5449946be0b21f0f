"""The meeting pack's Excel workbook (openpyxl), written through :mod:`geo.xlsx`.

Sheets: summary («Tổng quan»), district league, largest gaps, the plan (when given) and all
communes. Numbers stay numbers (ratios as fractions formatted ``0.0%``), dates are date cells,
and text that a spreadsheet could read as a formula is kept as text with Excel's quote prefix.
Nothing here imports streamlit.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from geo.fmt import display_text, format_date
from geo.outputs.reports.content import (
    COMMUNE_HEADERS,
    GAP_HEADERS,
    HEADLINE_LABELS,
    LEAGUE_HEADERS,
    PLAN_HEADERS,
    RATIO_COLUMNS,
    MeetingPack,
    describe_projection,
    headline_rows,
)
from geo.xlsx import HEADER_FILL, HEADER_FONT, put_cell, to_bytes, write_sheet

__all__ = ["build_xlsx"]


def _summary_sheet(ws: Worksheet, pack: MeetingPack) -> None:
    """Write the «Tổng quan» sheet: data date, period, version, headline figures, projection."""
    ws.title = "Tổng quan"
    for j, head in enumerate(("Nội dung", "Giá trị"), start=1):
        cell = put_cell(ws, 1, j, head)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    first, last = pack.period
    info: list[tuple[str, object, str | None]] = [
        ("Số liệu đến ngày", pack.as_of, None),
        ("Kỳ báo cáo từ ngày", first, None),
        ("Kỳ báo cáo đến ngày", last, None),
        ("Phiên bản ranh giới", display_text(pack.boundary_version), None),
    ]
    for row in headline_rows(pack):
        number_format = "0.0%" if row.key in RATIO_COLUMNS else "#,##0"
        info.append((HEADLINE_LABELS[row.key], row.value, number_format))
    if "communes_with_data" in pack.headline:
        info.append(("Số xã có số liệu", pack.headline.get("communes_with_data"), "#,##0"))
    if pack.projection is not None:
        info.append(("Dự báo ngày đạt chỉ tiêu", pack.projection.target_date, None))
        info.append(("Cách tính dự báo", describe_projection(pack.projection), None))
    for i, (label, value, fmt) in enumerate(info, start=2):
        put_cell(ws, i, 1, label)
        put_cell(ws, i, 2, value, fmt)
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 18
    ws.freeze_panes = "A2"


def build_xlsx(pack: MeetingPack) -> bytes:
    """Write the workbook: summary, district league, largest gaps, plan (when given), communes.

    Parameters
    ----------
    pack : MeetingPack
        What to write.

    Returns
    -------
    bytes
        An ``.xlsx`` file; numbers are numeric cells (ratios as fractions formatted ``0.0%``),
        dates are date cells, and no cell holds a formula.
    """
    wb = Workbook()
    _summary_sheet(wb.worksheets[0], pack)
    gaps = pack.top_gaps.assign(rank=range(1, len(pack.top_gaps) + 1))
    tables = [
        ("Xếp hạng huyện", pack.districts, LEAGUE_HEADERS),
        ("Xã chưa kích hoạt nhiều nhất", gaps, GAP_HEADERS),
    ]
    if pack.plan is not None and len(pack.plan):
        tables.append(("Lịch công tác", pack.plan, PLAN_HEADERS))
    tables.append(("Số liệu theo xã", pack.metrics, COMMUNE_HEADERS))
    for title, df, headers in tables:
        write_sheet(wb, title, df, headers, ratio_columns=RATIO_COLUMNS)
    wb.properties.title = display_text(f"{pack.title} {format_date(pack.as_of)}")
    wb.properties.creator = display_text(pack.unit)
    return to_bytes(wb)
