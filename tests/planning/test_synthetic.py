"""Tests of geo.planning.synthetic: the made-up province of the simulator."""

from __future__ import annotations

import pandas as pd

from geo.planning.synthetic import synthetic_province


def test_synthetic_province_shape() -> None:
    p = synthetic_province(1)
    assert len(p.communes) == 109 and len(p.teams) == 19
    assert p.communes["code"].is_unique
    assert p.communes["gap"].between(500, 12_000).all()
    assert (p.communes["activated"] + p.communes["gap"] == p.communes["eligible"]).all()
    assert p.communes["district_code"].nunique() == 6
    assert 0.1 < p.communes["urban"].mean() < 0.35
    assert p.teams["members"].between(2, 4).all()
    assert len(p.history) > 0 and p.history["date"].max() < pd.Timestamp(p.start)


def test_synthetic_province_is_deterministic() -> None:
    a, b = synthetic_province(3, 30, 6), synthetic_province(3, 30, 6)
    pd.testing.assert_frame_equal(a.communes, b.communes)
    pd.testing.assert_frame_equal(a.history, b.history)
    assert not a.communes.equals(synthetic_province(4, 30, 6).communes)
