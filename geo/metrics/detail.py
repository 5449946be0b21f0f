"""Tables behind the coverage page: the commune panel and the gap table.

Each function takes the DataFrames of :mod:`geo.metrics.coverage` / :mod:`geo.store` and returns a
small DataFrame with Vietnamese column names, ready to show or to export.
"""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook

from geo.fmt import format_date
from geo.metrics.coverage import column_labels
from geo.outputs.xlsx import to_bytes, write_sheet
from geo.schema import PLACE_TYPE_LABELS

__all__ = [
    "GAP_HEADERS",
    "data_period",
    "gap_table",
    "gap_table_xlsx",
    "last_visits",
    "visits_by",
]

#: Gap table columns -> Vietnamese headers (:data:`geo.metrics.coverage.COLUMN_LABELS`, GLOSSARY.md).
GAP_HEADERS = column_labels(
    [
        "rank",
        "code",
        "full_name",
        "district_name",
        "eligible",
        "activated",
        "coverage",
        "gap",
        "quota_progress",
        "visits",
        "team_activations",
        "days_since_visit",
    ]
)


def gap_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Communes ranked by gap (people not yet activated), largest first.

    Communes without data come last, unranked. Ties keep the commune code order.

    Examples
    --------
    >>> m = pd.DataFrame({"code": ["a", "b", "c"], "gap": pd.array([5, None, 9], "Int64")})
    >>> gap_table(m)[["rank", "code"]].values.tolist()
    [[1, 'c'], [2, 'a'], [<NA>, 'b']]
    """
    df = metrics.copy()
    has_gap = df["gap"].notna()
    ranked = df[has_gap].sort_values(["gap", "code"], ascending=[False, True], kind="stable")
    rest = df[~has_gap].sort_values("code", kind="stable")
    ranked = ranked.assign(rank=pd.array(range(1, len(ranked) + 1), dtype="Int64"))
    rest = rest.assign(rank=pd.array([pd.NA] * len(rest), dtype="Int64"))
    out = pd.concat([ranked, rest], ignore_index=True)
    out = out[[c for c in GAP_HEADERS if c in out.columns]]
    out.attrs = {}  # commune_metrics' notes are not part of the table
    return out


def gap_table_xlsx(table: pd.DataFrame) -> bytes:
    """The gap table as an Excel workbook (sheet «Số người chưa kích hoạt»)."""
    wb = Workbook()
    write_sheet(
        wb,
        "Số người chưa kích hoạt",
        table,
        GAP_HEADERS,
        ratio_columns=("coverage", "quota_progress"),
        text_columns=("code", "full_name", "district_name"),
        sheet=wb.active,
    )
    wb.active.title = "Số người chưa kích hoạt"
    return to_bytes(wb)


def visits_by(visits: pd.DataFrame, column: str) -> pd.DataFrame:
    """Visits and activations of some visits grouped by ``team`` or ``place_type``.

    Examples
    --------
    >>> v = pd.DataFrame({"team": ["Tổ 1", "Tổ 2", "Tổ 1"], "activated": [3, 4, 5],
    ...                   "place_type": ["household", "school", "household"]})
    >>> visits_by(v, "place_type").values.tolist()
    [['hộ gia đình', 2, 8], ['trường học', 1, 4]]
    """
    label = {"team": "Tổ lưu động", "place_type": "Loại địa điểm"}[column]
    cols = [label, "Lượt làm việc", "Tài khoản kích hoạt"]
    if visits.empty:
        return pd.DataFrame(columns=cols)
    acts = pd.to_numeric(visits["activated"], errors="coerce").fillna(0)
    grouped = (
        visits.assign(_a=acts)
        .groupby(column, sort=True)
        .agg(n=("_a", "size"), a=("_a", "sum"))
        .sort_values(["a", "n"], ascending=False, kind="stable")
        .reset_index()
    )
    if column == "place_type":
        grouped[column] = grouped[column].map(lambda t: PLACE_TYPE_LABELS.get(t, t))
    grouped["a"] = grouped["a"].astype(int)
    grouped.columns = cols
    return grouped


def last_visits(visits: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` latest visits, newest first, with Vietnamese headers and dd/mm/yyyy dates."""
    cols = ["Ngày", "Tổ lưu động", "Loại địa điểm", "Địa điểm", "Giờ", "Kích hoạt"]
    if visits.empty:
        return pd.DataFrame(columns=cols)
    v = visits.sort_values(["date", "start"], ascending=False, kind="stable").head(n)
    hours = [
        f"{s}–{e}" if isinstance(s, str) and isinstance(e, str) else ""
        for s, e in zip(v["start"], v["end"], strict=True)
    ]
    return pd.DataFrame(
        {
            "Ngày": v["date"].map(format_date).to_numpy(),
            "Tổ lưu động": v["team"].to_numpy(),
            "Loại địa điểm": v["place_type"].map(lambda t: PLACE_TYPE_LABELS.get(t, t)).to_numpy(),
            "Địa điểm": v["place_name"].fillna("").to_numpy(),
            "Giờ": hours,
            "Kích hoạt": pd.to_numeric(v["activated"], errors="coerce").astype("Int64").to_numpy(),
        }
    )


def data_period(targets: pd.DataFrame, visits: pd.DataFrame) -> tuple[object, object] | None:
    """First and last day that the records cover (visit dates and target ``as_of``), or None.

    Examples
    --------
    >>> t = pd.DataFrame({"as_of": pd.to_datetime(["2023-02-13", "2023-05-31"])})
    >>> v = pd.DataFrame({"date": pd.to_datetime(["2023-02-14"])})
    >>> [d.isoformat() for d in data_period(t, v)]
    ['2023-02-13', '2023-05-31']
    """
    days = pd.concat(
        [
            pd.to_datetime(targets.get("as_of", pd.Series(dtype="datetime64[ns]"))),
            pd.to_datetime(visits.get("date", pd.Series(dtype="datetime64[ns]"))),
        ]
    ).dropna()
    if days.empty:
        return None
    return days.min().date(), days.max().date()
