"""Tests for geo.metrics.projection: the date the quota is reached at the recent rate."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.metrics import cumulative_activations, progress
from tests.metrics.test_progress import AS_OF, make_targets, make_visits


@pytest.fixture
def targets() -> pd.DataFrame:
    return make_targets()


@pytest.fixture
def visits() -> pd.DataFrame:
    return make_visits()


def _daily(start: str, values: list[float]) -> pd.Series:
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="D"))


def test_projection_on_a_constructed_series():
    # 01/03..15/03: 1.000 then +100 a day -> 2.400 on 15/03; 600 to go = 6 days
    s = _daily("2023-03-01", [1000 + 100 * i for i in range(15)])
    p = progress.project_target_date(s, 3000)
    assert p.rate_per_day == pytest.approx(100)
    assert (p.window_start, p.window_end, p.window_days) == (
        date(2023, 3, 1),
        date(2023, 3, 15),
        14,
    )
    assert p.current == 2400
    assert p.target_date == date(2023, 3, 21)
    assert not p.reached


def test_projection_uses_only_the_window():
    # fast early growth (+1.000/day), then +50/day over the last 7 days
    s = _daily("2023-03-01", [1000 * i for i in range(8)] + [7000 + 50 * i for i in range(1, 8)])
    p = progress.project_target_date(s, 8000, window_days=7)
    assert p.rate_per_day == pytest.approx(50)
    assert p.window_start == date(2023, 3, 8)
    assert p.target_date == date(2023, 3, 15) + pd.Timedelta(days=13)  # 650 / 50 = 13


def test_projection_rounds_partial_days_up():
    s = _daily("2023-03-01", [1000 + 100 * i for i in range(15)])
    assert progress.project_target_date(s, 2450).target_date == date(2023, 3, 16)
    assert progress.project_target_date(s, 2500).target_date == date(2023, 3, 16)
    assert progress.project_target_date(s, 2501).target_date == date(2023, 3, 17)


@pytest.mark.parametrize("step", [0, -10])
def test_projection_flat_or_falling_gives_none(step):
    s = _daily("2023-03-01", [5000 + step * i for i in range(15)])
    p = progress.project_target_date(s, 9000)
    assert p.target_date is None
    assert p.rate_per_day == pytest.approx(step)
    assert p.window_days == 14


def test_projection_already_reached_gives_the_day_it_was_reached():
    s = _daily("2023-03-01", [1000 + 100 * i for i in range(15)])
    p = progress.project_target_date(s, 1750)
    assert p.reached
    assert p.target_date == date(2023, 3, 9)


def test_projection_short_series_states_the_shorter_window():
    s = _daily("2023-03-10", [100, 200, 300, 400, 500, 600])
    p = progress.project_target_date(s, 1000)
    assert (p.window_start, p.window_days) == (date(2023, 3, 10), 5)
    assert p.rate_per_day == pytest.approx(100)
    assert p.target_date == date(2023, 3, 19)


def test_projection_weekly_snapshots_and_as_of():
    s = pd.Series(
        [1000, 1700, 2400, 2500],
        index=pd.to_datetime(["2023-03-01", "2023-03-08", "2023-03-15", "2023-03-22"]),
    )
    p = progress.project_target_date(s, 3100, as_of=date(2023, 3, 15))
    assert p.current == 2400  # the later snapshot is ignored
    assert p.rate_per_day == pytest.approx(100)
    assert p.target_date == date(2023, 3, 22)


def test_projection_skips_leading_missing_values():
    # cumulative_activations gives <NA> until the first official count
    s = pd.Series(
        pd.array([pd.NA, pd.NA, 1000, 1100, 1200], dtype="Int64"),
        index=pd.date_range("2023-03-01", periods=5, freq="D"),
    )
    p = progress.project_target_date(s, 1500)
    assert (p.window_start, p.window_days, p.rate_per_day) == (date(2023, 3, 3), 2, 100)
    assert p.target_date == date(2023, 3, 8)


@pytest.mark.parametrize("target", [0, float("nan"), None])
def test_projection_without_target_gives_none(target):
    s = _daily("2023-03-01", [1000 + 100 * i for i in range(15)])
    p = progress.project_target_date(s, target)
    assert p.target_date is None
    assert not p.reached


def test_projection_on_the_province_series(targets, visits):
    daily = cumulative_activations(targets, visits, None, date(2023, 2, 28), AS_OF)
    series = daily.set_index("date")["activated_to_date"]
    p = progress.project_target_date(series, 26000)
    # 28/02 has no data yet, so the window starts 01/03 (20.200) and ends 14/03 (21.100)
    assert p.window_start == date(2023, 3, 1)
    assert p.current == 21100
    assert p.rate_per_day == pytest.approx(900 / 13)
    assert p.target_date == date(2023, 3, 14) + pd.Timedelta(days=71)  # 4.900 / 69,2 -> 70,8


def test_projection_rejects_a_bad_window():
    with pytest.raises(ValueError, match="window_days"):
        progress.project_target_date(_daily("2023-03-01", [1, 2]), 5, window_days=0)
