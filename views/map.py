"""Trang «Bản đồ»: tỷ lệ kích hoạt theo xã, khoảng trống, nơi các tổ đã đến."""

import dataclasses
import datetime as dt
import html
from functools import partial

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.access import PAGES
from geo.fmt import format_date, format_int
from geo.i18n import _, ngettext
from geo.metrics import MAP_METRICS, METRICS, Filters, classes, detail, filters
from geo.outputs import maps
from geo.places.approximate import MAP_NOTICE
from geo.places.registry import VERSIONS
from geo.schema import PLACE_TYPES, place_type_label
from ui import auth, scoped, state
from ui.widgets import date_field, date_range_field
from views.map_parts import gap_table, reveal
from views.map_parts import panel as panel_part

user = auth.require(PAGES["map"])  # on the server, whatever the navigation shows
st.title(_("Bản đồ tỷ lệ kích hoạt"))
settings = state.get_settings()
tiles = {"tile_url": settings.tile_url, "attribution": settings.tile_attribution}

# --- filters ------------------------------------------------------------------------------------
# every format_func is a dict's lookup built in this run, so that it gives this run's language
# wherever Streamlit calls it (an AppTest calls it again in the test's own thread)
with st.sidebar:
    choose = partial(st.selectbox, filter_mode=None, placeholder=_("Chọn một mục"))
    version = choose(
        _("Phiên bản ranh giới"),
        state.get_versions(),
        format_func={v: _(VERSIONS[v].label) for v in VERSIONS}.__getitem__,
        key="boundary_version",
    )
    metric_names = {m: METRICS[m].label for m in MAP_METRICS}
    metric = choose(_("Chỉ số"), MAP_METRICS, format_func=metric_names.__getitem__, key="metric")
boundaries = scoped.get_boundaries(version)
gdf = boundaries.gdf
targets, visits, teams = scoped.get_records(version)
period = detail.data_period(targets, visits) or (dt.date.today(), dt.date.today())

with st.sidebar:
    start, end = date_range_field(
        _("Kỳ báo cáo"),
        period,
        min_value=dt.date(2022, 1, 1),
        max_value=max(period[1], dt.date.today()),
        key="period",
    )
    pick = partial(st.multiselect, placeholder=_("Tất cả"), select_all=False, filter_mode=None)
    sel_teams = pick(_("Tổ lưu động"), filters.team_choices(teams), key="teams")
    district_names = filters.district_choices(gdf)
    sel_districts = pick(
        _("Huyện, thị xã, thành phố"),
        sorted(district_names),
        format_func=district_names.get,
        key="districts",
        disabled=not district_names,
    )
    sel_types = pick(
        _("Loại địa điểm"),
        PLACE_TYPES,
        format_func={t: place_type_label(t) for t in PLACE_TYPES}.__getitem__,
        key="place_types",
    )
    show_visits = st.toggle(_("Hiện vị trí lượt làm việc"), key="show_visits")
    compare = st.toggle(_("So sánh hai ngày"), key="compare")

if boundaries.approximate:
    st.warning(_(MAP_NOTICE), icon=":material/warning:")

chosen = Filters(start, end, teams=sel_teams, districts=sel_districts, place_types=sel_types)
metrics = scoped.get_metrics(version, chosen)
payload = scoped.get_commune_payload(version)
spec = METRICS[metric]
st.caption(
    ngettext(
        "Đang hiển thị {n} đơn vị hành chính cấp xã · {version} · {metric} từ {start} đến {end}",
        "Đang hiển thị {n} đơn vị hành chính cấp xã · {version} · {metric} từ {start} đến {end}",
        len(gdf),
    ).format(
        n=format_int(len(gdf)),
        version=_(VERSIONS[version].description),
        metric=spec.label,
        start=format_date(start),
        end=format_date(end),
    )
)


def _draw(at, key, breaks=None, selected=None, height=560, returned=(), shown=chosen):
    fmap = maps.build_base_map(layers=scoped.get_base_layers(version), **tiles)
    layer, rows = maps.choropleth_layer(payload, at, metric, breaks=breaks, selected=selected)
    layers = [layer]
    if show_visits:
        spots = maps.visit_clusters(filters.select_visits(visits, gdf, shown))
        layers.append(maps.visit_layer(spots))
    out = st_folium(
        fmap,
        key=key,
        feature_group_to_add=layers,
        height=height,
        use_container_width=True,
        returned_objects=list(returned),
    )
    st.html(maps.legend_html(rows, spec.label, visits=show_visits))
    return out


if compare:
    c1, c2 = st.columns(2)
    day_a = date_field(_("Ngày A"), start, key="day_a", container=c1)
    day_b = date_field(_("Ngày B"), end, key="day_b", container=c2)
    side_a, side_b = (dataclasses.replace(chosen, end=d) for d in (day_a, day_b))
    at_a, at_b = scoped.get_metrics(version, side_a), scoped.get_metrics(version, side_b)
    # one set of classes for both dates, so a colour means the same on each side
    both = pd.concat([at_a[metric], at_b[metric]], ignore_index=True)
    shared = classes.class_breaks(both, metric)
    for col, at, day, side, key in ((c1, at_a, day_a, side_a, "a"), (c2, at_b, day_b, side_b, "b")):
        with col:
            heading = _("{metric} đến {date}").format(metric=spec.label, date=format_date(day))
            st.markdown(f"**{html.escape(heading)}**")
            _draw(at, f"cmp-{key}-{version}", breaks=shared, height=460, shown=side)
    st.stop()

# --- main map and the commune panel -------------------------------------------------------------
gap_table.take_selection(metrics, sel_districts)  # a row click, seen by this run's map and panel
selected = st.session_state.get("selected_code")
selected = selected if selected in set(metrics["code"]) else None
map_col, panel = st.columns([3, 2], gap="medium")
with map_col:
    out = _draw(metrics, f"map-{version}", selected=selected, returned=["last_active_drawing"])
clicked = ((out or {}).get("last_active_drawing") or {}).get("properties", {}).get("code")
if clicked and clicked != st.session_state.get("_last_click"):
    st.session_state.update(_last_click=clicked, selected_code=clicked)
    st.rerun()

with panel, st.container(key=reveal.PANEL_KEY):
    panel_part.render(metrics, selected, (targets, visits), gdf, chosen, (start, end))
    reveal.reveal_once(selected)  # on a phone the panel is under the map: bring it into view

# --- gap table ----------------------------------------------------------------------------------
gap_table.render(metrics, sel_districts, end)
