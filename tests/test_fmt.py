"""Tests for geo.fmt: Vietnamese number, percent, date and time formats."""

from __future__ import annotations

import datetime as dt
import doctest

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import geo.fmt as fmt
from geo.fmt import (
    format_date,
    format_datetime,
    format_int,
    format_number,
    format_percent,
    format_signed_int,
    format_signed_points,
    format_time,
    format_weekday,
    is_missing,
)

MISSING = [None, np.nan, float("nan"), pd.NA, pd.NaT, np.inf, -np.inf]


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (1923, "1.923", "1,923"),
        (852800, "852.800", "852,800"),
        (401592, "401.592", "401,592"),
        (0, "0", "0"),
        (999, "999", "999"),
        (-4512, "-4.512", "-4,512"),
        (1234567, "1.234.567", "1,234,567"),
        (np.int64(754277), "754.277", "754,277"),
        (1923.6, "1.924", "1,924"),  # rounded, not truncated
        (np.float64(2.4), "2", "2"),
    ],
)
def test_format_int(value, vi, en):
    assert format_int(value) == vi
    assert format_int(value, lang="en") == en


@pytest.mark.parametrize("value", MISSING)
def test_missing_values(value):
    assert is_missing(value)
    assert format_int(value) == ""
    assert format_number(value) == ""
    assert format_percent(value, na="chưa có số liệu") == "chưa có số liệu"
    assert format_date(value, na="—") == "—"
    assert format_time(value) == ""
    assert format_datetime(value, na="—") == "—"
    assert format_weekday(value) == ""


@pytest.mark.parametrize("value", [0, 0.0, "", "abc", False])
def test_not_missing(value):
    assert not is_missing(value)


@pytest.mark.parametrize(
    ("ratio", "kwargs", "expected"),
    [
        (0.668, {}, "66,8 %"),
        (401592 / 754277, {}, "53,2 %"),
        (1.25, {}, "125,0 %"),
        (1.25, {"decimals": 0}, "125 %"),
        (0.8, {"trim": True}, "80 %"),
        (0.125, {"decimals": 2}, "12,50 %"),
        (0.0, {}, "0,0 %"),
        (-0.0001, {}, "0,0 %"),  # no "-0,0 %"
        (12.345, {}, "1.234,5 %"),
        (0.668, {"lang": "en"}, "66.8%"),
        (12.345, {"lang": "en"}, "1,234.5%"),
    ],
)
def test_format_percent(ratio, kwargs, expected):
    assert format_percent(ratio, **kwargs) == expected


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (1923.456, {"decimals": 2}, "1.923,46"),
        (1923.456, {}, "1.923,5"),
        (3.0, {"trim": True}, "3"),
        (3.10, {"decimals": 2, "trim": True}, "3,1"),
        (1000.0, {"decimals": 0}, "1.000"),
        (-1.05, {"decimals": 2}, "-1,05"),
        (1923.456, {"lang": "en"}, "1,923.5"),
    ],
)
def test_format_number(value, kwargs, expected):
    assert format_number(value, **kwargs) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2023, 3, 14), "14/03/2023"),
        (dt.datetime(2023, 2, 13, 18, 30), "13/02/2023"),
        (pd.Timestamp("2023-05-31"), "31/05/2023"),
        (np.datetime64("2023-01-05"), "05/01/2023"),
        ("2023-07-01", "01/07/2023"),
    ],
)
def test_format_date(value, expected):
    assert format_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.time(18, 30), "18:30"),
        ("8:05", "08:05"),
        ("21:30:00", "21:30"),
        (pd.Timestamp("2023-02-13 16:00"), "16:00"),
        (dt.datetime(2023, 2, 13, 7, 5), "07:05"),
    ],
)
def test_format_time(value, expected):
    assert format_time(value) == expected


