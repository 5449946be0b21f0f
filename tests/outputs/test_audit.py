"""geo.outputs.audit: the audit log as people read it (labels, summaries, search, Excel)."""

from __future__ import annotations

import ast
import datetime as dt
import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from geo.access import ROLE_LABELS
from geo.config import REPO_ROOT
from geo.i18n import _, language
from geo.outputs.audit import (
    ACTION_LABELS,
    action_label,
    audit_table,
    audit_xlsx,
    detail_text,
    filter_text,
    period_bounds,
)

COLUMNS = ["Thời điểm", "Tài khoản", "Thao tác", "Chi tiết", "Nơi thao tác"]


def log(*rows: tuple) -> pd.DataFrame:
    """Audit rows ``(at, user, action, detail, origin)`` as :meth:`Store.audit_log` returns them."""
    frame = pd.DataFrame(rows, columns=["at", "user", "action", "detail", "origin"])
    frame.insert(0, "id", range(1, len(frame) + 1))
    frame["at"] = pd.to_datetime(frame["at"])
    return frame


def _actions_written_by_the_app() -> set[str]:
    """Every action literal passed to record_change / log_event / Store.log in geo/ and ui/."""
    found: set[str] = set()
    for root in ("geo", "ui", "views"):
        for path in (REPO_ROOT / root).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in {"record_change", "log_event"} and len(node.args) >= 4:
                    arg = node.args[3]
                elif name == "log" and len(node.args) >= 2:
                    arg = node.args[1]
                else:
                    continue
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
                elif isinstance(arg, ast.IfExp):  # "account_disable" if disabled else ...
                    found |= {
                        b.value
                        for b in (arg.body, arg.orelse)
                        if isinstance(b, ast.Constant) and isinstance(b.value, str)
                    }
    return found


def test_every_action_the_app_writes_has_a_name():
    written = _actions_written_by_the_app()
    # the walk must see the store's writes, else the check below would pass on nothing
    assert {"import", "undo_import", "account_create", "sign_in_failed", "sign_out"} <= written
    # downloads are audited by ui.auth.download_button under their policy action
    downloads = {"export", "download_original", "meeting_pack", "view_audit"}
    assert written | downloads <= set(ACTION_LABELS)


@pytest.mark.parametrize("action", sorted(ACTION_LABELS))
def test_every_action_name_is_translated(action):
    with language("en"):
        english = action_label(action)
    assert english and english != action_label(action)


@pytest.mark.parametrize(
    ("action", "shown"),
    [
        ("import", "Nhập dữ liệu"),
        ("account_password", "Đặt mật khẩu mới"),
        ("view_audit", "Tải nhật ký thao tác"),
        ("sync_boundaries", "sync_boundaries"),  # unknown: as it is
        ("", ""),
        (None, ""),
    ],
)
def test_action_label(action, shown):
    assert action_label(action) == shown


