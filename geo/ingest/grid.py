r"""Reading a CSV or XLSX file into a grid of text cells, rows numbered as the user sees them.

Every cell becomes stripped NFC text (``""`` when empty), whatever its type in the workbook:
dates become ``yyyy-mm-dd``, times ``HH:MM``, whole floats integers; formulas stay formulas
(``"=..."``) so that the checks can refuse them rather than trust a cached result. A CSV's
separator is the one of ``,`` ``;`` tab ``|`` that splits its first lines most. Before anything
is parsed, the file is checked against the :class:`~geo.ingest.limits.ImportLimits`; a workbook
that cannot be read, whatever the error inside it, is refused with a message saying what to do.

Examples
--------
>>> from geo.ingest.spec import spec_for
>>> raw = "Ngày;Tổ\r\n14/03/2023; Tổ 1\r\n".encode()
>>> grid = load_grid(raw, "a.csv", spec_for("visits"), [])
>>> grid.cells.values.tolist(), grid.rows.tolist(), grid.encoding
([['Ngày', 'Tổ'], ['14/03/2023', 'Tổ 1']], [1, 2], 'utf-8')
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from geo.clock import hhmm
from geo.fmt import format_int
from geo.i18n import _, ngettext
from geo.ingest.encoding import decode_file
from geo.ingest.errors import FileError
from geo.ingest.header import header_key, locate_header, sheet_keys
from geo.ingest.limits import ImportLimits, check_limits, corrupt_workbook_message
from geo.ingest.spec import FileSpec

__all__ = ["Grid", "load_grid"]


@dataclass
class Grid:
    """The cells of a file before the header row is known.

    Attributes
    ----------
    cells : DataFrame
        Stripped text cells, columns ``0 .. n-1``.
    rows : ndarray
        Row number as the user sees it (first row = 1), one per row of ``cells``.
    encoding : str or None
        Text encoding of a CSV (see :func:`geo.ingest.encoding.decode_text`); ``None`` for XLSX.
    source : str
        ``"csv"`` or ``"xlsx"``.
    field_counts : ndarray or None
        CSV only: number of fields of each record, one per row of ``cells``; ``None`` when
        quoted line breaks make records and lines differ (the width check is then skipped).
    """

    cells: pd.DataFrame
    rows: np.ndarray
    encoding: str | None
    source: str
    field_counts: np.ndarray | None = None


def load_grid(
    raw: bytes,
    file_name: str,
    spec: FileSpec,
    notes: list[str],
    limits: ImportLimits | None = None,
) -> Grid:
    """Read a file's cells, telling XLSX from CSV by its first bytes.

    Parameters
    ----------
    raw : bytes
        File content (not empty).
    file_name : str
        Name of the file; an ``.xlsx`` name on bytes that are not a workbook is refused.
    spec : FileSpec
        Kind of file expected (chooses the sheet of a workbook).
    notes : list of str
        Receives a note naming the sheet read, when the workbook has several.
    limits : ImportLimits, optional
        Largest file read (:class:`~geo.ingest.limits.ImportLimits` () by default).

    Returns
    -------
    Grid
        The cells; an XLSX without any recognisable header row gives an empty grid.

    Raises
    ------
    FileError
        For a file beyond the limits, an Excel 97-2003 file, a file that cannot be read, or a
        workbook with only empty sheets.
    """
    limits = limits or ImportLimits()
    reason = check_limits(raw, file_name, limits)
    if reason is not None:
        raise FileError(reason)
    name = file_name.lower()
    if raw.startswith(b"PK\x03\x04"):
        try:
            return _xlsx_grid(raw, spec, notes, limits)
        except FileError:
            raise
        except Exception:  # a malformed sheet (ParseError, KeyError, BadZipFile, zlib.error…)
            raise FileError(corrupt_workbook_message()) from None
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileError(
            _(
                "Tệp Excel 97-2003 (.xls) chưa được hỗ trợ — hãy mở trong Excel và lưu lại dạng "
                ".xlsx"
            )
        )
    if name.endswith((".xlsx", ".xlsm")):
        raise FileError(_("Tệp có đuôi .xlsx nhưng không phải tệp Excel hợp lệ"))
    return _csv_grid(raw)


# ------------------------------------------------------------------------------------------- CSV
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SEPARATORS = [",", ";", "\t", "|"]


def _csv_grid(raw: bytes) -> Grid:
    text, encoding = decode_file(raw)
    text = text.replace("\ufeff", "").replace("\u200b", "")
    if not text.strip():
        raise FileError(_("Tệp không có nội dung"))
    unquoted = re.sub(r'"(?:[^"]|"")*"', '""', text) if '"' in text else text
    lines = _LINE_BREAK.split(unquoted)  # the line ends the C parser knows, nothing more
    if lines and not lines[-1]:
        lines.pop()
    head = [ln for ln in lines if ln.strip()][:10]
    sep = max(_SEPARATORS, key=lambda d: max((ln.count(d) for ln in head), default=0))
    width = max((ln.count(sep) for ln in lines), default=0) + 1
    try:
        cells = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            names=list(range(width)),
            index_col=False,
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise FileError(
            _("Không đọc được tệp CSV ({error}) — hãy lưu lại dạng «CSV UTF-8»").format(error=exc)
        ) from None
    for col in cells.columns:
        cells[col] = _strip_column(cells[col])
    # Without quoted sections, physical lines are records: count the fields of each.
    counts = np.array([ln.count(sep) + 1 if ln else 0 for ln in lines], dtype="int64")
    aligned = counts if len(counts) == len(cells) else None  # else: skip the width check
    return Grid(cells, np.arange(1, len(cells) + 1), encoding, "csv", aligned)


# Strip every cell (missing → ""), once per distinct value.
def _strip_column(s: pd.Series) -> pd.Series:
    codes, uniques = pd.factorize(s, use_na_sentinel=False)
    clean = np.array(
        ["" if not isinstance(u, str) else u.strip() for u in uniques] or [""], dtype=object
    )
    return pd.Series(clean[codes], index=s.index, dtype=object)


# ------------------------------------------------------------------------------------------ XLSX
def _xlsx_grid(raw: bytes, spec: FileSpec, notes: list[str], limits: ImportLimits) -> Grid:
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception:  # any parse failure means "not a usable workbook"
        raise FileError(corrupt_workbook_message()) from None
    try:
        sheets = list(book.worksheets)
        wanted = sheet_keys(spec.kind)
        ordered = [s for s in sheets if header_key(s.title) in wanted] + [
            s for s in sheets if header_key(s.title) not in wanted
        ]
        any_rows = False
        for sheet in ordered:
            rows = _sheet_rows(sheet, limits)
            if not any(rows):
                continue
            any_rows = True
            width = max(len(r) for r in rows)
            cells = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
            cells.columns = pd.RangeIndex(cells.shape[1])
            if locate_header(cells, spec) is not None:
                if len(sheets) > 1:
                    notes.append(
                        ngettext(
                            "Tệp có {n} trang tính; đã đọc trang «{sheet}».",
                            "Tệp có {n} trang tính; đã đọc trang «{sheet}».",
                            len(sheets),
                        ).format(n=format_int(len(sheets)), sheet=sheet.title)
                    )
                return Grid(cells, np.arange(1, len(cells) + 1), None, "xlsx")
        if not any_rows:
            raise FileError(_("Tệp Excel không có dữ liệu (các trang tính đều trống)"))
        return Grid(pd.DataFrame(), np.arange(0), None, "xlsx")
    finally:
        book.close()


# A sheet's rows as text, refusing a sheet beyond the limits as soon as it is seen to be.
def _sheet_rows(sheet: ReadOnlyWorksheet, limits: ImportLimits) -> list[list[str]]:
    # The extent a sheet declares can lie: a smaller one would cut rows off, a larger one
    # would pad every row to thousands of cells. Read the cells as they are.
    sheet.reset_dimensions()
    rows: list[list[str]] = []
    for values in sheet.iter_rows(min_row=1, values_only=True):  # type: ignore[misc]  # stubs
        if len(rows) >= limits.max_rows:
            raise FileError(
                _(
                    "Tệp có hơn {limit} dòng — hãy tách thành nhiều tệp nhỏ hơn (ví dụ mỗi tổ "
                    "hoặc mỗi ngày một tệp) và xóa các dòng trống ở cuối"
                ).format(limit=format_int(limits.max_rows))
            )
        trimmed = _trim(values)
        if len(trimmed) > limits.max_cells_per_row:
            raise FileError(
                _(
                    "Trang tính «{sheet}», dòng {row} có {n} ô, vượt giới hạn {limit} ô mỗi "
                    "dòng — hãy xóa các ô thừa ở cuối dòng rồi lưu lại"
                ).format(
                    sheet=sheet.title,
                    row=len(rows) + 1,
                    n=format_int(len(trimmed)),
                    limit=format_int(limits.max_cells_per_row),
                )
            )
        rows.append([_cell_text(v) for v in trimmed])
    return rows


# The row without its empty cells at the end.
def _trim(values: tuple[object, ...]) -> tuple[object, ...]:
    end = len(values)
    while end and (values[end - 1] is None or values[end - 1] == ""):
        end -= 1
    return values[:end]


# A workbook cell's value as the text a CSV would hold.
def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.year < 1901 and value.date() in (date(1899, 12, 30), date(1899, 12, 31)):
            return f"{value:%H:%M}"  # a time typed in a cell without date: day 0 of Excel
        if value.time() == time(0):
            return f"{value:%Y-%m-%d}"
        return f"{value:%Y-%m-%d %H:%M:%S}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, timedelta):
        return hhmm(value.total_seconds() / 60)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value).strip()
