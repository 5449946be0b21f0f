"""Tests of geo.outputs.reports.map_png: the print map (PNG size, colours, legend, scale bar)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle
from PIL import Image

from geo.i18n import language
from geo.metrics import legend
from geo.outputs import reports
from geo.outputs.reports import map_png
from tests.metrics.test_progress import AS_OF


def test_map_png_is_print_resolution(boundaries, metrics):
    png = reports.render_map_png(boundaries, metrics, data_date=AS_OF, dpi=300)
    img = Image.open(io.BytesIO(png))
    assert img.size == (2250, 2400)  # 7,5 x 8 in at 300 dpi
    assert img.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    small = Image.open(io.BytesIO(reports.render_map_png(boundaries, metrics, dpi=100)))
    assert small.size == (750, 800)


def test_map_png_uses_the_class_colours(boundaries, metrics):
    img = np.asarray(
        Image.open(io.BytesIO(reports.render_map_png(boundaries, metrics, dpi=60))).convert("RGB")
    )
    colours = {"#" + "".join(f"{v:02x}" for v in px) for px in img.reshape(-1, 3)[::7]}
    rows = legend(metrics["coverage"], "coverage")
    for colour in rows.loc[rows["count"] > 0, "colour"]:
        assert colour in colours


@pytest.fixture
def figure(boundaries, metrics):
    return reports.map_figure(
        boundaries, metrics, title="Bản đồ thử", data_date=AS_OF, subtitle="Phiên bản 2020-2024"
    )


def test_map_legend_counts_and_no_data(figure):
    legend = figure.legends[0]
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == [
        "< 50 % (3 xã)",
        "50–80 % (1 xã)",
        "80–100 % (3 xã)",
        "≥ 100 % (0 xã)",
        "chưa có số liệu (1 xã)",
    ]
    assert legend.get_title().get_text() == "Tỷ lệ kích hoạt"
    assert legend.legend_handles[-1].get_hatch() == "////"


def test_map_draws_no_data_hatched_not_as_zero(figure):
    ax = figure.axes[0]
    hatched = [c for c in ax.collections if c.get_hatch()]
    assert len(hatched) == 1
    assert len(hatched[0].get_paths()) == 1  # only 90006
    filled = {
        to_hex(c.get_facecolor()[0])
        for c in ax.collections
        if not c.get_hatch() and len(c.get_facecolor())
    }
    assert "#d7191c" in filled and "#2c7bb6" not in filled  # nobody at ≥ 100 %


def test_map_title_date_north_arrow_and_scale_bar(figure):
    texts = [t.get_text() for t in figure.texts]
    assert "Bản đồ thử" in texts
    assert "Số liệu đến ngày 14/03/2023" in texts
    ax = figure.axes[0]
    ax_texts = [t.get_text() for t in ax.texts]
    assert "B" in ax_texts  # Bắc
    assert "Phủ Lý" in ax_texts  # district names without "Thành phố"/"Huyện"
    # 0,4° of longitude at 20,5°N is about 41,7 km: a fifth is 8,3 km -> a 5 km bar in metres
    assert "5 km" in ax_texts
    bar = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(bar) == 2
    assert sum(p.get_width() for p in bar) == pytest.approx(5000)
    width_m = ax.get_xlim()[1] - ax.get_xlim()[0]
    assert width_m / 1.12 == pytest.approx(41_700, rel=0.02)  # data + 6 % margin each side


def test_map_of_quota_progress(boundaries, metrics):
    fig = reports.map_figure(boundaries, metrics, "quota_progress")
    legend = fig.legends[0]
    assert legend.get_title().get_text() == "Tiến độ chỉ tiêu"
    assert [t.get_text() for t in legend.get_texts()] == [
        "< 50 % (0 xã)",
        "50–80 % (4 xã)",  # 50 % sits in the upper class
        "80–100 % (0 xã)",
        "≥ 100 % (3 xã)",
        "chưa có số liệu (1 xã)",
    ]
    assert "Tiến độ chỉ tiêu theo xã, phường, thị trấn" in [t.get_text() for t in fig.texts]


def test_map_commune_missing_from_metrics_is_no_data(boundaries, metrics):
    fig = reports.map_figure(boundaries, metrics[metrics["code"] != "13291"])
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[-1] == "chưa có số liệu (2 xã)"


@pytest.mark.parametrize(
    ("span_m", "expected"),
    [(41_700, 5_000), (100_000, 20_000), (9_000, 1_000), (250_000, 50_000), (4_000, 500)],
)
def test_scale_bar_length(span_m, expected):
    assert map_png._nice_length(span_m) == expected


# --- language -------------------------------------------------------------------------------------


def test_map_in_english(boundaries, metrics):
    with language("en"):
        fig = reports.map_figure(boundaries, metrics, data_date=AS_OF, subtitle="2020-2024")
    legend = fig.legends[0]
    assert legend.get_title().get_text() == "Activation rate (coverage)"
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[-1] == "no data (1 commune)"  # singular
    assert labels[0].endswith(" (3 communes)") and labels[0].startswith("< 50")
    texts = [t.get_text() for t in fig.texts]
    assert "Activation rate (coverage) by commune/ward/township" in texts
    assert "Data as of 14/03/2023" in texts
    assert "Coordinate system EPSG:32648 (UTM 48N)" in texts
    ax_texts = [t.get_text() for t in fig.axes[0].texts]
    assert "N" in ax_texts and "B" not in ax_texts  # north
    assert "5 km" in ax_texts
    assert "Phủ Lý" in ax_texts  # district names are data


def test_pack_map_subtitle_in_both_languages(pack, monkeypatch):
    seen = {}

    def fake_render(*args, subtitle, **kwargs):
        seen[subtitle] = True
        return b""

    monkeypatch.setattr(map_png, "render_map_png", fake_render)
    map_png.pack_map_png(pack)
    with language("en"):
        map_png.pack_map_png(pack)
    assert list(seen) == ["Phiên bản ranh giới: 2020-2024", "Boundary version: 2020-2024"]


@pytest.mark.parametrize(
    ("lang", "length_m", "label"),
    [("vi", 500, "500 m"), ("vi", 5000, "5 km"), ("en", 20_000, "20 km"), ("en", 200, "200 m")],
)
def test_scale_bar_label(lang, length_m, label):
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    ax.set_xlim(0, 10 * length_m)
    ax.set_ylim(0, 10 * length_m)
    with language(lang):
        map_png._draw_scale_bar(ax, length_m)
    assert [t.get_text() for t in ax.texts] == ["0", label]
