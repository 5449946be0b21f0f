"""Planner benchmark: projected activations over 4 weeks, MILP vs greedy vs human baselines.

Run: ``python bench/bench_planner.py [--seeds 1 2 3 4 5] [--weeks 4] [--time-limit 10]``.

First, the greedy baseline on one large problem (``--greedy-size``: 1.000 communes × 50 teams
× 14 evenings): the array version of :mod:`geo.planning._greedy` against the commune-by-commune
loop it replaced (:func:`greedy_reference`, kept here), both timed in this run on the same
problem; printed: seconds of each, the ratio new / old and whether the schedules are identical.
``--fallback`` also builds the MILP plan of that problem (limit: the adaptive one, capped by
``--time-limit``) and says which plan was kept. ``--greedy-only`` stops there.

For every seed a synthetic province (109 communes with gaps of 500-12.000 people, 19 teams with
bases; :func:`geo.planning.synthetic.synthetic_province`, made-up data) is played for 4 weeks
with weekly re-planning under each policy (:data:`geo.planning.simulate.POLICIES`), all policies
facing the same world (common random numbers). Printed: total simulated activations per policy
and seed, the mean over seeds, ratios to the ``random`` and to the ``largest_gap`` baseline
measured in the same run, the ratio MILP / greedy per seed, and the planning time per weekly
plan (mean and max).
``--noise 0`` plays the mean dynamics (no per-visit noise).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.timing import median_seconds
from geo.planning import schedule as sched
from geo.planning.params import DEFAULT_PARAMS, PlanParams, plan_dates
from geo.planning.simulate import POLICIES, SimConfig, simulate
from geo.planning.synthetic import synthetic_province
from geo.planning.value import effort_value


def greedy_reference(pb: Any, params: PlanParams = DEFAULT_PARAMS) -> pd.DataFrame:
    """The greedy of issue 10, one commune at a time (the baseline of the array version).

    Kept verbatim, apart from its name, so that the benchmark and the tests
    (``tests/planning/test_schedule_greedy.py``) compare the array version with it.
    """
    nt, nc = pb.feasible.shape
    effort = pb.cand["h0"].to_numpy(dtype=float).copy()
    used = np.zeros(nc, dtype=float)  # effort added in the horizon
    rates, gaps = pb.cand["rate"].to_numpy(dtype=float), pb.cand["gap"].to_numpy(dtype=float)
    caps = pb.cand["cap"].to_numpy(dtype=int)

    def value(j: int, h: float) -> float:  # of ``h`` hours added in the horizon to commune j
        return effort_value(rates[j], gaps[j], effort[j] - used[j], h, params)

    rows = []
    for d in pb.dates:
        busy = np.zeros(nc, dtype=int)
        for t in range(nt):
            best, best_key = -1, None
            for j in map(int, np.nonzero(pb.feasible[t])[0]):
                if busy[j] >= caps[j]:
                    continue
                gain = value(j, used[j] + pb.hours[t, j]) - value(j, used[j])
                key = (-gain, pb.travel[t, j], pb.cand["code"].iloc[j])
                if gain > 1e-9 and (best_key is None or key < best_key):
                    best, best_key = j, key
            if best >= 0:
                busy[best] += 1
                used[best] += pb.hours[t, best]
                effort[best] += pb.hours[t, best]
                rows.append((d, pb.teams["name"].iloc[t], pb.cand["code"].iloc[best]))
    return pd.DataFrame(rows, columns=["date", "team", "code"])


def greedy_case(seed: int, n_communes: int, n_teams: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Candidates and teams of a synthetic province, shaped as the planner gives them.

    Half the communes have the class rate (no visits to learn from, so many equal gains and
    the tie-breaks matter), the others their own; a third carry recent effort.
    """
    prov = synthetic_province(seed, n_communes, n_teams, history_weeks=0)
    rng = np.random.default_rng(seed)
    c = prov.communes.copy()
    n = len(c)
    own = rng.random(n) < 0.5
    c["yield_rate"] = np.where(own, np.round(c["true_rate"], 3), 2.0)
    c["recent_effort"] = np.where(rng.random(n) < 1 / 3, rng.uniform(0, 30, n).round(1), 0.0)
    return c, prov.teams


