"""Tests for geo.metrics.labels: one header per column, in Vietnamese and in English."""

from __future__ import annotations

import pytest

from geo.i18n import PSEUDO, language
from geo.metrics import (
    COLUMN_LABELS,
    METRICS,
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


# --------------------------------------------------------------------------- English

#: Every metric's legend title in English (GLOSSARY.md).
ENGLISH_METRIC_LABELS = {
    "coverage": "Activation rate (coverage)",
    "quota_progress": "Quota progress",
    "gap": "People not yet activated (gap)",
    "eligible": "Eligible citizens",
    "activated": "Activated",
    "visits": "Visits",
    "team_activations": "Activated by the mobile teams",
    "days_since_visit": "Days since last visit",
    "officer_hours": "Officer-hours",
    "activations_per_officer_hour": "Activations per officer-hour",
}


def test_every_metric_label_in_english_and_in_vietnamese():
    assert set(ENGLISH_METRIC_LABELS) == set(METRICS)
    with language("en"):
        assert {m: spec.label for m, spec in METRICS.items()} == ENGLISH_METRIC_LABELS
    # Vietnamese: the label is the catalog id itself, which stays Vietnamese in either language
    assert METRICS["gap"].label == METRICS["gap"].label_vi == "Số người chưa kích hoạt"
    with language("en"):
        assert METRICS["coverage"].label_vi == "Tỷ lệ kích hoạt"
    with language(PSEUDO):
        assert METRICS["visits"].label == "⟦Lượt làm việc⟧"


def test_column_labels_in_english():
    with language("en"):
        assert column_labels(["gap", "code", "team_activations", "district_name"]) == {
            "gap": "People not yet activated (gap)",
            "code": "Commune code",
            "team_activations": "Activated by the mobile teams",
            "district_name": "District / town / city",
        }
        assert column_labels(["communes", "coverage"], {"communes": "Số xã"}) == {
            "communes": "Communes",
            "coverage": "Activation rate (coverage)",
        }
        # the ids themselves, for a module-level constant translated where it is shown
        assert column_labels(["rank", "quota"], translated=False) == {
            "rank": "Hạng",
            "quota": "Chỉ tiêu",
        }
        assert COLUMN_LABELS["last_visit"] == "Lần làm việc gần nhất"
        assert column_labels(["last_visit", "rank", "quota"]) == {
            "last_visit": "Last visit",
            "rank": "Rank",
            "quota": "Quota",
        }
