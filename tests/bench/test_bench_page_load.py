"""Tests of the page-load benchmark's figures: CPU clock, medians, ratios and budgets.

The browser part (``time_milestones``) is exercised by running ``bench/bench_page_load.py``;
here are the pieces that turn its loads into the report, with hand-worked values.
"""

import itertools
import os

import pytest

from bench.bench_page_load import (
    CPU_BUDGET,
    MAP_BUDGET,
    PAGE_BUDGET,
    PAGES,
    budget_lines,
    milestones,
    settled_cpu_seconds,
    summarize,
)
from bench.pageload import process_cpu_seconds, stat_cpu_seconds

# a real /proc/<pid>/stat line of "python -m streamlit": utime 250 ticks, stime 30 ticks
STAT = "4242 (python) S 1 4242 4242 0 -1 4194560 90 0 0 0 250 30 7 1 20 0 9 0 1 2 3"


@pytest.mark.parametrize(
    ("stat", "ticks", "expected"),
    [
        pytest.param(STAT, 100.0, 2.8, id="plain"),
        pytest.param(STAT.replace("(python)", "(py (x) 1)"), 100.0, 2.8, id="name-with-parens"),
        pytest.param(STAT.replace("(python)", "(a b c)"), 100.0, 2.8, id="name-with-spaces"),
        pytest.param(STAT, 250.0, 1.12, id="other-tick-rate"),
        pytest.param(STAT.replace(" 250 30 ", " 0 0 "), 100.0, 0.0, id="idle"),
    ],
)
def test_stat_cpu_seconds_reads_utime_and_stime(stat, ticks, expected):
    assert stat_cpu_seconds(stat, ticks) == pytest.approx(expected)


def test_process_cpu_seconds_counts_this_process_working():
    before = process_cpu_seconds(os.getpid())
    total = 0
    end = before + 0.05
    while process_cpu_seconds(os.getpid()) < end:  # at least 5 clock ticks of work
        total += sum(range(10_000))
    assert process_cpu_seconds(os.getpid()) >= before + 0.05 > before >= 0


def test_settled_cpu_seconds_waits_for_the_clock_to_stop():
    readings = itertools.chain([1.0, 1.1, 1.2, 1.3], itertools.repeat(1.3))
    assert settled_cpu_seconds(lambda: next(readings), quiet=0.1, timeout=5) == 1.3


def test_settled_cpu_seconds_gives_up_after_the_timeout():
    clock = itertools.count(0.0, 0.01)  # never settles
    value = settled_cpu_seconds(lambda: next(clock), quiet=0.2, timeout=0.3)
    assert value > 0.0


def _loads(*rows):
    return [dict(zip(("map", "interactive", "cpu"), r, strict=False)) for r in rows]


def test_summarize_gives_medians_and_ratios_to_the_bare_page():
    loads = {
        "bare": _loads((1.0, 1.0, 0.10), (1.2, 1.2, 0.20), (1.1, 1.1, 0.12)),
        "no map": [{"interactive": 2.0, "cpu": 0.3}, {"interactive": 2.4, "cpu": 0.36}],
        "map": _loads((1.6, 2.3, 0.24), (1.7, 2.2, 0.30), (2.0, 2.5, 0.18)),
    }
    out = summarize(loads)
    assert out["bare"] == pytest.approx(
        {"map": 1.1, "interactive": 1.1, "cpu": 0.12, "map x": 1, "interactive x": 1, "cpu x": 1}
    )
    # medians 1.7 / 2.3 / 0.24 against 1.1 / 1.1 / 0.12
    assert out["map"]["map x"] == pytest.approx(1.7 / 1.1)
    assert out["map"]["interactive x"] == pytest.approx(2.3 / 1.1)
    assert out["map"]["cpu x"] == pytest.approx(2.0)
    assert "map" not in out["no map"]  # no map to wait for on that page
    assert out["no map"]["interactive"] == pytest.approx(2.2)
    assert out["no map"]["cpu x"] == pytest.approx(0.33 / 0.12)


@pytest.mark.parametrize(
    ("figures", "over"),
    [
        pytest.param({"map x": 1.5, "interactive x": 1.9, "cpu x": 1.8}, [], id="within"),
        pytest.param({"map x": 1.6, "interactive x": 2.0, "cpu x": 2.0}, [], id="at-the-budget"),
        pytest.param({"map x": 1.61, "interactive x": 1.9, "cpu x": 1.8}, [0], id="map-late"),
        pytest.param({"map x": 1.5, "interactive x": 2.4, "cpu x": 2.5}, [1, 2], id="two-over"),
    ],
)
def test_budget_lines_flag_what_is_over(figures, over):
    lines = budget_lines({"map": figures})
    assert [i for i, line in enumerate(lines) if line.endswith("OVER BUDGET")] == over
    assert [line.split("(budget ")[1].split("x")[0] for line in lines] == [
        str(MAP_BUDGET),
        str(PAGE_BUDGET),
        str(CPU_BUDGET),
    ]


def test_every_page_is_waited_for_and_the_map_first():
    waits = milestones(109)
    assert list(waits) == list(PAGES)
    assert [name for name, _wait in waits["map"]] == ["map", "interactive"]
    assert [name for name, _wait in waits["no map"]] == ["interactive"]
    assert [name for name, _wait in waits["bare"]] == ["map", "interactive"]
    assert waits["map"][0][1].keywords == {"count": 109}
