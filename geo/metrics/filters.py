"""Which visits count: the period, teams, districts and place types of a view, and their choices.

:class:`Filters` restrict the *visit-derived* figures only; the official figures depend on the
end of the period alone (the definition: :mod:`geo.metrics.commune`). :func:`select_visits`
returns the visits a set of filters keeps, by the same rules as
:func:`geo.metrics.commune_metrics`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.metrics._arrays import day, days, isin, lookup, str_values

__all__ = ["Filters", "district_choices", "select_visits", "team_choices", "visit_mask"]


def _as_tuple(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        return (values,)
    return tuple(str(v) for v in values)


@dataclass(frozen=True)
class Filters:
    """Which visits count (see :mod:`geo.metrics.commune`: official figures only use ``end``).

    Parameters
    ----------
    start, end : datetime.date or None
        Period, both days included. ``end=None`` means *today*.
    teams : tuple of str
        Team names (``visits["team"]``); empty = all teams.
    districts : tuple of str
        District codes (``communes["district_code"]``); empty = all. The 2025-07 registry has no
        districts, so any district filter leaves no visit there.
    place_types : tuple of str
        Values of ``PLACE_TYPES``; empty = all.

    Lists are accepted and stored as tuples, so a ``Filters`` stays hashable (cache key).

    Examples
    --------
    >>> Filters(teams=["Tổ 1"]).teams
    ('Tổ 1',)
    """

    start: dt.date | None = None
    end: dt.date | None = None
    teams: tuple[str, ...] = field(default=())
    districts: tuple[str, ...] = field(default=())
    place_types: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        """Store the lists as tuples and check that the period does not end before it starts."""
        for name in ("teams", "districts", "place_types"):
            object.__setattr__(self, name, _as_tuple(getattr(self, name)))
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")

    def period_end(self, today: dt.date | None = None) -> dt.date:
        """Return ``D``, the last day of the period: ``end``, else ``today``, else the date today.

        Parameters
        ----------
        today : datetime.date, optional
            Stands for today when ``end`` is None (pass it for reproducible results).

        Returns
        -------
        datetime.date
            The day the official figures are taken at.

        Raises
        ------
        ValueError
            When ``start`` is after that day.

        Examples
        --------
        >>> Filters(start=dt.date(2023, 2, 13)).period_end(today=dt.date(2023, 5, 31))
        datetime.date(2023, 5, 31)
        """
        end = self.end if self.end is not None else (today or dt.date.today())
        if self.start is not None and day(self.start) > day(end):
            raise ValueError(f"start {self.start} is after the end of the period {end}")
        return end


def select_visits(
    visits: pd.DataFrame,
    communes: pd.DataFrame,
    filters: Filters | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Return the visits that :class:`Filters` keep, with the rules of :func:`commune_metrics`.

    Visits of communes outside the registry or without a date are dropped; the period is
    ``filters.start <= date <= D`` (``D`` = ``filters.end`` or ``today``).

    Parameters
    ----------
    visits : DataFrame
        ``VISIT_COLUMNS`` (``date``, ``team``, ``code``, ``place_type``...).
    communes : DataFrame
        The registry, or any table of it with ``code`` (and ``district_code`` for a district
        filter), such as :func:`commune_metrics` rows.
    filters : Filters, optional
        Period, teams, districts, place types; default all visits up to ``today``.
    today : datetime.date, optional
        Stands for ``filters.end`` when that is None.

    Returns
    -------
    DataFrame
        The kept rows of ``visits``, in their order, with their index.

    Examples
    --------
    >>> v = pd.DataFrame({"date": pd.to_datetime(["2023-02-13", "2023-03-20"]),
    ...                   "team": ["Tổ 1", "Tổ 2"], "code": ["13291", "13540"],
    ...                   "place_type": ["household", "school"]})
    >>> c = pd.DataFrame({"code": ["13291", "13540"], "district_code": ["347", "352"]})
    >>> len(select_visits(v, c, Filters(end=dt.date(2023, 3, 14))))
    1
    >>> select_visits(v, c, Filters(end=dt.date(2023, 5, 31), districts=["352"]))["team"].tolist()
    ['Tổ 2']
    """
    filters = filters or Filters()
    if visits.empty:
        return visits.copy()
    end = day(filters.period_end(today))
    registry = communes.drop_duplicates("code").reset_index(drop=True)
    positions = lookup(str_values(visits["code"]), pd.Index(str_values(registry["code"])))
    day_numbers, dated = days(visits["date"])
    counted = (positions >= 0) & dated & (day_numbers <= end)
    return visits[visit_mask(filters, visits, registry, positions, day_numbers, counted)]


