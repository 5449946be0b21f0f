"""The shape of an import file's specification, and the limits its checks enforce.

A column is a :class:`FieldSpec`, a kind of file a :class:`FileSpec`; the limits are quoted by
the hints and enforced by the checks. The specifications themselves, column by column, are in
:mod:`geo.ingest.spec`.

Examples
--------
>>> FieldSpec("date", "Ngày", "date", required=True).label()
'Ngày'
>>> MIN_DATE.year, MAX_COUNT
(2020, 10000000)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geo.fmt import format_int, format_number
from geo.i18n import _
from geo.schema import PLACE_TYPES, place_type_label

__all__ = [
    "HA_NAM_BBOX",
    "MAX_COUNT",
    "MAX_NOTE_CHARS",
    "MAX_TEAM_CHARS",
    "MAX_TEXT_CHARS",
    "MIN_DATE",
    "FieldSpec",
    "FileSpec",
]

MIN_DATE = date(2020, 1, 1)
"""Earliest date accepted for a visit or a target (the campaign started in 2023; a date
before 2020 is a typing mistake)."""
MAX_NOTE_CHARS = 2000
"""Longest note accepted, in characters."""
MAX_TEXT_CHARS = 200
"""Longest place name accepted, in characters."""
MAX_TEAM_CHARS = 50
"""Longest free-text team name accepted, in characters."""
MAX_COUNT = 10_000_000
"""Largest value accepted in a count column."""
HA_NAM_BBOX = (105.7, 20.3, 106.25, 20.75)
"""(lon_min, lat_min, lon_max, lat_max) of the old Hà Nam province, in degrees (WGS 84)."""


@dataclass(frozen=True)
class FieldSpec:
    """One column of an import file.

    Attributes
    ----------
    key : str
        Internal column name (``"date"``, ``"code"``, ``"households"``, ...).
    header : str
        Vietnamese header written in the template (the catalog's id: :meth:`label` translates
        it).
    kind : str
        Kind of value, which chooses the parser: ``"date"``, ``"time"``, ``"team"``,
        ``"place_type"``, ``"count"``, ``"lat"``, ``"lon"``, ``"text"``, ``"note"``, or one of
        the commune keys ``"code"``, ``"commune"``, ``"district"``.
    aliases : tuple of str
        Other headers accepted for the column (Vietnamese with or without diacritics, English);
        the template's header in every language is accepted too.
    required : bool
        Whether a file without this column is refused.
    hint : str
        What is expected, for the template's instructions sheet (the catalog's id, with named
        placeholders: :meth:`hint_text` translates and fills it).
    """

    key: str
    header: str
    kind: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    hint: str = ""

    def label(self) -> str:
        """Name the column as the template of the language in use heads it.

        Returns
        -------
        str
            ``"Ngày"`` in Vietnamese, ``"Date"`` in English.

        Examples
        --------
        >>> from geo.ingest.spec import spec_for
        >>> spec_for("visits").field("team").label()
        'Tổ lưu động'
        """
        return _(self.header)

    def hint_text(self) -> str:
        """Say how to write the column, in the language in use (numbers in its format).

        Returns
        -------
        str
            The hint of the instructions sheet; ``""`` when there is none.

        Examples
        --------
        >>> from geo.ingest.spec import spec_for
        >>> spec_for("visits").field("lat").hint_text()
        'không bắt buộc; 20,3 – 20,75'
        >>> from geo.ingest.spec import spec_for
        >>> spec_for("visits").field("place_type").hint_text()
        'hộ gia đình / cơ quan / doanh nghiệp / trường học / khác'
        """
        if self.kind == "place_type":
            return " / ".join(place_type_label(k) for k in PLACE_TYPES)
        return _(self.hint).format(**_hint_values()) if self.hint else ""


def _hint_values() -> dict[str, str]:
    """Fill the hints' placeholders: the limits, formatted in the language in use.

    Returns
    -------
    dict
        Placeholder -> text.
    """
    lon_min, lat_min, lon_max, lat_max = HA_NAM_BBOX
    return {
        "max_text": format_int(MAX_TEXT_CHARS),
        "max_note": format_int(MAX_NOTE_CHARS),
        "lat_min": format_number(lat_min, 2, trim=True),
        "lat_max": format_number(lat_max, 2, trim=True),
        "lon_min": format_number(lon_min, 2, trim=True),
        "lon_max": format_number(lon_max, 2, trim=True),
    }


@dataclass(frozen=True)
class FileSpec:
    """The columns of one kind of import file.

    Attributes
    ----------
    kind : str
        ``"visits"`` or ``"targets"``.
    fields : tuple of FieldSpec
        Every column the file may have, in the template's order.
    sheet_title : str
        Vietnamese name of the template's data sheet (the catalog's id; the sheet preferred when
        reading a workbook, in either language).
    columns : list of str
        Columns of the accepted table (:data:`geo.schema.VISIT_COLUMNS` or
        :data:`geo.schema.TARGET_COLUMNS`), without ``source_row``.
    """

    kind: str
    fields: tuple[FieldSpec, ...]
    sheet_title: str
    columns: list[str]

    def field(self, key: str) -> FieldSpec:
        """Look up a column by its internal key.

        Parameters
        ----------
        key : str
            Internal column name, e.g. ``"date"``.

        Returns
        -------
        FieldSpec
            The column with that key.

        Raises
        ------
        StopIteration
            When the file has no such column.

        Examples
        --------
        >>> from geo.ingest.spec import spec_for
        >>> spec_for("targets").field("quota").header
        'Chỉ tiêu'
        """
        return next(f for f in self.fields if f.key == key)

    def sheet_label(self) -> str:
        """Name the template's data sheet in the language in use.

        Returns
        -------
        str
            ``"Lượt làm việc"`` or ``"Chỉ tiêu"`` in Vietnamese.
        """
        return _(self.sheet_title)

    def keys_of(self, kind: str) -> list[str]:
        """List the keys of the columns of one kind, in the template's order.

        Parameters
        ----------
        kind : str
            Kind of value, e.g. ``"count"``.

        Returns
        -------
        list of str
            Internal keys of those columns.

        Examples
        --------
        >>> from geo.ingest.spec import spec_for
        >>> spec_for("targets").keys_of("count")
        ['population', 'eligible', 'quota', 'activated_baseline']
        """
        return [f.key for f in self.fields if f.kind == kind]
