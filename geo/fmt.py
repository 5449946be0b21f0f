"""Number, percent and date formatting for the UI, Vietnamese style first, on Babel.

The language is the one in use (:func:`geo.i18n.current_language`, Vietnamese unless chosen
otherwise) or an explicit ``lang``. Vietnamese (``lang="vi"``) groups thousands with a dot and
uses a decimal comma: ``1.923``, ``66,8 %``, dates ``14/03/2023``, times ``18:30``. English
(``lang="en"``) gives ``1,923``, ``66.8%``. Missing values (``None``, ``NaN``, ``pd.NA``,
``NaT``) format as ``na`` (empty by default), never as ``0``. Nothing here imports streamlit.

The separators and names come from the CLDR data of :mod:`babel` (locales ``vi`` and ``en``);
this module only chooses the patterns. Numbers are rounded half to even on their exact binary
value, as Python's own ``format`` does, and a value that rounds to zero never shows a minus sign.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Callable
from decimal import Decimal, localcontext
from functools import cache
from numbers import Integral, Real
from typing import Any, SupportsFloat, SupportsInt, cast

import pandas as pd
from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.numbers import NumberPattern

from geo.clock import VIETNAM, to_vietnam
from geo.i18n import Lang, current_language

__all__ = [
    "Lang",
    "display_text",
    "format_date",
    "format_datetime",
    "format_int",
    "format_number",
    "format_percent",
    "format_signed_int",
    "format_signed_points",
    "format_time",
    "format_weekday",
    "is_missing",
]

_LOCALES: dict[str, Locale] = {"vi": Locale.parse("vi"), "en": Locale.parse("en")}
#: Date, time and weekday patterns (LDML); dates read the same in both languages (GLOSSARY.md).
_DATE = "dd/MM/yyyy"
_TIME = "HH:mm"
_DATETIME = f"{_DATE} {_TIME}"
_WEEKDAY = "EEEE"
#: What follows a percentage and a change in percentage points, per language.
_PERCENT_UNIT = {"vi": " %", "en": "%"}
_POINTS_UNIT = {"vi": " điểm %", "en": " pp"}

_Format = Callable[..., str]


def _lang(lang: Lang | None) -> Lang:
    """Return ``lang``, or the language in use (:func:`geo.i18n.current_language`)."""
    return lang or current_language()


def is_missing(value: object) -> bool:
    """Tell whether a value is missing: ``None``, ``NaN``, ``pd.NA``, ``NaT`` or infinite.

    Parameters
    ----------
    value : object
        Any cell value.

    Returns
    -------
    bool
        ``True`` when the value has no number or date to show.

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing(pd.NA), is_missing(0)
    (True, True, True, False)
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, Real) and not isinstance(value, Integral):
        return not math.isfinite(float(value))
    try:
        # pandas-stubs types isna for known scalars only; anything else is tried as it is
        return bool(pd.isna(cast(Any, value)))
    except (TypeError, ValueError):
        return False


def display_text(value: object) -> str:
    """Turn a value into the text an output prints: NFC-normalised, missing -> ``""``.

    Parameters
    ----------
    value : object
        Any cell value; ``None``, ``NaN``, ``pd.NA`` and ``NaT`` count as missing.

    Returns
    -------
    str
        ``str(value)`` in Unicode normal form C, or ``""`` for a missing value.

    Examples
    --------
    >>> display_text("Hoa\u0300"), display_text(None), display_text(float("nan")), display_text(7)
    ('Hoà', '', '', '7')
    """
    if is_missing(value):
        return ""
    return unicodedata.normalize("NFC", str(value))


def _real(value: object) -> float:
    """Read a present value as a float.

    Returns
    -------
    float
        The value of a number, a numpy scalar or a numeric string.
    """
    return float(cast("SupportsFloat | str", value))


