"""The accounts page's parts: the table, «Tạo tài khoản», and the changes to one account.

Every change goes through the store with ``by=`` the administrator (the store audits it and
refuses what it must, with its reason, shown here as it is). The forms act in their submit
button's callback, before the page is drawn again, so the table below already shows the change;
a password field is emptied whatever the outcome and its text is never shown.

Role and scope level are chosen above each form (a click reruns the page), so that the form
offers the districts or the communes, and the team for a team leader, that go with them.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, cast

import pandas as pd
import streamlit as st

from geo.access import ROLE_LABELS, ROLES, SCOPE_LEVELS, Role, Scope, User
from geo.access.model import ScopeLevel
from geo.access.policy import scope_text
from geo.clock import utc_now
from geo.fmt import display_text, format_datetime, is_missing
from geo.i18n import N_, _
from geo.store import AccountError
from ui.state import get_registry, get_store
from ui.widgets import count_table

__all__ = ["accounts_table", "create_section", "edit_section", "render", "table_section"]

#: Scope levels -> the radio's labels (catalog ids).
LEVEL_LABELS: dict[str, str] = {
    "province": N_("Toàn tỉnh"),
    "district": N_("Huyện"),
    "commune": N_("Xã"),
}
_NEED_TEAM = N_("Tài khoản tổ trưởng phải được gán một tổ lưu động: hãy chọn tổ.")
_DEFAULT_ROLE: Role = "leader"


def _codes_of(value: object) -> frozenset[str]:
    return frozenset(c for c in display_text(value).split(",") if c)


def _status(row: Any, now: pd.Timestamp) -> str:
    """«Hoạt động», «Tạm khóa đến …» or «Vô hiệu hóa», with «phải đổi mật khẩu» when due."""
    if row.disabled:
        text = _("Vô hiệu hóa")
    elif not is_missing(row.locked_until) and pd.Timestamp(row.locked_until) > now:
        text = _("Tạm khóa đến {at}").format(at=format_datetime(row.locked_until))
    else:
        text = _("Hoạt động")
    if row.must_change_password:
        text = _("{status}; phải đổi mật khẩu").format(status=text)
    return text


def _role_label(role: object) -> str:
    text = display_text(role)
    labels: dict[str, str] = {str(role): label for role, label in ROLE_LABELS.items()}
    return _(labels[text]) if text in labels else text


def accounts_table(frame: pd.DataFrame, now: pd.Timestamp) -> pd.DataFrame:
    """Describe the accounts (:meth:`geo.store.Store.accounts`, no hashes) for the table."""
    rows = list(frame.itertuples())
    return pd.DataFrame(
        {
            _("Tên tài khoản"): [r.username for r in rows],
            _("Họ tên"): [None if is_missing(r.display_name) else r.display_name for r in rows],
            _("Vai trò"): [_role_label(r.role) for r in rows],
            _("Phạm vi"): [
                scope_text(Scope(cast(ScopeLevel, r.scope_level), _codes_of(r.scope_codes)))
                for r in rows
            ],
            _("Tổ"): [None if is_missing(r.team) else r.team for r in rows],
            _("Trạng thái"): [_status(r, now) for r in rows],
            _("Đăng nhập lần cuối"): [
                format_datetime(r.last_sign_in_at, na="") or None for r in rows
            ],
            _("Tài khoản trình diễn"): [_("DEMO") if r.demo else None for r in rows],
        }
    )


# --- messages under each form --------------------------------------------------------------------


def _say(slot: str, kind: str, text: str) -> None:
    st.session_state[f"acc_msg_{slot}"] = (kind, text)


def _show(slot: str) -> None:
    said = st.session_state.pop(f"acc_msg_{slot}", None)
    if said is not None:
        kind, text = said
        (st.success if kind == "success" else st.error)(html.escape(text))


# --- pickers -------------------------------------------------------------------------------------


def _places(level: str) -> dict[str, str]:
    """The districts or the communes of the registry, code -> «Name (code)»."""
    communes = get_registry()  # the whole province: an account may be scoped anywhere
    if level == "district":
        districts = communes[["district_code", "district_name"]].dropna().drop_duplicates()
        return {
            str(r.district_code): f"{r.district_name} ({r.district_code})"
            for r in districts.sort_values("district_code").itertuples()
        }
    names = communes["full_name"] if "full_name" in communes.columns else communes["name"]
    return {
        str(code): f"{name} ({code})" for code, name in zip(communes["code"], names, strict=True)
    }


def _role_and_level(prefix: str, role: str, level: str) -> tuple[Role, ScopeLevel]:
    """Ask for the role and the scope level (outside the form: a click reruns the page)."""
    roles: list[str] = list(ROLES)
    levels: list[str] = list(SCOPE_LEVELS)
    chosen_role = st.selectbox(
        _("Vai trò"),
        roles,
        index=roles.index(role) if role in roles else 0,
        format_func=_role_label,
        key=f"{prefix}_role",
    )
    chosen_level = st.radio(
        _("Phạm vi"),
        levels,
        index=levels.index(level) if level in levels else 0,
        format_func=lambda v: _(LEVEL_LABELS[v]),
        horizontal=True,
        key=f"{prefix}_level",
    )
    return cast(Role, chosen_role), cast(ScopeLevel, chosen_level)


def _codes_field(level: str, current: frozenset[str], key: str) -> None:
    """Offer the districts or communes of a scope (nothing for the province)."""
    if level == "province":
        return
    options = _places(level)
    for code in sorted(current - set(options)):  # a code the registry no longer lists
        options[code] = code
    label = _("Các huyện trong phạm vi") if level == "district" else _("Các xã trong phạm vi")
    st.multiselect(
        label,
        list(options),
        default=sorted(current & set(options)),
        format_func=options.__getitem__,
        key=key,
        placeholder=_("Chọn một hoặc nhiều"),
    )


def _team_field(role: str, current: str | None, key: str) -> None:
    """Offer the teams, for a team leader only."""
    if role != "team_leader":
        return
    teams = [str(t) for t in get_store().teams()["name"]]
    if current and current not in teams:
        teams.append(current)
    st.selectbox(
        _("Tổ lưu động"),
        teams,
        index=teams.index(current) if current in teams else None,
        key=key,
        placeholder=_("Chọn tổ lưu động"),
        help=_("Tổ trưởng chỉ nhập và sửa kết quả của tổ mình."),
    )


def _read_scope(prefix: str) -> tuple[Role, Scope, str | None]:
    """Read the role, scope and team chosen under ``prefix`` (in a callback)."""
    state = st.session_state
    role = cast(Role, state[f"{prefix}_role"])
    level = cast(ScopeLevel, state[f"{prefix}_level"])
    codes = frozenset(state.get(f"{prefix}_codes_{level}") or ()) if level != "province" else None
    team = state.get(f"{prefix}_team") if role == "team_leader" else None
    return role, Scope(level, codes or frozenset()), team


def _attempt(slot: str, action: Callable[[], None], done: str) -> bool:
    """Run a store write; say its outcome under the form. Returns whether it went through."""
    try:
        action()
    except AccountError as exc:
        _say(slot, "error", str(exc))
        return False
    _say(slot, "success", done)
    return True


# --- create --------------------------------------------------------------------------------------


def _create(admin: User) -> None:
    state = st.session_state
    password = state.get("acc_new_password") or ""
    state["acc_new_password"] = ""  # never kept, never shown again
    role, scope, team = _read_scope("acc_new")
    if role == "team_leader" and not team:
        _say("create", "error", _(_NEED_TEAM))
        return
    username = str(state.get("acc_new_username") or "")
    name = str(state.get("acc_new_name") or "").strip() or None

    def add() -> None:
        get_store().add_account(
            username,
            role,
            scope,
            password,
            display_name=name,
            team=team,
            must_change=True,
            by=admin.username,
        )

    done = _(
        "Đã tạo tài khoản người dùng «{username}»; tài khoản phải đổi mật khẩu ở lần đăng nhập "
        "đầu tiên."
    ).format(username=username.strip().casefold())
    if _attempt("create", add, done):
        state["acc_new_username"] = ""
        state["acc_new_name"] = ""


def create_section(admin: User) -> None:
    """Draw «Tạo tài khoản»: role and scope level, then the form."""
    st.subheader(_("Tạo tài khoản"))
    role, level = _role_and_level("acc_new", _DEFAULT_ROLE, "province")
    with st.form("acc_new_form"):
        st.text_input(_("Tên tài khoản"), key="acc_new_username", autocomplete="off")
        st.text_input(_("Họ tên"), key="acc_new_name", autocomplete="off")
        _codes_field(level, frozenset(), f"acc_new_codes_{level}")
        _team_field(role, None, "acc_new_team")
        st.text_input(
            _("Mật khẩu tạm thời"),
            type="password",
            key="acc_new_password",
            autocomplete="new-password",
            help=_(
                "Báo mật khẩu này cho người dùng; họ phải đổi mật khẩu ở lần đăng nhập đầu tiên."
            ),
        )
        st.form_submit_button(
            _("Tạo tài khoản"), type="primary", on_click=_create, args=(admin,), key="acc_new_save"
        )
    _show("create")


# --- one account ---------------------------------------------------------------------------------


def _update(admin: User, username: str) -> None:
    prefix = f"acc_edit_{username}"
    role, scope, team = _read_scope(prefix)
    if role == "team_leader" and not team:
        _say("edit", "error", _(_NEED_TEAM))
        return
    name = str(st.session_state.get(f"{prefix}_name") or "").strip() or None

    def change() -> None:
        get_store().update_account(
            username, role=role, scope=scope, team=team, display_name=name, by=admin.username
        )

    _attempt(
        "edit", change, _("Đã lưu thay đổi của tài khoản «{username}».").format(username=username)
    )


def _reset(admin: User, username: str) -> None:
    key = f"acc_edit_{username}_password"
    password = st.session_state.get(key) or ""
    st.session_state[key] = ""

    def reset() -> None:
        get_store().change_password(username, password, by=admin.username, must_change=True)

    done = _(
        "Đã đặt mật khẩu tạm thời cho tài khoản «{username}»; tài khoản phải đổi mật khẩu ở lần "
        "đăng nhập tới."
    ).format(username=username)
    _attempt("reset", reset, done)


def _set_disabled(admin: User, username: str, disabled: bool) -> None:
    def change() -> None:
        get_store().set_disabled(username, disabled, by=admin.username)

    if disabled:
        done = _("Đã vô hiệu hóa tài khoản «{username}».").format(username=username)
    else:
        done = _("Đã mở lại tài khoản «{username}».").format(username=username)
    _attempt("state", change, done)


def edit_section(admin: User, frame: pd.DataFrame, now: pd.Timestamp) -> None:
    """Draw the changes to one account: role, scope, team, name; password reset; disable."""
    st.subheader(_("Sửa một tài khoản"))
    if frame.empty:
        return
    rows = frame.set_index("username", drop=False)
    names = {str(r.username): r for r in rows.itertuples(index=False)}

    def label(username: str) -> str:
        row = names[username]
        shown = display_text(row.display_name)
        return f"{username} · {shown}" if shown else username

    username = st.selectbox(_("Chọn tài khoản"), list(names), format_func=label, key="acc_pick")
    if username is None:
        return
    row = names[username]
    st.caption(html.escape(_("Trạng thái: {status}").format(status=_status(row, now))))
    prefix = f"acc_edit_{username}"
    role, level = _role_and_level(prefix, str(row.role), str(row.scope_level))
    current = _codes_of(row.scope_codes) if level == row.scope_level else frozenset()
    with st.form(f"{prefix}_form"):
        st.text_input(_("Họ tên"), value=display_text(row.display_name), key=f"{prefix}_name")
        _codes_field(level, current, f"{prefix}_codes_{level}")
        _team_field(role, None if is_missing(row.team) else str(row.team), f"{prefix}_team")
        st.form_submit_button(
            _("Lưu thay đổi"), on_click=_update, args=(admin, username), key=f"{prefix}_save"
        )
    _show("edit")

    with st.form(f"{prefix}_reset_form"):
        st.text_input(
            _("Mật khẩu tạm thời mới"),
            type="password",
            key=f"{prefix}_password",
            autocomplete="new-password",
            help=_("Tài khoản phải đổi mật khẩu này ở lần đăng nhập tới."),
        )
        st.form_submit_button(
            _("Đặt lại mật khẩu"), on_click=_reset, args=(admin, username), key=f"{prefix}_reset"
        )
    _show("reset")

    if row.disabled:
        st.button(
            _("Mở lại tài khoản"),
            on_click=_set_disabled,
            args=(admin, username, False),
            key=f"{prefix}_enable",
        )
    else:
        st.button(
            _("Vô hiệu hóa tài khoản"),
            on_click=_set_disabled,
            args=(admin, username, True),
            key=f"{prefix}_disable",
            help=_("Tài khoản bị vô hiệu hóa không đăng nhập được; các phiên đang mở kết thúc."),
        )
    _show("state")


def table_section(frame: pd.DataFrame, now: pd.Timestamp) -> None:
    """Draw the table of accounts."""
    count_table(accounts_table(frame, now), key="acc_table")


def render(admin: User) -> None:
    """Draw the page for an administrator (the page has checked the policy)."""
    st.title(_("Tài khoản người dùng"))
    st.caption(
        _(
            "Mỗi tài khoản có một vai trò và một phạm vi (toàn tỉnh, một số huyện hoặc một số "
            "xã). Mọi thay đổi được ghi vào nhật ký thao tác."
        )
    )
    now = pd.Timestamp(utc_now())
    frame = get_store().accounts()  # read after the forms' callbacks: shows their changes
    table_section(frame, now)
    create_section(admin)
    edit_section(admin, frame, now)
