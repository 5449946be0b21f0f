"""geo.ingest.fields: date range, text length and coordinate limits on parsed values."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.ingest import MAX_NOTE_CHARS, read_visits
from tests.ingest.helpers import (
    TODAY,
    assert_row_3_rejected,
    assert_target_row_3_rejected,
    csv_bytes,
    ok,
    with_bad,
)

# (id, change to the middle row, [(column, reason)] expected for row 3)
ROW_CASES: list[tuple[str, dict[str, str], list[tuple[str, str]]]] = [
    (
        "date-before-2020",
        {"Ngày": "31/12/2019"},
        [("Ngày", "Dòng 3, cột «Ngày»: ngày 31/12/2019 trước 01/01/2020 — kiểm tra lại năm.")],
    ),
    (
        "date-in-future",
        {"Ngày": "2024-07-01"},
        [("Ngày", "Dòng 3, cột «Ngày»: ngày 01/07/2024 sau hôm nay (30/06/2024) — chỉ nhập kết "
          "quả đã có.")],
    ),
    (
        "date-blank",
        {"Ngày": ""},
        [("Ngày", "Dòng 3, cột «Ngày»: để trống — cần ngày theo dạng dd/mm/yyyy, ví dụ "
          "14/03/2023.")],
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
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "expected"), [c[1:] for c in ROW_CASES], ids=[c[0] for c in ROW_CASES]
)
def test_bad_row_is_rejected_and_good_rows_kept(
    communes: pd.DataFrame, change: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    assert_row_3_rejected(communes, change, expected)


# (id, row 3 of a targets file, problems expected)
TARGET_CASES: list[tuple[str, list[str], list[tuple[int, str, str]]]] = [
    (
        "as-of-missing",
        ["", "Thanh Hà", "", "5000", "", "", ""],
        [(3, "Tính đến ngày", "Dòng 3, cột «Tính đến ngày»: để trống — cần ngày theo dạng "
          "dd/mm/yyyy, ví dụ 14/03/2023.")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("bad", "expected"), [c[1:] for c in TARGET_CASES], ids=[c[0] for c in TARGET_CASES]
)
def test_bad_target_rows(
    communes: pd.DataFrame, bad: list[str], expected: list[tuple[int, str, str]]
) -> None:
    assert_target_row_3_rejected(communes, bad, expected)


def test_note_limit_is_exactly_the_maximum(communes: pd.DataFrame) -> None:
    rows = with_bad({"Ghi chú": "y" * MAX_NOTE_CHARS})
    result = read_visits(csv_bytes(rows), "a.csv", communes, today=TODAY)
    ok(result, [2, 3, 4], ["13291", "90001", "13540"])
