"""Tests of geo.ingest on real bytes: CSV text encoded as a user's tool would, XLSX via openpyxl."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, time

import openpyxl
import pandas as pd
import pytest

from geo.ingest import (
    MAX_NOTE_CHARS,
    PLACE_TYPES,
    TARGET_COLUMNS,
    VISIT_COLUMNS,
    IngestResult,
    decode_text,
    read_targets,
    read_visits,
    template_xlsx,
)

TODAY = date(2024, 6, 30)

HEADER = [
    "Ngày",
    "Tổ lưu động",
    "Xã/phường",
    "Huyện",
    "Loại địa điểm",
    "Tên địa điểm",
    "Giờ bắt đầu",
    "Giờ kết thúc",
    "Số hộ đã đến",
    "Số người được hướng dẫn",
    "Số tài khoản đăng ký",
    "Số tài khoản kích hoạt",
    "Lượt dùng dịch vụ công trực tuyến",
    "Vĩ độ",
    "Kinh độ",
    "Ghi chú",
]
COL = {name: i for i, name in enumerate(HEADER)}
GOOD_A = [
    "14/03/2023", "Tổ 1", "Lê Hồng Phong", "", "hộ gia đình", "Tổ dân phố 3", "18:00", "21:30",
    "25", "40", "18", "15", "6", "20.537", "105.918", "",
]  # fmt: skip
GOOD_B = [
    "15/03/2023", "Tổ 2", "An Nội", "", "trường học", "Trường THCS An Nội", "16:00", "19:30",
    "0", "120", "60", "55", "0", "", "", "Học sinh lớp 9",
]  # fmt: skip
MIDDLE = [
    "16/03/2023", "Tổ 3", "Thanh Hà", "", "cơ quan", "UBND xã", "08:00", "11:00",
    "0", "30", "12", "10", "2", "", "", "",
]  # fmt: skip


def cp1258(text: str) -> bytes:
    """Encode like Windows does for code page 1258: base letter + combining tone mark."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def csv_text(rows: list[list[str]], sep: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def csv_bytes(rows: list[list[str]], sep: str = ",", encoding: str = "utf-8") -> bytes:
    text = csv_text(rows, sep)
    return cp1258(text) if encoding == "cp1258" else text.encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_bad(change: dict[str, str]) -> list[list[str]]:
    """Header, good row (2), the middle row with ``change`` applied (3), good row (4)."""
    bad = list(MIDDLE)
    for column, value in change.items():
        bad[COL[column]] = value
    return [HEADER, GOOD_A, bad, GOOD_B]


def problems(result: IngestResult) -> list[tuple[int, str, str]]:
    rej = result.rejected
    return list(zip(rej["source_row"], rej["column"], rej["reason"], strict=True))


