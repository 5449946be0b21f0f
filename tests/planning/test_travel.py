"""Tests of geo.planning.travel: geodesic distances, road factor and speed, rounding."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.planning import geodesic_km, travel_matrix, travel_minutes


def test_geodesic_against_a_published_distance() -> None:
    # Flinders Peak - Buninyong (Vincenty 1975, GeodesicLinesWGS84 example): 54 972,271 m
    lat1, lon1 = -(37 + 57 / 60 + 3.72030 / 3600), 144 + 25 / 60 + 29.52440 / 3600
    lat2, lon2 = -(37 + 39 / 60 + 10.15610 / 3600), 143 + 55 / 60 + 35.38390 / 3600
    assert float(geodesic_km(lat1, lon1, lat2, lon2)) == pytest.approx(54.972271, abs=1e-6)


def test_one_degree_of_latitude_at_the_equator() -> None:
    # WGS84: a degree of latitude at the equator is 110 574,4 m (meridian arc)
    assert float(geodesic_km(0.0, 105.0, 1.0, 105.0)) == pytest.approx(110.574, abs=1e-3)


def test_minutes_from_km_with_road_factor_and_rounding() -> None:
    km = float(geodesic_km(20.53, 105.90, 20.50, 105.90))
    assert km == pytest.approx(3.32, abs=0.01)
    assert float(travel_minutes(20.53, 105.90, 20.50, 105.90)) == pytest.approx(km * 1.3 * 2)
    assert float(travel_minutes(20.53, 105.90, 20.50, 105.90, round_to=5)) == 10.0


def test_matrix_shape_and_missing_positions() -> None:
    teams = pd.DataFrame(
        {"name": ["Tổ 1", "Tổ 2"], "base_lat": [20.5, np.nan], "base_lon": [105.9, np.nan]}
    )
    communes = pd.DataFrame({"code": [1, 2], "lat": [20.5, 20.6], "lon": [105.9, 105.9]})
    tm = travel_matrix(teams, communes, round_to=5)
    assert tm.index.tolist() == ["Tổ 1", "Tổ 2"] and tm.columns.tolist() == ["1", "2"]
    assert tm.loc["Tổ 1", "1"] == 0.0 and tm.loc["Tổ 1", "2"] == 30.0  # 11,07 km: 28,8 min
    assert tm.loc["Tổ 2"].isna().all()
