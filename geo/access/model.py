"""Roles, scopes and the signed-in user: the nouns of the access policy (GLOSSARY.md).

Roles follow DHIS2's idea of users scoped to organisation units: each account has one role and
one scope, the whole province, some districts or some communes (GSO codes).

Examples
--------
>>> Scope.district("347").covers(commune="13291", district="347")
True
>>> Scope.commune("13291").covers(commune="13294", district="347")
False
>>> User("hoa", "clerk", Scope.province()).role_label
'cán bộ nhập liệu'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from geo.i18n import N_, _

__all__ = ["ROLES", "ROLE_LABELS", "SCOPE_LEVELS", "Role", "Scope", "User"]

Role = Literal["admin", "commander", "planner", "leader", "clerk", "team_leader"]
#: The roles, most powerful first.
ROLES: tuple[Role, ...] = ("admin", "commander", "planner", "leader", "clerk", "team_leader")
#: Each role's name in the glossary (a catalog id: show it with ``_()``).
ROLE_LABELS: dict[Role, str] = {
    "admin": N_("quản trị viên"),
    "commander": N_("chỉ huy"),
    "planner": N_("cán bộ kế hoạch"),
    "leader": N_("lãnh đạo"),
    "clerk": N_("cán bộ nhập liệu"),
    "team_leader": N_("tổ trưởng"),
}
ScopeLevel = Literal["province", "district", "commune"]
#: The levels of a scope, widest first.
SCOPE_LEVELS: tuple[ScopeLevel, ...] = ("province", "district", "commune")


@dataclass(frozen=True)
class Scope:
    """Where an account may see and change data.

    Attributes
    ----------
    level : {"province", "district", "commune"}
        The whole province, some districts, or some communes.
    codes : frozenset of str
        The district codes (``level="district"``) or commune codes (``level="commune"``);
        empty for the province.
    """

    level: ScopeLevel = "province"
    codes: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def province(cls) -> Scope:
        """Return the scope of the whole province.

        Returns
        -------
        Scope
            ``level="province"``.
        """
        return cls("province", frozenset())

    @classmethod
    def district(cls, *codes: str) -> Scope:
        """Return the scope of one or more districts.

        Parameters
        ----------
        *codes : str
            District codes.

        Returns
        -------
        Scope
            ``level="district"``.
        """
        return cls("district", frozenset(codes))

    @classmethod
    def commune(cls, *codes: str) -> Scope:
        """Return the scope of one or more communes.

        Parameters
        ----------
        *codes : str
            Commune (GSO) codes.

        Returns
        -------
        Scope
            ``level="commune"``.
        """
        return cls("commune", frozenset(codes))

    def covers(self, *, commune: str | None = None, district: str | None = None) -> bool:
        """Tell whether a place (a commune, with its district) lies inside this scope.

        Parameters
        ----------
        commune : str, optional
            The commune's code.
        district : str, optional
            The district's code (needed for a district scope).

        Returns
        -------
        bool
            Always for the province; for a district scope when ``district`` is one of its codes;
            for a commune scope when ``commune`` is one of its codes.
        """
        if self.level == "province":
            return True
        if self.level == "district":
            return district is not None and district in self.codes
        return commune is not None and commune in self.codes


@dataclass(frozen=True)
class User:
    """A signed-in account, as the policy sees it (never its password).

    Attributes
    ----------
    username : str
        The account's name.
    role : Role
        One of :data:`ROLES`.
    scope : Scope
        Where it may see and change data.
    team : str or None
        For a team leader, the name of its team («Tổ 1»).
    """

    username: str
    role: Role
    scope: Scope = field(default_factory=Scope.province)
    team: str | None = None

    @property
    def role_label(self) -> str:
        """The role's name in the language in use."""
        return _(ROLE_LABELS[self.role])
