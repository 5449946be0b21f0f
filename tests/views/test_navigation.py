"""AppTest of ``app.py``'s navigation per role: a page the policy refuses is not even registered
(so no address reaches it: the browser test opens them by URL), and the signed-in session is
what decides, not anything the browser sends."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.access import ROLES, Scope
from geo.config import REPO_ROOT, Settings
from geo.store import Store

PAGES = ("map", "data", "planner", "progress", "accounts", "audit", "password")
EVERYONE = {"map", "data", "planner", "progress", "password"}
#: Hand-written: which pages each role's navigation holds.
EXPECTED = {
    "admin": EVERYONE | {"accounts", "audit"},
    "commander": EVERYONE,
    "planner": EVERYONE,
    "leader": EVERYONE,
    "clerk": EVERYONE,
    "team_leader": EVERYONE,
}


@pytest.fixture(scope="module")
def tokens(tmp_path_factory) -> tuple[str, dict[str, str]]:
    """A demo database (the app's first start) and a signed-in session per role."""
    url = f"sqlite:///{tmp_path_factory.mktemp('nav') / 'app.db'}"
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=180)
    at.session_state["settings"] = Settings(data_dir=None, db_url=url)
    assert not at.run().exception
    store = Store(url)
    out = {}
    for role in ROLES:
        team = "Tổ 1 (DEMO)" if role == "team_leader" else None
        name = f"nav.{role}"
        store.add_account(
            name, role, Scope.province(), "Phủ Lý 2023!", team=team, must_change=False, by="t"
        )
        out[role] = store.open_session(name, "password")
    store.close()
    return url, out


def _reachable(at: AppTest) -> set[str]:
    found = set()
    for name in PAGES:
        try:
            at.switch_page(f"views/{name}.py")
        except ValueError:  # not registered for this session
            continue
        found.add(name)
    return found


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_pages(tokens, role):
    url, by_role = tokens
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=180)
    at.session_state["settings"] = Settings(data_dir=None, db_url=url)
    at.session_state["auth_token"] = by_role[role]
    at = at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Bản đồ tỷ lệ kích hoạt"
    assert _reachable(at) == EXPECTED[role]


def test_an_anonymous_session_reaches_no_page_and_a_forged_user_is_ignored(tokens):
    url, _ = tokens
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=180)
    at.session_state["settings"] = Settings(data_dir=None, db_url=url)
    # a user object without an open session (what a tampered client could claim) is not trusted
    from geo.access import User

    at.session_state["auth_user"] = User("ke.gia.mao", "admin", Scope.province())
    at = at.run()
    assert [t.value for t in at.title] == ["Đăng nhập"]
    assert _reachable(at) == set()
    assert "auth_user" not in at.session_state
