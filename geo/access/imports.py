"""Who may import a file, undo a batch or act on many communes at once: the policy, row by row.

An uploaded file, an import batch or a plan touches many communes; the policy
(:func:`geo.access.decide`) judges one :class:`~geo.access.Target`. :func:`decide_codes` judges
a set of communes: every commune must lie inside the user's scope (a refusal names those that
do not), then the smallest place that holds them all (:func:`geo.access.areas.area_target`) is
decided; when the communes span several districts of a scope of several districts (or several
communes), each commune is decided. :func:`decide_upload` adds what an upload needs: a team
leader enters its own team's visits only (``enter_results``), everyone else imports (``import``);
a targets file is always an import, which a team leader may not do. The rows are checked against
the full registry (the file may name communes outside the scope, which must be refused by name,
not rejected as unknown).

:func:`batch_codes` and :func:`visible_batches` decide which import batches the history shows:
those that touch the scope, and the user's own.

Examples
--------
>>> import pandas as pd
>>> from geo.access.model import Scope, User
>>> reg = pd.DataFrame({"code": ["1", "2", "3"], "district_code": ["A", "A", "B"]})
>>> rows = pd.DataFrame({"team": ["Tổ 1", "Tổ 2"], "code": ["1", "3"]})
>>> decide_upload(User("hoa", "clerk", Scope.province()), "visits", rows, reg)
Decision(allowed=True, reason='')
>>> print(decide_upload(User("hoa", "clerk", Scope.district("A")), "visits", rows, reg).reason)
Tệp có dòng của 1 xã nằm ngoài phạm vi của tài khoản (huyện A): 3. Hãy bỏ các dòng đó khỏi tệp.
>>> leader = User("tu", "team_leader", Scope.province(), team="Tổ 1")
>>> print(decide_upload(leader, "visits", rows, reg).reason)
Tổ trưởng chỉ được nhập kết quả của tổ mình (Tổ 1); tệp có dòng của Tổ 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from geo.access.areas import area_target, outside_scope, scope_codes
from geo.access.model import User
from geo.access.policy import Action, Decision, Target, allowed_actions, decide, scope_text
from geo.fmt import format_int
from geo.i18n import _, ngettext

__all__ = [
    "batch_codes",
    "decide_codes",
    "decide_upload",
    "named_codes",
    "upload_action",
    "visible_batches",
]

#: How many codes a refusal names before «…».
NAMED = 10
_ALLOWED = Decision(True)


def named_codes(codes: Iterable[str], limit: int = NAMED) -> str:
    """Write codes for a message: sorted, at most ``limit`` of them, then «…».

    Parameters
    ----------
    codes : iterable of str
        Commune codes (or team names).
    limit : int, default 10
        How many to name.

    Returns
    -------
    str
        ``"13291, 13294"``; ``"1, 2, …"`` when there are more than ``limit``.

    Examples
    --------
    >>> named_codes(["3", "1", "2"]), named_codes(["3", "1", "2"], limit=2)
    ('1, 2, 3', '1, 2, …')
    """
    ordered = sorted({str(c) for c in codes})
    shown = ", ".join(ordered[:limit])
    return shown + (", …" if len(ordered) > limit else "")


def _districts(registry: pd.DataFrame) -> dict[str, str | None]:
    """Map each commune code of the registry to its district code (None when unknown)."""
    if "district_code" not in registry.columns:
        return dict.fromkeys(registry["code"].astype(str))
    pairs = zip(registry["code"].astype(str), registry["district_code"], strict=True)
    return {code: None if pd.isna(d) else str(d) for code, d in pairs}


def _outside(codes: list[str], user: User, *, in_file: bool = False) -> Decision:
    """Refuse, naming the communes outside the user's scope."""
    n = len(codes)
    if in_file:
        text = ngettext(
            "Tệp có dòng của {n} xã nằm ngoài phạm vi của tài khoản ({scope}): {codes}. "
            "Hãy bỏ các dòng đó khỏi tệp.",
            "Tệp có dòng của {n} xã nằm ngoài phạm vi của tài khoản ({scope}): {codes}. "
            "Hãy bỏ các dòng đó khỏi tệp.",
            n,
        )
    else:
        text = ngettext(
            "Có {n} xã nằm ngoài phạm vi của tài khoản ({scope}): {codes}.",
            "Có {n} xã nằm ngoài phạm vi của tài khoản ({scope}): {codes}.",
            n,
        )
    values = {"n": format_int(n), "scope": scope_text(user.scope), "codes": named_codes(codes)}
    return Decision(False, text.format(**values))


