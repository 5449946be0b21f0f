"""Meeting pack ("báo cáo giao ban"): PDF handout, Excel workbook and a print-resolution map.

Everything is rendered on the server without a browser or internet access:

* the map with matplotlib (Agg, no pyplot state) in UTM zone 48N (EPSG:32648), so the scale bar
  is measured in metres; communes without data are hatched, never drawn as 0 %;
* the PDF with fpdf2 and the DejaVu Sans fonts that ship inside matplotlib (embedded as
  subsets, so Vietnamese diacritics print on any machine);
* the workbook with openpyxl: numbers stay numbers, every text cell that a spreadsheet could read
  as a formula (starting with ``= + - @``, tab or carriage return) is stored as a string with
  Excel's *quote prefix* ("'") style, so the text is kept exactly and never evaluated.

:func:`build_meeting_pack` produces all three from one :class:`MeetingPack`; :func:`make_pack`
fills a pack from the commune metrics with :mod:`geo.metrics.progress`. Nothing here imports streamlit.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import geopandas as gpd
import matplotlib
import pandas as pd
from fpdf import FPDF, FontFace
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrow, Patch, Rectangle
from openpyxl import Workbook

from geo.fmt import format_date, format_int, format_number, format_percent, format_signed_int
from geo.metrics import METRICS, NO_DATA_COLOUR, classify, column_labels, legend, progress
from geo.outputs.xlsx import HEADER_FILL, HEADER_FONT, put_cell, to_bytes, write_sheet
from geo.places.boundaries import district_outlines

__all__ = [
    "FONT_DIR",
    "HEADLINE_LABELS",
    "LEAGUE_HEADERS",
    "MAP_CRS",
    "PLAN_COLUMNS",
    "MeetingPack",
    "build_meeting_pack",
    "build_pdf",
    "build_xlsx",
    "describe_projection",
    "make_pack",
    "map_figure",
    "pack_file_names",
    "render_map_png",
]

#: Folder of the DejaVu fonts bundled with matplotlib (no system font needed).
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
#: Projected CRS the map is drawn in (UTM 48N, metres; covers 102°E-108°E).
MAP_CRS = "EPSG:32648"
#: Columns of a published plan passed to the pack.
PLAN_COLUMNS = ["date", "team", "commune", "window"]

HEADLINE_LABELS = {
    "activated": "Đã kích hoạt",
    "eligible": "Công dân đủ điều kiện",
    "coverage": "Tỷ lệ kích hoạt",
    "quota": "Chỉ tiêu",
    "quota_progress": "Tiến độ so với chỉ tiêu",
    "gap": "Số người chưa kích hoạt",
    "communes_at_threshold": "Số xã đạt ≥ 80 %",
    "team_activations": "Tổ lưu động kích hoạt trong kỳ",
    "visits": "Lượt làm việc trong kỳ",
    "this_week": "Tổ lưu động kích hoạt 7 ngày qua",
    "last_week": "7 ngày trước đó",
    "activated_change": "Tăng so với tuần trước",
}

_DISTRICT_PREFIX = re.compile(r"^(Thành phố|Thị xã|Huyện)\s+", re.IGNORECASE)

LEAGUE_HEADERS = {k: v for k, v in progress.LEAGUE_LABELS.items() if k != "coverage_change"}
_GAP_HEADERS = {
    "rank": "STT",
    "name": "Xã, phường, thị trấn",
    "district_name": "Huyện, thị xã, thành phố",
    "eligible": "Công dân đủ điều kiện",
    "activated": "Đã kích hoạt",
    "coverage": "Tỷ lệ kích hoạt",
    "gap": "Số người chưa kích hoạt",
    "days_since_visit": "Số ngày chưa có tổ đến",
}
_PLAN_HEADERS = {
    "date": "Ngày",
    "team": "Tổ lưu động",
    "commune": "Xã, phường, thị trấn",
    "window": "Khung giờ",
}
_COMMUNE_HEADERS = column_labels(
    [
        "code",
        "name",
        "district_name",
        "eligible",
        "quota",
        "activated",
        "coverage",
        "quota_progress",
        "gap",
        "visits",
        "team_activations",
        "last_visit",
        "days_since_visit",
    ],
    {"team_activations": "Tổ lưu động kích hoạt"},  # the pack's wording, as in HEADLINE_LABELS
)
_RATIO_COLUMNS = {"coverage", "quota_progress"}


@dataclass
class MeetingPack:
    """Everything the meeting pack shows, computed beforehand (see :func:`make_pack`).

    Attributes
    ----------
    as_of : date
        Data date ("số liệu đến ngày").
    period : tuple of date
        Reporting period (first, last day), for the team figures.
    boundary_version : str
        Boundary version label shown on the cover and the map ("2020-2024").
    headline : dict
        :func:`geo.metrics.progress.headline_figures`.
    districts : DataFrame
        :func:`geo.metrics.progress.district_league`.
    top_gaps : DataFrame
        :func:`geo.metrics.progress.top_gaps`.
    metrics : DataFrame
        :func:`geo.metrics.commune_metrics` rows (the map and the commune sheet).
    boundaries : GeoDataFrame, optional
        ``code`` + geometry (any CRS, usually EPSG:4326); no map without it.
    plan : DataFrame, optional
        The published plan, columns :data:`PLAN_COLUMNS`.
    projection : Projection, optional
        :func:`geo.metrics.progress.project_target_date`.
    title, unit : str
        Cover title and the issuing unit.
    map_metric : str
        Metric of the map (``"coverage"`` or ``"quota_progress"``).
    """

    as_of: date
    period: tuple[date, date]
    boundary_version: str
    headline: dict[str, float | int | None]
    districts: pd.DataFrame
    top_gaps: pd.DataFrame
    metrics: pd.DataFrame
    boundaries: gpd.GeoDataFrame | None = None
    plan: pd.DataFrame | None = None
    projection: progress.Projection | None = None
    title: str = "Báo cáo giao ban"
    unit: str = "Công an tỉnh Hà Nam"
    map_metric: str = "coverage"


def make_pack(
    metrics: pd.DataFrame,
    *,
    as_of: date,
    period: tuple[date, date],
    boundary_version: str,
    boundaries: gpd.GeoDataFrame | None = None,
    previous: pd.DataFrame | None = None,
    visits: pd.DataFrame | None = None,
    plan: pd.DataFrame | None = None,
    projection: progress.Projection | None = None,
    n_gaps: int = 10,
) -> MeetingPack:
    """Fill a :class:`MeetingPack` from commune metrics with :mod:`geo.metrics.progress`.

    Parameters
    ----------
    metrics, previous : DataFrame
        :func:`geo.metrics.commune_metrics` as of ``as_of`` and (optional) one week earlier.
    visits : DataFrame, optional
        Visit rows, for this week / last week team activations.
    n_gaps : int
        How many communes the "largest gaps" table lists.
    """
    return MeetingPack(
        as_of=as_of,
        period=period,
        boundary_version=boundary_version,
        headline=progress.headline_figures(metrics, previous, visits=visits, as_of=as_of),
        districts=progress.district_league(metrics, previous),
        top_gaps=progress.top_gaps(metrics, n_gaps),
        metrics=metrics,
        boundaries=boundaries,
        plan=plan,
        projection=projection,
    )


# --- text helpers -----------------------------------------------------------------------------


def _text(value: object) -> str:
    """Display text: NFC-normalised (fonts have the precomposed letters), missing -> ""."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return unicodedata.normalize("NFC", str(value))


