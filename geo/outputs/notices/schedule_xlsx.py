"""The schedule as an Excel workbook: one sheet «Lịch công tác», one row per team-evening.

Dates are date cells (``dd/mm/yyyy``), numbers are numeric cells, and text that a spreadsheet
could read as a formula (starting with ``= + - @``, tab or carriage return; team names come
from uploaded files) is stored as a string with Excel's quote prefix, never as a formula
(:mod:`geo.xlsx`). Nothing here imports streamlit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from openpyxl import Workbook

from geo.fmt import format_weekday
from geo.outputs.notices.meeting_points import commune_table
from geo.outputs.text import time_window
from geo.xlsx import to_bytes, write_sheet

__all__ = ["SCHEDULE_SHEET", "XLSX_HEADERS", "schedule_xlsx"]

SCHEDULE_SHEET = "Lịch công tác"
#: Sheet columns: ``{schedule column: header}`` (``window`` is ``start-end``).
XLSX_HEADERS = {
    "no": "STT",
    "date": "Ngày",
    "weekday": "Thứ",
    "team": "Tổ lưu động",
    "code": "Mã xã",
    "commune": "Xã, phường, thị trấn",
    "district_name": "Huyện, thị xã, thành phố",
    "window": "Khung giờ",
    "travel_min": "Đi đường mỗi chiều (phút)",
    "expected_activations": "Dự kiến kích hoạt",
    "reason": "Lý do chọn",
}
_TEXT_COLUMNS = ("weekday", "team", "code", "commune", "district_name", "window", "reason")


def schedule_xlsx(schedule: pd.DataFrame, communes: pd.DataFrame | None = None) -> bytes:
    """Write the schedule as an Excel workbook, one sheet :data:`SCHEDULE_SHEET`.

    Parameters
    ----------
    schedule : DataFrame
        ``date, team, code`` and optionally ``name, window_start, window_end, travel_min,
        expected_activations, reason`` (:data:`geo.planning.SCHEDULE_COLUMNS` or
        :meth:`geo.store.Store.plan_assignments`); rows are written sorted by date and team.
    communes : DataFrame, optional
        ``code, name`` (and ``full_name``, ``district_name``) to name the communes.

    Returns
    -------
    bytes
        An ``.xlsx`` file: header row bold on blue, frozen, with a filter; columns of
        :data:`XLSX_HEADERS` (the district column only when some district is known). ``STT``
        numbers the rows 1, 2, … in that order.
    """
    s = schedule.copy()
    s["date"] = pd.to_datetime(s["date"]).dt.normalize()
    s["team"], s["code"] = s["team"].astype(str), s["code"].astype(str)
    s = s.sort_values(["date", "team", "code"], kind="stable").reset_index(drop=True)
    info = commune_table(s, communes).set_index("code")
    s["commune"] = s["code"].map(info["name"])
    s["district_name"] = s["code"].map(info["district_name"])
    s["no"] = np.arange(1, len(s) + 1)
    s["weekday"] = [format_weekday(d) for d in s["date"]]
    s["window"] = [
        time_window(a, b)
        for a, b in zip(
            s.get("window_start", [None] * len(s)),
            s.get("window_end", [None] * len(s)),
            strict=True,
        )
    ]
    headers = dict(XLSX_HEADERS)
    if s["district_name"].isna().all():
        headers.pop("district_name")
    s["expected_activations"] = (
        pd.to_numeric(s["expected_activations"], errors="coerce").round(1)
        if "expected_activations" in s
        else np.nan
    )
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = SCHEDULE_SHEET
    write_sheet(wb, SCHEDULE_SHEET, s, headers, text_columns=_TEXT_COLUMNS, sheet=ws)
    wb.properties.title = SCHEDULE_SHEET
    return to_bytes(wb)
