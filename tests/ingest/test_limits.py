"""geo.ingest.limits: files beyond the size limits refused before parsing, with a clear reason."""

from __future__ import annotations

import io
import itertools
import re
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.config import load_settings
from geo.ingest import read_upload, read_visits
from geo.ingest.errors import FileError
from geo.ingest.grid import load_grid
from geo.ingest.limits import ImportLimits, check_limits
from geo.ingest.spec import spec_for
from tests.ingest.helpers import (
    GOOD_A,
    GOOD_B,
    HEADER,
    MIDDLE,
    TODAY,
    assert_file_error,
    csv_bytes,
    ok,
    xlsx_bytes,
)

MB = 1024 * 1024
CORRUPT = (
    "Không đọc được tệp Excel — chỉ nhận tệp .xlsx (Excel 2007 trở lên) hoặc .csv; hãy mở tệp "
    "trong Excel và lưu lại dạng .xlsx"
)
TOO_MANY_ROWS = (
    "Tệp có {n} dòng, vượt giới hạn {limit} dòng — hãy tách thành nhiều tệp nhỏ hơn (ví dụ mỗi "
    "tổ hoặc mỗi ngày một tệp) và xóa các dòng trống ở cuối"
)


def test_default_limits() -> None:
    assert ImportLimits() == ImportLimits(20 * MB, 200 * MB, 200, 200, 500_000)


def test_limits_from_settings() -> None:
    settings = load_settings(
        {
            "VNEID_IMPORT_MAX_MB": "2",
            "VNEID_IMPORT_MAX_UNPACKED_MB": "10",
            "VNEID_IMPORT_MAX_COLUMNS": "30",
            "VNEID_IMPORT_MAX_CELLS": "40",
            "VNEID_IMPORT_MAX_ROWS": "1000",
        }
    )
    assert ImportLimits.from_settings(settings) == ImportLimits(2 * MB, 10 * MB, 30, 40, 1000)


# ------------------------------------------------------------------------------------------- CSV
def _wide_row(n: int) -> bytes:
    return ",".join(["x"] * n).encode()


