"""Altair charts of the progress page: pure builders (no streamlit), Vietnamese formats.

Altair/Vega ship with Streamlit's frontend, so these charts render without internet access.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from geo.fmt import format_date, format_int
from geo.metrics.progress import Projection, team_sort_key

__all__ = ["VI_NUMBER", "commune_trend_chart", "trend_chart", "weekly_chart"]

#: Vega expression: an axis number with the Vietnamese thousands separator (400.000).
VI_NUMBER = "replace(format(datum.value, ',d'), regexp(',', 'g'), '.')"


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
    return (
        alt.Chart(days)
        .mark_line(point=False)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%d/%m")),
            y=alt.Y("activated_to_date:Q", title="Đã kích hoạt (lũy kế)"),
        )
        .properties(height=180)
    )


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
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%d/%m", labelAngle=0))
    y_axis = alt.Axis(labelExpr=VI_NUMBER, title="Số đã kích hoạt (cộng dồn)")
    line = (
        alt.Chart(data)
        .mark_line(color="#2c7bb6", strokeWidth=3)
        .encode(
            x=x,
            y=alt.Y("value:Q", axis=y_axis, scale=alt.Scale(zero=False)),
            tooltip=["Ngày:N", "Đã kích hoạt:N"],
        )
    )
    layers = [line]
    if quota is not None and not pd.isna(quota):
        target = pd.DataFrame({"value": [float(quota)], "text": [f"Chỉ tiêu {format_int(quota)}"]})
        rule = alt.Chart(target).mark_rule(color="#d7191c", strokeDash=[6, 4], strokeWidth=2)
        layers.append(rule.encode(y="value:Q", tooltip=alt.Tooltip("text:N", title="Chỉ tiêu")))
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
        layers.append(dashed.encode(x=x, y="value:Q", tooltip=["Ngày:N", "Đã kích hoạt:N"]))
    return alt.LayerChart(layer=layers).properties(height=340)


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
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "Tuần:O", sort=weeks, title="Tuần bắt đầu từ ngày", axis=alt.Axis(labelAngle=0)
            ),
            y=alt.Y(
                "sum(value):Q",
                title="Kích hoạt qua tổ lưu động",
                axis=alt.Axis(labelExpr=VI_NUMBER),
            ),
            color=alt.Color(
                "Tổ lưu động:N",
                sort=teams,
                scale=alt.Scale(scheme="category20"),
                legend=alt.Legend(title="Tổ lưu động", symbolLimit=0, labelLimit=220),
            ),
            order=alt.Order("stack:Q"),
            tooltip=["Tổ lưu động:N", "Từ ngày:N", "Đến ngày:N", "Kích hoạt:N", "Lượt làm việc:N"],
        )
        .properties(height=420)
    )
