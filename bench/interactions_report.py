"""The figures of ``bench/bench_interactions.py``: samples added up, summarised and reported.

Pure functions (no browser, no server), tested in ``tests/bench/test_bench_interactions.py``.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

__all__ = ["BUDGET", "Sample", "Summary", "failures", "format_table", "server_time", "summarize"]

#: Seconds of server time an interaction may take (median of its repetitions).
BUDGET = 0.5


@dataclass
class Sample:
    """One repetition of an interaction.

    Attributes
    ----------
    server : float
        Seconds of server time (the sum over the runs it triggered).
    cpu : float
        CPU seconds of those runs' threads.
    runs : int
        Script and fragment runs it triggered (0: it answered without a rerun).
    browser : float or None
        Seconds from the input to the app idle again; ``None`` when no run was seen.
    """

    server: float
    cpu: float
    runs: int
    browser: float | None = None


@dataclass
class Summary:
    """The figures of one interaction over its repetitions (see :func:`summarize`)."""

    name: str
    page: str
    samples: list[Sample] = field(default_factory=list)
    error: str | None = None

    def _values(self, attr: str) -> list[float]:
        return [v for s in self.samples if (v := getattr(s, attr)) is not None]

    def median(self, attr: str = "server") -> float | None:
        """Median of ``attr`` (``server``, ``cpu``, ``browser``) over the samples."""
        values = self._values(attr)
        return statistics.median(values) if values else None

    def max(self, attr: str = "server") -> float | None:
        """Largest ``attr`` over the samples."""
        values = self._values(attr)
        return max(values) if values else None

    @property
    def untimed(self) -> bool:
        """A rerun was seen in the browser but none was logged (a fragment not yet timed)."""
        return any(s.runs == 0 and s.browser is not None for s in self.samples)

    def passed(self, budget: float = BUDGET, on: str = "server") -> bool:
        """Done without error, every rerun timed, and the median ``on`` time within ``budget``."""
        med = self.median(on)
        return self.error is None and not self.untimed and med is not None and med <= budget

    def as_dict(self, budget: float = BUDGET, on: str = "server") -> dict:
        """The figures for the JSON results (medians and maxima rounded to the millisecond)."""

        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 3)

        return {
            "name": self.name,
            "page": self.page,
            "server_median": r(self.median()),
            "server_max": r(self.max()),
            "cpu_median": r(self.median("cpu")),
            "browser_median": r(self.median("browser")),
            "browser_max": r(self.max("browser")),
            "runs": [s.runs for s in self.samples],
            "passed": self.passed(budget, on),
            "error": self.error,
            "samples": [asdict(s) for s in self.samples],
        }


def server_time(lines: Sequence[str]) -> Sample:
    """Add up the timing log's lines of one interaction (blank and broken lines skipped).

    Parameters
    ----------
    lines : sequence of str
        JSON lines written by :mod:`ui.timing`.

    Returns
    -------
    Sample
        ``server`` and ``cpu`` summed, ``runs`` counted, ``browser`` left ``None``.

    Examples
    --------
    >>> server_time(['{"page": "map", "fragment": null, "seconds": 0.25, "cpu": 0.2}',
    ...              '{"page": "map", "fragment": "x", "seconds": 0.125, "cpu": 0.1}', ''])
    Sample(server=0.375, cpu=0.30000000000000004, runs=2, browser=None)
    """
    server = cpu = 0.0
    runs = 0
    for line in lines:
        try:
            row = json.loads(line)
        except ValueError:
            continue
        server += float(row["seconds"])
        cpu += float(row["cpu"])
        runs += 1
    return Sample(server, cpu, runs)


def summarize(name: str, page: str, samples: Sequence[Sample], error: str | None = None):
    """Gather the samples of one interaction into a :class:`Summary`.

    Examples
    --------
    >>> s = summarize("metric", "map", [Sample(0.2, 0.1, 1, 0.25), Sample(0.4, 0.3, 1, 0.75),
    ...                                 Sample(0.3, 0.2, 1, None)])
    >>> s.median(), s.max(), s.median("browser"), s.passed()
    (0.3, 0.4, 0.5, True)
    """
    return Summary(name, page, list(samples), error)


def _ms(v: float | None) -> str:
    return "-" if v is None else f"{v * 1000:.0f}"


def format_table(rows: Sequence[Summary], budget: float = BUDGET, on: str = "server") -> str:
    """The report: one line per interaction, times in milliseconds, PASS/FAIL/ERROR.

    ``on`` names the time judged against ``budget``: ``"server"`` (wall) or ``"cpu"``.

    Examples
    --------
    >>> print(format_table([summarize("metric", "map", [Sample(0.2, 0.1, 1, 0.3)]),
    ...                     summarize("save", "planner", [Sample(0.7, 0.6, 2, 0.9)])]))
    page    interaction                  server   max     cpu  browser   max  runs budget
    map     metric                          200   200     100      300   300  1    PASS
    planner save                            700   700     600      900   900  2    FAIL
    """
    out = [
        f"{'page':<8}{'interaction':<28}{'server':>7}{'max':>6}{'cpu':>8}{'browser':>9}"
        f"{'max':>6}  {'runs':<5}budget"
    ]
    for row in rows:
        status = "ERROR" if row.error else "UNTIMED" if row.untimed else "FAIL"
        status = "PASS" if row.passed(budget, on) else status
        runs = ",".join(sorted({str(s.runs) for s in row.samples})) or "-"
        out.append(
            f"{row.page:<8}{row.name:<28}{_ms(row.median()):>7}{_ms(row.max()):>6}"
            f"{_ms(row.median('cpu')):>8}{_ms(row.median('browser')):>9}"
            f"{_ms(row.max('browser')):>6}  {runs:<5}{status}"
        )
        if row.error:
            out.append(f"    error: {row.error}")
    return "\n".join(out)


def failures(rows: Sequence[Summary], budget: float = BUDGET, on: str = "server") -> list[str]:
    """Names (``page/interaction``) of the interactions over ``budget`` (``on`` time) or not done.

    Examples
    --------
    >>> failures([summarize("a", "map", [Sample(0.5, 0, 1)]),
    ...           summarize("b", "map", [Sample(0.6, 0, 1)]),
    ...           summarize("c", "map", [], error="not found")])
    ['map/b', 'map/c']
    """
    return [f"{r.page}/{r.name}" for r in rows if not r.passed(budget, on)]
