"""Plans: save a schedule as a draft, publish it, list plans and read their assignments.

A schedule from :mod:`geo.planning` is saved as a ``plan`` row (who, when, horizon,
method, the parameters as JSON, status ``draft``) with one ``assignment`` row per team-evening.
Publishing sets ``status = 'published'``, ``published_at`` and ``published_by``; several plans may
be published over time and the *current* one is the latest published (:func:`published_plan`).
Saving and publishing write ``audit`` rows (``save_plan``, ``publish_plan``) and bump the
revision.

Examples
--------
>>> _json_default(np.int64(3)), _json_default(date(2023, 6, 3)), _json_default({2, 1})
(3, '2023-06-03', [1, 2])
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from geo.i18n import _
from geo.store.audit import Clock, record_change
from geo.store.frames import insert_chunked, inserted_id, read_frame, records
from geo.store.tables import ASSIGNMENT_COLUMNS, PLAN_COLUMNS, assignment, plan

__all__ = ["plan_assignments", "plans", "publish_plan", "published_plan", "save_plan"]

_SPEC = {
    "date": "date",
    "team": "str",
    "code": "str",
    "window_start": "str",
    "window_end": "str",
    "travel_min": "float",
    "expected_activations": "float",
    "reason": "str",
}


def _json_default(value: Any) -> Any:
    """Convert what ``json`` does not know: numpy scalars, dates, sets; anything else to text.

    Returns
    -------
    object
        A plain Python number, an ISO date, a sorted list, or ``str(value)``.
    """
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, date | datetime | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value, key=str)
    return str(value)


def save_plan(
    engine: Engine,
    now: Clock,
    schedule: pd.DataFrame,
    *,
    params: dict,
    user: str,
    start: date,
    days: int,
    method: str,
) -> int:
    """Save a schedule as a draft plan (one transaction, audited as ``save_plan``).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock of ``created_at`` and the audit row.
    schedule : pandas.DataFrame
        ``date, team, code`` and optionally ``window_start, window_end, travel_min,
        expected_activations, reason`` (:data:`geo.planning.SCHEDULE_COLUMNS` fits).
    params : dict
        What produced the schedule (weights, target, days off, teams...), stored as JSON;
        dates and numpy numbers are converted to plain JSON values.
    user : str
        Who saves (``created_by`` and the audit log).
    start : datetime.date
        First day of the horizon.
    days : int
        Length of the horizon in days.
    method : str
        ``"milp"``, ``"greedy"``, or another label of how the schedule was made.

    Returns
    -------
    int
        Id of the new plan.

    Raises
    ------
    ValueError
        The schedule is empty or lacks ``date``, ``team`` or ``code``.
    """
    missing = [c for c in ("date", "team", "code") if c not in schedule]
    if missing:
        raise ValueError(_("Lịch công tác thiếu cột: {columns}").format(columns=", ".join(missing)))
    if schedule.empty:
        raise ValueError(_("Lịch công tác trống, không có gì để lưu."))
    frame = schedule.sort_values(["date", "team", "code"], kind="stable")
    frame = frame.assign(team=frame["team"].astype(str), code=frame["code"].astype(str))
    clean = json.loads(json.dumps(params or {}, ensure_ascii=False, default=_json_default))
    first = pd.Timestamp(start).date()
    with engine.begin() as conn:
        plan_id = inserted_id(
            conn.execute(
                insert(plan).values(
                    created_by=user,
                    created_at=now(),
                    horizon_start=first,
                    horizon_days=int(days),
                    method=str(method),
                    params=clean,
                    status="draft",
                )
            )
        )
        rows = records(frame, _SPEC, {"plan_id": [plan_id] * len(frame)})
        insert_chunked(conn, assignment, rows)
        detail = {
            "plan_id": plan_id,
            "assignments": len(rows),
            "method": str(method),
            "horizon_start": first.isoformat(),
            "horizon_days": int(days),
        }
        record_change(conn, now, user, "save_plan", detail)
    return plan_id


def _require_plan(conn: Connection, plan_id: int) -> str:
    """Read the status of a plan.

    Returns
    -------
    str
        ``"draft"`` or ``"published"``.

    Raises
    ------
    KeyError
        No such plan.
    """
    status = conn.execute(select(plan.c.status).where(plan.c.id == plan_id)).scalar()
    if status is None:
        raise KeyError(_("Không có kế hoạch số {plan}.").format(plan=plan_id))
    return str(status)


def publish_plan(engine: Engine, now: Clock, plan_id: int, user: str) -> None:
    """Publish a plan: it becomes the current plan (audited as ``publish_plan``).

    Publishing an already published plan again makes it current again (its ``published_at`` /
    ``published_by`` are updated; the audit log keeps the history).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock of ``published_at`` and the audit row.
    plan_id : int
        The plan.
    user : str
        Who publishes.

    Raises
    ------
    KeyError
        No such plan.
    """
    plan_id = int(plan_id)  # numpy ints would be bound as BLOBs by sqlite3
    with engine.begin() as conn:
        status = _require_plan(conn, plan_id)
        n = conn.execute(
            select(func.count()).select_from(assignment).where(assignment.c.plan_id == plan_id)
        ).scalar()
        conn.execute(
            update(plan)
            .where(plan.c.id == plan_id)
            .values(status="published", published_at=now(), published_by=user)
        )
        detail = {
            "plan_id": plan_id,
            "assignments": int(n or 0),
            "republished": status == "published",
        }
        record_change(conn, now, user, "publish_plan", detail)


def plans(engine: Engine) -> pd.DataFrame:
    """Read the saved plans, newest first.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.

    Returns
    -------
    pandas.DataFrame
        :data:`geo.store.tables.PLAN_COLUMNS`; ``params`` is a dict, ``assignments`` counts the
        plan's rows (0 when it has none) and ``expected_activations`` sums theirs.
    """
    counts = (
        select(
            assignment.c.plan_id,
            func.count().label("assignments"),
            func.sum(assignment.c.expected_activations).label("expected_activations"),
        )
        .group_by(assignment.c.plan_id)
        .subquery()
    )
    q = (
        select(
            *(plan.c[c] for c in PLAN_COLUMNS[:-2]),
            func.coalesce(counts.c.assignments, 0).label("assignments"),
            counts.c.expected_activations,
        )
        .join_from(plan, counts, plan.c.id == counts.c.plan_id, isouter=True)
        .order_by(plan.c.id.desc())
    )
    with engine.connect() as conn:
        return read_frame(
            conn,
            q,
            ints=["id", "horizon_days", "assignments"],
            floats=["expected_activations"],
            datetimes=["created_at", "horizon_start", "published_at"],
        )


def plan_assignments(engine: Engine, plan_id: int) -> pd.DataFrame:
    """Read the assignments of a plan, by date, team and commune.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    plan_id : int
        The plan.

    Returns
    -------
    pandas.DataFrame
        :data:`geo.store.tables.ASSIGNMENT_COLUMNS` (``date`` is ``datetime64[ns]``).

    Raises
    ------
    KeyError
        No such plan.
    """
    plan_id = int(plan_id)
    q = (
        select(*(assignment.c[c] for c in ASSIGNMENT_COLUMNS))
        .where(assignment.c.plan_id == plan_id)
        .order_by(assignment.c.date, assignment.c.team, assignment.c.code, assignment.c.id)
    )
    with engine.connect() as conn:
        _require_plan(conn, plan_id)
        return read_frame(
            conn,
            q,
            ints=["plan_id"],
            floats=["travel_min", "expected_activations"],
            datetimes=["date"],
        )


def published_plan(engine: Engine) -> tuple[int, pd.DataFrame] | None:
    """Return the current plan: the latest published one, with its assignments.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.

    Returns
    -------
    tuple of (int, pandas.DataFrame) or None
        ``(plan id, its assignments)``; ``None`` when no plan was ever published.
    """
    q = (
        select(plan.c.id)
        .where(plan.c.status == "published")
        .order_by(plan.c.published_at.desc(), plan.c.id.desc())
        .limit(1)
    )
    with engine.connect() as conn:
        plan_id = conn.execute(q).scalar()
    if plan_id is None:
        return None
    return int(plan_id), plan_assignments(engine, int(plan_id))
