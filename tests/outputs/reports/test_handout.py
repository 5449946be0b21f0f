"""Tests of geo.outputs.reports.handout: the PDF read back with poppler-utils.

``pdftotext``, ``pdfimages``, ``pdffonts`` and ``pdfinfo`` read the file; these tests are
skipped where poppler is not installed.
"""

from __future__ import annotations

import re

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
