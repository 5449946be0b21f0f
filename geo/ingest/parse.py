"""Value parsers: one cell's text in, the typed value and a problem (or ``None``) out.

The scalar parsers (dates, times, teams, place types) take one text and return ``(value,
detail)``; :func:`map_distinct` runs them once per distinct text of a column. The column parsers
(counts, decimal numbers) take a column and return ``(values, details)`` aligned on it;
:func:`on_distinct` runs them on the distinct texts only. A detail says what is wrong and what is
expected, in the language in use; it never names the row or the column
(:func:`geo.ingest.errors.rejections` adds those). Place types are read in Vietnamese or English,
whatever the language in use.

Examples
--------
>>> parse_date("14/03/2023"), parse_time("6:30 PM"), parse_team("to so 02")
((datetime.date(2023, 3, 14), None), ('18:30', None), ('Tổ 2', None))
>>> parse_place_type("Trường học")
('school', None)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import TypeAlias

import numpy as np
import pandas as pd

from geo.clock import hhmm
from geo.fmt import format_int, format_number
from geo.i18n import _
from geo.ingest.spec import MAX_COUNT, MAX_TEAM_CHARS
from geo.places.names import fold
from geo.schema import PLACE_TYPES, place_type_label

__all__ = [
    "Parsed",
    "map_distinct",
    "on_distinct",
    "parse_counts",
    "parse_date",
    "parse_floats",
    "parse_place_type",
    "parse_team",
    "parse_time",
]

Parsed: TypeAlias = tuple[object, str | None]
"""A scalar parser's result: the value (``None`` when unusable) and the problem, if any."""


def on_distinct(
    s: pd.Series, parse: Callable[[pd.Series], tuple[pd.Series, pd.Series]]
) -> tuple[pd.Series, pd.Series]:
    """Run a vectorised parser on the distinct values of a column only, then spread the results.

    Parameters
    ----------
    s : Series
        Column of text cells.
    parse : callable
        Takes a Series of distinct texts, returns ``(values, details)`` aligned on it.

    Returns
    -------
    values : Series
        Parsed value of each cell of ``s`` (dtype of ``parse``'s values).
    details : Series
        Problem of each cell of ``s``, ``None`` where there is none.

    Examples
    --------
    >>> s = pd.Series(["a", "b", "a"])
    >>> values, _details = on_distinct(s, lambda u: (u.str.upper(), u.map(lambda v: None)))
    >>> values.tolist()
    ['A', 'B', 'A']
    """
    codes, uniques = pd.factorize(s)  # missing -> -1, which indexes the last value, None
    distinct = [*uniques, None] if (codes < 0).any() else uniques
    values, errors = parse(pd.Series(np.asarray(distinct, dtype=object), dtype=object))
    return (
        pd.Series(values.to_numpy()[codes], index=s.index, dtype=values.dtype),
        pd.Series(errors.to_numpy(dtype=object)[codes], index=s.index, dtype=object),
    )


def map_distinct(s: pd.Series, func: Callable[[str], Parsed]) -> tuple[pd.Series, pd.Series]:
    """Apply a scalar parser once per distinct value of a column.

    Parameters
    ----------
    s : Series
        Column of text cells.
    func : callable
        Scalar parser such as :func:`parse_date`.

    Returns
    -------
    values : Series
        Parsed value of each cell (dtype object).
    details : Series
        Problem of each cell, ``None`` where there is none.

    Examples
    --------
    >>> values, details = map_distinct(pd.Series(["1", "x", "1"]), parse_team)
    >>> values.tolist(), details.tolist()
    (['Tổ 1', 'x', 'Tổ 1'], [None, None, None])
    """

    def run(uniques: pd.Series) -> tuple[pd.Series, pd.Series]:
        results = [func(u) for u in uniques]
        values = np.empty(len(results), dtype=object)
        errors = np.empty(len(results), dtype=object)
        for i, (v, e) in enumerate(results):
            values[i], errors[i] = v, e
        return pd.Series(values, dtype=object), pd.Series(errors, dtype=object)

    return on_distinct(s, run)


