"""Tests of geo.outputs.reports.content: the pack's figures and the projection sentence."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.i18n import language
from geo.metrics import progress
from geo.outputs import reports
from geo.outputs.reports import PLAN_COLUMNS, plan_table, translated
from geo.outputs.reports.content import PLAN_HEADERS, headline_rows


def test_pack_figures_agree_with_the_metrics(pack, metrics, previous):
    h = pack.headline
    assert (h["activated"], h["eligible"], h["quota"], h["gap"]) == (21100, 32500, 26000, 11400)
    assert h["communes_at_threshold"] == 3
    assert (h["this_week"], h["last_week"], h["activated_change"]) == (550, 440, 500)
    pd.testing.assert_frame_equal(pack.districts, progress.district_league(metrics, previous))
    assert pack.districts["activated"].sum() == h["activated"]
    assert pack.top_gaps["code"].tolist()[:3] == ["13540", "90001", "90003"]


def _p(**kw) -> progress.Projection:
    base = {
        "target_date": date(2023, 5, 24),
        "rate_per_day": 69.2,
        "window_start": date(2023, 3, 1),
        "window_end": date(2023, 3, 14),
        "window_days": 13,
        "current": 21100.0,
        "target": 26000.0,
        "reached": False,
    }
    return progress.Projection(**{**base, **kw})


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        (
            {},
            "Với tốc độ bình quân 69 người/ngày trong 13 ngày gần nhất "
            "(01/03/2023 – 14/03/2023), dự kiến đạt chỉ tiêu ngày 24/05/2023.",
        ),
        (
            {"target_date": None, "rate_per_day": 0.0},
            "Chưa dự báo được ngày đạt chỉ tiêu: số đã kích hoạt không tăng trong 13 ngày gần "
            "nhất (01/03/2023 – 14/03/2023).",
        ),
        ({"reached": True, "target_date": date(2023, 3, 9)}, "Đã đạt chỉ tiêu ngày 09/03/2023."),
        (
            {"rate_per_day": 0.43, "target_date": date(2054, 1, 1)},
            "Với tốc độ bình quân 0,4 người/ngày trong 13 ngày gần nhất "
            "(01/03/2023 – 14/03/2023), dự kiến đạt chỉ tiêu ngày 01/01/2054.",
        ),
        (
            {"target": float("nan"), "target_date": None},
            "Chưa có chỉ tiêu nên chưa dự báo được ngày đạt chỉ tiêu.",
        ),
    ],
)
def test_describe_projection(kw, expected):
    assert reports.describe_projection(_p(**kw)) == expected


@pytest.mark.parametrize(
    ("start", "end", "window"),
    [("18:00", "21:30", "18:00–21:30"), ("8:05", "11:00", "08:05–11:00"), (None, None, "")],
)
def test_plan_table_names_the_commune_and_the_window(communes, start, end, window):
    plan = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-02", "2023-06-01"]),
            "team": ["Tổ 2", "Tổ 1"],
            "code": ["90002", "99999"],  # Thanh Hải (not Thanh Hà); an unknown code
            "window_start": [start, "16:00"],
            "window_end": [end, "19:30"],
            "expected_activations": [12.0, 8.0],
            "reason": ["a", "b"],
        }
    )
    out = plan_table(plan, communes)

    # the registry has district names and the plan expected activations: both are kept
    assert list(out.columns) == [*PLAN_COLUMNS, "district", "expected"]
    assert out["district"].isna().tolist() == [False, True]  # an unknown code: no district
    assert out["expected"].tolist() == [12.0, 8.0]
    assert out["commune"].tolist() == ["Xã Thanh Hải", "99999"]
    assert out["window"].tolist() == [window, "16:00–19:30"]
    assert out["team"].tolist() == ["Tổ 2", "Tổ 1"]
    assert out["date"].tolist() == [pd.Timestamp("2023-06-02"), pd.Timestamp("2023-06-01")]


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        (
            {},
            "At the average pace of 69 people/day over the last 13 days "
            "(01/03/2023 – 14/03/2023), the quota should be reached on 24/05/2023.",
        ),
        (
            {"target_date": None, "rate_per_day": 0.0},
            "The date the quota will be reached cannot be projected: the number activated did "
            "not grow in the last 13 days (01/03/2023 – 14/03/2023).",
        ),
        (
            {"reached": True, "target_date": date(2023, 3, 9)},
            "The quota was reached on 09/03/2023.",
        ),
        (
            {"rate_per_day": 0.43, "target_date": date(2054, 1, 1), "window_days": 1},
            "At the average pace of 0.4 people/day over the last 1 day "
            "(01/03/2023 – 14/03/2023), the quota should be reached on 01/01/2054.",
        ),
        (
            {"rate_per_day": 1427.0},
            "At the average pace of 1,427 people/day over the last 13 days "
            "(01/03/2023 – 14/03/2023), the quota should be reached on 24/05/2023.",
        ),
        (
            {"target": float("nan"), "target_date": None},
            "There is no quota, so the date the quota will be reached cannot be projected.",
        ),
    ],
)
def test_describe_projection_in_english(kw, expected):
    with language("en"):
        assert reports.describe_projection(_p(**kw)) == expected


def test_describe_projection_rate_in_vietnamese():
    assert reports.describe_projection(_p(rate_per_day=1427.0)).startswith(
        "Với tốc độ bình quân 1.427 người/ngày"
    )


def test_headline_labels_follow_the_language():
    assert reports.headline_labels()["communes_at_threshold"] == "Số xã đạt ≥ 80 %"
    with language("en"):
        labels = reports.headline_labels()
    assert labels["communes_at_threshold"] == "Communes at ≥ 80%"
    assert labels["gap"] == "People not yet activated (gap)"
    assert labels["last_week"] == "The 7 days before"
    assert list(labels) == list(reports.HEADLINE_LABELS)  # same keys, same order
    assert reports.HEADLINE_LABELS["gap"] == "Số người chưa kích hoạt"  # the constant stays vi


def test_headline_rows_in_english(pack):
    with language("en"):
        rows = {r.key: r for r in headline_rows(pack)}
    assert (rows["activated"].label, rows["activated"].text) == ("Activated", "21,100")
    assert (rows["coverage"].label, rows["coverage"].text) == (
        "Activation rate (coverage)",
        "64.9%",
    )
    assert (rows["communes_at_threshold"].label, rows["communes_at_threshold"].text) == (
        "Communes at ≥ 80% / communes with data",
        "3/7",
    )
    assert rows["activated_change"].text == "+500"
    vi = {r.key: r for r in headline_rows(pack)}
    assert (vi["communes_at_threshold"].label, vi["coverage"].text) == (
        "Số xã đạt ≥ 80 % / số xã có số liệu",
        "64,9 %",
    )


def test_translated_headers():
    with language("en"):
        assert translated(PLAN_HEADERS) == {
            "date": "Date",
            "team": "Mobile team",
            "commune": "Commune/ward/township",
            "window": "Time window",
        }
    assert translated(PLAN_HEADERS) == PLAN_HEADERS
