"""A failing page shows a friendly message with a reference, never a traceback.

``app.py`` runs every page inside :func:`guarded`::

    with errors.guarded(page.url_path):
        page.run()

An exception the page does not handle is caught there: the user reads, in the language in use,
that something went wrong, what to do (try again; if it happens again, give the reference to
the administrator) and a reference such as ``K7QX2M``; the server's log gets the full
traceback under the same reference (:func:`geo.errors.log_failure`, logger ``vneid``). What
the page drew before it failed stays on screen.

Streamlit's control flow passes through untouched: ``st.stop``, ``st.rerun`` and
``st.switch_page`` raise ``BaseException`` subclasses (``StopException``, ``RerunException``),
which :func:`guarded` never catches, and a fragment's failure that Streamlit has already shown
(``FragmentHandledException``) is raised on. ``guarded`` also decorates a function, for the
code that runs outside ``page.run()``: a fragment's reruns (``@st.fragment`` above
``@guarded("…")``) and widget callbacks.

Anything that still escapes (a failure in ``app.py`` itself) is shown by Streamlit with
``client.showErrorDetails = "none"`` and ``client.showErrorLinks = false``
(``.streamlit/config.toml``): a generic message, no type, no traceback, no path, no links.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.errors import FragmentHandledException

from geo.errors import app_logger, log_failure, new_reference
from geo.i18n import _

__all__ = ["guarded", "show_failure"]


@contextmanager
def guarded(where: str | None = None) -> Iterator[None]:
    """Run the block (or the decorated function); show a failure as a message with a reference.

    Parameters
    ----------
    where : str, optional
        What runs inside, for the log: the page's address (``"map"``) or a part's name.

    Yields
    ------
    None
        Control, to the block.

    Examples
    --------
    In ``app.py``::

        with errors.guarded(page.url_path):
            page.run()

    Around a fragment (``@st.fragment`` outside, so that its reruns are guarded too)::

        @st.fragment
        @errors.guarded("planner.schedule")
        def schedule_editor(): ...
    """
    try:
        yield
    except FragmentHandledException:
        raise  # Streamlit has shown and logged it inside the fragment
    except Exception as exc:  # StopException and RerunException are BaseException: not caught
        reference = new_reference()
        log_failure(app_logger(), exc, reference, where=where, user=_username())
        show_failure(reference)


def show_failure(reference: str) -> None:
    """Draw the failure message with ``reference`` and a «Thử lại» (try again) button.

    Parameters
    ----------
    reference : str
        The reference written to the log (:func:`geo.errors.new_reference`).
    """
    # the reference is made of ALPHABET's capitals and digits only: inert in markdown
    st.error(
        _(
            "Đã xảy ra lỗi, trang chưa hiển thị được đầy đủ. Hãy thử lại: bấm «Thử lại» hoặc "
            "tải lại trang. Nếu lỗi vẫn lặp lại, hãy báo cho quản trị viên mã tham chiếu và "
            "thời điểm xảy ra lỗi.\n\nMã tham chiếu: **{reference}**"
        ).format(reference=reference),
        icon=":material/error:",
    )
    st.button(_("Thử lại"), key=f"errors_retry_{reference}", icon=":material/refresh:")


def _username() -> str | None:
    """Return the signed-in user's account name, if any (never raise: the page already failed)."""
    try:
        user = st.session_state.get("auth_user")
    except Exception:
        return None
    return getattr(user, "username", None)
