"""AppTest of ``app.py``'s gate: the sign-in is all an anonymous visitor gets; sign-in with a
password, the first-sign-in password change, demo accounts, single sign-on by configuration,
sign-out, the idle timeout, and passwords never stored or logged."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select, update
from streamlit.testing.v1 import AppTest

from geo.access import Scope
from geo.config import REPO_ROOT, Settings
from geo.ingest import read_visits
from geo.store import Store, tables
from tests.samples import VISITS_CSV_ONE_BAD_ROW

PASSWORD = "Phủ Lý 2023!"
NEW_PASSWORD = "Lam Hạ 2024?"
SIGN_IN = "Đăng nhập"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    """A database that the app has loaded with the demo campaign (its first start)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('sign_in') / 'app.db'}"
    at = app_test(Settings(data_dir=None, db_url=url)).run()
    assert not at.exception, at.exception
    store = Store(url)
    if "hoa" not in set(store.accounts()["username"]):
        store.add_account("hoa", "clerk", Scope.district("347"), PASSWORD, by="cli")
        store.add_account(
            "an", "commander", Scope.province(), PASSWORD, by="cli", must_change=False
        )
    store.close()
    return url


def app_test(settings: Settings) -> AppTest:
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=180)
    at.session_state["settings"] = settings
    return at


def _texts(at: AppTest) -> str:
    parts = [
        el.value
        for kind in ("title", "markdown", "caption", "info", "error", "warning")
        for el in getattr(at, kind)
        if isinstance(el.value, str)
    ]
    return "\n".join(parts)


def _sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input(password)
    return _submit(at)


def _submit(at: AppTest) -> AppTest:
    [button] = [b for b in at.button if b.label == SIGN_IN]
    return button.click().run()


def test_an_anonymous_visitor_sees_the_sign_in_and_no_figure(demo_url):
    at = app_test(Settings(data_dir=None, db_url=demo_url)).run()
    assert [t.value for t in at.title] == [SIGN_IN]
    assert [w.key for w in at.text_input] == ["sign_in_username", "sign_in_password"]
    assert at.metric.len == 0 and at.dataframe.len == 0
    assert not at.get("component_instance")  # no map
    assert "Bản đồ tỷ lệ kích hoạt" not in _texts(at)


def test_a_wrong_password_is_refused_and_the_right_one_opens_the_map(demo_url):
    at = app_test(Settings(data_dir=None, db_url=demo_url)).run()
    at = _sign_in(at, "an", "sai mật khẩu")
    assert [e.value for e in at.error] == ["Tên tài khoản người dùng hoặc mật khẩu không đúng."]
    at = _sign_in(at, "An", PASSWORD)
    assert not at.exception, at.exception
    assert at.title[0].value == "Bản đồ tỷ lệ kích hoạt"
    assert "Đăng nhập: an · chỉ huy · toàn tỉnh" in [c.value for c in at.sidebar.caption]
    log = Store(demo_url).audit_log(users=["an"], actions=["sign_in", "sign_in_failed"])
    assert log["action"].tolist()[-2:] == ["sign_in_failed", "sign_in"]


def test_a_first_sign_in_must_change_the_password_before_anything_else(demo_url):
    at = _sign_in(app_test(Settings(data_dir=None, db_url=demo_url)).run(), "hoa", PASSWORD)
    assert at.title[0].value == "Đổi mật khẩu"
    assert at.metric.len == 0
    at.text_input(key="pw_current").input(PASSWORD)
    at.text_input(key="pw_new").input(NEW_PASSWORD)
    at.text_input(key="pw_again").input(NEW_PASSWORD)
    at = next(b for b in at.button if b.label == "Đổi mật khẩu").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Bản đồ tỷ lệ kích hoạt"
    store = Store(demo_url)
    assert store.must_change_password("hoa") is False
    assert isinstance(store.authenticate("hoa", NEW_PASSWORD), object)
    assert store.authenticate("hoa", PASSWORD) == (
        "Tên tài khoản người dùng hoặc mật khẩu không đúng."
    )


def test_the_demo_accounts_are_offered_on_the_demo_campaign_only(demo_url):
    at = app_test(Settings(data_dir=None, db_url=demo_url)).run()
    demo = [b.key for b in at.button if (b.key or "").startswith("demo_")]
    assert demo == [
        "demo_demo.quantri",
        "demo_demo.chihuy",
        "demo_demo.chihuy.phuly",
        "demo_demo.kehoach",
        "demo_demo.lanhdao",
        "demo_demo.nhaplieu",
        "demo_demo.totruong",
    ]
    at = at.button(key="demo_demo.chihuy.phuly").click().run()
    assert at.title[0].value == "Bản đồ tỷ lệ kích hoạt"
    assert "Đăng nhập: demo.chihuy.phuly · chỉ huy · huyện 347" in [
        c.value for c in at.sidebar.caption
    ]
    off = app_test(Settings(data_dir=None, db_url=demo_url, demo_accounts=False)).run()
    assert not [b for b in off.button if (b.key or "").startswith("demo_")]


