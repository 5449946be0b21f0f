"""One demo visit: its place, its time window, its position and its counts, drawn at random.

Household visits in urban units (phường, thị trấn) start between 18:00 and 19:00 and end by
21:30; in rural units (xã) they start between 16:00 and 17:00 and end by 19:30. Each visit's
``registered`` is its ``activated`` + 0-3 and ``people_guided`` its ``registered`` + 0-5, so
activated ≤ registered ≤ people guided. Every function draws from the generator it is given, in
a fixed order, so the campaign (:mod:`geo.demo.campaign`) is reproducible.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from geo.clock import hhmm, minutes_of_day
from geo.schema import VISIT_COLUMNS

__all__ = [
    "DEMO_NOTE",
    "VisitRow",
    "commune_point",
    "day_place",
    "finish_counts",
    "household_place",
    "household_window",
    "visit_frame",
    "visit_point",
    "visit_row",
]

#: The note of every demo visit.
DEMO_NOTE = "Dữ liệu mẫu (DEMO)"
_URBAN_WINDOW = ("18:00", "21:30")
_RURAL_WINDOW = ("16:00", "19:30")
_COUNT_COLUMNS = ("households", "people_guided", "registered", "activated", "services_used")

#: A visit being generated: column name -> value.
VisitRow = dict[str, Any]


def household_window(rng: np.random.Generator, urban: bool) -> tuple[str, str]:
    """Draw an evening window: a start every 15 minutes in the first hour, 1h30 to 2h30 long.

    Parameters
    ----------
    rng : numpy.random.Generator
        The campaign's generator (two draws).
    urban : bool
        Urban unit (evening from 18:00) or rural (from 16:00).

    Returns
    -------
    tuple of str
        ``("HH:MM", "HH:MM")``, ending no later than 21:30 (urban) or 19:30 (rural).

    Examples
    --------
    >>> start, end = household_window(np.random.default_rng(0), urban=True)
    >>> "18:00" <= start <= "19:00" < end <= "21:30"
    True
    """
    first, last = _URBAN_WINDOW if urban else _RURAL_WINDOW
    start = minutes_of_day(first) + 15 * int(rng.integers(0, 5))
    end = min(start + 15 * int(rng.integers(6, 11)), minutes_of_day(last))
    return hhmm(start), hhmm(end)


def commune_point(info: pd.DataFrame, code: str) -> tuple[float, float]:
    """Look up a commune's point.

    Parameters
    ----------
    info : pandas.DataFrame
        The registry indexed by code, with ``lat`` and ``lon``.
    code : str
        The commune.

    Returns
    -------
    tuple of float
        ``(lat, lon)``, NaN when the registry has no point for it.
    """
    lat, lon = info.loc[code, ["lat", "lon"]].to_numpy(dtype="float64")
    return float(lat), float(lon)


def visit_point(rng: np.random.Generator, info: pd.DataFrame, code: str) -> tuple[float, float]:
    """Draw a visit's position, about 400 m around the commune's point.

    Parameters
    ----------
    rng : numpy.random.Generator
        The campaign's generator (two draws, none when the commune has no point).
    info : pandas.DataFrame
        The registry indexed by code, with ``lat`` and ``lon``.
    code : str
        The commune visited.

    Returns
    -------
    tuple of float
        ``(lat, lon)`` rounded to 5 decimals; NaN when the commune has no point.
    """
    lat, lon = commune_point(info, code)
    if np.isnan(lat) or np.isnan(lon):
        return float("nan"), float("nan")
    return round(lat + rng.normal(0, 0.004), 5), round(lon + rng.normal(0, 0.004), 5)


def household_place(rng: np.random.Generator, urban: bool) -> str:
    """Draw a residential group: ``"Tổ dân phố số k"`` in towns, ``"Thôn k"`` in villages.

    Parameters
    ----------
    rng : numpy.random.Generator
        The campaign's generator (one draw, ``k`` from 1 to 12).
    urban : bool
        Urban unit or rural.

    Returns
    -------
    str
        The place name.
    """
    k = int(rng.integers(1, 13))
    return f"Tổ dân phố số {k}" if urban else f"Thôn {k}"


def day_place(place_type: str, commune_name: str, k: int) -> str:
    """Name the ``k``-th school, agency or business of the roll-out.

    Parameters
    ----------
    place_type : {"school", "agency", "business"}
        The kind of place.
    commune_name : str
        The commune it is in.
    k : int
        Its number in the roll-out.

    Returns
    -------
    str
        The place name, marked ``(DEMO)``.

    Examples
    --------
    >>> day_place("agency", "Thanh Hà", 3)
    'Cơ quan mẫu 3 - Thanh Hà (DEMO)'
    """
    if place_type == "school":
        return f"Trường học mẫu {k} - {commune_name} (DEMO)"
    if place_type == "agency":
        return f"Cơ quan mẫu {k} - {commune_name} (DEMO)"
    return f"Doanh nghiệp mẫu {k} - {commune_name} (DEMO)"


def visit_row(
    day: date,
    team: str,
    code: str,
    place_type: str,
    place: str,
    window: tuple[str, str],
    point: tuple[float, float],
) -> VisitRow:
    """Lay out one visit before its counts are drawn.

    Parameters
    ----------
    day : datetime.date
        Date of the visit.
    team : str
        Team name.
    code : str
        Commune code.
    place_type : str
        One of :data:`geo.schema.PLACE_TYPES`.
    place : str
        Place name.
    window : tuple of str
        Start and end, ``"HH:MM"``.
    point : tuple of float
        ``(lat, lon)``.

    Returns
    -------
    VisitRow
        The visit's columns except the counts; the note is :data:`DEMO_NOTE`.
    """
    return {
        "date": pd.Timestamp(day),
        "team": team,
        "code": code,
        "place_type": place_type,
        "place_name": place,
        "start": window[0],
        "end": window[1],
        "lat": point[0],
        "lon": point[1],
        "note": DEMO_NOTE,
    }


def finish_counts(rng: np.random.Generator, rows: list[VisitRow], activated: np.ndarray) -> None:
    """Draw each visit's other counts around its activations (in place).

    Parameters
    ----------
    rng : numpy.random.Generator
        The campaign's generator.
    rows : list of VisitRow
        Visits from :func:`visit_row`; they get ``activated``, ``registered``,
        ``people_guided``, ``services_used`` and ``households`` (households only for a
        household visit).
    activated : numpy.ndarray
        Activations of each visit, in the order of ``rows``.
    """
    for row, act in zip(rows, activated.tolist(), strict=True):
        registered = act + int(rng.integers(0, 4))
        guided = registered + int(rng.integers(0, 6))
        row["activated"] = act
        row["registered"] = registered
        row["people_guided"] = guided
        row["services_used"] = int(rng.binomial(act, 0.3)) if act else 0
        if row["place_type"] == "household":
            row["households"] = max(1, int(np.ceil(guided / rng.uniform(1.4, 2.2))))
        else:
            row["households"] = None


def visit_frame(rows: list[VisitRow]) -> pd.DataFrame:
    """Type and sort the visit rows.

    Parameters
    ----------
    rows : list of VisitRow
        Visits with their counts (:func:`finish_counts`).

    Returns
    -------
    pandas.DataFrame
        :data:`geo.schema.VISIT_COLUMNS`, counts as ``Int64``, sorted by date, team and start.
    """
    df = pd.DataFrame(rows)
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
    for c in _COUNT_COLUMNS:
        df[c] = pd.array(df[c].tolist(), dtype="Int64")
    df["lat"] = df["lat"].astype("float64")
    df["lon"] = df["lon"].astype("float64")
    ordered = df.sort_values(["date", "team", "start"], kind="stable", ignore_index=True)
    return ordered[VISIT_COLUMNS]
