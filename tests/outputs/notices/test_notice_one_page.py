"""One commune's notice is one A4 page at a readable size, however many evenings it has (issue 15).

Read back with ``pdftotext`` (pages, text) and ``pdftotext -bbox`` (the height of every word: a
DejaVu Sans word is 1,164 × its size in points high, so 11 pt words are 12,8 pt high).
"""

from __future__ import annotations

import re
import subprocess

import pandas as pd
import pytest

from geo.i18n import language
from geo.outputs.notices import notice_pdf, notices_pdf
from tests.outputs.notices.test_notice_pdf import _pdf_pages, has_row, needs_pdftotext

#: Height of a DejaVu Sans word, per point of font size (pdftotext -bbox).
_HEIGHT_PER_PT = 1.164
_WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<')
_DATE_ROW = re.compile(r"\d\d/\d\d/\d{4}\s+\d\d:\d\d-\d\d:\d\d")


def _words(pdf: bytes, tmp_path) -> list[tuple[float, float, str]]:
    """``(top, font size in pt, text)`` of every word of the first page."""
    path = tmp_path / "n.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return [
        (float(top), (float(bottom) - float(top)) / _HEIGHT_PER_PT, word)
        for top, bottom, word in _WORD.findall(out)
    ]


def _evenings(days: int, windows: list[str], teams: int = 1) -> pd.DataFrame:
    """``days`` from 01/06/2023, each with one evening per start time (ending 21:30)."""
    rows = [
        (d, f"Tổ {(i + k) % teams + 1}", "13291", w, "21:30")
        for i, d in enumerate(pd.date_range("2023-06-01", periods=days))
        for k, w in enumerate(windows)
    ]
    return pd.DataFrame(rows, columns=["date", "team", "code", "window_start", "window_end"])


@needs_pdftotext
def test_every_notice_of_a_demo_fortnight_is_one_page(fortnight, demo_communes, tmp_path):
    contacts = {"Tổ 1 (DEMO)": "Đ/c Nguyễn Văn Minh – 0912 345 678"}
    codes = list(dict.fromkeys(fortnight["code"]))
    assert len(codes) == 12 and fortnight.groupby("code").size().max() == 9
    for code in codes:
        pdf = notice_pdf(
            fortnight, demo_communes, code, hotline="0226 3852 123", team_contacts=contacts
        )
        (page,) = _pdf_pages(pdf, tmp_path)
        evenings = fortnight[fortnight["code"] == code].drop_duplicates(["date", "window_start"])
        assert len(_DATE_ROW.findall(page)) == len(evenings), code  # every evening in the table
        assert "Còn" not in page and "Số điện thoại liên hệ: 0226 3852 123" in page
    everything = _pdf_pages(notices_pdf(fortnight, demo_communes), tmp_path)
    assert len(everything) == 12


@needs_pdftotext
@pytest.mark.parametrize(
    ("days", "windows", "teams", "shown_all"),
    [
        (1, ["18:00"], 1, True),
        (14, ["18:00"], 6, True),  # every evening of a fortnight, six teams' contact lines
        (14, ["16:00", "19:00"], 2, True),  # two evenings a day: 28 rows, tighter spacing
        (14, ["16:00", "18:00", "19:00"], 3, False),  # 42 rows: more than a page holds
        (14, ["16:00", "17:00", "18:00", "19:00", "20:00"], 6, False),
    ],
)
def test_many_evenings_stay_on_one_page_at_11_pt(days, windows, teams, shown_all, tmp_path):
    s = _evenings(days, windows, teams)
    contacts = {f"Tổ {i}": f"Đ/c Nguyễn Văn {i} – 0912 345 67{i}" for i in range(1, 7)}
    pdf = notice_pdf(s, None, "13291", hotline="0226 3852 123", team_contacts=contacts)
    (page,) = _pdf_pages(pdf, tmp_path)
    total, rows = days * len(windows), len(_DATE_ROW.findall(page))
    assert rows >= 1
    assert has_row(page, "Thứ Năm, 01/06/2023", f"{windows[0]}-21:30")
    # the place: in every row of a one-half table, once above a table in two halves
    assert page.count("Trụ sở UBND xã 13291") in (1, min(rows, total))
    if shown_all:
        assert rows == total and "Còn" not in page
    else:
        assert 14 <= rows < total  # at least a week of single evenings is always shown
        flat = " ".join(page.split())
        assert f"Còn {total - rows} buổi làm việc nữa, đến ngày 14/06/2023: xem lịch đầy đủ" in flat
    for i in range(1, teams + 1):
        assert f"Liên hệ tổ: Tổ {i} – Đ/c Nguyễn Văn {i} – 0912 345 67{i}" in page
    assert "CHỦ TỊCH" in page
    words = _words(pdf, tmp_path)
    title = min(top for top, _, w in words if w == "THÔNG")
    body = [(size, w) for top, size, w in words if top > title]
    assert len(body) > 100
    small = [(round(size, 2), w) for size, w in body if size < 11 - 0.05]
    assert small == []  # the body and the table never shrink below 11 pt


@needs_pdftotext
def test_long_place_and_contacts_keep_one_page(tmp_path):
    """User text at its longest (a 200-character contact per team, a long meeting point)."""
    s = _evenings(14, ["18:00"], 4)
    place = "Nhà văn hóa tổ dân phố số 5, ngõ 12 đường Lê Hồng Phong, cạnh chợ " * 2
    contacts = {f"Tổ {i}": ("Đ/c Trần Thị Hoa 0912 345 678 " * 8)[:200] for i in range(1, 5)}
    pdf = notice_pdf(s, None, "13291", meeting_point=place, team_contacts=contacts)
    (page,) = _pdf_pages(pdf, tmp_path)
    assert "CHỦ TỊCH" in page and "Thứ Năm, 01/06/2023" in page
    assert "Còn" in page or len(_DATE_ROW.findall(page)) == 14


@needs_pdftotext
def test_the_cut_table_says_so_in_english(tmp_path):
    with language("en"):
        pdf = notice_pdf(_evenings(14, ["16:00", "18:00", "19:00"]), None, "13291")
    (page,) = _pdf_pages(pdf, tmp_path)
    rows = len(_DATE_ROW.findall(page))
    flat = " ".join(page.split())
    assert f"{42 - rows} more evenings, up to 14/06/2023: see the full schedule" in flat
