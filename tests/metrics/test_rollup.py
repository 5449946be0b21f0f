"""Tests for geo.metrics.rollup: district and province sums of the coverage fixture
(:mod:`tests.metrics.coverage_fixture`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.i18n import language
from geo.metrics import (
    PROVINCE_CODE,
    PROVINCE_NAME,
    ROLLUP_COLUMNS,
    Filters,
    commune_metrics,
    province_row,
    rollup,
)
from tests.metrics.coverage_fixture import (
    D,
)


def test_rollup_district(metrics):
    r = rollup(metrics, "district").set_index("code")
    assert list(r.columns) == ROLLUP_COLUMNS[1:]
    assert list(r.index) == ["347", "350", "351", "352", "353"]
    d = r.loc["351"]  # 90001 (data), 90002 (no eligible), 90004 (target after D)
    assert (d["name"], d["communes"], d["communes_with_data"]) == ("Huyện Thanh Liêm", 3, 1)
    assert d["communes_without_data"] == 2
    assert (d["eligible"], d["activated"], d["gap"], d["quota"]) == (720, 750, 0, 600)
    assert d["coverage"] == pytest.approx(750 / 720)
    assert d["quota_progress"] == pytest.approx(1.25)
    # visit columns count all communes, 90002 included
    assert (d["visits"], d["team_activations"], d["timed_activations"]) == (2, 60, 60)
    assert d["officer_hours"] == pytest.approx(3.0)
    assert d["activations_per_officer_hour"] == pytest.approx(20.0)
    assert d["last_visit"] == pd.Timestamp("2023-03-10") and d["days_since_visit"] == 21
    k = r.loc["350"]  # no commune with data
    assert (k["communes"], k["communes_with_data"], bool(k["has_data"])) == (2, 0, False)
    assert np.isnan(k["coverage"]) and np.isnan(k["quota_progress"])
    assert k["eligible"] == 0 and k["visits"] == 0


def test_rollup_province(metrics):
    p = rollup(metrics, "province").iloc[0]
    assert (p["code"], p["name"]) == (PROVINCE_CODE, "Toàn tỉnh")
    assert (p["communes"], p["communes_with_data"], p["communes_without_data"]) == (8, 3, 5)
    assert (p["eligible"], p["activated"]) == (14920, 9030)
    assert p["coverage"] == pytest.approx(9030 / 14920)  # not the mean of commune rates
    # sum of commune gaps: 90001's surplus does not reduce the others' gap
    assert p["gap"] == 3980 + 1940 + 0
    assert p["quota"] == 11600
    assert p["quota_progress"] == pytest.approx(9030 / 11600)
    assert (p["visits"], p["team_activations"], p["timed_activations"]) == (7, 340, 315)
    assert p["officer_hours"] == pytest.approx(26.0)
    assert p["activations_per_officer_hour"] == pytest.approx(315 / 26)
    assert p["days_since_visit"] == 11


def test_rollup_without_teams_and_bad_level(communes, targets, visits):
    m = commune_metrics(communes, targets, visits, None, Filters(end=D))
    p = rollup(m, "province").iloc[0]
    assert np.isnan(p["officer_hours"]) and np.isnan(p["activations_per_officer_hour"])
    with pytest.raises(ValueError, match="district"):
        rollup(m, "commune")  # type: ignore[arg-type]


def test_province_row_is_the_one_province_rollup_row(metrics):
    pd.testing.assert_series_equal(
        province_row(metrics), rollup(metrics, "province").iloc[0], check_names=False
    )


def test_province_name_in_the_language_in_use(metrics):
    assert PROVINCE_NAME == "Toàn tỉnh"  # the catalog id
    with language("en"):
        assert province_row(metrics)["name"] == "Whole province"
        assert rollup(metrics, "district")["name"].tolist()[0] == "Thành phố Phủ Lý"  # data
    assert province_row(metrics)["name"] == "Toàn tỉnh"
