"""The audit log as people read it: one row per action, who, when, what, from where (issue 12).

The store keeps each audit row as ``at`` (naive UTC), ``user``, ``action`` (a key such as
``"import"``), ``detail`` (JSON text written by the store) and ``origin`` (the browser's
address). :func:`audit_table` turns those rows into a table in the language in use: the time in
Vietnam time (:func:`geo.fmt.format_datetime`, as the import history and the plans show
times), the action's name (:data:`ACTION_LABELS`; an action this module does not know is shown
as it is) and a short summary of the detail, ``key: value`` pairs with the keys named in words
(:data:`DETAIL_LABELS`). A detail that is not JSON is shown as it was stored.

Nothing secret is ever shown: the store writes no password, hash or token into the log, and a
key that names one (``password``, ``hash``, ``token``, ``secret``) is left out of the summary
anyway, and so is a file's SHA-256 (kept in the database for checks; a reader knows the file by
its name and import number). :func:`filter_text` keeps the rows that contain every word typed,
in any case, with or without diacritics; :func:`audit_xlsx` writes the table as a workbook
whose text never becomes a formula (:mod:`geo.xlsx`).

Examples
--------
>>> log = pd.DataFrame({"id": [1], "at": [pd.Timestamp("2023-03-14 11:30")], "user": ["hoa"],
...     "action": ["import"], "detail": ['{"batch_id": 5, "file_name": "to1.csv"}'],
...     "origin": ["10.0.0.7"]})
>>> audit_table(log).iloc[0].tolist()
['14/03/2023 18:30', 'hoa', 'Nhập dữ liệu', 'tệp: to1.csv; lần nhập: 5', '10.0.0.7']
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
from openpyxl import Workbook

from geo.clock import VIETNAM
from geo.dates import format_date_range
from geo.fmt import display_text, format_date, format_datetime, format_int, is_missing
from geo.i18n import N_, _, ngettext
from geo.places.spelling import fold
from geo.schema import REQUEST_REASON_LABELS
from geo.xlsx import to_bytes, write_sheet

__all__ = [
    "ACTION_LABELS",
    "DETAIL_LABELS",
    "VALUE_LABELS",
    "action_label",
    "audit_table",
    "audit_xlsx",
    "detail_text",
    "filter_text",
    "period_bounds",
]

#: Each audit action the app writes -> its name (a catalog id: show it with ``_()``).
ACTION_LABELS: dict[str, str] = {
    "import": N_("Nhập dữ liệu"),
    "import_duplicate": N_("Nhập lại tệp đã có (không tính thêm)"),
    "import_refused": N_("Tệp không có dòng hợp lệ (lưu lại, không tính là đã nhập)"),
    "undo_import": N_("Hoàn tác lần nhập"),
    "migration_dedup": N_("Xóa dòng trùng khi nâng cấp cơ sở dữ liệu"),
    "save_import_mapping": N_("Ghi nhớ cách ghép cột"),
    "save_value_alias": N_("Ghi nhớ nghĩa của giá trị trong tệp"),
    "update_teams": N_("Sửa danh sách tổ lưu động"),
    "save_plan": N_("Lưu kế hoạch"),
    "publish_plan": N_("Công bố kế hoạch"),
    "account_create": N_("Tạo tài khoản người dùng"),
    "account_update": N_("Sửa tài khoản người dùng"),
    "account_password": N_("Đặt mật khẩu mới"),
    "account_disable": N_("Vô hiệu hóa tài khoản người dùng"),
    "account_enable": N_("Mở lại tài khoản người dùng"),
    "sign_in": N_("Đăng nhập"),
    "sign_in_failed": N_("Đăng nhập không thành công"),
    "sign_in_locked": N_("Đăng nhập khi tài khoản đang tạm khóa"),
    "sign_out": N_("Đăng xuất"),
    "session_expired": N_("Hết phiên làm việc do không thao tác"),
    "export": N_("Xuất dữ liệu"),
    "download_original": N_("Tải tệp gốc của lần nhập"),
    "meeting_pack": N_("Tải báo cáo giao ban"),
    "view_audit": N_("Tải nhật ký thao tác"),
    "home_request_add": N_("Ghi yêu cầu hỗ trợ tại nhà"),
    "home_request_close": N_("Đóng yêu cầu hỗ trợ tại nhà"),
}
#: Keys of the stored detail -> their names in the summary (catalog ids), in the summary's order
#: (keys it does not name come after them, as stored).
DETAIL_LABELS: dict[str, str] = {
    "username": N_("tài khoản"),
    "display_name": N_("họ tên"),
    "role": N_("vai trò"),
    "scope": N_("phạm vi"),
    "team": N_("tổ"),
    "before": N_("trước đó"),
    "file": N_("tệp"),
    "file_name": N_("tệp"),
    "page": N_("trang"),
    "batch": N_("lần nhập"),
    "batch_id": N_("lần nhập"),
    "duplicate_of": N_("trùng với lần nhập"),
    "kind": N_("loại"),
    "rows": N_("số dòng"),
    "rows_ok": N_("dòng hợp lệ"),
    "rows_rejected": N_("dòng bị từ chối"),
    "rows_removed": N_("dòng đã xóa"),
    "plan_id": N_("kế hoạch"),
    "assignments": N_("số lượt phân công"),
    "method": N_("phương thức"),
    "horizon_start": N_("từ ngày"),
    "horizon_days": N_("số ngày"),
    "teams": N_("tổ lưu động"),
    "reason": N_("lý do"),
    "attempt": N_("lần sai thứ"),
    "idle_min": N_("số phút không thao tác"),
    "period": N_("thời gian"),
    "rows_skipped": N_("dòng đã có, không nhập lại"),
    "replaced": N_("thay cho lần nhập"),
    "replaced_by": N_("được thay bằng lần nhập"),
    "teams_removed": N_("tổ đã xóa"),
    "layout": N_("dạng tệp"),
    "mapping": N_("cách ghép cột"),
    "field": N_("cột"),
    "value": N_("giá trị"),
    "code": N_("mã"),
    "batches": N_("các lần nhập"),
    "id": N_("yêu cầu"),  # a home-visit request's number
}
#: Values of some keys -> their names (catalog ids); other values are shown as stored.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "kind": {"visits": N_("lượt làm việc"), "targets": N_("chỉ tiêu")},
    "method": {
        "password": N_("mật khẩu"),
        "demo": N_("tài khoản trình diễn"),
        "sso": N_("đăng nhập một lần (SSO)"),
        "milp": N_("Tối ưu (MILP)"),
        "greedy": N_("Lần lượt từng buổi (greedy)"),
    },
    "reason": {
        "unknown": N_("không có tài khoản này"),
        "password": N_("sai mật khẩu"),
        "locked": N_("sai quá số lần cho phép, tài khoản bị tạm khóa"),
        "disabled": N_("tài khoản đã bị vô hiệu hóa"),
        "demo": N_("tài khoản trình diễn không đăng nhập bằng mật khẩu"),
        **REQUEST_REASON_LABELS,  # a home-visit request's reason
    },
    "page": {
        "map": N_("Bản đồ"),
        "data": N_("Dữ liệu"),
        "planner": N_("Kế hoạch"),
        "progress": N_("Tiến độ"),
        "accounts": N_("Tài khoản người dùng"),
        "audit": N_("Nhật ký thao tác"),
    },
}
#: Yes/no keys shown by their name alone, when true (and left out when false).
_FLAGS: dict[str, str] = {
    "demo": N_("tài khoản trình diễn"),
    "republished": N_("công bố lại"),
}
_SECRET = re.compile(r"password|passwd|hash|token|secret", re.IGNORECASE)
#: Keys left out of the summary: the file's SHA-256 (kept in the database, for checks) is no
#: help to a reader, who knows the file by its name and its import number.
_HIDDEN = frozenset({"sha256"})
_SCOPE_KEYS = ("scope_level", "scope_codes")
_POSITIONS = {key: i for i, key in enumerate(DETAIL_LABELS)}


def action_label(action: object) -> str:
    """Name an audit action in the language in use.

    Parameters
    ----------
    action : object
        A key of :data:`ACTION_LABELS`; anything else is shown as it is.

    Returns
    -------
    str
        The action's name.

    Examples
    --------
    >>> action_label("undo_import"), action_label("sync_boundaries")
    ('Hoàn tác lần nhập', 'sync_boundaries')
    """
    text = display_text(action)
    return _(ACTION_LABELS[text]) if text in ACTION_LABELS else text


def _scope(level: object, codes: object) -> str:
    """Name a stored scope («toàn tỉnh», «huyện 347, 349»), as :func:`geo.access.scope_text`."""
    listed = [c for c in display_text(codes).split(",") if c.strip()]
    joined = ", ".join(c.strip() for c in listed) or "—"
    if level == "province":
        return _("toàn tỉnh")
    if level == "district":
        return ngettext("huyện {codes}", "huyện {codes}", len(listed)).format(codes=joined)
    if level == "commune":
        return ngettext("xã {codes}", "xã {codes}", len(listed)).format(codes=joined)
    return joined if is_missing(level) else f"{display_text(level)} {joined}".strip()


def _value(key: str, value: Any, role_labels: Mapping[str, str]) -> str:
    """Write one stored value for people: a name, a number, a date, a list."""
    if isinstance(value, dict):
        return f"({_pairs(value, role_labels)})"
    if isinstance(value, list | tuple):
        return ", ".join(_value(key, v, role_labels) for v in value)
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, int):
        return format_int(value)
    text = display_text(value)
    if key == "role" and text in role_labels:
        return role_labels[text]
    if key in VALUE_LABELS and text in VALUE_LABELS[key]:
        return _(VALUE_LABELS[key][text])
    try:
        if key == "horizon_start":
            return format_date(dt.date.fromisoformat(text))
        if key == "period" and "/" in text:  # "2023-03-14/2023-03-21" (ISO 8601 interval)
            first, last = (dt.date.fromisoformat(part) for part in text.split("/", 1))
            return format_date_range(first, last)
    except ValueError:
        pass
    return text


def _order(item: tuple[str, Any]) -> int:
    """Sort key of a detail's pair: the place of its key in :data:`DETAIL_LABELS`."""
    key = "scope" if item[0] in _SCOPE_KEYS else item[0]
    return _POSITIONS.get(key, len(_POSITIONS))


