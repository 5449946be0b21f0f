"""Tests of geo.outputs.schedule_map: offline, a numbered marker per assignment, team colours."""

from __future__ import annotations

import json
import re

import folium
import pandas as pd
import pytest

from geo.i18n import language
from geo.outputs.leaflet import StaticGeoJson
from geo.outputs.maps import external_assets
from geo.outputs.schedule_map import (
    BASE_CLASS,
    PALETTE,
    STOP_CLASS,
    build_schedule_map,
    legend_html,
    team_colours,
)


@pytest.fixture
def teams() -> pd.DataFrame:
    """Two teams sharing a base and one team without a base."""
    return pd.DataFrame(
        {
            "name": ["Tổ 1", "Tổ 2", "Tổ 3"],
            "members": [2, 3, 2],
            "base_lat": [20.54, 20.54, None],
            "base_lon": [105.91, 105.91, None],
        }
    )


@pytest.fixture
def schedule(communes) -> pd.DataFrame:
    """Four assignments: two in 13291 on two evenings, one in 13540, one in 90001."""
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-01", "2023-06-01", "2023-06-02", "2023-06-02"]),
            "team": ["Tổ 1", "Tổ 2", "Tổ 1", "Tổ 2"],
            "code": ["13291", "13540", "13291", "90001"],
            "name": ["Lê Hồng Phong", "An Nội", "Lê Hồng Phong", "Thanh Hà"],
            "window_start": ["18:10", "16:20", "18:10", "16:15"],
            "window_end": ["21:20", "19:10", "21:20", "19:15"],
            "expected_activations": [30.4, 22.0, 21.3, 18.0],
        }
    )


def _icon_html(marker: folium.Marker) -> str:
    icon = getattr(marker, "icon", None)
    return icon.options.get("html", "") if isinstance(icon, folium.DivIcon) else ""


def _walk_markers(m: folium.Map, css_class: str) -> list[folium.Marker]:
    """The markers whose DivIcon element has ``css_class``, in map order."""
    found = []

    def walk(el):
        if isinstance(el, folium.Marker) and f'class="{css_class}"' in _icon_html(el):
            found.append(el)
        for child in el._children.values():
            walk(child)

    walk(m)
    return found


def _markers(m: folium.Map, css_class: str) -> list[str]:
    """HTML of the DivIcon markers whose element has ``css_class``."""
    return [_icon_html(x) for x in _walk_markers(m, css_class)]


def _number(marker_html: str) -> int:
    return int(re.search(r">(\d+)</div>$", marker_html).group(1))


def _colour(marker_html: str) -> str:
    return re.search(r"(?:background|border-color):(#[0-9a-f]{6})", marker_html).group(1)


def _team(marker_html: str) -> str:
    return re.search(r'data-team="([^"]*)"', marker_html).group(1)


def test_map_is_offline(schedule, teams, communes):
    m = build_schedule_map(schedule, teams, communes_xy=communes)
    assert external_assets(m) == []
    rendered = m.get_root().render()
    assert "/app/static/leaflet/leaflet.js" in rendered
    assert "cdn" not in rendered.lower() and "https://" not in rendered


def test_one_numbered_marker_per_assignment(schedule, teams, communes):
    m = build_schedule_map(schedule, teams, communes_xy=communes)
    stops = _markers(m, STOP_CLASS)
    assert len(stops) == 4
    assert sorted(_number(h) for h in stops) == [1, 2, 3, 4]
    by_number = {_number(h): _team(h) for h in stops}
    assert by_number == {1: "Tổ 1", 2: "Tổ 2", 3: "Tổ 1", 4: "Tổ 2"}


def test_one_colour_per_team_and_bases_marked(schedule, teams, communes):
    m = build_schedule_map(schedule, teams, communes_xy=communes)
    stops = _markers(m, STOP_CLASS)
    colour_of = {}
    for h in stops:
        colour_of.setdefault(_team(h), set()).add(_colour(h))
    assert colour_of == {"Tổ 1": {PALETTE[0]}, "Tổ 2": {PALETTE[1]}}
    bases = _markers(m, BASE_CLASS)
    assert sorted(_team(h) for h in bases) == ["Tổ 1", "Tổ 2"]  # Tổ 3 has no base
    assert {_team(h): _colour(h) for h in bases} == {"Tổ 1": PALETTE[0], "Tổ 2": PALETTE[1]}


def test_markers_sharing_a_commune_are_fanned_out(schedule, teams, communes):
    m = build_schedule_map(schedule, teams, communes_xy=communes)
    positions = {_number(_icon_html(x)): tuple(x.location) for x in _walk_markers(m, STOP_CLASS)}
    assert positions[1] != positions[3]  # both in 13291
    assert positions[2] == (20.489, 106.031)  # alone in 13540: on the commune point
    assert abs(positions[1][0] - 20.537) < 0.005 and abs(positions[3][0] - 20.537) < 0.005


