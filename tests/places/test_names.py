"""Tests of geo.places.names: normalisation and commune matching, on the hand-made ``communes``."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.i18n import language
from geo.places.names import (
    CommuneMatcher,
    district_short_name,
    fold,
    normalize_district,
    normalize_name,
    split_unit_prefix,
    tone_key,
)


@pytest.fixture
def matcher(communes: pd.DataFrame) -> CommuneMatcher:
    return CommuneMatcher(communes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lê Hồng Phong", "le hong phong"),
        ("  ĐỒNG   Hóa ", "dong hoa"),
        ("Thanh Hải", "thanh hai"),
        ("Vĩnh\u00a0Trụ", "vinh tru"),
        ("Hoa\u0300", "hoa"),  # combining grave (Windows-1258 style)
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P. Lê Hồng Phong", ("phường", "Lê Hồng Phong")),
        ("P.Lê Hồng Phong", ("phường", "Lê Hồng Phong")),
        ("phường  Lê Hồng Phong", ("phường", "Lê Hồng Phong")),
        ("Phuong Le Hong Phong", ("phường", "Le Hong Phong")),
        ("X. An Nội", ("xã", "An Nội")),
        ("xã An Nội", ("xã", "An Nội")),
        ("XA An Noi", ("xã", "An Noi")),
        ("TT Vĩnh Trụ", ("thị trấn", "Vĩnh Trụ")),
        ("TT.Vĩnh Trụ", ("thị trấn", "Vĩnh Trụ")),
        ("Thị trấn Vĩnh Trụ", ("thị trấn", "Vĩnh Trụ")),
        ("thi tran Vinh Tru", ("thị trấn", "Vinh Tru")),
        ("Phương Đình", (None, "Phương Đình")),  # a name, not "phường Đình"
        ("Xuân Khê", (None, "Xuân Khê")),
        ("Phường", (None, "Phường")),  # nothing after the prefix
    ],
)
def test_split_unit_prefix(text: str, expected: tuple[str | None, str]) -> None:
    assert split_unit_prefix(text) == expected


def test_normalize_name_and_district() -> None:
    assert normalize_name("TT. Vĩnh Trụ") == "vinh tru"
    assert normalize_name("  P.  Lê   Hồng Phong") == "le hong phong"
    assert normalize_district("TP. Phủ Lý") == "phu ly"
    assert normalize_district("Thị xã Duy Tiên") == "duy tien"
    assert normalize_district("H. Bình Lục") == "binh luc"
    assert district_short_name("Huyện Thanh Liêm") == "Thanh Liêm"
    assert district_short_name("Thành phố Phủ Lý") == "Phủ Lý"


def test_tone_key_ignores_tone_position_only() -> None:
    assert tone_key("Đồng Hóa") == tone_key("đồng hoá")
    assert tone_key("Thủy") == tone_key("Thuỷ")
    assert tone_key("Thanh Hà") != tone_key("Thanh Hạ")
    assert tone_key("Thanh Hà") != tone_key("Thanh Ha")


@pytest.mark.parametrize(
    ("value", "district", "code", "status"),
    [
        ("13291", "", "13291", "code"),
        ("13291.0", "", "13291", "code"),  # a code read from an Excel number cell
        ("Lê Hồng Phong", "", "13291", "exact"),
        ("Phường Lê Hồng Phong", "", "13291", "exact"),
        ("P. LÊ HỒNG PHONG", "", "13291", "exact"),
        ("le hong  phong", "", "13291", "folded"),
        ("Le Hong Phongg", "", "13291", "fuzzy"),
        ("An Nội", "", "13540", "exact"),
        ("X. An Noi", "", "13540", "folded"),
        ("TT Vĩnh Trụ", "", "90005", "exact"),
        ("Đồng Hoá", "", "90006", "exact"),  # new-style tone placement
        ("Dong Hoa", "", "90006", "folded"),
        ("Thanh Hà", "", "90001", "exact"),
        ("Thanh Hai", "", "90002", "folded"),
        ("Thanh Sơn", "Kim Bảng", "90003", "exact"),
        ("Thanh Sơn", "Huyện Thanh Liêm", "90004", "exact"),
        ("thanh son", "351", "90004", "folded"),
        ("Thanh Sơn (Kim Bảng)", "", "90003", "exact"),
        ("Lê Hồng Phong", "TP. Phủ Lý", "13291", "exact"),
    ],
)
def test_match_found(
    matcher: CommuneMatcher, value: str, district: str, code: str, status: str
) -> None:
    found = matcher.match(value, district)
    assert (found.code, found.status, found.message) == (code, status, "")
    assert found.ok


@pytest.mark.parametrize(
    ("value", "district", "status", "candidates", "message", "on_district"),
    [
        (
            "Thanh Haa",
            "",
            "ambiguous",
            ("90001", "90002"),
            "không tìm thấy «Thanh Haa». Gần giống: Thanh Hà (Thanh Liêm), Thanh Hải "
            "(Thanh Liêm) — ghi rõ tên hoặc mã xã",
            False,
        ),
        (
            "Thanh Sơn",
            "",
            "ambiguous",
            ("90003", "90004"),
            "«Thanh Sơn» trùng tên ở nhiều nơi: Thanh Sơn (Kim Bảng) – mã 90003, Thanh Sơn "
            "(Thanh Liêm) – mã 90004 — thêm cột «Huyện» hoặc ghi mã xã",
            False,
        ),
        (
            "Lê Hồng Phong",
            "Bình Lục",
            "district_mismatch",
            ("13291",),
            "«Lê Hồng Phong» là Lê Hồng Phong (Phủ Lý), không thuộc «Bình Lục» — kiểm tra lại "
            "huyện hoặc ghi mã xã",
            True,
        ),
        (
            "Thanh Sơn",
            "Lý Nhân",
            "district_mismatch",
            ("90003", "90004"),
            "không có «Thanh Sơn» ở «Lý Nhân». Có: Thanh Sơn (Kim Bảng), Thanh Sơn (Thanh Liêm) "
            "— kiểm tra lại huyện hoặc ghi mã xã",
            True,
        ),
        (
            "An Nội",
            "Hà Đông",
            "unknown_district",
            (),
            "không có huyện «Hà Đông» trong danh mục. Các huyện: Bình Lục, Kim Bảng, Lý Nhân, "
            "Phủ Lý, Thanh Liêm",
            True,
        ),
        (
            "99999",
            "",
            "unknown_code",
            (),
            "không có mã xã «99999» trong danh mục — mã xã gồm 5 chữ số (ví dụ 13291)",
            False,
        ),
        (
            "Hoàn Kiếm",
            "",
            "not_found",
            (),
            "không tìm thấy «Hoàn Kiếm» trong danh mục xã/phường — ghi rõ tên hoặc mã xã",
            False,
        ),
        ("", "", "empty", (), "để trống — cần tên hoặc mã xã", False),
    ],
)
def test_match_rejected(
    matcher: CommuneMatcher,
    value: str,
    district: str,
    status: str,
    candidates: tuple[str, ...],
    message: str,
    on_district: bool,
) -> None:
    found = matcher.match(value, district)
    assert found.code is None and not found.ok
    assert (found.status, found.candidates, found.message, found.on_district) == (
        status,
        candidates,
        message,
        on_district,
    )


def test_fuzzy_is_restricted_to_the_district(matcher: CommuneMatcher) -> None:
    # Both close candidates lie in Thanh Liêm, so naming the district does not help.
    assert matcher.match("Thanh Haa", "Thanh Liêm").status == "ambiguous"
    # Within Kim Bảng only "Đồng Hóa" is close to the typo; "Thanh Sơn" (Kim Bảng) is far.
    assert matcher.match("Dong Hao", "Kim Bảng").code == "90006"
    # Outside its district the same typo finds nothing to suggest.
    assert matcher.match("Dong Hao", "Lý Nhân").status == "not_found"


def test_match_is_cached(matcher: CommuneMatcher) -> None:
    first = matcher.match("thanh ha", "")
    assert matcher.match("thanh ha", "") is first


def test_registry_without_districts() -> None:
    reg = pd.DataFrame(
        {
            "code": ["10001", "10002"],
            "name": ["Phủ Lý", "Thanh Liêm"],
            "type": ["phường", "xã"],
            "district_code": [None, None],
            "district_name": [None, None],
        }
    )
    m = CommuneMatcher(reg)
    assert m.match("P. Phủ Lý").code == "10001"
    assert m.label("10002") == "Thanh Liêm"
    # no district in the registry: a district given by the user cannot be checked, so it is ignored
    assert m.match("Thanh Liêm", "Huyện Thanh Liêm").code == "10002"


def test_one_matcher_answers_in_the_language_in_use(matcher: CommuneMatcher) -> None:
    vietnamese = matcher.match("Hoàn Kiếm", "Phủ Lý").message
    with language("en"):
        english = matcher.match("Hoàn Kiếm", "Phủ Lý").message
        district = matcher.match("Lê Hồng Phong", "Bình Lục").message
    assert vietnamese == (
        "không tìm thấy «Hoàn Kiếm» ở «Phủ Lý» trong danh mục xã/phường — ghi rõ tên hoặc mã xã"
    )
    assert (
        english
        == "unknown commune «Hoàn Kiếm» in «Phủ Lý» — write the full name or the commune code"
    )
    assert district == (
        "«Lê Hồng Phong» is Lê Hồng Phong (Phủ Lý), not in «Bình Lục» — check the district or "
        "give the commune code"
    )
    assert matcher.match("Hoàn Kiếm", "Phủ Lý").message == vietnamese  # the cache keeps both
