"""Tests of geo.outputs.notices.meeting_points: the communes of a schedule, where teams meet."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.i18n import language
from geo.outputs.notices import default_meeting_point, meeting_point_table, unit_name


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
    "kind, name, style, expected",
    [
        ("xã", "An Nội", "ubnd", "People's Committee office of An Nội Commune"),
        ("phường", "Lê Hồng Phong", "ubnd", "People's Committee office of Lê Hồng Phong Ward"),
        ("thị trấn", "Vĩnh Trụ", "ubnd", "People's Committee office of Vĩnh Trụ Township"),
        (None, "Mẫu Một", "ubnd", "People's Committee office of Mẫu Một Commune"),
        ("xã", "An Nội", "nha_van_hoa", "Village/residential group cultural house"),
    ],
)
def test_default_meeting_point_in_english(kind, name, style, expected):
    with language("en"):
        assert default_meeting_point(kind, name, style) == expected


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("vi", ["phường Lê Hồng Phong", "xã An Nội", "thị trấn Vĩnh Trụ", "khu X"]),
        ("en", ["Lê Hồng Phong Ward", "An Nội Commune", "Vĩnh Trụ Township", "khu X"]),
    ],
)
def test_unit_name(lang, expected):
    with language(lang):
        got = [
            unit_name("phường", "Lê Hồng Phong"),
            unit_name("xã", "An Nội"),
            unit_name("Thị trấn", "Vĩnh Trụ"),
            unit_name("khu", "X"),  # an unknown type is data: written as it is
        ]
    assert got == expected
