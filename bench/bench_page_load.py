"""Page load of the map page vs a bare Streamlit page, in headless Chromium: the budgets.

Usage (from the repository root)::

    python bench/bench_page_load.py [--runs 5] [--data-dir PATH]

Three servers are started the same way (``streamlit run``, same config, same data):

``bare``
    ``bench/bare_app.py``: a title and one line. The baseline: every figure is also given as a
    ratio to this page, measured in the same run.
``no map``
    ``bench/no_map_app.py``: the real app and its «Bản đồ» page (filters, commune panel, gap
    table) with the map component replaced by nothing.
``map``
    ``app.py``: the real «Bản đồ» page.

One warm-up load of each is discarded; then ``--runs`` loads of each, in rotating order, every
one in a fresh browser context (empty cache, a new Streamlit session). Per load it records:

map visible
    map page: every commune polygon drawn in the streamlit-folium iframe; bare page: its title
    visible (the bare page's only content).
interactive
    bare page, its title is visible; no-map page, :data:`bench.pageload.MAP_PAGE_ELEMENTS` are
    all on screen (the table drawn); map page, the same plus every polygon drawn (the
    historical "time to interactive").
CPU per session
    the server process's CPU time (``/proc/<pid>/stat``, all threads) from before the browser
    context is made until the server is idle again after it was closed: everything one fresh
    session costs the server.

Prints the medians, the historical ratios (map ÷ bare, no map ÷ bare, map ÷ no map) and the
budgets of issue 14, each a ratio to the bare page: map visible ≤ :data:`MAP_BUDGET`, page
interactive ≤ :data:`PAGE_BUDGET`, server CPU per session ≤ :data:`CPU_BUDGET` (``OVER
BUDGET`` when one is exceeded). ``--json PATH`` also writes every load's figures. Always exits
0 (a benchmark reports, it does not gate).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` and ``geo`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pageload import (
    BARE_TITLE,
    CHROMIUM,
    REPO_ROOT,
    StreamlitServer,
    guard_offline,
    session_cookie,
    start_streamlit,
    wait_for_elements,
    wait_for_polygons,
    wait_for_title,
)

#: Budgets of issue 14, as ratios to the bare page of the same run.
MAP_BUDGET = 1.6
PAGE_BUDGET = 2.0
CPU_BUDGET = 2.0
#: The old budget of the whole map page (DESIGN.md, replaced by issue 14's): still printed.
BUDGET = PAGE_BUDGET
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data"
#: name -> script run by ``streamlit run``, in the order of the report
PAGES = {"bare": "bench/bare_app.py", "no map": "bench/no_map_app.py", "map": "app.py"}
#: The figures of one load (seconds): map visible, every widget interactive, server CPU.
FIGURES = ("map", "interactive", "cpu")


def settled_cpu_seconds(
    read: Callable[[], float], *, quiet: float = 0.25, timeout: float = 5.0
) -> float:
    """Read a CPU clock once it has stopped moving for ``quiet`` seconds (or after ``timeout``).

    A server goes on working a little after the page is drawn (the session's last messages,
    its clean-up when the browser leaves); this waits for that work to end so that it is
    counted in the load that caused it.

    Parameters
    ----------
    read : callable
        Returns the clock, e.g. :meth:`bench.pageload.StreamlitServer.cpu_seconds`.
    quiet : float
        Seconds without change that count as settled.
    timeout : float
        Give up waiting after this many seconds and return the last reading.

    Returns
    -------
    float
    """
    deadline = time.monotonic() + timeout
    last, since = read(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = read()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return last


def time_milestones(
    browser,
    url: str,
    milestones: Sequence[tuple[str, Callable[[object], object]]],
    *,
    viewport: Mapping[str, int] | None = None,
    cookies: list[dict[str, str]] | None = None,
    server: StreamlitServer | None = None,
) -> tuple[dict[str, float], list[str]]:
    """Seconds from navigation start to each milestone of one load, in a fresh browser context.

    The milestones are awaited in order; each one's time is read from the page's own clock
    (``performance.now()``, measured from the navigation start) right after its wait returned,
    so a later milestone also waits for the earlier ones (put the first to appear first: "the
    map is drawn", then "everything is on screen").

    Parameters
    ----------
    browser : playwright Browser
    url : str
    milestones : sequence of (str, callable)
        ``(name, wait)`` pairs; ``wait(page)`` returns once the milestone is reached.
    viewport, cookies
        As for :func:`bench.pageload.time_to_interactive`.
    server : StreamlitServer, optional
        When given, the result also holds ``"cpu"``: the server's CPU seconds for this load,
        from before the browser context is made until the server is idle again after the
        context was closed (:func:`settled_cpu_seconds`).

    Returns
    -------
    times : dict of str to float
        Seconds per milestone name (and ``"cpu"``).
    blocked : list of str
        Requests that tried to leave localhost (see :func:`bench.pageload.guard_offline`).
    """
    times: dict[str, float] = {}
    cpu0 = settled_cpu_seconds(server.cpu_seconds, quiet=0.1) if server else 0.0
    context = browser.new_context(viewport=dict(viewport or {"width": 1400, "height": 1000}))
    try:
        if cookies:
            context.add_cookies(cookies)
        blocked = guard_offline(context)
        page = context.new_page()
        page.goto(url, wait_until="commit")
        for name, wait in milestones:
            wait(page)
            times[name] = page.evaluate("performance.now()") / 1000.0
    finally:
        context.close()
    if server:
        times["cpu"] = settled_cpu_seconds(server.cpu_seconds) - cpu0
    return times, blocked


def _expected_polygons(data_dir: Path | None) -> int:
    from geo.places.registry import available_versions, communes

    return len(communes(available_versions(data_dir)[0], data_dir))


def milestones(n_polygons: int) -> dict[str, list[tuple[str, object]]]:
    """The waits of one load of each page, in the order they are awaited.

    The map page waits for its polygons first (the map visible), then for every other element
    (the page interactive, which thus includes the map); the bare page's title is both its
    "map" and its "interactive" time, the no-map page has no map.
    """
    title = partial(wait_for_title, text=BARE_TITLE)
    return {
        "bare": [("map", title), ("interactive", title)],
        "no map": [("interactive", wait_for_elements)],
        "map": [
            ("map", partial(wait_for_polygons, count=n_polygons)),
            ("interactive", wait_for_elements),
        ],
    }


def summarize(
    loads: Mapping[str, Sequence[Mapping[str, float]]],
) -> dict[str, dict[str, float]]:
    """Medians of every figure per page, and their ratios to the bare page's.

    Parameters
    ----------
    loads : mapping of str to sequence of mapping
        Per page, the figures of each measured load (``map``, ``interactive``, ``cpu``;
        a page may lack one, e.g. the no-map page has no ``map``). ``loads["bare"]`` is needed.

    Returns
    -------
    dict
        Per page ``{figure: median, figure + " x": median / bare page's median}``.

    Examples
    --------
    >>> bare = [{"interactive": 1.0, "cpu": 0.1}, {"interactive": 1.2, "cpu": 0.1}]
    >>> page = [{"interactive": 2.2, "cpu": 0.3}, {"interactive": 2.0, "cpu": 0.1}]
    >>> out = summarize({"bare": bare, "map": page})
    >>> round(out["map"]["interactive"], 2), round(out["map"]["interactive x"], 2)
    (2.1, 1.91)
    >>> round(out["map"]["cpu x"], 2)
    2.0
    """
    out: dict[str, dict[str, float]] = {}
    for name, runs in loads.items():
        keys = [k for k in FIGURES if runs and all(k in r for r in runs)]
        out[name] = {k: statistics.median(r[k] for r in runs) for k in keys}
    bare = out["bare"]
    for fig in out.values():
        for k in [k for k in fig if k in bare]:
            fig[f"{k} x"] = fig[k] / bare[k] if bare[k] else float("inf")
    return out


def budget_lines(summary: Mapping[str, Mapping[str, float]]) -> list[str]:
    """The budget report of the map page: one line per budget, ``OVER BUDGET`` when exceeded.

    Examples
    --------
    >>> budget_lines({"map": {"map x": 1.5, "interactive x": 2.1, "cpu x": 1.9}})[1]
    '  every widget interactive  2.10x (budget 2.0x) OVER BUDGET'
    """
    figures = (
        ("map x", "map (all polygons) drawn", MAP_BUDGET),
        ("interactive x", "every widget interactive", PAGE_BUDGET),
        ("cpu x", "server CPU per session", CPU_BUDGET),
    )
    page = summary["map"]
    lines = []
    for key, label, budget in figures:
        if key in page:
            over = " OVER BUDGET" if page[key] > budget else ""
            lines.append(f"  {label:<25} {page[key]:.2f}x (budget {budget}x){over}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured loads per page (default 5)")
    parser.add_argument(
        "--data-dir",
        default=str(DEFAULT_DATA_DIR) if DEFAULT_DATA_DIR.is_dir() else "none",
        help="VNEID_DATA_DIR for the map page ('none' = approximate boundaries)",
    )
    parser.add_argument("--json", help="also write every load's figures to this file")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} not found: install Debian's chromium package.")
        return 0

    from playwright.sync_api import sync_playwright

    from bench.pageload import launch_chromium

    data_dir = None if args.data_dir.strip().lower() in {"", "none"} else Path(args.data_dir)
    n_polygons = _expected_polygons(data_dir)
    waits = milestones(n_polygons)
    names = list(PAGES)
    loads: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    blocked: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-pageload-") as tmp:
        tmp_path = Path(tmp)
        servers = {}
        try:
            for i, (name, script) in enumerate(PAGES.items()):
                env = {  # a database per server: each loads the demo campaign on its own
                    "VNEID_DATA_DIR": str(data_dir) if data_dir else "none",
                    "VNEID_DB_URL": f"sqlite:///{tmp_path / f'bench{i}.db'}",
                }
                servers[name] = start_streamlit(script, env, tmp_path / f"server{i}.log")
            # every page of the app needs a signed-in session: a commander's, made in the
            # server's database as a sign-in would (the bare page ignores the cookie)
            cookies = {
                name: [session_cookie(env_url, server.base_url)]
                for name, server in servers.items()
                if (env_url := server.db_url) is not None
            }
            with sync_playwright() as pw:
                browser = launch_chromium(pw)
                try:
                    for i in range(args.runs + 1):  # i == 0: warm-up, discarded
                        order = names[i % 3 :] + names[: i % 3]  # each page goes first in turn
                        for name in order:
                            figures, out = time_milestones(
                                browser,
                                servers[name].base_url + "/",
                                waits[name],  # type: ignore[arg-type]
                                cookies=cookies[name],
                                server=servers[name],
                            )
                            blocked += out
                            if i:
                                loads[name].append(figures)
                finally:
                    browser.close()
        finally:
            for server in servers.values():
                server.stop()

    summary = summarize(loads)
    med = {name: summary[name]["interactive"] for name in names}
    print(f"time to interactive, median of {args.runs} runs")
    print(f"  ({n_polygons} polygons, data dir: {data_dir})")
    for name in names:
        runs = " ".join(f"{r['interactive']:.3f}" for r in loads[name])
        print(f"  {name:<6} {med[name]:.3f} s   {med[name] / med['bare']:.2f}x bare   runs: {runs}")
    ratio = med["map"] / med["bare"]
    print(f"  map / bare    {ratio:.2f}x (budget {BUDGET}x)")
    print(f"  no map / bare {med['no map'] / med['bare']:.2f}x (the page without any map)")
    print(f"  map / no map  {med['map'] / med['no map']:.2f}x (what the map itself adds)")
    print(f"per page, median of {args.runs} fresh sessions (x = ÷ the bare page of this run)")
    print(f"  {'page':<6} {'map visible':>17} {'interactive':>17} {'CPU per session':>17}")
    for name in names:
        fig = summary[name]
        cells = [f"{fig[k]:.3f} s {fig[k + ' x']:.2f}x" if k in fig else "-" for k in FIGURES]
        print(f"  {name:<6} " + " ".join(f"{c:>17}" for c in cells))
    print("budgets of the map page (issue 14)")
    lines = budget_lines(summary)
    print("\n".join(lines))
    if any(line.endswith("OVER BUDGET") for line in lines):
        print("OVER BUDGET")
    if blocked:
        print(f"WARNING: {len(blocked)} request(s) left localhost: {sorted(set(blocked))}")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"loads": loads, "summary": summary}, indent=1), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
