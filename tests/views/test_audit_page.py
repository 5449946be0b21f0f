"""AppTest of views/audit.py: the audit log for administrators, filters and Excel (issue 12)."""

from __future__ import annotations

import datetime as dt
import html
import io
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import MetaData, create_engine, select

from geo.access import PAGES, Scope, User, decide
from geo.config import Settings
from geo.demo import communes_with_points
from geo.ingest import read_upload
from geo.store import Store
from tests.samples import VISITS_CSV_ONE_BAD_ROW
from tests.views.helpers import as_user, page_test
from tests.views.test_accounts_page import page_texts

ADMIN = "kiemthu.admin"
PASSWORD = "Hoa-BiMat-7731"  # Hoa's password: must never show, nor be stored
HEADERS = ["Thời điểm", "Tài khoản", "Thao tác", "Chi tiết", "Nơi thao tác"]


class Clock:
    """A clock the test moves by hand (naive UTC)."""

    def __init__(self) -> None:
        self.now = dt.datetime(2023, 3, 14, 3, 0)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def audit_db(tmp_path) -> str:
    """Seven audit rows, by hand, between 14/03/2023 and 21/03/2023 (times in the morning, UTC,
    so that the Vietnam day is the same day):

    ====  ==========  =======  ==================  ========================================
    id    day         user     action              detail
    ====  ==========  =======  ==================  ========================================
    1     14/03/2023  hoa      import              batch 1, to1.csv, 2 ok, 1 rejected
    2     15/03/2023  quantri  account_create      hoa, clerk, district 347
    3     16/03/2023  hoa      sign_in_failed      wrong password, attempt 1
    4     16/03/2023  hoa      sign_in             -
    5     20/03/2023  lan      export              khoang_trong.xlsx, page map
    6     21/03/2023  hoa      undo_import         batch 1
    7     21/03/2023  quantri  account_password    hoa
    ====  ==========  =======  ==================  ========================================
    """
    url = f"sqlite:///{tmp_path / 'audit.db'}"
    clock = Clock()
    communes = communes_with_points("approximate", None)
    store = Store(url, now=clock)
    store.sync_communes(communes)
    result = read_upload("visits", VISITS_CSV_ONE_BAD_ROW, "to1.csv", communes)
    store.import_result(result, VISITS_CSV_ONE_BAD_ROW, "hoa")
    clock.now = dt.datetime(2023, 3, 15, 2, 0)
    store.add_account("hoa", "clerk", Scope.district("347"), PASSWORD, by="quantri")
    day = dt.datetime(2023, 3, 16, 1, 0)
    assert isinstance(store.authenticate("hoa", "sai-mat-khau-9", now=day), str)
    assert isinstance(store.authenticate("hoa", PASSWORD, now=day), User)
    clock.now = dt.datetime(2023, 3, 20, 4, 0)
    store.log("lan", "export", {"file": "khoang_trong.xlsx", "page": "map"})
    clock.now = dt.datetime(2023, 3, 21, 4, 0)
    store.undo_import(1, "hoa")
    store.change_password("hoa", PASSWORD + "-moi", by="quantri", must_change=True)
    assert len(store.audit_log()) == 7
    store.close()
    return url


def open_page(url, user="admin"):
    at = page_test("audit.py", Settings(db_url=url, data_dir=None), user=user).run()
    assert not at.exception, at.exception
    return at


def _table(at):
    return next(df.value for df in at.dataframe if "Thao tác" in df.value.columns)


def _actions(at) -> list[str]:
    return _table(at)["Thao tác"].tolist()


def _count(at) -> str:
    return next(c.value for c in at.caption if c.value.endswith("dòng"))


def test_the_default_period_is_the_span_of_an_old_log(audit_db):
    at = open_page(audit_db)
    assert at.title[0].value == "Nhật ký thao tác"
    assert at.text_input(key="audit_period").value == "14/03/2023 – 21/03/2023"
    assert _count(at) == "7 dòng"
    table = _table(at)
    assert list(table.columns) == HEADERS
    assert _actions(at) == [  # newest first
        "Đặt mật khẩu mới",
        "Hoàn tác lần nhập",
        "Xuất dữ liệu",
        "Đăng nhập",
        "Đăng nhập không thành công",
        "Tạo tài khoản người dùng",
        "Nhập dữ liệu",
    ]
    first = table.iloc[-1]
    assert first["Thời điểm"] == "14/03/2023 10:00"
    assert first["Chi tiết"] == (
        "tệp: to1.csv; lần nhập: 1; loại: lượt làm việc; dòng hợp lệ: 2; dòng bị từ chối: 1"
    )
    assert (
        table.iloc[5]["Chi tiết"] == "tài khoản: hoa; vai trò: cán bộ nhập liệu; phạm vi: huyện 347"
    )
    assert table.iloc[4]["Chi tiết"] == "lý do: sai mật khẩu; lần sai thứ: 1"
    assert table.iloc[2]["Chi tiết"] == "tệp: khoang_trong.xlsx; trang: Bản đồ"


def test_a_recent_log_shows_the_last_30_days(audit_db):
    Store(audit_db).log("an", "export", {"file": "hom_nay.xlsx"})  # now: today
    at = open_page(audit_db)
    today = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=7)).date()
    start = today - dt.timedelta(days=29)
    assert at.text_input(key="audit_period").value == (f"{start:%d/%m/%Y} – {today:%d/%m/%Y}")
    assert _count(at) == "1 dòng"
    assert _table(at)["Tài khoản"].tolist() == ["an"]


