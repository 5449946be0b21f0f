"""Planner: priority scores per commune and team schedules for the coming evenings.

Two questions, two parts. *Which communes next?* :func:`priority_scores` ranks the communes
with a transparent weighted score (every component is shown with its value and weight) and a
priority band 1-5. *Which team, which evening?* :func:`build_schedule` assigns team-evenings to
communes so that the expected number of activations is as large as possible, with a mixed-integer
program solved by HiGHS (:func:`scipy.optimize.milp`), or with a simple greedy rule (the
baseline). :func:`check_schedule` lists every broken rule of a schedule (also one a user edited)
and :func:`evaluate_schedule` recomputes its expected activations.

Priority score
--------------
Five components, each a raw value per commune (shown to the user) and a normalised value in
[0, 1]:

``gap``
    people not yet activated (``metrics.gap``).
``shortfall``
    how far the activation rate is below the target, in rate points: ``max(0, target - coverage)``
    (target 80 % by default).
``staleness``
    days since the last team visit, capped at :data:`STALE_CAP_DAYS`; a commune no team has
    visited counts as the cap.
``yield``
    expected activations of one typical team-evening: ``yield_rate × median team members ×
    window hours`` (3,5 h), capped by the gap. ``yield_rate`` (activations per officer-hour) is the
    commune's own rate shrunk towards the rate of its class (urban / rural, learned by
    :func:`learn_yield`): ``(activations + class_rate × k) / (officer_hours + k)`` with
    ``k =`` :data:`PRIOR_OFFICER_HOURS`, so a commune with few visits gets its class rate.
``travel``
    one-way travel minutes from the nearest team base (smaller is better).

Normalisation is min-max over the communes that are ranked: ``(x - min) / (max - min)``
(``travel`` reversed: ``(max - x) / (max - min)``); when every commune has the same value, or the
value is unknown (no team base, no commune position), the component is 0. The score is
``Σ weight × component / Σ weight`` (in [0, 1]). Ranks are by score, highest first, ties sharing
the better rank; the band is ``floor(5 × (rank - 1) / n) + 1``, i.e. the top 20 % of the ranked
communes are priority 1 and the bottom 20 % priority 5, ties always in the same band.

Communes *without data* (``has_data`` false, or no eligible count) are not ranked: score and band
are empty and the reason is :data:`NO_DATA_REASON` ("chưa có số liệu"). They stay in the output,
after the ranked ones, so the page can list them.

The reason of a ranked commune names its two largest contributions (``weight × component``),
e.g. "Còn 4.210 người chưa kích hoạt; 23 ngày chưa có tổ đến".

Schedule model
--------------
*Travel*: haversine distance × :data:`ROAD_FACTOR` (1,3) at :data:`SPEED_KMH` (30 km/h), rounded
up to whole 5 minutes (``PlanParams.travel_round_min``). The team leaves its base at the start of
the commune's window and is back at its end: usable minutes = window length - 2 × travel (urban
18:00-21:30, rural 16:00-19:30). A commune leaving fewer than ``PlanParams.min_usable_min``
usable minutes is infeasible for that team. A team without a base position is infeasible
everywhere (the page has to ask for its base).

*Expected activations* of a team in a commune: ``yield_rate × officer-hours`` where a team-evening
gives ``members × usable hours`` officer-hours. Returns diminish with the effort spent in the
commune during the horizon (plus the optional ``recent_effort`` of the days before it): the
``k``-th block of ``PlanParams.evening_officer_hours`` officer-hours (one typical team-evening)
yields ``r^k`` of the rate (``r = 0,7``), so each repeat visit of a typical team yields ``r^k``;
in a commune with a large gap the block is longer (``× gap / repeat_gap_scale`` above 2.000
people: more hamlets, more doors not yet knocked on). The commune's total is capped by its gap.
This value is concave in the effort, so the program
needs no binary variable per repeat: continuous segment variables with decreasing slopes fill in
order. Per row, ``expected_activations`` is the increase of the commune's value in date order,
so the rows add up to :func:`evaluate_schedule`.

*Program* (exact for this model): integer ``n[t, c]`` = evenings team ``t`` spends in commune
``c``; ``Σ_c n[t, c] ≤ D`` (the evenings in the horizon, days off removed);
``Σ_t n[t, c] ≤ cap[c] × D`` with ``cap[c] = 2`` when the gap is at least
``PlanParams.pair_gap_factor`` (6 = two teams × three evenings) typical team-evenings, else 1;
effort and segment constraints as above; maximise the expected activations (minus a tiny cost
per visit, so visits that add nothing are left out). Dates do not change this value, so they are
given afterwards: the multigraph teams-communes (a commune with ``cap = 2`` split in two copies)
has degree ≤ D, hence by König's theorem its edges can be coloured with D colours, one colour
per evening; a colour class is one evening's assignments (one commune per team, at most ``cap``
teams per commune). Evening ``i`` gets colour ``i``.

*Greedy baseline*: evening by evening, team by team (input order), take the feasible commune
with the largest marginal expected activations.

Agencies, businesses and schools are visited in working hours by arrangement; they are not part
of the optimiser (their times are not ours to choose): the schedule covers the evening house-to-
house visits only, and :func:`learn_yield` learns from household visits only.
"""

from __future__ import annotations

import math
import time as _time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

import numpy as np
import pandas as pd
from scipy import optimize, sparse

from geo.fmt import format_date, format_int, format_percent, is_missing

__all__ = [
    "COMPONENTS",
    "DEFAULT_YIELD",
    "NO_DATA_REASON",
    "PRIOR_OFFICER_HOURS",
    "ROAD_FACTOR",
    "RURAL_WINDOW",
    "SCHEDULE_COLUMNS",
    "SPEED_KMH",
    "STALE_CAP_DAYS",
    "URBAN_WINDOW",
    "PlanParams",
    "Weights",
    "build_schedule",
    "check_schedule",
    "evaluate_schedule",
    "haversine_km",
    "learn_yield",
    "plan_dates",
    "priority_bands",
    "priority_scores",
    "schedule_from_assignments",
    "travel_matrix",
]