def decide_codes(
    user: User | None,
    action: Action,
    codes: Iterable[str],
    registry: pd.DataFrame,
    *,
    team: str | None = None,
    owner: str | None = None,
) -> Decision:
    """Decide an action on an object that touches many communes (a file, a batch, a plan).

    Parameters
    ----------
    user : User or None
        The signed-in account.
    action : Action
        The policy's action.
    codes : iterable of str
        The communes the object touches (repeats allowed).
    registry : pandas.DataFrame
        The full commune registry (``code``, ``district_code``), not cut to any scope.
    team, owner : str, optional
        The object's team and owner (passed to the policy).

    Returns
    -------
    Decision
        The role's refusal first; then the communes outside the scope, named; then
        :func:`~geo.access.decide` on the smallest place that holds every commune, or on each
        commune when that place is the province and the scope is not.

    Examples
    --------
    >>> import pandas as pd
    >>> from geo.access.model import Scope
    >>> reg = pd.DataFrame({"code": ["1", "2", "3"], "district_code": ["A", "A", "B"]})
    >>> two = User("hoa", "clerk", Scope.district("A", "B"))
    >>> decide_codes(two, "undo_import", ["1", "3"], reg, owner="demo")
    Decision(allowed=True, reason='')
    >>> print(decide_codes(User("hoa", "clerk", Scope.district("A")), "undo_import", ["3"], reg)
    ...       .reason)
    Có 1 xã nằm ngoài phạm vi của tài khoản (huyện A): 3.
    >>> decide_codes(User("lan", "leader"), "plan", ["1"], reg).reason.split(". ")[0]
    'Vai trò lãnh đạo không được lập kế hoạch'
    """
    if user is None or action not in allowed_actions(user):
        return decide(user, action)
    wanted = sorted({str(c) for c in codes})
    outside = outside_scope(wanted, user.scope, registry)
    if outside:
        return _outside(outside, user)
    target = area_target(wanted, registry, team=team, owner=owner)
    if target.has_place or not wanted or user.scope.level == "province":
        return decide(user, action, target)
    districts = _districts(registry)
    for code in wanted:  # every commune inside the scope, in more than one district
        decision = decide(user, action, Target(code, districts.get(code), team, owner))
        if not decision:
            return decision
    return _ALLOWED


def upload_action(user: User | None, kind: str) -> Action:
    """Return the action an upload is for this user: a team leader's visits are its results.

    Parameters
    ----------
    user : User or None
        The signed-in account.
    kind : {"visits", "targets"}
        The kind of file.

    Returns
    -------
    Action
        ``"enter_results"`` for a team leader's visits file, else ``"import"``.

    Examples
    --------
    >>> upload_action(User("tu", "team_leader", team="Tổ 1"), "visits")
    'enter_results'
    >>> upload_action(User("tu", "team_leader", team="Tổ 1"), "targets")
    'import'
    """
    if user is not None and user.role == "team_leader" and kind == "visits":
        return "enter_results"
    return "import"


