"""Reading and checking boundary layers: any file, any CRS, repaired and reported.

A boundary file that a user supplies (GeoJSON, Shapefile, GeoPackage, any CRS such as VN-2000 /
UTM 48N) goes through the same checks as the third-party files: :func:`read_boundary_file` brings
it to EPSG:4326, :func:`validate_boundaries` drops rows without a code or geometry, repairs
invalid polygons and keeps the first of duplicate codes. Every action is reported as a
:class:`BoundaryIssue` with a Vietnamese message.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely

from geo.i18n import _

__all__ = [
    "METRIC_CRS",
    "WGS84",
    "BoundaryIssue",
    "read_boundary_file",
    "validate_boundaries",
]

#: Metric CRS used for areas and Voronoi cells (WGS 84 / UTM zone 48N covers Hà Nam).
METRIC_CRS = "EPSG:32648"
#: The CRS of every layer the app keeps (longitude, latitude in degrees).
WGS84 = "EPSG:4326"


@dataclass(frozen=True)
class BoundaryIssue:
    """One problem found while loading boundaries.

    Attributes
    ----------
    kind : str
        ``crs``, ``invalid``, ``duplicate``, ``missing_code``, ``no_geometry``,
        ``not_in_registry`` or ``unmatched``.
    message : str
        The text shown to users, in the language in use when it was found.
    code : str or None
        The commune concerned, when there is one.
    """

    kind: str
    message: str
    code: str | None = None


def read_boundary_file(path: str | Path) -> tuple[gpd.GeoDataFrame, list[BoundaryIssue]]:
    """Read a boundary file in any CRS and return it in EPSG:4326.

    A file without a CRS is taken to be in EPSG:4326 when its coordinates look like degrees
    and reported either way.

    Parameters
    ----------
    path : str or Path
        GeoJSON, Shapefile, GeoPackage or any format GDAL reads.

    Returns
    -------
    geopandas.GeoDataFrame
        The layer in EPSG:4326.
    list of BoundaryIssue
        A ``crs`` issue when the layer was reprojected or had no CRS.

    Raises
    ------
    ValueError
        The file has no CRS and its coordinates are not degrees (Vietnamese message).
    """
    gdf = gpd.read_file(path)
    issues: list[BoundaryIssue] = []
    if gdf.crs is None:
        minx, miny, maxx, maxy = gdf.total_bounds if len(gdf) else (0, 0, 0, 0)
        if -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90:
            gdf = gdf.set_crs(WGS84)
            issues.append(
                BoundaryIssue(
                    "crs",
                    _("{file}: không ghi hệ tọa độ; coi là WGS 84.").format(file=Path(path).name),
                )
            )
        else:
            raise ValueError(
                _(
                    "{file}: không ghi hệ tọa độ và tọa độ không phải kinh/vĩ độ; hãy lưu lại tệp "
                    "kèm hệ tọa độ (ví dụ VN-2000 / UTM 48N)."
                ).format(file=Path(path).name)
            )
    elif not gdf.crs.equals(WGS84):
        issues.append(
            BoundaryIssue(
                "crs",
                _("{file}: chuyển từ {crs} sang WGS 84.").format(
                    file=Path(path).name, crs=gdf.crs.to_string()
                ),
            )
        )
        gdf = gdf.to_crs(WGS84)
    return gdf, issues


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygonal parts of a repaired geometry.

    Returns
    -------
    shapely.Geometry
        A (multi)polygon, possibly empty; ``None`` and empty geometries are returned as they are.
    """
    if geom is None or shapely.is_empty(geom):
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

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The layer; without a CRS it is taken to be EPSG:4326.
    code_column : str, default "code"
        Column holding each unit's code.

    Returns
    -------
    geopandas.GeoDataFrame
        Valid polygons with unique, stripped codes, in EPSG:4326, with a fresh index.
    list of BoundaryIssue
        One issue per dropped, repaired or reprojected item.

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
        issues.append(
            BoundaryIssue("crs", _("Chuyển từ {crs} sang WGS 84.").format(crs=out.crs.to_string()))
        )
        out = out.to_crs(WGS84)

    codes = out[code_column]
    no_code = codes.isna() | (codes.astype(str).str.strip() == "")
    for idx in out.index[no_code]:
        issues.append(
            BoundaryIssue(
                "missing_code", _("Đối tượng thứ {n} không có mã xã; bỏ qua.").format(n=idx)
            )
        )
    out = out[~no_code].copy()
    out[code_column] = out[code_column].astype(str).str.strip()

    empty = out.geometry.isna() | out.geometry.is_empty
    for code in out.loc[empty, code_column]:
        issues.append(
            BoundaryIssue("no_geometry", _("Mã {code} không có ranh giới.").format(code=code), code)
        )
    out = out[~empty].copy()

    invalid = ~out.geometry.is_valid
    for code, reason in zip(
        out.loc[invalid, code_column], shapely.is_valid_reason(out.geometry[invalid]), strict=True
    ):
        issues.append(
            BoundaryIssue(
                "invalid",
                _("Mã {code}: ranh giới lỗi ({reason}); đã sửa.").format(code=code, reason=reason),
                code,
            )
        )
    if invalid.any():
        out.loc[invalid, "geometry"] = [
            _polygonal(g) for g in shapely.make_valid(out.geometry[invalid])
        ]

    dup = out[code_column].duplicated(keep="first")
    for code in out.loc[dup, code_column].unique():
        issues.append(
            BoundaryIssue(
                "duplicate",
                _("Mã {code} xuất hiện nhiều lần; giữ bản đầu tiên.").format(code=code),
                code,
            )
        )
    out = out[~dup]
    return out.reset_index(drop=True), issues
