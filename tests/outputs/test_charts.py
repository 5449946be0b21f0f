from datetime import date

import pandas as pd
import pytest

from geo.metrics.progress import Projection
from geo.outputs.charts import VI_NUMBER, commune_trend_chart, trend_chart, weekly_chart


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
    assert line["encoding"]["y"]["axis"]["labelExpr"] == VI_NUMBER
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