@cache
def _pattern(
    decimals: int, trim: bool = False, unit: str = "", signed: bool = False
) -> NumberPattern:
    """Build (once) the Babel pattern of a grouped number with ``decimals`` places.

    ``trim`` makes the places optional (``#``), ``unit`` is quoted literal text after the number
    (a ``%`` in it makes Babel scale by 100), ``signed`` shows ``+`` before positive numbers.

    Returns
    -------
    babel.numbers.NumberPattern
        For example ``#,##0.0' %'`` or ``+#,##0;-#,##0``.
    """
    places = ("#" if trim else "0") * decimals
    body = "#,##0" + (f".{places}" if decimals else "") + (f"'{unit}'" if unit else "")
    return babel_numbers.parse_pattern(f"+{body};-{body}" if signed else body)


def _rounded(shown: Decimal, decimals: int) -> Decimal:
    """Round half to even to ``decimals`` places on the exact value, as ``format`` does.

    Returns
    -------
    decimal.Decimal
        The rounded value; ``-0`` becomes ``0`` so that no minus sign shows.
    """
    with localcontext(prec=max(28, shown.adjusted() + decimals + 2)):
        rounded = shown.quantize(Decimal(1).scaleb(-decimals))
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _render(function: _Format, shown: Decimal, pattern: NumberPattern, lang: Lang | None) -> str:
    """Let Babel write ``shown`` (already rounded) with ``pattern`` in the language's symbols.

    A pattern with ``%`` multiplies by 100, so the value handed over is ``shown`` divided by 100
    (exact in decimal) and the digits shown are those of ``shown``. The context is wide enough
    for any number of digits (the default of 28 would reject very large values).

    Returns
    -------
    str
        Babel's text.
    """
    digits = len(shown.as_tuple().digits) + max(shown.adjusted(), 0) + 2
    with localcontext(prec=max(28, digits)):
        value = shown.scaleb(-pattern.scale)
        return function(value, pattern, locale=_LOCALES[_lang(lang)])


def _format_shown(
    shown: float,
    decimals: int,
    lang: Lang | None,
    *,
    trim: bool = False,
    unit: str = "",
    sign: bool = False,
) -> str:
    """Format a number as it is to be read (a percentage already multiplied by 100).

    Returns
    -------
    str
        The number rounded to ``decimals`` places, then ``unit``; ``sign`` adds ``+`` when
        the rounded number is positive.
    """
    decimals = max(decimals, 0)
    rounded = _rounded(Decimal(shown), decimals)
    pattern = _pattern(decimals, trim, unit, sign and rounded > 0)
    function = babel_numbers.format_percent if pattern.scale else babel_numbers.format_decimal
    return _render(function, rounded, pattern, lang)


def format_int(value: object, *, lang: Lang | None = None, na: str = "") -> str:
    """Format a whole number with a thousands separator (floats round to the nearest integer).

    Parameters
    ----------
    value : int, float or missing
        The number; a float is rounded half to even.
    lang : {"vi", "en"}, optional
        ``1.923`` or ``1,923``.
    na : str, default ""
        Text for a missing value.

    Returns
    -------
    str
        The grouped integer, or ``na``.

    Examples
    --------
    >>> format_int(1923), format_int(852800), format_int(-4512.6), format_int(None)
    ('1.923', '852.800', '-4.513', '')
    >>> format_int(1923, lang="en"), format_int(float("nan"), na="—")
    ('1,923', '—')
    """
    if is_missing(value):
        return na
    n = int(cast(SupportsInt, value)) if isinstance(value, Integral) else round(_real(value))
    return _render(babel_numbers.format_decimal, Decimal(n), _pattern(0), lang)


def format_number(
    value: object, decimals: int = 1, *, lang: Lang | None = None, trim: bool = False, na: str = ""
) -> str:
    """Format a decimal number with a thousands separator.

    Parameters
    ----------
    value : number or missing
        The number to show.
    decimals : int, default 1
        Digits after the decimal comma.
    lang : {"vi", "en"}, optional
        ``1.923,5`` or ``1,923.5``.
    trim : bool, default False
        Drop trailing zeros after the decimal comma (``12,50`` -> ``12,5``; ``80,0`` -> ``80``).
    na : str, default ""
        Text for a missing value.

    Returns
    -------
    str
        The formatted number, or ``na``.

    Examples
    --------
    >>> format_number(1923.456, 2), format_number(3.0, trim=True), format_number(0.25, 2)
    ('1.923,46', '3', '0,25')
    >>> format_number(1923.456, lang="en")
    '1,923.5'
    """
    if is_missing(value):
        return na
    return _format_shown(_real(value), decimals, lang, trim=trim)


