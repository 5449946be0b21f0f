"""Trang «Dữ liệu»: nhập dữ liệu (CSV/XLSX), báo cáo kiểm tra, lịch sử nhập và hoàn tác, tệp mẫu."""

import html
from contextlib import nullcontext
from functools import partial

import pandas as pd
import streamlit as st

from geo.fmt import format_int
from geo.i18n import _, language_key, ngettext
from geo.ingest import read_upload, rejected_xlsx, template_xlsx
from geo.ingest import upload as checks
from geo.ingest.history import history_table
from geo.store import CHUNK_SIZE, describe_outcome
from geo.xlsx import XLSX_MIME
from ui.state import deferred, get_communes, get_store
from ui.widgets import count_table, file_field


def _rows(n) -> str:
    return ngettext("{n} dòng", "{n} dòng", int(n)).format(n=format_int(n))


st.title(_("Dữ liệu"))
store = get_store()
user = str(st.session_state.get("user") or "khách")
IMPORT_TAB = _("Nhập dữ liệu")
tab_import, tab_history, tab_templates = st.tabs(
    [IMPORT_TAB, _("Lịch sử nhập dữ liệu"), _("Tệp mẫu")]
)

with tab_import:
    kind = st.radio(
        _("Loại dữ liệu"),
        list(checks.KIND_LABELS),
        format_func={k: _(v) for k, v in checks.KIND_LABELS.items()}.__getitem__,
        horizontal=True,
        key="data_kind",
    )
    upload = file_field(_("Chọn tệp CSV hoặc Excel (.xlsx)"), ["csv", "xlsx"], key="data_upload")
    if upload is not None:
        raw = upload.getvalue()
        # the report's reasons are in the language of the check: a switch checks again
        cache_key = ("data_checked", kind, upload.name, len(raw), upload.file_id, language_key())
        if st.session_state.get("data_checked_key") != cache_key:
            with st.spinner(_("Đang kiểm tra tệp…")):
                st.session_state["data_checked"] = read_upload(
                    kind, raw, upload.name, get_communes()
                )
            st.session_state["data_checked_key"] = cache_key
        result = st.session_state["data_checked"]

        ok_col, bad_col = st.columns(2)
        ok_col.metric(_("Dòng hợp lệ"), format_int(result.rows_ok))
        bad_col.metric(_("Dòng bị từ chối"), format_int(result.rows_rejected))
        for message in result.file_errors:
            st.error(html.escape(message))
        for note in getattr(result, "notes", []):
            st.info(html.escape(note))
        if result.rows_ok:
            st.caption(_("Xem trước (tối đa 50 dòng đầu)"))
            count_table(checks.preview_table(result))  # dates as dd/mm/yyyy, on the server
        if not result.rejected.empty:
            st.subheader(_("Dòng bị từ chối và lý do"))
            count_table(checks.rejected_table(result))
        if not result.rejected.empty or result.file_errors:
            st.download_button(
                _("Tải Excel các dòng bị từ chối"),
                rejected_xlsx(result),
                file_name=_("dong_bi_tu_choi_{name}.xlsx").format(
                    name=upload.name.rsplit(".", 1)[0]
                ),
                mime=XLSX_MIME,
            )
        if st.button(_("Nhập dữ liệu"), type="primary", key="data_import"):
            busy = _("Đang nhập dữ liệu…")
            big = result.rows_ok >= CHUNK_SIZE  # a progress bar, else a spinner
            bar = st.progress(0.0, text=busy) if big else None
            with nullcontext() if big else st.spinner(busy):
                follow = None if bar is None else (lambda f: bar.progress(f, text=busy))
                outcome = store.import_result(result, raw, user, progress=follow)
            message = html.escape(describe_outcome(outcome, upload.name))
            (st.success if outcome.duplicate_of is None else st.warning)(message)

with tab_history:
    batches = store.batches()
    if batches.empty:
        st.info(_("Chưa có lần nhập dữ liệu nào."))
    else:
        count_table(history_table(batches), key="data_history")

        confirm = st.session_state.get("data_confirm_undo")
        for batch in batches.itertuples():
            name = html.escape(str(batch.file_name))
            cols = st.columns([5, 2, 2])
            cols[0].markdown(f"**{batch.id}** · {name} · {_rows(batch.rows_ok)}")
            cols[1].download_button(
                _("Tải tệp gốc"),
                partial(store.raw_file, int(batch.id)),  # read from the database on click only
                file_name=str(batch.file_name),
                mime=XLSX_MIME if str(batch.file_name).lower().endswith(".xlsx") else "text/csv",
                on_click="ignore",
                key=f"data_raw_{batch.id}",
            )
            if pd.isna(batch.undone_at) and cols[2].button(
                _("Hoàn tác lần nhập"), key=f"data_undo_{batch.id}"
            ):
                st.session_state["data_confirm_undo"] = confirm = int(batch.id)
            if confirm == batch.id and pd.isna(batch.undone_at):
                st.warning(
                    _(
                        "Hoàn tác lần nhập số {id} ({file}): xóa {rows} đã nhập. "
                        "Tệp gốc vẫn được lưu."
                    ).format(id=batch.id, file=name, rows=_rows(batch.rows_ok))
                )
                yes, no = st.columns(2)
                if yes.button(
                    _("Xác nhận hoàn tác"), type="primary", key=f"data_undo_yes_{batch.id}"
                ):
                    removed = store.undo_import(int(batch.id), user)
                    st.session_state.pop("data_confirm_undo", None)
                    st.session_state["data_flash"] = _(
                        "Đã hoàn tác lần nhập số {id}: xóa {rows}."
                    ).format(id=batch.id, rows=_rows(removed))
                    st.rerun()
                if no.button(_("Hủy"), key=f"data_undo_no_{batch.id}"):
                    st.session_state.pop("data_confirm_undo", None)
                    st.rerun()
    flash = st.session_state.pop("data_flash", None)
    if flash:
        st.success(flash)

with tab_templates:
    st.write(_("Tải tệp mẫu, điền dữ liệu rồi nhập ở thẻ «{tab}».").format(tab=IMPORT_TAB))
    for kind_key, label in checks.KIND_LABELS.items():
        st.download_button(
            _("Tải tệp mẫu: {kind}").format(kind=_(label).lower()),
            deferred(template_xlsx, kind_key),  # built on click, in this language
            file_name=_(checks.TEMPLATE_FILE_NAMES[kind_key]),
            mime=XLSX_MIME,
            on_click="ignore",
            key=f"data_template_{kind_key}",
        )
