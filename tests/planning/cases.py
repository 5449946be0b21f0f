"""Shared inputs of the planning tests: dates and small frames of candidates and teams."""

from __future__ import annotations

from datetime import date

import pandas as pd

TODAY = date(2023, 5, 31)
MONDAY = date(2023, 4, 3)


def cands(rows: list[tuple]) -> pd.DataFrame:
    """Candidates ``code, urban, gap, lat, lon, yield_rate``."""
    return pd.DataFrame(rows, columns=["code", "urban", "gap", "lat", "lon", "yield_rate"])


def team_rows(rows: list[tuple]) -> pd.DataFrame:
    """Teams ``name, members, base_lat, base_lon``."""
    return pd.DataFrame(rows, columns=["name", "members", "base_lat", "base_lon"])
