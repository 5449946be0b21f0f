"""The visit markers' colour and their row in the map's legend (geo/outputs/maps.py,
geo/outputs/legend.py).

The markers used the Okabe-Ito colour of their place type: a household's blue #0072B2 between
the blue classes of the coverage map, and no legend. Now one magenta in a dark ring, named in the
legend whenever the markers are shown.
"""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pytest

from geo.i18n import language
from geo.metrics import MAP_METRICS, METRICS, NO_DATA_COLOUR
from geo.outputs import maps
from geo.outputs.legend import ring_swatch, swatch_legend

_ITEM = '<span style="display:inline-flex;align-items:center;margin:0 14px 4px 0">'
_DIV = '<div class="vneid-legend" style="font-size:0.85rem;line-height:1.4">'
_ROWS = pd.DataFrame(
    {"label": ["< 50 %"], "colour": ["#d7191c"], "count": [41], "no_data": [False]}
)


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of a ``#rrggbb`` colour."""
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in rgb)
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _luminance(colour: str) -> float:
    rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_lab_helper_on_known_colours():
    assert [round(v) for v in _lab("#ffffff")] == [100, 0, 0]
    assert [round(v) for v in _lab("#ff0000")] == [53, 80, 67]  # sRGB red, by hand from the spec


def test_the_visit_colour_is_magenta_in_a_dark_ring():
    assert (maps.VISIT_COLOUR, maps.VISIT_OUTLINE) == ("#cc00cc", "#1f2a36")
    # 0xcc = 0.8 -> linear ((0.8 + 0.055) / 1.055) ** 2.4 = 0.6038, times (0.2126 + 0.0722):
    # luminance 0.1720; white numbers on it: 1.05 / (0.1720 + 0.05) = 4.73 : 1 (WCAG asks 4.5)
    assert round(_luminance(maps.VISIT_COLOUR), 4) == 0.1720
    assert round(1.05 / (_luminance(maps.VISIT_COLOUR) + 0.05), 2) == 4.73


@pytest.mark.parametrize("metric", MAP_METRICS)
def test_the_visit_colour_is_far_from_every_class_colour(metric):
    # CIE76 difference; 2.3 is "just noticeable", colours of one palette step differ by ~15-30
    for colour in (*METRICS[metric].palette, NO_DATA_COLOUR):
        assert math.dist(_lab(maps.VISIT_COLOUR), _lab(colour)) > 50, colour


def test_markers_are_the_visit_colour_whatever_the_place_type():
    clusters = maps.visit_clusters(
        pd.DataFrame(
            {"lat": [20.54, 20.60], "lon": [105.91, 105.95], "place_type": ["household", "school"]}
        )
    )
    layer = maps.visit_layer(clusters)
    icons = [marker.icon.options["html"] for marker in layer._children.values()]
    one = (  # 16 + 4 * sqrt(1) px wide: one visit each
        '<div class="vneid-cluster" style="width:20px;height:20px;background:#cc00cc;'
        'border-color:#1f2a36">1</div>'
    )
    assert icons == [one, one]
    m = maps.build_base_map(gpd.GeoDataFrame({"district_code": []}, geometry=[], crs=4326))
    layer.add_to(m)
    html = m.get_root().render()
    assert maps.PLACE_TYPE_COLOURS["household"] not in html  # the blue that read as a class
    assert "box-shadow:0 0 0 1px #fff" in html  # a white halo outside the dark ring


def test_the_legend_names_the_markers_when_they_are_shown():
    shown = maps.legend_html(_ROWS, "Tỷ lệ kích hoạt", visits=True)
    assert shown == (
        f"{_DIV}<b>Tỷ lệ kích hoạt</b><br>"
        f'{_ITEM}<span style="width:22px;height:14px;border:1px solid #555;background:#d7191c;'
        'display:inline-block;margin-right:6px"></span>&lt; 50 % (41)</span>'
        "<br><b>Lượt làm việc</b> (số trong vòng tròn: số lượt làm việc ở gần nhau)<br>"
        f'{_ITEM}<span style="width:14px;height:14px;border-radius:50%;background:#cc00cc;'
        "border:2px solid #1f2a36;box-sizing:border-box;"
        'display:inline-block;margin-right:6px"></span>Nơi tổ lưu động đã đến</span></div>'
    )
    hidden = maps.legend_html(_ROWS, "Tỷ lệ kích hoạt")
    assert hidden == shown[: shown.index("<br><b>Lượt")] + "</div>"  # without: only the classes


def test_the_markers_legend_in_english():
    with language("en"):
        text = maps.legend_html(_ROWS, "Tỷ lệ kích hoạt", visits=True)
    assert "<b>Visits</b> (number in the circle: visits close together)<br>" in text
    assert "Where mobile teams have been</span>" in text
    assert "Lượt" not in text


def test_swatch_legend_rows_are_escaped():
    out = swatch_legend("A", [], more=[("<b>", [("<i>", ring_swatch("#000", "#fff"))], " <u>")])
    assert "<br><b>&lt;b&gt;</b> &lt;u&gt;<br>" in out
    assert "&lt;i&gt;</span></div>" in out and out.count('class="vneid-legend"') == 1
