"""Tests of geo.outputs.notices.notice_pdf: the public notices, read back with pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from datetime import date

import pandas as pd
import pytest

from geo.i18n import language
from geo.outputs.notices import NOTICE_TITLE, notice_pdf, notices_pdf

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def has_row(page: str, *cells: str) -> bool:
    """Whether ``page`` (``pdftotext -layout``) has these cells on one line, in this order."""
    return re.search(r"[ ]+".join(map(re.escape, cells)), page) is not None


def _pdf_pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    pages = [unicodedata.normalize("NFC", p) for p in out.split("\f")]
    return [p for p in pages if p.strip()]


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
        team_contacts={"Tổ 1": "Đ/c Minh 0912 345 678", "Tổ 9": "0900 000 000"},
    )
    first, second, _ = _pdf_pages(pdf, tmp_path)
    # one evening, two teams: one row of the table (date with weekday, window, place)
    assert first.count("Thứ Năm, 01/06/2023") == 1
    assert has_row(first, "Thứ Năm, 01/06/2023", "18:10-21:20", "Nhà văn hóa tổ dân phố số 5")
    assert "Liên hệ tổ: Tổ 1 – Đ/c Minh 0912 345 678" in first
    assert "Liên hệ tổ: Tổ 2 – ......" in first  # no contact yet: a line to fill by hand
    assert "Tổ 9" not in first  # not a team of this commune
    assert "Số điện thoại liên hệ: 0226 3852 123" in first
    assert has_row(second, "Thứ Sáu, 02/06/2023", "16:15-19:15", "Trụ sở UBND xã An Nội")
    assert "18:10" not in second and "Tổ 2" not in second


@needs_pdftotext
def test_single_commune_notice(schedule, communes, tmp_path):
    pdf = notice_pdf(schedule, communes, "13540", meeting_point="Sân kho thôn Đồng Du")
    (page,) = _pdf_pages(pdf, tmp_path)
    assert "XÃ AN NỘI" in page and "Thứ Sáu, 02/06/2023" in page and "16:15-19:15" in page
    assert "Sân kho thôn Đồng Du" in page
    assert "Lê Hồng Phong" not in page
    assert "Số điện thoại liên hệ: ......" in page  # blank contact: a line to fill by hand


@needs_pdftotext
def test_issued_date_and_missing_window(communes, tmp_path):
    s = pd.DataFrame({"date": ["2023-06-05"], "team": ["Tổ 3"], "code": ["90005"]})
    (page,) = _pdf_pages(notices_pdf(s, communes, issued=date(2023, 6, 1)), tmp_path)
    assert "THỊ TRẤN VĨNH TRỤ" in page
    assert "Vĩnh Trụ, ngày 01 tháng 06 năm 2023" in page
    assert "Thứ Hai, 05/06/2023" in page and "giờ sẽ thông báo sau" in page


def test_pdf_is_a4_and_deterministic(schedule, communes):
    a = notices_pdf(schedule, communes)
    assert a.startswith(b"%PDF") and a == notices_pdf(schedule, communes)
    assert b"/MediaBox [0 0 595.28 841.89]" in a


def test_no_commune_to_print_raises(schedule, communes):
    with pytest.raises(ValueError, match="Không có xã"):
        notice_pdf(schedule, communes, "99999")


# --- language -------------------------------------------------------------------------------------


@needs_pdftotext
def test_notices_in_english(schedule, communes, tmp_path):
    with language("en"):
        pdf = notices_pdf(
            schedule,
            communes,
            meeting_points={"13540": "Sân kho thôn Đồng Du"},
            hotline="0226 3852 123",
            issued=date(2023, 6, 1),
        )
    first, second, third = _pdf_pages(pdf, tmp_path)
    flat = " ".join(first.split())
    for expected in (
        "PEOPLE'S COMMITTEE",
        "OF LÊ HỒNG PHONG WARD",  # commune names keep their diacritics
        "SOCIALIST REPUBLIC OF VIETNAM",
        "Independence - Freedom - Happiness",
        "Lê Hồng Phong, 01/06/2023",
        "NOTICE OF THE MOBILE TEAM'S VISIT",
        "Under the plan of the Hà Nam Provincial Police, a police mobile team will come to "
        "Lê Hồng Phong Ward",
        "Date Time Place",
        "Mobile team contact: Tổ 1 – ......",
        "Mobile team contact: Tổ 2 – ......",
        "Please bring:",
        "chip-based citizen ID card",
        "Contact phone number: 0226 3852 123",
        "The People's Committee of Lê Hồng Phong Ward respectfully announces.",
        "CHAIRPERSON",
    ):
        assert expected in flat, expected
    assert has_row(first, "Thursday, 01/06/2023", "18:10-21:20", "People's Committee office")
    assert "Sân kho thôn Đồng Du" in second  # typed by the user: as it is
    assert "OF AN NỘI COMMUNE" in second
    assert "OF THANH SƠN COMMUNE" in third
    for page in (first, second, third):
        for vietnamese in ("THÔNG BÁO", "Địa điểm", "Ủy ban", "Thứ Năm", "đến", "Liên hệ"):
            assert vietnamese not in page, vietnamese


@needs_pdftotext
def test_notice_in_english_without_window_or_date(communes, tmp_path):
    s = pd.DataFrame({"date": ["2023-06-05"], "team": ["Tổ 3"], "code": ["90005"]})
    with language("en"):
        (page,) = _pdf_pages(notices_pdf(s, communes), tmp_path)
    assert "OF VĨNH TRỤ TOWNSHIP" in page
    assert "Vĩnh Trụ, date ....../....../........" in page
    assert has_row(page, "Monday, 05/06/2023", "time to be") and "announced" in page
    assert "Contact phone number: ......" in page


def test_notice_error_in_english(schedule, communes):
    with language("en"), pytest.raises(ValueError, match=r"^No commune in the schedule to print"):
        notice_pdf(schedule, communes, "99999")


@needs_pdftotext
def test_notice_metadata_in_english(schedule, communes, tmp_path):
    with language("en"):
        pdf = notices_pdf(schedule, communes)
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    assert "Title:           Notice of the mobile team's visit" in info.stdout
    assert "Author:          Hà Nam Provincial Police" in info.stdout