def test_filter_by_user(audit_db):
    at = open_page(audit_db)
    assert at.multiselect(key="audit_users").options == ["hoa", "lan", "quantri"]
    at.multiselect(key="audit_users").set_value(["hoa"])
    at = at.run()
    assert _count(at) == "4 dòng"
    assert _actions(at) == [
        "Hoàn tác lần nhập",
        "Đăng nhập",
        "Đăng nhập không thành công",
        "Nhập dữ liệu",
    ]
    at.multiselect(key="audit_users").set_value(["lan", "quantri"])
    at = at.run()
    assert _count(at) == "3 dòng"
    assert set(_table(at)["Tài khoản"]) == {"lan", "quantri"}


def test_filter_by_action(audit_db):
    at = open_page(audit_db)
    assert "Đăng nhập không thành công" in at.multiselect(key="audit_actions").options
    at.multiselect(key="audit_actions").set_value(["sign_in", "sign_in_failed"])
    at = at.run()
    assert _actions(at) == ["Đăng nhập", "Đăng nhập không thành công"]
    at.multiselect(key="audit_users").set_value(["quantri"])
    at = at.run()
    assert _count(at) == "0 dòng"
    assert "Không có thao tác nào khớp với bộ lọc." in [c.value for c in at.caption]
    assert not at.get("download_button")


def test_filter_by_period(audit_db):
    at = open_page(audit_db)
    at.text_input(key="audit_period").input("15/03/2023 – 16/03/2023")
    at = at.run()
    assert _actions(at) == ["Đăng nhập", "Đăng nhập không thành công", "Tạo tài khoản người dùng"]
    at.text_input(key="audit_period").input("21/3/23")
    at = at.run()
    assert _actions(at) == ["Đặt mật khẩu mới", "Hoàn tác lần nhập"]


def test_free_text_search_ignores_case_and_diacritics(audit_db):
    at = open_page(audit_db)
    at.text_input(key="audit_text").input("SAI MAT KHAU")
    at = at.run()
    assert _actions(at) == ["Đăng nhập không thành công"]
    at.text_input(key="audit_text").input("khoang")
    at = at.run()
    assert _table(at)["Tài khoản"].tolist() == ["lan"]


def test_excel_download_has_the_rows_shown_and_is_audited(audit_db, downloads):
    at = open_page(audit_db)
    at.multiselect(key="audit_users").set_value(["hoa"])
    at = at.run()
    [button] = at.get("download_button")
    assert button.proto.label == "Tải Excel nhật ký"
    name, data = downloads(button)
    assert name == "nhat-ky-thao-tac-2023-03-14-2023-03-21.xlsx"
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADERS
    assert [r[2] for r in rows[1:]] == [
        "Hoàn tác lần nhập",
        "Đăng nhập",
        "Đăng nhập không thành công",
        "Nhập dữ liệu",
    ]
    assert rows[-1][:2] == ["14/03/2023 10:00", "hoa"]
    assert rows[-1][4] is None  # no address: written outside a browser
    # the download is in the log, under the action the administrator has (not «export»)
    last = Store(audit_db).audit_log().iloc[-1]
    assert (last["user"], last["action"]) == (ADMIN, "view_audit")
    assert '"file": "nhat-ky-thao-tac-2023-03-14-2023-03-21.xlsx"' in last["detail"]
    assert '"rows": 4' in last["detail"]


def test_no_password_on_the_page_in_the_excel_or_in_the_database(audit_db, downloads):
    at = open_page(audit_db)
    assert PASSWORD not in page_texts(at)
    _, data = downloads(at.get("download_button")[0])
    with zipfile.ZipFile(io.BytesIO(data)) as xlsx:
        # the XML as text, character references read (openpyxl with lxml writes «ậ» as &#7853;)
        inside = html.unescape(
            "".join(xlsx.read(n).decode("utf-8", "replace") for n in xlsx.namelist())
        )
    assert "sai mật khẩu" in inside  # the search does read the sheets
    assert PASSWORD not in inside
    engine = create_engine(audit_db)
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        cells = [
            value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
            for table in meta.sorted_tables
            for row in conn.execute(select(table))
            for value in row
        ]
    engine.dispose()
    assert any("sign_in_failed" in c for c in cells)
    assert not [c for c in cells if PASSWORD in c]


@pytest.mark.parametrize(
    "who",
    [
        "commander",
        "planner",
        "leader",
        "clerk",
        "team_leader",
        None,
        User("kiemthu.admin.huyen", "admin", Scope.district("347")),
    ],
    ids=lambda w: getattr(w, "username", str(w)),
)
def test_any_other_user_sees_only_the_refusal(audit_db, who):
    at = page_test("audit.py", Settings(db_url=audit_db, data_dir=None), user=who).run()
    assert not at.exception
    reason = decide(as_user(who), PAGES["audit"]).reason
    assert reason
    assert [e.value for e in at.error] == [reason]
    assert not at.dataframe and not at.text_input and not at.multiselect
    assert not at.get("download_button") and not at.title
    assert "hoa" not in page_texts(at)


def test_english(audit_db):
    at = page_test(
        "audit.py", Settings(db_url=audit_db, data_dir=None), lang="en", user="admin"
    ).run()
    assert not at.exception
    assert at.title[0].value == "Audit log"
    assert list(_table_en(at).columns) == ["Time", "Account", "Action", "Details", "From"]
    assert _table_en(at)["Action"].tolist()[-1] == "Import"


def _table_en(at):
    return next(df.value for df in at.dataframe if "Action" in df.value.columns)
