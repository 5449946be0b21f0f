"""The district league of the leadership page: districts ranked by quota progress.

Each row is a :func:`geo.metrics.rollup` district row (one definition of every district
figure), plus the communes past the coverage threshold and the change since the previous
week's snapshot. :func:`league_display` gives the same table as text, headers and numbers in
the language in use (:mod:`geo.i18n`, :mod:`geo.fmt`).
"""

from __future__ import annotations

import pandas as pd

from geo.fmt import format_int, format_percent, format_signed_int, format_signed_points
from geo.i18n import N_, _
from geo.metrics.labels import column_labels
from geo.metrics.rollup import rollup

__all__ = [
    "LEAGUE_COLUMNS",
    "LEAGUE_LABELS",
    "THRESHOLD",
    "at_threshold",
    "district_league",
    "league_display",
]

#: Coverage threshold leadership counts communes against ("xã đạt ≥ 80 %").
THRESHOLD = 0.8

LEAGUE_COLUMNS = [
    "rank",
    "district_code",
    "district_name",
    "communes",
    "communes_with_data",
    "communes_at_threshold",
    "eligible",
    "quota",
    "activated",
    "coverage",
    "quota_progress",
    "gap",
    "activated_change",
    "coverage_change",
]

#: Column headers of the district league as shown to people (page, PDF and Excel share them):
#: Vietnamese catalog ids, shown translated (``_(LEAGUE_LABELS[c])``, :func:`league_display`).
LEAGUE_LABELS = column_labels(
    [c for c in LEAGUE_COLUMNS if c not in ("district_code", "communes_with_data")],
    {
        "communes": N_("Số xã"),
        "communes_at_threshold": N_("Xã đạt ≥ 80 %"),
        "activated_change": N_("Tăng so với tuần trước"),
        "coverage_change": N_("Tỷ lệ tăng (điểm %)"),
    },
    translated=False,
)


def at_threshold(metrics: pd.DataFrame, threshold: float = THRESHOLD) -> pd.Series:
    """Mark the communes with data whose coverage is at or above ``threshold``.

    Parameters
    ----------
    metrics : DataFrame
        :func:`geo.metrics.commune_metrics` rows (``coverage``, ``has_data``).
    threshold : float
        Coverage threshold (default 0.8).

    Returns
    -------
    Series
        Boolean, same index as ``metrics``; a commune without data is never at the threshold.

    Examples
    --------
    >>> m = pd.DataFrame({"coverage": [0.8, 0.79, float("nan")], "has_data": [True, True, False]})
    >>> at_threshold(m).tolist()
    [True, False, False]
    """
    cov = pd.to_numeric(metrics["coverage"], errors="coerce")
    return metrics["has_data"].fillna(False).astype(bool) & (cov >= threshold).fillna(False)


def district_league(
    metrics: pd.DataFrame,
    previous: pd.DataFrame | None = None,
    *,
    threshold: float = THRESHOLD,
) -> pd.DataFrame:
    """Rank the districts, best quota progress first.

    Parameters
    ----------
    metrics : DataFrame
        :func:`geo.metrics.commune_metrics` rows as of the report date.
    previous : DataFrame, optional
        The same table one week earlier, for ``activated_change`` (people) and
        ``coverage_change`` (fraction points); both ``NaN`` without it.
    threshold : float
        Coverage threshold for ``communes_at_threshold``.

    Returns
    -------
    DataFrame
        :data:`LEAGUE_COLUMNS`; empty when the boundary version has no districts.
    """
    with_district = metrics[metrics["district_code"].notna()]
    if with_district.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in LEAGUE_COLUMNS})
    table = _by_district(with_district)
    hits = (
        at_threshold(with_district, threshold)
        .groupby(with_district["district_code"].astype(str).to_numpy())
        .sum()
    )
    table["communes_at_threshold"] = table["district_code"].map(hits).fillna(0).astype("int64")
    if previous is not None and previous["district_code"].notna().any():
        before = _by_district(previous[previous["district_code"].notna()]).set_index(
            "district_code"
        )
        now_act = pd.to_numeric(table["activated"], errors="coerce").astype("float64")
        now_cov = pd.to_numeric(table["coverage"], errors="coerce").astype("float64")
        prev_act = table["district_code"].map(before["activated"]).astype("float64")
        prev_cov = table["district_code"].map(before["coverage"]).astype("float64")
        # a district without data at either date has no change, not a change from 0
        table["activated_change"] = (now_act - prev_act).where(
            table["has_data"].to_numpy() & table["district_code"].map(before["has_data"]).eq(True)
        )
        table["coverage_change"] = now_cov - prev_cov
    else:
        table["activated_change"] = float("nan")
        table["coverage_change"] = float("nan")
    table = table.sort_values(
        ["quota_progress", "coverage", "district_code"],
        ascending=[False, False, True],
        na_position="last",
        kind="stable",
    ).reset_index(drop=True)
    table["rank"] = range(1, len(table) + 1)
    return table[LEAGUE_COLUMNS]