# ------------------------------------------------------------------------------------ dates
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_YMD = re.compile(
    r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$"
)
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: str) -> Parsed:
    """Read a date: ``dd/mm/yyyy`` (also ``-`` or ``.``), ``yyyy-mm-dd`` or an Excel serial.

    A valid time after the date is ignored (``14/03/2023 25:99`` is refused); day first is
    always assumed (``03/16/2023`` does not exist). Serial numbers are accepted between 20000
    and 80000 (1954-2119).

    Parameters
    ----------
    value : str
        Stripped cell text.

    Returns
    -------
    Parsed
        ``(datetime.date, None)``, ``(None, None)`` for a blank cell, or ``(None, detail)``.

    Examples
    --------
    >>> parse_date("2023-03-14 00:00:00"), parse_date("45000")
    ((datetime.date(2023, 3, 14), None), (datetime.date(2023, 3, 15), None))
    >>> print(parse_date("30/02/2023")[1])  # doctest: +NORMALIZE_WHITESPACE
    ngày «30/02/2023» không có thật — ghi theo dạng dd/mm/yyyy (ngày/tháng/năm),
    ví dụ 14/03/2023
    >>> parse_date("14/03/2023 25:99")[1]
    'giờ trong ô ngày «14/03/2023 25:99» không hợp lệ — giờ từ 00:00 đến 23:59'
    """
    if not value:
        return None, None
    if m := _DMY.match(value):
        day, month, year = (int(g) for g in m.groups()[:3])
    elif m := _YMD.match(value):
        year, month, day = (int(g) for g in m.groups()[:3])
    elif _SERIAL.match(value) and 20_000 <= float(value) <= 80_000:
        return _EXCEL_EPOCH + timedelta(days=int(float(value))), None
    else:
        return None, _(
            "không đọc được ngày «{value}» — ghi theo dạng dd/mm/yyyy, ví dụ 14/03/2023"
        ).format(value=value)
    hour, minute, second = (int(g or 0) for g in m.groups()[3:])
    if hour > 23 or minute > 59 or second > 59:
        return None, _("giờ trong ô ngày «{value}» không hợp lệ — giờ từ 00:00 đến 23:59").format(
            value=value
        )
    try:
        return date(year, month, day), None
    except ValueError:
        return None, _(
            "ngày «{value}» không có thật — ghi theo dạng dd/mm/yyyy (ngày/tháng/năm), "
            "ví dụ 14/03/2023"
        ).format(value=value)


# ------------------------------------------------------------------------------------ times
_TIME = re.compile(
    r"^(?P<h>\d{1,2})"
    r"(?:\s*(?P<sep>:|\.|h|g|giờ)\s*(?P<m>\d{2})?(?:\s*(?:phút|ph|p))?(?::(?P<s>\d{2}))?)?"
    r"\s*(?P<ap>am|pm|a\.m\.|p\.m\.|sa|ch|sáng|chiều|tối)?$"
)
_DAY_FRACTION = re.compile(r"^0?\.\d{3,}$")
_EVENING = ("pm", "p.m.", "ch", "chiều", "tối")


def parse_time(value: str) -> Parsed:
    """Read a time of day: ``18:30``, ``18h30``, ``18 giờ``, ``6:30 PM``, ``6h chiều``.

    A fraction of a day (an Excel time cell read as a number, e.g. ``0.7708``) is accepted too.

    Parameters
    ----------
    value : str
        Stripped cell text.

    Returns
    -------
    Parsed
        ``("HH:MM", None)`` (24 h), ``(None, None)`` for a blank cell, or ``(None, detail)``.

    Examples
    --------
    >>> parse_time("18h30"), parse_time("9 PM"), parse_time("0.7708333")
    (('18:30', None), ('21:00', None), ('18:30', None))
    >>> parse_time("24:10")[1]
    'giờ «24:10» không hợp lệ — giờ từ 00:00 đến 23:59'
    """
    if not value:
        return None, None
    text = value.lower().strip()
    bad = _("không đọc được giờ «{value}» — ghi dạng 18:30, 18h30 hoặc 6:30 PM").format(value=value)
    if _DAY_FRACTION.match(text):
        minutes = round(float(text) * 1440)
        return (hhmm(minutes), None) if minutes < 1440 else (None, bad)
    m = _TIME.match(text)
    if m is None or not (m["sep"] or m["ap"]) or (m["sep"] in (":", ".") and not m["m"]):
        return None, bad
    hour, minute = int(m["h"]), int(m["m"] or 0)
    if m["ap"]:
        if not 1 <= hour <= 12:
            return None, _("giờ «{value}» không hợp lệ — với AM/PM giờ phải từ 1 đến 12").format(
                value=value
            )
        hour = hour % 12 + (12 if m["ap"] in _EVENING else 0)
    if hour > 23 or minute > 59:
        return None, _("giờ «{value}» không hợp lệ — giờ từ 00:00 đến 23:59").format(value=value)
    return f"{hour:02d}:{minute:02d}", None


# ----------------------------------------------------------------------- teams and place types
_TEAM = re.compile(
    r"^(?:(?:to|team|tld|t)\s*(?:luu\s*dong\s*|ld\s*)?(?:so\s*|no\s*)?)?0*(\d{1,4})$"
)


