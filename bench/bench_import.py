"""Benchmark: import 100,000 visit rows (read, check, store) against pandas plus a raw insert.

Run from the repository root::

    python bench/bench_import.py [--rows 100000] [--repeat 3] [--check]

In one run, on the same generated rows (codes of the approximate registry, so no data directory
is needed), it times (best of ``--repeat``, the import and its baselines taken in turn; each
round's ratio of the import to the baseline of the same round, and their median, are also
reported, not judged):

* **CSV**: :func:`geo.ingest.read_visits` + :meth:`geo.store.Store.import_result` into a fresh
  SQLite file, against ``pandas.read_csv`` + a raw ``sqlite3`` ``executemany`` of the same rows
  into the ``visit`` table of another fresh store (one transaction). Budget 1.5x. Also
  reported, not judged: the ratio against the same raw insert on a connection with the store's
  page cache (``PRAGMA cache_size``, :mod:`geo.store.engine`).
* **XLSX** (written once with openpyxl, dates, times and numbers as native cells): the same
  import, against ``pandas.read_excel(engine="calamine")`` + the same raw insert. Budget 3x.
* **Zip bomb** (a workbook whose sheet unpacks to more than the unpacked limit) and **a CSV
  with a million columns**: the time until ``read_visits`` returns the refusal. Budget 1 s each.

It prints each figure, the ratio and PASS/FAIL, writes ``bench/results/bench_import.json``
(git-ignored) and, with ``--check``, exits 1 when a budget fails.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sqlite3
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo import ingest
from geo.ingest.limits import ImportLimits
from geo.places.registry import communes as registry_communes
from geo.schema import PLACE_TYPES
from geo.store import Store
from geo.store.engine import _CACHE_KIB
from geo.store.tables import visit

#: Budgets: ratio to the baseline (CSV, XLSX) or seconds (refusals).
BUDGETS = {"csv": 1.5, "xlsx": 3.0, "zip_bomb_s": 1.0, "million_columns_s": 1.0}


def make_visits(n: int, units: pd.DataFrame, seed: int = 1) -> pd.DataFrame:
    """``n`` valid visit rows as text, the columns named like the store's (dd/mm/yyyy, HH:MM)."""
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

    return pd.DataFrame(
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


def make_visits_csv(n: int, units: pd.DataFrame, seed: int = 1) -> bytes:
    """``n`` valid visit rows as UTF-8 CSV bytes (dd/mm/yyyy dates, HH:MM times)."""
    return make_visits(n, units, seed).to_csv(index=False).encode("utf-8")


def make_visits_xlsx(df: pd.DataFrame) -> bytes:
    """The rows as a workbook written by openpyxl: dates, times and numbers as native cells."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Lượt làm việc")
    sheet.append(list(df.columns))
    dates = pd.to_datetime(df["date"], format="%d/%m/%Y").dt.date.tolist()
    times = {t: pd.Timestamp(f"2000-01-01 {t}").time() for t in set(df["start"]) | set(df["end"])}
    for d, row in zip(dates, df.itertuples(index=False), strict=True):
        values: list[Any] = list(row)
        values[0] = d
        values[5], values[6] = times[row.start], times[row.end]
        values[-1] = None
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def make_zip_bomb(limits: ImportLimits) -> bytes:
    """A workbook of a few hundred KB whose one sheet unpacks to more than the unpacked limit."""
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    filler = b" " * (limits.max_unpacked_bytes + 1024 * 1024)
    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="S" r:id="rId1"/>')
        book.writestr("xl/worksheets/sheet1.xml", sheet + b"<sheetData>" + row + filler)
    return buffer.getvalue()


def make_wide_csv(columns: int = 1_000_000) -> bytes:
    """A CSV whose header and one row have ``columns`` cells."""
    line = ",".join(["x"] * columns).encode()
    return line + b"\n" + line + b"\n"


def raw_insert(db_file: Path, df: pd.DataFrame, tuned: bool = False) -> None:
    """Insert ``df`` into the ``visit`` table with a bare ``sqlite3`` executemany, one commit.

    ``db_file`` is a store already created (same schema, indexes included); the columns ``df``
    lacks get team and batch 1 and a distinct hash-like fingerprint when the schema has one,
    else ``NULL``. ``tuned``: the connection gets the store's page cache
    (:data:`geo.store.engine._CACHE_KIB`), else SQLite's default.
    """
    n = len(df)
    filler = {
        "team_id": [1] * n,
        "import_id": [1] * n,
        # hash-like like the real ones: sequential keys would fill the unique index in order,
        # which random fingerprints never do
        "fingerprint": [hashlib.blake2b(b"%d" % i, digest_size=16).hexdigest() for i in range(n)],
    }
    names = [c.name for c in visit.columns if c.name != "id" and (c.name in df or c.name in filler)]
    cols = [_driver_values(df[c]) if c in df else filler[c] for c in names]
    sql = "INSERT INTO visit ({}) VALUES ({})".format(
        ", ".join(f'"{c}"' for c in names), ", ".join("?" * len(names))
    )
    conn = sqlite3.connect(db_file)
    if tuned:
        conn.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
    try:
        with conn:
            conn.executemany(sql, list(zip(*cols, strict=True)))
    finally:
        conn.close()


def _driver_values(s: pd.Series) -> list[Any]:
    """A column as values ``sqlite3`` binds: dates as ISO text, times as text."""
    if pd.api.types.is_datetime64_any_dtype(s):
        return s.dt.strftime("%Y-%m-%d").tolist()
    values = s.tolist()
    if s.dtype == object:
        return [v if v is None or isinstance(v, (str, int, float)) else str(v) for v in values]
    return values


def best(
    fn: Callable[..., object], repeat: int, setup: Callable[[], Any] | None = None
) -> tuple[float, Any]:
    """Fastest of ``repeat`` calls of ``fn`` and the last call's result.

    ``setup`` (untimed) makes the argument of each call, such as a fresh store.
    """
    fastest, out = float("inf"), None
    for _ in range(repeat):
        args = () if setup is None else (setup(),)
        t0 = time.perf_counter()
        out = fn(*args)
        fastest = min(fastest, time.perf_counter() - t0)
    return fastest, out


def interleaved(
    fns: list[Callable[..., object]], repeat: int, setup: Callable[[], Any]
) -> list[tuple[list[float], Any]]:
    """Time ``repeat`` calls of each of ``fns``, the calls taken in turn.

    Round ``k`` calls every function once, so that a slower stretch of a noisy machine slows
    each of them alike rather than the one measured then. ``setup`` (untimed) makes each call's
    argument, such as a fresh store. Returns each function's times (one per round, in order)
    and its last result.
    """
    times: list[list[float]] = [[] for _ in fns]
    out: list[Any] = [None] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            arg = setup()
            t0 = time.perf_counter()
            out[i] = fn(arg)
            times[i].append(time.perf_counter() - t0)
    return list(zip(times, out, strict=True))


def run(rows: int, repeat: int, tmp: Path) -> dict[str, Any]:
    """Measure every figure; return them as a JSON-ready dict."""
    units = registry_communes("approximate")
    frame = make_visits(rows, units)
    csv_raw = frame.to_csv(index=False).encode("utf-8")
    xlsx_raw = make_visits_xlsx(frame)
    counter = iter(range(10_000))

    def fresh() -> Path:  # a new store, its schema created (untimed)
        path = tmp / f"bench{next(counter)}.db"
        Store(f"sqlite:///{path}").close()
        return path

    def ours(raw: bytes, name: str) -> Callable[[Path], int]:
        def go(path: Path) -> int:
            result = ingest.read_visits(raw, name, units)
            store = Store(f"sqlite:///{path}")
            store.import_result(result, raw, "bench")
            store.close()
            return result.rows_ok

        return go

    def baseline(read: Callable[[], pd.DataFrame], tuned: bool = False) -> Callable[[Path], int]:
        def go(path: Path) -> int:
            df = read()
            raw_insert(path, df, tuned)
            return len(df)

        return go

    out: dict[str, Any] = {"rows": rows, "csv_bytes": len(csv_raw), "xlsx_bytes": len(xlsx_raw)}
    for kind, raw, read, label in [
        ("csv", csv_raw, lambda: pd.read_csv(io.BytesIO(csv_raw)), "pandas.read_csv"),
        (
            "xlsx",
            xlsx_raw,
            lambda: pd.read_excel(io.BytesIO(xlsx_raw), engine="calamine"),
            'pandas.read_excel(engine="calamine")',
        ),
    ]:
        (s_base, n_base), (s_tuned, _), (s_ours, n_ours) = interleaved(
            [baseline(read), baseline(read, tuned=True), ours(raw, f"visits.{kind}")],
            repeat,
            fresh,
        )
        t_base, t_tuned, t_ours = min(s_base), min(s_tuned), min(s_ours)
        rounds = [o / b for o, b in zip(s_ours, s_base, strict=True)]
        t_read, _ = best(lambda raw=raw, kind=kind: ingest.read_visits(raw, f"v.{kind}", units), 1)
        out[kind] = {
            "baseline": f"{label} + raw sqlite3 executemany into the visit table",
            "baseline_s": round(t_base, 4),
            "baseline_tuned_s": round(t_tuned, 4),
            "import_s": round(t_ours, 4),
            "read_visits_s": round(t_read, 4),
            "rows_accepted": n_ours,
            "rows_baseline": n_base,
            "ratio": round(t_ours / t_base, 3),
            "ratio_rounds": [round(r, 3) for r in rounds],
            "ratio_rounds_median": round(statistics.median(rounds), 3),
            "ratio_tuned": round(t_ours / t_tuned, 3),
            "budget": BUDGETS[kind],
            "pass": t_ours / t_base <= BUDGETS[kind],
        }
    limits = ImportLimits()
    for key, raw, name in [
        ("zip_bomb_s", make_zip_bomb(limits), "bomb.xlsx"),
        ("million_columns_s", make_wide_csv(), "wide.csv"),
    ]:
        t_refuse, result = best(lambda raw=raw, name=name: ingest.read_visits(raw, name, units), 1)
        out[key] = {
            "file_bytes": len(raw),
            "seconds": round(t_refuse, 4),
            "refused": bool(result.file_errors),
            "reason": result.file_errors[0] if result.file_errors else "",
            "budget": BUDGETS[key],
            "pass": bool(result.file_errors) and t_refuse < BUDGETS[key],
        }
    return out


def report(numbers: dict[str, Any]) -> list[str]:
    """The lines printed for ``numbers``."""
    lines = [f"rows {numbers['rows']:,}"]
    for kind in ("csv", "xlsx"):
        n = numbers[kind]
        lines += [
            f"{kind.upper()}: baseline ({n['baseline']}) {n['baseline_s']:.3f} s",
            f"{kind.upper()}: read_visits + Store.import_result {n['import_s']:.3f} s "
            f"(read_visits alone {n['read_visits_s']:.3f} s; {n['rows_accepted']:,} rows)",
            f"{kind.upper()}: ratio {n['ratio']:.2f}x, budget {n['budget']}x: "
            f"{'PASS' if n['pass'] else 'FAIL'}",
            f"{kind.upper()}: (against the same insert with the store's page cache, "
            f"{n['baseline_tuned_s']:.3f} s: {n['ratio_tuned']:.2f}x)",
            f"{kind.upper()}: (each round's ratio, import ÷ baseline of the same round: "
            + ", ".join(f"{r:.2f}x" for r in n["ratio_rounds"])
            + f"; median {n['ratio_rounds_median']:.2f}x)",
        ]
    for key, label in (("zip_bomb_s", "zip bomb"), ("million_columns_s", "million columns")):
        n = numbers[key]
        lines.append(
            f"{label}: refused in {n['seconds']:.3f} s ({n['file_bytes']:,} bytes), budget "
            f"< {n['budget']} s: {'PASS' if n['pass'] else 'FAIL'}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 1 with ``--check`` when a budget fails, else 0."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget fails")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        numbers = run(args.rows, args.repeat, Path(tmp))
    print("\n".join(report(numbers)))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench_import.json").write_text(json.dumps(numbers, indent=2, ensure_ascii=False))
    failed = [k for k in BUDGETS if not numbers[k]["pass"]]
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