def test_without_the_demo_campaign_there_is_no_demo_account(tmp_path, communes):
    url = f"sqlite:///{tmp_path / 'real.db'}"
    store = Store(url)
    real = read_visits(VISITS_CSV_ONE_BAD_ROW, "to9.csv", communes)
    store.import_result(real, VISITS_CSV_ONE_BAD_ROW, "hoa")  # a real import: no demo then
    at = app_test(Settings(data_dir=None, db_url=url)).run()
    assert not [b for b in at.button if (b.key or "").startswith("demo_")]
    assert store.accounts().empty
    assert "`python -m geo add-admin TÊN_TÀI_KHOẢN`" in _texts(at)


def test_single_sign_on_replaces_the_password_form_by_configuration(demo_url):
    at = app_test(Settings(data_dir=None, db_url=demo_url, auth="oidc")).run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == [SIGN_IN]
    assert [b.label for b in at.button if b.key == "sign_in_sso"] == ["Đăng nhập một lần (SSO)"]
    assert at.text_input.len == 0  # no password anywhere
    assert not [b for b in at.button if (b.key or "").startswith("demo_")]
    # without its [auth] secrets, the button says what is missing (no traceback)
    at = at.button(key="sign_in_sso").click().run()
    assert not at.exception, at.exception
    assert at.error[0].value.startswith("Đăng nhập một lần chưa được cấu hình đầy đủ")


@pytest.mark.parametrize(
    ("claims", "title", "caption"),
    [
        ({"is_logged_in": True, "email": "An"}, "Bản đồ tỷ lệ kích hoạt", "an · chỉ huy"),
        ({"is_logged_in": False, "email": "an"}, SIGN_IN, None),
    ],
)
def test_single_sign_on_opens_the_account_of_the_identity_claim(demo_url, claims, title, caption):
    at = app_test(Settings(data_dir=None, db_url=demo_url, auth="oidc"))
    at.user = claims
    at = at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == title
    if caption:
        assert any(caption in c.value for c in at.sidebar.caption)


def test_single_sign_on_of_someone_without_an_account_is_refused(demo_url):
    at = app_test(Settings(data_dir=None, db_url=demo_url, auth="oidc"))
    at.user = {"is_logged_in": True, "email": "la@congan.hanam.gov.vn"}
    at = at.run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == [SIGN_IN]
    assert at.warning[0].value.startswith("Tài khoản «la@congan.hanam.gov.vn» chưa được cấp quyền")
    assert at.user.get("is_logged_in") is False  # signed out of the provider too


def test_sign_out_and_the_idle_timeout_end_the_session(demo_url):
    at = _sign_in(app_test(Settings(data_dir=None, db_url=demo_url)).run(), "an", PASSWORD)
    at = at.sidebar.button(key="sign_out").click().run()
    assert [t.value for t in at.title] == [SIGN_IN]
    store = Store(demo_url)
    assert store.audit_log(users=["an"])["action"].tolist()[-1] == "sign_out"

    at = _sign_in(at, "an", PASSWORD)
    assert at.title[0].value == "Bản đồ tỷ lệ kích hoạt"
    idle = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=31)
    with store.engine.begin() as conn:  # the officer left 31 minutes ago
        conn.execute(
            update(tables.sign_in_session)
            .where(tables.sign_in_session.c.ended_at.is_(None))
            .values(last_seen_at=idle)
        )
    at = at.run()
    assert [t.value for t in at.title] == [SIGN_IN]
    assert [w.value for w in at.warning] == [
        "Phiên làm việc đã kết thúc sau 30 phút không thao tác. Hãy đăng nhập lại."
    ]
    assert store.audit_log(users=["an"])["action"].tolist()[-1] == "session_expired"


def test_no_password_is_stored_or_logged(demo_url):
    """After the sign-ins and changes above (and these), neither password is anywhere in the
    database, in any column of any table, nor in the audit log."""
    at = _sign_in(app_test(Settings(data_dir=None, db_url=demo_url)).run(), "an", PASSWORD)
    assert at.title[0].value == "Bản đồ tỷ lệ kích hoạt"
    store = Store(demo_url)
    with store.engine.connect() as conn:
        for table in tables.metadata.sorted_tables:
            for row in conn.execute(select(table)):
                text = json.dumps([str(v) for v in row], ensure_ascii=False)
                assert PASSWORD not in text and NEW_PASSWORD not in text, table.name
