"""Simulator of the weeks ahead, to compare planning methods on equal terms.

Nothing here is real data: :func:`synthetic_province` builds a made-up province shaped like Hà
Nam in 2023 (6 districts, 109 communes of which about a fifth urban, gaps of 500 to 12.000
people, 19 teams: 7 provincial teams based in Phủ Lý and 2 teams per district), and
:func:`simulate` plays a few weeks of evening visits under a planning policy, re-planning every
week from what happened so far.

World model (what the planner does *not* see)
---------------------------------------------
Each commune has a true rate of activations per officer-hour (class rate × a log-normal commune
effect); the planner only sees past visits and learns the rate (:func:`geo.planning.planner.learn_yield`
plus per-commune shrinkage). The mean yield of a visit is::

    true_rate × members × usable_hours × (remaining_gap / initial_gap) ** alpha
              × exp(-recent_activations / (pool_share × remaining_gap))

i.e. diminishing returns as the commune runs out of people not yet activated (``alpha``), and
a short-term saturation when a commune is visited again soon: ``recent_activations`` are the
activations of the previous ``saturation_days`` days; the people who are home and willing in
the evening are a pool of about ``pool_share`` of the gap (5 %: 600 people of a 12.000 gap, 50
of a 1.000 gap) that refills over the following days, so a small commune saturates after one or
two visits and a large one after many. The activations are ``round(mean × noise)``
capped by the remaining gap, with log-normal noise of mean 1 drawn once per (commune, evening,
team) from a seeded :class:`numpy.random.Generator` before the run, so every policy faces the
same world (common random numbers). Travel and usable minutes follow :mod:`geo.planning.planner`.

Each week the policy gets the candidates of :func:`geo.planning.planner.priority_scores` (metrics rebuilt
from the simulated state, ``recent_effort`` = officer-hours of the previous 7 days) and returns
a 7-day schedule; the visits are then played in date order.

Policies (:data:`POLICIES`): ``milp`` and ``greedy`` (:func:`geo.planning.planner.build_schedule`), and
three plans a human could make without a model: ``largest_gap`` (each evening every team goes to
the reachable commune with the largest gap not yet covered by the week's plan),
``round_robin`` (each team walks through the communes of its district in code order) and
``random`` (any reachable commune).
"""

from __future__ import annotations

import time as _time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from geo.planning import planner
from geo.planning.planner import PlanParams, Weights

__all__ = [
    "POLICIES",
    "Policy",
    "Province",
    "SimConfig",
    "SimResult",
    "plan_largest_gap",
    "plan_random",
    "plan_round_robin",
    "simulate",
    "synthetic_province",
]

#: ``policy(candidates, teams, start, days, days_off, rng) -> schedule``.
Policy = Callable[[pd.DataFrame, pd.DataFrame, date, int, tuple, np.random.Generator], pd.DataFrame]

_DISTRICTS = (  # code, name, centre lat, lon, share of communes, urban units
    ("347", "Thành phố Phủ Lý", 20.545, 105.913, 21, 11),
    ("349", "Thị xã Duy Tiên", 20.630, 105.975, 16, 6),
    ("350", "Huyện Kim Bảng", 20.575, 105.840, 17, 2),
    ("351", "Huyện Thanh Liêm", 20.450, 105.915, 16, 1),
    ("352", "Huyện Bình Lục", 20.495, 106.025, 17, 1),
    ("353", "Huyện Lý Nhân", 20.555, 106.090, 22, 2),
)
_HQ = (20.5411, 105.9134)


@dataclass(frozen=True)
class Province:
    """A synthetic province: communes (with the hidden ``true_rate``), teams, past visits."""

    communes: pd.DataFrame
    teams: pd.DataFrame
    history: pd.DataFrame
    start: date


@dataclass(frozen=True)
class SimConfig:
    """Parameters of :func:`simulate` (see the module docstring)."""

    weeks: int = 4
    days_off: tuple = (6,)
    alpha: float = 1.0
    pool_share: float = 0.05
    saturation_days: int = 7
    noise_sigma: float = 0.3
    time_limit: float = 10.0
    target_coverage: float = 0.8
    weights: Weights = field(default_factory=Weights)
    params: PlanParams = field(default_factory=PlanParams)


