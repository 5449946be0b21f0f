"""Trang «Bản đồ»: tỷ lệ kích hoạt theo xã, khoảng trống, nơi các tổ đã đến."""

import datetime as dt
import html
from functools import partial

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.fmt import format_date, format_int, format_percent
from geo.metrics import detail
from geo.metrics import (
    METRICS,
    Filters,
    class_breaks,
    cumulative_activations,
    select_visits,
)
from geo.outputs.maps import (
    build_base_map,
    choropleth_layer,
    legend_html,
    visit_clusters,
    visit_layer,
)
from geo.outputs.xlsx import XLSX_MIME
from geo.places.registry import VERSIONS
from geo.schema import PLACE_TYPE_LABELS, PLACE_TYPES
from ui.state import (
    get_boundaries,
    get_commune_payload,
    get_metrics,
    get_records,
    get_settings,
    get_versions,
)

MAP_METRICS = [
    "coverage",
    "gap",
    "quota_progress",
    "days_since_visit",
    "team_activations",
    "visits",
]

st.title("Bản đồ tỷ lệ kích hoạt")
settings = get_settings()

# --- filters ------------------------------------------------------------------------------------
with st.sidebar:
    version = st.selectbox(
        "Phiên bản ranh giới",
        get_versions(),
        format_func=lambda v: VERSIONS[v].label,
        key="boundary_version",
    )
    metric = st.selectbox(
        "Chỉ số", MAP_METRICS, format_func=lambda m: METRICS[m].label_vi, key="metric"
    )
boundaries = get_boundaries(version)
gdf = boundaries.gdf
targets, visits, teams = get_records(version)
period = detail.data_period(targets, visits) or (dt.date.today(), dt.date.today())

with st.sidebar:
    picked = st.date_input(
        "Kỳ báo cáo",
        value=period,
        min_value=dt.date(2022, 1, 1),
        max_value=max(period[1], dt.date.today()),
        format="DD/MM/YYYY",
        key="period",
    )
    start, end = (picked[0], picked[-1]) if len(picked) else period
    team_names = sorted(teams["name"], key=lambda n: (len(n), n)) if len(teams) else []
    sel_teams = st.multiselect("Tổ lưu động", team_names, key="teams", placeholder="Tất cả")
    districts = gdf.dropna(subset=["district_code"]).drop_duplicates("district_code")
    district_names = dict(zip(districts["district_code"], districts["district_name"], strict=True))
    sel_districts = st.multiselect(
        "Huyện, thị xã, thành phố",
        sorted(district_names),
        format_func=district_names.get,
        key="districts",
        placeholder="Tất cả",
        disabled=not district_names,
    )
    sel_types = st.multiselect(
        "Loại địa điểm",
        PLACE_TYPES,
        format_func=PLACE_TYPE_LABELS.get,
        key="place_types",
        placeholder="Tất cả",
    )
    show_visits = st.toggle("Hiện vị trí lượt làm việc", key="show_visits")
    compare = st.toggle("So sánh hai ngày", key="compare")

if boundaries.approximate:
    st.warning(
        "**Ranh giới gần đúng.** Không tìm thấy tệp ranh giới, nên bản đồ vẽ các ô Voronoi quanh "
        "trung tâm của 98 xã, phường, thị trấn (danh mục 01/2025 của gói `vietnamadminunits`). "
        "Chỉ dùng để tham khảo vị trí, không dùng để đo diện tích. Để nạp ranh giới thật, đặt biến "
        "môi trường `VNEID_DATA_DIR` trỏ tới thư mục dữ liệu (xem README) rồi khởi động lại.",
        icon=":material/warning:",
    )

filters = Filters(
    start=start, end=end, teams=sel_teams, districts=sel_districts, place_types=sel_types
)
metrics = get_metrics(version, filters)
payload = get_commune_payload(version)
spec = METRICS[metric]
st.caption(
    f"Đang hiển thị {len(gdf)} đơn vị hành chính cấp xã · {VERSIONS[version].description} · "
    f"{spec.label_vi} từ {format_date(start)} đến {format_date(end)}"
)


def _draw(metrics_at, key, breaks=None, selected=None, height=560, returned=(), shown=filters):
    fmap = build_base_map(gdf, tile_url=settings.tile_url, attribution=settings.tile_attribution)
    layer, rows = choropleth_layer(payload, metrics_at, metric, breaks=breaks, selected=selected)
    layers = [layer]
    if show_visits:
        layers.append(visit_layer(visit_clusters(select_visits(visits, gdf, shown))))
    out = st_folium(
        fmap,
        key=key,
        feature_group_to_add=layers,
        height=height,
        use_container_width=True,
        returned_objects=list(returned),
    )
    st.html(legend_html(rows, spec.label_vi))
    return out


if compare:
    c1, c2 = st.columns(2)
    day_a = c1.date_input("Ngày A", value=start, format="DD/MM/YYYY", key="day_a")
    day_b = c2.date_input("Ngày B", value=end, format="DD/MM/YYYY", key="day_b")
    side_a = Filters(
        start=start, end=day_a, teams=sel_teams, districts=sel_districts, place_types=sel_types
    )
    side_b = Filters(
        start=start, end=day_b, teams=sel_teams, districts=sel_districts, place_types=sel_types
    )
    at_a, at_b = get_metrics(version, side_a), get_metrics(version, side_b)
    # one set of classes for both dates, so a colour means the same on each side
    shared = class_breaks(pd.concat([at_a[metric], at_b[metric]], ignore_index=True), metric)
    with c1:
        st.markdown(f"**{html.escape(spec.label_vi)} đến {format_date(day_a)}**")
        _draw(at_a, f"cmp-a-{version}", breaks=shared, height=460, shown=side_a)
    with c2:
        st.markdown(f"**{html.escape(spec.label_vi)} đến {format_date(day_b)}**")
        _draw(at_b, f"cmp-b-{version}", breaks=shared, height=460, shown=side_b)
    st.stop()

