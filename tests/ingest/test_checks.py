"""geo.ingest.checks: formulas, extra cells, contradicting counts or times, repeated rows."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.i18n import language
from geo.ingest import read_visits
from tests.ingest.helpers import (
    COL,
    GOOD_A,
    GOOD_B,
    HEADER,
    MIDDLE,
    TODAY,
    assert_row_3_rejected,
    assert_target_row_3_rejected,
    csv_text,
    problems,
    xlsx_bytes,
)

# (id, change to the middle row, [(column, reason)] expected for row 3)
ROW_CASES: list[tuple[str, dict[str, str], list[tuple[str, str]]]] = [
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
        "duplicate-of-row-2",
        dict(zip(HEADER, GOOD_A, strict=True)),
        [("", "Dòng 3: trùng với dòng 2 (cùng ngày, tổ, xã, địa điểm, giờ và số liệu) — nếu là "
          "hai lượt khác nhau, ghi rõ tên địa điểm của từng lượt.")],
    ),
    (
        "same-visit-another-note",
        {**dict(zip(HEADER, GOOD_A, strict=True)), "Ghi chú": "ghi lại", "Vĩ độ": "",
         "Kinh độ": ""},
        [("", "Dòng 3: trùng với dòng 2 (cùng ngày, tổ, xã, địa điểm, giờ và số liệu) — nếu là "
          "hai lượt khác nhau, ghi rõ tên địa điểm của từng lượt.")],
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
]  # fmt: skip


@pytest.mark.parametrize(
    ("bad", "expected"), [c[1:] for c in TARGET_CASES], ids=[c[0] for c in TARGET_CASES]
)
def test_bad_target_rows(
    communes: pd.DataFrame, bad: list[str], expected: list[tuple[int, str, str]]
) -> None:
    assert_target_row_3_rejected(communes, bad, expected)


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


# The same checks in English: numbers in English format, the file's own headers kept.
EN_ROW_CASES: list[tuple[str, dict[str, str], list[tuple[str, str]]]] = [
    (
        "activated-over-registered",
        ROW_CASES[0][1],
        [("Số tài khoản kích hoạt", "Row 3, column «Số tài khoản kích hoạt»: activated (1,500) "
          "is more than registered (12) — accounts activated may not exceed accounts "
          "registered.")],
    ),
    (
        "end-before-start",
        ROW_CASES[1][1],
        [("Giờ kết thúc", "Row 3, column «Giờ kết thúc»: end time 18:00 is not after start time "
          "21:30 — check the times (24-hour clock, e.g. 21:30).")],
    ),
    (
        "duplicate-of-row-2",
        ROW_CASES[3][1],
        [("", "Row 3: repeats row 2 (same date, team, commune, place, times and figures) — if "
          "these are two different visits, write each visit's place name.")],
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


EN_TARGET_CASES: list[tuple[str, list[str], list[tuple[int, str, str]]]] = [
    (
        "eligible-over-population",
        TARGET_CASES[0][1],
        [(3, "Công dân đủ điều kiện", "Row 3, column «Công dân đủ điều kiện»: eligible citizens "
          "(6,000) are more than the population (5,000).")],
    ),
    (
        "no-numbers",
        TARGET_CASES[2][1],
        [(3, "", "Row 3: no figures at all (population, eligible citizens, quota, activated).")],
    ),
    (
        "same-commune-same-date",
        TARGET_CASES[3][1],
        [(3, "", "Row 3: same commune and as-of date as row 2 — one row per commune and "
          "date.")],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("bad", "expected"), [c[1:] for c in EN_TARGET_CASES], ids=[c[0] for c in EN_TARGET_CASES]
)
def test_bad_target_rows_in_english(
    communes: pd.DataFrame, bad: list[str], expected: list[tuple[int, str, str]]
) -> None:
    with language("en"):
        assert_target_row_3_rejected(communes, bad, expected)
