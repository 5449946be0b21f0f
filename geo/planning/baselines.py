"""Plans a person could make without a model, to measure the optimiser against.

``largest_gap`` (each evening every team goes to the reachable commune with the largest gap not
yet covered by the week's plan), ``round_robin`` (each team walks through the communes of its
district in code order) and ``random`` (any reachable commune). Each has the signature of a
simulator :data:`Policy` and returns a schedule through
:func:`~geo.planning.edits.schedule_from_assignments`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

import numpy as np
import pandas as pd

from geo.planning.edits import schedule_from_assignments
from geo.planning.params import PlanParams, plan_dates
from geo.planning.travel import travel_matrix
from geo.planning.value import prepare_candidates

__all__ = ["Policy", "plan_largest_gap", "plan_random", "plan_round_robin"]

#: ``policy(candidates, teams, start, days, days_off, rng) -> schedule``.
Policy = Callable[
    [pd.DataFrame, pd.DataFrame, date, int, tuple[object, ...], np.random.Generator],
    pd.DataFrame,
]
_Pick = Callable[[date, int, np.ndarray], int | None]


def _reach(candidates: pd.DataFrame, teams: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Find the schedulable communes and which team reaches which.

    Returns
    -------
    tuple
        :func:`~geo.planning.value.prepare_candidates` of ``candidates``, and a teams ×
        communes bool array: enough usable minutes after travel.
    """
    params = PlanParams()
    c = prepare_candidates(candidates, params)
    tm = travel_matrix(teams, c, round_to=params.travel_round_min).to_numpy()
    win = np.array([params.window_minutes(bool(u)) for u in c["urban"]], dtype=float)
    return c, (win[None, :] - 2 * tm) >= params.min_usable_min


def _by_evening(
    candidates: pd.DataFrame,
    teams: pd.DataFrame,
    c: pd.DataFrame,
    dates: Iterable[date],
    pick: _Pick,
) -> pd.DataFrame:
    """Schedule a baseline: each evening, team after team, ``pick`` names a commune.

    ``pick(day, team_index, busy)`` returns a row of ``c`` or ``None`` (the team stays home);
    ``busy`` counts the teams already sent to each commune that evening.

    Returns
    -------
    DataFrame
        :func:`~geo.planning.edits.schedule_from_assignments` of the picks.
    """
    rows = []
    for d in dates:
        busy = np.zeros(len(c), dtype=int)
        for ti in range(len(teams)):
            j = pick(d, ti, busy)
            if j is None:
                continue
            busy[j] += 1
            rows.append((d, teams["name"].iat[ti], c["code"].iat[j]))
    return schedule_from_assignments(
        pd.DataFrame(rows, columns=["date", "team", "code"]), candidates, teams
    )


