"""Tests of geo.outputs.notices.schedule_xlsx: the schedule workbook, never a formula."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from geo.fmt import format_weekday
from geo.i18n import PSEUDO, language
from geo.outputs.notices import SCHEDULE_SHEET, notice_file_names, schedule_xlsx


def _sheet(raw: bytes):
    wb = load_workbook(io.BytesIO(raw))
    assert wb.sheetnames == [SCHEDULE_SHEET]
    return wb[SCHEDULE_SHEET]


def test_xlsx_values_types_and_order(schedule, communes):
    ws = _sheet(schedule_xlsx(schedule, communes))
    header = [c.value for c in ws[1]]
    assert header == [
        "STT",
        "Ngày",
        "Thứ",
        "Tổ lưu động",
        "Mã xã",
        "Xã, phường, thị trấn",
        "Huyện, thị xã, thành phố",
        "Khung giờ",
        "Đi đường mỗi chiều (phút)",
        "Dự kiến kích hoạt",
        "Lý do chọn",
    ]
    assert all(c.font.bold for c in ws[1]) and ws.freeze_panes == "A2"
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == 4
    assert [r[0] for r in rows] == [1, 2, 3, 4]
    assert [r[3] for r in rows] == ["Tổ 1", "Tổ 2", "Tổ 1", '=HYPERLINK("http://x")']
    assert rows[0][1] == datetime(2023, 6, 1) and ws["B2"].number_format == "dd/mm/yyyy"
    assert rows[0][2] == "Thứ Năm"
    assert rows[0][4:8] == ["13291", "Lê Hồng Phong", "Thành phố Phủ Lý", "18:10-21:20"]
    assert rows[0][8] == 10 and ws["I2"].data_type == "n"
    assert rows[1][9] == 30.5 and ws["J3"].data_type == "n"  # 30,46 rounded to 1 decimal
    assert rows[3][9] is None  # unknown expectation: empty cell, not 0
    assert ws["E2"].data_type == "s"  # codes stay text


def test_xlsx_never_writes_a_formula(schedule, communes):
    ws = _sheet(schedule_xlsx(schedule, communes))
    cells = [c for r in ws.iter_rows() for c in r if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    team = ws["D5"]
    assert team.value == '=HYPERLINK("http://x")'
    assert team.data_type == "s" and team.quotePrefix
    reasons = {c.value: c.quotePrefix for c in ws["K"][1:] if c.value}
    assert reasons == {"@lần 2": True, "-3 ngày": True, "Còn 4.210 người chưa kích hoạt": False}


def test_xlsx_without_registry_uses_schedule_names_and_drops_district(schedule):
    ws = _sheet(schedule_xlsx(schedule.drop(columns=["reason", "travel_min"])))
    header = [c.value for c in ws[1]]
    assert "Huyện, thị xã, thành phố" not in header and "Lý do chọn" not in header
    assert ws.cell(row=2, column=header.index("Xã, phường, thị trấn") + 1).value == "Lê Hồng Phong"


@pytest.mark.parametrize(
    "day, expected",
    [("2023-06-05", "Thứ Hai"), ("2023-06-10", "Thứ Bảy"), (date(2023, 6, 11), "Chủ Nhật")],
)
def test_weekday_name(day, expected):
    """The weekday of the «Thứ» column and of the notices (Babel's names, geo.fmt)."""
    assert format_weekday(day) == expected


def test_xlsx_in_english(schedule, communes):
    with language("en"):
        raw = schedule_xlsx(schedule, communes)
    wb = load_workbook(io.BytesIO(raw))
    assert wb.sheetnames == ["Schedule"]
    assert wb.properties.title == "Schedule"
    ws = wb["Schedule"]
    assert [c.value for c in ws[1]] == [
        "No.",
        "Date",
        "Weekday",
        "Mobile team",
        "Commune code",
        "Commune/ward/township",
        "District / town / city",
        "Time window",
        "Travel each way (minutes)",
        "Expected activations",
        "Reason chosen",
    ]
    assert ws["C2"].value == "Thursday"  # 01/06/2023
    assert ws["F2"].value == "Lê Hồng Phong"  # names are data
    assert ws["B2"].number_format == "dd/mm/yyyy" and ws["J3"].value == 30.5


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "vi",
            {
                "schedule": "lich-cong-tac-2023-06-01.xlsx",
                "notices": "thong-bao-lich-lam-viec-2023-06-01.pdf",
                "notice": "thong-bao-13291-2023-06-01.pdf",
            },
        ),
        (
            "en",
            {
                "schedule": "schedule-2023-06-01.xlsx",
                "notices": "visit-notices-2023-06-01.pdf",
                "notice": "visit-notice-13291-2023-06-01.pdf",
            },
        ),
    ],
)
def test_notice_file_names(lang, expected):
    with language(lang):
        names = notice_file_names(date(2023, 6, 1), "13291")
    assert names == expected
    assert all(n.isascii() for n in names.values())


def test_sheet_and_headers_come_from_the_catalog(schedule, communes):
    with language(PSEUDO):
        wb = load_workbook(io.BytesIO(schedule_xlsx(schedule, communes)))
    assert wb.sheetnames == ["⟦Lịch công tác⟧"]
    header = [c.value for c in wb.worksheets[0][1]]
    assert header[0] == "⟦STT⟧" and all(h.startswith("⟦") and h.endswith("⟧") for h in header)
