"""Start Streamlit servers and drive headless Chromium against them (bench and e2e tests).

Used by ``bench/bench_page_load.py`` (time to interactive) and ``tests/e2e/conftest.py``
(fixtures). Only Debian's Chromium at :data:`CHROMIUM` is used: Playwright never downloads a
browser here. Nothing in this module may reach the internet; :func:`guard_offline` makes any
attempt visible.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "BARE_TITLE",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "COMPONENT_IFRAME",
    "MAP_PAGE_ELEMENTS",
    "NON_LOCAL_URL",
    "POLYGON_SELECTOR",
    "REPO_ROOT",
    "ServerStartError",
    "StreamlitServer",
    "free_port",
    "guard_offline",
    "launch_chromium",
    "map_frame",
    "process_cpu_seconds",
    "start_streamlit",
    "stat_cpu_seconds",
    "time_to_interactive",
    "wait_for_elements",
    "wait_for_map_page",
    "wait_for_polygons",
    "wait_for_title",
]

#: Title of ``bench/bare_app.py``; seeing it means the bare page is interactive.
BARE_TITLE = "Trang trống"
REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
#: URLs that may load: the app on this machine, and in-page resources (``data:``, ``blob:``...).
NON_LOCAL_URL = re.compile(
    r"^(?!(?:https?|wss?)://(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?(?:[/?#]|$))"
    r"(?!(?:data|blob|about|chrome-error):)"
)
#: The ``<iframe>`` in which streamlit-folium renders the Leaflet map.
COMPONENT_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
#: ``data-testid`` of what the «Bản đồ» page shows besides the map: navigation, filters, commune
#: panel, gap table and its download. The page is interactive when all are on screen.
MAP_PAGE_ELEMENTS = (
    "stSidebarNav",
    "stSelectbox",
    "stMultiSelect",
    "stCheckbox",
    "stMetric",
    "stTextInput",
    "stDataFrame",
    "stDownloadButton",
)
#: One SVG path per interactive polygon (district outlines are drawn non-interactive).
POLYGON_SELECTOR = "path.leaflet-interactive"


class ServerStartError(RuntimeError):
    """The Streamlit server exited or did not answer its health check in time."""


@dataclass
class StreamlitServer:
    """A running ``streamlit run`` subprocess.

    Attributes
    ----------
    proc : subprocess.Popen
        The server process (its own process group, so :meth:`stop` ends its children too).
    base_url : str
        ``http://127.0.0.1:<port>``, without trailing slash.
    log_path : Path
        File receiving the server's stdout and stderr.
    """

    proc: subprocess.Popen
    base_url: str
    log_path: Path
    env: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def db_url(self) -> str | None:
        """The server's database URL (``VNEID_DB_URL`` of its environment), if it was given."""
        return self.env.get("VNEID_DB_URL")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server process has used so far, in seconds."""
        return process_cpu_seconds(self.proc.pid)

    def log(self) -> str:
        """Return the server log so far (for failure messages)."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after ``timeout`` seconds)."""
        if self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=timeout)


def stat_cpu_seconds(stat: str, ticks_per_second: float = 100.0) -> float:
    """Read user + system CPU seconds from the text of a ``/proc/<pid>/stat`` file.

    The process name (field 2) is in parentheses and may hold spaces or parentheses itself, so
    the fields are counted after its last ``)``; ``utime`` and ``stime`` are fields 14 and 15,
    in clock ticks (children that were waited for, fields 16-17, are not counted).

    Parameters
    ----------
    stat : str
        The file's content.
    ticks_per_second : float
        ``os.sysconf("SC_CLK_TCK")``, 100 on Linux.

    Returns
    -------
    float

    Examples
    --------
    >>> stat_cpu_seconds("42 (python (x) y) S 1 2 3 4 5 6 7 8 9 10 250 30 7 7 20 0")
    2.8
    """
    fields = stat[stat.rindex(")") + 2 :].split()
    # fields[0] is field 3 (state): utime (14) and stime (15) are fields[11] and fields[12]
    return (int(fields[11]) + int(fields[12])) / ticks_per_second


