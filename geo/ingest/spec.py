"""What an import file holds: one specification per kind of file, column by column.

A :class:`FileSpec` lists the :class:`FieldSpec` of every column of a visit log (``"visits"``)
or of a commune-targets file (``"targets"``), in the template's order: the internal key, the
Vietnamese header of the template, the kind of value, the other headers accepted for it and the
hint shown on the template's instructions sheet. The limits the checks enforce live here too, so
that the hints and the checks quote the same numbers.

Examples
--------
>>> spec = spec_for("visits")
>>> spec.sheet_title, spec.field("date").header, spec.field("date").required
('Lượt làm việc', 'Ngày', True)
>>> FILE_HEADERS["targets"]["as_of"]
'Tính đến ngày'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geo.fmt import format_int, format_number
from geo.i18n import N_, _
from geo.schema import PLACE_TYPES, TARGET_COLUMNS, VISIT_COLUMNS, place_type_label

__all__ = [
    "FILE_HEADERS",
    "HA_NAM_BBOX",
    "MAX_COUNT",
    "MAX_NOTE_CHARS",
    "MAX_TEAM_CHARS",
    "MAX_TEXT_CHARS",
    "MIN_DATE",
    "SPECS",
    "FieldSpec",
    "FileSpec",
    "spec_for",
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
        >>> spec_for("visits").field("lat").hint_text()
        'không bắt buộc; 20,3 – 20,75'
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


_COUNT_HINT = N_("số nguyên không âm")

_COMMUNE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "code",
        N_("Mã xã"),
        "code",
        (
            "mã",
            "mã đơn vị",
            "mã xã phường",
            "mã đơn vị hành chính",
            "code",
            "commune code",
            "gso code",
            "commune_code",
            "mã đvhc",
            "mã xp",
            "mã phường xã",
            "mã số xã",
        ),
        hint=N_("mã 5 chữ số của Tổng cục Thống kê; ghi mã hoặc tên xã (hoặc cả hai)"),
    ),
    FieldSpec(
        "commune",
        N_("Xã/phường"),
        "commune",
        (
            "xã",
            "phường",
            "xã phường thị trấn",
            "tên xã",
            "tên xã phường",
            "đơn vị hành chính cấp xã",
            "đơn vị",
            "commune",
            "ward",
            "commune ward",
            "commune name",
            "commune ward township",
            "tên xp",
            "xã phường",
            "tên đơn vị",
            "xp",
        ),
        hint=N_("tên xã/phường/thị trấn, có hoặc không dấu"),
    ),
    FieldSpec(
        "district",
        N_("Huyện"),
        "district",
        ("quận huyện", "huyện thị xã thành phố", "huyện thị", "district", "tên huyện", "qh"),
        hint=N_("không bắt buộc; dùng khi hai xã trùng tên"),
    ),
)

_VISIT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "date",
        N_("Ngày"),
        "date",
        (
            "ngày làm việc",
            "ngày thực hiện",
            "date",
            "visit date",
            "ngày lv",
            "ngày tháng",
            "ngày đi",
        ),
        True,
        N_("dd/mm/yyyy"),
    ),
    FieldSpec(
        "team",
        N_("Tổ lưu động"),
        "team",
        ("tổ", "tên tổ", "tổ số", "team", "mobile team", "tld", "tổ công tác", "tên tld"),
        True,
        N_("ví dụ: Tổ 1"),
    ),
    *_COMMUNE_FIELDS,
    FieldSpec(
        "place_type",
        N_("Loại địa điểm"),
        "place_type",
        ("loại", "loại nơi làm việc", "loại hình", "place type", "type", "loại điểm", "phân loại"),
        True,
        "hộ gia đình / cơ quan / doanh nghiệp / trường học / khác",
    ),
    FieldSpec(
        "place_name",
        N_("Tên địa điểm"),
        "text",
        (
            "địa điểm",
            "nơi làm việc",
            "place name",
            "place",
            "location",
            "tên điểm",
            "điểm",
            "địa chỉ",
        ),
        hint=N_("không bắt buộc, tối đa {max_text} ký tự"),
    ),
    FieldSpec(
        "start",
        N_("Giờ bắt đầu"),
        "time",
        ("bắt đầu", "từ giờ", "start", "start time", "giờ bd", "tg bd", "từ"),
        hint=N_("18:30, 18h30 hoặc 6:30 PM"),
    ),
    FieldSpec(
        "end",
        N_("Giờ kết thúc"),
        "time",
        ("kết thúc", "đến giờ", "end", "end time", "giờ kt", "tg kt", "đến"),
        hint=N_("sau giờ bắt đầu"),
    ),
    FieldSpec(
        "households",
        N_("Số hộ đã đến"),
        "count",
        (
            "số hộ",
            "hộ đã đến",
            "số hộ gia đình",
            "households",
            "households visited",
            "hộ gia đình",
            "hộ",
            "số hộ đến",
        ),
        hint=_COUNT_HINT,
    ),
    FieldSpec(
        "people_guided",
        N_("Số người được hướng dẫn"),
        "count",
        (
            "người được hướng dẫn",
            "số người hướng dẫn",
            "people guided",
            "guided",
            "số người được hd",
            "số hướng dẫn",
            "hướng dẫn",
            "đã hướng dẫn",
            "số người",
        ),
        hint=_COUNT_HINT,
    ),
    FieldSpec(
        "registered",
        N_("Số tài khoản đăng ký"),
        "count",
        (
            "tài khoản đăng ký",
            "đăng ký",
            "số đăng ký",
            "accounts registered",
            "registered",
            "số tk đăng ký",
            "số tk đk",
            "tk đk",
        ),
        hint=_COUNT_HINT,
    ),
    FieldSpec(
        "activated",
        N_("Số tài khoản kích hoạt"),
        "count",
        (
            "tài khoản kích hoạt",
            "kích hoạt",
            "số kích hoạt",
            "số tài khoản đã kích hoạt",
            "accounts activated",
            "số tk kích hoạt",
            "số tk kh",
            "tk kh",
            "đã kích hoạt",
            "activated",
        ),
        hint=N_("không vượt số tài khoản đăng ký"),
    ),
    FieldSpec(
        "services_used",
        N_("Lượt dùng dịch vụ công trực tuyến"),
        "count",
        (
            "lượt sử dụng dịch vụ công trực tuyến",
            "dịch vụ công trực tuyến",
            "dịch vụ công",
            "online service uses",
            "số dịch vụ công",
            "số lượt dịch vụ công",
            "lượt dịch vụ công",
            "số dịch vụ công trực tuyến",
            "dịch vụ công tt",
            "services used",
            "online services",
            "online public service uses",
        ),
        hint=_COUNT_HINT,
    ),
    FieldSpec(
        "lat",
        N_("Vĩ độ"),
        "lat",
        ("lat", "latitude"),
        hint=N_("không bắt buộc; {lat_min} – {lat_max}"),
    ),
    FieldSpec(
        "lon",
        N_("Kinh độ"),
        "lon",
        ("lon", "lng", "long", "longitude"),
        hint=N_("không bắt buộc; {lon_min} – {lon_max}"),
    ),
    FieldSpec(
        "note",
        N_("Ghi chú"),
        "note",
        ("note", "notes", "comment", "chú thích", "ghi chú khác"),
        hint=N_("không bắt buộc, tối đa {max_note} ký tự"),
    ),
)

_TARGET_FIELDS: tuple[FieldSpec, ...] = (
    *_COMMUNE_FIELDS,
    FieldSpec(
        "as_of",
        N_("Tính đến ngày"),
        "date",
        ("ngày số liệu", "đến ngày", "ngày", "as of", "date", "as of date", "tính đến", "ngày sl"),
        True,
        N_("dd/mm/yyyy"),
    ),
    FieldSpec(
        "population",
        N_("Dân số"),
        "count",
        ("số dân", "population", "tổng dân số", "tổng số dân"),
        hint=_COUNT_HINT,
    ),
    FieldSpec(
        "eligible",
        N_("Công dân đủ điều kiện"),
        "count",
        (
            "số công dân đủ điều kiện",
            "đủ điều kiện",
            "số người đủ điều kiện",
            "đã có cccd gắn chip",
            "số đủ điều kiện",
            "cd đủ đk",
            "số cd đủ đk",
            "đủ đk",
            "eligible",
            "eligible citizens",
        ),
        hint=N_("không vượt dân số"),
    ),
    FieldSpec(
        "quota",
        N_("Chỉ tiêu"),
        "count",
        (
            "chỉ tiêu kích hoạt",
            "quota",
            "target",
            "activation quota",
            "số chỉ tiêu",
            "chỉ tiêu giao",
        ),
        hint=_COUNT_HINT,
    ),
    FieldSpec(
        "activated_baseline",
        N_("Đã kích hoạt"),
        "count",
        (
            "số đã kích hoạt",
            "số tài khoản đã kích hoạt",
            "kích hoạt",
            "đã kh",
            "số đã kh",
            "activated",
            "activated count",
            "activated baseline",
            "activated_baseline",
        ),
        hint=N_("số chính thức; không vượt số công dân đủ điều kiện"),
    ),
)


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
        >>> spec_for("targets").keys_of("count")
        ['population', 'eligible', 'quota', 'activated_baseline']
        """
        return [f.key for f in self.fields if f.kind == kind]


