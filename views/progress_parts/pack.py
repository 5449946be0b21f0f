"""The progress page's meeting pack: what it holds, and its files (PDF, Word, Excel, map)."""

import datetime as dt

import streamlit as st

from geo.fmt import format_int
from geo.i18n import N_, _, ngettext
from geo.outputs.reports import pack_file_names
from geo.xlsx import XLSX_MIME
from ui import auth, scoped

#: Word's MIME type.
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOWNLOADS = {
    "pdf": (N_("Tải PDF (để in)"), "application/pdf", ":material/picture_as_pdf:"),
    "docx": (N_("Tải Word (sửa trước khi ký)"), DOCX_MIME, ":material/description:"),
    "xlsx": (N_("Tải Excel số liệu"), XLSX_MIME, ":material/table_view:"),
    "png": (N_("Tải bản đồ (PNG)"), "image/png", ":material/map:"),
}


def render(version: str, start: dt.date, end: dt.date) -> None:
    """Describe the pack of ``version`` over ``start``..``end`` and offer its files once built."""
    st.subheader(_("Báo cáo giao ban"))
    published = scoped.get_published_plan()
    rows = 0 if published is None else len(published[1])
    plan_note = (
        _("Chưa có lịch công tác đã công bố nên báo cáo không kèm lịch.")
        if published is None
        else ngettext(
            "Kèm lịch công tác đã công bố (kế hoạch số {plan}, {n} dòng).",
            "Kèm lịch công tác đã công bố (kế hoạch số {plan}, {n} dòng).",
            rows,
        ).format(plan=published[0], n=format_int(rows))
    )
    st.caption(
        _(
            "Báo cáo theo thể thức văn bản hành chính: tệp PDF để in, tệp Word để sửa trước khi "
            "ký, tệp Excel số liệu và bản đồ PNG (300 dpi), theo kỳ báo cáo và phiên bản ranh "
            "giới đang chọn. {plan_note}"
        ).format(plan_note=plan_note)
    )
    inputs = (version, start, end)
    may = auth.allowed("meeting_pack")  # on the server, at each run: a click is re-checked
    label = _("Tạo báo cáo giao ban")
    if auth.button(label, may, type="primary", icon=":material/summarize:", key="progress_pack"):
        st.session_state["progress_pack_for"] = inputs
    if may and st.session_state.get("progress_pack_for") == inputs:
        with st.spinner(_("Đang tạo báo cáo giao ban…")):
            files = scoped.get_meeting_pack(version, start, end)  # built in the language in use
        names = pack_file_names(end)
        for col, (part, (label, mime, icon)) in zip(
            st.columns(len(DOWNLOADS)), DOWNLOADS.items(), strict=True
        ):
            if names[part] in files:
                auth.download_button(  # audited as «meeting_pack» when clicked
                    _(label),
                    files.__getitem__,
                    names[part],
                    file_name=names[part],
                    mime=mime,
                    key=f"progress_download_{part}",
                    action="meeting_pack",
                    detail={"page": "progress", "part": part},
                    container=col,
                    icon=icon,
                )
