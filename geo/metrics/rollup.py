"""District and province figures: the commune metrics summed, ratios from the sums.

Every district or province total shown anywhere (map panel, progress cards, league table,
meeting pack) is a row of :func:`rollup`, so it agrees with the commune rows it is made of.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from geo.i18n import N_, _
from geo.metrics._arrays import as_float, int_col

__all__ = ["PROVINCE_CODE", "PROVINCE_NAME", "ROLLUP_COLUMNS", "province_row", "rollup"]

#: Columns of :func:`rollup`.
ROLLUP_COLUMNS = [
    "code",
    "name",
    "communes",
    "communes_with_data",
    "communes_without_data",
    "eligible",
    "quota",
    "activated",
    "coverage",
    "gap",
    "quota_progress",
    "visits",
    "team_activations",
    "last_visit",
    "days_since_visit",
    "officer_hours",
    "timed_activations",
    "activations_per_officer_hour",
    "has_data",
]
PROVINCE_CODE = "all"
#: Name of the province row (a catalog id; :func:`rollup` writes it in the language in use).
PROVINCE_NAME = N_("Toàn tỉnh")

_SUMS = (
    *("communes", "communes_with_data", "eligible", "activated", "gap", "quota"),
    *("activated_q", "visits", "team_activations"),
)
_COUNTS = (
    *("communes", "communes_with_data", "communes_without_data", "eligible", "quota"),
    *("activated", "gap", "visits", "team_activations", "timed_activations", "days_since_visit"),
)


def _work(m: pd.DataFrame) -> pd.DataFrame:
    # the per-commune numbers to sum: official columns only where they count
    hd = m["has_data"].to_numpy(dtype=bool)
    qp = m["quota_progress"].notna().to_numpy()

    def num(col: str) -> np.ndarray:
        return as_float(m.get(col), len(m))

    act = num("activated")
    return pd.DataFrame(
        {
            "communes": np.ones(len(m)),
            "communes_with_data": hd.astype(float),
            "eligible": np.where(hd, num("eligible"), 0.0),
            "activated": np.where(hd, act, 0.0),
            "gap": np.where(hd, num("gap"), 0.0),
            "quota": np.where(qp, num("quota"), 0.0),
            "activated_q": np.where(qp, act, 0.0),
            "visits": np.nan_to_num(num("visits")),
            "team_activations": np.nan_to_num(num("team_activations")),
            "officer_hours": num("officer_hours"),
            "timed_activations": num("timed_activations"),
            "days_since_visit": num("days_since_visit"),
            "last_visit": pd.to_datetime(m["last_visit"]).to_numpy(),
        }
    )


def rollup(metrics: pd.DataFrame, by: Literal["district", "province"]) -> pd.DataFrame:
    """Sum commune metrics per district or for the whole province; ratios from the sums.

    Notes
    -----
    * ``eligible``, ``activated`` and ``gap`` are summed over the communes **with data** only
      (``has_data``), so ``coverage = activated / eligible`` holds on every row and a commune
      without data is left out of both the numerator and the denominator.
    * ``gap`` is the sum of the commune gaps (an over-achieving commune does not reduce
      another's gap), so it can exceed ``eligible − activated``.
    * ``quota`` and ``quota_progress`` use the communes whose own ``quota_progress`` is known.
    * Visit columns are summed over all communes; ``activations_per_officer_hour =
      timed_activations / officer_hours``; ``last_visit`` is the latest, ``days_since_visit``
      the smallest.
    * ``communes``, ``communes_with_data``, ``communes_without_data`` count the communes;
      ``has_data`` is True when at least one commune has data.

    Parameters
    ----------
    metrics : DataFrame
        Output of :func:`geo.metrics.commune_metrics`.
    by : {"district", "province"}
        ``"district"``: one row per ``district_code`` (``code``/``name`` = district code/name;
        communes without a district, as in the 2025-07 registry, form one row with code
        ``<NA>``). ``"province"``: one row, code :data:`PROVINCE_CODE`, name
        :data:`PROVINCE_NAME` in the language in use.

    Returns
    -------
    DataFrame
        :data:`ROLLUP_COLUMNS`, districts sorted by code.

    Examples
    --------
    >>> m = pd.DataFrame({"district_code": ["347", "347", "352"],
    ...     "district_name": ["Phủ Lý", "Phủ Lý", "Bình Lục"], "eligible": [100, 50, 80],
    ...     "quota": [80, 40, 60], "activated": [60, 50, pd.NA], "gap": [40, 0, pd.NA],
    ...     "quota_progress": [0.75, 1.25, np.nan], "visits": [3, 1, 0],
    ...     "team_activations": [20, 5, 0], "last_visit": pd.to_datetime(["2023-03-01",
    ...     "2023-03-05", None]), "days_since_visit": [9, 5, pd.NA], "officer_hours": [6.0, 2.0, 0],
    ...     "timed_activations": [18, 5, 0], "has_data": [True, True, False]})
    >>> r = rollup(m, "district")
    >>> r[["code", "communes_with_data", "eligible", "activated", "coverage", "quota_progress"]]
      code  communes_with_data  eligible  activated  coverage  quota_progress
    0  347                   2       150        110  0.733333        0.916667
    1  352                   0         0          0       NaN             NaN
    """
    if by not in ("district", "province"):
        raise ValueError(f"by must be 'district' or 'province', not {by!r}")
    m = metrics
    work = _work(m)
    if by == "district":
        keys = [
            m["district_code"].rename("code").reset_index(drop=True),
            m["district_name"].rename("name").reset_index(drop=True),
        ]
    else:
        keys = [pd.Series(PROVINCE_CODE, index=range(len(m)), name="code")]
    g = work.groupby(keys, dropna=False, sort=True)
    sums = g[list(_SUMS)].sum()
    sums["officer_hours"] = g["officer_hours"].sum(min_count=1)
    sums["timed_activations"] = g["timed_activations"].sum(min_count=1)
    sums["days_since_visit"] = g["days_since_visit"].min()
    sums["last_visit"] = g["last_visit"].max()
    r = sums.reset_index()
    if by == "province":
        r["name"] = _(PROVINCE_NAME)
    with np.errstate(divide="ignore", invalid="ignore"):
        with_data = r["communes_with_data"].to_numpy() > 0
        r["coverage"] = np.where(with_data, r["activated"] / r["eligible"], np.nan)
        r["quota_progress"] = np.where(r["quota"] > 0, r["activated_q"] / r["quota"], np.nan)
        oh = r["officer_hours"].to_numpy(dtype=float)
        r["activations_per_officer_hour"] = np.where(
            oh > 0, r["timed_activations"].to_numpy(dtype=float) / oh, np.nan
        )
    r["communes_without_data"] = r["communes"] - r["communes_with_data"]
    r["has_data"] = with_data
    for c in _COUNTS:
        r[c] = int_col(r[c].to_numpy(dtype=float)).array
    return r[ROLLUP_COLUMNS].reset_index(drop=True)


def province_row(metrics: pd.DataFrame) -> pd.Series:
    """Return the one row of ``rollup(metrics, "province")``: the province totals.

    Parameters
    ----------
    metrics : DataFrame
        Output of :func:`geo.metrics.commune_metrics`.

    Returns
    -------
    Series
        Indexed by :data:`ROLLUP_COLUMNS`.

    Examples
    --------
    >>> m = pd.DataFrame({"eligible": [100, 80], "activated": [60, pd.NA], "gap": [40, pd.NA],
    ...     "quota": [80, 60], "quota_progress": [0.75, np.nan], "visits": [3, 0],
    ...     "team_activations": [20, 0], "last_visit": pd.to_datetime(["2023-03-01", None]),
    ...     "days_since_visit": [9, pd.NA], "officer_hours": [6.0, 0],
    ...     "timed_activations": [18, 0], "has_data": [True, False]})
    >>> p = province_row(m)
    >>> print(p["name"], p["communes"], p["communes_with_data"], p["eligible"], p["coverage"])
    Toàn tỉnh 2 1 100 0.6
    """
    return rollup(metrics, "province").iloc[0]
