"""The planner page in a real browser: the open tab stays open after every action in it.

A planner opens «Lập lịch», builds a two-evening greedy schedule, changes the schedule map's
view, saves a draft and opens the saved plans: each action reruns the page or a part of it
(``st.fragment``), and the tab shown afterwards is still the one the planner was on, never the
first. Demo campaign on a database of its own (``app_server``'s env key ``VNEID_E2E_SUITE``).
"""

from __future__ import annotations

import pytest

from tests.e2e.helpers import settle, sign_in

pytestmark = pytest.mark.e2e

ENV = {"VNEID_DATA_DIR": "none", "VNEID_E2E_SUITE": "planner_tabs"}
TABS = ("Xếp hạng ưu tiên", "Lập lịch", "Kế hoạch đã lưu và đối chiếu")


def _open_tab(page) -> str:
    """The label of the tab shown."""
    return page.locator('[role="tab"][aria-selected="true"]').inner_text().strip()


def _number(page, label: str, value: str) -> None:
    box = page.locator('[data-testid="stNumberInput"]').filter(has_text=label).locator("input")
    box.fill(value)
    box.press("Enter")


def test_the_open_tab_stays_open_after_each_action(page, app_server):
    base_url = app_server(ENV)
    sign_in(page, base_url, "planner")
    page.goto(base_url + "/planner")
    page.get_by_role("tab", name=TABS[0], exact=True).wait_for(timeout=90_000)
    settle(page)
    assert _open_tab(page) == TABS[0]

    page.get_by_role("tab", name=TABS[1], exact=True).click()
    settle(page)
    _number(page, "Số ngày", "2")
    settle(page)
    page.get_by_text("Lần lượt từng buổi (greedy)").click()
    settle(page)
    page.get_by_role("button", name="Lập lịch", exact=True).click()
    page.get_by_role("button", name="Lưu bản nháp").wait_for(timeout=120_000)
    settle(page)
    assert _open_tab(page) == TABS[1]  # the build's whole run kept the tab

    views = page.locator('[data-testid="stRadio"]').filter(has_text="Bản đồ").locator("label")
    views.nth(1).click()  # «Từng tổ»: the map's fragment
    page.get_by_text("Tổ lưu động", exact=True).first.wait_for(timeout=60_000)
    settle(page)
    assert _open_tab(page) == TABS[1]

    page.get_by_role("button", name="Lưu bản nháp").click()
    page.get_by_text("Đã lưu kế hoạch số 1.").wait_for(timeout=60_000)
    settle(page)
    assert _open_tab(page) == TABS[1]  # the save's rerun kept the tab

    page.get_by_role("tab", name=TABS[2], exact=True).click()
    page.get_by_role("button", name="Công bố kế hoạch").wait_for(timeout=60_000)  # the draft
    settle(page)
    assert _open_tab(page) == TABS[2]