#: Road distance / straight-line distance.
ROAD_FACTOR = 1.3
#: Average speed of a team on the road (motorbike / car on commune roads), km/h.
SPEED_KMH = 30.0
_EARTH_RADIUS_KM = 6371.0088
#: Evening windows (article): urban wards and townships, rural communes.
URBAN_WINDOW = ("18:00", "21:30")
RURAL_WINDOW = ("16:00", "19:30")
#: Activations per officer-hour when nothing has been learned (urban -> rate). Assumption: the
#: 2023 pilot gives about 2 (1.923 activations, 13 officers, ~25 evenings of ~3 h).
DEFAULT_YIELD: Mapping[bool, float] = {True: 2.0, False: 2.0}
#: Weight of the prior rate, in officer-hours (shrinkage towards the class rate / the default).
PRIOR_OFFICER_HOURS = 20.0
#: Days since the last visit are capped here; "never visited" counts as the cap.
STALE_CAP_DAYS = 60
#: Reason of a commune that is not ranked.
NO_DATA_REASON = "chưa có số liệu"
#: Score components in display order (the weight of ``yield`` is ``Weights.yield_``).
COMPONENTS = ("gap", "shortfall", "staleness", "yield", "travel")
SCHEDULE_COLUMNS = [
    "date",
    "team",
    "code",
    "name",
    "members",
    "window_start",
    "window_end",
    "travel_min",
    "usable_min",
    "expected_activations",
    "reason",
]
_EPS_VISIT = 1e-3  # cost of one visit in the objective (activations), breaks ties, drops waste


@dataclass(frozen=True)
class Weights:
    """Weights of the score components (any non-negative numbers with a positive sum)."""

    gap: float = 0.35
    shortfall: float = 0.25
    staleness: float = 0.15
    yield_: float = 0.15
    travel: float = 0.10

    def as_dict(self) -> dict[str, float]:
        """``{component: weight}`` in :data:`COMPONENTS` order.

        Examples
        --------
        >>> Weights().as_dict()["yield"]
        0.15
        """
        w = {
            "gap": self.gap,
            "shortfall": self.shortfall,
            "staleness": self.staleness,
            "yield": self.yield_,
            "travel": self.travel,
        }
        if any(not math.isfinite(v) or v < 0 for v in w.values()) or sum(w.values()) <= 0:
            raise ValueError("weights must be non-negative with a positive sum")
        return w


@dataclass(frozen=True)
class PlanParams:
    """Parameters of the schedule model (see the module docstring).

    Attributes
    ----------
    repeat_factor : float
        ``r``: the k-th typical team-evening in a commune within the horizon yields ``r^k``.
    evening_officer_hours : float
        Officer-hours of one typical team-evening (3 officers × ~2,7 usable hours).
    repeat_gap_scale : float or None
        Large communes have more hamlets to go to: the block grows with the gap,
        ``evening_officer_hours × max(1, gap / repeat_gap_scale)`` (2.000: a commune with 6.000
        people to reach takes three typical team-evenings before a repeat yields less). ``None``
        keeps one block per typical team-evening everywhere.
    pair_gap_factor : float
        Two teams may share a commune on one evening when ``gap ≥ factor × yield_rate ×
        evening_officer_hours`` (6 = two teams for three evenings).
    min_usable_min : float
        Fewer usable minutes than this after travel: the commune is infeasible for the team.
    travel_round_min : int
        One-way travel is rounded up to a multiple of this many minutes.
    urban_window, rural_window : tuple of str
        ``("HH:MM", "HH:MM")`` evening windows.
    """

    repeat_factor: float = 0.7
    evening_officer_hours: float = 8.0
    pair_gap_factor: float = 6.0
    min_usable_min: float = 30.0
    travel_round_min: int = 5
    repeat_gap_scale: float | None = 2000.0
    urban_window: tuple[str, str] = field(default=URBAN_WINDOW)
    rural_window: tuple[str, str] = field(default=RURAL_WINDOW)

    def block_hours(self, gap: float) -> float:
        """Officer-hours of one diminishing-returns block in a commune with this gap.

        Examples
        --------
        >>> PlanParams().block_hours(1000), PlanParams().block_hours(6000)
        (8.0, 24.0)
        >>> PlanParams(repeat_gap_scale=None).block_hours(6000)
        8.0
        """
        if not self.repeat_gap_scale:
            return self.evening_officer_hours
        return self.evening_officer_hours * max(1.0, float(gap) / self.repeat_gap_scale)

    def window(self, urban: bool) -> tuple[int, int]:
        """Window of a commune in minutes after midnight.

        Examples
        --------
        >>> PlanParams().window(True)
        (1080, 1290)
        """
        a, b = self.urban_window if urban else self.rural_window
        return _minutes(a), _minutes(b)


# --------------------------------------------------------------------------- small helpers


def _minutes(hhmm: str) -> int:
    hh, _, mm = str(hhmm).strip().partition(":")
    return int(hh) * 60 + int(mm or 0)


def _hhmm(minutes: float) -> str:
    m = round(minutes)
    return f"{m // 60:02d}:{m % 60:02d}"


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


def haversine_km(lat1: object, lon1: object, lat2: object, lon2: object) -> np.ndarray:
    """Great-circle distance in km (broadcasting arrays of degrees).

    Examples
    --------
    >>> round(float(haversine_km(20.5370, 105.9180, 20.4890, 106.0310)), 2)
    12.92
    """
    p1, p2 = np.radians(np.asarray(lat1, float)), np.radians(np.asarray(lat2, float))
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2, float) - np.asarray(lon1, float))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def travel_matrix(
    teams: pd.DataFrame, communes: pd.DataFrame, *, round_to: int | None = None
) -> pd.DataFrame:
    """One-way travel minutes from each team base to each commune.

    Parameters
    ----------
    teams : DataFrame
        ``name, base_lat, base_lon``.
    communes : DataFrame
        ``code, lat, lon``.
    round_to : int, optional
        Round up to a multiple of this many minutes (the schedule uses 5).

    Returns
    -------
    DataFrame
        Index team names, columns commune codes; NaN where a position is missing.

    Examples
    --------
    >>> t = pd.DataFrame({"name": ["Tổ 1"], "base_lat": [20.537], "base_lon": [105.918]})
    >>> c = pd.DataFrame({"code": ["13540"], "lat": [20.489], "lon": [106.031]})
    >>> round(float(travel_matrix(t, c).iloc[0, 0]), 1)
    33.6
    >>> float(travel_matrix(t, c, round_to=5).iloc[0, 0])
    35.0
    """
    km = haversine_km(
        teams["base_lat"].to_numpy(float)[:, None],
        teams["base_lon"].to_numpy(float)[:, None],
        communes["lat"].to_numpy(float)[None, :],
        communes["lon"].to_numpy(float)[None, :],
    )
    minutes = km * ROAD_FACTOR / SPEED_KMH * 60.0
    if round_to:
        minutes = np.ceil(np.round(minutes, 6) / round_to) * round_to
    return pd.DataFrame(
        minutes,
        index=teams["name"].astype(str).to_list(),
        columns=communes["code"].astype(str).to_list(),
    )