def _short_district(name: object) -> str:
    return _DISTRICT_PREFIX.sub("", _text(name))


def describe_projection(p: progress.Projection) -> str:
    """One Vietnamese sentence on when the quota is reached, stating the rate's window.

    Examples
    --------
    >>> from geo.metrics.progress import Projection
    >>> describe_projection(Projection(date(2023, 4, 3), 100.0, date(2023, 3, 1),
    ...                                date(2023, 3, 15), 14, 8000.0, 10000.0, False))
    'Với tốc độ bình quân 100 người/ngày trong 14 ngày gần nhất (01/03/2023 – 15/03/2023), dự kiến đạt chỉ tiêu ngày 03/04/2023.'
    """  # noqa: E501
    window = (
        f"{p.window_days} ngày gần nhất ({format_date(p.window_start)} – "
        f"{format_date(p.window_end)})"
    )
    if math.isnan(p.target) or p.target <= 0:
        return "Chưa có chỉ tiêu nên chưa dự báo được ngày đạt chỉ tiêu."
    if p.reached:
        return f"Đã đạt chỉ tiêu ngày {format_date(p.target_date)}."
    rate = format_number(p.rate_per_day, 0 if abs(p.rate_per_day) >= 10 else 1, trim=True)
    if p.target_date is None:
        return f"Chưa dự báo được ngày đạt chỉ tiêu: số đã kích hoạt không tăng trong {window}."
    return (
        f"Với tốc độ bình quân {rate} người/ngày trong {window}, "
        f"dự kiến đạt chỉ tiêu ngày {format_date(p.target_date)}."
    )


