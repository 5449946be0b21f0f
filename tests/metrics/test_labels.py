"""Tests for geo.metrics.labels: one Vietnamese header per column."""

from __future__ import annotations

import pytest

from geo.metrics import (
    column_labels,
)


def test_column_labels_keep_the_order_asked_and_prefer_a_tables_own_wording():
    assert column_labels(["gap", "code", "team_activations"]) == {
        "gap": "Số người chưa kích hoạt",
        "code": "Mã xã",
        "team_activations": "Kích hoạt qua tổ lưu động",
    }
    assert list(column_labels(["quota", "rank"])) == ["quota", "rank"]
    assert column_labels(["communes", "coverage"], {"communes": "Số xã"}) == {
        "communes": "Số xã",
        "coverage": "Tỷ lệ kích hoạt",
    }
    with pytest.raises(KeyError, match="communes"):
        column_labels(["communes"])  # no shared label: the table must give its own
