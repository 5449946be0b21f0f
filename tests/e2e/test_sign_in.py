"""In a real browser: an anonymous visitor gets only the sign-in, on every address; a sign-in
opens the page the address named and survives a reload; sign-out ends it; a team leader cannot
open the accounts page by its address."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from sqlalchemy import update

from geo.access import Scope
from geo.store import Store, tables
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.e2e

PATHS = ("/", "/data", "/planner", "/progress", "/accounts", "/audit", "/password", "/khong-co")
PASSWORD = "Kiểm thử " + secrets.token_hex(4)


@pytest.fixture(scope="module")
def server(app_server):
    url = app_server({"VNEID_DATA_DIR": "none", "VNEID_E2E_FRESH": "sign-in"})
    store = Store(url.db_url)
    store.add_account("lan", "leader", Scope.province(), PASSWORD, must_change=False, by="e2e")
    store.close()
    return url


def _heading(page) -> str:
    heading = page.locator("h1").first
    heading.wait_for(state="visible", timeout=90_000)
    return heading.inner_text().strip()


@pytest.mark.parametrize("path", PATHS)
def test_every_address_shows_only_the_sign_in_to_an_anonymous_visitor(
    page, server, blocked_requests, path
):
    page.goto(server + path)
    assert _heading(page) == "Đăng nhập"
    page.get_by_label("Tên tài khoản người dùng").wait_for()
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert page.locator("iframe").count() <= 1  # at most the (empty) cookie frame, no map
    assert page.locator('[data-testid="stException"]').count() == 0
    assert blocked_requests == []


def test_sign_in_opens_the_linked_page_survives_a_reload_and_sign_out_ends_it(
    page, server, screenshot_dir
):
    page.goto(server + "/progress")
    _heading(page)
    page.screenshot(path=screenshot_dir / "sign_in.png", full_page=True)
    page.get_by_label("Tên tài khoản người dùng").fill("lan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Tiến độ kích hoạt tài khoản định danh điện tử").wait_for(
        timeout=90_000
    )
    page.get_by_text("Đăng nhập: lan · lãnh đạo · toàn tỉnh").wait_for()
    page.wait_for_timeout(1_000)  # the cookie's frame has run

    page.reload()
    assert _heading(page) == "Tiến độ kích hoạt tài khoản định danh điện tử"

    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_label("Tên tài khoản người dùng").wait_for(timeout=60_000)
    page.reload()
    assert _heading(page) == "Đăng nhập"
    store = Store(server.db_url)
    actions = store.audit_log(users=["lan"])["action"].tolist()
    store.close()
    assert actions[-2:] == ["sign_in", "sign_out"]


def test_a_team_leader_cannot_open_the_accounts_page_by_its_address(page, server):
    sign_in(page, server, "team_leader", team="Tổ 1 (DEMO)")
    page.goto(server + "/accounts")
    heading = _heading(page)
    assert heading != "Tài khoản người dùng"
    assert page.get_by_text("Tạo tài khoản").count() == 0
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Tài khoản người dùng" not in nav and "Nhật ký thao tác" not in nav


def test_an_unattended_screen_goes_back_to_the_sign_in_when_the_session_expires(page, app_server):
    url = app_server({"VNEID_DATA_DIR": "none", "VNEID_IDLE_CHECK_SECONDS": "2"})
    sign_in(page, url, "leader")
    page.goto(url + "/progress")
    assert _heading(page) == "Tiến độ kích hoạt tài khoản định danh điện tử"
    long_ago = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=31)
    store = Store(url.db_url)
    with store.engine.begin() as conn:  # nobody touched this screen for 31 minutes
        conn.execute(update(tables.sign_in_session).values(last_seen_at=long_ago))
    page.get_by_text("Phiên làm việc đã kết thúc sau 30 phút không thao tác").wait_for(
        timeout=30_000
    )
    assert _heading(page) == "Đăng nhập"
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert store.audit_log(actions=["session_expired"])["user"].tolist() == ["kiemthu.leader"]
    store.close()
