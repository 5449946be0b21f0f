"""Tables behind the map page: the gap table and the tables of the commune panel.

Each function takes the DataFrames of :func:`geo.metrics.commune_metrics` / :mod:`geo.store`
and returns a small DataFrame with column names in the language in use (:mod:`geo.i18n`), ready
to show or to export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import cast

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from geo.fmt import format_date, is_missing
from geo.i18n import N_, _
from geo.metrics.labels import column_labels
from geo.schema import place_type_label
from geo.xlsx import to_bytes, write_sheet

__all__ = [
    "GAP_HEADERS",
    "GAP_PERCENT_COLUMNS",
    "data_period",
    "gap_display",
    "gap_headers",
    "gap_rows",
    "gap_table",
    "gap_table_xlsx",
    "last_visits",
    "visits_by",
]

#: Gap table columns -> Vietnamese headers (:data:`geo.metrics.COLUMN_LABELS`, GLOSSARY.md), the
#: catalog's ids: :func:`gap_headers` gives them in the language in use.
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
    ],
    translated=False,
)
#: Ratio columns of the gap table, shown on the page as percentages.
GAP_PERCENT_COLUMNS = ("coverage", "quota_progress")
_GAP_TEXT_COLUMNS = ("rank", "code", "full_name", "district_name")
#: Sheet of the gap table's workbook.
_GAP_SHEET = N_("Số người chưa kích hoạt")
#: Headers of the commune panel's tables.
_TEAM = N_("Tổ lưu động")
_PLACE_TYPE = N_("Loại địa điểm")


def _place_type(value: object) -> object:
    # a place type's label; a missing one stays missing
    return value if is_missing(value) else place_type_label(value)


def gap_headers() -> dict[str, str]:
    """Return the gap table's headers in the language in use (:data:`GAP_HEADERS` translated).

    Returns
    -------
    dict
        ``{column: header}`` in the order of the table.

    Examples
    --------
    >>> from geo.i18n import language
    >>> gap_headers()["gap"]
    'Số người chưa kích hoạt'
    >>> with language("en"):
    ...     list(gap_headers().values())[:3]
    ['Rank', 'Commune code', 'Commune/ward/township']
    """
    return {c: _(h) for c, h in GAP_HEADERS.items()}


def gap_table(metrics: pd.DataFrame) -> pd.DataFrame:
    """Rank the communes by gap (people not yet activated), largest first.

    Communes without data come last, unranked. Ties keep the commune code order.

    Parameters
    ----------
    metrics : DataFrame
        :func:`geo.metrics.commune_metrics` rows.

    Returns
    -------
    DataFrame
        The columns of :data:`GAP_HEADERS` that ``metrics`` has, ``rank`` first (``Int64``,
        ``<NA>`` without data).

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


def gap_rows(metrics: pd.DataFrame, districts: Iterable[str] = (), query: str = "") -> pd.DataFrame:
    """Return the gap table narrowed to some districts and to names that contain ``query``.

    The ranks are those of the whole province (:func:`gap_table`), so a commune keeps its rank
    whatever the filter.

    Parameters
    ----------
    metrics : DataFrame
        :func:`geo.metrics.commune_metrics` rows (``district_code``, ``district_name``).
    districts : iterable of str
        District codes; empty = all.
    query : str
        Part of the commune's full name, any case; empty = all.

    Returns
    -------
    DataFrame
        :func:`gap_table` rows, index ``0..n-1``.

    Examples
    --------
    >>> m = pd.DataFrame({"code": ["a", "b", "c"], "full_name": ["Xã An", "Xã Bình", "Xã Ân"],
    ...     "district_code": ["1", "2", "1"], "district_name": ["H1", "H2", "H1"],
    ...     "gap": pd.array([5, 7, 9], "Int64")})
    >>> gap_rows(m, ["1"])[["rank", "code"]].values.tolist()
    [[1, 'c'], [3, 'a']]
    >>> gap_rows(m, query="bình")["code"].tolist()
    ['b']
    """
    table = gap_table(metrics)
    districts = list(districts)
    if districts:
        names = metrics.loc[metrics["district_code"].isin(districts), "district_name"]
        table = table[table["district_name"].isin(names)]
    if query:
        table = table[table["full_name"].str.contains(query, case=False, regex=False)]
    return table.reset_index(drop=True)


