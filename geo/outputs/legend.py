"""Map legends as plain HTML/CSS for the pages (no JavaScript, nothing from a CDN).

One builder, :func:`swatch_legend`, lays out a bold title and a row of coloured swatches with
their labels (and, optionally, more titled rows in the same box); :func:`box_swatch` (choropleth
classes, "no data" hatched), :func:`dot_swatch` (team colours) and :func:`ring_swatch` (visit
markers: a fill inside a dark outline) give the swatch styles. The map modules wrap it for their
own rows: :func:`geo.outputs.maps.legend_html` and :func:`geo.outputs.schedule_map.legend_html`.
Nothing here imports streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable

from geo.outputs.text import html_text

__all__ = ["box_swatch", "dot_swatch", "ring_swatch", "swatch_legend"]

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


def ring_swatch(fill: str, outline: str) -> str:
    """Style a round 14 px swatch filled with ``fill`` inside a 2 px ``outline`` (a visit marker).

    Parameters
    ----------
    fill : str
        CSS colour of the disc.
    outline : str
        CSS colour of its ring.

    Returns
    -------
    str
        Inline CSS for :func:`swatch_legend`.

    Examples
    --------
    >>> ring_swatch("#cc00cc", "#1f2a36").split(";")[3:]
    ['background:#cc00cc', 'border:2px solid #1f2a36', 'box-sizing:border-box']
    """
    return f"{dot_swatch(fill)};border:2px solid {outline};box-sizing:border-box"


def _row(title: str, entries: Iterable[tuple[str, str]], note: str) -> str:
    """One titled row of a legend: the bold title, its note, a line break, the swatches."""
    items = "".join(
        f'{_ITEM}<span style="{style};display:inline-block;margin-right:6px"></span>'
        f"{html_text(label)}</span>"
        for label, style in entries
    )
    return f"<b>{html_text(title)}</b>{html_text(note)}<br>{items}"


def swatch_legend(
    title: str,
    entries: Iterable[tuple[str, str]],
    *,
    note: str = "",
    more: Iterable[tuple[str, Iterable[tuple[str, str]], str]] = (),
) -> str:
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
    more : iterable of (str, iterable of (str, str), str)
        Further rows in the same box, each ``(title, entries, note)`` as above (e.g. the visit
        markers under the classes of the map).

    Returns
    -------
    str
        A ``<div class="vneid-legend">`` element.

    Examples
    --------
    >>> swatch_legend("Tổ <lưu động>", [("Tổ 1", dot_swatch("#1f77b4"))])[:80]
    '<div class="vneid-legend" style="font-size:0.85rem;line-height:1.4"><b>Tổ &lt;lư'
    >>> two = swatch_legend("A", [], more=[("B", [("b", dot_swatch("#000"))], "")])
    >>> two.count("<b>"), two.count('class="vneid-legend"')
    (2, 1)
    """
    rows = [_row(title, entries, note), *(_row(t, e, n) for t, e, n in more)]
    return (
        '<div class="vneid-legend" style="font-size:0.85rem;line-height:1.4">'
        f"{'<br>'.join(rows)}</div>"
    )