# --------------------------------------------------------------------------- yield


def _hours(start: object, end: object) -> float:
    if is_missing(start) or is_missing(end):
        return float("nan")
    try:
        return (_minutes(str(end)) - _minutes(str(start))) / 60.0
    except ValueError:
        return float("nan")


def learn_yield(
    visits: pd.DataFrame,
    communes: pd.DataFrame,
    teams: pd.DataFrame,
    *,
    prior: Mapping[bool, float] = DEFAULT_YIELD,
    prior_hours: float = PRIOR_OFFICER_HOURS,
) -> dict[bool, float]:
    """Activations per officer-hour of the evening house-to-house visits, urban vs rural.

    Only ``place_type == "household"`` visits with a start, an end after the start and a team
    of known ``members`` count. Officer-hours of a visit = members × (end - start). The rate is
    shrunk towards ``prior``: ``(Σ activated + prior × prior_hours) / (Σ officer-hours +
    prior_hours)``, so with no usable visit it is the prior (:data:`DEFAULT_YIELD`).

    Parameters
    ----------
    visits : DataFrame
        ``team, code, place_type, start, end, activated`` (the ingest visit columns).
    communes : DataFrame
        ``code, urban``.
    teams : DataFrame
        ``name, members``.
    prior : mapping bool -> float
        Rate used when there is no data, urban (True) / rural (False).
    prior_hours : float
        Weight of the prior, in officer-hours.

    Returns
    -------
    dict
        ``{True: urban rate, False: rural rate}``.

    Examples
    --------
    >>> v = pd.DataFrame({"team": ["Tổ 1"], "code": ["1"], "place_type": ["household"],
    ...                   "start": ["18:00"], "end": ["21:00"], "activated": [40]})
    >>> c = pd.DataFrame({"code": ["1"], "urban": [True]})
    >>> t = pd.DataFrame({"name": ["Tổ 1"], "members": [2]})
    >>> learn_yield(v, c, t, prior_hours=0.0)[True], learn_yield(v, c, t)[False]
    (6.666666666666667, 2.0)
    """
    out = {bool(k): float(v) for k, v in prior.items()}
    if visits is None or visits.empty:
        return out
    v = visits[visits["place_type"].astype(str) == "household"]
    urban = dict(zip(communes["code"].astype(str), communes["urban"].astype(bool), strict=False))
    members = dict(zip(teams["name"].astype(str), pd.to_numeric(teams["members"]), strict=False))
    hours = np.array([_hours(s, e) for s, e in zip(v["start"], v["end"], strict=True)], float)
    mem = v["team"].astype(str).map(members).to_numpy(float, na_value=np.nan)
    act = pd.to_numeric(v["activated"]).to_numpy(float, na_value=np.nan)
    cls = v["code"].astype(str).map(urban)
    ok = (hours > 0) & (mem > 0) & np.isfinite(act) & cls.notna().to_numpy()
    for u in (True, False):
        sel = ok & (cls == u).to_numpy()
        oh = float((mem[sel] * hours[sel]).sum())
        acts = float(act[sel].sum())
        if oh + prior_hours > 0:
            out[u] = (acts + out[u] * prior_hours) / (oh + prior_hours)
    return out


# --------------------------------------------------------------------------- priority


def _minmax(x: pd.Series, reverse: bool = False) -> pd.Series:
    """Min-max to [0, 1]; constant or missing values give 0."""
    lo, hi = x.min(skipna=True), x.max(skipna=True)
    if is_missing(lo) or is_missing(hi) or hi - lo <= 1e-12:
        return pd.Series(0.0, index=x.index)
    z = (hi - x) / (hi - lo) if reverse else (x - lo) / (hi - lo)
    return z.fillna(0.0).clip(0.0, 1.0)


def _phrase(component: str, row: pd.Series, target: float) -> str:
    if component == "gap":
        return f"còn {format_int(row['gap_value'])} người chưa kích hoạt"
    if component == "shortfall":
        return (
            f"tỷ lệ kích hoạt {format_percent(row['coverage'])}, "
            f"mục tiêu {format_percent(target, trim=True)}"
        )
    if component == "staleness":
        if is_missing(row["days_since_visit"]):
            return "chưa có tổ nào đến"
        return f"{format_int(row['days_since_visit'])} ngày chưa có tổ đến"
    if component == "yield":
        return f"dự kiến {format_int(row['yield_value'])} người kích hoạt mỗi buổi"
    return f"gần {row['nearest_team']} ({format_int(row['travel_value'])} phút đi đường)"


def _reason(row: pd.Series, weights: Mapping[str, float], target: float) -> str:
    contrib = [(weights[k] * row[f"{k}_norm"], i, k) for i, k in enumerate(COMPONENTS)]
    top = [k for c, _, k in sorted(contrib, key=lambda x: (-x[0], x[1])) if c > 0][:2] or ["gap"]
    text = "; ".join(_phrase(k, row, target) for k in top)
    return text[:1].upper() + text[1:]