def process_cpu_seconds(pid: int) -> float:
    """Return the CPU time (user + system, all threads) of process ``pid`` so far, in seconds.

    Linux only (``/proc/<pid>/stat``); precision one clock tick (10 ms).
    """
    stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    return stat_cpu_seconds(stat, float(os.sysconf("SC_CLK_TCK")))


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def start_streamlit(
    script: str | Path,
    env: Mapping[str, str],
    log_path: Path,
    *,
    cwd: Path = REPO_ROOT,
    timeout: float = 60.0,
    inherit_env: bool = True,
) -> StreamlitServer:
    """Start ``python -m streamlit run <script>`` on a free port and wait until it is healthy.

    Parameters
    ----------
    script : str or Path
        Script to run, relative to ``cwd`` or absolute (``app.py``, ``bench/bare_app.py``).
    env : mapping
        Variables added to the environment (they win over inherited ones). Inherited
        ``VNEID_*`` variables are dropped so that only ``env`` configures the app.
    log_path : Path
        Where the server's output goes.
    cwd : Path
        Working directory; the repository root, so ``.streamlit/config.toml`` applies.
    timeout : float
        Seconds to wait for ``/_stcore/health`` to answer ``ok``.
    inherit_env : bool
        Start from ``os.environ`` (default) rather than from an empty environment.

    Returns
    -------
    StreamlitServer

    Raises
    ------
    ServerStartError
        When the process exits early or is not healthy within ``timeout``; the message holds
        the server log. The process is stopped before raising.
    """
    base = (
        {k: v for k, v in os.environ.items() if not k.startswith("VNEID_")} if inherit_env else {}
    )
    full_env = {**base, "PYTHONUNBUFFERED": "1", **env}
    for _attempt in range(3):
        port = free_port()
        log_path.parent.mkdir(parents=True, exist_ok=True)
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ]
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                cmd,
                cwd=cwd,
                env=full_env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = StreamlitServer(proc, f"http://127.0.0.1:{port}", log_path, dict(env))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            if _healthy(server.base_url):
                return server
            time.sleep(0.2)
        server.stop()
        text = server.log()
        # another process grabbed the port between free_port() and the bind: try a new one
        if proc.returncode not in (None, 0) and re.search(r"Port \d+ is (already )?in use", text):
            continue
        raise ServerStartError(
            f"streamlit run {script} was not healthy after {timeout:.0f} s "
            f"(exit code {proc.returncode}). Server log ({log_path}):\n{text}"
        )
    raise ServerStartError(f"no free port for streamlit run {script}; last log:\n{server.log()}")