# ------------------------------------------------------------------------------ bad rows (CSV)
# (id, change to the middle row, [(column, reason)] expected for row 3)
ROW_CASES: list[tuple[str, dict[str, str], list[tuple[str, str]]]] = [
    (
        "unknown-commune",
        {"Xã/phường": "Hoàn Kiếm"},
        [("Xã/phường", "Dòng 3, cột «Xã/phường»: không tìm thấy «Hoàn Kiếm» trong danh mục "
          "xã/phường — ghi rõ tên hoặc mã xã.")],
    ),
    (
        "close-communes",
        {"Xã/phường": "Thanh Haa"},
        [("Xã/phường", "Dòng 3, cột «Xã/phường»: không tìm thấy «Thanh Haa». Gần giống: "
          "Thanh Hà (Thanh Liêm), Thanh Hải (Thanh Liêm) — ghi rõ tên hoặc mã xã.")],
    ),
    (
        "same-name-two-districts",
        {"Xã/phường": "Thanh Sơn"},
        [("Xã/phường", "Dòng 3, cột «Xã/phường»: «Thanh Sơn» trùng tên ở nhiều nơi: Thanh Sơn "
          "(Kim Bảng) – mã 90003, Thanh Sơn (Thanh Liêm) – mã 90004 — thêm cột «Huyện» hoặc "
          "ghi mã xã.")],
    ),
    (
        "commune-in-other-district",
        {"Xã/phường": "Lê Hồng Phong", "Huyện": "Bình Lục"},
        [("Huyện", "Dòng 3, cột «Huyện»: «Lê Hồng Phong» là Lê Hồng Phong (Phủ Lý), không "
          "thuộc «Bình Lục» — kiểm tra lại huyện hoặc ghi mã xã.")],
    ),
    (
        "unknown-district",
        {"Huyện": "Hà Đông"},
        [("Huyện", "Dòng 3, cột «Huyện»: không có huyện «Hà Đông» trong danh mục. Các huyện: "
          "Bình Lục, Kim Bảng, Lý Nhân, Phủ Lý, Thanh Liêm.")],
    ),
    (
        "commune-blank",
        {"Xã/phường": ""},
        [("Xã/phường", "Dòng 3, cột «Xã/phường»: để trống — cần tên hoặc mã xã.")],
    ),
    (
        "negative-count",
        {"Số tài khoản đăng ký": "-5"},
        [("Số tài khoản đăng ký", "Dòng 3, cột «Số tài khoản đăng ký»: số âm («-5») — số "
          "lượng không được âm.")],
    ),
    (
        "non-numeric-count",
        {"Số hộ đã đến": "mười"},
        [("Số hộ đã đến", "Dòng 3, cột «Số hộ đã đến»: «mười» không phải là số — ghi số "
          "nguyên không âm, ví dụ 12.")],
    ),
    (
        "fractional-count",
        {"Số người được hướng dẫn": "2,5"},
        [("Số người được hướng dẫn", "Dòng 3, cột «Số người được hướng dẫn»: «2,5» không "
          "phải số nguyên — số lượng không có phần lẻ.")],
    ),
    (
        "huge-count",
        {"Lượt dùng dịch vụ công trực tuyến": "20000000"},
        [("Lượt dùng dịch vụ công trực tuyến", "Dòng 3, cột «Lượt dùng dịch vụ công trực "
          "tuyến»: số quá lớn — tối đa 10.000.000.")],
    ),
    (
        "activated-over-registered",
        {"Số tài khoản đăng ký": "12", "Số tài khoản kích hoạt": "1.500"},
        [("Số tài khoản kích hoạt", "Dòng 3, cột «Số tài khoản kích hoạt»: số kích hoạt "
          "(1.500) lớn hơn số đăng ký (12) — số tài khoản kích hoạt không được vượt số tài "
          "khoản đăng ký.")],
    ),
    (
        "end-before-start",
        {"Giờ bắt đầu": "21:30", "Giờ kết thúc": "18:00"},
        [("Giờ kết thúc", "Dòng 3, cột «Giờ kết thúc»: giờ kết thúc 18:00 không sau giờ bắt "
          "đầu 21:30 — kiểm tra lại giờ (dạng 24 giờ, ví dụ 21:30).")],
    ),
    (
        "end-equals-start",
        {"Giờ bắt đầu": "6:30 PM", "Giờ kết thúc": "18h30"},
        [("Giờ kết thúc", "Dòng 3, cột «Giờ kết thúc»: giờ kết thúc 18:30 không sau giờ bắt "
          "đầu 18:30 — kiểm tra lại giờ (dạng 24 giờ, ví dụ 21:30).")],
    ),
    (
        "time-wrong-format",
        {"Giờ bắt đầu": "18-30"},
        [("Giờ bắt đầu", "Dòng 3, cột «Giờ bắt đầu»: không đọc được giờ «18-30» — ghi dạng "
          "18:30, 18h30 hoặc 6:30 PM.")],
    ),
    (
        "time-out-of-range",
        {"Giờ kết thúc": "24:10"},
        [("Giờ kết thúc", "Dòng 3, cột «Giờ kết thúc»: giờ «24:10» không hợp lệ — giờ từ "
          "00:00 đến 23:59.")],
    ),
    (
        "time-pm-hour-13",
        {"Giờ bắt đầu": "13:00 PM"},
        [("Giờ bắt đầu", "Dòng 3, cột «Giờ bắt đầu»: giờ «13:00 PM» không hợp lệ — với "
          "AM/PM giờ phải từ 1 đến 12.")],
    ),
    (
        "date-before-2022",
        {"Ngày": "31/12/2021"},
        [("Ngày", "Dòng 3, cột «Ngày»: ngày 31/12/2021 trước 01/01/2022 — kiểm tra lại năm.")],
    ),
    (
        "date-in-future",
        {"Ngày": "2024-07-01"},
        [("Ngày", "Dòng 3, cột «Ngày»: ngày 01/07/2024 sau hôm nay (30/06/2024) — chỉ nhập kết "
          "quả đã có.")],
    ),
    (
        "date-does-not-exist",
        {"Ngày": "30/02/2023"},
        [("Ngày", "Dòng 3, cột «Ngày»: ngày «30/02/2023» không có thật — ghi theo dạng "
          "dd/mm/yyyy (ngày/tháng/năm), ví dụ 14/03/2023.")],
    ),
    (
        "date-month-first",
        {"Ngày": "03/16/2023"},
        [("Ngày", "Dòng 3, cột «Ngày»: ngày «03/16/2023» không có thật — ghi theo dạng "
          "dd/mm/yyyy (ngày/tháng/năm), ví dụ 14/03/2023.")],
    ),
    (
        "date-unreadable",
        {"Ngày": "16 tháng 3"},
        [("Ngày", "Dòng 3, cột «Ngày»: không đọc được ngày «16 tháng 3» — ghi theo dạng "
          "dd/mm/yyyy, ví dụ 14/03/2023.")],
    ),
    (
        "date-blank",
        {"Ngày": ""},
        [("Ngày", "Dòng 3, cột «Ngày»: để trống — cần ngày theo dạng dd/mm/yyyy, ví dụ "
          "14/03/2023.")],
    ),
    (
        "team-blank",
        {"Tổ lưu động": ""},
        [("Tổ lưu động", "Dòng 3, cột «Tổ lưu động»: để trống — cần tên tổ lưu động, ví dụ "
          "«Tổ 1».")],
    ),
    (
        "place-type-unknown",
        {"Loại địa điểm": "chợ"},
        [("Loại địa điểm", "Dòng 3, cột «Loại địa điểm»: không rõ loại địa điểm «chợ» — chọn "
          "một trong: hộ gia đình, cơ quan, doanh nghiệp, trường học, khác.")],
    ),
    (
        "place-type-blank",
        {"Loại địa điểm": ""},
        [("Loại địa điểm", "Dòng 3, cột «Loại địa điểm»: để trống — chọn một trong: hộ gia "
          "đình, cơ quan, doanh nghiệp, trường học, khác.")],
    ),
    (
        "note-1-mb",
        {"Ghi chú": "x" * 1_048_576},
        [("Ghi chú", "Dòng 3, cột «Ghi chú»: dài 1.048.576 ký tự, tối đa 2.000 ký tự — hãy "
          "rút gọn.")],
    ),
    (
        "place-name-too-long",
        {"Tên địa điểm": "Nhà văn hoá " * 20},
        [("Tên địa điểm", "Dòng 3, cột «Tên địa điểm»: dài 239 ký tự, tối đa 200 ký tự — hãy "
          "rút gọn.")],
    ),
    (
        "latitude-outside-ha-nam",
        {"Vĩ độ": "21.028", "Kinh độ": "105.85"},
        [("Vĩ độ", "Dòng 3, cột «Vĩ độ»: vĩ độ 21.028 nằm ngoài tỉnh Hà Nam (20,3–20,75).")],
    ),
    (
        "longitude-outside-ha-nam",
        {"Vĩ độ": "20,45", "Kinh độ": "106,4"},
        [("Kinh độ", "Dòng 3, cột «Kinh độ»: kinh độ 106,4 nằm ngoài tỉnh Hà Nam "
          "(105,7–106,25).")],
    ),
    (
        "lat-lon-swapped",
        {"Vĩ độ": "105.92", "Kinh độ": "20.54"},
        [("Vĩ độ", "Dòng 3, cột «Vĩ độ»: vĩ độ và kinh độ bị đảo chỗ — vĩ độ khoảng "
          "20,3–20,75, kinh độ khoảng 105,7–106,25.")],
    ),
    (
        "latitude-without-longitude",
        {"Vĩ độ": "20.5"},
        [("Kinh độ", "Dòng 3, cột «Kinh độ»: để trống trong khi có vĩ độ — ghi cả vĩ độ và "
          "kinh độ.")],
    ),
    (
        "latitude-not-a-number",
        {"Vĩ độ": "20°32'N", "Kinh độ": "105.9"},
        [("Vĩ độ", "Dòng 3, cột «Vĩ độ»: «20°32'N» không phải là số — ghi số thập phân, "
          "ví dụ 20,5412.")],
    ),
    (
        "duplicate-of-row-2",
        dict(zip(HEADER, GOOD_A, strict=True)),
        [("", "Dòng 3: trùng hoàn toàn với dòng 2.")],
    ),
    (
        "several-problems-one-row",
        {"Ngày": "2021-05-01", "Số tài khoản kích hoạt": "abc", "Loại địa điểm": "?"},
        [
            ("Ngày", "Dòng 3, cột «Ngày»: ngày 01/05/2021 trước 01/01/2022 — kiểm tra lại năm."),
            ("Loại địa điểm", "Dòng 3, cột «Loại địa điểm»: không rõ loại địa điểm «?» — chọn "
             "một trong: hộ gia đình, cơ quan, doanh nghiệp, trường học, khác."),
            ("Số tài khoản kích hoạt", "Dòng 3, cột «Số tài khoản kích hoạt»: «abc» không phải "
             "là số — ghi số nguyên không âm, ví dụ 12."),
        ],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "expected"), [c[1:] for c in ROW_CASES], ids=[c[0] for c in ROW_CASES]
)
def test_bad_row_is_rejected_and_good_rows_kept(
    communes: pd.DataFrame, change: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    result = read_visits(csv_bytes(with_bad(change)), "lượt.csv", communes, today=TODAY)
    assert result.file_errors == []
    assert problems(result) == [(3, column, reason) for column, reason in expected]
    assert result.accepted["source_row"].tolist() == [2, 4]
    assert result.accepted["code"].tolist() == ["13291", "13540"]
    assert (result.rows_ok, result.rows_rejected) == (2, 1)


def test_rejected_value_column_is_shortened(communes: pd.DataFrame) -> None:
    result = read_visits(
        csv_bytes(with_bad({"Ghi chú": "x" * 5000})), "a.csv", communes, today=TODAY
    )
    value = result.rejected["value"].iloc[0]
    assert value == "x" * 79 + "…"
    assert result.rejected["field"].tolist() == ["note"]


# ----------------------------------------------------------------------- bad rows, other shapes
def test_code_column_unknown_code_and_conflicting_name(communes: pd.DataFrame) -> None:
    header = ["Mã xã", "Xã/phường", "Ngày", "Tổ", "Loại địa điểm"]
    rows = [
        header,
        ["13291", "", "14/03/2023", "Tổ 1", "khác"],
        ["99999", "", "14/03/2023", "Tổ 1", "khác"],
        ["13291", "An Nội", "14/03/2023", "Tổ 1", "khác"],
        ["13540", "Bình An", "14/03/2023", "Tổ 1", "khác"],  # renamed in 2025, same code
    ]
    result = read_visits(csv_bytes(rows), "a.csv", communes, today=TODAY)
    assert problems(result) == [
        (3, "Mã xã", "Dòng 3, cột «Mã xã»: không có mã xã «99999» trong danh mục — mã xã gồm 5 "
         "chữ số (ví dụ 13291)."),
        (4, "Xã/phường", "Dòng 4, cột «Xã/phường»: «An Nội» là An Nội (Bình Lục), không khớp "
         "với mã 13291 (Lê Hồng Phong (Phủ Lý)) — kiểm tra lại tên hoặc mã xã."),
    ]  # fmt: skip
    assert result.accepted[["source_row", "code"]].values.tolist() == [[2, "13291"], [5, "13540"]]


def test_csv_row_with_more_cells_than_header(communes: pd.DataFrame) -> None:
    text = csv_text([HEADER, GOOD_A]) + ",".join(MIDDLE[:-1]) + ",gặp trưởng thôn, chủ tịch\r\n"
    text += csv_text([GOOD_B])
    result = read_visits(text.encode("utf-8"), "a.csv", communes, today=TODAY)
    assert problems(result) == [
        (3, "", "Dòng 3: có 17 ô nhưng dòng tiêu đề chỉ có 16 cột — có thể một ô chứa dấu phân "
         "cách mà không đặt trong ngoặc kép."),
    ]  # fmt: skip
    assert result.accepted["source_row"].tolist() == [2, 4]


def test_xlsx_formula_cell_is_rejected_not_evaluated(communes: pd.DataFrame) -> None:
    rows: list[list[object]] = [HEADER, GOOD_A, list(MIDDLE), GOOD_B]
    rows[2][COL["Số tài khoản đăng ký"]] = "=10+2"
    rows[2][COL["Ghi chú"]] = '=HYPERLINK("http://x","y")'
    result = read_visits(xlsx_bytes({"Sheet": rows}), "a.xlsx", communes, today=TODAY)
    assert problems(result) == [
        (3, "Số tài khoản đăng ký", "Dòng 3, cột «Số tài khoản đăng ký»: ô chứa công thức "
         "«=10+2» — không tính công thức; hãy sao chép và dán dạng giá trị (Paste Values)."),
        (3, "Ghi chú", "Dòng 3, cột «Ghi chú»: ô chứa công thức «=HYPERLINK(\"http://x\",\"y\")» "
         "— không tính công thức; hãy sao chép và dán dạng giá trị (Paste Values)."),
    ]  # fmt: skip
    assert result.accepted["source_row"].tolist() == [2, 4]
    assert result.encoding is None


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


# --------------------------------------------------------------------------------- file errors
def _tcvn3_with_unknown_byte() -> bytes:
    # "Ngày" in TCVN3 is "Ng\xb5y"; 0x80 has no letter in TCVN3 (ABC).
    text = "Ng\xb5y,T\xe6,X\xb7/ph\xad\xeang,Lo\xb9i \xae\xdea \xaei\xd3m\r\n"
    return text.encode("latin-1") + b"14/03/2023,T\xe6 1,L\xaa H\xe5ng Phong,h\xe9 \x80\r\n"


FILE_CASES: list[tuple[str, bytes, str, str]] = [
    ("empty-file", b"", "a.csv", "Tệp rỗng — không có dòng tiêu đề và dữ liệu"),
    ("only-whitespace", b" \r\n\r\n", "a.csv", "Tệp rỗng — không có dòng tiêu đề và dữ liệu"),
    (
        "header-only",
        csv_bytes([HEADER]),
        "a.csv",
        "Tệp chỉ có dòng tiêu đề (dòng 1), chưa có dòng dữ liệu nào",
    ),
    (
        "header-and-blank-rows",
        csv_bytes([HEADER, [""] * 16, []]),
        "a.csv",
        "Tệp chỉ có dòng tiêu đề (dòng 1), chưa có dòng dữ liệu nào",
    ),
    (
        "missing-required-column",
        csv_bytes([[h for h in HEADER if h != "Loại địa điểm"], GOOD_A[:4] + GOOD_A[5:]]),
        "a.csv",
        "Thiếu cột bắt buộc: «Loại địa điểm» (hoặc «place type») — hãy dùng tệp mẫu để xem tên cột",
    ),
    (
        "missing-commune-columns",
        csv_bytes([["Ngày", "Tổ", "Loại địa điểm"], ["14/03/2023", "Tổ 1", "khác"]]),
        "a.csv",
        "Thiếu cột bắt buộc: «Xã/phường» hoặc «Mã xã» — hãy dùng tệp mẫu để xem tên cột",
    ),
    (
        "two-date-columns",
        csv_bytes(
            [["Ngày", "Date", "Tổ", "Xã", "Loại"], ["14/03/2023", "", "1", "An Nội", "khác"]]
        ),
        "a.csv",
        "Hai cột «Ngày» và «Date» cùng là cột «Ngày» — chỉ giữ một cột",
    ),
    (
        "no-header-row",
        csv_bytes([["a", "b"], ["1", "2"]]),
        "a.csv",
        "Không tìm thấy dòng tiêu đề — dòng đầu tiên phải có tên cột như «Ngày», «Tổ lưu động», "
        "«Loại địa điểm»; hãy dùng tệp mẫu",
    ),
    (
        "tcvn3-with-unknown-code",
        _tcvn3_with_unknown_byte(),
        "a.csv",
        "Tệp có vẻ dùng bảng mã TCVN3 (ABC) nhưng có mã ký tự không chuyển được (0x80) — hãy "
        "chuyển tệp sang Unicode (ví dụ Unikey: Ctrl+Shift+F6) rồi lưu lại dạng «CSV UTF-8»",
    ),
    (
        "unknown-encoding",
        "Ngày,Tổ\n14/03/2023,Æbleø ÿñç\n".replace("Ngày", "Ngay")
        .replace("Tổ", "To")
        .encode("latin-1"),
        "a.csv",
        "Không nhận ra bảng mã của tệp (không phải UTF-8, UTF-16, Windows-1258 hay TCVN3 (ABC)) "
        "— hãy mở tệp trong Excel và lưu lại dạng «CSV UTF-8»",
    ),
    (
        "utf8-bom-with-invalid-bytes",
        b"\xef\xbb\xbfNg\xe0y,T\xf4\n",
        "a.csv",
        "Tệp khai báo bảng mã UTF-8 nhưng có byte sai ở vị trí 2 — hãy lưu lại dạng «CSV UTF-8»",
    ),
    (
        "binary-file",
        b"%PDF-1.7\n\x00\x01\x02\x03binary",
        "a.csv",
        "Tệp không phải là văn bản CSV (có ký tự nhị phân) — hãy chọn tệp .csv hoặc .xlsx",
    ),
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
    result = read_visits(raw, file_name, communes, today=TODAY)
    assert result.file_errors == [message]
    assert result.accepted.empty and list(result.accepted.columns) == [*VISIT_COLUMNS, "source_row"]
    assert result.rejected.empty
    assert (result.rows_ok, result.rows_rejected) == (0, 0)


# ------------------------------------------------------------------------------ accepted inputs
def _ok(result: IngestResult, rows: list[int], codes: list[str]) -> None:
    assert result.file_errors == []
    assert problems(result) == []
    assert result.accepted["source_row"].tolist() == rows
    assert result.accepted["code"].tolist() == codes


@pytest.mark.parametrize(
    ("sep", "encoding", "expected"),
    [
        (",", "utf-8", "utf-8"),
        (";", "utf-8", "utf-8"),
        ("|", "utf-8", "utf-8"),
        (",", "utf-8-sig", "utf-8-sig"),
        ("\t", "utf-16", "utf-16"),  # Excel "Unicode text"
        ("\t", "utf-16-le", "utf-16"),  # same without BOM
        (";", "cp1258", "windows-1258"),
    ],
)
def test_separators_and_encodings(
    communes: pd.DataFrame, sep: str, encoding: str, expected: str
) -> None:
    rows = [HEADER, GOOD_A, MIDDLE, GOOD_B]
    rows[2] = [*MIDDLE[:2], "Đồng Hoá", *MIDDLE[3:]]  # decomposed tone marks in Windows-1258
    result = read_visits(csv_bytes(rows, sep, encoding), "a.csv", communes, today=TODAY)
    _ok(result, [2, 3, 4], ["13291", "90006", "13540"])
    assert result.encoding == expected
    notes = result.accepted["note"].tolist()
    assert notes == [None, None, "Học sinh lớp 9"]
    assert unicodedata.is_normalized("NFC", result.accepted["place_name"].iloc[1])


def test_windows_1258_bytes_are_really_combining() -> None:
    raw = cp1258("Đồng Hoá")
    assert raw == b"\xd0\xf4\xccng Ho\xe1"  # 'ô' + combining grave (0xCC); 'á' precomposed
    assert decode_text(raw + b",Thanh H\xe0") == ("Đồng Hoá,Thanh Hà", "windows-1258")


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"H\xb5 Nam", "Hà Nam"),
        (b"Ph\xf1 L\xfd", "Phủ Lý"),
        (b"Thanh Li\xaam", "Thanh Liêm"),
        (b"B\xd7nh L\xf4c", "Bình Lục"),
        (b"L\xfd Nh\xa9n", "Lý Nhân"),
        (b"Kim B\xb6ng", "Kim Bảng"),
        (b"\xa7\xe5ng H\xe3a", "Đồng Hóa"),
        (b"Ph\xad\xeang", "Phường"),
        (b"\xae\xa8ng k\xfd, k\xddch ho\xb9t", "đăng ký, kích hoạt"),
        (b"Th\xbeng, n\xc6ng, l\xcbp, vi\xd6t, ngh\xdca", "Thắng, nặng, lập, việt, nghĩa"),
        (b"\xf8c, n\xf7a, t\xf5, \xa7\xe9c l\xcbp - T\xf9 do", "ức, nữa, từ, Độc lập - Tự do"),
        (b"K\xfd, M\xfc, Thu\xfb, l\xfe, K\xfa", "Ký, Mỹ, Thuỷ, lỵ, Kỳ"),
    ],
)
def test_tcvn3_is_converted(raw: bytes, text: str) -> None:
    assert decode_text(raw) == (text, "tcvn3")


