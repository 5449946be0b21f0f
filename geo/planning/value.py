"""The planning model's value of effort: the communes that may be visited, diminishing returns.

Definitions in the docstring of :mod:`geo.planning`, section *Schedule model*: the ``k``-th
block of :meth:`~geo.planning.params.PlanParams.block_hours` officer-hours in a commune yields
``rate × r^k`` per officer-hour, counted from the commune's ``recent_effort``, and the total is
capped by the gap.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.planning.params import DEFAULT_PARAMS, PlanParams

__all__ = ["effort_value", "prepare_candidates"]


def prepare_candidates(
    candidates: pd.DataFrame, params: PlanParams = DEFAULT_PARAMS
) -> pd.DataFrame:
    """Keep the communes a schedule may visit, with the model's columns.

    Rows without data (``has_data`` false), without a positive gap or without a positive
    ``yield_rate`` are left out, as are repeated codes (the first row is kept).

    Parameters
    ----------
    candidates : DataFrame
        ``code, urban, gap, yield_rate``; optional ``name, has_data, recent_effort, reason``
        (the output of :func:`geo.planning.priority.priority_scores` fits).
    params : PlanParams
        Model parameters (``pair_gap_factor``, ``evening_officer_hours``).

    Returns
    -------
    DataFrame
        The kept rows, renumbered, with ``code`` (str), ``name``, ``urban`` (bool), ``gap``,
        ``rate`` (= ``yield_rate``), ``h0`` (= ``recent_effort``, else 0), ``reason`` (None when
        absent) and ``cap`` (2 teams per evening when the gap is at least ``pair_gap_factor``
        typical team-evenings, else 1), besides the other columns.

    Examples
    --------
    >>> c = pd.DataFrame({"code": [1, 2, 3], "urban": [True, False, False],
    ...                   "gap": [90.0, 0.0, 5000.0], "yield_rate": [2.0, 2.0, 2.0]})
    >>> prepare_candidates(c)[["code", "gap", "rate", "h0", "cap"]]
      code     gap  rate   h0  cap
    0    1    90.0   2.0  0.0    1
    1    3  5000.0   2.0  0.0    2
    """
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


def effort_value(
    rate: float, gap: float, h0: float, h: float, params: PlanParams = DEFAULT_PARAMS
) -> float:
    """Return the expected activations of ``h`` officer-hours after ``h0`` already spent.

    Parameters
    ----------
    rate : float
        Activations per officer-hour of the commune.
    gap : float
        People not yet activated (the cap of the total, and the block length).
    h0 : float
        Officer-hours already spent there (recent effort, earlier evenings of the plan).
    h : float
        Officer-hours added.
    params : PlanParams
        ``repeat_factor`` and the block length.

    Returns
    -------
    float
        ``Σ_k rate × r^k × (overlap of [h0, h0 + h] with block k)``, capped by the gap.

    Examples
    --------
    >>> effort_value(2.0, 1000.0, 0.0, 16.0)  # 8 h at 2/h + 8 h at 0,7 × 2/h
    27.2
    >>> effort_value(2.0, 10.0, 0.0, 16.0)
    10.0
    """
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
