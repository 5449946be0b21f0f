"""Server time of every interaction of the map and planner pages, driven in headless Chromium.

Usage (from the repository root)::

    python bench/bench_interactions.py [--reps 5] [--check] [--quick] [--only NAME ...]
                                       [--page map|planner]

Two servers are started the same way (``streamlit run``, same config, demo campaign, SQLite),
each with ``VNEID_RUN_TIMING_LOG`` set (:mod:`ui.timing`): ``app.py`` and a bare page (a title
and a button) written to a temporary folder. A commander drives the «Bản đồ» page, a planner the
«Kế hoạch» page; each interaction is done ``--reps`` times (one warm-up first, discarded).

For each one two times are taken:

server
    the sum of the ``seconds`` of the runs it triggered (page runs and fragment runs, the
    timing log's lines appended from the action until the app has been idle for a while); the
    budget, :data:`BUDGET` seconds, applies to its median.
browser
    from the user's input event (``pointerdown``/``keydown``, read on the page's clock) to the
    last time Streamlit's running state turned back to ``notRunning``.

The baseline is the bare page's button (a no-op rerun) measured the same way. Prints a table
with PASS/FAIL, writes ``bench/results/bench_interactions.json``; ``--check`` exits 1 when a
budget fails or an interaction could not be done.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` and ``geo`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.interactions_report import (
    BUDGET,
    Sample,
    Summary,
    failures,
    format_table,
    server_time,
    summarize,
)
from bench.pageload import (
    CHROMIUM,
    REPO_ROOT,
    guard_offline,
    launch_chromium,
    session_cookie,
    start_streamlit,
    wait_for_polygons,
)

__all__ = [
    "BUDGET",
    "Sample",
    "Summary",
    "failures",
    "format_table",
    "main",
    "server_time",
    "summarize",
]

RESULTS = REPO_ROOT / "bench" / "results" / "bench_interactions.json"
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data"
BARE_SCRIPT = '''"""Bare page of the interaction benchmark: a title and a button (a no-op rerun)."""
import sys
sys.path.insert(0, {root!r})
import streamlit as st
from ui import timing
with timing.timed("bare"):
    st.title("Trang trống")
    st.button("Chạy lại")
'''
#: Injected in every frame: Streamlit's run-state changes and the user's inputs, on the epoch
#: clock (``timeOrigin + now``), comparable between the page and the map's iframe.
RECORDER = """(() => {
  const now = () => performance.timeOrigin + performance.now();
  window.__ib = {states: [], inputs: []};
  new MutationObserver(ms => { for (const m of ms) window.__ib.states.push(
      [now(), m.target.getAttribute('data-test-script-state')]); })
    .observe(document, {attributes: true, subtree: true,
                        attributeFilter: ['data-test-script-state']});
  for (const t of ['pointerdown', 'keydown'])
    window.addEventListener(t, () => window.__ib.inputs.push(now()), true);
})();"""
APP = '[data-testid="stApp"]'
DEBUG = False


# --- driving the browser ----------------------------------------------------------------------


class Driver:
    """One signed-in page and its server's timing log; :meth:`measure` times one interaction."""

    def __init__(self, page, log: Path, *, quiet: float = 0.6, no_run: float = 2.0):
        self.page, self.log, self.quiet, self.no_run = page, log, quiet, no_run

    def _lines(self) -> list[str]:
        try:
            return self.log.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []

    def _recorded(self) -> dict:
        """One snapshot: the run state now, its changes and the inputs (those of every frame)."""
        got = self.page.evaluate(
            f"() => ({{...window.__ib, now: document.querySelector('{APP}')"
            ".getAttribute('data-test-script-state')})"
        )
        for frame in self.page.frames[1:]:  # the map's iframe records its own clicks
            try:
                got["inputs"] += frame.evaluate("window.__ib ? window.__ib.inputs : []")
            except Exception:  # a frame detached by a rerun
                continue
        return got

    def idle(self, timeout: float = 120.0) -> None:
        """Wait until the app is not running and has stayed so for ``quiet`` seconds."""
        self.measure(lambda: None, timeout=timeout)

    def measure(self, commit: Callable[[], object], timeout: float = 120.0) -> Sample:
        """Do ``commit`` (the user's act) and time what it triggers until the app is idle."""
        n0 = len(self._lines())
        mark = self.page.evaluate("performance.timeOrigin + performance.now()")
        commit()
        start = last = time.monotonic()
        seen = (n0, 0)
        while time.monotonic() - start < timeout:
            rec = self._recorded()
            after = [s for t, s in rec["states"] if t >= mark]
            now = (len(self._lines()), len(after))
            if now != seen:
                seen, last = now, time.monotonic()
            waited = now[0] > n0 or after or time.monotonic() - start >= self.no_run
            settled = rec["now"] == "notRunning" and (not after or after[-1] == "notRunning")
            if waited and settled and time.monotonic() - last >= self.quiet:
                break
            time.sleep(0.05)
        else:
            raise TimeoutError(f"the app was still busy after {timeout:.0f} s")
        sample = server_time(self._lines()[n0:])
        inputs = [t for t in rec["inputs"] if t >= mark]
        t0 = min(inputs) if inputs else mark
        ends = [t for t, s in rec["states"] if t >= mark and s == "notRunning"]
        sample.browser = (max(ends) - t0) / 1000 if ends else None
        if DEBUG:
            print(mark, inputs, rec["states"][-6:], sample, file=sys.stderr)
        return sample


