"""geo.metrics.period: the default period and the assembled figures of one period."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geo.metrics import Filters, commune_metrics, cumulative_activations, rollup
from geo.metrics.period import CAMPAIGN_START, default_period, progress_view
from geo.metrics.progress import previous_week_filters


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ((date(2023, 2, 13), date(2023, 5, 31)), (date(2023, 2, 13), date(2023, 5, 31))),
        ((date(2022, 11, 1), date(2023, 5, 31)), (CAMPAIGN_START, date(2023, 5, 31))),
        ((date(2024, 1, 2), date(2024, 3, 1)), (date(2024, 1, 2), date(2024, 3, 1))),
        ((date(2022, 1, 1), date(2022, 6, 1)), (date(2022, 6, 1), date(2022, 6, 1))),
        (None, (CAMPAIGN_START, date(2026, 12, 1))),
    ],
)
def test_default_period(dates, expected):
    assert default_period(dates, today=date(2026, 12, 1)) == expected


def test_progress_view_figures_come_from_the_rollup(communes):
    targets = pd.DataFrame(
        {
            "code": ["13291", "13540"],
            "as_of": pd.to_datetime(["2023-02-13", "2023-02-13"]),
            "eligible": [1000, 500],
            "quota": [800, 400],
            "activated_baseline": [600, 100],
        }
    )
    visits = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-02-20", "2023-03-01", "2023-03-02"]),
            "team": ["Tổ 1", "Tổ 1", "Tổ 2"],
            "code": ["13291", "13540", "13540"],
            "place_type": "household",
            "registered": [31, 22, 50],
            "activated": [30, 20, 50],
        }
    )
    start, end = date(2023, 2, 13), date(2023, 3, 2)
    prev = previous_week_filters(start, end)
    metrics = commune_metrics(communes, targets, visits, None, Filters(start, end))
    previous = commune_metrics(communes, targets, visits, None, prev)
    view = progress_view(
        "2020-2024",
        start,
        end,
        metrics=metrics,
        previous=previous,
        previous_end=prev.period_end(),
        visits=visits,
        trend=cumulative_activations(targets, visits, None, start, end),
    )
    province = rollup(metrics, "province").iloc[0]
    # by hand: 600 + 30 and 100 + 20 + 50 activated of 1,500 eligible
    assert view.headline["activated"] == province["activated"] == 800
    assert view.headline["eligible"] == province["eligible"] == 1500
    assert view.headline["this_week"] == 70  # 24/02-02/03: the two visits in An Nội
    assert view.previous_end == date(2023, 2, 23)
    assert view.weekly["activated"].sum() == 100
    assert view.projection is not None
