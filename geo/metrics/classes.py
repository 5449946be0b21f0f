"""Legend classes of the map: how each metric is labelled, classed and coloured.

:data:`METRICS` gives each map metric its labels, its colour-blind-safe palette and its classes:
fixed bounds for the ratios (coverage and quota progress: < 50 %, 50–80 %, 80–100 %, ≥ 100 %),
quantiles of the values for the counts. :func:`classify` gives every value its class, colour
and label, :func:`legend` the legend rows. Missing values are "no data", never a class: grey
(:data:`NO_DATA_COLOUR`), hatched on the map, labelled :data:`NO_DATA_LABEL`.

Labels are Vietnamese message ids of the catalog (:mod:`geo.i18n`): :attr:`MetricSpec.label`
and the legend labels come out in the language in use.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from geo.fmt import Lang, format_int, format_number, format_percent
from geo.i18n import N_, _, current_language, language
from geo.metrics._arrays import as_float, int_col

__all__ = [
    "MAP_METRICS",
    "METRICS",
    "NO_DATA_COLOUR",
    "NO_DATA_LABEL",
    "PALETTES",
    "MetricSpec",
    "class_breaks",
    "classify",
    "legend",
]

NO_DATA_COLOUR = "#bdbdbd"
#: Label of a missing value (a catalog id: show it with ``_(NO_DATA_LABEL)``).
NO_DATA_LABEL = N_("chưa có số liệu")

#: Colour-blind-safe palettes (ColorBrewer sequential/diverging, viridis), low -> high.
PALETTES: dict[str, tuple[str, ...]] = {
    "RdYlBu4": ("#d7191c", "#fdae61", "#abd9e9", "#2c7bb6"),
    "YlOrRd5": ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
    "Blues5": ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"),
    "Greens5": ("#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"),
    "YlGnBu5": ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    "Oranges5": ("#feedde", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603"),
    "viridis5": ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"),
}


@dataclass(frozen=True)
class MetricSpec:
    """How a metric is labelled, classed and coloured on the map.

    Attributes
    ----------
    label_vi : str
        Legend title in Vietnamese, the catalog's id; :attr:`label` is its translation.
    palette : tuple of str
        Hex colours, low -> high (colour-blind safe).
    kind : {"percent", "int", "float"}
        How class bounds are formatted.
    breaks : tuple of float or None
        Fixed class bounds (class ``i`` = ``[breaks[i-1], breaks[i])``); None = quantiles.
    n_classes : int
        Number of quantile classes (at most; fewer with ties or few distinct values).
    """

    label_vi: str
    palette: tuple[str, ...]
    kind: Literal["percent", "int", "float"]
    breaks: tuple[float, ...] | None = None
    n_classes: int = 5

    @property
    def label(self) -> str:
        """Return the legend title in the language in use (:func:`geo.i18n.gettext`).

        Returns
        -------
        str
            E.g. ``"Tỷ lệ kích hoạt"``, ``"Activation rate (coverage)"`` in English.

        Examples
        --------
        >>> with language("en"):
        ...     METRICS["gap"].label
        'People not yet activated (gap)'
        """
        return _(self.label_vi)


_FIXED_PERCENT = (0.5, 0.8, 1.0)

#: Map metrics, keyed by the :func:`geo.metrics.commune_metrics` / :func:`geo.metrics.rollup`
#: column.
METRICS: dict[str, MetricSpec] = {
    "coverage": MetricSpec(N_("Tỷ lệ kích hoạt"), PALETTES["RdYlBu4"], "percent", _FIXED_PERCENT),
    # Quota progress uses the same fixed classes: "≥ 100 %" = quota met is the reading that matters.
    "quota_progress": MetricSpec(
        N_("Tiến độ chỉ tiêu"), PALETTES["RdYlBu4"], "percent", _FIXED_PERCENT
    ),
    "gap": MetricSpec(N_("Số người chưa kích hoạt"), PALETTES["YlOrRd5"], "int"),
    "eligible": MetricSpec(N_("Công dân đủ điều kiện"), PALETTES["Blues5"], "int"),
    "activated": MetricSpec(N_("Đã kích hoạt"), PALETTES["Greens5"], "int"),
    "visits": MetricSpec(N_("Lượt làm việc"), PALETTES["viridis5"], "int"),
    "team_activations": MetricSpec(N_("Kích hoạt qua tổ lưu động"), PALETTES["Greens5"], "int"),
    "days_since_visit": MetricSpec(N_("Số ngày chưa có tổ đến"), PALETTES["YlOrRd5"], "int"),
    "officer_hours": MetricSpec(N_("Giờ công CBCS"), PALETTES["Oranges5"], "float"),
    "activations_per_officer_hour": MetricSpec(
        N_("Kích hoạt mỗi giờ công CBCS"), PALETTES["YlGnBu5"], "float"
    ),
}


#: Metrics the map offers, in the order of its selector.
MAP_METRICS = [
    "coverage",
    "gap",
    "quota_progress",
    "days_since_visit",
    "team_activations",
    "visits",
]


def _spec(metric: str) -> MetricSpec:
    try:
        return METRICS[metric]
    except KeyError:
        raise ValueError(f"unknown metric {metric!r}; known: {sorted(METRICS)}") from None


def class_breaks(values: pd.Series, metric: str) -> tuple[float, ...]:
    """Return the class bounds of ``metric``: its fixed breaks, or quantiles of ``values``.

    Quantile breaks are data values: for each quantile ``q_i`` (``inverted_cdf``), the first
    distinct value above it, so the class ``[b_i, b_(i+1))`` holds the values up to and including
    ``q_(i+1)``. Breaks are de-duplicated and above the minimum, so every class holds at least one
    value: ties and few distinct values give fewer classes
    (at most one per distinct value); all-missing gives ``()`` (a single class).

    ``mapclassify.Quantiles`` is not used: it would bring scikit-learn and networkx onto the
    closed network for these few lines, and its classes are right-closed upper bounds, which
    would move communes between classes and disagree with the left-closed fixed classes.

    Parameters
    ----------
    values : Series
        The metric column; missing and non-finite values are left out.
    metric : str
        Key of :data:`METRICS`.

    Returns
    -------
    tuple of float
        Increasing bounds; class ``i`` is ``[bounds[i-1], bounds[i])``.

    Examples
    --------
    >>> class_breaks(pd.Series([0.3, 0.9]), "coverage")
    (0.5, 0.8, 1.0)
    >>> class_breaks(pd.Series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), "visits")
    (3.0, 5.0, 7.0, 9.0)
    >>> class_breaks(pd.Series([0, 0, 0, 0, 0, 0, 7]), "visits"), class_breaks(pd.Series(
    ...     [np.nan]), "gap")
    ((7.0,), ())
    """
    spec = _spec(metric)
    if spec.breaks is not None:
        return tuple(float(b) for b in spec.breaks)
    s = pd.Series(values)
    x = as_float(s, len(s))
    x = x[np.isfinite(x)]
    if x.size == 0:
        return ()
    distinct = np.unique(x)
    k = max(spec.n_classes, 1)
    if distinct.size <= k:
        return tuple(float(b) for b in distinct[1:])
    q = np.quantile(x, np.arange(1, k) / k, method="inverted_cdf")
    # a class [b_i, b_(i+1)) ends just above its quantile: the next distinct value
    idx = np.unique(np.searchsorted(distinct, q, side="right"))
    return tuple(float(v) for v in distinct[idx[idx < distinct.size]])


def _fmt_bound(value: float, kind: str, lang: Lang) -> str:
    if kind == "percent":
        return format_number(value * 100, 1, lang=lang, trim=True)
    if kind == "int":
        return format_int(value, lang=lang)
    return format_number(value, 2, lang=lang, trim=True)


def _no_data_label(lang: Lang | None) -> str:
    # "no data" in ``lang``, or in the language in use (the test pseudo-language included)
    if lang is None:
        return _(NO_DATA_LABEL)
    with language(lang):
        return _(NO_DATA_LABEL)


def _labels(breaks: tuple[float, ...], kind: str, lang: Lang, lo: float, hi: float) -> list[str]:
    # the unit of a percentage as geo.fmt writes it: " %" (vi) or "%" (en)
    unit = format_percent(0.0, 0, lang=lang).removeprefix("0") if kind == "percent" else ""

    def f(v: float) -> str:
        return _fmt_bound(v, kind, lang)

    if not breaks:
        if not np.isfinite(lo):
            return [""]
        text = f(lo) if lo == hi else f"{f(lo)}–{f(hi)}"
        return [text + unit]
    labels = [f"< {f(breaks[0])}{unit}"]
    labels += [f"{f(a)}–{f(b)}{unit}" for a, b in itertools.pairwise(breaks)]
    labels.append(f"≥ {f(breaks[-1])}{unit}")
    return labels


def _colours(palette: tuple[str, ...], k: int) -> list[str]:
    # k colours spread over the palette, ends included (one class: the middle colour)
    if k == 1:
        return [palette[len(palette) // 2]]
    return [palette[i] for i in np.round(np.linspace(0, len(palette) - 1, k)).astype(int)]


def _legend_table(
    x: np.ndarray, metric: str, breaks: tuple[float, ...] | None, lang: Lang | None
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    spec = _spec(metric)
    lang = lang or current_language()
    ok = np.isfinite(x)
    if breaks is None:
        breaks = class_breaks(pd.Series(x), metric)
    lo = float(x[ok].min()) if ok.any() else np.nan
    hi = float(x[ok].max()) if ok.any() else np.nan
    k = len(breaks) + 1
    table = pd.DataFrame(
        {
            "class": np.arange(k),
            "colour": _colours(spec.palette, k),
            "label": _labels(tuple(breaks), spec.kind, lang, lo, hi),
        }
    )
    cls = np.full(len(x), -1)
    cls[ok] = np.searchsorted(np.asarray(breaks, dtype=float), x[ok], side="right")
    return table, cls, ok


def classify(
    values: pd.Series,
    metric: str,
    *,
    breaks: tuple[float, ...] | None = None,
    lang: Lang | None = None,
) -> pd.DataFrame:
    """Return the class, colour and legend label of every value.

    Classes are ``[bound_i, bound_(i+1))``: a value on a bound goes to the upper class
    (coverage 0.5 -> "50–80 %", 1.0 -> "≥ 100 %"). Missing / non-finite values get class
    ``<NA>``, colour :data:`NO_DATA_COLOUR`, label "chưa có số liệu" ("no data") and
    ``no_data=True`` (the map hatches them).

    Parameters
    ----------
    values : Series
        The metric column (e.g. ``metrics["coverage"]``).
    metric : str
        Key of :data:`METRICS`.
    breaks : tuple of float, optional
        Override (e.g. breaks computed once for the province and reused per district).
    lang : {"vi", "en"}, optional
        Language of the labels; default the language in use (:mod:`geo.i18n`).

    Returns
    -------
    DataFrame
        Same index as ``values``; columns ``class`` (Int64), ``colour``, ``label``, ``no_data``.

    Examples
    --------
    >>> classify(pd.Series([0.2, 0.5, 0.8, 1.0, None]), "coverage")
       class   colour            label  no_data
    0      0  #d7191c           < 50 %    False
    1      1  #fdae61          50–80 %    False
    2      2  #abd9e9         80–100 %    False
    3      3  #2c7bb6          ≥ 100 %    False
    4   <NA>  #bdbdbd  chưa có số liệu     True
    """
    s = pd.Series(values)
    x = as_float(s, len(s))
    table, cls, ok = _legend_table(x, metric, breaks, lang)
    colour = np.full(len(x), NO_DATA_COLOUR, dtype=object)
    label = np.full(len(x), _no_data_label(lang), dtype=object)
    colour[ok] = table["colour"].to_numpy()[cls[ok]]
    label[ok] = table["label"].to_numpy()[cls[ok]]
    return pd.DataFrame(
        {
            "class": int_col(np.where(ok, cls, np.nan)).array,
            "colour": colour,
            "label": label,
            "no_data": ~ok,
        },
        index=s.index,
    )


def legend(
    values: pd.Series,
    metric: str,
    *,
    breaks: tuple[float, ...] | None = None,
    lang: Lang | None = None,
) -> pd.DataFrame:
    """Return the legend rows: one per class (low -> high), then "no data" if a value is missing.

    Fixed-break metrics always list all their classes (a stable legend, counts may be 0);
    quantile metrics without any value list only "no data".

    Parameters
    ----------
    values : Series
        The metric column (e.g. ``metrics["coverage"]``).
    metric : str
        Key of :data:`METRICS`.
    breaks : tuple of float, optional
        Override, as for :func:`classify`.
    lang : {"vi", "en"}, optional
        Language of the labels; default the language in use (:mod:`geo.i18n`).

    Returns
    -------
    DataFrame
        ``class`` (Int64, ``<NA>`` for no data), ``colour``, ``label``, ``count``, ``no_data``.

    Examples
    --------
    >>> legend(pd.Series([0.2, 0.6, 0.7, np.nan]), "coverage")[["label", "count", "no_data"]]
                 label  count  no_data
    0           < 50 %      1    False
    1          50–80 %      2    False
    2         80–100 %      0    False
    3          ≥ 100 %      0    False
    4  chưa có số liệu      1     True
    """
    s = pd.Series(values)
    x = as_float(s, len(s))
    table, cls, ok = _legend_table(x, metric, breaks, lang)
    table["count"] = np.bincount(cls[ok], minlength=len(table))[: len(table)]
    table["no_data"] = False
    table["class"] = table["class"].astype("Int64")
    if not ok.any() and _spec(metric).breaks is None:
        table = table.iloc[:0]  # no values: no quantile classes, only "no data"
    missing = int((~ok).sum())
    if missing:
        row = {
            "class": pd.NA,
            "colour": NO_DATA_COLOUR,
            "label": _no_data_label(lang),
            "count": missing,
            "no_data": True,
        }
        table = pd.concat([table, pd.DataFrame([row])], ignore_index=True)
        table["class"] = table["class"].astype("Int64")
    return table[["class", "colour", "label", "count", "no_data"]]
