"""The evening report as a visit file (geo.ingest.report): bytes, reasons by entry, totals."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from geo.ingest import read_visits
from geo.ingest.report import (
    Evening,
    check_report,
    evening_totals,
    field_reason,
    report_csv,
)
from geo.places.registry import communes

TODAY = date(2024, 6, 30)
EVENING = Evening(date(2023, 3, 14), "Tổ 1", "13291", "18:00", "21:30")
GOOD = {
    "place_type": "household",
    "place_name": "Tổ dân phố số 3",
    "households": 25,
    "people_guided": 40,
    "registered": 18,
    "activated": 15,
    "services_used": 6,
}
HEADER = (
    "Ngày,Tổ lưu động,Mã xã,Xã/phường,Huyện,Loại địa điểm,Tên địa điểm,Giờ bắt đầu,"
    "Giờ kết thúc,Số hộ đã đến,Số người được hướng dẫn,Số tài khoản đăng ký,"
    "Số tài khoản kích hoạt,Lượt dùng dịch vụ công trực tuyến,Vĩ độ,Kinh độ,Ghi chú"
)


@pytest.fixture(scope="module")
def registry():
    return communes("approximate")


def _check(entries, registry, evening=EVENING):
    return check_report(evening, entries, registry, today=TODAY)


def test_the_csv_has_the_template_headers_and_one_line_per_place():
    entries = [
        GOOD,
        {"place_type": "agency", "place_name": 'UBND "xã"', "lat": 20.54, "lon": 105.9},
    ]
    text = report_csv(EVENING, entries).decode("utf-8")
    assert text.splitlines() == [
        HEADER,
        "14/03/2023,Tổ 1,13291,,,hộ gia đình,Tổ dân phố số 3,18:00,21:30,25,40,18,15,6,,,",
        '14/03/2023,Tổ 1,13291,,,cơ quan,"UBND ""xã""",18:00,21:30,,,,,,20.54,105.9,',
    ]
    assert report_csv(EVENING, entries) == report_csv(EVENING, entries)  # same bytes, same sha


def test_a_good_report_is_accepted_as_an_upload_of_the_same_bytes(registry):
    check = _check([GOOD], registry)
    assert check.ok and not check.flags
    assert check.result.rows_ok == 1
    assert check.result.sha256 == hashlib.sha256(check.raw).hexdigest()
    row = check.result.accepted.iloc[0]
    assert (row["team"], row["code"], row["place_type"], int(row["activated"])) == (
        "Tổ 1",
        "13291",
        "household",
        15,
    )
    same = read_visits(check.raw, "x.csv", registry, today=TODAY)
    assert same.accepted.drop(columns="source_row").equals(
        check.result.accepted.drop(columns="source_row")
    )


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"households": "-5"}, "households", "số âm («-5») — số lượng không được âm."),
        (
            {"place_type": "chợ"},
            "place_type",
            "không rõ loại địa điểm «chợ» — chọn một trong: hộ gia đình, cơ quan, doanh nghiệp, "
            "trường học, khác.",
        ),
        (
            {"registered": 12, "activated": 30},
            "activated",
            "số kích hoạt (30) lớn hơn số đăng ký (12) — số tài khoản kích hoạt không được vượt "
            "số tài khoản đăng ký.",
        ),
    ],
)
def test_a_refused_value_is_reported_next_to_its_entry_and_field(registry, change, field, reason):
    entries = [GOOD, {**GOOD, "place_name": "Thôn B", **change}]
    check = _check(entries, registry)
    assert not check.ok
    assert check.errors == {1: {field: [reason]}}
    assert check.result.rows_ok == 1 and check.result.rows_rejected == 1


def test_activated_over_guided_is_a_flag_not_a_refusal(registry):
    entries = [{**GOOD, "people_guided": 10, "registered": 12, "activated": 12}]
    check = _check(entries, registry)
    assert check.ok and not check.errors
    assert check.flags == {
        0: {
            "activated": [
                "số kích hoạt (12) lớn hơn số người được hướng dẫn (10) — kiểm tra lại; "
                "nếu đúng, xác nhận khi nhập."
            ]
        }
    }


def test_an_evening_reason_is_given_once_not_per_place(registry):
    future = Evening(date(2024, 7, 2), "Tổ 1", "13291", "18:00", "21:30")
    check = _check([GOOD, {**GOOD, "place_name": "Thôn B"}], registry, future)
    assert list(check.evening_errors) == ["date"] and len(check.evening_errors["date"]) == 1
    assert check.errors == {} and not check.ok


def test_an_unknown_commune_is_an_evening_reason(registry):
    check = _check([GOOD], registry, Evening(date(2023, 3, 14), "Tổ 1", "99999"))
    assert list(check.evening_errors) == ["code"]


def test_no_place_is_a_file_error(registry):
    check = _check([], registry)
    assert not check.ok and check.file_errors


@pytest.mark.parametrize(
    ("reason", "shown"),
    [
        ("Dòng 12, cột «Số hộ đã đến»: số âm («-5»).", "số âm («-5»)."),
        ("Row 3, column «Households»: negative.", "negative."),
        ("Dòng 4: lặp lại dòng 3.", "lặp lại dòng 3."),
        ("giờ 18:30 sai", "giờ 18:30 sai"),
    ],
)
def test_field_reason_drops_the_line_prefix_only(reason, shown):
    assert field_reason(reason) == shown


def test_evening_totals_add_the_counts_by_hand():
    entries = [
        GOOD,  # 25, 40, 18, 15, 6
        {"households": 3, "people_guided": "7", "registered": None, "activated": 2},
        {"households": "x", "services_used": 4.0},
    ]
    assert evening_totals(entries) == {
        "places": 3,
        "households": 28,
        "people_guided": 47,
        "registered": 18,
        "activated": 17,
        "services_used": 10,
    }
