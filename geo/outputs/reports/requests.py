"""Lines on home-visit requests (issue 16): the meeting pack's, and the map page's notices.

The counts come from :func:`geo.planning.requests.requests_per_commune`; no line ever holds
personal data (no name, address or phone reaches them).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from geo.fmt import format_int
from geo.i18n import _, ngettext
from geo.outputs.reports.content import MeetingPack

__all__ = ["commune_requests_line", "overdue_notice", "pack_requests_line", "requests_line"]


def requests_line(requests: pd.DataFrame, names: Mapping[str, str] | None = None) -> str:
    """Say how many home-visit requests are open and overdue, per commune (no personal data).

    Parameters
    ----------
    requests : DataFrame
        One row per commune: ``code, open, overdue`` (counts;
        :func:`geo.planning.requests.requests_per_commune`).
    names : mapping str -> str, optional
        Commune names by code; an unknown code is printed as it is.

    Returns
    -------
    str
        One sentence in the language in use: the totals, then each commune with open requests
        (most overdue first, then most open, then by code).

    Examples
    --------
    >>> rows = pd.DataFrame({"code": ["13291", "13540"], "open": [2, 1], "overdue": [1, 0]})
    >>> requests_line(rows, {"13291": "Lê Hồng Phong", "13540": "Bình An"})
    'Yêu cầu hỗ trợ tại nhà: 3 đang mở, 1 quá hạn (Lê Hồng Phong 2, 1 quá hạn; Bình An 1).'
    >>> requests_line(rows.iloc[:0])
    'Yêu cầu hỗ trợ tại nhà: không có yêu cầu nào đang mở.'
    """
    rows = requests[pd.to_numeric(requests["open"], errors="coerce").fillna(0) > 0].copy()
    if rows.empty:
        return _("Yêu cầu hỗ trợ tại nhà: không có yêu cầu nào đang mở.")
    rows["open"] = rows["open"].astype(int)
    rows["overdue"] = pd.to_numeric(rows["overdue"], errors="coerce").fillna(0).astype(int)
    rows["code"] = rows["code"].astype(str)
    rows = rows.sort_values(["overdue", "open", "code"], ascending=[False, False, True])
    names = names or {}
    parts = []
    for code, n, late in zip(rows["code"], rows["open"], rows["overdue"], strict=True):
        name = str(names.get(code, code))
        if late:
            parts.append(
                _("{name} {n}, {late} quá hạn").format(
                    name=name, n=format_int(n), late=format_int(late)
                )
            )
        else:
            parts.append(f"{name} {format_int(n)}")
    return _("Yêu cầu hỗ trợ tại nhà: {n} đang mở, {late} quá hạn ({communes}).").format(
        n=format_int(int(rows["open"].sum())),
        late=format_int(int(rows["overdue"].sum())),
        communes="; ".join(parts),
    )


def pack_requests_line(pack: MeetingPack) -> str | None:
    """Write the pack's line on home-visit requests, the communes named as in its metrics.

    Parameters
    ----------
    pack : MeetingPack
        A pack; its ``requests`` (``code, open, overdue``) may be ``None``.

    Returns
    -------
    str or None
        :func:`requests_line`; ``None`` for a pack made without the requests (no line).
    """
    if pack.requests is None:
        return None
    names = dict(zip(pack.metrics["code"].astype(str), pack.metrics["name"], strict=True))
    return requests_line(pack.requests, names)


def overdue_notice(
    per_commune: pd.DataFrame, names: Mapping[str, str], limit_days: int
) -> str | None:
    """Say which communes have requests open longer than the limit (``None``: none has).

    Parameters
    ----------
    per_commune : DataFrame
        ``code, overdue`` (:func:`geo.planning.requests.requests_per_commune`).
    names : mapping str -> str
        Commune names by code; an unknown code is shown as it is.
    limit_days : int
        The limit the counts used.

    Returns
    -------
    str or None
        The communes with the most overdue requests first, then by code.

    Examples
    --------
    >>> per = pd.DataFrame({"code": ["13291", "13540", "13300"], "overdue": [1, 0, 2]})
    >>> overdue_notice(per, {"13291": "Lê Hồng Phong", "13300": "Phù Vân"}, 14)
    '3 yêu cầu hỗ trợ tại nhà quá hạn (mở quá 14 ngày): Phù Vân 2, Lê Hồng Phong 1.'
    >>> overdue_notice(per.iloc[1:2], {}, 14) is None
    True
    """
    late = per_commune[per_commune["overdue"] > 0].astype({"code": str})
    if late.empty:
        return None
    late = late.sort_values(["overdue", "code"], ascending=[False, True])
    total = int(late["overdue"].sum())
    communes = ", ".join(
        f"{names.get(c, c)} {format_int(int(n))}"
        for c, n in zip(late["code"], late["overdue"], strict=True)
    )
    return ngettext(
        "{n} yêu cầu hỗ trợ tại nhà quá hạn (mở quá {days} ngày): {communes}.",
        "{n} yêu cầu hỗ trợ tại nhà quá hạn (mở quá {days} ngày): {communes}.",
        total,
    ).format(n=format_int(total), days=format_int(limit_days), communes=communes)


def commune_requests_line(per_commune: pd.DataFrame, code: str) -> str | None:
    """Name one commune's open requests (``None`` when it has none).

    Parameters
    ----------
    per_commune : DataFrame
        ``code, open, overdue`` (:func:`geo.planning.requests.requests_per_commune`).
    code : str
        The commune.

    Returns
    -------
    str or None

    Examples
    --------
    >>> per = pd.DataFrame({"code": ["13291"], "open": [2], "overdue": [1]})
    >>> commune_requests_line(per, "13291")
    'Yêu cầu hỗ trợ tại nhà đang mở: 2 (1 quá hạn)'
    >>> commune_requests_line(per, "13540") is None
    True
    """
    row = per_commune[per_commune["code"].astype(str) == str(code)]
    if row.empty:
        return None
    return _("Yêu cầu hỗ trợ tại nhà đang mở: {n} ({late} quá hạn)").format(
        n=format_int(int(row["open"].iloc[0])), late=format_int(int(row["overdue"].iloc[0]))
    )
