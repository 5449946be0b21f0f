"""Read, validate, assemble and simplify commune boundaries.

The public entry point is :func:`load_boundaries`, which returns the boundaries of one version
(see :mod:`geo.places.registry`) as a GeoDataFrame in EPSG:4326 with the registry's columns, plus the
list of problems found on the way. The building blocks are public too, so a boundary file that a
user supplies (GeoJSON, Shapefile, GeoPackage, any CRS such as VN-2000 / UTM 48N) goes through
the same checks.

Coverage handling: the GADM polygons overlap and leave slivers where they were simplified by
their publisher. :func:`clean_coverage` snaps them into a proper coverage (no overlaps, no gaps
narrower than ``gap_width``) before they are dissolved, so that :func:`simplify_coverage` can
simplify shared borders once for both neighbours and never open a gap between them.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.places import registry

__all__ = [
    "METRIC_CRS",
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

#: Metric CRS used for areas and Voronoi cells (WGS 84 / UTM zone 48N covers Hà Nam).
METRIC_CRS = "EPSG:32648"
WGS84 = "EPSG:4326"


@dataclass(frozen=True)
class BoundaryIssue:
    """One problem found while loading boundaries.

    ``kind`` is one of ``crs``, ``invalid``, ``duplicate``, ``missing_code``, ``no_geometry``,
    ``not_in_registry``, ``unmatched``; ``message`` is the Vietnamese text shown to users.
    """

    kind: str
    message: str
    code: str | None = None


@dataclass
class BoundarySet:
    """Boundaries of one version, ready for the map."""

    version: str
    gdf: gpd.GeoDataFrame
    issues: list[BoundaryIssue] = field(default_factory=list)
    approximate: bool = False


# --- reading and validation -------------------------------------------------------------------


def read_boundary_file(path: str | Path) -> tuple[gpd.GeoDataFrame, list[BoundaryIssue]]:
    """Read a boundary file in any CRS and return it in EPSG:4326.

    A file without a CRS is taken to be in EPSG:4326 when its coordinates look like degrees
    and reported either way.
    """
    gdf = gpd.read_file(path)
    issues: list[BoundaryIssue] = []
    if gdf.crs is None:
        minx, miny, maxx, maxy = gdf.total_bounds if len(gdf) else (0, 0, 0, 0)
        if -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90:
            gdf = gdf.set_crs(WGS84)
            issues.append(
                BoundaryIssue("crs", f"{Path(path).name}: không ghi hệ tọa độ; coi là WGS 84.")
            )
        else:
            raise ValueError(
                f"{Path(path).name}: không ghi hệ tọa độ và tọa độ không phải kinh/vĩ độ; "
                "hãy lưu lại tệp kèm hệ tọa độ (ví dụ VN-2000 / UTM 48N)."
            )
    elif not gdf.crs.equals(WGS84):
        issues.append(
            BoundaryIssue("crs", f"{Path(path).name}: chuyển từ {gdf.crs.to_string()} sang WGS 84.")
        )
        gdf = gdf.to_crs(WGS84)
    return gdf, issues


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygonal parts of a repaired geometry."""
    if geom is None or geom.is_empty:
        return geom
    if isinstance(geom, shapely.Polygon | shapely.MultiPolygon):
        return geom
    parts = [
        g
        for g in getattr(geom, "geoms", [geom])
        if isinstance(g, shapely.Polygon | shapely.MultiPolygon)
    ]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def validate_boundaries(
    gdf: gpd.GeoDataFrame, code_column: str = "code"
) -> tuple[gpd.GeoDataFrame, list[BoundaryIssue]]:
    """Check and repair a boundary layer.

    Rows without a code or without geometry are dropped, invalid geometries are repaired with
    :func:`shapely.make_valid`, and duplicate codes keep their first row. Every action is
    reported as a :class:`BoundaryIssue`. A layer in another CRS is reprojected to EPSG:4326.

    Examples
    --------
    >>> from shapely import box
    >>> bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    >>> g = gpd.GeoDataFrame({"code": ["1", "1", None]},
    ...                      geometry=[bowtie, box(0, 0, 1, 1), box(2, 2, 3, 3)], crs=4326)
    >>> fixed, issues = validate_boundaries(g)
    >>> len(fixed), sorted(i.kind for i in issues), bool(fixed.is_valid.all())
    (1, ['duplicate', 'invalid', 'missing_code'], True)
    """
    issues: list[BoundaryIssue] = []
    out = gdf.copy()
    if out.crs is None:
        out = out.set_crs(WGS84)
    elif not out.crs.equals(WGS84):
        issues.append(BoundaryIssue("crs", f"Chuyển từ {out.crs.to_string()} sang WGS 84."))
        out = out.to_crs(WGS84)

    codes = out[code_column]
    no_code = codes.isna() | (codes.astype(str).str.strip() == "")
    for idx in out.index[no_code]:
        issues.append(BoundaryIssue("missing_code", f"Đối tượng thứ {idx} không có mã xã; bỏ qua."))
    out = out[~no_code].copy()
    out[code_column] = out[code_column].astype(str).str.strip()

    empty = out.geometry.isna() | out.geometry.is_empty
    for code in out.loc[empty, code_column]:
        issues.append(BoundaryIssue("no_geometry", f"Mã {code} không có ranh giới.", code))
    out = out[~empty].copy()

    invalid = ~out.geometry.is_valid
    for code, reason in zip(
        out.loc[invalid, code_column], shapely.is_valid_reason(out.geometry[invalid]), strict=True
    ):
        issues.append(
            BoundaryIssue("invalid", f"Mã {code}: ranh giới lỗi ({reason}); đã sửa.", code)
        )
    if invalid.any():
        out.loc[invalid, "geometry"] = [
            _polygonal(g) for g in shapely.make_valid(out.geometry[invalid])
        ]

    dup = out[code_column].duplicated(keep="first")
    for code in out.loc[dup, code_column].unique():
        issues.append(
            BoundaryIssue("duplicate", f"Mã {code} xuất hiện nhiều lần; giữ bản đầu tiên.", code)
        )
    out = out[~dup]
    return out.reset_index(drop=True), issues


