"""Tests of geo.outputs.notices.meeting_points: the communes of a schedule, where teams meet."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.outputs.notices import default_meeting_point, meeting_point_table


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
