"""Tests of geo.planning.params: weights, evening windows, working evenings."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.planning import PlanParams, Weights, plan_dates


@pytest.mark.parametrize(
    "weights", [Weights(gap=-1.0), Weights(0, 0, 0, 0, 0, 0), Weights(travel=float("nan"))]
)
def test_invalid_weights(weights: Weights) -> None:
    with pytest.raises(ValueError, match="non-negative"):
        weights.as_dict()


def test_weights_from_the_component_keys() -> None:
    w = Weights.from_dict({"gap": 0.5, "shortfall": 0, "staleness": 0, "yield": 0.2, "travel": 0})
    assert w == Weights(gap=0.5, shortfall=0.0, staleness=0.0, yield_=0.2, travel=0.0)
    assert w.as_dict()["yield"] == 0.2


def test_params_window() -> None:
    assert PlanParams().window(False) == (960, 1170)
    assert PlanParams(rural_window=("15:30", "19:00")).window(False) == (930, 1140)


def test_plan_dates_accepts_dates_timestamps_strings_and_weekdays() -> None:
    off = [6, pd.Timestamp("2023-03-14"), "2023-03-16", date(2023, 3, 17)]
    got = plan_dates("2023-03-13", 7, off)
    assert got == [date(2023, 3, 13), date(2023, 3, 15), date(2023, 3, 18)]
    assert plan_dates(date(2023, 3, 13), 7, range(7)) == []
