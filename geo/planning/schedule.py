"""Which team, which evening: a mixed-integer program (HiGHS) or the greedy baseline.

The model and the program are described in the docstring of :mod:`geo.planning`, sections
*Schedule model*, *Program* and *Greedy baseline*. The program is solved by HiGHS through
:func:`scipy.optimize.milp`; dates are given afterwards by a König edge colouring.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import optimize, sparse

from geo.fmt import format_number
from geo.i18n import _
from geo.planning._greedy import GreedyInput, greedy_picks
from geo.planning.edits import schedule_from_assignments
from geo.planning.params import DEFAULT_PARAMS, PlanParams, milp_time_limit, plan_dates
from geo.planning.travel import travel_matrix
from geo.planning.value import effort_value, prepare_candidates

__all__ = ["build_schedule", "solver_note"]

_EPS_VISIT = 1e-3  # cost of one visit in the objective (activations), breaks ties, drops waste
_ASSIGNMENT_COLUMNS = ["date", "team", "code"]


def _segments(
    gap: float, h0: float, hmax: float, params: PlanParams, limit: int = 40
) -> list[tuple[float, float]]:
    """Cut the effort from ``h0`` to ``h0 + hmax`` into the blocks of the value model.

    Returns
    -------
    list of tuple
        ``(length, factor)`` per segment; the last one is unbounded.
    """
    blk, r = params.block_hours(gap), params.repeat_factor
    segs: list[tuple[float, float]] = []
    lo, k = h0, int(h0 // blk)
    while lo < h0 + hmax - 1e-9 and len(segs) < limit:
        top = (k + 1) * blk
        segs.append((top - lo, r**k))
        lo, k = top, k + 1
    if segs:
        segs[-1] = (np.inf, segs[-1][1])
    return segs


@dataclass
class _Problem:
    dates: list[date]
    cand: pd.DataFrame  # code, name, urban, gap, rate, h0, cap, reason
    teams: pd.DataFrame  # name, members
    travel: np.ndarray  # teams × communes, planning minutes (nan = unknown)
    usable: np.ndarray  # minutes (nan/neg = infeasible)
    feasible: np.ndarray  # bool
    hours: np.ndarray  # officer-hours per team-evening


def _problem(
    candidates: pd.DataFrame, teams: pd.DataFrame, dates: list[date], params: PlanParams
) -> _Problem:
    c = prepare_candidates(candidates, params)
    t = teams.copy().reset_index(drop=True)
    t["name"] = t["name"].astype(str)
    t["members"] = pd.to_numeric(t["members"], errors="coerce").fillna(0).astype(float)
    tm = travel_matrix(t, c, round_to=params.travel_round_min).to_numpy()
    win = np.array([params.window_minutes(u) for u in c["urban"]], dtype=float)
    usable = win[None, :] - 2 * tm
    members = t["members"].to_numpy()
    feasible = np.isfinite(usable) & (usable >= params.min_usable_min) & (members > 0)[:, None]
    hours = np.where(feasible, members[:, None] * usable / 60.0, 0.0)
    return _Problem(dates, c, t, tm, usable, feasible, hours)


class _Rows:
    """Rows of the sparse constraint matrix, one ``add`` per constraint."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.hi: list[float] = []

    def add(self, cols: Iterable[int], vals: Iterable[float], hi: float) -> None:
        cols, vals = list(cols), list(vals)
        self.rows += [len(self.hi)] * len(cols)
        self.cols += cols
        self.vals += vals
        self.hi.append(float(hi))


