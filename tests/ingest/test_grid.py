"""geo.ingest.grid: workbooks and CSV read into text cells (sheet choice, native cell types)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.i18n import language
from geo.ingest import read_visits
from geo.ingest.grid import _cell_text, load_grid
from geo.ingest.spec import spec_for
from tests.ingest.helpers import (
    COL,
    GOOD_A,
    GOOD_B,
    HEADER,
    MIDDLE,
    TODAY,
    assert_file_error,
    csv_bytes,
    ok,
    problems,
    xlsx_bytes,
)


@pytest.mark.parametrize(
    ("sheets", "used"),
    [
        # a sheet named like the template wins over the first sheet
        ({"Hướng dẫn": [["Cột", "Cách ghi"]], "Lượt làm việc": "DATA"}, "Lượt làm việc"),
        # the template name matched without diacritics and case
        ({"Tong hop": [["x"]], "LUOT LAM VIEC": "DATA"}, "LUOT LAM VIEC"),
        # no sheet named like the template: the first sheet with a header row
        ({"Ghi chú": [["Nhập ngày 14/03"]], "Tháng 3": "DATA", "Tháng 4": "DATA"}, "Tháng 3"),
    ],
)
def test_xlsx_with_several_sheets(
    communes: pd.DataFrame, sheets: dict[str, object], used: str
) -> None:
    data = [HEADER, GOOD_A, GOOD_B]
    book = {name: data if rows == "DATA" else rows for name, rows in sheets.items()}
    result = read_visits(xlsx_bytes(book), "a.xlsx", communes, today=TODAY)  # type: ignore[arg-type]
    ok(result, [2, 3], ["13291", "13540"])
    assert result.notes == [f"Tệp có {len(sheets)} trang tính; đã đọc trang «{used}»."]


def test_xlsx_native_cell_types(communes: pd.DataFrame) -> None:
    header = ["Mã xã", "Ngày", "Tổ", "Loại địa điểm", "Giờ bắt đầu", "Giờ kết thúc", "Đăng ký"]
    rows: list[list[object]] = [
        header,
        [13291, 45000, 1, "Hộ gia đình", 0.7708333333333334, time(21, 30), 4.0],
        ["13540", date(2023, 3, 16), "Tổ 2", "cơ quan", "08:00", "10:00", 2],
        [13540, "2023-03-17 00:00:00", "Tổ 2", "Doanh nghiệp", "8:00 am", "", None],
    ]
    result = read_visits(xlsx_bytes({"Sheet": rows}), "a.xlsx", communes, today=TODAY)
    ok(result, [2, 3, 4], ["13291", "13540", "13540"])
    acc = result.accepted
    assert acc["date"].dt.strftime("%d/%m/%Y").tolist() == [
        "15/03/2023",
        "16/03/2023",
        "17/03/2023",
    ]
    assert acc["team"].tolist() == ["Tổ 1", "Tổ 2", "Tổ 2"]
    assert acc["start"].tolist() == ["18:30", "08:00", "08:00"]
    assert acc["end"].tolist() == ["21:30", "10:00", None]
    assert acc["registered"].tolist() == [4, 2, pd.NA]
    assert acc["place_type"].tolist() == ["household", "agency", "business"]


def test_xlsx_bad_cells_keep_good_rows(communes: pd.DataFrame) -> None:
    rows: list[list[object]] = [
        HEADER,
        [datetime(2023, 3, 14), "Tổ 1", "Lê Hồng Phong", None, "hộ gia đình", None,
         time(18, 0), time(21, 30), 25, 40, 18, 15, 6, 20.537, 105.918, None],
        [datetime(2023, 3, 14), "Tổ 1", "Lê Hồng Phong", None, "hộ gia đình", None,
         time(18, 0), time(21, 30), 25, 40, 18, 19.5, 6, None, None, None],
        [datetime(2023, 3, 15), "Tổ 2", "An Nội", None, "khác", None,
         None, None, 1.0, 2.0, 2.0, 1.0, 0.0, None, None, None],
    ]  # fmt: skip
    result = read_visits(xlsx_bytes({"Sheet1": rows}), "a.xlsx", communes, today=TODAY)
    assert problems(result) == [
        (3, "Số tài khoản kích hoạt", "Dòng 3, cột «Số tài khoản kích hoạt»: «19.5» không phải "
         "số nguyên — số lượng không có phần lẻ."),
    ]  # fmt: skip
    acc = result.accepted
    assert acc["source_row"].tolist() == [2, 4]
    assert acc["start"].tolist() == ["18:00", None]
    assert acc["registered"].tolist() == [18, 2]


# (id, raw bytes, file name, the only file error expected)
FILE_CASES: list[tuple[str, bytes, str, str]] = [
    (
        "excel-97-xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
        "a.xls",
        "Tệp Excel 97-2003 (.xls) chưa được hỗ trợ — hãy mở trong Excel và lưu lại dạng .xlsx",
    ),
    (
        "xlsx-name-not-a-workbook",
        b"Ngay,To\n",
        "a.xlsx",
        "Tệp có đuôi .xlsx nhưng không phải tệp Excel hợp lệ",
    ),
    (
        "zip-but-not-a-workbook",
        b"PK\x03\x04" + b"\x00" * 40,
        "a.xlsx",
        "Không đọc được tệp Excel — chỉ nhận tệp .xlsx (Excel 2007 trở lên) hoặc .csv; hãy mở "
        "tệp trong Excel và lưu lại dạng .xlsx",
    ),
    (
        "xlsx-all-sheets-empty",
        xlsx_bytes({"Sheet1": [], "Sheet2": []}),
        "a.xlsx",
        "Tệp Excel không có dữ liệu (các trang tính đều trống)",
    ),
]


@pytest.mark.parametrize(
    ("raw", "file_name", "message"), [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES]
)
def test_file_level_errors(
    communes: pd.DataFrame, raw: bytes, file_name: str, message: str
) -> None:
    assert_file_error(communes, raw, file_name, message)


# ------------------------------------------------------------------ XLSX read by python-calamine
def _patched(rows: list[list[object]], change: Callable[[str], str]) -> bytes:
    """A workbook written by openpyxl, its sheet XML then edited as Excel would have saved it."""
    parts = zipfile.ZipFile(io.BytesIO(xlsx_bytes({"Sheet": rows})))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name in parts.namelist():
            data = parts.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            book.writestr(name, data)
    return out.getvalue()


def _openpyxl_cells(raw: bytes) -> list[list[str]]:
    """The cells as the openpyxl reader of the previous version gave them (the reference)."""
    sheet = openpyxl.load_workbook(io.BytesIO(raw), read_only=True).worksheets[0]
    sheet.reset_dimensions()
    rows = []
    for values in sheet.iter_rows(values_only=True):
        cells = list(values)
        while cells and cells[-1] in (None, ""):
            cells.pop()
        rows.append([_cell_text(v) for v in cells])
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]


NATIVE_ROWS: list[list[object]] = [
    ["Ngày", "Tổ", "Giờ", "Số", "Tỷ lệ", "Có", "Ghi chú"],
    [date(2023, 3, 14), " Tổ 1 ", time(18, 30), 25, 0.5, True, "Ca\u0301 nhân"],  # NFD -> NFC
    [datetime(2023, 3, 15, 8, 5), "Tổ 2", time(0, 0), 4.0, -3.25, False, None],
    [None, None, None, None, None, None, None],
    ["=1+2", "x", timedelta(hours=1, minutes=5), 1e20, 12345678901234.0, None, "cuối"],
]


def test_calamine_cells_are_the_openpyxl_cells() -> None:
    raw = xlsx_bytes({"Sheet": NATIVE_ROWS})
    grid = load_grid(raw, "a.xlsx", spec_for("visits"), [])
    assert grid.cells.values.tolist() == _openpyxl_cells(raw)
    assert grid.cells.values.tolist()[1:3] == [
        ["2023-03-14", "Tổ 1", "18:30", "25", "0.5", "TRUE", "Cá nhân"],
        ["2023-03-15 08:05:00", "Tổ 2", "00:00", "4", "-3.25", "FALSE", ""],
    ]
    assert grid.cells.values.tolist()[4] == ["=1+2", "x", "01:05", "1e+20", "12345678901234",
                                             "", "cuối"]  # fmt: skip


def test_same_accepted_rows_as_the_csv(communes: pd.DataFrame) -> None:
    rows = [HEADER, GOOD_A, MIDDLE, GOOD_B]
    from_csv = read_visits(csv_bytes(rows), "a.csv", communes, today=TODAY)
    from_xlsx = read_visits(xlsx_bytes({"Sheet": rows}), "a.xlsx", communes, today=TODAY)
    pd.testing.assert_frame_equal(from_xlsx.accepted, from_csv.accepted)
    assert from_xlsx.rows_ok == 3


FORMULA = "— không tính công thức; hãy sao chép và dán dạng giá trị (Paste Values)."
REG = "Số tài khoản đăng ký"


@pytest.mark.parametrize(
    ("k3", "k4", "expected"),
    [
        # a formula Excel saved with its result: the result is not trusted
        ('<c r="K3" t="n"><f>10+2</f><v>12</v></c>', "", [(3, "«=10+2»")]),
        # a shared formula: its other cells hold only a reference to it, moved as Excel does
        (
            '<c r="K3"><f t="shared" ref="K3:K4" si="0">J3-1</f><v>29</v></c>',
            '<c r="K4"><f t="shared" si="0"/><v>119</v></c>',
            [(3, "«=J3-1»"), (4, "«=J4-1»")],
        ),
        # the formula's text is unescaped, as openpyxl reads it
        (
            '<c r="K3" t="str"><f>IF(J3&gt;0,"a&amp;b","")</f><v>a&amp;b</v></c>',
            "",
            [(3, '«=IF(J3>0,"a&b","")»')],
        ),
    ],
    ids=["cached-result", "shared", "escaped"],
)
def test_formula_cells_found_in_the_sheet_xml(
    communes: pd.DataFrame, k3: str, k4: str, expected: list[tuple[int, str]]
) -> None:
    rows: list[list[object]] = [HEADER, GOOD_A, list(MIDDLE), list(GOOD_B)]
    rows[2][COL[REG]] = rows[3][COL[REG]] = None  # K3, K4 empty: the formulas go there

    def change(xml: str) -> str:
        return xml.replace('<c r="L3"', k3 + '<c r="L3"').replace('<c r="L4"', k4 + '<c r="L4"')

    result = read_visits(_patched(rows, change), "a.xlsx", communes, today=TODAY)
    assert problems(result) == [
        (row, REG, f"Dòng {row}, cột «{REG}»: ô chứa công thức {formula} {FORMULA}")
        for row, formula in expected
    ]
    rejected = {row for row, _formula in expected}
    assert result.accepted["source_row"].tolist() == [r for r in (2, 3, 4) if r not in rejected]


def test_inline_rich_text_and_error_cells(communes: pd.DataFrame) -> None:
    rows: list[list[object]] = [HEADER, list(GOOD_A), list(MIDDLE)]

    def change(xml: str) -> str:
        xml = xml.replace(
            '<c r="B2" t="inlineStr"><is><t>Tổ 1</t></is></c>',
            '<c r="B2" t="inlineStr"><is><r><t>Tổ </t></r><r><rPr><b/></rPr><t>1</t></r></is></c>',
        )
        return xml.replace(
            '<c r="L3" t="inlineStr"><is><t>10</t></is></c>', '<c r="L3" t="e"><v>#N/A</v></c>'
        )

    result = read_visits(_patched(rows, change), "a.xlsx", communes, today=TODAY)
    assert result.accepted["team"].tolist() == ["Tổ 1"]
    assert [(r, c, v) for r, c, v in zip(result.rejected["source_row"], result.rejected["column"],
                                         result.rejected["value"], strict=True)] == [
        (3, "Số tài khoản kích hoạt", "#N/A")
    ]  # fmt: skip


def test_a_far_cell_is_refused_before_the_sheet_is_read(communes: pd.DataFrame) -> None:
    # no <dimension>, one cell at the last cell of a sheet: reading would allocate 17e9 cells
    def change(xml: str) -> str:
        xml = re.sub(r"<dimension [^>]*/>", "", xml)
        return xml.replace("</sheetData>", '<row r="400000"><c r="GR400000" t="inlineStr"><is>'
                           "<t>x</t></is></c></row></sheetData>")  # fmt: skip

    raw = _patched([HEADER, GOOD_A], change)
    assert_file_error(
        communes,
        raw,
        "a.xlsx",
        "Trang tính «Sheet» có ô dữ liệu tới dòng 400.000 và tới cột GR — vùng dữ liệu quá lớn; "
        "hãy xóa các ô thừa ở xa bảng (bên phải hoặc bên dưới) rồi lưu lại",
    )
    wide = _patched([HEADER, GOOD_A], lambda x: re.sub(r"<dimension [^>]*/>", "", x).replace(
        '<c r="A2"', '<c r="XFD2" t="inlineStr"><is><t>x</t></is></c><c r="A2"'))  # fmt: skip
    assert_file_error(
        communes,
        wide,
        "a.xlsx",
        "Trang tính «Sheet», dòng 2 có 16.384 ô, vượt giới hạn 200 ô mỗi dòng — hãy xóa các ô "
        "thừa ở cuối dòng rồi lưu lại",
    )


def test_far_cell_refusal_in_english(communes: pd.DataFrame) -> None:
    raw = _patched(
        [HEADER, GOOD_A],
        lambda x: re.sub(r"<dimension [^>]*/>", "", x).replace(
            "</sheetData>",
            '<row r="60000"><c r="GR60000"><v>1</v></c></row></sheetData>',
        ),
    )
    with language("en"):
        result = read_visits(raw, "a.xlsx", communes, today=TODAY)
    assert result.file_errors == [
        "Sheet «Sheet» has filled cells down to row 60,000 and across to column GR — the data "
        "area is too large; delete the stray cells far from the table (to the right or below) "
        "and save again"
    ]


# --- the fields of each line, counted on bytes -------------------------------------------------
_LINES = re.compile(r"\r\n|\r|\n")


def _fields_by_splitting(text: str, sep: str) -> list[int]:
    """The reference: split the lines as the C parser does, count each one's separators."""
    lines = _LINES.split(text)
    if lines and not lines[-1]:
        lines.pop()
    return [ln.count(sep) + 1 if ln else 0 for ln in lines]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("a", [1]),
        ("a,b\r\n", [2]),
        ("a,b\r\n\r\nc", [2, 0, 1]),
        ("\r\r\n,\n", [0, 0, 2]),  # a lone \r, then \r\n: two empty lines
        ("Tổ 1,ổ\rx", [2, 1]),
    ],
)
def test_field_counts_by_hand(text: str, expected: list[int]) -> None:
    from geo.ingest.grid import _field_counts

    assert _field_counts(text, ",").tolist() == expected


_PIECES = st.sampled_from(["a", "ổ", ",", ";", "\n", "\r", "\r\n", " "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_field_counts_match_splitting_the_lines(text: str) -> None:
    from geo.ingest.grid import _field_counts

    for sep in ",;":
        assert _field_counts(text, sep).tolist() == _fields_by_splitting(text, sep)
