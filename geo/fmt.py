"""Number, percent and date formatting for the UI, Vietnamese style first.

Vietnamese (``lang="vi"``, the default) groups thousands with a dot and uses a decimal comma:
``1.923``, ``66,8 %``, dates ``14/03/2023``, times ``18:30``. English (``lang="en"``) gives
``1,923``, ``66.8%``. Missing values (``None``, ``NaN``, ``pd.NA``, ``NaT``) format as ``na``
(empty by default), never as ``0``. Nothing here imports streamlit.
"""

from __future__ import annotations

import datetime as dt
import math
from numbers import Integral, Real
from typing import Literal

import pandas as pd

__all__ = [
    "Lang",
    "format_date",
    "format_int",
    "format_number",
    "format_percent",
    "format_signed_int",
    "format_signed_points",
    "format_time",
    "is_missing",
]

Lang = Literal["vi", "en"]


def is_missing(value: object) -> bool:
    """True for ``None``, ``NaN``, ``pd.NA``, ``NaT`` and infinities.

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
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _group(text: str, lang: Lang) -> str:
    """Swap Python's ``1,234.5`` into the language's separators."""
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_int(value: object, *, lang: Lang = "vi", na: str = "") -> str:
    """Whole number with a thousands separator (floats are rounded to the nearest integer).

    Examples
    --------
    >>> format_int(1923), format_int(852800), format_int(-4512.6), format_int(None)
    ('1.923', '852.800', '-4.513', '')
    >>> format_int(1923, lang="en"), format_int(float("nan"), na="—")
    ('1,923', '—')
    """
    if is_missing(value):
        return na
    n = int(value) if isinstance(value, Integral) else round(float(value))  # type: ignore[arg-type]
    return _group(f"{n:,d}", lang)


def format_number(
    value: object, decimals: int = 1, *, lang: Lang = "vi", trim: bool = False, na: str = ""
) -> str:
    """Decimal number with a thousands separator.

    Parameters
    ----------
    value : number or missing
    decimals : int, default 1
        Digits after the decimal comma.
    lang : {"vi", "en"}
    trim : bool, default False
        Drop trailing zeros after the decimal comma (``12,50`` -> ``12,5``; ``80,0`` -> ``80``).
    na : str
        Text for a missing value.

    Examples
    --------
    >>> format_number(1923.456, 2), format_number(3.0, trim=True), format_number(0.25, 2)
    ('1.923,46', '3', '0,25')
    >>> format_number(1923.456, lang="en")
    '1,923.5'
    """
    if is_missing(value):
        return na
    x = float(value)  # type: ignore[arg-type]
    text = f"{x:,.{max(decimals, 0)}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")  # no "-0,0"
    return _group(text, lang)


def format_percent(
    ratio: object, decimals: int = 1, *, lang: Lang = "vi", trim: bool = False, na: str = ""
) -> str:
    """A ratio as a percentage: ``0.668`` -> ``"66,8 %"`` (Vietnamese puts a space before ``%``).

    Values above 1 are shown as they are (quota progress may exceed 100 %).

    Examples
    --------
    >>> format_percent(0.668), format_percent(401592 / 754277), format_percent(1.25, 0)
    ('66,8 %', '53,2 %', '125 %')
    >>> format_percent(0.8, trim=True), format_percent(0.668, lang="en"), format_percent(None)
    ('80 %', '66.8%', '')
    """
    if is_missing(ratio):
        return na
    text = format_number(float(ratio) * 100, decimals, lang=lang, trim=trim)  # type: ignore[arg-type]
    return f"{text} %" if lang == "vi" else f"{text}%"


def format_date(value: object, *, na: str = "") -> str:
    """``dd/mm/yyyy`` (the same in both languages, as the glossary asks).

    Examples
    --------
    >>> format_date(dt.date(2023, 3, 14)), format_date(pd.Timestamp("2023-02-13 18:30"))
    ('14/03/2023', '13/02/2023')
    >>> format_date(pd.NaT, na="—")
    '—'
    """
    if is_missing(value):
        return na
    return pd.Timestamp(value).strftime("%d/%m/%Y")  # type: ignore[arg-type]


def format_time(value: object, *, na: str = "") -> str:
    """``HH:MM`` (24 h) from a ``datetime.time``, a timestamp or a ``"H:MM"`` string.

    Examples
    --------
    >>> format_time(dt.time(18, 30)), format_time("8:05"), format_time(None)
    ('18:30', '08:05', '')
    """
    if is_missing(value):
        return na
    if isinstance(value, str):
        hh, _, mm = value.strip().partition(":")
        return f"{int(hh):02d}:{int(mm[:2] or 0):02d}"
    if isinstance(value, dt.time | dt.datetime):
        return f"{value.hour:02d}:{value.minute:02d}"
    ts = pd.Timestamp(value)  # type: ignore[arg-type]
    return f"{ts.hour:02d}:{ts.minute:02d}"


def format_signed_int(value: object, *, lang: Lang = "vi", na: str = "") -> str:
    """A change as a whole number with its sign: ``+1.234``, ``-56``, ``0``.

    Examples
    --------
    >>> format_signed_int(1234), format_signed_int(-56), format_signed_int(0)
    ('+1.234', '-56', '0')
    """
    if is_missing(value):
        return na
    n = round(float(value))  # type: ignore[arg-type]
    return ("+" if n > 0 else "") + format_int(n, lang=lang)


def format_signed_points(value: object, *, lang: Lang = "vi", na: str = "") -> str:
    """A change of a ratio in percentage points: ``+14,7 điểm %``.

    Examples
    --------
    >>> format_signed_points(0.147), format_signed_points(-0.02), format_signed_points(0)
    ('+14,7 điểm %', '-2,0 điểm %', '0,0 điểm %')
    """
    if is_missing(value):
        return na
    text = format_number(float(value) * 100, 1, lang=lang)  # type: ignore[arg-type]
    sign = "" if text.startswith("-") or text in ("0,0", "0.0") else "+"
    return sign + text + (" điểm %" if lang == "vi" else " pp")
