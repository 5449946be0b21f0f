"""A made-up province shaped like Hà Nam in 2023, for the simulator (no real data).

:func:`synthetic_province` builds 6 districts, 109 communes of which about a fifth urban, gaps of
500 to 12.000 people, 19 teams (7 provincial teams based in Phủ Lý and 2 teams per district) and
a few weeks of past visits. Each commune carries a hidden ``true_rate`` of activations per
officer-hour (class rate × a log-normal commune effect) that only the simulated world knows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

import numpy as np
import pandas as pd

from geo.clock import hhmm
from geo.planning.params import PlanParams
from geo.planning.travel import travel_matrix

__all__ = ["HISTORY_COLUMNS", "Province", "synthetic_province"]

#: Columns of :attr:`Province.history` (and of the simulated visits).
HISTORY_COLUMNS = ["date", "team", "code", "place_type", "start", "end", "activated"]


class _District(NamedTuple):
    code: str
    name: str
    lat: float
    lon: float
    share: int  # share of the communes
    urban: int  # urban units


_DISTRICTS = (
    _District("347", "Thành phố Phủ Lý", 20.545, 105.913, 21, 11),
    _District("349", "Thị xã Duy Tiên", 20.630, 105.975, 16, 6),
    _District("350", "Huyện Kim Bảng", 20.575, 105.840, 17, 2),
    _District("351", "Huyện Thanh Liêm", 20.450, 105.915, 16, 1),
    _District("352", "Huyện Bình Lục", 20.495, 106.025, 17, 1),
    _District("353", "Huyện Lý Nhân", 20.555, 106.090, 22, 2),
)
_HQ = (20.5411, 105.9134)


@dataclass(frozen=True)
class Province:
    """A synthetic province: communes (with the hidden ``true_rate``), teams, past visits."""

    communes: pd.DataFrame
    teams: pd.DataFrame
    history: pd.DataFrame
    start: date


def _split(total: int, weights: Iterable[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder).

    Returns
    -------
    list of int
        Parts adding up to ``total``.
    """
    w = np.asarray(list(weights), dtype=float)
    exact = total * w / w.sum()
    parts = np.floor(exact).astype(int)
    order = np.lexsort((np.arange(w.size), -(exact - parts)))
    parts[order[: total - parts.sum()]] += 1
    return [int(p) for p in parts]


def _communes(rng: np.random.Generator, n_communes: int) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    counts = _split(n_communes, [d.share for d in _DISTRICTS])
    for d, n in zip(_DISTRICTS, counts, strict=True):
        n_u = min(n, round(d.urban * n / d.share)) if d.share else 0
        for i in range(n):
            urban = i < n_u
            spread = 0.018 if urban else 0.045
            rows.append(
                {
                    "code": f"9{len(rows) + 1:04d}",
                    "name": f"{'Phường' if urban else 'Xã'} mẫu {len(rows) + 1}",
                    "district_code": d.code,
                    "district_name": d.name,
                    "urban": urban,
                    "lat": d.lat + rng.normal(0, spread),
                    "lon": d.lon + rng.normal(0, spread),
                }
            )
    c = pd.DataFrame(rows)
    urban_arr = c["urban"].to_numpy()
    eligible = np.where(
        urban_arr,
        rng.lognormal(np.log(14_000), 0.35, len(c)),
        rng.lognormal(np.log(8_000), 0.4, len(c)),
    )
    coverage = rng.uniform(0.35, 0.93, len(c))
    gap = np.clip(np.round(eligible * (1 - coverage)), 500, 12_000)
    eligible = np.maximum(np.round(eligible), gap + 100)
    c["eligible"] = eligible.astype(int)
    c["gap"] = gap.astype(int)
    c["activated"] = c["eligible"] - c["gap"]
    c["true_rate"] = np.where(urban_arr, 2.4, 1.8) * rng.lognormal(-(0.35**2) / 2, 0.35, len(c))
    return c


def _teams(rng: np.random.Generator, n_teams: int) -> pd.DataFrame:
    teams = []
    for i in range(n_teams):
        if i < 7:
            base = _HQ
        else:
            d = _DISTRICTS[(i - 7) // 2 % len(_DISTRICTS)]
            base = (d.lat, d.lon)
        teams.append(
            {
                "name": f"Tổ {i + 1}",
                "members": int(rng.integers(2, 5)),
                "base_lat": base[0] + rng.normal(0, 0.005),
                "base_lon": base[1] + rng.normal(0, 0.005),
            }
        )
    return pd.DataFrame(teams)


def _history(
    rng: np.random.Generator, c: pd.DataFrame, t: pd.DataFrame, start: date, weeks: int
) -> pd.DataFrame:
    params = PlanParams()
    tm = travel_matrix(t, c, round_to=params.travel_round_min).to_numpy()
    urban = c["urban"].to_numpy(dtype=bool)
    win = np.array([params.window_minutes(bool(u)) for u in urban], dtype=float)
    usable = win[None, :] - 2 * tm
    gaps = c["gap"].to_numpy(dtype=float).copy()
    rates, members = c["true_rate"].to_numpy(dtype=float), t["members"].to_numpy(dtype=float)
    hist = []
    for day in range(weeks * 7, 0, -1):
        d = start - timedelta(days=day)
        for ti in range(len(t)):
            if rng.random() > 0.7:
                continue
            ok = np.nonzero(usable[ti] >= params.min_usable_min)[0]
            if not len(ok):
                continue
            j = int(rng.choice(ok))
            hours = usable[ti, j] / 60.0
            mean = rates[j] * members[ti] * hours
            act = int(min(gaps[j], rng.poisson(mean)))
            w0, w1 = params.window(bool(urban[j]))
            hist.append(
                {
                    "date": pd.Timestamp(d),
                    "team": t["name"].iat[ti],
                    "code": c["code"].iat[j],
                    "place_type": "household",
                    "start": hhmm(w0 + tm[ti, j]),
                    "end": hhmm(w1 - tm[ti, j]),
                    "activated": act,
                }
            )
    return pd.DataFrame(hist, columns=HISTORY_COLUMNS)


def synthetic_province(
    seed: int,
    n_communes: int = 109,
    n_teams: int = 19,
    *,
    start: date = date(2023, 4, 3),
    history_weeks: int = 4,
) -> Province:
    """Build a made-up province (see the module docstring).

    Parameters
    ----------
    seed : int
        Seed of the :func:`numpy.random.default_rng` generator; same seed, same province.
    n_communes, n_teams : int
        Size (default: Hà Nam 2023, 109 communes, 7 + 12 teams).
    start : date
        First evening the planner will plan (a Monday); the history ends the day before.
    history_weeks : int
        Weeks of past visits (random reachable communes, 70 % of the evenings) to learn from.

    Returns
    -------
    Province
        ``communes``: ``code, name, district_code, district_name, urban, lat, lon, eligible,
        activated, gap, true_rate``; ``teams``: ``name, members, base_lat, base_lon``;
        ``history``: visit rows (:data:`HISTORY_COLUMNS`).

    Examples
    --------
    >>> p = synthetic_province(1, n_communes=12, n_teams=3, history_weeks=1)
    >>> len(p.communes), p.teams["name"].tolist(), p.history["date"].max() < pd.Timestamp(p.start)
    (12, ['Tổ 1', 'Tổ 2', 'Tổ 3'], True)
    """
    rng = np.random.default_rng(seed)
    c = _communes(rng, n_communes)
    t = _teams(rng, n_teams)
    return Province(c, t, _history(rng, c, t, start, history_weeks), start)
