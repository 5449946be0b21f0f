from datetime import date

import pandas as pd
import pytest

from geo.i18n import PSEUDO, language
from geo.metrics.progress import Projection
from geo.outputs.charts import (
    INT_FORMAT,
    chart_locale,
    commune_trend_chart,
    trend_chart,
    weekly_chart,
)


@pytest.fixture
def trend():
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-05-29", "2023-05-30", "2023-05-31"]),
            "activated_to_date": pd.array([399_000, None, 401_592], dtype="Int64"),
        }
    )


@pytest.fixture
def projection():
    return Projection(
        target_date=date(2023, 10, 20),
        rate_per_day=1427.0,
        window_start=date(2023, 5, 17),
        window_end=date(2023, 5, 31),
        window_days=14,
        current=401_592,
        target=603_422,
        reached=False,
    )


def _layers(chart):
    return chart.to_dict()["layer"]


def test_trend_has_line_quota_label_and_projection(trend, projection):
    layers = _layers(trend_chart(trend, 603_422, projection))
    assert len(layers) == 4  # line, quota rule, quota label, projection
    line = layers[0]
    assert line["encoding"]["x"]["axis"]["format"] == "%d/%m"
    assert line["encoding"]["y"]["axis"]["format"] == INT_FORMAT  # with the locale: 400.000
    spec = trend_chart(trend, 603_422, projection).to_dict()
    values = [v for d in spec["datasets"].values() for v in d]
    assert {"value": 603422.0, "text": "Chỉ tiêu 603.422"} in values
    assert any(v.get("Ngày") == "20/10/2023" and v.get("value") == 603_422 for v in values)
    assert sum(1 for v in values if v.get("Đã kích hoạt") == "401.592") == 2  # line + projection


def test_trend_without_quota_or_projection_is_one_line(trend):
    assert "layer" in trend_chart(trend, None, None).to_dict()
    assert len(_layers(trend_chart(trend, None, None))) == 1


def test_weekly_chart_orders_teams_naturally():
    weekly = pd.DataFrame(
        {
            "week_start": pd.to_datetime(["2023-05-22"] * 3),
            "week_end": pd.to_datetime(["2023-05-28"] * 3),
            "team": ["Tổ 10", "Tổ 2", "Tổ CA Phủ Lý 1"],
            "visits": [3, 4, 1],
            "activated": [30, 40, 5],
        }
    )
    spec = weekly_chart(weekly).to_dict()
    assert spec["encoding"]["color"]["sort"] == ["Tổ 2", "Tổ 10", "Tổ CA Phủ Lý 1"]
    assert spec["encoding"]["x"]["sort"] == ["22/05"]


def test_commune_trend_chart_draws_only_days_with_a_figure():
    trend = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-03-01", "2023-03-02", "2023-03-03"]),
            "activated_to_date": [None, 120.0, 150.0],
        }
    )
    spec = commune_trend_chart(trend).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert [v["activated_to_date"] for v in values] == [120.0, 150.0]
    assert spec["encoding"]["y"]["title"] == "Đã kích hoạt (lũy kế)"
    assert spec["height"] == 180
    assert commune_trend_chart(trend.iloc[:1]) is None


# --- language: the locale of every chart, titles and tooltips from the catalog ------------------

VI_NUMBER_LOCALE = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["", " ₫"],
    "percent": " %",
}
EN_NUMBER_LOCALE = {
    "decimal": ".",
    "thousands": ",",
    "grouping": [3],
    "currency": ["$", ""],
    "percent": "%",
}


def _weekly():
    return pd.DataFrame(
        {
            "week_start": pd.to_datetime(["2023-05-22", "2023-05-29"]),
            "week_end": pd.to_datetime(["2023-05-28", "2023-06-04"]),
            "team": ["Tổ 1", "Tổ 1"],
            "visits": [3, 1200],
            "activated": [30, 4512],
        }
    )


def _all_charts(trend, projection):
    return {
        "commune": commune_trend_chart(trend),
        "trend": trend_chart(trend, 603_422, projection),
        "weekly": weekly_chart(_weekly()),
    }


@pytest.mark.parametrize(("lang", "number"), [("vi", VI_NUMBER_LOCALE), ("en", EN_NUMBER_LOCALE)])
def test_every_chart_carries_the_locale_of_the_language(trend, projection, lang, number):
    with language(lang):
        specs = {name: chart.to_dict() for name, chart in _all_charts(trend, projection).items()}
    for name, spec in specs.items():
        assert spec["config"]["locale"]["number"] == number, name
        assert (
            spec["config"]["locale"]["time"]["date"] == {"vi": "%d/%m/%Y", "en": "%-m/%-d/%Y"}[lang]
        )


def test_vietnamese_time_locale_names_days_and_months():
    time = chart_locale("vi")["time"]
    assert time["days"] == [
        "Chủ Nhật",
        "Thứ Hai",
        "Thứ Ba",
        "Thứ Tư",
        "Thứ Năm",
        "Thứ Sáu",
        "Thứ Bảy",
    ]
    assert time["shortDays"][:2] == ["CN", "Thứ 2"]
    assert time["months"][0] == "Tháng 1" and time["months"][11] == "Tháng 12"
    assert time["shortMonths"][2] == "Thg 3"
    assert chart_locale("en")["time"]["months"][2] == "March"
    assert chart_locale("en")["time"]["shortDays"][0] == "Sun"


