"""The meeting pack's Excel workbook (openpyxl), written through :mod:`geo.xlsx`.

Sheets: summary («Tổng quan»), district league, largest gaps, the plan (when given) and all
communes. Numbers stay numbers (ratios as fractions formatted ``0.0%``), dates are date cells,
and text that a spreadsheet could read as a formula is kept as text with Excel's quote prefix.
Sheet names, headers and labels come from the catalog (:mod:`geo.i18n`), in the language in use.
Nothing here imports streamlit.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from geo.fmt import display_text, format_date
from geo.i18n import _
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
from geo.xlsx import HEADER_FILL, HEADER_FONT, put_cell, to_bytes, write_sheet

__all__ = ["build_xlsx"]


def _summary_sheet(ws: Worksheet, pack: MeetingPack) -> None:
    """Write the «Tổng quan» sheet: data date, period, version, headline figures, projection."""
    ws.title = _("Tổng quan")
    for j, head in enumerate((_("Nội dung"), _("Giá trị")), start=1):
        cell = put_cell(ws, 1, j, head)
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
        tables.append((_("Lịch công tác"), pack.plan, PLAN_HEADERS))
    tables.append((_("Số liệu theo xã"), pack.metrics, COMMUNE_HEADERS))
    for title, df, headers in tables:
        write_sheet(wb, title, df, translated(headers), ratio_columns=RATIO_COLUMNS)
    wb.properties.title = display_text(f"{_(pack.title)} {format_date(pack.as_of)}")
    wb.properties.creator = display_text(_(pack.unit))
    return to_bytes(wb)