@dataclass(frozen=True)
class SimResult:
    """Outcome of one run: total and weekly activations, planning seconds per week, visits."""

    policy: str
    total: int
    weekly: tuple[int, ...]
    expected: tuple[float, ...]
    plan_seconds: tuple[float, ...]
    visits: pd.DataFrame


def _split(total: int, weights: Iterable[int]) -> list[int]:
    w = np.asarray(list(weights), float)
    exact = total * w / w.sum()
    parts = np.floor(exact).astype(int)
    order = np.lexsort((np.arange(w.size), -(exact - parts)))
    parts[order[: total - parts.sum()]] += 1
    return parts.tolist()


def synthetic_province(
    seed: int,
    n_communes: int = 109,
    n_teams: int = 19,
    *,
    start: date = date(2023, 4, 3),
    history_weeks: int = 4,
) -> Province:
    """Build a made-up province (see the module docstring).

    Parameters
    ----------
    seed : int
        Seed of the :func:`numpy.random.default_rng` generator; same seed, same province.
    n_communes, n_teams : int
        Size (default: Hà Nam 2023, 109 communes, 7 + 12 teams).
    start : date
        First evening the planner will plan (a Monday); the history ends the day before.
    history_weeks : int
        Weeks of past visits (random reachable communes, 70 % of the evenings) to learn from.

    Returns
    -------
    Province
        ``communes``: ``code, name, district_code, district_name, urban, lat, lon, eligible,
        activated, gap, true_rate``; ``teams``: ``name, members, base_lat, base_lon``;
        ``history``: visit rows (``date, team, code, place_type, start, end, activated``).
    """
    rng = np.random.default_rng(seed)
    counts = _split(n_communes, [d[4] for d in _DISTRICTS])
    rows = []
    for (dcode, dname, lat, lon, share, n_urban), n in zip(_DISTRICTS, counts, strict=True):
        n_u = min(n, round(n_urban * n / share)) if share else 0
        for i in range(n):
            urban = i < n_u
            spread = 0.018 if urban else 0.045
            rows.append(
                {
                    "code": f"9{len(rows) + 1:04d}",
                    "name": f"{'Phường' if urban else 'Xã'} mẫu {len(rows) + 1}",
                    "district_code": dcode,
                    "district_name": dname,
                    "urban": urban,
                    "lat": lat + rng.normal(0, spread),
                    "lon": lon + rng.normal(0, spread),
                }
            )
    c = pd.DataFrame(rows)
    urban = c["urban"].to_numpy()
    eligible = np.where(
        urban,
        rng.lognormal(np.log(14_000), 0.35, len(c)),
        rng.lognormal(np.log(8_000), 0.4, len(c)),
    )
    coverage = rng.uniform(0.35, 0.93, len(c))
    gap = np.clip(np.round(eligible * (1 - coverage)), 500, 12_000)
    eligible = np.maximum(np.round(eligible), gap + 100)
    c["eligible"] = eligible.astype(int)
    c["gap"] = gap.astype(int)
    c["activated"] = c["eligible"] - c["gap"]
    c["true_rate"] = np.where(urban, 2.4, 1.8) * rng.lognormal(-(0.35**2) / 2, 0.35, len(c))

    teams = []
    for i in range(n_teams):
        if i < 7:
            base = (_HQ[0], _HQ[1])
        else:
            d = _DISTRICTS[(i - 7) // 2 % len(_DISTRICTS)]
            base = (d[2], d[3])
        teams.append(
            {
                "name": f"Tổ {i + 1}",
                "members": int(rng.integers(2, 5)),
                "base_lat": base[0] + rng.normal(0, 0.005),
                "base_lon": base[1] + rng.normal(0, 0.005),
            }
        )
    t = pd.DataFrame(teams)

    params = PlanParams()
    tm = planner.travel_matrix(t, c, round_to=params.travel_round_min).to_numpy()
    win = np.where(urban, 210.0, 210.0)
    usable = win[None, :] - 2 * tm
    hist = []
    gaps = c["gap"].to_numpy(float).copy()
    for day in range(history_weeks * 7, 0, -1):
        d = start - timedelta(days=day)
        for ti in range(len(t)):
            if rng.random() > 0.7:
                continue
            ok = np.nonzero(usable[ti] >= params.min_usable_min)[0]
            if not len(ok):
                continue
            j = int(rng.choice(ok))
            hours = usable[ti, j] / 60.0
            mean = c["true_rate"].iat[j] * t["members"].iat[ti] * hours
            act = int(min(gaps[j], rng.poisson(mean)))
            w0, w1 = params.window(bool(urban[j]))
            hist.append(
                {
                    "date": pd.Timestamp(d),
                    "team": t["name"].iat[ti],
                    "code": c["code"].iat[j],
                    "place_type": "household",
                    "start": planner._hhmm(w0 + tm[ti, j]),
                    "end": planner._hhmm(w1 - tm[ti, j]),
                    "activated": act,
                }
            )
    history = pd.DataFrame(
        hist, columns=["date", "team", "code", "place_type", "start", "end", "activated"]
    )
    return Province(c, t, history, start)


# --------------------------------------------------------------------------- baselines


def _reach(candidates: pd.DataFrame, teams: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    params = PlanParams()
    c = planner._candidates(candidates, params)
    tm = planner.travel_matrix(teams, c, round_to=params.travel_round_min).to_numpy()
    win = np.array([params.window(u)[1] - params.window(u)[0] for u in c["urban"]], float)
    return c, (win[None, :] - 2 * tm) >= params.min_usable_min


def _by_evening(
    candidates: pd.DataFrame,
    teams: pd.DataFrame,
    c: pd.DataFrame,
    dates: Iterable[date],
    pick: Callable[[date, int, np.ndarray], int | None],
) -> pd.DataFrame:
    """Schedule of the baselines: each evening, team after team, ``pick`` names a commune.

    ``pick(day, team_index, busy)`` returns a row of ``c`` or ``None`` (the team stays home);
    ``busy`` counts the teams already sent to each commune that evening.
    """
    rows = []
    for d in dates:
        busy = np.zeros(len(c), int)
        for ti in range(len(teams)):
            j = pick(d, ti, busy)
            if j is None:
                continue
            busy[j] += 1
            rows.append((d, teams["name"].iat[ti], c["code"].iat[j]))
    return planner.schedule_from_assignments(
        pd.DataFrame(rows, columns=["date", "team", "code"]), candidates, teams
    )


def plan_largest_gap(
    candidates: pd.DataFrame,
    teams: pd.DataFrame,
    start: date,
    days: int,
    days_off: tuple = (),
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Each evening each team takes the reachable commune with the largest gap left.

    "Left" is the gap minus what the week's plan already expects there (the planning model's
    expected activations), so a team does not return to the same commune every evening.
    """
    c, reach = _reach(candidates, teams)
    left = c["gap"].to_numpy(float).copy()
    cap = c["cap"].to_numpy(int)
    codes = c["code"].to_numpy()
    members = pd.to_numeric(teams["members"]).to_numpy(float)
    rate = c["rate"].to_numpy(float)

    def pick(d: date, ti: int, busy: np.ndarray) -> int | None:
        ok = np.nonzero(reach[ti] & (busy < cap) & (left > 0))[0]
        if not len(ok):
            return None
        j = int(ok[np.lexsort((codes[ok], -left[ok]))[0]])
        left[j] -= rate[j] * members[ti] * 3.0
        return j

    return _by_evening(candidates, teams, c, planner.plan_dates(start, days, days_off), pick)


def plan_round_robin(
    candidates: pd.DataFrame,
    teams: pd.DataFrame,
    start: date,
    days: int,
    days_off: tuple = (),
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Each team walks through the reachable communes of its district (nearest) in code order.

    The team's district is the district of the commune nearest its base; the position in the
    cycle is the number of days since 01/01/2023 (so it continues from week to week), teams of
    one district start at evenly spread offsets, a commune already taken that evening is skipped.
    """
    c, reach = _reach(candidates, teams)
    tm = planner.travel_matrix(teams, c).to_numpy()
    cap = c["cap"].to_numpy(int)
    lists, offsets, homes, per_home = [], [], [], {}
    for ti in range(len(teams)):
        home = c["district_code"].iat[int(np.nanargmin(tm[ti]))] if len(c) else None
        own = np.nonzero(reach[ti] & (c["district_code"] == home).to_numpy())[0]
        lists.append(own[np.argsort(c["code"].to_numpy()[own], kind="stable")])
        homes.append(home)
        offsets.append(per_home.get(home, 0))
        per_home[home] = offsets[-1] + 1

    def pick(d: date, ti: int, busy: np.ndarray) -> int | None:
        own = lists[ti]
        idx = (d - date(2023, 1, 1)).days
        shift = offsets[ti] * len(own) // max(per_home[homes[ti]], 1)
        for step in range(len(own)):
            j = int(own[(idx + shift + step) % len(own)])
            if busy[j] < cap[j]:
                return j
        return None

    return _by_evening(candidates, teams, c, planner.plan_dates(start, days, days_off), pick)


def plan_random(
    candidates: pd.DataFrame,
    teams: pd.DataFrame,
    start: date,
    days: int,
    days_off: tuple = (),
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Each evening each team goes to a uniformly random reachable commune (not full)."""
    rng = rng if rng is not None else np.random.default_rng(0)
    c, reach = _reach(candidates, teams)
    cap = c["cap"].to_numpy(int)

    def pick(d: date, ti: int, busy: np.ndarray) -> int | None:
        ok = np.nonzero(reach[ti] & (busy < cap))[0]
        return int(rng.choice(ok)) if len(ok) else None

    return _by_evening(candidates, teams, c, planner.plan_dates(start, days, days_off), pick)


def _solver(method: str, time_limit: float | None = None) -> Policy:
    def policy(cand, teams, start, days, days_off, rng):
        return planner.build_schedule(
            cand, teams, start, days, days_off, method=method, time_limit=time_limit or 10.0
        )

    policy.__name__ = f"plan_{method}"
    return policy


POLICIES: dict[str, Policy] = {
    "milp": _solver("milp"),
    "greedy": _solver("greedy"),
    "largest_gap": plan_largest_gap,
    "round_robin": plan_round_robin,
    "random": plan_random,
}


# --------------------------------------------------------------------------- simulation


def _metrics(prov: Province, gap: np.ndarray, hist: pd.DataFrame, today: date) -> pd.DataFrame:
    """``commune_metrics``-shaped rows rebuilt from the simulated state."""
    c = prov.communes
    members = dict(zip(prov.teams["name"], prov.teams["members"], strict=True))
    h = hist.copy()
    if len(h):
        mins = [
            planner._minutes(e) - planner._minutes(s)
            for s, e in zip(h["start"], h["end"], strict=True)
        ]
        h["oh"] = h["team"].map(members).astype(float) * np.asarray(mins, float) / 60.0
    else:
        h["oh"] = pd.Series(dtype=float)
    g = h.groupby("code").agg(
        visits=("activated", "size"),
        team_activations=("activated", "sum"),
        officer_hours=("oh", "sum"),
        last_visit=("date", "max"),
    )
    m = pd.DataFrame(
        {
            "code": c["code"],
            "name": c["name"],
            "district_code": c["district_code"],
            "district_name": c["district_name"],
            "urban": c["urban"],
            "eligible": c["eligible"],
            "quota": np.round(c["eligible"] * 0.8),
        }
    )
    m["activated"] = c["eligible"] - gap
    m["coverage"] = m["activated"] / m["eligible"]
    m["gap"] = gap
    m["quota_progress"] = m["activated"] / m["quota"]
    m = m.join(g, on="code")
    m["visits"] = m["visits"].fillna(0).astype(int)
    m["team_activations"] = m["team_activations"].fillna(0)
    m["officer_hours"] = m["officer_hours"].fillna(0.0)
    m["last_visit"] = pd.to_datetime(m["last_visit"])
    m["days_since_visit"] = (pd.Timestamp(today) - m["last_visit"]).dt.days
    m["activations_per_officer_hour"] = m["team_activations"] / m["officer_hours"].where(
        m["officer_hours"] > 0
    )
    m["has_data"] = True
    return m


def simulate(
    province: Province,
    policy: Policy | str,
    *,
    seed: int,
    config: SimConfig = SimConfig(),
) -> SimResult:
    """Play ``config.weeks`` weeks under ``policy``, re-planning every week.

    Parameters
    ----------
    province : Province
        From :func:`synthetic_province`.
    policy : Policy or str
        A key of :data:`POLICIES` or a callable with the same signature.
    seed : int
        Seed of the world's noise (and of the random policy); same seed, same world.
    config : SimConfig
        World and planning parameters.

    Returns
    -------
    SimResult
        Activations in total and per week (simulated), the planner's expected activations per
        week, planning seconds per week and the simulated visits.
    """
    name = policy if isinstance(policy, str) else getattr(policy, "__name__", "policy")
    if isinstance(policy, str):
        policy = (
            _solver(policy, config.time_limit) if policy in ("milp", "greedy") else POLICIES[policy]
        )
    c, t = province.communes, province.teams
    world = np.random.default_rng(seed)
    n_days = config.weeks * 7
    sigma = config.noise_sigma
    noise = world.lognormal(-(sigma**2) / 2, sigma, size=(len(c), n_days, len(t)))
    policy_rng = np.random.default_rng([seed, 1])
    code_ix = {k: i for i, k in enumerate(c["code"])}
    team_ix = {k: i for i, k in enumerate(t["name"])}
    members = t["members"].to_numpy(float)
    g0 = c["gap"].to_numpy(float)
    gap = g0.copy()
    hist = province.history.copy()
    recent_log: dict[int, list[tuple[int, int]]] = {}  # commune -> (day offset, activations)
    for d, code, a in zip(hist["date"], hist["code"], hist["activated"], strict=True):
        off = (pd.Timestamp(d).date() - province.start).days
        recent_log.setdefault(code_ix[code], []).append((off, int(a)))
    weekly, expected, seconds, played = [], [], [], []
    for w in range(config.weeks):
        ws = province.start + timedelta(days=7 * w)
        metrics = _metrics(province, gap, hist, ws)
        rates = planner.learn_yield(hist, c, t)
        scores = planner.priority_scores(
            metrics,
            c[["code", "lat", "lon"]],
            t,
            config.weights,
            config.target_coverage,
            ws,
            yield_rates=rates,
        )
        recent = hist[pd.to_datetime(hist["date"]) >= pd.Timestamp(ws - timedelta(days=7))]
        recent_oh = _metrics(province, gap, recent, ws).set_index("code")["officer_hours"]
        scores["recent_effort"] = scores["code"].map(recent_oh).fillna(0.0)
        t0 = _time.perf_counter()
        sched = policy(scores, t, ws, 7, tuple(config.days_off), policy_rng)
        seconds.append(_time.perf_counter() - t0)
        expected.append(float(sched["expected_activations"].fillna(0).sum()))
        total_w = 0
        rows = []
        for r in sched.sort_values(["date", "team"]).itertuples(index=False):
            if not (r.usable_min >= config.params.min_usable_min):
                continue
            j, ti = code_ix[r.code], team_ix[r.team]
            day = (pd.Timestamp(r.date).date() - province.start).days
            recent_acts = sum(
                a for x, a in recent_log.get(j, []) if day - config.saturation_days <= x < day
            )
            mean = (
                c["true_rate"].iat[j]
                * members[ti]
                * r.usable_min
                / 60.0
                * (gap[j] / g0[j]) ** config.alpha
                * np.exp(-recent_acts / max(config.pool_share * gap[j], 1.0))
            )
            act = int(min(gap[j], round(mean * noise[j, day, ti])))
            gap[j] -= act
            total_w += act
            recent_log.setdefault(j, []).append((day, act))
            rows.append(
                {
                    "date": pd.Timestamp(r.date),
                    "team": r.team,
                    "code": r.code,
                    "place_type": "household",
                    "start": r.window_start,
                    "end": r.window_end,
                    "activated": act,
                }
            )
        week = pd.DataFrame(rows, columns=hist.columns)
        played.append(week)
        hist = pd.concat([hist, week], ignore_index=True) if len(week) else hist
        weekly.append(total_w)
    visits = pd.concat(played, ignore_index=True) if played else hist.iloc[:0]
    return SimResult(name, int(sum(weekly)), tuple(weekly), tuple(expected), tuple(seconds), visits)
