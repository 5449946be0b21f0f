"""Tests of geo.planning.baselines: the plans a person could make without a model."""

from __future__ import annotations

import numpy as np
import pytest

from geo import planning
from geo.planning.baselines import plan_largest_gap, plan_random, plan_round_robin
from geo.planning.synthetic import Province, synthetic_province
from tests.planning.cases import MONDAY


@pytest.fixture(scope="module")
def province() -> Province:
    return synthetic_province(5, n_communes=20, n_teams=4, history_weeks=1)


@pytest.mark.parametrize("policy", [plan_largest_gap, plan_round_robin, plan_random])
def test_baselines_respect_the_rules(province: Province, policy) -> None:
    c, t = province.communes, province.teams
    cands = c.assign(yield_rate=2.0, has_data=True)
    s = policy(cands, t, MONDAY, 7, (6,), np.random.default_rng(0))
    assert list(s.columns) == planning.SCHEDULE_COLUMNS
    assert len(s) > 0
    assert planning.check_schedule(s, cands, t, (6,)) == []


def test_largest_gap_goes_to_the_largest_gap_first(province: Province) -> None:
    c, t = province.communes, province.teams.iloc[:1]
    cands = c.assign(yield_rate=2.0, has_data=True)
    s = plan_largest_gap(cands, t, MONDAY, 1)
    assert (
        s["code"].iloc[0]
        == cands.sort_values(["gap", "code"], ascending=[False, True])["code"].iloc[0]
    )
