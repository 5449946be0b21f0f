"""The greedy baseline of :mod:`geo.planning.schedule`, on arrays.

Evening by evening, team by team (input order), each team takes the feasible commune (not yet
full that evening) with the largest marginal expected activations; ties go to the shorter
travel, then to the smaller code (string order); a team whose best gain is at most ``1e-9``
stays home.

The marginal value of every commune for one team is computed in one pass over arrays. It is the
same floating-point number, bit for bit, as
``effort_value(rate, gap, base, used + hours) - effort_value(rate, gap, base, used)`` of
:func:`~geo.planning.value.effort_value` (``base = effort - used``, as the scalar loop of
issue 10 computed it), so ties break exactly as before and the schedules are identical: per
commune the sum of the blocks already complete (``prefix``) is kept with the index of the block
that is open, and only the few blocks that one team-evening can reach are added on top, in the
same order and with the same operations as the scalar sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from geo.planning.params import PlanParams
from geo.planning.value import effort_value

__all__ = ["GreedyInput", "greedy_picks"]

_MIN_GAIN = 1e-9  # a team-evening that adds no more than this is not worth sending


@dataclass(frozen=True)
class GreedyInput:
    """The arrays the greedy works on (teams × communes, and per commune)."""

    feasible: np.ndarray  # bool, teams × communes
    hours: np.ndarray  # officer-hours per team-evening, teams × communes
    travel: np.ndarray  # minutes, teams × communes
    rate: np.ndarray  # activations per officer-hour
    gap: np.ndarray  # people not yet activated
    h0: np.ndarray  # recent officer-hours
    cap: np.ndarray  # teams per evening
    codes: list[str]  # commune codes (the last tie-break)


class _State:
    """Effort per commune and the parts of its value that one more team-evening leaves as is."""

    def __init__(self, g: GreedyInput, params: PlanParams) -> None:
        self.g, self.params = g, params
        self.r = float(params.repeat_factor)
        nc = len(g.codes)
        self.blk = np.array([params.block_hours(float(x)) for x in g.gap], dtype=float)
        self.effort = g.h0.astype(float).copy()
        self.used = np.zeros(nc, dtype=float)
        self.base = self.effort - self.used
        self.v0 = np.zeros(nc, dtype=float)  # value of ``used`` (0 while nothing is used)
        self.open_k = np.zeros(nc, dtype=np.int64)  # the block that ``base + used`` is in
        self.prefix = np.zeros(nc, dtype=float)  # sum of the blocks before it
        self.pow = np.ones(1)  # r**k, each computed as effort_value computes it
        for j in range(nc):
            self._refresh(j)

    def _power(self, k: np.ndarray) -> np.ndarray:
        """Return ``r**k`` per element (Python's ``float ** int``, bit for bit)."""
        k_max = int(k.max())
        if k_max >= len(self.pow):
            self.pow = np.array([self.r**i for i in range(2 * k_max + 1)], dtype=float)
        return self.pow[k.astype(np.int64)]

    def _refresh(self, j: int) -> None:
        """Recompute commune ``j``'s cached value, open block and prefix (scalar, as before)."""
        rate, gap, blk = float(self.g.rate[j]), float(self.g.gap[j]), float(self.blk[j])
        lo, used = float(self.base[j]), float(self.used[j])
        self.v0[j] = effort_value(rate, gap, lo, used, self.params)
        hi, r = lo + used, self.r
        total, k = 0.0, int(lo // blk)
        while (k + 1) * blk <= hi:  # complete blocks: their overlap does not depend on ``hi``
            overlap = (k + 1) * blk - max(lo, k * blk)
            if overlap > 0:
                total += rate * r**k * overlap
            k += 1
        self.open_k[j], self.prefix[j] = k, total

    def gains(self, t: int, idx: np.ndarray) -> np.ndarray:
        """Marginal value of team ``t``'s evening in each commune of ``idx``.

        Returns
        -------
        numpy.ndarray
            ``value(used + hours) - value(used)`` per commune, as the scalar loop computes it.
        """
        g = self.g
        lo, blk, rate = self.base[idx], self.blk[idx], g.rate[idx]
        h = self.used[idx] + g.hours[t, idx]
        hi = lo + h
        total = self.prefix[idx].copy()
        k = self.open_k[idx].astype(float)
        while True:
            kb = k * blk
            active = kb < hi
            if not active.any():
                break
            overlap = np.minimum(hi, (k + 1) * blk) - np.maximum(lo, kb)
            add = active & (overlap > 0)
            total = np.where(add, total + rate * self._power(k) * overlap, total)
            k = k + 1
        v1 = np.where(h > 0, np.minimum(total, g.gap[idx]), 0.0)
        return v1 - self.v0[idx]

    def add(self, t: int, j: int) -> None:
        """Send team ``t`` to commune ``j`` for one evening."""
        self.used[j] += self.g.hours[t, j]
        self.effort[j] += self.g.hours[t, j]
        self.base[j] = self.effort[j] - self.used[j]
        self._refresh(j)


def greedy_picks(
    g: GreedyInput, dates: list[date], params: PlanParams
) -> list[tuple[date, int, int]]:
    """Run the greedy baseline (see the module docstring).

    Parameters
    ----------
    g : GreedyInput
        The problem's arrays.
    dates : list of date
        The working evenings, in order.
    params : PlanParams
        Model parameters (the value of effort).

    Returns
    -------
    list of tuple
        ``(date, team index, commune index)`` per team-evening, in date then team order.

    Examples
    --------
    >>> g = GreedyInput(feasible=np.array([[True, True]]), hours=np.array([[6.0, 6.0]]),
    ...                 travel=np.array([[10.0, 5.0]]), rate=np.array([2.0, 2.0]),
    ...                 gap=np.array([1000.0, 1000.0]), h0=np.zeros(2), cap=np.array([1, 1]),
    ...                 codes=["1", "2"])
    >>> [(t, j) for _, t, j in greedy_picks(g, [date(2023, 4, 3), date(2023, 4, 4)],
    ...                                     PlanParams())]
    [(0, 1), (0, 0)]
    """
    nt, nc = g.feasible.shape
    state = _State(g, params)
    rank = np.empty(nc, dtype=np.int64)
    rank[sorted(range(nc), key=g.codes.__getitem__)] = np.arange(nc)
    reach = [np.nonzero(g.feasible[t])[0] for t in range(nt)]
    picks: list[tuple[date, int, int]] = []
    for d in dates:
        busy = np.zeros(nc, dtype=np.int64)
        for t in range(nt):
            idx = reach[t][busy[reach[t]] < g.cap[reach[t]]]
            if not len(idx):
                continue
            gain = state.gains(t, idx)
            best_gain = gain.max()
            if not best_gain > _MIN_GAIN:
                continue
            tied = idx[gain == best_gain]
            if len(tied) > 1:
                trav = g.travel[t, tied]
                tied = tied[trav == trav.min()]
            j = int(tied[np.argmin(rank[tied])])
            busy[j] += 1
            state.add(t, j)
            picks.append((d, t, j))
    return picks
