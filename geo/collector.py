"""Python's cyclic garbage collector paused for a bulk step (thread-safe, nestable).

An import builds hundreds of thousands of small containers (a tuple per row and per token row)
that hold no reference cycles. While they are built the collector runs again and again over
every object alive, which measured about a tenth of a 100,000-row import
(``bench/bench_import.py``). Reference counting still frees everything at once; only the search
for cycles waits until the outermost pause ends, when one collection of the youngest generation
runs.

Examples
--------
>>> import gc
>>> with paused():
...     with paused():
...         gc.isenabled()
...     gc.isenabled()
False
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]

_lock = threading.Lock()
_depth = 0  # pauses open, in every thread
_resume = False  # whether the collector was running when the first pause began


@contextmanager
def paused() -> Iterator[None]:
    """Pause the collector while the block runs; resume it when the last open pause ends.

    Pauses may nest and overlap across threads (two clerks importing at once): the collector
    runs again only when none is open, and only if it was running before the first one.

    Yields
    ------
    None
    """
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
                gc.collect(0)
