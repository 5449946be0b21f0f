"""Compact GeoJSON for the browser: only the properties it needs, rounded coordinates."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

__all__ = ["to_geojson"]


def _round_coords(obj: object, precision: int) -> object:
    """Round every float in nested GeoJSON coordinates.

    Returns
    -------
    object
        The same nesting, as lists, with floats rounded to ``precision`` decimals.
    """
    if isinstance(obj, float):
        return round(obj, precision)
    if isinstance(obj, list | tuple):
        return [_round_coords(o, precision) for o in obj]
    return obj


def to_geojson(gdf: gpd.GeoDataFrame, properties: list[str], precision: int = 5) -> str:
    """Write compact GeoJSON of ``gdf`` with only ``properties`` kept and rounded coordinates.

    Five decimals of a degree are about 1 m, far below what a province map shows.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Features in EPSG:4326.
    properties : list of str
        Columns kept as feature properties (missing values become ``null``).
    precision : int, default 5
        Decimals kept in coordinates.

    Returns
    -------
    str
        A ``FeatureCollection``, UTF-8 text without spaces.

    Examples
    --------
    >>> g = gpd.GeoDataFrame({"code": ["a"]}, geometry=[shapely.Point(105.912345, 20.5)])
    >>> to_geojson(g, ["code"], precision=2)
    '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"a"},"geometry":{"type":"Point","coordinates":[105.91,20.5]}}]}'
    """
    features = []
    for row, geom in zip(gdf[properties].to_dict("records"), gdf.geometry.values, strict=True):
        mapping = shapely.geometry.mapping(geom)
        props = {k: (None if pd.isna(v) else v) for k, v in row.items()}
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {
                    "type": mapping["type"],
                    "coordinates": _round_coords(mapping["coordinates"], precision),
                },
            }
        )
    return json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
        default=_json_default,
    )


def _json_default(value: object) -> int | float | bool:
    """Turn numpy scalars into JSON numbers (``json.dumps(default=...)``).

    Returns
    -------
    int, float or bool
        The Python value of a numpy integer, float or bool.

    Raises
    ------
    TypeError
        Anything else.
    """
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
