"""Where the teams meet residents: the communes of a schedule and their default meeting points.

The public notices (:mod:`geo.outputs.notices.notice_pdf`) and the planner page's editor print
one meeting point per commune; unless the user types one, it is the commune's People's
Committee («Trụ sở UBND xã …») or the village hall (:data:`MEETING_POINT_STYLES`), in the
language in use; :func:`unit_name` names a commune with its unit type ("xã An Nội", in English
"An Nội Commune"). Nothing here imports streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from geo.fmt import display_text
from geo.i18n import N_, _

__all__ = [
    "MEETING_POINT_STYLES",
    "commune_table",
    "commune_unit",
    "default_meeting_point",
    "meeting_point_table",
    "unit_name",
]

#: Default meeting points: ``{style: template}`` (catalog ids, translated when printed);
#: ``{unit}`` is :func:`unit_name` ("xã An Nội", "phường …").
MEETING_POINT_STYLES = {
    "ubnd": N_("Trụ sở UBND {unit}"),
    "nha_van_hoa": N_("Nhà văn hóa thôn/tổ dân phố"),
}
_TYPES = ("thị trấn", "phường", "xã")
#: A commune named with its unit type, per type (catalog ids; English puts the type after).
_UNIT_NAMES = {
    "xã": N_("xã {name}"),
    "phường": N_("phường {name}"),
    "thị trấn": N_("thị trấn {name}"),
}
_TABLE_COLUMNS = ["code", "name", "district_name", "first_date", "meeting_point"]


def commune_unit(row: Mapping[Any, object]) -> tuple[str, str]:
    """Split a commune row into its unit type and name, as the notices write them.

    Parameters
    ----------
    row : mapping
        ``name`` (else ``code``) and ``type`` or ``full_name``.

    Returns
    -------
    tuple of str
        ``(type, name)``, e.g. ``("xã", "An Nội")``; the type comes from ``type`` or the
        beginning of ``full_name``, "xã" when unknown.

    Examples
    --------
    >>> commune_unit({"name": "Vĩnh Trụ", "full_name": "Thị trấn Vĩnh Trụ"})
    ('thị trấn', 'Vĩnh Trụ')
    """
    name = display_text(row.get("name")) or display_text(row.get("code"))
    kind = display_text(row.get("type")).lower()
    full = display_text(row.get("full_name"))
    if not kind:
        kind = next((t for t in _TYPES if full.lower().startswith(t + " ")), "xã")
    return kind, name


def unit_name(commune_type: str | None, name: str) -> str:
    """Name a commune with its unit type, as a sentence of the notices writes it.

    Parameters
    ----------
    commune_type : str or None
        "xã", "phường" or "thị trấn" ("xã" when missing); another type is written as it is.
    name : str
        Commune name without its type (kept as it is: data, not translated).

    Returns
    -------
    str
        ``"xã An Nội"`` in Vietnamese, ``"An Nội Commune"`` in English.

    Examples
    --------
    >>> unit_name("phường", "Lê Hồng Phong"), unit_name(None, "An Nội")
    ('phường Lê Hồng Phong', 'xã An Nội')
    """
    kind = display_text(commune_type).lower() or "xã"
    template = _UNIT_NAMES.get(kind)
    if template is None:
        return f"{kind} {display_text(name)}"
    return _(template).format(name=display_text(name))


def commune_table(schedule: pd.DataFrame, communes: pd.DataFrame | None) -> pd.DataFrame:
    """Name every commune of a schedule from the registry, else from the schedule's own names.

    Parameters
    ----------
    schedule : DataFrame
        ``code`` and optionally ``name``.
    communes : DataFrame, optional
        ``code, name`` and optionally ``type, full_name, district_name``.

    Returns
    -------
    DataFrame
        ``code, name, type, full_name, district_name``, one row per code of ``schedule`` in
        order of first appearance; a commune known nowhere is named by its code.
    """
    codes = pd.Index(schedule["code"].astype(str).unique())
    out = pd.DataFrame({"code": codes})
    if communes is not None and len(communes):
        c = communes.copy()
        c["code"] = c["code"].astype(str)
        keep = [k for k in ("code", "name", "type", "full_name", "district_name") if k in c]
        out = out.merge(c[keep].drop_duplicates("code"), on="code", how="left")
    if "name" in schedule:
        names = dict(zip(schedule["code"].astype(str), schedule["name"], strict=False))
        fallback = out["code"].map(names)
        out["name"] = out["name"].fillna(fallback) if "name" in out else fallback
    for k in ("name", "type", "full_name", "district_name"):
        if k not in out:
            out[k] = None
    out["name"] = out["name"].where(out["name"].notna(), out["code"])
    return out


def default_meeting_point(commune_type: str | None, name: str, style: str = "ubnd") -> str:
    """Give the meeting point printed when the user gave none.

    Parameters
    ----------
    commune_type : str or None
        "xã", "phường" or "thị trấn" ("xã" when missing).
    name : str
        Commune name without its type.
    style : str
        Key of :data:`MEETING_POINT_STYLES`.

    Returns
    -------
    str
        The meeting point text, in the language in use.

    Examples
    --------
    >>> default_meeting_point("xã", "An Nội")
    'Trụ sở UBND xã An Nội'
    >>> default_meeting_point("phường", "Lê Hồng Phong", "nha_van_hoa")
    'Nhà văn hóa thôn/tổ dân phố'
    """
    return _(MEETING_POINT_STYLES[style]).format(unit=unit_name(commune_type, name))


def meeting_point_table(
    schedule: pd.DataFrame, communes: pd.DataFrame | None = None, style: str = "ubnd"
) -> pd.DataFrame:
    """List the communes of a schedule (first date first) with their default meeting point.

    Parameters
    ----------
    schedule : DataFrame
        ``date, code`` and optionally ``name``.
    communes : DataFrame, optional
        ``code, name, type`` (or ``full_name``), ``district_name``.
    style : str
        Key of :data:`MEETING_POINT_STYLES`.

    Returns
    -------
    DataFrame
        ``code, name, district_name, first_date, meeting_point`` (for the page's editor).
    """
    if schedule.empty:
        return pd.DataFrame(columns=_TABLE_COLUMNS)
    info = commune_table(schedule, communes)
    first = (
        pd.DataFrame({"code": schedule["code"].astype(str), "d": pd.to_datetime(schedule["date"])})
        .groupby("code")["d"]
        .min()
    )
    info["first_date"] = info["code"].map(first)
    info["meeting_point"] = [
        default_meeting_point(*commune_unit(r), style=style) for r in info.to_dict("records")
    ]
    info = info.sort_values(["first_date", "name", "code"], kind="stable").reset_index(drop=True)
    return info[_TABLE_COLUMNS]
