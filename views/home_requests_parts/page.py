"""The page «Yêu cầu hỗ trợ tại nhà» (issue 16): the form, the open requests, closing.

One column (it is used on phones). Names, addresses and phones are shown only where
``decide(user, "view_personal_data", …)`` allows it; the planner and the leader see the open
requests counted per commune. Every user text is drawn inert (``st.dataframe``, widget labels
and options), never as markdown.
"""

import pandas as pd
import streamlit as st

from geo.access import Target, User, allowed_actions, decide
from geo.clock import to_vietnam, utc_now
from geo.fmt import format_date, format_int
from geo.i18n import _, ngettext
from geo.planning.requests import open_requests_by_commune, with_ageing
from geo.planning.tables import place_labels
from geo.store.home_requests import FIELD_LIMITS, REQUEST_REASONS, InvalidRequestError, reason_label
from ui import auth, scoped, state
from ui.widgets import table

FIELDS = ("code", "reason", "resident", "address", "phone", "requested_by", "note")
_ERRORS, _FLASH = "hr_errors", "hr_flash"


def render(user: User) -> None:
    """Draw the page for the signed-in ``user`` (whom :func:`ui.auth.require` let in)."""
    st.title(_("Yêu cầu hỗ trợ tại nhà"))
    st.caption(
        _(
            "Người dân không thể đến trụ sở (người cao tuổi, người khuyết tật, ốm đau, tai nạn) "
            "được tổ lưu động đến tận nhà. Yêu cầu mở quá lâu được đánh dấu quá hạn."
        )
    )

    settings = state.get_settings()
    store = state.get_store()
    communes = scoped.get_communes()
    labels = place_labels(communes)
    districts = {
        str(c): (None if pd.isna(d) else str(d))
        for c, d in zip(communes["code"], communes.get("district_code", pd.Series()), strict=False)
    }
    today = to_vietnam(utc_now()).date()
    actions = allowed_actions(user)

    def _target(code: str) -> Target:
        # a team leader's requests are those of its team's area: its own team is the object's team
        return Target(commune=code, district=districts.get(code), team=user.team)

    def _label(code: object) -> str:
        return labels.get(str(code), str(code))

    if flash := st.session_state.pop(_FLASH, None):
        st.success(flash, icon=":material/check_circle:")

    # ------------------------------------------------------------------------------- the form
    if "record_request" in actions:
        errors: dict[str, str] = st.session_state.get(_ERRORS, {})

        def _error(field: str) -> None:
            if field in errors:
                st.error(errors[field], icon=":material/error:")

        with st.form("hr_form", border=True):
            st.subheader(_("Ghi nhận yêu cầu mới"))
            st.selectbox(
                _("Xã, phường, thị trấn"),
                list(labels),
                index=None,
                format_func=_label,
                placeholder=_("Chọn xã, phường, thị trấn"),
                key="hr_code",
            )
            _error("code")
            st.selectbox(
                _("Lý do"),
                REQUEST_REASONS,
                index=None,
                format_func=reason_label,
                placeholder=_("Chọn lý do"),
                key="hr_reason",
            )
            _error("reason")
            st.text_input(
                _("Người cần hỗ trợ (họ tên hoặc hộ gia đình)"),
                max_chars=FIELD_LIMITS["resident"],
                key="hr_resident",
            )
            _error("resident")
            st.text_input(_("Địa chỉ"), max_chars=FIELD_LIMITS["address"], key="hr_address")
            _error("address")
            st.text_input(
                _("Số điện thoại"),
                max_chars=FIELD_LIMITS["phone"],
                placeholder="0912 345 678",
                key="hr_phone",
            )
            _error("phone")
            st.text_input(
                _("Người đề nghị"),
                max_chars=FIELD_LIMITS["requested_by"],
                help=_("Ai báo yêu cầu này: người thân, trưởng thôn, cán bộ xã…"),
                key="hr_requested_by",
            )
            _error("requested_by")
            st.text_area(_("Ghi chú"), max_chars=FIELD_LIMITS["note"], key="hr_note")
            _error("note")
            submitted = st.form_submit_button(
                _("Ghi nhận yêu cầu"), type="primary", use_container_width=True
            )

        if submitted:
            values = {f: st.session_state.get(f"hr_{f}") for f in FIELDS}
            code = str(values["code"] or "")
            decision = decide(user, "record_request", _target(code)) if code else None
            if decision is not None and not decision:
                st.error(decision.reason, icon=":material/lock:")
            else:
                try:
                    rid = store.add_home_request(values, user.username)
                except InvalidRequestError as refused:
                    st.session_state[_ERRORS] = refused.errors
                else:
                    st.session_state.pop(_ERRORS, None)
                    for f in FIELDS:
                        st.session_state.pop(f"hr_{f}", None)
                    st.session_state[_FLASH] = _("Đã ghi nhận yêu cầu số {id}.").format(id=rid)
                st.rerun()

    # ------------------------------------------------------------------------------- open requests
    scope_codes = None if user.scope.level == "province" else list(labels)
    requests = with_ageing(
        store.home_requests(codes=scope_codes, status="open"), today, settings.request_overdue_days
    )
    st.subheader(_("Yêu cầu đang mở"))
    limit_text = ngettext(
        "Quá hạn: mở quá {n} ngày.", "Quá hạn: mở quá {n} ngày.", settings.request_overdue_days
    ).format(n=format_int(settings.request_overdue_days))
    st.caption(limit_text)

    counts = open_requests_by_commune(requests, today)
    late = requests[requests["overdue"]].groupby(requests["code"].astype(str)).size()
    by_commune = pd.DataFrame(
        {
            _("Xã, phường, thị trấn"): counts["code"].map(_label),
            _("Số yêu cầu đang mở"): counts["open"],
            _("Quá hạn"): counts["code"].map(late).fillna(0).astype("int64"),
            _("Chờ lâu nhất (ngày)"): counts["oldest_days"],
        }
    )
    table(by_commune, hide_index=True, empty=_("Không có yêu cầu nào đang mở."), key="hr_counts")

    def _personal(code: str) -> bool:
        return bool(decide(user, "view_personal_data", _target(code)))

    personal = requests["code"].astype(str).map(_personal)
    mine = requests[personal.astype(bool)] if len(requests) else requests
    if len(mine):
        st.subheader(_("Danh sách yêu cầu"))
        details = pd.DataFrame(
            {
                _("Số"): mine["id"].astype("int64"),
                _("Xã, phường, thị trấn"): mine["code"].map(_label),
                _("Lý do"): mine["reason"].map(reason_label),
                _("Người cần hỗ trợ"): mine["resident"],
                _("Địa chỉ"): mine["address"],
                _("Số điện thoại"): mine["phone"],
                _("Người đề nghị"): mine["requested_by"],
                _("Ngày ghi nhận"): to_vietnam(mine["recorded_at"]).map(format_date),
                _("Số ngày chờ"): mine["days_open"].astype("int64"),
                _("Quá hạn"): mine["overdue"].map({True: _("Quá hạn"), False: ""}),
                _("Ghi chú"): mine["note"],
            }
        )
        table(details, hide_index=True, key="hr_details")

    # ------------------------------------------------------------------------------- close
    if "close_request" in actions and len(mine):
        st.subheader(_("Đóng yêu cầu đã được hỗ trợ"))
        names = dict(zip(mine["id"].astype(int), mine["resident"].astype(str), strict=True))
        places = dict(zip(mine["id"].astype(int), mine["code"].astype(str), strict=True))
        chosen = st.selectbox(
            _("Yêu cầu"),
            list(names),
            index=None,
            format_func=lambda i: f"#{i} · {_label(places[i])} · {names[i]}",
            placeholder=_("Chọn yêu cầu đã được tổ đến hỗ trợ"),
            key="hr_close_id",
        )
        where = places[chosen] if chosen is not None else str(mine["code"].iloc[0])
        decision = decide(user, "close_request", _target(where))
        if auth.button(
            _("Đóng yêu cầu"),
            decision,
            disabled=chosen is None,
            key="hr_close",
            use_container_width=True,
        ):
            rid = int(chosen)  # type: ignore[arg-type]
            if store.close_home_request(rid, user.username):
                st.session_state[_FLASH] = _("Đã đóng yêu cầu số {id}.").format(id=rid)
            else:
                st.session_state[_FLASH] = _(
                    "Yêu cầu số {id} đã được đóng trước đó; không có gì thay đổi."
                ).format(id=rid)
            st.session_state.pop("hr_close_id", None)
            st.rerun()
