"""The access policy: the one place that decides who may do what, where (issue 12).

:func:`decide` takes a user (None when nobody is signed in), an action and the object it is on,
and answers allowed or refused, with a translated reason a person can act on. It is pure: no
database, no Streamlit, no clock; every page and every action calls it on the server.

Decisions, and why
------------------
- **The administrator is not a superuser.** DHIS2 and many other systems have a superuser
  authority that can do everything; here the administrator manages user accounts, settings
  and boundaries, reads the audit log and sees the figures, but does not import, plan, enter
  results or see personal data. Police data about citizens calls for separation of duties: an
  administrator who needs another job is given a second account with that role, which the audit
  log records. To change this, change :data:`PERMISSIONS`, nowhere else.
- **Personal data** (names, addresses, phone numbers of citizens) is seen only by the roles that
  work with people: the commander, the data clerk (who imports the field reports) and the team
  leader (for its own team only). The planner and the leader work on figures, and an export
  made by them never holds personal data: an export includes those columns only when
  ``decide(user, "view_personal_data", target)`` allows it.
- **Scope**: an object with a commune or a district outside the user's scope is refused, naming
  it. An object without a place (the whole province: a province-wide import, the teams, the
  boundaries, the audit log) may be changed only by a province-scoped account; seeing the
  figures needs no place, because every table is first cut to the scope by
  :func:`scope_filter`, so a district commander's «Toàn tỉnh» is its district's total. Give the
  district with the commune for a district-scoped user: a commune without its district is
  refused to it (the policy does not know the registry, and refusing is the safe side).
- **Home-visit requests** (issue 16) are recorded and closed by the roles that meet residents:
  the commander, the data clerk and the team leader (a commune officer is one of these roles
  with a commune scope), in a commune of their scope. The resident's name, address and phone
  stay behind ``view_personal_data``: the planner and the leader see counts per commune.
- **Owners and teams**: a data clerk undoes (or downloads the original file of) its own batches
  and the batches of its area; a team leader enters and corrects its own team's results only.
  Its own batch, its own team, counts as a place for the province-only rule above, never
  against a place outside its scope.

Examples
--------
>>> clerk = User("hoa", "clerk", Scope.district("347"))
>>> decide(clerk, "import", Target(commune="13291", district="347"))
Decision(allowed=True, reason='')
>>> bool(decide(None, "view"))
False
>>> decide(None, "view").reason
'Hãy đăng nhập.'
>>> sorted(allowed_actions(User("lan", "leader")))
['export', 'meeting_pack', 'view']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import pandas as pd

from geo.access.model import ROLE_LABELS, Role, Scope, User
from geo.i18n import N_, _, ngettext

__all__ = [
    "ACTIONS",
    "ACTION_LABELS",
    "CHANGES",
    "PAGES",
    "PERMISSIONS",
    "Action",
    "Decision",
    "Target",
    "allowed_actions",
    "decide",
    "scope_filter",
    "scope_text",
]

Action = Literal[
    "view",
    "export",
    "import",
    "undo_import",
    "edit_teams",
    "plan",
    "publish_plan",
    "meeting_pack",
    "download_original",
    "enter_results",
    "manage_accounts",
    "manage_settings",
    "view_audit",
    "manage_boundaries",
    "view_personal_data",
    "record_request",
    "close_request",
]
#: Every action, in the order of :data:`Action`.
ACTIONS: tuple[Action, ...] = get_args(Action)
#: Each action as the end of «… không được {action}» (a catalog id: show it with ``_()``).
ACTION_LABELS: dict[Action, str] = {
    "view": N_("xem số liệu"),
    "export": N_("xuất dữ liệu"),
    "import": N_("nhập dữ liệu"),
    "undo_import": N_("hoàn tác lần nhập"),
    "edit_teams": N_("sửa danh sách tổ lưu động"),
    "plan": N_("lập kế hoạch"),
    "publish_plan": N_("công bố kế hoạch"),
    "meeting_pack": N_("lập báo cáo giao ban"),
    "download_original": N_("tải tệp gốc của lần nhập"),
    "enter_results": N_("nhập kết quả của tổ lưu động"),
    "manage_accounts": N_("quản lý tài khoản người dùng"),
    "manage_settings": N_("thay đổi cài đặt"),
    "view_audit": N_("xem nhật ký thao tác"),
    "manage_boundaries": N_("nạp ranh giới"),
    "view_personal_data": N_("xem thông tin cá nhân của công dân"),
    "record_request": N_("ghi nhận yêu cầu hỗ trợ tại nhà"),
    "close_request": N_("đóng yêu cầu hỗ trợ tại nhà"),
}
#: What each role may do somewhere in its scope (the module docstring says why).
PERMISSIONS: dict[Role, frozenset[Action]] = {
    "admin": frozenset(
        {"view", "manage_accounts", "manage_settings", "view_audit", "manage_boundaries"}
    ),
    "commander": frozenset(
        {
            "view",
            "export",
            "meeting_pack",
            "download_original",
            "view_personal_data",
            "record_request",
            "close_request",
        }
    ),
    "planner": frozenset({"view", "export", "edit_teams", "plan", "publish_plan"}),
    "leader": frozenset({"view", "export", "meeting_pack"}),
    "clerk": frozenset(
        {
            "view",
            "import",
            "undo_import",
            "download_original",
            "view_personal_data",
            "record_request",
            "close_request",
        }
    ),
    "team_leader": frozenset(
        {"view", "enter_results", "view_personal_data", "record_request", "close_request"}
    ),
}
#: Actions that change data, or reach beyond the figures: without a place, province scope only.
CHANGES: frozenset[Action] = frozenset(
    {
        "import",
        "undo_import",
        "edit_teams",
        "plan",
        "publish_plan",
        "download_original",
        "enter_results",
        "manage_accounts",
        "manage_settings",
        "view_audit",
        "manage_boundaries",
        "view_personal_data",
        "record_request",
        "close_request",
    }
)
#: The action that opens each page of the app.
PAGES: dict[str, Action] = {
    "map": "view",
    "data": "view",
    "planner": "view",
    "progress": "view",
    "accounts": "manage_accounts",
    "audit": "view_audit",
    "password": "view",
    "home_requests": "view",
    "evening_report": "view",
}
_OWNED: frozenset[Action] = frozenset({"undo_import", "download_original"})
_TEAM_BOUND: frozenset[Action] = frozenset({"enter_results", "view_personal_data"})


@dataclass(frozen=True)
class Target:
    """What an action is on; every field is optional.

    Attributes
    ----------
    commune : str or None
        The commune's code, when the object lies in one commune.
    district : str or None
        The district's code (with the commune, or alone for a district-wide object).
    team : str or None
        The mobile team the object belongs to («Tổ 1»).
    owner : str or None
        The username that created the object (an import batch).
    """

    commune: str | None = None
    district: str | None = None
    team: str | None = None
    owner: str | None = None

    @property
    def has_place(self) -> bool:
        """Whether the object lies in a commune or a district (not the whole province)."""
        return self.commune is not None or self.district is not None


@dataclass(frozen=True)
class Decision:
    """The policy's answer: true when allowed, else false with the reason.

    Attributes
    ----------
    allowed : bool
        Whether the action may go ahead.
    reason : str
        Why not, in the language in use, saying what to do; empty when allowed.
    """

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        """Return :attr:`allowed`, so that ``if decide(...):`` reads as it should."""
        return self.allowed


_ALLOWED = Decision(True)


def scope_text(scope: Scope) -> str:
    """Name a scope in the language in use («toàn tỉnh», «huyện 347, 349», «xã 13291»).

    Parameters
    ----------
    scope : Scope
        An account's scope.

    Returns
    -------
    str
        The scope's level and its codes, sorted.

    Examples
    --------
    >>> scope_text(Scope.province()), scope_text(Scope.district("349", "347"))
    ('toàn tỉnh', 'huyện 347, 349')
    >>> from geo.i18n import language
    >>> with language("en"):
    ...     scope_text(Scope.commune("13291")), scope_text(Scope.district("347", "349"))
    ('commune 13291', 'districts 347, 349')
    """
    if scope.level == "province":
        return _("toàn tỉnh")
    codes = ", ".join(sorted(scope.codes)) or "—"
    n = len(scope.codes)
    if scope.level == "district":
        return ngettext("huyện {codes}", "huyện {codes}", n).format(codes=codes)
    return ngettext("xã {codes}", "xã {codes}", n).format(codes=codes)


def _refuse(message: str, **values: str) -> Decision:
    return Decision(False, _(message).format(**values))


def _role_label(role: str) -> str:
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


def _outside_scope(user: User, target: Target) -> Decision | None:
    """Return the refusal when the target names a place outside the user's scope, else None."""
    if not target.has_place or user.scope.covers(commune=target.commune, district=target.district):
        return None
    scope = scope_text(user.scope)
    if target.commune is not None:
        return _refuse(
            N_("Xã mã {code} nằm ngoài phạm vi của tài khoản ({scope})."),
            code=target.commune,
            scope=scope,
        )
    return _refuse(
        N_(
            "Huyện mã {code} nằm ngoài phạm vi của tài khoản ({scope}); "
            "hãy chọn một xã trong phạm vi."
        ),
        code=str(target.district),
        scope=scope,
    )


