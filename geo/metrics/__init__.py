"""What the figures are: coverage per commune, district and province, in one definition.

The definition is in :mod:`geo.metrics.commune` (:func:`commune_metrics`); district and
province totals are :func:`rollup` rows of it, the daily series :func:`cumulative_activations`
applies it day by day, :mod:`geo.metrics.filters` says which visits count and
:mod:`geo.metrics.classes` colours the figures on the map. On top of these:
:mod:`geo.metrics.detail` (the map page's gap table and commune tables),
:mod:`geo.metrics.cards` (the figures of the map panel and of the progress headline),
:mod:`geo.metrics.progress`, :mod:`geo.metrics.league` and :mod:`geo.metrics.projection` (the
leadership figures). Those modules are imported by name (``from geo.metrics import progress``);
``geo.metrics.rollup`` as an attribute is the function (import the module by its full name).

Examples
--------
>>> import datetime as dt
>>> import pandas as pd
>>> communes = pd.DataFrame({"code": ["13291"], "district_code": ["347"],
...                          "district_name": ["Thành phố Phủ Lý"]})
>>> targets = pd.DataFrame({"code": ["13291"], "as_of": pd.to_datetime(["2023-02-13"]),
...     "eligible": [1000], "quota": [800], "activated_baseline": [500]})
>>> visits = pd.DataFrame({"date": pd.to_datetime(["2023-02-20"]), "team": ["Tổ 1"],
...     "code": ["13291"], "place_type": ["household"], "activated": [40]})
>>> m = commune_metrics(communes, targets, visits, filters=Filters(end=dt.date(2023, 3, 1)))
>>> rollup(m, "province")[["name", "activated", "coverage"]].values.tolist()
[['Toàn tỉnh', 540, 0.54]]
"""

from geo.metrics.classes import (
    MAP_METRICS,
    METRICS,
    NO_DATA_COLOUR,
    NO_DATA_LABEL,
    PALETTES,
    MetricSpec,
    class_breaks,
    classify,
    legend,
)
from geo.metrics.commune import METRIC_COLUMNS, commune_metrics
from geo.metrics.filters import Filters, select_visits
from geo.metrics.labels import COLUMN_LABELS, column_labels
from geo.metrics.rollup import PROVINCE_CODE, PROVINCE_NAME, ROLLUP_COLUMNS, province_row, rollup
from geo.metrics.series import cumulative_activations

__all__ = [
    "COLUMN_LABELS",
    "MAP_METRICS",
    "METRICS",
    "METRIC_COLUMNS",
    "NO_DATA_COLOUR",
    "NO_DATA_LABEL",
    "PALETTES",
    "PROVINCE_CODE",
    "PROVINCE_NAME",
    "ROLLUP_COLUMNS",
    "Filters",
    "MetricSpec",
    "class_breaks",
    "classify",
    "column_labels",
    "commune_metrics",
    "cumulative_activations",
    "legend",
    "province_row",
    "rollup",
    "select_visits",
]
