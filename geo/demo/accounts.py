"""Demo accounts: one named account per role, made with the demo campaign and only with it.

They exist so that someone trying the app on the demo campaign can see what each role sees.
They are created by :func:`geo.demo.ensure_demo` in the same step as the demo campaign, never on
a database that did not get the demo; their display names say «DEMO»; their password is random
(made with :mod:`secrets` when they are created, never shown, never stored but as its hash), so
nobody signs in with it: the sign-in page offers them as buttons, and only while the demo
campaign is loaded (:func:`demo_active`: a batch imported by :data:`geo.demo.DEMO_USER` that is
not undone). Once every demo batch is undone, the buttons go away and the accounts can no longer
sign in (:func:`geo.store.signin.sign_in_without_password` is only called by the button).

Examples
--------
>>> [a.username for a in DEMO_ACCOUNTS][:3]
['demo.quantri', 'demo.chihuy', 'demo.chihuy.phuly']
>>> {a.role for a in DEMO_ACCOUNTS} == set(__import__("geo.access").access.ROLES)
True
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geo.access.model import Role, Scope

if TYPE_CHECKING:
    from geo.store import Store

__all__ = ["DEMO_ACCOUNTS", "DemoAccount", "add_demo_accounts", "demo_active"]

#: The district of the demo's district-scoped commander (Phủ Lý, 2020-2024 code).
DEMO_DISTRICT = "347"
#: The team of the demo team leader.
DEMO_TEAM = "Tổ 1 (DEMO)"


@dataclass(frozen=True)
class DemoAccount:
    """One demo account.

    Attributes
    ----------
    username : str
        Its name (``demo.…``).
    role : Role
        Its role.
    scope : Scope
        Its scope.
    display_name : str
        Shown on the sign-in button and in the sidebar; data, so not translated.
    team : str or None
        A team leader's team.
    """

    username: str
    role: Role
    scope: Scope
    display_name: str
    team: str | None = None


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("demo.quantri", "admin", Scope.province(), "Quản trị viên (DEMO)"),
    DemoAccount("demo.chihuy", "commander", Scope.province(), "Chỉ huy toàn tỉnh (DEMO)"),
    DemoAccount(
        "demo.chihuy.phuly",
        "commander",
        Scope.district(DEMO_DISTRICT),
        "Chỉ huy Công an TP Phủ Lý (DEMO)",
    ),
    DemoAccount("demo.kehoach", "planner", Scope.province(), "Cán bộ kế hoạch (DEMO)"),
    DemoAccount("demo.lanhdao", "leader", Scope.province(), "Lãnh đạo (DEMO)"),
    DemoAccount("demo.nhaplieu", "clerk", Scope.province(), "Cán bộ nhập liệu (DEMO)"),
    DemoAccount(
        "demo.totruong", "team_leader", Scope.province(), "Tổ trưởng Tổ 1 (DEMO)", DEMO_TEAM
    ),
)


def add_demo_accounts(store: Store, *, by: str) -> int:
    """Create the demo accounts that do not exist yet (each with a random, unknown password).

    Parameters
    ----------
    store : geo.store.Store
        The database that has just received the demo campaign.
    by : str
        Who creates them (the audit log).

    Returns
    -------
    int
        Accounts created.
    """
    present = set(store.accounts()["username"])
    made = 0
    for spec in DEMO_ACCOUNTS:
        if spec.username in present:
            continue
        store.add_account(
            spec.username,
            spec.role,
            spec.scope,
            secrets.token_urlsafe(24) + "-1a",  # never shown: demo accounts have no password
            display_name=spec.display_name,
            team=spec.team,
            must_change=False,
            demo=True,
            by=by,
        )
        made += 1
    return made


def demo_active(store: Store) -> bool:
    """Tell whether the demo campaign is loaded (a demo batch that is not undone).

    Parameters
    ----------
    store : geo.store.Store
        The database.

    Returns
    -------
    bool
        Whether the demo accounts may be offered.
    """
    from geo.demo import DEMO_USER

    batches = store.batches()
    return bool(((batches["user"] == DEMO_USER) & batches["undone_at"].isna()).any())