def launch_chromium(playwright, *, headless: bool = True):
    """Launch Debian's Chromium through Playwright (never a downloaded browser)."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=headless, args=list(CHROMIUM_ARGS)
    )


def guard_offline(context, blocked: list[str] | None = None) -> list[str]:
    """Abort every request of ``context`` that is not for localhost and record its URL.

    Covers the page and all its frames (including the component iframe), HTTP and WebSocket.
    Only non-local URLs are routed (:data:`NON_LOCAL_URL`), so local traffic, Streamlit's
    WebSocket included, goes straight to the server without Playwright in the middle and
    timings stay unaffected.

    Parameters
    ----------
    context : playwright BrowserContext
    blocked : list of str, optional
        List to append the blocked URLs to (a new one when omitted).

    Returns
    -------
    list of str
        ``blocked``, filled with the blocked URLs as they happen; an offline app leaves it empty.
    """
    blocked = [] if blocked is None else blocked

    def on_route(route) -> None:
        blocked.append(route.request.url)
        route.abort("blockedbyclient")

    def on_ws(ws) -> None:
        blocked.append(ws.url)
        ws.close()

    context.route(NON_LOCAL_URL, on_route)
    context.route_web_socket(NON_LOCAL_URL, on_ws)
    return blocked


def map_frame(page, timeout_ms: float = 60_000):
    """Return the Playwright ``Frame`` of the streamlit-folium component once it is attached."""
    handle = page.wait_for_selector(COMPONENT_IFRAME, state="attached", timeout=timeout_ms)
    frame = handle.content_frame()
    if frame is None:  # pragma: no cover - iframe without a browsing context
        raise RuntimeError("streamlit-folium iframe has no content frame")
    return frame


def wait_for_polygons(page, count: int, timeout_ms: float = 60_000):
    """Wait until the map iframe shows exactly ``count`` interactive polygons; return the frame.

    Polls on animation frames inside the iframe. Survives the iframe being replaced (a Streamlit
    rerun with a new widget key) by looking it up again.
    """
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + timeout_ms / 1000
    last_error: Exception | None = None
    while (left := deadline - time.monotonic()) > 0:
        try:
            frame = map_frame(page, timeout_ms=left * 1000)
            frame.wait_for_function(
                "([sel, n]) => document.querySelectorAll(sel).length === n",
                arg=[POLYGON_SELECTOR, count],
                polling="raf",
                timeout=min(left, 5.0) * 1000,
            )
            return frame
        except PlaywrightError as exc:  # timeout, frame detached or navigated: look again
            last_error = exc
    seen = []
    for frame in page.frames:
        with contextlib.suppress(PlaywrightError):
            seen.append(frame.locator(POLYGON_SELECTOR).count())
    raise TimeoutError(
        f"{count} polygons ({POLYGON_SELECTOR}) not shown within {timeout_ms / 1000:.0f} s; "
        f"polygons per frame now: {seen}"
    ) from last_error


def wait_for_title(page, text: str, timeout_ms: float = 60_000) -> None:
    """Wait (polling on animation frames) until an ``<h1>`` containing ``text`` is visible."""
    page.wait_for_function(
        """(t) => [...document.querySelectorAll('h1')].some(
               h => h.textContent.includes(t) && h.getClientRects().length > 0)""",
        arg=text,
        polling="raf",
        timeout=timeout_ms,
    )


def wait_for_elements(page, testids=MAP_PAGE_ELEMENTS, timeout_ms: float = 60_000) -> None:
    """Wait until an element of each ``data-testid`` in ``testids`` is on screen.

    A table (``stDataFrame``) counts once its grid has been drawn on its ``<canvas>``.
    """
    page.wait_for_function(
        """(ids) => ids.every(id => {
               const el = document.querySelector(`[data-testid="${id}"]`);
               if (!el || el.getClientRects().length === 0) return false;
               return id !== 'stDataFrame' || el.querySelector('canvas') !== null;
           })""",
        arg=list(testids),
        polling="raf",
        timeout=timeout_ms,
    )


def wait_for_map_page(page, count: int, timeout_ms: float = 60_000):
    """Wait for the whole «Bản đồ» page: ``count`` polygons and :data:`MAP_PAGE_ELEMENTS`.

    Returns the map's frame (see :func:`wait_for_polygons`).
    """
    frame = wait_for_polygons(page, count, timeout_ms)
    wait_for_elements(page, timeout_ms=timeout_ms)
    return frame


def session_cookie(
    db_url: str, base_url: str, *, role: str = "commander", team: str | None = None
) -> dict[str, str]:
    """Sign a browser in without the sign-in page: a session in the server's database.

    Creates (once) the account ``kiemthu.<role>`` with a random password nobody knows and opens a
    session for it, as a sign-in would (:meth:`geo.store.Store.open_session`).

    Parameters
    ----------
    db_url : str
        The server's ``VNEID_DB_URL``.
    base_url : str
        The server's address (the cookie's).
    role : str, default "commander"
        The account's role, province-wide.
    team : str, optional
        A team leader's team.

    Returns
    -------
    dict
        A Playwright cookie (``context.add_cookies([cookie])``).
    """
    import secrets

    from geo.access import Scope
    from geo.store import Store
    from ui.auth import COOKIE

    store = Store(db_url)
    try:
        username = f"kiemthu.{role}"
        if username not in set(store.accounts()["username"]):
            store.add_account(
                username,
                role,  # type: ignore[arg-type]
                Scope.province(),
                secrets.token_urlsafe(18) + "-1a",
                team=team,
                must_change=False,
                by="kiemthu",
            )
        token = store.open_session(username, "password")
    finally:
        store.close()
    return {"name": COOKIE, "value": token, "url": base_url}


def time_to_interactive(
    browser,
    url: str,
    ready: Callable[[object], object],
    *,
    viewport: Mapping[str, int] | None = None,
    cookies: list[dict[str, str]] | None = None,
) -> tuple[float, list[str]]:
    """Seconds from navigation start to ``ready(page)`` returning, in a fresh browser context.

    The end point is read from the page's own clock (``performance.now()`` is measured from
    the navigation start), right after ``ready`` saw the interactive state.

    Returns
    -------
    seconds : float
    blocked : list of str
        Requests that tried to leave localhost (see :func:`guard_offline`).
    """
    context = browser.new_context(viewport=dict(viewport or {"width": 1400, "height": 1000}))
    try:
        if cookies:
            context.add_cookies(cookies)
        blocked = guard_offline(context)
        page = context.new_page()
        page.goto(url, wait_until="commit")
        ready(page)
        ms = page.evaluate("performance.now()")
        return ms / 1000.0, blocked
    finally:
        context.close()
