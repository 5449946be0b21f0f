"""Leaflet served by the app itself: the offline base of every folium map.

Folium and its plugins point at CDNs for Leaflet, jQuery, Bootstrap and fonts. On the police's
closed network those never load and the map stays blank, so every map of the app starts from
:func:`base_map`, which loads only Leaflet's JS and CSS under :data:`STATIC_URL` (copied from
the ``django-js-lib-leaflet`` wheel by :func:`install_leaflet_assets`) and has no base-map
tiles unless a tile URL on the closed network is configured. :func:`external_assets` lists
whatever a map would still fetch from elsewhere; tests assert it is empty. The scale bar is
metric only (:class:`MetricScale`: Leaflet's default also shows miles and feet).
:class:`StaticGeoJson` and :class:`TextLabels` draw a whole layer from data serialised once
(:func:`script_json`), as ONE element with one small template: a cached layer costs a map
nothing to rebuild, where folium's ``GeoJson`` re-serialises its data and a ``Marker`` +
``DivIcon`` per label compiles a Jinja template each. Label texts are set with ``textContent``,
never parsed as HTML. Nothing here imports streamlit.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import cast

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from geo.i18n import _

__all__ = [
    "HA_NAM_CENTER",
    "LEAFLET_FILES",
    "STATIC_URL",
    "LocalizedZoom",
    "MetricScale",
    "StaticGeoJson",
    "TextLabels",
    "add_css",
    "base_map",
    "external_assets",
    "install_leaflet_assets",
    "script_json",
]

#: Absolute URL under which Streamlit serves ``static/leaflet`` (a relative URL would resolve
#: against the component's iframe and fail).
STATIC_URL = "/app/static/leaflet"
LEAFLET_FILES = ("leaflet.js", "leaflet.css")
#: Where a map of the province opens before it is fitted to its content.
HA_NAM_CENTER = (20.535, 105.975)


class MetricScale(MacroElement):
    """Leaflet's scale bar in metres and kilometres only (``L.control.scale({imperial: false})``).

    folium's ``control_scale=True`` creates ``L.control.scale()``, whose default adds a second
    bar in miles and feet; this control is added instead.

    Parameters
    ----------
    position : str
        Corner of the map (``"bottomleft"``, Leaflet's default).
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
L.control.scale({{ this.options_json }}).addTo({{ this._parent.get_name() }});
{% endmacro %}"""
    )

    def __init__(self, position: str = "bottomleft") -> None:
        super().__init__()
        self._name = "MetricScale"
        self.options_json = json.dumps({"position": position, "metric": True, "imperial": False})


class LocalizedZoom(MacroElement):
    """Leaflet's zoom buttons with their hover titles in the language in use.

    Leaflet's own control says «Zoom in» / «Zoom out» whatever the page's language; folium's
    ``zoom_control`` is turned off and this control is added instead.

    Parameters
    ----------
    position : str
        Corner of the map (``"topleft"``, Leaflet's default).
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
L.control.zoom({{ this.options_json }}).addTo({{ this._parent.get_name() }});
{% endmacro %}"""
    )

    def __init__(self, position: str = "topleft") -> None:
        super().__init__()
        self._name = "LocalizedZoom"
        self.options_json = json.dumps(
            {"position": position, "zoomInTitle": _("Phóng to"), "zoomOutTitle": _("Thu nhỏ")}
        )


def script_json(value: object) -> str:
    r"""Write ``value`` as compact JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` can only occur inside JSON strings, where their ``\u`` escapes mean
    the same to JavaScript: no ``</script>`` nor ``<!--`` can end or change the script.

    Parameters
    ----------
    value : object
        Anything :func:`json.dumps` takes.

    Returns
    -------
    str

    Examples
    --------
    >>> script_json({"ten": "</script><b>Hà Nam</b>"})
    '{"ten":"\\u003c/script\\u003e\\u003cb\\u003eHà Nam\\u003c/b\\u003e"}'
    """
    return _script_safe(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _script_safe(json_text: str) -> str:
    """Escape ``< > &`` in JSON text (they only occur inside its strings)."""
    return json_text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class StaticGeoJson(MacroElement):
    """A non-interactive GeoJSON layer with one style for every feature, from ready JSON text.

    Unlike :class:`folium.GeoJson` it neither parses nor re-serialises the data when the map
    is rendered, so a layer cached as text (the district outlines) costs one string copy.

    Parameters
    ----------
    geojson : str
        A FeatureCollection as JSON text (e.g. :func:`geo.places.geojson.to_geojson`).
    style : dict
        Leaflet path options (``color``, ``weight``, ``fill``...).

    Examples
    --------
    >>> layer = StaticGeoJson('{"type":"FeatureCollection","features":[]}', {"weight": 2})
    >>> layer.style_json
    '{"weight":2}'
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJson({{ this.data_json }}, {
    style: {{ this.style_json }}, interactive: false
}).addTo({{ this._parent.get_name() }});
{% endmacro %}"""
    )

    def __init__(self, geojson: str, style: dict[str, object]) -> None:
        super().__init__()
        self._name = "StaticGeoJson"
        self.data_json = _script_safe(geojson)
        self.style_json = script_json(style)


class TextLabels(MacroElement):
    r"""Text labels at points, drawn as ONE Leaflet layer of non-interactive ``L.divIcon`` markers.

    Each label is a ``<div class="{css_class}">`` whose text is set with ``textContent``: a name
    from a data file is shown as it is and can never become markup.

    Parameters
    ----------
    rows : sequence of (float, float, str)
        ``(lat, lon, text)`` per label.
    css_class : str
        Class of each label's ``<div>`` (its look comes from the map's CSS).
    icon_class : str
        Class of the marker element Leaflet wraps around it.
    size : (int, int)
        Width and height of a label box, in pixels; the box is centred on its point.

    Examples
    --------
    >>> labels = TextLabels([(20.5, 105.9, "<b>An Nội</b>")], css_class="vneid-label")
    >>> labels.rows_json
    '[[20.5,105.9,"\\u003cb\\u003eAn Nội\\u003c/b\\u003e"]]'
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function (rows) {
    var group = L.layerGroup();
    rows.forEach(function (row) {
        var box = document.createElement("div");
        box.className = {{ this.css_json }};
        box.textContent = row[2];
        var icon = L.divIcon({html: box, className: {{ this.icon_json }},
                              iconSize: {{ this.size_json }}, iconAnchor: {{ this.anchor_json }}});
        L.marker([row[0], row[1]], {icon: icon, interactive: false, keyboard: false})
            .addTo(group);
    });
    return group;
})({{ this.rows_json }}).addTo({{ this._parent.get_name() }});
{% endmacro %}"""
    )

    def __init__(
        self,
        rows: Sequence[tuple[float, float, str]],
        *,
        css_class: str,
        icon_class: str = "",
        size: tuple[int, int] = (90, 14),
    ) -> None:
        super().__init__()
        self._name = "TextLabels"
        self.rows = [(float(lat), float(lon), str(text)) for lat, lon, text in rows]
        self.rows_json = script_json(self.rows)
        self.css_json = script_json(css_class)
        self.icon_json = script_json(icon_class)
        self.size_json = script_json(list(size))
        self.anchor_json = script_json([size[0] // 2, size[1] // 2])


def install_leaflet_assets(static_dir: str | Path) -> Path:
    """Copy Leaflet 1.9.4 from the installed ``js_lib_leaflet`` package into ``static_dir/leaflet``.

    Idempotent: files already there with the same size are left alone.

    Parameters
    ----------
    static_dir : str or Path
        The folder Streamlit serves as ``/app/static``.

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
    """Start an empty folium map of Hà Nam that loads only the app's own Leaflet.

    Every map of the app starts here, so none of them can reach for a CDN.

    Parameters
    ----------
    tile_url : str, optional
        Base map tiles on the closed network (``http://…/{z}/{x}/{y}.png``); none by default.
    attribution : str
        Attribution of those tiles.

    Returns
    -------
    folium.Map
        A map whose only JS/CSS are ``leaflet.js`` and ``leaflet.css`` under :data:`STATIC_URL`,
        with a metric scale bar (:class:`MetricScale`) and zoom buttons titled in the language
        in use (:class:`LocalizedZoom`).
    """
    m = folium.Map(
        location=HA_NAM_CENTER,
        zoom_start=11,
        tiles=None,
        control_scale=False,  # folium's scale shows miles and feet too: MetricScale instead
        zoom_control=False,  # Leaflet's titles are English: LocalizedZoom instead
        prefer_canvas=False,
        zoom_snap=0.25,
    )
    # instance attributes shadow folium's CDN lists for this map only
    m.default_js = [("leaflet", f"{STATIC_URL}/leaflet.js")]
    m.default_css = [("leaflet_css", f"{STATIC_URL}/leaflet.css")]
    MetricScale().add_to(m)
    LocalizedZoom().add_to(m)
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr=attribution or " ", name=_("Bản đồ nền")).add_to(m)
    return m


def add_css(m: folium.Map, css: str) -> None:
    """Add a ``<style>`` block to the page head of a map (marker and label styles).

    Parameters
    ----------
    m : folium.Map
        The map.
    css : str
        A complete ``<style>…</style>`` element.
    """
    cast(Figure, m.get_root()).header.add_child(Element(css))


def external_assets(m: folium.Map) -> list[str]:
    """List the JS/CSS URLs that the map would fetch from outside the app (should be none).

    Walks the map the way ``streamlit-folium`` does when it collects ``default_js`` and
    ``default_css`` from every element.

    Parameters
    ----------
    m : folium.Map
        The map to inspect.

    Returns
    -------
    list of str
        Absolute or protocol-relative URLs, each once, in the order found.
    """
    found: list[str] = []

    def walk(el: object) -> None:
        for _name, url in [*getattr(el, "default_js", []), *getattr(el, "default_css", [])]:
            if "://" in url or url.startswith("//"):
                found.append(url)
        for child in getattr(el, "_children", {}).values():
            walk(child)

    walk(m)
    return list(dict.fromkeys(found))
