"""A published plan against the visit logs: which assignments were honoured."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from geo.i18n import N_, _

__all__ = [
    "FOLLOWUP_COLUMNS",
    "STATUS_DONE",
    "STATUS_ELSEWHERE",
    "STATUS_MISSED",
    "STATUS_NOT_DUE",
    "PlanFollowup",
    "plan_followup",
]


#: Columns of :attr:`PlanFollowup.rows`.
FOLLOWUP_COLUMNS = [
    "date",
    "team",
    "code",
    "window_start",
    "window_end",
    "expected_activations",
    "due",
    "visits",
    "activated",
    "honoured",
    "elsewhere",
    "status",
]

#: Statuses of an assignment (catalog ids; :func:`plan_followup` writes them translated).
STATUS_DONE = N_("Đã thực hiện")
STATUS_MISSED = N_("Không có lượt làm việc")
STATUS_ELSEWHERE = N_("Tổ làm việc ở xã khác")
STATUS_NOT_DUE = N_("Chưa đến ngày")


@dataclass(frozen=True)
class PlanFollowup:
    """A plan against the visit logs (see :func:`plan_followup`).

    Attributes
    ----------
    rows : DataFrame
        :data:`FOLLOWUP_COLUMNS`, one row per assignment.
    as_of : date or None
        Visit data up to this day; later assignments are not due yet.
    due, honoured : int
        Assignments dated on or before ``as_of``; those with a visit by that team in that
        commune on that date.
    share : float or None
        ``honoured / due`` (None when nothing is due).
    expected, activated : float
        Expected activations of the due assignments; activations logged by the visits that
        honour them.
    """

    rows: pd.DataFrame
    as_of: date | None
    due: int
    honoured: int
    share: float | None
    expected: float
    activated: float


def plan_followup(
    assignments: pd.DataFrame, visits: pd.DataFrame, *, as_of: date | None = None
) -> PlanFollowup:
    """Compare a plan with what the visit logs show happened.

    An assignment (date, team, commune) is *honoured* when at least one visit of that team in
    that commune on that date was logged (any place type). Its ``activated`` is the sum of
    those visits' activations (missing counts as 0); ``elsewhere`` lists the other communes
    the team logged visits in that day. Assignments after ``as_of`` are not due: not counted
    in the share, status "Chưa đến ngày" ("Not due yet"). Statuses are in the language in use.

    Parameters
    ----------
    assignments : DataFrame
        ``date, team, code`` (optionally ``window_start, window_end, expected_activations``).
    visits : DataFrame
        ``date, team, code, activated`` (:meth:`geo.store.Store.visits`).
    as_of : date, optional
        Default: the latest visit date in ``visits`` (nothing is due without visits).

    Returns
    -------
    PlanFollowup
        The rows with their status and the summary figures.

    Examples
    --------
    >>> a = pd.DataFrame({"date": ["2023-06-01", "2023-06-01", "2023-06-02"],
    ...                   "team": ["Tổ 1", "Tổ 2", "Tổ 1"], "code": ["1", "2", "1"],
    ...                   "expected_activations": [20.0, 10.0, 15.0]})
    >>> v = pd.DataFrame({"date": ["2023-06-01"], "team": ["Tổ 1"], "code": ["1"],
    ...                   "activated": [17]})
    >>> f = plan_followup(a, v)
    >>> f.due, f.honoured, f.share, f.expected, f.activated
    (2, 1, 0.5, 30.0, 17.0)
    >>> f.rows["status"].tolist()
    ['Đã thực hiện', 'Không có lượt làm việc', 'Chưa đến ngày']
    """
    a = assignments.reset_index(drop=True).copy()
    a["date"] = pd.to_datetime(a["date"]).dt.normalize()
    a["team"], a["code"] = a["team"].astype(str), a["code"].astype(str)
    for k, empty in (
        ("window_start", None),
        ("window_end", None),
        ("expected_activations", np.nan),
    ):
        if k not in a:
            a[k] = empty
    a["expected_activations"] = pd.to_numeric(a["expected_activations"], errors="coerce")

    v = visits[["date", "team", "code", "activated"]].copy() if len(visits) else None
    if v is not None:
        v["date"] = pd.to_datetime(v["date"]).dt.normalize()
        v["team"], v["code"] = v["team"].astype(str), v["code"].astype(str)
        v["activated"] = pd.to_numeric(v["activated"], errors="coerce").fillna(0).astype(float)
    if as_of is None:
        as_of = None if v is None or v["date"].isna().all() else v["date"].max().date()
    cut = pd.Timestamp(as_of) if as_of is not None else None

    if v is not None:
        key = ["date", "team", "code"]
        done = v.groupby(key).agg(visits=("activated", "size"), activated=("activated", "sum"))
        a = a.join(done, on=key)
        day_codes = v.groupby(["date", "team"])["code"].agg(lambda x: list(dict.fromkeys(x)))
        where = [day_codes.get(k, []) for k in a.set_index(["date", "team"]).index]
        a["elsewhere"] = [
            ", ".join(c for c in codes if c != own)
            for codes, own in zip(where, a["code"], strict=True)
        ]
    else:
        a["visits"], a["activated"], a["elsewhere"] = np.nan, np.nan, ""
    a["visits"] = a["visits"].fillna(0).astype(int)
    a["activated"] = a["activated"].fillna(0.0).astype(float)
    a["due"] = (a["date"] <= cut) if cut is not None else False
    a["honoured"] = pd.array(
        [bool(n > 0) if d else pd.NA for n, d in zip(a["visits"], a["due"], strict=True)],
        dtype="boolean",
    )
    a["status"] = np.select(
        [~a["due"], a["visits"] > 0, a["elsewhere"] != ""],
        [_(STATUS_NOT_DUE), _(STATUS_DONE), _(STATUS_ELSEWHERE)],
        _(STATUS_MISSED),
    )
    due = int(a["due"].sum())
    honoured = int(a["honoured"].fillna(False).sum())
    rows = a[FOLLOWUP_COLUMNS].sort_values(["date", "team", "code"], kind="stable")
    return PlanFollowup(
        rows=rows.reset_index(drop=True),
        as_of=as_of,
        due=due,
        honoured=honoured,
        share=honoured / due if due else None,
        expected=float(a.loc[a["due"], "expected_activations"].fillna(0).sum()),
        activated=float(a.loc[a["due"] & (a["visits"] > 0), "activated"].sum()),
    )
