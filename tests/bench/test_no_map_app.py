"""AppTest of bench/no_map_app.py: the real «Bản đồ» page, minus its map.

The page-load benchmark reads "map ÷ no map" as the cost of the map itself, which is only true
if the reference page shows everything else the real page shows.
"""

import pytest
import streamlit_folium
from streamlit.testing.v1 import AppTest

from bench.pageload import session_cookie
from geo.config import REPO_ROOT, Settings
from tests.shared_data import DATA_DIR, needs_data
from tests.views.helpers import all_maps, page_test
from ui import map_cache


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=DATA_DIR, db_url=f"sqlite:///{tmp_path / 'demo.db'}")


@pytest.fixture
def map_page(settings) -> AppTest:
    """The real page (run first: the no-map app patches the map's drawing in-process)."""
    return page_test("map.py", settings, timeout=120).run()


@pytest.fixture
def no_map_app(map_page, settings):
    original, drawn = streamlit_folium.st_folium, map_cache.draw
    at = AppTest.from_file(str(REPO_ROOT / "bench" / "no_map_app.py"), default_timeout=120)
    at.session_state["settings"] = settings
    # app.py asks for a signed-in session: a commander's, as the benchmark's browser gets it
    at.session_state["auth_token"] = session_cookie(settings.db_url, "")["value"]
    try:
        yield at.run()
    finally:
        streamlit_folium.st_folium, map_cache.draw = original, drawn  # AppTests share this process


def _widgets(at: AppTest) -> list[tuple[str, str]]:
    kinds = ("selectbox", "date_input", "multiselect", "toggle", "text_input")
    return [(kind, w.key) for kind in kinds for w in getattr(at, kind)]


@needs_data
def test_no_map_app_is_the_map_page_without_its_map(map_page, no_map_app):
    assert not no_map_app.exception
    assert len(all_maps(map_page)) == 1
    assert all_maps(no_map_app) == []
    assert [t.value for t in no_map_app.title] == ["Bản đồ tỷ lệ kích hoạt"]
    assert _widgets(no_map_app) == _widgets(map_page)
    # 2 selectboxes, the period, 3 multiselects, 2 toggles, the table filter
    assert len(_widgets(no_map_app)) == 9
    assert [(m.label, m.value) for m in no_map_app.metric] == [
        (m.label, m.value) for m in map_page.metric
    ]
    assert no_map_app.metric[0].value == "754.277"  # the demo campaign's eligible citizens
    (table,) = no_map_app.dataframe
    (expected,) = map_page.dataframe
    assert len(table.value) == 109
    assert table.value.equals(expected.value)
