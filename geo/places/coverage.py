"""Coverage operations: clean, dissolve, simplify and measure a layer of communes.

The GADM polygons overlap and leave slivers where they were simplified by their publisher.
:func:`clean_coverage` snaps them into a proper coverage (no overlaps, no gaps narrower than
``gap_width``) before they are dissolved into units (:func:`dissolve_units`), so that
:func:`simplify_coverage` can simplify shared borders once for both neighbours and never open a
gap between them. :func:`coverage_defects` measures what is left.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.i18n import _
from geo.places.shapes import METRIC_CRS, BoundaryIssue

__all__ = [
    "clean_coverage",
    "coverage_defects",
    "dissolve_units",
    "district_outlines",
    "simplify_coverage",
]


def clean_coverage(gdf: gpd.GeoDataFrame, gap_width: float = 0.0015) -> gpd.GeoDataFrame:
    """Turn nearly-fitting polygons into a clean coverage.

    Overlaps are given to the neighbour with the longest shared border and gaps narrower than
    ``gap_width`` (in CRS units; 0.0015° is about 150 m) are filled, using GEOS' coverage cleaner.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Valid polygons.
    gap_width : float, default 0.0015
        Widest gap to fill, in CRS units.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy whose polygons neither overlap nor leave narrow gaps.
    """
    out = gdf.copy()
    geometries = np.asarray(gdf.geometry.values)
    # coverage_clean is new in shapely 2.2, newer than the types-shapely stubs (2.1)
    clean = shapely.coverage_clean  # type: ignore[attr-defined]
    out["geometry"] = clean(geometries, gap_width=gap_width)
    return out


def dissolve_units(
    gdf: gpd.GeoDataFrame, mapping: pd.Series, key: str, sum_columns: tuple[str, ...] = ()
) -> tuple[gpd.GeoDataFrame, list[BoundaryIssue]]:
    """Dissolve source polygons into units through a ``key -> code`` mapping.

    Source rows whose key is not in ``mapping`` are reported (kind ``unmatched``) and left out.
    Columns in ``sum_columns`` are summed per unit.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Source polygons.
    mapping : pandas.Series
        Unit code indexed by source key.
    key : str
        Column of ``gdf`` holding the source key.
    sum_columns : tuple of str, optional
        Columns to sum per unit (missing when all parts are missing).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per unit: ``code``, ``geometry`` (union of its parts) and the summed columns.
    list of BoundaryIssue
        One ``unmatched`` issue per source row left out.
    """
    codes = gdf[key].map(mapping)
    unmatched = _("{key}: không có trong bảng mã; bỏ qua.")
    issues = [
        BoundaryIssue("unmatched", unmatched.format(key=k)) for k in gdf.loc[codes.isna(), key]
    ]
    parts = gdf.assign(code=codes).dropna(subset=["code"])
    geoms = parts.groupby("code").geometry.agg(lambda s: shapely.union_all(s.values))
    out = gpd.GeoDataFrame({"code": geoms.index}, geometry=list(geoms.values), crs=gdf.crs)
    for col in sum_columns:
        out[col] = out["code"].map(parts.groupby("code")[col].sum(min_count=1))
    return out.reset_index(drop=True), issues


def simplify_coverage(gdf: gpd.GeoDataFrame, tolerance: float = 0.0004) -> gpd.GeoDataFrame:
    """Simplify a coverage for display, keeping shared borders shared.

    Uses :func:`shapely.coverage_simplify` (Visvalingam-Whyatt on each shared edge once), so two
    neighbours keep the very same border and no gap or overlap appears between them.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        A clean coverage (see :func:`clean_coverage`).
    tolerance : float, default 0.0004
        Simplification tolerance in CRS units.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with simplified polygons.
    """
    out = gdf.copy()
    out["geometry"] = shapely.coverage_simplify(np.asarray(gdf.geometry.values), tolerance)
    return out


def coverage_defects(gdf: gpd.GeoDataFrame) -> dict[str, float]:
    """Measure how far a layer is from a clean partition, in km².

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Polygons in any CRS (measured in :data:`METRIC_CRS`).

    Returns
    -------
    dict of str to float
        ``overlap_km2`` (area covered by two or more units), ``gap_km2`` (holes inside the
        union's outline that no unit covers) and ``area_km2`` (area of the union).
    """
    metric = gdf.to_crs(METRIC_CRS).geometry.values
    union = shapely.union_all(metric)
    total = float(shapely.area(metric).sum())
    holes = shapely.union_all(
        [shapely.Polygon(r) for p in getattr(union, "geoms", [union]) for r in p.interiors]
    )
    return {
        "overlap_km2": (total - union.area) / 1e6,
        "gap_km2": holes.area / 1e6,
        "area_km2": union.area / 1e6,
    }


def district_outlines(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Dissolve communes into district outlines.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Communes with ``district_code`` and ``district_name``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per district (``district_code``, ``district_name``, ``geometry``); empty when
        the version has no districts.
    """
    with_district = gdf.dropna(subset=["district_code"])
    if with_district.empty:
        return gpd.GeoDataFrame(
            {"district_code": [], "district_name": []}, geometry=[], crs=gdf.crs
        )
    grouped = with_district.groupby(["district_code", "district_name"]).geometry.agg(
        lambda s: shapely.union_all(s.values)
    )
    return gpd.GeoDataFrame(
        {
            "district_code": [k[0] for k in grouped.index],
            "district_name": [k[1] for k in grouped.index],
        },
        geometry=list(grouped.values),
        crs=gdf.crs,
    )
