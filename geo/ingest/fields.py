"""Parsing every column of a file into typed values, recording what does not parse.

:func:`parse_fields` walks the columns of a :class:`~geo.ingest.spec.FileSpec` and runs the
parser of each kind (:mod:`geo.ingest.parse`); on top of the parsers it refuses dates before
:data:`~geo.ingest.spec.MIN_DATE` or after today, texts over their length limit, and
coordinates that are half given, swapped or outside Hà Nam (:data:`~geo.ingest.spec.HA_NAM_BBOX`).
The commune columns are left to :mod:`geo.ingest.resolve`.

Examples
--------
>>> from datetime import date
>>> from geo.ingest.errors import RowErrors
>>> from geo.ingest.spec import spec_for
>>> spec = spec_for("targets")
>>> frame = pd.DataFrame({"source_row": [2, 3], **{f.key: "" for f in spec.fields}})
>>> frame["as_of"] = ["31/05/2023", "31/05/2025"]
>>> frame["quota"] = ["1.200", "12"]
>>> parsed, errors = pd.DataFrame({"source_row": frame["source_row"]}), RowErrors()
>>> parse_fields(frame, parsed, spec, errors, date(2024, 6, 30))
>>> parsed["quota"].tolist(), errors.frame()["detail"].tolist()
([1200, 12], ['ngày 31/05/2025 sau hôm nay (30/06/2024) — chỉ nhập kết quả đã có'])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import pandas as pd

from geo.fmt import format_date, format_int, format_number
from geo.i18n import _
from geo.ingest.errors import RowErrors
from geo.ingest.parse import (
    Parsed,
    map_distinct,
    on_distinct,
    parse_counts,
    parse_date,
    parse_floats,
    parse_place_type,
    parse_team,
    parse_time,
)
from geo.ingest.spec import (
    HA_NAM_BBOX,
    MAX_NOTE_CHARS,
    MAX_TEXT_CHARS,
    MIN_DATE,
    FieldSpec,
    FileSpec,
)
from geo.places.names import fold
from geo.schema import PLACE_TYPES

__all__ = ["CODED_KINDS", "check_coordinates", "parse_fields", "unknown_values"]

#: Kinds of column whose values are codes the clerk can be asked about, and the codes allowed.
CODED_KINDS: dict[str, tuple[str, ...]] = {"place_type": PLACE_TYPES}
#: Most unknown texts of one column asked about at once.
_MAX_UNKNOWN = 20

_SCALAR_PARSERS: dict[str, Callable[[str], Parsed]] = {
    "time": parse_time,
    "team": parse_team,
    "place_type": parse_place_type,
}
_COLUMN_PARSERS: dict[str, Callable[[pd.Series], tuple[pd.Series, pd.Series]]] = {
    "count": parse_counts,
    "lat": parse_floats,
    "lon": parse_floats,
}


def parse_fields(
    frame: pd.DataFrame,
    parsed: pd.DataFrame,
    spec: FileSpec,
    errors: RowErrors,
    today: date,
    values: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """Parse every non-commune column of ``frame`` into ``parsed``.

    Parameters
    ----------
    frame : DataFrame
        The file's rows as stripped text: ``source_row`` and one column per field of ``spec``
        (``""`` for a column the file lacks).
    parsed : DataFrame
        Receives one typed column per field (dates as ``datetime64``, counts ``Int64``,
        coordinates ``float64``, texts object with ``None`` for blank); values with a problem
        are left missing.
    spec : FileSpec
        Kind of file.
    errors : RowErrors
        Receives the problems.
    today : date
        Latest date accepted.
    values : mapping, optional
        The clerk's answers for coded columns: field -> folded text
        (:func:`geo.places.names.fold`) -> code; they come before the recognised spellings.
    """
    for f in spec.fields:
        s = frame[f.key]
        if f.kind == "date":
            parsed[f.key] = _dates(frame, f, errors, today)
        elif f.kind in _SCALAR_PARSERS:
            parser = _with_choices(_SCALAR_PARSERS[f.kind], f.kind, (values or {}).get(f.key))
            typed, details = map_distinct(s, parser)
            errors.add_series(frame, f.key, details)
            parsed[f.key] = typed
        elif f.kind in _COLUMN_PARSERS:
            typed, details = on_distinct(s, _COLUMN_PARSERS[f.kind])
            errors.add_series(frame, f.key, details)
            parsed[f.key] = typed
        elif f.kind in ("text", "note"):
            parsed[f.key] = _texts(frame, f, errors)
    if "lat" in parsed:
        check_coordinates(frame, parsed, errors)


def _with_choices(
    parser: Callable[[str], Parsed], kind: str, choices: Mapping[str, str] | None
) -> Callable[[str], Parsed]:
    """Put the clerk's answers for a coded column before its parser's spellings."""
    allowed = CODED_KINDS.get(kind)
    if not choices or allowed is None:
        return parser

    def parse(value: str) -> Parsed:
        code = choices.get(fold(value)) if value else None
        return (code, None) if code in allowed else parser(value)

    return parse


def unknown_values(
    frame: pd.DataFrame,
    parsed: pd.DataFrame,
    spec: FileSpec,
    values: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, tuple[str, ...]]:
    """List the texts of the coded columns that were not recognised, to ask the clerk once.

    Parameters
    ----------
    frame : DataFrame
        The file's rows as text.
    parsed : DataFrame
        What :func:`parse_fields` made of them.
    spec : FileSpec
        Kind of file.
    values : mapping, optional
        The answers already given (their texts are not asked again).

    Returns
    -------
    dict of str to tuple of str
        Field -> distinct unknown texts in the order of the file (at most 20); only fields with
        some.

    Examples
    --------
    >>> from geo.ingest.spec import spec_for
    >>> frame = pd.DataFrame({"place_type": ["chợ", "hộ", "Chợ", "", "đình"]})
    >>> parsed = pd.DataFrame({"place_type": [None, "household", None, None, None]})
    >>> unknown_values(frame, parsed, spec_for("visits"))
    {'place_type': ('chợ', 'đình')}
    """
    out: dict[str, tuple[str, ...]] = {}
    for f in spec.fields:
        if f.kind not in CODED_KINDS or f.key not in frame:
            continue
        text = frame[f.key]
        unknown = text[(text != "") & parsed[f.key].isna()]
        answered = (values or {}).get(f.key, {})
        seen: dict[str, str] = {}
        for value in unknown.drop_duplicates():
            key = fold(value)
            if key not in seen and key not in answered:
                seen[key] = value
        if seen:
            out[f.key] = tuple(seen.values())[:_MAX_UNKNOWN]
    return out


def _dates(frame: pd.DataFrame, f: FieldSpec, errors: RowErrors, today: date) -> pd.Series:
    s = frame[f.key]
    values, details = map_distinct(s, parse_date)
    if f.required:
        details = details.mask(
            s == "", _("để trống — cần ngày theo dạng dd/mm/yyyy, ví dụ 14/03/2023")
        )
    errors.add_series(frame, f.key, details)
    # Compared as dates: 01/01/1600 or 31/12/9999 are outside what a Timestamp holds.
    days = values.where(details.isna(), None)
    early = map_distinct(days, lambda d: (isinstance(d, date) and d < MIN_DATE, None))[0].astype(
        bool
    )
    late = map_distinct(days, lambda d: (isinstance(d, date) and d > today, None))[0].astype(bool)
    too_early = _("ngày {date} trước {first} — kiểm tra lại năm")
    first = format_date(MIN_DATE)
    errors.add(
        frame,
        early,
        f.key,
        lambda idx: pd.Series(
            [
                too_early.format(date=_shown(d, c), first=first)
                for d, c in zip(days[idx], s[idx], strict=True)
            ],
            index=idx,
            dtype=object,
        ),
    )
    too_late = _("ngày {date} sau hôm nay ({today}) — chỉ nhập kết quả đã có")
    shown_today = format_date(today)
    errors.add(
        frame,
        late,
        f.key,
        lambda idx: pd.Series(
            [
                too_late.format(date=_shown(d, c), today=shown_today)
                for d, c in zip(days[idx], s[idx], strict=True)
            ],
            index=idx,
            dtype=object,
        ),
    )
    return pd.to_datetime(days.where(~early & ~late, None)).astype("datetime64[ns]")


_TIMESTAMP_RANGE = (pd.Timestamp.min.date(), pd.Timestamp.max.date())


def _shown(day: date, cell: str) -> str:
    """Write a date as dd/mm/yyyy, or as the cell wrote it when it is beyond a Timestamp's range."""
    low, high = _TIMESTAMP_RANGE
    return format_date(day) if low < day < high else f"«{cell}»"


