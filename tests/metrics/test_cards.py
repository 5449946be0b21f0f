"""Tests for geo.metrics.cards: the figure cards of the map panel and of the progress headline.

The map panel is checked on the coverage fixture (:mod:`tests.metrics.coverage_fixture`; its
province figures are those of ``test_rollup``), the headline on the progress fixture
(:mod:`tests.metrics.test_progress`; its figures are those of ``test_headline_figures``).
"""

from __future__ import annotations

import pytest

from geo.fmt import format_percent
from geo.i18n import language
from geo.metrics import progress, rollup
from geo.metrics.cards import Card, headline_cards, panel_cards, panel_heading
from tests.metrics.test_progress import AS_OF, PREVIOUS, make_metrics, make_visits

LABELS = {key: key for key in progress.HEADLINE_KEYS}


def test_province_cards_are_the_rollup_row(metrics):
    p = rollup(metrics, "province").iloc[0]
    cards = panel_cards(metrics)
    assert [(c.label, c.value) for c in cards] == [
        ("Công dân đủ điều kiện", "14.920"),
        ("Đã kích hoạt", "9.030"),
        ("Tỷ lệ kích hoạt", format_percent(9030 / 14920)),
        ("Số người chưa kích hoạt", "5.920"),  # the sum of the commune gaps
        ("Lượt làm việc", "7"),
        ("Kích hoạt qua tổ lưu động", "340"),
    ]
    assert (p["eligible"], p["activated"], p["gap"]) == (14920, 9030, 5920)
    assert all(c.caption is None and c.delta is None for c in cards)


def test_province_cards_without_any_data(metrics):
    none = metrics.assign(has_data=False)
    assert [c.value for c in panel_cards(none)] == ["0", "0", "", "0", "7", "340"]


def test_commune_cards(metrics):
    cards = panel_cards(metrics, "13291")
    assert [(c.label, c.value) for c in cards] == [
        ("Công dân đủ điều kiện", "10.200"),
        ("Đã kích hoạt", "6.220"),
        ("Tỷ lệ kích hoạt", format_percent(6220 / 10200)),
        ("Số người chưa kích hoạt", "3.980"),
        ("Tiến độ chỉ tiêu", format_percent(6220 / 8000)),
        ("Lượt làm việc", "3"),
        ("Kích hoạt qua tổ lưu động", "220"),
        ("Lần gần nhất có tổ đến", "20/03/2023"),
    ]
    assert [c.caption for c in cards] == [None] * 7 + ["11 ngày chưa có tổ đến"]


def test_commune_without_data_or_visits(metrics):
    cards = panel_cards(metrics, "90003")
    assert [c.value for c in cards] == ["—", "—", "chưa có số liệu", "—", "—", "0", "0", "chưa có"]
    assert cards[-1].caption is None


def test_panel_heading(metrics):
    assert panel_heading(metrics) == (
        "Toàn tỉnh",
        "Bấm vào một xã trên bản đồ hoặc trong bảng để xem chi tiết.",
        None,
    )
    assert panel_heading(metrics, "13291") == ("Phường Lê Hồng Phong", "Thành phố Phủ Lý", None)
    title, district, note = panel_heading(metrics, "90003")
    assert (title, district) == ("Xã Thanh Sơn", "Huyện Kim Bảng")
    assert note == "Chưa có số liệu: chưa nhập chỉ tiêu hoặc số kích hoạt chính thức của xã này."
    no_districts = metrics.assign(district_name=None)
    assert panel_heading(no_districts, "13291")[1] is None


@pytest.fixture
def headline(communes) -> dict:
    now, before = make_metrics(communes), make_metrics(communes, PREVIOUS)
    return progress.headline_figures(now, before, visits=make_visits(), as_of=AS_OF)


def test_headline_cards(headline):
    cards = headline_cards(headline, LABELS)
    assert [(c.label, c.value, c.delta) for c in cards] == [
        ("activated", "21.100", "+500"),
        ("eligible", "32.500", None),
        ("coverage", "64,9 %", "+1,5 điểm %"),
        ("quota_progress", "81,2 %", None),
        ("this_week", "550", "+110"),
        ("communes_at_threshold", "3/7", "0"),
        ("team_activations", "990", None),
        ("gap", "11.400", None),
    ]
    since = [c.delta_description for c in cards]
    assert since == [
        "so với tuần trước",
        None,
        "so với tuần trước",
        None,
        "so với 7 ngày trước đó (440)",
        "so với tuần trước",
        None,
        None,
    ]
    assert [c.delta_color for c in cards] == ["normal"] * 5 + ["off"] + ["normal"] * 2
    assert [c.help for c in cards] == [
        None,
        None,
        "Số đã kích hoạt / công dân đủ điều kiện (đã có CCCD gắn chip).",
        "Số đã kích hoạt / chỉ tiêu (26.000); có thể vượt 100 %.",
        None,
        "Số xã đạt tỷ lệ kích hoạt ≥ 80 % / số xã có số liệu.",
        "8 lượt làm việc trong kỳ báo cáo.",
        None,
    ]


