"""AppTest of views/accounts.py: the administrator's accounts table and forms (issue 12)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import MetaData, create_engine, select

from geo.access import PAGES, Scope, User, decide
from geo.access.passwords import password_problem
from geo.config import Settings
from geo.demo import communes_with_points
from geo.ingest import read_upload
from geo.store import Store
from tests.samples import VISITS_CSV_ONE_BAD_ROW
from tests.views.helpers import as_user, page_test

ADMIN = "kiemthu.admin"  # the user of page_test(user="admin")
HOA_PASSWORD = "Hoa-PhuLy-2023"
NEW_PASSWORD = "Lan-TamThoi-4821"  # typed into the page by the tests below


@pytest.fixture
def admin_db(tmp_path) -> str:
    """A database with one small import (teams «Tổ 1», «Tổ 2»), a clerk and the admin itself."""
    url = f"sqlite:///{tmp_path / 'accounts.db'}"
    communes = communes_with_points("approximate", None)
    store = Store(url, now=lambda: dt.datetime(2023, 3, 14, 3, 0))
    store.sync_communes(communes)
    result = read_upload("visits", VISITS_CSV_ONE_BAD_ROW, "to1.csv", communes)
    store.import_result(result, VISITS_CSV_ONE_BAD_ROW, "hoa")
    store.add_account(
        "hoa",
        "clerk",
        Scope.district("347"),
        HOA_PASSWORD,
        display_name="Nguyễn Thị Hoa",
        by="quantri",
    )
    store.add_account(
        ADMIN, "admin", Scope.province(), "QuanTri-2023-x", must_change=False, by="cli"
    )
    store.close()
    return url


def open_page(url: str, user="admin"):
    at = page_test("accounts.py", Settings(db_url=url, data_dir=None), user=user).run()
    assert not at.exception, at.exception
    return at


def _table(at) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if "Tên tài khoản" in df.value.columns)


def _accounts(url) -> pd.DataFrame:
    return Store(url).accounts().set_index("username")


def _last_audit(url) -> pd.Series:
    return Store(url).audit_log().iloc[-1]


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def page_texts(at) -> str:
    """Everything the page sent: every element's message, and every table's cells."""
    parts = [str(el.proto) for el in _walk(at._tree) if getattr(el, "proto", None) is not None]
    parts += [df.value.to_csv() for df in at.dataframe]
    return "\n".join(parts)


def test_admin_sees_the_accounts_with_their_role_scope_and_state(admin_db):
    at = open_page(admin_db)
    table = _table(at).set_index("Tên tài khoản")
    assert list(table.columns) == [
        "Họ tên",
        "Vai trò",
        "Phạm vi",
        "Tổ",
        "Trạng thái",
        "Đăng nhập lần cuối",
        "Tài khoản trình diễn",
    ]
    assert table.index.tolist() == ["hoa", ADMIN]
    hoa = table.loc["hoa"]
    assert (hoa["Họ tên"], hoa["Vai trò"], hoa["Phạm vi"]) == (
        "Nguyễn Thị Hoa",
        "cán bộ nhập liệu",
        "huyện 347",
    )
    assert hoa["Trạng thái"] == "Hoạt động; phải đổi mật khẩu"
    assert table.loc[ADMIN, "Trạng thái"] == "Hoạt động"
    assert table.loc[ADMIN, "Vai trò"] == "quản trị viên"
    assert table.loc[ADMIN, "Phạm vi"] == "toàn tỉnh"
    assert pd.isna(hoa["Đăng nhập lần cuối"]) and pd.isna(hoa["Tài khoản trình diễn"])
    assert at.title[0].value == "Tài khoản người dùng"


def test_state_shows_a_lock_a_sign_in_and_a_demo_account(admin_db):
    store = Store(admin_db)
    assert isinstance(
        store.authenticate("hoa", HOA_PASSWORD, now=dt.datetime(2023, 3, 15, 1)), User
    )
    when = dt.datetime(2099, 1, 1, 1, 0)  # far ahead, so that the lock is still on
    for _ in range(5):
        store.authenticate("hoa", "sai-mat-khau-1", now=when)
    store.add_account("demo.x", "leader", Scope.province(), "Demo-Random-991", demo=True, by="demo")
    table = _table(open_page(admin_db)).set_index("Tên tài khoản")
    assert table.loc["hoa", "Trạng thái"] == "Tạm khóa đến 01/01/2099 08:15; phải đổi mật khẩu"
    assert table.loc["hoa", "Đăng nhập lần cuối"] == "15/03/2023 08:00"
    assert table.loc["demo.x", "Tài khoản trình diễn"] == "DEMO"


def _fill_new(at, *, role, level="province", codes=(), team=None, username, password):
    at.selectbox(key="acc_new_role").set_value(role)
    at.radio(key="acc_new_level").set_value(level)
    at = at.run()
    if codes:
        at.multiselect(key=f"acc_new_codes_{level}").set_value(list(codes))
    if team is not None:
        at.selectbox(key="acc_new_team").set_value(team)
    at.text_input(key="acc_new_username").input(username)
    at.text_input(key="acc_new_name").input("Trần Thị Lan")
    at.text_input(key="acc_new_password").input(password)
    return at.button(key="acc_new_save").click().run()


def test_admin_creates_an_account_that_must_change_its_password(admin_db):
    at = _fill_new(
        open_page(admin_db),
        role="planner",
        level="district",
        codes=["347", "349"],
        username="Lan.KH",
        password=NEW_PASSWORD,
    )
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [
        "Đã tạo tài khoản người dùng «lan.kh»; tài khoản phải đổi mật khẩu ở lần đăng nhập "
        "đầu tiên."
    ]
    lan = _accounts(admin_db).loc["lan.kh"]
    assert (lan["role"], lan["scope_level"], lan["scope_codes"]) == (
        "planner",
        "district",
        "347,349",
    )
    assert lan["display_name"] == "Trần Thị Lan"
    assert bool(lan["must_change_password"]) is True
    audit = _last_audit(admin_db)
    assert (audit["user"], audit["action"]) == (ADMIN, "account_create")
    assert '"username": "lan.kh"' in audit["detail"]
    # the new row is in the table of the same run; the form is empty again
    row = _table(at).set_index("Tên tài khoản").loc["lan.kh"]
    assert (row["Vai trò"], row["Phạm vi"]) == ("cán bộ kế hoạch", "huyện 347, 349")
    assert at.text_input(key="acc_new_password").value == ""
    assert at.text_input(key="acc_new_username").value == ""
    assert NEW_PASSWORD not in page_texts(at)
    # the account signs in with it
    assert isinstance(Store(admin_db).authenticate("lan.kh", NEW_PASSWORD), User)


def test_a_weak_password_shows_the_store_s_reason_and_creates_nothing(admin_db):
    at = _fill_new(open_page(admin_db), role="leader", username="lan", password="abc12")
    assert [e.value for e in at.error] == [password_problem("abc12", "lan")]
    assert at.error[0].value == "Mật khẩu phải có ít nhất 10 ký tự."
    assert "lan" not in _accounts(admin_db).index
    created = Store(admin_db).audit_log(actions=["account_create"])["detail"]
    assert not created.str.contains('"username": "lan"').any()
    assert at.text_input(key="acc_new_password").value == ""  # not kept after a refusal either
    assert at.text_input(key="acc_new_username").value == "lan"  # the rest is kept to correct


def test_a_duplicate_name_is_refused_whatever_its_case(admin_db):
    at = _fill_new(open_page(admin_db), role="leader", username="HOA", password=NEW_PASSWORD)
    assert [e.value for e in at.error] == ["Đã có tài khoản người dùng «hoa»."]


def test_a_team_leader_needs_a_team(admin_db):
    at = _fill_new(
        open_page(admin_db),
        role="team_leader",
        level="commune",
        codes=["13291"],
        username="tu",
        password=NEW_PASSWORD,
    )
    assert [e.value for e in at.error] == [
        "Tài khoản tổ trưởng phải được gán một tổ lưu động: hãy chọn tổ."
    ]
    assert "tu" not in _accounts(admin_db).index
    assert at.selectbox(key="acc_new_team").options == ["Tổ 1", "Tổ 2"]

    at = _fill_new(
        at,
        role="team_leader",
        level="commune",
        codes=["13291"],
        team="Tổ 2",
        username="tu",
        password=NEW_PASSWORD,
    )
    assert not at.error
    tu = _accounts(admin_db).loc["tu"]
    assert (tu["role"], tu["team"], tu["scope_level"], tu["scope_codes"]) == (
        "team_leader",
        "Tổ 2",
        "commune",
        "13291",
    )


def test_the_team_field_is_only_for_a_team_leader(admin_db):
    at = open_page(admin_db)
    assert not [s for s in at.selectbox if s.key == "acc_new_team"]
    at.selectbox(key="acc_new_role").set_value("team_leader")
    at = at.run()
    assert at.selectbox(key="acc_new_team").options == ["Tổ 1", "Tổ 2"]


def test_district_and_commune_choices_name_their_codes(admin_db):
    at = open_page(admin_db)
    at.radio(key="acc_new_level").set_value("district")
    at = at.run()
    districts = at.multiselect(key="acc_new_codes_district")
    assert districts.options[:2] == ["Thành phố Phủ Lý (347)", "Thị xã Duy Tiên (349)"]
    assert len(districts.options) == 6
    at.radio(key="acc_new_level").set_value("commune")
    at = at.run()
    communes = at.multiselect(key="acc_new_codes_commune")
    assert len(communes.options) == 98
    assert "Phường Lê Hồng Phong (13291)" in communes.options


def _pick(at, username):
    at.selectbox(key="acc_pick").set_value(username)
    return at.run()


def test_change_role_scope_and_name(admin_db):
    at = _pick(open_page(admin_db), "hoa")
    prefix = "acc_edit_hoa"
    assert at.selectbox(key=f"{prefix}_role").value == "clerk"
    assert at.radio(key=f"{prefix}_level").value == "district"
    assert at.multiselect(key=f"{prefix}_codes_district").value == ["347"]
    at.selectbox(key=f"{prefix}_role").set_value("commander")
    at.radio(key=f"{prefix}_level").set_value("commune")
    at = at.run()
    at.multiselect(key=f"{prefix}_codes_commune").set_value(["13291", "13294"])
    at.text_input(key=f"{prefix}_name").input("Nguyễn Thị Hoà")
    at = at.button(key=f"{prefix}_save").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["Đã lưu thay đổi của tài khoản «hoa»."]
    hoa = _accounts(admin_db).loc["hoa"]
    assert (hoa["role"], hoa["scope_level"], hoa["scope_codes"], hoa["display_name"]) == (
        "commander",
        "commune",
        "13291,13294",
        "Nguyễn Thị Hoà",
    )
    audit = _last_audit(admin_db)
    assert (audit["user"], audit["action"]) == (ADMIN, "account_update")
    row = _table(at).set_index("Tên tài khoản").loc["hoa"]
    assert (row["Vai trò"], row["Phạm vi"]) == ("chỉ huy", "xã 13291, 13294")


def test_reset_password_to_a_temporary_one(admin_db):
    at = _pick(open_page(admin_db), "hoa")
    at.text_input(key="acc_edit_hoa_password").input(NEW_PASSWORD)
    at = at.button(key="acc_edit_hoa_reset").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [
        "Đã đặt mật khẩu tạm thời cho tài khoản «hoa»; tài khoản phải đổi mật khẩu ở lần "
        "đăng nhập tới."
    ]
    store = Store(admin_db)
    assert isinstance(store.authenticate("hoa", NEW_PASSWORD), User)
    assert isinstance(store.authenticate("hoa", HOA_PASSWORD), str)  # the old one is gone
    assert store.must_change_password("hoa")
    changes = store.audit_log(actions=["account_password"])
    assert changes[["user", "detail"]].values.tolist() == [[ADMIN, '{"username": "hoa"}']]
    assert at.text_input(key="acc_edit_hoa_password").value == ""
    assert NEW_PASSWORD not in page_texts(at)


def test_reset_with_a_weak_password_is_refused(admin_db):
    at = _pick(open_page(admin_db), "hoa")
    at.text_input(key="acc_edit_hoa_password").input("hoa")
    at = at.button(key="acc_edit_hoa_reset").click().run()
    assert [e.value for e in at.error] == [password_problem("hoa", "hoa")]
    assert isinstance(Store(admin_db).authenticate("hoa", HOA_PASSWORD), User)


def test_disable_then_enable(admin_db):
    at = _pick(open_page(admin_db), "hoa")
    at = at.button(key="acc_edit_hoa_disable").click().run()
    assert [s.value for s in at.success] == ["Đã vô hiệu hóa tài khoản «hoa»."]
    assert bool(_accounts(admin_db).loc["hoa", "disabled"]) is True
    assert _last_audit(admin_db)[["user", "action"]].tolist() == [ADMIN, "account_disable"]
    assert _table(at).set_index("Tên tài khoản").loc["hoa", "Trạng thái"] == (
        "Vô hiệu hóa; phải đổi mật khẩu"
    )
    assert isinstance(Store(admin_db).authenticate("hoa", HOA_PASSWORD), str)

    at = at.button(key="acc_edit_hoa_enable").click().run()
    assert [s.value for s in at.success] == ["Đã mở lại tài khoản «hoa»."]
    assert bool(_accounts(admin_db).loc["hoa", "disabled"]) is False
    assert _last_audit(admin_db)[["user", "action"]].tolist() == [ADMIN, "account_enable"]
    assert [b.key for b in at.button if b.key.startswith("acc_edit_hoa_")] == [
        "acc_edit_hoa_save",
        "acc_edit_hoa_reset",
        "acc_edit_hoa_disable",
    ]


def test_an_administrator_cannot_disable_itself(admin_db):
    at = _pick(open_page(admin_db), ADMIN)
    at = at.button(key=f"acc_edit_{ADMIN}_disable").click().run()
    assert [e.value for e in at.error] == [
        "Không thể tự vô hiệu hóa tài khoản của mình; hãy nhờ một quản trị viên khác."
    ]
    assert bool(_accounts(admin_db).loc[ADMIN, "disabled"]) is False


def test_no_password_is_ever_stored_or_shown(admin_db):
    at = _fill_new(open_page(admin_db), role="leader", username="lan", password=NEW_PASSWORD)
    at = _pick(at, "lan")
    at.text_input(key="acc_edit_lan_password").input(NEW_PASSWORD + "-2")
    at = at.button(key="acc_edit_lan_reset").click().run()
    assert not at.error
    assert NEW_PASSWORD not in page_texts(at)
    engine = create_engine(admin_db)
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
    assert any("lan" in c for c in cells)  # the search does read the rows
    assert not [c for c in cells if NEW_PASSWORD in c or HOA_PASSWORD in c]


REFUSED = [
    "commander",
    "planner",
    "leader",
    "clerk",
    "team_leader",
    None,
    User("kiemthu.admin.huyen", "admin", Scope.district("347")),
]


@pytest.mark.parametrize("who", REFUSED, ids=lambda w: getattr(w, "username", str(w)))
def test_any_other_user_sees_only_the_refusal(admin_db, who):
    at = page_test("accounts.py", Settings(db_url=admin_db, data_dir=None), user=who).run()
    assert not at.exception
    reason = decide(as_user(who), PAGES["accounts"]).reason
    assert reason  # refused, with a reason
    assert [e.value for e in at.error] == [reason]
    assert not at.dataframe and not at.text_input and not at.selectbox and not at.button
    assert not at.title
    assert "hoa" not in page_texts(at)
