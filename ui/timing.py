"""Server time of each script run and fragment run, for the interaction benchmark (opt-in).

With ``VNEID_RUN_TIMING_LOG=<path>`` in the server's environment, every run of a page's script
and every run of a fragment on its own appends one JSON line to ``<path>``::

    {"page": "map", "fragment": null, "seconds": 0.412, "cpu": 0.398, "at": 1764590000.1}

``seconds`` is the wall time of the run (:func:`time.perf_counter`), ``cpu`` the CPU time of
the thread that ran it (:func:`time.thread_time`: each session's script runs in a thread of its
own, so the process's CPU time would count the other sessions too) and ``at`` the end of the
run (epoch seconds). Without the variable nothing is measured and nothing is written.

``app.py`` wraps the page::

    with timing.timed(page.url_path):
        page.run()

and a fragment is wrapped under ``@st.fragment`` (outermost), so that its reruns are timed::

    @st.fragment(key="plan_part_map")
    @timing.timed_fragment("planner.map")
    @errors.guarded("planner.map")
    def _schedule_map(page, schedule): ...

A fragment drawn inside a full run of its page is not logged apart: the page's line holds it.
Only a run of the fragment alone (a widget inside it changed) gets a line of its own.
"""

from __future__ import annotations

import functools
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

__all__ = ["ENV_VAR", "log_path", "timed", "timed_fragment", "write_line"]

#: The environment variable naming the log file; unset (or empty) = no timing at all.
ENV_VAR = "VNEID_RUN_TIMING_LOG"

P = ParamSpec("P")
R = TypeVar("R")

_LOCK = threading.Lock()


def log_path() -> str | None:
    """Return the timing log's path from :data:`ENV_VAR`, or ``None`` when timing is off.

    Returns
    -------
    str or None

    Examples
    --------
    >>> import os
    >>> os.environ.pop(ENV_VAR, None) and None
    >>> log_path() is None
    True
    """
    return os.environ.get(ENV_VAR) or None


def write_line(
    path: str, page: str | None, fragment: str | None, seconds: float, cpu: float
) -> None:
    """Append one run's JSON line to the log at ``path`` (thread-safe, one ``write``).

    Parameters
    ----------
    path : str
        The log file (created when missing).
    page : str or None
        The page's address (``"map"``); ``None`` when unknown.
    fragment : str or None
        The fragment's name, ``None`` for a run of the whole page.
    seconds : float
        Wall time of the run.
    cpu : float
        CPU time of the run's thread.
    """
    line = json.dumps(
        {
            "page": page,
            "fragment": fragment,
            "seconds": round(seconds, 6),
            "cpu": round(cpu, 6),
            "at": round(time.time(), 6),
        },
        ensure_ascii=False,
    )
    with _LOCK, open(path, "a", encoding="utf-8") as out:
        out.write(line + "\n")


@contextmanager
def _measured(path: str, page: str | None, fragment: str | None) -> Iterator[None]:
    wall, cpu = time.perf_counter(), time.thread_time()
    try:
        yield
    finally:  # st.rerun / st.stop (BaseException) end a run too: it is logged all the same
        write_line(path, page, fragment, time.perf_counter() - wall, time.thread_time() - cpu)


@contextmanager
def timed(page: str | None) -> Iterator[None]:
    """Time the block as one run of ``page``; log it when :data:`ENV_VAR` is set.

    Parameters
    ----------
    page : str or None
        The page's address (``page.url_path`` in ``app.py``).

    Yields
    ------
    None
        Control, to the block.

    Examples
    --------
    >>> import os
    >>> os.environ.pop(ENV_VAR, None) and None
    >>> with timed("map"):  # timing off: nothing measured, nothing written
    ...     total = 1 + 1
    >>> total
    2
    """
    path = log_path()
    if path is None:
        yield
        return
    with _measured(path, page, None):
        yield


def _fragment_only_run() -> tuple[bool, str | None]:
    """(whether this run is of fragments alone, the current page's address if known)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return False, None
    page = None
    try:
        info = ctx.pages_manager.get_pages().get(ctx.page_script_hash)
        page = (info.get("url_pathname") if info else None) or None
    except Exception:  # pragma: no cover - a Streamlit internals change: the page stays unknown
        page = None
    return bool(ctx.fragment_ids_this_run), page


def timed_fragment(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a fragment's function so that a run of the fragment alone is logged as ``name``.

    Put it right under ``@st.fragment``. When the fragment is drawn as part of a full run of its
    page nothing is logged (:func:`timed` covers the page); when :data:`ENV_VAR` is unset the
    function is called as it is.

    Parameters
    ----------
    name : str
        The fragment's name in the log (``"planner.map"``).

    Returns
    -------
    callable
        The decorator.

    Examples
    --------
    >>> import os
    >>> os.environ.pop(ENV_VAR, None) and None
    >>> @timed_fragment("demo.part")
    ... def part(x):
    ...     return x * 2
    >>> part(21), part.__name__
    (42, 'part')
    """

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            path = log_path()
            if path is None:
                return fn(*args, **kwargs)
            alone, page = _fragment_only_run()
            if not alone:
                return fn(*args, **kwargs)
            with _measured(path, page, name):
                return fn(*args, **kwargs)

        return wrapper

    return decorate