SPECS = {
    "visits": FileSpec("visits", _VISIT_FIELDS, N_("Lượt làm việc"), VISIT_COLUMNS),
    "targets": FileSpec("targets", _TARGET_FIELDS, N_("Chỉ tiêu"), TARGET_COLUMNS),
}
"""The specification of each kind of file."""


def spec_for(kind: str) -> FileSpec:
    """Return the specification of one kind of file.

    Parameters
    ----------
    kind : str
        ``"visits"`` or ``"targets"``.

    Returns
    -------
    FileSpec
        Its columns, sheet title and accepted-table columns.

    Raises
    ------
    ValueError
        For any other kind.

    Examples
    --------
    >>> spec_for("targets").columns[:2]
    ['code', 'as_of']
    >>> spec_for("teams")
    Traceback (most recent call last):
    ...
    ValueError: kind must be 'visits' or 'targets', not 'teams'
    """
    try:
        return SPECS[kind]
    except KeyError:
        raise ValueError(f"kind must be 'visits' or 'targets', not {kind!r}") from None


#: The templates' Vietnamese header of every field, per kind (``{"visits": {"date": "Ngày", ...},
#: ...}``): catalog ids, shown with ``_()``.
FILE_HEADERS = {kind: {f.key: f.header for f in spec.fields} for kind, spec in SPECS.items()}
