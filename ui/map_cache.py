"""What the map page draws, made once and shared: the map's component arguments and layers.

Every function here follows the caching rule of :mod:`ui.state` and the scope rule of
:mod:`ui.scoped`: its cache key holds the store's :func:`ui.state.revision`, the session's
database and data directory, the language in use (:func:`geo.i18n.language_key`: every text is
made in it) and the signed-in user's scope (its level and sorted codes), so that one user's
communes or words are never shown to another and a write shows at the next rerun. What depends
on the user beyond the scope (a team leader reads its own team's names) keys on the user too.
The results are shared between sessions (``st.cache_resource``): treat them as read-only.

The map is drawn by :func:`draw`, which gives ``streamlit_folium``'s component the arguments
that :func:`streamlit_folium.st_folium` (0.27.4, pinned) would give it, from a base map rendered
once (:func:`map_base`) and feature groups rendered once each (:func:`choropleth`,
:func:`selection`, :func:`visit_group`): a rerun costs no folium rendering at all. Its answer is
also kept in the session under ``key`` before the rerun, as ``st_folium`` does, so that a page
can read a click before it draws (:func:`last_click`).
The tables of the page (gap table, panel) are cached by :mod:`ui.map_tables`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd
import streamlit as st
import streamlit_folium as sf  # type: ignore[import-untyped]

from geo.access.model import ScopeLevel
from geo.i18n import language_key
from geo.metrics import Filters
from ui.scoped import _metrics, _payload, _records, _scope
from ui.state import _where, revision

if TYPE_CHECKING:
    import folium

__all__ = [
    "MapBase",
    "Where",
    "choropleth",
    "clicked_code",
    "draw",
    "last_click",
    "map_base",
    "render_base",
    "render_group",
    "selection",
    "selection_layer",
    "visit_group",
    "where",
]

# One entry is a few hundred kilobytes at most (a choropleth of 109 communes: about 90 KB).
_MANY = 128


class Where(NamedTuple):
    """Everything a cached part of the map page depends on besides its own arguments.

    Read once per run (:func:`where`) and given to every getter of the run, so that the store's
    revision is read once and every part of the run shows the same revision.
    """

    rev: int
    db_url: str
    data_dir: str | None
    lang: str
    level: ScopeLevel
    codes: tuple[str, ...]


def where() -> Where:
    """Read what the cached parts depend on: revision, database, data, language, scope.

    Returns
    -------
    Where
    """
    return Where(revision(), *_where(), language_key(), *_scope())


# --- the map -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapBase:
    """What ``st_folium`` sends of a map without its feature groups (see :func:`render_base`)."""

    script: str
    header: str
    html: str
    id: str
    bounds: dict[str, Any]
    zoom: Any
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def _links(fmap: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """List the CSS and JS files of the map's elements (``st_folium``'s walk, no colour maps)."""
    import folium

    css: list[str] = []
    js: list[str] = []

    def walk(element: Any) -> None:
        if isinstance(element, folium.elements.JSCSSMixin):
            css.extend(href for _name, href in getattr(element, "default_css", []))
            js.extend(src for _name, src in getattr(element, "default_js", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(fmap)
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def render_base(fmap: folium.Map) -> MapBase:
    """Render a folium map as ``st_folium`` does (``render=True``), without feature groups.

    The same steps, in the same order, as :func:`streamlit_folium.st_folium` 0.27.4; the map is
    used up (its ids are rewritten): build a new one for each call.

    Parameters
    ----------
    fmap : folium.Map
        A map such as :func:`geo.outputs.maps.build_base_map` gives.

    Returns
    -------
    MapBase
    """
    fmap.get_root().render()
    fmap.render()
    html = sf._get_html(fmap)
    header = sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    map_id = sf.get_full_id(fmap)
    (south, west), (north, east) = fmap.get_bounds()
    bounds = {
        "_southWest": {"lat": south, "lng": west},
        "_northEast": {"lat": north, "lng": east},
    }
    css, js = _links(fmap)
    return MapBase(script, header, html, map_id, bounds, fmap.options.get("zoom"), css, js)


def render_group(group: folium.FeatureGroup, idx: int) -> str:
    """Render a feature group as the JS that ``st_folium`` adds to its map (``feature_group``).

    Parameters
    ----------
    group : folium.FeatureGroup
        The layer (used up: its id becomes ``feature_group_<idx>``).
    idx : int
        Its position among the map's feature groups.

    Returns
    -------
    str
        JS that draws the layer on the component's map (``map_div``).
    """
    from geo.outputs.maps import base_map

    return str(sf._get_feature_group_string(group, map=base_map(None, ""), idx=idx))


@st.cache_resource(show_spinner=False, max_entries=32)
def _map_base(
    version: str,
    tile_url: str | None,
    attribution: str,
    data_dir: str | None,
    lang: str,
    level: ScopeLevel,
    codes: tuple[str, ...],
) -> MapBase:
    del lang  # a key only: the map's texts are made in the language in use
    from geo.outputs import maps
    from ui.scoped import _base_layers

    layers = _base_layers(version, data_dir, level, codes)
    fmap = maps.build_base_map(layers=layers, tile_url=tile_url, attribution=attribution)
    return render_base(fmap)


def map_base(
    version: str, tile_url: str | None = None, attribution: str = "", *, at: Where | None = None
) -> MapBase:
    """Return the rendered base map of ``version`` in the user's scope (outlines, labels, view).

    Parameters
    ----------
    version : str
        A boundary version key.
    tile_url, attribution : str, optional
        Base map tiles (the settings').
    at : Where, optional
        This run's :func:`where` (read now when not given).

    Returns
    -------
    MapBase
        Cached per version, tiles, data directory, language and scope.
    """
    at = at or where()
    return _map_base(version, tile_url, attribution, at.data_dir, at.lang, at.level, at.codes)


@st.cache_resource(show_spinner=False, max_entries=_MANY)
def _choropleth(
    version: str,
    filters: Filters,
    metric: str,
    breaks: tuple[float, ...] | None,
    idx: int,
    at: Where,
) -> tuple[str, pd.DataFrame]:
    from geo.outputs import maps

    metrics = _metrics(version, filters, at.rev, at.db_url, at.data_dir, None, at.level, at.codes)
    payload = _payload(version, at.data_dir, at.lang, at.level, at.codes)
    layer, rows = maps.choropleth_layer(payload, metrics, metric, breaks=breaks)
    return render_group(layer, idx), rows


def choropleth(
    version: str,
    filters: Filters,
    metric: str,
    *,
    breaks: tuple[float, ...] | None = None,
    idx: int = 0,
    at: Where | None = None,
) -> tuple[str, pd.DataFrame]:
    """Return the rendered commune layer coloured by ``metric``, and its legend rows (cached).

    Parameters
    ----------
    version : str
        A boundary version key.
    filters : geo.metrics.Filters
        The figures' filters (:func:`ui.scoped.get_metrics`).
    metric : str
        Key of :data:`geo.metrics.METRICS`.
    breaks : tuple of float, optional
        Class bounds to reuse (both sides of a comparison).
    idx : int
        The layer's position among the map's feature groups.
    at : Where, optional
        This run's :func:`where` (read now when not given).

    Returns
    -------
    (str, DataFrame)
        :func:`render_group` of :func:`geo.outputs.maps.choropleth_layer` (no commune
        outlined: see :func:`selection`) and its legend rows (read-only).
    """
    return _choropleth(version, filters, metric, breaks, idx, at or where())


def selection_layer(payload: str, code: str) -> folium.FeatureGroup:
    """Outline the commune ``code`` alone, to draw over the commune layer of the map.

    Drawn apart, the outline costs one small layer when another commune is selected, and the
    coloured layer (:func:`choropleth`) stays the same, and cached. It takes no click nor
    hover: they reach the commune underneath. An unknown code gives an empty layer.

    Parameters
    ----------
    payload : str
        :func:`geo.outputs.maps.commune_payload` of the version's boundaries.
    code : str
        The selected commune.

    Returns
    -------
    folium.FeatureGroup
        The commune's GeoJSON feature (``_sel`` true), outlined and unfilled.

    Examples
    --------
    >>> import folium
    >>> one = '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
    >>> one += '{"code": "13291"}, "geometry": {"type": "Point", "coordinates": [106, 20]}}]}'
    >>> html = folium.Map().add_child(selection_layer(one, "13291")).get_root().render()
    >>> '"_sel": true' in html, '"interactive": false' in html
    (True, True)
    """
    import json

    import folium

    data = json.loads(payload)
    data["features"] = [f for f in data["features"] if f["properties"].get("code") == code]
    for feature in data["features"]:
        feature["properties"]["_sel"] = True
    group = folium.FeatureGroup(control=False)
    folium.GeoJson(data, style_function=_selected_style, interactive=False).add_to(group)
    return group


def _selected_style(_feature: dict[str, Any]) -> dict[str, Any]:
    """Style the selected commune's outline as :func:`geo.outputs.maps.choropleth_layer` does."""
    return {"fill": False, "color": "#111111", "weight": 3.5, "opacity": 1}


@st.cache_resource(show_spinner=False, max_entries=_MANY)
def _selection(
    version: str,
    code: str,
    idx: int,
    data_dir: str | None,
    lang: str,
    level: ScopeLevel,
    codes: tuple[str, ...],
) -> str:
    payload = _payload(version, data_dir, lang, level, codes)
    return render_group(selection_layer(payload, code), idx)


def selection(version: str, code: str, idx: int, *, at: Where | None = None) -> str:
    """Return the rendered outline of the selected commune (cached per commune).

    Parameters
    ----------
    version : str
        A boundary version key.
    code : str
        The commune's code.
    idx : int
        The layer's position among the map's feature groups.
    at : Where, optional
        This run's :func:`where` (read now when not given).

    Returns
    -------
    str
        :func:`render_group` of :func:`selection_layer`.
    """
    at = at or where()
    return _selection(version, code, idx, at.data_dir, at.lang, at.level, at.codes)


@st.cache_resource(show_spinner=False, max_entries=_MANY)
def _visit_group(
    version: str,
    filters: Filters,
    idx: int,
    at: Where,
) -> str:
    from geo.metrics import filters as select
    from geo.outputs import maps
    from ui.scoped import _boundaries_in

    visits = _records(version, at.rev, at.db_url, at.data_dir, at.level, at.codes)[1]
    gdf = _boundaries_in(version, at.data_dir, at.level, at.codes).gdf
    spots = maps.visit_clusters(select.select_visits(visits, gdf, filters))
    return render_group(maps.visit_layer(spots), idx)


def visit_group(version: str, filters: Filters, idx: int, *, at: Where | None = None) -> str:
    """Return the rendered visit markers of the filters' visits (cached).

    Parameters
    ----------
    version : str
        A boundary version key.
    filters : geo.metrics.Filters
        The visits shown (:func:`geo.metrics.filters.select_visits`).
    idx : int
        The layer's position among the map's feature groups.
    at : Where, optional
        This run's :func:`where` (read now when not given).

    Returns
    -------
    str
        :func:`render_group` of :func:`geo.outputs.maps.visit_layer`.
    """
    return _visit_group(version, filters, idx, at or where())


def _keep_answer(key: str, widget_key: str) -> None:
    """Keep the map's answer under the page's ``key`` (``st_folium``'s own ``on_change``)."""
    st.session_state[key] = st.session_state.get(widget_key, {})


def draw(
    base: MapBase,
    groups: Sequence[str],
    *,
    key: str,
    height: int = 560,
    returned: Sequence[str] = (),
) -> dict[str, Any] | None:
    """Draw the map with ``streamlit_folium``'s component: what ``st_folium`` would send.

    Parameters
    ----------
    base : MapBase
        :func:`map_base`.
    groups : sequence of str
        Rendered feature groups (:func:`render_group`), in their ``idx`` order.
    key : str
        The page's key of the map; its answer is kept in ``st.session_state[key]`` before the
        rerun it triggers (see :func:`last_click`).
    height : int
        Pixels.
    returned : sequence of str
        What the map answers (``st_folium``'s ``returned_objects``); a change of anything
        else does not rerun.

    Returns
    -------
    dict or None
        The component's value, as ``st_folium`` returns it.
    """
    widget_key = sf.generate_js_hash(base.script, key, False)
    defaults = {"last_active_drawing": None, "bounds": base.bounds, "zoom": base.zoom}
    returned = list(returned)
    return sf._component_func(
        script=base.script,
        header=base.header,
        html=base.html,
        id=base.id,
        key=widget_key,
        height=height,
        width=None,
        returned_objects=returned,
        default={k: v for k, v in defaults.items() if k in returned},
        zoom=None,
        center=None,
        feature_group="".join(groups),
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(base.css_links),
        js_links=list(base.js_links),
        on_change=functools.partial(_keep_answer, key, widget_key),
        wrap_longitude=False,
    )


def clicked_code(answer: object) -> str | None:
    """Return the code of the commune in a map's answer (``last_active_drawing``), if any.

    Parameters
    ----------
    answer : object
        The map's answer, as :func:`draw` returns it or as it is kept in the session.

    Returns
    -------
    str or None

    Examples
    --------
    >>> clicked_code({"last_active_drawing": {"properties": {"code": 13540}}})
    '13540'
    >>> clicked_code(None), clicked_code({"last_active_drawing": None}), clicked_code("x")
    (None, None, None)
    """
    drawing = answer.get("last_active_drawing") if isinstance(answer, dict) else None
    code = ((drawing or {}).get("properties") or {}).get("code")
    return None if code is None else str(code)


def last_click(key: str) -> str | None:
    """Return the code of the commune last clicked on the map drawn under ``key``, if any.

    Parameters
    ----------
    key : str
        The page's key of the map (:func:`draw`).

    Returns
    -------
    str or None
        :func:`clicked_code` of the map's latest answer, kept in the session before the rerun.
    """
    return clicked_code(st.session_state.get(key))
