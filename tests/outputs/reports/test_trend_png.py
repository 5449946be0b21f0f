"""The trend chart of the meeting pack: dates along its axis never run together."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from geo.metrics.projection import Projection
from geo.outputs.reports import trend_png


@pytest.fixture
def figures(monkeypatch) -> list:
    """The figures the chart draws on, kept to read their axes after rendering."""
    made: list = []

    class Kept(trend_png.Figure):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(trend_png, "Figure", Kept)
    return made


@pytest.mark.parametrize(
    "first, last, target_date",
    [
        ("2023-02-13", "2023-05-31", date(2023, 10, 20)),  # the demo: nine months in view
        ("2023-05-18", "2023-05-31", None),  # two weeks, no projection
        ("2023-01-01", "2024-12-31", date(2026, 6, 30)),  # years
    ],
)
def test_at_most_six_dates_along_the_axis(figures, first, last, target_date):
    days = pd.date_range(first, last, freq="D")
    trend = pd.DataFrame({"date": days, "activated_to_date": range(1000, 1000 + len(days))})
    projection = None
    if target_date is not None:
        projection = Projection(
            target_date=target_date,
            rate_per_day=1427.0,
            window_start=days[-14].date(),
            window_end=days[-1].date(),
            window_days=14,
            current=float(len(days) + 999),
            target=603422.0,
            reached=False,
        )
    assert trend_png.render_trend_png(trend, 603422, projection, dpi=50)[:4] == b"\x89PNG"
    axis = figures[0].axes[0]
    low, high = axis.get_xlim()
    shown = [t.get_text() for t in axis.get_xticklabels() if low <= t.get_position()[0] <= high]
    assert 2 <= len(shown) <= 6, shown
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4}", t) for t in shown), shown
