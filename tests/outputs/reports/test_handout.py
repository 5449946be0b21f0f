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
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: ……/BC-……",
        "Hà Nam, ngày 14 tháng 3 năm 2023",
        "BÁO CÁO Kết quả hướng dẫn kích hoạt tài khoản định danh điện tử qua tổ lưu động "
        "từ ngày 01/03/2023 đến ngày 14/03/2023",
        "I. KẾT QUẢ CHUNG",
        "II. TIẾN ĐỘ SO VỚI CHỈ TIÊU",
        # 21.100 / 26.000 = 81,2 %
        "Đến ngày 14/03/2023, đã kích hoạt 21.100 tài khoản trên chỉ tiêu 26.000 "
        "(81,2 % chỉ tiêu).",
        "III. BẢN ĐỒ TỶ LỆ KÍCH HOẠT THEO XÃ",
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
        "IV. XẾP HẠNG HUYỆN, THỊ XÃ, THÀNH PHỐ",
        "Thành phố Phủ Lý",
        "106,2 %",  # Phủ Lý: 8.500 / 8.000
        "Huyện Thanh Liêm",
        "V. XÃ, PHƯỜNG, THỊ TRẤN CÒN NHIỀU NGƯỜI CHƯA KÍCH HOẠT",
        "Lê Hồng Phong",
        "VI. KẾ HOẠCH CÔNG TÁC CỦA TỔ LƯU ĐỘNG",
        "Lịch công tác từ ngày 15/03/2023 đến ngày 16/03/2023",
        "Tổng cộng 3 3 —",  # three evenings, three communes, no expected activations
        "NGƯỜI BÁO CÁO LÃNH ĐẠO DUYỆT (Ký, ghi rõ họ tên) (Ký, ghi rõ họ tên, đóng dấu)",
        "PHỤ LỤC: LỊCH CÔNG TÁC CHI TIẾT",
        "16/03/2023",
        "18:00-21:30",
        "Số liệu đến ngày 14/03/2023 · Ranh giới 2020-2024 · Trang 1/4",
        "Trang 4/4",
    ):
        assert expected in text, expected


@poppler
def test_pdf_is_a4_with_fonts_embedded(pdf_path):
    info = run("pdfinfo", str(pdf_path))
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    assert re.search(r"Pages:\s+4\b", info)
    rows = [line.split() for line in run("pdffonts", str(pdf_path)).splitlines()[2:]]
    assert rows, "no fonts listed"
    assert all("DejaVuSerif" in r[0] for r in rows)  # the serif face of the decree
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
    assert "Lịch công tác" not in text and "PHỤ LỤC" not in text
    assert "Trang 1/2" in text and "NGƯỜI BÁO CÁO" in text
    assert b"/Subtype /Image" not in path.read_bytes()


@poppler
def test_pdf_prints_user_text_literally(pack, tmp_path):
    pack.top_gaps = pack.top_gaps.assign(name=[EVIL, *pack.top_gaps["name"].iloc[1:]])
    pack.boundaries = None
    pack.plan = None  # the plan's team is EVIL too: its table cells would interleave
    path = tmp_path / "evil.pdf"
    path.write_bytes(reports.build_pdf(pack))
    # the cell wraps the long name: compare without whitespace
    assert EVIL.replace(" ", "") in pdf_text(path, "-raw").replace(" ", "")


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
        "SOCIALIST REPUBLIC OF VIET NAM",
        "Independence - Freedom - Happiness",
        "No.: ……/BC-……",
        "Hà Nam, 14/3/2023",
        "REPORT Results of the mobile teams' help with electronic ID account activation "
        "from 01/03/2023 to 14/03/2023",
        # the boxes are read a row at a time: three figures, then their three labels
        "21,100 32,500 64.9% Activated Eligible citizens Activation rate (coverage)",
        "26,000 81.2% 11,400 Quota Progress against the quota People not yet activated (gap)",
        "3/7 ",
        "Communes at ≥ 80% / communes with data",
        "+500 ",
        "Change since last week",
        "II. PROGRESS AGAINST THE QUOTA",
        "At the average pace of 69 people/day over the last 13 days (01/03/2023 – 14/03/2023), "
        "the quota should be reached on 24/05/2023.",
        "Communes with no data are not counted as 0%.",
        "IV. DISTRICT LEAGUE TABLE",
        "Thành phố Phủ Lý",  # names are data: never translated
        "106.2%",  # Phủ Lý: 8,500 / 8,000
        "10,000 8,000 8,500 85.0% 106.2% 1,500 +200",
        "Ranked by quota progress.",
        "V. COMMUNES WITH THE MOST PEOPLE NOT YET ACTIVATED",
        "Lê Hồng Phong",
        "APPENDIX: DETAILED SCHEDULE",
        "REPORTED BY",
        "APPROVED BY",
        "Time window",
        "18:00-21:30",
        "Data as of 14/03/2023 · Boundaries 2020-2024 · Page 1/4",
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
