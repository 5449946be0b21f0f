"""Progress against the quota, for leadership: headline figures, weekly bars, league, projection.

Every figure here is derived from the commune metric tables of :mod:`geo.metrics.coverage`
(``commune_metrics`` rows, one per commune) and aggregated with :func:`geo.metrics.coverage.rollup`, so
coverage, gap and quota progress have one definition across the app. This module only adds
what leadership asks on top of it: counts of communes past a threshold, change since a previous
snapshot, team activations per week, a district league table and a projection of the date the
quota is reached. Nothing here formats text for display (see :mod:`geo.outputs.reports`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from geo.fmt import (
    format_int,
    format_percent,
    format_signed_int,
    format_signed_points,
)
from geo.metrics import coverage

__all__ = [
    "DEFAULT_WINDOW_DAYS",
    "HEADLINE_KEYS",
    "LEAGUE_COLUMNS",
    "LEAGUE_LABELS",
    "THRESHOLD",
    "TOP_GAP_COLUMNS",
    "WEEKLY_COLUMNS",
    "Projection",
    "district_league",
    "headline_figures",
    "league_display",
    "project_target_date",
    "team_sort_key",
    "top_gaps",
    "weekly_by_team",
]

#: Coverage threshold leadership counts communes against ("xã đạt ≥ 80 %").
THRESHOLD = 0.8
#: Window of the recent rate used by :func:`project_target_date`, in days.
DEFAULT_WINDOW_DAYS = 14

HEADLINE_KEYS = (
    "eligible",
    "quota",
    "activated",
    "gap",
    "coverage",
    "quota_progress",
    "communes",
    "communes_with_data",
    "communes_at_threshold",
    "team_activations",
    "visits",
    "activated_change",
    "coverage_change",
    "communes_at_threshold_previous",
    "this_week",
    "last_week",
)

LEAGUE_COLUMNS = [
    "rank",
    "district_code",
    "district_name",
    "communes",
    "communes_with_data",
    "communes_at_threshold",
    "eligible",
    "quota",
    "activated",
    "coverage",
    "quota_progress",
    "gap",
    "activated_change",
    "coverage_change",
]

TOP_GAP_COLUMNS = [
    "code",
    "name",
    "district_name",
    "eligible",
    "activated",
    "coverage",
    "gap",
    "days_since_visit",
]

WEEKLY_COLUMNS = ["week_start", "week_end", "team", "visits", "registered", "activated"]


def _day(value: object) -> date:
    """A ``date`` from a date, datetime or Timestamp (time of day dropped)."""
    return pd.Timestamp(value).date()


def _num(value: object) -> float | None:
    """Float, or ``None`` for missing values."""
    if value is None or pd.isna(value):
        return None
    return float(value)


def _at_threshold(metrics: pd.DataFrame, threshold: float) -> pd.Series:
    """True for communes with data whose coverage is at or above ``threshold``."""
    cov = pd.to_numeric(metrics["coverage"], errors="coerce")
    return metrics["has_data"].fillna(False).astype(bool) & (cov >= threshold).fillna(False)


def _province(metrics: pd.DataFrame) -> pd.Series:
    """The one row of ``coverage.rollup(metrics, by="province")``."""
    return coverage.rollup(metrics, by="province").iloc[0]


def _activations_between(visits: pd.DataFrame, first: date, last: date) -> int:
    """Team activations on visits dated ``first``..``last`` (both included)."""
    days = pd.to_datetime(visits["date"]).dt.normalize()
    mask = (days >= pd.Timestamp(first)) & (days <= pd.Timestamp(last))
    return int(pd.to_numeric(visits.loc[mask, "activated"], errors="coerce").fillna(0).sum())


def headline_figures(
    metrics: pd.DataFrame,
    previous: pd.DataFrame | None = None,
    *,
    visits: pd.DataFrame | None = None,
    as_of: date | None = None,
    threshold: float = THRESHOLD,
) -> dict[str, float | int | None]:
    """Headline figures of the province for one date.

    Parameters
    ----------
    metrics : DataFrame
        ``coverage.commune_metrics`` rows as of the report date (its ``team_activations`` and
        ``visits`` cover the chosen period).
    previous : DataFrame, optional
        The same table one week earlier; adds ``activated_change``, ``coverage_change`` and
        ``communes_at_threshold_previous``.
    visits : DataFrame, optional
        Visit rows (``date``, ``activated``); with ``as_of`` adds ``this_week`` (team
        activations in the 7 days ending ``as_of``) and ``last_week`` (the 7 days before).
    as_of : date, optional
        The report date, needed for ``this_week`` / ``last_week``.
    threshold : float
        Coverage threshold for ``communes_at_threshold`` (default 0.8).

    Returns
    -------
    dict
        Keys :data:`HEADLINE_KEYS`; ratios are fractions (0.668), missing figures ``None``.
    """
    prov = _province(metrics)
    out: dict[str, float | int | None] = dict.fromkeys(HEADLINE_KEYS)
    for key in ("eligible", "quota", "activated", "gap", "coverage", "quota_progress"):
        out[key] = _num(prov.get(key))
    for key in ("communes", "communes_with_data", "team_activations", "visits"):
        value = _num(prov.get(key))
        out[key] = None if value is None else int(value)
    out["communes_at_threshold"] = int(_at_threshold(metrics, threshold).sum())
    if previous is not None:
        before = _province(previous)
        act, act_prev = out["activated"], _num(before.get("activated"))
        cov, cov_prev = out["coverage"], _num(before.get("coverage"))
        out["activated_change"] = None if act is None or act_prev is None else act - act_prev
        out["coverage_change"] = None if cov is None or cov_prev is None else cov - cov_prev
        out["communes_at_threshold_previous"] = int(_at_threshold(previous, threshold).sum())
    if visits is not None and as_of is not None:
        end = _day(as_of)
        out["this_week"] = _activations_between(visits, end - timedelta(days=6), end)
        out["last_week"] = _activations_between(
            visits, end - timedelta(days=13), end - timedelta(days=7)
        )
    return out


def weekly_by_team(
    visits: pd.DataFrame, *, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """Visits, registrations and activations per team and calendar week (Monday to Sunday).

    Every team appears in every week between ``start`` and ``end`` (zeros where it did not
    work), so bar charts keep their gaps.

    Parameters
    ----------
    visits : DataFrame
        Visit rows with ``date``, ``team``, ``registered``, ``activated``.
    start, end : date, optional
        Period (both included); default the visits' first and last date.

    Returns
    -------
    DataFrame
        :data:`WEEKLY_COLUMNS`; ``week_start`` / ``week_end`` are ``datetime64`` Monday / Sunday.
    """
    v = visits.copy()
    v["date"] = pd.to_datetime(v["date"]).dt.normalize()
    if start is not None:
        v = v[v["date"] >= pd.Timestamp(start)]
    if end is not None:
        v = v[v["date"] <= pd.Timestamp(end)]
    if v.empty and (start is None or end is None):
        return pd.DataFrame({c: pd.Series(dtype="object") for c in WEEKLY_COLUMNS})
    first = pd.Timestamp(start) if start is not None else v["date"].min()
    last = pd.Timestamp(end) if end is not None else v["date"].max()
    v["week_start"] = v["date"] - pd.to_timedelta(v["date"].dt.day_of_week, unit="D")
    for col in ("registered", "activated"):
        v[col] = pd.to_numeric(v[col], errors="coerce").fillna(0).astype("int64")
    agg = v.groupby(["week_start", "team"]).agg(
        visits=("date", "size"), registered=("registered", "sum"), activated=("activated", "sum")
    )
    weeks = pd.date_range(first - pd.Timedelta(days=first.weekday()), last, freq="7D")
    teams = sorted(v["team"].dropna().unique(), key=team_sort_key)
    grid = pd.MultiIndex.from_product([weeks, teams], names=["week_start", "team"])
    out = agg.reindex(grid, fill_value=0).reset_index()
    out["week_end"] = out["week_start"] + pd.Timedelta(days=6)
    for col in ("visits", "registered", "activated"):
        out[col] = out[col].astype("int64")
    return out[WEEKLY_COLUMNS]


def team_sort_key(name: str) -> tuple:
    """Natural order of team names: "Tổ 2" before "Tổ 10", numbered teams before "Tổ CA …".

    Examples
    --------
    >>> sorted(["Tổ 10", "Tổ CA Phủ Lý 1", "Tổ 2"], key=team_sort_key)
    ['Tổ 2', 'Tổ 10', 'Tổ CA Phủ Lý 1']
    """
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(name)))


def district_league(
    metrics: pd.DataFrame,
    previous: pd.DataFrame | None = None,
    *,
    threshold: float = THRESHOLD,
) -> pd.DataFrame:
    """District league table, best quota progress first.

    Parameters
    ----------
    metrics : DataFrame
        ``coverage.commune_metrics`` rows as of the report date.
    previous : DataFrame, optional
        The same table one week earlier, for ``activated_change`` (people) and
        ``coverage_change`` (fraction points); both ``NaN`` without it.
    threshold : float
        Coverage threshold for ``communes_at_threshold``.

    Returns
    -------
    DataFrame
        :data:`LEAGUE_COLUMNS`; empty when the boundary version has no districts.
    """
    with_district = metrics[metrics["district_code"].notna()]
    if with_district.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in LEAGUE_COLUMNS})
    table = _by_district(with_district)
    hits = (
        _at_threshold(with_district, threshold)
        .groupby(with_district["district_code"].astype(str).to_numpy())
        .sum()
    )
    table["communes_at_threshold"] = table["district_code"].map(hits).fillna(0).astype("int64")
    if previous is not None and previous["district_code"].notna().any():
        before = _by_district(previous[previous["district_code"].notna()]).set_index(
            "district_code"
        )
        now_act = pd.to_numeric(table["activated"], errors="coerce").astype("float64")
        now_cov = pd.to_numeric(table["coverage"], errors="coerce").astype("float64")
        prev_act = table["district_code"].map(before["activated"]).astype("float64")
        prev_cov = table["district_code"].map(before["coverage"]).astype("float64")
        # a district without data at either date has no change, not a change from 0
        table["activated_change"] = (now_act - prev_act).where(
            table["has_data"].to_numpy() & table["district_code"].map(before["has_data"]).eq(True)
        )
        table["coverage_change"] = now_cov - prev_cov
    else:
        table["activated_change"] = float("nan")
        table["coverage_change"] = float("nan")
    table = table.sort_values(
        ["quota_progress", "coverage", "district_code"],
        ascending=[False, False, True],
        na_position="last",
        kind="stable",
    ).reset_index(drop=True)
    table["rank"] = range(1, len(table) + 1)
    return table[LEAGUE_COLUMNS]


def _by_district(metrics: pd.DataFrame) -> pd.DataFrame:
    """``coverage.rollup(by="district")`` with ``district_code`` / ``district_name`` columns."""
    table = coverage.rollup(metrics, by="district")
    table = table[table["code"].notna()].rename(
        columns={"code": "district_code", "name": "district_name"}
    )
    table["district_code"] = table["district_code"].astype(str)
    return table.reset_index(drop=True)


def top_gaps(metrics: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` communes with the most people not yet activated (communes with data only).

    Ties are broken by commune code so the order is stable between runs.

    Returns
    -------
    DataFrame
        :data:`TOP_GAP_COLUMNS`, largest gap first.
    """
    data = metrics[metrics["has_data"].fillna(False).astype(bool)].copy()
    data["gap"] = pd.to_numeric(data["gap"], errors="coerce")
    data = data.dropna(subset=["gap"])
    data = data.sort_values(["gap", "code"], ascending=[False, True], kind="stable")
    return data.head(n)[TOP_GAP_COLUMNS].reset_index(drop=True)


