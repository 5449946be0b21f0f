"""Folium map builders that work without internet access.

Folium and its plugins point at CDNs for Leaflet, jQuery, Bootstrap and fonts. On the police's
closed network those never load and the map stays blank, so every map built here:

* loads only Leaflet's JS and CSS, served by the app itself under :data:`STATIC_URL`
  (copied from the ``django-js-lib-leaflet`` wheel by :func:`install_leaflet_assets`);
* has no base-map tiles unless a tile URL on the closed network is configured;
* colours polygons with ``style_function`` and draws any legend as plain HTML/CSS.

:func:`external_assets` lists whatever a map would still fetch from elsewhere; tests assert it is
empty. Nothing here imports streamlit.
"""

from __future__ import annotations

import html
import json
import shutil
from importlib import resources
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd

from geo.boundaries import district_outlines, simplify_coverage, to_geojson
from geo.fmt import format_int

__all__ = [
    "DISPLAY_TOLERANCE",
    "LEAFLET_FILES",
    "STATIC_URL",
    "base_map",
    "build_commune_map",
    "commune_payload",
    "external_assets",
    "install_leaflet_assets",
]

#: Absolute URL under which Streamlit serves ``static/leaflet`` (a relative URL would resolve
#: against the component's iframe and fail).
STATIC_URL = "/app/static/leaflet"
LEAFLET_FILES = ("leaflet.js", "leaflet.css")
#: Coverage-simplification tolerance for display, in degrees (about 30 m).
DISPLAY_TOLERANCE = 0.0003
HA_NAM_CENTER = (20.535, 105.975)

_TYPE_LABEL = {"phường": "Phường", "thị trấn": "Thị trấn", "xã": "Xã"}
_COMMUNE_STYLE = {"fillColor": "#d9e3ec", "color": "#55606e", "weight": 0.8, "fillOpacity": 0.7}
_DISTRICT_STYLE = {"fill": False, "color": "#1f2a36", "weight": 2.2, "opacity": 0.9}


def install_leaflet_assets(static_dir: str | Path) -> Path:
    """Copy Leaflet 1.9.4 from the installed ``js_lib_leaflet`` package into ``static_dir/leaflet``.

    Idempotent: files already there with the same size are left alone.

    Returns
    -------
    Path
        The folder holding ``leaflet.js``, ``leaflet.css`` and ``images/``.
    """
    src = Path(str(resources.files("js_lib_leaflet") / "static" / "js_lib_leaflet"))
    dest = Path(static_dir) / "leaflet"
    (dest / "images").mkdir(parents=True, exist_ok=True)
    wanted = [Path(f) for f in LEAFLET_FILES] + [
        p.relative_to(src) for p in (src / "images").iterdir()
    ]
    for rel in wanted:
        target = dest / rel
        if not target.exists() or target.stat().st_size != (src / rel).stat().st_size:
            shutil.copyfile(src / rel, target)
    return dest


def base_map(tile_url: str | None = None, attribution: str = "") -> folium.Map:
    """An empty folium map of Hà Nam that loads only the app's own Leaflet.

    Every map of the app starts here, so none of them can reach for a CDN.
    """
    m = folium.Map(
        location=HA_NAM_CENTER,
        zoom_start=11,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        zoom_snap=0.25,
    )
    # instance attributes shadow folium's CDN lists for this map only
    m.default_js = [("leaflet", f"{STATIC_URL}/leaflet.js")]
    m.default_css = [("leaflet_css", f"{STATIC_URL}/leaflet.css")]
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr=attribution or " ", name="nền").add_to(m)
    return m


def commune_payload(gdf: gpd.GeoDataFrame, tolerance: float = DISPLAY_TOLERANCE) -> str:
    """GeoJSON sent to the browser for the commune layer.

    Borders are simplified with :func:`geo.boundaries.simplify_coverage` (shared borders stay
    shared) and only the tooltip's properties are kept; every text property is HTML-escaped
    because Leaflet tooltips render HTML.
    """
    simple = simplify_coverage(gdf, tolerance) if len(gdf) else gdf
    props = pd.DataFrame(
        {
            "code": simple["code"].astype(str),
            "ten": simple["full_name"].map(lambda s: html.escape(str(s))),
            "loai": simple["type"].map(lambda t: _TYPE_LABEL.get(t, str(t))),
            "huyen": simple["district_name"].map(
                lambda s: "" if pd.isna(s) else html.escape(str(s))
            ),
            "danso": simple["population_2019"].map(format_int),
        }
    )
    layer = gpd.GeoDataFrame(props, geometry=simple.geometry.values, crs=gdf.crs)
    return to_geojson(layer, list(props.columns))


def build_commune_map(
    gdf: gpd.GeoDataFrame,
    *,
    payload: str | None = None,
    tile_url: str | None = None,
    attribution: str = "",
) -> folium.Map:
    """Map of communes with district outlines and a tooltip per commune.

    Parameters
    ----------
    gdf : GeoDataFrame
        Boundaries from :func:`geo.boundaries.load_boundaries` (registry columns + geometry).
    payload : str, optional
        Pre-computed :func:`commune_payload` of ``gdf`` (pass a cached one to save work).
    tile_url, attribution : str, optional
        Base map tiles on the closed network; none by default.

    Returns
    -------
    folium.Map
        A map that loads nothing but the app's own Leaflet (see :func:`external_assets`).
    """
    m = base_map(tile_url, attribution)
    data = json.loads(payload if payload is not None else commune_payload(gdf))
    folium.GeoJson(
        data,
        name="Xã, phường, thị trấn",
        style_function=lambda _f: _COMMUNE_STYLE,
        highlight_function=lambda _f: {"weight": 2.5, "color": "#0b3d91", "fillOpacity": 0.85},
        tooltip=folium.GeoJsonTooltip(
            fields=["ten", "loai", "huyen", "danso"],
            aliases=["Tên", "Loại", "Huyện/thị xã/thành phố", "Dân số 2019"],
            sticky=True,
        ),
    ).add_to(m)
    districts = district_outlines(gdf)
    if len(districts):
        folium.GeoJson(
            json.loads(
                to_geojson(simplify_coverage(districts, DISPLAY_TOLERANCE), ["district_name"])
            ),
            name="Ranh giới huyện",
            style_function=lambda _f: _DISTRICT_STYLE,
            interactive=False,
        ).add_to(m)
    if len(gdf):
        minx, miny, maxx, maxy = gdf.total_bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m


def external_assets(m: folium.Map) -> list[str]:
    """JS/CSS URLs that the map would fetch from outside the app (should be empty).

    Walks the map the way ``streamlit-folium`` does when it collects ``default_js`` and
    ``default_css`` from every element.
    """
    found: list[str] = []

    def walk(el):
        for _, url in [*getattr(el, "default_js", []), *getattr(el, "default_css", [])]:
            if "://" in url or url.startswith("//"):
                found.append(url)
        for child in getattr(el, "_children", {}).values():
            walk(child)

    walk(m)
    return list(dict.fromkeys(found))
