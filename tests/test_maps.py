import json
import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely import box

from geo.maps import (
    LEAFLET_FILES,
    STATIC_URL,
    build_commune_map,
    commune_payload,
    external_assets,
    install_leaflet_assets,
)


@pytest.fixture
def communes_gdf():
    """Two wards of one district and a commune of another; one name carries HTML."""
    return gpd.GeoDataFrame(
        {
            "code": ["13291", "13294", "13540"],
            "name": ["Lê Hồng Phong", "<b>Châu Cầu</b>", "An Nội"],
            "full_name": ["Phường Lê Hồng Phong", "Phường <b>Châu Cầu</b>", "Xã An Nội"],
            "type": ["phường", "phường", "xã"],
            "district_code": ["347", "347", "352"],
            "district_name": ["Thành phố Phủ Lý", "Thành phố Phủ Lý", "Huyện Bình Lục"],
            "urban": [True, True, False],
            "version": "2020-2024",
            "population_2019": pd.array([20605, None, 8150], dtype="Int64"),
        },
        geometry=[
            box(105.89, 20.52, 105.91, 20.54),
            box(105.91, 20.52, 105.93, 20.54),
            box(105.95, 20.45, 105.99, 20.49),
        ],
        crs="EPSG:4326",
    )


@pytest.fixture
def payload(communes_gdf):
    return json.loads(commune_payload(communes_gdf))


@pytest.fixture
def fmap(communes_gdf):
    return build_commune_map(communes_gdf)


def test_payload_properties_are_escaped_and_formatted(payload):
    props = [f["properties"] for f in payload["features"]]
    assert [p["ten"] for p in props] == [
        "Phường Lê Hồng Phong",
        "Phường &lt;b&gt;Châu Cầu&lt;/b&gt;",
        "Xã An Nội",
    ]
    assert [p["danso"] for p in props] == ["20.605", "", "8.150"]
    assert [p["loai"] for p in props] == ["Phường", "Phường", "Xã"]
    assert [p["huyen"] for p in props] == ["Thành phố Phủ Lý"] * 2 + ["Huyện Bình Lục"]


def test_payload_keeps_diacritics_unescaped_in_json(communes_gdf):
    assert "Lê Hồng Phong" in commune_payload(communes_gdf)  # ensure_ascii=False: smaller payload


def test_map_loads_only_the_apps_own_leaflet(fmap):
    assert external_assets(fmap) == []
    assert fmap.default_js == [("leaflet", f"{STATIC_URL}/leaflet.js")]
    assert fmap.default_css == [("leaflet_css", f"{STATIC_URL}/leaflet.css")]
    html = fmap.get_root().render()
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "tile.openstreetmap" not in html


def test_external_assets_notices_a_cdn(fmap):
    from folium.plugins import MarkerCluster

    MarkerCluster().add_to(fmap)  # ships with CDN links
    assert any(u.startswith("https://") for u in external_assets(fmap))


def test_map_has_commune_and_district_layers(fmap):
    html = fmap.get_root().render()
    assert html.count('"ten":') == 3
    assert html.count('"district_name":') == 2  # one outline per district
    for alias in ("Tên", "Dân số 2019", "Huyện/thị xã/thành phố"):
        assert json.dumps(alias)[1:-1] in html  # folium writes the aliases as escaped JSON


def test_configured_tiles_are_used(communes_gdf):
    m = build_commune_map(
        communes_gdf, tile_url="http://tiles.local/{z}/{x}/{y}.png", attribution="Nội bộ"
    )
    assert "http://tiles.local/{z}/{x}/{y}.png" in m.get_root().render()


def test_install_leaflet_assets_is_idempotent(tmp_path):
    dest = install_leaflet_assets(tmp_path)
    assert dest == tmp_path / "leaflet"
    for name in LEAFLET_FILES:
        assert (dest / name).stat().st_size > 1000
    assert "Leaflet 1.9.4" in (dest / "leaflet.js").read_text()[:200]
    assert (dest / "images" / "marker-icon.png").exists()
    stamp = (dest / "leaflet.js").stat().st_mtime_ns
    install_leaflet_assets(tmp_path)
    assert (dest / "leaflet.js").stat().st_mtime_ns == stamp
