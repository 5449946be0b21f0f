"""Map of a team schedule: numbered assignments, one colour per team, team bases.

Built on :func:`geo.outputs.leaflet.base_map`, so it loads nothing but the app's own Leaflet
(no CDN, no plugin): assignments are numbered round HTML markers (:class:`folium.DivIcon`) in
their team's colour, placed at the commune's point; several assignments in one commune are
fanned out on a small circle so every number stays readable. Each team base is a square marker
in the team's colour, and a thin line joins it to each of its assignments. The legend is plain
HTML for the page (:func:`legend_html`). Layer names, tooltips and the legend come from the
catalog (:mod:`geo.i18n`), dates and numbers from :mod:`geo.fmt`. Nothing here imports streamlit.
"""

from __future__ import annotations

import colorsys
import json
import math
from collections.abc import Hashable, Iterable
from typing import Any

import folium
import pandas as pd

from geo.fmt import format_date, format_int, is_missing
from geo.i18n import N_, _
from geo.outputs.leaflet import add_css, base_map
from geo.outputs.legend import dot_swatch, swatch_legend
from geo.outputs.text import html_text, time_window

__all__ = [
    "BASE_CLASS",
    "PALETTE",
    "STOP_CLASS",
    "build_schedule_map",
    "legend_html",
    "team_colours",
]

#: 20 distinguishable colours (Tableau 20 reordered: dark shades first); more teams get extra
#: hues on the golden angle.
PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
    "#393b79",
    "#843c39",
    "#637939",
    "#7b4173",
    "#8c6d31",
    "#3182bd",
    "#e6550d",
    "#31a354",
    "#756bb1",
    "#636363",
)
#: CSS class of an assignment marker / of a team-base marker (tests look for them).
STOP_CLASS = "vneid-stop"
BASE_CLASS = "vneid-base"
#: Radius of the fan of markers that share one commune, in degrees (~350 m).
FAN_RADIUS_DEG = 0.0032
_LEGEND_NOTE = N_("(ô vuông: trụ sở của tổ; số: thứ tự trong lịch)")
#: Default title of the team legend (a catalog id).
_LEGEND_TITLE = N_("Tổ lưu động")

_CSS = f"""<style>
.{STOP_CLASS}{{border-radius:50%;color:#fff;font:700 11px/1 sans-serif;display:flex;
align-items:center;justify-content:center;border:2px solid #fff;box-shadow:0 0 2px #222}}
.{BASE_CLASS}{{background:#fff;font:700 10px/1 sans-serif;display:flex;align-items:center;
justify-content:center;border:3px solid;box-shadow:0 0 2px #222}}
</style>"""


def team_colours(teams: Iterable[str]) -> dict[str, str]:
    """Give each team a colour, in the given order (duplicates ignored).

    Parameters
    ----------
    teams : iterable of str
        Team names; the first 20 get :data:`PALETTE`, the others golden-angle hues.

    Returns
    -------
    dict
        ``{team: "#rrggbb"}``, all colours distinct.

    Examples
    --------
    >>> team_colours(["Tổ 1", "Tổ 2", "Tổ 1"])
    {'Tổ 1': '#1f77b4', 'Tổ 2': '#d62728'}
    >>> len(set(team_colours(f"Tổ {i}" for i in range(30)).values()))
    30
    """
    out: dict[str, str] = {}
    for name in dict.fromkeys(str(t) for t in teams):
        i = len(out)
        if i < len(PALETTE):
            out[name] = PALETTE[i]
        else:
            hue = ((i - len(PALETTE)) * 0.618033988749895 + 0.05) % 1.0
            r, g, b = colorsys.hls_to_rgb(hue, 0.42, 0.75)
            out[name] = f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"
    return out


def _fan(n: int) -> list[tuple[float, float]]:
    """Spread ``n`` markers that share a point on a small circle.

    Returns
    -------
    list of tuple
        ``(dlat, dlon)`` offsets, ``(0, 0)`` for a single marker.
    """
    if n <= 1:
        return [(0.0, 0.0)] * n
    radius = FAN_RADIUS_DEG * (1 + 0.15 * max(0, n - 6))
    return [
        (
            radius * math.cos(2 * math.pi * k / n),
            radius * math.sin(2 * math.pi * k / n) / math.cos(math.radians(20.5)),
        )
        for k in range(n)
    ]