@pytest.mark.parametrize(
    ("detail", "summary"),
    [
        ("not json {", "not json {"),
        ("", ""),
        (None, ""),
        ("{}", ""),
        ("null", ""),
        ("[1, 2]", "1, 2"),
        ("42", "42"),
        ('"just text"', "just text"),
        (
            {"batch_id": 3, "file_name": "to1.csv", "rows_removed": 1923},
            "tệp: to1.csv; lần nhập: 3; dòng đã xóa: 1.923",
        ),
        (
            {"duplicate_of": 2, "file_name": "a.csv", "kind": "targets"},
            "tệp: a.csv; trùng với lần nhập: 2; loại: chỉ tiêu",
        ),
        ({"teams": ["Tổ 1", "Tổ 2"]}, "tổ lưu động: Tổ 1, Tổ 2"),
        (
            {"plan_id": 4, "assignments": 12, "republished": True},
            "kế hoạch: 4; số lượt phân công: 12; công bố lại",
        ),
        (
            {"plan_id": 4, "assignments": 0, "republished": False},
            "kế hoạch: 4; số lượt phân công: 0",
        ),
        (
            {"method": "milp", "horizon_start": "2023-06-01", "horizon_days": 14},
            "phương thức: Tối ưu (MILP); từ ngày: 01/06/2023; số ngày: 14",
        ),
        ({"method": "sso"}, "phương thức: đăng nhập một lần (SSO)"),
        (
            {"reason": "locked", "attempt": 5},
            "lý do: sai quá số lần cho phép, tài khoản bị tạm khóa; lần sai thứ: 5",
        ),
        (
            {"reason": "unknown", "method": "demo"},
            "phương thức: tài khoản trình diễn; lý do: không có tài khoản này",
        ),
        ({"idle_min": 30}, "số phút không thao tác: 30"),
        (
            {"page": "audit", "rows": 4, "period": "2023-03-14/2023-03-21"},
            "trang: Nhật ký thao tác; số dòng: 4; thời gian: 14/03/2023 – 21/03/2023",
        ),
        # values that are not dates are shown as stored
        (
            {"period": "2023-02-30/2023-03-01", "horizon_start": "x"},
            "từ ngày: x; thời gian: 2023-02-30/2023-03-01",
        ),
        ({"file": "x.xlsx", "page": "map"}, "tệp: x.xlsx; trang: Bản đồ"),
        ({"weird_key": "v", "username": "an"}, "tài khoản: an; weird_key: v"),
        # never a secret, whatever a future writer puts in
        ({"username": "an", "password": "s3cr3t-Pass", "token_hash": "abc"}, "tài khoản: an"),
        ({"sha256": "0123456789abcdef0123", "batch_id": 2}, "lần nhập: 2"),
        # a home-visit request: its reason named, no personal data was ever stored here
        (
            {"id": 3, "code": "13291", "reason": "elderly"},
            "lý do: Người cao tuổi; mã: 13291; yêu cầu: 3",
        ),
        ({"id": 3, "code": "13291", "batch_id": 12}, "lần nhập: 12; mã: 13291; yêu cầu: 3"),
    ],
)
def test_detail_text(detail, summary):
    text = detail if detail is None or isinstance(detail, str) else json.dumps(detail)
    got = detail_text(text)
    assert got == summary
    assert "s3cr3t" not in got


def test_an_account_change_names_the_role_and_the_scope_before_and_after():
    detail = json.dumps(
        {
            "username": "hoa",
            "before": {"role": "clerk", "scope_level": "province", "scope_codes": ""},
            "role": "commander",
            "scope_level": "commune",
            "scope_codes": "13291,13294",
            "team": None,
            "display_name": "Nguyễn Thị Hoa",
        },
        sort_keys=True,
    )
    roles = {r: _(label) for r, label in ROLE_LABELS.items()}
    assert detail_text(detail, roles) == (
        "tài khoản: hoa; họ tên: Nguyễn Thị Hoa; vai trò: chỉ huy; phạm vi: xã 13291, 13294; "
        "trước đó: (vai trò: cán bộ nhập liệu; phạm vi: toàn tỉnh)"
    )
    # without labels the role keys show as stored
    assert "vai trò: commander" in detail_text(detail)
    with language("en"):
        english = detail_text(detail, {r: _(label) for r, label in ROLE_LABELS.items()})
    assert english.startswith("account: hoa; full name: Nguyễn Thị Hoa; role: commander; ")
    assert "scope: communes 13291, 13294" in english


@pytest.mark.parametrize(
    "frame",
    [
        log(),
        log().drop(columns=["origin"]),
        pd.DataFrame(columns=["id", "at", "user", "action", "detail", "origin"]),
    ],
    ids=["no rows", "no origin column", "untyped"],
)
def test_an_empty_log_gives_the_headers_and_no_rows(frame):
    table = audit_table(frame)
    assert list(table.columns) == COLUMNS
    assert table.empty
    sheet = load_workbook(io.BytesIO(audit_xlsx(table))).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [COLUMNS]


