"""ui.timing: one JSON line per page run or fragment run, and nothing at all when unset."""

from __future__ import annotations

import json
import threading
import time

import pytest

from ui import timing

KEYS = {"page", "fragment", "seconds", "cpu", "at"}


@pytest.fixture
def log(tmp_path, monkeypatch):
    path = tmp_path / "timing.jsonl"
    monkeypatch.setenv(timing.ENV_VAR, str(path))
    return path


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("value", [None, ""])
def test_unset_or_empty_writes_nothing(tmp_path, monkeypatch, value):
    monkeypatch.chdir(tmp_path)
    if value is None:
        monkeypatch.delenv(timing.ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(timing.ENV_VAR, value)
    with timing.timed("map"):
        pass
    timing.timed_fragment("planner.map")(lambda: None)()
    assert timing.log_path() is None
    assert list(tmp_path.iterdir()) == []


def test_one_line_per_run_with_the_keys(log):
    with timing.timed("map"):
        time.sleep(0.05)
    with timing.timed("planner"):
        pass
    first, second = _rows(log)
    assert set(first) == KEYS and set(second) == KEYS
    assert (first["page"], first["fragment"]) == ("map", None)
    assert second["page"] == "planner"
    assert 0.05 <= first["seconds"] < 1.0
    assert first["cpu"] < 0.04  # sleeping costs no CPU: thread time, not wall time
    assert second["seconds"] < first["seconds"]


def test_cpu_is_the_threads_own(log):
    """Another thread's work is not counted in this run's CPU time."""
    stop = threading.Event()

    def burn():
        while not stop.is_set():
            sum(range(1000))

    other = threading.Thread(target=burn)
    other.start()
    try:
        with timing.timed("map"):
            time.sleep(0.2)
    finally:
        stop.set()
        other.join()
    (row,) = _rows(log)
    assert row["seconds"] >= 0.2
    assert row["cpu"] < 0.05


@pytest.mark.parametrize("signal", [RuntimeError, KeyboardInterrupt])
def test_a_run_cut_short_is_logged(log, signal):
    """``st.rerun``/``st.stop`` raise ``BaseException``s: the run's line is written anyway."""
    with pytest.raises(signal), timing.timed("map"):
        raise signal()
    assert [r["page"] for r in _rows(log)] == ["map"]


def test_fragment_alone_is_logged_under_its_name(log, monkeypatch):
    monkeypatch.setattr(timing, "_fragment_only_run", lambda: (True, "planner"))

    @timing.timed_fragment("planner.map")
    def part(x, *, y):
        """Docstring kept."""
        return x + y

    assert part(1, y=2) == 3
    assert part.__name__ == "part" and part.__doc__ == "Docstring kept."
    (row,) = _rows(log)
    assert (row["page"], row["fragment"]) == ("planner", "planner.map")
    assert set(row) == KEYS


def test_fragment_inside_a_full_run_is_not_logged_apart(log, monkeypatch):
    monkeypatch.setattr(timing, "_fragment_only_run", lambda: (False, "planner"))
    part = timing.timed_fragment("planner.map")(lambda: 42)
    with timing.timed("planner"):
        assert part() == 42
    assert [(r["page"], r["fragment"]) for r in _rows(log)] == [("planner", None)]


def test_outside_streamlit_a_fragment_is_not_a_fragment_run(log):
    """No script run context (a plain call): nothing is logged for the fragment."""
    assert timing.timed_fragment("x")(lambda: "done")() == "done"
    assert not log.exists()


def test_concurrent_runs_write_whole_lines(log):
    def runs():
        for _ in range(50):
            with timing.timed("map"):
                pass

    threads = [threading.Thread(target=runs) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = _rows(log)
    assert len(rows) == 200
    assert all(set(r) == KEYS for r in rows)
