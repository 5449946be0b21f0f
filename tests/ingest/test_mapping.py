"""Column mapping, unknown coded values and rows to confirm, as the readers report them."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.i18n import language
from geo.ingest import IngestResult, read_visits
from geo.ingest.header import layout_key
from tests.ingest.helpers import COL, GOOD_A, GOOD_B, HEADER, TODAY, csv_bytes, xlsx_bytes

# A team leader's own header: the place type under a name nobody could guess.
OWN_HEADER = [("Cột F" if h == "Loại địa điểm" else h) for h in HEADER]


@pytest.fixture(autouse=True)
def _registry(communes: pd.DataFrame) -> None:
    REGISTRY[:] = [communes]


REGISTRY: list[pd.DataFrame] = []


def read(raw: bytes, name: str = "to1.csv", **choices) -> IngestResult:
    return read_visits(raw, name, REGISTRY[0], today=TODAY, **choices)


def test_an_unrecognised_required_column_asks_for_a_mapping() -> None:
    result = read(csv_bytes([OWN_HEADER, GOOD_A, GOOD_B]))
    assert result.mapping_needed
    assert result.file_errors == [
        "Thiếu cột bắt buộc: «Loại địa điểm» (hoặc «place type») — chọn cột tương ứng trong mục "
        "«Ghép cột», hoặc dùng tệp mẫu"
    ]
    assert result.rows_ok == 0
    assert result.header == tuple(OWN_HEADER)
    assert result.columns["date"] == "Ngày" and "place_type" not in result.columns
    assert result.unmapped == ("Cột F",)


def test_the_clerks_mapping_imports_every_row() -> None:
    result = read(csv_bytes([OWN_HEADER, GOOD_A, GOOD_B]), mapping={"Cột F": "place_type"})
    assert not result.mapping_needed and result.file_errors == []
    assert result.accepted["place_type"].tolist() == ["household", "school"]
    assert result.columns["place_type"] == "Cột F"
    assert result.unmapped == ()


def test_a_mapping_can_leave_a_column_out() -> None:
    result = read(csv_bytes([HEADER, GOOD_A]), mapping={"Tên địa điểm": ""})
    assert result.accepted["place_name"].tolist() == [None]
    assert result.unmapped == ("Tên địa điểm",)


def test_a_mapping_can_move_a_field_to_another_column() -> None:
    mapping = {"Tên địa điểm": "team", "Tổ lưu động": ""}
    result = read(csv_bytes([HEADER, GOOD_A]), mapping=mapping)
    assert result.accepted["team"].tolist() == ["Tổ dân phố 3"]
    assert result.accepted["place_name"].tolist() == [None]


def test_leaving_out_a_required_column_asks_for_it() -> None:
    result = read(csv_bytes([HEADER, GOOD_A]), mapping={"Ngày": ""})
    assert result.mapping_needed and "date" not in result.columns
    assert "Ngày" in result.unmapped


def test_two_columns_for_one_field_are_resolved_by_leaving_one_out() -> None:
    header = [*HEADER, "Date"]
    rows = [header, [*GOOD_A, "15/03/2023"]]
    first = read(csv_bytes(rows))
    assert first.mapping_needed
    assert first.file_errors == [
        "Hai cột «Ngày» và «Date» cùng là cột «Ngày» — chọn «Không nhập» cho một cột trong mục "
        "«Ghép cột»"
    ]
    fixed = read(csv_bytes(rows), mapping={"Date": ""})
    assert fixed.rows_ok == 1 and fixed.unmapped == ("Date",)
    assert fixed.accepted["date"].tolist() == [pd.Timestamp("2023-03-14")]


def test_unmapped_and_unnamed_columns_are_named() -> None:
    header = [*HEADER, "Người nhập", ""]
    result = read(csv_bytes([header, [*GOOD_A, "Hoa", "x"]]))
    assert result.rows_ok == 1
    assert result.unmapped == ("Người nhập", "R")


def test_the_layout_is_the_same_in_csv_and_xlsx_and_differs_with_the_headers() -> None:
    csv_layout = read(csv_bytes([HEADER, GOOD_A])).layout
    xlsx_layout = read(xlsx_bytes({"Lượt làm việc": [HEADER, GOOD_A]}), "to1.xlsx").layout
    assert csv_layout == xlsx_layout == layout_key("visits", HEADER)
    assert read(csv_bytes([OWN_HEADER, GOOD_A])).layout != csv_layout


def test_an_unknown_place_type_is_asked_once_and_the_answer_applies_to_every_row() -> None:
    market = list(GOOD_A)
    market[COL["Loại địa điểm"]] = "Chợ"
    other = list(GOOD_B)
    other[COL["Loại địa điểm"]] = "chợ"
    raw = csv_bytes([HEADER, market, other])
    asked = read(raw)
    assert asked.unknown_values == {"place_type": ("Chợ",)}
    assert asked.rows_ok == 0 and asked.rows_rejected == 2
    answered = read(raw, values={"place_type": {"cho": "business"}})
    assert answered.unknown_values == {}
    assert answered.accepted["place_type"].tolist() == ["business", "business"]


def test_an_answer_that_is_not_a_place_type_is_ignored() -> None:
    market = list(GOOD_A)
    market[COL["Loại địa điểm"]] = "chợ"
    result = read(csv_bytes([HEADER, market]), values={"place_type": {"cho": "market"}})
    assert result.rows_ok == 0


def test_an_implausible_row_is_flagged_and_left_out_unless_confirmed() -> None:
    odd = list(GOOD_B)
    odd[COL["Số người được hướng dẫn"]] = "2"  # 55 activated out of 2 people guided
    result = read(csv_bytes([HEADER, GOOD_A, odd]))
    assert result.rows_ok == 2 and result.rows_flagged == 1
    flag = result.flagged.iloc[0]
    assert (flag["source_row"], flag["column"], flag["check"]) == (
        3,
        "Số tài khoản kích hoạt",
        "activated_over_guided",
    )
    assert flag["reason"] == (
        "Dòng 3, cột «Số tài khoản kích hoạt»: số kích hoạt (55) lớn hơn số người được hướng "
        "dẫn (2) — kiểm tra lại; nếu đúng, xác nhận khi nhập."
    )
    kept = result.without_flagged()
    assert kept.accepted["source_row"].tolist() == [2]
    assert kept.rejected["reason"].tolist() == [
        flag["reason"] + " (chưa được xác nhận nên chưa nhập)"
    ]


def test_flag_reasons_follow_the_language() -> None:
    odd = list(GOOD_B)
    odd[COL["Số người được hướng dẫn"]] = "2"
    with language("en"):
        result = read(csv_bytes([HEADER, odd]))
    assert (
        result.flagged["reason"].tolist()[0].startswith("Row 2, column «Số tài khoản kích hoạt»:")
    )
