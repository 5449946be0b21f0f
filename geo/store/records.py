"""Reads of the imported records: the visits and the targets of the active batches.

Targets keep every row with its ``import_id``; :func:`targets` returns, per ``(code, as_of)``,
the rows of the latest active batch, so undoing a correction restores the earlier figures.

Examples
--------
>>> from datetime import datetime
>>> from geo.store.engine import make_engine
>>> from geo.store.migrations import migrate
>>> engine = make_engine("sqlite://")
>>> migrate(engine, lambda: datetime(2023, 3, 14))
>>> visits(engine).columns[:3].tolist(), targets(engine).empty
(['date', 'team', 'code'], True)
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import String, and_, func, select, type_coerce, union
from sqlalchemy.engine import Engine

from geo.store.frames import read_frame
from geo.store.tables import (
    TARGET_COLUMNS,
    TARGET_COUNTS,
    VISIT_COLUMNS,
    VISIT_COUNTS,
    import_batch,
    target,
    team,
    visit,
)

__all__ = ["batch_communes", "targets", "visits"]


def visits(engine: Engine) -> pd.DataFrame:
    """Read the visits of the active batches, by date.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.

    Returns
    -------
    pandas.DataFrame
        ``VISIT_COLUMNS + [id, team_id, import_id]``; ``team`` is the team's name, ``date`` is
        ``datetime64[ns]`` and the counts are ``Int64``.
    """
    cols = [
        # no per-row date conversion in Python: SQLite hands back ISO text, parsed in one
        # vectorised call (PostgreSQL drivers return dates, which parse the same)
        type_coerce(visit.c.date, String).label("date"),
        team.c.name.label("team"),
        *(visit.c[c] for c in VISIT_COLUMNS[2:]),
        visit.c.id,
        visit.c.team_id,
        visit.c.import_id,
    ]
    q = select(*cols).join_from(visit, team).order_by(visit.c.date, visit.c.id)
    with engine.connect() as conn:
        return read_frame(
            conn,
            q,
            ints=[*VISIT_COUNTS, "id", "team_id", "import_id"],
            floats=["lat", "lon"],
            datetimes=["date"],
        )


def targets(engine: Engine, *, latest_only: bool = True) -> pd.DataFrame:
    """Read the targets of the active batches.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    latest_only : bool, default True
        Per ``(code, as_of)`` keep only the rows of the latest active batch; ``False`` returns
        every stored row of the active batches (history).

    Returns
    -------
    pandas.DataFrame
        ``TARGET_COLUMNS + [import_id]`` by date and code; ``as_of`` is ``datetime64[ns]``, the
        counts are ``Int64``.
    """
    cols = [*(target.c[c] for c in TARGET_COLUMNS), target.c.import_id]
    active = and_(target.c.import_id == import_batch.c.id, import_batch.c.undone_at.is_(None))
    q = select(*cols).join(import_batch, active)
    if latest_only:
        latest = (
            select(target.c.code, target.c.as_of, func.max(target.c.import_id).label("import_id"))
            .join(import_batch, active)
            .group_by(target.c.code, target.c.as_of)
            .subquery()
        )
        q = q.join(
            latest,
            and_(
                target.c.code == latest.c.code,
                target.c.as_of == latest.c.as_of,
                target.c.import_id == latest.c.import_id,
            ),
        )
    q = q.order_by(target.c.as_of, target.c.code, target.c.id)
    with engine.connect() as conn:
        df = read_frame(conn, q, ints=[*TARGET_COUNTS, "import_id"], datetimes=["as_of"])
    if latest_only:
        df = df.drop_duplicates(["code", "as_of"], keep="last").reset_index(drop=True)
    return df


def batch_communes(engine: Engine) -> pd.DataFrame:
    """Read which communes each batch holds (distinct, in the database: no rows are loaded).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.

    Returns
    -------
    pandas.DataFrame
        ``import_id, code``, one row per batch and commune of its stored visits and targets
        (every target row: a superseded batch keeps its place), by batch and code.

    Examples
    --------
    >>> from datetime import datetime
    >>> from geo.store.engine import make_engine
    >>> from geo.store.migrations import migrate
    >>> engine = make_engine("sqlite://")
    >>> migrate(engine, lambda: datetime(2023, 3, 14))
    >>> batch_communes(engine).columns.tolist()
    ['import_id', 'code']
    """
    both = union(
        select(visit.c.import_id, visit.c.code).distinct(),
        select(target.c.import_id, target.c.code).distinct(),
    ).subquery()
    query = select(both.c.import_id, both.c.code).order_by(both.c.import_id, both.c.code)
    with engine.connect() as conn:
        return read_frame(conn, query, ints=["import_id"])