def _pairs(detail: Mapping[str, Any], role_labels: Mapping[str, str]) -> str:
    """Write a detail's ``key: value`` pairs, scope keys joined, secrets and blanks left out."""
    parts: list[str] = []
    scope_done = False
    for key, value in sorted(detail.items(), key=_order):
        if key in _HIDDEN or _SECRET.search(str(key)):
            continue
        if key in _SCOPE_KEYS:
            if not scope_done:
                scope = _scope(detail.get("scope_level"), detail.get("scope_codes"))
                parts.append(f"{_(DETAIL_LABELS['scope'])}: {scope}")
                scope_done = True
            continue
        if key in _FLAGS:
            if value is True:
                parts.append(_(_FLAGS[key]))
            continue
        if value is None or value == "" or value == [] or value == {}:
            continue
        label = _(DETAIL_LABELS[key]) if key in DETAIL_LABELS else str(key)
        parts.append(f"{label}: {_value(str(key), value, role_labels)}")
    return "; ".join(parts)


def detail_text(detail: object, role_labels: Mapping[str, str] | None = None) -> str:
    """Summarise the stored detail of an audit row in a line a person reads.

    Parameters
    ----------
    detail : object
        The ``detail`` column: JSON text (an object, usually), or missing.
    role_labels : mapping, optional
        Role key -> its name in the language in use, for the ``role`` values
        (:data:`geo.access.ROLE_LABELS` translated); without it, roles show as stored.

    Returns
    -------
    str
        ``key: value`` pairs joined by ``; `` (keys named, values in words, numbers formatted,
        a scope as «huyện 347, 349», true flags by their name); a text that is not JSON as it
        is; ``""`` when missing or empty.

    Examples
    --------
    >>> detail_text('{"username": "hoa", "role": "clerk", "scope_level": "district", '
    ...             '"scope_codes": "347,349", "team": null, "demo": false}',
    ...             {"clerk": "cán bộ nhập liệu"})
    'tài khoản: hoa; vai trò: cán bộ nhập liệu; phạm vi: huyện 347, 349'
    >>> detail_text('{"reason": "password", "attempt": 3}')
    'lý do: sai mật khẩu; lần sai thứ: 3'
    >>> detail_text("not json {"), detail_text(None), detail_text("{}")
    ('not json {', '', '')
    >>> from geo.i18n import language
    >>> with language("en"):
    ...     detail_text('{"rows_ok": 1923, "kind": "visits"}')
    'kind: visits; valid rows: 1,923'
    """
    if is_missing(detail):
        return ""
    text = display_text(detail)
    try:
        parsed = json.loads(text)
    except ValueError:
        return text
    if isinstance(parsed, dict):
        return _pairs(parsed, role_labels or {})
    return _value("", parsed, role_labels or {}) if parsed is not None else ""


