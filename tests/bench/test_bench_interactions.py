"""bench/bench_interactions.py: the timing log added up, the report, the budget; a --quick smoke."""

from __future__ import annotations

import json

import pytest

from bench.bench_interactions import (
    BUDGET,
    Sample,
    _shift_period,
    failures,
    format_table,
    main,
    server_time,
    summarize,
)


def _line(seconds, cpu, fragment=None):
    return json.dumps({"page": "map", "fragment": fragment, "seconds": seconds, "cpu": cpu})


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([], (0.0, 0.0, 0)),
        ([_line(0.25, 0.125)], (0.25, 0.125, 1)),
        ([_line(0.25, 0.125), _line(0.5, 0.25, "planner.map")], (0.75, 0.375, 2)),
        (["", "not json", _line(0.5, 0.5)], (0.5, 0.5, 1)),  # a half-written line is skipped
    ],
)
def test_server_time_adds_the_runs(lines, expected):
    got = server_time(lines)
    assert (got.server, got.cpu, got.runs) == expected
    assert got.browser is None


def test_summary_median_max_and_budget():
    # server 0.1, 0.3, 0.9: median 0.3 within 0.5 though the max is not
    row = summarize(
        "metric",
        "map",
        [Sample(0.1, 0.05, 1, 0.2), Sample(0.9, 0.4, 2, None), Sample(0.3, 0.2, 1, 0.6)],
    )
    assert (row.median(), row.max()) == (0.3, 0.9)
    assert row.median("cpu") == 0.2
    assert row.median("browser") == pytest.approx(0.4)  # the sample without a run left out
    assert row.max("browser") == 0.6
    assert row.passed()
    assert not row.passed(0.25)
    assert row.passed(0.25, on="cpu")
    figures = row.as_dict()
    assert figures["server_median"] == 0.3 and figures["runs"] == [1, 2, 1]
    assert figures["passed"] is True and figures["error"] is None


@pytest.mark.parametrize(
    ("samples", "error", "passed"),
    [
        ([Sample(BUDGET, 0, 1)], None, True),  # exactly the budget passes
        ([Sample(BUDGET + 0.001, 0, 1)], None, False),
        ([], None, False),  # nothing measured is not a pass
        ([Sample(0.1, 0, 1)], "TimeoutError: x", False),
        ([Sample(0.0, 0.0, 0)], None, True),  # answered without any rerun
        ([Sample(0.0, 0.0, 0, 0.3)], None, False),  # a rerun seen, none logged: untimed
    ],
)
def test_pass_fail_edges(samples, error, passed):
    assert summarize("x", "map", samples, error).passed() is passed


def test_table_and_failures():
    rows = [
        summarize("metric", "map", [Sample(0.2, 0.1, 1, 0.3)]),
        summarize("save a draft", "planner", [Sample(0.7, 0.6, 2, 0.9), Sample(0.7, 0.6, 1, 1.1)]),
        summarize("edit", "planner", [], error="TimeoutError: cell"),
    ]
    lines = format_table(rows).splitlines()
    assert lines[0].split() == [
        "page",
        "interaction",
        "server",
        "max",
        "cpu",
        "browser",
        "max",
        "runs",
        "budget",
    ]
    assert lines[1].split() == ["map", "metric", "200", "200", "100", "300", "300", "1", "PASS"]
    assert lines[2].split() == [
        "planner",
        "save",
        "a",
        "draft",
        "700",
        "700",
        "600",
        "1000",
        "1100",
        "1,2",
        "FAIL",
    ]
    assert lines[3].split()[-1] == "ERROR" and "-" in lines[3]
    assert lines[4].strip() == "error: TimeoutError: cell"
    assert failures(rows) == ["planner/save a draft", "planner/edit"]
    assert failures(rows, 1.0, on="cpu") == ["planner/edit"]


@pytest.mark.parametrize(
    ("text", "rep", "expected"),
    [
        ("01/03/2023 – 31/03/2023", 0, "02/03/2023 – 31/03/2023"),
        ("01/03/2023 – 31/03/2023", 2, "04/03/2023 – 31/03/2023"),
        ("28/02/2023 – 31/03/2023", 0, "01/03/2023 – 31/03/2023"),  # across a month's end
        ("30/03/2023 – 31/03/2023", 4, "31/03/2023 – 31/03/2023"),  # never past the end
    ],
)
def test_shift_period(text, rep, expected):
    assert _shift_period(text, rep) == expected


@pytest.mark.e2e
def test_quick_smoke(tmp_path):
    """One repetition of one interaction in a real browser: a sample with its runs."""
    from bench.pageload import CHROMIUM

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found")
    out = tmp_path / "r.json"
    assert main(["--quick", "--only", "metric", "--data-dir", "none", "--out", str(out)]) == 0
    got = json.loads(out.read_text(encoding="utf-8"))
    names = [(r["page"], r["name"]) for r in got["interactions"]]
    assert names == [("bare", "no-op rerun (baseline)"), ("map", "metric")]
    metric = got["interactions"][1]
    assert metric["error"] is None and len(metric["samples"]) == 1
    assert metric["runs"][0] >= 1 and metric["server_median"] > 0


def test_untimed_rerun_is_reported():
    row = summarize("pick a notice commune", "planner", [Sample(0.0, 0.0, 0, 0.35)])
    assert row.untimed
    assert format_table([row]).splitlines()[1].split()[-1] == "UNTIMED"
    assert failures([row]) == ["planner/pick a notice commune"]