# --- coverage operations ----------------------------------------------------------------------


def clean_coverage(gdf: gpd.GeoDataFrame, gap_width: float = 0.0015) -> gpd.GeoDataFrame:
    """Turn nearly-fitting polygons into a clean coverage.

    Overlaps are given to the neighbour with the longest shared border and gaps narrower than
    ``gap_width`` (in CRS units; 0.0015° is about 150 m) are filled, using GEOS' coverage cleaner.
    """
    out = gdf.copy()
    out["geometry"] = shapely.coverage_clean(np.asarray(gdf.geometry.values), gap_width=gap_width)
    return out


def dissolve_units(
    gdf: gpd.GeoDataFrame, mapping: pd.Series, key: str, sum_columns: tuple[str, ...] = ()
) -> tuple[gpd.GeoDataFrame, list[BoundaryIssue]]:
    """Dissolve source polygons into units through a ``key -> code`` mapping.

    Source rows whose key is not in ``mapping`` are reported (kind ``unmatched``) and left out.
    Columns in ``sum_columns`` are summed per unit.
    """
    codes = gdf[key].map(mapping)
    issues = [
        BoundaryIssue("unmatched", f"{k}: không có trong bảng mã; bỏ qua.")
        for k in gdf.loc[codes.isna(), key]
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
    """
    out = gdf.copy()
    out["geometry"] = shapely.coverage_simplify(np.asarray(gdf.geometry.values), tolerance)
    return out


def coverage_defects(gdf: gpd.GeoDataFrame) -> dict[str, float]:
    """Measure how far a layer is from a clean partition, in km².

    Returns ``overlap_km2`` (area covered by two or more units), ``gap_km2`` (holes inside the
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
    """Dissolve communes into district outlines (empty when the version has no districts)."""
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


# --- approximate fallback ---------------------------------------------------------------------


def _approximate_outline() -> shapely.Geometry:
    """Union of the communes' bounding boxes that ``vietnamadminunits`` ships, smoothed."""
    query = "SELECT wardBounds FROM admin_units_legacy WHERE provinceCode = '35'"
    with sqlite3.connect(f"file:{registry._vau_database()}?mode=ro", uri=True) as con:
        rows = [r[0] for r in con.execute(query)]
    boxes = []
    for text in rows:
        (s, w), (n, e) = (tuple(map(float, p.split(","))) for p in text.split("–"))
        boxes.append(shapely.box(w, s, e, n))
    union = shapely.union_all(boxes)
    return shapely.union_all(
        [shapely.Polygon(p.exterior) for p in getattr(union, "geoms", [union])]
    )


def approximate_cells(
    communes: pd.DataFrame, outline: shapely.Geometry | None = None
) -> gpd.GeoDataFrame:
    """Approximate boundaries: Voronoi cells around commune centres, clipped to an outline.

    Parameters
    ----------
    communes : DataFrame
        Registry rows with ``lat``/``lon`` centres.
    outline : shapely geometry, optional
        Outline in EPSG:4326 to clip to; by default the union of the communes' bounding boxes
        from ``vietnamadminunits``. It is widened where needed so every centre lies inside.

    Returns
    -------
    GeoDataFrame
        One valid, non-overlapping cell per commune, in the order of ``communes``.

    Examples
    --------
    >>> pts = pd.DataFrame({"code": ["a", "b"], "lat": [20.5, 20.5], "lon": [105.9, 106.0]})
    >>> cells = approximate_cells(pts, shapely.box(105.85, 20.45, 106.05, 20.55))
    >>> [round(a, 3) for a in cells.geometry.area]
    [0.01, 0.01]
    """
    if outline is None:
        outline = _approximate_outline()
    points = gpd.GeoSeries(gpd.points_from_xy(communes["lon"], communes["lat"]), crs=WGS84)
    pts_m = points.to_crs(METRIC_CRS)
    outline_m = gpd.GeoSeries([outline], crs=WGS84).to_crs(METRIC_CRS).iloc[0]
    # smooth the blocky outline and make sure it holds every centre
    outline_m = shapely.union_all([outline_m.buffer(500).buffer(-300), *pts_m.buffer(300)])
    outline_m = shapely.union_all(
        [shapely.Polygon(p.exterior) for p in getattr(outline_m, "geoms", [outline_m])]
    )
    cells = shapely.voronoi_polygons(
        shapely.MultiPoint(list(pts_m.values)), extend_to=outline_m, ordered=True
    )
    cells_m = shapely.intersection(np.asarray(shapely.get_parts(cells)), outline_m)
    geo = gpd.GeoSeries(cells_m, crs=METRIC_CRS).to_crs(WGS84)
    out = gpd.GeoDataFrame(
        communes.drop(columns="geometry", errors="ignore").copy(), geometry=geo.values, crs=WGS84
    )
    return out.reset_index(drop=True)


# --- assembling a version ---------------------------------------------------------------------


def _with_points(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    pts = gdf.geometry.representative_point()
    return gdf.assign(lon=pts.x.round(6), lat=pts.y.round(6))


def _build_2020_2024(data_dir: Path) -> tuple[gpd.GeoDataFrame, list[BoundaryIssue]]:
    src, issues = read_boundary_file(Path(data_dir) / registry.GADM_FILE)
    src, more = validate_boundaries(src, code_column="GID_3")
    issues += more
    src = clean_coverage(src)
    units, more = dissolve_units(src, registry.gadm_to_code(data_dir), key="GID_3")
    issues += more
    return units, issues


def _build_2025_07(data_dir: Path) -> tuple[gpd.GeoDataFrame, list[BoundaryIssue]]:
    src, issues = read_boundary_file(Path(data_dir) / registry.WARDS_2025_FILE)
    src = src.assign(code=src["code"].astype(str))[["code", "geometry"]]
    src, more = validate_boundaries(src)
    return src, issues + more


def load_boundaries(version: str, data_dir: Path | None = None) -> BoundarySet:
    """Boundaries of one version with the registry's attributes.

    Parameters
    ----------
    version : {"2020-2024", "2025-07", "approximate"}
    data_dir : Path, optional
        Folder with the boundary files (not needed for ``"approximate"``).

    Returns
    -------
    BoundarySet
        ``gdf`` has :data:`geo.places.registry.COMMUNE_COLUMNS` plus ``geometry`` (EPSG:4326), one row
        per registry unit that has a boundary, sorted by code; ``lat``/``lon`` hold a point
        inside each unit. Registry units without a boundary, and boundaries without a registry
        unit, are reported in ``issues``.
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
                "not_in_registry", f"Mã {code} có ranh giới nhưng không có trong danh mục.", code
            )
        )
    for code in sorted(known - set(shapes["code"])):
        issues.append(BoundaryIssue("no_geometry", f"Mã {code} không có ranh giới.", code))
    merged = units.drop(columns=["lat", "lon"]).merge(shapes[["code", "geometry"]], on="code")
    gdf = _with_points(gpd.GeoDataFrame(merged, geometry="geometry", crs=WGS84))
    gdf = gdf[[*registry.COMMUNE_COLUMNS, "geometry"]].sort_values("code", ignore_index=True)
    return BoundarySet(version, gdf, issues, approximate=False)


# --- serialisation ----------------------------------------------------------------------------


def _round_coords(obj, precision: int):
    if isinstance(obj, float):
        return round(obj, precision)
    if isinstance(obj, list | tuple):
        return [_round_coords(o, precision) for o in obj]
    return obj


def to_geojson(gdf: gpd.GeoDataFrame, properties: list[str], precision: int = 5) -> str:
    """Compact GeoJSON of ``gdf`` with only ``properties`` kept and rounded coordinates.

    Five decimals of a degree are about 1 m, far below what a province map shows.
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


def _json_default(value):
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