def visit_mask(
    filters: Filters,
    visits: pd.DataFrame,
    communes: pd.DataFrame,
    positions: np.ndarray,
    day_numbers: np.ndarray,
    counted: np.ndarray,
) -> np.ndarray:
    """Return which of the counted visits ``filters`` keep (the rule of every visit figure).

    The one place the filters are applied: :func:`select_visits` and
    :func:`geo.metrics.commune_metrics` (its visit-derived columns) both use it.

    Parameters
    ----------
    filters : Filters
        Period start, teams, districts, place types (the period end is already in ``counted``).
    visits : DataFrame
        Visit rows (``team``, ``place_type``).
    communes : DataFrame
        The registry, one row per code, in the order of ``positions`` (``district_code``).
    positions : numpy.ndarray
        Row of each visit's commune in ``communes`` (-1 outside the registry).
    day_numbers : numpy.ndarray
        Day of each visit (days since 1970-01-01).
    counted : numpy.ndarray
        ``bool``: the visit is in the registry, has a date and is on or before ``D``.

    Returns
    -------
    numpy.ndarray
        ``bool``, one value per visit.

    Examples
    --------
    >>> v = pd.DataFrame({"team": ["Tổ 1", "Tổ 2"], "place_type": ["household", "school"]})
    >>> c = pd.DataFrame({"code": ["13291"], "district_code": ["347"]})
    >>> ok = np.array([True, True])
    >>> visit_mask(Filters(teams=["Tổ 2"]), v, c, np.array([0, 0]), np.array([1, 2]), ok).tolist()
    [False, True]
    >>> visit_mask(Filters(districts=["352"]), v, c, np.array([0, -1]), np.array([1, 2]), ok)
    array([False, False])
    """
    keep = counted.copy()
    if not len(visits):
        return keep
    if filters.start is not None:
        keep &= day_numbers >= day(filters.start)
    if filters.teams:
        keep &= isin(visits["team"], filters.teams)
    if filters.districts:
        in_district = (
            communes["district_code"].isin(filters.districts).to_numpy()
            if "district_code" in communes
            else np.zeros(len(communes), dtype=bool)
        )
        keep &= in_district[np.where(positions >= 0, positions, 0)]
    if filters.place_types:
        keep &= isin(visits["place_type"], filters.place_types)
    return keep


def district_choices(communes: pd.DataFrame) -> dict[str, str]:
    """Return the districts a district filter offers: ``{district code: district name}``.

    Parameters
    ----------
    communes : DataFrame
        The registry (``district_code``, ``district_name``); communes without a district, as
        in the 2025-07 registry, offer none.

    Returns
    -------
    dict
        In registry order, one entry per district code (its first name).

    Examples
    --------
    >>> c = pd.DataFrame({"district_code": ["347", None, "347", "352"],
    ...                   "district_name": ["Phủ Lý", None, "Phủ Lý", "Bình Lục"]})
    >>> district_choices(c)
    {'347': 'Phủ Lý', '352': 'Bình Lục'}
    """
    districts = communes.dropna(subset=["district_code"]).drop_duplicates("district_code")
    return dict(zip(districts["district_code"], districts["district_name"], strict=True))


def team_choices(teams: pd.DataFrame) -> list[str]:
    """Return the team names a team filter offers, shortest first ("Tổ 2" before "Tổ 10").

    Parameters
    ----------
    teams : DataFrame
        :meth:`geo.store.Store.teams` rows (``name``).

    Returns
    -------
    list of str
        Sorted by length, then alphabetically.

    Examples
    --------
    >>> team_choices(pd.DataFrame({"name": ["Tổ 10", "Tổ 2", "Tổ 1"]}))
    ['Tổ 1', 'Tổ 2', 'Tổ 10']
    """
    if not len(teams):
        return []
    return sorted(teams["name"], key=lambda n: (len(n), n))
