"""Map of a team schedule: numbered assignments, one colour per team, team bases, routes.

Built on :func:`geo.outputs.leaflet.base_map`, so it loads nothing but the app's own Leaflet
(no CDN, no plugin): assignments are numbered round HTML markers (:class:`folium.DivIcon`) in
their team's colour (white or black figures, whichever reads on it), placed at the commune's
point; several assignments in one commune are fanned out on a small circle so every number stays
readable. Each team base is a square marker in the team's colour, and the route of each evening
of each team (:func:`evening_routes`: base, assignments in visiting order, base) is a line in
the team's colour. The page shows one team or one evening at a time (:func:`schedule_view`);
colours follow the order of the whole team list, so a team keeps its colour from one view to
the next. The legend is plain
HTML for the page (:func:`legend_html`). Layer names, tooltips and the legend come from the
catalog (:mod:`geo.i18n`), dates and numbers from :mod:`geo.fmt`. Nothing here imports streamlit.
"""

from __future__ import annotations

import colorsys
import math
from collections.abc import Hashable, Iterable
from datetime import date
from typing import Any

import folium
import pandas as pd

from geo.fmt import format_date, format_int, is_missing
from geo.i18n import N_, _
from geo.outputs.leaflet import StaticGeoJson, add_css, base_map
from geo.outputs.legend import dot_swatch, swatch_legend
from geo.outputs.text import html_text, time_window

__all__ = [
    "BASE_CLASS",
    "PALETTE",
    "STOP_CLASS",
    "build_schedule_map",
    "evening_routes",
    "legend_html",
    "schedule_view",
    "team_colours",
    "text_colour",
]

