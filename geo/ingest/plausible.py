"""Plausibility checks of an import: figures that are possible, but unlikely enough to ask.

A row that passes every check of the import (:mod:`~geo.ingest.checks`) may still hold a typing
error: 40 accounts activated out of 2 people guided, 9,000,000 activations in one evening, a
quota ten times the commune's population, or the same visit entered twice with one cell changed.
Such a row is **not** rejected: it is *flagged*, and the clerk confirms it (or corrects the
file) before it is stored. The input is the accepted table of an import
(:attr:`geo.ingest.IngestResult.accepted`); the output is a table of flags (:data:`FLAG_COLUMNS`):
``source_row`` (the row as Excel numbers it), ``field`` (the internal column at fault, ``""``
for the whole row), ``check`` (a short stable id: ``activated_over_guided``,
``activations_per_hour``, ``activations_per_officer_hour``, ``activations_per_visit``,
``activations_per_team_evening``, ``population_over_census``, ``eligible_over_census``,
``quota_over_census``, ``near_duplicate``, ``duplicate_content``) and ``reason`` (what is odd,
with the figures and the threshold, and what to do, in the language in use, written like the
import's rejection reasons: ``Dòng 4, cột «…»: …``).

The thresholds are a :class:`Thresholds` (read from the settings, ``VNEID_MAX_…``).
Everything is vectorised (near-duplicates by grouping, never pairwise): 100,000 rows take about
a second; only the flagged rows cost a reason each.

Examples
--------
>>> visits = pd.DataFrame({"source_row": [2], "team": ["Tổ 1"], "start": ["18:00"],
...     "end": ["21:30"], "date": pd.to_datetime(["2023-03-14"]), "people_guided": [2],
...     "activated": [40]})
>>> flags = plausibility(visits, "visits", None)
>>> flags["check"].tolist()
['activated_over_guided']
>>> print(flags["reason"].iloc[0])
Dòng 2, cột «Số tài khoản kích hoạt»: số kích hoạt (40) lớn hơn số người được hướng dẫn (2) — \
kiểm tra lại; nếu đúng, xác nhận khi nhập.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from geo.fmt import format_date, format_int, format_number, is_missing
from geo.i18n import _, ngettext
from geo.ingest.fingerprint import FINGERPRINT_COLUMNS
from geo.ingest.spec import FILE_HEADERS
from geo.ingest.thresholds import Thresholds
from geo.schema import place_type_label

__all__ = ["FLAG_COLUMNS", "Thresholds", "near_duplicates", "plausibility"]

#: Columns in which two visits may well differ and nothing else: a team going house to house
#: writes rows with the same counts that differ only in the place name or the times.
_ORDINARY_DIFFERENCES = frozenset({"place_name", "start", "end"})

#: The columns of a table of flags, in order.
FLAG_COLUMNS = ["source_row", "field", "check", "reason"]


def plausibility(
    accepted: pd.DataFrame,
    kind: str,
    communes: pd.DataFrame | None,
    thresholds: Thresholds | None = None,
    team_members: Mapping[str, int] | None = None,
    headers: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Flag the accepted rows whose figures are possible but implausible.

    Visits: activated > people guided (whenever both are known); activations per hour of the
    visit (needs start and end) above the threshold, per officer-hour when ``team_members``
    gives the team's officers; activations of one row above the threshold; a team's activations
    on one date, summed over the file, above the threshold (every row of that team and date is
    flagged). Targets: population, eligible citizens or quota above ``max_target_ratio`` × the
    commune's 2019 census population (communes without a census figure are not checked).

    Parameters
    ----------
    accepted : DataFrame
        The accepted table of an import (:attr:`geo.ingest.IngestResult.accepted`), with
        ``source_row``.
    kind : {"visits", "targets"}
        Kind of file.
    communes : DataFrame or None
        Commune registry (:func:`geo.places.registry.communes`; ``code`` and
        ``population_2019`` are used), needed for targets only.
    thresholds : Thresholds, optional
        The thresholds; :class:`Thresholds` () by default.
    team_members : mapping of str to int, optional
        Number of officers of each team, by team name; teams not in it (or all, when omitted)
        are checked per hour of the visit instead.
    headers : mapping of str to str, optional
        Field key -> the file's header, to name the columns as the clerk sees them (the
        template's headers by default).

    Returns
    -------
    DataFrame
        The flags (:data:`FLAG_COLUMNS`), by row, in the order of the checks above.

    Raises
    ------
    ValueError
        For a kind other than ``"visits"`` and ``"targets"``.

    Examples
    --------
    >>> targets = pd.DataFrame({"source_row": [2], "code": ["13291"], "population": [20605],
    ...                         "eligible": [15800], "quota": [9999999]})
    >>> registry = pd.DataFrame({"code": ["13291"], "population_2019": [20605]})
    >>> flags = plausibility(targets, "targets", registry)
    >>> flags[["field", "check"]].values.tolist()
    [['quota', 'quota_over_census']]
    >>> print(flags["reason"].iloc[0])
    Dòng 2, cột «Chỉ tiêu»: 9.999.999 lớn hơn 1,2 lần dân số năm 2019 của xã (20.605 người, \
ngưỡng 24.726) — kiểm tra lại mã xã và con số; nếu đúng, xác nhận khi nhập.
    """
    thresholds = thresholds or Thresholds()
    frame = accepted.reset_index(drop=True)
    if kind == "visits":
        parts = _visit_flags(frame, thresholds, team_members or {})
    elif kind == "targets":
        parts = _target_flags(frame, communes, thresholds)
    else:
        raise ValueError(f"kind must be 'visits' or 'targets', not {kind!r}")
    return _flags(frame, parts, kind, headers)


