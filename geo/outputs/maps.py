"""The coverage map's layers: commune payload, district outlines and labels, choropleth, visits.

Every map is built on :func:`geo.outputs.leaflet.base_map`, so it loads nothing but the app's
own Leaflet (no CDN, no plugin, see :func:`geo.outputs.leaflet.external_assets`): polygons are
coloured with ``style_function``, visit clusters are HTML markers (:class:`folium.DivIcon`), the
district outlines and the commune labels are one layer each, computed once per set of
boundaries (:func:`base_layers`, cached by the pages) and drawn from that data by
:func:`build_base_map`, and the legend is plain HTML/CSS (:func:`legend_html`). Visit
markers are one colour, :data:`VISIT_COLOUR` inside a dark :data:`VISIT_OUTLINE` ring, that no
class of any map metric uses (the legend names them when they are shown). The class
of a value, its colour and the legend rows have one definition, :mod:`geo.metrics.coverage`.
The offline base (``base_map``, ``external_assets``, ``install_leaflet_assets``, ``STATIC_URL``,
``LEAFLET_FILES``) and ``html_text`` are re-exported here for the callers that import them from
this module. Every label, tooltip and legend text comes from the catalog (:mod:`geo.i18n`),
translated when the layer is built; the figures are :mod:`geo.fmt` text of the language in use.
Nothing here imports streamlit.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geo.fmt import format_int, format_number, format_percent, is_missing
from geo.i18n import N_, _, ngettext
from geo.metrics import METRICS, NO_DATA_COLOUR, classify, legend
from geo.outputs.leaflet import (
    LEAFLET_FILES,
    STATIC_URL,
    StaticGeoJson,
    TextLabels,
    add_css,
    base_map,
    external_assets,
    install_leaflet_assets,
)
from geo.outputs.legend import box_swatch, ring_swatch, swatch_legend
from geo.outputs.text import html_text
from geo.places.boundaries import (
    METRIC_CRS,
    WGS84,
    district_outlines,
    simplify_coverage,
    to_geojson,
)
from geo.schema import place_type_label

__all__ = [
    "DISPLAY_TOLERANCE",
    "LEAFLET_FILES",
    "PLACE_TYPE_COLOURS",
    "STATIC_URL",
    "VISIT_COLOUR",
    "VISIT_OUTLINE",
    "BaseLayers",
    "base_layers",
    "base_map",
    "build_base_map",
    "choropleth_layer",
    "commune_payload",
    "external_assets",
    "html_text",
    "install_leaflet_assets",
    "legend_html",
    "visit_clusters",
    "visit_layer",
]

#: Coverage-simplification tolerance for display, in degrees (about 30 m).
DISPLAY_TOLERANCE = 0.0003
#: Okabe-Ito colours per place type (colour-blind safe).
PLACE_TYPE_COLOURS = {
    "household": "#0072B2",
    "agency": "#E69F00",
    "business": "#009E73",
    "school": "#CC79A7",
    "other": "#7f7f7f",
}

#: Fill of the visit markers: magenta, the one hue that none of the map's class palettes
#: (red-yellow-blue, yellow-orange-red, greens, viridis) nor the "no data" grey uses; CIE76
#: colour difference at least 57 to every class colour, and white numbers on it at 4.7:1.
VISIT_COLOUR = "#cc00cc"
#: Ring of the visit markers (the district outline's dark slate), with a thin white halo, so a
#: marker stands out from any polygon and is never read as one.
VISIT_OUTLINE = "#1f2a36"
#: Legend texts of the visit markers (catalog ids).
_VISIT_TITLE = N_("Lượt làm việc")
_VISIT_NOTE = N_("(số trong vòng tròn: số lượt làm việc ở gần nhau)")
_VISIT_LABEL = N_("Nơi tổ lưu động đã đến")

#: Unit type of a commune as its tooltip names it (catalog ids, translated when shown).
_TYPE_LABEL = {"phường": N_("Phường"), "thị trấn": N_("Thị trấn"), "xã": N_("Xã")}
_DISTRICT_STYLE = {"fill": False, "color": "#1f2a36", "weight": 2.2, "opacity": 0.9}
_TOOLTIP_FIELDS = ["ten", "loai", "huyen", "danso", "giatri"]
_TOOLTIP_ALIASES = [N_("Tên"), N_("Loại"), N_("Huyện/thị xã/thành phố"), N_("Dân số 2019")]
_LABEL_CSS = """<style>
.vneid-label{font:600 10px/12px sans-serif;color:#1f2a36;text-align:center;white-space:nowrap;
text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff;pointer-events:none}
.vneid-cluster{border-radius:50%;color:#fff;font:700 11px/1 sans-serif;display:flex;
align-items:center;justify-content:center;box-sizing:border-box;border:2px solid;
box-shadow:0 0 0 1px #fff}
</style>"""


def commune_payload(gdf: gpd.GeoDataFrame, tolerance: float = DISPLAY_TOLERANCE) -> str:
    """Write the GeoJSON sent to the browser for the commune layer.

    Borders are simplified with :func:`geo.places.boundaries.simplify_coverage` (shared borders
    stay shared) and only the tooltip's properties are kept; every text property is
    HTML-escaped because Leaflet tooltips render HTML. The unit type and the population are
    written in the language in use: a cache of the payload must key on
    :func:`geo.i18n.language_key`.

    Parameters
    ----------
    gdf : GeoDataFrame
        Boundaries with the registry columns ``code, full_name, type, district_name,
        population_2019``.
    tolerance : float
        Simplification tolerance in degrees.

    Returns
    -------
    str
        A FeatureCollection with properties ``code, ten, loai, huyen, danso`` (name, type,
        district, population 2019 as text).
    """
    simple = simplify_coverage(gdf, tolerance) if len(gdf) else gdf
    props = pd.DataFrame(
        {
            "code": simple["code"].astype(str),
            "ten": simple["full_name"].map(lambda s: html.escape(str(s))),
            "loai": simple["type"].map(_type_label),
            "huyen": simple["district_name"].map(
                lambda s: "" if pd.isna(s) else html.escape(str(s))
            ),
            "danso": simple["population_2019"].map(format_int),
        }
    )
    layer = gpd.GeoDataFrame(props, geometry=simple.geometry.values, crs=gdf.crs)
    return to_geojson(layer, list(props.columns))


def _type_label(kind: object) -> str:
    """Name a commune's unit type for its tooltip ("Phường"), an unknown type as it is."""
    label = _TYPE_LABEL.get(str(kind))
    return str(kind) if label is None else _(label)


@dataclass(frozen=True)
class BaseLayers:
    """What every commune map of one set of boundaries draws the same: outlines, labels, view.

    Made by :func:`base_layers`; no translated text (names are data): a cache of it needs no
    language in its key. Immutable, shared between sessions.

    Attributes
    ----------
    districts : str or None
        GeoJSON text of the district outlines (None when the boundaries name no district).
    labels : tuple of (float, float, str)
        ``(lat, lon, name)`` of the communes large enough to carry their name.
    bounds : tuple or None
        ``((south, west), (north, east))`` of the boundaries; None when there are none.
    """

    districts: str | None
    labels: tuple[tuple[float, float, str], ...]
    bounds: tuple[tuple[float, float], tuple[float, float]] | None


def base_layers(gdf: gpd.GeoDataFrame, label_min_area_km2: float | None = 8.0) -> BaseLayers:
    """Compute the static layers of a commune map once (district outlines, labels, bounds).

    Parameters
    ----------
    gdf : GeoDataFrame
        Boundaries (registry columns + geometry; ``name``, ``lat`` and ``lon`` for labels).
    label_min_area_km2 : float, optional
        Label the communes of at least this area; ``None`` for no labels.

    Returns
    -------
    BaseLayers

    Examples
    --------
    >>> from shapely import box  # 19.5 km² and 4.9 km²: only the first is labelled
    >>> g = gpd.GeoDataFrame({"name": ["An Nội", "Nhỏ"], "lat": [20.47, 20.53], "lon": [105.97,
    ...     105.9], "district_code": [None] * 2}, geometry=[box(105.95, 20.45, 105.99, 20.49),
    ...     box(105.89, 20.52, 105.91, 20.54)], crs="EPSG:4326")
    >>> layers = base_layers(g)
    >>> layers.labels, layers.districts
    (((20.47, 105.97, 'An Nội'),), None)
    """
    districts = district_outlines(gdf) if len(gdf) else gdf.iloc[:0]
    outlines = (
        to_geojson(simplify_coverage(districts, DISPLAY_TOLERANCE), ["district_name"])
        if len(districts)
        else None
    )
    labels: tuple[tuple[float, float, str], ...] = ()
    if label_min_area_km2 is not None and len(gdf) and {"lat", "lon"} <= set(gdf.columns):
        area_km2 = gdf.to_crs(METRIC_CRS).area / 1e6
        big = gdf[area_km2.to_numpy() >= label_min_area_km2]
        labels = tuple(
            (float(lat), float(lon), "" if pd.isna(name) else str(name))
            for lat, lon, name in zip(big["lat"], big["lon"], big["name"], strict=True)
        )
    bounds = None
    if len(gdf):
        minx, miny, maxx, maxy = (float(v) for v in gdf.total_bounds)
        bounds = ((miny, minx), (maxy, maxx))
    return BaseLayers(outlines, labels, bounds)


def build_base_map(
    gdf: gpd.GeoDataFrame | None = None,
    *,
    layers: BaseLayers | None = None,
    tile_url: str | None = None,
    attribution: str = "",
    label_min_area_km2: float | None = 8.0,
) -> folium.Map:
    """Build the static part of every commune map: district outlines, labels, view.

    The commune polygons themselves are added by :func:`choropleth_layer` (as a feature group,
    so a filter change only swaps that layer). The outlines and the labels are one element
    each (:class:`geo.outputs.leaflet.StaticGeoJson`, :class:`geo.outputs.leaflet.TextLabels`),
    from ``layers`` when given (a cached :func:`base_layers`), so that a new map costs a few
    small templates whatever the number of communes.

    Parameters
    ----------
    gdf : GeoDataFrame, optional
        Boundaries (registry columns + geometry; ``lat``/``lon`` for the labels); needed when
        ``layers`` is not given.
    layers : BaseLayers, optional
        :func:`base_layers` of the boundaries, computed once; ``gdf`` and
        ``label_min_area_km2`` are then not used.
    tile_url, attribution : str, optional
        Base map tiles on the closed network; none by default.
    label_min_area_km2 : float, optional
        Label communes of at least this area; ``None`` for no labels.

    Returns
    -------
    folium.Map
        A map fitted to the boundaries that loads nothing but the app's own Leaflet.
    """
    if layers is None and gdf is None:
        raise TypeError("build_base_map needs gdf or layers")
    layers = layers or base_layers(gdf, label_min_area_km2)
    m = base_map(tile_url, attribution)
    add_css(m, _LABEL_CSS)
    if layers.districts is not None:
        StaticGeoJson(layers.districts, _DISTRICT_STYLE).add_to(m)
    if layers.labels:
        TextLabels(layers.labels, css_class="vneid-label", icon_class="vneid-label-icon").add_to(m)
    if layers.bounds is not None:
        m.fit_bounds([list(layers.bounds[0]), list(layers.bounds[1])])
    return m


def choropleth_layer(
    payload: str,
    metrics: pd.DataFrame,
    metric: str,
    *,
    breaks: tuple[float, ...] | None = None,
    selected: str | None = None,
) -> tuple[folium.FeatureGroup, pd.DataFrame]:
    """Colour the communes by the class of ``metric`` (one definition: :mod:`geo.metrics.coverage`).

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
    title = spec.label
    no_data = _("chưa có số liệu")
    data = json.loads(payload)
    for feature in data["features"]:
        props = feature["properties"]
        code = props["code"]
        known = code in classes.index
        props["_fill"] = classes.at[code, "colour"] if known else NO_DATA_COLOUR
        props["_nodata"] = bool(classes.at[code, "no_data"]) if known else True
        props["giatri"] = _format_metric(values.get(code), spec.kind) or no_data
        props["_sel"] = code == selected

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        p = feature["properties"]
        return {
            "fillColor": p["_fill"],
            "fillOpacity": 0.55 if p["_nodata"] else 0.8,
            "color": "#111111" if p["_sel"] else "#55606e",
            "weight": 3.5 if p["_sel"] else 0.8,
            "dashArray": "3 3" if p["_nodata"] else None,
        }

    group = folium.FeatureGroup(name=title)
    folium.GeoJson(
        data,
        name=_("Xã, phường, thị trấn"),
        style_function=style,
        highlight_function=lambda _f: {"weight": 3, "color": "#0b3d91"},
        tooltip=folium.GeoJsonTooltip(
            fields=_TOOLTIP_FIELDS,
            aliases=[*(_(a) for a in _TOOLTIP_ALIASES), html.escape(title)],
            sticky=True,
        ),
    ).add_to(group)
    return group, legend(values, metric, breaks=breaks)


def _format_metric(value: Any, kind: str) -> str:
    """Format one metric value for the tooltip (``""`` when missing).

    Returns
    -------
    str
        Percent, decimal or whole number in the language's style, by the metric's ``kind``.
    """
    if is_missing(value):
        return ""
    if kind == "percent":
        return format_percent(float(value))
    if kind == "float":
        return format_number(float(value), 2)
    return format_int(value)


def legend_html(rows: pd.DataFrame, title: str, *, visits: bool = False) -> str:
    """Draw the class legend as plain HTML/CSS (no JS, no CDN); "no data" is hatched grey.

    Parameters
    ----------
    rows : DataFrame
        Legend rows of :func:`geo.metrics.coverage.legend` (``label, colour, count, no_data``).
    title : str
        Legend title (escaped), e.g. a metric's label: a catalog id is translated.
    visits : bool
        Add a row for the visit markers (:func:`visit_layer`): their colour and what the number
        in them counts. Give it when the map shows them.

    Returns
    -------
    str
        One swatch per class labelled "<class> (<count>)", built by
        :func:`geo.outputs.legend.swatch_legend`; then, with ``visits``, the markers' row.
    """
    entries = [
        (
            "{label} ({count})".format(label=_(str(row["label"])), count=format_int(row["count"])),
            box_swatch(NO_DATA_COLOUR, hatched=True)
            if row["no_data"]
            else box_swatch(str(row["colour"])),
        )
        for row in rows.to_dict("records")
    ]
    more = []
    if visits:
        marker = (_(_VISIT_LABEL), ring_swatch(VISIT_COLOUR, VISIT_OUTLINE))
        more.append((_(_VISIT_TITLE), [marker], " " + _(_VISIT_NOTE)))
    return swatch_legend(_(title), entries, more=more)


def visit_clusters(visits: pd.DataFrame, cell_m: float = 2500.0) -> pd.DataFrame:
    """Group visit locations into square cells of ``cell_m`` metres.

    Visits without coordinates are left out. Each cluster sits at the mean position of its
    visits and takes the colour of its most frequent place type.

    Parameters
    ----------
    visits : DataFrame
        Visit rows with ``lat, lon, place_type`` and optionally ``activated``.
    cell_m : float
        Side of a cell, in metres (:data:`geo.places.boundaries.METRIC_CRS`).

    Returns
    -------
    DataFrame
        ``lat, lon, visits, activated, place_type`` (dominant), ``detail`` (count per type,
        place types named in the language in use), sorted by number of visits (largest first).

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
        "; ".join(f"{place_type_label(t)}: {format_int(n)}" for t, n in row.items() if n)
        for _key, row in by_type.iterrows()
    ]
    agg["activated"] = agg["activated"].astype(int)
    out = agg.reset_index(drop=True).sort_values(["visits", "lat"], ascending=[False, True])
    return out[cols].reset_index(drop=True)


