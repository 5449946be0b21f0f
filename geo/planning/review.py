"""A user's edit of a proposed schedule: the edited rows, their value, their broken rules.

The planner page shows a proposed schedule in an editor; after every edit :func:`review_edit`
completes the edited assignments (:func:`~geo.planning.edits.schedule_from_assignments`), values
both schedules (:func:`~geo.planning.edits.evaluate_schedule`) and lists the broken rules
(:func:`~geo.planning.edits.check_schedule`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from geo.planning.edits import check_schedule, evaluate_schedule, schedule_from_assignments
from geo.planning.params import DEFAULT_PARAMS, PlanParams

__all__ = ["EditedSchedule", "review_edit"]


@dataclass(frozen=True)
class EditedSchedule:
    """A schedule as the user edited it, against the one proposed (see :func:`review_edit`).

    Attributes
    ----------
    schedule : DataFrame
        :data:`~geo.planning.params.SCHEDULE_COLUMNS` and ``no`` (1, 2, …).
    edited : bool
        The ``date, team, code`` rows differ from the proposed schedule's.
    before, after : float
        Expected activations of the proposed and of the edited schedule.
    problems : list of str
        :func:`check_schedule` of the edited schedule (empty = valid).
    """

    schedule: pd.DataFrame
    edited: bool
    before: float
    after: float
    problems: list[str]


def review_edit(
    proposed: pd.DataFrame,
    assignments: pd.DataFrame,
    candidates: pd.DataFrame,
    teams: pd.DataFrame,
    days_off: Iterable[object] = (),
    *,
    params: PlanParams = DEFAULT_PARAMS,
) -> EditedSchedule:
    """Complete, value and check the assignments a user edited from a proposed schedule.

    Parameters
    ----------
    proposed : DataFrame
        The schedule proposed (:func:`~geo.planning.schedule.build_schedule`).
    assignments : DataFrame
        ``date, team, code`` after the user's edits.
    candidates, teams : DataFrame
        As for :func:`~geo.planning.schedule.build_schedule`.
    days_off : iterable
        Dates and/or weekdays without evening work.
    params : PlanParams
        Model parameters.

    Returns
    -------
    EditedSchedule
        The edited schedule, whether it differs, both values and its problems.

    Examples
    --------
    >>> cand = pd.DataFrame({"code": ["1"], "urban": [False], "gap": [500.0], "lat": [20.5],
    ...                      "lon": [105.9], "yield_rate": [2.0]})
    >>> teams = pd.DataFrame({"name": ["Tổ 1"], "members": [3], "base_lat": [20.5],
    ...                       "base_lon": [105.9]})
    >>> a = pd.DataFrame({"date": pd.to_datetime(["2023-04-03"]), "team": ["Tổ 1"],
    ...                   "code": ["1"]})
    >>> proposed = schedule_from_assignments(a, cand, teams)
    >>> r = review_edit(proposed, pd.concat([a, a]), cand, teams)
    >>> r.edited, r.before, r.after, len(r.problems)
    (True, 19.5, 32.1, 1)
    """
    schedule = schedule_from_assignments(assignments, candidates, teams, params=params)
    schedule["no"] = range(1, len(schedule) + 1)
    keys = ["date", "team", "code"]
    return EditedSchedule(
        schedule=schedule,
        edited=not schedule[keys].equals(proposed[keys]),
        before=evaluate_schedule(proposed, candidates, params=params),
        after=evaluate_schedule(schedule, candidates, params=params),
        problems=check_schedule(schedule, candidates, teams, days_off, params=params),
    )
