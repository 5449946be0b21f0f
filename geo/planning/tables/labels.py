"""Headers and labels of the planner page: columns, weights, methods, weekdays."""

from __future__ import annotations

from datetime import date, timedelta

from geo.fmt import format_weekday

__all__ = [
    "COL_COMMUNE",
    "COL_DATE",
    "COL_TEAM",
    "MEETING_LABELS",
    "METHOD_LABELS",
    "TEAM_COLUMNS",
    "WEIGHT_LABELS",
    "weekday_label",
]

COL_DATE, COL_TEAM, COL_COMMUNE = "Ngày", "Tổ lưu động", "Xã, phường, thị trấn"
#: Score components (keys of :meth:`geo.planning.Weights.as_dict`) -> slider labels.
WEIGHT_LABELS = {
    "gap": "Số người chưa kích hoạt",
    "shortfall": "Thiếu so với mục tiêu",
    "staleness": "Số ngày chưa có tổ đến",
    "yield": "Dự kiến kích hoạt mỗi buổi",
    "travel": "Gần trụ sở tổ",
}
METHOD_LABELS = {"milp": "Tối ưu (MILP)", "greedy": "Lần lượt từng buổi (greedy)"}
#: Styles of :func:`geo.outputs.notices.meeting_point_table` -> radio labels.
MEETING_LABELS = {"ubnd": "Trụ sở UBND xã/phường", "nha_van_hoa": "Nhà văn hóa thôn/tổ dân phố"}
#: Team columns -> headers of the team table.
TEAM_COLUMNS = {
    "name": COL_TEAM,
    "members": "Số CBCS",
    "base_lat": "Vĩ độ trụ sở",
    "base_lon": "Kinh độ trụ sở",
}
_MONDAY = date(2023, 1, 2)


def weekday_label(weekday: int) -> str:
    """Name a weekday number as the schedule names it.

    Parameters
    ----------
    weekday : int
        0 = Monday … 6 = Sunday.

    Returns
    -------
    str
        The Vietnamese weekday (:func:`geo.fmt.format_weekday`).

    Examples
    --------
    >>> weekday_label(0), weekday_label(6)
    ('Thứ Hai', 'Chủ Nhật')
    """
    return format_weekday(_MONDAY + timedelta(days=int(weekday)))