def test_chart_locale_follows_the_language_in_use():
    assert chart_locale()["number"]["thousands"] == "."
    with language("en"):
        assert chart_locale()["number"]["thousands"] == ","
    chart_locale()["number"]["thousands"] = "?"  # a copy: the cached locale is not changed
    assert chart_locale()["number"]["thousands"] == "."


def _tooltip_titles(encoding):
    return [t.get("title") for t in encoding["tooltip"]]


def test_trend_chart_in_english(trend, projection):
    with language("en"):
        spec = trend_chart(trend, 603_422, projection).to_dict()
    line, rule, _label, dashed = spec["layer"]
    assert line["encoding"]["y"]["axis"]["title"] == "Accounts activated (cumulative)"
    assert line["encoding"]["y"]["axis"]["format"] == ",d"  # written 401,592 with the locale
    assert _tooltip_titles(line["encoding"]) == ["Date", "Activated"]
    assert _tooltip_titles(dashed["encoding"]) == ["Date", "Activated"]
    assert rule["encoding"]["tooltip"]["title"] == "Quota"
    values = [v for d in spec["datasets"].values() for v in d]
    assert {"value": 603422.0, "text": "Quota 603,422"} in values
    assert sum(1 for v in values if v.get("Đã kích hoạt") == "401,592") == 2
    assert any(v.get("Ngày") == "20/10/2023" for v in values)  # dates read dd/mm/yyyy in both


def test_trend_chart_titles_in_vietnamese(trend, projection):
    spec = trend_chart(trend, 603_422, projection).to_dict()
    line, rule = spec["layer"][:2]
    assert line["encoding"]["y"]["axis"]["title"] == "Số đã kích hoạt (cộng dồn)"
    assert _tooltip_titles(line["encoding"]) == ["Ngày", "Đã kích hoạt"]
    assert rule["encoding"]["tooltip"]["title"] == "Chỉ tiêu"


def test_weekly_chart_in_english():
    with language("en"):
        spec = weekly_chart(_weekly()).to_dict()
    enc = spec["encoding"]
    assert enc["x"]["title"] == "Week starting on"
    assert enc["x"]["sort"] == ["22/05", "29/05"]
    assert enc["y"]["title"] == "Activated by the mobile teams"
    assert enc["y"]["axis"]["format"] == ",d"
    assert enc["color"]["legend"]["title"] == "Mobile team"
    assert _tooltip_titles(enc) == ["Mobile team", "From", "To", "Activations", "Visits"]
    values = next(iter(spec["datasets"].values()))
    assert [v["Kích hoạt"] for v in values] == ["30", "4,512"]
    assert [v["Lượt làm việc"] for v in values] == ["3", "1,200"]
    assert values[0]["Tổ lưu động"] == "Tổ 1"  # team names are data: never translated


def test_weekly_chart_in_vietnamese():
    enc = weekly_chart(_weekly()).to_dict()["encoding"]
    assert enc["x"]["title"] == "Tuần bắt đầu từ ngày"
    assert enc["color"]["legend"]["title"] == "Tổ lưu động"
    assert _tooltip_titles(enc) == [
        "Tổ lưu động",
        "Từ ngày",
        "Đến ngày",
        "Kích hoạt",
        "Lượt làm việc",
    ]
    values = next(iter(weekly_chart(_weekly()).to_dict()["datasets"].values()))
    assert [v["Kích hoạt"] for v in values] == ["30", "4.512"]


def test_commune_trend_chart_in_english():
    trend = pd.DataFrame({"date": pd.to_datetime(["2023-03-02"]), "activated_to_date": [5000.0]})
    with language("en"):
        spec = commune_trend_chart(trend).to_dict()
    assert spec["encoding"]["y"]["title"] == "Activated (cumulative)"
    assert spec["encoding"]["y"]["axis"]["format"] == ",d"  # 5,000 (en) / 5.000 (vi)
    assert spec["encoding"]["x"]["axis"]["format"] == "%d/%m"
    assert spec["config"]["locale"]["number"]["thousands"] == ","


def test_every_chart_title_comes_from_the_catalog(trend, projection):
    with language(PSEUDO):
        charts = _all_charts(trend, projection)
        specs = {name: chart.to_dict() for name, chart in charts.items()}
    assert chart_locale("vi")["number"] == specs["trend"]["config"]["locale"]["number"]
    titles = [
        specs["commune"]["encoding"]["y"]["title"],
        specs["trend"]["layer"][0]["encoding"]["y"]["axis"]["title"],
        *_tooltip_titles(specs["trend"]["layer"][0]["encoding"]),
        specs["weekly"]["encoding"]["x"]["title"],
        specs["weekly"]["encoding"]["y"]["title"],
        specs["weekly"]["encoding"]["color"]["legend"]["title"],
        *_tooltip_titles(specs["weekly"]["encoding"]),
    ]
    assert all(t.startswith("⟦") and t.endswith("⟧") for t in titles), titles