def bench_greedy(
    n_communes: int = 1000, n_teams: int = 50, days: int = 14, seed: int = 1, repeat: int = 3
) -> dict[str, Any]:
    """Time the array greedy against :func:`greedy_reference` on one problem, same run.

    Returns
    -------
    dict
        Sizes, ``old_s`` and ``new_s`` (median seconds of the greedy alone, the problem built
        once), ``ratio`` new / old, ``identical`` and the number of team-evenings.
    """
    c, teams = greedy_case(seed, n_communes, n_teams)
    start = synthetic_province(seed, 1, 1, history_weeks=0).start
    pb = sched._problem(c, teams, plan_dates(start, days), DEFAULT_PARAMS)
    old = greedy_reference(pb)
    new = sched._greedy(pb, DEFAULT_PARAMS)
    identical = old.equals(new)
    old_s = median_seconds(lambda: greedy_reference(pb), repeat=max(1, repeat // 2))
    new_s = median_seconds(lambda: sched._greedy(pb, DEFAULT_PARAMS), repeat=repeat)
    return {
        "communes": int(pb.feasible.shape[1]),
        "teams": int(pb.feasible.shape[0]),
        "days": days,
        "feasible_pairs": int(pb.feasible.sum()),
        "team_evenings": len(new),
        "identical": bool(identical),
        "old_s": old_s,
        "new_s": new_s,
        "ratio": new_s / old_s,
    }


def bench_fallback(
    n_communes: int, n_teams: int, days: int, time_limit: float | None, seed: int = 1
) -> dict[str, Any]:
    """Build the MILP schedule of :func:`bench_greedy`'s problem and say which plan it kept.

    Returns
    -------
    dict
        ``attrs["solver"]`` of :func:`geo.planning.schedule.build_schedule` (JSON-ready).
    """
    c, teams = greedy_case(seed, n_communes, n_teams)
    start = synthetic_province(seed, 1, 1, history_weeks=0).start
    s = sched.build_schedule(c, teams, start, days, method="milp", time_limit=time_limit)
    keys = ("method", "fallback", "status", "time_limit", "seconds", "seconds_total")
    return {k: s.attrs["solver"].get(k) for k in (*keys, "expected_milp", "expected_greedy")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    ap.add_argument("--weeks", type=int, default=4)
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--noise", type=float, default=0.3, help="sigma of the per-visit noise")
    ap.add_argument("--communes", type=int, default=109)
    ap.add_argument("--teams", type=int, default=19)
    ap.add_argument(
        "--greedy-size",
        type=int,
        nargs=3,
        default=[1000, 50, 14],
        metavar=("COMMUNES", "TEAMS", "DAYS"),
        help="the greedy timing problem",
    )
    ap.add_argument("--greedy-only", action="store_true", help="skip the simulation")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of the array greedy")
    ap.add_argument(
        "--fallback",
        action="store_true",
        help="also build the MILP plan of the greedy problem (capped by --time-limit)",
    )
    ap.add_argument("--out", type=Path, help="write the greedy figures to OUT/bench_planner.json")
    args = ap.parse_args(argv)
    n_communes, n_teams, n_days = args.greedy_size
    g = bench_greedy(n_communes, n_teams, n_days, repeat=args.repeat)
    print(
        f"greedy, {g['communes']} communes x {g['teams']} teams x {g['days']} days "
        f"({g['feasible_pairs']:,} reachable pairs, {g['team_evenings']:,} team-evenings): "
        f"loop {g['old_s']:.2f} s, arrays {g['new_s']:.3f} s, ratio new/old {g['ratio']:.3f} "
        f"({1 / g['ratio']:.1f}x faster), identical schedules: {g['identical']}"
    )
    figures: dict[str, Any] = {"greedy": g}
    if args.fallback:
        f = bench_fallback(n_communes, n_teams, n_days, args.time_limit)
        figures["fallback"] = f
        milp = "none" if f["expected_milp"] is None else f"{f['expected_milp']:,.0f}"
        print(
            f"MILP on it, limit {f['time_limit']:g} s (status {f['status']}): expected {milp} "
            f"against greedy {f['expected_greedy']:,.0f}; plan kept: {f['method']} "
            f"({f['seconds_total']:.1f} s in all)"
        )
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "bench_planner.json").write_text(json.dumps(figures, indent=2))
    if args.greedy_only:
        return 0 if g["identical"] else 1
    cfg = SimConfig(weeks=args.weeks, time_limit=args.time_limit, noise_sigma=args.noise)
    names = list(POLICIES)
    totals: dict[str, list[int]] = {n: [] for n in names}
    seconds: dict[str, list[float]] = {n: [] for n in names}
    t_all = time.perf_counter()
    print(
        f"{args.communes} communes, {args.teams} teams, {args.weeks} weeks, "
        f"seeds {args.seeds}, noise sigma {args.noise}, MILP time limit {args.time_limit:g} s"
    )
    header = f"{'seed':>5} " + " ".join(f"{n:>12}" for n in names) + f" {'milp/greedy':>12}"
    print(header)
    for seed in args.seeds:
        prov = synthetic_province(seed, args.communes, args.teams)
        row = {}
        for n in names:
            res = simulate(prov, n, seed=seed, config=cfg)
            row[n] = res.total
            totals[n].append(res.total)
            seconds[n].extend(res.plan_seconds)
        ratio = row["milp"] / row["greedy"]
        print(f"{seed:>5} " + " ".join(f"{row[n]:>12,}" for n in names) + f" {ratio:>12.3f}")
    mean = {n: statistics.fmean(totals[n]) for n in names}
    print(f"{'mean':>5} " + " ".join(f"{mean[n]:>12,.0f}" for n in names))
    print()
    print(f"{'policy':>12} {'÷ random':>10} {'÷ largest_gap':>14} {'plan s mean':>12} {'max':>8}")
    for n in names:
        print(
            f"{n:>12} {mean[n] / mean['random']:>10.3f} {mean[n] / mean['largest_gap']:>14.3f} "
            f"{statistics.fmean(seconds[n]):>12.2f} {max(seconds[n]):>8.2f}"
        )
    wins = sum(m >= g for m, g in zip(totals["milp"], totals["greedy"], strict=True))
    print(
        f"\nMILP >= greedy in {wins}/{len(args.seeds)} seeds; "
        f"total {time.perf_counter() - t_all:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
