"""geo.ingest.errors: the rejection table (one reason per row and column, in column order)."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.ingest import read_visits
from tests.ingest.helpers import TODAY, assert_row_3_rejected, csv_bytes, with_bad

# (id, change to the middle row, [(column, reason)] expected for row 3)
ROW_CASES: list[tuple[str, dict[str, str], list[tuple[str, str]]]] = [
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
    assert_row_3_rejected(communes, change, expected)


def test_rejected_value_column_is_shortened(communes: pd.DataFrame) -> None:
    result = read_visits(
        csv_bytes(with_bad({"Ghi chú": "x" * 5000})), "a.csv", communes, today=TODAY
    )
    value = result.rejected["value"].iloc[0]
    assert value == "x" * 79 + "…"
    assert result.rejected["field"].tolist() == ["note"]
