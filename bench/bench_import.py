"""Benchmark: import 100,000 visit rows (validate + store) against a plain ``pandas.read_csv``.

Run from the repository root::

    python bench/bench_import.py [--rows 100000] [--repeat 3]

It generates a CSV of visit rows in the ingest format (codes of the approximate registry, so no
data directory is needed), then times, in the same run and on the same file:

* ``baseline``: ``pandas.read_csv`` of the file;
* ``read_visits``: :func:`geo.ingest.read_visits` (decode, parse, validate);
* ``store``: :meth:`geo.store.Store.import_result` into a fresh SQLite file (one transaction,
  chunked executemany);

and prints the best of ``--repeat`` runs in seconds and as ratios to the baseline. The numbers
are also written to ``bench/results/bench_import.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo import ingest
from geo.places.registry import communes as registry_communes
from geo.schema import PLACE_TYPES
from geo.store import Store


def make_visits_csv(n: int, units: pd.DataFrame, seed: int = 1) -> bytes:
    """``n`` valid visit rows as UTF-8 CSV bytes (dd/mm/yyyy dates, HH:MM times)."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(units), n)
    urban = units["urban"].to_numpy()[pick]
    days = pd.Timestamp("2023-02-13") + pd.to_timedelta(rng.integers(0, 108, n), unit="D")
    ptype = np.array(PLACE_TYPES)[rng.choice(5, n, p=[0.85, 0.06, 0.05, 0.02, 0.02])]
    household = ptype == "household"
    start_min = np.where(urban, 18 * 60, 16 * 60) + 15 * rng.integers(0, 5, n)
    start_min = np.where(household, start_min, 8 * 60 + 15 * rng.integers(0, 8, n))
    end_min = start_min + 15 * rng.integers(4, 7, n)
    activated = rng.integers(0, 40, n)
    registered = activated + rng.integers(0, 4, n)
    guided = registered + rng.integers(0, 6, n)

    def hhmm(m: np.ndarray) -> list[str]:
        return [f"{a // 60:02d}:{a % 60:02d}" for a in m.tolist()]

    df = pd.DataFrame(
        {
            "date": days.strftime("%d/%m/%Y"),
            "team": [f"Tổ {k}" for k in rng.integers(1, 21, n).tolist()],
            "code": units["code"].to_numpy()[pick],
            "place_type": ptype,
            "place_name": [f"Thôn {k}" for k in rng.integers(1, 15, n).tolist()],
            "start": hhmm(start_min),
            "end": hhmm(end_min),
            "households": np.where(household, np.maximum(1, guided // 2), 0),
            "people_guided": guided,
            "registered": registered,
            "activated": activated,
            "services_used": rng.binomial(activated, 0.3),
            "lat": np.round(units["lat"].to_numpy()[pick] + rng.normal(0, 0.004, n), 5),
            "lon": np.round(units["lon"].to_numpy()[pick] + rng.normal(0, 0.004, n), 5),
            "note": "",
        }
    )
    return df.to_csv(index=False).encode("utf-8")


def _best(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    units = registry_communes("approximate")
    raw = make_visits_csv(args.rows, units)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "visits.csv"
        path.write_bytes(raw)

        t_base, _ = _best(lambda: pd.read_csv(path), args.repeat)
        t_read, result = _best(
            lambda: ingest.read_visits(path.read_bytes(), path.name, units), args.repeat
        )
        if result.rows_ok != args.rows:
            print(f"warning: {result.rows_rejected} rows rejected: {result.rejected.head()}")

        counter = iter(range(args.repeat))

        def store_once() -> float:
            store = Store(f"sqlite:///{Path(tmp) / f'bench{next(counter)}.db'}")
            t0 = time.perf_counter()
            store.import_result(result, raw, "bench")
            elapsed = time.perf_counter() - t0
            assert len(store.visits()) == result.rows_ok
            store.close()
            return elapsed

        t_store = min(store_once() for _ in range(args.repeat))

    total = t_read + t_store
    numbers = {
        "rows": args.rows,
        "csv_bytes": len(raw),
        "baseline_read_csv_s": round(t_base, 4),
        "read_visits_s": round(t_read, 4),
        "store_import_s": round(t_store, 4),
        "total_s": round(total, 4),
        "ratio_read_visits": round(t_read / t_base, 2),
        "ratio_total": round(total / t_base, 2),
    }
    print(f"rows                      {args.rows:>10,}")
    print(f"pandas.read_csv (baseline) {t_base:9.3f} s")
    print(f"ingest.read_visits         {t_read:9.3f} s  ({t_read / t_base:5.1f}x baseline)")
    print(f"store.import_result        {t_store:9.3f} s")
    print(f"read_visits + import       {total:9.3f} s  ({total / t_base:5.1f}x baseline)")
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "bench_import.json").write_text(json.dumps(numbers, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
