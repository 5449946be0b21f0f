import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from geo.xlsx import put_cell, safe_cell_text, to_bytes, write_sheet

HEADERS = {
    "code": "Mã xã",
    "name": "Tên",
    "eligible": "Đủ điều kiện",
    "coverage": "Tỷ lệ",
    "as_of": "Ngày",
}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("=1+1", ("=1+1", True)),
        ("+84 912", ("+84 912", True)),
        ("@SUM(A1)", ("@SUM(A1)", True)),
        ("a\x00b\x07c", ("abc", False)),
        ("Hoa\u0301", ("Hoá", False)),
        ("-", ("-", True)),
        ("Tổ 1", ("Tổ 1", False)),
        (None, ("", False)),
    ],
)
def test_safe_cell_text(raw, expected):
    assert safe_cell_text(raw) == expected


@pytest.fixture
def sheet():
    df = pd.DataFrame(
        {
            "code": ["13291", "13540"],
            "name": ['=HYPERLINK("http://x","bấm")', "Xã An Nội"],
            "eligible": pd.array([18_000, None], dtype="Int64"),
            "coverage": [0.668, float("nan")],
            "as_of": [pd.Timestamp("2023-05-31"), pd.NaT],
        }
    )
    wb = Workbook()
    write_sheet(wb, "Bảng", df, HEADERS, ratio_columns=("coverage",), sheet=wb.active)
    return load_workbook(io.BytesIO(to_bytes(wb))).active


def test_header_and_types(sheet):
    assert [c.value for c in sheet[1]] == list(HEADERS.values())
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == "13291" and sheet["A2"].data_type == "s"
    assert sheet["C2"].value == 18_000 and sheet["C2"].number_format == "#,##0"
    assert sheet["D2"].value == pytest.approx(0.668) and sheet["D2"].number_format == "0.0%"
    assert sheet["E2"].value.date() == date(2023, 5, 31)
    assert sheet["E2"].number_format == "dd/mm/yyyy"
    assert sheet["C3"].value is None and sheet["D3"].value is None  # no data stays empty, not 0
    assert sheet.freeze_panes == "A2"


def test_formula_text_stays_text(sheet):
    cell = sheet["B2"]
    assert cell.value == '=HYPERLINK("http://x","bấm")'
    assert cell.data_type == "s" and cell.quotePrefix


def test_put_cell_falls_back_to_text():
    wb = Workbook()
    cell = put_cell(wb.active, 1, 1, ("tuple",))
    assert cell.value == "('tuple',)" and cell.data_type == "s"
