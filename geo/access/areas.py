"""Where an object lies, for the policy: a scope's communes, the place of a set of rows.

The policy (:func:`geo.access.decide`) judges one :class:`~geo.access.Target`; an import batch, a
plan or an uploaded file covers many communes. :func:`area_target` names the smallest place
that holds them all (one commune, else one district, else the province), so that one decision
covers the whole object; :func:`outside_scope` lists the communes a scope does not cover, for
a refusal that names them. :func:`scope_codes` gives the commune codes a scope covers in a
registry (the set the pages cut their tables to). :func:`redact` removes personal data from a
table for a role that may not see it.

Examples
--------
>>> import pandas as pd
>>> communes = pd.DataFrame({"code": ["13291", "13294", "13540"],
...                          "district_code": ["347", "347", "352"]})
>>> area_target(["13291", "13294"], communes)
Target(commune=None, district='347', team=None, owner=None)
>>> sorted(scope_codes(Scope.district("347"), communes))
['13291', '13294']
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from geo.access.model import Scope, User
from geo.access.policy import Target, decide

__all__ = ["PERSONAL_COLUMNS", "area_target", "outside_scope", "redact", "scope_codes"]

#: Columns that name or locate a citizen (the field reports and home-visit requests add
#: ``contact_name``, ``address`` and ``phone``; a household's ``place_name`` is its head's name).
PERSONAL_COLUMNS: tuple[str, ...] = ("contact_name", "address", "phone")


def _districts(communes: pd.DataFrame) -> dict[str, str | None]:
    """Map each commune code to its district code (None when the registry has none)."""
    if "district_code" not in communes.columns:
        return dict.fromkeys(communes["code"].astype(str))
    pairs = zip(communes["code"].astype(str), communes["district_code"], strict=True)
    return {code: None if pd.isna(d) else str(d) for code, d in pairs}


def scope_codes(scope: Scope, communes: pd.DataFrame) -> frozenset[str]:
    """Return the codes of the communes of a registry that a scope covers.

    Parameters
    ----------
    scope : Scope
        An account's scope.
    communes : pandas.DataFrame
        ``code`` and, for a district scope, ``district_code``.

    Returns
    -------
    frozenset of str
        Every code for the province; the communes of the scope's districts, or the scope's own
        communes that are in the registry.
    """
    districts = _districts(communes)
    return frozenset(c for c, d in districts.items() if scope.covers(commune=c, district=d))


def area_target(
    codes: Iterable[str],
    communes: pd.DataFrame,
    *,
    team: str | None = None,
    owner: str | None = None,
) -> Target:
    """Return the smallest place that holds every commune of an object, as a policy target.

    Parameters
    ----------
    codes : iterable of str
        The communes the object touches (a batch's rows, a plan's assignments).
    communes : pandas.DataFrame
        The registry (``code``, ``district_code``).
    team, owner : str, optional
        Passed on to the target.

    Returns
    -------
    Target
        One commune (with its district); else one district; else the whole province (no place:
        several districts, no commune at all, or a commune the registry does not know).

    Examples
    --------
    >>> import pandas as pd
    >>> reg = pd.DataFrame({"code": ["1", "2", "3"], "district_code": ["A", "A", "B"]})
    >>> area_target(["1", "1"], reg)
    Target(commune='1', district='A', team=None, owner=None)
    >>> area_target(["1", "3"], reg, owner="hoa").has_place
    False
    """
    wanted = sorted({str(c) for c in codes})
    districts = _districts(communes)
    if not wanted or any(c not in districts for c in wanted):
        return Target(team=team, owner=owner)
    if len(wanted) == 1:
        return Target(wanted[0], districts[wanted[0]], team, owner)
    places = {districts[c] for c in wanted}
    if len(places) == 1 and None not in places:
        return Target(district=places.pop(), team=team, owner=owner)
    return Target(team=team, owner=owner)


def outside_scope(codes: Iterable[str], scope: Scope, communes: pd.DataFrame) -> list[str]:
    """Return, sorted, the communes among ``codes`` that a scope does not cover.

    Parameters
    ----------
    codes : iterable of str
        Commune codes.
    scope : Scope
        An account's scope.
    communes : pandas.DataFrame
        The registry.

    Returns
    -------
    list of str
        Codes outside the scope (a code the registry does not know is outside every scope but
        the province).

    Examples
    --------
    >>> import pandas as pd
    >>> reg = pd.DataFrame({"code": ["1", "2", "3"], "district_code": ["A", "A", "B"]})
    >>> outside_scope(["3", "1", "9"], Scope.district("A"), reg)
    ['3', '9']
    """
    inside = scope_codes(scope, communes)
    if scope.level == "province":
        return []
    return sorted({str(c) for c in codes} - inside)


def redact(frame: pd.DataFrame, user: User | None, target: Target | None = None) -> pd.DataFrame:
    """Drop the personal-data columns of a table unless the user may see personal data.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table to show or export.
    user : User or None
        The signed-in account.
    target : Target, optional
        What the table is about (a team leader sees its own team's only).

    Returns
    -------
    pandas.DataFrame
        ``frame`` itself when ``decide(user, "view_personal_data", target)`` allows it, else a
        copy without :data:`PERSONAL_COLUMNS` and with the ``place_name`` of a household (or of
        a place of unknown type) emptied.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"place_type": ["household", "school"],
    ...                      "place_name": ["Nhà bà Vân", "THCS Lam Hạ"], "phone": ["09", None]})
    >>> redact(rows, User("lan", "leader")).to_dict("list")
    {'place_type': ['household', 'school'], 'place_name': [None, 'THCS Lam Hạ']}
    >>> list(redact(rows, User("an", "commander")).columns)
    ['place_type', 'place_name', 'phone']
    """
    if decide(user, "view_personal_data", target):
        return frame
    out = frame.drop(columns=[c for c in PERSONAL_COLUMNS if c in frame.columns])
    if {"place_type", "place_name"} <= set(out.columns):
        out = out.copy()
        names, kind = out["place_name"].astype(object), out["place_type"]
        # a place of unknown type may be a household: its name is not shown either
        out["place_name"] = names.where(kind.notna() & (kind != "household"), None)
    return out
