"""The accounts page's pickers: role, scope level, the scope's places, the team.

Role and scope level are chosen above each form (a click reruns the page), so that the form
offers the districts or the communes, and the team for a team leader, that go with them; the
form's callback reads them all back (:func:`read_scope`).
"""

from __future__ import annotations

from typing import cast

import streamlit as st

from geo.access import ROLES, SCOPE_LEVELS, Role, Scope
from geo.access.model import ScopeLevel
from geo.i18n import N_, _
from ui.state import get_registry, get_store
from views.admin_parts.account_common import role_label

__all__ = ["LEVEL_LABELS", "codes_field", "read_scope", "role_and_level", "team_field"]

#: Scope levels -> the radio's labels (catalog ids).
LEVEL_LABELS: dict[str, str] = {
    "province": N_("Toàn tỉnh"),
    "district": N_("Huyện"),
    "commune": N_("Xã"),
}


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


def role_and_level(prefix: str, role: str, level: str) -> tuple[Role, ScopeLevel]:
    """Ask for the role and the scope level (outside the form: a click reruns the page)."""
    roles: list[str] = list(ROLES)
    levels: list[str] = list(SCOPE_LEVELS)
    chosen_role = st.selectbox(
        _("Vai trò"),
        roles,
        index=roles.index(role) if role in roles else 0,
        format_func=role_label,
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


def codes_field(level: str, current: frozenset[str], key: str) -> None:
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


def team_field(role: str, current: str | None, key: str) -> None:
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


def read_scope(prefix: str) -> tuple[Role, Scope, str | None]:
    """Read the role, scope and team chosen under ``prefix`` (in a callback)."""
    state = st.session_state
    role = cast(Role, state[f"{prefix}_role"])
    level = cast(ScopeLevel, state[f"{prefix}_level"])
    codes = frozenset(state.get(f"{prefix}_codes_{level}") or ()) if level != "province" else None
    team = state.get(f"{prefix}_team") if role == "team_leader" else None
    return role, Scope(level, codes or frozenset()), team