# --- main map and the commune panel -------------------------------------------------------------
selected = st.session_state.get("selected_code")
if selected not in set(metrics["code"]):
    selected = None
map_col, panel = st.columns([3, 2], gap="medium")
with map_col:
    out = _draw(metrics, f"map-{version}", selected=selected, returned=["last_active_drawing"])
clicked = ((out or {}).get("last_active_drawing") or {}).get("properties", {}).get("code")
if clicked and clicked != st.session_state.get("_last_click"):
    st.session_state["_last_click"] = clicked
    st.session_state["selected_code"] = clicked
    st.rerun()

with panel:
    province = metrics[metrics["has_data"]]
    if selected is None:
        st.subheader("Toàn tỉnh")
        st.caption("Bấm vào một xã trên bản đồ hoặc trong bảng để xem chi tiết.")
        row = None
        eligible, activated = province["eligible"].sum(), province["activated"].sum()
        a, b = st.columns(2)
        a.metric("Công dân đủ điều kiện", format_int(eligible))
        b.metric("Đã kích hoạt", format_int(activated))
        a.metric("Tỷ lệ kích hoạt", format_percent(activated / eligible if eligible else None))
        b.metric("Số người chưa kích hoạt", format_int(province["gap"].sum()))
        a.metric("Lượt làm việc", format_int(metrics["visits"].sum()))
        b.metric("Kích hoạt qua tổ lưu động", format_int(metrics["team_activations"].sum()))
    else:
        row = metrics.set_index("code").loc[selected]
        st.subheader(row["full_name"])
        if isinstance(row.get("district_name"), str):
            st.caption(row["district_name"])
        if not row["has_data"]:
            st.info("Chưa có số liệu: chưa nhập chỉ tiêu hoặc số kích hoạt chính thức của xã này.")
        a, b = st.columns(2)
        a.metric("Công dân đủ điều kiện", format_int(row["eligible"], na="—"))
        b.metric("Đã kích hoạt", format_int(row["activated"], na="—"))
        a.metric("Tỷ lệ kích hoạt", format_percent(row["coverage"], na="chưa có số liệu"))
        b.metric("Số người chưa kích hoạt", format_int(row["gap"], na="—"))
        a.metric("Tiến độ chỉ tiêu", format_percent(row["quota_progress"], na="—"))
        b.metric("Lượt làm việc", format_int(row["visits"], na="0"))
        a.metric("Kích hoạt qua tổ lưu động", format_int(row["team_activations"], na="0"))
        b.metric("Lần gần nhất có tổ đến", format_date(row["last_visit"], na="chưa có"))
        if not pd.isna(row["days_since_visit"]):
            b.caption(f"{format_int(row['days_since_visit'])} ngày chưa có tổ đến")
        if st.button("Bỏ chọn xã", key="clear_selection"):
            st.session_state["selected_code"] = None
            st.rerun()
        series = cumulative_activations(targets, visits, selected, start, end)
        if series["activated_to_date"].notna().any():
            chart = (
                alt.Chart(series.dropna())
                .mark_line(point=False)
                .encode(
                    x=alt.X("date:T", title=None, axis=alt.Axis(format="%d/%m")),
                    y=alt.Y("activated_to_date:Q", title="Đã kích hoạt (lũy kế)"),
                )
                .properties(height=180)
            )
            st.altair_chart(chart, use_container_width=True)
        shown = select_visits(visits[visits["code"] == selected], gdf, filters)
        t1, t2 = st.columns(2)
        t1.dataframe(detail.visits_by(shown, "team"), hide_index=True)
        t2.dataframe(detail.visits_by(shown, "place_type"), hide_index=True)
        st.markdown("**Lượt làm việc gần nhất**")
        st.dataframe(detail.last_visits(shown), hide_index=True)

# --- gap table ----------------------------------------------------------------------------------
st.subheader("Xã còn nhiều người chưa kích hoạt")
table = detail.gap_table(metrics)
if sel_districts:
    table = table[table["district_name"].isin([district_names[d] for d in sel_districts])]
query = st.text_input("Lọc theo tên xã", key="gap_filter", placeholder="Ví dụ: Lê Hồng Phong")
if query:
    table = table[table["full_name"].str.contains(query, case=False, regex=False)]
shown_table = table.reset_index(drop=True)
# numbers stay numbers (so the table sorts right); the browser's Vietnamese locale shows 1.923
percent_cols = ["coverage", "quota_progress"]
display = shown_table.assign(**{c: shown_table[c] * 100 for c in percent_cols})
headers = {**detail.GAP_HEADERS, **{c: detail.GAP_HEADERS[c] + " (%)" for c in percent_cols}}
event = st.dataframe(
    display.rename(columns=headers),
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
    key="gap_table",
    column_config={
        h: st.column_config.NumberColumn(format="localized")
        for c, h in headers.items()
        if c not in ("rank", "code", "full_name", "district_name")
    },
)
rows = event.selection.rows if event is not None else []
if rows:
    code = shown_table.loc[rows[0], "code"]
    if code != st.session_state.get("selected_code"):
        st.session_state["selected_code"] = code
        st.rerun()
st.download_button(
    "Tải bảng (Excel)",
    data=partial(detail.gap_table_xlsx, shown_table),  # built only when clicked
    on_click="ignore",
    file_name=f"so-nguoi-chua-kich-hoat-{end.isoformat()}.xlsx",
    mime=XLSX_MIME,
    icon=":material/download:",
)
