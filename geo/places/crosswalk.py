"""Report records kept under one boundary version on another.

Visits and targets are recorded with the codes of the structure in force when they happened
(2020-2024 for the 2023 campaign). To show them on the 2025-07 wards, each old unit is assigned to
the new unit that contains its representative point, and the records are re-coded and summed.

An old unit split between two new ones (Quang Trung, Hòa Mạc, Hoàng Đông, Tiên Nội, Tiên Ngoại)
goes whole to the new unit holding most of it, so figures for those wards are approximate.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

__all__ = ["recode_targets", "recode_visits", "successor_codes"]

_TARGET_SUMS = ["population", "eligible", "quota", "activated_baseline"]


def successor_codes(source: gpd.GeoDataFrame, target: gpd.GeoDataFrame) -> pd.Series:
    """Map each ``source`` unit's code to the code of the ``target`` unit containing it.

    The representative point of each source polygon decides; a point outside every target
    polygon (a sliver along the province edge) goes to the nearest target unit.

    Parameters
    ----------
    source : geopandas.GeoDataFrame
        Units of the old version (``code``, ``geometry``).
    target : geopandas.GeoDataFrame
        Units of the new version (``code``, ``geometry``), in any CRS.

    Returns
    -------
    pandas.Series
        ``successor`` code indexed by the source ``code``.

    Examples
    --------
    >>> from shapely import box
    >>> old = gpd.GeoDataFrame({"code": ["a", "b", "c"]}, crs=4326,
    ...     geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)])
    >>> new = gpd.GeoDataFrame({"code": ["X", "Y"]}, crs=4326,
    ...     geometry=[box(0, 0, 2, 1), box(2, 0, 3, 1)])
    >>> successor_codes(old, new).to_dict()
    {'a': 'X', 'b': 'X', 'c': 'Y'}
    """
    points = gpd.GeoDataFrame(
        {"code": source["code"].to_numpy()},
        geometry=source.geometry.representative_point().to_numpy(),
        crs=source.crs,
    )
    to = target[["code", "geometry"]].to_crs(source.crs)
    joined = gpd.sjoin_nearest(points.to_crs(3857), to.to_crs(3857), how="left")
    joined = joined[~joined["code_left"].duplicated(keep="first")]
    out = pd.Series(joined["code_right"].to_numpy(), index=joined["code_left"].to_numpy())
    out.index.name, out.name = "code", "successor"
    return out


def recode_visits(visits: pd.DataFrame, mapping: pd.Series) -> pd.DataFrame:
    """Re-code visits to the successor units.

    Parameters
    ----------
    visits : pandas.DataFrame
        Visits with a ``code`` column.
    mapping : pandas.Series
        Successor code indexed by old code (see :func:`successor_codes`).

    Returns
    -------
    pandas.DataFrame
        A copy with ``code`` replaced by its successor; codes not in ``mapping`` are kept.

    Examples
    --------
    >>> visits = pd.DataFrame({"code": ["a", "z"], "households": [3, 4]})
    >>> recode_visits(visits, pd.Series({"a": "X"}))["code"].tolist()
    ['X', 'z']
    """
    out = visits.copy()
    out["code"] = out["code"].map(mapping).fillna(out["code"])
    return out


def recode_targets(targets: pd.DataFrame, mapping: pd.Series) -> pd.DataFrame:
    """Sum targets per successor code and ``as_of``.

    A sum is missing (``<NA>``) when any of its parts is missing, so a partly known
    denominator never passes for a complete one.

    Parameters
    ----------
    targets : pandas.DataFrame
        Rows of :data:`geo.schema.TARGET_COLUMNS`.
    mapping : pandas.Series
        Successor code indexed by old code (see :func:`successor_codes`).

    Returns
    -------
    pandas.DataFrame
        ``code``, ``as_of`` and the summed counts (``Int64``), sorted by code and date.

    Examples
    --------
    >>> targets = pd.DataFrame({"code": ["a", "b"], "as_of": ["2023-03-01"] * 2,
    ...                         "population": [100, None], "quota": [10, 20]})
    >>> summed = recode_targets(targets, pd.Series({"a": "X", "b": "X"}))
    >>> summed["code"].tolist(), summed["population"].tolist(), summed["quota"].tolist()
    (['X'], [<NA>], [30])
    """
    if targets.empty:
        return targets.copy()
    df = targets.assign(code=targets["code"].map(mapping).fillna(targets["code"]))
    cols = [c for c in _TARGET_SUMS if c in df]
    grouped = df.groupby(["code", "as_of"], sort=True)[cols]
    sums = grouped.sum(min_count=1)
    complete = grouped.count().eq(grouped.size(), axis=0)
    sums = sums.where(complete).astype("Int64")
    return sums.reset_index()[["code", "as_of", *cols]]
