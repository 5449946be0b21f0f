"""Coverage aggregation speed: one million visits over ten thousand communes.

Run: ``python bench/bench_coverage.py [--visits N] [--communes N] [--repeat N]``. Generates
synthetic data (seeded; made-up codes, nothing from the data directory), then times, in the same
run and as medians:

* the baseline: ``visits.groupby("code")["activated"].sum()``;
* :func:`geo.metrics.commune_metrics` without filters and with teams (officer-hours);
* the same with a period + team + place-type filter;
* :func:`geo.metrics.rollup` by district and :func:`geo.metrics.cumulative_activations` for the
  province over the whole period.

Prints absolute seconds and the ratio to the baseline. Budget (DESIGN.md): aggregation of 1M
visits and 10k communes well under a second; exits 1 when ``commune_metrics`` takes 1 s or more.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pandas as pd

from bench.timing import median_seconds
from geo.clock import hhmm
from geo.metrics import Filters, commune_metrics, cumulative_activations, rollup
from geo.schema import PLACE_TYPES

BUDGET_S = 1.0


def synthetic(n_visits: int, n_communes: int, seed: int = 20230213):
    """Communes, targets (two as_of per commune), visits (VISIT_COLUMNS + team_id) and teams."""
    rng = np.random.default_rng(seed)
    codes = np.array([f"{90000 + i:05d}" if i < 10000 else f"{i:06d}" for i in range(n_communes)])
    districts = np.array([f"{340 + i % 12}" for i in range(n_communes)])
    communes = pd.DataFrame(
        {
            "code": codes,
            "name": [f"Xã {i}" for i in range(n_communes)],
            "full_name": [f"Xã Xã {i}" for i in range(n_communes)],
            "type": "xã",
            "district_code": districts,
            "district_name": [f"Huyện {d}" for d in districts],
            "urban": rng.random(n_communes) < 0.2,
        }
    )
    eligible = rng.integers(2000, 20000, n_communes)
    t_codes = np.r_[codes, codes]
    targets = pd.DataFrame(
        {
            "code": t_codes,
            "as_of": pd.to_datetime(
                np.r_[np.full(n_communes, "2023-02-13"), np.full(n_communes, "2023-04-30")]
            ),
            "population": np.r_[eligible, eligible] * 115 // 100,
            "eligible": np.r_[eligible, eligible],
            "quota": np.r_[eligible, eligible] * 8 // 10,
            "activated_baseline": np.r_[eligible * 4 // 10, eligible * 6 // 10],
        }
    )
    for c in ("population", "eligible", "quota", "activated_baseline"):
        targets[c] = targets[c].astype("Int64")
    n_teams = 19
    team_names = np.array([f"Tổ {i + 1}" for i in range(n_teams)])
    team_idx = rng.integers(0, n_teams, n_visits)
    start_min = rng.integers(16 * 60, 19 * 60, n_visits)
    end_min = start_min + rng.integers(30, 150, n_visits)
    times = np.array([hhmm(m) for m in range(24 * 60)], dtype=object)
    start = times[start_min].astype(object)
    start[rng.random(n_visits) < 0.05] = None  # some visits without times
    visits = pd.DataFrame(
        {
            "date": pd.Timestamp("2023-02-13")
            + pd.to_timedelta(rng.integers(0, 108, n_visits), unit="D"),
            "team": team_names[team_idx],
            "code": codes[rng.integers(0, n_communes, n_visits)],
            "place_type": np.array(PLACE_TYPES)[
                rng.choice(5, n_visits, p=[0.85, 0.07, 0.05, 0.02, 0.01])
            ],
            "place_name": None,
            "start": start,
            "end": times[end_min],
            "households": pd.array(rng.integers(1, 20, n_visits), dtype="Int64"),
            "people_guided": pd.array(rng.integers(5, 60, n_visits), dtype="Int64"),
            "registered": pd.array(rng.integers(5, 50, n_visits), dtype="Int64"),
            "activated": pd.array(rng.integers(0, 40, n_visits), dtype="Int64"),
            "services_used": pd.array(rng.integers(0, 10, n_visits), dtype="Int64"),
            "lat": rng.uniform(20.3, 20.7, n_visits),
            "lon": rng.uniform(105.8, 106.2, n_visits),
            "note": None,
            "team_id": pd.array(team_idx + 1, dtype="Int64"),
        }
    )
    teams = pd.DataFrame(
        {
            "id": pd.array(np.arange(1, n_teams + 1), dtype="Int64"),
            "name": team_names,
            "members": pd.array(rng.integers(1, 4, n_teams), dtype="Int64"),
        }
    )
    return communes, targets, visits, teams


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--visits", type=int, default=1_000_000)
    ap.add_argument("--communes", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    t = time.perf_counter()
    communes, targets, visits, teams = synthetic(args.visits, args.communes)
    print(
        f"generated {len(visits):,} visits, {len(communes):,} communes, {len(targets):,} targets"
        f" in {time.perf_counter() - t:.1f} s (pandas {pd.__version__})"
    )
    today = dt.date(2023, 5, 31)
    filt = Filters(
        start=dt.date(2023, 3, 1),
        end=dt.date(2023, 5, 15),
        teams=("Tổ 1", "Tổ 2", "Tổ 3"),
        place_types=("household", "school"),
    )
    metrics = commune_metrics(communes, targets, visits, teams, today=today)

    runs: list[tuple[str, Callable[[], object]]] = [
        ("baseline groupby(code).activated.sum", lambda: visits.groupby("code")["activated"].sum()),
        ("commune_metrics, no filter, teams", lambda: commune_metrics(
            communes, targets, visits, teams, today=today)),
        ("commune_metrics, filters, teams", lambda: commune_metrics(
            communes, targets, visits, teams, filt, today=today)),
        ("commune_metrics, no teams", lambda: commune_metrics(
            communes, targets, visits, today=today)),
        ("rollup district", lambda: rollup(metrics, "district")),
        ("cumulative_activations province", lambda: cumulative_activations(
            targets, visits, None, dt.date(2023, 2, 1), today)),
    ]  # fmt: skip
    base = None
    worst_metrics = 0.0
    print(f"{'run':<40}{'seconds':>9}{'x baseline':>12}")
    for name, fn in runs:
        fn()  # warm-up
        sec = median_seconds(fn, args.repeat)
        base = base or sec
        if name.startswith("commune_metrics"):
            worst_metrics = max(worst_metrics, sec)
        print(f"{name:<40}{sec:>9.3f}{sec / base:>12.1f}")
    status = "ok" if worst_metrics < BUDGET_S else "OVER"
    print(f"commune_metrics worst {worst_metrics:.3f} s, budget < {BUDGET_S:.1f} s: {status}")
    return 0 if worst_metrics < BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
