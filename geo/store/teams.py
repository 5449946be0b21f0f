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

from collections.abc import Iterable, Mapping

import pandas as pd
from sqlalchemy import delete, exists, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.dml import Insert

from geo.i18n import _
from geo.store.audit import Clock, record_change
from geo.store.frames import read_frame, records
from geo.store.tables import TEAM_COLUMNS, team, visit

__all__ = [
    "CONTACT_MAX",
    "clean_contact",
    "remove_created_teams",
    "set_team_contacts",
    "team_ids",
    "teams",
    "update_teams",
]

_SPEC = {"name": "str", "members": "int", "base_lat": "float", "base_lon": "float"}
#: Longest contact line of a team, in characters (``team.contact`` is ``String(200)``).
CONTACT_MAX = 200


def clean_contact(value: object) -> str | None:
    r"""Read a team's contact line as typed: one line of plain text, or ``None`` to clear it.

    Parameters
    ----------
    value : object
        What the user typed; runs of spaces, tabs and line breaks become one space.

    Returns
    -------
    str or None
        The line, or ``None`` when it is blank.

    Raises
    ------
    ValueError
        When it is longer than :data:`CONTACT_MAX` characters.

    Examples
    --------
    >>> clean_contact("  Đ/c Minh\n 0912 345 678 "), clean_contact("   ")
    ('Đ/c Minh 0912 345 678', None)
    """
    line = " ".join(str(value).split())
    if len(line) > CONTACT_MAX:
        raise ValueError(_("Thông tin liên hệ của tổ dài quá {n} ký tự.").format(n=CONTACT_MAX))
    return line or None


def _insert_new_teams(conn: Connection) -> Insert:
    """Build an ``INSERT`` of teams that skips names already there (``ON CONFLICT DO NOTHING``).

    Concurrent imports that create the same new team then all succeed, on SQLite and PostgreSQL;
    other backends get a plain ``INSERT``.

    Returns
    -------
    sqlalchemy.sql.dml.Insert
        The statement, to run with a list of ``{"name": ..., "created_by_import": ...}``.
    """
    name = conn.dialect.name
    if name == "postgresql":
        return postgresql.insert(team).on_conflict_do_nothing(index_elements=["name"])
    if name == "sqlite":
        return sqlite.insert(team).on_conflict_do_nothing(index_elements=["name"])
    return insert(team)


def team_ids(
    conn: Connection, names: Iterable[str], *, created_by: int | None = None
) -> dict[str, int]:
    """Return the ids of the named teams, creating the missing ones.

    Parameters
    ----------
    conn : sqlalchemy.engine.Connection
        Connection of the write's transaction.
    names : iterable of str
        Team names (repeats allowed).
    created_by : int, optional
        The import batch creating the teams, stored in ``team.created_by_import`` of the teams
        this call creates (not of the teams already there, nor of those another transaction
        created at the same moment).

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
    missing = [{"name": n, "created_by_import": created_by} for n in wanted if n not in found]
    if missing:
        conn.execute(_insert_new_teams(conn), missing)
        found = {name: tid for name, tid in conn.execute(q)}
    return found


def remove_created_teams(conn: Connection, batch_id: int) -> list[str]:
    """Delete the teams a batch created that no visit uses any more (its undo).

    Parameters
    ----------
    conn : sqlalchemy.engine.Connection
        Connection of the undo's transaction, after the batch's visits were deleted.
    batch_id : int
        The undone batch.

    Returns
    -------
    list of str
        Names of the teams removed, sorted.
    """
    unused = (team.c.created_by_import == batch_id) & ~exists().where(visit.c.team_id == team.c.id)
    names = sorted(conn.execute(select(team.c.name).where(unused)).scalars())
    if names:
        conn.execute(delete(team).where(unused))
    return names


def update_teams(engine: Engine, now: Clock, frame: pd.DataFrame, user: str) -> int:
    """Create or update teams by name (``members``, ``base_lat``, ``base_lon``, ``contact``).

    Missing columns or ``<NA>`` values leave the stored value unchanged; a blank ``contact``
    clears it (:func:`clean_contact`). Audited as ``update_teams``; the revision is bumped.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock of the audit row.
    frame : pandas.DataFrame
        ``name`` and any of ``members, base_lat, base_lon, contact``.
    user : str
        Who edits.

    Returns
    -------
    int
        Number of teams written.

    Raises
    ------
    ValueError
        A contact longer than :data:`CONTACT_MAX` characters (nothing is written).
    """
    rows = records(frame, _SPEC)
    contacts: list[object] = (
        frame["contact"].astype(object).where(frame["contact"].notna(), None).tolist()
        if "contact" in frame
        else [None] * len(rows)
    )
    for r, contact in zip(rows, contacts, strict=True):
        if contact is not None:
            r["contact"] = clean_contact(contact)
    with engine.begin() as conn:
        ids = team_ids(conn, (r["name"] for r in rows))
        for r in rows:
            values = {k: v for k, v in r.items() if k != "name" and v is not None}
            if "contact" in r:
                values["contact"] = r["contact"]  # None clears it
            if values:
                conn.execute(update(team).where(team.c.id == ids[r["name"]]).values(**values))
        record_change(conn, now, user, "update_teams", {"teams": [r["name"] for r in rows]})
    return len(rows)


def set_team_contacts(engine: Engine, now: Clock, contacts: Mapping[str, object], user: str) -> int:
    """Set the contact lines of teams, by name (one ``update_teams`` write, audited).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock of the audit row.
    contacts : mapping
        Team name -> contact line (blank or ``None`` clears it); unknown names create teams,
        as :func:`update_teams` does.
    user : str
        Who edits.

    Returns
    -------
    int
        Number of teams written.

    Examples
    --------
    >>> from datetime import datetime
    >>> from geo.store.engine import make_engine
    >>> from geo.store.migrations import migrate
    >>> engine = make_engine("sqlite://")
    >>> migrate(engine, lambda: datetime(2023, 3, 14))
    >>> set_team_contacts(engine, lambda: datetime(2023, 3, 14), {"Tổ 1": "0912 345 678"}, "an")
    1
    >>> teams(engine)[["name", "contact"]].to_dict("records")
    [{'name': 'Tổ 1', 'contact': '0912 345 678'}]
    """
    names = [str(n) for n in contacts]
    given = ["" if contacts[n] is None else contacts[n] for n in contacts]
    frame = pd.DataFrame({"name": names, "contact": pd.Series(given, dtype=object)})
    return update_teams(engine, now, frame, user)


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
            select(*(team.c[c] for c in TEAM_COLUMNS)).order_by(team.c.id),
            ints=["id", "members"],
            floats=["base_lat", "base_lon"],
        )
