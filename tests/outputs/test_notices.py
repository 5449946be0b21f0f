"""Tests of geo.outputs.notices: Excel schedule, public notices (PDF), plan follow-up."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from datetime import date, datetime

import pandas as pd
import pytest
from openpyxl import load_workbook

from geo.outputs.notices import (
    NOTICE_TITLE,
    SCHEDULE_SHEET,
    default_meeting_point,
    meeting_point_table,
    notice_pdf,
    notices_pdf,
    schedule_xlsx,
    weekday_name,
)

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


@pytest.fixture
def schedule() -> pd.DataFrame:
    """Four team-evenings in three communes, unsorted; one team name looks like a formula."""
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-02", "2023-06-01", "2023-06-01", "2023-06-03"]),
            "team": ["Tổ 1", "Tổ 2", "Tổ 1", '=HYPERLINK("http://x")'],
            "code": ["13540", "13291", "13291", "90004"],
            "name": ["An Nội", "Lê Hồng Phong", "Lê Hồng Phong", "Thanh Sơn"],
            "window_start": ["16:15", "18:10", "18:10", "16:20"],
            "window_end": ["19:15", "21:20", "21:20", "19:10"],
            "travel_min": [15.0, 10.0, 10.0, 10.0],
            "expected_activations": [25.04, 30.46, 28.0, None],
            "reason": ["Còn 4.210 người chưa kích hoạt", "@lần 2", "-3 ngày", None],
        }
    )


def _pdf_pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    pages = [unicodedata.normalize("NFC", p) for p in out.split("\f")]
    return [p for p in pages if p.strip()]


# --------------------------------------------------------------------------- PDF


@needs_pdftotext
def test_notices_have_one_page_per_commune_in_date_order(schedule, communes, tmp_path):
    pages = _pdf_pages(notices_pdf(schedule, communes), tmp_path)
    assert len(pages) == 3
    first, second, third = pages
    assert "PHƯỜNG LÊ HỒNG PHONG" in first and "01/06/2023" in first
    assert "XÃ AN NỘI" in second and "02/06/2023" in second
    assert "XÃ THANH SƠN" in third and "03/06/2023" in third
    for page in pages:
        assert NOTICE_TITLE in page
        assert "CCCD gắn chip" in page and "Điện thoại thông minh" in page


@needs_pdftotext
def test_notice_shows_window_teams_meeting_point_and_contact(schedule, communes, tmp_path):
    pdf = notices_pdf(
        schedule,
        communes,
        meeting_points={"13291": "Nhà văn hóa tổ dân phố số 5"},
        hotline="0226 3852 123",
    )
    first, second, _ = _pdf_pages(pdf, tmp_path)
    assert "Thứ Năm" in first and "Từ 18:10 đến 21:20" in first
    assert "Tổ 1, Tổ 2" in first  # one evening, two teams: one line
    assert "Địa điểm: Nhà văn hóa tổ dân phố số 5" in first
    assert "Số điện thoại liên hệ: 0226 3852 123" in first
    assert "Từ 16:15 đến 19:15" in second and "Địa điểm: Trụ sở UBND xã An Nội" in second
    assert "18:10" not in second


@needs_pdftotext
def test_single_commune_notice(schedule, communes, tmp_path):
    pdf = notice_pdf(schedule, communes, "13540", meeting_point="Sân kho thôn Đồng Du")
    (page,) = _pdf_pages(pdf, tmp_path)
    assert "XÃ AN NỘI" in page and "02/06/2023" in page and "Từ 16:15 đến 19:15" in page
    assert "Sân kho thôn Đồng Du" in page
    assert "Lê Hồng Phong" not in page
    assert "Số điện thoại liên hệ: ......" in page  # blank contact: a line to fill by hand


@needs_pdftotext
def test_issued_date_and_missing_window(communes, tmp_path):
    s = pd.DataFrame({"date": ["2023-06-05"], "team": ["Tổ 3"], "code": ["90005"]})
    (page,) = _pdf_pages(notices_pdf(s, communes, issued=date(2023, 6, 1)), tmp_path)
    assert "THỊ TRẤN VĨNH TRỤ" in page
    assert "Vĩnh Trụ, ngày 01 tháng 06 năm 2023" in page
    assert "Thứ Hai" in page and "05/06/2023" in page and "giờ sẽ thông báo sau" in page


def test_pdf_is_a4_and_deterministic(schedule, communes):
    a = notices_pdf(schedule, communes)
    assert a.startswith(b"%PDF") and a == notices_pdf(schedule, communes)
    assert b"/MediaBox [0 0 595.28 841.89]" in a


def test_no_commune_to_print_raises(schedule, communes):
    with pytest.raises(ValueError, match="Không có xã"):
        notice_pdf(schedule, communes, "99999")


@pytest.mark.parametrize(
    "kind, name, style, expected",
    [
        ("xã", "An Nội", "ubnd", "Trụ sở UBND xã An Nội"),
        ("phường", "Lê Hồng Phong", "ubnd", "Trụ sở UBND phường Lê Hồng Phong"),
        ("thị trấn", "Vĩnh Trụ", "ubnd", "Trụ sở UBND thị trấn Vĩnh Trụ"),
        (None, "Mẫu Một", "ubnd", "Trụ sở UBND xã Mẫu Một"),
        ("xã", "An Nội", "nha_van_hoa", "Nhà văn hóa thôn/tổ dân phố"),
    ],
)
def test_default_meeting_point(kind, name, style, expected):
    assert default_meeting_point(kind, name, style) == expected


def test_meeting_point_table_lists_communes_by_first_date(schedule, communes):
    t = meeting_point_table(schedule, communes)
    assert t["code"].tolist() == ["13291", "13540", "90004"]
    assert t["meeting_point"].tolist() == [
        "Trụ sở UBND phường Lê Hồng Phong",
        "Trụ sở UBND xã An Nội",
        "Trụ sở UBND xã Thanh Sơn",
    ]
    assert t["district_name"].tolist()[2] == "Huyện Thanh Liêm"  # not the Kim Bảng Thanh Sơn
    assert t["first_date"].tolist()[0] == pd.Timestamp("2023-06-01")


@pytest.mark.parametrize(
    "day, expected",
    [("2023-06-05", "Thứ Hai"), ("2023-06-10", "Thứ Bảy"), (date(2023, 6, 11), "Chủ nhật")],
)
def test_weekday_name(day, expected):
    assert weekday_name(day) == expected


# --------------------------------------------------------------------------- Excel


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


# --------------------------------------------------------------------------- follow-up