def near_duplicates(
    accepted: pd.DataFrame, kind: str, headers: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Flag the rows identical to another row in every fingerprint column but one.

    The columns compared are the row fingerprint's
    (:data:`geo.ingest.fingerprint.FINGERPRINT_COLUMNS`: date, team, commune, place, times and
    counts of a visit; commune, date and figures of a target). Two rows identical except the
    team, say, are each flagged ``near_duplicate`` on that column, naming the earliest other
    row; rows whose whole fingerprint is the same (a visit differing only in coordinates or
    note) are flagged ``duplicate_content``. Visits differing only in the place name or the
    times are not flagged: house-to-house rows often do. Found by grouping on each leave-one-out
    key, never by comparing pairs.

    Parameters
    ----------
    accepted : DataFrame
        The accepted table of an import, with ``source_row``.
    kind : {"visits", "targets"}
        Kind of file.
    headers : mapping of str to str, optional
        Field key -> the file's header (the template's headers by default).

    Returns
    -------
    DataFrame
        The flags (:data:`FLAG_COLUMNS`), by row.

    Raises
    ------
    ValueError
        For a kind other than ``"visits"`` and ``"targets"``.

    Examples
    --------
    >>> rows = pd.DataFrame({"source_row": [2, 3], "code": ["13291", "13291"],
    ...     "as_of": pd.to_datetime(["2023-05-31", "2023-06-30"]), "population": [20605, 20605],
    ...     "eligible": [15800, 15800], "quota": [12000, 12000], "activated_baseline": None})
    >>> for reason in near_duplicates(rows, "targets")["reason"]:
    ...     print(reason)
    Dòng 2, cột «Tính đến ngày»: giống dòng 3, chỉ khác cột «Tính đến ngày» (30/06/2023 ở dòng \
3, 31/05/2023 ở dòng này) — kiểm tra lại; nếu đúng, xác nhận khi nhập.
    Dòng 3, cột «Tính đến ngày»: giống dòng 2, chỉ khác cột «Tính đến ngày» (31/05/2023 ở dòng \
2, 30/06/2023 ở dòng này) — kiểm tra lại; nếu đúng, xác nhận khi nhập.
    """
    if kind not in FINGERPRINT_COLUMNS:
        raise ValueError(f"kind must be 'visits' or 'targets', not {kind!r}")
    frame = accepted.reset_index(drop=True)
    cols = list(FINGERPRINT_COLUMNS[kind])
    if len(frame) < 2:
        return _flags(frame, [], kind, headers)
    codes = [pd.factorize(frame[c])[0].astype("int64") for c in cols]  # missing -> -1
    rows = frame["source_row"].to_numpy(dtype="int64")
    parts: list[_Part] = []
    # group ids of the leading and trailing columns, so that leaving column j out is one
    # combination of two of them (not a new grouping of eleven columns per column)
    leading = [np.zeros(len(frame), dtype="int64")]
    for column_codes in codes:
        leading.append(_pair(leading[-1], column_codes))
    trailing = [np.zeros(len(frame), dtype="int64")]
    for column_codes in reversed(codes):
        trailing.append(_pair(column_codes, trailing[-1]))
    trailing.reverse()  # trailing[j]: the columns from j on
    partner = _partners(_compact(leading[-1]), np.arange(len(frame)))  # every row its own value
    hit = np.flatnonzero(partner >= 0)
    same = _(
        "cùng nội dung với dòng {row} — có thể một dòng được ghi hai lần; kiểm tra lại; nếu "
        "đúng, xác nhận khi nhập"
    )
    parts.append((hit, "", "duplicate_content", [same.format(row=rows[partner[i]]) for i in hit]))
    near = _(
        "giống dòng {row}, chỉ khác cột «{column}» ({other} ở dòng {row}, {this} ở dòng này) — "
        "kiểm tra lại; nếu đúng, xác nhận khi nhập"
    )
    for j, col in enumerate(cols):
        if col in _ORDINARY_DIFFERENCES:
            continue
        partner = _partners(_compact(_pair(leading[j], trailing[j + 1])), codes[j])
        hit = np.flatnonzero(partner >= 0)
        if not hit.size:
            continue
        column = _header(kind, col, headers)
        wanted = np.unique(np.concatenate([hit, partner[hit]]))  # only the values shown
        values = dict(zip(wanted.tolist(), frame[col].iloc[wanted].tolist(), strict=True))
        reasons = [
            near.format(
                row=rows[partner[i]],
                column=column,
                other=_shown(values[int(partner[i])], col),
                this=_shown(values[int(i)], col),
            )
            for i in hit
        ]
        parts.append((hit, col, "near_duplicate", reasons))
    return _flags(frame, parts, kind, headers)


# ----------------------------------------------------------------------------------- helpers

#: One check's flags: positions in the frame, field, check id, details (one per position).
_Part = tuple[np.ndarray, str, str, list[str]]


def _visit_flags(
    frame: pd.DataFrame, limits: Thresholds, team_members: Mapping[str, int]
) -> list[_Part]:
    """Run the visit checks."""
    parts: list[_Part] = []
    activated = _counts(frame, "activated")
    guided = _counts(frame, "people_guided")
    over = np.flatnonzero(activated > guided)
    over_text = _(
        "số kích hoạt ({activated}) lớn hơn số người được hướng dẫn ({guided}) — kiểm tra lại; "
        "nếu đúng, xác nhận khi nhập"
    )
    reasons = [
        over_text.format(activated=format_int(activated[i]), guided=format_int(guided[i]))
        for i in over
    ]
    parts.append((over, "activated", "activated_over_guided", reasons))
    parts.extend(_rate_flags(frame, activated, limits, team_members))
    big = np.flatnonzero(activated > limits.max_activations_per_visit)
    big_text = _(
        "{activated} tài khoản kích hoạt trong một lượt làm việc, vượt ngưỡng {limit} mỗi lượt "
        "— có thể thừa một chữ số; kiểm tra lại; nếu đúng, xác nhận khi nhập"
    )
    limit = format_int(limits.max_activations_per_visit)
    reasons = [big_text.format(activated=format_int(activated[i]), limit=limit) for i in big]
    parts.append((big, "activated", "activations_per_visit", reasons))
    parts.extend(_evening_flags(frame, activated, limits))
    return parts


def _rate_flags(
    frame: pd.DataFrame,
    activated: np.ndarray,
    limits: Thresholds,
    team_members: Mapping[str, int],
) -> list[_Part]:
    """Flag visits activating faster than a team, or an officer, can (one part per check)."""
    minutes = _minutes(frame["end"]) - _minutes(frame["start"])  # NaN without both times
    codes, teams = pd.factorize(frame["team"])  # once per team; a missing team (-1) has none
    known_members = [float(team_members.get(t) or 0) for t in teams]
    members = np.array([*known_members, 0.0], dtype="float64")[codes]
    known = members > 0
    officers = np.where(known, members, 1.0)
    limit = np.where(
        known, limits.max_activations_per_officer_hour, limits.max_activations_per_hour
    )
    with np.errstate(invalid="ignore"):
        # activated / hours > limit, in whole numbers: activated × 60 > limit × minutes
        fast = (minutes > 0) & (activated * 60 > limit * minutes * officers)
    per_team = _(
        "{activated} tài khoản kích hoạt trong {hours} giờ ({start}–{end}) là {rate} tài khoản "
        "mỗi giờ, vượt ngưỡng {limit} mỗi giờ — kiểm tra lại số kích hoạt và giờ làm việc; nếu "
        "đúng, xác nhận khi nhập"
    )
    start, end = frame["start"].to_numpy(dtype=object), frame["end"].to_numpy(dtype=object)
    parts: list[_Part] = []
    for check, which in (
        ("activations_per_hour", fast & ~known),
        ("activations_per_officer_hour", fast & known),
    ):
        hit = np.flatnonzero(which)
        reasons = [
            (_per_officer(int(officers[i])) if known[i] else per_team).format(
                activated=format_int(activated[i]),
                hours=format_number(minutes[i] / 60, 2, trim=True),
                start=start[i],
                end=end[i],
                members=format_int(officers[i]),
                rate=format_number(activated[i] * 60 / (minutes[i] * officers[i]), 1, trim=True),
                limit=format_int(limit[i]),
            )
            for i in hit
        ]
        parts.append((hit, "activated", check, reasons))
    return parts


def _per_officer(members: int) -> str:
    """Say an officer's rate is too high (the template, in the language in use)."""
    return ngettext(
        "{activated} tài khoản kích hoạt trong {hours} giờ ({start}–{end}) với {members} cán bộ "
        "là {rate} tài khoản mỗi cán bộ mỗi giờ, vượt ngưỡng {limit} — kiểm tra lại số kích hoạt "
        "và giờ làm việc; nếu đúng, xác nhận khi nhập",
        "{activated} tài khoản kích hoạt trong {hours} giờ ({start}–{end}) với {members} cán bộ "
        "là {rate} tài khoản mỗi cán bộ mỗi giờ, vượt ngưỡng {limit} — kiểm tra lại số kích hoạt "
        "và giờ làm việc; nếu đúng, xác nhận khi nhập",
        members,
    )


