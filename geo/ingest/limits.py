r"""Size limits checked on a file's bytes before it is parsed, so that no file can hang the import.

:func:`check_limits` looks at a file without reading its cells: its size; for a workbook, the
sizes its ZIP directory declares (a "zip bomb" is refused without decompressing anything) and
the extent each sheet declares; for a CSV, its number of lines and the number of cells of each
line, counted with numpy over the bytes. It returns the reason in the language in use, or
``None`` when the file is within the :class:`ImportLimits`.

Examples
--------
>>> limits = ImportLimits(max_cells_per_row=3)
>>> check_limits(b"a,b\n1,2\n", "a.csv", limits) is None
True
>>> print(check_limits(b"a,b\n1,2,3,4\n", "a.csv", limits))  # doctest: +NORMALIZE_WHITESPACE
Dòng 2 có 4 ô, vượt giới hạn 3 ô mỗi dòng — hãy xóa các ô thừa ở cuối dòng
(hoặc kiểm tra dấu phân cách) rồi lưu lại
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import numpy as np
from openpyxl.utils import column_index_from_string

from geo.config import Settings
from geo.fmt import format_int, format_number
from geo.i18n import _

__all__ = ["ImportLimits", "check_limits", "corrupt_workbook_message"]

_MB = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    """The largest file the import reads.

    The defaults fit a province's evening reports with a wide margin: one team's evening is
    tens of rows and a whole province's campaign a few hundred thousand, about 150 bytes per
    CSV row, so 20 MB holds some 130,000 rows (the largest consolidation seen is 100,000
    rows, 15 MB). A 100,000-row workbook unpacks to about 60 MB of sheet XML, so 200 MB
    leaves three times that while refusing a "zip bomb" (a small file that unpacks to
    gigabytes). The templates have 16 columns; 200 columns or cells in a row leaves room for a
    team's own extra columns and refuses the 40,000-cell rows that hang the reader. 500,000
    rows is more than any file within 20 MB holds in practice, and caps files of blank lines.

    Attributes
    ----------
    max_file_bytes : int
        Largest file (``VNEID_IMPORT_MAX_MB``, default 20 MB).
    max_unpacked_bytes : int
        Largest total size of a workbook's parts once unpacked
        (``VNEID_IMPORT_MAX_UNPACKED_MB``, default 200 MB).
    max_columns : int
        Most columns of the header row or of a sheet (``VNEID_IMPORT_MAX_COLUMNS``, 200).
    max_cells_per_row : int
        Most cells in any row (``VNEID_IMPORT_MAX_CELLS``, 200).
    max_rows : int
        Most rows (lines of a CSV, rows of a sheet) (``VNEID_IMPORT_MAX_ROWS``, 500,000).
    """

    max_file_bytes: int = 20 * _MB
    max_unpacked_bytes: int = 200 * _MB
    max_columns: int = 200
    max_cells_per_row: int = 200
    max_rows: int = 500_000

    @classmethod
    def from_settings(cls, settings: Settings) -> ImportLimits:
        """Build the limits a deployment configured.

        Parameters
        ----------
        settings : Settings
            Its ``import_*`` fields.

        Returns
        -------
        ImportLimits
            Sizes in bytes.

        Examples
        --------
        >>> ImportLimits.from_settings(Settings(import_max_mb=5)).max_file_bytes
        5242880
        >>> ImportLimits.from_settings(Settings()) == ImportLimits()
        True
        """
        return cls(
            max_file_bytes=settings.import_max_mb * _MB,
            max_unpacked_bytes=settings.import_max_unpacked_mb * _MB,
            max_columns=settings.import_max_columns,
            max_cells_per_row=settings.import_max_cells,
            max_rows=settings.import_max_rows,
        )


def corrupt_workbook_message() -> str:
    """Say that a workbook cannot be read, and what to do, in the language in use.

    Returns
    -------
    str
        The message.
    """
    return _(
        "Không đọc được tệp Excel — chỉ nhận tệp .xlsx (Excel 2007 trở lên) hoặc .csv; "
        "hãy mở tệp trong Excel và lưu lại dạng .xlsx"
    )


def check_limits(raw: bytes, file_name: str, limits: ImportLimits | None = None) -> str | None:
    r"""Check a file against the limits without parsing it.

    Parameters
    ----------
    raw : bytes
        File content.
    file_name : str
        Its name (unused for now: the bytes tell a workbook from a CSV, as
        :func:`~geo.ingest.grid.load_grid` does).
    limits : ImportLimits, optional
        Defaults to :class:`ImportLimits` ().

    Returns
    -------
    str or None
        Why the file is refused, in the language in use, or ``None``.

    Examples
    --------
    >>> big = b"x" * (3 * 1024 * 1024 // 2)
    >>> print(check_limits(big, "a.csv", ImportLimits(max_file_bytes=1024 * 1024)))
    ... # doctest: +NORMALIZE_WHITESPACE
    Tệp nặng 1,5 MB, vượt giới hạn 1,0 MB — hãy tách thành nhiều tệp nhỏ hơn
    (ví dụ mỗi tổ hoặc mỗi ngày một tệp)
    >>> print(check_limits(b"PK\x03\x04broken", "a.xlsx"))  # doctest: +ELLIPSIS
    Không đọc được tệp Excel — chỉ nhận tệp .xlsx ...
    """
    del file_name
    limits = limits or ImportLimits()
    if len(raw) > limits.max_file_bytes:
        return _(
            "Tệp nặng {size} MB, vượt giới hạn {limit} MB — hãy tách thành nhiều tệp nhỏ hơn "
            "(ví dụ mỗi tổ hoặc mỗi ngày một tệp)"
        ).format(size=_mb(len(raw)), limit=_mb(limits.max_file_bytes))
    if raw.startswith(b"PK\x03\x04"):
        return _check_xlsx(raw, limits)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return None  # an Excel 97-2003 file: load_grid explains it
    return _check_csv(raw, limits)


def _mb(n: int) -> str:
    return format_number(n / _MB, 1)


# ------------------------------------------------------------------------------------------ XLSX
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?"'
)
_HEAD_BYTES = 4096


def _check_xlsx(raw: bytes, limits: ImportLimits) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            parts = book.infolist()
            unpacked = sum(p.file_size for p in parts)  # as declared: nothing is decompressed
            if unpacked > limits.max_unpacked_bytes:
                return _(
                    "Tệp Excel khi giải nén lên tới {size} MB, vượt giới hạn {limit} MB — tệp có "
                    "thể bị hỏng hoặc chứa nhiều dữ liệu thừa; hãy sao chép các dòng cần nhập "
                    "sang một tệp mới, lưu lại dạng .xlsx rồi tải lên lại"
                ).format(size=_mb(unpacked), limit=_mb(limits.max_unpacked_bytes))
            sheets = [p for p in parts if _SHEET_PART.fullmatch(p.filename)]
            if not sheets:  # not a workbook, or one whose sheets were lost
                return corrupt_workbook_message()
            for part in sheets:
                with book.open(part) as stream:
                    reason = _check_extent(stream.read(_HEAD_BYTES), limits)
                if reason:
                    return reason
    except Exception:  # a broken directory, a broken part, an encrypted part…
        return corrupt_workbook_message()
    return None


# The extent a sheet declares (``<dimension ref="A1:P20"/>``), when it declares one.
def _check_extent(head: bytes, limits: ImportLimits) -> str | None:
    m = _DIMENSION.search(head)
    if m is None:
        return None
    last_col, last_row = (m[3], m[4]) if m[3] else (m[1], m[2])
    columns = column_index_from_string(last_col.decode().upper())
    rows = int(last_row)
    if columns > limits.max_columns:
        return _(
            "Một trang tính của tệp có {n} cột (tới cột {column}), vượt giới hạn {limit} cột — "
            "hãy xóa các cột thừa bên phải bảng rồi lưu lại"
        ).format(
            n=format_int(columns),
            column=last_col.decode().upper(),
            limit=format_int(limits.max_columns),
        )
    if rows > limits.max_rows:
        return _rows_reason(rows, limits)
    return None


def _rows_reason(rows: int, limits: ImportLimits) -> str:
    return _(
        "Tệp có {n} dòng, vượt giới hạn {limit} dòng — hãy tách thành nhiều tệp nhỏ hơn "
        "(ví dụ mỗi tổ hoặc mỗi ngày một tệp) và xóa các dòng trống ở cuối"
    ).format(n=format_int(rows), limit=format_int(limits.max_rows))


# ------------------------------------------------------------------------------------------- CSV
_SEPARATORS = b",;\t|"


def _check_csv(raw: bytes, limits: ImportLimits) -> str | None:
    data = _ascii_compatible(raw)
    if b'"' in data:
        # Separators and line breaks inside quotes do not count: drop every quoted run (the
        # odd pieces between quotes; ``"a""b"`` is two runs, which drops the same text).
        data = b"".join(data.split(b'"')[::2])
    data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if not data:
        return None
    arr = np.frombuffer(data, dtype=np.uint8)
    starts = np.concatenate(([0], np.flatnonzero(arr == ord("\n")) + 1))
    starts = starts[starts < len(arr)]
    if len(starts) > limits.max_rows:
        return _rows_reason(len(starts), limits)
    lengths = np.diff(np.append(starts, len(arr)))
    nonblank = np.flatnonzero(lengths > 1)
    if not len(nonblank):
        return None
    # The separator is the one that splits the first lines most, as load_grid chooses it.
    head = nonblank[:10]
    stop = int(starts[head[-1]] + lengths[head[-1]])
    sep = max(
        _SEPARATORS,
        key=lambda s: int(_per_line(arr[:stop], starts[: head[-1] + 1], s)[head].max()),
    )
    cells = _per_line(arr, starts, sep) + 1
    header = int(nonblank[0])
    if cells[header] > limits.max_columns:
        return _(
            "Dòng tiêu đề (dòng {row}) có {n} cột, vượt giới hạn {limit} cột — hãy xóa các cột "
            "thừa hoặc dùng tệp mẫu"
        ).format(
            row=header + 1, n=format_int(int(cells[header])), limit=format_int(limits.max_columns)
        )
    wide = np.flatnonzero(cells > limits.max_cells_per_row)
    if len(wide):
        row = int(wide[0])
        return _(
            "Dòng {row} có {n} ô, vượt giới hạn {limit} ô mỗi dòng — hãy xóa các ô thừa ở cuối "
            "dòng (hoặc kiểm tra dấu phân cách) rồi lưu lại"
        ).format(
            row=row + 1, n=format_int(int(cells[row])), limit=format_int(limits.max_cells_per_row)
        )
    return None


# How many times a byte occurs on each line (lines start at ``starts``, increasing, from 0).
def _per_line(arr: np.ndarray, starts: np.ndarray, byte: int) -> np.ndarray:
    pos = np.flatnonzero(arr == byte)
    ends = np.append(starts[1:], len(arr)) if len(starts) else starts
    return (np.searchsorted(pos, ends) - np.searchsorted(pos, starts)).astype(np.int64)


# The bytes with separators and line breaks as single ASCII bytes (UTF-16 is re-encoded).
def _ascii_compatible(raw: bytes) -> bytes:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace").encode("utf-8")
    sample = raw[:4096]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
        little = sample[1::2].count(0) > sample[0::2].count(0)
        return raw.decode("utf-16-le" if little else "utf-16-be", errors="replace").encode()
    return raw