def priority_bands(scores: pd.Series) -> pd.Series:
    """Priority bands 1-5 from scores (higher score = higher priority = smaller band).

    ``rank`` is the position by score, highest first, ties sharing the better (smaller) rank;
    ``band = floor(5 × (rank - 1) / n) + 1`` with ``n`` the number of scored communes, so the
    top 20 % are band 1 and the bottom 20 % band 5 (with fewer than 5 communes, or ties, some
    bands stay empty). Missing scores give ``<NA>``.

    Examples
    --------
    >>> priority_bands(pd.Series([0.9, 0.9, 0.5, 0.4, 0.1, None])).tolist()
    [1, 1, 3, 4, 5, <NA>]
    """
    s = pd.to_numeric(scores, errors="coerce").astype(float)
    n = int(s.notna().sum())
    rank = s.rank(method="min", ascending=False)
    return (np.floor(5 * (rank - 1) / max(n, 1)) + 1).astype("Int64")


def priority_scores(
    metrics: pd.DataFrame,
    communes_xy: pd.DataFrame,
    teams: pd.DataFrame,
    weights: Weights = Weights(),
    target_coverage: float = 0.8,
    today: date | None = None,
    *,
    yield_rates: Mapping[bool, float] | None = None,
) -> pd.DataFrame:
    """Score and rank the communes (see the module docstring for every definition).

    Parameters
    ----------
    metrics : DataFrame
        One row per commune as :func:`geo.metrics.coverage.commune_metrics` returns it (used:
        ``code, name, district_name, urban, eligible, activated, coverage, gap, last_visit,
        days_since_visit, team_activations (or timed_activations when present), officer_hours,
        has_data``).
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
        Class rates from :func:`learn_yield`; default :data:`DEFAULT_YIELD`.

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
    n = len(df)

    def col(name: str, default: object = np.nan) -> pd.Series:
        if name in df:
            return pd.to_numeric(df[name], errors="coerce").astype(float)
        return pd.Series(default, index=df.index, dtype=float)

    urban = df["urban"].fillna(False).astype(bool)
    eligible, gap = col("eligible"), col("gap").clip(lower=0)
    has = df["has_data"].fillna(False).astype(bool) if "has_data" in df else eligible.notna()
    has &= (eligible > 0).fillna(False) & gap.notna()
    coverage = col("coverage")
    if coverage.isna().all() and "activated" in df:
        coverage = col("activated") / eligible

    class_rate = urban.map(rates).astype(float)
    # numerator of the per-commune rate: activations of the timed visits when coverage gives them
    num = "timed_activations" if "timed_activations" in df else "team_activations"
    acts, oh = col(num).fillna(0).clip(lower=0), col("officer_hours").fillna(0)
    yield_rate = (acts + class_rate * PRIOR_OFFICER_HOURS) / (
        oh.clip(lower=0) + PRIOR_OFFICER_HOURS
    )
    members = pd.to_numeric(teams["members"], errors="coerce").dropna() if len(teams) else []
    typical = float(np.median(members)) if len(members) else 3.0
    p = PlanParams()
    window_h = urban.map(lambda u: (p.window(bool(u))[1] - p.window(bool(u))[0]) / 60.0)

    if today is not None and "last_visit" in df:
        last = pd.to_datetime(df["last_visit"], errors="coerce")
        days = (pd.Timestamp(today) - last).dt.days.astype(float)
    else:
        days = col("days_since_visit")

    based = teams.dropna(subset=["base_lat", "base_lon"]) if len(teams) else teams
    travel = pd.Series(np.nan, index=df.index)
    nearest = pd.Series(None, index=df.index, dtype=object)
    if len(based) and n:
        tm = travel_matrix(based, df[["code", "lat", "lon"]]).to_numpy()
        ok = np.isfinite(tm).any(axis=0)
        if ok.any():
            idx = np.nanargmin(np.where(np.isfinite(tm), tm, np.inf), axis=0)
            travel = pd.Series(np.where(ok, tm[idx, np.arange(n)], np.nan), index=df.index)
            names = based["name"].astype(str).to_numpy()
            nearest = pd.Series(np.where(ok, names[idx], None), index=df.index, dtype=object)

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
    values = {
        "gap": gap,
        "shortfall": (target_coverage - coverage).clip(lower=0),
        "staleness": days.clip(upper=STALE_CAP_DAYS).fillna(STALE_CAP_DAYS),
        "yield": np.minimum(yield_rate * typical * window_h, gap),
        "travel": travel.round(1),
    }
    score = pd.Series(0.0, index=df.index)
    for k in COMPONENTS:
        v = values[k].where(has)
        norm = _minmax(v[has], reverse=(k == "travel")).reindex(df.index)
        out[f"{k}_value"] = values[k]
        out[f"{k}_norm"] = norm.where(has)
        out[f"{k}_weight"] = w[k]
        score = score + w[k] * norm.fillna(0.0)
    score = (score / sum(w.values())).round(12).where(has)
    out["score"] = score
    out["rank"] = score.rank(method="min", ascending=False).astype("Int64")
    out["band"] = priority_bands(score)
    out["reason"] = [
        _reason(row, w, target_coverage) if ok else NO_DATA_REASON
        for ok, (_, row) in zip(has, out.iterrows(), strict=True)
    ]
    out["_k"] = (~has).astype(int)
    out = out.sort_values(["_k", "score", "code"], ascending=[True, False, True], kind="stable")
    return out.drop(columns="_k").reset_index(drop=True)


# --------------------------------------------------------------------------- value model


def _seg_value(rate: float, gap: float, h0: float, h: float, params: PlanParams) -> float:
    """Expected activations of effort ``h`` after ``h0`` officer-hours (concave, gap-capped)."""
    if h <= 0 or gap <= 0 or rate <= 0:
        return 0.0
    blk, r = params.block_hours(gap), params.repeat_factor
    total, lo, hi = 0.0, h0, h0 + h
    k = int(lo // blk)
    while k * blk < hi:
        overlap = min(hi, (k + 1) * blk) - max(lo, k * blk)
        if overlap > 0:
            total += rate * r**k * overlap
        k += 1
    return min(total, gap)


def _segments(
    gap: float, h0: float, hmax: float, params: PlanParams, limit: int = 40
) -> list[tuple]:
    """``(length, factor)`` of the effort segments from ``h0`` to ``h0 + hmax``."""
    blk, r = params.block_hours(gap), params.repeat_factor
    segs, lo, k = [], h0, int(h0 // blk)
    while lo < h0 + hmax - 1e-9 and len(segs) < limit:
        top = (k + 1) * blk
        segs.append((top - lo, r**k))
        lo, k = top, k + 1
    if segs:
        segs[-1] = (np.inf, segs[-1][1])
    return segs


@dataclass
class _Problem:
    dates: list[date]
    cand: pd.DataFrame  # code, name, urban, gap, rate, h0, cap, reason
    teams: pd.DataFrame  # name, members
    travel: np.ndarray  # teams × communes, planning minutes (nan = unknown)
    usable: np.ndarray  # minutes (nan/neg = infeasible)
    feasible: np.ndarray  # bool
    hours: np.ndarray  # officer-hours per team-evening


def plan_dates(start: date, days: int, days_off: Iterable[object] = ()) -> list[date]:
    """Working evenings of the horizon: ``days`` dates from ``start`` minus the days off.

    ``days_off`` holds dates (``date``, timestamps, ISO strings) and/or weekdays (0 = Monday …
    6 = Sunday).

    Examples
    --------
    >>> [d.day for d in plan_dates(date(2023, 3, 13), 7, [6, date(2023, 3, 15)])]
    [13, 14, 16, 17, 18]
    """
    start = _as_date(start)
    off_days, off_dates = set(), set()
    for x in days_off:
        if isinstance(x, int | np.integer) and not isinstance(x, bool):
            off_days.add(int(x))
        else:
            off_dates.add(_as_date(x))
    out = []
    for i in range(int(days)):
        d = start + timedelta(days=i)
        if d.weekday() not in off_days and d not in off_dates:
            out.append(d)
    return out


def _candidates(candidates: pd.DataFrame, params: PlanParams) -> pd.DataFrame:
    c = candidates.copy()
    c["code"] = c["code"].astype(str)
    if "has_data" in c:
        c = c[c["has_data"].fillna(False).astype(bool)]
    c["gap"] = pd.to_numeric(c["gap"], errors="coerce").astype(float)
    c["rate"] = pd.to_numeric(c["yield_rate"], errors="coerce").astype(float)
    c = c[(c["gap"] > 0) & (c["rate"] > 0)].drop_duplicates("code").reset_index(drop=True)
    c["urban"] = c["urban"].fillna(False).astype(bool)
    c["name"] = c["name"].astype(str) if "name" in c else c["code"]
    if "recent_effort" in c:
        c["h0"] = pd.to_numeric(c["recent_effort"], errors="coerce").fillna(0.0).clip(lower=0)
    else:
        c["h0"] = 0.0
    if "reason" not in c:
        c["reason"] = None
    typical = c["rate"] * params.evening_officer_hours
    c["cap"] = np.where(c["gap"] >= params.pair_gap_factor * typical, 2, 1)
    return c


def _problem(
    candidates: pd.DataFrame, teams: pd.DataFrame, dates: list[date], params: PlanParams
) -> _Problem:
    c = _candidates(candidates, params)
    t = teams.copy().reset_index(drop=True)
    t["name"] = t["name"].astype(str)
    t["members"] = pd.to_numeric(t["members"], errors="coerce").fillna(0).astype(float)
    tm = travel_matrix(t, c, round_to=params.travel_round_min).to_numpy()
    win = np.array([params.window(u)[1] - params.window(u)[0] for u in c["urban"]], float)
    usable = win[None, :] - 2 * tm
    feasible = np.isfinite(usable) & (usable >= params.min_usable_min)
    feasible &= (t["members"].to_numpy() > 0)[:, None]
    hours = np.where(feasible, t["members"].to_numpy()[:, None] * usable / 60.0, 0.0)
    return _Problem(dates, c, t, tm, usable, feasible, hours)


def _milp_counts(pb: _Problem, params: PlanParams, time_limit: float) -> tuple[np.ndarray, dict]:
    """Integer evenings per (team, commune) from the program of the module docstring."""
    nt, nc = pb.feasible.shape
    n_days = len(pb.dates)
    ti, ci = np.nonzero(pb.feasible)
    n_pairs = len(ti)
    seg_c, seg_len, seg_slope = [], [], []
    for j in range(nc):
        row = pb.cand.iloc[j]
        hmax = int(row["cap"]) * n_days * float(pb.hours[:, j].max(initial=0.0))
        for length, factor in _segments(float(row["gap"]), float(row["h0"]), hmax, params):
            seg_c.append(j)
            seg_len.append(length)
            seg_slope.append(float(row["rate"]) * factor)
    n_segs = len(seg_c)
    seg_c_arr = np.asarray(seg_c, int)
    cost = np.concatenate(
        [_EPS_VISIT * (1 + pb.travel[ti, ci] / 1000.0), -np.asarray(seg_slope, float)]
    )
    rows, cols, vals, lo, hi = [], [], [], [], []
    r = 0
    for t in range(nt):  # team: Σ_c n ≤ n_days
        sel = np.nonzero(ti == t)[0]
        rows += [r] * len(sel)
        cols += sel.tolist()
        vals += [1.0] * len(sel)
        lo.append(-np.inf)
        hi.append(n_days)
        r += 1
    caps = pb.cand["cap"].to_numpy(int)
    gaps = pb.cand["gap"].to_numpy(float)
    for j in range(nc):
        sel = np.nonzero(ci == j)[0]
        segs = np.nonzero(seg_c_arr == j)[0]
        # commune capacity Σ_t n ≤ cap·n_days
        rows += [r] * len(sel)
        cols += sel.tolist()
        vals += [1.0] * len(sel)
        lo.append(-np.inf)
        hi.append(caps[j] * n_days)
        r += 1
        # effort: Σ s - Σ h·n ≤ 0
        rows += [r] * (len(segs) + len(sel))
        cols += (n_pairs + segs).tolist() + sel.tolist()
        vals += [1.0] * len(segs) + (-pb.hours[ti[sel], j]).tolist()
        lo.append(-np.inf)
        hi.append(0.0)
        r += 1
        # gap: Σ slope·s ≤ gap
        rows += [r] * len(segs)
        cols += (n_pairs + segs).tolist()
        vals += [seg_slope[s] for s in segs]
        lo.append(-np.inf)
        hi.append(gaps[j])
        r += 1
    mat = sparse.csr_array((vals, (rows, cols)), shape=(r, n_pairs + n_segs))
    bounds = optimize.Bounds(
        np.zeros(n_pairs + n_segs),
        np.concatenate([np.full(n_pairs, float(n_days)), np.asarray(seg_len, float)]),
    )
    integrality = np.concatenate([np.ones(n_pairs), np.zeros(n_segs)])
    t0 = _time.perf_counter()
    res = optimize.milp(
        cost,
        integrality=integrality,
        bounds=bounds,
        constraints=optimize.LinearConstraint(mat, lo, hi),
        options={"time_limit": float(time_limit), "disp": False, "mip_rel_gap": 1e-3},
    )
    info = {
        "status": int(res.status),
        "message": str(res.message),
        "seconds": _time.perf_counter() - t0,
        "variables": n_pairs + n_segs,
        "constraints": r,
    }
    counts = np.zeros((nt, nc), int)
    if res.x is None:
        info["fallback"] = "greedy"
        return counts, info
    counts[ti, ci] = np.round(res.x[:n_pairs]).astype(int)
    info["objective"] = float(-res.fun) if res.fun is not None else float("nan")
    return counts, info


def _edge_colouring(edges: list[tuple[int, int]], n_left: int, n_right: int, k: int) -> list[int]:
    """Proper colouring of a bipartite multigraph's edges with ``k ≥`` max degree colours."""
    at = np.full((n_left + n_right, k), -1, dtype=int)
    ends = [(u, n_left + v) for u, v in edges]
    colour = [-1] * len(ends)
    for e, (u, v) in enumerate(ends):
        a = int(np.argmax(at[u] < 0))
        b = int(np.argmax(at[v] < 0))
        if at[v, a] >= 0:  # flip the a/b alternating path that starts at v
            path, node, col = [], v, a
            while at[node, col] >= 0:
                f = int(at[node, col])
                path.append(f)
                x, y = ends[f]
                node = y if x == node else x
                col = b if col == a else a
            for f in path:
                x, y = ends[f]
                at[x, colour[f]] = at[y, colour[f]] = -1
            for f in path:
                colour[f] = b if colour[f] == a else a
                x, y = ends[f]
                at[x, colour[f]] = at[y, colour[f]] = f
        colour[e] = a
        at[u, a] = at[v, a] = e
    return colour


