"""Tests of geo.outputs.maps: commune payload, base map, choropleth, legend, visit clusters."""

import dataclasses
import json
import re

import folium
import geopandas as gpd
import pandas as pd
import pytest
from shapely import box

from geo.i18n import language
from geo.metrics import NO_DATA_COLOUR
from geo.outputs.leaflet import StaticGeoJson, TextLabels
from geo.outputs.maps import (
    PLACE_TYPE_COLOURS,
    STATIC_URL,
    VISIT_COLOUR,
    BaseLayers,
    base_layers,
    build_base_map,
    choropleth_layer,
    commune_payload,
    external_assets,
    legend_html,
    visit_clusters,
    visit_layer,
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


def commune_map(gdf, metrics, **tiles):
    """The coverage map as the map page builds it: base map + choropleth layer, no labels."""
    m = build_base_map(gdf, label_min_area_km2=None, **tiles)
    layer, _ = choropleth_layer(commune_payload(gdf), metrics, "coverage")
    layer.add_to(m)
    return m


@pytest.fixture
def fmap(communes_gdf, metrics):
    return commune_map(communes_gdf, metrics)


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


def test_configured_tiles_are_used(communes_gdf, metrics):
    m = commune_map(
        communes_gdf, metrics, tile_url="http://tiles.local/{z}/{x}/{y}.png", attribution="Nội bộ"
    )
    assert "http://tiles.local/{z}/{x}/{y}.png" in m.get_root().render()


# --- coverage map -------------------------------------------------------------------------------


@pytest.fixture
def metrics():
    """Hand-set metrics: 13291 at 85 % (class 80–100 %), 13294 no data, 13540 at 30 %."""
    return pd.DataFrame(
        {
            "code": ["13291", "13294", "13540"],
            "coverage": [0.85, float("nan"), 0.30],
            "gap": pd.array([150, None, 700], dtype="Int64"),
        }
    )


def _features(group):
    (geojson,) = [c for c in group._children.values() if isinstance(c, folium.GeoJson)]
    return {f["properties"]["code"]: f for f in geojson.data["features"]}, geojson


def test_choropleth_colours_follow_the_classes(communes_gdf, metrics):
    group, rows = choropleth_layer(commune_payload(communes_gdf), metrics, "coverage")
    feats, geojson = _features(group)
    fills = {c: geojson.style_function(f)["fillColor"] for c, f in feats.items()}
    assert fills == {"13291": "#abd9e9", "13294": NO_DATA_COLOUR, "13540": "#d7191c"}
    assert feats["13294"]["properties"]["giatri"] == "chưa có số liệu"
    assert feats["13291"]["properties"]["giatri"] == "85,0 %"
    assert geojson.style_function(feats["13294"])["dashArray"] == "3 3"  # no data: dashed
    assert geojson.style_function(feats["13291"])["dashArray"] is None
    assert rows["label"].tolist() == ["< 50 %", "50–80 %", "80–100 %", "≥ 100 %", "chưa có số liệu"]
    assert rows["count"].tolist() == [1, 0, 1, 0, 1]


def test_choropleth_outlines_the_selected_commune(communes_gdf, metrics):
    group, _ = choropleth_layer(commune_payload(communes_gdf), metrics, "gap", selected="13540")
    feats, geojson = _features(group)
    weights = {c: geojson.style_function(f)["weight"] for c, f in feats.items()}
    assert weights == {"13291": 0.8, "13294": 0.8, "13540": 3.5}
    assert feats["13540"]["properties"]["giatri"] == "700"


def test_commune_missing_from_metrics_is_no_data(communes_gdf, metrics):
    group, _ = choropleth_layer(commune_payload(communes_gdf), metrics.iloc[:1], "coverage")
    feats, geojson = _features(group)
    assert geojson.style_function(feats["13540"])["fillColor"] == NO_DATA_COLOUR


def test_legend_html_escapes_and_hatches_no_data(communes_gdf, metrics):
    _, rows = choropleth_layer(commune_payload(communes_gdf), metrics, "coverage")
    text = legend_html(rows, "Tỷ lệ <kích hoạt>")
    assert "Tỷ lệ &lt;kích hoạt&gt;" in text
    assert "repeating-linear-gradient" in text and text.count("repeating-linear-gradient") == 1
    assert "80–100 % (1)" in text and "chưa có số liệu (1)" in text
    assert "<script" not in text and "http" not in text


def _labelled(gdf):
    return gdf.assign(lat=[20.53, 20.53, 20.47], lon=[105.90, 105.92, 105.97])


def _elements(m):
    """Every element of a folium map's tree (the map itself excluded)."""
    out = []

    def walk(el):
        for child in el._children.values():
            out.append(child)
            walk(child)

    walk(m)
    return out


def test_base_map_labels_only_large_communes(communes_gdf):
    # 0.02° x 0.02° is about 4.9 km², 0.04° x 0.04° about 19.5 km² at this latitude
    m = build_base_map(_labelled(communes_gdf), label_min_area_km2=8.0)
    (labels,) = [e for e in _elements(m) if isinstance(e, TextLabels)]
    assert labels.rows == [(20.47, 105.97, "An Nội")]
    html = m.get_root().render()
    assert '[[20.47,105.97,"An Nội"]]' in html
    assert html.count("vneid-label-icon") == 1  # the layer's one template, not one per label
    assert external_assets(build_base_map(communes_gdf)) == []


@pytest.mark.parametrize("min_area", [None, 100.0], ids=["no-labels", "none-large-enough"])
def test_base_map_without_labels_has_no_label_layer(communes_gdf, min_area):
    m = build_base_map(_labelled(communes_gdf), label_min_area_km2=min_area)
    assert not [e for e in _elements(m) if isinstance(e, TextLabels)]


@pytest.mark.parametrize("n", [3, 120])
def test_base_map_is_a_few_elements_whatever_the_number_of_labels(n):
    """One label layer and one outline layer: ~75 markers once cost ~150 Jinja templates."""
    gdf = gpd.GeoDataFrame(
        {
            "code": [str(i) for i in range(n)],
            "name": [f"Xã {i}" for i in range(n)],
            "district_code": ["1", "2"] * (n // 2) + ["1"] * (n % 2),
            "district_name": ["Huyện A", "Huyện B"] * (n // 2) + ["Huyện A"] * (n % 2),
            "lat": [20.5] * n,
            "lon": [105.9 + 0.05 * i for i in range(n)],
        },
        geometry=[box(105.88 + 0.05 * i, 20.48, 105.92 + 0.05 * i, 20.52) for i in range(n)],
        crs="EPSG:4326",
    )
    m = build_base_map(gdf)
    kinds = sorted(type(e).__name__ for e in _elements(m))
    # scale bar, zoom buttons, fit to bounds, outlines, labels (the CSS is in the page head)
    assert kinds == sorted(
        ["MetricScale", "LocalizedZoom", "FitBounds", "StaticGeoJson", "TextLabels"]
    )
    (labels,) = [e for e in _elements(m) if isinstance(e, TextLabels)]
    assert len(labels.rows) == n


def test_label_names_are_inert(communes_gdf):
    big = communes_gdf.assign(name=["a", "b", '</script><img src=x onerror="alert(1)">'])
    html = build_base_map(_labelled(big)).get_root().render()
    assert "<img" not in html and html.count("</script>") == html.count("<script")
    assert "\\u003c/script\\u003e\\u003cimg" in html  # the name, escaped inside JSON
    assert "box.textContent = row[2]" in html and "innerHTML" not in html


def test_district_outlines_are_one_layer_per_map(communes_gdf):
    m = build_base_map(communes_gdf, label_min_area_km2=None)
    (outlines,) = [e for e in _elements(m) if isinstance(e, StaticGeoJson)]
    feats = json.loads(outlines.data_json)["features"]
    assert sorted(f["properties"]["district_name"] for f in feats) == [
        "Huyện Bình Lục",
        "Thành phố Phủ Lý",
    ]
    assert json.loads(outlines.style_json) == {
        "fill": False,
        "color": "#1f2a36",
        "weight": 2.2,
        "opacity": 0.9,
    }


def test_base_layers_computed_once_give_the_same_map(communes_gdf):
    gdf = _labelled(communes_gdf)
    layers = base_layers(gdf)
    assert layers.bounds == ((20.45, 105.89), (20.54, 105.99))
    assert [row[2] for row in layers.labels] == ["An Nội"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        layers.labels = ()  # type: ignore[misc]  # shared between sessions: immutable

    def script(m):
        return re.sub(r"_[0-9a-f]{32}", "_ID", m.get_root().render())

    assert script(build_base_map(layers=layers)) == script(build_base_map(gdf))
    with pytest.raises(TypeError):
        build_base_map()


def test_base_layers_hold_no_translated_text(communes_gdf):
    """A cache of them needs no language in its key (tests/test_i18n.py's rule)."""
    gdf = _labelled(communes_gdf)
    with language("en"):
        english = base_layers(gdf)
    assert english == base_layers(gdf)


def test_base_layers_of_no_communes():
    layers = base_layers(gpd.GeoDataFrame({"district_code": []}, geometry=[], crs=4326))
    assert layers == BaseLayers(None, (), None)


@pytest.mark.parametrize(
    ("visits", "expected"),
    [
        pytest.param(pd.DataFrame(), [], id="empty"),
        pytest.param(
            pd.DataFrame({"lat": [None], "lon": [None], "place_type": ["household"]}),
            [],
            id="none-coordinates",
        ),
        pytest.param(
            pd.DataFrame(
                {
                    "lat": [20.54, 20.5401, 20.5402, 20.60],
                    "lon": [105.91, 105.9101, 105.9102, 105.95],
                    "place_type": ["school", "household", "school", "agency"],
                    "activated": [40, 3, None, 5],
                }
            ),
            [(3, 43, "school"), (1, 5, "agency")],
            id="two-clusters",
        ),
    ],
)
def test_visit_clusters(visits, expected):
    out = visit_clusters(visits)
    assert list(zip(out["visits"], out["activated"], out["place_type"], strict=True)) == expected


def test_visit_layer_draws_html_markers_without_plugins():
    clusters = visit_clusters(
        pd.DataFrame(
            {"lat": [20.54, 20.60], "lon": [105.91, 105.95], "place_type": ["school", "household"]}
        )
    )
    layer = visit_layer(clusters)
    m = build_base_map(gpd.GeoDataFrame({"district_code": []}, geometry=[], crs=4326))
    layer.add_to(m)
    html = m.get_root().render()
    assert html.count("vneid-cluster-icon") == 2
    assert html.count(VISIT_COLOUR) == 2  # one colour, never a coverage class's
    assert PLACE_TYPE_COLOURS["school"] not in html
    assert "1 lượt làm việc, 0 tài khoản kích hoạt<br>trường học: 1" in html  # tooltip
    assert external_assets(m) == []


# --- language -------------------------------------------------------------------------------------


def test_payload_in_english_formats_and_names_the_unit_type(communes_gdf):
    with language("en"):
        props = [f["properties"] for f in json.loads(commune_payload(communes_gdf))["features"]]
    assert [p["danso"] for p in props] == ["20,605", "", "8,150"]
    assert [p["loai"] for p in props] == ["Ward", "Ward", "Commune"]
    assert props[0]["ten"] == "Phường Lê Hồng Phong"  # names are data: never translated
    assert props[2]["huyen"] == "Huyện Bình Lục"


def test_choropleth_in_english(communes_gdf, metrics):
    with language("en"):
        group, _rows = choropleth_layer(commune_payload(communes_gdf), metrics, "coverage")
        m = build_base_map(communes_gdf, label_min_area_km2=None)
        group.add_to(m)
        html = m.get_root().render()
    feats, geojson = _features(group)
    assert feats["13291"]["properties"]["giatri"] == "85.0%"
    assert feats["13294"]["properties"]["giatri"] == "no data"
    assert geojson.layer_name == "Commune/ward/township"
    assert group.layer_name == "Activation rate (coverage)"
    for alias in ("Name", "Type", "District / town / city", "Population 2019"):
        assert json.dumps(alias) in html
    assert json.dumps("Activation rate (coverage)") in html
    assert "Dân số 2019" not in html and "chưa có số liệu" not in html


def test_gap_values_in_english(communes_gdf):
    gaps = pd.DataFrame({"code": ["13291", "13540"], "gap": pd.array([1500, 700], dtype="Int64")})
    with language("en"):
        group, _ = choropleth_layer(commune_payload(communes_gdf), gaps, "gap")
    feats, _geojson = _features(group)
    assert feats["13291"]["properties"]["giatri"] == "1,500"
    with language("vi"):
        group, _ = choropleth_layer(commune_payload(communes_gdf), gaps, "gap")
    assert _features(group)[0]["13291"]["properties"]["giatri"] == "1.500"


def test_legend_html_in_english():
    rows = pd.DataFrame(
        {
            "label": ["≥ 100%", "chưa có số liệu"],
            "colour": ["#2c7bb6", NO_DATA_COLOUR],
            "count": [1234, 1],
            "no_data": [False, True],
        }
    )
    with language("en"):
        text = legend_html(rows, "Tỷ lệ kích hoạt")  # a metric label (catalog id) as the title
    assert "<b>Activation rate (coverage)</b>" in text
    assert "≥ 100% (1,234)" in text and "no data (1)" in text
    assert "chưa có số liệu" not in text


def test_visit_tooltips_in_english():
    visits = pd.DataFrame(
        {
            "lat": [20.54, 20.5401, 20.60],
            "lon": [105.91, 105.9101, 105.95],
            "place_type": ["school", "household", "agency"],
            "activated": [40, 3, 1],
        }
    )
    with language("en"):
        clusters = visit_clusters(visits)
        layer = visit_layer(clusters)
        m = build_base_map(gpd.GeoDataFrame({"district_code": []}, geometry=[], crs=4326))
        layer.add_to(m)
        html = m.get_root().render()
    assert clusters["detail"].tolist() == ["household: 1; school: 1", "agency: 1"]
    assert layer.layer_name == "Visits"
    assert "2 visits, 43 accounts activated<br>household: 1; school: 1" in html
    assert "1 visit, 1 account activated<br>agency: 1" in html  # singular forms
    assert "lượt làm việc" not in html


def test_commune_map_has_a_metric_scale_bar(fmap):
    html = fmap.get_root().render()
    assert '"imperial": false' in html
    assert "L.control.scale()" not in html
