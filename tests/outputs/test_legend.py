"""Tests of geo.outputs.legend: one HTML legend builder behind both map legends.

The expected strings are the exact HTML the two legends produced before they shared the
builder (the pages, AppTests and browser tests read these legends).
"""

from __future__ import annotations

import pandas as pd

from geo.metrics import NO_DATA_COLOUR
from geo.outputs import maps, schedule_map
from geo.outputs.legend import box_swatch, dot_swatch, swatch_legend

_ITEM = '<span style="display:inline-flex;align-items:center;margin:0 14px 4px 0">'
_DIV = '<div class="vneid-legend" style="font-size:0.85rem;line-height:1.4">'


def test_class_legend_html_is_unchanged():
    rows = pd.DataFrame(
        {
            "label": ["< 50 %", "chưa có số liệu"],
            "colour": ["#d7191c", NO_DATA_COLOUR],
            "count": [1234, 1],
            "no_data": [False, True],
        }
    )
    assert maps.legend_html(rows, "Tỷ lệ") == (
        f"{_DIV}<b>Tỷ lệ</b><br>"
        f'{_ITEM}<span style="width:22px;height:14px;border:1px solid #555;background:#d7191c;'
        'display:inline-block;margin-right:6px"></span>&lt; 50 % (1.234)</span>'
        f'{_ITEM}<span style="width:22px;height:14px;border:1px solid #555;'
        f"background:repeating-linear-gradient(45deg,{NO_DATA_COLOUR} 0 3px,#fff 3px 6px);"
        'display:inline-block;margin-right:6px"></span>chưa có số liệu (1)</span></div>'
    )


def test_team_legend_html_is_unchanged():
    assert schedule_map.legend_html({"Tổ 1": "#1f77b4"}) == (
        f"{_DIV}<b>Tổ lưu động</b> (ô vuông: trụ sở của tổ; số: thứ tự trong lịch)<br>"
        f'{_ITEM}<span style="width:14px;height:14px;border-radius:50%;background:#1f77b4;'
        'display:inline-block;margin-right:6px"></span>Tổ 1</span></div>'
    )


def test_swatch_legend_escapes_title_note_and_labels():
    out = swatch_legend("<b>", [("Tổ `1` ${x}", dot_swatch("#000"))], note=" <i>")
    assert "<b>&lt;b&gt;</b> &lt;i&gt;<br>" in out
    assert "Tổ &#96;1&#96; &#36;{x}</span>" in out
    assert "<script" not in out


def test_hatched_box_swatch():
    assert box_swatch("#bdbdbd", hatched=True).endswith(
        "background:repeating-linear-gradient(45deg,#bdbdbd 0 3px,#fff 3px 6px)"
    )
