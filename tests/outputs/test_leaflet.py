"""Tests of geo.outputs.leaflet: the app's own Leaflet, copied once, and no CDN."""

import folium
import pytest

from geo.i18n import language
from geo.outputs.leaflet import LEAFLET_FILES, base_map, external_assets, install_leaflet_assets


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


def test_empty_base_map_is_offline():
    m = base_map()
    assert external_assets(m) == []
    assert "tile.openstreetmap" not in m.get_root().render()


def test_scale_bar_is_metric_only():
    """Leaflet's default scale control (folium's control_scale) shows miles and feet too."""
    html = base_map().get_root().render()
    assert html.count("L.control.scale(") == 1
    assert 'L.control.scale({"position": "bottomleft", "metric": true, "imperial": false})' in html
    assert "L.control.scale()" not in html  # folium's own, imperial by default


def test_scale_bar_reaches_streamlit_folium():
    """st_folium renders each element's script: the metric scale control is among them."""
    from streamlit_folium import generate_leaflet_string

    m = base_map()
    m.render()
    script = generate_leaflet_string(m)
    assert '"imperial": false' in script and "L.control.scale()" not in script


@pytest.mark.parametrize(
    ("lang", "zoom_in", "zoom_out"),
    [("vi", "Ph\\u00f3ng to", "Thu nh\\u1ecf"), ("en", "Zoom in", "Zoom out")],
)
def test_zoom_buttons_are_titled_in_the_language(lang, zoom_in, zoom_out):
    """Leaflet's own zoom control says «Zoom in» whatever the language: ours replaces it."""
    from streamlit_folium import generate_leaflet_string

    with language(lang):
        m = base_map()
    html = m.get_root().render()
    assert html.count("L.control.zoom(") == 1
    assert f'"zoomInTitle": "{zoom_in}", "zoomOutTitle": "{zoom_out}"' in html
    assert '"zoomControl": true' not in html  # folium's own, in English
    m.render()
    assert "L.control.zoom(" in generate_leaflet_string(m)


@pytest.mark.parametrize(("lang", "name"), [("vi", "Bản đồ nền"), ("en", "Base map")])
def test_tile_layer_name_follows_the_language(lang, name):
    with language(lang):
        m = base_map("http://tiles.local/{z}/{x}/{y}.png")
    layers = [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    assert [layer.layer_name for layer in layers] == [name]
