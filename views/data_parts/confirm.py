"""What the clerk confirms before an import: rows that look implausible, rows already stored."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.access import User
from geo.access.imports import batch_codes, decide_codes
from geo.fmt import format_datetime, format_int
from geo.i18n import _, ngettext
from geo.ingest import IngestResult
from geo.ingest import upload as checks
from geo.store.uploads import OnMatch
from ui.state import get_store
from ui.text import plain
from ui.widgets import count_table

__all__ = ["flagged_part", "matches_part"]


def flagged_part(result: IngestResult) -> bool:
    """Show the rows that need a confirmation and ask for it.

    Parameters
    ----------
    result : IngestResult
        The checked file.

    Returns
    -------
    bool
        Whether the clerk confirmed them (``False`` when there are none).
    """
    if result.flagged.empty:
        return False
    st.subheader(_("Dòng cần xác nhận"))
    st.caption(
        _(
            "Các dòng này hợp lệ nhưng có số liệu bất thường. Nếu không xác nhận, các dòng này "
            "không được nhập."
        )
    )
    count_table(checks.flagged_table(result), key="data_flagged")
    n = result.rows_flagged
    return st.checkbox(
        ngettext(
            "Tôi đã kiểm tra {n} dòng này và vẫn nhập",
            "Tôi đã kiểm tra {n} dòng này và vẫn nhập",
            n,
        ).format(n=format_int(n)),
        key="data_confirm_flagged",
    )


def matches_part(result: IngestResult, user: User, registry: pd.DataFrame) -> OnMatch:
    """Show the rows an earlier batch already holds and ask whether to skip or replace them.

    Parameters
    ----------
    result : IngestResult
        The checked file.
    user : geo.access.User
        The signed-in user (replacing undoes batches: the policy decides).
    registry : pandas.DataFrame
        The whole registry.

    Returns
    -------
    {"skip", "replace"}
        ``"skip"`` when nothing matches.
    """
    store = get_store()
    key = ("data_matches", st.session_state.get("data_checked_key"))
    if st.session_state.get("data_matches_key") != key:  # once per check, not per rerun
        st.session_state["data_matches"] = store.matching_rows(result)
        st.session_state["data_matches_key"] = key
    matches = st.session_state["data_matches"]
    if matches.empty:
        return "skip"
    per_batch = (
        matches.groupby(["batch_id", "file_name", "at"], as_index=False)
        .size()
        .sort_values("batch_id")
    )
    st.subheader(_("Dòng đã có trong lần nhập trước"))
    lines = [
        _("Lần nhập số {batch} («{name}», {at}): {rows}").format(
            batch=int(b.batch_id),
            name=plain(str(b.file_name)),
            at=format_datetime(b.at),
            rows=ngettext("{n} dòng trùng", "{n} dòng trùng", int(b.size)).format(
                n=format_int(b.size)
            ),
        )
        for b in per_batch.itertuples()
    ]
    st.markdown("\n".join(f"- {line}" for line in lines))
    places = batch_codes(store.batch_communes())
    owners = store.batches().set_index("id")["user"].to_dict()
    refusals = [
        d.reason
        for b in per_batch["batch_id"]
        if not (
            d := decide_codes(
                user, "undo_import", places.get(int(b), ()), registry, owner=owners.get(b)
            )
        )
    ]
    options: list[OnMatch] = ["skip"] if refusals else ["skip", "replace"]
    labels = {
        "skip": _("Bỏ qua các dòng đã có, chỉ nhập dòng mới"),
        "replace": _("Thay thế: hoàn tác các lần nhập trên rồi nhập toàn bộ tệp này"),
    }
    choice = st.radio(
        _("Xử lý các dòng đã có"), options, format_func=labels.__getitem__, key="data_on_match"
    )
    if refusals:
        st.caption(plain(refusals[0]))
    return choice