def _choose(page, label: str, index: int) -> Callable[[], object]:
    """Open the selectbox labelled ``label``; return the click on its option ``index``."""
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first.click()
    options = page.locator('[role="option"]')
    options.first.wait_for()
    option = options.nth(index % options.count())
    return option.click


def _fill(page, testid: str, label: str, text: str) -> Callable[[], object]:
    box = page.locator(f'[data-testid="{testid}"]').filter(has_text=label).first.locator("input")
    box.fill(text)
    return lambda: box.press("Enter")


def _shift_period(text: str, rep: int) -> str:
    """The period's text with its first date moved ``rep + 1`` days on (never past its end).

    Examples
    --------
    >>> _shift_period("01/03/2023 – 31/03/2023", 0)
    '02/03/2023 – 31/03/2023'
    >>> _shift_period("30/03/2023 – 31/03/2023", 4)
    '31/03/2023 – 31/03/2023'
    """
    import datetime as dt

    found = re.findall(r"\d{2}/\d{2}/\d{4}", text)
    first, last = (dt.datetime.strptime(d, "%d/%m/%Y").date() for d in (found[0], found[-1]))
    moved = min(first + dt.timedelta(days=rep + 1), last)
    return text.replace(found[0], moved.strftime("%d/%m/%Y"), 1)


#: JS in the map's iframe: screen points (in the iframe) inside distinct clickable communes.
COMMUNE_POINTS = """() => {
  const m = Object.values(window).find(v => v instanceof L.Map);
  const out = [];
  m.eachLayer(l => {
    if (!l.feature || !l.getBounds || !l._path) return;
    const p = m.latLngToContainerPoint(l.getBounds().getCenter());
    const r = m.getContainer().getBoundingClientRect();
    const x = r.left + p.x, y = r.top + p.y;
    if (document.elementFromPoint(x, y) === l._path) out.push({x, y});
  });
  return out;
}"""


def _map_click(page, rep: int) -> Callable[[], object]:
    from bench.pageload import COMPONENT_IFRAME, map_frame

    iframe = page.locator(COMPONENT_IFRAME).first
    iframe.scroll_into_view_if_needed()
    frame = map_frame(page)
    frame.wait_for_function("() => window.L && Object.values(window).some(v => v instanceof L.Map)")
    points = frame.evaluate(COMMUNE_POINTS)
    point = points[(rep * 7 + 3) % len(points)]
    box = iframe.bounding_box()
    return lambda: page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def _grid_row(page, scope: str, row: int, x: float = 18.0) -> Callable[[], object]:
    """The click at ``x`` px into data row ``row`` of the grid in ``scope`` (35 px rows)."""
    grid = page.locator(f"{scope} [data-testid='stDataFrame']").last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    return lambda: page.mouse.click(box["x"] + x, box["y"] + 35 * (row + 1) + 17)


def _district(page, rep: int) -> Callable[[], object]:
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Huyện").first
    field = box.locator("input")
    field.click()
    if rep % 2:  # every other time: the district added last time is taken off
        return lambda: field.press("Backspace")
    options = page.locator('[role="option"]')
    options.first.wait_for()
    name = options.nth(0).inner_text()
    field.type(name[:6])
    return lambda: field.press("Enter")


def _toggle(page, label: str, on: bool) -> Callable[[], object] | None:
    box = page.locator('[data-testid="stCheckbox"]').filter(has_text=label).first
    if box.locator("input").is_checked() == on:
        return None
    return box.locator("label").first.click


def _period(page, rep: int) -> Callable[[], object]:
    field = page.locator('[data-testid="stTextInput"]').filter(has_text="Kỳ báo cáo")
    text = field.locator("input").input_value()
    return _fill(page, "stTextInput", "Kỳ báo cáo", _shift_period(text, rep))


