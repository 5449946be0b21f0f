"""Trang «Bản đồ»: tỷ lệ kích hoạt theo xã, khoảng trống, nơi các tổ đã đến."""

import dataclasses
import datetime as dt
import html
from functools import partial
from typing import cast

import pandas as pd
import streamlit as st

from geo.access import PAGES
from geo.fmt import format_date, format_int
from geo.i18n import _, ngettext
from geo.metrics import MAP_METRICS, METRICS, Filters, classes, detail, filters
from geo.outputs.reports.requests import overdue_notice
from geo.places.approximate import MAP_NOTICE
from geo.places.registry import VERSIONS
from geo.schema import PLACE_TYPES, place_type_label
from ui import auth, requests, scoped, state
from ui.text import plain
from ui.widgets import date_field, date_range_field
from views.map_parts import main

user = auth.require(PAGES["map"])  # on the server, whatever the navigation shows
st.title(_("Bản đồ tỷ lệ kích hoạt"))
settings = state.get_settings()

# --- filters ------------------------------------------------------------------------------------
# every format_func is a dict's lookup built in this run, so that it gives this run's language
# wherever Streamlit calls it (an AppTest calls it again in the test's own thread)
with st.sidebar:
    choose = partial(st.selectbox, filter_mode=None, placeholder=_("Chọn một mục"))
    version = cast(  # never None: there is always a version
        str,
        choose(
            _("Phiên bản ranh giới"),
            state.get_versions(),
            format_func={v: _(VERSIONS[v].label) for v in VERSIONS}.__getitem__,
            key="boundary_version",
        ),
    )
    metric_names = {m: METRICS[m].label for m in MAP_METRICS}
    metric = cast(
        str, choose(_("Chỉ số"), MAP_METRICS, format_func=metric_names.__getitem__, key="metric")
    )
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

chosen = Filters(
    start, end, teams=tuple(sel_teams), districts=tuple(sel_districts), place_types=tuple(sel_types)
)
metrics = scoped.get_metrics(version, chosen)
spec = METRICS[metric]
late = overdue_notice(
    requests.per_commune(metrics["code"]),
    dict(zip(metrics["code"].astype(str), metrics["name"], strict=True)),
    settings.request_overdue_days,
)
if late is not None:  # issue 16: no home-visit request forgotten
    st.warning(plain(late), icon=":material/home:")
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

view = main.MapView(
    version, metric, chosen, (start, end), show_visits, settings.tile_url, settings.tile_attribution
)
if compare:
    c1, c2 = st.columns(2)
    day_a = date_field(_("Ngày A"), start, key="day_a", container=c1)
    day_b = date_field(_("Ngày B"), end, key="day_b", container=c2)
    side_a, side_b = (dataclasses.replace(chosen, end=d) for d in (day_a, day_b))
    at_a, at_b = scoped.get_metrics(version, side_a), scoped.get_metrics(version, side_b)
    # one set of classes for both dates, so a colour means the same on each side
    both = pd.concat([at_a[metric], at_b[metric]], ignore_index=True)
    shared = tuple(classes.class_breaks(both, metric))
    for col, day, side, key in ((c1, day_a, side_a, "a"), (c2, day_b, side_b, "b")):
        with col:
            heading = _("{metric} đến {date}").format(metric=spec.label, date=format_date(day))
            st.markdown(f"**{html.escape(heading)}**")
            main.draw_map(
                view, f"cmp-{key}-{version}", shown=side, breaks=shared, height=460, sync="compare"
            )

# --- main map, the commune panel and the gap table: a fragment (a click reruns it alone) -------
main.render(view, metrics, with_map=not compare)  # compared: the two maps, then panel and table