def test_explicit_numbers_lat_lon_and_missing_points(teams):
    s = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-01", "2023-06-01"]),
            "team": ["Tổ 1", "Tổ 9"],
            "code": ["1", "2"],
            "no": [7, 8],
            "lat": [20.5, None],
            "lon": [105.9, None],
        }
    )
    stops = _markers(build_schedule_map(s, teams), STOP_CLASS)
    assert [_number(h) for h in stops] == [7]  # no position, no marker


def test_tooltip_text_is_escaped(teams):
    s = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-01"]),
            "team": ["Tổ 1"],
            "code": ["1"],
            "name": ["<script>alert(1)</script>"],
            "lat": [20.5],
            "lon": [105.9],
        }
    )
    rendered = build_schedule_map(s, teams).get_root().render()
    assert "<script>alert(1)</script>" not in rendered
    assert "&lt;script&gt;" in rendered


@pytest.mark.parametrize("n", [1, 20, 21, 45])
def test_team_colours_are_distinct(n):
    colours = team_colours(f"Tổ {i}" for i in range(n))
    assert len(colours) == n and len(set(colours.values())) == n
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours.values())


def test_legend_lists_each_team_with_its_colour():
    out = legend_html(team_colours(["Tổ 1", "Tổ <2>"]))
    assert f"background:{PALETTE[0]}" in out and f"background:{PALETTE[1]}" in out
    assert "Tổ &lt;2&gt;" in out and "Tổ <2>" not in out


def test_team_names_cannot_break_out_of_the_tooltip_script(schedule, teams, communes):
    """Tooltips are JS template literals: a backtick or ${ } in an imported name stays text."""
    evil = "Tổ `+alert(1)+` ${document.cookie} <img src=x>"
    m = build_schedule_map(
        schedule.replace({"team": {"Tổ 1": evil}}),
        teams.replace({"name": {"Tổ 1": evil}}),
        communes_xy=communes,
    )
    page = m.get_root().render()
    assert "`+alert(1)+`" not in page and "${document.cookie}" not in page
    assert "<img src=x>" not in page
    assert "Tổ &#96;+alert(1)+&#96; &#36;{document.cookie} &lt;img src=x&gt;" in page


# --- language -------------------------------------------------------------------------------------


def _tooltips(m: folium.Map) -> list[str]:
    found = []

    def walk(el):
        if isinstance(el, folium.Tooltip):
            found.append(el.text)
        for child in el._children.values():
            walk(child)

    walk(m)
    return found


def test_tooltips_and_layers_in_english(schedule, teams, communes):
    s = schedule.assign(expected_activations=[1234.4, 22.0, 21.3, 18.0])
    with language("en"):
        m = build_schedule_map(s, teams, communes_xy=communes)
    tips = _tooltips(m)
    assert (
        "<b>1.</b> 01/06/2023 · Tổ 1 · Lê Hồng Phong · 18:10-21:20<br>Expected activations: 1,234"
        in tips
    )
    assert "Base of Tổ 1" in tips and "Base of Tổ 2" in tips
    names = sorted(c.layer_name for c in m._children.values() if isinstance(c, folium.FeatureGroup))
    assert names == ["Routes", "Schedule", "Team bases"]
    assert "Dự kiến" not in m.get_root().render()


def test_tooltips_in_vietnamese(schedule, teams, communes):
    tips = _tooltips(build_schedule_map(schedule, teams, communes_xy=communes))
    assert (
        "<b>1.</b> 01/06/2023 · Tổ 1 · Lê Hồng Phong · 18:10-21:20<br>Dự kiến kích hoạt: 30" in tips
    )
    assert "Trụ sở Tổ 1" in tips


def test_legend_in_english():
    with language("en"):
        out = legend_html({"Tổ 1": "#1f77b4"})
    assert out.startswith(
        '<div class="vneid-legend" style="font-size:0.85rem;line-height:1.4"><b>Mobile team</b> '
        "(square: the team&#x27;s base; number: order in the schedule)<br>"
    )
    assert "Tổ 1</span>" in out  # team names are data


def test_schedule_map_has_a_metric_scale_bar(schedule, teams, communes):
    html = build_schedule_map(schedule, teams, communes_xy=communes).get_root().render()
    assert '"imperial": false' in html and "L.control.scale()" not in html


def test_commune_outlines_are_one_static_layer_under_the_schedule(schedule, teams, communes):
    outlines = (
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"13291"},'
        '"geometry":{"type":"Point","coordinates":[105.9,20.5]}}]}'
    )
    m = build_schedule_map(schedule, teams, communes_xy=communes, boundaries_geojson=outlines)
    children = list(m._children.values())
    static = [c for c in children if isinstance(c, StaticGeoJson)]
    assert len(static) == 1 and not any(isinstance(c, folium.GeoJson) for c in children)
    assert static[0].data_json == outlines  # the text as given: not parsed, not styled per feature
    assert json.loads(static[0].style_json) == {
        "fillColor": "#eef2f6",
        "color": "#9aa5b1",
        "weight": 0.7,
        "fillOpacity": 0.5,
    }
    layers = [c for c in children if isinstance(c, (StaticGeoJson, folium.FeatureGroup))]
    assert layers.index(static[0]) == 0  # drawn first: under the routes, bases and markers
    assert "L.geoJson(" in m.get_root().render()
