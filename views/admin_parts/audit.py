"""The audit page's body: filters (period, accounts, actions, text), the table, the Excel file."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from geo.access import ROLE_LABELS
from geo.clock import to_vietnam, utc_now
from geo.fmt import format_int
from geo.i18n import _, ngettext
from geo.outputs.audit import action_label, audit_table, audit_xlsx, filter_text, period_bounds
from geo.xlsx import XLSX_MIME
from ui import auth
from ui.state import get_store
from ui.widgets import count_table, date_range_field

__all__ = ["render"]


def render() -> None:
    """Draw the page for an administrator (the page has checked the policy)."""
    st.title(_("Nhật ký thao tác"))
    st.caption(
        _(
            "Mọi lần nhập, hoàn tác, sửa, công bố kế hoạch, xuất dữ liệu, tải tệp gốc, "
            "đăng nhập và thay đổi tài khoản. Giờ Việt Nam."
        )
    )
    store = get_store()
    everything = store.audit_log()  # the span and the choices; the rows shown are read filtered
    if everything.empty:
        st.info(_("Nhật ký thao tác chưa có dòng nào."))
        return

    today = to_vietnam(utc_now()).date()
    days = to_vietnam(everything["at"]).dt.date
    first, last = min(days), max(days)
    recent = today - dt.timedelta(days=29)
    default = (recent, today) if (days >= recent).any() else (first, last)

    c_period, c_users, c_actions = st.columns([2, 2, 3])
    start, end = date_range_field(
        _("Thời gian"),
        default,
        key="audit_period",
        min_value=min(first, default[0]),
        max_value=max(today, last),
        container=c_period,
    )
    users = c_users.multiselect(
        _("Tài khoản"),
        sorted(set(everything["user"].astype(str))),
        key="audit_users",
        placeholder=_("Tất cả tài khoản"),
    )
    present = sorted(set(everything["action"].astype(str)), key=action_label)
    actions = c_actions.multiselect(
        _("Thao tác"),
        present,
        format_func=action_label,
        key="audit_actions",
        placeholder=_("Tất cả thao tác"),
    )
    text = st.text_input(
        _("Tìm trong chi tiết"),
        key="audit_text",
        placeholder=_("Tên tệp, tài khoản, lý do…"),
        help=_("Không phân biệt chữ hoa, chữ thường, có dấu hay không dấu."),
        autocomplete="off",
    )

    since, until = period_bounds(start, end)
    rows = store.audit_log(since=since, until=until, users=users, actions=actions)
    role_labels: dict[str, str] = {role: _(label) for role, label in ROLE_LABELS.items()}
    table = filter_text(audit_table(rows, role_labels), text)
    n = len(table)
    st.caption(ngettext("{n} dòng", "{n} dòng", n).format(n=format_int(n)))
    count_table(table, key="audit_table", empty=_("Không có thao tác nào khớp với bộ lọc."))
    if n:
        # the administrator may not «export» figures (geo.access.PERMISSIONS): this download is
        # part of reading the log, so it is checked and audited as view_audit
        auth.download_button(
            _("Tải Excel nhật ký"),
            audit_xlsx,
            table,
            file_name=_("nhat-ky-thao-tac-{start}-{end}.xlsx").format(
                start=start.isoformat(), end=end.isoformat()
            ),
            mime=XLSX_MIME,
            key="audit_xlsx",
            action="view_audit",
            detail={"page": "audit", "rows": n, "period": f"{start.isoformat()}/{end.isoformat()}"},
            icon=":material/download:",
        )
