"""A schedule as people edit it: rows completed from assignments, valued, checked against the rules.

:func:`schedule_from_assignments` turns ``date, team, code`` rows (from the optimiser, from a
baseline of :mod:`geo.planning.baselines` or from the page's editor) into schedule rows;
:func:`evaluate_schedule` gives the planning model's value of a schedule; :func:`check_schedule`
lists every broken rule, in the language in use (:mod:`geo.i18n`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
import pandas as pd

from geo.clock import hhmm, minutes_of_day
from geo.fmt import format_date, format_int, is_missing
from geo.i18n import N_, _, ngettext
from geo.planning.params import (
    DEFAULT_PARAMS,
    NO_DATA_REASON,
    SCHEDULE_COLUMNS,
    PlanParams,
    plan_dates,
)
from geo.planning.travel import travel_minutes
from geo.planning.value import effort_value, prepare_candidates

__all__ = ["check_schedule", "evaluate_schedule", "schedule_from_assignments"]

_UNKNOWN = N_("không có trong danh sách xã hoặc tổ")
_TOO_FAR = N_("quá xa trụ sở tổ, không đủ thời gian làm việc")


def _by_name(teams: pd.DataFrame) -> pd.DataFrame:
    t = teams.copy()
    t["name"] = t["name"].astype(str)
    return t.drop_duplicates("name").set_index("name")


def _numbers(c: pd.DataFrame, column: str) -> dict[str, float]:
    return {str(k): float(v) for k, v in zip(c.index, c[column], strict=True)}


class _Reach(NamedTuple):
    """Per row of a schedule: is the team and the commune known, members, travel, window."""

    known: np.ndarray  # bool
    members: np.ndarray
    travel: np.ndarray  # one-way minutes, rounded up
    w0: np.ndarray  # window of the commune, minutes after midnight
    w1: np.ndarray
    usable: np.ndarray  # window length - 2 × travel


def _reach(rows: pd.DataFrame, c: pd.DataFrame, t: pd.DataFrame, params: PlanParams) -> _Reach:
    """Look up each row's team and commune: members, travel, window and usable minutes.

    ``c`` and ``t`` are indexed by code and team name.

    Returns
    -------
    _Reach
        Arrays in row order; numbers are NaN where the team or the commune is unknown.
    """
    known = (rows["code"].isin(c.index) & rows["team"].isin(t.index)).to_numpy(dtype=bool)
    ck = c.reindex(rows["code"].where(known))
    tk = t.reindex(rows["team"].where(known))
    travel = travel_minutes(
        tk["base_lat"].to_numpy(dtype=float),
        tk["base_lon"].to_numpy(dtype=float),
        ck["lat"].to_numpy(dtype=float),
        ck["lon"].to_numpy(dtype=float),
        round_to=params.travel_round_min,
    )
    windows = [
        params.window(bool(u)) if k else (np.nan, np.nan)
        for u, k in zip(ck["urban"], known, strict=True)
    ]
    w0 = np.array([w[0] for w in windows], dtype=float)
    w1 = np.array([w[1] for w in windows], dtype=float)
    members = pd.to_numeric(tk["members"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    travel = np.where(known, travel, np.nan)
    return _Reach(known, np.where(known, members, np.nan), travel, w0, w1, (w1 - w0) - 2 * travel)


def schedule_from_assignments(
    assignments: pd.DataFrame,
    candidates: pd.DataFrame,
    teams: pd.DataFrame,
    *,
    params: PlanParams = DEFAULT_PARAMS,
) -> pd.DataFrame:
    """Complete ``date, team, code`` rows into schedule rows (windows, travel, expectation).

    Used by :func:`~geo.planning.schedule.build_schedule`, by the baselines of the simulator and
    by the page after a user edits an assignment. Rows whose team or commune is unknown, or
    whose commune is out of reach, get ``NaN`` numbers and a reason saying so
    (:func:`check_schedule` lists them). Per row, ``expected_activations`` is the increase of the
    commune's value in date order, so the rows add up to :func:`evaluate_schedule`.

    Parameters
    ----------
    assignments : DataFrame
        ``date, team, code``.
    candidates : DataFrame
        As for :func:`~geo.planning.schedule.build_schedule`.
    teams : DataFrame
        ``name, members, base_lat, base_lon``.
    params : PlanParams
        Model parameters.

    Returns
    -------
    DataFrame
        :data:`~geo.planning.params.SCHEDULE_COLUMNS`, sorted by date, team, code.

    Examples
    --------
    >>> cand = pd.DataFrame({"code": ["1"], "urban": [False], "gap": [500.0], "lat": [20.5],
    ...                      "lon": [105.9], "yield_rate": [2.0], "name": ["Xã A"]})
    >>> teams = pd.DataFrame({"name": ["Tổ 1"], "members": [3], "base_lat": [20.5],
    ...                       "base_lon": [105.9]})
    >>> a = pd.DataFrame({"date": ["2023-04-03", "2023-04-03"], "team": ["Tổ 1", "Tổ 9"],
    ...                   "code": ["1", "1"]})
    >>> schedule_from_assignments(a, cand, teams)[["team", "window_start", "expected_activations",
    ...                                            "reason"]]
       team window_start  expected_activations                               reason
    0  Tổ 1        16:00                  19.5         Còn 500 người chưa kích hoạt
    1  Tổ 9          NaN                   NaN  không có trong danh sách xã hoặc tổ
    """
    c = prepare_candidates(candidates, params).set_index("code")
    t = _by_name(teams)
    a = assignments[["date", "team", "code"]].copy()
    a["date"] = pd.to_datetime(a["date"]).astype("datetime64[ns]")
    a["team"], a["code"] = a["team"].astype(str), a["code"].astype(str)
    a = a.sort_values(["date", "team", "code"], kind="stable").reset_index(drop=True)
    r = _reach(a, c, t, params)
    rates, gaps, h0s = (_numbers(c, k) for k in ("rate", "gap", "h0"))
    names = dict(zip(c.index, c["name"], strict=True))
    reasons = dict(zip(c.index, c["reason"], strict=True))
    effort = dict(h0s)
    visit_no: dict[str, int] = {}
    unknown, too_far, no_data = _(_UNKNOWN), _(_TOO_FAR), {NO_DATA_REASON, _(NO_DATA_REASON)}
    out = []
    for i, (day, team, code) in enumerate(zip(a["date"], a["team"], a["code"], strict=True)):
        usable, travel, members = float(r.usable[i]), float(r.travel[i]), float(r.members[i])
        rec: dict[str, object] = {
            "date": day,
            "team": team,
            "code": code,
            "name": names.get(code, code),
            "members": members,
            "window_start": None,
            "window_end": None,
            "travel_min": travel,
            "usable_min": usable,
            "expected_activations": np.nan,
            "reason": too_far if r.known[i] else unknown,
        }
        if r.known[i] and np.isfinite(usable) and usable > 0:
            rec["window_start"] = hhmm(r.w0[i] + travel)
            rec["window_end"] = hhmm(r.w1[i] - travel)
        reachable = np.isfinite(usable) and usable >= params.min_usable_min
        if r.known[i] and reachable and members > 0:
            rate, gap, h0 = rates[code], gaps[code], h0s[code]
            h = members * usable / 60.0
            done = effort[code] - h0
            rec["expected_activations"] = effort_value(
                rate, gap, h0, done + h, params
            ) - effort_value(rate, gap, h0, done, params)
            effort[code] += h
            visit_no[code] = n = visit_no.get(code, 0) + 1
            base = reasons[code]
            if is_missing(base) or not str(base) or str(base) in no_data:
                people = round(gap) if np.isfinite(gap) else 0
                base = ngettext(
                    "Còn {n} người chưa kích hoạt", "Còn {n} người chưa kích hoạt", people
                ).format(n=format_int(gap))
            rec["reason"] = (
                _("{reason}; lần {n} trong kỳ").format(reason=base, n=format_int(n))
                if n > 1
                else str(base)
            )
        out.append(rec)
    df = pd.DataFrame(out, columns=SCHEDULE_COLUMNS)
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
    for col in ("members", "travel_min", "usable_min", "expected_activations"):
        df[col] = df[col].astype(float)
    return df


def evaluate_schedule(
    schedule: pd.DataFrame,
    candidates: pd.DataFrame,
    *,
    params: PlanParams = DEFAULT_PARAMS,
) -> float:
    """Value a schedule under the planning model (order-independent).

    Effort per commune = Σ ``members × usable_min / 60`` of its rows (rows with fewer usable
    minutes than ``params.min_usable_min`` add nothing); the value is
    :func:`~geo.planning.value.effort_value` of that effort. Equals the sum of
    ``expected_activations``.

    Parameters
    ----------
    schedule : DataFrame
        ``code, members, usable_min``.
    candidates : DataFrame
        As for :func:`~geo.planning.schedule.build_schedule`.
    params : PlanParams
        Model parameters.

    Returns
    -------
    float
        Expected activations.

    Examples
    --------
    >>> cand = pd.DataFrame({"code": ["1"], "urban": [True], "gap": [1000.0],
    ...                      "lat": [20.5], "lon": [105.9], "yield_rate": [2.0]})
    >>> s = pd.DataFrame({"code": ["1", "1"], "members": [2.0, 2.0], "usable_min": [240, 240]})
    >>> round(evaluate_schedule(s, cand), 6)  # 8 h at 2/h + 8 h at 0,7 × 2/h
    27.2
    """
    c = prepare_candidates(candidates, params).set_index("code")
    if schedule.empty:
        return 0.0
    s = schedule.copy()
    s["code"] = s["code"].astype(str)
    usable = pd.to_numeric(s["usable_min"], errors="coerce")
    ok = (usable >= params.min_usable_min) & s["code"].isin(c.index)
    s["h"] = (pd.to_numeric(s["members"], errors="coerce") * usable / 60.0).where(ok, 0.0)
    rates, gaps, h0s = (_numbers(c, k) for k in ("rate", "gap", "h0"))
    total = 0.0
    for code, h in s.groupby("code")["h"].sum().items():
        if code in rates:
            total += effort_value(rates[code], gaps[code], h0s[code], float(h), params)
    return float(total)


def check_schedule(
    schedule: pd.DataFrame,
    candidates: pd.DataFrame,
    teams: pd.DataFrame,
    days_off: Iterable[object] = (),
    *,
    params: PlanParams = DEFAULT_PARAMS,
) -> list[str]:
    """List every broken rule of a schedule, one sentence each (empty list = valid).

    Rules: the team and the commune are known; a team has at most one commune per evening; the
    commune is within reach (usable minutes ≥ ``params.min_usable_min``); the announced window
    fits the commune's window minus travel; at most two teams in a commune on one evening, and two
    only when its gap allows (``pair_gap_factor``); nothing on a day off.

    Parameters
    ----------
    schedule : DataFrame
        ``date, team, code`` and optionally ``window_start, window_end``.
    candidates, teams : DataFrame
        As for :func:`~geo.planning.schedule.build_schedule`.
    days_off : iterable
        Dates and/or weekdays without evening work.
    params : PlanParams
        Model parameters.

    Returns
    -------
    list of str
        The problems, in the language in use: in date, team, commune order, then the
        per-evening ones.
    """
    problems: list[str] = []
    if schedule.empty:
        return problems
    c = prepare_candidates(candidates, params).set_index("code")
    allc = candidates.copy()
    allc["code"] = allc["code"].astype(str)
    names = dict(zip(allc["code"], allc["name"] if "name" in allc else allc["code"], strict=True))
    t = _by_name(teams)
    s = schedule.copy()
    s["date"] = pd.to_datetime(s["date"]).dt.normalize()
    s["team"], s["code"] = s["team"].astype(str), s["code"].astype(str)
    s = s.sort_values(["date", "team", "code"], kind="stable")
    dated = s["date"].dropna()
    span = (dated.max() - dated.min()).days + 1 if len(dated) else 0
    working = set(plan_dates(dated.min(), span, days_off)) if span else set()
    r = _reach(s, c, t, params)
    starts = s["window_start"] if "window_start" in s else pd.Series(None, index=s.index)
    ends = s["window_end"] if "window_end" in s else pd.Series(None, index=s.index)
    rows = zip(s["date"], s["team"], s["code"], starts, ends, strict=True)
    for i, (when, team, code, ws, we) in enumerate(rows):
        day = format_date(when)
        name = names.get(code, code)
        if team not in t.index:
            problems.append(
                _("{team} ({day}): không có trong danh sách tổ").format(team=team, day=day)
            )
        if code not in c.index:
            problems.append(
                _(
                    "{name} ({day}): không có trong danh sách xã được lập lịch "
                    "(chưa có số liệu hoặc đã kích hoạt hết)"
                ).format(name=name, day=day)
            )
        if not is_missing(when) and pd.Timestamp(when).date() not in working:
            problems.append(
                _("Ngày {day} là ngày nghỉ nhưng {team} có lịch tại {name}").format(
                    day=day, team=team, name=name
                )
            )
        if not r.known[i]:
            continue
        travel, usable, w0, w1 = (float(x[i]) for x in (r.travel, r.usable, r.w0, r.w1))
        if not np.isfinite(travel):
            problems.append(
                _("{team} chưa có vị trí trụ sở, không tính được đường đi").format(team=team)
            )
            continue
        if usable < params.min_usable_min:
            problems.append(
                _(
                    "{team} không thể đến {name} ngày {day}: đi {travel} phút mỗi chiều, "
                    "chỉ còn {usable} phút làm việc (tối thiểu {minimum})"
                ).format(
                    team=team,
                    name=name,
                    day=day,
                    travel=format_int(travel),
                    usable=format_int(max(usable, 0)),
                    minimum=format_int(params.min_usable_min),
                )
            )
            continue
        if is_missing(ws) or is_missing(we):
            continue
        lo, hi = w0 + travel, w1 - travel
        start, end = minutes_of_day(str(ws)), minutes_of_day(str(we))
        if start < lo or end > hi or start >= end:
            problems.append(
                _(
                    "Khung giờ {start}-{end} của {team} tại {name} ngày {day} không nằm trong "
                    "{earliest}-{latest} (khung giờ {window_start}-{window_end} trừ {travel} "
                    "phút đi đường mỗi chiều)"
                ).format(
                    start=ws,
                    end=we,
                    team=team,
                    name=name,
                    day=day,
                    earliest=hhmm(lo),
                    latest=hhmm(hi),
                    window_start=hhmm(w0),
                    window_end=hhmm(w1),
                    travel=format_int(travel),
                )
            )
    for (d, team), g in s.groupby(["date", "team"], sort=True):
        if len(g) > 1:
            places = ", ".join(names.get(x, x) for x in g["code"])
            problems.append(
                _(
                    "{team} có {n} lịch trong ngày {day} ({places}); mỗi tổ chỉ một xã mỗi buổi"
                ).format(team=team, n=format_int(len(g)), day=format_date(d), places=places)
            )
    rates, gaps, caps = (_numbers(c, k) for k in ("rate", "gap", "cap"))
    for (d, key), g in s.groupby(["date", "code"], sort=True):
        code, n = str(key), g["team"].nunique()
        if n <= 1 or code not in c.index:
            continue
        name = names.get(code, code)
        if n > 2:
            problems.append(
                _("{name} ngày {day} có {n} tổ; tối đa 2 tổ mỗi buổi").format(
                    name=name, day=format_date(d), n=format_int(n)
                )
            )
        elif caps[code] < 2:
            need = params.pair_gap_factor * rates[code] * params.evening_officer_hours
            problems.append(
                _(
                    "{name} ngày {day} có 2 tổ nhưng chỉ còn {gap} người chưa kích hoạt "
                    "(cần ít nhất {need} cho 2 tổ)"
                ).format(
                    name=name, day=format_date(d), gap=format_int(gaps[code]), need=format_int(need)
                )
            )
    return problems
