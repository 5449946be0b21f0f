"""The small fixture of the coverage tests (``test_commune``, ``test_filters``, ``test_rollup``,
``test_series``, ``test_classes``): metrics against hand-computed values.

Builds on ``communes`` from the root conftest; D = 31/03/2023 unless said otherwise. The
fixtures ``targets``, ``visits``, ``teams`` and ``metrics`` are in ``tests/metrics/conftest.py``.

==========  =============================================  ===========================
code        targets                                        role
==========  =============================================  ===========================
13291       13/02: 10000 / quota 8000 / 5000 official;     later official count
            15/03: 10200 / 8000 / 6100                     supersedes the visits
13540       13/02: 4000 / 3000 / 2000                      baseline + later visits
90001       13/02: 720 / 600 / 700                         over 100 % (coverage, quota)
90002       13/02: eligible <NA> / 300 official            no denominator -> no data
90003       none                                           no target -> no data
90004       01/04: 2000 / 1500 / 900                       target after D
90005       13/02: eligible 0                              zero denominator -> no data
90006       13/02: 500 / 400 / official <NA>               no official count -> no data
==========  =============================================  ===========================

Teams: Tổ 1 and Tổ 2 have 2 officers, Tổ 3 has 1.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from geo.schema import TARGET_COLUMNS, VISIT_COLUMNS

D = dt.date(2023, 3, 31)

TARGET_ROWS = [
    # code, as_of, eligible, quota, activated_baseline
    ("13291", "2023-02-13", 10000, 8000, 5000),
    ("13291", "2023-03-15", 10200, 8000, 6100),
    ("13540", "2023-02-13", 4000, 3000, 2000),
    ("90001", "2023-02-13", 720, 600, 700),
    ("90002", "2023-02-13", None, None, 300),
    ("90004", "2023-04-01", 2000, 1500, 900),
    ("90005", "2023-02-13", 0, 0, 0),
    ("90006", "2023-02-13", 500, 400, None),
]
VISIT_ROWS = [
    # date, team, code, place_type, start, end, activated
    ("2023-02-13", "Tổ 1", "13291", "household", "18:00", "20:00", 40),  # on the as_of day
    ("2023-02-20", "Tổ 1", "13291", "household", "18:00", "21:00", 60),  # superseded 15/03
    ("2023-03-20", "Tổ 2", "13291", "school", "08:00", "11:00", 120),
    ("2023-02-14", "Tổ 2", "13540", "household", "16:00", "19:30", 35),
    ("2023-03-01", "Tổ 1", "13540", "agency", None, None, 25),  # no times
    ("2023-02-20", "Tổ 3", "90001", "household", "16:30", "18:30", 50),
    ("2023-03-10", "Tổ 3", "90002", "household", "16:00", "17:00", 10),
    ("2023-03-05", "Tổ 1", "99999", "household", "18:00", "19:00", 7),  # unknown commune
    ("2023-04-05", "Tổ 2", "13540", "household", "16:00", "18:00", 30),  # after D
]
TEAMS = {"team": ["Tổ 1", "Tổ 2", "Tổ 3"], "members": [2, 2, 1]}


def targets_frame(rows) -> pd.DataFrame:
    """``rows`` ``(code, as_of, eligible, quota, activated_baseline)`` as TARGET_COLUMNS."""
    df = pd.DataFrame(rows, columns=["code", "as_of", "eligible", "quota", "activated_baseline"])
    df["as_of"] = pd.to_datetime(df["as_of"])
    df["population"] = pd.array([None] * len(df), dtype="Int64")
    for c in ("eligible", "quota", "activated_baseline"):
        df[c] = df[c].astype("Int64")
    return df[TARGET_COLUMNS]


def visits_frame(rows) -> pd.DataFrame:
    """``rows`` ``(date, team, code, place_type, start, end, activated)`` as VISIT_COLUMNS."""
    df = pd.DataFrame(
        rows, columns=["date", "team", "code", "place_type", "start", "end", "activated"]
    )
    df["date"] = pd.to_datetime(df["date"])
    df["activated"] = df["activated"].astype("Int64")
    for c in ("households", "people_guided", "registered", "services_used"):
        df[c] = pd.array([None] * len(df), dtype="Int64")
    for c in ("place_name", "note"):
        df[c] = None
    df["lat"] = np.nan
    df["lon"] = np.nan
    return df[VISIT_COLUMNS]


def row_of(m: pd.DataFrame, code: str) -> pd.Series:
    """The row of commune ``code`` in a ``commune_metrics`` table."""
    return m.set_index("code").loc[code]