def test_tcvn3_file_is_imported_with_a_note(communes: pd.DataFrame) -> None:
    raw = (
        b"Ng\xb5y,T\xe6,X\xb7/ph\xad\xeang,Lo\xb9i \xae\xdea \xaei\xd3m,Ghi ch\xf3\r\n"
        b"14/03/2023,T\xe6 1,L\xaa H\xe5ng Phong,h\xe9 gia \xae\xd7nh,\xa7\xb7 \xae\xd5n\r\n"
        b"15/03/2023,T\xe6 2,Thanh H\xb6i,tr\xad\xeang h\xe4c,\r\n"
    )
    result = read_visits(raw, "tcvn3.csv", communes, today=TODAY)
    _ok(result, [2, 3], ["13291", "90002"])
    assert result.encoding == "tcvn3"
    assert result.notes == ["Tệp dùng bảng mã TCVN3 (ABC); đã chuyển sang Unicode."]
    assert result.accepted["note"].tolist() == ["Đã đến", None]
    assert result.accepted["place_type"].tolist() == ["household", "school"]


def test_extra_columns_are_ignored_with_a_note(communes: pd.DataFrame) -> None:
    rows = [[*HEADER, "Người nhập", ""], [*GOOD_A, "Lan", ""], [*GOOD_B, "Hùng", "x"]]
    for raw, name in ((csv_bytes(rows), "a.csv"), (xlsx_bytes({"S": rows}), "a.xlsx")):
        result = read_visits(raw, name, communes, today=TODAY)
        _ok(result, [2, 3], ["13291", "13540"])
        assert result.notes == [
            "Đã bỏ qua cột không dùng đến: «Người nhập».",
            "Đã bỏ qua cột không có tiêu đề: R.",
        ]