CSV_CASES: list[tuple[str, bytes, ImportLimits, str | None]] = [
    (
        "file-too-big",
        b"x" * (3 * MB // 2),
        ImportLimits(max_file_bytes=MB),
        "Tệp nặng 1,5 MB, vượt giới hạn 1,0 MB — hãy tách thành nhiều tệp nhỏ hơn (ví dụ mỗi tổ "
        "hoặc mỗi ngày một tệp)",
    ),
    (
        "row-of-40000-cells",
        csv_bytes([HEADER, GOOD_A]) + _wide_row(40_000) + b"\r\n" + csv_bytes([GOOD_B]),
        ImportLimits(),
        "Dòng 3 có 40.000 ô, vượt giới hạn 200 ô mỗi dòng — hãy xóa các ô thừa ở cuối dòng "
        "(hoặc kiểm tra dấu phân cách) rồi lưu lại",
    ),
    (
        "header-of-a-million-columns",
        _wide_row(1_000_000) + b"\n" + csv_bytes([GOOD_A]),
        ImportLimits(),
        "Dòng tiêu đề (dòng 1) có 1.000.000 cột, vượt giới hạn 200 cột — hãy xóa các cột thừa "
        "hoặc dùng tệp mẫu",
    ),
    (
        "header-after-blank-lines",
        b"\n\n" + _wide_row(201) + b"\n",
        ImportLimits(),
        "Dòng tiêu đề (dòng 3) có 201 cột, vượt giới hạn 200 cột — hãy xóa các cột thừa hoặc "
        "dùng tệp mẫu",
    ),
    (
        "too-many-rows",
        b"a,b\n" * 6,
        ImportLimits(max_rows=5),
        TOO_MANY_ROWS.format(n="6", limit="5"),
    ),
    (
        "blank-lines-count-as-rows",
        b"a,b" + b"\r\n" * 6,
        ImportLimits(max_rows=5),
        TOO_MANY_ROWS.format(n="6", limit="5"),
    ),
    (
        "utf-16-wide-row",
        ("Ngày,Tổ\n" + "x," * 300 + "x\n").encode("utf-16"),
        ImportLimits(),
        "Dòng 2 có 301 ô, vượt giới hạn 200 ô mỗi dòng — hãy xóa các ô thừa ở cuối dòng "
        "(hoặc kiểm tra dấu phân cách) rồi lưu lại",
    ),
    ("at-the-limit", _wide_row(200) + b"\n" + _wide_row(200), ImportLimits(), None),
    ("rows-at-the-limit", b"a,b\n" * 5, ImportLimits(max_rows=5), None),
    # separators and line breaks inside quotes are text, not cells or rows
    (
        "commas-inside-quotes",
        b'Ngay,Ghi chu\n14/03/2023,"' + b"a, " * 500 + b'"\n',
        ImportLimits(),
        None,
    ),
    ("line-breaks-inside-quotes", b'a,b\n1,"x\n\n\n\ny"\n', ImportLimits(max_rows=2), None),
    ("escaped-quotes", b'a,b\n1,"say ""a,b,c"", then"\n', ImportLimits(max_cells_per_row=2), None),
    # in a semicolon file, commas are text
    (
        "semicolon-file",
        b"a;b\n" + b"1;2\n" * 10 + b"1;" + b"x," * 300 + b"\n",
        ImportLimits(),
        None,
    ),
    ("empty", b"", ImportLimits(), None),
]


@pytest.mark.parametrize(
    ("raw", "limits", "reason"),
    [case[1:] for case in CSV_CASES],
    ids=[case[0] for case in CSV_CASES],
)
def test_csv_limits(raw: bytes, limits: ImportLimits, reason: str | None) -> None:
    assert check_limits(raw, "tổ1.csv", limits) == reason


def test_wide_row_refused_by_the_import(communes: pd.DataFrame) -> None:
    raw = csv_bytes([HEADER, GOOD_A]) + _wide_row(40_000) + b"\r\n" + csv_bytes([GOOD_B])
    assert_file_error(
        communes,
        raw,
        "tổ1.csv",
        "Dòng 3 có 40.000 ô, vượt giới hạn 200 ô mỗi dòng — hãy xóa các ô thừa ở cuối dòng "
        "(hoặc kiểm tra dấu phân cách) rồi lưu lại",
    )


def test_limits_passed_through_read_upload(communes: pd.DataFrame) -> None:
    raw = csv_bytes([HEADER, GOOD_A, MIDDLE, GOOD_B])
    limits = ImportLimits.from_settings(load_settings({"VNEID_IMPORT_MAX_ROWS": "3"}))
    result = read_upload("visits", raw, "tổ1.csv", communes, limits)
    assert result.file_errors == [TOO_MANY_ROWS.format(n="4", limit="3")]
    result = read_visits(raw, "tổ1.csv", communes, today=TODAY, limits=ImportLimits(max_rows=4))
    ok(result, [2, 3, 4], ["13291", "90001", "13540"])


def test_load_grid_raises_file_error() -> None:
    with pytest.raises(FileError, match=r"^Dòng tiêu đề \(dòng 1\) có 1\.000\.000 cột"):
        load_grid(_wide_row(1_000_000), "a.csv", spec_for("visits"), [])


# ------------------------------------------------------------------------------------------ XLSX
@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A 1.4 MB workbook whose sheet unpacks to 300 MB of zeros."""
    buffer = io.BytesIO()
    chunk = b"\0" * MB
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for _ in range(300):
                part.write(chunk)
    return buffer.getvalue()


BOMB_REASON = (
    "Tệp Excel khi giải nén lên tới 300,0 MB, vượt giới hạn 200,0 MB — tệp có thể bị hỏng hoặc "
    "chứa nhiều dữ liệu thừa; hãy sao chép các dòng cần nhập sang một tệp mới, lưu lại dạng "
    ".xlsx rồi tải lên lại"
)


def test_zip_bomb_refused_without_decompressing(
    zip_bomb: bytes, communes: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("decompressed")

    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    monkeypatch.setattr(zipfile.ZipFile, "read", never)
    assert len(zip_bomb) < 2 * MB
    assert check_limits(zip_bomb, "bom.xlsx", ImportLimits()) == BOMB_REASON
    assert_file_error(communes, zip_bomb, "bom.xlsx", BOMB_REASON)


def _book(*rows: list[str]) -> bytes:
    """A one-sheet workbook named like the template."""
    return xlsx_bytes({"Lượt làm việc": [list[object](r) for r in rows]})


def _sheet_xml(raw: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(raw)) as book:
        return book.read("xl/worksheets/sheet1.xml").decode()


def _replace_part(raw: bytes, name: str, content: str | None) -> bytes:
    """The workbook with one part replaced (or removed when ``content`` is None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info))
            elif content is not None:
                dst.writestr(info, content)
    return out.getvalue()


