"""Teams: created by name when a visit file names them, edited from the planner page.

Examples
--------
>>> from datetime import datetime
>>> from geo.store.engine import make_engine
>>> from geo.store.migrations import migrate
>>> engine = make_engine("sqlite://")
>>> migrate(engine, lambda: datetime(2023, 3, 14))
>>> edit = pd.DataFrame({"name": ["Tổ 1"], "members": [3]})
>>> update_teams(engine, lambda: datetime(2023, 3, 14), edit, "an")
1
>>> teams(engine)[["id", "name", "members"]].to_dict("records")
[{'id': 1, 'name': 'Tổ 1', 'members': 3}]
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine

from geo.store.audit import Clock, record_change
from geo.store.frames import read_frame, records
from geo.store.tables import team

__all__ = ["team_ids", "teams", "update_teams"]

_SPEC = {"name": "str", "members": "int", "base_lat": "float", "base_lon": "float"}


def team_ids(conn: Connection, names: Iterable[str]) -> dict[str, int]:
    """Return the ids of the named teams, creating the missing ones.

    Parameters
    ----------
    conn : sqlalchemy.engine.Connection
        Connection of the write's transaction.
    names : iterable of str
        Team names (repeats allowed).

    Returns
    -------
    dict of str to int
        Team name -> id.
    """
    wanted = sorted({str(n) for n in names})
    if not wanted:
        return {}
    q = select(team.c.name, team.c.id).where(team.c.name.in_(wanted))
    found = {name: tid for name, tid in conn.execute(q)}
    missing = [{"name": n} for n in wanted if n not in found]
    if missing:
        conn.execute(insert(team), missing)
        found = {name: tid for name, tid in conn.execute(q)}
    return found


def update_teams(engine: Engine, now: Clock, frame: pd.DataFrame, user: str) -> int:
    """Create or update teams by name (``members``, ``base_lat``, ``base_lon``).

    Missing columns or ``<NA>`` values leave the stored value unchanged. Audited as
    ``update_teams``; the revision is bumped.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock of the audit row.
    frame : pandas.DataFrame
        ``name`` and any of ``members, base_lat, base_lon``.
    user : str
        Who edits.

    Returns
    -------
    int
        Number of teams written.
    """
    rows = records(frame, _SPEC)
    with engine.begin() as conn:
        ids = team_ids(conn, (r["name"] for r in rows))
        for r in rows:
            values = {k: v for k, v in r.items() if k != "name" and v is not None}
            if values:
                conn.execute(update(team).where(team.c.id == ids[r["name"]]).values(**values))
        record_change(conn, now, user, "update_teams", {"teams": [r["name"] for r in rows]})
    return len(rows)


def teams(engine: Engine) -> pd.DataFrame:
    """Read every team, by id.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.

    Returns
    -------
    pandas.DataFrame
        :data:`geo.store.tables.TEAM_COLUMNS` (``id``, ``members`` as ``Int64``).
    """
    with engine.connect() as conn:
        return read_frame(
            conn,
            select(team).order_by(team.c.id),
            ints=["id", "members"],
            floats=["base_lat", "base_lon"],
        )
