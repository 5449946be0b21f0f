"""The schedule tab's tables: teams, the schedule editor and its reverse, grid, meeting points.

Headers come out in the language in use (:mod:`geo.i18n`); a table read back (the edited team
table, the edited schedule) is read in the same language it was shown in.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from geo.fmt import format_date, format_weekday
from geo.i18n import _
from geo.planning.tables.labels import COL_COMMUNE, COL_DATE, COL_TEAM, TEAM_COLUMNS

__all__ = [
    "assignments_from_editor",
    "commune_labels",
    "editor_frame",
    "meeting_points_frame",
    "schedule_grid",
    "team_table",
    "teams_from_table",
]


def team_table(teams: pd.DataFrame) -> pd.DataFrame:
    """Show the teams under the headers of :data:`TEAM_COLUMNS`, in the language in use.

    Parameters
    ----------
    teams : DataFrame
        ``name, members, base_lat, base_lon``.

    Returns
    -------
    DataFrame
        The same columns under their headers.

    Examples
    --------
    >>> t = pd.DataFrame({"name": ["Tổ 1"], "members": [2], "base_lat": [20.5],
    ...                   "base_lon": [105.9]})
    >>> teams_from_table(team_table(t)).equals(t)
    True
    >>> from geo.i18n import language
    >>> with language("en"):
    ...     team_table(t).columns.tolist()
    ['Mobile team', 'Officers', 'Base latitude', 'Base longitude']
    """
    return pd.DataFrame({_(header): teams[col] for col, header in TEAM_COLUMNS.items()})


def teams_from_table(table: pd.DataFrame) -> pd.DataFrame:
    """Read the edited team table back into team columns (the reverse of :func:`team_table`).

    Parameters
    ----------
    table : DataFrame
        The table under the headers of :data:`TEAM_COLUMNS`, in the language in use.

    Returns
    -------
    DataFrame
        ``name, members, base_lat, base_lon``.
    """
    return pd.DataFrame({col: table[_(header)] for col, header in TEAM_COLUMNS.items()})


def commune_labels(candidates: pd.DataFrame) -> dict[str, str]:
    """Label each commune that may be scheduled as ``"name (code)"``.

    Parameters
    ----------
    candidates : DataFrame
        ``code, name``.

    Returns
    -------
    dict
        ``{code: label}`` in row order.

    Examples
    --------
    >>> commune_labels(pd.DataFrame({"code": ["13291"], "name": ["Lê Hồng Phong"]}))
    {'13291': 'Lê Hồng Phong (13291)'}
    """
    codes = candidates["code"].astype(str)
    return {c: f"{n} ({c})" for c, n in zip(codes, candidates["name"], strict=True)}


def editor_frame(schedule: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Lay a schedule out for the editor: number, date, team, commune label.

    Parameters
    ----------
    schedule : DataFrame
        ``date, team, code``.
    labels : mapping str -> str
        :func:`commune_labels` (a code without a label is shown as it is).

    Returns
    -------
    DataFrame
        ``STT`` (row number) and the :data:`COL_DATE`, :data:`COL_TEAM`, :data:`COL_COMMUNE`
        columns, headed in the language in use.

    Examples
    --------
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2023-06-01"]), "team": ["Tổ 1"],
    ...                   "code": ["13291"]})
    >>> labels = {"13291": "Lê Hồng Phong (13291)"}
    >>> editor_frame(s, labels).values.tolist()
    [[1, datetime.date(2023, 6, 1), 'Tổ 1', 'Lê Hồng Phong (13291)']]
    >>> (assignments_from_editor(editor_frame(s, labels), labels) == s).all().all()
    np.True_
    >>> from geo.i18n import language
    >>> with language("en"):
    ...     editor_frame(s, labels).columns.tolist()
    ['No.', 'Date', 'Mobile team', 'Commune/ward/township']
    """
    return pd.DataFrame(
        {
            _("STT"): range(1, len(schedule) + 1),
            _(COL_DATE): pd.to_datetime(schedule["date"]).dt.date,
            _(COL_TEAM): schedule["team"],
            _(COL_COMMUNE): [labels.get(c, c) for c in schedule["code"]],
        }
    )


