"""Sample rows and file builders shared by the ingest tests (bytes as a user's tool writes them)."""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date

import openpyxl
import pandas as pd

from geo.ingest import VISIT_COLUMNS, IngestResult, read_targets, read_visits

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


def ok(result: IngestResult, rows: list[int], codes: list[str]) -> None:
    """No problem at all; the accepted rows and their commune codes."""
    assert result.file_errors == []
    assert problems(result) == []
    assert result.accepted["source_row"].tolist() == rows
    assert result.accepted["code"].tolist() == codes


def assert_row_3_rejected(
    communes: pd.DataFrame, change: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    """The middle row of :func:`with_bad` is rejected with ``expected``; rows 2 and 4 are kept."""
    result = read_visits(csv_bytes(with_bad(change)), "lượt.csv", communes, today=TODAY)
    assert result.file_errors == []
    assert problems(result) == [(3, column, reason) for column, reason in expected]
    assert result.accepted["source_row"].tolist() == [2, 4]
    assert result.accepted["code"].tolist() == ["13291", "13540"]
    assert (result.rows_ok, result.rows_rejected) == (2, 1)


def assert_file_error(communes: pd.DataFrame, raw: bytes, file_name: str, message: str) -> None:
    """The whole visit file is refused with ``message`` and nothing else."""
    result = read_visits(raw, file_name, communes, today=TODAY)
    assert result.file_errors == [message]
    assert result.accepted.empty and list(result.accepted.columns) == [*VISIT_COLUMNS, "source_row"]
    assert result.rejected.empty
    assert (result.rows_ok, result.rows_rejected) == (0, 0)


# ------------------------------------------------------------------------------------ targets
T_HEADER = ["Mã xã", "Xã/phường", "Tính đến ngày", "Dân số", "Công dân đủ điều kiện", "Chỉ tiêu",
            "Đã kích hoạt"]  # fmt: skip
T_GOOD_A = ["13291", "Lê Hồng Phong", "31/05/2023", "20.605", "15.800", "12.000", "10.150"]
T_GOOD_B = ["", "X. An Nội", "31/05/2023", "8150", "6100", "5000", ""]


def assert_target_row_3_rejected(
    communes: pd.DataFrame, bad: list[str], expected: list[tuple[int, str, str]]
) -> None:
    """Row 3 (``bad``) of a targets file is rejected with ``expected``; rows 2 and 4 are kept."""
    raw = csv_bytes([T_HEADER, T_GOOD_A, bad, T_GOOD_B])
    result = read_targets(raw, "chi-tieu.csv", communes, today=TODAY)
    assert result.file_errors == []
    assert problems(result) == expected
    assert result.accepted["source_row"].tolist() == [2, 4]
