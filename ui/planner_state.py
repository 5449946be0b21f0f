"""Session state of the planner page: the clock of a build, the messages of a fragment, memos.

The planner page (``views/planner.py``) reruns only the part of the page an action changes
(``st.fragment``), so a message after an action is shown by the part that made it
(:func:`say`, :func:`said`), and the time a build took is measured from the click
(:func:`start_build`, the button's ``on_click``, runs before the page) to the end of the page's
run (:func:`build_waited`): the time the user waited, not the solver's own. A whole run (a tab
opened, the language switched) draws every part again; what a part computes from unchanged
inputs is kept for the session (:func:`memo`, :func:`frame_key`), so that such a run only draws.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

__all__ = [
    "build_waited",
    "clock",
    "frame_key",
    "memo",
    "rerun_part",
    "said",
    "say",
    "start_build",
]

T = TypeVar("T")

#: The clock of :func:`start_build` and :func:`build_waited` (seconds; tests replace it).
clock: Callable[[], float] = time.perf_counter

_STARTED = "plan_build_started"
_SAID = "plan_said"
_MEMO = "plan_memo"


def start_build() -> None:
    """Note when «Lập lịch» was clicked (its ``on_click``: it runs before the page's rerun)."""
    st.session_state[_STARTED] = clock()


def build_waited() -> float | None:
    """Take the seconds since the click of «Lập lịch» (None when no build is pending).

    Returns
    -------
    float or None
        :data:`clock` now minus at the click; the click is forgotten.
    """
    started = st.session_state.pop(_STARTED, None)
    return None if started is None else clock() - started


def say(part: str, message: str) -> None:
    """Keep a message for the next run of one part of the page (after an action in it).

    Parameters
    ----------
    part : str
        The part that shows it (``"saved"``: the saved plans tab).
    message : str
        The message, already translated.
    """
    st.session_state.setdefault(_SAID, {})[part] = message


def said(part: str) -> str | None:
    """Take the message kept for ``part`` by :func:`say` (None when there is none).

    Parameters
    ----------
    part : str
        The part of the page.

    Returns
    -------
    str or None
        The message, forgotten once taken.
    """
    return st.session_state.get(_SAID, {}).pop(part, None)


def rerun_part() -> None:
    """Rerun the fragment being run (after an action in it), or the page in a whole run.

    A click in a fragment reruns that fragment only, where ``st.rerun(scope="fragment")`` is
    allowed; Streamlit refuses it in a whole run of the page (AppTest's runs are all whole).
    """
    ctx = get_script_run_ctx()
    if ctx is not None and ctx.fragment_ids_this_run:
        st.rerun(scope="fragment")
    st.rerun()


def memo(part: str, key: Hashable, compute: Callable[[], T]) -> T:
    """Return ``compute()``, computed again only when ``key`` differs from the last one of ``part``.

    One value is kept per part, in the session (never shared with another user's session).
    The value is shared between the runs that hit it: callers must not change it.

    Parameters
    ----------
    part : str
        The part of the page (``"ranking"``, ``"review"``).
    key : hashable
        Everything the value depends on (compared with ``==``).
    compute : callable
        Makes the value.

    Returns
    -------
    object
        The value kept, or the one just computed.
    """
    held = st.session_state.setdefault(_MEMO, {})
    last = held.get(part)
    if last is not None and last[0] == key:
        return last[1]
    value = compute()
    held[part] = (key, value)
    return value


def frame_key(frame: pd.DataFrame) -> tuple[tuple[str, ...], str]:
    """Key a table by its columns and the values of its rows, for :func:`memo`.

    Parameters
    ----------
    frame : DataFrame
        Any table (its index is left out).

    Returns
    -------
    tuple
        ``(columns, digest)``: equal for tables equal in columns and values.

    Examples
    --------
    >>> a = pd.DataFrame({"team": ["Tổ 1"], "code": ["13291"]})
    >>> frame_key(a) == frame_key(a.copy()), frame_key(a) == frame_key(a.assign(code="13292"))
    (True, False)
    """
    hashed = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    return tuple(map(str, frame.columns)), hashlib.blake2b(hashed.tobytes()).hexdigest()