def assignments_from_editor(edited: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Read the edited schedule back into assignments (rows left incomplete are dropped).

    Parameters
    ----------
    edited : DataFrame
        :func:`editor_frame` after the user's edits (headed in the language in use).
    labels : mapping str -> str
        The labels the editor showed (:func:`commune_labels`).

    Returns
    -------
    DataFrame
        ``date`` (datetime64), ``team``, ``code``.
    """
    codes_of = {v: k for k, v in labels.items()}
    day, team, commune = _(COL_DATE), _(COL_TEAM), _(COL_COMMUNE)
    rows = edited.dropna(subset=[day, team, commune])
    return pd.DataFrame(
        {
            "date": pd.to_datetime(rows[day]),
            "team": rows[team].astype(str),
            "code": [codes_of.get(x, x) for x in rows[commune]],
        }
    )


def schedule_grid(schedule: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Pivot a schedule into a date × team grid of "commune HH:MM-HH:MM" cells.

    Parameters
    ----------
    schedule : DataFrame
        ``date, team, code, window_start, window_end``.
    names : mapping str -> str
        Commune names by code (a code without a name is shown as it is).

    Returns
    -------
    DataFrame
        Index "weekday dd/mm/yyyy" named :data:`COL_DATE` (schedule order), a column per team;
        two rows of one team on one evening are joined with "; ". Weekdays and the index name
        are in the language in use.

    Examples
    --------
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2023-06-01", "2023-06-01"]),
    ...                   "team": ["Tổ 1", "Tổ 2"], "code": ["1", "2"],
    ...                   "window_start": ["18:10", None], "window_end": ["21:20", None]})
    >>> schedule_grid(s, {"1": "Xã A"}).to_dict("index")
    {'Thứ Năm 01/06/2023': {'Tổ 1': 'Xã A 18:10-21:20', 'Tổ 2': '2'}}
    """
    cells = schedule.assign(
        day=[f"{format_weekday(d)} {format_date(d)}" for d in schedule["date"]],
        cell=[
            f"{names.get(c, c)} {a}-{b}" if isinstance(a, str) else names.get(c, c)
            for c, a, b in zip(
                schedule["code"], schedule["window_start"], schedule["window_end"], strict=True
            )
        ],
    )
    grid = cells.pivot_table(
        index="day", columns="team", values="cell", aggfunc="; ".join, sort=False
    ).fillna("")
    grid.index.name, grid.columns.name = _(COL_DATE), None
    return grid


def meeting_points_frame(points: pd.DataFrame) -> pd.DataFrame:
    """Lay the meeting points out for their editor.

    Parameters
    ----------
    points : DataFrame
        :func:`geo.outputs.notices.meeting_point_table` (``code, name, first_date,
        meeting_point``).

    Returns
    -------
    DataFrame
        ``Mã xã``, :data:`COL_COMMUNE`, ``Buổi đầu tiên`` (date), ``Địa điểm tập trung``, in the
        language in use.

    Examples
    --------
    >>> from geo.i18n import language
    >>> p = pd.DataFrame({"code": ["1"], "name": ["Xã A"], "first_date": ["2023-06-01"],
    ...                   "meeting_point": ["Nhà văn hóa thôn 1"]})
    >>> meeting_points_frame(p).columns.tolist()
    ['Mã xã', 'Xã, phường, thị trấn', 'Buổi đầu tiên', 'Địa điểm tập trung']
    >>> with language("en"):
    ...     meeting_points_frame(p).columns.tolist()
    ['Commune code', 'Commune/ward/township', 'First evening', 'Meeting point']
    """
    return pd.DataFrame(
        {
            _("Mã xã"): points["code"],
            _(COL_COMMUNE): points["name"],
            _("Buổi đầu tiên"): pd.to_datetime(points["first_date"]).dt.date,
            _("Địa điểm tập trung"): points["meeting_point"],
        }
    )
