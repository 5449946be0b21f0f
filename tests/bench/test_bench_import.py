"""bench/bench_import.py on a few hundred rows: every figure in the output, no timing asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import bench_import


def test_small_run_writes_every_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_import.main(["--rows", "300", "--repeat", "1", "--out", str(tmp_path)]) == 0
    numbers = json.loads((tmp_path / "bench_import.json").read_text())
    assert set(numbers) == {
        "rows", "csv_bytes", "xlsx_bytes", "csv", "xlsx", "zip_bomb_s", "million_columns_s"
    }  # fmt: skip
    for kind in ("csv", "xlsx"):
        figures = numbers[kind]
        for key in ("baseline_s", "import_s", "read_visits_s", "ratio", "ratio_rounds_median"):
            assert isinstance(figures[key], float) and figures[key] > 0
        assert len(figures["ratio_rounds"]) == 1  # one per round (--repeat 1)
        assert figures["rows_accepted"] == figures["rows_baseline"] == 300
        assert figures["budget"] == bench_import.BUDGETS[kind]
        assert isinstance(figures["pass"], bool)
    for key in ("zip_bomb_s", "million_columns_s"):
        assert numbers[key]["refused"] is True and isinstance(numbers[key]["seconds"], float)
    out = capsys.readouterr().out
    assert "CSV: ratio" in out and "XLSX: ratio" in out and "zip bomb: refused in" in out


@pytest.mark.parametrize("columns", [3, 250])
def test_wide_csv_has_the_columns_asked(columns: int) -> None:
    header, row, end = bench_import.make_wide_csv(columns).split(b"\n")
    assert header.count(b",") == row.count(b",") == columns - 1 and end == b""
