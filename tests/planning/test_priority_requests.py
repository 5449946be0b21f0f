"""The ``home_requests`` component of the priority score (issue 16), computed by hand.

Three communes, all with data, no team base (travel is 0 everywhere):

=====  =====  ========================================  ==========  ============
code   gap    requests                                  gap_norm    req_norm
=====  =====  ========================================  ==========  ============
A      1000   4 open                                    0           1
B      2000   none (one closed: does not count)         0,5         0
C      3000   2 open                                    1           0,5
=====  =====  ========================================  ==========  ============

With weights gap 0,35 and home_requests 0,10 (the others 0), score = (0,35 × gap_norm + 0,10 ×
req_norm) / 0,45: A = 0,10 / 0,45 = 0,2222…, B = 0,175 / 0,45 = 0,3888…, C = 0,40 / 0,45 =
0,8888…. Without requests: A = 0, B = 0,3888…, C = 0,7777….
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo import planning
from geo.planning import COMPONENTS, Weights
from geo.planning.requests import open_requests_by_commune

TODAY = date(2023, 3, 16)
W = Weights(gap=0.35, shortfall=0.0, staleness=0.0, yield_=0.0, travel=0.0, home_requests=0.10)


def _metrics() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["A", "B", "C"],
            "name": ["Xã A", "Xã B", "Xã C"],
            "district_code": ["347"] * 3,
            "district_name": ["Phủ Lý"] * 3,
            "urban": [False] * 3,
            "eligible": [5000, 5000, 5000],
            "coverage": [0.5, 0.5, 0.5],
            "gap": [1000, 2000, 3000],
            "has_data": [True] * 3,
            "days_since_visit": [10, 10, 10],
            "timed_activations": [0, 0, 0],
            "officer_hours": [0.0, 0.0, 0.0],
        }
    )


def _xy() -> pd.DataFrame:
    return pd.DataFrame({"code": ["A", "B", "C"], "lat": [20.5] * 3, "lon": [105.9] * 3})


def _teams() -> pd.DataFrame:
    return pd.DataFrame(columns=["name", "members", "base_lat", "base_lon"])


def _requests() -> pd.DataFrame:
    """The stored rows: A four open, B one closed, C two open (recorded in March, UTC)."""
    return pd.DataFrame(
        {
            "id": range(1, 8),
            "code": ["A", "A", "A", "A", "B", "C", "C"],
            "status": ["open"] * 4 + ["closed"] + ["open"] * 2,
            "recorded_at": pd.to_datetime(["2023-03-01 02:00"] * 7),
        }
    )


def _scores(requests: pd.DataFrame | None, weights: Weights = W) -> pd.DataFrame:
    return planning.priority_scores(
        _metrics(), _xy(), _teams(), weights, home_requests=requests
    ).set_index("code")


def test_the_component_is_named_with_a_default_weight():
    assert COMPONENTS[-1] == "home_requests"
    defaults = Weights().as_dict()
    assert defaults["home_requests"] == 0.10
    assert {k: defaults[k] for k in ("gap", "shortfall", "staleness", "yield", "travel")} == {
        "gap": 0.35,
        "shortfall": 0.25,
        "staleness": 0.15,
        "yield": 0.15,
        "travel": 0.10,
    }
    assert Weights.from_dict({"gap": 1.0}).home_requests == 0.10  # left out: its default


def test_open_requests_flow_into_the_score_by_hand():
    s = _scores(open_requests_by_commune(_requests(), TODAY))
    assert s["home_requests_value"].to_dict() == {"A": 4.0, "B": 0.0, "C": 2.0}
    assert s["home_requests_norm"].to_dict() == {"A": 1.0, "B": 0.0, "C": 0.5}
    assert s["home_requests_weight"].tolist() == [0.10] * 3
    assert s["score"].to_dict() == pytest.approx(
        {"A": 0.1 / 0.45, "B": 0.175 / 0.45, "C": 0.4 / 0.45}
    )
    assert s.index.tolist() == ["C", "B", "A"]
    assert s.loc["A", "reason"] == "4 yêu cầu hỗ trợ tại nhà đang mở"


def test_without_requests_the_component_is_zero():
    s = _scores(None)
    assert s["home_requests_value"].tolist() == [0.0] * 3
    assert s["home_requests_norm"].tolist() == [0.0] * 3
    assert s["score"].to_dict() == pytest.approx({"A": 0.0, "B": 0.175 / 0.45, "C": 0.35 / 0.45})


@pytest.mark.parametrize(
    "requests",
    [
        pd.DataFrame({"code": pd.Series(dtype=str), "open": pd.Series(dtype="int64")}),
        pd.DataFrame({"code": ["Z"], "open": [5]}),  # a commune outside the list
    ],
)
def test_no_request_of_these_communes_is_as_none(requests):
    assert _scores(requests)["score"].to_dict() == pytest.approx(_scores(None)["score"].to_dict())


def test_requests_alone_rank_the_communes():
    only = Weights(0, 0, 0, 0, 0, home_requests=1.0)
    s = _scores(open_requests_by_commune(_requests(), TODAY), only)
    assert s["score"].to_dict() == {"A": 1.0, "C": 0.5, "B": 0.0}
    assert s["band"].to_dict() == {"A": 1, "C": 2, "B": 4}  # floor(5 × (rank - 1) / 3) + 1