def _radio(page, label: str, rep: int) -> Callable[[], object]:
    options = page.locator('[data-testid="stRadio"]').filter(has_text=label).first.locator("label")
    return options.nth((rep + 1) % options.count()).click


TABS = ("Xếp hạng ưu tiên", "Lập lịch", "Kế hoạch đã lưu và đối chiếu")


def _edit_cell(page, rep: int) -> Callable[[], object]:
    """Open the team cell of schedule row ``rep`` and pick another team (committed by Enter)."""
    click = _grid_row(page, ".st-key-plan_edit", rep % 3, x=60)
    click()
    for key in ("ArrowRight", "ArrowRight"):  # number -> date -> team
        page.keyboard.press(key)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    page.keyboard.press("ArrowDown")
    return lambda: page.keyboard.press("Enter")


#: name -> (page, prepare(page, rep) -> commit or None); a ``None`` commit is not measured.
Prepare = Callable[[Any, int], Callable[[], object] | None]
MAP_INTERACTIONS: dict[str, Prepare] = {
    "metric": lambda p, i: _choose(p, "Chỉ số", i + 1),
    "district filter: typed": lambda p, i: _district(p, 0),
    "district filter: removed": lambda p, i: _district(p, 1),
    "period: typed + Enter": _period,
    "map: click a commune": _map_click,
    "gap table: select a row": lambda p, i: _grid_row(p, "[data-testid='stMain']", i % 3),
    "name filter: typed": lambda p, i: _fill(p, "stTextInput", "Lọc theo tên xã", "Lê"),
    "name filter: cleared": lambda p, i: _fill(p, "stTextInput", "Lọc theo tên xã", ""),
    "compare two days: on": lambda p, i: _toggle(p, "So sánh hai ngày", True),
    "compare two days: off": lambda p, i: _toggle(p, "So sánh hai ngày", False),
}
PLANNER: dict[str, Prepare] = {  # each round starts from a new schedule
    "build 7-day greedy schedule": lambda p, i: (
        p.get_by_role("button", name="Lập lịch", exact=True).click
    ),
    "save a draft": lambda p, i: p.get_by_role("button", name="Lưu bản nháp").click,
    "pick a notice commune": lambda p, i: _choose(p, "Thông báo của một xã", i + 1),
    "schedule map: change view": lambda p, i: _radio(p, "Bản đồ", i),
    "edit a schedule cell": _edit_cell,  # may leave the schedule invalid: after the save
    "tab: ranking": lambda p, i: _tab(p, TABS[0]),
    "tab: schedule (from ranking)": lambda p, i: _tab(p, TABS[1]),
    "tab: saved plans": lambda p, i: _tab(p, TABS[2]),
    "tab: schedule (from saved)": lambda p, i: _tab(p, TABS[1]),
}


def _tab(page, name: str) -> Callable[[], object]:
    return page.get_by_role("tab", name=name, exact=True).click


def _planner_setup(driver: Driver) -> None:
    """A 7-day greedy plan asked for, on the «Lập lịch» tab (nothing measured)."""
    page = driver.page
    driver.measure(page.get_by_role("tab", name="Lập lịch", exact=True).click)
    driver.measure(_fill(page, "stNumberInput", "Số ngày", "7"))
    driver.measure(page.get_by_text("Lần lượt từng buổi (greedy)").click)


def run_rounds(
    driver: Driver,
    where: str,
    interactions: dict[str, Prepare],
    reps: int,
    only: Sequence[str] = (),
    shots: Path | None = None,
) -> list[Summary]:
    """Do every interaction once per round, ``reps`` rounds after a warm-up one (discarded)."""
    rows = {n: Summary(n, where) for n in interactions if not only or any(o in n for o in only)}
    for rep in range(reps + 1):
        for name, row in rows.items():
            if row.error:
                continue
            try:
                commit = interactions[name](driver.page, rep)
                if commit is None:
                    continue
                sample = driver.measure(commit)
            except Exception as exc:  # a step not found: reported, the others go on
                row.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
                if shots:
                    driver.page.screenshot(path=str(shots / f"{where}-{rep}-{name}.png"))
                driver.page.keyboard.press("Escape")
                driver.idle()
                continue
            if rep:
                row.samples.append(sample)
    return list(rows.values())