#: 22 qualitative colours, each of its own hue: Kelly's colours of maximum contrast (white, black
#: and two yellows left out, darker ones first), then sky blue, leaf green, teal and navy. No two
#: teams share a colour up to 22 teams; more get golden-angle hues (:func:`team_colours`).
PALETTE = (
    "#0067a5",  # blue
    "#be0032",  # red
    "#008856",  # green
    "#f38400",  # orange
    "#875692",  # purple
    "#882d17",  # reddish brown
    "#a1caf1",  # light blue
    "#8db600",  # yellow green
    "#e68fac",  # purplish pink
    "#604e97",  # violet
    "#f3c300",  # yellow
    "#2b3d26",  # olive green
    "#b3446c",  # purplish red
    "#c2b280",  # buff
    "#e25822",  # reddish orange
    "#654522",  # yellowish brown
    "#848482",  # grey
    "#f99379",  # yellowish pink
    "#00c8ff",  # sky blue
    "#3cb44b",  # leaf green
    "#00a3a3",  # teal
    "#26307a",  # navy
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
.{STOP_CLASS}{{border-radius:50%;font:700 11px/1 sans-serif;display:flex;
align-items:center;justify-content:center;border:2px solid #fff;box-shadow:0 0 2px #222}}
.{BASE_CLASS}{{background:#fff;font:700 10px/1 sans-serif;display:flex;align-items:center;
justify-content:center;border:3px solid;box-shadow:0 0 2px #222}}
</style>"""


def team_colours(teams: Iterable[str]) -> dict[str, str]:
    """Give each team a colour, in the given order (duplicates ignored).

    Parameters
    ----------
    teams : iterable of str
        Team names; the first 22 get :data:`PALETTE`, the others golden-angle hues.

    Returns
    -------
    dict
        ``{team: "#rrggbb"}``, all colours distinct.

    Examples
    --------
    >>> team_colours(["Tổ 1", "Tổ 2", "Tổ 1"])
    {'Tổ 1': '#0067a5', 'Tổ 2': '#be0032'}
    >>> len(set(team_colours(f"Tổ {i}" for i in range(30)).values()))
    30
    """
    out: dict[str, str] = {}
    for name in dict.fromkeys(str(t) for t in teams):
        i = len(out)
        if i < len(PALETTE):
            out[name] = PALETTE[i]
        else:
            k = i - len(PALETTE)
            hue = (k * 0.618033988749895 + 0.05) % 1.0
            r, g, b = colorsys.hls_to_rgb(hue, (0.32, 0.45, 0.58)[k % 3], 0.75)
            out[name] = f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"
    return out


def text_colour(background: str) -> str:
    """Choose black or white figures for a marker of colour ``background``.

    Parameters
    ----------
    background : str
        ``"#rrggbb"``.

    Returns
    -------
    str
        ``"#000"`` on a light colour (relative luminance above 0.4), else ``"#fff"``.

    Examples
    --------
    >>> text_colour("#0067a5"), text_colour("#f3c300"), text_colour("#a1caf1")
    ('#fff', '#000', '#000')
    """

    def linear(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(background[i : i + 2], 16)) for i in (1, 3, 5))
    return "#000" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.4 else "#fff"


def schedule_view(
    schedule: pd.DataFrame, *, team: str | None = None, day: str | date | None = None
) -> pd.DataFrame:
    """Keep the assignments of one team, or of one evening, numbered as in the whole schedule.

    Parameters
    ----------
    schedule : DataFrame
        ``date, team, code`` (optionally ``no``: the number shown on a marker).
    team : str, optional
        Keep this team's assignments.
    day : str or date, optional
        Keep this evening's assignments.

    Returns
    -------
    DataFrame
        The rows kept, with ``no`` (the row's position 1, 2, … in the whole schedule unless
        given), so that a marker carries the number of its row in the schedule table.

    Examples
    --------
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2023-06-01", "2023-06-01", "2023-06-02"]),
    ...                   "team": ["Tổ 1", "Tổ 2", "Tổ 1"], "code": ["1", "2", "3"]})
    >>> schedule_view(s, team="Tổ 1")[["no", "code"]].values.tolist()
    [[1, '1'], [3, '3']]
    >>> schedule_view(s, day="2023-06-01")["no"].tolist()
    [1, 2]
    """
    s = schedule.reset_index(drop=True)
    if "no" not in s:
        s = s.assign(no=range(1, len(s) + 1))
    keep = pd.Series(True, index=s.index)
    if team is not None:
        keep &= s["team"].astype(str) == str(team)
    if day is not None:
        keep &= pd.to_datetime(s["date"]).dt.normalize() == pd.Timestamp(day).normalize()
    return s[keep].reset_index(drop=True)


#: The communes drawn under the schedule: light grey, not clickable.
_OUTLINE_STYLE = {"fillColor": "#eef2f6", "color": "#9aa5b1", "weight": 0.7, "fillOpacity": 0.5}


def evening_routes(
    stops: pd.DataFrame, bases: dict[str, tuple[float, float]]
) -> list[tuple[str, pd.Timestamp, list[tuple[float, float]]]]:
    """Trace the route of each team on each evening: base, assignments in order, base.

    Parameters
    ----------
    stops : DataFrame
        ``team, date, no, lat, lon``: the assignments with their marker positions.
    bases : dict
        ``{team: (lat, lon)}``; a team without a base has a route through its assignments only.

    Returns
    -------
    list of tuple
        ``(team, evening, points)`` by evening then team, ``points`` in visiting order (by
        ``no``); routes of fewer than two points are left out.

    Examples
    --------
    >>> s = pd.DataFrame({"team": ["Tổ 1", "Tổ 1", "Tổ 2"],
    ...     "date": pd.to_datetime(["2023-06-01"] * 3), "no": [2, 1, 3],
    ...     "lat": [20.6, 20.5, 20.7], "lon": [106.0, 105.9, 106.1]})
    >>> [(t, p) for t, _d, p in evening_routes(s, {"Tổ 1": (20.4, 105.8)})]
    [('Tổ 1', [(20.4, 105.8), (20.5, 105.9), (20.6, 106.0), (20.4, 105.8)])]
    """
    out = []
    placed = stops.dropna(subset=["lat", "lon"]).assign(_day=lambda d: pd.to_datetime(d["date"]))
    for (_day, team), group in placed.sort_values(["_day", "no"]).groupby(
        ["_day", "team"], sort=True
    ):
        day = group["_day"].iloc[0]
        points = [(float(a), float(b)) for a, b in zip(group["lat"], group["lon"], strict=True)]
        base = bases.get(str(team))
        if base is not None:
            points = [base, *points, base]
        if len(points) >= 2:
            out.append((str(team), pd.Timestamp(day), points))
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
    """Draw the numbered assignment markers and the route of each team's evening.

    The position of every marker is appended to ``points``.

    Returns
    -------
    tuple of folium.FeatureGroup
        The routes (:func:`evening_routes`), and the assignment markers.
    """
    lines = folium.FeatureGroup(name=_("Đường đi"), control=False)
    stops = folium.FeatureGroup(name=_("Lịch công tác"))
    placed: list[dict[Hashable, Any]] = []
    by_code: dict[str, list[dict[Hashable, Any]]] = {}  # in order of first appearance
    for row in s.dropna(subset=["lat", "lon"]).to_dict("records"):  # one conversion, not per code
        by_code.setdefault(str(row["code"]), []).append(row)
    for group in by_code.values():
        for (dlat, dlon), row in zip(_fan(len(group)), group, strict=True):
            lat, lon = float(row["lat"]) + dlat, float(row["lon"]) + dlon
            points.append((lat, lon))
            placed.append({**row, "lat": lat, "lon": lon})
            colour = colours[row["team"]]
            folium.Marker(
                [lat, lon],
                icon=folium.DivIcon(
                    html=(
                        f'<div class="{STOP_CLASS}" data-team="{html_text(row["team"])}" '
                        f'style="width:22px;height:22px;background:{colour};'
                        f'color:{text_colour(colour)}">{int(row["_no"])}</div>'
                    ),
                    icon_size=(22, 22),
                    icon_anchor=(11, 11),
                    class_name=f"{STOP_CLASS}-icon",
                ),
                tooltip=folium.Tooltip(_stop_tooltip(row)),
            ).add_to(stops)
    if placed:
        moved = pd.DataFrame(placed).assign(no=lambda d: d["_no"])
        for team, day, route in evening_routes(moved, bases):
            folium.PolyLine(
                route,
                color=colours[team],
                weight=3,
                opacity=0.8,
                tooltip=folium.Tooltip(html_text(f"{team} · {format_date(day)}")),
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
    colours: dict[str, str] | None = None,
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
        ``name, base_lat, base_lon``; the bases of the teams in ``schedule`` are drawn (teams
        without a base get no base marker). Colours follow the order of this frame
        (:func:`team_colours`), then teams only in ``schedule``.
    communes_xy : DataFrame, optional
        ``code, lat, lon``: the commune points (used when ``schedule`` has no ``lat``/``lon``).
    boundaries_geojson : str, optional
        Commune outlines drawn underneath in grey (e.g. :func:`geo.outputs.maps.commune_payload`).
    tile_url, attribution : str, optional
        Base map tiles on the closed network; none by default.
    colours : dict, optional
        ``{team: colour}`` (default :func:`team_colours` as above): pass the colours of the
        whole schedule when drawing one view of it (:func:`schedule_view`).

    Returns
    -------
    folium.Map
        One marker of class :data:`STOP_CLASS` per assignment that has a position, one of
        class :data:`BASE_CLASS` per team base; nothing is loaded from outside the app
        (:func:`geo.outputs.leaflet.external_assets` is empty).
    """
    m = base_map(tile_url, attribution)
    add_css(m, _CSS)
    if boundaries_geojson:  # one element from the JSON text: not parsed nor styled per feature
        m.add_child(StaticGeoJson(boundaries_geojson, _OUTLINE_STYLE))
    s = _placed_schedule(schedule, communes_xy)
    t = teams.copy()
    t["name"] = t["name"].astype(str)
    colours = {**team_colours([*t["name"], *s["team"]]), **(colours or {})}
    shown = set(s["team"])
    bases = {
        str(r["name"]): (float(r["base_lat"]), float(r["base_lon"]))
        for r in t.to_dict("records")
        if str(r["name"]) in shown
        and not is_missing(r["base_lat"])
        and not is_missing(r["base_lon"])
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
