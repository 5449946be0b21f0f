"""Trang «Dữ liệu»: nhập dữ liệu (CSV/XLSX), báo cáo kiểm tra, lịch sử nhập và hoàn tác, tệp mẫu."""

import html
from functools import partial

import pandas as pd
import streamlit as st

from geo.fmt import format_int
from geo.ingest import read_upload, rejected_xlsx, template_xlsx
from geo.ingest.history import history_table
from geo.ingest.upload import (
    DATE_HEADERS,
    KIND_LABELS,
    TEMPLATE_FILE_NAMES,
    preview_table,
    rejected_table,
)
from geo.store import CHUNK_SIZE, describe_outcome
from geo.xlsx import XLSX_MIME
from ui.state import get_communes, get_store

DATE_COLUMNS = {h: st.column_config.DateColumn(h, format="DD/MM/YYYY") for h in DATE_HEADERS}

st.title("Dữ liệu")
store = get_store()
user = str(st.session_state.get("user") or "khách")

tab_import, tab_history, tab_templates = st.tabs(
    ["Nhập dữ liệu", "Lịch sử nhập dữ liệu", "Tệp mẫu"]
)

with tab_import:
    kind = st.radio(
        "Loại dữ liệu",
        list(KIND_LABELS),
        format_func=KIND_LABELS.get,
        horizontal=True,
        key="data_kind",
    )
    upload = st.file_uploader(
        "Chọn tệp CSV hoặc Excel (.xlsx)", type=["csv", "xlsx"], key="data_upload"
    )
    if upload is not None:
        raw = upload.getvalue()
        cache_key = ("data_checked", kind, upload.name, len(raw), upload.file_id)
        if st.session_state.get("data_checked_key") != cache_key:
            with st.spinner("Đang kiểm tra tệp…"):
                st.session_state["data_checked"] = read_upload(
                    kind, raw, upload.name, get_communes()
                )
            st.session_state["data_checked_key"] = cache_key
        result = st.session_state["data_checked"]

        ok_col, bad_col = st.columns(2)
        ok_col.metric("Dòng hợp lệ", format_int(result.rows_ok))
        bad_col.metric("Dòng bị từ chối", format_int(result.rows_rejected))
        for message in result.file_errors:
            st.error(html.escape(message))
        for note in getattr(result, "notes", []):
            st.info(html.escape(note))
        if result.rows_ok:
            st.caption("Xem trước (tối đa 50 dòng đầu)")
            st.dataframe(preview_table(result), hide_index=True, column_config=DATE_COLUMNS)
        if not result.rejected.empty:
            st.subheader("Dòng bị từ chối và lý do")
            st.dataframe(rejected_table(result), hide_index=True)
        if not result.rejected.empty or result.file_errors:
            st.download_button(
                "Tải Excel các dòng bị từ chối",
                rejected_xlsx(result),
                file_name=f"dong_bi_tu_choi_{upload.name.rsplit('.', 1)[0]}.xlsx",
                mime=XLSX_MIME,
            )
        if st.button("Nhập dữ liệu", type="primary", key="data_import"):
            if result.rows_ok >= CHUNK_SIZE:
                bar = st.progress(0.0, text="Đang nhập dữ liệu…")
                outcome = store.import_result(
                    result, raw, user, progress=lambda f: bar.progress(f, text="Đang nhập dữ liệu…")
                )
            else:
                with st.spinner("Đang nhập dữ liệu…"):
                    outcome = store.import_result(result, raw, user)
            message = html.escape(describe_outcome(outcome, upload.name))
            if outcome.duplicate_of is not None:
                st.warning(message)
            else:
                st.success(message)

with tab_history:
    batches = store.batches()
    if batches.empty:
        st.info("Chưa có lần nhập dữ liệu nào.")
    else:
        st.dataframe(history_table(batches), hide_index=True, key="data_history")

        confirm = st.session_state.get("data_confirm_undo")
        for batch in batches.itertuples():
            cols = st.columns([5, 2, 2])
            cols[0].markdown(
                f"**{batch.id}** · {html.escape(str(batch.file_name))} · "
                f"{format_int(batch.rows_ok)} dòng"
            )
            cols[1].download_button(
                "Tải tệp gốc",
                partial(store.raw_file, int(batch.id)),  # read from the database on click only
                file_name=str(batch.file_name),
                mime=XLSX_MIME if str(batch.file_name).lower().endswith(".xlsx") else "text/csv",
                on_click="ignore",
                key=f"data_raw_{batch.id}",
            )
            if pd.isna(batch.undone_at) and cols[2].button(
                "Hoàn tác lần nhập", key=f"data_undo_{batch.id}"
            ):
                st.session_state["data_confirm_undo"] = confirm = int(batch.id)
            if confirm == batch.id and pd.isna(batch.undone_at):
                st.warning(
                    f"Hoàn tác lần nhập số {batch.id} ({html.escape(str(batch.file_name))}): "
                    f"xóa {format_int(batch.rows_ok)} dòng đã nhập. Tệp gốc vẫn được lưu."
                )
                yes, no = st.columns(2)
                if yes.button("Xác nhận hoàn tác", type="primary", key=f"data_undo_yes_{batch.id}"):
                    removed = store.undo_import(int(batch.id), user)
                    st.session_state.pop("data_confirm_undo", None)
                    st.session_state["data_flash"] = (
                        f"Đã hoàn tác lần nhập số {batch.id}: xóa {format_int(removed)} dòng."
                    )
                    st.rerun()
                if no.button("Hủy", key=f"data_undo_no_{batch.id}"):
                    st.session_state.pop("data_confirm_undo", None)
                    st.rerun()
    flash = st.session_state.pop("data_flash", None)
    if flash:
        st.success(flash)

with tab_templates:
    st.write("Tải tệp mẫu, điền dữ liệu rồi nhập ở thẻ «Nhập dữ liệu».")
    for kind_key, label in KIND_LABELS.items():
        st.download_button(
            f"Tải tệp mẫu: {label.lower()}",
            partial(template_xlsx, kind_key),  # built only when clicked
            file_name=TEMPLATE_FILE_NAMES[kind_key],
            mime=XLSX_MIME,
            on_click="ignore",
            key=f"data_template_{kind_key}",
        )
