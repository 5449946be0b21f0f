"""Tests for geo.metrics.series: the daily ``activated_to_date`` of the coverage fixture
(:mod:`tests.metrics.coverage_fixture`), against ``commune_metrics`` at each end date.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import geo.metrics.series as series
from geo.metrics import (
    Filters,
    commune_metrics,
    cumulative_activations,
)
from tests.metrics.coverage_fixture import (
    D,
    row_of,
    targets_frame,
)


def test_cumulative_commune(targets, visits):
    s = cumulative_activations(targets, visits, "13291", dt.date(2023, 2, 12), D)
    assert len(s) == 48 and s["date"].iloc[0] == pd.Timestamp("2023-02-12")
    at = s.set_index("date")["activated_to_date"]
    assert at["2023-02-12"] is pd.NA
    expected = {"2023-02-13": 5000, "2023-02-19": 5000, "2023-02-20": 5060, "2023-03-14": 5060}
    expected |= {"2023-03-15": 6100, "2023-03-19": 6100, "2023-03-20": 6220, "2023-03-31": 6220}
    assert {d: at[d] for d in expected} == expected
    team = s.set_index("date")["team_activations"]
    assert team.sum() == 220 and team["2023-02-13"] == 40 and team["2023-03-20"] == 120
    assert s["communes_with_data"].tolist() == [0] + [1] * 47


def test_cumulative_start_after_events(targets, visits):
    s = cumulative_activations(targets, visits, "13291", dt.date(2023, 3, 1), dt.date(2023, 3, 2))
    assert s["activated_to_date"].tolist() == [5060, 5060]
    assert s["official_activated"].tolist() == [5000, 5000]


@pytest.mark.parametrize("table_cells_max", [20_000_000, 0], ids=["table", "sorted"])
@pytest.mark.parametrize("end", ["2023-02-13", "2023-02-25", "2023-03-15", "2023-03-31"])
def test_cumulative_province_matches_commune_metrics(
    monkeypatch, communes, targets, visits, end, table_cells_max
):
    monkeypatch.setattr(series, "_TABLE_CELLS_MAX", table_cells_max)
    d = pd.Timestamp(end).date()
    s = cumulative_activations(targets, visits, None, dt.date(2023, 2, 1), d)
    m = commune_metrics(communes, targets, visits, filters=Filters(end=d))
    assert s["activated_to_date"].iloc[-1] == m["activated"].sum()
    assert s["communes_with_data"].iloc[-1] == m["official_activated"].notna().sum()
    for code in ("13291", "13540", "90001"):
        c = cumulative_activations(targets, visits, code, dt.date(2023, 2, 1), d)
        assert c["activated_to_date"].iloc[-1] == row_of(m, code)["activated"]


def test_cumulative_edge_cases(targets, visits):
    s = cumulative_activations(targets, visits.iloc[:0], None, D, D)
    assert s["activated_to_date"].tolist() == [6100 + 2000 + 700 + 300 + 0]
    none = cumulative_activations(targets_frame([]), visits, "13291", D, D)
    assert none["activated_to_date"].isna().all() and none["communes_with_data"].tolist() == [0]
    unknown = cumulative_activations(targets, visits, "99999", dt.date(2023, 3, 5), D)
    assert unknown["team_activations"].iloc[0] == 7 and unknown["activated_to_date"].isna().all()
    with pytest.raises(ValueError, match="after"):
        cumulative_activations(targets, visits, None, D, dt.date(2023, 3, 1))
