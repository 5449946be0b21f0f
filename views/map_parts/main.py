"""The map page's main part, a fragment: the map, the commune panel and the gap table.

A click on a commune, a row of the gap table, the name filter, the «Bỏ chọn xã» button and the
download rerun this part alone (``st.fragment``), not the sidebar, the caption or the
comparison; the sidebar's filters rerun the whole page, this part with it. The map is drawn
first («map before the grid»), from layers rendered once (:mod:`ui.map_cache`).

A click on the map is read before the map is drawn (:func:`ui.map_cache.last_click`: the map's
answer is in the session before the rerun it triggers), like a row of the gap table
(:func:`views.map_parts.gap_table.take_selection`): the map, the panel and the grid of the same
run show the new commune, with no second run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from geo.metrics import METRICS, Filters
from geo.outputs import maps
from ui import errors, map_cache, timing
from views.map_parts import gap_table, reveal
from views.map_parts import panel as panel_part
from views.map_parts.sync import sync_views

#: Session key of the commune shown by the panel and outlined on the map.
SELECTED = gap_table.SELECTED
# the last commune read from the map's answer (a new one is a click)
_LAST_CLICK = "_last_click"


@dataclass(frozen=True)
class MapView:
    """What the sidebar chose: the map's version, metric, filters and options."""

    version: str
    metric: str
    chosen: Filters
    period: tuple[dt.date, dt.date]
    show_visits: bool
    tile_url: str | None = None
    attribution: str = ""

    @property
    def map_key(self) -> str:
        """The session key of the main map (one per boundary version)."""
        return f"map-{self.version}"


def draw_map(
    view: MapView,
    key: str,
    *,
    shown: Filters | None = None,
    breaks: tuple[float, ...] | None = None,
    selected: str | None = None,
    height: int = 560,
    returned: tuple[str, ...] = (),
    at: map_cache.Where | None = None,
    sync: str | None = None,
) -> dict | None:
    """Draw a map of ``view`` (the commune layer, the selected commune, visits) and its legend.

    Parameters
    ----------
    view : MapView
        The sidebar's choices.
    key : str
        The map's session key.
    shown : geo.metrics.Filters, optional
        The figures and visits shown (default ``view.chosen``; a comparison's day).
    breaks : tuple of float, optional
        Class bounds shared by both maps of a comparison.
    selected : str, optional
        The commune to outline.
    height : int
        Pixels.
    returned : tuple of str
        What the map answers (``st_folium``'s ``returned_objects``).
    at : ui.map_cache.Where, optional
        This run's :func:`ui.map_cache.where` (read now when not given).
    sync : str, optional
        A group name: the maps drawn with it pan and zoom together
        (:func:`views.map_parts.sync.sync_views`).

    Returns
    -------
    dict or None
        The map's answer.
    """
    shown, at = shown or view.chosen, at or map_cache.where()
    layer, rows = map_cache.choropleth(view.version, shown, view.metric, breaks=breaks, at=at)
    groups = [layer]
    if selected is not None:
        groups.append(map_cache.selection(view.version, selected, len(groups), at=at))
    if view.show_visits:
        groups.append(map_cache.visit_group(view.version, shown, len(groups), at=at))
    if sync is not None:
        groups.append(sync_views(sync))
    base = map_cache.map_base(view.version, view.tile_url, view.attribution, at=at)
    out = map_cache.draw(base, groups, key=key, height=height, returned=returned)
    st.html(maps.legend_html(rows, METRICS[view.metric].label, visits=view.show_visits))
    return out


def _take_click(code: str | None) -> bool:
    """Select the commune of a new click on the main map; say whether there was one."""
    if code is None or code == st.session_state.get(_LAST_CLICK):
        return False
    st.session_state.update({_LAST_CLICK: code, SELECTED: code})
    return True


def _panel(view: MapView, metrics: pd.DataFrame, selected: str | None, at: map_cache.Where) -> None:
    """Draw the commune panel in the current container (Streamlit class ``st-key-...``)."""
    with st.container(key=reveal.PANEL_KEY):
        panel_part.render(view, metrics, selected, at)
        reveal.reveal_once(selected)  # on a phone the panel is under the map: bring it into view


def _fragment_run() -> bool:
    """Whether this run is of fragments alone (a widget of a fragment changed)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return bool(ctx is not None and ctx.fragment_ids_this_run)


@st.fragment(key="map_part_main")
@timing.timed_fragment("map.main")
@errors.guarded("map.main")
def render(view: MapView, metrics: pd.DataFrame, *, with_map: bool = True) -> None:
    """Draw the map, the panel of the selected commune (or of the scope) and the gap table.

    A fragment: its own widgets rerun it alone. Under the two maps of «So sánh hai ngày» it is
    drawn without its map (``with_map=False``): the panel and the table stay, and a row of the
    table still selects a commune.

    Parameters
    ----------
    view : MapView
        The sidebar's choices.
    metrics : DataFrame
        :func:`ui.scoped.get_metrics` of ``view.chosen``.
    with_map : bool
        False under the comparison's maps: the panel and the table alone.
    """
    at = map_cache.where()  # one revision for every part of this run
    if with_map:  # a click on the map, seen by this run's map, panel and grid
        _take_click(map_cache.last_click(view.map_key))
    gap_table.take_selection(view.version, view.chosen, at)  # or a row click
    selected = st.session_state.get(SELECTED)
    selected = selected if selected in set(metrics["code"]) else None
    if with_map:
        map_col, side = st.columns([3, 2], gap="medium")
        with map_col:
            out = draw_map(
                view, view.map_key, selected=selected, returned=("last_active_drawing",), at=at
            )
        if _take_click(map_cache.clicked_code(out)):  # not kept before the run (a fallback)
            st.rerun(scope="fragment" if _fragment_run() else "app")
    else:
        side = st.container()  # compared: the panel under the two maps
    with side:
        _panel(view, metrics, selected, at)
    gap_table.render(view.version, view.chosen, view.period[1], at)
