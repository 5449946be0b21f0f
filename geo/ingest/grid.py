r"""Reading a CSV or XLSX file into a grid of text cells, rows numbered as the user sees them.

Every cell becomes stripped NFC text (``""`` when empty), whatever its type in the workbook:
dates become ``yyyy-mm-dd``, times ``HH:MM``, whole floats integers; formulas stay formulas
(``"=..."``) so that the checks can refuse them rather than trust a cached result. A CSV's
separator is the one of ``,`` ``;`` tab ``|`` that splits its first lines most. Before anything
is parsed, the file is checked against the :class:`~geo.ingest.limits.ImportLimits`; a workbook
that cannot be read, whatever the error inside it, is refused with a message saying what to do.
Workbooks are read with python-calamine, which gives values only: the formula and error cells are
found in the sheet's XML (:func:`_marked_cells`), and the cell references there are checked
before the reader holds the sheet's rectangle in memory (:data:`MAX_SHEET_AREA`).

Examples
--------
>>> from geo.ingest.spec import spec_for
>>> raw = "Ngày;Tổ\r\n14/03/2023; Tổ 1\r\n".encode()
>>> grid = load_grid(raw, "a.csv", spec_for("visits"), [])
>>> grid.cells.values.tolist(), grid.rows.tolist(), grid.encoding
([['Ngày', 'Tổ'], ['14/03/2023', 'Tổ 1']], [1, 2], 'utf-8')
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
import python_calamine
from openpyxl.formula.translate import Translator
from openpyxl.utils import column_index_from_string
from python_calamine import SheetTypeEnum

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
    factorized : list of (ndarray, ndarray) or None
        CSV only: each column of ``cells`` as ``(codes, texts)`` with ``texts[codes]`` equal to
        it, so that the cleaning works once per distinct text without finding them again.
    """

    cells: pd.DataFrame
    rows: np.ndarray
    encoding: str | None
    source: str
    field_counts: np.ndarray | None = None
    factorized: list[tuple[np.ndarray, np.ndarray]] | None = None


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
    sep = max(_SEPARATORS, key=lambda d: max((ln.count(d) for ln in _head(unquoted)), default=0))
    counts = _field_counts(unquoted, sep)
    width = int(counts.max(initial=0)) or 1
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
    factorized = [_strip_column(cells[col]) for col in cells.columns]
    cells = pd.DataFrame(
        {col: texts[codes] for col, (codes, texts) in zip(cells.columns, factorized, strict=True)},
        index=cells.index,
        dtype=object,
    )
    aligned = counts if len(counts) == len(cells) else None  # else: skip the width check
    return Grid(cells, np.arange(1, len(cells) + 1), encoding, "csv", aligned, factorized)


def _head(text: str, n: int = 10) -> list[str]:
    """Return the first ``n`` lines of ``text`` that are not blank (read from its start only)."""
    size = 1 << 16
    while True:
        lines = _LINE_BREAK.split(text[:size])
        if size < len(text):
            lines.pop()  # may be cut
        head = [ln for ln in lines if ln.strip()][:n]
        if len(head) == n or size >= len(text):
            return head
        size *= 4


# The fields of each physical line (0 for an empty line), the lines split as the C parser splits
# them (``\r\n``, ``\r`` or ``\n``; a text ending in a line break has no empty last line),
# counted on the UTF-8 bytes: separators and line breaks are ASCII, which no multi-byte UTF-8
# sequence contains.
def _field_counts(text: str, sep: str) -> np.ndarray:
    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    n = len(data)
    lf, cr = data == 10, data == 13
    lone_cr = cr.copy()
    lone_cr[:-1] &= ~lf[1:]
    marks = np.flatnonzero(lf | lone_cr)  # the last byte of each line break
    starts = np.concatenate(([0], marks[:-1] + 1)) if len(marks) else np.zeros(0, "int64")
    stops = marks - (lf[marks] & (marks > 0) & cr[np.maximum(marks - 1, 0)])  # before \r\n
    if n and (not len(marks) or marks[-1] != n - 1):  # a last line without a break
        starts = np.append(starts, marks[-1] + 1 if len(marks) else 0)
        stops = np.append(stops, n)
    seps = _between(np.flatnonzero(data == ord(sep)), starts, n)
    return np.where(stops > starts, seps + 1, 0).astype("int64")


