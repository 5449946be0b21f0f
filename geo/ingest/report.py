r"""The evening report typed on a phone as a visit file: entries -> CSV bytes -> the check.

A team leader types, per place, the place type and name, the counts and a note
(:data:`ENTRY_FIELDS`); the evening (date, team, commune, window: :class:`Evening`) is the same
for every place. :func:`report_csv` writes them as a CSV in the visit template's layout, with its
Vietnamese headers (:mod:`geo.ingest.spec`), so that the submitted report is archived verbatim
like any upload; :func:`check_report` reads those bytes with
:func:`~geo.ingest.pipeline.read_visits` (the import's own rules, reasons and plausibility
flags) and maps every rejected or flagged cell back to ``(entry index, field)``, so that the page
shows the reason next to the field it concerns. Entry ``i`` is line ``i + 2`` of the file
(line 1 is the header).

Examples
--------
>>> from datetime import date
>>> from geo.places.registry import communes
>>> evening = Evening(date(2023, 3, 14), "Tổ 1", "13291", "18:00", "21:30")
>>> entries = [{"place_type": "household", "place_name": "Thôn A", "households": -5}]
>>> print(report_csv(evening, entries).decode().splitlines()[1])
14/03/2023,Tổ 1,13291,,,hộ gia đình,Thôn A,18:00,21:30,-5,,,,,,,
>>> check = check_report(evening, entries, communes("approximate"), today=date(2024, 6, 30))
>>> check.ok, check.errors
(False, {0: {'households': ['số âm («-5») — số lượng không được âm.']}})
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from geo.fmt import is_missing
from geo.i18n import language
from geo.ingest.pipeline import read_visits
from geo.ingest.result import IngestResult
from geo.ingest.spec import spec_for
from geo.ingest.thresholds import Thresholds
from geo.schema import PLACE_TYPES, place_type_label

__all__ = [
    "COUNT_FIELDS",
    "ENTRY_FIELDS",
    "EVENING_FIELDS",
    "Evening",
    "ReportCheck",
    "check_report",
    "evening_totals",
    "field_reason",
    "report_csv",
]

#: The counts of one place, in the template's order.
COUNT_FIELDS = ("households", "people_guided", "registered", "activated", "services_used")
#: What the leader types for each place (keys of the visit template).
ENTRY_FIELDS = ("place_type", "place_name", *COUNT_FIELDS, "lat", "lon", "note")
#: What is the same for every place of the evening (keys of the visit template).
EVENING_FIELDS = ("date", "team", "code", "start", "end")
#: Line of the file that holds entry 0 (line 1 is the header).
FIRST_LINE = 2
_PREFIX = re.compile(r"^[^«:]*?\d+(?:, [^«:]*«[^»]*»)?: ")


@dataclass(frozen=True)
class Evening:
    """What every place of one evening shares.

    Attributes
    ----------
    date : datetime.date
        The evening.
    team : str
        The mobile team («Tổ 1»).
    code : str
        The commune's 5-digit code.
    start, end : str
        The window, ``"18:00"`` and ``"21:30"`` (blank when unknown).
    """

    date: date
    team: str
    code: str
    start: str = ""
    end: str = ""


@dataclass(frozen=True)
class ReportCheck:
    """The import's verdict on a report, by entry and field.

    Attributes
    ----------
    result : IngestResult
        What :func:`~geo.ingest.pipeline.read_visits` said about the bytes.
    raw : bytes
        The CSV that was checked (the bytes to import and archive).
    errors : dict of int -> dict of str -> list of str
        Entry index -> field (``""`` for the whole entry) -> why it is refused, without the
        «Dòng 2, cột …» prefix (the page shows it next to the field).
    flags : dict of int -> dict of str -> list of str
        The same for the plausibility flags (accepted, imported once the leader confirms).
    evening_errors : dict of str -> list of str
        An evening field (:data:`EVENING_FIELDS`) -> why it is refused, each reason once.
    file_errors : list of str
        Problems with the whole file (none for a report with at least one entry).
    """

    result: IngestResult
    raw: bytes
    errors: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    flags: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    evening_errors: dict[str, list[str]] = field(default_factory=dict)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every entry is accepted (flags aside)."""
        return not (self.errors or self.evening_errors or self.file_errors)


def _cell(value: object) -> str:
    """Write one typed value as the text of a cell (blank when missing)."""
    if value is None or is_missing(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def report_csv(evening: Evening, entries: Sequence[Mapping[str, object]]) -> bytes:
    r"""Write the evening's entries as a visit file in the template's layout (UTF-8 CSV).

    Parameters
    ----------
    evening : Evening
        The date, team, commune and window, written on every line.
    entries : sequence of mapping
        One mapping per place with keys of :data:`ENTRY_FIELDS` (missing ones blank);
        ``place_type`` is a key of :data:`geo.schema.PLACE_TYPES`, written with its Vietnamese
        label (any other text is written as it is, and the check refuses it).

    Returns
    -------
    bytes
        The header line (the template's Vietnamese headers) and one line per entry, ``\n``
        line ends; the same entries give the same bytes.

    Examples
    --------
    >>> from datetime import date
    >>> raw = report_csv(Evening(date(2023, 3, 14), "Tổ 1", "13291"), [{"place_type": "school"}])
    >>> print(raw.decode().splitlines()[0][:40])
    Ngày,Tổ lưu động,Mã xã,Xã/phường,Huyện,L
    """
    spec = spec_for("visits")
    shared = {
        "date": evening.date.strftime("%d/%m/%Y"),
        "team": evening.team,
        "code": evening.code,
        "start": evening.start,
        "end": evening.end,
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f.header for f in spec.fields])  # the catalog ids: Vietnamese
    with language("vi"):
        for entry in entries:
            kind = entry.get("place_type")
            row: dict[str, str] = {
                **{k: _cell(entry.get(k)) for k in ENTRY_FIELDS},
                "place_type": place_type_label(kind) if kind in PLACE_TYPES else _cell(kind),
                **shared,
            }
            writer.writerow([row.get(f.key, "") for f in spec.fields])
    return buffer.getvalue().encode("utf-8")