def _assign_dates(pb: _Problem, counts: np.ndarray) -> pd.DataFrame:
    """Turn evenings per (team, commune) into dated assignments (König edge colouring)."""
    n_days = len(pb.dates)
    caps = pb.cand["cap"].to_numpy(int)
    copy_index, n_right = [], 0
    for j in range(len(caps)):
        copy_index.append(n_right)
        n_right += int(caps[j])
    edges, meta = [], []
    load = np.zeros(n_right, int)
    for j in range(counts.shape[1]):
        for t in range(counts.shape[0]):
            for _ in range(int(counts[t, j])):
                copies = range(copy_index[j], copy_index[j] + int(caps[j]))
                right = min(copies, key=lambda q: (load[q], q))
                load[right] += 1
                edges.append((t, right))
                meta.append((t, j))
    colours = _edge_colouring(edges, counts.shape[0], n_right, n_days) if edges else []
    rows = [
        (pb.dates[col], pb.teams["name"].iloc[t], pb.cand["code"].iloc[j])
        for (t, j), col in zip(meta, colours, strict=True)
    ]
    return pd.DataFrame(rows, columns=["date", "team", "code"])


def _greedy(pb: _Problem, params: PlanParams) -> pd.DataFrame:
    nt, nc = pb.feasible.shape
    effort = pb.cand["h0"].to_numpy(float).copy()
    used = np.zeros(nc, float)  # effort added in the horizon
    rates, gaps = pb.cand["rate"].to_numpy(float), pb.cand["gap"].to_numpy(float)
    caps = pb.cand["cap"].to_numpy(int)
    rows = []
    for d in pb.dates:
        busy = np.zeros(nc, int)
        for t in range(nt):
            best, best_key = -1, None
            for j in np.nonzero(pb.feasible[t])[0]:
                if busy[j] >= caps[j]:
                    continue
                before = _seg_value(rates[j], gaps[j], effort[j] - used[j], used[j], params)
                after = _seg_value(
                    rates[j], gaps[j], effort[j] - used[j], used[j] + pb.hours[t, j], params
                )
                key = (-(after - before), pb.travel[t, j], pb.cand["code"].iloc[j])
                if after - before > 1e-9 and (best_key is None or key < best_key):
                    best, best_key = j, key
            if best >= 0:
                busy[best] += 1
                used[best] += pb.hours[t, best]
                effort[best] += pb.hours[t, best]
                rows.append((d, pb.teams["name"].iloc[t], pb.cand["code"].iloc[best]))
    return pd.DataFrame(rows, columns=["date", "team", "code"])


