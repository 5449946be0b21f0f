"""What the sign-in gate costs each run of a page, against what every run already pays.

Run: ``python bench/bench_gate.py``. On a SQLite file with the demo campaign (the default
deployment), it times, per run of a page:

- the baseline: :meth:`geo.store.Store.revision`, the one primary-key select every run already
  makes (the key of every cache);
- the gate: :meth:`geo.store.Store.resume_session` (one select joining the session and its account,
  and at most one write a minute) plus :func:`geo.access.decide` for the page and for ten
  buttons;
- the sign-in itself (argon2id verification, once per session), for scale.

Results are medians of many calls, as ratios against the baseline measured in the same run.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.timing import median_seconds
from geo.access import Scope, Target, decide
from geo.demo import communes_with_points, load_demo
from geo.store import Store

PASSWORD = "Bench-" + "x" * 12


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-gate-") as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'gate.db'}")
        load_demo(store, communes_with_points("approximate", None))
        store.add_account("an", "clerk", Scope.district("347"), PASSWORD, by="bench")
        user = store.authenticate("an", PASSWORD)
        assert not isinstance(user, str), user
        token = store.open_session("an", "password")
        idle = timedelta(minutes=30)
        target = Target(commune="13291", district="347")

        def gate() -> None:
            found = store.resume_session(token, idle=idle)
            assert not isinstance(found, str)
            decide(found, "view")
            for _ in range(10):
                decide(found, "undo_import", target)

        baseline = median_seconds(store.revision, repeat=201)
        per_run = median_seconds(gate, repeat=201)
        sign_in = median_seconds(lambda: store.authenticate("an", PASSWORD), repeat=7)
        store.close()
    print("sign-in gate, per run of a page (median; SQLite, demo campaign)")
    print(f"  baseline: store revision      {baseline * 1e3:7.3f} ms   1.00x")
    print(f"  gate: session + 11 decisions  {per_run * 1e3:7.3f} ms   {per_run / baseline:.2f}x")
    print(f"  sign-in (argon2id), once      {sign_in * 1e3:7.1f} ms   {sign_in / baseline:.0f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
