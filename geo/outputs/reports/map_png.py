"""The meeting pack's print map: a static choropleth drawn with matplotlib, no browser needed.

The map is drawn in UTM zone 48N (:data:`MAP_CRS`, metres), so the scale bar is measured in
metres; communes without data are hatched, never drawn as 0 %. Colours, classes and legend rows
come from :mod:`geo.metrics.coverage` (one definition with the interactive map). matplotlib is
used through :class:`~matplotlib.figure.Figure` only (Agg, no pyplot state), so rendering is
safe in the server's threads. Titles and legend come from the catalog (:mod:`geo.i18n`) and the
numbers from :mod:`geo.fmt`, in the language in use. Nothing here imports streamlit.
"""

from __future__ import annotations

import io
import math
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrow, Patch, Rectangle

from geo.fmt import display_text, format_date, format_int, format_number
from geo.i18n import _, ngettext
from geo.metrics import METRICS, NO_DATA_COLOUR, classify, legend
from geo.outputs.reports.content import MeetingPack
from geo.places.boundaries import district_outlines
from geo.places.names import district_short_name

__all__ = ["MAP_CRS", "map_figure", "pack_map_png", "render_map_png"]

#: Projected CRS the map is drawn in (UTM 48N, metres; covers 102°E-108°E).
MAP_CRS = "EPSG:32648"

_NO_DATA_STYLE: dict[str, Any] = {
    "facecolor": "white",
    "hatch": "////",
    "edgecolor": NO_DATA_COLOUR,
}


def _nice_length(span_m: float) -> float:
    """Pick a round scale-bar length (1-2-5 series, metres) close to a fifth of ``span_m``.

    Returns
    -------
    float
        The longest of 1, 2, 5, 10 x a power of ten that is at most ``span_m / 5``.
    """
    goal = max(span_m / 5.0, 1.0)
    exp = 10 ** math.floor(math.log10(goal))
    return max((m * exp for m in (1, 2, 5, 10) if m * exp <= goal), default=exp)