def _by_district(metrics: pd.DataFrame) -> pd.DataFrame:
    # rollup(by="district") with district_code / district_name columns
    table = rollup(metrics, by="district")
    table = table[table["code"].notna()].rename(
        columns={"code": "district_code", "name": "district_name"}
    )
    table["district_code"] = table["district_code"].astype(str)
    return table.reset_index(drop=True)


def league_display(league: pd.DataFrame, na: str = "—") -> pd.DataFrame:
    """Format :func:`district_league` as text in the language in use, one column per figure.

    Parameters
    ----------
    league : DataFrame
        :func:`district_league` rows.
    na : str
        Text of a missing figure.

    Returns
    -------
    DataFrame
        Columns headed by :data:`LEAGUE_LABELS` translated (no district code), all text.

    Examples
    --------
    >>> row = pd.DataFrame({"rank": [1], "district_name": ["Huyện Bình Lục"],
    ...     "communes_at_threshold": [2], "communes_with_data": [17], "eligible": [70000],
    ...     "quota": [56000], "activated": [40000], "coverage": [0.5714],
    ...     "quota_progress": [0.7143], "gap": [30000], "activated_change": [1234],
    ...     "coverage_change": [0.012]})
    >>> league_display(row).iloc[0].tolist()[2:]
    ['2/17', '70.000', '56.000', '40.000', '57,1 %', '71,4 %', '30.000', '+1.234', '+1,2 điểm %']
    >>> from geo.i18n import language
    >>> with language("en"):
    ...     shown = league_display(row)
    >>> shown.columns.tolist()[:3]
    ['Rank', 'District / town / city', 'Communes ≥ 80%']
    >>> shown.iloc[0].tolist()[3:]
    ['70,000', '56,000', '40,000', '57.1%', '71.4%', '30,000', '+1,234', '+1.2 pp']
    """
    labels = {c: _(h) for c, h in LEAGUE_LABELS.items()}
    return pd.DataFrame(
        {
            labels["rank"]: league["rank"].map(format_int),
            labels["district_name"]: league["district_name"].astype(str),
            labels["communes_at_threshold"]: [
                f"{format_int(a)}/{format_int(b)}"
                for a, b in zip(
                    league["communes_at_threshold"], league["communes_with_data"], strict=True
                )
            ],
            **{
                labels[c]: league[c].map(lambda v: format_int(v, na=na))
                for c in ("eligible", "quota", "activated")
            },
            **{
                labels[c]: league[c].map(lambda v: format_percent(v, na=na))
                for c in ("coverage", "quota_progress")
            },
            labels["gap"]: league["gap"].map(lambda v: format_int(v, na=na)),
            labels["activated_change"]: league["activated_change"].map(
                lambda v: format_signed_int(v, na=na)
            ),
            labels["coverage_change"]: league["coverage_change"].map(
                lambda v: format_signed_points(v, na=na)
            ),
        }
    )