def parse_team(value: str) -> Parsed:
    """Read a mobile team: numbered teams become ``"Tổ N"``, other names are kept.

    Parameters
    ----------
    value : str
        Stripped cell text.

    Returns
    -------
    Parsed
        ``(name, None)`` or ``(None, detail)`` (a team is required).

    Examples
    --------
    >>> parse_team("04"), parse_team("Tổ lưu động số 3"), parse_team("Team 12")
    (('Tổ 4', None), ('Tổ 3', None), ('Tổ 12', None))
    >>> parse_team("Tổ  Công an   xã")
    ('Tổ Công an xã', None)
    >>> parse_team("to_ld_02"), parse_team("TLĐ 5"), parse_team("Tổ LĐ số 7"), parse_team("T.3")
    (('Tổ 2', None), ('Tổ 5', None), ('Tổ 7', None), ('Tổ 3', None))
    """
    if not value:
        return None, _("để trống — cần tên tổ lưu động, ví dụ «Tổ 1»")
    if m := _TEAM.match(_place_key(value)):
        return f"Tổ {int(m[1])}", None
    text = " ".join(value.split())
    if len(text) > MAX_TEAM_CHARS:
        return None, _("tên tổ dài {n} ký tự, tối đa {limit} ký tự").format(
            n=format_int(len(text)), limit=format_int(MAX_TEAM_CHARS)
        )
    return text, None


def _place_key(text: str) -> str:
    """Fold a place type for comparison: no diacritics, punctuation or underscores as spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


_PLACE_ALIASES = {
    form: key
    for key, aliases in {
        "household": (
            *("hộ gia đình", "hộ", "hgđ", "hộ gđ", "hộ dân", "gia đình", "nhà dân", "nhà"),
            *("household", "home", "house"),
        ),
        "agency": (
            *("cơ quan", "cq", "cơ quan nhà nước", "cqnn", "cơ quan đơn vị"),
            *("ubnd", "ủy ban", "uỷ ban", "agency", "office", "government"),
        ),
        "business": (
            *("doanh nghiệp", "dn", "dntn", "công ty", "cty", "ctcp", "cty tnhh", "tnhh"),
            *("xí nghiệp", "nhà máy", "business", "company", "enterprise"),
        ),
        "school": (
            *("trường học", "trường", "th", "thcs", "thpt", "tiểu học", "mầm non", "mn"),
            *("đại học", "cao đẳng", "school"),
        ),
        "other": ("khác", "other"),
    }.items()
    for alias in aliases
    for form in (_place_key(alias), _place_key(alias).replace(" ", ""))
}


def _place_choices() -> str:
    """List the place types in the language in use, for a message."""
    return ", ".join(place_type_label(k) for k in PLACE_TYPES)


def parse_place_type(value: str) -> Parsed:
    """Read a place type, Vietnamese or English whatever the language in use, diacritics or not.

    Parameters
    ----------
    value : str
        Stripped cell text.

    Returns
    -------
    Parsed
        ``(key, None)`` with a key of :data:`geo.schema.PLACE_TYPES`, or ``(None, detail)``
        (a place type is required).

    Examples
    --------
    >>> parse_place_type("Ho gia dinh"), parse_place_type("công ty")
    (('household', None), ('business', None))
    >>> parse_place_type("HGĐ"), parse_place_type("H.G.Đ"), parse_place_type("Cty.")
    (('household', None), ('household', None), ('business', None))
    >>> print(parse_place_type("chợ")[1])  # doctest: +NORMALIZE_WHITESPACE
    không rõ loại địa điểm «chợ» — chọn một trong: hộ gia đình, cơ quan, doanh nghiệp,
    trường học, khác
    """
    if not value:
        return None, _("để trống — chọn một trong: {choices}").format(choices=_place_choices())
    folded = _place_key(value)
    key = _PLACE_ALIASES.get(folded, _PLACE_ALIASES.get(folded.replace(" ", "")))
    if key is None:
        return None, _("không rõ loại địa điểm «{value}» — chọn một trong: {choices}").format(
            value=value, choices=_place_choices()
        )
    return key, None


# ---------------------------------------------------------------------------------- numbers
def parse_counts(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read non-negative integers; ``1.923`` and ``1,923`` are thousands, ``12,0`` is 12.

    Parameters
    ----------
    s : Series
        Column of stripped text cells.

    Returns
    -------
    values : Series
        ``Int64``; missing for a blank cell or a problem.
    details : Series
        Problem of each cell (not a number, not whole, negative, above
        :data:`geo.ingest.spec.MAX_COUNT`), ``None`` where there is none.

    Examples
    --------
    >>> values, details = parse_counts(pd.Series(["1.923", "12,0", "", "-5"]))
    >>> values.tolist(), details.tolist()[3]
    ([1923, 12, <NA>, <NA>], 'số âm («-5») — số lượng không được âm')
    """
    t = s.str.replace(r"\s", "", regex=True)
    thousands = t.str.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+|[+-]?\d{1,3}(?:,\d{3})+")
    t = t.where(~thousands, t.str.replace(r"[.,]", "", regex=True))
    t = t.str.replace(r"^([+-]?\d+)[.,]0+$", r"\1", regex=True)
    is_int = t.str.fullmatch(r"[+-]?\d{1,15}")
    number = pd.to_numeric(t.where(is_int, None), errors="coerce").astype("Float64")
    blank = s == ""
    decimal = t.str.fullmatch(r"[+-]?\d*[.,]\d+") & ~is_int
    errors = pd.Series(None, index=s.index, dtype=object)
    not_number = _("«{value}» không phải là số — ghi số nguyên không âm, ví dụ 12")
    errors[~blank & ~is_int] = s[~blank & ~is_int].map(lambda v: not_number.format(value=v))
    not_whole = _("«{value}» không phải số nguyên — số lượng không có phần lẻ")
    errors[decimal] = s[decimal].map(lambda v: not_whole.format(value=v))
    negative = (number < 0).fillna(False)
    below_zero = _("số âm («{value}») — số lượng không được âm")
    errors[negative] = s[negative].map(lambda v: below_zero.format(value=v))
    big = (number > MAX_COUNT).fillna(False)
    errors[big] = _("số quá lớn — tối đa {limit}").format(limit=format_int(MAX_COUNT))
    ok = errors.isna()
    values = number.where(ok).round().astype("Int64")
    return values, errors.where(~ok, None)