def _placed_schedule(schedule: pd.DataFrame, communes_xy: pd.DataFrame | None) -> pd.DataFrame:
    """Give each assignment its number and position (its own, else its commune's point).

    Returns
    -------
    DataFrame
        ``schedule`` with ``team``/``code`` as text, ``_no`` and ``lat``/``lon``.
    """
    s = schedule.reset_index(drop=True).copy()
    s["team"], s["code"] = s["team"].astype(str), s["code"].astype(str)
    s["_no"] = s["no"].astype(int) if "no" in s else range(1, len(s) + 1)
    if not {"lat", "lon"} <= set(s.columns):
        xy = (communes_xy if communes_xy is not None else pd.DataFrame(columns=["code"]))[
            ["code", "lat", "lon"]
        ].copy()
        xy["code"] = xy["code"].astype(str)
        s = s.merge(xy.drop_duplicates("code"), on="code", how="left")
    return s


def _stop_tooltip(row: dict[Hashable, Any]) -> str:
    """Write the tooltip of one assignment: number, date, team, commune, window, expectation.

    Returns
    -------
    str
        HTML with every imported text escaped.
    """
    name = row["name"] if "name" in row and not is_missing(row["name"]) else row["code"]
    tip = f"<b>{int(row['_no'])}.</b> {format_date(row['date'])} · " + html_text(
        f"{row['team']} · {name} · {time_window(row.get('window_start'), row.get('window_end'))}"
    )
    if "expected_activations" in row and not is_missing(row["expected_activations"]):
        expected = _("Dự kiến kích hoạt: {n}").format(n=format_int(row["expected_activations"]))
        tip += f"<br>{html_text(expected)}"
    return tip


def _stop_layers(
    s: pd.DataFrame,
    colours: dict[str, str],
    bases: dict[str, tuple[float, float]],
    points: list[tuple[float, float]],
) -> tuple[folium.FeatureGroup, folium.FeatureGroup]:
    """Draw the numbered assignment markers and the lines from their team bases.

    The position of every marker is appended to ``points``.

    Returns
    -------
    tuple of folium.FeatureGroup
        The lines to the bases, and the assignment markers.
    """
    lines = folium.FeatureGroup(name=_("Đường đi"), control=False)
    stops = folium.FeatureGroup(name=_("Lịch công tác"))
    placed = s.dropna(subset=["lat", "lon"])
    for _code, group in placed.groupby("code", sort=False):
        offsets = _fan(len(group))
        for (dlat, dlon), row in zip(offsets, group.to_dict("records"), strict=True):
            lat, lon = float(row["lat"]) + dlat, float(row["lon"]) + dlon
            points.append((lat, lon))
            colour = colours[row["team"]]
            folium.Marker(
                [lat, lon],
                icon=folium.DivIcon(
                    html=(
                        f'<div class="{STOP_CLASS}" data-team="{html_text(row["team"])}" '
                        f'style="width:22px;height:22px;background:{colour}">'
                        f"{int(row['_no'])}</div>"
                    ),
                    icon_size=(22, 22),
                    icon_anchor=(11, 11),
                    class_name=f"{STOP_CLASS}-icon",
                ),
                tooltip=folium.Tooltip(_stop_tooltip(row)),
            ).add_to(stops)
            if row["team"] in bases:
                folium.PolyLine(
                    [bases[row["team"]], (lat, lon)],
                    color=colour,
                    weight=1.5,
                    opacity=0.55,
                    dash_array="4 4",
                    interactive=False,
                ).add_to(lines)
    return lines, stops


def _base_layer(
    bases: dict[str, tuple[float, float]],
    colours: dict[str, str],
    points: list[tuple[float, float]],
) -> folium.FeatureGroup:
    """Draw a square marker per team base (teams sharing a base are fanned out).

    The position of every base is appended to ``points``.

    Returns
    -------
    folium.FeatureGroup
        The base markers.
    """
    group = folium.FeatureGroup(name=_("Trụ sở tổ"))
    by_point: dict[tuple[float, float], list[str]] = {}
    for name, pos in bases.items():
        by_point.setdefault(pos, []).append(name)
    for (lat, lon), names in by_point.items():
        points.append((lat, lon))
        for (dlat, dlon), name in zip(_fan(len(names)), names, strict=True):
            folium.Marker(
                [lat + dlat / 2, lon + dlon / 2],
                icon=folium.DivIcon(
                    html=(
                        f'<div class="{BASE_CLASS}" data-team="{html_text(name)}" '
                        f'style="width:14px;height:14px;border-color:{colours[name]}"></div>'
                    ),
                    icon_size=(20, 20),
                    icon_anchor=(10, 10),
                    class_name=f"{BASE_CLASS}-icon",
                ),
                tooltip=folium.Tooltip(html_text(_("Trụ sở {team}").format(team=name))),
            ).add_to(group)
    return group