def _evening_flags(frame: pd.DataFrame, activated: np.ndarray, limits: Thresholds) -> list[_Part]:
    """Flag every row of a team and date whose activations add up to more than the threshold."""
    if frame.empty:
        return []
    keys = frame[["team", "date"]]
    grouped = pd.Series(np.nan_to_num(activated), index=frame.index).groupby(
        [keys["team"], keys["date"]], sort=False, dropna=False
    )
    total = grouped.transform("sum").to_numpy()
    size = grouped.transform("size").to_numpy()
    hit = np.flatnonzero(total > limits.max_activations_per_team_evening)
    if not hit.size:
        return []
    limit = format_int(limits.max_activations_per_team_evening)
    teams, dates = keys["team"].to_numpy(dtype=object), keys["date"].to_numpy()
    reasons = [
        ngettext(
            "«{team}» có tổng {total} tài khoản kích hoạt ngày {date} ({rows} dòng trong tệp), "
            "vượt ngưỡng {limit} mỗi tổ mỗi ngày — kiểm tra lại; nếu đúng, xác nhận khi nhập",
            "«{team}» có tổng {total} tài khoản kích hoạt ngày {date} ({rows} dòng trong tệp), "
            "vượt ngưỡng {limit} mỗi tổ mỗi ngày — kiểm tra lại; nếu đúng, xác nhận khi nhập",
            int(size[i]),
        ).format(
            team=teams[i],
            total=format_int(total[i]),
            date=format_date(dates[i]),
            rows=format_int(size[i]),
            limit=limit,
        )
        for i in hit
    ]
    return [(hit, "activated", "activations_per_team_evening", reasons)]


