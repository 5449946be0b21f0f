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
import numpy as np
import pandas as pd

from geo.fmt import format_int, format_number, format_percent
from geo.metrics import METRICS, NO_DATA_COLOUR, NO_DATA_LABEL, classify, legend
from geo.places.boundaries import (
    METRIC_CRS,
    WGS84,
    district_outlines,
    simplify_coverage,
    to_geojson,
)
from geo.schema import PLACE_TYPE_LABELS

__all__ = [
    "DISPLAY_TOLERANCE",
    "LEAFLET_FILES",
    "PLACE_TYPE_COLOURS",
    "STATIC_URL",
    "base_map",
    "build_base_map",
    "build_commune_map",
    "choropleth_layer",
    "commune_payload",
    "external_assets",
    "html_text",
    "install_leaflet_assets",
    "legend_html",
    "neutral_layer",
    "visit_clusters",
    "visit_layer",
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


def html_text(value: object) -> str:
    """Escape text for HTML that folium places inside a JavaScript template literal.

    Tooltips and icons are written as `` `...` `` strings, so besides ``< > & " '`` the
    backtick, ``$`` and backslash are escaped too: a team or place name from an imported file
    can never close the string or run code.

    Examples
    --------
    >>> html_text("Tổ `1` ${x} <b>")
    'Tổ &#96;1&#96; &#36;{x} &lt;b&gt;'
    """
    text = html.escape("" if value is None else str(value))
    return text.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


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

    Borders are simplified with :func:`geo.places.boundaries.simplify_coverage` (shared borders stay
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


def _district_layer(gdf: gpd.GeoDataFrame) -> folium.GeoJson | None:
    districts = district_outlines(gdf)
    if not len(districts):
        return None
    data = to_geojson(simplify_coverage(districts, DISPLAY_TOLERANCE), ["district_name"])
    return folium.GeoJson(
        json.loads(data),
        name="Ranh giới huyện",
        style_function=lambda _f: _DISTRICT_STYLE,
        interactive=False,
    )


def _label_layer(gdf: gpd.GeoDataFrame, min_area_km2: float) -> folium.FeatureGroup:
    """Commune names where the commune is large enough to hold its label at province zoom."""
    group = folium.FeatureGroup(name="Tên xã", control=False)
    if not len(gdf):
        return group
    area_km2 = gdf.to_crs(METRIC_CRS).area / 1e6
    for row in gdf[area_km2.to_numpy() >= min_area_km2].itertuples():
        folium.Marker(
            [row.lat, row.lon],
            icon=folium.DivIcon(
                html=f'<div class="vneid-label">{html_text(row.name)}</div>',
                class_name="vneid-label-icon",
                icon_size=(90, 14),
                icon_anchor=(45, 7),
            ),
            interactive=False,
        ).add_to(group)
    return group


_LABEL_CSS = """<style>
.vneid-label{font:600 10px/12px sans-serif;color:#1f2a36;text-align:center;white-space:nowrap;
text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff;pointer-events:none}
.vneid-cluster{border-radius:50%;color:#fff;font:700 11px/1 sans-serif;display:flex;
align-items:center;justify-content:center;border:2px solid #fff;box-shadow:0 0 2px #333}
</style>"""


def build_base_map(
    gdf: gpd.GeoDataFrame,
    *,
    tile_url: str | None = None,
    attribution: str = "",
    label_min_area_km2: float | None = 8.0,
) -> folium.Map:
    """The static part of every commune map: district outlines, labels, view on the province.

    The commune polygons themselves are added by :func:`neutral_layer` or
    :func:`choropleth_layer` (as a feature group, so a filter change only swaps that layer).
    """
    m = base_map(tile_url, attribution)
    m.get_root().header.add_child(folium.Element(_LABEL_CSS))
    districts = _district_layer(gdf)
    if districts is not None:
        districts.add_to(m)
    if label_min_area_km2 is not None and {"lat", "lon"} <= set(gdf.columns):
        _label_layer(gdf, label_min_area_km2).add_to(m)
    if len(gdf):
        minx, miny, maxx, maxy = gdf.total_bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m


_TOOLTIP_FIELDS = ["ten", "loai", "huyen", "danso"]
_TOOLTIP_ALIASES = ["Tên", "Loại", "Huyện/thị xã/thành phố", "Dân số 2019"]


def _commune_geojson(data: dict, style, tooltip_fields, tooltip_aliases) -> folium.GeoJson:
    return folium.GeoJson(
        data,
        name="Xã, phường, thị trấn",
        style_function=style,
        highlight_function=lambda _f: {"weight": 3, "color": "#0b3d91"},
        tooltip=folium.GeoJsonTooltip(fields=tooltip_fields, aliases=tooltip_aliases, sticky=True),
    )


def neutral_layer(payload: str) -> folium.FeatureGroup:
    """Communes in one neutral colour, with the tooltip of :func:`commune_payload`."""
    group = folium.FeatureGroup(name="Xã, phường, thị trấn")
    _commune_geojson(
        json.loads(payload), lambda _f: _COMMUNE_STYLE, _TOOLTIP_FIELDS, _TOOLTIP_ALIASES
    ).add_to(group)
    return group


def choropleth_layer(
    payload: str,
    metrics: pd.DataFrame,
    metric: str,
    *,
    breaks: tuple[float, ...] | None = None,
    selected: str | None = None,
) -> tuple[folium.FeatureGroup, pd.DataFrame]:
    """Communes coloured by the class of ``metric`` (one definition: :mod:`geo.metrics.coverage`).

    Parameters
    ----------
    payload : str
        :func:`commune_payload` of the version's boundaries.
    metrics : DataFrame
        :func:`geo.metrics.coverage.commune_metrics` on the same version.
    metric : str
        Key of :data:`geo.metrics.coverage.METRICS`.
    breaks : tuple of float, optional
        Class bounds to reuse (e.g. the same classes on both sides of a comparison).
    selected : str, optional
        Code of the commune to outline.

    Returns
    -------
    (FeatureGroup, DataFrame)
        The layer, and the legend rows of :func:`geo.metrics.coverage.legend`.

    Notes
    -----
    "No data" communes are grey with a dashed outline, never coloured as 0 %.
    """
    spec = METRICS[metric]
    values = metrics.set_index("code")[metric]
    classes = classify(values, metric, breaks=breaks)
    data = json.loads(payload)
    for feature in data["features"]:
        props = feature["properties"]
        code = props["code"]
        known = code in classes.index
        props["_fill"] = classes.at[code, "colour"] if known else NO_DATA_COLOUR
        props["_nodata"] = bool(classes.at[code, "no_data"]) if known else True
        props["giatri"] = _format_metric(values.get(code), spec.kind) or NO_DATA_LABEL["vi"]
        props["_sel"] = code == selected

    def style(feature):
        p = feature["properties"]
        return {
            "fillColor": p["_fill"],
            "fillOpacity": 0.55 if p["_nodata"] else 0.8,
            "color": "#111111" if p["_sel"] else "#55606e",
            "weight": 3.5 if p["_sel"] else 0.8,
            "dashArray": "3 3" if p["_nodata"] else None,
        }

    group = folium.FeatureGroup(name=spec.label_vi)
    _commune_geojson(
        data, style, [*_TOOLTIP_FIELDS, "giatri"], [*_TOOLTIP_ALIASES, html.escape(spec.label_vi)]
    ).add_to(group)
    return group, legend(values, metric, breaks=breaks)


def _format_metric(value: object, kind: str) -> str:
    if value is None or pd.isna(value):
        return ""
    if kind == "percent":
        return format_percent(float(value))
    if kind == "float":
        return format_number(float(value), 2)
    return format_int(value)


def legend_html(rows: pd.DataFrame, title: str) -> str:
    """The legend as plain HTML/CSS (no JS, no CDN); "no data" is a hatched grey swatch."""
    items = []
    for row in rows.itertuples():
        swatch = (
            f"background:repeating-linear-gradient(45deg,{NO_DATA_COLOUR} 0 3px,#fff 3px 6px)"
            if row.no_data
            else f"background:{row.colour}"
        )
        items.append(
            '<span style="display:inline-flex;align-items:center;margin:0 14px 4px 0">'
            f'<span style="width:22px;height:14px;border:1px solid #555;{swatch};'
            'display:inline-block;margin-right:6px"></span>'
            f"{html.escape(str(row.label))} ({format_int(row.count)})</span>"
        )
    return (
        '<div class="vneid-legend" style="font-size:0.85rem;line-height:1.4">'
        f"<b>{html.escape(title)}</b><br>{''.join(items)}</div>"
    )


#: Okabe-Ito colours per place type (colour-blind safe).
PLACE_TYPE_COLOURS = {
    "household": "#0072B2",
    "agency": "#E69F00",
    "business": "#009E73",
    "school": "#CC79A7",
    "other": "#7f7f7f",
}


def visit_clusters(visits: pd.DataFrame, cell_m: float = 2500.0) -> pd.DataFrame:
    """Group visit locations into square cells of ``cell_m`` metres.

    Visits without coordinates are left out. Each cluster sits at the mean position of its
    visits and takes the colour of its most frequent place type.

    Returns
    -------
    DataFrame
        ``lat, lon, visits, activated, place_type`` (dominant), ``detail`` (count per type),
        sorted by number of visits (largest first).

    Examples
    --------
    >>> v = pd.DataFrame({"lat": [20.54, 20.5401, 20.60], "lon": [105.91, 105.9101, 105.95],
    ...                   "place_type": ["household", "school", "household"],
    ...                   "activated": [3, 40, 2]})
    >>> visit_clusters(v)[["visits", "activated", "place_type"]].values.tolist()
    [[2, 43, 'household'], [1, 2, 'household']]
    """
    cols = ["lat", "lon", "visits", "activated", "place_type", "detail"]
    if visits.empty or not {"lat", "lon"} <= set(visits.columns):
        return pd.DataFrame(columns=cols)
    v = visits.dropna(subset=["lat", "lon"])
    if v.empty:
        return pd.DataFrame(columns=cols)
    pts = gpd.GeoSeries(gpd.points_from_xy(v["lon"], v["lat"]), crs=WGS84).to_crs(METRIC_CRS)
    v = v.assign(
        _cx=(pts.x // cell_m).to_numpy(),
        _cy=(pts.y // cell_m).to_numpy(),
        activated=(
            pd.to_numeric(v["activated"], errors="coerce").fillna(0) if "activated" in v else 0
        ),
    )
    keys = ["_cx", "_cy"]
    agg = v.groupby(keys).agg(
        lat=("lat", "mean"),
        lon=("lon", "mean"),
        visits=("lat", "size"),
        activated=("activated", "sum"),
    )
    by_type = v.groupby([*keys, "place_type"]).size().unstack(fill_value=0)
    order = [t for t in PLACE_TYPE_COLOURS if t in by_type.columns]
    by_type = by_type[order + [c for c in by_type.columns if c not in order]]
    agg["place_type"] = by_type.idxmax(axis=1)
    agg["detail"] = [
        "; ".join(f"{PLACE_TYPE_LABELS.get(t, t)}: {n}" for t, n in row.items() if n)
        for _, row in by_type.iterrows()
    ]
    agg["activated"] = agg["activated"].astype(int)
    out = agg.reset_index(drop=True).sort_values(["visits", "lat"], ascending=[False, True])
    return out[cols].reset_index(drop=True)


def visit_layer(clusters: pd.DataFrame) -> folium.FeatureGroup:
    """Visit clusters as round HTML markers sized by count (no plugin, nothing from a CDN)."""
    group = folium.FeatureGroup(name="Lượt làm việc")
    for row in clusters.itertuples():
        size = int(16 + 4 * min(np.sqrt(row.visits), 6))
        colour = PLACE_TYPE_COLOURS.get(row.place_type, PLACE_TYPE_COLOURS["other"])
        tip = (
            f"{format_int(row.visits)} lượt làm việc, {format_int(row.activated)} tài khoản "
            f"kích hoạt<br>{html_text(row.detail)}"
        )
        folium.Marker(
            [row.lat, row.lon],
            icon=folium.DivIcon(
                html=(
                    f'<div class="vneid-cluster" style="width:{size}px;height:{size}px;'
                    f'background:{colour}">{row.visits}</div>'
                ),
                icon_size=(size, size),
                icon_anchor=(size // 2, size // 2),
                class_name="vneid-cluster-icon",
            ),
            tooltip=folium.Tooltip(tip),
        ).add_to(group)
    return group


def build_commune_map(
    gdf: gpd.GeoDataFrame,
    *,
    payload: str | None = None,
    tile_url: str | None = None,
    attribution: str = "",
) -> folium.Map:
    """Neutral map of communes with district outlines and a tooltip per commune.

    Parameters
    ----------
    gdf : GeoDataFrame
        Boundaries from :func:`geo.places.boundaries.load_boundaries` (registry columns + geometry).
    payload : str, optional
        Pre-computed :func:`commune_payload` of ``gdf`` (pass a cached one to save work).
    tile_url, attribution : str, optional
        Base map tiles on the closed network; none by default.

    Returns
    -------
    folium.Map
        A map that loads nothing but the app's own Leaflet (see :func:`external_assets`).
    """
    m = build_base_map(gdf, tile_url=tile_url, attribution=attribution, label_min_area_km2=None)
    neutral_layer(payload if payload is not None else commune_payload(gdf)).add_to(m)
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