# How many of the sorted positions ``pos`` fall on each line, the lines starting at ``starts``
# (increasing) and the last one ending at ``n``: two binary searches of the line bounds into the
# positions, not one search per position (a file has many more separators than lines).
def _between(pos: np.ndarray, starts: np.ndarray, n: int) -> np.ndarray:
    ends = np.append(starts[1:], n) if len(starts) else starts
    return np.searchsorted(pos, ends) - np.searchsorted(pos, starts)


#: What the grid strips from a cell: ASCII white space only. A no-break space (U+00A0) is left to
#: :mod:`geo.ingest.text`, which strips it after repairing mojibake: UTF-8 «à» read as
#: Windows-1252 ends in one («HÃ\xa0» is «Hà»).
_ASCII_SPACE = " \t\n\r\x0b\x0c"


# Strip every cell (missing → ""), once per distinct value: the codes and the stripped texts. A
# missing cell (a short line's last fields) has code -1, which indexes the last text, "" (the
# sentinel spares pandas a search for missing values in the column).
def _strip_column(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    codes, uniques = pd.factorize(s)
    clean = np.array(
        ["" if not isinstance(u, str) else u.strip(_ASCII_SPACE) for u in uniques] + [""],
        dtype=object,
    )
    return codes, clean


# ------------------------------------------------------------------------------------------ XLSX
#: Most cells of the rectangle from A1 to a sheet's farthest filled cell: the reader holds that
#: whole rectangle in memory (ten million cells is about 500,000 rows of 20 columns).
MAX_SHEET_AREA = 10_000_000


def _xlsx_grid(raw: bytes, spec: FileSpec, notes: list[str], limits: ImportLimits) -> Grid:
    try:
        parts = zipfile.ZipFile(io.BytesIO(raw))
        paths = _sheet_paths(parts)
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except Exception:  # any parse failure means "not a usable workbook"
        raise FileError(corrupt_workbook_message()) from None
    try:
        sheets = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        wanted = sheet_keys(spec.kind)
        ordered = [s for s in sheets if header_key(s) in wanted] + [
            s for s in sheets if header_key(s) not in wanted
        ]
        any_rows = False
        for name in ordered:
            xml = parts.read(paths[name])
            _check_area(xml, name, limits)  # before the reader allocates the sheet's rectangle
            marks = _marked_cells(xml)
            values = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            rows = _sheet_rows(name, values, marks, limits)
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
                        ).format(n=format_int(len(sheets)), sheet=name)
                    )
                return Grid(cells, np.arange(1, len(cells) + 1), None, "xlsx")
        if not any_rows:
            raise FileError(_("Tệp Excel không có dữ liệu (các trang tính đều trống)"))
        return Grid(pd.DataFrame(), np.arange(0), None, "xlsx")
    finally:
        book.close()


_ATTR = re.compile(rb'([\w.-]+(?::[\w.-]+)?)\s*=\s*"([^"]*)"')
_SHEET_TAG = re.compile(rb"<(?:[\w.-]+:)?sheet\s([^>]*)>")
_REL_TAG = re.compile(rb"<(?:[\w.-]+:)?Relationship\s([^>]*)>")


def _attrs(text: bytes) -> dict[str, str]:
    """Read an XML tag's attributes (prefixes dropped), unescaped."""
    return {
        k.decode().rpartition(":")[2]: html.unescape(v.decode()) for k, v in _ATTR.findall(text)
    }


