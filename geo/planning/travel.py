"""Travel of a team from its base to a commune: geodesic distance, road factor, speed.

Distance is the geodesic on the WGS84 ellipsoid (:class:`pyproj.Geod`), times
:data:`ROAD_FACTOR` for the roads, at :data:`SPEED_KMH`. A missing position gives ``NaN``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from pyproj import Geod

__all__ = ["ROAD_FACTOR", "SPEED_KMH", "geodesic_km", "travel_matrix", "travel_minutes"]

#: Road distance / straight-line distance.
ROAD_FACTOR = 1.3
#: Average speed of a team on the road (motorbike / car on commune roads), km/h.
SPEED_KMH = 30.0
_GEOD = Geod(ellps="WGS84")


def geodesic_km(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike) -> np.ndarray:
    """Return the geodesic distance on the WGS84 ellipsoid, in km.

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : array_like
        Degrees; the arrays broadcast against each other (``NaN`` gives ``NaN``).

    Returns
    -------
    numpy.ndarray
        Kilometres, in the broadcast shape.

    Examples
    --------
    >>> round(float(geodesic_km(20.5370, 105.9180, 20.4890, 106.0310)), 2)
    12.93
    >>> geodesic_km([[20.5], [20.6]], [[105.9], [105.9]], [20.5, np.nan], [105.9, 105.9])
    array([[ 0.        ,         nan],
           [11.07112314,         nan]])
    """
    arrays = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (lat1, lon1, lat2, lon2)))
    shape = arrays[0].shape
    if arrays[0].size == 0:
        return np.zeros(shape)
    la1, lo1, la2, lo2 = (a.ravel() for a in arrays)
    _, _, metres = _GEOD.inv(lo1, la1, lo2, la2)
    return np.asarray(metres, dtype=float).reshape(shape) / 1000.0


def travel_minutes(
    lat1: ArrayLike,
    lon1: ArrayLike,
    lat2: ArrayLike,
    lon2: ArrayLike,
    *,
    round_to: int | None = None,
) -> np.ndarray:
    """Return the one-way travel minutes between points (geodesic × road factor at the speed).

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : array_like
        Degrees of the team base and of the commune; they broadcast.
    round_to : int, optional
        Round up to a multiple of this many minutes (the schedule uses 5).

    Returns
    -------
    numpy.ndarray
        Minutes, ``NaN`` where a position is missing.

    Examples
    --------
    >>> float(travel_minutes(20.53, 105.90, 20.50, 105.90, round_to=5))
    10.0
    """
    minutes = geodesic_km(lat1, lon1, lat2, lon2) * ROAD_FACTOR / SPEED_KMH * 60.0
    if round_to:
        minutes = np.ceil(np.round(minutes, 6) / round_to) * round_to
    return minutes


def travel_matrix(
    teams: pd.DataFrame, communes: pd.DataFrame, *, round_to: int | None = None
) -> pd.DataFrame:
    """Tabulate the one-way travel minutes from each team base to each commune.

    Parameters
    ----------
    teams : DataFrame
        ``name, base_lat, base_lon``.
    communes : DataFrame
        ``code, lat, lon``.
    round_to : int, optional
        Round up to a multiple of this many minutes (the schedule uses 5).

    Returns
    -------
    DataFrame
        Index team names, columns commune codes; NaN where a position is missing.

    Examples
    --------
    >>> t = pd.DataFrame({"name": ["Tổ 1"], "base_lat": [20.537], "base_lon": [105.918]})
    >>> c = pd.DataFrame({"code": ["13540"], "lat": [20.489], "lon": [106.031]})
    >>> round(float(travel_matrix(t, c).iloc[0, 0]), 1)
    33.6
    >>> float(travel_matrix(t, c, round_to=5).iloc[0, 0])
    35.0
    """
    minutes = travel_minutes(
        teams["base_lat"].to_numpy(dtype=float)[:, None],
        teams["base_lon"].to_numpy(dtype=float)[:, None],
        communes["lat"].to_numpy(dtype=float)[None, :],
        communes["lon"].to_numpy(dtype=float)[None, :],
        round_to=round_to,
    )
    return pd.DataFrame(
        minutes,
        index=teams["name"].astype(str).to_list(),
        columns=communes["code"].astype(str).to_list(),
    )