def build_schedule(
    candidates: pd.DataFrame,
    teams: pd.DataFrame,
    start: date,
    days: int,
    days_off: Iterable[object] = (),
    method: Literal["milp", "greedy"] = "milp",
    time_limit: float = 20.0,
    *,
    params: PlanParams = PlanParams(),
) -> pd.DataFrame:
    """Assign team-evenings to communes over a horizon, maximising expected activations.

    Parameters
    ----------
    candidates : DataFrame
        Communes that may be visited: ``code, urban, gap, lat, lon, yield_rate`` (activations
        per officer-hour); optional ``name``, ``reason``, ``has_data``, ``recent_effort``
        (officer-hours spent there in the days before ``start``). The output of
        :func:`priority_scores` fits. Rows without data, gap or rate are skipped.
    teams : DataFrame
        ``name, members, base_lat, base_lon``.
    start : date
        First evening of the horizon.
    days : int
        Length of the horizon in days.
    days_off : iterable
        Dates and/or weekdays (0 = Monday) without evening work (see :func:`plan_dates`).
    method : {"milp", "greedy"}
        HiGHS mixed-integer program, or the greedy baseline.
    time_limit : float
        Solver time limit in seconds (the best solution found so far is used).
    params : PlanParams
        Model parameters.

    Returns
    -------
    DataFrame
        :data:`SCHEDULE_COLUMNS`, sorted by date and team. ``attrs["solver"]`` holds the method,
        status, seconds and size of the program.
    """
    dates = plan_dates(start, days, days_off)
    pb = _problem(candidates, teams, dates, params)
    info: dict = {"method": method}
    t0 = _time.perf_counter()
    if not dates or not pb.feasible.any():
        assign = pd.DataFrame(columns=["date", "team", "code"])
    elif method == "milp":
        counts, extra = _milp_counts(pb, params, time_limit)
        info.update(extra)
        assign = _greedy(pb, params) if "fallback" in extra else _assign_dates(pb, counts)
    elif method == "greedy":
        assign = _greedy(pb, params)
    else:
        raise ValueError(f"unknown method {method!r}")
    info["seconds_total"] = _time.perf_counter() - t0
    out = schedule_from_assignments(assign, candidates, teams, params=params)
    out.attrs["solver"] = info
    return out