def _draw_scale_bar(ax: Axes, length_m: float) -> None:
    """Draw a two-segment black/white scale bar in the lower left, labelled in km."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    left, base = x0 + 0.04 * (x1 - x0), y0 + 0.04 * (y1 - y0)
    height = 0.012 * (y1 - y0)
    half = length_m / 2
    for i, colour in enumerate(("#222222", "#ffffff")):
        ax.add_patch(
            Rectangle(
                (left + i * half, base),
                half,
                height,
                facecolor=colour,
                edgecolor="#222222",
                linewidth=0.8,
                zorder=5,
            )
        )
    km = length_m / 1000
    if km >= 1:
        label = f"{format_number(km, 3, trim=True)} km"
    else:
        label = f"{format_number(length_m, 1, trim=True)} m"
    for x, text in ((left, "0"), (left + length_m, label)):
        ax.text(x, base + 1.8 * height, text, ha="center", va="bottom", fontsize=7, zorder=5)


def _draw_north_arrow(ax: Axes) -> None:
    """Draw an arrow pointing up (grid north of UTM ≈ true north here) labelled "B" (Bắc, "N")."""
    ax.add_patch(
        FancyArrow(
            0.93,
            0.83,
            0,
            0.09,
            width=0.012,
            head_width=0.04,
            head_length=0.04,
            length_includes_head=True,
            transform=ax.transAxes,
            color="#222222",
            zorder=5,
        )
    )
    ax.text(
        0.93,
        0.79,
        _("B"),
        transform=ax.transAxes,
        ha="center",
        va="top",
        fontsize=11,
        fontweight="bold",
        zorder=5,
    )


def _map_frame(gdf: gpd.GeoDataFrame, metrics: pd.DataFrame, metric: str) -> gpd.GeoDataFrame:
    """Join the boundaries to the metric (NaN = no data), in :data:`MAP_CRS`.

    A commune with boundaries but no metrics row, or with ``has_data`` False, has no data.

    Returns
    -------
    GeoDataFrame
        ``code``, geometry, ``metric`` and the district columns that ``metrics`` has.
    """
    cols = [
        c
        for c in ("code", metric, "has_data", "district_code", "district_name")
        if c in metrics.columns
    ]
    m = metrics[cols].assign(code=metrics["code"].astype(str))
    frame = (
        gdf[["code", "geometry"]]
        .assign(code=gdf["code"].astype(str))
        .merge(m, on="code", how="left")
    )
    value = pd.to_numeric(frame[metric], errors="coerce").astype("float64")
    if "has_data" in frame:
        value = value.where(frame["has_data"].eq(True))
    frame[metric] = value
    frame = gpd.GeoDataFrame(frame, geometry="geometry", crs=gdf.crs or "EPSG:4326")
    return frame.to_crs(MAP_CRS)


def _draw_communes(ax: Axes, frame: gpd.GeoDataFrame, metric: str) -> list[Patch]:
    """Fill the communes by class (no data hatched) and make one legend handle per class.

    Returns
    -------
    list of Patch
        Legend handles labelled "<class> (<n> xã)" in the language in use, in the order of the
        legend rows.
    """
    classes = classify(frame[metric], metric)
    handles: list[Patch] = []
    for _i, row in legend(frame[metric], metric).iterrows():
        if row["no_data"]:
            style, mask = _NO_DATA_STYLE, classes["no_data"].to_numpy(dtype=bool)
        else:
            style = {"facecolor": row["colour"], "edgecolor": "white"}
            mask = (classes["class"] == row["class"]).fillna(False).to_numpy(dtype=bool)
        if mask.any():
            frame[mask].plot(ax=ax, linewidth=0.4, **style)
        count = int(row["count"])
        label = ngettext("{label} ({n} xã)", "{label} ({n} xã)", count).format(
            label=display_text(_(str(row["label"]))), n=format_int(count)
        )
        handles.append(Patch(label=label, linewidth=0.6, **style))
    return handles


def _draw_districts(ax: Axes, frame: gpd.GeoDataFrame) -> None:
    """Outline the districts and write their short names ("Phủ Lý") inside."""
    outlines = district_outlines(frame.dropna(subset=["district_code"]))
    if not len(outlines):
        return
    outlines.boundary.plot(ax=ax, color="#1f2a36", linewidth=1.1)
    for _i, d in outlines.iterrows():
        pt = d.geometry.representative_point()
        ax.text(
            pt.x,
            pt.y,
            district_short_name(display_text(d["district_name"])),
            ha="center",
            va="center",
            fontsize=7,
            color="#1f2a36",
            zorder=4,
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "alpha": 0.7,
                "edgecolor": "none",
            },
        )


def map_figure(
    gdf: gpd.GeoDataFrame,
    metrics: pd.DataFrame,
    metric: str = "coverage",
    *,
    title: str | None = None,
    data_date: date | None = None,
    subtitle: str = "",
    size_in: tuple[float, float] = (7.5, 8.0),
) -> Figure:
    """Draw a static choropleth of one commune metric (a matplotlib ``Figure``, no pyplot).

    Colours, classes and legend rows come from :func:`geo.metrics.coverage.classify` and
    :func:`geo.metrics.coverage.legend`; communes without data are hatched and labelled
    "chưa có số liệu". The figure has a title, the data date, a legend with the number of
    communes per class, district outlines and names, a scale bar in km (the map is drawn in
    :data:`MAP_CRS`, metres) and a north arrow.

    Parameters
    ----------
    gdf : GeoDataFrame
        Boundaries with ``code`` + geometry (any CRS, EPSG:4326 if unset).
    metrics : DataFrame
        :func:`geo.metrics.commune_metrics` rows (``code``, ``metric``, ``has_data``, districts).
    metric : str
        A key of :data:`geo.metrics.METRICS`, usually ``"coverage"`` or ``"quota_progress"``.
    title : str, optional
        Default "<legend title> theo xã, phường, thị trấn" (in the language in use).
    data_date : date, optional
        Printed as "Số liệu đến ngày dd/mm/yyyy" (in the language in use).
    subtitle : str
        Extra line under the title (e.g. the boundary version).
    size_in : tuple of float
        Figure size in inches.

    Returns
    -------
    Figure
        The map; ``fig.legends[0]`` is the class legend, ``fig.axes[0]`` the map axes.
    """
    frame = _map_frame(gdf, metrics, metric)
    spec = METRICS[metric]
    metric_label = spec.label
    fig = Figure(figsize=size_in)
    fig.patch.set_facecolor("white")
    ax = fig.add_axes((0.03, 0.16, 0.94, 0.73))
    ax.set_axis_off()
    ax.set_aspect("equal")
    handles = _draw_communes(ax, frame, metric)
    if len(frame):
        _draw_districts(ax, frame)
        minx, miny, maxx, maxy = frame.total_bounds
        pad = 0.06 * max(maxx - minx, maxy - miny, 1.0)
        ax.set_xlim(minx - pad, maxx + pad)
        ax.set_ylim(miny - 2 * pad, maxy + pad)
        _draw_scale_bar(ax, _nice_length(maxx - minx))
        _draw_north_arrow(ax)
    fig.legend(
        handles=handles,
        title=metric_label,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.155),
        ncol=3,
        fontsize=7.5,
        title_fontsize=8.5,
        frameon=False,
    )
    heading = display_text(
        title or _("{metric} theo xã, phường, thị trấn").format(metric=metric_label)
    )
    fig.text(0.5, 0.955, heading, ha="center", va="center", fontsize=13, fontweight="bold")
    if subtitle:
        fig.text(0.5, 0.915, display_text(subtitle), ha="center", va="center", fontsize=9)
    if data_date is not None:
        fig.text(
            0.02,
            0.03,
            _("Số liệu đến ngày {date}").format(date=format_date(data_date)),
            ha="left",
            va="center",
            fontsize=8,
        )
    fig.text(
        0.98,
        0.03,
        _("Hệ toạ độ {crs} (UTM 48N)").format(crs=MAP_CRS),
        ha="right",
        va="center",
        fontsize=6,
        color="#555555",
    )
    return fig


def render_map_png(
    gdf: gpd.GeoDataFrame,
    metrics: pd.DataFrame,
    metric: str = "coverage",
    *,
    title: str | None = None,
    data_date: date | None = None,
    subtitle: str = "",
    dpi: int = 300,
    size_in: tuple[float, float] = (7.5, 8.0),
) -> bytes:
    """Render :func:`map_figure` as a PNG at ``dpi`` (300 for print; the resolution is recorded).

    Parameters
    ----------
    gdf, metrics, metric, title, data_date, subtitle, size_in
        As for :func:`map_figure`.
    dpi : int
        Dots per inch.

    Returns
    -------
    bytes
        PNG of ``size_in`` inches at ``dpi`` (2250 x 2400 pixels by default).
    """
    fig = map_figure(
        gdf,
        metrics,
        metric,
        title=title,
        data_date=data_date,
        subtitle=subtitle,
        size_in=size_in,
    )
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def pack_map_png(pack: MeetingPack, dpi: int = 300) -> bytes | None:
    """Render the map of a meeting pack: its metric, data date and boundary version.

    Parameters
    ----------
    pack : MeetingPack
        The pack; its :attr:`~MeetingPack.boundaries` are drawn.
    dpi : int
        Dots per inch.

    Returns
    -------
    bytes or None
        The PNG in the language in use, or ``None`` when the pack has no boundaries.
    """
    if pack.boundaries is None or len(pack.boundaries) == 0:
        return None
    return render_map_png(
        pack.boundaries,
        pack.metrics,
        pack.map_metric,
        data_date=pack.as_of,
        subtitle=_("Phiên bản ranh giới: {version}").format(version=_(pack.boundary_version)),
        dpi=dpi,
    )
