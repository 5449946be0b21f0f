"""Session state of the planner page: the clock of a build, the messages of a fragment.

The planner page (``views/planner.py``) reruns only the part of the page an action changes
(``st.fragment``), so a message after an action is shown by the part that made it
(:func:`say`, :func:`said`), and the time a build took is measured from the click
(:func:`start_build`, the button's ``on_click``, runs before the page) to the end of the page's
run (:func:`build_waited`): the time the user waited, not the solver's own.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

__all__ = ["build_waited", "clock", "rerun_part", "said", "say", "start_build"]

#: The clock of :func:`start_build` and :func:`build_waited` (seconds; tests replace it).
clock: Callable[[], float] = time.perf_counter

_STARTED = "plan_build_started"
_SAID = "plan_said"


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