def visit_layer(clusters: pd.DataFrame) -> folium.FeatureGroup:
    """Draw visit clusters as round HTML markers sized by count (no plugin, nothing from a CDN).

    Every marker is :data:`VISIT_COLOUR` in a :data:`VISIT_OUTLINE` ring (``legend_html(...,
    visits=True)`` names it); its tooltip counts the visits by place type.

    Parameters
    ----------
    clusters : DataFrame
        :func:`visit_clusters`.

    Returns
    -------
    folium.FeatureGroup
        One marker per cluster, with a tooltip of its counts.
    """
    group = folium.FeatureGroup(name=_("Lượt làm việc"))
    for row in clusters.to_dict("records"):
        size = int(16 + 4 * min(np.sqrt(row["visits"]), 6))
        visits = ngettext("{n} lượt làm việc", "{n} lượt làm việc", int(row["visits"]))
        accounts = ngettext(
            "{n} tài khoản kích hoạt", "{n} tài khoản kích hoạt", int(row["activated"])
        )
        tip = "{visits}, {accounts}<br>{detail}".format(
            visits=html_text(visits.format(n=format_int(row["visits"]))),
            accounts=html_text(accounts.format(n=format_int(row["activated"]))),
            detail=html_text(row["detail"]),
        )
        folium.Marker(
            [row["lat"], row["lon"]],
            icon=folium.DivIcon(
                html=(
                    f'<div class="vneid-cluster" style="width:{size}px;height:{size}px;'
                    f'background:{VISIT_COLOUR};border-color:{VISIT_OUTLINE}">'
                    f"{format_int(row['visits'])}</div>"
                ),
                icon_size=(size, size),
                icon_anchor=(size // 2, size // 2),
                class_name="vneid-cluster-icon",
            ),
            tooltip=folium.Tooltip(tip),
        ).add_to(group)
    return group