def field_reason(reason: str) -> str:
    """Drop the «Dòng 2, cột «…»: » prefix of an import reason (shown next to its field).

    Parameters
    ----------
    reason : str
        A reason of :attr:`IngestResult.rejected` or :attr:`IngestResult.flagged`.

    Returns
    -------
    str
        The reason without the line and column it names.

    Examples
    --------
    >>> field_reason("Dòng 2, cột «Số hộ đã đến»: số âm («-5») — số lượng không được âm.")
    'số âm («-5») — số lượng không được âm.'
    >>> field_reason("Row 3: repeats row 2."), field_reason("no prefix")
    ('repeats row 2.', 'no prefix')
    """
    return _PREFIX.sub("", reason, count=1)


def _by_entry(
    frame: pd.DataFrame, n: int, evening: dict[str, list[str]] | None
) -> dict[int, dict[str, list[str]]]:
    """Group the reasons of a rejected or flagged table by entry and field."""
    out: dict[int, dict[str, list[str]]] = {}
    for line, key, reason in zip(frame["source_row"], frame["field"], frame["reason"], strict=True):
        index = int(line) - FIRST_LINE
        key = "" if is_missing(key) else str(key)
        text = field_reason(str(reason))
        if evening is not None and key in EVENING_FIELDS:
            if text not in evening.setdefault(key, []):
                evening[key].append(text)
            continue
        if key in ("commune", "district"):
            key = "code"
        if 0 <= index < n:
            out.setdefault(index, {}).setdefault(key, []).append(text)
    return out


def check_report(
    evening: Evening,
    entries: Sequence[Mapping[str, object]],
    communes: pd.DataFrame,
    *,
    today: date | None = None,
    thresholds: Thresholds | None = None,
    team_members: Mapping[str, int] | None = None,
    file_name: str | None = None,
) -> ReportCheck:
    """Check a report exactly as its upload would be checked, reasons by entry and field.

    Parameters
    ----------
    evening : Evening
        The evening.
    entries : sequence of mapping
        The places (:func:`report_csv`).
    communes : pandas.DataFrame
        The commune registry the import checks against.
    today : datetime.date, optional
        Latest date accepted (the current date by default).
    thresholds : Thresholds, optional
        Limits of the plausibility checks.
    team_members : mapping of str to int, optional
        Officers of each team (for the per-officer check).
    file_name : str, optional
        Name of the archived file; ``bao-cao-<team>-<date>.csv`` by default.

    Returns
    -------
    ReportCheck
        The result and the reasons by entry; an evening field's reason (a date in the future,
        an unknown commune) is given once in ``evening_errors``.

    Examples
    --------
    >>> from datetime import date
    >>> from geo.places.registry import communes
    >>> entries = [{"place_type": "agency", "people_guided": 10, "registered": 12,
    ...             "activated": 12}]
    >>> check = check_report(Evening(date(2023, 3, 14), "Tổ 1", "13291"), entries,
    ...                      communes("approximate"), today=date(2024, 6, 30))
    >>> check.ok, check.flags[0]["activated"][0][:40]
    (True, 'số kích hoạt (12) lớn hơn số người được ')
    """
    raw = report_csv(evening, entries)
    name = file_name or f"bao-cao-{evening.team}-{evening.date.isoformat()}.csv"
    result = read_visits(
        raw,
        name,
        communes,
        today=today,
        thresholds=thresholds,
        team_members=team_members,
    )
    evening_errors: dict[str, list[str]] = {}
    errors = _by_entry(result.rejected, len(entries), evening_errors)
    flags = _by_entry(result.flagged, len(entries), None)
    return ReportCheck(result, raw, errors, flags, evening_errors, list(result.file_errors))


def evening_totals(entries: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Add up the counts of the evening's places (a blank or unreadable count adds nothing).

    Parameters
    ----------
    entries : sequence of mapping
        The places, with keys of :data:`COUNT_FIELDS`.

    Returns
    -------
    dict of str -> int
        ``places`` (the number of entries) and each of :data:`COUNT_FIELDS`.

    Examples
    --------
    >>> evening_totals([{"households": 3, "activated": 2}, {"households": "4", "activated": None}])
    {'places': 2, 'households': 7, 'people_guided': 0, 'registered': 0, 'activated': 2, \
'services_used': 0}
    """
    totals = {"places": len(entries), **dict.fromkeys(COUNT_FIELDS, 0)}
    for entry in entries:
        for key in COUNT_FIELDS:
            try:
                totals[key] += int(str(_cell(entry.get(key))) or 0)
            except ValueError:
                continue
    return totals
