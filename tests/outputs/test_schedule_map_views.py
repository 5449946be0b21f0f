"""Tests of geo.outputs.schedule_map's views: one team or one evening, routes, colours."""

from __future__ import annotations

import folium
import pandas as pd
import pytest

from geo.outputs.schedule_map import (
    PALETTE,
    build_schedule_map,
    evening_routes,
    schedule_view,
    team_colours,
    text_colour,
)


@pytest.fixture
def schedule() -> pd.DataFrame:
    """Two teams, two evenings; Tổ 1 visits two communes on the first evening."""
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-01", "2023-06-01", "2023-06-01", "2023-06-02"]),
            "team": ["Tổ 1", "Tổ 2", "Tổ 1", "Tổ 1"],
            "code": ["1", "2", "3", "2"],
            "lat": [20.50, 20.60, 20.55, 20.60],
            "lon": [105.90, 106.00, 105.95, 106.00],
        }
    )


@pytest.fixture
def teams() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Tổ 1", "Tổ 2", "Tổ 3"],
            "base_lat": [20.4, 20.7, None],
            "base_lon": [105.8, 106.1, None],
        }
    )


@pytest.mark.parametrize(
    ("team", "day", "numbers"),
    [
        ("Tổ 1", None, [1, 3, 4]),
        ("Tổ 2", None, [2]),
        (None, "2023-06-01", [1, 2, 3]),
        (None, "2023-06-02", [4]),
        ("Tổ 2", "2023-06-02", []),
        (None, None, [1, 2, 3, 4]),
    ],
)
def test_view_keeps_one_team_or_one_evening_with_the_tables_numbers(schedule, team, day, numbers):
    assert schedule_view(schedule, team=team, day=day)["no"].tolist() == numbers


def test_routes_go_from_the_base_through_the_evening_in_order_and_back(schedule):
    bases = {"Tổ 1": (20.4, 105.8)}  # Tổ 2 has no base here
    routes = evening_routes(schedule_view(schedule), bases)
    assert [(t, d.strftime("%d/%m")) for t, d, _p in routes] == [
        ("Tổ 1", "01/06"),
        ("Tổ 1", "02/06"),
    ]  # Tổ 2's evening is a single point without its base: no line
    assert routes[0][2] == [(20.4, 105.8), (20.50, 105.90), (20.55, 105.95), (20.4, 105.8)]
    assert routes[1][2] == [(20.4, 105.8), (20.60, 106.00), (20.4, 105.8)]


def test_routes_follow_the_numbers_not_the_row_order(schedule):
    s = schedule_view(schedule).iloc[[2, 0, 1, 3]]
    route = evening_routes(s, {})[0][2]
    assert route == [(20.50, 105.90), (20.55, 105.95)]


def _lines(m: folium.Map) -> list[folium.PolyLine]:
    found = []

    def walk(el):
        if isinstance(el, folium.PolyLine):
            found.append(el)
        for child in el._children.values():
            walk(child)

    walk(m)
    return found


def _markers(m: folium.Map) -> list[folium.Marker]:
    found = []

    def walk(el):
        if isinstance(el, folium.Marker):
            found.append(el)
        for child in el._children.values():
            walk(child)

    walk(m)
    return found


def _icon(marker: folium.Marker) -> str:
    return marker.icon.options.get("html", "")


def test_map_of_one_evening_draws_each_teams_route_in_its_colour(schedule, teams):
    colours = team_colours([*teams["name"], *schedule["team"]])
    m = build_schedule_map(schedule_view(schedule, day="2023-06-01"), teams, colours=colours)
    lines = _lines(m)
    by_colour = {line.options["color"]: line.locations for line in lines}
    assert set(by_colour) == {PALETTE[0], PALETTE[1]}
    assert [tuple(p) for p in by_colour[PALETTE[0]]] == [
        (20.4, 105.8),
        (20.50, 105.90),
        (20.55, 105.95),
        (20.4, 105.8),
    ]
    assert [tuple(p) for p in by_colour[PALETTE[1]]] == [
        (20.7, 106.1),
        (20.6, 106.0),
        (20.7, 106.1),
    ]


def test_map_of_one_team_keeps_its_colour_and_only_its_base(schedule, teams):
    colours = team_colours(["Tổ 2", "Tổ 1"])  # Tổ 1 is the second team of the whole list
    m = build_schedule_map(schedule_view(schedule, team="Tổ 1"), teams, colours=colours)
    assert {line.options["color"] for line in _lines(m)} == {PALETTE[1]}
    icons = [_icon(x) for x in _markers(m)]
    assert len(icons) == 4  # three assignments, one base
    assert all('data-team="Tổ 1"' in h for h in icons)
    assert sum('class="vneid-base"' in h for h in icons) == 1


@pytest.mark.parametrize("n", [19, 22, 23, 40])
def test_palette_is_long_and_never_repeats_among_the_teams(n):
    colours = list(team_colours(f"Tổ {i}" for i in range(n)).values())
    assert len(set(colours)) == n
    assert colours[: min(n, len(PALETTE))] == list(PALETTE[:n])
    assert len(PALETTE) >= 20 and len(set(PALETTE)) == len(PALETTE)


def test_palette_hues_are_far_apart():
    """No two palette colours are near twins (the old palette had two blues 0.1 apart)."""

    def rgb(c):
        return [int(c[i : i + 2], 16) for i in (1, 3, 5)]

    closest = min(
        sum((a - b) ** 2 for a, b in zip(rgb(x), rgb(y), strict=True)) ** 0.5
        for i, x in enumerate(PALETTE)
        for y in PALETTE[i + 1 :]
    )
    assert closest > 40


@pytest.mark.parametrize(
    ("colour", "text"),
    [("#0067a5", "#fff"), ("#f3c300", "#000"), ("#2b3d26", "#fff"), ("#ffffff", "#000")],
)
def test_figures_read_on_their_marker(colour, text, schedule, teams):
    assert text_colour(colour) == text
    m = build_schedule_map(schedule, teams, colours={"Tổ 1": colour})
    icons = [h for h in map(_icon, _markers(m)) if 'class="vneid-stop" data-team="Tổ 1"' in h]
    assert icons and all(f"background:{colour};color:{text}" in h for h in icons)
