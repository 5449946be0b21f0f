"""Map legends as plain HTML/CSS for the pages (no JavaScript, nothing from a CDN).

One builder, :func:`swatch_legend`, lays out a bold title and a row of coloured swatches with
their labels; :func:`box_swatch` (choropleth classes, "no data" hatched) and :func:`dot_swatch`
(team colours) give the swatch styles. The map modules wrap it for their own rows:
:func:`geo.outputs.maps.legend_html` and :func:`geo.outputs.schedule_map.legend_html`.
Nothing here imports streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable

from geo.outputs.text import html_text

__all__ = ["box_swatch", "dot_swatch", "swatch_legend"]

_ITEM = '<span style="display:inline-flex;align-items:center;margin:0 14px 4px 0">'


def box_swatch(colour: str, *, hatched: bool = False) -> str:
    """Style a 22 x 14 px box swatch: filled with ``colour``, or hatched with it on white.

    Parameters
    ----------
    colour : str
        CSS colour.
    hatched : bool
        Diagonal stripes of ``colour`` on white (the "no data" swatch) instead of a fill.

    Returns
    -------
    str
        Inline CSS for :func:`swatch_legend`.

    Examples
    --------
    >>> box_swatch("#d7191c")
    'width:22px;height:14px;border:1px solid #555;background:#d7191c'
    """
    fill = f"repeating-linear-gradient(45deg,{colour} 0 3px,#fff 3px 6px)" if hatched else colour
    return f"width:22px;height:14px;border:1px solid #555;background:{fill}"


def dot_swatch(colour: str) -> str:
    """Style a round 14 px swatch filled with ``colour``.

    Parameters
    ----------
    colour : str
        CSS colour.

    Returns
    -------
    str
        Inline CSS for :func:`swatch_legend`.

    Examples
    --------
    >>> dot_swatch("#1f77b4")
    'width:14px;height:14px;border-radius:50%;background:#1f77b4'
    """
    return f"width:14px;height:14px;border-radius:50%;background:{colour}"


def swatch_legend(title: str, entries: Iterable[tuple[str, str]], *, note: str = "") -> str:
    """Build a legend: a bold title, then one swatch and its label per entry.

    Parameters
    ----------
    title : str
        Legend title (escaped).
    entries : iterable of (str, str)
        ``(label, swatch style)`` pairs; labels are escaped, styles are inline CSS from
        :func:`box_swatch` or :func:`dot_swatch`.
    note : str
        Text after the title on the same line (escaped), e.g. what the marker shapes mean.

    Returns
    -------
    str
        A ``<div class="vneid-legend">`` element.

    Examples
    --------
    >>> swatch_legend("Tổ <lưu động>", [("Tổ 1", dot_swatch("#1f77b4"))])[:80]
    '<div class="vneid-legend" style="font-size:0.85rem;line-height:1.4"><b>Tổ &lt;lư'
    """
    items = "".join(
        f'{_ITEM}<span style="{style};display:inline-block;margin-right:6px"></span>'
        f"{html_text(label)}</span>"
        for label, style in entries
    )
    return (
        '<div class="vneid-legend" style="font-size:0.85rem;line-height:1.4">'
        f"<b>{html_text(title)}</b>{html_text(note)}<br>{items}</div>"
    )