def test_headline_cards_without_previous_or_visits_show_no_delta(communes):
    h = progress.headline_figures(make_metrics(communes))
    cards = headline_cards(h, LABELS)
    assert [c.delta for c in cards] == [None] * 8
    assert cards[4].delta_description is None  # no "so với 7 ngày trước đó ()"
    assert cards[4].value == "—" and cards[5].value == "3/7"


def test_a_change_in_communes_at_threshold_is_coloured(headline):
    cards = headline_cards({**headline, "communes_at_threshold_previous": 1}, LABELS)
    assert (cards[5].delta, cards[5].delta_color) == ("+2", "normal")


def test_metric_args_are_one_st_metric_call():
    card = Card("Đã kích hoạt", "401.592", caption="x", delta="+1", help="h")
    assert card.metric_args() == {
        "label": "Đã kích hoạt",
        "value": "401.592",
        "delta": "+1",
        "delta_description": None,
        "delta_color": "normal",
        "help": "h",
    }


# --------------------------------------------------------------------------- English


def test_province_cards_and_heading_in_english(metrics):
    with language("en"):
        cards = panel_cards(metrics)
        heading = panel_heading(metrics)
    assert [(c.label, c.value) for c in cards] == [
        ("Eligible citizens", "14,920"),
        ("Activated", "9,030"),
        ("Activation rate (coverage)", "60.5%"),  # 9.030 / 14.920 = 60,52 %
        ("People not yet activated (gap)", "5,920"),
        ("Visits", "7"),
        ("Activated by the mobile teams", "340"),
    ]
    assert heading == (
        "Whole province",
        "Click a commune on the map or in the table to see its details.",
        None,
    )


def test_commune_cards_in_english(metrics):
    with language("en"):
        cards = panel_cards(metrics, "13291")
        empty = panel_cards(metrics, "90003")
        note = panel_heading(metrics, "90003")[2]
    assert [(c.label, c.value) for c in cards] == [
        ("Eligible citizens", "10,200"),
        ("Activated", "6,220"),
        ("Activation rate (coverage)", "61.0%"),  # 6.220 / 10.200 = 60,98 %
        ("People not yet activated (gap)", "3,980"),
        ("Quota progress", "77.8%"),  # 6.220 / 8.000 = 77,75 %
        ("Visits", "3"),
        ("Activated by the mobile teams", "220"),
        ("Last team visit", "20/03/2023"),
    ]
    assert cards[-1].caption == "11 days since last visit"
    assert [c.value for c in empty] == ["—", "—", "no data", "—", "—", "0", "0", "never"]
    assert note == (
        "No data: the quota or the official activation count of this commune has not been "
        "imported yet."
    )


def test_one_day_since_the_last_visit_is_singular_in_english(metrics):
    one = metrics.copy()
    one.loc[one["code"] == "13291", "days_since_visit"] = 1
    with language("en"):
        assert panel_cards(one, "13291")[-1].caption == "1 day since last visit"
    assert panel_cards(one, "13291")[-1].caption == "1 ngày chưa có tổ đến"


def test_headline_cards_in_english(headline):
    labels = {**LABELS, "activated": "Đã kích hoạt"}  # a catalog id is shown translated
    with language("en"):
        cards = headline_cards(headline, labels)
    assert [(c.label, c.value, c.delta) for c in cards] == [
        ("Activated", "21,100", "+500"),
        ("eligible", "32,500", None),
        ("coverage", "64.9%", "+1.5 pp"),
        ("quota_progress", "81.2%", None),
        ("this_week", "550", "+110"),
        ("communes_at_threshold", "3/7", "0"),
        ("team_activations", "990", None),
        ("gap", "11,400", None),
    ]
    assert [c.delta_description for c in cards] == [
        "since last week",
        None,
        "since last week",
        None,
        "vs the 7 days before (440)",
        "since last week",
        None,
        None,
    ]
    assert [c.help for c in cards] == [
        None,
        None,
        "Activated / eligible citizens (with chip-based ID card).",
        "Activated / quota (26,000); may exceed 100%.",
        None,
        "Communes with an activation rate ≥ 80% / communes with data.",
        "8 visits in the reporting period.",
        None,
    ]


def test_one_visit_is_singular_in_english(headline):
    with language("en"):
        cards = headline_cards({**headline, "visits": 1}, LABELS)
        none = headline_cards({**headline, "visits": None}, LABELS)
    assert cards[6].help == "1 visit in the reporting period."
    assert none[6].help == "— visits in the reporting period."
