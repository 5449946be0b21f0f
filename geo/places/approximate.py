"""Approximate boundaries, for when no boundary file is configured.

The ``vietnamadminunits`` package ships a centre point and a bounding box for each of the 98
units of 1 January 2025. :func:`approximate_cells` draws a Voronoi cell around each centre,
clipped to the province outline made of those boxes: the borders are only indicative, and the
app says so.
"""

from __future__ import annotations

import sqlite3

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.i18n import N_
from geo.places import registry
from geo.places.shapes import METRIC_CRS, WGS84

__all__ = ["MAP_NOTICE", "REPORT_NOTICE", "approximate_cells"]

#: What the map says while it draws approximate boundaries (the catalog's id: show
#: ``_(MAP_NOTICE)``).
MAP_NOTICE = N_(
    "**Ranh giới gần đúng.** Không tìm thấy tệp ranh giới, nên bản đồ vẽ các ô Voronoi quanh "
    "trung tâm của 98 xã, phường, thị trấn (danh mục 01/2025 của gói `vietnamadminunits`). "
    "Chỉ dùng để tham khảo vị trí, không dùng để đo diện tích. Để nạp ranh giới thật, đặt biến "
    "môi trường `VNEID_DATA_DIR` trỏ tới thư mục dữ liệu (xem README) rồi khởi động lại."
)
#: What the progress page says about the meeting pack's map on approximate boundaries (the
#: catalog's id: show ``_(REPORT_NOTICE)``).
REPORT_NOTICE = N_(
    "Đang dùng ranh giới gần đúng (không có tệp ranh giới): số liệu toàn tỉnh vẫn đúng, "
    "bản đồ trong báo cáo giao ban chỉ để tham khảo vị trí."
)


def _approximate_outline() -> shapely.Geometry:
    """Outline the province from the communes' bounding boxes that ``vietnamadminunits`` ships.

    Returns
    -------
    shapely.Geometry
        The union of the boxes, without holes, in EPSG:4326.
    """
    query = "SELECT wardBounds FROM admin_units_legacy WHERE provinceCode = '35'"
    with sqlite3.connect(f"file:{registry.vau_database()}?mode=ro", uri=True) as con:
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
    """Approximate boundaries with Voronoi cells around commune centres, clipped to an outline.

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
        One valid, non-overlapping cell per commune, in the order of ``communes``. The outline
        is smoothed and widened by about 200 m, so the cells cover a little more than it.

    Examples
    --------
    Two centres in a box of about 231 km² share it equally, with the 200 m margin:

    >>> pts = pd.DataFrame({"code": ["a", "b"], "lat": [20.5, 20.5], "lon": [105.9, 106.0]})
    >>> cells = approximate_cells(pts, shapely.box(105.85, 20.45, 106.05, 20.55))
    >>> (cells.to_crs(METRIC_CRS).area / 1e6).round().tolist(), bool(cells.is_valid.all())
    ([122.0, 122.0], True)
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