def _with_sheet(edit: object) -> bytes:
    raw = _book(HEADER, GOOD_A, MIDDLE, GOOD_B)
    xml = _sheet_xml(raw)
    new = edit(xml) if callable(edit) else edit
    return _replace_part(raw, "xl/worksheets/sheet1.xml", new)  # type: ignore[arg-type]


def _dimension(ref: str) -> object:
    return lambda xml: re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml)


XLSX_CASES: list[tuple[str, object, str]] = [
    # valid up to the dimension (so the workbook opens), broken inside the data
    ("sheet-xml-cut-short", lambda xml: xml[: xml.index('<row r="3"') + 20], CORRUPT),
    ("sheet-xml-garbage", "<worksheet><sheetData><row r='1'><c r='A1'>", CORRUPT),
    ("sheet-xml-not-xml", "\x00\x01 not xml at all", CORRUPT),
    ("sheet-missing", None, CORRUPT),
    (
        "declares-16384-columns",
        _dimension("A1:XFD4"),
        "Một trang tính của tệp có 16.384 cột (tới cột XFD), vượt giới hạn 200 cột — hãy xóa các "
        "cột thừa bên phải bảng rồi lưu lại",
    ),
    (
        "declares-a-million-rows",
        _dimension("A1:P1048576"),
        TOO_MANY_ROWS.format(n="1.048.576", limit="500.000"),
    ),
]


@pytest.mark.parametrize(
    ("edit", "message"),
    [case[1:] for case in XLSX_CASES],
    ids=[case[0] for case in XLSX_CASES],
)
def test_malformed_workbooks(communes: pd.DataFrame, edit: object, message: str) -> None:
    assert_file_error(communes, _with_sheet(edit), "tổ1.xlsx", message)


def test_broken_zip_refused_before_parsing() -> None:
    raw = _book(HEADER, GOOD_A)
    assert check_limits(raw[: len(raw) // 2], "tổ1.xlsx", ImportLimits()) == CORRUPT


def test_sheet_smaller_than_declared_extent_keeps_every_row(communes: pd.DataFrame) -> None:
    # the dimension says two rows; the sheet has four: none is dropped
    raw = _with_sheet(_dimension("A1:B2"))
    ok(read_visits(raw, "tổ1.xlsx", communes, today=TODAY), [2, 3, 4], ["13291", "90001", "13540"])


def test_wide_row_behind_a_false_extent_refused(communes: pd.DataFrame) -> None:
    raw = _book(HEADER, GOOD_A, [*MIDDLE, *[""] * 283, "x"], GOOD_B)
    assert check_limits(raw, "tổ1.xlsx", ImportLimits()) == (
        "Một trang tính của tệp có 300 cột (tới cột KN), vượt giới hạn 200 cột — hãy xóa các cột "
        "thừa bên phải bảng rồi lưu lại"
    )
    hidden = _replace_part(
        raw,
        "xl/worksheets/sheet1.xml",
        _dimension("A1:P4")(_sheet_xml(raw)),  # type: ignore[operator]
    )
    assert_file_error(
        communes,
        hidden,
        "tổ1.xlsx",
        "Trang tính «Lượt làm việc», dòng 3 có 300 ô, vượt giới hạn 200 ô mỗi dòng — hãy xóa các "
        "ô thừa ở cuối dòng rồi lưu lại",
    )


def test_rows_beyond_limit_without_extent(communes: pd.DataFrame) -> None:
    raw = _with_sheet(lambda xml: re.sub(r"<dimension [^>]*/>", "", xml))
    result = read_visits(raw, "tổ1.xlsx", communes, today=TODAY, limits=ImportLimits(max_rows=3))
    assert result.file_errors == [
        "Tệp có hơn 3 dòng — hãy tách thành nhiều tệp nhỏ hơn (ví dụ mỗi tổ hoặc mỗi ngày một "
        "tệp) và xóa các dòng trống ở cuối"
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([10, 44, 59, 97]), min_size=1, max_size=40))
def test_separators_per_line_match_a_sum_over_each_line(data: list[int]) -> None:
    from geo.ingest.limits import _per_line

    arr = np.array(data, dtype=np.uint8)
    starts = np.concatenate(([0], np.flatnonzero(arr == 10) + 1))
    starts = starts[starts < len(arr)]
    bounds = [*starts.tolist(), len(arr)]
    for byte in (44, 59):
        expected = [data[a:b].count(byte) for a, b in itertools.pairwise(bounds)]
        assert _per_line(arr, starts, byte).tolist() == expected