def build_schedule_map(
    schedule: pd.DataFrame,
    teams: pd.DataFrame,
    *,
    communes_xy: pd.DataFrame | None = None,
    boundaries_geojson: str | None = None,
    tile_url: str | None = None,
    attribution: str = "",
) -> folium.Map:
    """Draw a schedule on an offline folium map.

    Parameters
    ----------
    schedule : DataFrame
        ``date, team, code`` (optionally ``name``, ``window_start``, ``window_end``,
        ``expected_activations``, ``lat``, ``lon`` and ``no``). The number shown on a marker is
        ``no`` when present, else the row's position (1, 2, …) in the given order, so the page
        numbers its table the same way.
    teams : DataFrame
        ``name, base_lat, base_lon``; teams without a base get no base marker. Colours follow
        the order of this frame (:func:`team_colours`), then teams only in ``schedule``.
    communes_xy : DataFrame, optional
        ``code, lat, lon``: the commune points (used when ``schedule`` has no ``lat``/``lon``).
    boundaries_geojson : str, optional
        Commune outlines drawn underneath in grey (e.g. :func:`geo.outputs.maps.commune_payload`).
    tile_url, attribution : str, optional
        Base map tiles on the closed network; none by default.

    Returns
    -------
    folium.Map
        One marker of class :data:`STOP_CLASS` per assignment that has a position, one of
        class :data:`BASE_CLASS` per team base; nothing is loaded from outside the app
        (:func:`geo.outputs.leaflet.external_assets` is empty).
    """
    m = base_map(tile_url, attribution)
    add_css(m, _CSS)
    if boundaries_geojson:
        folium.GeoJson(
            json.loads(boundaries_geojson),
            name=_("Xã, phường, thị trấn"),
            style_function=lambda _f: {
                "fillColor": "#eef2f6",
                "color": "#9aa5b1",
                "weight": 0.7,
                "fillOpacity": 0.5,
            },
            interactive=False,
        ).add_to(m)
    s = _placed_schedule(schedule, communes_xy)
    t = teams.copy()
    t["name"] = t["name"].astype(str)
    colours = team_colours([*t["name"], *s["team"]])
    bases = {
        str(r["name"]): (float(r["base_lat"]), float(r["base_lon"]))
        for r in t.to_dict("records")
        if not is_missing(r["base_lat"]) and not is_missing(r["base_lon"])
    }
    points: list[tuple[float, float]] = []
    lines, stops = _stop_layers(s, colours, bases, points)
    base_group = _base_layer(bases, colours, points)
    lines.add_to(m)
    base_group.add_to(m)
    stops.add_to(m)
    if points:
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        pad = 0.01
        m.fit_bounds([[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]])
    return m


def legend_html(colours: dict[str, str], title: str = _LEGEND_TITLE) -> str:
    """Draw the legend of the team colours as plain HTML/CSS (names escaped), for the page.

    Parameters
    ----------
    colours : dict
        ``{team: colour}``, e.g. :func:`team_colours` of the teams on the map.
    title : str
        Legend title; a catalog id (the default "Tổ lưu động") is translated.

    Returns
    -------
    str
        One round swatch per team, built by :func:`geo.outputs.legend.swatch_legend`.

    Examples
    --------
    >>> "<b>Tổ lưu động</b>" in legend_html({"Tổ <1>": "#1f77b4"})
    True
    >>> "Tổ &lt;1&gt;" in legend_html({"Tổ <1>": "#1f77b4"})
    True
    """
    entries = [(name, dot_swatch(colour)) for name, colour in colours.items()]
    return swatch_legend(_(title), entries, note=" " + _(_LEGEND_NOTE))
