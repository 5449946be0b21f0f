"""Tests of geo.demo.targets: the weights of the province totals (totals: test_demo.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.demo.targets import target_weights


@pytest.mark.parametrize(
    ("pops", "expected"),
    [
        ([100, 200, 300], [100, 200, 300]),
        ([100, None, 300, 400], [100, 300, 300, 400]),  # missing → median of the known
        ([None, None], [1, 1]),  # approximate registry: equal split
    ],
)
def test_target_weights(pops, expected):
    df = pd.DataFrame({"population_2019": pd.array(pops, dtype="Int64")})
    assert target_weights(df).tolist() == expected
