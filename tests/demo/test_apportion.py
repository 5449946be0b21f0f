"""Tests of geo.demo.apportion: exact integer splits (largest remainder)."""

from __future__ import annotations

import numpy as np
import pytest

from geo.demo.apportion import largest_remainder


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (10, [1, 1, 1], [4, 3, 3]),
        (7, [0.5, 0.25, 0.25], [3, 2, 2]),  # 3.5/1.75/1.75: the two .75 win
        (0, [1, 2], [0, 0]),
        (5, [0, 1], [0, 5]),
        (1923, [1] * 8, [241, 241, 241, 240, 240, 240, 240, 240]),
        (100, [1, 1, 1, 0.5], [29, 29, 28, 14]),  # remainders .571/.571/.571/.286 → first two
    ],
)
def test_largest_remainder_is_exact(total, weights, expected):
    parts = largest_remainder(total, weights)
    assert parts.tolist() == expected
    assert parts.sum() == total


@pytest.mark.parametrize(
    ("total", "weights"),
    [(-1, [1]), (5, []), (5, [0, 0]), (5, [1, -1]), (5, [1, np.nan])],
)
def test_largest_remainder_rejects_bad_input(total, weights):
    with pytest.raises(ValueError):
        largest_remainder(total, weights)
