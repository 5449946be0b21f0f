"""What an import file holds: one specification per kind of file, column by column.

A :class:`FileSpec` lists the :class:`FieldSpec` of every column of a visit log (``"visits"``)
or of a commune-targets file (``"targets"``), in the template's order: the internal key, the
Vietnamese header of the template, the kind of value, the other headers accepted for it and the
hint shown on the template's instructions sheet. The classes and the limits the checks enforce
(so that the hints and the checks quote the same numbers) are in :mod:`geo.ingest.fieldspec`
and named here too.

Examples
--------
>>> spec = spec_for("visits")
>>> spec.sheet_title, spec.field("date").header, spec.field("date").required
('Lượt làm việc', 'Ngày', True)
>>> FILE_HEADERS["targets"]["as_of"]
'Tính đến ngày'
"""

from __future__ import annotations

from geo.i18n import N_
from geo.ingest.fieldspec import (
    HA_NAM_BBOX,
    MAX_COUNT,
    MAX_NOTE_CHARS,
    MAX_TEAM_CHARS,
    MAX_TEXT_CHARS,
    MIN_DATE,
    FieldSpec,
    FileSpec,
)
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