def gap_display(table: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Prepare gap table rows for the page: headers in the language in use, numbers as numbers.

    Numbers stay numbers (so the table sorts right); the page formats them in the language in
    use (``1.923``, ``66,8 %``; ``1,923``, ``66.8%``), not in the browser's locale.

    Parameters
    ----------
    table : DataFrame
        :func:`gap_table` or :func:`gap_rows` rows.

    Returns
    -------
    tuple of (DataFrame, list of str, list of str)
        The table under the headers of :func:`gap_headers`; the headers of its whole-number
        columns; the headers of its ratio columns (shown as percentages).

    Examples
    --------
    >>> t = pd.DataFrame({"code": ["a"], "coverage": [0.5], "quota_progress": [0.25]})
    >>> shown, integers, percents = gap_display(t)
    >>> shown.columns.tolist(), shown.iloc[0, 1:].tolist()
    (['Mã xã', 'Tỷ lệ kích hoạt', 'Tiến độ chỉ tiêu'], [0.5, 0.25])
    >>> integers[:2], percents
    (['Công dân đủ điều kiện', 'Đã kích hoạt'], ['Tỷ lệ kích hoạt', 'Tiến độ chỉ tiêu'])
    >>> from geo.i18n import language
    >>> with language("en"):
    ...     gap_display(t)[0].columns.tolist()
    ['Commune code', 'Activation rate (coverage)', 'Quota progress']
    """
    headers = gap_headers()
    numbers = [c for c in headers if c not in _GAP_TEXT_COLUMNS]
    integers = [headers[c] for c in numbers if c not in GAP_PERCENT_COLUMNS]
    percents = [headers[c] for c in GAP_PERCENT_COLUMNS]
    return table.rename(columns=headers), integers, percents


def gap_table_xlsx(table: pd.DataFrame) -> bytes:
    """Write the gap table as an Excel workbook (sheet «Số người chưa kích hoạt»), translated.

    Parameters
    ----------
    table : DataFrame
        :func:`gap_table` or :func:`gap_rows` rows.

    Returns
    -------
    bytes
        The ``.xlsx`` file (formula-safe text, ratios as Excel percentages).
    """
    wb = Workbook()
    sheet = cast(Worksheet, wb.active)  # a new workbook's one sheet
    title = _(_GAP_SHEET)
    write_sheet(
        wb,
        title,
        table,
        gap_headers(),
        ratio_columns=GAP_PERCENT_COLUMNS,
        text_columns=("code", "full_name", "district_name"),
        sheet=sheet,
    )
    sheet.title = title
    return to_bytes(wb)


def visits_by(visits: pd.DataFrame, column: str) -> pd.DataFrame:
    """Group visits by ``team`` or ``place_type``: visits and activations, most activations first.

    Parameters
    ----------
    visits : DataFrame
        Visit rows (``activated`` and the grouping column).
    column : {"team", "place_type"}
        What to group by; place types are shown with their label
        (:func:`geo.schema.place_type_label`).

    Returns
    -------
    DataFrame
        Columns «Tổ lưu động» or «Loại địa điểm», «Lượt làm việc», «Tài khoản kích hoạt».

    Examples
    --------
    >>> v = pd.DataFrame({"team": ["Tổ 1", "Tổ 2", "Tổ 1"], "activated": [3, 4, 5],
    ...                   "place_type": ["household", "school", "household"]})
    >>> visits_by(v, "place_type").values.tolist()
    [['hộ gia đình', 2, 8], ['trường học', 1, 4]]
    """
    header = {"team": _TEAM, "place_type": _PLACE_TYPE}[column]
    label = _(header)
    cols = [label, _("Lượt làm việc"), _("Tài khoản kích hoạt")]
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
        grouped[column] = grouped[column].map(_place_type)
    grouped["a"] = grouped["a"].astype(int)
    grouped.columns = cols
    return grouped


def last_visits(visits: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Return the ``n`` latest visits, newest first, headed in the language in use, dd/mm/yyyy.

    Parameters
    ----------
    visits : DataFrame
        Visit rows (``VISIT_COLUMNS``).
    n : int
        How many (default 10).

    Returns
    -------
    DataFrame
        «Ngày», «Tổ lưu động», «Loại địa điểm», «Địa điểm», «Giờ», «Kích hoạt».
    """
    cols = [_("Ngày"), _(_TEAM), _(_PLACE_TYPE), _("Địa điểm"), _("Giờ"), _("Kích hoạt")]
    if visits.empty:
        return pd.DataFrame(columns=cols)
    v = visits.sort_values(["date", "start"], ascending=False, kind="stable").head(n)
    hours = [
        f"{s}–{e}" if isinstance(s, str) and isinstance(e, str) else ""
        for s, e in zip(v["start"], v["end"], strict=True)
    ]
    values = [
        v["date"].map(format_date).to_numpy(),
        v["team"].to_numpy(),
        v["place_type"].map(_place_type).to_numpy(),
        v["place_name"].fillna("").to_numpy(),
        hours,
        pd.to_numeric(v["activated"], errors="coerce").astype("Int64").to_numpy(),
    ]
    return pd.DataFrame(dict(zip(cols, values, strict=True)))


def data_period(targets: pd.DataFrame, visits: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """Return the first and last day the records cover (visit dates and target ``as_of``).

    Parameters
    ----------
    targets : DataFrame
        Target rows (``as_of``).
    visits : DataFrame
        Visit rows (``date``).

    Returns
    -------
    tuple of datetime.date, or None
        ``(first, last)``; None when there is no dated record.

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