def _open(browser, server, log: Path, path: str, role: str | None) -> Driver:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    context.set_default_timeout(30_000)
    guard_offline(context)
    context.add_init_script(RECORDER)
    if role:
        context.add_cookies([session_cookie(server.db_url, server.base_url, role=role)])
    page = context.new_page()
    page.goto(server.base_url + path)
    page.wait_for_selector(f'{APP}[data-test-script-state="notRunning"]', timeout=120_000)
    driver = Driver(page, log)
    driver.idle()
    return driver


def _expected_polygons(data_dir: Path | None) -> int:
    from geo.places.registry import available_versions, communes

    return len(communes(available_versions(data_dir)[0], data_dir))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table; return 1 under ``--check`` when a budget fails."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5, help="measured repetitions (default 5)")
    ap.add_argument("--quick", action="store_true", help="1 repetition (a smoke test)")
    ap.add_argument("--check", action="store_true", help="exit 1 when a budget fails")
    ap.add_argument("--only", nargs="*", default=(), help="interactions whose name contains")
    ap.add_argument(
        "--page",
        choices=("map", "planner"),
        help="drive this page only (default both; the bare baseline is always measured)",
    )
    ap.add_argument(
        "--judge",
        choices=("server", "cpu"),
        default="server",
        help="time held to the budget: the runs' wall time (default) or their threads' CPU time",
    )
    ap.add_argument("--out", type=Path, default=RESULTS, help="JSON results file")
    ap.add_argument("--shots", type=Path, help="screenshots of failed steps go here")
    ap.add_argument(
        "--data-dir",
        default=str(DEFAULT_DATA_DIR) if DEFAULT_DATA_DIR.is_dir() else "none",
        help="VNEID_DATA_DIR ('none' = approximate boundaries)",
    )
    args = ap.parse_args(argv)
    reps = 1 if args.quick else args.reps
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} not found: install Debian's chromium package.")
        return 1 if args.check else 0
    from playwright.sync_api import sync_playwright

    data_dir = None if args.data_dir.strip().lower() in {"", "none"} else Path(args.data_dir)
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    rows: list[Summary] = []
    with tempfile.TemporaryDirectory(prefix="bench-interactions-") as tmp:
        tmp_path = Path(tmp)
        bare_script = tmp_path / "bare_interactions.py"
        bare_script.write_text(BARE_SCRIPT.format(root=str(REPO_ROOT)), encoding="utf-8")
        logs = {name: tmp_path / f"{name}-timing.jsonl" for name in ("bare", "app")}
        servers = {}
        try:
            scripts: dict[str, str | Path] = {"bare": bare_script, "app": "app.py"}
            for i, (name, script) in enumerate(scripts.items()):
                env = {
                    "VNEID_DATA_DIR": str(data_dir) if data_dir else "none",
                    "VNEID_DB_URL": f"sqlite:///{tmp_path / f'bench{i}.db'}",
                    "VNEID_RUN_TIMING_LOG": str(logs[name]),
                }
                servers[name] = start_streamlit(script, env, tmp_path / f"server{i}.log")
            with sync_playwright() as pw:
                browser = launch_chromium(pw)
                try:
                    bare = _open(browser, servers["bare"], logs["bare"], "/", None)
                    rows += run_rounds(
                        bare,
                        "bare",
                        {"no-op rerun (baseline)": lambda p, i: p.get_by_role("button").click},
                        reps,
                    )
                    if args.page in (None, "map"):
                        commander = _open(browser, servers["app"], logs["app"], "/", "commander")
                        wait_for_polygons(commander.page, _expected_polygons(data_dir))
                        rows += run_rounds(
                            commander, "map", MAP_INTERACTIONS, reps, args.only, args.shots
                        )
                    wanted = not args.only or any(o in n for o in args.only for n in PLANNER)
                    if args.page in (None, "planner") and wanted:
                        planner = _open(browser, servers["app"], logs["app"], "/planner", "planner")
                        _planner_setup(planner)
                        rows += run_rounds(planner, "planner", PLANNER, reps, args.only, args.shots)
                finally:
                    browser.close()
        finally:
            for server in servers.values():
                server.stop()
    print(
        f"time per interaction in ms, {reps} repetitions; "
        f"budget: median {args.judge} time <= {BUDGET * 1000:.0f}"
    )
    print(format_table(rows, BUDGET, args.judge))
    failed = failures(rows[1:], BUDGET, args.judge)  # the baseline is not judged
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "budget_seconds": BUDGET,
                "reps": reps,
                "data_dir": str(data_dir),
                "judged": args.judge,
                "interactions": [r.as_dict(BUDGET, args.judge) for r in rows],
                "failed": failed,
            },
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    if failed:
        print(f"OVER BUDGET or not done: {', '.join(failed)}")
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
