"""The meeting pack's trend chart: cumulative activations against the quota, with the projection.

Drawn with matplotlib's :class:`~matplotlib.figure.Figure` (Agg, no pyplot state, safe in the
server's threads), the same three layers as the progress page's chart
(:func:`geo.outputs.charts.trend_chart`): a solid line of the activated count, a dashed red
quota line and a dotted grey line from the last figure to the projected date. Labels come from
the catalog and numbers from :mod:`geo.fmt`. Nothing here imports streamlit.
"""

from __future__ import annotations

import io
import math
from datetime import datetime

import pandas as pd
from matplotlib.dates import AutoDateLocator
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from geo.fmt import format_date, format_int
from geo.i18n import _
from geo.metrics.progress import Projection

__all__ = ["render_trend_png"]


def render_trend_png(
    trend: pd.DataFrame | None,
    quota: float | None,
    projection: Projection | None,
    *,
    dpi: int = 200,
    size: tuple[float, float] = (7.0, 3.2),
) -> bytes | None:
    r"""Render the cumulative activations, the quota and the projection as a PNG.

    Parameters
    ----------
    trend : DataFrame, optional
        ``date, activated_to_date``; days without a figure are left out.
    quota : float, optional
        The quota (dashed red line); missing or NaN draws no line.
    projection : Projection, optional
        Drawn from its ``window_end`` / ``current`` to ``target_date`` / ``target`` while the
        quota is not reached.
    dpi : int
        Resolution.
    size : tuple of float
        Width and height in inches.

    Returns
    -------
    bytes or None
        The PNG, or None when the trend has no figure.

    Examples
    --------
    >>> trend = pd.DataFrame({"date": pd.to_datetime(["2023-03-01", "2023-03-14"]),
    ...                       "activated_to_date": [100.0, 240.0]})
    >>> render_trend_png(trend, 300, None, dpi=50)[:4]
    b'\x89PNG'
    >>> render_trend_png(trend.iloc[:0], 300, None) is None
    True
    """
    if trend is None:
        return None
    data = trend.dropna(subset=["activated_to_date"])
    if data.empty:
        return None
    fig = Figure(figsize=size, dpi=dpi)
    ax = fig.add_subplot()
    dates = pd.to_datetime(data["date"])
    ax.plot(dates, data["activated_to_date"], color="#1f4e8c", lw=2, label=_("Đã kích hoạt"))
    if quota is not None and not math.isnan(float(quota)) and quota > 0:
        ax.axhline(float(quota), color="#c0392b", ls="--", lw=1.4, label=_("Chỉ tiêu"))
        ax.annotate(
            _("Chỉ tiêu {n}").format(n=format_int(quota)),
            (dates.iloc[0], float(quota)),
            xytext=(2, 3),
            textcoords="offset points",
            color="#c0392b",
            fontsize=8,
        )
    p = projection
    if p is not None and not p.reached and p.target_date is not None:
        end = datetime(p.target_date.year, p.target_date.month, p.target_date.day)
        start = datetime(p.window_end.year, p.window_end.month, p.window_end.day)
        ax.plot(
            pd.to_datetime([start, end]),
            [p.current, p.target],
            color="#7f7f7f",
            ls=":",
            lw=1.6,
            label=_("Dự báo đạt chỉ tiêu ngày {date}").format(date=format_date(p.target_date)),
        )
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_int(v)))
    # at most six dates along the axis: ten-character dates side by side would run together
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=6))
    ax.xaxis.set_major_formatter(FuncFormatter(_date_tick))
    ax.set_ylim(bottom=0)
    ax.grid(True, color="#dddddd", lw=0.6)
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=8, loc="lower right", frameon=False)
    ax.set_ylabel(_("Số đã kích hoạt cộng dồn"), fontsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()


def _date_tick(value: float, _pos: object) -> str:
    """Label a date tick (matplotlib's day number) in the language's date format."""
    from matplotlib.dates import num2date

    return format_date(num2date(value).date())