@dataclass(frozen=True)
class Projection:
    """When the target is reached at the recent rate.

    Attributes
    ----------
    target_date : date or None
        Projected date (the date it was first reached when ``reached``); ``None`` when the
        recent rate is zero or negative, or there is no target.
    rate_per_day : float
        Mean increase per day over the window.
    window_start, window_end : date
        The window the rate was measured over (``window_end`` is the as-of date).
    window_days : int
        Its length in days (shorter than asked when the series is shorter).
    current, target : float
        Value at ``window_end`` and the target.
    reached : bool
        The target is already reached at ``window_end``.
    """

    target_date: date | None
    rate_per_day: float
    window_start: date
    window_end: date
    window_days: int
    current: float
    target: float
    reached: bool


def project_target_date(
    series: pd.Series,
    target: float,
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    as_of: date | None = None,
) -> Projection:
    """Linear projection of the date a cumulative series reaches ``target``.

    The rate is the mean daily increase over the last ``window_days`` days:
    ``(value(as_of) - value(as_of - window_days)) / window_days``, where ``value(d)`` is the
    last observation at or before ``d``. The target date is ``as_of`` plus the whole days
    needed at that rate, rounded up.

    Parameters
    ----------
    series : Series
        Cumulative values indexed by date, need not be daily; for the province:
        ``coverage.cumulative_activations(targets, visits, None, start, end)
        .set_index("date")["activated_to_date"]`` (leading ``<NA>`` are dropped).
    target : float
        The value to reach (e.g. the province quota).
    window_days : int
        Length of the window (default 14). When the series starts later than
        ``as_of - window_days``, the window starts at the series' first date.
    as_of : date, optional
        End of the window; default the series' last date.

    Returns
    -------
    Projection
    """
    if window_days < 1:
        raise ValueError("window_days must be at least 1")
    s = pd.Series(pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64"))
    s.index = pd.to_datetime(pd.Index(series.index)).normalize()
    s = s.dropna().sort_index()
    s = s[~s.index.duplicated(keep="last")]
    if s.empty:
        raise ValueError("series has no values")
    end = pd.Timestamp(as_of).normalize() if as_of is not None else s.index[-1]
    s = s[s.index <= end]
    if s.empty:
        raise ValueError("series has no value on or before as_of")
    start = max(end - pd.Timedelta(days=window_days), s.index[0])
    current = float(s.iloc[-1])
    at_start = float(s[s.index <= start].iloc[-1])
    days = int((end - start).days)
    rate = (current - at_start) / days if days > 0 else 0.0
    tgt = float(target) if target is not None and not pd.isna(target) else float("nan")
    reached = bool(not math.isnan(tgt) and tgt > 0 and current >= tgt)
    when: date | None
    if math.isnan(tgt) or tgt <= 0:
        when = None
    elif reached:
        when = s[s >= tgt].index[0].date()
    elif rate <= 0:
        when = None
    else:
        when = (end + pd.Timedelta(days=math.ceil(round((tgt - current) / rate, 9)))).date()
    return Projection(
        target_date=when,
        rate_per_day=rate,
        window_start=start.date(),
        window_end=end.date(),
        window_days=days,
        current=current,
        target=tgt,
        reached=reached,
    )


#: Column headers of the district league as shown to people (page, PDF and Excel share them).
LEAGUE_LABELS = coverage.column_labels(
    [c for c in LEAGUE_COLUMNS if c not in ("district_code", "communes_with_data")],
    {
        "communes": "Số xã",
        "communes_at_threshold": "Xã đạt ≥ 80 %",
        "activated_change": "Tăng so với tuần trước",
        "coverage_change": "Tỷ lệ tăng (điểm %)",
    },
)


def league_display(league: pd.DataFrame, na: str = "—") -> pd.DataFrame:
    """:func:`district_league` as text in Vietnamese formats, one column per figure.

    Examples
    --------
    >>> row = pd.DataFrame({"rank": [1], "district_name": ["Huyện Bình Lục"],
    ...     "communes_at_threshold": [2], "communes_with_data": [17], "eligible": [70000],
    ...     "quota": [56000], "activated": [40000], "coverage": [0.5714],
    ...     "quota_progress": [0.7143], "gap": [30000], "activated_change": [1234],
    ...     "coverage_change": [0.012]})
    >>> league_display(row).iloc[0].tolist()[2:]
    ['2/17', '70.000', '56.000', '40.000', '57,1 %', '71,4 %', '30.000', '+1.234', '+1,2 điểm %']
    """
    labels = LEAGUE_LABELS
    return pd.DataFrame(
        {
            labels["rank"]: league["rank"].map(format_int),
            labels["district_name"]: league["district_name"].astype(str),
            labels["communes_at_threshold"]: [
                f"{format_int(a)}/{format_int(b)}"
                for a, b in zip(
                    league["communes_at_threshold"], league["communes_with_data"], strict=True
                )
            ],
            **{
                labels[c]: league[c].map(lambda v: format_int(v, na=na))
                for c in ("eligible", "quota", "activated")
            },
            **{
                labels[c]: league[c].map(lambda v: format_percent(v, na=na))
                for c in ("coverage", "quota_progress")
            },
            labels["gap"]: league["gap"].map(lambda v: format_int(v, na=na)),
            labels["activated_change"]: league["activated_change"].map(
                lambda v: format_signed_int(v, na=na)
            ),
            labels["coverage_change"]: league["coverage_change"].map(
                lambda v: format_signed_points(v, na=na)
            ),
        }
    )
