"""Trang «Tiến độ»: tiến độ so với chỉ tiêu cho lãnh đạo, và báo cáo giao ban trong một lần bấm."""

import streamlit as st

from geo.fmt import format_date
from geo.metrics import cards
from geo.metrics.league import league_display
from geo.metrics.period import default_period
from geo.outputs.charts import trend_chart, weekly_chart
from geo.outputs.reports import HEADLINE_LABELS, describe_projection, pack_file_names
from geo.places.approximate import REPORT_NOTICE
from geo.places.registry import VERSIONS
from geo.xlsx import XLSX_MIME
from ui import state

DOWNLOADS = {
    "pdf": ("Tải PDF (để in)", "application/pdf", ":material/picture_as_pdf:"),
    "xlsx": ("Tải Excel số liệu", XLSX_MIME, ":material/table_view:"),
    "png": ("Tải bản đồ (PNG)", "image/png", ":material/map:"),
}


st.title("Tiến độ kích hoạt tài khoản định danh điện tử")

dates = state.get_data_dates()
if dates is None:
    st.info("Chưa có số liệu. Nhập dữ liệu ở trang «Dữ liệu».")
    st.stop()
first_day, last_day = dates
default_start, default_end = default_period(dates)
low, high = min(first_day, default_start), max(last_day, default_end)

c_version, c_start, c_end = st.columns([2, 1, 1])
version = c_version.selectbox(
    "Phiên bản ranh giới",
    state.get_versions(),
    format_func=lambda v: VERSIONS[v].label,
    key="progress_version",
)
bounds = {"min_value": low, "max_value": high, "format": "DD/MM/YYYY"}
start = c_start.date_input("Từ ngày", value=default_start, key="progress_start", **bounds)
end = c_end.date_input("Đến ngày", value=default_end, key="progress_end", **bounds)
if start > end:
    st.error("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc của kỳ báo cáo.")
    st.stop()

view = state.get_progress(version, start, end)
st.caption(
    f"Số liệu đến ngày {format_date(end)} · kỳ báo cáo {format_date(start)} – {format_date(end)}"
    f" · so sánh với ngày {format_date(view.previous_end)} · {VERSIONS[version].label}"
)
if state.get_boundaries(version).approximate:
    st.warning(REPORT_NOTICE, icon=":material/warning:")

headline = cards.headline_cards(view.headline, HEADLINE_LABELS)
for row in (headline[:4], headline[4:]):
    for col, card in zip(st.columns(4), row, strict=True):
        col.metric(**card.metric_args(), border=True)

if view.projection is None:
    st.info("Chưa có số liệu kích hoạt trong kỳ nên chưa dự báo được ngày đạt chỉ tiêu.")
else:
    st.info(describe_projection(view.projection), icon=":material/event:")

st.subheader("Số đã kích hoạt cộng dồn so với chỉ tiêu")
if view.trend["activated_to_date"].notna().any():
    st.altair_chart(
        trend_chart(view.trend, view.headline["quota"], view.projection),
        key="progress_trend",
        alt="Biểu đồ số tài khoản đã kích hoạt cộng dồn theo ngày, với đường chỉ tiêu",
    )
    st.caption(
        "Đường liền: số đã kích hoạt (số liệu chính thức cộng số tổ lưu động kích hoạt sau đó). "
        "Đường đứt đỏ: chỉ tiêu. Đường chấm xám: dự báo theo tốc độ gần đây."
    )
else:
    st.info("Chưa có số liệu trong kỳ báo cáo.")

st.subheader("Kích hoạt qua tổ lưu động theo tuần")
if len(view.weekly):
    st.altair_chart(
        weekly_chart(view.weekly),
        key="progress_weekly",
        alt="Biểu đồ cột số tài khoản kích hoạt qua tổ lưu động theo tuần và theo tổ",
    )
    st.caption(
        "Tuần tính từ thứ Hai đến Chủ nhật; tuần đầu và tuần cuối có thể chỉ có một phần trong "
        "kỳ báo cáo."
    )
else:
    st.info("Không có lượt làm việc nào trong kỳ báo cáo.")

st.subheader("Bảng xếp hạng huyện, thị xã, thành phố")
if view.league.empty:
    st.info(
        "Phiên bản ranh giới này không có cấp huyện (cấp huyện bãi bỏ từ 01/7/2025), nên không có "
        "bảng xếp hạng huyện. Chọn phiên bản 2020-2024 để xem bảng xếp hạng."
    )
else:
    st.dataframe(league_display(view.league), hide_index=True, key="progress_league")
    st.caption(
        f"Xếp theo tiến độ chỉ tiêu. Thay đổi so với ngày {format_date(view.previous_end)}. "
        '"Xã đạt ≥ 80 %": số xã đạt / số xã có số liệu.'
    )

st.subheader("Báo cáo giao ban")
published = state.get_published_plan()
plan_note = (
    "Chưa có lịch công tác đã công bố nên báo cáo không kèm lịch."
    if published is None
    else f"Kèm lịch công tác đã công bố (kế hoạch số {published[0]}, {len(published[1])} dòng)."
)
st.caption(
    "Tệp PDF để in, tệp Excel số liệu và bản đồ PNG (300 dpi) theo kỳ báo cáo và phiên bản "
    f"ranh giới đang chọn. {plan_note}"
)
inputs = (version, start, end)
if st.button(
    "Tạo báo cáo giao ban", type="primary", icon=":material/summarize:", key="progress_pack"
):
    st.session_state["progress_pack_for"] = inputs
if st.session_state.get("progress_pack_for") == inputs:
    with st.spinner("Đang tạo báo cáo giao ban…"):
        files = state.get_meeting_pack(version, start, end)
    names = pack_file_names(end)
    cols = st.columns(3)
    for col, (part, (label, mime, icon)) in zip(cols, DOWNLOADS.items(), strict=True):
        name = names[part]
        if name in files:
            col.download_button(
                label,
                files[name],
                file_name=name,
                mime=mime,
                icon=icon,
                on_click="ignore",
                key=f"progress_download_{part}",
            )