def format_percent(
    ratio: object, decimals: int = 1, *, lang: Lang | None = None, trim: bool = False, na: str = ""
) -> str:
    """Format a ratio as a percentage: ``0.668`` -> ``"66,8 %"``.

    Vietnamese puts a space before ``%``. Values above 1 are shown as they are (quota progress
    may exceed 100 %).

    Parameters
    ----------
    ratio : number or missing
        The ratio (``1`` is 100 %).
    decimals : int, default 1
        Digits after the decimal comma.
    lang : {"vi", "en"}, optional
        ``66,8 %`` or ``66.8%``.
    trim : bool, default False
        Drop trailing zeros after the decimal comma.
    na : str, default ""
        Text for a missing value.

    Returns
    -------
    str
        The percentage, or ``na``.

    Examples
    --------
    >>> format_percent(0.668), format_percent(401592 / 754277), format_percent(1.25, 0)
    ('66,8 %', '53,2 %', '125 %')
    >>> format_percent(0.8, trim=True), format_percent(0.668, lang="en"), format_percent(None)
    ('80 %', '66.8%', '')
    """
    if is_missing(ratio):
        return na
    return _format_shown(
        _real(ratio) * 100, decimals, lang, trim=trim, unit=_PERCENT_UNIT[_lang(lang)]
    )


def format_signed_int(value: object, *, lang: Lang | None = None, na: str = "") -> str:
    """Format a change as a whole number with its sign: ``+1.234``, ``-56``, ``0``.

    Parameters
    ----------
    value : number or missing
        The change; rounded half to even.
    lang : {"vi", "en"}, optional
        Separators as in :func:`format_int`.
    na : str, default ""
        Text for a missing value.

    Returns
    -------
    str
        ``+`` before a positive change, ``-`` before a negative one, none for zero.

    Examples
    --------
    >>> format_signed_int(1234), format_signed_int(-56), format_signed_int(0)
    ('+1.234', '-56', '0')
    """
    if is_missing(value):
        return na
    return _format_shown(round(_real(value)), 0, lang, sign=True)


def format_signed_points(value: object, *, lang: Lang | None = None, na: str = "") -> str:
    """Format a change of a ratio in percentage points: ``+14,7 điểm %``.

    Parameters
    ----------
    value : number or missing
        The change of the ratio (``0.147`` is 14,7 points).
    lang : {"vi", "en"}, optional
        ``+14,7 điểm %`` or ``+14.7 pp``.
    na : str, default ""
        Text for a missing value.

    Returns
    -------
    str
        The signed change with one decimal, or ``na``.

    Examples
    --------
    >>> format_signed_points(0.147), format_signed_points(-0.02), format_signed_points(0)
    ('+14,7 điểm %', '-2,0 điểm %', '0,0 điểm %')
    >>> format_signed_points(0.147, lang="en")
    '+14.7 pp'
    """
    if is_missing(value):
        return na
    return _format_shown(_real(value) * 100, 1, lang, unit=_POINTS_UNIT[_lang(lang)], sign=True)


def _timestamp(value: object) -> pd.Timestamp:
    """Read a present date or instant.

    Returns
    -------
    pandas.Timestamp
        From a date, a datetime, a numpy datetime64 or an ISO string.
    """
    return pd.Timestamp(cast("dt.date | str", value))


