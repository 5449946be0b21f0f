"""geo.ingest.errors: the rejection table (one reason per row and column, in column order)."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.i18n import language
from geo.ingest import read_visits
from geo.ingest.errors import rejections
from geo.ingest.spec import spec_for
from tests.ingest.helpers import TODAY, assert_row_3_rejected, csv_bytes, with_bad

# (id, change to the middle row, [(column, reason)] expected for row 3)
ROW_CASES: list[tuple[str, dict[str, str], list[tuple[str, str]]]] = [
    (
        "several-problems-one-row",
        {"Ngày": "2019-05-01", "Số tài khoản kích hoạt": "abc", "Loại địa điểm": "?"},
        [
            ("Ngày", "Dòng 3, cột «Ngày»: ngày 01/05/2019 trước 01/01/2020 — kiểm tra lại năm."),
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


def test_several_problems_of_one_row_in_english(communes: pd.DataFrame) -> None:
    with language("en"):
        assert_row_3_rejected(
            communes,
            ROW_CASES[0][1],
            [
                ("Ngày", "Row 3, column «Ngày»: date 01/05/2019 is before 01/01/2020 — check the "
                 "year."),
                ("Loại địa điểm", "Row 3, column «Loại địa điểm»: unknown place type «?» — choose "
                 "one of: household, agency, business, school, other."),
                ("Số tài khoản kích hoạt", "Row 3, column «Số tài khoản kích hoạt»: «abc» is not "
                 "a number — write a non-negative whole number, e.g. 12."),
            ],
        )  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "reasons"),
    [
        ("vi", ["Dòng 4: chi tiết b?", "Dòng 4, cột «Tổ lưu động»: chi tiết a."]),
        ("en", ["Row 4: chi tiết b?", "Row 4, column «Mobile team»: chi tiết a."]),
    ],
)
def test_rejections_name_an_absent_column_by_the_template_header_of_the_language(
    lang: str, reasons: list[str]
) -> None:
    problems = pd.DataFrame(
        {
            "source_row": [4, 4],
            "field": ["team", ""],
            "value": ["", ""],
            "detail": ["chi tiết a", "chi tiết b?"],  # built in the language when found
        }
    )
    with language(lang):
        table = rejections(problems, {}, spec_for("visits"))
    assert table["reason"].tolist() == reasons
    assert table["column"].tolist() == ["", reasons[1].split("«")[1].split("»")[0]]