def test_english_and_unaccented_headers_title_row_and_blank_rows(communes: pd.DataFrame) -> None:
    header = ["date", "team", "commune", "district", "place type", "start time", "end",
              "accounts registered", "accounts activated", "latitude", "longitude",
              "note"]  # fmt: skip
    unaccented = ["Ngay", "To luu dong", "Xa/phuong", "Huyen", "Loai dia diem", "Gio bat dau",
                  "Gio ket thuc", "So tai khoan dang ky", "So tai khoan kich hoat", "Vi do",
                  "Kinh do", "Ghi chu"]  # fmt: skip
    data = [
        ["2023-03-14", "team 4", "phuong le hong phong", "TP Phu Ly", "household", "6:30 PM",
         "9 PM", "1.234", "1,200", "20.54", "105.91", "ok"],
        ["", "", "", "", "", "", "", "", "", "", "", ""],
        ["45000", "04", "Thanh Son", "Kim Bang", "Truong hoc", "16h", "19h30", "3", "3", "", "",
         ""],
    ]  # fmt: skip
    for head in (header, unaccented):
        rows = [["DANH SÁCH LƯỢT LÀM VIỆC"], [], head, *data]
        result = read_visits(csv_bytes(rows), "a.csv", communes, today=TODAY)
        _ok(result, [4, 6], ["13291", "90003"])
        acc = result.accepted
        assert acc["date"].tolist() == [pd.Timestamp("2023-03-14"), pd.Timestamp("2023-03-15")]
        assert acc["team"].tolist() == ["Tổ 4", "Tổ 4"]
        assert acc["start"].tolist() == ["18:30", "16:00"]
        assert acc["end"].tolist() == ["21:00", "19:30"]
        assert acc["registered"].tolist() == [1234, 3]
        assert acc["activated"].tolist() == [1200, 3]
        assert acc["place_type"].tolist() == ["household", "school"]


