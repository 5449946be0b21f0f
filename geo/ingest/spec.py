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

from geo.fmt import format_int
from geo.schema import TARGET_COLUMNS, VISIT_COLUMNS

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

MIN_DATE = date(2022, 1, 1)
"""Earliest date accepted for a visit or a target (the campaign started in 2023)."""
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
        Vietnamese header written in the template.
    kind : str
        Kind of value, which chooses the parser: ``"date"``, ``"time"``, ``"team"``,
        ``"place_type"``, ``"count"``, ``"lat"``, ``"lon"``, ``"text"``, ``"note"``, or one of
        the commune keys ``"code"``, ``"commune"``, ``"district"``.
    aliases : tuple of str
        Other headers accepted for the column (Vietnamese with or without diacritics, English).
    required : bool
        Whether a file without this column is refused.
    hint : str
        What is expected, for the template's instructions sheet.
    """

    key: str
    header: str
    kind: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    hint: str = ""


_COMMUNE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "code",
        "Mã xã",
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
        ),
        hint="mã 5 chữ số của Tổng cục Thống kê; ghi mã hoặc tên xã (hoặc cả hai)",
    ),
    FieldSpec(
        "commune",
        "Xã/phường",
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
        ),
        hint="tên xã/phường/thị trấn, có hoặc không dấu",
    ),
    FieldSpec(
        "district",
        "Huyện",
        "district",
        ("quận huyện", "huyện thị xã thành phố", "huyện thị", "district"),
        hint="không bắt buộc; dùng khi hai xã trùng tên",
    ),
)

_VISIT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "date",
        "Ngày",
        "date",
        ("ngày làm việc", "ngày thực hiện", "date", "visit date"),
        True,
        "dd/mm/yyyy",
    ),
    FieldSpec(
        "team",
        "Tổ lưu động",
        "team",
        ("tổ", "tên tổ", "tổ số", "team", "mobile team"),
        True,
        "ví dụ: Tổ 1",
    ),
    *_COMMUNE_FIELDS,
    FieldSpec(
        "place_type",
        "Loại địa điểm",
        "place_type",
        ("loại", "loại nơi làm việc", "loại hình", "place type", "type"),
        True,
        "hộ gia đình / cơ quan / doanh nghiệp / trường học / khác",
    ),
    FieldSpec(
        "place_name",
        "Tên địa điểm",
        "text",
        ("địa điểm", "nơi làm việc", "place name", "place", "location"),
        hint=f"không bắt buộc, tối đa {MAX_TEXT_CHARS} ký tự",
    ),
    FieldSpec(
        "start",
        "Giờ bắt đầu",
        "time",
        ("bắt đầu", "từ giờ", "start", "start time"),
        hint="18:30, 18h30 hoặc 6:30 PM",
    ),
    FieldSpec(
        "end",
        "Giờ kết thúc",
        "time",
        ("kết thúc", "đến giờ", "end", "end time"),
        hint="sau giờ bắt đầu",
    ),
    FieldSpec(
        "households",
        "Số hộ đã đến",
        "count",
        ("số hộ", "hộ đã đến", "số hộ gia đình", "households", "households visited"),
        hint="số nguyên không âm",
    ),
    FieldSpec(
        "people_guided",
        "Số người được hướng dẫn",
        "count",
        ("người được hướng dẫn", "số người hướng dẫn", "people guided", "guided"),
        hint="số nguyên không âm",
    ),
    FieldSpec(
        "registered",
        "Số tài khoản đăng ký",
        "count",
        ("tài khoản đăng ký", "đăng ký", "số đăng ký", "accounts registered", "registered"),
        hint="số nguyên không âm",
    ),
    FieldSpec(
        "activated",
        "Số tài khoản kích hoạt",
        "count",
        (
            "tài khoản kích hoạt",
            "kích hoạt",
            "số kích hoạt",
            "số tài khoản đã kích hoạt",
            "accounts activated",
            "activated",
        ),
        hint="không vượt số tài khoản đăng ký",
    ),
    FieldSpec(
        "services_used",
        "Lượt dùng dịch vụ công trực tuyến",
        "count",
        (
            "lượt sử dụng dịch vụ công trực tuyến",
            "dịch vụ công trực tuyến",
            "dịch vụ công",
            "online service uses",
            "services used",
            "online services",
        ),
        hint="số nguyên không âm",
    ),
    FieldSpec("lat", "Vĩ độ", "lat", ("lat", "latitude"), hint="không bắt buộc; 20,3 – 20,75"),
    FieldSpec(
        "lon",
        "Kinh độ",
        "lon",
        ("lon", "lng", "long", "longitude"),
        hint="không bắt buộc; 105,7 – 106,25",
    ),
    FieldSpec(
        "note",
        "Ghi chú",
        "note",
        ("note", "notes", "comment"),
        hint=f"không bắt buộc, tối đa {format_int(MAX_NOTE_CHARS)} ký tự",
    ),
)

_TARGET_FIELDS: tuple[FieldSpec, ...] = (
    *_COMMUNE_FIELDS,
    FieldSpec(
        "as_of",
        "Tính đến ngày",
        "date",
        ("ngày số liệu", "đến ngày", "ngày", "as of", "date"),
        True,
        "dd/mm/yyyy",
    ),
    FieldSpec("population", "Dân số", "count", ("số dân", "population"), hint="số nguyên không âm"),
    FieldSpec(
        "eligible",
        "Công dân đủ điều kiện",
        "count",
        (
            "số công dân đủ điều kiện",
            "đủ điều kiện",
            "số người đủ điều kiện",
            "đã có cccd gắn chip",
            "eligible",
            "eligible citizens",
        ),
        hint="không vượt dân số",
    ),
    FieldSpec(
        "quota",
        "Chỉ tiêu",
        "count",
        ("chỉ tiêu kích hoạt", "quota", "target"),
        hint="số nguyên không âm",
    ),
    FieldSpec(
        "activated_baseline",
        "Đã kích hoạt",
        "count",
        (
            "số đã kích hoạt",
            "số tài khoản đã kích hoạt",
            "kích hoạt",
            "activated",
            "activated count",
            "activated baseline",
            "activated_baseline",
        ),
        hint="số chính thức; không vượt số công dân đủ điều kiện",
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
        Name of the template's data sheet (also the sheet preferred when reading a workbook).
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
    "visits": FileSpec("visits", _VISIT_FIELDS, "Lượt làm việc", VISIT_COLUMNS),
    "targets": FileSpec("targets", _TARGET_FIELDS, "Chỉ tiêu", TARGET_COLUMNS),
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


#: The templates' header of every field, per kind (``{"visits": {"date": "Ngày", ...}, ...}``).
FILE_HEADERS = {kind: {f.key: f.header for f in spec.fields} for kind, spec in SPECS.items()}
