"""Section «Xuất lịch và thông báo» of the schedule tab: Excel schedule, notices for residents."""

from functools import partial

import streamlit as st

from geo.fmt import format_int
from geo.outputs import notices
from geo.planning import tables
from geo.xlsx import XLSX_MIME
from views.planner_tabs.context import Page


def render(page: Page, schedule, labels: dict[str, str]) -> None:
    communes, start = page.communes, page.start
    st.subheader("Xuất lịch và thông báo")
    st.download_button(
        "Tải lịch công tác (Excel)",
        partial(notices.schedule_xlsx, schedule, communes),
        file_name=f"lich-cong-tac-{start:%Y-%m-%d}.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        key="plan_xlsx",
    )
    style = st.radio(
        "Địa điểm mặc định",
        list(tables.MEETING_LABELS),
        format_func=tables.MEETING_LABELS.get,
        horizontal=True,
        key="plan_meeting_style",
    )
    points = notices.meeting_point_table(schedule, communes, style)
    points_edit = st.data_editor(
        tables.meeting_points_frame(points),
        hide_index=True,
        disabled=["Mã xã", tables.COL_COMMUNE, "Buổi đầu tiên"],
        column_config={"Buổi đầu tiên": st.column_config.DateColumn(format="DD/MM/YYYY")},
        key=f"plan_points_{style}",
    )
    meeting = dict(zip(points_edit["Mã xã"], points_edit["Địa điểm tập trung"], strict=True))
    hotline = st.text_input(
        "Số điện thoại liên hệ (in trên thông báo)",
        placeholder="Ví dụ: Công an xã 0226 3xxx xxx",
        key="plan_hotline",
    )
    n1, n2 = st.columns(2)
    n1.download_button(
        f"Tải thông báo của {format_int(len(points))} xã (PDF)",
        partial(notices.notices_pdf, schedule, communes, meeting_points=meeting, hotline=hotline),
        file_name=f"thong-bao-lich-lam-viec-{start:%Y-%m-%d}.pdf",
        mime="application/pdf",
        on_click="ignore",
        key="plan_notices",
    )
    one = n2.selectbox(
        "Thông báo của một xã",
        points["code"].tolist(),
        format_func=lambda c: labels.get(c, c),
        key="plan_notice_code",
    )
    if one is not None:
        n2.download_button(
            "Tải thông báo của xã đã chọn (PDF)",
            partial(
                notices.notice_pdf,
                schedule,
                communes,
                one,
                meeting_point=meeting.get(one),
                hotline=hotline,
            ),
            file_name=f"thong-bao-{one}-{start:%Y-%m-%d}.pdf",
            mime="application/pdf",
            on_click="ignore",
            key="plan_notice_one",
        )
