"""Commune boundaries of each version, assembled from the third-party files.

The public entry point is :func:`load_boundaries`, which returns the boundaries of one version
(see :mod:`geo.places.registry`) as a GeoDataFrame in EPSG:4326 with the registry's columns,
plus the list of problems found on the way. The building blocks live in focused modules and are
re-exported here:

:mod:`geo.places.shapes`
    Reading a boundary file in any CRS and checking or repairing it
    (:func:`read_boundary_file`, :func:`validate_boundaries`, :class:`BoundaryIssue`).
:mod:`geo.places.coverage`
    Cleaning, dissolving, simplifying and measuring a coverage (:func:`clean_coverage`,
    :func:`dissolve_units`, :func:`simplify_coverage`, :func:`coverage_defects`,
    :func:`district_outlines`).
:mod:`geo.places.approximate`
    Voronoi cells around commune centres when no boundary file is configured
    (:func:`approximate_cells`).
:mod:`geo.places.geojson`
    Compact GeoJSON for the map (:func:`to_geojson`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd

from geo.i18n import _
from geo.places import registry
from geo.places.approximate import approximate_cells
from geo.places.coverage import (
    clean_coverage,
    coverage_defects,
    dissolve_units,
    district_outlines,
    simplify_coverage,
)
from geo.places.geojson import to_geojson
from geo.places.shapes import (
    METRIC_CRS,
    WGS84,
    BoundaryIssue,
    read_boundary_file,
    validate_boundaries,
)

__all__ = [
    "METRIC_CRS",
    "WGS84",
    "BoundaryIssue",
    "BoundarySet",
    "approximate_cells",
    "clean_coverage",
    "coverage_defects",
    "dissolve_units",
    "district_outlines",
    "load_boundaries",
    "read_boundary_file",
    "simplify_coverage",
    "to_geojson",
    "validate_boundaries",
]


@dataclass
class BoundarySet:
    """Boundaries of one version, ready for the map.

    Attributes
    ----------
    version : str
        Key of :data:`geo.places.registry.VERSIONS`.
    gdf : geopandas.GeoDataFrame
        One row per unit, EPSG:4326.
    issues : list of BoundaryIssue
        What was repaired or left out on the way.
    approximate : bool
        ``True`` for the Voronoi fallback.
    """

    version: str
    gdf: gpd.GeoDataFrame
    issues: list[BoundaryIssue] = field(default_factory=list)
    approximate: bool = False


def _with_points(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Put a point inside each unit into ``lat``/``lon``.

    Returns
    -------
    geopandas.GeoDataFrame
        ``gdf`` with ``lon``/``lat`` of a representative point, rounded to 6 decimals.
    """
    pts = gdf.geometry.representative_point()
    return gdf.assign(lon=pts.x.round(6), lat=pts.y.round(6))


def _build_2020_2024(data_dir: Path | None) -> tuple[gpd.GeoDataFrame, list[BoundaryIssue]]:
    """Dissolve the cleaned GADM polygons into the 109 units of 2020-2024.

    Returns
    -------
    geopandas.GeoDataFrame
        ``code`` and ``geometry`` per unit.
    list of BoundaryIssue
        Problems found in the source file.
    """
    src, issues = read_boundary_file(registry.data_file(data_dir, registry.GADM_FILE))
    src, more = validate_boundaries(src, code_column="GID_3")
    issues += more
    src = clean_coverage(src)
    units, more = dissolve_units(src, registry.gadm_to_code(data_dir), key="GID_3")
    issues += more
    return units, issues


def _build_2025_07(data_dir: Path | None) -> tuple[gpd.GeoDataFrame, list[BoundaryIssue]]:
    """Read the 33 wards of July 2025.

    Returns
    -------
    geopandas.GeoDataFrame
        ``code`` and ``geometry`` per unit.
    list of BoundaryIssue
        Problems found in the source file.
    """
    src, issues = read_boundary_file(registry.data_file(data_dir, registry.WARDS_2025_FILE))
    src = src.assign(code=src["code"].astype(str))[["code", "geometry"]]
    src, more = validate_boundaries(src)
    return src, issues + more


def load_boundaries(version: str, data_dir: Path | None = None) -> BoundarySet:
    """Load the boundaries of one version with the registry's attributes.

    Parameters
    ----------
    version : {"2020-2024", "2025-07", "approximate"}
        Boundary version, see :data:`geo.places.registry.VERSIONS`.
    data_dir : Path, optional
        Folder with the boundary files (not needed for ``"approximate"``).

    Returns
    -------
    BoundarySet
        ``gdf`` has :data:`geo.places.registry.COMMUNE_COLUMNS` plus ``geometry`` (EPSG:4326),
        one row per registry unit that has a boundary, sorted by code; ``lat``/``lon`` hold a
        point inside each unit. Registry units without a boundary, and boundaries without a
        registry unit, are reported in ``issues``.

    Raises
    ------
    KeyError
        Unknown version.
    geo.places.registry.DataFileMissingError
        The version needs a file that ``data_dir`` does not hold.
    """
    units = registry.communes(version, data_dir)
    if version == "approximate":
        gdf = approximate_cells(units)
        return BoundarySet(version, gdf, [], approximate=True)
    builder = _build_2020_2024 if version == "2020-2024" else _build_2025_07
    shapes, issues = builder(data_dir)
    known = set(units["code"])
    for code in sorted(set(shapes["code"]) - known):
        issues.append(
            BoundaryIssue(
                "not_in_registry",
                _("Mã {code} có ranh giới nhưng không có trong danh mục.").format(code=code),
                code,
            )
        )
    for code in sorted(known - set(shapes["code"])):
        issues.append(
            BoundaryIssue("no_geometry", _("Mã {code} không có ranh giới.").format(code=code), code)
        )
    merged = units.drop(columns=["lat", "lon"]).merge(shapes[["code", "geometry"]], on="code")
    gdf = _with_points(gpd.GeoDataFrame(merged, geometry="geometry", crs=WGS84))
    gdf = gdf[[*registry.COMMUNE_COLUMNS, "geometry"]].sort_values("code", ignore_index=True)
    return BoundarySet(version, gdf, issues, approximate=False)
