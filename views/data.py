"""Trang «Dữ liệu»: nhập dữ liệu (CSV/XLSX), báo cáo kiểm tra, lịch sử nhập và hoàn tác, tệp mẫu."""

from contextlib import nullcontext

import streamlit as st

from geo.access import PAGES
from geo.access.imports import decide_upload
from geo.fmt import format_int
from geo.i18n import _, language_key
from geo.ingest import rejected_xlsx, template_xlsx
from geo.ingest import upload as checks
from geo.store import CHUNK_SIZE, describe_outcome
from geo.store.uploads import Choices, check_upload, confirm_upload
from geo.xlsx import XLSX_MIME
from ui import auth
from ui.state import deferred, get_registry, get_settings, get_store
from ui.text import plain
from ui.widgets import count_table, file_field
from views.data_parts import columns, confirm, history

user = auth.require(PAGES["data"])  # on the server, whatever the navigation shows
st.title(_("Dữ liệu"))
store = get_store()
# uploads and batches are judged against the whole registry: a commune outside the scope is
# refused by name, never rejected as unknown
registry = get_registry()
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
        file_key = (kind, upload.name, len(raw), upload.file_id)
        if st.session_state.get("data_choices_for") != file_key:  # a new file: no choices yet
            st.session_state["data_choices_for"], st.session_state["data_choices"] = file_key, None
        choices = st.session_state.get("data_choices") or Choices()
        # the report's reasons are in the language of the check: a switch checks again
        cache_key = (file_key, repr(choices), store.revision(), language_key())
        if st.session_state.get("data_checked_key") != cache_key:
            with st.spinner(_("Đang kiểm tra tệp…")):
                checked = check_upload(
                    store, kind, raw, upload.name, registry, get_settings(), choices
                )
                st.session_state["data_checked"] = checked
            st.session_state["data_checked_key"] = cache_key
        result = st.session_state["data_checked"]

        ok_col, flag_col, bad_col = st.columns(3)
        ok_col.metric(_("Dòng hợp lệ"), format_int(result.rows_ok))
        flag_col.metric(_("Dòng cần xác nhận"), format_int(result.rows_flagged))
        bad_col.metric(_("Dòng bị từ chối"), format_int(result.rows_rejected))
        for message in result.file_errors:
            st.error(plain(message))
        for note in result.notes:
            st.info(plain(note))
        changed = columns.mapping_form(result, choices) or columns.values_form(result, choices)
        if changed is not None:
            st.session_state["data_choices"] = changed
            st.rerun()
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
                file_name=checks.rejected_file_name(upload.name),
                mime=XLSX_MIME,
            )
        confirmed = confirm.flagged_part(result)
        on_match = confirm.matches_part(result, user, registry) if result.rows_ok else "skip"
        verdict = decide_upload(user, kind, result.accepted, registry)
        if auth.button(_("Nhập dữ liệu"), verdict, type="primary", key="data_import"):
            busy = _("Đang nhập dữ liệu…")
            big = result.rows_ok >= CHUNK_SIZE  # a progress bar, else a spinner
            bar = st.progress(0.0, text=busy) if big else None
            with nullcontext() if big else st.spinner(busy):
                follow = None if bar is None else (lambda f, b=bar: b.progress(f, text=busy))
                outcome = confirm_upload(
                    store,
                    result,
                    raw,
                    user.username,
                    confirm_flagged=confirmed,
                    on_match=on_match,
                    choices=choices,
                    progress=follow,
                )
            message = describe_outcome(outcome, plain(upload.name))  # the name escaped, not ours
            ok = outcome.duplicate_of is None and not outcome.refused
            (st.success if ok else st.warning)(message)

with tab_history:
    history.render(user, registry)

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
