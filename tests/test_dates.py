"""geo.dates: dates and periods as people type them, read back, with reasons in both languages."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from geo.dates import DateError, format_date_range, parse_date, parse_date_range
from geo.fmt import format_date
from geo.i18n import language

LANGS = ("vi", "en")

# --- parse_date ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["14/03/2023", "14/3/2023", "14/3/23", " 14/03/2023 ", "14.03.2023", "14-03-2023",
     "14032023", "2023-03-14", "2023-3-14"],
)  # fmt: skip
def test_the_ways_people_type_a_date(typed):
    assert parse_date(typed) == dt.date(2023, 3, 14)


@given(hs.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_a_shown_date_reads_back_as_itself(day):
    assert parse_date(format_date(day)) == day


@given(
    hs.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
    hs.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
)
def test_a_shown_period_reads_back_as_itself(a, b):
    start, end = min(a, b), max(a, b)
    assert parse_date_range(format_date_range(start, end)) == (start, end)
    assert parse_date_range(f"{format_date(end)} – {format_date(start)}") == (start, end)


@pytest.mark.parametrize(
    ("lang", "typed", "reason"),
    [
        ("vi", "", "Hãy nhập một ngày dạng ngày/tháng/năm, ví dụ 14/03/2023."),
        ("en", "  ", "Enter a date as day/month/year, e.g. 14/03/2023."),
        (
            "vi",
            "14 tháng 3",
            "«14 tháng 3» không phải là ngày: hãy nhập dạng ngày/tháng/năm, ví dụ 14/03/2023.",
        ),
        ("en", "March 14",
         "«March 14» is not a date: enter it as day/month/year, e.g. 14/03/2023."),
        ("vi", "14/13/2023", "«14/13/2023» không có trên lịch: ngày hoặc tháng không đúng."),
        ("en", "29/02/2023", "«29/02/2023» is not on the calendar: the day or the month is wrong."),
        ("en", "14/03/2023/1", "«14/03/2023/1» is not a date: enter it as day/month/year, "
         "e.g. 14/03/2023."),
    ],
)  # fmt: skip
def test_a_bad_date_says_why_in_the_language_in_use(lang, typed, reason):
    with language(lang), pytest.raises(DateError) as caught:
        parse_date(typed)
    assert str(caught.value) == reason


def test_a_leap_day_is_a_date():
    assert parse_date("29/02/2024") == dt.date(2024, 2, 29)


LOW, HIGH = dt.date(2022, 1, 1), dt.date(2023, 5, 31)


@pytest.mark.parametrize(
    ("lang", "typed", "bounds", "reason"),
    [
        ("vi", "31/12/2021", (LOW, HIGH),
         "Ngày 31/12/2021 nằm ngoài khoảng cho phép: từ 01/01/2022 đến 31/05/2023."),
        ("en", "01/06/2023", (LOW, HIGH),
         "01/06/2023 is outside the allowed range: 01/01/2022 to 31/05/2023."),
        ("vi", "31/12/2021", (LOW, None), "Ngày 31/12/2021 quá sớm: sớm nhất là 01/01/2022."),
        ("en", "31/12/2021", (LOW, None), "31/12/2021 is too early: the earliest is 01/01/2022."),
        ("vi", "01/06/2023", (None, HIGH), "Ngày 01/06/2023 quá muộn: muộn nhất là 31/05/2023."),
        ("en", "01/06/2023", (None, HIGH), "01/06/2023 is too late: the latest is 31/05/2023."),
    ],
)  # fmt: skip
def test_a_date_out_of_bounds_names_the_bounds(lang, typed, bounds, reason):
    with language(lang), pytest.raises(DateError) as caught:
        parse_date(typed, min_value=bounds[0], max_value=bounds[1])
    assert str(caught.value) == reason


def test_the_bounds_themselves_are_allowed():
    assert parse_date("01/01/2022", min_value=LOW, max_value=HIGH) == LOW
    assert parse_date("31/05/2023", min_value=LOW, max_value=HIGH) == HIGH


# --- parse_date_range ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["13/02/2023 – 31/05/2023", "13/02/2023-31/05/2023", "13/2/23 - 31/5/23",
     "13/02/2023 — 31/05/2023", "13/02/2023 đến 31/05/2023", "13/02/2023 to 31/05/2023",
     "13/02/2023 31/05/2023", "13022023 31052023", "2023-02-13 - 2023-05-31",
     "13-02-2023-31-05-2023", "31/05/2023 – 13/02/2023", "13.02.2023..31.05.2023"],
)  # fmt: skip
def test_the_ways_people_type_a_period(typed):
    assert parse_date_range(typed) == (dt.date(2023, 2, 13), dt.date(2023, 5, 31))


def test_one_day_is_a_period_of_one_day():
    assert parse_date_range("14/03/2023") == (dt.date(2023, 3, 14), dt.date(2023, 3, 14))
    assert format_date_range(dt.date(2023, 3, 14), dt.date(2023, 3, 14)) == "14/03/2023"


@pytest.mark.parametrize(
    ("lang", "typed", "reason"),
    [
        ("vi", "", "Hãy nhập hai ngày dạng 13/02/2023 – 14/03/2023."),
        ("en", "", "Enter two days as 13/02/2023 – 14/03/2023."),
        ("vi", "quý 1", "«quý 1» không phải là một khoảng ngày: hãy nhập hai ngày dạng "
         "13/02/2023 – 14/03/2023."),
        ("en", "13/02/2023 or 31/05/2023", "«13/02/2023 or 31/05/2023» is not a period: enter "
         "two days as 13/02/2023 – 14/03/2023."),
        ("en", "13/02/2023 – 31/02/2023",
         "«13/02/2023 – 31/02/2023» is not on the calendar: the day or the month is wrong."),
        ("vi", "01/12/2021 – 31/05/2023",
         "Ngày 01/12/2021 nằm ngoài khoảng cho phép: từ 01/01/2022 đến 31/05/2023."),
        ("en", "13/02/2023 – 01/06/2023",
         "01/06/2023 is outside the allowed range: 01/01/2022 to 31/05/2023."),
    ],
)  # fmt: skip
def test_a_bad_period_says_why(lang, typed, reason):
    with language(lang), pytest.raises(DateError) as caught:
        parse_date_range(typed, min_value=LOW, max_value=HIGH)
    assert str(caught.value) == reason
