"""Time to interactive of the map page vs a bare Streamlit page, in headless Chromium.

Usage (from the repository root)::

    python bench/bench_page_load.py [--runs 5] [--data-dir PATH]

Three servers are started the same way (``streamlit run``, same config, same data):

``bare``
    ``bench/bare_app.py``: a title and one line. The baseline of DESIGN.md's 1.3x budget.
``no map``
    ``bench/no_map_app.py``: the real app and its «Bản đồ» page (filters, commune panel, gap
    table) with the map component replaced by nothing.
``map``
    ``app.py``: the real «Bản đồ» page.

One warm-up load of each is discarded; then ``--runs`` loads of each, in rotating order, every
one in a fresh browser context (empty cache). "Interactive" means: bare page, its title is
visible; no-map page, :data:`bench.pageload.MAP_PAGE_ELEMENTS` are all on screen (the table
drawn); map page, the same plus every commune polygon drawn in the streamlit-folium iframe.

Prints the medians and three ratios: map ÷ bare (the budget, 1.3x; ``OVER BUDGET`` when
exceeded), no map ÷ bare (what the page costs without any map) and map ÷ no map (what the map
itself costs). Always exits 0 (a benchmark reports, it does not gate).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from functools import partial
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` and ``geo`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pageload import (
    BARE_TITLE,
    CHROMIUM,
    REPO_ROOT,
    session_cookie,
    start_streamlit,
    time_to_interactive,
    wait_for_elements,
    wait_for_map_page,
    wait_for_title,
)

BUDGET = 1.3
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data"
#: name -> script run by ``streamlit run``, in the order of the report
PAGES = {"bare": "bench/bare_app.py", "no map": "bench/no_map_app.py", "map": "app.py"}


def _expected_polygons(data_dir: Path | None) -> int:
    from geo.places.registry import available_versions, communes

    return len(communes(available_versions(data_dir)[0], data_dir))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured loads per page (default 5)")
    parser.add_argument(
        "--data-dir",
        default=str(DEFAULT_DATA_DIR) if DEFAULT_DATA_DIR.is_dir() else "none",
        help="VNEID_DATA_DIR for the map page ('none' = approximate boundaries)",
    )
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} not found: install Debian's chromium package.")
        return 0

    from playwright.sync_api import sync_playwright

    from bench.pageload import launch_chromium

    data_dir = None if args.data_dir.strip().lower() in {"", "none"} else Path(args.data_dir)
    n_polygons = _expected_polygons(data_dir)
    ready = {
        "bare": partial(wait_for_title, text=BARE_TITLE),
        "no map": wait_for_elements,
        "map": partial(wait_for_map_page, count=n_polygons),
    }
    names = list(PAGES)
    times: dict[str, list[float]] = {name: [] for name in names}
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
                            url = servers[name].base_url + "/"
                            secs, out = time_to_interactive(
                                browser, url, ready[name], cookies=cookies[name]
                            )
                            blocked += out
                            if i:
                                times[name].append(secs)
                finally:
                    browser.close()
        finally:
            for server in servers.values():
                server.stop()

    med = {name: statistics.median(t) for name, t in times.items()}
    print(f"time to interactive, median of {args.runs} runs")
    print(f"  ({n_polygons} polygons, data dir: {data_dir})")
    for name in names:
        runs = " ".join(f"{t:.3f}" for t in times[name])
        print(f"  {name:<6} {med[name]:.3f} s   {med[name] / med['bare']:.2f}x bare   runs: {runs}")
    ratio = med["map"] / med["bare"]
    print(f"  map / bare    {ratio:.2f}x (budget {BUDGET}x)")
    print(f"  no map / bare {med['no map'] / med['bare']:.2f}x (the page without any map)")
    print(f"  map / no map  {med['map'] / med['no map']:.2f}x (what the map itself adds)")
    if ratio > BUDGET:
        print("OVER BUDGET")
    if blocked:
        print(f"WARNING: {len(blocked)} request(s) left localhost: {sorted(set(blocked))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