def test_doctests():
    result = doctest.testmod(fmt)
    assert result.attempted > 5 and result.failed == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2023, 3, 14, 11, 30), "14/03/2023 18:30"),  # naive UTC -> Vietnam time
        (pd.Timestamp("2023-03-14 17:05"), "15/03/2023 00:05"),  # the next day in Vietnam
        (np.datetime64("2023-01-05T01:00"), "05/01/2023 08:00"),
        ("2023-07-01 00:00", "01/07/2023 07:00"),
        (pd.Timestamp("2023-03-14 18:30", tz="Asia/Ho_Chi_Minh"), "14/03/2023 18:30"),
        (pd.Timestamp("2023-03-14 11:30", tz="UTC"), "14/03/2023 18:30"),
    ],
)
def test_format_datetime(value, expected):
    assert format_datetime(value) == expected
    assert format_datetime(value, lang="en") == expected


def test_format_weekday():
    week = pd.date_range("2023-03-13", periods=7, freq="D")  # a Monday to a Sunday
    assert [format_weekday(day) for day in week] == [
        "Thứ Hai",
        "Thứ Ba",
        "Thứ Tư",
        "Thứ Năm",
        "Thứ Sáu",
        "Thứ Bảy",
        "Chủ Nhật",
    ]
    assert format_weekday(dt.date(2023, 3, 13), lang="en") == "Monday"
    assert format_weekday("2023-03-19", lang="en") == "Sunday"
    assert format_weekday(None, na="—") == "—"


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (1234, "+1.234", "+1,234"),
        (-56, "-56", "-56"),
        (0, "0", "0"),
        (0.4, "0", "0"),
        (-0.4, "0", "0"),
        (2.6, "+3", "+3"),
    ],
)
def test_format_signed_int(value, vi, en):
    assert format_signed_int(value) == vi
    assert format_signed_int(value, lang="en") == en


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (0.147, "+14,7 điểm %", "+14.7 pp"),
        (-0.02, "-2,0 điểm %", "-2.0 pp"),
        (0, "0,0 điểm %", "0.0 pp"),
        (-0.0001, "0,0 điểm %", "0.0 pp"),
        (12.345, "+1.234,5 điểm %", "+1,234.5 pp"),
    ],
)
def test_format_signed_points(value, vi, en):
    assert format_signed_points(value) == vi
    assert format_signed_points(value, lang="en") == en


# Properties over many values (Hypothesis): the text reads back as the number it shows.

_RATIOS = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@given(st.integers())
def test_format_int_reads_back(n):
    assert int(format_int(n).replace(".", "")) == n
    assert int(format_int(n, lang="en").replace(",", "")) == n


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_format_int_groups_by_three(n):
    groups = format_int(n).lstrip("-").split(".")
    assert 1 <= len(groups[0]) <= 3
    assert all(len(group) == 3 for group in groups[1:])


@given(_RATIOS)
def test_format_percent_reads_back(x):
    text = format_percent(x)
    assert text.endswith(" %")
    shown = float(text.removesuffix(" %").replace(".", "").replace(",", "."))
    assert shown == round(100 * x, 1)
    assert not text.startswith("-") or round(100 * x, 1) < 0
    english = format_percent(x, lang="en")
    assert float(english.removesuffix("%").replace(",", "")) == shown


@given(_RATIOS, st.integers(min_value=0, max_value=4))
def test_format_number_reads_back(x, decimals):
    text = format_number(x, decimals)
    assert float(text.replace(".", "").replace(",", ".")) == round(x, decimals)
    assert not text.startswith("-") or round(x, decimals) < 0  # never "-0,0"
    places = text.partition(",")[2]
    assert len(places) == decimals


@given(_RATIOS)
def test_format_signed_int_sign(x):
    text = format_signed_int(x)
    n = round(x)
    assert text.startswith("+") == (n > 0)
    assert int(text.replace(".", "")) == n


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_format_date_reads_back(day):
    assert dt.datetime.strptime(format_date(day), "%d/%m/%Y").date() == day
    assert format_weekday(day, lang="en") == day.strftime("%A")


@given(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)))
def test_format_datetime_is_seven_hours_ahead(instant):
    local = dt.datetime.strptime(format_datetime(instant), "%d/%m/%Y %H:%M")
    assert local == (instant + dt.timedelta(hours=7)).replace(second=0, microsecond=0)
    assert format_time(instant) == instant.strftime("%H:%M")
