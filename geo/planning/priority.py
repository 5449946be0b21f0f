"""Which communes next: a transparent weighted score, a rank, a band 1-5 and a reason.

Every definition (components, normalisation, ranks, bands, reasons) is in the docstring of
:mod:`geo.planning`, section *Priority score*. Coverage, gap and ``has_data`` are those of
:func:`geo.metrics.commune_metrics`, taken as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, cast

import numpy as np
import pandas as pd

from geo.fmt import format_int, format_percent, is_missing
from geo.i18n import _, ngettext
from geo.planning.params import (
    COMPONENTS,
    DEFAULT_PARAMS,
    DEFAULT_WEIGHTS,
    DEFAULT_YIELD,
    NO_DATA_REASON,
    STALE_CAP_DAYS,
    Weights,
)
from geo.planning.rates import shrunk_rate
from geo.planning.travel import travel_matrix

__all__ = ["priority_bands", "priority_scores", "with_recent_effort"]


def _minmax(x: pd.Series, reverse: bool = False) -> pd.Series:
    """Scale to [0, 1] by min-max (reversed: max-min).

    Returns
    -------
    Series
        The scaled values; 0 where missing, and everywhere when the values are constant.
    """
    lo, hi = float(x.min(skipna=True)), float(x.max(skipna=True))
    if is_missing(lo) or is_missing(hi) or hi - lo <= 1e-12:
        return pd.Series(0.0, index=x.index)
    z = x.rsub(hi) / (hi - lo) if reverse else x.sub(lo) / (hi - lo)
    return z.fillna(0.0).clip(0.0, 1.0)


def _count(value: Any) -> int:
    # the whole number a count is shown as (for the plural form of its phrase)
    return 0 if is_missing(value) else round(float(value))


def _phrase(component: str, row: pd.Series, target: float) -> str:
    if component == "gap":
        n = row["gap_value"]
        text = ngettext("còn {n} người chưa kích hoạt", "còn {n} người chưa kích hoạt", _count(n))
        return text.format(n=format_int(n))
    if component == "shortfall":
        return _("tỷ lệ kích hoạt {coverage}, mục tiêu {target}").format(
            coverage=format_percent(row["coverage"]), target=format_percent(target, trim=True)
        )
    if component == "staleness":
        n = row["days_since_visit"]
        if is_missing(n):
            return _("chưa có tổ nào đến")
        text = ngettext("{n} ngày chưa có tổ đến", "{n} ngày chưa có tổ đến", _count(n))
        return text.format(n=format_int(n))
    if component == "home_requests":
        n = row["home_requests_value"]
        text = ngettext(
            "{n} yêu cầu hỗ trợ tại nhà đang mở", "{n} yêu cầu hỗ trợ tại nhà đang mở", _count(n)
        )
        return text.format(n=format_int(n))
    if component == "yield":
        n = row["yield_value"]
        text = ngettext(
            "dự kiến {n} người kích hoạt mỗi buổi",
            "dự kiến {n} người kích hoạt mỗi buổi",
            _count(n),
        )
        return text.format(n=format_int(n))
    return _("gần {team} ({n} phút đi đường)").format(
        team=row["nearest_team"], n=format_int(row["travel_value"])
    )


def _reason(row: pd.Series, weights: Mapping[str, float], target: float) -> str:
    contrib = [(weights[k] * row[f"{k}_norm"], i, k) for i, k in enumerate(COMPONENTS)]
    top = [k for c, _i, k in sorted(contrib, key=lambda x: (-x[0], x[1])) if c > 0][:2] or ["gap"]
    text = "; ".join(_phrase(k, row, target) for k in top)
    return text[:1].upper() + text[1:]


def _nearest_team(teams: pd.DataFrame, places: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Find the nearest team base of each place.

    Returns
    -------
    tuple of Series
        Travel minutes from that base (NaN when no base or no position) and the team's name.
    """
    travel = pd.Series(np.nan, index=places.index)
    nearest = pd.Series(None, index=places.index, dtype=object)
    based = teams.dropna(subset=["base_lat", "base_lon"]) if len(teams) else teams
    n = len(places)
    if not len(based) or not n:
        return travel, nearest
    tm = travel_matrix(based, places).to_numpy()
    ok = np.isfinite(tm).any(axis=0)
    if ok.any():
        idx = np.nanargmin(np.where(np.isfinite(tm), tm, np.inf), axis=0)
        travel = pd.Series(np.where(ok, tm[idx, np.arange(n)], np.nan), index=places.index)
        names = based["name"].astype(str).to_numpy()
        nearest = pd.Series(np.where(ok, names[idx], None), index=places.index, dtype=object)
    return travel, nearest


