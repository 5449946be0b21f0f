"""One reporting period on one boundary version, as the progress page and the meeting pack show it.

Assembled from the commune metrics of the period's end and of the snapshot a week before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from geo.metrics.league import district_league
from geo.metrics.progress import headline_figures, weekly_by_team
from geo.metrics.projection import Projection, project_target_date

__all__ = ["CAMPAIGN_START", "ProgressView", "default_period", "progress_view"]

#: First day of the 2023 campaign (pilot start); the progress page's default period starts here.
CAMPAIGN_START = date(2023, 2, 13)


def default_period(dates: tuple[date, date] | None, today: date | None = None) -> tuple[date, date]:
    """Choose the default reporting period: campaign start (or first data day) to the last day.

    Parameters
    ----------
    dates : tuple of date, or None
        First and last day of the records (:func:`geo.metrics.detail.data_period`).
    today : date, optional
        Used when there are no records (default :meth:`datetime.date.today`).

    Returns
    -------
    tuple of date
        ``(start, end)``, ``start <= end``.

    Examples
    --------
    >>> default_period((date(2023, 2, 13), date(2023, 5, 31)))
    (datetime.date(2023, 2, 13), datetime.date(2023, 5, 31))
    >>> default_period((date(2024, 1, 2), date(2024, 3, 1)))
    (datetime.date(2024, 1, 2), datetime.date(2024, 3, 1))
    >>> default_period(None, today=date(2026, 12, 1))
    (datetime.date(2023, 2, 13), datetime.date(2026, 12, 1))
    """
    if dates is None:
        today = today or date.today()
        return min(CAMPAIGN_START, today), today
    first, last = dates
    return min(max(CAMPAIGN_START, first), last), last


@dataclass(frozen=True)
class ProgressView:
    """Everything the progress page and the meeting pack show for one period and version.

    Attributes
    ----------
    version : str
        Boundary version the figures are reported on.
    start, end, previous_end : date
        The period and the day of the "previous week" snapshot.
    metrics, previous : DataFrame
        :func:`geo.metrics.commune_metrics` at ``end`` and at ``previous_end``.
    visits : DataFrame
        The visit rows the figures were computed from.
    headline : dict
        :func:`geo.metrics.progress.headline_figures`.
    league, weekly : DataFrame
        :func:`geo.metrics.district_league` and :func:`geo.metrics.progress.weekly_by_team`.
    trend : DataFrame
        :func:`geo.metrics.cumulative_activations` of the province over the period.
    projection : Projection or None
        :func:`geo.metrics.project_target_date`; None without an activated count in the period.
    """

    version: str
    start: date
    end: date
    previous_end: date
    metrics: pd.DataFrame
    previous: pd.DataFrame
    visits: pd.DataFrame
    headline: dict
    league: pd.DataFrame
    weekly: pd.DataFrame
    trend: pd.DataFrame
    projection: Projection | None


def progress_view(
    version: str,
    start: date,
    end: date,
    *,
    metrics: pd.DataFrame,
    previous: pd.DataFrame,
    previous_end: date,
    visits: pd.DataFrame,
    trend: pd.DataFrame,
) -> ProgressView:
    """Assemble the figures of one reporting period from its commune metrics.

    Parameters
    ----------
    version : str
        Boundary version of ``metrics``.
    start, end : date
        The reporting period.
    metrics, previous : DataFrame
        :func:`geo.metrics.commune_metrics` for the period and for the snapshot one week
        earlier (:func:`geo.metrics.progress.previous_week_filters`).
    previous_end : date
        The snapshot's day.
    visits : DataFrame
        Visit rows on ``version``.
    trend : DataFrame
        :func:`geo.metrics.cumulative_activations` of the province, ``start`` to ``end``.

    Returns
    -------
    ProgressView
        Headline figures, district league, weekly bars, trend and projection.
    """
    headline = headline_figures(metrics, previous, visits=visits, as_of=end)
    series = trend.set_index("date")["activated_to_date"]
    projection = None
    if series.notna().any():
        projection = project_target_date(series, headline["quota"], as_of=end)
    return ProgressView(
        version=version,
        start=start,
        end=end,
        previous_end=previous_end,
        metrics=metrics,
        previous=previous,
        visits=visits,
        headline=headline,
        league=district_league(metrics, previous),
        weekly=weekly_by_team(visits, start=start, end=end, communes=metrics),
        trend=trend,
        projection=projection,
    )