def format_date(value: object, *, na: str = "") -> str:
    """Format a date as ``dd/mm/yyyy`` (the same in both languages, as the glossary asks).

    Parameters
    ----------
    value : date, datetime, Timestamp, numpy datetime64, ISO string or missing
        The date; a time of day is ignored.
    na : str, default ""
        Text for a missing value.

    Returns
    -------
    str
        ``14/03/2023``, or ``na``.

    Examples
    --------
    >>> format_date(dt.date(2023, 3, 14)), format_date(pd.Timestamp("2023-02-13 18:30"))
    ('14/03/2023', '13/02/2023')
    >>> format_date(pd.NaT, na="—")
    '—'
    """
    if is_missing(value):
        return na
    return babel_dates.format_date(_timestamp(value).date(), _DATE, locale=_LOCALES["vi"])


def format_time(value: object, *, na: str = "") -> str:
    """Format a time of day as ``HH:MM`` (24 h).

    Parameters
    ----------
    value : time, datetime, Timestamp, ``"H:MM"`` string or missing
        The time; a string may carry seconds (``"21:30:00"``), which are dropped.
    na : str, default ""
        Text for a missing value.

    Returns
    -------
    str
        ``18:30``, or ``na``.

    Examples
    --------
    >>> format_time(dt.time(18, 30)), format_time("8:05"), format_time(None)
    ('18:30', '08:05', '')
    """
    if is_missing(value):
        return na
    if isinstance(value, str):
        hours, _, minutes = value.strip().partition(":")
        time = dt.time(int(hours), int(minutes[:2] or 0))
    elif isinstance(value, dt.time):
        time = value
    elif isinstance(value, dt.datetime):
        time = value.time()
    else:
        time = _timestamp(value).time()
    return babel_dates.format_time(time, _TIME, locale=_LOCALES["vi"])


def format_datetime(value: object, *, lang: Lang | None = None, na: str = "") -> str:
    """Format an instant from the store as ``dd/mm/yyyy HH:MM`` in Vietnam time.

    Parameters
    ----------
    value : datetime, Timestamp, numpy datetime64, ISO string or missing
        A naive instant is read as UTC (the store's convention, :mod:`geo.clock`); an aware one
        is converted from its own zone.
    lang : {"vi", "en"}, optional
        Babel locale; the numeric pattern reads the same in both languages.
    na : str, default ""
        Text for a missing value.

    Returns
    -------
    str
        ``14/03/2023 18:30`` (Vietnam time, UTC+7), or ``na``.

    Examples
    --------
    >>> format_datetime(dt.datetime(2023, 3, 14, 11, 30)), format_datetime(None, na="—")
    ('14/03/2023 18:30', '—')
    >>> format_datetime(pd.Timestamp("2023-03-14 17:05"), lang="en")
    '15/03/2023 00:05'
    """
    if is_missing(value):
        return na
    instant = _timestamp(value)
    if instant.tzinfo is None:
        local = to_vietnam(instant)
    else:
        local = instant.tz_convert(VIETNAM).tz_localize(None)
    return babel_dates.format_datetime(local, _DATETIME, locale=_LOCALES[_lang(lang)])


def format_weekday(value: object, *, lang: Lang | None = None, na: str = "") -> str:
    """Name the day of the week of a date, in full (Babel's wide weekday name).

    Parameters
    ----------
    value : date, datetime, Timestamp, numpy datetime64, ISO string or missing
        The date (taken as it is, without a time-zone conversion).
    lang : {"vi", "en"}, optional
        ``Thứ Hai`` ... ``Chủ Nhật``, or ``Monday`` ... ``Sunday``.
    na : str, default ""
        Text for a missing value.

    Returns
    -------
    str
        The weekday name, or ``na``.

    Examples
    --------
    >>> format_weekday(dt.date(2023, 3, 13)), format_weekday("2023-03-19")
    ('Thứ Hai', 'Chủ Nhật')
    >>> format_weekday(dt.date(2023, 3, 13), lang="en"), format_weekday(pd.NaT)
    ('Monday', '')
    """
    if is_missing(value):
        return na
    return babel_dates.format_date(_timestamp(value).date(), _WEEKDAY, locale=_LOCALES[_lang(lang)])