def _milp_counts(
    pb: _Problem, params: PlanParams, time_limit: float
) -> tuple[np.ndarray, dict[str, Any]]:
    """Solve the program of :mod:`geo.planning` with HiGHS.

    Returns
    -------
    tuple
        Integer evenings per (team, commune), and the solver's status, message, seconds and
        size (``fallback`` when no solution was found).
    """
    nt, nc = pb.feasible.shape
    n_days = len(pb.dates)
    ti, ci = np.nonzero(pb.feasible)
    n_pairs = len(ti)
    seg_c: list[int] = []
    seg_len: list[float] = []
    seg_slope: list[float] = []
    for j in range(nc):
        row = pb.cand.iloc[j]
        hmax = int(row["cap"]) * n_days * float(pb.hours[:, j].max(initial=0.0))
        for length, factor in _segments(float(row["gap"]), float(row["h0"]), hmax, params):
            seg_c.append(j)
            seg_len.append(length)
            seg_slope.append(float(row["rate"]) * factor)
    n_segs = len(seg_c)
    seg_c_arr = np.asarray(seg_c, dtype=int)
    cost = np.concatenate(
        [_EPS_VISIT * (1 + pb.travel[ti, ci] / 1000.0), -np.asarray(seg_slope, dtype=float)]
    )
    m = _Rows()
    for t in range(nt):  # team: Σ_c n ≤ n_days
        sel = np.nonzero(ti == t)[0]
        m.add(sel.tolist(), [1.0] * len(sel), n_days)
    caps = pb.cand["cap"].to_numpy(dtype=int)
    gaps = pb.cand["gap"].to_numpy(dtype=float)
    for j in range(nc):
        sel = np.nonzero(ci == j)[0]
        segs = np.nonzero(seg_c_arr == j)[0]
        m.add(sel.tolist(), [1.0] * len(sel), caps[j] * n_days)  # capacity Σ_t n ≤ cap·n_days
        m.add(  # effort: Σ s - Σ h·n ≤ 0
            (n_pairs + segs).tolist() + sel.tolist(),
            [1.0] * len(segs) + (-pb.hours[ti[sel], j]).tolist(),
            0.0,
        )
        m.add((n_pairs + segs).tolist(), [seg_slope[s] for s in segs], gaps[j])  # Σ slope·s ≤ gap
    r = len(m.hi)
    mat = sparse.csr_array((m.vals, (m.rows, m.cols)), shape=(r, n_pairs + n_segs))
    bounds = optimize.Bounds(
        np.zeros(n_pairs + n_segs),
        np.concatenate([np.full(n_pairs, float(n_days)), np.asarray(seg_len, dtype=float)]),
    )
    integrality = np.concatenate([np.ones(n_pairs), np.zeros(n_segs)])
    t0 = time.perf_counter()
    res = optimize.milp(
        cost,
        integrality=integrality,
        bounds=bounds,
        constraints=optimize.LinearConstraint(mat, np.full(r, -np.inf), m.hi),
        options={"time_limit": float(time_limit), "disp": False, "mip_rel_gap": 1e-3},
    )
    info: dict[str, Any] = {
        "status": int(res.status),
        "message": str(res.message),
        "seconds": time.perf_counter() - t0,
        "variables": n_pairs + n_segs,
        "constraints": r,
    }
    counts = np.zeros((nt, nc), dtype=int)
    if res.x is None:
        info["fallback"] = "greedy"
        return counts, info
    counts[ti, ci] = np.round(res.x[:n_pairs]).astype(int)
    info["objective"] = float(-res.fun) if res.fun is not None else float("nan")
    return counts, info


def _edge_colouring(edges: list[tuple[int, int]], n_left: int, n_right: int, k: int) -> list[int]:
    """Colour the edges of a bipartite multigraph with ``k ≥`` max degree colours.

    Returns
    -------
    list of int
        A colour per edge; two edges at one node never share a colour.
    """
    at = np.full((n_left + n_right, k), -1, dtype=int)
    ends = [(u, n_left + v) for u, v in edges]
    colour = [-1] * len(ends)
    for e, (u, v) in enumerate(ends):
        a = int(np.argmax(at[u] < 0))
        b = int(np.argmax(at[v] < 0))
        if at[v, a] >= 0:  # flip the a/b alternating path that starts at v
            path, node, col = [], v, a
            while at[node, col] >= 0:
                f = int(at[node, col])
                path.append(f)
                x, y = ends[f]
                node = y if x == node else x
                col = b if col == a else a
            for f in path:
                x, y = ends[f]
                at[x, colour[f]] = at[y, colour[f]] = -1
            for f in path:
                colour[f] = b if colour[f] == a else a
                x, y = ends[f]
                at[x, colour[f]] = at[y, colour[f]] = f
        colour[e] = a
        at[u, a] = at[v, a] = e
    return colour


def _assign_dates(pb: _Problem, counts: np.ndarray) -> pd.DataFrame:
    """Turn evenings per (team, commune) into dated assignments (König edge colouring).

    Returns
    -------
    DataFrame
        ``date, team, code``.
    """
    n_days = len(pb.dates)
    caps = pb.cand["cap"].to_numpy(dtype=int)
    first_copy = np.concatenate([[0], np.cumsum(caps)[:-1]]).astype(int)
    n_right = int(caps.sum())
    edges: list[tuple[int, int]] = []
    meta: list[tuple[int, int]] = []
    load = np.zeros(n_right, dtype=int)
    for j in range(counts.shape[1]):
        for t in range(counts.shape[0]):
            for _copy in range(int(counts[t, j])):
                copies = range(int(first_copy[j]), int(first_copy[j] + caps[j]))
                right = min(copies, key=lambda q: (load[q], q))
                load[right] += 1
                edges.append((t, right))
                meta.append((t, j))
    colours = _edge_colouring(edges, counts.shape[0], n_right, n_days) if edges else []
    rows = [
        (pb.dates[col], pb.teams["name"].iloc[t], pb.cand["code"].iloc[j])
        for (t, j), col in zip(meta, colours, strict=True)
    ]
    return pd.DataFrame(rows, columns=_ASSIGNMENT_COLUMNS)


