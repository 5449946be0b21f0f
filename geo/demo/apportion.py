"""Exact integer splits of a total in proportion to weights (Hamilton's method).

Largest remainder: each part first gets ``floor(total × w / W)``, then the units still missing
go, one each, to the parts with the largest fractional remainders (ties to the earlier position),
so the integer parts always add up to the total.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["largest_remainder"]


def largest_remainder(total: int, weights: Sequence[float] | np.ndarray) -> np.ndarray:
    """Split an integer total in proportion to weights, exactly (Hamilton's method).

    Parameters
    ----------
    total : int
        Non-negative integer to split.
    weights : sequence of float
        Non-negative weights with a positive sum.

    Returns
    -------
    numpy.ndarray
        int64 parts, summing to ``total``; leftover units go to the largest fractional parts,
        ties to the earlier position.

    Raises
    ------
    ValueError
        A negative total, or weights that are empty, negative, not finite or all zero.

    Examples
    --------
    >>> largest_remainder(10, [1, 1, 1]).tolist()
    [4, 3, 3]
    >>> largest_remainder(7, [0.5, 0.25, 0.25]).tolist()
    [3, 2, 2]
    """
    w = np.asarray(weights, dtype="float64")
    if total < 0 or w.size == 0 or (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise ValueError("total must be >= 0 and weights non-negative with a positive sum")
    exact = total * w / w.sum()
    parts = np.floor(exact).astype("int64")
    left = int(total - parts.sum())
    order = np.lexsort((np.arange(w.size), -(exact - parts)))
    parts[order[:left]] += 1
    return parts