def priority_bands(scores: pd.Series) -> pd.Series:
    """Band the scores 1-5 (higher score = higher priority = smaller band).

    ``rank`` is the position by score, highest first, ties sharing the better (smaller) rank;
    ``band = floor(5 × (rank - 1) / n) + 1`` with ``n`` the number of scored communes, so the
    top 20 % are band 1 and the bottom 20 % band 5 (with fewer than 5 communes, or ties, some
    bands stay empty).

    Parameters
    ----------
    scores : Series
        Scores; missing ones are not ranked.

    Returns
    -------
    Series
        ``Int64`` bands, ``<NA>`` for a missing score.

    Examples
    --------
    >>> priority_bands(pd.Series([0.9, 0.9, 0.5, 0.4, 0.1, None])).tolist()
    [1, 1, 3, 4, 5, <NA>]
    """
    s = pd.to_numeric(scores, errors="coerce").astype(float)
    n = int(s.notna().sum())
    rank = s.rank(method="min", ascending=False)
    band = cast(pd.Series, np.floor(5 * (rank - 1) / max(n, 1)))  # a ufunc keeps the Series
    return (band + 1).astype("Int64")


def priority_scores(
    metrics: pd.DataFrame,
    communes_xy: pd.DataFrame,
    teams: pd.DataFrame,
    weights: Weights = DEFAULT_WEIGHTS,
    target_coverage: float = 0.8,
    today: date | None = None,
    *,
    yield_rates: Mapping[bool, float] | None = None,
    home_requests: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Score and rank the communes (see :mod:`geo.planning` for every definition).

    Parameters
    ----------
    metrics : DataFrame
        One row per commune as :func:`geo.metrics.commune_metrics` returns it (used: ``code,
        name, district_code, district_name, urban, eligible, coverage, gap, has_data,
        last_visit, days_since_visit, timed_activations`` (else ``team_activations``),
        ``officer_hours``). Coverage, gap and ``has_data`` are used as they are.
    communes_xy : DataFrame
        ``code, lat, lon`` (a point inside each commune).
    teams : DataFrame
        ``name, members, base_lat, base_lon``.
    weights : Weights
        Component weights.
    target_coverage : float, default 0.8
        Coverage target of the ``shortfall`` component.
    today : date, optional
        Recompute days since the last visit from ``last_visit``; by default
        ``metrics.days_since_visit`` is used.
    yield_rates : mapping bool -> float, optional
        Class rates from :func:`~geo.planning.rates.learn_yield`; default
        :data:`~geo.planning.params.DEFAULT_YIELD`.
    home_requests : DataFrame, optional
        Open home-visit requests per commune, ``code, open``
        (:func:`geo.planning.requests.open_requests_by_commune`); a commune without a row has
        none. Default none: the ``home_requests`` component is 0 everywhere.

    Returns
    -------
    DataFrame
        Ranked communes first (score descending, then code), then the unranked ones. Columns:
        ``code, name, district_code, district_name, urban, has_data, lat, lon, eligible, gap,
        coverage, yield_rate, days_since_visit, nearest_team``, for each component ``<c>_value``,
        ``<c>_norm``, ``<c>_weight``, then ``score, rank, band, reason``.
    """
    w = weights.as_dict()
    rates = {bool(k): float(v) for k, v in (yield_rates or DEFAULT_YIELD).items()}
    df = metrics.drop(columns=[c for c in ("lat", "lon") if c in metrics]).copy()
    df["code"] = df["code"].astype(str)
    xy = communes_xy[["code", "lat", "lon"]].copy()
    xy["code"] = xy["code"].astype(str)
    df = df.merge(xy.drop_duplicates("code"), on="code", how="left")

    def col(name: str) -> pd.Series:
        if name in df:
            return pd.to_numeric(df[name], errors="coerce").astype(float)
        return pd.Series(np.nan, index=df.index, dtype=float)

    urban = df["urban"].fillna(False).astype(bool)
    has = df["has_data"].fillna(False).astype(bool)
    eligible, gap, coverage = col("eligible"), col("gap").clip(lower=0), col("coverage")
    # the commune's own rate: activations of its timed visits over their officer-hours
    num = "timed_activations" if "timed_activations" in df else "team_activations"
    yield_rate = shrunk_rate(col(num), col("officer_hours"), urban.map(rates).astype(float))
    members = pd.to_numeric(teams["members"], errors="coerce").dropna() if len(teams) else None
    typical = float(np.median(members)) if members is not None and len(members) else 3.0
    window_h = urban.map(lambda u: DEFAULT_PARAMS.window_minutes(bool(u)) / 60.0)

    if today is not None and "last_visit" in df:
        last = pd.to_datetime(df["last_visit"], errors="coerce")
        days = (pd.Timestamp(today) - last).dt.days.astype(float)
    else:
        days = col("days_since_visit")
    travel, nearest = _nearest_team(teams, df[["code", "lat", "lon"]])
    open_requests = pd.Series(0.0, index=df.index)
    if home_requests is not None and len(home_requests):
        per_code = pd.to_numeric(home_requests["open"], errors="coerce").groupby(
            home_requests["code"].astype(str)
        )
        open_requests = df["code"].map(per_code.sum()).astype(float).fillna(0.0)

    out = pd.DataFrame(
        {
            "code": df["code"],
            "name": df["name"] if "name" in df else df["code"],
            "district_code": df.get("district_code"),
            "district_name": df.get("district_name"),
            "urban": urban,
            "has_data": has,
            "lat": df["lat"].astype(float),
            "lon": df["lon"].astype(float),
            "eligible": eligible,
            "gap": gap,
            "coverage": coverage,
            "yield_rate": yield_rate,
            "days_since_visit": days,
            "nearest_team": nearest,
        }
    )
    values: dict[str, pd.Series] = {
        "gap": gap,
        "shortfall": (target_coverage - coverage).clip(lower=0),
        "staleness": days.clip(upper=STALE_CAP_DAYS).fillna(STALE_CAP_DAYS),
        # np.minimum of two Series is a Series (NaN where either is NaN)
        "yield": cast(pd.Series, np.minimum(yield_rate * typical * window_h, gap)),
        "travel": travel.round(1),
        "home_requests": open_requests,
    }
    score = pd.Series(0.0, index=df.index)
    for k in COMPONENTS:
        norm = _minmax(values[k][has], reverse=(k == "travel")).reindex(df.index)
        out[f"{k}_value"] = values[k]
        out[f"{k}_norm"] = norm.where(has)
        out[f"{k}_weight"] = w[k]
        score = score + w[k] * norm.fillna(0.0)
    score = (score / sum(w.values())).round(12).where(has)
    out["score"] = score
    out["rank"] = score.rank(method="min", ascending=False).astype("Int64")
    out["band"] = priority_bands(score)
    out["reason"] = [
        _reason(row, w, target_coverage) if ok else _(NO_DATA_REASON)
        for ok, (_i, row) in zip(has, out.iterrows(), strict=True)
    ]
    out["_k"] = (~has).astype(int)
    out = out.sort_values(["_k", "score", "code"], ascending=[True, False, True], kind="stable")
    return out.drop(columns="_k").reset_index(drop=True)


def with_recent_effort(scores: pd.DataFrame, recent: pd.DataFrame) -> pd.DataFrame:
    """Add the officer-hours of the days before the horizon as ``recent_effort``.

    The schedule counts them as effort already spent (diminishing returns start there).

    Parameters
    ----------
    scores : DataFrame
        :func:`priority_scores` output (``code``).
    recent : DataFrame
        :func:`geo.metrics.commune_metrics` of the days before the horizon (``code,
        officer_hours``).

    Returns
    -------
    DataFrame
        A copy of ``scores`` with ``recent_effort`` (0 where unknown).

    Examples
    --------
    >>> s = pd.DataFrame({"code": ["1", "2"]})
    >>> r = pd.DataFrame({"code": [1], "officer_hours": [6.5]})
    >>> with_recent_effort(s, r)["recent_effort"].tolist()
    [6.5, 0.0]
    """
    effort = dict(zip(recent["code"].astype(str), recent["officer_hours"], strict=True))
    out = scores.copy()
    out["recent_effort"] = out["code"].astype(str).map(effort).astype(float).fillna(0.0)
    return out
