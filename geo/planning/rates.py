"""Activations per officer-hour: learned per class (urban / rural), shrunk towards a prior.

Officer-hours are those of :func:`geo.metrics.commune_metrics` (members of the visit's team ×
(end − start); visits without both times, with ``end <= start`` or with a team of unknown size
count neither their hours nor their activations), so the rates here and the
``activations_per_officer_hour`` of the maps are one definition.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from geo.metrics import commune_metrics
from geo.planning.params import DEFAULT_YIELD, PRIOR_OFFICER_HOURS

__all__ = ["learn_yield", "shrunk_rate"]

#: Every visit is put on this day for :func:`learn_yield`: the rate does not depend on dates.
_ONE_DAY = date(2000, 1, 1)


def shrunk_rate(
    activations: pd.Series,
    officer_hours: pd.Series,
    prior: pd.Series | float,
    prior_hours: float = PRIOR_OFFICER_HOURS,
) -> pd.Series:
    """Shrink observed rates towards a prior: ``(A + prior × k) / (H + k)``.

    Parameters
    ----------
    activations : Series
        Activations ``A`` of the timed visits (missing or negative counts as 0).
    officer_hours : Series
        Their officer-hours ``H`` (missing or negative counts as 0).
    prior : Series or float
        Rate used when there are no hours, aligned with ``activations``.
    prior_hours : float, default :data:`~geo.planning.params.PRIOR_OFFICER_HOURS`
        Weight ``k`` of the prior, in officer-hours.

    Returns
    -------
    Series
        Activations per officer-hour; the prior where ``H + k`` is 0.

    Examples
    --------
    >>> shrunk_rate(pd.Series([60.0, 0.0]), pd.Series([20.0, 0.0]), 2.0).tolist()
    [2.5, 2.0]
    >>> shrunk_rate(pd.Series([40.0]), pd.Series([6.0]), 2.0, prior_hours=0.0).round(3).tolist()
    [6.667]
    """
    acts = pd.to_numeric(activations, errors="coerce").astype(float).fillna(0.0).clip(lower=0)
    hours = pd.to_numeric(officer_hours, errors="coerce").astype(float).fillna(0.0).clip(lower=0)
    base = prior if isinstance(prior, pd.Series) else pd.Series(float(prior), index=acts.index)
    denominator = hours + prior_hours
    rate = (acts + base * prior_hours) / denominator.where(denominator > 0)
    return rate.where(denominator > 0, base)


def learn_yield(
    visits: pd.DataFrame,
    communes: pd.DataFrame,
    teams: pd.DataFrame,
    *,
    prior: Mapping[bool, float] = DEFAULT_YIELD,
    prior_hours: float = PRIOR_OFFICER_HOURS,
) -> dict[bool, float]:
    """Learn the activations per officer-hour of the evening house-to-house visits, by class.

    Only ``place_type == "household"`` visits with a known ``activated`` count, in a commune of
    ``communes``, count; their officer-hours follow :func:`geo.metrics.commune_metrics`. The rate
    of a class is :func:`shrunk_rate` of its sums towards ``prior``, so with no usable visit it
    is the prior (:data:`~geo.planning.params.DEFAULT_YIELD`). Visit dates play no part.

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
    v = v[pd.to_numeric(v["activated"], errors="coerce").notna()]
    registry = pd.DataFrame(
        {"code": communes["code"].astype(str), "urban": communes["urban"].astype(bool)}
    ).drop_duplicates("code", keep="last")
    m = commune_metrics(registry, pd.DataFrame(), v.assign(date=_ONE_DAY), teams, today=_ONE_DAY)
    sums = m.groupby("urban")[["timed_activations", "officer_hours"]].sum()
    sums = sums.reindex(list(out), fill_value=0)
    rates = shrunk_rate(
        sums["timed_activations"], sums["officer_hours"], pd.Series(out), prior_hours
    )
    return {bool(u): float(r) for u, r in rates.items()}