# Sheet name -> path of its XML part, from the workbook and its relationships.
def _sheet_paths(parts: zipfile.ZipFile) -> dict[str, str]:
    targets = {}
    for tag in _REL_TAG.findall(parts.read("xl/_rels/workbook.xml.rels")):
        a = _attrs(tag)
        target = a.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[a.get("Id")] = posixpath.normpath(path)
    paths = {}
    for tag in _SHEET_TAG.findall(parts.read("xl/workbook.xml")):
        a = _attrs(tag)
        if a.get("id") in targets:
            paths[a.get("name", "")] = targets[a["id"]]
    return paths


# The row numbers of the cells holding a value (self-closing cells are empty) and of the rows;
# the column letters of those cells.
_ROW_REF = re.compile(rb'\sr="[A-Z]{0,3}([0-9]{1,7})"[^>/]*>')
_COL_REF = re.compile(rb'\sr="([A-Z]{1,3})[0-9]{1,7}"[^>/]*>')


# Refuse a sheet whose filled cells reach beyond the limits, from the cell references in its XML
# (a cell far away would make the reader allocate the whole rectangle up to it).
def _check_area(xml: bytes, sheet: str, limits: ImportLimits) -> None:
    last_row = max(map(int, set(_ROW_REF.findall(xml))), default=0)
    if last_row > limits.max_rows:
        raise FileError(_too_many_rows(limits))
    columns = {c.decode(): column_index_from_string(c.decode()) for c in set(_COL_REF.findall(xml))}
    last_col = max(columns.values(), default=0)
    letter = next((c for c, n in columns.items() if n == last_col), "")
    if last_col > limits.max_cells_per_row:
        far = re.search(rb'\sr="' + letter.encode() + rb'([0-9]{1,7})"[^>/]*>', xml)
        raise FileError(_too_wide(sheet, int(far[1]) if far else 1, last_col, limits))
    if last_row * last_col > MAX_SHEET_AREA:
        raise FileError(
            _(
                "Trang tính «{sheet}» có ô dữ liệu tới dòng {rows} và tới cột {column} — vùng "
                "dữ liệu quá lớn; hãy xóa các ô thừa ở xa bảng (bên phải hoặc bên dưới) rồi "
                "lưu lại"
            ).format(sheet=sheet, rows=format_int(last_row), column=letter)
        )


def _too_many_rows(limits: ImportLimits) -> str:
    return _(
        "Tệp có hơn {limit} dòng — hãy tách thành nhiều tệp nhỏ hơn (ví dụ mỗi tổ "
        "hoặc mỗi ngày một tệp) và xóa các dòng trống ở cuối"
    ).format(limit=format_int(limits.max_rows))


def _too_wide(sheet: str, row: int, n: int, limits: ImportLimits) -> str:
    return _(
        "Trang tính «{sheet}», dòng {row} có {n} ô, vượt giới hạn {limit} ô mỗi "
        "dòng — hãy xóa các ô thừa ở cuối dòng rồi lưu lại"
    ).format(sheet=sheet, row=row, n=format_int(n), limit=format_int(limits.max_cells_per_row))


_C_TAG = re.compile(rb"<(?:[\w.-]+:)?c\s([^>]*)>")
_F_TAG = re.compile(rb"<((?:[\w.-]+:)?)f(\s[^>]*?)?(/?)>")
_ERROR_CELL = re.compile(rb'<((?:[\w.-]+:)?)c\s([^>]*\bt="e"[^>]*)>(.*?)</\1c>', re.S)
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>([^<]*)</")
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


