"""The schedule as an Excel workbook: one sheet «Lịch công tác», one row per team-evening.

Dates are date cells (``dd/mm/yyyy``), numbers are numeric cells, and text that a spreadsheet
could read as a formula (starting with ``= + - @``, tab or carriage return; team names come
from uploaded files) is stored as a string with Excel's quote prefix, never as a formula
(:mod:`geo.xlsx`). The sheet name and the headers come from the catalog (:mod:`geo.i18n`),
in the language in use. Nothing here imports streamlit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from openpyxl import Workbook

from geo.fmt import format_weekday
from geo.i18n import N_, _
from geo.outputs.notices.meeting_points import commune_table
from geo.outputs.text import time_window
from geo.xlsx import to_bytes, write_sheet

__all__ = ["SCHEDULE_SHEET", "XLSX_HEADERS", "schedule_xlsx"]

#: Sheet name (a catalog id: the workbook's sheet is ``_(SCHEDULE_SHEET)``).
SCHEDULE_SHEET = N_("Lịch công tác")
#: Sheet columns: ``{schedule column: header}`` (``window`` is ``start-end``); the headers are
#: catalog ids, translated when written.
XLSX_HEADERS = {
    "no": N_("STT"),
    "date": N_("Ngày"),
    "weekday": N_("Thứ"),
    "team": N_("Tổ lưu động"),
    "code": N_("Mã xã"),
    "commune": N_("Xã, phường, thị trấn"),
    "district_name": N_("Huyện, thị xã, thành phố"),
    "window": N_("Khung giờ"),
    "travel_min": N_("Đi đường mỗi chiều (phút)"),
    "expected_activations": N_("Dự kiến kích hoạt"),
    "reason": N_("Lý do chọn"),
}
_TEXT_COLUMNS = ("weekday", "team", "code", "commune", "district_name", "window", "reason")


def schedule_xlsx(schedule: pd.DataFrame, communes: pd.DataFrame | None = None) -> bytes:
    """Write the schedule as an Excel workbook, one sheet :data:`SCHEDULE_SHEET` (translated).

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
        :data:`XLSX_HEADERS` (the district column only when some district is known) in the
        language in use, weekdays too. ``STT`` numbers the rows 1, 2, … in that order.
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
    headers = {column: _(header) for column, header in XLSX_HEADERS.items()}
    if s["district_name"].isna().all():
        headers.pop("district_name")
    s["expected_activations"] = (
        pd.to_numeric(s["expected_activations"], errors="coerce").round(1)
        if "expected_activations" in s
        else np.nan
    )
    sheet = _(SCHEDULE_SHEET)
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = sheet
    write_sheet(wb, sheet, s, headers, text_columns=_TEXT_COLUMNS, sheet=ws)
    wb.properties.title = sheet
    return to_bytes(wb)
