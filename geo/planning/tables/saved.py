"""The saved-plans tab's tables: plans with their status (Vietnam time), a plan's follow-up.

Texts, headers and numbers come out in the language in use (:mod:`geo.i18n`, :mod:`geo.fmt`).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from geo.fmt import format_date, format_datetime, format_int
from geo.i18n import N_, _
from geo.planning.tables.labels import COL_COMMUNE, COL_DATE, COL_TEAM, method_label

__all__ = ["followup_table", "plan_label", "saved_plans_table"]

_PLAN_STATUS = {
    "draft": N_("Bản nháp"),
    "current": N_("Đang áp dụng"),
    "published": N_("Đã công bố"),
}


def plan_label(plan_id: int, current_id: int | None = None) -> str:
    """Name a saved plan, marking the one in force.

    Parameters
    ----------
    plan_id : int
        The plan.
    current_id : int, optional
        The published plan in force.

    Returns
    -------
    str
        "Kế hoạch số N", with " (đang áp dụng)" for the current plan, in the language in use.

    Examples
    --------
    >>> plan_label(2), plan_label(3, current_id=3)
    ('Kế hoạch số 2', 'Kế hoạch số 3 (đang áp dụng)')
    >>> from geo.i18n import language
    >>> with language("en"):
    ...     plan_label(2), plan_label(3, current_id=3)
    ('Plan no. 2', 'Plan no. 3 (in force)')
    """
    if plan_id == current_id:
        return _("Kế hoạch số {n} (đang áp dụng)").format(n=plan_id)
    return _("Kế hoạch số {n}").format(n=plan_id)


def _status(row: pd.Series, current_id: int | None) -> str:
    if row["status"] != "published":
        return _(_PLAN_STATUS["draft"])
    head = _(_PLAN_STATUS["current" if row["id"] == current_id else "published"])
    return f"{head} ({format_datetime(row['published_at'])}, {row['published_by']})"


def saved_plans_table(plans: pd.DataFrame, current_id: int | None) -> pd.DataFrame:
    """Tabulate the saved plans with their period, method, size and status.

    Parameters
    ----------
    plans : DataFrame
        :meth:`geo.store.Store.plans` (``id, created_by, created_at, horizon_start,
        horizon_days, method, assignments, expected_activations, status, published_at,
        published_by``; times in naive UTC).
    current_id : int or None
        The published plan in force.

    Returns
    -------
    DataFrame
        Headers in the language in use; times "dd/mm/yyyy HH:MM" in Vietnam time; the status
        is "Bản nháp", or "Đang áp dụng" / "Đã công bố" with when and by whom (English: "Draft",
        "In force", "Published").

    Examples
    --------
    >>> p = pd.DataFrame({"id": [2, 1], "created_by": ["an", "an"],
    ...     "created_at": pd.to_datetime(["2023-06-01 02:00", "2023-05-31 14:30"]),
    ...     "horizon_start": pd.to_datetime(["2023-06-01", "2023-06-01"]),
    ...     "horizon_days": [14, 7], "method": ["milp", "greedy"], "assignments": [30, 12],
    ...     "expected_activations": [812.4, 300.0], "status": ["published", "draft"],
    ...     "published_at": pd.to_datetime(["2023-06-01 03:00", None]),
    ...     "published_by": ["an", None]})
    >>> t = saved_plans_table(p, current_id=2)
    >>> t["Thời điểm lập"].tolist(), t["Kỳ kế hoạch"].tolist()[1]
    (['01/06/2023 09:00', '31/05/2023 21:30'], '01/06/2023 – 07/06/2023')
    >>> t["Trạng thái"].tolist()
    ['Đang áp dụng (01/06/2023 10:00, an)', 'Bản nháp']
    >>> from geo.i18n import language
    >>> with language("en"):
    ...     t = saved_plans_table(p, current_id=2)
    >>> t.columns.tolist()[-3:], t["Status"].tolist()
    (['Evenings', 'Expected activations', 'Status'], ['In force (01/06/2023 10:00, an)', 'Draft'])
    """
    period = [
        f"{format_date(s)} – {format_date(s + pd.Timedelta(days=int(n) - 1))}"
        for s, n in zip(plans["horizon_start"], plans["horizon_days"], strict=True)
    ]
    return pd.DataFrame(
        {
            _("Số"): plans["id"],
            _("Người lập"): plans["created_by"],
            _("Thời điểm lập"): plans["created_at"].map(format_datetime),
            _("Kỳ kế hoạch"): period,
            _("Cách lập"): plans["method"].map(method_label),
            _("Số buổi"): plans["assignments"].map(format_int),
            _("Dự kiến kích hoạt"): plans["expected_activations"].map(format_int),
            _("Trạng thái"): [_status(r, current_id) for _i, r in plans.iterrows()],
        }
    )


def followup_table(rows: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Tabulate a plan against the visit logs, one row per assignment.

    Parameters
    ----------
    rows : DataFrame
        :attr:`geo.planning.PlanFollowup.rows`.
    names : mapping str -> str
        Commune names by code (a code without a name is shown as it is).

    Returns
    -------
    DataFrame
        Date, team, commune, expected and logged activations, visits and the result (the
        status as :func:`geo.planning.plan_followup` wrote it), headed in the language in use; a
        team that worked elsewhere names the communes it went to.

    Examples
    --------
    >>> r = pd.DataFrame({"date": pd.to_datetime(["2023-06-01"]), "team": ["Tổ 2"],
    ...     "code": ["1"], "expected_activations": [20.4], "visits": [0], "activated": [0.0],
    ...     "status": ["Tổ làm việc ở xã khác"], "elsewhere": ["2, 3"]})
    >>> followup_table(r, {"1": "Xã A", "2": "Xã B"})["Kết quả"].tolist()
    ['Tổ làm việc ở xã khác (Xã B, 3)']
    """

    def result(status: str, elsewhere: str) -> str:
        if not elsewhere:
            return status
        return f"{status} ({', '.join(names.get(c, c) for c in elsewhere.split(', '))})"

    return pd.DataFrame(
        {
            _(COL_DATE): rows["date"].map(format_date),
            _(COL_TEAM): rows["team"],
            _(COL_COMMUNE): rows["code"].map(lambda c: names.get(c, c)),
            _("Dự kiến kích hoạt"): rows["expected_activations"].map(format_int),
            _("Lượt làm việc"): rows["visits"].map(format_int),
            _("Đã kích hoạt"): rows["activated"].map(format_int),
            _("Kết quả"): [
                result(s, e) for s, e in zip(rows["status"], rows["elsewhere"], strict=True)
            ],
        }
    )
