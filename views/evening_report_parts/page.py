"""The page «Báo cáo buổi tối» (issue 16): tonight's results of a team, typed on a phone.

One column. The evening is pre-filled from the team's assignment in the published plan; the
places are added one by one; every run checks the report exactly as its upload would be checked
(:func:`geo.ingest.report.check_report`) and shows each reason next to its field; the form is
saved on the server after every run (a draft per team and evening). Sending imports the CSV like
any upload (:meth:`geo.store.Store.import_result`: audited, in the history, undoable by a clerk)
and closes the home-visit requests ticked «Đã hỗ trợ». User text (team, place and commune names,
residents) is drawn only in widget labels, options and values, or escaped with :func:`plain`.
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import streamlit as st

from geo.access import Target, User, decide
from geo.access.imports import decide_upload
from geo.clock import to_vietnam, utc_now
from geo.fmt import format_int, format_time
from geo.i18n import _, ngettext
from geo.ingest.report import (
    COUNT_FIELDS,
    Evening,
    ReportCheck,
    check_report,
    evening_totals,
    report_csv,
)
from geo.ingest.thresholds import Thresholds
from geo.planning.tables import place_labels
from geo.store.home_requests import reason_label
from ui import scoped, state
from ui.text import plain
from ui.widgets import table
from views.evening_report_parts import form

_FOR, _FLASH, _SAVED, _BASE = "er_for", "er_flash", "er_saved_at", "er_base"
_CHECK = "er_check"  # the last check, with the bytes it read (about 0.2 s saved per run)


def _tonight(store, team: str, day: dt.date) -> pd.DataFrame:
    """The team's assignments of ``day`` in the published plan (maybe none)."""
    published = store.published_plan()
    if published is None:
        return pd.DataFrame(columns=["code", "window_start", "window_end"])
    plan = published[1]
    return plan[(plan["date"].dt.date == day) & (plan["team"].astype(str) == team)]


def _members(store) -> dict[str, int]:
    teams = store.teams().dropna(subset=["members"])
    return {str(n): int(m) for n, m in zip(teams["name"], teams["members"], strict=True) if m > 0}


def _reasons(texts: list[str], kind: str) -> None:
    for text in texts:
        if kind == "error":
            st.error(plain(text), icon=":material/error:")
        else:
            st.warning(plain(text), icon=":material/warning:")


def render(user: User) -> None:
    """Draw the page for a team leader whom :func:`ui.auth.require` let in."""
    team = str(user.team)
    st.title(_("Báo cáo buổi tối"))
    settings, store = state.get_settings(), state.get_store()
    registry = state.get_registry()
    labels = place_labels(scoped.get_communes())
    day = to_vietnam(utc_now()).date()
    assignment = _tonight(store, team, day)

    if st.session_state.get(_FOR) != (team, day.isoformat()):
        draft = store.report_draft(team, day)
        payload = draft.payload if draft is not None else form.prefill(day, assignment)
        st.session_state[form.PAYLOAD] = payload
        form.seed(payload, day, force=True)
        st.session_state[_FOR] = (team, day.isoformat())
        # an untouched new form is no draft: it is saved once something is typed
        st.session_state[_BASE] = None if draft is not None else form.read_payload([])
        if draft is not None:
            st.session_state[_SAVED] = draft.updated_at
            st.info(
                _("Đã khôi phục bản nháp lưu lúc {time}.").format(
                    time=format_time(to_vietnam(pd.Timestamp(draft.updated_at)))
                ),
                icon=":material/restore:",
            )
    else:
        form.seed(st.session_state[form.PAYLOAD], day)
    if flash := st.session_state.pop(_FLASH, None):
        st.success(flash, icon=":material/check_circle:")

    # ------------------------------------------------------------------------------- the evening
    st.subheader(_("Buổi làm việc"))
    if len(assignment):
        st.caption(_("Theo kế hoạch đã công bố cho tổ tối nay."))
    else:
        st.caption(_("Tối nay tổ không có lịch trong kế hoạch; hãy chọn xã đã đến."))
    st.text_input(_("Tổ lưu động"), value=team, disabled=True, key="er_team_shown")
    st.date_input(_("Ngày"), max_value=day, format="DD/MM/YYYY", key="er_date")
    codes = list(labels)
    if st.session_state.get("er_code") not in codes:
        st.session_state["er_code"] = None
    st.selectbox(
        _("Xã, phường, thị trấn"),
        codes,
        format_func=lambda c: labels.get(str(c), str(c)),
        placeholder=_("Chọn xã, phường, thị trấn"),
        key="er_code",
    )
    st.text_input(_("Giờ bắt đầu"), max_chars=5, placeholder="18:00", key="er_start")
    st.text_input(_("Giờ kết thúc"), max_chars=5, placeholder="21:30", key="er_end")

    code = st.session_state.get("er_code")
    served = _served_requests(store, user, code)
    n = int(st.session_state.get(form.COUNT, 0))
    entries = form.read_entries(n)
    check: ReportCheck | None = None
    if code and entries and isinstance(st.session_state.get("er_date"), dt.date):
        evening = Evening(
            st.session_state["er_date"],
            team,
            str(code),
            str(st.session_state.get("er_start") or "").strip(),
            str(st.session_state.get("er_end") or "").strip(),
        )
        check = st.session_state.get(_CHECK)
        if check is None or check.raw != report_csv(evening, entries):  # else: nothing changed
            check = check_report(
                evening,
                entries,
                registry,
                today=day,
                thresholds=Thresholds.from_settings(settings),
                team_members=_members(store),
            )
            st.session_state[_CHECK] = check
        for name in form.EVENING_KEYS:
            _reasons(check.evening_errors.get(name, []), "error")

    # ------------------------------------------------------------------------------- the places
    def _shown(index: int):
        def show(name: str) -> None:
            if check is None:
                return
            _reasons(check.errors.get(index, {}).get(name, []), "error")
            _reasons(check.flags.get(index, {}).get(name, []), "warning")

        return show

    for i in range(n):
        with st.container(border=True):
            remove = functools.partial(form.remove_place, i, served) if n > 1 else None
            form.place_fields(i, _shown(i), remove)
    st.button(
        _("Thêm địa điểm"),
        on_click=lambda: form.add_place(served),
        icon=":material/add:",
        use_container_width=True,
        key="er_add",
    )

    # ------------------------------------------------------------------------------- totals
    totals = evening_totals(entries)
    st.subheader(_("Tổng cộng buổi tối"))
    table(
        pd.DataFrame(
            {
                _("Chỉ số"): [_("Số địa điểm")] + [_(form.COUNT_LABELS[k]) for k in COUNT_FIELDS],
                _("Tổng"): [totals["places"]] + [totals[k] for k in COUNT_FIELDS],
            }
        ),
        hide_index=True,
        key="er_totals",
    )

    _submit(store, user, check, served, day)
    payload = form.read_payload(served)
    st.session_state[form.PAYLOAD] = payload
    if payload != st.session_state.get(_BASE) and store.save_report_draft(
        team, day, payload, user.username
    ):
        st.session_state[_BASE] = None
        st.session_state[_SAVED] = utc_now()
    if saved := st.session_state.get(_SAVED):
        st.caption(
            _("Bản nháp được lưu tự động trên máy chủ lúc {time}.").format(
                time=format_time(to_vietnam(pd.Timestamp(saved)))
            )
        )


