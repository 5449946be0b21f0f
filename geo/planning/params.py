"""What a plan is made of: score weights, model parameters, evening windows, working evenings.

The constants here are shared by the score (:mod:`geo.planning.priority`), the schedule
(:mod:`geo.planning.schedule`) and the checks of a schedule (:mod:`geo.planning.edits`); every
definition they refer to is in the docstring of :mod:`geo.planning`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeGuard

import numpy as np
import pandas as pd

from geo.clock import minutes_of_day
from geo.i18n import N_

__all__ = [
    "COMPONENTS",
    "DEFAULT_PARAMS",
    "DEFAULT_WEIGHTS",
    "DEFAULT_YIELD",
    "MILP_TIME_BASE_S",
    "MILP_TIME_MAX_S",
    "MILP_TIME_PER_PAIR_EVENING_S",
    "NO_DATA_REASON",
    "PRIOR_OFFICER_HOURS",
    "RURAL_WINDOW",
    "SCHEDULE_COLUMNS",
    "STALE_CAP_DAYS",
    "URBAN_WINDOW",
    "PlanParams",
    "Weights",
    "milp_time_limit",
    "plan_dates",
]

#: Evening windows (article): urban wards and townships, rural communes.
URBAN_WINDOW = ("18:00", "21:30")
RURAL_WINDOW = ("16:00", "19:30")
#: Activations per officer-hour when nothing has been learned (urban -> rate). Assumption: the
#: 2023 pilot gives about 2 (1.923 activations, 13 officers, ~25 evenings of ~3 h).
DEFAULT_YIELD: Mapping[bool, float] = {True: 2.0, False: 2.0}
#: Weight of the prior rate, in officer-hours (shrinkage towards the class rate / the default).
PRIOR_OFFICER_HOURS = 20.0
#: Days since the last visit are capped here; "never visited" counts as the cap.
STALE_CAP_DAYS = 60
#: Reason of a commune that is not ranked (a catalog id, written translated by the score).
NO_DATA_REASON = N_("chưa có số liệu")
#: Score components in display order (the weight of ``yield`` is ``Weights.yield_``).
COMPONENTS = ("gap", "shortfall", "staleness", "yield", "travel", "home_requests")
#: Columns of a schedule (:func:`geo.planning.build_schedule` and the functions that edit one).
SCHEDULE_COLUMNS = [
    "date",
    "team",
    "code",
    "name",
    "members",
    "window_start",
    "window_end",
    "travel_min",
    "usable_min",
    "expected_activations",
    "reason",
]


@dataclass(frozen=True)
class Weights:
    """Weights of the score components (any non-negative numbers with a positive sum).

    The weights are relative (the score divides by their sum); ``home_requests`` (open
    home-visit requests per commune, issue 16) was added with 0.10 beside the others' defaults.
    """

    gap: float = 0.35
    shortfall: float = 0.25
    staleness: float = 0.15
    yield_: float = 0.15
    travel: float = 0.10
    home_requests: float = 0.10

    @classmethod
    def from_dict(cls, weights: Mapping[str, float]) -> Weights:
        """Build weights from ``{component: weight}`` (the keys of :data:`COMPONENTS`).

        Parameters
        ----------
        weights : mapping str -> float
            Weight per component; a component left out keeps its default weight.

        Returns
        -------
        Weights
            The same weights, ``yield`` stored as ``yield_``.

        Examples
        --------
        >>> Weights.from_dict({"gap": 1.0, "yield": 0.5}).yield_
        0.5
        """
        return cls(**{("yield_" if k == "yield" else k): float(v) for k, v in weights.items()})

    def as_dict(self) -> dict[str, float]:
        """Return ``{component: weight}`` in :data:`COMPONENTS` order.

        Returns
        -------
        dict
            Weight per component.

        Raises
        ------
        ValueError
            When a weight is negative or not finite, or all weights are 0.

        Examples
        --------
        >>> Weights().as_dict()["yield"]
        0.15
        """
        w = {
            "gap": self.gap,
            "shortfall": self.shortfall,
            "staleness": self.staleness,
            "yield": self.yield_,
            "travel": self.travel,
            "home_requests": self.home_requests,
        }
        if any(not math.isfinite(v) or v < 0 for v in w.values()) or sum(w.values()) <= 0:
            raise ValueError("weights must be non-negative with a positive sum")
        return w


@dataclass(frozen=True)
class PlanParams:
    """Parameters of the schedule model (see the docstring of :mod:`geo.planning`).

    Attributes
    ----------
    repeat_factor : float
        ``r``: the k-th typical team-evening in a commune within the horizon yields ``r^k``.
    evening_officer_hours : float
        Officer-hours of one typical team-evening (3 officers × ~2,7 usable hours).
    repeat_gap_scale : float or None
        Large communes have more hamlets to go to: the block grows with the gap,
        ``evening_officer_hours × max(1, gap / repeat_gap_scale)`` (2.000: a commune with 6.000
        people to reach takes three typical team-evenings before a repeat yields less). ``None``
        keeps one block per typical team-evening everywhere.
    pair_gap_factor : float
        Two teams may share a commune on one evening when ``gap ≥ factor × yield_rate ×
        evening_officer_hours`` (6 = two teams for three evenings).
    min_usable_min : float
        Fewer usable minutes than this after travel: the commune is infeasible for the team.
    travel_round_min : int
        One-way travel is rounded up to a multiple of this many minutes.
    urban_window, rural_window : tuple of str
        ``("HH:MM", "HH:MM")`` evening windows.
    """

    repeat_factor: float = 0.7
    evening_officer_hours: float = 8.0
    pair_gap_factor: float = 6.0
    min_usable_min: float = 30.0
    travel_round_min: int = 5
    repeat_gap_scale: float | None = 2000.0
    urban_window: tuple[str, str] = field(default=URBAN_WINDOW)
    rural_window: tuple[str, str] = field(default=RURAL_WINDOW)

    def block_hours(self, gap: float) -> float:
        """Return the officer-hours of one diminishing-returns block in a commune.

        Parameters
        ----------
        gap : float
            People of the commune not yet activated.

        Returns
        -------
        float
            ``evening_officer_hours``, times ``gap / repeat_gap_scale`` when that is above 1.

        Examples
        --------
        >>> PlanParams().block_hours(1000), PlanParams().block_hours(6000)
        (8.0, 24.0)
        >>> PlanParams(repeat_gap_scale=None).block_hours(6000)
        8.0
        """
        if not self.repeat_gap_scale:
            return self.evening_officer_hours
        return self.evening_officer_hours * max(1.0, float(gap) / self.repeat_gap_scale)

    def window(self, urban: bool) -> tuple[int, int]:
        """Return the evening window of a commune in minutes after midnight.

        Parameters
        ----------
        urban : bool
            Urban ward or township (else a rural commune).

        Returns
        -------
        tuple of int
            Start and end of the window.

        Examples
        --------
        >>> PlanParams().window(True)
        (1080, 1290)
        """
        a, b = self.urban_window if urban else self.rural_window
        return minutes_of_day(a), minutes_of_day(b)

    def window_minutes(self, urban: bool) -> int:
        """Return the length of a commune's evening window in minutes.

        Parameters
        ----------
        urban : bool
            Urban ward or township (else a rural commune).

        Returns
        -------
        int
            End minus start of :meth:`window`.

        Examples
        --------
        >>> PlanParams().window_minutes(False)
        210
        """
        start, end = self.window(urban)
        return end - start


#: The default model parameters and score weights (frozen, shared as argument defaults).
DEFAULT_PARAMS = PlanParams()
DEFAULT_WEIGHTS = Weights()


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()  # type: ignore[arg-type]  # str / datetime64 / Timestamp


def _is_weekday(value: object) -> TypeGuard[int | np.integer]:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def plan_dates(start: object, days: int, days_off: Iterable[object] = ()) -> list[date]:
    """List the working evenings of a horizon: ``days`` dates from ``start`` minus the days off.

    Parameters
    ----------
    start : date-like
        First day of the horizon (``date``, timestamp or ISO string).
    days : int
        Length of the horizon in days.
    days_off : iterable
        Dates (``date``, timestamps, ISO strings) and/or weekdays (0 = Monday … 6 = Sunday).

    Returns
    -------
    list of date
        The working dates, in order.

    Examples
    --------
    >>> [d.day for d in plan_dates(date(2023, 3, 13), 7, [6, date(2023, 3, 15)])]
    [13, 14, 16, 17, 18]
    """
    first = _as_date(start)
    off = list(days_off)
    off_weekdays = {int(x) for x in off if _is_weekday(x)}
    off_dates = {_as_date(x) for x in off if not _is_weekday(x)}
    out = []
    for i in range(int(days)):
        d = first + timedelta(days=i)
        if d.weekday() not in off_weekdays and d not in off_dates:
            out.append(d)
    return out


#: Time limit of the MILP (:func:`milp_time_limit`): seconds for any program, seconds per
#: reachable (team, commune) pair and working evening, and the ceiling. Measured with HiGHS on
#: synthetic provinces (2 cores, 01/12/2026): 2.061 pairs × 6 evenings solved in 0,7 s, 8.984 × 7
#: in 2,7 s, 49.823 × 14 in 54 s; the formula gives 6,2 s, 11,3 s and 74,8 s.
MILP_TIME_BASE_S = 5.0
MILP_TIME_PER_PAIR_EVENING_S = 1e-4
MILP_TIME_MAX_S = 120.0


def milp_time_limit(pairs: int, evenings: int, cap: float | None = None) -> float:
    """Return the solver time limit of a schedule program, from its size.

    ``min(cap, MILP_TIME_MAX_S, MILP_TIME_BASE_S + MILP_TIME_PER_PAIR_EVENING_S × pairs ×
    evenings)``: the solve time grows with the integer variables (one per reachable pair) and
    the evenings each may take; the limit leaves the solver about twice to ten times what it
    needed on the measured sizes. When the limit is hit the schedule falls back to the greedy
    plan if that is better (:func:`~geo.planning.schedule.build_schedule`).

    Parameters
    ----------
    pairs : int
        Reachable (team, commune) pairs: the integer variables of the program.
    evenings : int
        Working evenings of the horizon.
    cap : float, optional
        The most the user will wait (seconds); ``None``: no cap besides :data:`MILP_TIME_MAX_S`.

    Returns
    -------
    float
        Seconds.

    Examples
    --------
    >>> milp_time_limit(2000, 6), milp_time_limit(50_000, 14), milp_time_limit(50_000, 14, 20)
    (6.2, 75.0, 20.0)
    >>> milp_time_limit(10**6, 30)
    120.0
    """
    limit = MILP_TIME_BASE_S + MILP_TIME_PER_PAIR_EVENING_S * max(pairs, 0) * max(evenings, 0)
    return float(min(limit, MILP_TIME_MAX_S, math.inf if cap is None else max(float(cap), 0.0)))
