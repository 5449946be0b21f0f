"""What the meeting pack says: the :class:`MeetingPack`, its headline rows and table headers.

:func:`make_pack` fills a pack from the commune metrics with :mod:`geo.metrics.progress`; the
PDF (:mod:`geo.outputs.reports.handout`), the workbook (:mod:`geo.outputs.reports.workbook`)
and the progress page all print the same labels (:data:`HEADLINE_LABELS`), the same headline
rows (:func:`headline_rows`) and the same projection sentence (:func:`describe_projection`).
Labels and headers are catalog ids (:func:`geo.i18n.N_`), translated where they are printed
(:func:`headline_labels`, :func:`translated`); sentences and figures are written in the
language in use. Nothing here imports streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import geopandas as gpd
import pandas as pd

from geo.fmt import (
    format_date,
    format_int,
    format_number,
    format_percent,
    format_signed_int,
    format_time,
)
from geo.i18n import N_, _, ngettext
from geo.metrics import column_labels, progress
from geo.outputs.pdf import ISSUING_UNIT
from geo.outputs.reports.document import uses_demo_data

__all__ = [
    "CARD_KEYS",
    "CARD_LABELS",
    "COMMUNE_HEADERS",
    "GAP_HEADERS",
    "HEADLINE_LABELS",
    "LEAGUE_HEADERS",
    "PLAN_COLUMNS",
    "PLAN_HEADERS",
    "RATIO_COLUMNS",
    "HeadlineRow",
    "MeetingPack",
    "describe_projection",
    "headline_labels",
    "headline_rows",
    "make_pack",
    "plan_table",
    "translated",
]

#: Columns of a published plan passed to the pack.
PLAN_COLUMNS = ["date", "team", "commune", "window"]


def plan_table(plan: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """Turn a stored plan into the pack's schedule rows: date, team, commune name, time window.

    Parameters
    ----------
    plan : DataFrame
        ``date, team, code, window_start, window_end`` (:meth:`geo.store.Store.published_plan`).
    communes : DataFrame
        The registry the plan was made on: the commune is its ``full_name`` (else ``name``);
        an unknown code stays a code.

    Returns
    -------
    DataFrame
        :data:`PLAN_COLUMNS`; ``window`` is ``"18:00–21:30"``, or ``""`` when a bound is missing;
        then ``district`` (the commune's district name) when ``communes`` has ``district_name``
        and ``expected`` when ``plan`` has ``expected_activations``.

    Examples
    --------
    >>> plan = pd.DataFrame({"date": ["2023-06-01"], "team": ["Tổ 1"], "code": ["13291"],
    ...                      "window_start": ["8:05"], "window_end": ["11:00"]})
    >>> communes = pd.DataFrame({"code": ["13291"], "full_name": ["Phường Lê Hồng Phong"]})
    >>> plan_table(plan, communes).iloc[0].tolist()
    [Timestamp('2023-06-01 00:00:00'), 'Tổ 1', 'Phường Lê Hồng Phong', '08:05–11:00']
    """
    label = "full_name" if "full_name" in communes else "name"
    names = dict(zip(communes["code"].astype(str), communes[label], strict=True))
    windows = [
        f"{format_time(a)}–{format_time(b)}" if format_time(a) and format_time(b) else ""
        for a, b in zip(plan["window_start"], plan["window_end"], strict=True)
    ]
    codes = plan["code"].astype(str)
    out = pd.DataFrame(
        {
            "date": pd.to_datetime(plan["date"]).dt.normalize().to_numpy(),
            "team": plan["team"].astype(str).to_numpy(),
            "commune": [names.get(c, c) for c in codes],
            "window": windows,
        }
    )
    if "district_name" in communes:  # for the plan summary per district
        districts = dict(zip(communes["code"].astype(str), communes["district_name"], strict=True))
        out["district"] = [districts.get(c) for c in codes]
    if "expected_activations" in plan:
        out["expected"] = pd.to_numeric(plan["expected_activations"]).to_numpy()
    return out


#: Labels of the headline figures (catalog ids: show them with :func:`headline_labels`).
HEADLINE_LABELS = {
    "activated": N_("Đã kích hoạt"),
    "eligible": N_("Công dân đủ điều kiện"),
    "coverage": N_("Tỷ lệ kích hoạt"),
    "quota": N_("Chỉ tiêu"),
    "quota_progress": N_("Tiến độ so với chỉ tiêu"),
    "gap": N_("Số người chưa kích hoạt"),
    "communes_at_threshold": N_("Số xã đạt ≥ 80 %"),
    "team_activations": N_("Tổ lưu động kích hoạt trong kỳ"),
    "visits": N_("Lượt làm việc trong kỳ"),
    "this_week": N_("Tổ lưu động kích hoạt 7 ngày qua"),
    "last_week": N_("7 ngày trước đó"),
    "activated_change": N_("Tăng so với tuần trước"),
}

#: Shorter labels of the progress page's cards (``st.metric`` cuts a label to one line; at most
#: 22 characters, see ``tests/views/test_progress_pack.py``); the page puts the printed label
#: (:data:`HEADLINE_LABELS`) in the card's help.
CARD_LABELS = {
    **HEADLINE_LABELS,
    "quota_progress": N_("Tiến độ chỉ tiêu"),
    "gap": N_("Chưa kích hoạt"),
    "this_week": N_("Kích hoạt 7 ngày qua"),
    "team_activations": N_("Tổ kích hoạt trong kỳ"),
}
#: The cards' keys, in the order of :func:`geo.metrics.cards.headline_cards`.
CARD_KEYS = (
    "activated",
    "eligible",
    "coverage",
    "quota_progress",
    "this_week",
    "communes_at_threshold",
    "team_activations",
    "gap",
)

#: Headers of the district league (PDF and workbook; catalog ids of :mod:`geo.metrics`).
LEAGUE_HEADERS = {k: v for k, v in progress.LEAGUE_LABELS.items() if k != "coverage_change"}
#: Headers of the "largest gaps" table (catalog ids).
GAP_HEADERS = {
    "rank": N_("STT"),
    "name": N_("Xã, phường, thị trấn"),
    "district_name": N_("Huyện, thị xã, thành phố"),
    "eligible": N_("Công dân đủ điều kiện"),
    "activated": N_("Đã kích hoạt"),
    "coverage": N_("Tỷ lệ kích hoạt"),
    "gap": N_("Số người chưa kích hoạt"),
    "days_since_visit": N_("Số ngày chưa có tổ đến"),
}
#: Headers of the plan table (columns :data:`PLAN_COLUMNS`; catalog ids).
PLAN_HEADERS = {
    "date": N_("Ngày"),
    "team": N_("Tổ lưu động"),
    "commune": N_("Xã, phường, thị trấn"),
    "window": N_("Khung giờ"),
}
#: Headers of the workbook's sheet of all communes.
COMMUNE_HEADERS = column_labels(
    [
        "code",
        "name",
        "district_name",
        "eligible",
        "quota",
        "activated",
        "coverage",
        "quota_progress",
        "gap",
        "visits",
        "team_activations",
        "last_visit",
        "days_since_visit",
    ],
    {"team_activations": N_("Tổ lưu động kích hoạt")},  # the pack's wording (HEADLINE_LABELS)
)
#: Columns holding fractions (printed as percentages, ``0.0%`` in Excel).
RATIO_COLUMNS = frozenset({"coverage", "quota_progress"})


def translated(headers: Mapping[str, str]) -> dict[str, str]:
    """Translate the headers of a table (catalog ids) into the language in use.

    Parameters
    ----------
    headers : mapping
        ``{column: Vietnamese header}``, e.g. :data:`GAP_HEADERS`.

    Returns
    -------
    dict
        ``{column: header}`` in the language in use, in the same order.

    Examples
    --------
    >>> translated(PLAN_HEADERS)["window"]
    'Khung giờ'
    """
    return {column: _(header) for column, header in headers.items()}


def headline_labels() -> dict[str, str]:
    """Return the labels of the headline figures (:data:`HEADLINE_LABELS`) in the language in use.

    Returns
    -------
    dict
        ``{headline key: label}``, for the progress page's cards, the PDF and the workbook.

    Examples
    --------
    >>> headline_labels()["gap"]
    'Số người chưa kích hoạt'
    """
    return translated(HEADLINE_LABELS)


@dataclass
class MeetingPack:
    """Everything the meeting pack shows, computed beforehand (see :func:`make_pack`).

    Attributes
    ----------
    as_of : date
        Data date ("số liệu đến ngày").
    period : tuple of date
        Reporting period (first, last day), for the team figures.
    boundary_version : str
        Boundary version label shown on the cover and the map ("2020-2024"); a label of
        :data:`geo.places.registry.VERSIONS` (a catalog id) is translated when printed.
    headline : dict
        :func:`geo.metrics.progress.headline_figures`.
    districts : DataFrame
        :func:`geo.metrics.progress.district_league`.
    top_gaps : DataFrame
        :func:`geo.metrics.progress.top_gaps`.
    metrics : DataFrame
        :func:`geo.metrics.commune_metrics` rows (the map and the commune sheet).
    boundaries : GeoDataFrame, optional
        ``code`` + geometry (any CRS, usually EPSG:4326); no map without it.
    plan : DataFrame, optional
        The published plan, columns :data:`PLAN_COLUMNS`.
    projection : Projection, optional
        :func:`geo.metrics.progress.project_target_date`.
    title, unit : str
        Cover title and the issuing unit; the defaults are catalog ids, translated when printed
        (a title or unit given by a user is printed as it is).
    map_metric : str
        Metric of the map (``"coverage"`` or ``"quota_progress"``).
    trend : DataFrame, optional
        ``date, activated_to_date`` (:func:`geo.metrics.cumulative_activations`), for the trend
        chart against the quota.
    demo : bool
        Some figure comes from the demo campaign: every page carries a «DEMO» watermark.
    place : str
        Place of the date line («Hà Nam, ngày … tháng … năm …»; a catalog id).
    requests : DataFrame, optional
        Open home-visit requests per commune, ``code, open, overdue``
        (:func:`geo.planning.requests.requests_per_commune`; no personal data), printed as one
        line after the trend (:func:`geo.outputs.reports.requests.requests_line`).
    """

    as_of: date
    period: tuple[date, date]
    boundary_version: str
    headline: dict[str, float | int | None]
    districts: pd.DataFrame
    top_gaps: pd.DataFrame
    metrics: pd.DataFrame
    boundaries: gpd.GeoDataFrame | None = None
    plan: pd.DataFrame | None = None
    projection: progress.Projection | None = None
    title: str = N_("Báo cáo giao ban")
    unit: str = ISSUING_UNIT
    map_metric: str = "coverage"
    trend: pd.DataFrame | None = None
    demo: bool = False
    place: str = N_("Hà Nam")
    requests: pd.DataFrame | None = None


def make_pack(
    metrics: pd.DataFrame,
    *,
    as_of: date,
    period: tuple[date, date],
    boundary_version: str,
    boundaries: gpd.GeoDataFrame | None = None,
    previous: pd.DataFrame | None = None,
    visits: pd.DataFrame | None = None,
    plan: pd.DataFrame | None = None,
    projection: progress.Projection | None = None,
    n_gaps: int = 10,
    trend: pd.DataFrame | None = None,
    demo: bool | None = None,
    requests: pd.DataFrame | None = None,
) -> MeetingPack:
    """Fill a :class:`MeetingPack` from commune metrics with :mod:`geo.metrics.progress`.

    Parameters
    ----------
    metrics : DataFrame
        :func:`geo.metrics.commune_metrics` as of ``as_of``.
    as_of : date
        Data date.
    period : tuple of date
        Reporting period (first, last day).
    boundary_version : str
        Boundary version label ("2020-2024").
    boundaries : GeoDataFrame, optional
        ``code`` + geometry, for the map.
    previous : DataFrame, optional
        :func:`geo.metrics.commune_metrics` one week earlier (weekly changes).
    visits : DataFrame, optional
        Visit rows, for this week / last week team activations.
    plan : DataFrame, optional
        The published plan, columns :data:`PLAN_COLUMNS`.
    projection : Projection, optional
        :func:`geo.metrics.progress.project_target_date`.
    n_gaps : int
        How many communes the "largest gaps" table lists.
    trend : DataFrame, optional
        ``date, activated_to_date`` over the period, for the trend chart.
    demo : bool, optional
        Whether a figure comes from the demo campaign (the caller knows it from the store:
        :func:`geo.demo.accounts.demo_active`); when not given, it is read from the data
        (:func:`geo.outputs.reports.document.uses_demo_data` on ``visits`` and ``plan``).
    requests : DataFrame, optional
        Open home-visit requests per commune (``code, open, overdue``); no line without it.

    Returns
    -------
    MeetingPack
        Headline figures, district league and largest gaps computed from ``metrics``.
    """
    return MeetingPack(
        as_of=as_of,
        period=period,
        boundary_version=boundary_version,
        headline=progress.headline_figures(metrics, previous, visits=visits, as_of=as_of),
        districts=progress.district_league(metrics, previous),
        top_gaps=progress.top_gaps(metrics, n_gaps),
        metrics=metrics,
        boundaries=boundaries,
        plan=plan,
        projection=projection,
        trend=trend,
        demo=uses_demo_data(visits, plan) if demo is None else bool(demo),
        requests=requests,
    )


def describe_projection(p: progress.Projection) -> str:
    """Say in one sentence when the quota is reached, stating the rate's window.

    Parameters
    ----------
    p : Projection
        :func:`geo.metrics.progress.project_target_date`.

    Returns
    -------
    str
        The sentence printed on the cover, the summary sheet and the progress page, in the
        language in use.

    Examples
    --------
    >>> from geo.metrics.progress import Projection
    >>> describe_projection(Projection(date(2023, 4, 3), 100.0, date(2023, 3, 1),
    ...                                date(2023, 3, 15), 14, 8000.0, 10000.0, False))
    'Với tốc độ bình quân 100 người/ngày trong 14 ngày gần nhất (01/03/2023 – 15/03/2023), dự kiến đạt chỉ tiêu ngày 03/04/2023.'
    """  # noqa: E501
    window = ngettext(
        "{n} ngày gần nhất ({start} – {end})", "{n} ngày gần nhất ({start} – {end})", p.window_days
    ).format(
        n=format_int(p.window_days),
        start=format_date(p.window_start),
        end=format_date(p.window_end),
    )
    if math.isnan(p.target) or p.target <= 0:
        return _("Chưa có chỉ tiêu nên chưa dự báo được ngày đạt chỉ tiêu.")
    if p.reached:
        return _("Đã đạt chỉ tiêu ngày {date}.").format(date=format_date(p.target_date))
    rate = format_number(p.rate_per_day, 0 if abs(p.rate_per_day) >= 10 else 1, trim=True)
    if p.target_date is None:
        return _(
            "Chưa dự báo được ngày đạt chỉ tiêu: số đã kích hoạt không tăng trong {window}."
        ).format(window=window)
    return _(
        "Với tốc độ bình quân {rate} người/ngày trong {window}, dự kiến đạt chỉ tiêu ngày {date}."
    ).format(rate=rate, window=window, date=format_date(p.target_date))


class HeadlineRow(NamedTuple):
    """One headline figure of the pack: its key, label (translated), raw value and display text."""

    key: str
    label: str
    value: object
    text: str


def headline_rows(pack: MeetingPack) -> list[HeadlineRow]:
    """List the headline figures for the cover and the summary sheet, in print order.

    Figures the pack lacks are left out (team figures without visits); missing values print
    as "—".

    Parameters
    ----------
    pack : MeetingPack
        The pack whose :attr:`MeetingPack.headline` is shown.

    Returns
    -------
    list of HeadlineRow
        Stock figures first, then "communes at ≥ 80 % / with data", then the team figures;
        labels and numbers in the language in use.
    """
    h = pack.headline
    labels = headline_labels()
    rows: list[HeadlineRow] = []
    for key in ("activated", "eligible", "coverage", "quota", "quota_progress", "gap"):
        value = h.get(key)
        text = format_percent(value, na="—") if key in RATIO_COLUMNS else format_int(value, na="—")
        rows.append(HeadlineRow(key, labels[key], value, text))
    hit, total = h.get("communes_at_threshold"), h.get("communes_with_data")
    rows.append(
        HeadlineRow(
            "communes_at_threshold",
            _("{label} / số xã có số liệu").format(label=labels["communes_at_threshold"]),
            hit,
            f"{format_int(hit, na='—')}/{format_int(total, na='—')}",
        )
    )
    for key in ("team_activations", "visits", "this_week", "last_week", "activated_change"):
        value = h.get(key)
        if value is None:
            continue
        text = format_signed_int(value) if key == "activated_change" else format_int(value)
        rows.append(HeadlineRow(key, labels[key], value, text))
    return rows