def test_table_is_newest_first_in_vietnam_time():
    frame = log(
        ("2023-03-14 11:30", "hoa", "import", '{"batch_id": 1, "file_name": "a.csv"}', None),
        ("2023-03-14 17:05", "an", "sync_boundaries", "not json", "10.0.0.7"),
        ("2023-03-15 02:00", "an", "sign_in_failed", '{"reason": "password", "attempt": 2}', ""),
    )
    table = audit_table(frame)
    assert table.values.tolist() == [
        ["15/03/2023 09:00", "an", "Đăng nhập không thành công",
         "lý do: sai mật khẩu; lần sai thứ: 2", None],
        ["15/03/2023 00:05", "an", "sync_boundaries", "not json", "10.0.0.7"],
        ["14/03/2023 18:30", "hoa", "Nhập dữ liệu", "tệp: a.csv; lần nhập: 1", None],
    ]  # fmt: skip
    with language("en"):
        english = audit_table(frame)
    assert list(english.columns) == ["Time", "Account", "Action", "Details", "From"]
    assert english.iloc[0, 2:4].tolist() == [
        "Failed sign-in",
        "reason: wrong password; failed attempt no.: 2",
    ]


TABLE = pd.DataFrame(
    {
        "Tài khoản": ["hoa", "an", "lan"],
        "Thao tác": ["Nhập dữ liệu", "Đăng nhập không thành công", "Xuất dữ liệu"],
        "Chi tiết": ["tệp: Tổ 1 – Phủ Lý.csv", "lý do: sai mật khẩu", None],
    }
)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("", [0, 1, 2]),
        ("   ", [0, 1, 2]),
        ("phu ly", [0]),
        ("PHỦ LÝ", [0]),
        ("Phu Ly to 1", [0]),  # every word, in any order
        ("mat khau", [1]),
        ("khẩu sai", [1]),
        ("dang nhap", [1]),  # the action is searched too
        ("lan", [2]),  # and the account
        ("phủ lý mật khẩu", []),  # all the words in one row
        ("zzz", []),
    ],
)
def test_filter_text(text, kept):
    assert filter_text(TABLE, text).index.tolist() == kept


def test_filter_text_of_an_empty_table():
    empty = audit_table(log())
    assert filter_text(empty, "hoa").empty


def test_excel_has_the_header_the_rows_and_no_formula():
    table = pd.DataFrame(
        {
            "Thời điểm": ["14/03/2023 18:30"],
            "Tài khoản": ['=HYPERLINK("http://x")'],
            "Chi tiết": ["tệp: +a.csv"],
            "Nơi thao tác": [None],
        }
    )
    sheet = load_workbook(io.BytesIO(audit_xlsx(table))).active
    assert sheet.title == "Nhật ký thao tác"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Thời điểm", "Tài khoản", "Chi tiết", "Nơi thao tác"],
        ["14/03/2023 18:30", '=HYPERLINK("http://x")', "tệp: +a.csv", None],
    ]
    assert sheet["B2"].data_type == "s" and sheet["B2"].quotePrefix
    assert sheet["C2"].quotePrefix is False


@pytest.mark.parametrize(
    ("start", "end", "since", "until"),
    [
        (
            dt.date(2023, 3, 14),
            dt.date(2023, 3, 14),
            dt.datetime(2023, 3, 13, 17),
            dt.datetime(2023, 3, 14, 17),
        ),
        (
            dt.date(2023, 12, 31),
            dt.date(2024, 1, 1),
            dt.datetime(2023, 12, 30, 17),
            dt.datetime(2024, 1, 1, 17),
        ),
    ],
)
def test_period_bounds_are_vietnam_days_in_utc(start, end, since, until):
    assert period_bounds(start, end) == (since, until)
