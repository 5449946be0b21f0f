"""AppTests of the map page's home-visit request notices (issue 16): an overdue request is
flagged above the map and a commune's open requests are named in its panel, counts only."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.config import Settings
from geo.store import Store
from tests.views.helpers import map_args, map_values, page_test


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'demo.db'}"


def _record(url: str, code: str, days_ago: int, resident: str) -> None:
    when = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)
    Store(url, now=lambda: when).add_home_request(
        {"code": code, "resident": resident, "reason": "illness", "phone": "0912345678"},
        "kiemthu.clerk",
    )


def _page(url: str, **state):
    at = page_test("map.py", Settings(data_dir=None, db_url=url), timeout=120)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def test_an_overdue_request_is_flagged_and_the_panel_counts_the_open_ones(url):
    at = _page(url)  # the first run stores the registry's communes, which a request names
    assert not at.exception
    first, second = sorted(map_values(map_args(at)))[:2]
    _record(url, first, 30, "Chị Hoa")  # 30 days open: over the 14-day limit
    _record(url, first, 2, "Bà Vân")
    _record(url, second, 3, "Ông Ba")  # open, not overdue: no notice for it
    at = _page(url, selected_code=first)
    assert not at.exception
    name = at.subheader[0].value  # the selected commune's panel heading
    # shown literally: plain() escapes what markdown would read (the colon here)
    [notice] = [w.value.replace("\\", "") for w in at.warning if "yêu cầu hỗ trợ" in w.value]
    assert notice.startswith("1 yêu cầu hỗ trợ tại nhà quá hạn (mở quá 14 ngày): ")
    assert notice.endswith(" 1.") and "Chị Hoa" not in notice
    assert name.endswith(notice.split(": ")[1].removesuffix(" 1."))
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert "Yêu cầu hỗ trợ tại nhà đang mở: 2 (1 quá hạn)" in captions


def test_no_request_no_notice(url):
    at = _page(url)
    assert not at.exception
    assert not [w for w in at.warning if "yêu cầu hỗ trợ" in w.value]
