"""geo.ingest.grid: workbooks and CSV read into text cells (sheet choice, native cell types)."""

from __future__ import annotations

from datetime import date, datetime, time

import pandas as pd
import pytest

from geo.ingest import read_visits
from tests.ingest.helpers import (
    GOOD_A,
    GOOD_B,
    HEADER,
    TODAY,
    assert_file_error,
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