def _served_requests(store, user: User, code: object) -> list[int]:
    """List the open home-visit requests of the commune with a «Đã hỗ trợ» box; the ticked ids."""
    if not code:
        return []
    requests = store.home_requests(codes=[str(code)], status="open")
    if not len(requests):
        return []
    st.subheader(_("Yêu cầu hỗ trợ tại nhà đang mở"))
    target = Target(commune=str(code), team=user.team)
    personal = bool(decide(user, "view_personal_data", target))
    ticked: list[int] = []
    for row in requests.itertuples():
        rid = int(row.id)
        label = f"#{rid} · {reason_label(row.reason)}"
        if personal:
            label += f" · {row.resident}"
        box = f"er_req_{rid}"
        if box not in st.session_state:
            st.session_state[box] = rid in (st.session_state[form.PAYLOAD].get("served") or [])
        if st.checkbox(plain(label) + " — " + _("Đã hỗ trợ"), key=box):
            ticked.append(rid)
    return ticked


def _submit(store, user: User, check: ReportCheck | None, served: list[int], day: dt.date) -> None:
    """The «Gửi báo cáo» button: import the checked CSV, close the ticked requests."""
    ready = check is not None and check.ok
    if check is not None and not check.ok:
        n = len(check.errors) + (1 if check.evening_errors or check.file_errors else 0)
        st.error(
            ngettext(
                "Còn {n} chỗ cần sửa trước khi gửi (xem các ô được đánh dấu).",
                "Còn {n} chỗ cần sửa trước khi gửi (xem các ô được đánh dấu).",
                n,
            ).format(n=format_int(n)),
            icon=":material/error:",
        )
        _reasons(check.file_errors, "error")
    confirmed = True
    if check is not None and check.ok and check.flags:
        confirmed = st.checkbox(
            _("Tôi đã kiểm tra các số liệu được cảnh báo; số liệu đúng."), key="er_confirm"
        )
    if not st.button(
        _("Gửi báo cáo"),
        type="primary",
        disabled=not (ready and confirmed),
        use_container_width=True,
        key="er_send",
    ):
        return
    assert check is not None  # the button is disabled otherwise
    registry = state.get_registry()
    decision = decide_upload(user, "visits", check.result.accepted, registry)
    if not decision:
        st.error(decision.reason, icon=":material/lock:")
        return
    outcome = store.import_result(check.result, check.raw, user.username)
    if outcome.duplicate_of is not None:
        st.warning(
            _("Báo cáo này đã được gửi (lần nhập số {id}); không có gì thay đổi.").format(
                id=outcome.duplicate_of
            ),
            icon=":material/info:",
        )
        return
    closed = 0
    code = str(st.session_state.get("er_code"))
    for rid in served:
        if decide(user, "close_request", Target(commune=code, team=user.team)):
            closed += store.close_home_request(rid, user.username, batch_id=outcome.batch_id)
    store.delete_report_draft(str(user.team), day)
    for k in [k for k in st.session_state if str(k).startswith("er_")]:
        del st.session_state[k]
    message = ngettext(
        "Đã gửi báo cáo: lần nhập số {id}, {n} địa điểm.",
        "Đã gửi báo cáo: lần nhập số {id}, {n} địa điểm.",
        outcome.rows_ok,
    ).format(id=outcome.batch_id, n=format_int(outcome.rows_ok))
    if closed:
        message += " " + ngettext(
            "Đã đóng {n} yêu cầu hỗ trợ tại nhà.", "Đã đóng {n} yêu cầu hỗ trợ tại nhà.", closed
        ).format(n=format_int(closed))
    st.session_state[_FLASH] = message
    st.rerun()
