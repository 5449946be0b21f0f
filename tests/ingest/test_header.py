"""geo.ingest.header: the header row found and its columns mapped (aliases, ignored, missing)."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.ingest import read_targets, read_visits
from tests.ingest.helpers import (
    GOOD_A,
    GOOD_B,
    HEADER,
    TODAY,
    assert_file_error,
    csv_bytes,
    ok,
    xlsx_bytes,
)

EXTRA_ROWS = [[*HEADER, "Người nhập", ""], [*GOOD_A, "Lan", ""], [*GOOD_B, "Hùng", "x"]]


@pytest.mark.parametrize(
    ("raw", "name"),
    [(csv_bytes(EXTRA_ROWS), "a.csv"), (xlsx_bytes({"S": EXTRA_ROWS}), "a.xlsx")],
    ids=["csv", "xlsx"],
)
def test_extra_columns_are_ignored_with_a_note(
    communes: pd.DataFrame, raw: bytes, name: str
) -> None:
    result = read_visits(raw, name, communes, today=TODAY)
    ok(result, [2, 3], ["13291", "13540"])
    assert result.notes == [
        "Đã bỏ qua cột không dùng đến: «Người nhập».",
        "Đã bỏ qua cột không có tiêu đề: R.",
    ]


ENGLISH = ["date", "team", "commune", "district", "place type", "start time", "end",
           "accounts registered", "accounts activated", "latitude", "longitude",
           "note"]  # fmt: skip
UNACCENTED = ["Ngay", "To luu dong", "Xa/phuong", "Huyen", "Loai dia diem", "Gio bat dau",
              "Gio ket thuc", "So tai khoan dang ky", "So tai khoan kich hoat", "Vi do",
              "Kinh do", "Ghi chu"]  # fmt: skip
TITLED_DATA = [
    ["2023-03-14", "team 4", "phuong le hong phong", "TP Phu Ly", "household", "6:30 PM",
     "9 PM", "1.234", "1,200", "20.54", "105.91", "ok"],
    ["", "", "", "", "", "", "", "", "", "", "", ""],
    ["45000", "04", "Thanh Son", "Kim Bang", "Truong hoc", "16h", "19h30", "3", "3", "", "",
     ""],
]  # fmt: skip


@pytest.mark.parametrize("head", [ENGLISH, UNACCENTED], ids=["english", "unaccented"])
def test_english_and_unaccented_headers_title_row_and_blank_rows(
    communes: pd.DataFrame, head: list[str]
) -> None:
    rows = [["DANH SÁCH LƯỢT LÀM VIỆC"], [], head, *TITLED_DATA]
    result = read_visits(csv_bytes(rows), "a.csv", communes, today=TODAY)
    ok(result, [4, 6], ["13291", "90003"])
    acc = result.accepted
    assert acc["date"].tolist() == [pd.Timestamp("2023-03-14"), pd.Timestamp("2023-03-15")]
    assert acc["team"].tolist() == ["Tổ 4", "Tổ 4"]
    assert acc["start"].tolist() == ["18:30", "16:00"]
    assert acc["end"].tolist() == ["21:00", "19:30"]
    assert acc["registered"].tolist() == [1234, 3]
    assert acc["activated"].tolist() == [1200, 3]
    assert acc["place_type"].tolist() == ["household", "school"]


def test_targets_file_without_numbers_column(communes: pd.DataFrame) -> None:
    raw = csv_bytes([["Xã/phường", "Ngày"], ["An Nội", "31/05/2023"]])
    result = read_targets(raw, "a.csv", communes, today=TODAY)
    assert result.file_errors == [
        "Không có cột số liệu nào: cần ít nhất một trong «Dân số», «Công dân đủ điều kiện», "
        "«Chỉ tiêu», «Đã kích hoạt»"
    ]


# (id, raw bytes, file name, the only file error expected)
FILE_CASES: list[tuple[str, bytes, str, str]] = [
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
]


@pytest.mark.parametrize(
    ("raw", "file_name", "message"), [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES]
)
def test_file_level_errors(
    communes: pd.DataFrame, raw: bytes, file_name: str, message: str
) -> None:
    assert_file_error(communes, raw, file_name, message)
