"""Tests for geo.fmt: Vietnamese number, percent, date and time formats."""

from __future__ import annotations

import datetime as dt
import doctest

import numpy as np
import pandas as pd
import pytest

import geo.fmt as fmt
from geo.fmt import (
    format_date,
    format_int,
    format_number,
    format_percent,
    format_time,
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