def plan_largest_gap(
    candidates: pd.DataFrame,
    teams: pd.DataFrame,
    start: date,
    days: int,
    days_off: tuple[object, ...] = (),
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Send each team, each evening, to the reachable commune with the largest gap left.

    "Left" is the gap minus what the week's plan already expects there (rate × members × 3 h
    per team-evening), so a team does not return to the same commune every evening.

    Parameters
    ----------
    candidates : DataFrame
        As for :func:`~geo.planning.schedule.build_schedule`.
    teams : DataFrame
        ``name, members, base_lat, base_lon``.
    start : date
        First evening.
    days : int
        Length of the horizon in days.
    days_off : tuple
        Dates and/or weekdays without evening work.
    rng : numpy.random.Generator, optional
        Not used (the rule is deterministic).

    Returns
    -------
    DataFrame
        A schedule (:data:`~geo.planning.params.SCHEDULE_COLUMNS`).
    """
    c, reach = _reach(candidates, teams)
    left = c["gap"].to_numpy(dtype=float).copy()
    cap = c["cap"].to_numpy(dtype=int)
    codes = c["code"].to_numpy()
    members = pd.to_numeric(teams["members"]).to_numpy(dtype=float)
    rate = c["rate"].to_numpy(dtype=float)

    def pick(d: date, ti: int, busy: np.ndarray) -> int | None:
        ok = np.nonzero(reach[ti] & (busy < cap) & (left > 0))[0]
        if not len(ok):
            return None
        j = int(ok[np.lexsort((codes[ok], -left[ok]))[0]])
        left[j] -= rate[j] * members[ti] * 3.0
        return j

    return _by_evening(candidates, teams, c, plan_dates(start, days, days_off), pick)


def plan_round_robin(
    candidates: pd.DataFrame,
    teams: pd.DataFrame,
    start: date,
    days: int,
    days_off: tuple[object, ...] = (),
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Walk each team through the reachable communes of its district, in code order.

    The team's district is the district of the commune nearest its base; the position in the
    cycle is the number of days since 01/01/2023 (so it continues from week to week), teams of
    one district start at evenly spread offsets, a commune already taken that evening is skipped.

    Parameters
    ----------
    candidates : DataFrame
        As for :func:`~geo.planning.schedule.build_schedule`, with ``district_code``.
    teams : DataFrame
        ``name, members, base_lat, base_lon``.
    start : date
        First evening.
    days : int
        Length of the horizon in days.
    days_off : tuple
        Dates and/or weekdays without evening work.
    rng : numpy.random.Generator, optional
        Not used (the rule is deterministic).

    Returns
    -------
    DataFrame
        A schedule (:data:`~geo.planning.params.SCHEDULE_COLUMNS`).
    """
    c, reach = _reach(candidates, teams)
    tm = travel_matrix(teams, c).to_numpy()
    cap = c["cap"].to_numpy(dtype=int)
    lists: list[np.ndarray] = []
    offsets: list[int] = []
    homes: list[object] = []
    per_home: dict[object, int] = {}
    for ti in range(len(teams)):
        home = c["district_code"].iat[int(np.nanargmin(tm[ti]))] if len(c) else None
        own = np.nonzero(reach[ti] & (c["district_code"] == home).to_numpy())[0]
        lists.append(own[np.argsort(c["code"].to_numpy()[own], kind="stable")])
        homes.append(home)
        offsets.append(per_home.get(home, 0))
        per_home[home] = offsets[-1] + 1

    def pick(d: date, ti: int, busy: np.ndarray) -> int | None:
        own = lists[ti]
        idx = (d - date(2023, 1, 1)).days
        shift = offsets[ti] * len(own) // max(per_home[homes[ti]], 1)
        for step in range(len(own)):
            j = int(own[(idx + shift + step) % len(own)])
            if busy[j] < cap[j]:
                return j
        return None

    return _by_evening(candidates, teams, c, plan_dates(start, days, days_off), pick)


def plan_random(
    candidates: pd.DataFrame,
    teams: pd.DataFrame,
    start: date,
    days: int,
    days_off: tuple[object, ...] = (),
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Send each team, each evening, to a uniformly random reachable commune (not full).

    Parameters
    ----------
    candidates : DataFrame
        As for :func:`~geo.planning.schedule.build_schedule`.
    teams : DataFrame
        ``name, members, base_lat, base_lon``.
    start : date
        First evening.
    days : int
        Length of the horizon in days.
    days_off : tuple
        Dates and/or weekdays without evening work.
    rng : numpy.random.Generator, optional
        Source of the choices (default: seed 0).

    Returns
    -------
    DataFrame
        A schedule (:data:`~geo.planning.params.SCHEDULE_COLUMNS`).
    """
    gen = rng if rng is not None else np.random.default_rng(0)
    c, reach = _reach(candidates, teams)
    cap = c["cap"].to_numpy(dtype=int)

    def pick(d: date, ti: int, busy: np.ndarray) -> int | None:
        ok = np.nonzero(reach[ti] & (busy < cap))[0]
        return int(gen.choice(ok)) if len(ok) else None

    return _by_evening(candidates, teams, c, plan_dates(start, days, days_off), pick)
