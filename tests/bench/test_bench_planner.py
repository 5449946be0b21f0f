"""bench/bench_planner.py on a small problem: every figure in the output, no timing asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import bench_planner


def test_greedy_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--greedy-only", "--greedy-size", "40", "5", "3", "--repeat", "1"]
    assert bench_planner.main([*argv, "--fallback", "--out", str(tmp_path)]) == 0
    figures = json.loads((tmp_path / "bench_planner.json").read_text())
    g = figures["greedy"]
    assert (g["communes"], g["teams"], g["days"]) == (40, 5, 3)
    assert g["identical"] is True and g["team_evenings"] == 15  # 5 teams × 3 evenings
    for key in ("old_s", "new_s", "ratio"):
        assert isinstance(g[key], float) and g[key] > 0
    f = figures["fallback"]
    assert f["method"] in ("milp", "greedy") and f["expected_greedy"] > 0
    assert f["time_limit"] == pytest.approx(5 + 1e-4 * g["feasible_pairs"] * 3)
    out = capsys.readouterr().out
    assert "ratio new/old" in out and "identical schedules: True" in out and "plan kept" in out