def _headline_rows(pack: MeetingPack) -> list[tuple[str, str, object, str]]:
    """(key, label, raw value, display text) for the cover and the summary sheet."""
    h = pack.headline
    rows: list[tuple[str, str, object, str]] = []
    for key in ("activated", "eligible", "coverage", "quota", "quota_progress", "gap"):
        value = h.get(key)
        text = format_percent(value, na="—") if key in _RATIO_COLUMNS else format_int(value, na="—")
        rows.append((key, HEADLINE_LABELS[key], value, text))
    hit, total = h.get("communes_at_threshold"), h.get("communes_with_data")
    rows.append(
        (
            "communes_at_threshold",
            HEADLINE_LABELS["communes_at_threshold"] + " / số xã có số liệu",
            hit,
            f"{format_int(hit, na='—')}/{format_int(total, na='—')}",
        )
    )
    for key in ("team_activations", "visits", "this_week", "last_week", "activated_change"):
        value = h.get(key)
        if value is None:
            continue
        text = format_signed_int(value) if key == "activated_change" else format_int(value)
        rows.append((key, HEADLINE_LABELS[key], value, text))
    return rows


# --- map --------------------------------------------------------------------------------------


def _nice_length(span_m: float) -> float:
    """A round scale-bar length (1-2-5 series, metres) close to a fifth of ``span_m``."""
    goal = max(span_m / 5.0, 1.0)
    exp = 10 ** math.floor(math.log10(goal))
    return max((m * exp for m in (1, 2, 5, 10) if m * exp <= goal), default=exp)


def _draw_scale_bar(ax, length_m: float) -> None:
    """Two-segment black/white scale bar in the lower left, labelled in km (axes in metres)."""
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
    label = f"{km:g}".replace(".", ",") + " km" if km >= 1 else f"{length_m:g} m"
    for x, text in ((left, "0"), (left + length_m, label)):
        ax.text(x, base + 1.8 * height, text, ha="center", va="bottom", fontsize=7, zorder=5)


def _draw_north_arrow(ax) -> None:
    """Arrow pointing up (grid north of UTM ≈ true north here) labelled "B" (Bắc)."""
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
        "B",
        transform=ax.transAxes,
        ha="center",
        va="top",
        fontsize=11,
        fontweight="bold",
        zorder=5,
    )


