"""Tests of geo.planning.rates: yield per officer-hour learned from household visits."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import planning
from geo.metrics import commune_metrics


def _visits() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "team": ["Tổ 1", "Tổ 2", "Tổ 1", "Tổ 1", "Tổ 9", "Tổ 2"],
            "code": ["13291", "13291", "13540", "13291", "13540", "13540"],
            "place_type": [
                "household",
                "household",
                "household",
                "school",
                "household",
                "household",
            ],
            "start": ["18:00", "18:30", "16:00", "08:00", "16:00", "17:00"],
            "end": ["21:00", "21:00", "19:00", "11:00", "19:00", None],
            "activated": pd.array([30, 50, 12, 200, 99, 40], dtype="Int64"),
        }
    )


def test_learn_yield_households_only(communes, teams) -> None:
    visits = _visits()
    rates = planning.learn_yield(visits, communes, teams, prior_hours=0.0)
    # urban: (30 + 50) / (2 × 3 + 4 × 2,5) = 80 / 16; rural: 12 / (2 × 3) (school, unknown team
    # and missing end are ignored)
    assert rates[True] == pytest.approx(5.0)
    assert rates[False] == pytest.approx(2.0)
    shrunk = planning.learn_yield(visits, communes, teams)
    assert shrunk[True] == pytest.approx((80 + 2.0 * 20) / (16 + 20))


def test_learn_yield_empty_gives_default(communes, teams) -> None:
    assert planning.learn_yield(pd.DataFrame(), communes, teams) == {True: 2.0, False: 2.0}


def test_learn_yield_skips_visits_without_a_count(communes, teams) -> None:
    visits = _visits()
    visits.loc[0, "activated"] = pd.NA  # Tổ 1's 3 h in 13291 no longer count
    rates = planning.learn_yield(visits, communes, teams, prior_hours=0.0)
    assert rates[True] == pytest.approx(50 / 10)


def test_learn_yield_uses_the_officer_hours_of_commune_metrics(communes, teams) -> None:
    """One definition: the class sums are those of commune_metrics on the household visits."""
    visits = _visits().assign(date=pd.Timestamp("2023-05-01"))
    households = visits[visits["place_type"] == "household"]
    m = commune_metrics(communes, pd.DataFrame(), households, teams)
    urban = m[m["urban"]]
    rate = urban["timed_activations"].sum() / urban["officer_hours"].sum()
    assert planning.learn_yield(visits, communes, teams, prior_hours=0.0)[True] == rate
