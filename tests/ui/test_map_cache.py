"""Tests of ui.map_cache and ui.map_tables: the map drawn from cached parts is the map that
``st_folium`` would draw, frozen grids show what fresh ones show, the selected commune's outline
takes no click."""

from __future__ import annotations

import itertools
import json
import re

import branca.element
import geopandas as gpd
import pandas as pd
import pytest
import streamlit_folium  # type: ignore[import-untyped]
from shapely import box
from streamlit.elements.lib.pandas_styler_utils import marshall_styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from geo.i18n import language
from geo.outputs.maps import build_base_map, choropleth_layer, commune_payload
from ui import map_cache
from ui.map_tables import freeze
from ui.widgets import localized


@pytest.fixture
def communes_gdf():
    """Two wards of one district and a commune of another (labels: the two large ones)."""
    return gpd.GeoDataFrame(
        {
            "code": ["13291", "13294", "13540"],
            "name": ["Lê Hồng Phong", "Châu Cầu", "An Nội"],
            "full_name": ["Phường Lê Hồng Phong", "Phường Châu Cầu", "Xã An Nội"],
            "type": ["phường", "phường", "xã"],
            "district_code": ["347", "347", "352"],
            "district_name": ["Thành phố Phủ Lý", "Thành phố Phủ Lý", "Huyện Bình Lục"],
            "population_2019": pd.array([20605, None, 8150], dtype="Int64"),
            "lat": [20.53, 20.53, 20.47],
            "lon": [105.90, 105.92, 105.97],
        },
        geometry=[
            box(105.89, 20.52, 105.91, 20.54),
            box(105.91, 20.52, 105.93, 20.54),
            box(105.95, 20.45, 105.99, 20.49),
        ],
        crs="EPSG:4326",
    )


@pytest.fixture
def metrics():
    return pd.DataFrame({"code": ["13291", "13294", "13540"], "coverage": [0.62, None, 0.31]})


@pytest.fixture
def same_ids(monkeypatch):
    """Make folium's element ids a counter; ``reset()`` starts it again (two equal builds)."""
    counter = {"it": itertools.count()}

    def generate(cls):
        return f"{next(counter['it']):032x}"

    monkeypatch.setattr(branca.element.Element, "_generate_id", classmethod(generate))

    def reset():
        counter["it"] = itertools.count()

    return reset


@pytest.fixture
def sent(monkeypatch):
    """What the page sends to streamlit_folium's component (its keyword arguments)."""
    calls: list[dict] = []

    def record(**kwargs):
        calls.append(kwargs)
        return kwargs["default"]

    monkeypatch.setattr(streamlit_folium, "_component_func", record)
    return calls


def _build(gdf, metrics):
    fmap = build_base_map(gdf, tile_url=None)
    layer, _rows = choropleth_layer(commune_payload(gdf), metrics, "coverage")
    return fmap, layer


@pytest.mark.parametrize("returned", [["last_active_drawing"], []])
def test_draw_sends_what_st_folium_sends(communes_gdf, metrics, same_ids, sent, returned):
    fmap, layer = _build(communes_gdf, metrics)
    streamlit_folium.st_folium(
        fmap,
        key="map-2020-2024",
        feature_group_to_add=[layer],
        height=560,
        use_container_width=True,
        returned_objects=returned,
    )
    same_ids()
    fmap, layer = _build(communes_gdf, metrics)
    base = map_cache.render_base(fmap)
    groups = [map_cache.render_group(layer, 0)]
    map_cache.draw(base, groups, key="map-2020-2024", height=560, returned=returned)
    theirs, ours = ({k: v for k, v in c.items() if k != "on_change"} for c in sent)
    assert ours == theirs
    assert ours["key"] == streamlit_folium.generate_js_hash(ours["script"], "map-2020-2024")
    assert ours["js_links"] == ["/app/static/leaflet/leaflet.js"]  # the app's own Leaflet only
    assert ours["feature_group"].count('"ten":') == 3


def test_the_map_answer_is_kept_under_the_page_key_before_the_rerun(monkeypatch, sent):
    state: dict = {"hash": {"last_active_drawing": {"properties": {"code": "13540"}}}}
    monkeypatch.setattr(map_cache.st, "session_state", state)
    base = map_cache.MapBase("s", "", "", "map_div", {}, 10, (), ())
    map_cache.draw(base, [], key="map-x", returned=["last_active_drawing"])
    (call,) = sent
    assert call["default"] == {"last_active_drawing": None}
    state[call["key"]] = state.pop("hash")  # the browser answers under the component's key
    call["on_change"]()
    assert map_cache.last_click("map-x") == "13540"


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (None, None),
        ({}, None),
        ({"last_active_drawing": None}, None),
        ({"last_active_drawing": {"properties": {}}}, None),
        ({"last_active_drawing": {"properties": {"code": 13540}}}, "13540"),
        ("not a dict", None),
    ],
)
def test_last_click_reads_only_a_clicked_commune(monkeypatch, answer, code):
    monkeypatch.setattr(map_cache.st, "session_state", {"map-x": answer})
    assert map_cache.last_click("map-x") == code


def _features(script: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'"properties":\s*(\{[^{}]*\})', script)]


def test_the_outline_holds_the_selected_commune_alone_and_takes_no_click(communes_gdf):
    group = map_cache.render_group(
        map_cache.selection_layer(commune_payload(communes_gdf), "13540"), 1
    )
    assert [(p["code"], p["_sel"]) for p in _features(group)] == [("13540", True)]
    assert '"interactive": false' in group
    assert "feature_group_feature_group_1" in group and "map_div.addLayer" in group


def test_an_unknown_commune_is_an_empty_outline(communes_gdf):
    group = map_cache.render_group(
        map_cache.selection_layer(commune_payload(communes_gdf), "99999"), 1
    )
    assert _features(group) == []


def test_the_coloured_layer_outlines_no_commune(communes_gdf, metrics):
    layer, _rows = choropleth_layer(commune_payload(communes_gdf), metrics, "coverage")
    assert {p["_sel"] for p in _features(map_cache.render_group(layer, 0))} == {False}


def _marshalled(styler) -> ArrowData:
    proto = ArrowData()
    marshall_styler(proto, styler, "default")
    return proto


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_frozen_grid_shows_what_a_fresh_one_shows(lang):
    frame = pd.DataFrame({"Xã": ["Xã An Nội", None], "n": [18225, 3], "p": [0.3831, None]})
    with language(lang):
        fresh = _marshalled(localized(frame, percents=["p"]).set_uuid("gap_table"))
        frozen = freeze(localized(frame, percents=["p"]), "gap_table")
        first, again = _marshalled(frozen), _marshalled(frozen)
    assert first == fresh and again == fresh
    text = fresh.styler.display_values
    assert (b"18.225" in text) == (lang == "vi") and (b"18,225" in text) == (lang == "en")


def test_a_frozen_grid_does_not_translate_again(monkeypatch):
    frozen = freeze(localized(pd.DataFrame({"n": [1923]})), "t")
    calls: list[int] = []

    def translate(*args, **kwargs):
        calls.append(1)
        return {}

    monkeypatch.setattr(pd.io.formats.style.Styler, "_translate", translate)
    _marshalled(frozen)
    assert calls == []