def parse_floats(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read decimal numbers, with a decimal point or a decimal comma (``20.54`` or ``20,54``).

    Parameters
    ----------
    s : Series
        Column of stripped text cells.

    Returns
    -------
    values : Series
        ``float64``; NaN for a blank cell or a problem.
    details : Series
        Problem of each cell, ``None`` where there is none.

    Examples
    --------
    >>> values, details = parse_floats(pd.Series(["20,54", "105.9", "20°32'N"]))
    >>> values.tolist()[:2], details.tolist()[2]
    ([20.54, 105.9], "«20°32'N» không phải là số — ghi số thập phân, ví dụ 20,5412")
    """
    number = pd.Series(_floats(s.tolist()), index=s.index, dtype="float64")
    errors = pd.Series(None, index=s.index, dtype=object)
    bad = (s != "") & number.isna()
    not_number = _("«{value}» không phải là số — ghi số thập phân, ví dụ {example}")
    example = format_number(20.5412, 4)
    errors[bad] = s[bad].map(lambda v: not_number.format(value=v, example=example))
    return number, errors.where(bad, None)


_DECIMAL = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
#: Deletes the characters of plain decimals (``20.54``, ``-5``): what is left is not part of one.
_DROP_PLAIN = str.maketrans("", "", "0123456789.+-\n")
#: A point at either end of a text (``.5``, ``5.``, ``-.5``), which float() reads and _DECIMAL not.
_LONE_POINTS = ("\n.", ".\n", "+.", "-.")


# Texts as decimal numbers, as _float reads each. A column of plain decimals (the usual case) is
# recognised in a few scans of its joined text and read by float() directly: with no point at an
# end, float() takes exactly the texts _DECIMAL matches («1.2.3», «+-1», «-» raise ValueError).
def _floats(values: list[object]) -> np.ndarray:
    texts = [v for v in values if type(v) is str]
    if len(texts) == len(values):
        joined = "\n" + "\n".join(texts) + "\n"
        if not joined.translate(_DROP_PLAIN) and not any(p in joined for p in _LONE_POINTS):
            return np.array([_plain_float(v) for v in texts], dtype="float64")
    return np.array([_float(v) for v in values], dtype="float64")


# One text of a plain column as a number; NaN when blank or not a number.
def _plain_float(value: str) -> float:
    try:
        return float(value) if value else float("nan")
    except ValueError:
        return float("nan")


# One text as a decimal number (NaN when it is not one): white space removed, a decimal comma
# read as a point when the text has no point. ASCII digits only, as pandas.to_numeric reads them.
def _float(value: object) -> float:
    if not isinstance(value, str):
        return float("nan")
    t = "".join(value.split())  # every white space, as str.isspace (and the regex \s) know it
    if "." not in t:
        t = t.replace(",", ".")
    return float(t) if _DECIMAL.fullmatch(t) else float("nan")
