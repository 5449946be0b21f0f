"""Tests of geo.outputs.notices.poster: the posters of a whole schedule, one per district."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.i18n import language
from geo.outputs.notices.poster import posters_pdf
from tests.outputs.notices.test_notice_pdf import _pdf_pages, has_row, needs_pdftotext


@needs_pdftotext
def test_one_landscape_poster_per_district_in_name_order(schedule, communes, tmp_path):
    pdf = posters_pdf(
        schedule,
        communes,
        meeting_points={"13291": "Nhà văn hóa tổ dân phố số 5"},
        hotline="0226 3852 123",
        team_contacts={"Tổ 1": "Đ/c Minh 0912 345 678"},
    )
    assert b"/MediaBox [0 0 841.89 595.28]" in pdf  # A4 landscape
    binh_luc, thanh_liem, phu_ly = _pdf_pages(pdf, tmp_path)
    for page, district, n in (
        (binh_luc, "Huyện Bình Lục", 1),
        (thanh_liem, "Huyện Thanh Liêm", 2),
        (phu_ly, "Thành phố Phủ Lý", 3),
    ):
        assert "CÔNG AN TỈNH HÀ NAM" in page and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
        assert "LỊCH LÀM VIỆC CỦA TỔ LƯU ĐỘNG" in page
        assert f"{district} – từ 01/06/2023 đến 03/06/2023" in page  # the whole schedule's days
        assert f"{district} – trang {n}/3" in page
        assert "Số điện thoại liên hệ: 0226 3852 123" in page
        assert "CCCD gắn chip" in page
    assert has_row(binh_luc, "xã An Nội", "Thứ Sáu, 02/06/2023: 16:15-19:15", "Trụ sở UBND xã An")
    assert "Liên hệ tổ: Tổ 1 – Đ/c Minh 0912 345 678" in binh_luc
    assert "Lê Hồng Phong" not in binh_luc and "Thanh Sơn" not in binh_luc
    assert has_row(thanh_liem, "xã Thanh Sơn", "Thứ Bảy, 03/06/2023: 16:20-19:10")
    assert 'Liên hệ tổ: =HYPERLINK("http://x") – ......' in thanh_liem  # as typed, to fill
    assert has_row(
        phu_ly,
        "phường Lê Hồng Phong",
        "Thứ Năm, 01/06/2023: 18:10-21:20",
        "Nhà văn hóa tổ dân phố số 5",
        "Tổ 1",
    )
    assert "Tổ 2" in phu_ly and "Liên hệ tổ: Tổ 2 – ......" in phu_ly


@needs_pdftotext
def test_without_districts_one_poster_over_several_pages(fortnight, demo_communes, tmp_path):
    """The boundaries of 07/2025 have no districts: one poster, split, its heading repeated."""
    no_districts = demo_communes.assign(district_name=None)
    pages = _pdf_pages(posters_pdf(fortnight, no_districts), tmp_path)
    assert len(pages) == 2
    first, second = pages
    assert "Các xã, phường trong kế hoạch – từ 01/06/2023 đến 14/06/2023" in first
    assert "Các xã, phường trong kế hoạch – trang 2/2" in second
    for page in pages:
        assert has_row(page, "Xã, phường, thị trấn", "Buổi làm việc", "Địa điểm", "Tổ lưu động")
    text = "\n".join(pages)
    for code, name in zip(demo_communes["code"], demo_communes["name"], strict=True):
        evenings = fortnight[fortnight["code"] == code]
        if len(evenings):
            assert text.count(f" {name} ") + text.count(f" {name}\n") >= 1, name
    rows = text.count(": 1")  # every evening is "<weekday>, <date>: 1x:xx-xx:xx"
    assert rows == len(fortnight.drop_duplicates(["date", "code", "window_start"]))


@needs_pdftotext
def test_demo_fortnight_has_one_page_a_district(fortnight, demo_communes, tmp_path):
    pages = _pdf_pages(posters_pdf(fortnight, demo_communes), tmp_path)
    districts = sorted(set(demo_communes["district_name"]))
    assert len(pages) == len(districts) == 6
    for page, district in zip(pages, districts, strict=True):
        assert f"{district} – từ 01/06/2023 đến 14/06/2023" in page


@needs_pdftotext
def test_poster_in_english(schedule, communes, tmp_path):
    with language("en"):
        pdf = posters_pdf(schedule, communes.assign(district_name=None))
    (page,) = _pdf_pages(pdf, tmp_path)
    assert "HÀ NAM PROVINCIAL POLICE" in page
    assert "MOBILE TEAM SCHEDULE" in page
    assert "Communes in the plan – from 01/06/2023 to 03/06/2023" in page
    assert has_row(page, "An Nội Commune", "Friday, 02/06/2023: 16:15-19:15")
    assert "Mobile team contact: Tổ 1" in page and "Communes in the plan – page 1/1" in page
    for vietnamese in ("LỊCH", "Buổi", "Liên hệ", "trang", "Thứ"):
        assert vietnamese not in page, vietnamese


def test_poster_is_deterministic_and_refuses_an_empty_schedule(schedule, communes):
    assert posters_pdf(schedule, communes) == posters_pdf(schedule, communes)
    with pytest.raises(ValueError, match="Không có xã"):
        posters_pdf(schedule.iloc[:0], communes)


def test_district_groups_put_the_communes_without_a_district_last(communes):
    from geo.outputs.notices.poster import district_groups

    s = pd.DataFrame({"date": pd.to_datetime(["2023-06-01"] * 2), "code": ["13291", "77777"]})
    groups = district_groups(s, communes, {}, "ubnd")
    assert [(d, [c["code"] for c in cs]) for d, cs in groups] == [
        ("Thành phố Phủ Lý", ["13291"]),
        ("Các xã, phường trong kế hoạch", ["77777"]),
    ]
