"""Altair charts of the progress page: pure builders (no streamlit), formats of the language.

Every chart carries the number and time locale of the language in use in its Vega-Lite config
(:func:`chart_locale`, applied by :func:`localized`), so the browser writes axis numbers and
tooltips as :mod:`geo.fmt` does: ``5.000`` and ``66,8 %`` in Vietnamese, ``5,000`` and ``66.8%``
in English. Titles, legends and tooltip titles come from the catalog (:mod:`geo.i18n`); the
figures in tooltips are text already formatted by :mod:`geo.fmt`.

Altair/Vega ship with Streamlit's frontend, so these charts render without internet access.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

import altair as alt
import pandas as pd
from babel import Locale

from geo.fmt import format_date, format_int, format_number, format_percent
from geo.i18n import Lang, _, current_language
from geo.metrics.progress import Projection, team_sort_key

__all__ = [
    "INT_FORMAT",
    "chart_locale",
    "commune_trend_chart",
    "localized",
    "trend_chart",
    "weekly_chart",
]

#: d3 format of a whole number with the locale's thousands separator (``400.000`` / ``400,000``).
INT_FORMAT = ",d"
#: d3 time patterns per language; dates read ``dd/mm/yyyy`` in both (GLOSSARY.md), English
#: keeps the rest of d3's en-US defaults.
_TIME_PATTERNS: dict[Lang, dict[str, Any]] = {
    "vi": {"dateTime": "%x %X", "date": "%d/%m/%Y", "time": "%H:%M:%S", "periods": ["SA", "CH"]},
    "en": {
        "dateTime": "%x, %X",
        "date": "%-m/%-d/%Y",
        "time": "%-I:%M:%S %p",
        "periods": ["AM", "PM"],
    },
}
#: Currency of the number locale: the đồng after the number in Vietnamese, d3's en-US default.
_CURRENCY: dict[Lang, list[str]] = {"vi": ["", " ₫"], "en": ["$", ""]}

_C = TypeVar("_C", bound=alt.TopLevelMixin)


def _capitalised(text: str) -> str:
    """Upper-case the first letter only ("thg 1" -> "Thg 1")."""
    return text[:1].upper() + text[1:]


@cache
def _locale(lang: Lang) -> dict[str, Any]:
    """Build (once per language) the Vega locale of ``lang``; see :func:`chart_locale`."""
    cldr = Locale.parse(lang)
    sunday_first = (6, 0, 1, 2, 3, 4, 5)  # d3 starts the week on Sunday, CLDR on Monday
    days = cldr.days["format"]
    months, short_months = cldr.months["stand-alone"]["wide"], cldr.months["format"]["abbreviated"]
    number = {
        # the separators and the percent sign as geo.fmt writes them (one source of formats)
        "decimal": format_number(0.5, 1, lang=lang)[1],
        "thousands": format_int(1000, lang=lang)[1],
        "grouping": [3],
        "currency": list(_CURRENCY[lang]),
        "percent": format_percent(0, 0, lang=lang).removeprefix("0"),
    }
    time = {
        **_TIME_PATTERNS[lang],
        "days": [str(days["wide"][i]) for i in sunday_first],
        "shortDays": [str(days["abbreviated"][i]) for i in sunday_first],
        "months": [str(months[m]) for m in range(1, 13)],
        "shortMonths": [_capitalised(str(short_months[m])) for m in range(1, 13)],
    }
    return {"number": number, "time": time}


def chart_locale(lang: Lang | None = None) -> dict[str, Any]:
    """Return the Vega-Lite ``config.locale`` of a language: number and time formats.

    Parameters
    ----------
    lang : {"vi", "en"}, optional
        Default: the language in use (:func:`geo.i18n.current_language`).

    Returns
    -------
    dict
        ``{"number": {...}, "time": {...}}``: Vietnamese groups with ``.``, writes a decimal
        comma and ``66,8 %``, and names months and days in Vietnamese (CLDR, from Babel);
        English has d3's en-US defaults (``5,000``, ``66.8%``).

    Examples
    --------
    >>> chart_locale("vi")["number"]
    {'decimal': ',', 'thousands': '.', 'grouping': [3], 'currency': ['', ' ₫'], 'percent': ' %'}
    >>> chart_locale("en")["number"]["thousands"], chart_locale("vi")["time"]["days"][:2]
    (',', ['Chủ Nhật', 'Thứ Hai'])
    """
    found = _locale(lang or current_language())
    return {"number": dict(found["number"]), "time": dict(found["time"])}


def localized(chart: _C) -> _C:
    """Give a chart the number and time locale of the language in use (:func:`chart_locale`).

    Every chart of this module goes through here, so the browser formats its axes and tooltips
    as :mod:`geo.fmt` does.

    Parameters
    ----------
    chart : alt.Chart or alt.LayerChart
        A top-level chart.

    Returns
    -------
    alt.Chart or alt.LayerChart
        A copy with ``config.locale`` set.
    """
    return chart.configure(locale=chart_locale())


def commune_trend_chart(trend: pd.DataFrame) -> alt.Chart | None:
    """Chart one commune's cumulative activations for the map's commune panel.

    Parameters
    ----------
    trend : DataFrame
        ``date, activated_to_date`` (:func:`geo.metrics.cumulative_activations` of one code).

    Returns
    -------
    alt.Chart or None
        A 180 px line chart of the days with a figure; None when no day has one.

    Examples
    --------
    >>> trend = pd.DataFrame({"date": pd.to_datetime(["2023-03-01", "2023-03-02"]),
    ...                       "activated_to_date": [None, 120.0]})
    >>> commune_trend_chart(trend).to_dict()["height"]
    180
    >>> commune_trend_chart(trend.iloc[:1]) is None
    True
    """
    days = trend.dropna()
    if days.empty:
        return None
    chart = (
        alt.Chart(days)
        .mark_line(point=False)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%d/%m")),
            y=alt.Y(
                "activated_to_date:Q",
                title=_("Đã kích hoạt (lũy kế)"),
                axis=alt.Axis(format=INT_FORMAT),
            ),
        )
        .properties(height=180)
    )
    return localized(chart)


def trend_chart(
    trend: pd.DataFrame, quota: float | None, projection: Projection | None
) -> alt.LayerChart:
    """Chart the cumulative activations, the quota line and the projection to the quota.

    Parameters
    ----------
    trend : DataFrame
        ``date, activated_to_date`` (:func:`geo.metrics.cumulative_activations`); days without
        a figure are left out.
    quota : float, optional
        The quota, drawn as a dashed red line with its label.
    projection : Projection, optional
        :func:`geo.metrics.progress.project_target_date`, drawn as a dashed grey line to the
        target date while the quota is not reached.

    Returns
    -------
    alt.LayerChart
        The line, then the quota rule and label, then the projection (when given).
    """
    data = trend.dropna(subset=["activated_to_date"])
    data = pd.DataFrame(
        {
            "date": data["date"],
            "value": data["activated_to_date"].astype("float64"),
            "Ngày": data["date"].map(format_date),
            "Đã kích hoạt": data["activated_to_date"].map(format_int),
        }
    )
    tooltip = [
        alt.Tooltip("Ngày:N", title=_("Ngày")),
        alt.Tooltip("Đã kích hoạt:N", title=_("Đã kích hoạt")),
    ]
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%d/%m", labelAngle=0))
    y_axis = alt.Axis(format=INT_FORMAT, title=_("Số đã kích hoạt (cộng dồn)"))
    line = (
        alt.Chart(data)
        .mark_line(color="#2c7bb6", strokeWidth=3)
        .encode(
            x=x,
            y=alt.Y("value:Q", axis=y_axis, scale=alt.Scale(zero=False)),
            tooltip=tooltip,
        )
    )
    layers = [line]
    if quota is not None and not pd.isna(quota):
        text = _("Chỉ tiêu {quota}").format(quota=format_int(quota))
        target = pd.DataFrame({"value": [float(quota)], "text": [text]})
        rule = alt.Chart(target).mark_rule(color="#d7191c", strokeDash=[6, 4], strokeWidth=2)
        layers.append(rule.encode(y="value:Q", tooltip=alt.Tooltip("text:N", title=_("Chỉ tiêu"))))
        label = alt.Chart(target).mark_text(
            align="left", baseline="bottom", dx=4, dy=-4, color="#d7191c", fontWeight="bold"
        )
        layers.append(label.encode(y="value:Q", x=alt.value(0), text="text:N"))
    if projection is not None and projection.target_date is not None and not projection.reached:
        ahead = pd.DataFrame(
            {
                "date": pd.to_datetime([projection.window_end, projection.target_date]),
                "value": [projection.current, projection.target],
                "Ngày": [format_date(projection.window_end), format_date(projection.target_date)],
                "Đã kích hoạt": [format_int(projection.current), format_int(projection.target)],
            }
        )
        dashed = alt.Chart(ahead).mark_line(color="#7f7f7f", strokeDash=[3, 3], strokeWidth=2)
        layers.append(dashed.encode(x=x, y="value:Q", tooltip=tooltip))
    return localized(alt.LayerChart(layer=layers).properties(height=340))


def weekly_chart(weekly: pd.DataFrame) -> alt.Chart:
    """Chart the team activations per week, one colour per team.

    Parameters
    ----------
    weekly : DataFrame
        :func:`geo.metrics.progress.weekly_by_team` (``week_start, week_end, team, visits,
        activated``).

    Returns
    -------
    alt.Chart
        Stacked bars per week, teams in natural order ("Tổ 2" before "Tổ 10").
    """
    data = pd.DataFrame(
        {
            "Tuần": weekly["week_start"].dt.strftime("%d/%m"),
            "Từ ngày": weekly["week_start"].map(format_date),
            "Đến ngày": weekly["week_end"].map(format_date),
            "Tổ lưu động": weekly["team"].astype(str),
            "value": weekly["activated"].astype("int64"),
            "Kích hoạt": weekly["activated"].map(format_int),
            "Lượt làm việc": weekly["visits"].map(format_int),
        }
    )
    weeks = list(dict.fromkeys(data["Tuần"]))
    teams = sorted(set(data["Tổ lưu động"]), key=team_sort_key)
    data["stack"] = data["Tổ lưu động"].map({t: i for i, t in enumerate(teams)})
    team_title = _("Tổ lưu động")
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "Tuần:O", sort=weeks, title=_("Tuần bắt đầu từ ngày"), axis=alt.Axis(labelAngle=0)
            ),
            y=alt.Y(
                "sum(value):Q",
                title=_("Kích hoạt qua tổ lưu động"),
                axis=alt.Axis(format=INT_FORMAT),
            ),
            color=alt.Color(
                "Tổ lưu động:N",
                sort=teams,
                scale=alt.Scale(scheme="category20"),
                legend=alt.Legend(title=team_title, symbolLimit=0, labelLimit=220),
            ),
            order=alt.Order("stack:Q"),
            tooltip=[
                alt.Tooltip("Tổ lưu động:N", title=team_title),
                alt.Tooltip("Từ ngày:N", title=_("Từ ngày")),
                alt.Tooltip("Đến ngày:N", title=_("Đến ngày")),
                alt.Tooltip("Kích hoạt:N", title=_("Kích hoạt")),
                alt.Tooltip("Lượt làm việc:N", title=_("Lượt làm việc")),
            ],
        )
        .properties(height=420)
    )
    return localized(chart)
