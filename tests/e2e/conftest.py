"""Fixtures for the browser tests: Debian Chromium + real ``streamlit run`` servers.

Fixtures
--------
browser : playwright Browser (session)
    Headless ``/usr/bin/chromium``. Missing browser or playwright: the test is skipped, or
    fails when ``CI`` is set (CI must never skip the browser tests silently).
app_server : Callable[[dict[str, str]], str] (session)
    ``app_server({"VNEID_DATA_DIR": "none"})`` starts ``streamlit run app.py`` with that
    environment and a fresh SQLite database, waits for ``/_stcore/health`` and returns the
    base URL (``http://127.0.0.1:<port>``, a :class:`ServerURL` that also knows the server's
    ``db_url``). Servers are reused for equal ``env`` and stopped at the end of the session.
page : playwright Page (function)
    Fresh context; every request that is not for localhost is aborted and its URL recorded
    in ``blocked_requests``. The test fails at teardown if anything was blocked.
blocked_requests : list[str] (function)
    The URLs ``page`` blocked so far (assert it is empty after the page has loaded).
screenshot_dir : Path (session)
    Where tests save screenshots (``E2E_SCREENSHOT_DIR`` or a pytest tmp dir).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench.pageload import CHROMIUM, ServerStartError, guard_offline, start_streamlit
from tests.e2e.helpers import PHONE

VIEWPORT = {"width": 1400, "height": 1000}


class ServerURL(str):
    """A server's base URL that also carries its database URL (to sign a browser in)."""

    db_url: str


def in_ci() -> bool:
    """``True`` when the ``CI`` environment variable is set (GitHub, GitLab... set ``true``)."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def skip_or_fail(reason: str) -> None:
    """Skip locally; fail in CI, where a missing prerequisite is a broken pipeline."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set: browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("python package playwright is not installed")
    from bench.pageload import launch_chromium

    with sync_playwright() as pw:
        browser = launch_chromium(pw, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> Iterator[Callable[[dict[str, str]], str]]:
    servers: dict[frozenset, object] = {}

    def start(env: dict[str, str]) -> str:
        key = frozenset(env.items())
        if key not in servers:
            tmp = tmp_path_factory.mktemp("server")
            full_env = {"VNEID_DB_URL": f"sqlite:///{tmp / 'e2e.db'}", **env}
            try:
                servers[key] = start_streamlit("app.py", full_env, tmp / "streamlit.log")
            except ServerStartError as exc:
                pytest.fail(str(exc), pytrace=False)
        url = ServerURL(servers[key].base_url)
        url.db_url = servers[key].db_url
        return url

    yield start
    for server in servers.values():
        server.stop()


@pytest.fixture
def blocked_requests() -> list[str]:
    return []


@pytest.fixture
def page(browser, blocked_requests):
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
    context.set_default_timeout(30_000)
    guard_offline(context, blocked_requests)
    page = context.new_page()
    yield page
    context.close()
    if blocked_requests:
        pytest.fail(f"requests left localhost (blocked): {blocked_requests}", pytrace=False)


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    configured = os.environ.get("E2E_SCREENSHOT_DIR")
    path = Path(configured) if configured else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def phone(browser):
    """A fresh offline phone page (touch, 390 x 844); fails if a request left localhost."""
    context = browser.new_context(
        viewport=PHONE, locale="vi-VN", has_touch=True, is_mobile=True, device_scale_factor=2
    )
    context.set_default_timeout(30_000)
    blocked = guard_offline(context, [])
    yield context.new_page()
    context.close()
    assert blocked == [], blocked


@pytest.fixture
def page_in_locale(browser, blocked_requests):
    """``page_in_locale("en-US")``: a fresh offline page whose browser speaks that locale.

    Its ``Accept-Language`` and ``navigator.language`` follow ``locale`` (as an officer's or a
    visitor's browser would); every context is closed at the end of the test, and the test fails
    if a request tried to leave localhost.
    """
    contexts = []

    def open_page(locale: str):
        context = browser.new_context(viewport=VIEWPORT, locale=locale)
        context.set_default_timeout(30_000)
        guard_offline(context, blocked_requests)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    if blocked_requests:
        pytest.fail(f"requests left localhost (blocked): {blocked_requests}", pytrace=False)