def _target_flags(
    frame: pd.DataFrame, communes: pd.DataFrame | None, limits: Thresholds
) -> list[_Part]:
    """Flag targets far above the commune's 2019 census population."""
    if communes is None or frame.empty:
        return []
    census = communes.drop_duplicates("code").set_index("code")["population_2019"]
    population = pd.to_numeric(frame["code"].map(census), errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan
    )
    ceiling = limits.max_target_ratio * population
    template = _(
        "{value} lớn hơn {ratio} lần dân số năm 2019 của xã ({population} người, ngưỡng {limit}) "
        "— kiểm tra lại mã xã và con số; nếu đúng, xác nhận khi nhập"
    )
    ratio = format_number(limits.max_target_ratio, 2, trim=True)
    parts: list[_Part] = []
    for col in ("population", "eligible", "quota"):
        values = _counts(frame, col)
        with np.errstate(invalid="ignore"):
            hit = np.flatnonzero(values > ceiling)
        reasons = [
            template.format(
                value=format_int(values[i]),
                ratio=ratio,
                population=format_int(population[i]),
                limit=format_int(ceiling[i]),
            )
            for i in hit
        ]
        parts.append((hit, col, f"{col}_over_census", reasons))
    return parts


def _counts(frame: pd.DataFrame, col: str) -> np.ndarray:
    """Read a count column as floats (``NaN`` when missing or absent)."""
    if col not in frame:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _minutes(times: pd.Series) -> np.ndarray:
    """Read ``"HH:MM"`` times as minutes of the day (``NaN`` when missing), once per text."""
    codes, uniques = pd.factorize(times)  # missing -> -1
    text = pd.Series(np.asarray(uniques, dtype=object), dtype=object).astype(str)
    hours = pd.to_numeric(text.str.slice(0, 2), errors="coerce")
    minutes = pd.to_numeric(text.str.slice(3, 5), errors="coerce")
    table = np.append((hours * 60 + minutes).to_numpy(dtype="float64", na_value=np.nan), np.nan)
    return table[codes]


