"""Excel output that never turns user text into a formula.

Every workbook the app writes goes through :func:`put_cell` or :func:`write_sheet`: numbers
stay numbers, dates become date cells shown ``dd/mm/yyyy``, and any text (a commune or team name,
a note typed by a clerk) is stored as a string, with Excel's quote prefix when it starts with a
character that a spreadsheet would evaluate (``= + - @``, tab, carriage return).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from datetime import date, datetime

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from geo.fmt import display_text, is_missing

__all__ = [
    "HEADER_FILL",
    "HEADER_FONT",
    "XLSX_MIME",
    "put_cell",
    "safe_cell_text",
    "to_bytes",
    "write_sheet",
]

#: Media type of the workbooks the app offers for download.
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3F6E")


def safe_cell_text(value: object) -> tuple[str, bool]:
    """Text for a spreadsheet cell and whether it needs the quote prefix.

    Illegal XML control characters are dropped and the text is NFC-normalised.

    Parameters
    ----------
    value : object
        The text (any value is turned into display text; missing gives ``""``).

    Returns
    -------
    tuple of (str, bool)
        The cleaned text, and True when it starts like a formula (``= + - @``, tab, CR).

    Examples
    --------
    >>> safe_cell_text('=HYPERLINK("http://x")'), safe_cell_text("Tổ 1")
    (('=HYPERLINK("http://x")', True), ('Tổ 1', False))
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", display_text(value))
    return text, text.startswith(_FORMULA_START)


def put_cell(
    ws: Worksheet, row: int, col: int, value: object, number_format: str | None = None
) -> Cell | MergedCell:
    """Write one cell: numbers as numbers, dates as dates, text never as a formula.

    Parameters
    ----------
    ws : Worksheet
        The sheet.
    row, col : int
        1-based position.
    value : object
        The value; a missing one (``None``, ``NaN``, ``NaT``, ``pd.NA``) leaves the cell empty,
        anything that is not text, a number, a boolean or a date is written as its text.
    number_format : str, optional
        Excel number format of a numeric cell (``"#,##0"``, ``"0.0%"``).

    Returns
    -------
    Cell
        The cell, for styling (a merged cell when ``ws`` merged it).
    """
    cell = ws.cell(row=row, column=col)
    if is_missing(value):
        return cell
    if isinstance(value, str):
        text, risky = safe_cell_text(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        if risky:
            cell.quotePrefix = True
        return cell
    if isinstance(value, bool | np.bool_):
        cell.value = bool(value)
        return cell
    if isinstance(value, pd.Timestamp | datetime | date | np.datetime64):
        cell.value = pd.Timestamp(value).to_pydatetime()
        cell.number_format = "dd/mm/yyyy"
        return cell
    if isinstance(value, int | np.integer):
        cell.value = int(value)
    elif isinstance(value, float | np.floating):
        cell.value = float(value)
    else:
        return put_cell(ws, row, col, str(value), number_format)
    if number_format:
        cell.number_format = number_format
    return cell


def write_sheet(
    wb: Workbook,
    title: str,
    df: pd.DataFrame,
    headers: Mapping[str, str],
    *,
    ratio_columns: Iterable[str] = (),
    text_columns: Iterable[str] = ("code",),
    sheet: Worksheet | None = None,
) -> None:
    """Write one table on a sheet: bold header row, frozen, auto-filter, widths, formats.

    Parameters
    ----------
    wb : Workbook
        The workbook (a new sheet is created in it unless ``sheet`` is given).
    title : str
        Sheet name (ignored when ``sheet`` is given).
    df : DataFrame
        The table.
    headers : mapping
        Column -> header text; only these columns are written, in this order.
    ratio_columns : iterable of str
        Columns holding fractions, shown as ``0.0%``.
    text_columns : iterable of str
        Columns written without a number format (codes).
    sheet : Worksheet, optional
        Write on this sheet instead of a new one.
    """
    ws = sheet if sheet is not None else wb.create_sheet(title)
    ratios, texts = set(ratio_columns), set(text_columns)
    cols = [c for c in headers if c in df.columns]
    for j, c in enumerate(cols, start=1):
        cell = put_cell(ws, 1, j, headers[c])
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for i, rec in enumerate(df[cols].itertuples(index=False), start=2):
        for j, (c, v) in enumerate(zip(cols, rec, strict=True), start=1):
            fmt = "0.0%" if c in ratios else (None if c in texts else "#,##0")
            put_cell(ws, i, j, v, fmt)
    for j, c in enumerate(cols, start=1):
        longest = max(
            [len(headers[c]) // 2, *(len(display_text(v)) for v in df[c].head(200))], default=8
        )
        ws.column_dimensions[get_column_letter(j)].width = min(max(10, longest + 2), 60)
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"
    if cols:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(len(df) + 1, 1)}"


def to_bytes(wb: Workbook) -> bytes:
    """Serialise a workbook to ``.xlsx`` bytes.

    Parameters
    ----------
    wb : Workbook
        The workbook.

    Returns
    -------
    bytes
        The ``.xlsx`` file.
    """
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