def test_accepted_dtypes_follow_the_contract(communes: pd.DataFrame) -> None:
    result = read_visits(csv_bytes([HEADER, GOOD_A, GOOD_B]), "a.csv", communes, today=TODAY)
    acc = result.accepted
    assert list(acc.columns) == [*VISIT_COLUMNS, "source_row"]
    assert str(acc["date"].dtype) == "datetime64[ns]"
    for col in ("households", "people_guided", "registered", "activated", "services_used"):
        assert str(acc[col].dtype) == "Int64"
    assert str(acc["lat"].dtype) == str(acc["lon"].dtype) == "float64"
    assert acc.iloc[0][["lat", "lon"]].tolist() == [20.537, 105.918]
    assert pd.isna(acc.iloc[1]["lat"])
    assert acc["place_type"].tolist() == ["household", "school"]
    assert set(acc["place_type"]) <= set(PLACE_TYPES)
    assert acc["place_name"].tolist() == ["Tổ dân phố 3", "Trường THCS An Nội"]
    assert acc["note"].tolist() == [None, "Học sinh lớp 9"]
    assert acc["households"].tolist() == [25, 0]
    assert len(result.sha256) == 64


def test_same_bytes_same_sha256(communes: pd.DataFrame) -> None:
    raw = csv_bytes([HEADER, GOOD_A])
    first = read_visits(raw, "a.csv", communes, today=TODAY)
    again = read_visits(raw, "b.csv", communes, today=TODAY)
    other = read_visits(raw + b"\r\n", "a.csv", communes, today=TODAY)
    assert first.sha256 == again.sha256 != other.sha256


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
    _ok(result, [2, 3], ["13291", "13540"])
    assert result.notes == [f"Tệp có {len(sheets)} trang tính; đã đọc trang «{used}»."]


