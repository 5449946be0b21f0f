"""The stored commune registry: replace the rows of a registry version, read them back.

:func:`sync_communes` runs every time the app opens its database. It compares the incoming rows
with the stored ones first and writes (and bumps the store revision) only when they differ, so
opening the app does not make every cached page stale.

Examples
--------
>>> from datetime import datetime
>>> from geo.store.migrations import migrate
>>> from geo.store.engine import make_engine
>>> engine = make_engine("sqlite://")
>>> migrate(engine, lambda: datetime(2023, 3, 14))
>>> rows = pd.DataFrame({"version": ["2025-07"], "code": ["13291"], "name": ["Lê Hồng Phong"]})
>>> sync_communes(engine, rows), communes(engine)["name"].tolist()
(1, ['Lê Hồng Phong'])
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.engine import Connection, Engine

from geo.store.audit import bump_revision
from geo.store.frames import insert_chunked, read_frame, records
from geo.store.tables import commune

__all__ = ["communes", "sync_communes"]

_SPEC = {
    "version": "str",
    "code": "str",
    "name": "str",
    "full_name": "str",
    "type": "str",
    "district_code": "str",
    "district_name": "str",
    "urban": "bool",
    "population_2019": "int",
    "lat": "float",
    "lon": "float",
}


def _unchanged(conn: Connection, versions: list[str], rows: list[dict[str, Any]]) -> bool:
    """Tell whether the stored rows of ``versions`` are exactly ``rows``.

    Returns
    -------
    bool
        ``True`` when the same rows (any order) are stored; then nothing needs writing.
    """
    names = [c.name for c in commune.columns]
    stored = conn.execute(select(commune).where(commune.c.version.in_(versions))).all()
    return Counter(tuple(r) for r in stored) == Counter(tuple(r[n] for n in names) for r in rows)


def sync_communes(engine: Engine, frame: pd.DataFrame) -> int:
    """Replace the stored communes of every version present in a registry frame.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    frame : pandas.DataFrame
        Registry frame (:data:`geo.places.registry.COMMUNE_COLUMNS`).

    Returns
    -------
    int
        Rows of ``frame``; they are written, and the revision bumped, only when the stored rows of
        those versions differ from them.
    """
    rows = records(frame, _SPEC)
    for r in rows:
        r["urban"] = None if r["urban"] is None else bool(r["urban"])
    versions = sorted({str(v) for v in frame["version"].unique()})
    with engine.begin() as conn:
        if _unchanged(conn, versions, rows):
            return len(rows)
        conn.execute(delete(commune).where(commune.c.version.in_(versions)))
        insert_chunked(conn, commune, rows)
        bump_revision(conn)
    return len(rows)


def communes(engine: Engine, version: str | None = None) -> pd.DataFrame:
    """Read the stored communes, of every version or of one.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    version : str, optional
        Registry version to keep.

    Returns
    -------
    pandas.DataFrame
        The ``commune`` columns, by version and code (``urban`` is ``boolean``).
    """
    q = select(commune).order_by(commune.c.version, commune.c.code)
    if version is not None:
        q = q.where(commune.c.version == version)
    with engine.connect() as conn:
        df = read_frame(conn, q, ints=["population_2019"], floats=["lat", "lon"])
    df["urban"] = df["urban"].astype("boolean")
    return df
