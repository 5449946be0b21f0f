"""What every notice prints of a commune's visits: its evenings, their window, the teams' contacts.

The one-commune notice (:mod:`~geo.outputs.notices.notice_pdf`), the district poster
(:mod:`~geo.outputs.notices.poster`) and the loudspeaker / Zalo text
(:mod:`~geo.outputs.notices.announcement`) print the same evenings (one per date and time window,
:func:`commune_evenings`), the same window text (:func:`window_text`, ``18:10-21:20``) and the
same contact line per team (:func:`team_contact_lines`, «Liên hệ tổ: Tổ 1 – 0912 345 678»).
Team names and contact lines are user text: they are returned as plain text, never markup.
Nothing here imports streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple, cast

import pandas as pd

from geo.fmt import display_text, format_time, is_missing
from geo.i18n import _

__all__ = [
    "BLANK_CONTACT",
    "Evening",
    "commune_evenings",
    "normalise_schedule",
    "team_contact_lines",
    "window_text",
]

#: Dotted line printed where a contact is to be filled in by hand.
BLANK_CONTACT = "................................"


class Evening(NamedTuple):
    """One evening of a commune: its date, its time window (as printed) and its teams."""

    date: pd.Timestamp
    window: str
    teams: tuple[str, ...]


def window_text(start: object, end: object) -> str:
    """Write a time window as the notices print it, or "time to be announced".

    Parameters
    ----------
    start, end : object
        ``"18:10"``-like times (or missing).

    Returns
    -------
    str
        ``18:10-21:20`` (the glossary's form), or the catalog's "giờ sẽ thông báo sau".

    Examples
    --------
    >>> window_text("18:10", "21:20"), window_text("8:05", "11:00"), window_text(None, "21:20")
    ('18:10-21:20', '08:05-11:00', 'giờ sẽ thông báo sau')
    """
    if is_missing(start) or is_missing(end):
        return _("giờ sẽ thông báo sau")
    return f"{format_time(start)}-{format_time(end)}"


def normalise_schedule(schedule: pd.DataFrame) -> pd.DataFrame:
    """Copy a schedule with dates as days and teams and codes as text.

    Parameters
    ----------
    schedule : DataFrame
        ``date, team, code`` and optionally ``name, window_start, window_end``.

    Returns
    -------
    DataFrame
        The same rows; ``date`` normalised to midnight, ``team`` and ``code`` strings.
    """
    s = schedule.copy()
    s["date"] = pd.to_datetime(s["date"]).dt.normalize()
    s["team"], s["code"] = s["team"].astype(str), s["code"].astype(str)
    return s


def commune_evenings(rows: pd.DataFrame) -> list[Evening]:
    """Group one commune's rows into evenings (same date and window: one evening).

    Parameters
    ----------
    rows : DataFrame
        The commune's rows of a schedule (``date, team`` and optionally ``window_start``,
        ``window_end``).

    Returns
    -------
    list of Evening
        Sorted by date and window; the teams of an evening sorted by name.

    Examples
    --------
    >>> rows = pd.DataFrame({"date": ["2023-06-02", "2023-06-01", "2023-06-01"],
    ...                      "team": ["Tổ 1", "Tổ 2", "Tổ 1"],
    ...                      "window_start": ["16:15", "18:10", "18:10"],
    ...                      "window_end": ["19:15", "21:20", "21:20"]})
    >>> [(f"{e.date:%d/%m}", e.window, e.teams) for e in commune_evenings(rows)]
    [('01/06', '18:10-21:20', ('Tổ 1', 'Tổ 2')), ('02/06', '16:15-19:15', ('Tổ 1',))]
    """
    if rows.empty:
        return []
    none = [None] * len(rows)
    r = pd.DataFrame(
        {
            "date": pd.to_datetime(rows["date"]).dt.normalize().to_numpy(),
            "team": rows["team"].astype(str).to_numpy(),
            "w": [
                window_text(a, b)
                for a, b in zip(
                    rows.get("window_start", none),
                    rows.get("window_end", none),
                    strict=True,
                )
            ],
        }
    )
    out = []
    for key, g in r.groupby(["date", "w"], sort=True):
        d, w = cast(tuple[pd.Timestamp, str], key)
        out.append(Evening(pd.Timestamp(d), w, tuple(sorted(set(g["team"])))))
    return out


def team_contact_lines(
    teams: Iterable[str], contacts: Mapping[str, object] | None, *, blank: str | None = None
) -> list[str]:
    """Write «Liên hệ tổ: <team> – <contact>» for each team, in the language in use.

    Parameters
    ----------
    teams : iterable of str
        The teams of a commune (repeats dropped, sorted by name).
    contacts : mapping, optional
        Team name -> contact line (:meth:`geo.store.Store.teams`' ``contact``).
    blank : str, optional
        Printed for a team without a contact (a dotted line to fill by hand); ``None`` writes
        the team alone.

    Returns
    -------
    list of str
        One plain-text line per team.

    Examples
    --------
    >>> team_contact_lines(["Tổ 2", "Tổ 1", "Tổ 2"], {"Tổ 1": "0912 345 678"})
    ['Liên hệ tổ: Tổ 1 – 0912 345 678', 'Liên hệ tổ: Tổ 2']
    >>> team_contact_lines(["Tổ 2"], None, blank="......")
    ['Liên hệ tổ: Tổ 2 – ......']
    """
    given = contacts or {}
    lines = []
    for team in sorted({display_text(t) for t in teams}):
        name = " ".join(team.split())  # one line, whatever was typed
        contact = " ".join(display_text(given.get(team)).split()) or blank
        if contact:
            lines.append(_("Liên hệ tổ: {team} – {contact}").format(team=name, contact=contact))
        else:
            lines.append(_("Liên hệ tổ: {team}").format(team=name))
    return lines