# ------------------------------------------------------------------------------------ targets
T_HEADER = ["Mã xã", "Xã/phường", "Tính đến ngày", "Dân số", "Công dân đủ điều kiện", "Chỉ tiêu",
            "Đã kích hoạt"]  # fmt: skip
T_GOOD_A = ["13291", "Lê Hồng Phong", "31/05/2023", "20.605", "15.800", "12.000", "10.150"]
T_GOOD_B = ["", "X. An Nội", "31/05/2023", "8150", "6100", "5000", ""]

TARGET_CASES = [
    (
        "eligible-over-population",
        ["", "Thanh Hà", "31/05/2023", "5000", "6000", "", ""],
        [(3, "Công dân đủ điều kiện", "Dòng 3, cột «Công dân đủ điều kiện»: số công dân đủ điều "
          "kiện (6.000) lớn hơn dân số (5.000).")],
    ),
    (
        "activated-over-eligible",
        ["", "Thanh Hà", "31/05/2023", "", "4000", "", "4001"],
        [(3, "Đã kích hoạt", "Dòng 3, cột «Đã kích hoạt»: số đã kích hoạt (4.001) lớn hơn số "
          "công dân đủ điều kiện (4.000).")],
    ),
    (
        "no-numbers",
        ["", "Thanh Hà", "31/05/2023", "", "", "", ""],
        [(3, "", "Dòng 3: không có số liệu nào (dân số, công dân đủ điều kiện, chỉ tiêu, đã "
          "kích hoạt).")],
    ),
    (
        "same-commune-same-date",
        ["13291", "", "2023-05-31", "20605", "15900", "", ""],
        [(3, "", "Dòng 3: trùng xã và ngày số liệu với dòng 2 — mỗi xã chỉ một dòng cho mỗi "
          "ngày.")],
    ),
    (
        "as-of-missing",
        ["", "Thanh Hà", "", "5000", "", "", ""],
        [(3, "Tính đến ngày", "Dòng 3, cột «Tính đến ngày»: để trống — cần ngày theo dạng "
          "dd/mm/yyyy, ví dụ 14/03/2023.")],
    ),
    (
        "negative-quota",
        ["", "Thanh Hà", "31/05/2023", "", "", "-1", ""],
        [(3, "Chỉ tiêu", "Dòng 3, cột «Chỉ tiêu»: số âm («-1») — số lượng không được âm.")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("bad", "expected"), [c[1:] for c in TARGET_CASES], ids=[c[0] for c in TARGET_CASES]
)
def test_bad_target_rows(
    communes: pd.DataFrame, bad: list[str], expected: list[tuple[int, str, str]]
) -> None:
    raw = csv_bytes([T_HEADER, T_GOOD_A, bad, T_GOOD_B])
    result = read_targets(raw, "chi-tieu.csv", communes, today=TODAY)
    assert result.file_errors == []
    assert problems(result) == expected
    assert result.accepted["source_row"].tolist() == [2, 4]


def test_targets_accepted_values(communes: pd.DataFrame) -> None:
    raw = csv_bytes([T_HEADER, T_GOOD_A, T_GOOD_B])
    result = read_targets(raw, "chi-tieu.csv", communes, today=TODAY)
    acc = result.accepted
    assert list(acc.columns) == [*TARGET_COLUMNS, "source_row"]
    assert acc["code"].tolist() == ["13291", "13540"]
    assert acc["as_of"].tolist() == [pd.Timestamp("2023-05-31")] * 2
    assert str(acc["as_of"].dtype) == "datetime64[ns]"
    assert acc["population"].tolist() == [20605, 8150]
    assert acc["eligible"].tolist() == [15800, 6100]
    assert acc["quota"].tolist() == [12000, 5000]
    assert acc["activated_baseline"].tolist() == [10150, pd.NA]
    assert str(acc["activated_baseline"].dtype) == "Int64"


def test_targets_file_without_numbers_column(communes: pd.DataFrame) -> None:
    raw = csv_bytes([["Xã/phường", "Ngày"], ["An Nội", "31/05/2023"]])
    result = read_targets(raw, "a.csv", communes, today=TODAY)
    assert result.file_errors == [
        "Không có cột số liệu nào: cần ít nhất một trong «Dân số», «Công dân đủ điều kiện», "
        "«Chỉ tiêu», «Đã kích hoạt»"
    ]


# ---------------------------------------------------------------------------------- templates
@pytest.mark.parametrize(("kind", "reader"), [("visits", read_visits), ("targets", read_targets)])
def test_template_round_trip(
    communes: pd.DataFrame, kind: str, reader: Callable[..., IngestResult]
) -> None:
    raw = template_xlsx(kind)
    result = reader(raw, f"mau-{kind}.xlsx", communes, today=TODAY)
    _ok(result, [2], ["13291"])
    book = openpyxl.load_workbook(io.BytesIO(raw))
    assert book.sheetnames == [{"visits": "Lượt làm việc", "targets": "Chỉ tiêu"}[kind],
                               "Hướng dẫn"]  # fmt: skip
    header = [c.value for c in book.worksheets[0][1]]
    if kind == "visits":
        assert header[:6] == ["Ngày", "Tổ lưu động", "Mã xã", "Xã/phường", "Huyện",
                              "Loại địa điểm"]  # fmt: skip
        row = result.accepted.iloc[0]
        assert (row["team"], row["place_type"], row["start"], row["end"]) == (
            "Tổ 1", "household", "18:00", "21:30",
        )  # fmt: skip
        assert (row["registered"], row["activated"]) == (18, 15)
    else:
        assert header == ["Mã xã", "Xã/phường", "Huyện", "Tính đến ngày", "Dân số",
                          "Công dân đủ điều kiện", "Chỉ tiêu", "Đã kích hoạt"]  # fmt: skip
        assert result.accepted.iloc[0]["eligible"] == 15800


def test_template_example_follows_the_registry(communes: pd.DataFrame) -> None:
    registry = communes.iloc[[6, 0]].reset_index(drop=True)  # Vĩnh Trụ first
    raw = template_xlsx("visits", registry)
    result = read_visits(raw, "mau.xlsx", communes, today=TODAY)
    _ok(result, [2], ["90005"])
    assert result.accepted.iloc[0][["lat", "lon"]].tolist() == [20.558, 106.027]


def test_template_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="teams"):
        template_xlsx("teams")


def test_note_limit_is_exactly_the_maximum(communes: pd.DataFrame) -> None:
    rows = with_bad({"Ghi chú": "y" * MAX_NOTE_CHARS})
    result = read_visits(csv_bytes(rows), "a.csv", communes, today=TODAY)
    _ok(result, [2, 3, 4], ["13291", "90001", "13540"])


def test_decomposed_utf8_is_normalised_to_nfc(communes: pd.DataFrame) -> None:
    rows = [HEADER, [*GOOD_A[:2], "Đồng Hóa", *GOOD_A[3:5], "Nhà văn hoá thôn Đồng", *GOOD_A[6:]]]
    raw = unicodedata.normalize("NFD", csv_text(rows)).encode("utf-8")  # as macOS may write it
    result = read_visits(raw, "a.csv", communes, today=TODAY)
    _ok(result, [2], ["90006"])
    assert result.accepted["place_name"].iloc[0] == "Nhà văn hoá thôn Đồng"
    assert unicodedata.is_normalized("NFC", result.accepted["place_name"].iloc[0])


def test_xlsx_native_cell_types(communes: pd.DataFrame) -> None:
    header = ["Mã xã", "Ngày", "Tổ", "Loại địa điểm", "Giờ bắt đầu", "Giờ kết thúc", "Đăng ký"]
    rows: list[list[object]] = [
        header,
        [13291, 45000, 1, "Hộ gia đình", 0.7708333333333334, time(21, 30), 4.0],
        ["13540", date(2023, 3, 16), "Tổ 2", "cơ quan", "08:00", "10:00", 2],
        [13540, "2023-03-17 00:00:00", "Tổ 2", "Doanh nghiệp", "8:00 am", "", None],
    ]
    result = read_visits(xlsx_bytes({"Sheet": rows}), "a.xlsx", communes, today=TODAY)
    _ok(result, [2, 3, 4], ["13291", "13540", "13540"])
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
