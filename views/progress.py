"""Trang «Tiến độ»: tiến độ so với chỉ tiêu cho lãnh đạo, và báo cáo giao ban trong một lần bấm."""

from dataclasses import replace

import streamlit as st

from geo.access import PAGES
from geo.fmt import format_date
from geo.i18n import _
from geo.metrics import cards
from geo.metrics.league import league_display
from geo.metrics.period import default_period
from geo.outputs.charts import trend_chart, weekly_chart
from geo.outputs.reports import CARD_KEYS, CARD_LABELS, HEADLINE_LABELS, describe_projection
from geo.places.approximate import REPORT_NOTICE
from geo.places.registry import VERSIONS
from ui import auth, scoped, state
from ui.widgets import date_field
from views.progress_parts import pack as pack_part

user = auth.require(PAGES["progress"])  # on the server, whatever the navigation shows
st.title(_("Tiến độ kích hoạt tài khoản định danh điện tử"))

dates = scoped.get_data_dates()
if dates is None:
    st.info(_("Chưa có số liệu. Nhập dữ liệu ở trang «Dữ liệu»."))
    st.stop()
first_day, last_day = dates
default_start, default_end = default_period(dates)
bounds = {"min_value": min(first_day, default_start), "max_value": max(last_day, default_end)}

c_version, c_start, c_end = st.columns([2, 1, 1])
version = c_version.selectbox(
    _("Phiên bản ranh giới"),
    state.get_versions(),
    format_func={v: _(VERSIONS[v].label) for v in VERSIONS}.__getitem__,  # made in this run
    placeholder=_("Chọn phiên bản ranh giới"),
    key="progress_version",
)
start = date_field(_("Từ ngày"), default_start, key="progress_start", container=c_start, **bounds)
end = date_field(_("Đến ngày"), default_end, key="progress_end", container=c_end, **bounds)
if start > end:
    st.error(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc của kỳ báo cáo."))
    st.stop()

view = scoped.get_progress(version, start, end)
st.caption(
    _(
        "Số liệu đến ngày {end} · kỳ báo cáo {start} – {end} · so sánh với ngày {before} · "
        "{version}"
    ).format(
        end=format_date(end),
        start=format_date(start),
        before=format_date(view.previous_end),
        version=_(VERSIONS[version].label),
    )
)
if scoped.get_boundaries(version).approximate:
    st.warning(_(REPORT_NOTICE), icon=":material/warning:")

headline = cards.headline_cards(view.headline, CARD_LABELS)  # translated there
for i, key in enumerate(CARD_KEYS):
    if CARD_LABELS[key] != HEADLINE_LABELS[key]:  # the printed label leads the help
        full = _(HEADLINE_LABELS[key])
        headline[i] = replace(
            headline[i], help=f"{full}. {headline[i].help}" if headline[i].help else full
        )
# a wrapping row of cards, each at least as wide as its text and stretched to fill the row: as
# many per row as fit (four on a wide screen, one or two on a phone), so st.metric never cuts a
# label or a change's description (measured with Chromium at 1400, 1280, 1024 and 390 px)
with st.container(horizontal=True, gap="small", key="progress_cards"):
    for card in headline:
        st.metric(**card.metric_args(), border=True, width="stretch")

if view.projection is None:
    st.info(_("Chưa có số liệu kích hoạt trong kỳ nên chưa dự báo được ngày đạt chỉ tiêu."))
else:
    st.info(describe_projection(view.projection), icon=":material/event:")

st.subheader(_("Số đã kích hoạt cộng dồn so với chỉ tiêu"))
if view.trend["activated_to_date"].notna().any():
    st.altair_chart(
        trend_chart(view.trend, view.headline["quota"], view.projection),
        key="progress_trend",
        alt=_("Biểu đồ số tài khoản đã kích hoạt cộng dồn theo ngày, với đường chỉ tiêu"),
    )
    st.caption(
        _(
            "Đường liền: số đã kích hoạt (số liệu chính thức cộng số tổ lưu động kích hoạt sau "
            "đó). Đường đứt đỏ: chỉ tiêu. Đường chấm xám: dự báo theo tốc độ gần đây."
        )
    )
else:
    st.info(_("Chưa có số liệu trong kỳ báo cáo."))

st.subheader(_("Kích hoạt qua tổ lưu động theo tuần"))
if len(view.weekly):
    st.altair_chart(
        weekly_chart(view.weekly),
        key="progress_weekly",
        alt=_("Biểu đồ cột số tài khoản kích hoạt qua tổ lưu động theo tuần và theo tổ"),
    )
    st.caption(
        _(
            "Tuần tính từ thứ Hai đến Chủ nhật; tuần đầu và tuần cuối có thể chỉ có một phần "
            "trong kỳ báo cáo."
        )
    )
else:
    st.info(_("Không có lượt làm việc nào trong kỳ báo cáo."))

st.subheader(_("Bảng xếp hạng huyện, thị xã, thành phố"))
if view.league.empty:
    st.info(
        _(
            "Phiên bản ranh giới này không có cấp huyện (cấp huyện bãi bỏ từ 01/7/2025), nên "
            "không có bảng xếp hạng huyện. Chọn phiên bản 2020-2024 để xem bảng xếp hạng."
        )
    )
else:
    st.dataframe(league_display(view.league), hide_index=True, key="progress_league")
    st.caption(
        _(
            "Xếp theo tiến độ chỉ tiêu. Thay đổi so với ngày {date}. "
            '"Xã đạt ≥ 80 %": số xã đạt / số xã có số liệu.'
        ).format(date=format_date(view.previous_end))
    )

pack_part.render(version, start, end)