def _map_frame(gdf: gpd.GeoDataFrame, metrics: pd.DataFrame, metric: str) -> gpd.GeoDataFrame:
    """Boundaries joined to the metric (NaN = no data), in :data:`MAP_CRS`.

    A commune with boundaries but no metrics row, or with ``has_data`` False, has no data.
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


_NO_DATA_STYLE = {"facecolor": "white", "hatch": "////", "edgecolor": NO_DATA_COLOUR}


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
    """Static choropleth of one commune metric (a matplotlib ``Figure``, no pyplot state).

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
        Default "<legend title> theo xã, phường, thị trấn".
    data_date : date, optional
        Printed as "Số liệu đến ngày dd/mm/yyyy".
    subtitle : str
        Extra line under the title (e.g. the boundary version).
    size_in : tuple of float
        Figure size in inches.
    """
    frame = _map_frame(gdf, metrics, metric)
    spec = METRICS[metric]
    fig = Figure(figsize=size_in)
    fig.patch.set_facecolor("white")
    ax = fig.add_axes((0.03, 0.16, 0.94, 0.73))
    ax.set_axis_off()
    ax.set_aspect("equal")
    classes = classify(frame[metric], metric)
    rows = legend(frame[metric], metric)
    handles: list[Patch] = []
    for _, row in rows.iterrows():
        if row["no_data"]:
            style, mask = _NO_DATA_STYLE, classes["no_data"].to_numpy(dtype=bool)
        else:
            style = {"facecolor": row["colour"], "edgecolor": "white"}
            mask = (classes["class"] == row["class"]).fillna(False).to_numpy(dtype=bool)
        if mask.any():
            frame[mask].plot(ax=ax, linewidth=0.4, **style)
        label = f"{_text(row['label'])} ({format_int(row['count'])} xã)"
        handles.append(Patch(label=label, linewidth=0.6, **style))
    if len(frame):
        outlines = district_outlines(frame.dropna(subset=["district_code"]))
        if len(outlines):
            outlines.boundary.plot(ax=ax, color="#1f2a36", linewidth=1.1)
            for _, d in outlines.iterrows():
                pt = d.geometry.representative_point()
                ax.text(
                    pt.x,
                    pt.y,
                    _short_district(d["district_name"]),
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
        minx, miny, maxx, maxy = frame.total_bounds
        pad = 0.06 * max(maxx - minx, maxy - miny, 1.0)
        ax.set_xlim(minx - pad, maxx + pad)
        ax.set_ylim(miny - 2 * pad, maxy + pad)
        _draw_scale_bar(ax, _nice_length(maxx - minx))
        _draw_north_arrow(ax)
    fig.legend(
        handles=handles,
        title=spec.label_vi,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.155),
        ncol=3,
        fontsize=7.5,
        title_fontsize=8.5,
        frameon=False,
    )
    fig.text(
        0.5,
        0.955,
        _text(title or f"{spec.label_vi} theo xã, phường, thị trấn"),
        ha="center",
        va="center",
        fontsize=13,
        fontweight="bold",
    )
    if subtitle:
        fig.text(0.5, 0.915, _text(subtitle), ha="center", va="center", fontsize=9)
    if data_date is not None:
        fig.text(
            0.02,
            0.03,
            f"Số liệu đến ngày {format_date(data_date)}",
            ha="left",
            va="center",
            fontsize=8,
        )
    fig.text(
        0.98,
        0.03,
        f"Hệ toạ độ {MAP_CRS} (UTM 48N)",
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
    """:func:`map_figure` as a PNG at ``dpi`` (300 for print; the resolution is recorded).

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


def _pack_map(pack: MeetingPack, dpi: int = 300) -> bytes | None:
    if pack.boundaries is None or len(pack.boundaries) == 0:
        return None
    return render_map_png(
        pack.boundaries,
        pack.metrics,
        pack.map_metric,
        data_date=pack.as_of,
        subtitle=f"Phiên bản ranh giới {pack.boundary_version}",
        dpi=dpi,
    )


# --- PDF --------------------------------------------------------------------------------------


