"""geo.ingest.parse: counts, times, dates, teams, place types and decimals that do not parse."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.i18n import language
from geo.ingest.parse import _float, parse_counts, parse_floats, parse_place_type
from tests.ingest.helpers import assert_row_3_rejected, assert_target_row_3_rejected

# (id, change to the middle row, [(column, reason)] expected for row 3)
ROW_CASES: list[tuple[str, dict[str, str], list[tuple[str, str]]]] = [
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
        "latitude-not-a-number",
        {"Vĩ độ": "20°32'N", "Kinh độ": "105.9"},
        [("Vĩ độ", "Dòng 3, cột «Vĩ độ»: «20°32'N» không phải là số — ghi số thập phân, "
          "ví dụ 20,5412.")],
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
    assert_target_row_3_rejected(communes, bad, expected)


# The same parsers in English: the value as written, what is expected in English.
EN_ROW_CASES: list[tuple[str, dict[str, str], list[tuple[str, str]]]] = [
    (
        "non-numeric-count",
        {"Số hộ đã đến": "mười"},
        [("Số hộ đã đến", "Row 3, column «Số hộ đã đến»: «mười» is not a number — write a "
          "non-negative whole number, e.g. 12.")],
    ),
    (
        "negative-count",
        {"Số tài khoản đăng ký": "-5"},
        [("Số tài khoản đăng ký", "Row 3, column «Số tài khoản đăng ký»: negative number "
          "(«-5») — counts may not be negative.")],
    ),
    (
        "date-unreadable",
        {"Ngày": "16 tháng 3"},
        [("Ngày", "Row 3, column «Ngày»: cannot read the date «16 tháng 3» — write it as "
          "dd/mm/yyyy, e.g. 14/03/2023.")],
    ),
    (
        "date-month-first",
        {"Ngày": "03/16/2023"},
        [("Ngày", "Row 3, column «Ngày»: the date «03/16/2023» does not exist — write it as "
          "dd/mm/yyyy (day/month/year), e.g. 14/03/2023.")],
    ),
    (
        "date-in-the-future",
        {"Ngày": "01/07/2024"},
        [("Ngày", "Row 3, column «Ngày»: date 01/07/2024 is after today (30/06/2024) — import "
          "only results already achieved.")],
    ),
    (
        "place-type-unknown",
        {"Loại địa điểm": "chợ"},
        [("Loại địa điểm", "Row 3, column «Loại địa điểm»: unknown place type «chợ» — choose "
          "one of: household, agency, business, school, other.")],
    ),
    (
        "latitude-not-a-number",
        {"Vĩ độ": "20°32'N", "Kinh độ": "105.9"},
        [("Vĩ độ", "Row 3, column «Vĩ độ»: «20°32'N» is not a number — write a decimal number, "
          "e.g. 20.5412.")],
    ),
    (
        "latitude-outside",
        {"Vĩ độ": "21.5", "Kinh độ": "105.9"},
        [("Vĩ độ", "Row 3, column «Vĩ độ»: latitude 21.5 is outside Hà Nam province "
          "(20.3–20.75).")],
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


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    ("text", "key"),
    [("household", "household"), ("Agency", "agency"), ("BUSINESS", "business"),
     ("school", "school"), ("other", "other"), ("hộ gia đình", "household"),
     ("Truong hoc", "school"), ("khác", "other")],
)  # fmt: skip
def test_place_types_are_read_in_both_languages_whatever_the_language(
    lang: str, text: str, key: str
) -> None:
    with language(lang):
        assert parse_place_type(text) == (key, None)


@pytest.mark.parametrize(
    ("lang", "detail"),
    [
        ("vi", "«x» không phải là số — ghi số nguyên không âm, ví dụ 12"),
        ("en", "«x» is not a number — write a non-negative whole number, e.g. 12"),
    ],
)
def test_count_detail_follows_the_language(lang: str, detail: str) -> None:
    with language(lang):
        values, details = parse_counts(pd.Series(["x", "12", "20000000"]))
    assert values.tolist()[:2] == [pd.NA, 12]
    limit = {"vi": "10.000.000", "en": "10,000,000"}[lang]
    too_big = {"vi": "số quá lớn — tối đa ", "en": "number too large — at most "}[lang]
    assert details.tolist() == [detail, None, too_big + limit]


# ------------------------------------------------------------------------------ parse_floats
@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["20.54", "-1", "", "+5", "00012"], [20.54, -1.0, None, 5.0, 12.0]),
        (["20,54", "105.9"], [20.54, 105.9]),  # a decimal comma: the text-by-text path
        ([".5", "5.", "1.2.3", "+-1", "1-2", "-", "1e5", "inf"], [None] * 8),
        (["1 000.5", "20.5"], [1000.5, 20.5]),  # white space removed
    ],
)
def test_parse_floats_reads_plain_decimals_only(texts: list[str], expected: list) -> None:
    values, details = parse_floats(pd.Series(texts, dtype=object))
    assert [None if pd.isna(v) else v for v in values] == expected
    assert [d is not None for d in details] == [
        t != "" and e is None for t, e in zip(texts, expected, strict=True)
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet="0123456789.+-", max_size=12),
            st.floats(allow_nan=False, allow_infinity=False).map(repr),
            st.text(alphabet="0123456789., e", max_size=8),
        ),
        max_size=30,
    )
)
def test_parse_floats_column_reads_each_text_as_the_scalar_rule(texts: list[str]) -> None:
    """A column of plain decimals is read by pandas at once: the same numbers, bit for bit."""
    values, _details = parse_floats(pd.Series(texts, dtype=object))
    one_by_one = np.array([_float(t) for t in texts], dtype="float64")
    np.testing.assert_array_equal(values.to_numpy(dtype="float64"), one_by_one)
