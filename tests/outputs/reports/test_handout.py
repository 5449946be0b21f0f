"""Tests of geo.outputs.reports.handout: the PDF read back with poppler-utils.

``pdftotext``, ``pdfimages``, ``pdffonts`` and ``pdfinfo`` read the file; these tests are
skipped where poppler is not installed.
"""

from __future__ import annotations

import re

import pytest

from geo.i18n import language
from geo.outputs import reports
from tests.outputs.reports.helpers import EVIL, pdf_text, poppler, run


@poppler
def test_pdf_text_has_the_figures_in_vietnamese(pdf_path):
    text = pdf_text(pdf_path)
    for expected in (
        "CÔNG AN TỈNH HÀ NAM",
        "BÁO CÁO GIAO BAN",
        "tài khoản định danh điện tử (VNeID)",
        "Số liệu đến ngày 14/03/2023",
        "Kỳ báo cáo: 01/03/2023 – 14/03/2023",
        "Phiên bản ranh giới: 2020-2024",
        "21.100 ",
        "32.500 ",
        "64,9 %",  # 21.100 / 32.500
        "81,2 %",  # 21.100 / 26.000
        "11.400 ",
        "3/7 ",
        "+500 ",
        "Số người chưa kích hoạt",
        "dự kiến đạt chỉ tiêu ngày 24/05/2023",
        "13 ngày gần nhất (01/03/2023 – 14/03/2023)",
        "Bảng xếp hạng huyện, thị xã, thành phố",
        "Thành phố Phủ Lý",
        "106,2 %",  # Phủ Lý: 8.500 / 8.000
        "Huyện Thanh Liêm",
        "7 xã, phường, thị trấn còn nhiều người chưa kích hoạt nhất",
        "Lê Hồng Phong",
        "Lịch công tác của tổ lưu động",
        "16/03/2023",
        "18:00-21:30",
        "Trang 1/4",
    ):
        assert expected in text, expected


@poppler
def test_pdf_is_a4_with_fonts_embedded(pdf_path):
    info = run("pdfinfo", str(pdf_path))
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    assert re.search(r"Pages:\s+4\b", info)
    rows = [line.split() for line in run("pdffonts", str(pdf_path)).splitlines()[2:]]
    assert rows, "no fonts listed"
    assert all("DejaVuSans" in r[0] for r in rows)
    assert all(r[-5] == "yes" for r in rows)  # emb column


@poppler
def test_pdf_contains_the_map_as_an_image(pdf_path):
    lines = run("pdfimages", "-list", str(pdf_path)).splitlines()[2:]
    images = [line.split() for line in lines]
    assert len(images) == 1
    page, _num, kind, width, height = images[0][:5]
    assert (page, kind, width, height) == ("2", "image", "2250", "2400")
    assert b"/Subtype /Image" in pdf_path.read_bytes()


@poppler
def test_pdf_without_map_and_plan(pack, tmp_path):
    pack.boundaries = None
    pack.plan = None
    path = tmp_path / "short.pdf"
    path.write_bytes(reports.build_pdf(pack))
    text = pdf_text(path)
    assert "Lịch công tác" not in text
    assert "Trang 1/2" in text
    assert b"/Subtype /Image" not in path.read_bytes()


@poppler
def test_pdf_prints_user_text_literally(pack, tmp_path):
    pack.top_gaps = pack.top_gaps.assign(name=[EVIL, *pack.top_gaps["name"].iloc[1:]])
    pack.boundaries = None
    path = tmp_path / "evil.pdf"
    path.write_bytes(reports.build_pdf(pack))
    # the cell wraps the long name: compare without whitespace
    assert EVIL.replace(" ", "") in pdf_text(path).replace(" ", "")


# --- language -------------------------------------------------------------------------------------


@pytest.fixture
def english_pdf(pack, tmp_path):
    with language("en"):
        files = reports.build_meeting_pack(pack)
    path = tmp_path / "meeting-pack.pdf"
    path.write_bytes(files["meeting-pack-2023-03-14.pdf"])
    return path


@poppler
def test_pdf_text_in_english(english_pdf):
    text = pdf_text(english_pdf)
    for expected in (
        "HÀ NAM PROVINCIAL POLICE",
        "MEETING PACK",
        "electronic ID account (VNeID)",
        "Data as of 14/03/2023",
        "Reporting period: 01/03/2023 – 14/03/2023",
        "Boundary version: 2020-2024",
        # the boxes are read a row at a time: three figures, then their three labels
        "21,100 32,500 64.9% Activated Eligible citizens Activation rate (coverage)",
        "26,000 81.2% 11,400 Quota Progress against the quota People not yet activated (gap)",
        "3/7 ",
        "Communes at ≥ 80% / communes with data",
        "+500 ",
        "Change since last week",
        "Projected date the quota is reached",
        "At the average pace of 69 people/day over the last 13 days (01/03/2023 – 14/03/2023), "
        "the quota should be reached on 24/05/2023.",
        "Communes with no data are not counted as 0%.",
        "District league table",
        "Thành phố Phủ Lý",  # names are data: never translated
        "106.2%",  # Phủ Lý: 8,500 / 8,000
        "10,000 8,000 8,500 85.0% 106.2% 1,500 +200",
        "Ranked by quota progress.",
        "7 communes/wards/townships with the most people not yet activated",
        "Days since last visit",
        "Lê Hồng Phong",
        "Schedule of the mobile teams",
        "Time window",
        "18:00-21:30",
        "Meeting pack – data as of 14/03/2023",
        "Page 1/4",
        "Page 4/4",
    ):
        assert expected in text, expected
    for vietnamese in ("Số liệu", "Trang ", "Tỷ lệ", "xã, phường", "21.100", "64,9 %"):
        assert vietnamese not in text, vietnamese


@poppler
def test_pdf_metadata_in_english(english_pdf):
    info = run("pdfinfo", str(english_pdf))
    assert re.search(r"Title:\s+Meeting pack 14/03/2023", info)
    assert re.search(r"Author:\s+Hà Nam Provincial Police", info)


@poppler
def test_pdf_without_districts_in_english(pack, tmp_path):
    pack.districts = pack.districts.iloc[:0]
    pack.boundaries = None
    with language("en"):
        path = tmp_path / "no-districts.pdf"
        path.write_bytes(reports.build_pdf(pack))
    assert "This boundary version has no district level." in pdf_text(path)


def test_english_headings_fit_their_columns():
    """A heading word wider than its column would be broken ("Activatio-n"): it shrinks."""
    from datetime import datetime

    from geo.outputs.pdf import A4Document
    from geo.outputs.reports.handout import _heading_size

    pdf = A4Document(
        title="t", author="a", created=datetime(2023, 1, 1), margins=(12, 12, 12), bottom_margin=16
    )
    pdf.add_page()
    assert _heading_size(pdf, "Hạng", 10) == 7.5  # Vietnamese headings keep the table's size
    # "(coverage)" is 16,1 mm wide in bold 7,5 pt: 14 mm (16 less the padding) at 6,5 pt
    assert _heading_size(pdf, "Activation rate (coverage)", 16) == 6.5
    assert _heading_size(pdf, "Communes ≥ 80%", 15) == 5.5