def _team_rule(user: User, action: Action, target: Target) -> Decision | None:
    """Return the refusal when a team leader acts for another team (or none), else None."""
    if user.role != "team_leader" or action not in _TEAM_BOUND:
        return None
    if user.team is None:
        return _refuse(
            N_("Tài khoản tổ trưởng này chưa được gán tổ lưu động; hãy nhờ quản trị viên gán tổ.")
        )
    if target.team is None:
        return _refuse(N_("Hãy chọn tổ lưu động của bạn ({team})."), team=user.team)
    if target.team != user.team:
        return _refuse(
            N_("Tổ trưởng chỉ được {action} của tổ mình ({own}), không phải của {other}."),
            action=_(ACTION_LABELS[action]),
            own=user.team,
            other=target.team,
        )
    return None


def decide(user: User | None, action: Action, target: Target | None = None) -> Decision:
    """Decide whether a user may do an action on an object: the one place that decides.

    Parameters
    ----------
    user : User or None
        The signed-in account; None when nobody is signed in (refused everything).
    action : Action
        One of :data:`ACTIONS`.
    target : Target, optional
        What the action is on; none (or an empty one) means the whole province.

    Returns
    -------
    Decision
        Allowed, or refused with a reason in the language in use. The checks, in order: signed
        in; the role has the action (:data:`PERMISSIONS`); a team leader's own team; the place
        inside the scope; without a place, a change only by a province-scoped account (the
        clerk's own batch and the team leader's own team excepted).

    Examples
    --------
    >>> planner = User("minh", "planner", Scope.district("347"))
    >>> decide(planner, "publish_plan", Target(commune="13540", district="352")).reason
    'Xã mã 13540 nằm ngoài phạm vi của tài khoản (huyện 347).'
    >>> from geo.i18n import language
    >>> with language("en"):
    ...     decide(User("lan", "leader"), "import").reason
    'The leader role may not import data. Ask an administrator if this is part of your job.'
    >>> decide(User("tu", "team_leader", Scope.commune("13291"), team="Tổ 1"),
    ...        "enter_results", Target(commune="13291", team="Tổ 1"))
    Decision(allowed=True, reason='')
    """
    if user is None:
        return _refuse(N_("Hãy đăng nhập."))
    target = target or Target()
    if action not in PERMISSIONS.get(user.role, frozenset()):
        return _refuse(
            N_(
                "Vai trò {role} không được {action}. "
                "Nếu việc này thuộc nhiệm vụ của bạn, hãy nhờ quản trị viên."
            ),
            role=_role_label(user.role),
            action=_(ACTION_LABELS[action]) if action in ACTION_LABELS else str(action),
        )
    for refusal in (_team_rule(user, action, target), _outside_scope(user, target)):
        if refusal is not None:  # not `or`: a refusal is falsy
            return refusal
    if target.has_place or action not in CHANGES or user.scope.level == "province":
        return _ALLOWED
    if action in _OWNED and target.owner is not None:
        if target.owner == user.username:
            return _ALLOWED
        return _refuse(
            N_(
                "Lần nhập này của {owner} không thuộc phạm vi của tài khoản ({scope}); "
                "bạn chỉ được {action} của chính mình hoặc trong phạm vi của mình."
            ),
            owner=target.owner,
            scope=scope_text(user.scope),
            action=_(ACTION_LABELS[action]),
        )
    if user.role == "team_leader" and action in _TEAM_BOUND:
        return _ALLOWED  # its own team, checked above
    return _refuse(
        N_(
            "Chỉ tài khoản có phạm vi toàn tỉnh mới được {action} cho toàn tỉnh; "
            "hãy chọn một xã hoặc huyện trong phạm vi của bạn ({scope})."
        ),
        action=_(ACTION_LABELS[action]),
        scope=scope_text(user.scope),
    )