def _texts(frame: pd.DataFrame, f: FieldSpec, errors: RowErrors) -> pd.Series:
    s = frame[f.key]
    limit = MAX_NOTE_CHARS if f.kind == "note" else MAX_TEXT_CHARS
    length = s.str.len()
    too_long = _("dài {n} ký tự, tối đa {limit} ký tự — hãy rút gọn")
    errors.add(
        frame,
        length > limit,
        f.key,
        lambda idx: length[idx].map(
            lambda n: too_long.format(n=format_int(n), limit=format_int(limit))
        ),
    )
    return s.where(s != "", None).astype(object)


def check_coordinates(frame: pd.DataFrame, parsed: pd.DataFrame, errors: RowErrors) -> None:
    """Refuse coordinates given half, swapped, or outside Hà Nam; keep the others.

    Parameters
    ----------
    frame : DataFrame
        The file's rows as text, with ``lat`` and ``lon``.
    parsed : DataFrame
        Parsed ``lat`` and ``lon`` (float); refused pairs are set to NaN in place.
    errors : RowErrors
        Receives the problems.

    Examples
    --------
    >>> frame = pd.DataFrame({"source_row": [2, 3], "lat": ["20.5", "105.9"],
    ...                       "lon": ["105.9", "20.5"]})
    >>> parsed = pd.DataFrame({"lat": [20.5, 105.9], "lon": [105.9, 20.5]})
    >>> errors = RowErrors()
    >>> check_coordinates(frame, parsed, errors)
    >>> parsed["lat"].tolist(), errors.frame()["source_row"].tolist()
    ([20.5, nan], [3])
    """
    lon_min, lat_min, lon_max, lat_max = HA_NAM_BBOX
    lat, lon = parsed["lat"], parsed["lon"]
    only_lat = lat.notna() & lon.isna() & (frame["lon"] == "")
    only_lon = lon.notna() & lat.isna() & (frame["lat"] == "")
    lat_range, lon_range = _range(lat_min, lat_max), _range(lon_min, lon_max)
    errors.add(frame, only_lat, "lon", _("để trống trong khi có vĩ độ — ghi cả vĩ độ và kinh độ"))
    errors.add(frame, only_lon, "lat", _("để trống trong khi có kinh độ — ghi cả vĩ độ và kinh độ"))
    both = lat.notna() & lon.notna()
    swapped = both & lat.between(lon_min, lon_max) & lon.between(lat_min, lat_max)
    errors.add(
        frame,
        swapped,
        "lat",
        _(
            "vĩ độ và kinh độ bị đảo chỗ — vĩ độ khoảng {lat_range}, kinh độ khoảng {lon_range}"
        ).format(lat_range=lat_range, lon_range=lon_range),
    )
    lat_out = lat.notna() & ~lat.between(lat_min, lat_max) & ~swapped
    lon_out = lon.notna() & ~lon.between(lon_min, lon_max) & ~swapped
    lat_outside = _("vĩ độ {value} nằm ngoài tỉnh Hà Nam ({range})")
    lon_outside = _("kinh độ {value} nằm ngoài tỉnh Hà Nam ({range})")
    errors.add(
        frame,
        lat_out,
        "lat",
        lambda idx: frame.loc[idx, "lat"].map(
            lambda v: lat_outside.format(value=v, range=lat_range)
        ),
    )
    errors.add(
        frame,
        lon_out,
        "lon",
        lambda idx: frame.loc[idx, "lon"].map(
            lambda v: lon_outside.format(value=v, range=lon_range)
        ),
    )
    keep = ~(only_lat | only_lon | swapped | lat_out | lon_out)
    parsed["lat"] = lat.where(keep)
    parsed["lon"] = lon.where(keep)


def _range(low: float, high: float) -> str:
    """Write a range of degrees in the language in use: ``20,3–20,75`` or ``20.3–20.75``."""
    return f"{format_number(low, 2, trim=True)}–{format_number(high, 2, trim=True)}"