def decide_upload(
    user: User | None, kind: str, rows: pd.DataFrame, registry: pd.DataFrame
) -> Decision:
    """Decide whether a user may import the accepted rows of a checked file.

    Parameters
    ----------
    user : User or None
        The signed-in account.
    kind : {"visits", "targets"}
        The kind of file.
    rows : pandas.DataFrame
        The accepted rows (``code``; for visits also ``team``).
    registry : pandas.DataFrame
        The full commune registry the file was checked against (``code``, ``district_code``).

    Returns
    -------
    Decision
        For a team leader's visits (:func:`upload_action`): refused when a row is another team's
        (naming the teams) or when the account has no team. For everyone: refused when a row's
        commune is outside the scope (naming the codes), else :func:`decide_codes`. A file
        without accepted rows touches no place: the role alone decides (the batch keeps only
        the file).

    Examples
    --------
    >>> import pandas as pd
    >>> from geo.access.model import Scope
    >>> reg = pd.DataFrame({"code": ["1", "2"], "district_code": ["A", "A"]})
    >>> own = pd.DataFrame({"team": ["Tổ 1"], "code": ["2"]})
    >>> decide_upload(User("tu", "team_leader", Scope.commune("2"), team="Tổ 1"), "visits",
    ...               own, reg)
    Decision(allowed=True, reason='')
    >>> refused = decide_upload(User("tu", "team_leader", team="Tổ 1"), "targets", own, reg)
    >>> refused.reason.split(". ")[0]
    'Vai trò tổ trưởng không được nhập dữ liệu'
    """
    action = upload_action(user, kind)
    if user is None or action not in allowed_actions(user):
        return decide(user, action)
    team = None
    if action == "enter_results":
        if user.team is None:
            return decide(user, action, Target())  # «… chưa được gán tổ lưu động …»
        teams = rows["team"].dropna().astype(str) if "team" in rows.columns else pd.Series()
        others = sorted(set(teams) - {user.team})
        if others:
            message = _(
                "Tổ trưởng chỉ được nhập kết quả của tổ mình ({own}); tệp có dòng của {others}."
            )
            return Decision(False, message.format(own=user.team, others=named_codes(others)))
        team = user.team
    codes = rows["code"].dropna().astype(str).tolist() if "code" in rows.columns else []
    if not codes:
        return _ALLOWED
    outside = outside_scope(codes, user.scope, registry)
    if outside:
        return _outside(outside, user, in_file=True)
    return decide_codes(user, action, codes, registry, team=team)


def batch_codes(*records: pd.DataFrame) -> dict[int, frozenset[str]]:
    """Return the communes each import batch holds, from stored rows that carry ``import_id``.

    Parameters
    ----------
    *records : pandas.DataFrame
        Visits and targets as the store returns them (``import_id``, ``code``); give every
        stored target row (not only the latest), so that a superseded batch keeps its place.

    Returns
    -------
    dict of int to frozenset of str
        Batch number → its communes. An undone batch has no rows any more: it is absent.

    Examples
    --------
    >>> import pandas as pd
    >>> visits = pd.DataFrame({"import_id": [2, 2, 3], "code": ["1", "2", "1"]})
    >>> targets = pd.DataFrame({"import_id": [1], "code": ["3"]})
    >>> {k: sorted(v) for k, v in sorted(batch_codes(visits, targets).items())}
    {1: ['3'], 2: ['1', '2'], 3: ['1']}
    """
    out: dict[int, set[str]] = {}
    for frame in records:
        if frame.empty:
            continue
        pairs = frame[["import_id", "code"]].dropna().drop_duplicates()
        for batch, code in zip(pairs["import_id"], pairs["code"], strict=True):
            out.setdefault(int(batch), set()).add(str(code))
    return {batch: frozenset(codes) for batch, codes in out.items()}


def visible_batches(
    batches: pd.DataFrame,
    codes: Mapping[int, Iterable[str]],
    user: User | None,
    registry: pd.DataFrame,
) -> pd.DataFrame:
    """Keep the import batches a user may see in the history: its own and those of its scope.

    Parameters
    ----------
    batches : pandas.DataFrame
        :meth:`geo.store.Store.batches` (``id``, ``user``).
    codes : mapping of int to iterable of str
        Each batch's communes (:func:`batch_codes`).
    user : User or None
        The signed-in account (None sees none).
    registry : pandas.DataFrame
        The full commune registry.

    Returns
    -------
    pandas.DataFrame
        Every batch for a province-scoped account; else the batches it imported and those with
        a commune inside its scope, in their order.

    Examples
    --------
    >>> import pandas as pd
    >>> from geo.access.model import Scope
    >>> reg = pd.DataFrame({"code": ["1", "2", "3"], "district_code": ["A", "A", "B"]})
    >>> b = pd.DataFrame({"id": [3, 2, 1], "user": ["demo", "hoa", "demo"]})
    >>> codes = {3: {"1", "3"}, 2: {"3"}, 1: {"3"}}
    >>> visible_batches(b, codes, User("hoa", "clerk", Scope.district("A")), reg)["id"].tolist()
    [3, 2]
    """
    if user is None:
        return batches.iloc[0:0]
    if user.scope.level == "province":
        return batches
    inside = scope_codes(user.scope, registry)
    keep = [
        str(owner) == user.username or bool(inside & set(codes.get(int(batch), ())))
        for batch, owner in zip(batches["id"], batches["user"], strict=True)
    ]
    return batches[keep]