def _columns() -> dict[str, str]:
    return {
        "at": _("Thời điểm"),
        "user": _("Tài khoản"),
        "action": _("Thao tác"),
        "detail": _("Chi tiết"),
        "origin": _("Nơi thao tác"),
    }


def audit_table(frame: pd.DataFrame, role_labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Describe audit rows for people, newest first.

    Parameters
    ----------
    frame : pandas.DataFrame
        :meth:`geo.store.Store.audit_log`: ``id, at, user, action, detail, origin`` (``at``
        naive UTC, ``detail`` JSON text).
    role_labels : mapping, optional
        For :func:`detail_text`.

    Returns
    -------
    pandas.DataFrame
        Columns «Thời điểm» (Vietnam time, ``dd/mm/yyyy HH:MM``), «Tài khoản», «Thao tác»,
        «Chi tiết», «Nơi thao tác» (None when unknown: the command line, older rows), headers
        in the language in use; newest first (by ``id``), with a fresh index.

    Examples
    --------
    >>> log = pd.DataFrame({"id": [1, 2], "user": ["an", "an"],
    ...     "at": pd.to_datetime(["2023-03-14 01:00", "2023-03-14 02:00"]),
    ...     "action": ["sign_in", "sync_boundaries"], "detail": ["{}", "x"], "origin": [None, ""]})
    >>> audit_table(log)["Thao tác"].tolist(), audit_table(log)["Nơi thao tác"].tolist()
    (['sync_boundaries', 'Đăng nhập'], [None, None])
    >>> list(audit_table(log.iloc[0:0]).columns)
    ['Thời điểm', 'Tài khoản', 'Thao tác', 'Chi tiết', 'Nơi thao tác']
    """
    names = _columns()
    if frame.empty:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in names.values()})
    rows = frame.sort_values("id", ascending=False) if "id" in frame.columns else frame
    origin = rows["origin"] if "origin" in rows.columns else pd.Series(None, index=rows.index)
    table = pd.DataFrame(
        {
            names["at"]: rows["at"].map(format_datetime),
            names["user"]: rows["user"].map(display_text),
            names["action"]: rows["action"].map(action_label),
            names["detail"]: rows["detail"].map(lambda d: detail_text(d, role_labels)),
            names["origin"]: pd.Series(
                [display_text(o) or None for o in origin], index=rows.index, dtype=object
            ),
        }
    )
    return table.reset_index(drop=True)


def filter_text(table: pd.DataFrame, text: str) -> pd.DataFrame:
    """Keep the rows of a table that contain every word typed, ignoring case and diacritics.

    Parameters
    ----------
    table : pandas.DataFrame
        Any table (:func:`audit_table`); every column is searched, the detail first of all.
    text : str
        What the user typed; blank keeps every row.

    Returns
    -------
    pandas.DataFrame
        The rows where each word of ``text``, folded (:func:`geo.places.spelling.fold`), is
        part of the row's folded text, with their index.

    Examples
    --------
    >>> t = pd.DataFrame({"Chi tiết": ["tệp: Tổ 1.csv", "tệp: tổ_2.xlsx", "lý do: sai mật khẩu"]})
    >>> filter_text(t, "TO 1")["Chi tiết"].tolist(), len(filter_text(t, "  "))
    (['tệp: Tổ 1.csv'], 3)
    >>> filter_text(t, "mat khau")["Chi tiết"].tolist(), filter_text(t, "khẩu sai").index.tolist()
    (['lý do: sai mật khẩu'], [2])
    """
    words = fold(text).split()
    if not words or table.empty:
        return table
    haystack = table.astype("string").fillna("").agg(" ".join, axis=1).map(fold)
    keep = pd.Series(True, index=table.index)
    for word in words:
        keep &= haystack.str.contains(word, regex=False)
    return table[keep]


def audit_xlsx(table: pd.DataFrame) -> bytes:
    """Write the audit table as an Excel workbook (one sheet; text never a formula).

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`audit_table` (or its :func:`filter_text` rows).

    Returns
    -------
    bytes
        The ``.xlsx`` file: the headers on the first row, then the rows as shown.

    Examples
    --------
    >>> import io
    >>> from openpyxl import load_workbook
    >>> t = pd.DataFrame({"Tài khoản": ["=cmd"], "Chi tiết": ["tệp: a.csv"]})
    >>> sheet = load_workbook(io.BytesIO(audit_xlsx(t))).active
    >>> [[c.value for c in row] for row in sheet.iter_rows()], sheet.title
    ([['Tài khoản', 'Chi tiết'], ['=cmd', 'tệp: a.csv']], 'Nhật ký thao tác')
    >>> sheet["A2"].data_type, sheet["A2"].quotePrefix
    ('s', True)
    """
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = _("Nhật ký thao tác")
    headers = {str(c): str(c) for c in table.columns}
    write_sheet(wb, "", table, headers, text_columns=list(headers), sheet=sheet)
    return to_bytes(wb)


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Turn a period of Vietnam days into the store's bounds ``since <= at < until``.

    Parameters
    ----------
    start, end : datetime.date
        The first and the last day, as people read them (Vietnam time).

    Returns
    -------
    tuple of datetime.datetime
        Naive UTC: midnight in Vietnam at ``start``, and at the day after ``end`` (exclusive).

    Examples
    --------
    >>> period_bounds(dt.date(2023, 3, 14), dt.date(2023, 3, 14))
    (datetime.datetime(2023, 3, 13, 17, 0), datetime.datetime(2023, 3, 14, 17, 0))
    """

    def utc(day: dt.date) -> dt.datetime:
        local = dt.datetime.combine(day, dt.time(), tzinfo=VIETNAM)
        return local.astimezone(dt.UTC).replace(tzinfo=None)

    return utc(start), utc(end + dt.timedelta(days=1))
