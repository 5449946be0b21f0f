"""A deep link to every page, on a fresh server, goes through ``app.py``.

Each case starts a server of its own (an extra variable), so no request can have run ``app.py``
before the deep link: the page must still have the app's navigation (its Vietnamese titles, not
file names) and draw its own content, with nothing fetched from outside.
"""

from __future__ import annotations

import pytest

from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.e2e

NAV_TITLES = ("Bản đồ", "Dữ liệu", "Kế hoạch", "Tiến độ")


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Bản đồ tỷ lệ kích hoạt"),
        ("/data", "Dữ liệu"),
        ("/planner", "Kế hoạch"),
    ],
)
def test_deep_link_on_a_fresh_server(page, app_server, blocked_requests, path, heading):
    base_url = app_server({"VNEID_DATA_DIR": "none", "VNEID_E2E_FRESH": f"deep{path}"})
    sign_in(page, base_url, "planner")
    page.goto(base_url + path)
    page.get_by_role("heading", name=heading, exact=True).wait_for(state="visible", timeout=90_000)
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert all(title in nav for title in NAV_TITLES), nav
    assert page.locator('[data-testid="stException"]').count() == 0
    assert blocked_requests == [], f"requests left localhost: {blocked_requests}"
