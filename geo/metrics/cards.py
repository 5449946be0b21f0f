"""The figure cards of the pages: label, value and the small print, as text, ready to draw.

:func:`panel_cards` gives the map page's panel (the province, or one commune), and
:func:`headline_cards` the progress page's headline. The province figures are
:func:`geo.metrics.rollup` rows and the headline :func:`geo.metrics.progress.headline_figures`,
so a card shows the same number as every table and export. Each :class:`Card` maps onto one
``st.metric`` call; nothing here imports streamlit. Texts and numbers come out in the language
in use (:mod:`geo.i18n`, :mod:`geo.fmt`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from geo.fmt import format_date, format_int, format_percent, format_signed_int, format_signed_points
from geo.i18n import N_, _, ngettext
from geo.metrics.classes import NO_DATA_LABEL
from geo.metrics.labels import column_labels
from geo.metrics.league import THRESHOLD
from geo.metrics.rollup import PROVINCE_NAME, province_row

__all__ = ["NA", "Card", "headline_cards", "panel_cards", "panel_heading"]

#: Text of a missing figure on a card.
NA = "—"
_SINCE_LAST_WEEK = N_("so với tuần trước")
#: Cards of the map panel; their labels are the shared column wording, except the last visit.
_PANEL_COLUMNS = (
    "eligible",
    "activated",
    "coverage",
    "gap",
    "quota_progress",
    "visits",
    "team_activations",
    "last_visit",
)
_PANEL_OWN = {"last_visit": N_("Lần gần nhất có tổ đến")}


@dataclass(frozen=True)
class Card:
    """One figure card (``st.metric``): a label, a value and optional small print.

    Attributes
    ----------
    label, value : str
        What the figure is, and the figure, in the language in use.
    caption : str or None
        A line shown under the card.
    delta, delta_description : str or None
        The change, and what it is measured against.
    delta_color : {"normal", "off"}
        ``"off"`` greys out a change of zero.
    help : str or None
        The card's tooltip.
    """

    label: str
    value: str
    caption: str | None = None
    delta: str | None = None
    delta_description: str | None = None
    delta_color: Literal["normal", "off"] = "normal"
    help: str | None = None

    def metric_args(self) -> dict[str, str | None]:
        """Return the card as the arguments of one ``st.metric`` call (all but the caption).

        Returns
        -------
        dict
            ``label``, ``value``, ``delta``, ``delta_description``, ``delta_color``, ``help``.

        Examples
        --------
        >>> Card("Đã kích hoạt", "401.592", delta="+1.234").metric_args()["delta"]
        '+1.234'
        """
        return {
            "label": self.label,
            "value": self.value,
            "delta": self.delta,
            "delta_description": self.delta_description,
            "delta_color": self.delta_color,
            "help": self.help,
        }


def panel_heading(
    metrics: pd.DataFrame, code: str | None = None, whole: str | None = None
) -> tuple[str, str | None, str | None]:
    """Return the heading of the map page's panel: title, caption and a no-data note.

    Parameters
    ----------
    metrics : DataFrame
        :func:`geo.metrics.commune_metrics` rows of the map.
    code : str, optional
        A commune code of ``metrics``; None for the province.
    whole : str, optional
        The title of the figures of every row (an account scoped to a district names it);
        default «Toàn tỉnh».

    Returns
    -------
    tuple of (str, str or None, str or None)
        The title («Toàn tỉnh» or the commune's full name), the line under it (a hint, or the
        commune's district) and, for a commune without data, why it has none.

    Examples
    --------
    >>> m = pd.DataFrame({"code": ["1"], "full_name": ["Xã An Nội"],
    ...                   "district_name": ["Huyện Bình Lục"], "has_data": [False]})
    >>> panel_heading(m)[0], panel_heading(m, "1")[:2]
    ('Toàn tỉnh', ('Xã An Nội', 'Huyện Bình Lục'))
    >>> panel_heading(m, whole="Huyện Bình Lục")[0]
    'Huyện Bình Lục'
    """
    if code is None:
        hint = _("Bấm vào một xã trên bản đồ hoặc trong bảng để xem chi tiết.")
        return whole or _(PROVINCE_NAME), hint, None
    row = metrics.set_index("code").loc[code]
    district = row.get("district_name")
    note = None
    if not row["has_data"]:
        note = _("Chưa có số liệu: chưa nhập chỉ tiêu hoặc số kích hoạt chính thức của xã này.")
    return str(row["full_name"]), district if isinstance(district, str) else None, note


def panel_cards(metrics: pd.DataFrame, code: str | None = None) -> list[Card]:
    """Build the cards of the map page's panel: the province, or the commune ``code``.

    Parameters
    ----------
    metrics : DataFrame
        :func:`geo.metrics.commune_metrics` rows of the map.
    code : str, optional
        A commune code of ``metrics``; None for the province («Toàn tỉnh»), whose figures are
        the :func:`geo.metrics.rollup` province row.

    Returns
    -------
    list of Card
        The province: eligible, activated, coverage, gap, visits, team activations. A commune:
        the same with quota progress and the last visit (its caption: the days since).

    Examples
    --------
    >>> m = pd.DataFrame({"code": ["1", "2"], "eligible": [1000, 500], "activated": [540, pd.NA],
    ...     "gap": [460, pd.NA], "coverage": [0.54, float("nan")], "quota": [800, 400],
    ...     "quota_progress": [0.675, float("nan")], "visits": [2, 1],
    ...     "team_activations": [40, 7], "last_visit": pd.to_datetime(["2023-02-20", None]),
    ...     "days_since_visit": [9, pd.NA], "officer_hours": [4.0, 0.0],
    ...     "timed_activations": [30, 0], "has_data": [True, False]})
    >>> [(c.label, c.value) for c in panel_cards(m)][2:4]
    [('Tỷ lệ kích hoạt', '54,0 %'), ('Số người chưa kích hoạt', '460')]
    >>> [c.value for c in panel_cards(m)], panel_cards(m, "1")[-1].caption
    (['1.000', '540', '54,0 %', '460', '3', '47'], '9 ngày chưa có tổ đến')
    >>> [c.value for c in panel_cards(m, "2")]
    ['500', '—', 'chưa có số liệu', '—', '—', '1', '7', 'chưa có']
    """
    labels = column_labels(_PANEL_COLUMNS, _PANEL_OWN)
    if code is None:
        p = province_row(metrics)
        return [
            Card(labels["eligible"], format_int(p["eligible"])),
            Card(labels["activated"], format_int(p["activated"])),
            Card(labels["coverage"], format_percent(p["coverage"])),
            Card(labels["gap"], format_int(p["gap"])),
            Card(labels["visits"], format_int(p["visits"])),
            Card(labels["team_activations"], format_int(p["team_activations"])),
        ]
    row = metrics.set_index("code").loc[code]
    days = row["days_since_visit"]
    since = None
    if not pd.isna(days):
        n = int(days)
        since = ngettext("{n} ngày chưa có tổ đến", "{n} ngày chưa có tổ đến", n)
        since = since.format(n=format_int(n))
    return [
        Card(labels["eligible"], format_int(row["eligible"], na=NA)),
        Card(labels["activated"], format_int(row["activated"], na=NA)),
        Card(labels["coverage"], format_percent(row["coverage"], na=_(NO_DATA_LABEL))),
        Card(labels["gap"], format_int(row["gap"], na=NA)),
        Card(labels["quota_progress"], format_percent(row["quota_progress"], na=NA)),
        Card(labels["visits"], format_int(row["visits"], na="0")),
        Card(labels["team_activations"], format_int(row["team_activations"], na="0")),
        Card(
            labels["last_visit"],
            format_date(row["last_visit"], na=_("chưa có")),
            caption=since,
        ),
    ]


def _delta(change: float | None, fmt: Callable[[object], str]) -> str | None:
    # a change that cannot be computed (no previous snapshot) shows no delta, not "+0"
    return None if change is None else fmt(change)


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def headline_cards(
    headline: Mapping[str, float | int | None], labels: Mapping[str, str]
) -> list[Card]:
    """Build the eight headline cards of the progress page, with their changes and help texts.

    Parameters
    ----------
    headline : mapping
        :func:`geo.metrics.progress.headline_figures` with a previous snapshot and the visits.
    labels : mapping
        Card labels by headline key (:data:`geo.outputs.reports.HEADLINE_LABELS`): Vietnamese
        catalog ids, shown in the language in use.

    Returns
    -------
    list of Card
        Two rows of four: activated, eligible, coverage, quota progress; the last 7 days, the
        communes at 80 %, the period's team activations, the gap.

    Examples
    --------
    >>> h = {"activated": 21100, "eligible": 32500, "coverage": 0.649, "quota": 26000,
    ...      "quota_progress": 0.8115, "gap": 11400, "communes_with_data": 7,
    ...      "communes_at_threshold": 3, "communes_at_threshold_previous": 3,
    ...      "team_activations": 990, "visits": 8, "activated_change": 500,
    ...      "coverage_change": 0.0154, "this_week": 550, "last_week": 440}
    >>> cards = headline_cards(h, {k: k for k in h})
    >>> [(c.value, c.delta) for c in cards][:5:2]
    [('21.100', '+500'), ('64,9 %', '+1,5 điểm %'), ('550', '+110')]
    >>> cards[5].value, cards[5].delta, cards[5].delta_color
    ('3/7', '0', 'off')
    >>> cards[3].help
    'Số đã kích hoạt / chỉ tiêu (26.000); có thể vượt 100 %.'
    """
    h = headline
    labels = {key: _(label) for key, label in labels.items()}
    since_last_week = _(_SINCE_LAST_WEEK)
    week = _change(h["this_week"], h["last_week"])
    at = _change(h["communes_at_threshold"], h["communes_at_threshold_previous"])
    communes = (
        f"{format_int(h['communes_at_threshold'])}/{format_int(h['communes_with_data'], na=NA)}"
    )
    quota = format_int(h["quota"], na=NA)
    last_week = format_int(h["last_week"])
    return [
        Card(
            labels["activated"],
            format_int(h["activated"], na=NA),
            delta=_delta(h["activated_change"], format_signed_int),
            delta_description=since_last_week,
        ),
        Card(labels["eligible"], format_int(h["eligible"], na=NA)),
        Card(
            labels["coverage"],
            format_percent(h["coverage"], na=NA),
            delta=_delta(h["coverage_change"], format_signed_points),
            delta_description=since_last_week,
            help=_("Số đã kích hoạt / công dân đủ điều kiện (đã có CCCD gắn chip)."),
        ),
        Card(
            labels["quota_progress"],
            format_percent(h["quota_progress"], na=NA),
            help=_("Số đã kích hoạt / chỉ tiêu ({quota}); có thể vượt {full}.").format(
                quota=quota, full=format_percent(1.0, 0)
            ),
        ),
        Card(
            labels["this_week"],
            format_int(h["this_week"], na=NA),
            delta=_delta(week, format_signed_int),
            delta_description=None
            if week is None
            else _("so với 7 ngày trước đó ({n})").format(n=last_week),
        ),
        Card(
            labels["communes_at_threshold"],
            communes,
            delta=_delta(at, format_signed_int),
            delta_description=since_last_week,
            delta_color="normal" if at else "off",
            help=_("Số xã đạt tỷ lệ kích hoạt ≥ {threshold} / số xã có số liệu.").format(
                threshold=format_percent(THRESHOLD, 0)
            ),
        ),
        Card(
            labels["team_activations"],
            format_int(h["team_activations"], na=NA),
            help=ngettext(
                "{n} lượt làm việc trong kỳ báo cáo.",
                "{n} lượt làm việc trong kỳ báo cáo.",
                int(h["visits"] or 0),
            ).format(n=format_int(h["visits"], na=NA)),
        ),
        Card(labels["gap"], format_int(h["gap"], na=NA)),
    ]