def _greedy_input(pb: _Problem) -> GreedyInput:
    c = pb.cand
    return GreedyInput(
        feasible=pb.feasible,
        hours=pb.hours,
        travel=pb.travel,
        rate=c["rate"].to_numpy(dtype=float),
        gap=c["gap"].to_numpy(dtype=float),
        h0=c["h0"].to_numpy(dtype=float),
        cap=c["cap"].to_numpy(dtype=int),
        codes=c["code"].astype(str).tolist(),
    )


def _greedy(pb: _Problem, params: PlanParams) -> pd.DataFrame:
    """Run the greedy baseline (:mod:`geo.planning._greedy`) on a problem.

    Returns
    -------
    DataFrame
        ``date, team, code``.
    """
    names, codes = pb.teams["name"].tolist(), pb.cand["code"].tolist()
    rows = [
        (d, names[t], codes[j]) for d, t, j in greedy_picks(_greedy_input(pb), pb.dates, params)
    ]
    return pd.DataFrame(rows, columns=_ASSIGNMENT_COLUMNS)


def _counts(pb: _Problem, assign: pd.DataFrame) -> np.ndarray:
    """Evenings per (team, commune) of dated assignments.

    Returns
    -------
    numpy.ndarray
        Teams × communes integers.
    """
    counts = np.zeros(pb.feasible.shape, dtype=int)
    team_ix = {n: i for i, n in enumerate(pb.teams["name"])}
    code_ix = {c: j for j, c in enumerate(pb.cand["code"])}
    for team, code in zip(assign["team"], assign["code"], strict=True):
        counts[team_ix[team], code_ix[code]] += 1
    return counts


def _plan_value(pb: _Problem, counts: np.ndarray, params: PlanParams) -> float:
    """Value evenings per (team, commune) under the model (their dates do not change it).

    Returns
    -------
    float
        ``Σ_c effort_value(rate, gap, h0, Σ_t n[t, c] × hours[t, c])``.
    """
    effort = (counts * pb.hours).sum(axis=0)
    c = pb.cand
    return float(
        sum(
            effort_value(float(r), float(g), float(h0), float(h), params)
            for r, g, h0, h in zip(c["rate"], c["gap"], c["h0"], effort, strict=True)
            if h > 0
        )
    )


def _milp_or_greedy(
    pb: _Problem, params: PlanParams, time_limit: float | None, info: dict[str, Any]
) -> pd.DataFrame:
    """Solve the program, and keep the greedy plan instead when it is worth more.

    Fills ``info`` with the solver's figures, ``time_limit``, ``time_limit_hit``,
    ``expected_milp``, ``expected_greedy``, the ``method`` used and, when the greedy plan is
    kept, ``fallback`` (``"no_solution"`` or ``"worse"``).

    Returns
    -------
    DataFrame
        ``date, team, code``.
    """
    limit = milp_time_limit(int(pb.feasible.sum()), len(pb.dates), time_limit)
    counts, extra = _milp_counts(pb, params, limit)
    info.update(extra)
    info["time_limit"] = limit
    info["time_limit_hit"] = extra["status"] == 1
    greedy = _greedy(pb, params)
    info["expected_greedy"] = _plan_value(pb, _counts(pb, greedy), params)
    if "fallback" in extra:  # no solution within the limit
        info.update(method="greedy", fallback="no_solution", expected_milp=None)
        return greedy
    info["expected_milp"] = _plan_value(pb, counts, params)
    if info["expected_milp"] < info["expected_greedy"]:
        info.update(method="greedy", fallback="worse")
        return greedy
    return _assign_dates(pb, counts)