def allowed_actions(user: User | None) -> frozenset[Action]:
    """Return the actions a user may do somewhere in its scope (what a page may offer).

    Parameters
    ----------
    user : User or None
        The signed-in account, or None.

    Returns
    -------
    frozenset of Action
        The role's actions (:data:`PERMISSIONS`); empty for None. Each object is still checked
        with :func:`decide`.

    Examples
    --------
    >>> sorted(allowed_actions(User("tu", "team_leader", team="Tổ 1")))
    ['close_request', 'enter_results', 'record_request', 'view', 'view_personal_data']
    >>> allowed_actions(None)
    frozenset()
    """
    if user is None:
        return frozenset()
    return PERMISSIONS.get(user.role, frozenset())


def scope_filter(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """Keep the rows of a table that lie inside a scope (filtering on the server).

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with ``code`` (the commune's code) and, for a district scope, ``district_code``.
    scope : Scope
        The account's scope.

    Returns
    -------
    pandas.DataFrame
        The whole frame for the province; else the rows whose ``district_code`` (district
        scope) or ``code`` (commune scope) is one of the scope's codes, with their index. A row
        without a code is outside every scope but the province.

    Raises
    ------
    KeyError
        When the column the scope needs is missing.

    Examples
    --------
    >>> frame = pd.DataFrame({"code": ["13291", "13540", "90001"],
    ...                       "district_code": ["347", "352", None]})
    >>> scope_filter(frame, Scope.district("347", "351"))["code"].tolist()
    ['13291']
    >>> scope_filter(frame, Scope.commune("90001", "13540"))["code"].tolist()
    ['13540', '90001']
    """
    if scope.level == "province":
        return frame
    column = "district_code" if scope.level == "district" else "code"
    if column not in frame.columns:
        raise KeyError(f"scope_filter needs a {column!r} column")
    return frame[frame[column].astype("string").isin(sorted(scope.codes)).fillna(False)]
