"""Tests of geo.outputs.reports.workbook: sheets, numeric cells, text that is never a formula."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from geo.i18n import PSEUDO, language
from geo.metrics import progress
from geo.outputs import reports
from tests.outputs.reports.helpers import EVIL


@pytest.fixture
def xlsx(pack) -> bytes:
    return reports.build_xlsx(pack)


@pytest.fixture
def workbook(xlsx):
    return load_workbook(io.BytesIO(xlsx))


def test_xlsx_sheets(workbook):
    assert workbook.sheetnames == [
        "Tổng quan",
        "Xếp hạng huyện",
        "Xã chưa kích hoạt nhiều nhất",
        "Kế hoạch theo tổ",  # the plan has no district: no «Kế hoạch theo huyện»
        "Lịch công tác",
        "Số liệu theo xã",
    ]


def test_xlsx_summary_values_are_numbers(workbook):
    ws = workbook["Tổng quan"]
    values = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(2, ws.max_row + 1)}
    assert values["Đã kích hoạt"].value == 21100
    assert isinstance(values["Đã kích hoạt"].value, int | float)
    assert values["Công dân đủ điều kiện"].value == 32500
    assert values["Tỷ lệ kích hoạt"].value == pytest.approx(21100 / 32500)
    assert values["Tỷ lệ kích hoạt"].number_format == "0.0%"
    assert values["Số xã đạt ≥ 80 %"].value == 3
    assert values["Tăng so với tuần trước"].value == 500
    assert values["Số liệu đến ngày"].value == pd.Timestamp("2023-03-14").to_pydatetime()
    assert values["Số liệu đến ngày"].number_format == "dd/mm/yyyy"
    assert values["Phiên bản ranh giới"].value == "2020-2024"
    assert values["Dự báo ngày đạt chỉ tiêu"].value == pd.Timestamp("2023-05-24").to_pydatetime()
    assert ws["A1"].font.b and ws["B1"].font.b


def test_xlsx_district_sheet(workbook, pack):
    ws = workbook["Xếp hạng huyện"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Hạng", "Huyện, thị xã, thành phố", "Số xã"]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 5
    col = {name: i for i, name in enumerate(header)}
    first = rows[0]
    assert first[col["Huyện, thị xã, thành phố"]] == "Thành phố Phủ Lý"
    assert first[col["Đã kích hoạt"]] == 8500
    assert first[col["Tiến độ chỉ tiêu"]] == pytest.approx(8500 / 8000)
    assert first[col["Tăng so với tuần trước"]] == 200
    assert [r[col["Hạng"]] for r in rows] == [1, 2, 3, 4, 5]
    assert sum(r[col["Đã kích hoạt"]] for r in rows) == 21100
    assert ws.cell(2, col["Tỷ lệ kích hoạt"] + 1).number_format == "0.0%"
    assert ws.cell(2, col["Đã kích hoạt"] + 1).number_format == "#,##0"


def test_xlsx_gaps_and_no_data_cells(workbook):
    ws = workbook["Xã chưa kích hoạt nhiều nhất"]
    header = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    gap = header.index("Số người chưa kích hoạt")
    assert [r[gap] for r in rows] == [3600, 2000, 1800, 1500, 1500, 900, 100]
    # 90005 was never visited: an empty cell, not 0
    days = header.index("Số ngày chưa có tổ đến")
    assert rows[4][header.index("Xã, phường, thị trấn")] == "Vĩnh Trụ"
    assert rows[4][days] is None

    ws = workbook["Số liệu theo xã"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "90006")
    assert row[header.index("Tỷ lệ kích hoạt")] is None  # no data, not 0 %
    assert row[header.index("Tổ lưu động kích hoạt")] == 50
    codes = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert codes[0] == "13291"  # codes stay text (leading digits kept as typed)


def test_xlsx_plan_keeps_a_formula_as_text(workbook):
    ws = workbook["Lịch công tác"]
    cell = ws["B3"]
    assert cell.value == EVIL
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert ws["B2"].value == "Tổ 1"
    assert not ws["B2"].quotePrefix
    assert ws["A2"].value == pd.Timestamp("2023-03-15").to_pydatetime()


def test_xlsx_has_no_formula_anywhere(xlsx):
    z = zipfile.ZipFile(io.BytesIO(xlsx))
    sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 6
    for name in sheets:
        assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


@pytest.mark.parametrize(
    ("name", "prefixed"),
    [
        (EVIL, True),
        ("+84 912 345 678", True),
        ("-1+1", True),
        ("@SUM(A1:A9)", True),
        ("\t=1+1", True),
        ("Tổ 1", False),
        ("Thanh Hà = Thanh Hải?", False),
    ],
)
def test_malicious_commune_and_team_names_stay_text(metrics, pack, name, prefixed):
    m = metrics.copy()
    m.loc[m["code"] == "13540", "name"] = name
    pack.metrics = m
    pack.top_gaps = progress.top_gaps(m)
    pack.plan = pack.plan.assign(team=name)
    wb = load_workbook(io.BytesIO(reports.build_xlsx(pack)))
    cells = [
        wb["Xã chưa kích hoạt nhiều nhất"]["B2"],  # 13540 has the largest gap
        wb["Số liệu theo xã"]["B3"],  # registry order: 13540 is second
        wb["Lịch công tác"]["B2"],
    ]
    for cell in cells:
        assert cell.value == name
        assert cell.data_type == "s"
        assert bool(cell.quotePrefix) is prefixed


# --- language -------------------------------------------------------------------------------------


@pytest.fixture
def english_workbook(pack):
    with language("en"):
        return load_workbook(io.BytesIO(reports.build_xlsx(pack)))


def test_xlsx_sheets_in_english(english_workbook):
    assert english_workbook.sheetnames == [
        "Summary",
        "District league",
        "Largest gaps",
        "Plan by team",
        "Schedule",
        "Figures by commune",
    ]
    assert english_workbook.properties.title == "Meeting pack 14/03/2023"
    assert english_workbook.properties.creator == "Hà Nam Provincial Police"


def test_xlsx_summary_in_english(english_workbook):
    ws = english_workbook["Summary"]
    assert [ws["A9"].value, ws["B9"].value] == ["Item", "Value"]
    assert ws["B1"].value == "SOCIALIST REPUBLIC OF VIET NAM"
    values = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(2, ws.max_row + 1)}
    assert values["Activated"].value == 21100
    assert values["Activation rate (coverage)"].value == pytest.approx(21100 / 32500)
    assert values["Activation rate (coverage)"].number_format == "0.0%"  # Excel's own locale
    assert values["Communes at ≥ 80%"].value == 3
    assert values["Change since last week"].value == 500
    assert values["Data as of"].value == pd.Timestamp("2023-03-14").to_pydatetime()
    assert values["Reporting period from"].value == pd.Timestamp("2023-03-01").to_pydatetime()
    assert values["Boundary version"].value == "2020-2024"
    assert values["Communes with data"].value == 7
    assert (
        values["Projected date the quota is reached"].value
        == pd.Timestamp("2023-05-24").to_pydatetime()
    )
    assert values["How the projection is made"].value == (
        "At the average pace of 69 people/day over the last 13 days "
        "(01/03/2023 – 14/03/2023), the quota should be reached on 24/05/2023."
    )


def test_xlsx_headers_in_english(english_workbook):
    def header(sheet):
        return [c.value for c in english_workbook[sheet][1]]

    league = header("District league")
    assert league[0] == "Rank" and "Activated" in league and "Quota progress" in league
    assert "Change since last week" in league
    gaps = header("Largest gaps")
    assert gaps[0] == "No." and gaps[1] == "Commune/ward/township"
    assert gaps[3:] == [
        "Eligible citizens",
        "Activated",
        "Activation rate (coverage)",
        "People not yet activated (gap)",
        "Days since last visit",
    ]
    assert header("Schedule") == ["Date", "Mobile team", "Commune/ward/township", "Time window"]
    communes = header("Figures by commune")
    assert communes[:2] == ["Commune code", "Commune/ward/township"]
    assert "Activated by the mobile teams" in communes and "Last visit" in communes
    for sheet in english_workbook.sheetnames[1:]:  # the summary's row 1 is the heading
        for cell in english_workbook[sheet][1]:
            assert cell.value.isascii() or "≥" in cell.value, cell.value


def test_xlsx_data_stays_as_it_is_in_english(english_workbook):
    ws = english_workbook["Largest gaps"]
    assert ws["B2"].value == "An Nội"  # names are data
    assert ws["D2"].value == 6000 and ws["D2"].number_format == "#,##0"
    assert english_workbook["Schedule"]["B2"].value == "Tổ 1"


def test_every_sheet_name_header_and_label_comes_from_the_catalog(pack):
    """In the pseudo-language every catalog message is ⟦bracketed⟧: nothing bypasses it."""
    with language(PSEUDO):
        wb = load_workbook(io.BytesIO(reports.build_xlsx(pack)))
    # (the longest, «⟦Xã chưa kích hoạt nhiều nhất⟧», is within Excel's 31 characters)
    assert all(name.startswith("⟦") and name.endswith("⟧") for name in wb.sheetnames)
    for ws in wb.worksheets:
        for cell in ws[1]:
            assert cell.value.startswith("⟦"), (ws.title, cell.value)
    summary = wb.worksheets[0]
    labels = [summary.cell(r, 1).value for r in range(2, summary.max_row + 1)]
    labels = [label for label in labels if label is not None]  # blank rows between blocks
    assert all(label.startswith("⟦") for label in labels), labels
    assert [summary.cell(r, 2).value for r in (1, 2)] == [
        "⟦CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM⟧",
        "⟦Độc lập - Tự do - Hạnh phúc⟧",
    ]
