"""The tab «Lịch sử nhập dữ liệu»: the batches a user may see, undo and original files."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.access import User
from geo.access.areas import area_target
from geo.access.imports import batch_codes, decide_codes, visible_batches
from geo.fmt import format_int
from geo.i18n import _, ngettext
from geo.ingest.history import history_table
from geo.xlsx import XLSX_MIME
from ui import auth
from ui.state import get_store
from ui.text import plain
from ui.widgets import count_table

__all__ = ["render"]


def _rows(n) -> str:
    return ngettext("{n} dòng", "{n} dòng", int(n)).format(n=format_int(n))


def _confirm(batch: dict, user: User) -> None:
    """Ask before the undo of a batch, then undo it."""
    number, name = int(batch["id"]), plain(batch["file_name"])
    st.warning(
        _("Hoàn tác lần nhập số {id} ({file}): xóa {rows} đã nhập. Tệp gốc vẫn được lưu.").format(
            id=number, file=name, rows=_rows(batch["rows_ok"])
        )
    )
    yes, no = st.columns(2)
    if yes.button(_("Xác nhận hoàn tác"), type="primary", key=f"data_undo_yes_{number}"):
        removed = get_store().undo_import(number, user.username)
        st.session_state.pop("data_confirm_undo", None)
        st.session_state["data_flash"] = _("Đã hoàn tác lần nhập số {id}: xóa {rows}.").format(
            id=number, rows=_rows(removed)
        )
        st.rerun()
    if no.button(_("Hủy"), key=f"data_undo_no_{number}"):
        st.session_state.pop("data_confirm_undo", None)
        st.rerun()


def render(user: User, registry: pd.DataFrame) -> None:
    """Draw the history of the batches the user may see, with undo and the original files.

    Parameters
    ----------
    user : geo.access.User
        The signed-in user.
    registry : pandas.DataFrame
        The whole registry (a batch's place is judged against it).
    """
    store = get_store()
    # each batch's communes: its place for the policy (an undone batch keeps none)
    places = batch_codes(store.batch_communes())
    batches = visible_batches(store.batches(), places, user, registry)
    if batches.empty:
        st.info(_("Chưa có lần nhập dữ liệu nào."))
    else:
        count_table(history_table(batches), key="data_history")
        confirm = st.session_state.get("data_confirm_undo")
        for batch in batches.to_dict("records"):
            number, owner = int(batch["id"]), str(batch["user"])
            active = pd.isna(batch["undone_at"])
            where = places.get(number, ())
            undo = decide_codes(user, "undo_import", where, registry, owner=owner)
            cols = st.columns([5, 2, 2])
            name = plain(batch["file_name"])
            cols[0].markdown(f"**{number}** · {name} · {_rows(batch['rows_ok'])}")
            auth.download_button(
                _("Tải tệp gốc"),
                store.raw_file,  # read from the database on click only
                number,
                file_name=str(batch["file_name"]),
                mime=XLSX_MIME if str(batch["file_name"]).lower().endswith(".xlsx") else "text/csv",
                key=f"data_raw_{number}",
                action="download_original",
                decision=decide_codes(user, "download_original", where, registry, owner=owner),
                target=area_target(where, registry, owner=owner),
                detail={"batch": number, "page": "data"},
                container=cols[1],
            )
            label = _("Hoàn tác lần nhập")
            if active and auth.button(label, undo, container=cols[2], key=f"data_undo_{number}"):
                st.session_state["data_confirm_undo"] = confirm = number
            if confirm == number and active and not undo:  # the confirmation re-checks too
                st.session_state.pop("data_confirm_undo", None)
                st.error(plain(undo.reason), icon=":material/lock:")
            elif confirm == number and active:
                _confirm(batch, user)
    flash = st.session_state.pop("data_flash", None)
    if flash:
        st.success(flash)
