"""Drafts of the evening report («Báo cáo buổi tối», issue 16): kept on the server as it is typed.

One draft per team and evening (the unique constraint ``ux_report_draft_team_date``): the page
saves the whole form after every change, so a dropped connection, a reload or a dead battery
loses nothing, and a new session of the same team leader (or of another leader of the same team)
finds it again. Saving the same form again writes nothing (the page saves after each run and
most runs change nothing); sending the report deletes the draft. A draft is no data of the
dashboard: it writes no audit row and does not change the revision.

The payload is the form as JSON text (dates as ISO text); it is user text, drawn inert by the page.

Examples
--------
>>> from datetime import date, datetime
>>> from geo.store.engine import make_engine
>>> from geo.store.migrations import migrate
>>> engine = make_engine("sqlite://")
>>> clock = lambda: datetime(2023, 3, 14, 13, 0)
>>> migrate(engine, clock)
>>> day = date(2023, 3, 14)
>>> save_draft(engine, clock, "Tổ 1", day, {"entries": [{"households": 3}]}, "tu")
True
>>> save_draft(engine, clock, "Tổ 1", day, {"entries": [{"households": 3}]}, "tu")
False
>>> load_draft(engine, "Tổ 1", day).payload
{'entries': [{'households': 3}]}
>>> delete_draft(engine, "Tổ 1", day), load_draft(engine, "Tổ 1", day)
(True, None)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from geo.store.audit import Clock
from geo.store.tables import report_draft

__all__ = [
    "MAX_DRAFT_CHARS",
    "Draft",
    "ReportDraftsMixin",
    "delete_draft",
    "draft_text",
    "load_draft",
    "save_draft",
]

#: Longest payload kept, in characters of JSON (a report of a hundred places is far below).
MAX_DRAFT_CHARS = 200_000


@dataclass(frozen=True)
class Draft:
    """A saved draft.

    Attributes
    ----------
    payload : dict
        The form as it was saved.
    updated_at : datetime.datetime
        When it was last saved (naive UTC).
    updated_by : str
        Who saved it last.
    """

    payload: dict[str, Any]
    updated_at: datetime
    updated_by: str


def _json_default(value: Any) -> Any:
    """Write dates as ISO text; refuse anything else JSON cannot hold."""
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def draft_text(payload: Mapping[str, Any]) -> str:
    """Write a payload as the JSON text stored (sorted keys, so equal forms give equal text).

    Parameters
    ----------
    payload : mapping
        The form: JSON values, dates allowed (written as ISO text).

    Returns
    -------
    str
        The JSON text.

    Raises
    ------
    ValueError
        When the text is longer than :data:`MAX_DRAFT_CHARS`.

    Examples
    --------
    >>> from datetime import date
    >>> draft_text({"b": 1, "a": date(2023, 3, 14), "n": "Tổ 1"})
    '{"a": "2023-03-14", "b": 1, "n": "Tổ 1"}'
    """
    text = json.dumps(dict(payload), sort_keys=True, ensure_ascii=False, default=_json_default)
    if len(text) > MAX_DRAFT_CHARS:
        raise ValueError(f"draft of {len(text)} characters, more than {MAX_DRAFT_CHARS}")
    return text


def _where(team: str, day: date) -> Any:
    return (report_draft.c.team == str(team)) & (report_draft.c.date == day)


def _stored(conn: Connection, team: str, day: date) -> str | None:
    return conn.execute(select(report_draft.c.payload).where(_where(team, day))).scalar()


def save_draft(
    engine: Engine, now: Clock, team: str, day: date, payload: Mapping[str, Any], user: str
) -> bool:
    """Keep the draft of a team's evening (insert or replace); the same payload writes nothing.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock giving ``updated_at``.
    team : str
        The mobile team.
    day : datetime.date
        The evening.
    payload : mapping
        The form (:func:`draft_text`).
    user : str
        Who typed it (``updated_by``).

    Returns
    -------
    bool
        ``True`` when written, ``False`` when the stored draft was the same already.

    Raises
    ------
    ValueError
        When the payload is too long (:data:`MAX_DRAFT_CHARS`).
    """
    text = draft_text(payload)
    values = {"payload": text, "updated_at": now(), "updated_by": user}
    for _attempt in range(3):
        with engine.begin() as conn:
            stored = _stored(conn, team, day)
            if stored == text:
                return False
            if stored is not None:
                conn.execute(update(report_draft).where(_where(team, day)).values(**values))
                return True
        try:
            with engine.begin() as conn:
                conn.execute(insert(report_draft).values(team=str(team), date=day, **values))
            return True
        except IntegrityError:  # another session inserted it meanwhile: update it instead
            continue
    raise RuntimeError("the draft could not be saved")  # pragma: no cover


def load_draft(engine: Engine, team: str, day: date) -> Draft | None:
    """Return the draft of a team's evening, or ``None`` when there is none.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    team : str
        The mobile team.
    day : datetime.date
        The evening.

    Returns
    -------
    Draft or None
        The saved form; ``None`` also when the stored text is not a JSON object.
    """
    q = select(report_draft.c.payload, report_draft.c.updated_at, report_draft.c.updated_by)
    with engine.connect() as conn:
        row = conn.execute(q.where(_where(team, day))).first()
    if row is None:
        return None
    try:
        payload = json.loads(row.payload)
    except ValueError:
        return None
    if not isinstance(payload, dict):
        return None
    return Draft(payload, row.updated_at, str(row.updated_by))


def delete_draft(engine: Engine, team: str, day: date) -> bool:
    """Delete the draft of a team's evening (when its report is sent).

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    team : str
        The mobile team.
    day : datetime.date
        The evening.

    Returns
    -------
    bool
        Whether there was one.
    """
    with engine.begin() as conn:
        return bool(conn.execute(delete(report_draft).where(_where(team, day))).rowcount)


class ReportDraftsMixin:
    """Evening report drafts as methods of :class:`geo.store.Store` (save, load, delete).

    The class using it sets ``engine`` (the store's SQLAlchemy engine) and ``_now`` (its clock
    of naive UTC datetimes). The page asks :func:`geo.access.decide` (``enter_results`` for the
    team) first.
    """

    engine: Engine
    _now: Clock

    def save_report_draft(
        self, team: str, day: date, payload: Mapping[str, Any], user: str
    ) -> bool:
        """Keep the draft of a team's evening (:func:`save_draft`).

        Parameters
        ----------
        team : str
            The mobile team.
        day : datetime.date
            The evening.
        payload : mapping
            The form.
        user : str
            Who typed it.

        Returns
        -------
        bool
            ``True`` when written, ``False`` when unchanged.
        """
        return save_draft(self.engine, self._now, team, day, payload, user)

    def report_draft(self, team: str, day: date) -> Draft | None:
        """Return the draft of a team's evening (:func:`load_draft`).

        Parameters
        ----------
        team : str
            The mobile team.
        day : datetime.date
            The evening.

        Returns
        -------
        Draft or None
            The saved form, or ``None``.
        """
        return load_draft(self.engine, team, day)

    def delete_report_draft(self, team: str, day: date) -> bool:
        """Delete the draft of a team's evening (:func:`delete_draft`).

        Parameters
        ----------
        team : str
            The mobile team.
        day : datetime.date
            The evening.

        Returns
        -------
        bool
            Whether there was one.
        """
        return delete_draft(self.engine, team, day)