#: The largest key :func:`_pair` writes without numbering its inputs first (int64 holds 2**63 - 1).
_KEY_LIMIT = 2**62


def _pair(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Give each distinct pair of two integer codes (``>= -1``) its own number ``>= 0``, exactly.

    The numbers are not consecutive (:func:`_compact` makes them so): the inputs are numbered
    afresh only when their key could overflow, so that a chain of pairs seldom hashes.

    Returns
    -------
    numpy.ndarray
        One int64 key per row.
    """
    if (int(left.max(initial=0)) + 2) * (int(right.max(initial=0)) + 2) > _KEY_LIMIT:
        left, right = _compact(left), _compact(right)
    return (left + 1) * (int(right.max(initial=0)) + 2) + (right + 1)


def _compact(key: np.ndarray) -> np.ndarray:
    """Give the distinct values of ``key`` the numbers ``0..n-1``, in order of first appearance."""
    return pd.factorize(key)[0].astype("int64")


def _partners(group: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Find each row's earliest partner in its group with another value (``-1``: none).

    Returns
    -------
    numpy.ndarray
        One row number per row of ``group`` (group numbers ``>= 0``, as :func:`_compact` gives).
    """
    n = len(group)
    pos = np.arange(n)
    first = _earliest(group, pos, n)[group]
    differs = value != value[first]
    # A row whose value differs from its group's first row pairs with that row; the others with
    # the earliest row that differs.
    second = _earliest(group, np.where(differs, pos, n), n)[group]
    return np.where(differs, first, np.where(second == n, -1, second))


def _earliest(group: np.ndarray, pos: np.ndarray, none: int) -> np.ndarray:
    """Return the smallest of ``pos`` in each group (``none`` for a group without any)."""
    out = np.full(int(group.max(initial=-1)) + 1, none, dtype="int64")
    np.minimum.at(out, group, pos)
    return out


def _shown(value: object, col: str) -> str:
    """Show a fingerprint value in a reason."""
    if is_missing(value):
        return _("trống")
    if col in ("date", "as_of"):
        return format_date(value)
    if col == "place_type":
        return place_type_label(value)
    if isinstance(value, (int, np.integer)):
        return format_int(value)
    return f"«{value}»"


def _header(kind: str, col: str, headers: Mapping[str, str] | None) -> str:
    """Name a column as the file heads it, else by the template's header."""
    return (headers or {}).get(col) or _(FILE_HEADERS[kind][col])


def _flags(
    frame: pd.DataFrame, parts: list[_Part], kind: str, headers: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Assemble the flags of every check into the table, sorted by row (stable)."""
    rows = frame["source_row"].to_numpy(dtype="int64")
    on_column = _("Dòng {row}, cột «{column}»: {detail}")
    on_row = _("Dòng {row}: {detail}")
    found, fields, checks, reasons = [np.empty(0, dtype="int64")], [], [], []
    for positions, fld, check, details in parts:
        column = _header(kind, fld, headers) if fld else ""
        for pos, detail in zip(positions, details, strict=True):
            text = (on_column if fld else on_row).format(
                row=rows[pos], column=column, detail=detail
            )
            reasons.append(text if text.endswith((".", "?", "!")) else text + ".")
        found.append(rows[positions])
        fields.extend([fld] * len(positions))
        checks.extend([check] * len(positions))
    out = pd.DataFrame(
        {
            "source_row": np.concatenate(found),
            "field": pd.Series(fields, dtype=object),
            "check": pd.Series(checks, dtype=object),
            "reason": pd.Series(reasons, dtype=object),
        }
    )
    return out.sort_values("source_row", kind="stable").reset_index(drop=True)
