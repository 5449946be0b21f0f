"""The demo's targets: official counts and quotas per commune, split from province totals.

One ``target`` row per commune and date. As of 31/05/2023 the province totals are the figures
reported around May 2023, 754,277 citizens with a chip-based ID card (``eligible``) and 401,592
accounts activated (``activated_baseline``, the official count). A baseline as of 13/02/2023 uses
plausible lower demo figures (:data:`ELIGIBLE_2023_02`, :data:`ACTIVATED_2023_02`; not reported
figures). ``population`` splits the 2019 census total 852,800 and ``quota`` a province quota of
603,422 (80 % of the May eligible, a demo assumption).

Every province total is split across the communes in proportion to their 2019 census population
with the largest-remainder (Hamilton) method (:func:`geo.demo.apportion.largest_remainder`); the
activated counts use the population weighted by a seeded per-commune factor (urban units 12 %
ahead, lognormal spread, see :func:`_activation_factors`) so that the map shows strong and weak
communes instead of one uniform rate, and the province totals stay exact. When
``population_2019`` is missing for every commune (the approximate registry), all weights are
equal; when it is missing for some, those communes get the median of the known populations as
weight (:func:`target_weights`).

Interim official counts on :data:`geo.demo.campaign.INTERIM_DATES` (demo assumption) interpolate
each commune's ``eligible`` and ``activated_baseline`` linearly between 13/02 and 31/05; they
travel in the same CSV as the May counts.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from geo.demo.apportion import largest_remainder
from geo.demo.campaign import INTERIM_DATES, PILOT_START, ROLLOUT_END
from geo.schema import TARGET_COLUMNS

__all__ = [
    "ACTIVATED_2023_02",
    "ACTIVATED_2023_05",
    "CENSUS_2019",
    "ELIGIBLE_2023_02",
    "ELIGIBLE_2023_05",
    "QUOTA_2023",
    "generate_targets",
    "target_weights",
]

CENSUS_2019 = 852_800
ELIGIBLE_2023_05 = 754_277
ACTIVATED_2023_05 = 401_592
ELIGIBLE_2023_02 = 741_326  # demo assumption, not a reported figure
ACTIVATED_2023_02 = 265_310  # demo assumption, not a reported figure
QUOTA_2023 = 603_422  # 80 % of ELIGIBLE_2023_05, demo assumption


def target_weights(communes: pd.DataFrame) -> np.ndarray:
    """Weigh the communes for splitting province totals: by 2019 population.

    Parameters
    ----------
    communes : pandas.DataFrame
        Registry rows with ``population_2019``.

    Returns
    -------
    numpy.ndarray
        float64 weights: the population, the median of the known ones where it is missing, or
        all ones when none is known.

    Examples
    --------
    >>> df = pd.DataFrame({"population_2019": pd.array([100, None, 300], dtype="Int64")})
    >>> target_weights(df).tolist()
    [100.0, 200.0, 300.0]
    """
    pop = pd.to_numeric(communes["population_2019"], errors="coerce").astype("float64")
    if pop.isna().all():
        return np.ones(len(pop))
    return pop.fillna(pop.median()).to_numpy()


def _activation_factors(communes: pd.DataFrame, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Draw per-commune multipliers of the activated share (February, May): a demo assumption.

    Urban units start 12 % ahead; each commune gets a lognormal factor (sigma 0.22) in February
    and a smaller change (sigma 0.08) by May, clipped to [0.55, 1.7]. Drawn from their own
    generator (``seed + 1``) so the visits do not depend on them.

    Returns
    -------
    tuple of numpy.ndarray
        The February and the May factors, one per commune.
    """
    rng = np.random.default_rng(seed + 1)
    urban = communes["urban"].fillna(False).to_numpy(dtype=bool)
    feb = np.exp(rng.normal(0.0, 0.22, len(communes))) * np.where(urban, 1.12, 1.0)
    may = feb * np.exp(rng.normal(0.0, 0.08, len(communes)))
    return np.clip(feb, 0.55, 1.7), np.clip(may, 0.55, 1.7)


def generate_targets(communes: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """Split the province totals over the communes, for the baseline, interim and May dates.

    Parameters
    ----------
    communes : pandas.DataFrame
        Registry rows (``code``, ``urban``, ``population_2019``), sorted by code.
    seed : int, default 0
        Seed of the activation factors (the campaign passes its own seed).

    Returns
    -------
    pandas.DataFrame
        :data:`geo.schema.TARGET_COLUMNS`, one row per commune for 13/02/2023, each interim
        date and 31/05/2023, in that order; counts are ``Int64`` and add up to the totals.
    """
    w = target_weights(communes)
    population = largest_remainder(CENSUS_2019, w)
    quota = largest_remainder(QUOTA_2023, w)
    feb, may = _activation_factors(communes, seed)
    frames = []
    for as_of, eligible, activated, factor in (
        (PILOT_START, ELIGIBLE_2023_02, ACTIVATED_2023_02, feb),
        (ROLLOUT_END, ELIGIBLE_2023_05, ACTIVATED_2023_05, may),
    ):
        frames.append(
            pd.DataFrame(
                {
                    "code": communes["code"].to_numpy(),
                    "as_of": pd.Timestamp(as_of),
                    "population": pd.array(population, dtype="Int64"),
                    "eligible": pd.array(largest_remainder(eligible, w), dtype="Int64"),
                    "quota": pd.array(quota, dtype="Int64"),
                    "activated_baseline": pd.array(
                        largest_remainder(activated, w * factor), dtype="Int64"
                    ),
                }
            )
        )
    frames[1:1] = [_between(frames[0], frames[1], day) for day in INTERIM_DATES]
    out = pd.concat(frames, ignore_index=True)
    out["as_of"] = out["as_of"].astype("datetime64[ns]")
    return out[TARGET_COLUMNS]


def _between(first: pd.DataFrame, last: pd.DataFrame, day: date) -> pd.DataFrame:
    """Interpolate the official counts on ``day``, linearly per commune.

    Returns
    -------
    pandas.DataFrame
        ``last`` with ``as_of`` = ``day`` and ``eligible``, ``activated_baseline`` between the
        first and the last count, rounded.
    """
    t0, t1 = first["as_of"].iloc[0], last["as_of"].iloc[0]
    f = (pd.Timestamp(day) - t0) / (t1 - t0)
    out = last.copy()
    out["as_of"] = pd.Timestamp(day)
    for col in ("eligible", "activated_baseline"):
        a, b = first[col].to_numpy(dtype=float), last[col].to_numpy(dtype=float)
        out[col] = pd.array(np.round(a + (b - a) * f).astype(int), dtype="Int64")
    return out
