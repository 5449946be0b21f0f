"""Headers and labels of the planner page: columns, weights, methods, weekdays, communes.

The constants are Vietnamese catalog ids (:mod:`geo.i18n`), translated where they are shown:
``_(COL_DATE)``, :func:`method_label`, :func:`meeting_label`, :func:`weight_label`; the tables
of :mod:`geo.planning.tables` come with their headers already in the language in use.

Communes are named by :func:`place_labels` wherever the page shows one (the ranking, the schedule
editor and grid, the notice picker, the map tooltips, the follow-up): the bare name when no other
commune of the list shares it, ``"name (district)"`` when it does («Trần Hưng Đạo (Phủ Lý)»), and
``"name (code)"`` when the district does not tell them apart either (same district, or no district:
the 07/2025 boundaries have none). Every label of a list is distinct, so a label chosen in a
drop-down finds its commune again.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pandas as pd

from geo.fmt import format_weekday, is_missing
from geo.i18n import N_, _

__all__ = [
    "COL_COMMUNE",
    "COL_DATE",
    "COL_TEAM",
    "MEETING_LABELS",
    "METHOD_LABELS",
    "TEAM_COLUMNS",
    "WEIGHT_LABELS",
    "meeting_label",
    "method_label",
    "place_labels",
    "weekday_label",
    "weight_label",
]

COL_DATE, COL_TEAM, COL_COMMUNE = N_("Ngày"), N_("Tổ lưu động"), N_("Xã, phường, thị trấn")
#: Score components (keys of :meth:`geo.planning.Weights.as_dict`) -> slider labels.
WEIGHT_LABELS = {
    "gap": N_("Số người chưa kích hoạt"),
    "shortfall": N_("Thiếu so với mục tiêu"),
    "staleness": N_("Số ngày chưa có tổ đến"),
    "yield": N_("Dự kiến kích hoạt mỗi buổi"),
    "travel": N_("Gần trụ sở tổ"),
    "home_requests": N_("Yêu cầu hỗ trợ tại nhà đang mở"),
}
METHOD_LABELS = {"milp": N_("Tối ưu (MILP)"), "greedy": N_("Lần lượt từng buổi (greedy)")}
#: Styles of :func:`geo.outputs.notices.meeting_point_table` -> radio labels.
MEETING_LABELS = {
    "ubnd": N_("Trụ sở UBND xã/phường"),
    "nha_van_hoa": N_("Nhà văn hóa thôn/tổ dân phố"),
}
#: Team columns -> headers of the team table.
TEAM_COLUMNS = {
    "name": COL_TEAM,
    "members": N_("Số CBCS"),
    "base_lat": N_("Vĩ độ trụ sở"),
    "base_lon": N_("Kinh độ trụ sở"),
}
_MONDAY = date(2023, 1, 2)


def _label(labels: dict[str, str], key: object) -> str:
    # the translated label of ``key``, or the key itself when it has none
    label = labels.get(str(key))
    return str(key) if label is None else _(label)


def method_label(method: object) -> str:
    """Name a planning method in the language in use (an unknown one is shown as it is).

    Parameters
    ----------
    method : object
        A key of :data:`METHOD_LABELS` (``"milp"``, ``"greedy"``).

    Returns
    -------
    str
        E.g. ``"Tối ưu (MILP)"``, ``"Optimised (MILP)"`` in English.

    Examples
    --------
    >>> from geo.i18n import language
    >>> method_label("greedy"), method_label("other")
    ('Lần lượt từng buổi (greedy)', 'other')
    >>> with language("en"):
    ...     method_label("milp")
    'Optimised (MILP)'
    """
    return _label(METHOD_LABELS, method)


def meeting_label(style: object) -> str:
    """Name a style of meeting point in the language in use.

    Parameters
    ----------
    style : object
        A key of :data:`MEETING_LABELS` (``"ubnd"``, ``"nha_van_hoa"``).

    Returns
    -------
    str
        E.g. ``"Trụ sở UBND xã/phường"``; an unknown style as it is.

    Examples
    --------
    >>> meeting_label("ubnd")
    'Trụ sở UBND xã/phường'
    """
    return _label(MEETING_LABELS, style)


def weight_label(component: object) -> str:
    """Name a score component (the label of its weight slider) in the language in use.

    Parameters
    ----------
    component : object
        A key of :data:`WEIGHT_LABELS` (``"gap"``, ``"shortfall"``…).

    Returns
    -------
    str
        E.g. ``"Gần trụ sở tổ"``; an unknown component as it is.

    Examples
    --------
    >>> weight_label("travel")
    'Gần trụ sở tổ'
    """
    return _label(WEIGHT_LABELS, component)


def weekday_label(weekday: int) -> str:
    """Name a weekday number as the schedule names it.

    Parameters
    ----------
    weekday : int
        0 = Monday … 6 = Sunday.

    Returns
    -------
    str
        The weekday in the language in use (:func:`geo.fmt.format_weekday`).

    Examples
    --------
    >>> from geo.i18n import language
    >>> weekday_label(0), weekday_label(6)
    ('Thứ Hai', 'Chủ Nhật')
    >>> with language("en"):
    ...     weekday_label(0)
    'Monday'
    """
    return format_weekday(_MONDAY + timedelta(days=int(weekday)))


def place_labels(communes: pd.DataFrame) -> dict[str, str]:
    """Name each commune so that no two of the list read the same.

    Parameters
    ----------
    communes : DataFrame
        ``code, name`` and, when known, ``district_name`` (the registry in the user's scope:
        the same commune then has the same label on every part of the page).

    Returns
    -------
    dict
        ``{code: label}`` in row order: the name alone when it is unique in ``communes``;
        ``"name (district)"`` when the name repeats; ``"name (code)"`` when name and district
        both repeat or the district is unknown. Labels are all distinct.

    Examples
    --------
    >>> c = pd.DataFrame({"code": ["1", "2", "3", "4", "5"],
    ...     "name": ["Trần Hưng Đạo", "Trần Hưng Đạo", "Lê Lợi", "An Bình", "An Bình"],
    ...     "district_name": ["Phủ Lý", "Duy Tiên", "Phủ Lý", "Kim Bảng", "Kim Bảng"]})
    >>> list(place_labels(c).values())  # doctest: +NORMALIZE_WHITESPACE
    ['Trần Hưng Đạo (Phủ Lý)', 'Trần Hưng Đạo (Duy Tiên)', 'Lê Lợi',
     'An Bình (4)', 'An Bình (5)']
    >>> place_labels(pd.DataFrame({"code": [7, 8], "name": ["Xã A", "Xã A"]}))
    {'7': 'Xã A (7)', '8': 'Xã A (8)'}
    """
    codes = communes["code"].astype(str).tolist()
    names = ["" if is_missing(n) else str(n) for n in communes["name"]]
    raw = communes["district_name"] if "district_name" in communes else [None] * len(codes)
    districts = ["" if is_missing(d) else str(d) for d in raw]
    same_name = Counter(names)
    same_place = Counter(zip(names, districts, strict=True))
    out: dict[str, str] = {}
    for code, name, district in zip(codes, names, districts, strict=True):
        if same_name[name] == 1:
            out[code] = name or code
        elif district and same_place[name, district] == 1:
            out[code] = f"{name} ({district})"
        else:
            out[code] = f"{name} ({code})"
    # a label that still meets another (a name that reads like «X (Y)») gets its code as well
    taken = Counter(out.values())
    return {c: f"{v} ({c})" if taken[v] > 1 else v for c, v in out.items()}