def _marked_cells(xml: bytes) -> dict[tuple[int, int], str]:
    r"""Find the cells of a sheet's XML that the reader gives as plain values but must not be.

    The reader gives a formula cell's cached result: each ``<f>`` element of the sheet data is
    found here and its cell (the ``<c r="B5">`` just before it) gets ``"=" + formula``, a
    shared formula's other cells the formula moved to them, as openpyxl writes them. An error
    cell (``t="e"``) gets its text (``#N/A``), which the reader leaves empty.

    Parameters
    ----------
    xml : bytes
        A worksheet part.

    Returns
    -------
    dict
        ``(row, column)`` counted from 0 -> the cell's text.

    Raises
    ------
    FileError
        A formula whose cell cannot be told (no ``r`` reference).

    Examples
    --------
    >>> xml = (b'<sheetData><row r="2"><c r="B2" t="str"><f t="shared" ref="B2:B3" si="0">'
    ...        b'A2*2</f><v>4</v></c></row><row r="3"><c r="B3"><f t="shared" si="0"/><v>6</v>'
    ...        b'</c><c r="C3" t="e"><v>#N/A</v></c></row></sheetData>')
    >>> _marked_cells(xml)
    {(2, 2): '#N/A', (1, 1): '=A2*2', (2, 1): '=A3*2'}
    """
    data = xml[xml.find(b"sheetData") : xml.rfind(b"sheetData")]  # not the ext lists' <xm:f>
    marks: dict[tuple[int, int], str] = {}
    if b't="e"' in data:
        for _prefix, attrs, body in _ERROR_CELL.findall(data):
            ref, value = _attrs(attrs).get("r"), _VALUE.search(body)
            if ref and value:
                marks[_position(ref)] = html.unescape(value[1].decode())
    if b"<f" not in data and b":f" not in data:
        return marks
    shared: dict[str | None, Translator] = {}
    for m in _F_TAG.finditer(data):
        before = data[max(0, m.start() - 4096) : m.start()]
        cells = list(_C_TAG.finditer(before))
        ref = _attrs(cells[-1][1]).get("r") if cells else None
        if ref is None or before[cells[-1].end() :].strip():
            raise FileError(corrupt_workbook_message())
        text = ""
        if not m[3]:
            close = data.find(b"</" + m[1] + b"f>", m.end())
            text = html.unescape(data[m.end() : close].decode()) if close >= 0 else ""
        formula = "=" + text
        a = _attrs(m[2] or b"")
        if a.get("t") == "shared":
            if a.get("si") in shared:
                formula = shared[a.get("si")].translate_formula(ref)
            elif formula != "=":
                shared[a.get("si")] = Translator(formula, ref)
        marks[_position(ref)] = formula
    return marks


def _position(ref: str) -> tuple[int, int]:
    m = _CELL_REF.fullmatch(ref)
    if m is None:
        raise FileError(corrupt_workbook_message())
    return int(m[2]) - 1, column_index_from_string(m[1]) - 1


# A sheet's rows as text (the values the reader gives, the formula and error cells of the XML
# in their place), refusing a sheet beyond the limits.
def _sheet_rows(
    sheet: str,
    values: Sequence[Sequence[object]],
    marks: dict[tuple[int, int], str],
    limits: ImportLimits,
) -> list[list[str]]:
    height = max([len(values)] + [r + 1 for r, _c in marks])
    if height > limits.max_rows:
        raise FileError(_too_many_rows(limits))
    by_row: dict[int, dict[int, str]] = {}
    for (r, c), text in marks.items():
        by_row.setdefault(r, {})[c] = text
    rows: list[list[str]] = []
    cache: dict[object, str] = {}
    for i in range(height):
        row = list(values[i]) if i < len(values) else []
        for c, text in by_row.get(i, {}).items():
            row.extend([""] * (c + 1 - len(row)))
            row[c] = text
        trimmed = _trim(row)
        if len(trimmed) > limits.max_cells_per_row:
            raise FileError(_too_wide(sheet, i + 1, len(trimmed), limits))
        rows.append([_text(v, cache) for v in trimmed])
    return rows


# _cell_text, once per distinct value of the sheet (the type is part of the key: True == 1).
def _text(value: object, cache: dict[object, str]) -> str:
    key = (value.__class__, value)
    out = cache.get(key)
    if out is None:
        out = cache[key] = _cell_text(value)
    return out


# The row without its empty cells at the end.
def _trim(values: list[object]) -> list[object]:
    end = len(values)
    while end and (values[end - 1] is None or values[end - 1] == ""):
        end -= 1
    return values[:end]


# A workbook cell's value as the text a CSV would hold.
def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip(_ASCII_SPACE)
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
    return str(value).strip(_ASCII_SPACE)