def schedule_from_assignments(
    assignments: pd.DataFrame,
    candidates: pd.DataFrame,
    teams: pd.DataFrame,
    *,
    params: PlanParams = PlanParams(),
) -> pd.DataFrame:
    """Complete ``date, team, code`` rows into schedule rows (windows, travel, expectation).

    Used by :func:`build_schedule`, by the baselines of :mod:`geo.planning.simulate` and by the page after
    a user edits an assignment. Rows whose team or commune is unknown, or whose commune is out
    of reach, get ``NaN`` numbers and a reason saying so (:func:`check_schedule` lists them).

    Returns
    -------
    DataFrame
        :data:`SCHEDULE_COLUMNS`, sorted by date, team, code.
    """
    c = _candidates(candidates, params).set_index("code")
    t = teams.copy()
    t["name"] = t["name"].astype(str)
    t = t.drop_duplicates("name").set_index("name")
    a = assignments[["date", "team", "code"]].copy()
    a["date"] = pd.to_datetime(a["date"]).astype("datetime64[ns]")
    a["team"], a["code"] = a["team"].astype(str), a["code"].astype(str)
    a = a.sort_values(["date", "team", "code"], kind="stable").reset_index(drop=True)
    effort = {k: float(v) for k, v in c["h0"].items()}
    base_effort = dict(effort)
    visit_no: dict[str, int] = {}
    out = []
    for row in a.itertuples(index=False):
        known = row.code in c.index and row.team in t.index
        name = c.at[row.code, "name"] if row.code in c.index else row.code
        rec = {
            "date": row.date,
            "team": row.team,
            "code": row.code,
            "name": name,
            "members": np.nan,
            "window_start": None,
            "window_end": None,
            "travel_min": np.nan,
            "usable_min": np.nan,
            "expected_activations": np.nan,
            "reason": "không có trong danh sách xã hoặc tổ",
        }
        if known:
            cr, tr = c.loc[row.code], t.loc[row.team]
            members = float(pd.to_numeric(tr["members"], errors="coerce"))
            travel = travel_matrix(
                pd.DataFrame([{"name": row.team, **tr[["base_lat", "base_lon"]].to_dict()}]),
                pd.DataFrame([{"code": row.code, "lat": cr["lat"], "lon": cr["lon"]}]),
                round_to=params.travel_round_min,
            ).iloc[0, 0]
            w0, w1 = params.window(bool(cr["urban"]))
            usable = (w1 - w0) - 2 * travel
            rec["members"] = members
            rec["travel_min"] = travel
            rec["usable_min"] = usable
            if np.isfinite(usable) and usable > 0:
                rec["window_start"] = _hhmm(w0 + travel)
                rec["window_end"] = _hhmm(w1 - travel)
            if np.isfinite(usable) and usable >= params.min_usable_min and members > 0:
                h = members * usable / 60.0
                h0 = base_effort[row.code]
                done = effort[row.code] - h0
                gain = _seg_value(cr["rate"], cr["gap"], h0, done + h, params) - _seg_value(
                    cr["rate"], cr["gap"], h0, done, params
                )
                effort[row.code] += h
                visit_no[row.code] = visit_no.get(row.code, 0) + 1
                rec["expected_activations"] = gain
                base = cr["reason"]
                if is_missing(base) or not str(base) or str(base) == NO_DATA_REASON:
                    base = f"Còn {format_int(cr['gap'])} người chưa kích hoạt"
                k = visit_no[row.code]
                rec["reason"] = f"{base}; lần {k} trong kỳ" if k > 1 else str(base)
            else:
                rec["reason"] = "quá xa trụ sở tổ, không đủ thời gian làm việc"
        out.append(rec)
    df = pd.DataFrame(out, columns=SCHEDULE_COLUMNS)
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
    for k in ("members", "travel_min", "usable_min", "expected_activations"):
        df[k] = df[k].astype(float)
    return df


def evaluate_schedule(
    schedule: pd.DataFrame,
    candidates: pd.DataFrame,
    *,
    params: PlanParams = PlanParams(),
) -> float:
    """Expected activations of a schedule under the planning model (order-independent).

    Effort per commune = Σ ``members × usable_min / 60`` of its rows (rows with fewer usable
    minutes than ``params.min_usable_min`` add nothing); the value is the concave, gap-capped
    function of the module docstring. Equals the sum of ``expected_activations``.

    Examples
    --------
    >>> cand = pd.DataFrame({"code": ["1"], "urban": [True], "gap": [1000.0],
    ...                      "lat": [20.5], "lon": [105.9], "yield_rate": [2.0]})
    >>> s = pd.DataFrame({"code": ["1", "1"], "members": [2.0, 2.0], "usable_min": [240, 240]})
    >>> round(evaluate_schedule(s, cand), 6)  # 8 h at 2/h + 8 h at 0,7 × 2/h
    27.2
    """
    c = _candidates(candidates, params).set_index("code")
    if schedule.empty:
        return 0.0
    s = schedule.copy()
    s["code"] = s["code"].astype(str)
    usable = pd.to_numeric(s["usable_min"], errors="coerce")
    ok = (usable >= params.min_usable_min) & s["code"].isin(c.index)
    s["h"] = (pd.to_numeric(s["members"], errors="coerce") * usable / 60.0).where(ok, 0.0)
    total = 0.0
    for code, h in s.groupby("code")["h"].sum().items():
        if code in c.index:
            cr = c.loc[code]
            total += _seg_value(cr["rate"], cr["gap"], cr["h0"], float(h), params)
    return float(total)