class _Handout(FPDF):
    """A4 portrait with the pack's footer on every page."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=7)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Trang {self.page_no()}/{{nb}}", align="R")


def _new_pdf(pack: MeetingPack) -> _Handout:
    pdf = _Handout(orientation="P", unit="mm", format="A4")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=16)
    pdf.footer_text = _text(f"{pack.title} – số liệu đến ngày {format_date(pack.as_of)}")
    pdf.set_title(_text(f"{pack.title} {format_date(pack.as_of)}"))
    pdf.set_author(_text(pack.unit))
    pdf.set_creation_date(datetime(pack.as_of.year, pack.as_of.month, pack.as_of.day))
    return pdf


def _heading(pdf: FPDF, text: str) -> None:
    pdf.set_font("DejaVu", "B", 13)
    pdf.set_text_color(20, 40, 80)
    pdf.cell(0, 9, _text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1)


def _cover(pdf: FPDF, pack: MeetingPack) -> None:
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(0, 6, _text(pack.unit).upper(), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(10)
    pdf.set_font("DejaVu", "B", 22)
    pdf.set_text_color(20, 40, 80)
    pdf.cell(0, 12, _text(pack.title).upper(), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("DejaVu", "", 11)
    pdf.set_text_color(0, 0, 0)
    pdf.multi_cell(
        0,
        6,
        "Tổ lưu động hướng dẫn kích hoạt tài khoản định danh điện tử (VNeID)",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    first, last = pack.period
    for line in (
        f"Số liệu đến ngày {format_date(pack.as_of)}",
        f"Kỳ báo cáo: {format_date(first)} – {format_date(last)}",
        f"Phiên bản ranh giới: {_text(pack.boundary_version)}",
    ):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(8)
    rows = _headline_rows(pack)
    cols, gap = 3, 4.0
    width = (pdf.epw - gap * (cols - 1)) / cols
    height = 24.0
    top = pdf.get_y()
    for i, (_key, label, _value, text) in enumerate(rows):
        x = pdf.l_margin + (i % cols) * (width + gap)
        y = top + (i // cols) * (height + gap)
        pdf.set_fill_color(238, 243, 250)
        pdf.set_draw_color(170, 185, 210)
        pdf.rect(x, y, width, height, style="DF")
        pdf.set_xy(x + 2, y + 3)
        pdf.set_font("DejaVu", "B", 16)
        pdf.set_text_color(20, 40, 80)
        pdf.cell(width - 4, 9, text, align="C")
        pdf.set_xy(x + 2, y + 13)
        pdf.set_font("DejaVu", "", 8.5)
        pdf.set_text_color(40, 40, 40)
        pdf.multi_cell(width - 4, 4.2, label, align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(top + math.ceil(len(rows) / cols) * (height + gap) + 4)
    if pack.projection is not None:
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(0, 6, "Dự báo ngày đạt chỉ tiêu", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 5.5, describe_projection(pack.projection), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.set_font("DejaVu", "", 8)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(
        0,
        4.5,
        "Tỷ lệ kích hoạt = số đã kích hoạt / công dân đủ điều kiện (đã có CCCD gắn chip). "
        "Tiến độ chỉ tiêu = số đã kích hoạt / chỉ tiêu, có thể vượt 100 %. "
        "Xã chưa có số liệu không được tính là 0 %.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(0, 0, 0)


def _table(
    pdf: FPDF,
    df: pd.DataFrame,
    headers: dict[str, str],
    widths: list[float],
    formats: dict[str, object],
) -> None:
    """A table with bold repeated headings; numbers right-aligned."""
    cols = list(headers)
    align = [
        "LEFT" if formats.get(c) is _text else "CENTER" if formats.get(c) is _fmt_date else "RIGHT"
        for c in cols
    ]
    pdf.set_font("DejaVu", "", 7.5)
    with pdf.table(
        col_widths=widths,
        text_align=align,
        headings_style=FontFace(emphasis="BOLD", fill_color=(220, 228, 240)),
        line_height=4.6,
        padding=1.0,
        width=sum(widths),
        align="LEFT",
        first_row_as_headings=True,
        repeat_headings=1,
    ) as table:
        head = table.row()
        for c in cols:
            head.cell(headers[c], align="CENTER")
        for _, rec in df.iterrows():
            row = table.row()
            for c in cols:
                row.cell(formats.get(c, _text)(rec.get(c)))


def _fmt_pct(v: object) -> str:
    return format_percent(v, na="—")


def _fmt_int(v: object) -> str:
    return format_int(v, na="—")


def _fmt_date(v: object) -> str:
    return format_date(v)


def _district_section(pdf: FPDF, pack: MeetingPack) -> None:
    _heading(pdf, "Bảng xếp hạng huyện, thị xã, thành phố")
    df = pack.districts
    if df is None or df.empty:
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(
            0, 5, "Phiên bản ranh giới này không có cấp huyện.", new_x="LMARGIN", new_y="NEXT"
        )
        return
    df = df.assign(
        communes_at_threshold=[
            f"{format_int(a)}/{format_int(b)}"
            for a, b in zip(df["communes_at_threshold"], df["communes_with_data"], strict=True)
        ]
    )
    headers = {k: v for k, v in LEAGUE_HEADERS.items() if k != "communes"}
    fmts = {
        "rank": _fmt_int,
        "district_name": _text,
        "communes_at_threshold": str,
        "eligible": _fmt_int,
        "quota": _fmt_int,
        "activated": _fmt_int,
        "coverage": _fmt_pct,
        "quota_progress": _fmt_pct,
        "gap": _fmt_int,
        "activated_change": format_signed_int,
    }
    _table(pdf, df, headers, [10, 36, 15, 21, 19, 19, 16, 16, 19, 15], fmts)
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 7.5)
    pdf.multi_cell(
        0,
        4,
        'Xếp theo tiến độ chỉ tiêu. "Xã đạt ≥ 80 %": số xã đạt / số xã có số liệu.',
        new_x="LMARGIN",
        new_y="NEXT",
    )


def _gaps_section(pdf: FPDF, pack: MeetingPack) -> None:
    n = len(pack.top_gaps)
    _heading(pdf, f"{n} xã, phường, thị trấn còn nhiều người chưa kích hoạt nhất")
    df = pack.top_gaps.assign(rank=range(1, n + 1))
    fmts = {
        "rank": _fmt_int,
        "name": _text,
        "district_name": _text,
        "eligible": _fmt_int,
        "activated": _fmt_int,
        "coverage": _fmt_pct,
        "gap": _fmt_int,
        "days_since_visit": _fmt_int,
    }
    _table(pdf, df, _GAP_HEADERS, [10, 38, 38, 21, 19, 17, 24, 19], fmts)


def _plan_section(pdf: FPDF, pack: MeetingPack) -> None:
    _heading(pdf, "Lịch công tác của tổ lưu động")
    df = pack.plan.sort_values(["date", "team"], kind="stable")
    fmts = {"date": _fmt_date, "team": _text, "commune": _text, "window": _text}
    _table(pdf, df, _PLAN_HEADERS, [28, 40, 80, 38], fmts)


def build_pdf(pack: MeetingPack, *, map_png: bytes | None = None) -> bytes:
    """The printable handout (A4, fonts embedded).

    Pages: cover with the headline figures, data date and projection; the coverage map (when
    the pack has boundaries); the district league; the largest gaps; the plan (when given).

    Parameters
    ----------
    pack : MeetingPack
    map_png : bytes, optional
        A map already rendered by :func:`render_map_png` (rendered here otherwise).

    Returns
    -------
    bytes
        The PDF document.
    """
    pdf = _new_pdf(pack)
    _cover(pdf, pack)
    png = map_png if map_png is not None else _pack_map(pack)
    if png is not None:
        pdf.add_page()  # the map carries its own title, legend and data date
        pdf.image(
            io.BytesIO(png),
            x=pdf.l_margin,
            w=pdf.epw,
            keep_aspect_ratio=True,
            h=pdf.eph - (pdf.get_y() - pdf.t_margin),
            title="Bản đồ tỷ lệ kích hoạt",
            alt_text="Bản đồ tỷ lệ kích hoạt theo xã",
        )
    pdf.add_page()
    _district_section(pdf, pack)
    pdf.ln(6)
    _gaps_section(pdf, pack)
    if pack.plan is not None and len(pack.plan):
        pdf.add_page()
        _plan_section(pdf, pack)
    return bytes(pdf.output())


# --- Excel ------------------------------------------------------------------------------------


def _sheet(wb: Workbook, title: str, df: pd.DataFrame, headers: dict[str, str]) -> None:
    write_sheet(wb, title, df, headers, ratio_columns=_RATIO_COLUMNS)


def build_xlsx(pack: MeetingPack) -> bytes:
    """The workbook: summary, district league, largest gaps, plan (when given), all communes.

    Returns
    -------
    bytes
        An ``.xlsx`` file; numbers are numeric cells (ratios as fractions formatted ``0.0%``),
        dates are date cells, and no cell holds a formula.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng quan"
    for j, head in enumerate(("Nội dung", "Giá trị"), start=1):
        cell = put_cell(ws, 1, j, head)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    first, last = pack.period
    info: list[tuple[str, object, str | None]] = [
        ("Số liệu đến ngày", pack.as_of, None),
        ("Kỳ báo cáo từ ngày", first, None),
        ("Kỳ báo cáo đến ngày", last, None),
        ("Phiên bản ranh giới", _text(pack.boundary_version), None),
    ]
    for key, _label, value, _txt in _headline_rows(pack):
        fmt = "0.0%" if key in _RATIO_COLUMNS else "#,##0"
        info.append((HEADLINE_LABELS[key], value, fmt))
    if "communes_with_data" in pack.headline:
        info.append(("Số xã có số liệu", pack.headline.get("communes_with_data"), "#,##0"))
    if pack.projection is not None:
        info.append(("Dự báo ngày đạt chỉ tiêu", pack.projection.target_date, None))
        info.append(("Cách tính dự báo", describe_projection(pack.projection), None))
    for i, (label, value, fmt) in enumerate(info, start=2):
        put_cell(ws, i, 1, label)
        put_cell(ws, i, 2, value, fmt)
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 18
    ws.freeze_panes = "A2"
    _sheet(wb, "Xếp hạng huyện", pack.districts, LEAGUE_HEADERS)
    gaps = pack.top_gaps.assign(rank=range(1, len(pack.top_gaps) + 1))
    _sheet(wb, "Xã chưa kích hoạt nhiều nhất", gaps, _GAP_HEADERS)
    if pack.plan is not None and len(pack.plan):
        _sheet(wb, "Lịch công tác", pack.plan, _PLAN_HEADERS)
    _sheet(wb, "Số liệu theo xã", pack.metrics, _COMMUNE_HEADERS)
    wb.properties.title = _text(f"{pack.title} {format_date(pack.as_of)}")
    wb.properties.creator = _text(pack.unit)
    return to_bytes(wb)


# --- one call ---------------------------------------------------------------------------------


def pack_file_names(as_of: date) -> dict[str, str]:
    """File names of the pack's parts: ``{"pdf": "bao-cao-giao-ban-2023-03-14.pdf", ...}``."""
    stem = f"bao-cao-giao-ban-{pd.Timestamp(as_of):%Y-%m-%d}"
    return {"pdf": f"{stem}.pdf", "xlsx": f"{stem}.xlsx", "png": f"ban-do-{stem}.png"}


def build_meeting_pack(pack: MeetingPack, *, dpi: int = 300) -> dict[str, bytes]:
    """PDF, Excel workbook and map PNG of one pack (the map is rendered once).

    Returns
    -------
    dict
        ``{file name: bytes}`` with the names of :func:`pack_file_names`; no PNG entry when
        the pack has no boundaries.
    """
    names = pack_file_names(pack.as_of)
    png = _pack_map(pack, dpi)
    out = {names["pdf"]: build_pdf(pack, map_png=png), names["xlsx"]: build_xlsx(pack)}
    if png is not None:
        out[names["png"]] = png
    return out
