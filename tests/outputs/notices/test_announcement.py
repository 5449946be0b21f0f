"""Tests of geo.outputs.notices.announcement: the loudspeaker / Zalo text of one notice."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.i18n import language
from geo.outputs.notices import announcement_text

_INTRO_VI = (
    "Thực hiện kế hoạch của Công an tỉnh Hà Nam, tổ lưu động của lực lượng Công an sẽ đến "
    "{commune} để hướng dẫn công dân đăng ký, kích hoạt tài khoản định danh điện tử mức độ 2 "
    "(VNeID) ngay tại địa phương, theo lịch sau:"
)
_BRING_VI = (
    "Khi đến, công dân mang theo:\n"
    "- Căn cước công dân gắn chip (CCCD gắn chip) của mình;\n"
    "- Điện thoại thông minh đang dùng số thuê bao chính chủ (đã cài hoặc sẽ được hướng dẫn "
    "cài ứng dụng VNeID).\n"
    "Tổ lưu động cũng đến từng hộ gia đình trong khung giờ trên; đề nghị các hộ gia đình "
    "thông báo cho người thân cùng tham gia. Việc hướng dẫn, kích hoạt không thu phí.\n"
)


def test_announcement_of_one_evening_word_for_word(schedule, communes):
    text = announcement_text(
        schedule,
        communes,
        "13291",
        meeting_point="Nhà văn hóa\ntổ dân phố số 5",  # typed over two lines: one line
        hotline="0226 3852 123",
        team_contacts={"Tổ 1": "Đ/c Minh 0912 345 678", "Tổ 9": "0900 000 000"},
    )
    assert text == (
        "THÔNG BÁO LỊCH LÀM VIỆC CỦA TỔ LƯU ĐỘNG\n"
        + _INTRO_VI.format(commune="phường Lê Hồng Phong")
        + "\n- Thứ Năm, 01/06/2023: 18:10-21:20\n"
        "Địa điểm: Nhà văn hóa tổ dân phố số 5\n"
        + _BRING_VI
        + "Liên hệ tổ: Tổ 1 – Đ/c Minh 0912 345 678\n"
        "Liên hệ tổ: Tổ 2\n"
        "Số điện thoại liên hệ: 0226 3852 123\n"
        "Ủy ban nhân dân phường Lê Hồng Phong trân trọng thông báo./.\n"
    )


def test_several_evenings_in_date_order_and_default_place(communes):
    s = pd.DataFrame(
        {
            "date": ["2023-06-11", "2023-06-03", "2023-06-03", "2023-06-05"],
            "team": ["Tổ 2", "Tổ 1", "Tổ 1", "Tổ 1"],
            "code": ["13540"] * 4,
            "window_start": ["16:00", "16:15", "18:30", None],
            "window_end": ["19:30", "19:15", "21:30", None],
        }
    )
    text = announcement_text(s, communes, "13540")
    lines = text.splitlines()
    assert lines[2:7] == [
        "- Thứ Bảy, 03/06/2023: 16:15-19:15",
        "- Thứ Bảy, 03/06/2023: 18:30-21:30",
        "- Thứ Hai, 05/06/2023: giờ sẽ thông báo sau",
        "- Chủ Nhật, 11/06/2023: 16:00-19:30",
        "Địa điểm: Trụ sở UBND xã An Nội",
    ]
    assert lines[-3:] == [
        "Liên hệ tổ: Tổ 1",
        "Liên hệ tổ: Tổ 2",
        "Ủy ban nhân dân xã An Nội trân trọng thông báo./.",
    ]  # no hotline given: no line for it
    assert "Số điện thoại" not in text


def test_announcement_in_english(schedule, communes):
    with language("en"):
        text = announcement_text(
            schedule, communes, "13540", hotline="0226 3852 123", team_contacts={"Tổ 1": "0912"}
        )
    lines = text.splitlines()
    assert lines[0] == "NOTICE OF THE MOBILE TEAM'S VISIT"
    assert lines[2:4] == [
        "- Friday, 02/06/2023: 16:15-19:15",
        "Meeting point: People's Committee office of An Nội Commune",
    ]
    assert "Mobile team contact: Tổ 1 – 0912" in lines
    assert "Contact phone number: 0226 3852 123" in lines
    assert "Thứ" not in text and "Liên hệ" not in text


@pytest.mark.parametrize(
    ("team", "contact"),
    [
        ("**Tổ 1**", "<b>0912</b>"),
        ('=HYPERLINK("http://x")', "[Zalo](http://x)"),
        ("Tổ 1\nTổ 2", "0912\n345"),
    ],
)
def test_user_text_is_written_as_typed_on_one_line(team, contact):
    """Plain text: no markup is added nor interpreted; a typed line break stays inside one line."""
    s = pd.DataFrame({"date": ["2023-06-02"], "team": [team], "code": ["1"], "name": ["X"]})
    text = announcement_text(s, None, "1", team_contacts={team: contact})
    flat_team, flat_contact = " ".join(team.split()), " ".join(contact.split())
    assert f"Liên hệ tổ: {flat_team} – {flat_contact}\n" in text


def test_unknown_commune_raises(schedule, communes):
    with pytest.raises(ValueError, match="Không có xã"):
        announcement_text(schedule, communes, "99999")
