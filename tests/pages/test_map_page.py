import pytest

from geo.config import Settings
from tests.pages.helpers import commune_features, map_args, page_test
from tests.shared_data import DATA_DIR, needs_data


@pytest.fixture
def page():
    def run(data_dir):
        return page_test("map.py", Settings(data_dir=data_dir, db_url="sqlite://")).run()

    return run


def test_without_data_shows_approximate_cells_and_banner(page):
    at = page(None)
    assert not at.exception
    assert at.selectbox[0].options == ["Ranh giới gần đúng (98 đơn vị, 01/2025)"]
    assert "Ranh giới gần đúng" in at.warning[0].value
    assert "VNEID_DATA_DIR" in at.warning[0].value
    assert commune_features(at) == 98
    assert at.caption[0].value.startswith("Đang hiển thị 98 đơn vị")


@needs_data
def test_real_data_defaults_to_the_2023_structure(page):
    at = page(DATA_DIR)
    assert not at.exception
    assert at.selectbox[0].value == "2020-2024"
    assert len(at.warning) == 0
    assert commune_features(at) == 109
    args = map_args(at)
    assert args["returned_objects"] == []  # panning never reruns the page
    assert args["js_links"] == ["/app/static/leaflet/leaflet.js"]
    assert args["css_links"] == ["/app/static/leaflet/leaflet.css"]


@needs_data
def test_selector_switches_version(page):
    at = page(DATA_DIR)
    at.selectbox[0].select("2025-07").run()
    assert not at.exception
    assert commune_features(at) == 33
    assert at.caption[0].value.startswith("Đang hiển thị 33 đơn vị")
    at.selectbox[0].select("approximate").run()
    assert commune_features(at) == 98
    assert len(at.warning) == 1
