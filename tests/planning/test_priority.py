"""Tests of geo.planning.priority: score components, normalisation, weights, bands, reasons."""

from __future__ import annotations

import pandas as pd
import pytest
from pyproj import Geod

from geo import planning
from geo.i18n import language
from geo.planning import Weights
from tests.planning.cases import TODAY

_GEOD = Geod(ellps="WGS84")


def _minutes(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Travel minutes by hand: WGS84 geodesic (pyproj) × road factor 1,3 at 30 km/h."""
    km = _GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000
    return km * 1.3 / 30 * 60


# --------------------------------------------------------------------------- components


def test_component_values_by_hand(scores: pd.DataFrame) -> None:
    s = scores
    assert s.loc[["13291", "13540", "90001", "90002"], "gap_value"].tolist() == [
        4210,
        600,
        4000,
        1500,
    ]
    assert s.loc["13291", "shortfall_value"] == pytest.approx(0.8 - 0.579)
    assert s.loc["13540", "shortfall_value"] == 0.0  # 90 % is above the target
    assert s.loc[["13291", "13540", "90001", "90002"], "staleness_value"].tolist() == [
        23,
        5,
        60,
        10,
    ]
    # yield: rate × median members (3) × 3,5 h; An Nội (60 + 2 × 20) / (20 + 20) = 2,5 / h
    assert s.loc["13540", "yield_rate"] == pytest.approx(2.5)
    assert s.loc["13540", "yield_value"] == pytest.approx(2.5 * 3 * 3.5)
    assert s.loc["13291", "yield_value"] == pytest.approx(2.0 * 3 * 3.5)
    # travel from the nearest base
    an_noi = min(
        _minutes(20.5370, 105.9180, 20.4890, 106.0310),
        _minutes(20.4480, 105.9250, 20.4890, 106.0310),
    )
    assert s.loc["13540", "travel_value"] == pytest.approx(round(an_noi, 1))
    assert s.loc["13540", "nearest_team"] == "Tổ 2"
    assert s.loc["13291", "travel_value"] == 0.0


def test_normalised_components_and_score_by_hand(scores: pd.DataFrame) -> None:
    s = scores
    assert s.loc["13291", "gap_norm"] == 1.0
    assert s.loc["13540", "gap_norm"] == 0.0
    assert s.loc["90001", "gap_norm"] == pytest.approx(3400 / 3610)
    assert s.loc["90002", "gap_norm"] == pytest.approx(900 / 3610)
    assert s.loc["13291", "shortfall_norm"] == pytest.approx(0.221 / 0.3)
    assert s.loc["13291", "staleness_norm"] == pytest.approx(18 / 55)
    assert s.loc["90001", "staleness_norm"] == 1.0
    assert s.loc[["13291", "13540"], "yield_norm"].tolist() == [0.0, 1.0]
    t_max = s.loc["13540", "travel_value"]  # the farthest commune
    assert s.loc["13540", "travel_norm"] == 0.0
    assert s.loc["90002", "travel_norm"] == pytest.approx(
        1 - s.loc["90002", "travel_value"] / t_max
    )
    # no home-visit request anywhere: that component is 0, its weight 0,10 still in the sum 1,10
    assert s["home_requests_norm"].dropna().tolist() == [0.0] * 4
    expected_a = 0.35 * 1 + 0.25 * (0.221 / 0.3) + 0.15 * (18 / 55) + 0.15 * 0 + 0.10 * 1
    assert s.loc["13291", "score"] == pytest.approx(expected_a / 1.10)
    expected_c = 0.35 * 3400 / 3610 + 0.25 + 0.15 + 0.10
    assert s.loc["90001", "score"] == pytest.approx(expected_c / 1.10)
    assert s.loc["13540", "score"] == pytest.approx(0.15 / 1.10)
    assert s.loc["13291", "gap_weight"] == 0.35
    assert s.loc["13291", "yield_weight"] == 0.15


def test_ranking_order_and_no_data(metrics, communes, teams) -> None:
    out = planning.priority_scores(metrics, communes, teams, today=TODAY)
    assert out["code"].tolist() == ["90001", "13291", "90002", "13540", "90005"]
    assert out["rank"].tolist()[:4] == [1, 2, 3, 4]
    assert out["band"].tolist()[:4] == [1, 2, 3, 4]  # 4 communes: floor(5 × (rank-1) / 4) + 1
    last = out.iloc[-1]
    assert pd.isna(last["score"]) and pd.isna(last["band"]) and pd.isna(last["rank"])
    assert last["reason"] == "chưa có số liệu"


def test_coverage_gap_and_has_data_come_from_the_metrics(metrics, communes, teams) -> None:
    """One definition: no fallback to activated / eligible, ``has_data`` taken as it is."""
    m = metrics.assign(coverage=metrics["coverage"].where(metrics["code"] != "13291"))
    m.loc[m["code"] == "90002", "has_data"] = False
    out = planning.priority_scores(m, communes, teams, today=TODAY).set_index("code")
    assert pd.isna(out.loc["13291", "coverage"]) and pd.isna(out.loc["13291", "shortfall_value"])
    assert out.loc["13291", "shortfall_norm"] == 0.0
    assert pd.isna(out.loc["90002", "score"]) and out.loc["90002", "reason"] == "chưa có số liệu"


def test_days_since_visit_column_used_without_today(metrics, communes, teams) -> None:
    m = metrics.assign(days_since_visit=metrics["days_since_visit"] + 1)
    out = planning.priority_scores(m, communes, teams).set_index("code")
    assert out.loc["13291", "staleness_value"] == 24


def test_weights_are_applied_and_normalised(metrics, communes, teams) -> None:
    w = Weights(gap=2.0, shortfall=0.0, staleness=0.0, yield_=0.0, travel=0.0, home_requests=0.0)
    out = planning.priority_scores(metrics, communes, teams, w, today=TODAY).set_index("code")
    assert out.loc["90001", "score"] == pytest.approx(3400 / 3610)
    assert out.loc["13291", "gap_weight"] == 2.0


def test_target_changes_shortfall(metrics, communes, teams) -> None:
    out = planning.priority_scores(metrics, communes, teams, target_coverage=0.95, today=TODAY)
    s = out.set_index("code")
    assert s.loc["13540", "shortfall_value"] == pytest.approx(0.05)


def test_recent_effort_from_recent_metrics(scores: pd.DataFrame) -> None:
    recent = pd.DataFrame({"code": ["13540", "90001"], "officer_hours": [12.5, float("nan")]})
    out = planning.with_recent_effort(scores.reset_index(), recent).set_index("code")
    assert out.loc["13540", "recent_effort"] == 12.5
    assert out.loc[["90001", "13291"], "recent_effort"].tolist() == [0.0, 0.0]


# --------------------------------------------------------------------------- bands, reasons


@pytest.mark.parametrize(
    ("values", "bands"),
    [
        ([0.9, 0.9, 0.8, 0.7, 0.7, 0.7, 0.5, 0.4, 0.3, 0.1], [1, 1, 2, 2, 2, 2, 4, 4, 5, 5]),
        ([0.5, 0.4, 0.3, 0.2, 0.1], [1, 2, 3, 4, 5]),
        ([0.5, 0.5, 0.5, 0.5, 0.5], [1, 1, 1, 1, 1]),
        ([0.3, None, 0.9], [3, None, 1]),  # n = 2: floor(5 × 1 / 2) + 1
        ([float(x) for x in range(20, 0, -1)], [1] * 4 + [2] * 4 + [3] * 4 + [4] * 4 + [5] * 4),
    ],
)
def test_priority_bands(values, bands) -> None:
    got = planning.priority_bands(pd.Series(values, dtype=float)).tolist()
    assert [None if pd.isna(x) else int(x) for x in got] == bands


def test_reason_exact_text(metrics, communes, teams) -> None:
    w = Weights(gap=0.35, shortfall=0.0, staleness=0.15, yield_=0.15, travel=0.0, home_requests=0.0)
    out = planning.priority_scores(metrics, communes, teams, w, today=TODAY).set_index("code")
    assert out.loc["13291", "reason"] == "Còn 4.210 người chưa kích hoạt; 23 ngày chưa có tổ đến"


def test_reason_default_weights(scores: pd.DataFrame) -> None:
    assert scores.loc["90001", "reason"] == (
        "Còn 4.000 người chưa kích hoạt; tỷ lệ kích hoạt 50,0 %, mục tiêu 80 %"
    )
    assert scores.loc["13540", "reason"] == "Dự kiến 26 người kích hoạt mỗi buổi"


def test_reason_never_visited_and_fallback(metrics, communes, teams) -> None:
    w = Weights(gap=0.0, shortfall=0.0, staleness=1.0, yield_=0.0, travel=0.0, home_requests=0.0)
    out = planning.priority_scores(metrics, communes, teams, w, today=TODAY).set_index("code")
    assert out.loc["90001", "reason"] == "Chưa có tổ nào đến"
    # no positive contribution at all: the gap is named
    assert out.loc["13540", "reason"] == "Còn 600 người chưa kích hoạt"


def test_reason_travel_phrase(metrics, communes, teams) -> None:
    w = Weights(gap=0.0, shortfall=0.0, staleness=0.0, yield_=0.0, travel=1.0)
    out = planning.priority_scores(metrics, communes, teams, w, today=TODAY).set_index("code")
    assert out.loc["13291", "reason"] == "Gần Tổ 1 (0 phút đi đường)"


# --------------------------------------------------------------------------- reasons in English


def test_reasons_in_english(metrics, communes, teams) -> None:
    with language("en"):
        default = planning.priority_scores(metrics, communes, teams, today=TODAY)
        w = Weights(
            gap=0.35, shortfall=0.0, staleness=0.15, yield_=0.15, travel=0.0, home_requests=0.0
        )
        gap_and_days = planning.priority_scores(metrics, communes, teams, w, today=TODAY)
    s, g = default.set_index("code"), gap_and_days.set_index("code")
    assert s.loc["90001", "reason"] == (
        "4,000 people not yet activated; activation rate 50.0%, target 80%"
    )
    assert s.loc["13540", "reason"] == "26 activations expected per evening"
    assert s.loc["90005", "reason"] == "no data"  # not ranked
    assert g.loc["13291", "reason"] == "4,210 people not yet activated; 23 days since last visit"


@pytest.mark.parametrize(
    ("weights", "code", "vi", "en"),
    [
        (
            (0.0, 0.0, 1.0, 0.0, 0.0),
            "90001",
            "Chưa có tổ nào đến",
            "No mobile team has visited yet",
        ),
        (
            (0.0, 0.0, 0.0, 0.0, 1.0),
            "13291",
            "Gần Tổ 1 (0 phút đi đường)",
            "Near Tổ 1 (0 minutes of travel)",
        ),
        (
            (0.0, 0.0, 1.0, 0.0, 0.0),
            "13540",
            "Còn 600 người chưa kích hoạt",
            "600 people not yet activated",
        ),
    ],
    ids=["never-visited", "travel", "fallback-gap"],
)
def test_each_reason_phrase_in_both_languages(metrics, communes, teams, weights, code, vi, en):
    w = Weights(*weights)
    for lang, expected in (("vi", vi), ("en", en)):
        with language(lang):
            out = planning.priority_scores(metrics, communes, teams, w, today=TODAY)
        assert out.set_index("code").loc[code, "reason"] == expected, lang


def test_singular_counts_in_english(metrics, communes, teams) -> None:
    one = metrics.copy()
    one.loc[one["code"] == "13540", "activated"] = 5_999  # a gap of 1 person
    one["gap"] = one["eligible"] - one["activated"]
    one["coverage"] = one["activated"] / one["eligible"]
    last = pd.Timestamp(TODAY) - pd.Timedelta(days=1)
    one.loc[one["code"] == "90002", "last_visit"] = last
    one.loc[one["code"] == "13540", "last_visit"] = pd.Timestamp(TODAY)  # 0 days: the minimum
    w = Weights(gap=0.0, shortfall=0.0, staleness=1.0, yield_=0.0, travel=0.0, home_requests=0.0)
    with language("en"):
        out = planning.priority_scores(one, communes, teams, w, today=TODAY).set_index("code")
        by_gap = planning.priority_scores(
            one, communes, teams, Weights(1.0, 0.0, 0.0, 0.0, 0.0), today=TODAY
        ).set_index("code")
    assert out.loc["90002", "reason"] == "1 day since last visit"
    assert by_gap.loc["13540", "reason"] == "1 person not yet activated"
