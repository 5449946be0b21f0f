"""geo.ingest.encoding: UTF-8/UTF-16/Windows-1258/TCVN3 files decoded to NFC, or refused."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

from geo.ingest import decode_text, read_visits
from tests.ingest.helpers import (
    GOOD_A,
    GOOD_B,
    HEADER,
    MIDDLE,
    TODAY,
    assert_file_error,
    cp1258,
    csv_bytes,
    csv_text,
    ok,
)


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
    ok(result, [2, 3, 4], ["13291", "90006", "13540"])
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
    ok(result, [2, 3], ["13291", "90002"])
    assert result.encoding == "tcvn3"
    assert result.notes == ["Tệp dùng bảng mã TCVN3 (ABC); đã chuyển sang Unicode."]
    assert result.accepted["note"].tolist() == ["Đã đến", None]
    assert result.accepted["place_type"].tolist() == ["household", "school"]


def test_decomposed_utf8_is_normalised_to_nfc(communes: pd.DataFrame) -> None:
    rows = [HEADER, [*GOOD_A[:2], "Đồng Hóa", *GOOD_A[3:5], "Nhà văn hoá thôn Đồng", *GOOD_A[6:]]]
    raw = unicodedata.normalize("NFD", csv_text(rows)).encode("utf-8")  # as macOS may write it
    result = read_visits(raw, "a.csv", communes, today=TODAY)
    ok(result, [2], ["90006"])
    assert result.accepted["place_name"].iloc[0] == "Nhà văn hoá thôn Đồng"
    assert unicodedata.is_normalized("NFC", result.accepted["place_name"].iloc[0])


# ----------------------------------------------------------------------------- file errors
def _tcvn3_with_unknown_byte() -> bytes:
    # "Ngày" in TCVN3 is "Ng\xb5y"; 0x80 has no letter in TCVN3 (ABC).
    text = "Ng\xb5y,T\xe6,X\xb7/ph\xad\xeang,Lo\xb9i \xae\xdea \xaei\xd3m\r\n"
    return text.encode("latin-1") + b"14/03/2023,T\xe6 1,L\xaa H\xe5ng Phong,h\xe9 \x80\r\n"


# (id, raw bytes, file name, the only file error expected)
FILE_CASES: list[tuple[str, bytes, str, str]] = [
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
]


@pytest.mark.parametrize(
    ("raw", "file_name", "message"), [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES]
)
def test_file_level_errors(
    communes: pd.DataFrame, raw: bytes, file_name: str, message: str
) -> None:
    assert_file_error(communes, raw, file_name, message)