def check_schedule(
    schedule: pd.DataFrame,
    candidates: pd.DataFrame,
    teams: pd.DataFrame,
    days_off: Iterable[object] = (),
    *,
    params: PlanParams = PlanParams(),
) -> list[str]:
    """Every broken rule of a schedule, one Vietnamese sentence each (empty list = valid).

    Rules: the team and the commune are known; a team has at most one commune per evening; the
    commune is within reach (usable minutes ≥ ``params.min_usable_min``); the announced window
    fits the commune's window minus travel; at most two teams in a commune on one evening, and two
    only when its gap allows (``pair_gap_factor``); nothing on a day off.

    Parameters
    ----------
    schedule : DataFrame
        ``date, team, code`` and optionally ``window_start, window_end``.
    candidates, teams : DataFrame
        As for :func:`build_schedule`.
    days_off : iterable
        Dates and/or weekdays without evening work.
    params : PlanParams
        Model parameters.
    """
    problems: list[str] = []
    if schedule.empty:
        return problems
    c = _candidates(candidates, params).set_index("code")
    allc = candidates.copy()
    allc["code"] = allc["code"].astype(str)
    names = dict(zip(allc["code"], allc["name"] if "name" in allc else allc["code"], strict=True))
    t = teams.copy()
    t["name"] = t["name"].astype(str)
    t = t.drop_duplicates("name").set_index("name")
    s = schedule.copy()
    s["date"] = pd.to_datetime(s["date"]).dt.normalize()
    s["team"], s["code"] = s["team"].astype(str), s["code"].astype(str)
    s = s.sort_values(["date", "team", "code"], kind="stable")
    off_weekdays = {
        int(x) for x in days_off if isinstance(x, int | np.integer) and not isinstance(x, bool)
    }
    off_dates = {
        _as_date(x)
        for x in days_off
        if not (isinstance(x, int | np.integer) and not isinstance(x, bool))
    }
    for row in s.itertuples(index=False):
        day = format_date(row.date)
        name = names.get(row.code, row.code)
        if row.team not in t.index:
            problems.append(f"{row.team} ({day}): không có trong danh sách tổ")
        if row.code not in c.index:
            problems.append(
                f"{name} ({day}): không có trong danh sách xã được lập lịch "
                "(chưa có số liệu hoặc đã kích hoạt hết)"
            )
        d = row.date.date()
        if d.weekday() in off_weekdays or d in off_dates:
            problems.append(f"Ngày {day} là ngày nghỉ nhưng {row.team} có lịch tại {name}")
        if row.team not in t.index or row.code not in c.index:
            continue
        cr, tr = c.loc[row.code], t.loc[row.team]
        travel = travel_matrix(
            pd.DataFrame(
                [{"name": row.team, "base_lat": tr["base_lat"], "base_lon": tr["base_lon"]}]
            ),
            pd.DataFrame([{"code": row.code, "lat": cr["lat"], "lon": cr["lon"]}]),
            round_to=params.travel_round_min,
        ).iloc[0, 0]
        w0, w1 = params.window(bool(cr["urban"]))
        usable = (w1 - w0) - 2 * travel
        if not np.isfinite(travel):
            problems.append(f"{row.team} chưa có vị trí trụ sở, không tính được đường đi")
            continue
        if usable < params.min_usable_min:
            problems.append(
                f"{row.team} không thể đến {name} ngày {day}: đi {format_int(travel)} phút mỗi "
                f"chiều, chỉ còn {format_int(max(usable, 0))} phút làm việc "
                f"(tối thiểu {format_int(params.min_usable_min)})"
            )
            continue
        ws, we = getattr(row, "window_start", None), getattr(row, "window_end", None)
        if (
            not is_missing(ws)
            and not is_missing(we)
            and (
                _minutes(str(ws)) < w0 + travel
                or _minutes(str(we)) > w1 - travel
                or _minutes(str(ws)) >= _minutes(str(we))
            )
        ):
            problems.append(
                f"Khung giờ {ws}-{we} của {row.team} tại {name} ngày {day} không nằm trong "
                f"{_hhmm(w0 + travel)}-{_hhmm(w1 - travel)} (khung giờ {_hhmm(w0)}-"
                f"{_hhmm(w1)} trừ {format_int(travel)} phút đi đường mỗi chiều)"
            )
    for (d, team), g in s.groupby(["date", "team"], sort=True):
        if len(g) > 1:
            places = ", ".join(names.get(x, x) for x in g["code"])
            problems.append(
                f"{team} có {len(g)} lịch trong ngày {format_date(d)} ({places}); "
                "mỗi tổ chỉ một xã mỗi buổi"
            )
    for (d, code), g in s.groupby(["date", "code"], sort=True):
        n = g["team"].nunique()
        if n <= 1 or code not in c.index:
            continue
        name = names.get(code, code)
        if n > 2:
            problems.append(f"{name} ngày {format_date(d)} có {n} tổ; tối đa 2 tổ mỗi buổi")
        elif int(c.at[code, "cap"]) < 2:
            need = params.pair_gap_factor * c.at[code, "rate"] * params.evening_officer_hours
            problems.append(
                f"{name} ngày {format_date(d)} có 2 tổ nhưng chỉ còn "
                f"{format_int(c.at[code, 'gap'])} người chưa kích hoạt "
                f"(cần ít nhất {format_int(need)} cho 2 tổ)"
            )
    return problems
