"""geo.ingest.resolve: communes matched by name, code and district, or refused with a reason."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.i18n import language
from geo.ingest import read_visits
from tests.ingest.helpers import TODAY, assert_row_3_rejected, csv_bytes, problems

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
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "expected"), [c[1:] for c in ROW_CASES], ids=[c[0] for c in ROW_CASES]
)
def test_bad_row_is_rejected_and_good_rows_kept(
    communes: pd.DataFrame, change: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    assert_row_3_rejected(communes, change, expected)


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


EN_ROW_CASES: list[tuple[str, dict[str, str], list[tuple[str, str]]]] = [
    (
        "unknown-commune",
        {"Xã/phường": "Hoàn Kiếm"},
        [("Xã/phường", "Row 3, column «Xã/phường»: unknown commune «Hoàn Kiếm» — write the full "
          "name or the commune code.")],
    ),
    (
        "close-communes",
        {"Xã/phường": "Thanh Haa"},
        [("Xã/phường", "Row 3, column «Xã/phường»: unknown commune «Thanh Haa». Closest: Thanh "
          "Hà (Thanh Liêm), Thanh Hải (Thanh Liêm) — write the full name or the commune "
          "code.")],
    ),
    (
        "same-name-two-districts",
        {"Xã/phường": "Thanh Sơn"},
        [("Xã/phường", "Row 3, column «Xã/phường»: «Thanh Sơn» names several communes: Thanh "
          "Sơn (Kim Bảng) – code 90003, Thanh Sơn (Thanh Liêm) – code 90004 — add a «District» "
          "column or give the commune code.")],
    ),
    (
        "unknown-district",
        {"Huyện": "Hà Đông"},
        [("Huyện", "Row 3, column «Huyện»: there is no district «Hà Đông» in the list. "
          "Districts: Bình Lục, Kim Bảng, Lý Nhân, Phủ Lý, Thanh Liêm.")],
    ),
    (
        "commune-blank",
        {"Xã/phường": ""},
        [("Xã/phường", "Row 3, column «Xã/phường»: blank — a commune name or code is "
          "required.")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "expected"), [c[1:] for c in EN_ROW_CASES], ids=[c[0] for c in EN_ROW_CASES]
)
def test_bad_row_is_rejected_with_an_english_reason(
    communes: pd.DataFrame, change: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    with language("en"):
        assert_row_3_rejected(communes, change, expected)


def test_unknown_code_and_conflicting_name_in_english(communes: pd.DataFrame) -> None:
    rows = [
        ["Commune code", "Commune/ward", "Date", "Mobile team", "Place type"],
        ["99999", "", "14/03/2023", "Tổ 1", "other"],
        ["13291", "An Nội", "14/03/2023", "Tổ 1", "other"],
    ]
    with language("en"):
        result = read_visits(csv_bytes(rows), "a.csv", communes, today=TODAY)
    assert problems(result) == [
        (2, "Commune code", "Row 2, column «Commune code»: unknown commune code «99999» — "
         "commune codes have 5 digits (e.g. 13291)."),
        (3, "Commune/ward", "Row 3, column «Commune/ward»: «An Nội» is An Nội (Bình Lục), which "
         "does not match code 13291 (Lê Hồng Phong (Phủ Lý)) — check the name or the commune "
         "code."),
    ]  # fmt: skip
