"""Tests for geo.metrics.classes: fixed and quantile legend classes, colours, labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.i18n import PSEUDO, _, language
from geo.metrics import (
    METRIC_COLUMNS,
    METRICS,
    NO_DATA_COLOUR,
    NO_DATA_LABEL,
    PALETTES,
    class_breaks,
    classify,
    legend,
)


def test_coverage_fixed_classes_at_boundaries():
    values = pd.Series(
        [0.0, 0.4999, 0.5, 0.7999, 0.8, 0.9999, 1.0, 1.5, np.nan, np.inf, None],
        index=list("abcdefghijk"),
    )
    c = classify(values, "coverage")
    assert list(c.index) == list("abcdefghijk")
    assert c["class"].tolist() == [0, 0, 1, 1, 2, 2, 3, 3, pd.NA, pd.NA, pd.NA]
    assert c["label"].tolist()[:8:2] == ["< 50 %", "50–80 %", "80–100 %", "≥ 100 %"]
    assert c["label"].iloc[-1] == "chưa có số liệu"
    assert c["colour"].tolist()[:8:2] == list(PALETTES["RdYlBu4"])
    assert c["colour"].iloc[-1] == NO_DATA_COLOUR
    assert c["no_data"].tolist() == [False] * 8 + [True] * 3


def test_coverage_labels_english():
    c = classify(pd.Series([0.1, 0.9, None]), "coverage", lang="en")
    assert c["label"].tolist() == ["< 50%", "80–100%", "no data"]


@pytest.mark.parametrize(
    ("values", "breaks", "classes"),
    [
        (list(range(1, 11)), (3, 5, 7, 9), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]),
        ([0, 0, 0, 0, 0, 0, 7], (7,), [0] * 6 + [1]),
        ([1, 2, 3], (2, 3), [0, 1, 2]),
        ([5, 5, 5], (), [0, 0, 0]),
        ([1000, 2500, 1000, np.nan], (2500,), [0, 1, 0, pd.NA]),
        ([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6], (3, 4, 5, 6), [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4]),
    ],
    ids=["ten-values", "ties", "few-distinct", "one-value", "with-nan", "pairs"],
)
def test_quantile_classes(values, breaks, classes):
    s = pd.Series(values, dtype=float)
    assert class_breaks(s, "visits") == breaks
    c = classify(s, "visits")
    assert c["class"].tolist() == classes
    counts = legend(s, "visits").query("not no_data")["count"]
    assert (counts > 0).all()  # no empty class, whatever the ties


def test_quantile_labels_exact():
    assert legend(pd.Series([0, 0, 0, 0, 0, 0, 7.0]), "visits")["label"].tolist() == [
        "< 7",
        "≥ 7",
    ]
    assert legend(pd.Series([1000, 2500, 1000, np.nan]), "gap")["label"].tolist() == [
        "< 2.500",
        "≥ 2.500",
        "chưa có số liệu",
    ]
    assert legend(pd.Series([5, 5, 5]), "visits")["label"].tolist() == ["5"]
    lg = legend(pd.Series([1.25, 2.5, 3.75]), "activations_per_officer_hour")
    assert lg["label"].tolist() == ["< 2,5", "2,5–3,75", "≥ 3,75"]


def test_quantile_colours_spread_over_palette():
    c = classify(pd.Series([0, 0, 0, 7]), "visits")
    pal = METRICS["visits"].palette
    assert c["colour"].tolist() == [pal[0]] * 3 + [pal[-1]]
    assert classify(pd.Series([5, 5]), "visits")["colour"].tolist() == [pal[2]] * 2


def test_all_nan():
    s = pd.Series([np.nan, None, np.nan])
    assert class_breaks(s, "gap") == ()
    c = classify(s, "gap")
    assert c["no_data"].all() and c["class"].isna().all()
    assert set(c["colour"]) == {NO_DATA_COLOUR}
    lg = legend(s, "gap")
    assert lg[["label", "count", "no_data"]].values.tolist() == [["chưa có số liệu", 3, True]]
    cov_lg = legend(s, "coverage")  # fixed classes stay in the legend, with 0 counts
    assert cov_lg["count"].tolist() == [0, 0, 0, 0, 3]


def test_classify_empty_and_unknown_metric():
    assert classify(pd.Series([], dtype=float), "coverage").empty
    with pytest.raises(ValueError, match="unknown metric"):
        classify(pd.Series([1.0]), "nope")


def test_legend_counts_and_breaks_override(metrics):
    lg = legend(metrics["coverage"], "coverage")
    assert lg["count"].tolist() == [0, 2, 0, 1, 5]  # 51,5 %, 61,0 %, 104,2 %, 5 no data
    c = classify(pd.Series([1, 5, 9]), "visits", breaks=(4.0,))
    assert c["class"].tolist() == [0, 1, 1] and c["label"].tolist()[0] == "< 4"


def test_palettes_are_distinct_from_no_data():
    for name, spec in METRICS.items():
        assert spec.palette, name
        assert NO_DATA_COLOUR not in spec.palette
        assert all(len(c) == 7 and c.startswith("#") for c in spec.palette)
        if spec.breaks is not None:
            assert len(spec.palette) == len(spec.breaks) + 1
        else:
            assert len(spec.palette) >= spec.n_classes
    assert set(METRICS) <= set(METRIC_COLUMNS) | {"coverage"}


def test_metric_columns_classify(metrics):
    for metric in METRICS:
        c = classify(metrics[metric], metric)
        assert c["no_data"].tolist() == metrics[metric].isna().tolist()


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize(
    ("lang", "coverage", "gap", "rate"),
    [
        (
            "vi",
            ["< 50 %", "50–80 %", "80–100 %", "≥ 100 %", "chưa có số liệu"],
            ["< 2.500", "≥ 2.500", "chưa có số liệu"],
            ["< 2,5", "2,5–3,75", "≥ 3,75"],
        ),
        (
            "en",
            ["< 50%", "50–80%", "80–100%", "≥ 100%", "no data"],
            ["< 2,500", "≥ 2,500", "no data"],
            ["< 2.5", "2.5–3.75", "≥ 3.75"],
        ),
    ],
)
def test_legend_labels_follow_the_language_in_use(lang, coverage, gap, rate):
    with language(lang):
        assert legend(pd.Series([0.2, np.nan]), "coverage")["label"].tolist() == coverage
        assert legend(pd.Series([1000, 2500, 1000, np.nan]), "gap")["label"].tolist() == gap
        lg = legend(pd.Series([1.25, 2.5, 3.75]), "activations_per_officer_hour")
        assert lg["label"].tolist() == rate
        c = classify(pd.Series([0.1, None]), "coverage")
        assert c["label"].tolist() == [coverage[0], coverage[-1]]


def test_an_explicit_language_wins_over_the_language_in_use():
    with language("en"):
        c = classify(pd.Series([0.9, None]), "coverage", lang="vi")
        assert c["label"].tolist() == ["80–100 %", "chưa có số liệu"]
        assert legend(pd.Series([None]), "gap", lang="vi")["label"].tolist() == ["chưa có số liệu"]
    c = classify(pd.Series([0.9, None]), "coverage", lang="en")
    assert c["label"].tolist() == ["80–100%", "no data"]


def test_no_data_label_is_a_catalog_id():
    assert NO_DATA_LABEL == "chưa có số liệu"
    with language("en"):
        assert _(NO_DATA_LABEL) == "no data"
    with language(PSEUDO):
        assert classify(pd.Series([None]), "gap")["label"].tolist() == ["⟦chưa có số liệu⟧"]
