"""Simulator of the weeks ahead, to compare planning methods on equal terms.

Nothing here is real data: :func:`simulate` plays a few weeks of evening visits in a province of
:func:`~geo.planning.synthetic.synthetic_province` under a planning policy, re-planning every
week from what happened so far.

World model (what the planner does *not* see)
---------------------------------------------
Each commune has a true rate of activations per officer-hour (class rate × a log-normal commune
effect); the planner only sees past visits and learns the rate
(:func:`~geo.planning.rates.learn_yield` plus per-commune shrinkage). The mean yield of a visit
is::

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
same world (common random numbers). Travel and usable minutes follow the planning model.

Each week the policy gets the candidates of :func:`~geo.planning.priority.priority_scores`
computed from :func:`geo.metrics.commune_metrics` of the simulated state: the targets hold each
commune's eligible count, a quota of 80 % and an official count of ``eligible − remaining gap``
as of the day before the week, the visits are the history so far, and ``recent_effort`` is the
officer-hours of the previous 7 days. The policy returns a 7-day schedule; its visits are then
played in date order.

Policies (:data:`POLICIES`): ``milp`` and ``greedy``
(:func:`~geo.planning.schedule.build_schedule`) and the baselines of
:mod:`geo.planning.baselines`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

import numpy as np
import pandas as pd

from geo.metrics import Filters, commune_metrics
from geo.planning.baselines import Policy, plan_largest_gap, plan_random, plan_round_robin
from geo.planning.params import PlanParams, Weights
from geo.planning.priority import priority_scores, with_recent_effort
from geo.planning.rates import learn_yield
from geo.planning.schedule import build_schedule
from geo.planning.synthetic import HISTORY_COLUMNS, Province

__all__ = ["POLICIES", "SimConfig", "SimResult", "simulate"]


@dataclass(frozen=True)
class SimConfig:
    """Parameters of :func:`simulate` (see the module docstring)."""

    weeks: int = 4
    days_off: tuple[object, ...] = (6,)
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


def _solver(method: Literal["milp", "greedy"], time_limit: float | None = None) -> Policy:
    def policy(
        cand: pd.DataFrame,
        teams: pd.DataFrame,
        start: date,
        days: int,
        days_off: tuple[object, ...],
        rng: np.random.Generator,
    ) -> pd.DataFrame:
        return build_schedule(
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


def _metrics(
    prov: Province, gap: np.ndarray, hist: pd.DataFrame, week: date, since: date | None = None
) -> pd.DataFrame:
    """Rebuild the commune metrics of the simulated state, as of the day before ``week``.

    Returns
    -------
    DataFrame
        :func:`geo.metrics.commune_metrics` of the targets of the state and of ``hist``
        (visits from ``since`` when given).
    """
    c = prov.communes
    day_before = week - timedelta(days=1)
    targets = pd.DataFrame(
        {
            "code": c["code"],
            "as_of": pd.Timestamp(day_before),
            "eligible": c["eligible"],
            "quota": np.round(c["eligible"] * 0.8),
            "activated_baseline": c["eligible"] - gap,
        }
    )
    return commune_metrics(c, targets, hist, prov.teams, Filters(start=since, end=day_before))


_METHODS: dict[str, Literal["milp", "greedy"]] = {"milp": "milp", "greedy": "greedy"}


def _policy(policy: Policy | str, config: SimConfig) -> tuple[str, Policy]:
    if not isinstance(policy, str):
        return getattr(policy, "__name__", "policy"), policy
    if policy in _METHODS:
        return policy, _solver(_METHODS[policy], config.time_limit)
    return policy, POLICIES[policy]


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
        From :func:`~geo.planning.synthetic.synthetic_province`.
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

    Examples
    --------
    >>> from geo.planning.synthetic import synthetic_province
    >>> prov = synthetic_province(1, n_communes=12, n_teams=3, history_weeks=1)
    >>> res = simulate(prov, "greedy", seed=1, config=SimConfig(weeks=1))
    >>> res.policy, len(res.weekly), res.total == sum(res.weekly) > 0
    ('greedy', 1, True)
    """
    name, plan = _policy(policy, config)
    c, t = province.communes, province.teams
    world = np.random.default_rng(seed)
    n_days = config.weeks * 7
    sigma = config.noise_sigma
    noise = world.lognormal(-(sigma**2) / 2, sigma, size=(len(c), n_days, len(t)))
    policy_rng = np.random.default_rng([seed, 1])
    code_ix = {k: i for i, k in enumerate(c["code"])}
    team_ix = {k: i for i, k in enumerate(t["name"])}
    members = t["members"].to_numpy(dtype=float)
    true_rate = c["true_rate"].to_numpy(dtype=float)
    g0 = c["gap"].to_numpy(dtype=float)
    gap = g0.copy()
    hist = province.history.copy()
    recent_log: dict[int, list[tuple[int, int]]] = {}  # commune -> (day offset, activations)
    for d, code, a in zip(hist["date"], hist["code"], hist["activated"], strict=True):
        off = (pd.Timestamp(d).date() - province.start).days
        recent_log.setdefault(code_ix[code], []).append((off, int(a)))
    weekly: list[int] = []
    expected: list[float] = []
    seconds: list[float] = []
    played: list[pd.DataFrame] = []
    for w in range(config.weeks):
        ws = province.start + timedelta(days=7 * w)
        scores = priority_scores(
            _metrics(province, gap, hist, ws),
            c[["code", "lat", "lon"]],
            t,
            config.weights,
            config.target_coverage,
            ws,
            yield_rates=learn_yield(hist, c, t),
        )
        recent = _metrics(province, gap, hist, ws, since=ws - timedelta(days=7))
        scores = with_recent_effort(scores, recent)
        t0 = time.perf_counter()
        sched = plan(scores, t, ws, 7, tuple(config.days_off), policy_rng)
        seconds.append(time.perf_counter() - t0)
        expected.append(float(sched["expected_activations"].fillna(0).sum()))
        total_w = 0
        rows = []
        played_rows = sched.sort_values(["date", "team"])
        columns = ("date", "team", "code", "usable_min", "window_start", "window_end")
        for when, team, code, usable, w_start, w_end in zip(
            *(played_rows[k] for k in columns), strict=True
        ):
            if not (usable >= config.params.min_usable_min):
                continue
            j, ti = code_ix[code], team_ix[team]
            day = (pd.Timestamp(when).date() - province.start).days
            recent_acts = sum(
                a for x, a in recent_log.get(j, []) if day - config.saturation_days <= x < day
            )
            mean = (
                true_rate[j]
                * members[ti]
                * usable
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
                    "date": pd.Timestamp(when),
                    "team": team,
                    "code": code,
                    "place_type": "household",
                    "start": w_start,
                    "end": w_end,
                    "activated": act,
                }
            )
        week = pd.DataFrame(rows, columns=HISTORY_COLUMNS)
        played.append(week)
        hist = pd.concat([hist, week], ignore_index=True) if len(week) else hist
        weekly.append(total_w)
    visits = pd.concat(played, ignore_index=True) if played else hist.iloc[:0]
    return SimResult(name, int(sum(weekly)), tuple(weekly), tuple(expected), tuple(seconds), visits)
