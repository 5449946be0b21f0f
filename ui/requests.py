"""Open home-visit requests per commune for the pages, cached per revision: counts only.

The map page flags the overdue ones above the map and names a commune's open requests in its
panel (:mod:`geo.outputs.reports.requests` writes the lines); personal data never leaves the
store here (:func:`geo.planning.requests.requests_per_commune` keeps codes and counts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
import streamlit as st

from geo.clock import to_vietnam, utc_now
from geo.planning.requests import requests_per_commune
from ui.state import get_settings, get_store, revision

__all__ = ["per_commune"]


@st.cache_data(show_spinner=False, max_entries=16)
def _per_commune(rev: int, db_url: str, today: dt.date, limit_days: int) -> pd.DataFrame:
    del rev, db_url  # cache keys: a new or closed request changes the revision
    return requests_per_commune(get_store().home_requests(status="open"), today, limit_days)


def per_commune(codes: Iterable[object]) -> pd.DataFrame:
    """Count the open and overdue requests of each of ``codes`` today (Vietnam's calendar day).

    Parameters
    ----------
    codes : iterable
        The communes shown (the page's metrics, already cut to the user's scope).

    Returns
    -------
    DataFrame
        ``code, open, overdue, oldest_days``, the communes of ``codes`` with an open request.
    """
    settings = get_settings()
    today = to_vietnam(utc_now()).date()
    frame = _per_commune(revision(), settings.db_url, today, settings.request_overdue_days)
    return frame[frame["code"].isin({str(c) for c in codes})].reset_index(drop=True)
