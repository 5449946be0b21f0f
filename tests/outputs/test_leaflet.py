"""Tests of geo.outputs.leaflet: the app's own Leaflet, copied once, and no CDN."""

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