def build_schedule(
    candidates: pd.DataFrame,
    teams: pd.DataFrame,
    start: date,
    days: int,
    days_off: Iterable[object] = (),
    method: Literal["milp", "greedy"] = "milp",
    time_limit: float | None = None,
    *,
    params: PlanParams = DEFAULT_PARAMS,
) -> pd.DataFrame:
    """Assign team-evenings to communes over a horizon, maximising expected activations.

    With ``method="milp"`` the greedy plan is built too (it takes a fraction of a second) and
    is returned instead when the program found no solution within its time limit or a worse
    one, so the result is never below the greedy baseline; ``attrs["solver"]`` says which.

    Parameters
    ----------
    candidates : DataFrame
        Communes that may be visited: ``code, urban, gap, lat, lon, yield_rate`` (activations
        per officer-hour); optional ``name``, ``reason``, ``has_data``, ``recent_effort``
        (officer-hours spent there in the days before ``start``). The output of
        :func:`~geo.planning.priority.priority_scores` fits. Rows without data, gap or rate are
        skipped.
    teams : DataFrame
        ``name, members, base_lat, base_lon``.
    start : date
        First evening of the horizon.
    days : int
        Length of the horizon in days.
    days_off : iterable
        Dates and/or weekdays (0 = Monday) without evening work (see
        :func:`~geo.planning.params.plan_dates`).
    method : {"milp", "greedy"}
        HiGHS mixed-integer program, or the greedy baseline.
    time_limit : float, optional
        The most the solver may take, in seconds (the best solution found so far is used). The
        limit is :func:`~geo.planning.params.milp_time_limit` of the program's size, capped by
        this value; ``None``: not capped.
    params : PlanParams
        Model parameters.

    Returns
    -------
    DataFrame
        :data:`~geo.planning.params.SCHEDULE_COLUMNS`, sorted by date and team.
        ``attrs["solver"]`` is a dict: ``method`` (the method that made the plan), ``requested``
        (the method asked for), ``seconds_total``; for the MILP also ``status`` (HiGHS: 0
        optimal, 1 time limit), ``message``, ``seconds``, ``variables``, ``constraints``,
        ``objective``, ``time_limit`` (seconds allowed), ``time_limit_hit``,
        ``expected_milp`` (``None`` without a solution), ``expected_greedy`` and, when the
        greedy plan was kept, ``fallback``: ``"no_solution"`` or ``"worse"``
        (:func:`solver_note` words it for the user).

    Examples
    --------
    >>> cand = pd.DataFrame({"code": ["1"], "urban": [True], "gap": [1000.0],
    ...                      "lat": [20.50], "lon": [105.90], "yield_rate": [2.0]})
    >>> teams = pd.DataFrame({"name": ["Tổ 1"], "members": [2], "base_lat": [20.53],
    ...                       "base_lon": [105.90]})
    >>> s = build_schedule(cand, teams, date(2023, 4, 3), 2)
    >>> s[["team", "code", "window_start", "window_end", "usable_min"]]
       team code window_start window_end  usable_min
    0  Tổ 1    1        18:10      21:20       190.0
    1  Tổ 1    1        18:10      21:20       190.0
    >>> s.attrs["solver"]["method"], s.attrs["solver"]["time_limit"]
    ('milp', 5.0002)
    """
    if method not in ("milp", "greedy"):
        raise ValueError(f"unknown method {method!r}")
    dates = plan_dates(start, days, days_off)
    pb = _problem(candidates, teams, dates, params)
    info: dict[str, Any] = {"method": method, "requested": method}
    t0 = time.perf_counter()
    if not dates or not pb.feasible.any():
        assign = pd.DataFrame(columns=_ASSIGNMENT_COLUMNS)
    elif method == "milp":
        assign = _milp_or_greedy(pb, params, time_limit, info)
    else:
        assign = _greedy(pb, params)
    info["seconds_total"] = time.perf_counter() - t0
    out = schedule_from_assignments(assign, candidates, teams, params=params)
    out.attrs["solver"] = info
    return out


def solver_note(solver: Mapping[str, Any]) -> str | None:
    """Say why a MILP request returned the greedy plan (for the planner page), if it did.

    Parameters
    ----------
    solver : mapping
        ``attrs["solver"]`` of :func:`build_schedule`.

    Returns
    -------
    str or None
        A translated sentence, or ``None`` when the plan is the method asked for.

    Examples
    --------
    >>> solver_note({"method": "milp", "requested": "milp"}) is None
    True
    >>> solver_note({"method": "greedy", "fallback": "worse", "time_limit": 20.0,
    ...              "expected_milp": 1502.4, "expected_greedy": 1610.0})  # doctest: +ELLIPSIS
    'Sau 20 giây, lời giải tối ưu (MILP) chưa tốt bằng cách lần lượt từng buổi (...'
    """
    reason = solver.get("fallback")
    limit = float(solver.get("time_limit", 0.0))
    seconds = format_number(limit, 0 if limit >= 10 else 1)
    if reason == "worse":
        return _(
            "Sau {seconds} giây, lời giải tối ưu (MILP) chưa tốt bằng cách lần lượt từng buổi "
            "(dự kiến kích hoạt {milp} so với {greedy}); đã dùng lịch lần lượt từng buổi."
        ).format(
            seconds=seconds,
            milp=format_number(solver.get("expected_milp"), 0),
            greedy=format_number(solver.get("expected_greedy"), 0),
        )
    if reason == "no_solution":
        return _(
            "Trong {seconds} giây, bộ giải tối ưu (MILP) chưa tìm được lời giải; "
            "đã dùng lịch lần lượt từng buổi."
        ).format(seconds=seconds)
    return None
