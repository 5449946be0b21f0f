"""geo.ingest.header: the header row found and its columns mapped (aliases, ignored, missing)."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.i18n import language
from geo.ingest import read_targets, read_visits
from geo.ingest.header import map_columns, sheet_keys
from geo.ingest.spec import SPECS, spec_for
from tests.ingest.helpers import (
    GOOD_A,
    GOOD_B,
    HEADER,
    TODAY,
    assert_file_error,
    csv_bytes,
    ok,
    xlsx_bytes,
)

EXTRA_ROWS = [[*HEADER, "Người nhập", ""], [*GOOD_A, "Lan", ""], [*GOOD_B, "Hùng", "x"]]


@pytest.mark.parametrize(
    ("raw", "name"),
    [(csv_bytes(EXTRA_ROWS), "a.csv"), (xlsx_bytes({"S": EXTRA_ROWS}), "a.xlsx")],
    ids=["csv", "xlsx"],
)
def test_extra_columns_are_ignored_with_a_note(
    communes: pd.DataFrame, raw: bytes, name: str
) -> None:
    result = read_visits(raw, name, communes, today=TODAY)
    ok(result, [2, 3], ["13291", "13540"])
    assert result.notes == [
        "Đã bỏ qua cột không dùng đến: «Người nhập».",
        "Đã bỏ qua cột không có tiêu đề: R.",
    ]


ENGLISH = ["date", "team", "commune", "district", "place type", "start time", "end",
           "accounts registered", "accounts activated", "latitude", "longitude",
           "note"]  # fmt: skip
UNACCENTED = ["Ngay", "To luu dong", "Xa/phuong", "Huyen", "Loai dia diem", "Gio bat dau",
              "Gio ket thuc", "So tai khoan dang ky", "So tai khoan kich hoat", "Vi do",
              "Kinh do", "Ghi chu"]  # fmt: skip
TITLED_DATA = [
    ["2023-03-14", "team 4", "phuong le hong phong", "TP Phu Ly", "household", "6:30 PM",
     "9 PM", "1.234", "1,200", "20.54", "105.91", "ok"],
    ["", "", "", "", "", "", "", "", "", "", "", ""],
    ["45000", "04", "Thanh Son", "Kim Bang", "Truong hoc", "16h", "19h30", "3", "3", "", "",
     ""],
]  # fmt: skip


@pytest.mark.parametrize("head", [ENGLISH, UNACCENTED], ids=["english", "unaccented"])
def test_english_and_unaccented_headers_title_row_and_blank_rows(
    communes: pd.DataFrame, head: list[str]
) -> None:
    rows = [["DANH SÁCH LƯỢT LÀM VIỆC"], [], head, *TITLED_DATA]
    result = read_visits(csv_bytes(rows), "a.csv", communes, today=TODAY)
    ok(result, [4, 6], ["13291", "90003"])
    acc = result.accepted
    assert acc["date"].tolist() == [pd.Timestamp("2023-03-14"), pd.Timestamp("2023-03-15")]
    assert acc["team"].tolist() == ["Tổ 4", "Tổ 4"]
    assert acc["start"].tolist() == ["18:30", "16:00"]
    assert acc["end"].tolist() == ["21:00", "19:30"]
    assert acc["registered"].tolist() == [1234, 3]
    assert acc["activated"].tolist() == [1200, 3]
    assert acc["place_type"].tolist() == ["household", "school"]


def test_targets_file_without_numbers_column(communes: pd.DataFrame) -> None:
    raw = csv_bytes([["Xã/phường", "Ngày"], ["An Nội", "31/05/2023"]])
    result = read_targets(raw, "a.csv", communes, today=TODAY)
    assert result.file_errors == [
        "Không có cột số liệu nào: cần ít nhất một trong «Dân số», «Công dân đủ điều kiện», "
        "«Chỉ tiêu», «Đã kích hoạt»"
    ]


# (id, raw bytes, file name, the only file error expected)
FILE_CASES: list[tuple[str, bytes, str, str]] = [
    (
        "missing-required-column",
        csv_bytes([[h for h in HEADER if h != "Loại địa điểm"], GOOD_A[:4] + GOOD_A[5:]]),
        "a.csv",
        "Thiếu cột bắt buộc: «Loại địa điểm» (hoặc «place type») — chọn cột tương ứng trong mục "
        "«Ghép cột», hoặc dùng tệp mẫu",
    ),
    (
        "missing-commune-columns",
        csv_bytes([["Ngày", "Tổ", "Loại địa điểm"], ["14/03/2023", "Tổ 1", "khác"]]),
        "a.csv",
        "Thiếu cột bắt buộc: «Xã/phường» hoặc «Mã xã» — chọn cột tương ứng trong mục «Ghép cột», "
        "hoặc dùng tệp mẫu",
    ),
    (
        "two-date-columns",
        csv_bytes(
            [["Ngày", "Date", "Tổ", "Xã", "Loại"], ["14/03/2023", "", "1", "An Nội", "khác"]]
        ),
        "a.csv",
        "Hai cột «Ngày» và «Date» cùng là cột «Ngày» — chọn «Không nhập» cho một cột trong mục "
        "«Ghép cột»",
    ),
    (
        "no-header-row",
        csv_bytes([["a", "b"], ["1", "2"]]),
        "a.csv",
        "Không tìm thấy dòng tiêu đề — dòng đầu tiên phải có tên cột như «Ngày», «Tổ lưu động», "
        "«Loại địa điểm»; hãy dùng tệp mẫu",
    ),
]


@pytest.mark.parametrize(
    ("raw", "file_name", "message"), [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES]
)
def test_file_level_errors(
    communes: pd.DataFrame, raw: bytes, file_name: str, message: str
) -> None:
    assert_file_error(communes, raw, file_name, message)


# ------------------------------------------------------------------------------ languages
#: The English template's headers (the catalog's translations of HEADER), written out by hand.
EN_HEADER = ["Date", "Mobile team", "Commune/ward", "District", "Place type", "Place name",
             "Start time", "End time", "Households visited", "People guided",
             "Accounts registered", "Accounts activated", "Online public service uses",
             "Latitude", "Longitude", "Note"]  # fmt: skip
EN_PLACE_TYPES = {"hộ gia đình": "household", "trường học": "school"}


def _rows(header: list[str], english_types: bool) -> list[list[str]]:
    rows = [list(GOOD_A), list(GOOD_B)]
    if english_types:
        for row in rows:
            row[4] = EN_PLACE_TYPES[row[4]]
    return [header, *rows]


@pytest.mark.parametrize("reading", ["vi", "en"])
@pytest.mark.parametrize(
    ("header", "english_types"),
    [(HEADER, False), (EN_HEADER, True), (EN_HEADER, False), (HEADER, True)],
    ids=["vi-file", "en-file", "en-headers-vi-types", "vi-headers-en-types"],
)
def test_headers_and_place_types_of_either_language_import_in_either_language(
    communes: pd.DataFrame, reading: str, header: list[str], english_types: bool
) -> None:
    raw = csv_bytes(_rows(header, english_types))
    with language(reading):
        result = read_visits(raw, "a.csv", communes, today=TODAY)
    ok(result, [2, 3], ["13291", "13540"])
    assert result.accepted["place_type"].tolist() == ["household", "school"]
    assert result.accepted["activated"].tolist() == [15, 55]
    assert result.accepted["note"].tolist() == [None, "Học sinh lớp 9"]
    assert result.notes == []


def test_english_notes_for_ignored_columns(communes: pd.DataFrame) -> None:
    with language("en"):
        result = read_visits(csv_bytes(EXTRA_ROWS), "a.csv", communes, today=TODAY)
    ok(result, [2, 3], ["13291", "13540"])
    assert result.notes == [
        "Unused columns ignored: «Người nhập».",
        "Columns without a header ignored: R.",
    ]


# (id, raw bytes, the only file error expected in English)
EN_FILE_CASES: list[tuple[str, bytes, str]] = [
    (
        "missing-required-column",
        FILE_CASES[0][1],
        "Missing required column: «Place type» (or «Loại địa điểm») — choose the matching column "
        "under «Column mapping», or use the template",
    ),
    (
        "missing-required-column-english-file",
        csv_bytes([[h for h in EN_HEADER if h != "Date"], GOOD_A[1:]]),
        "Missing required column: «Date» (or «Ngày») — choose the matching column under «Column "
        "mapping», or use the template",
    ),
    (
        "missing-commune-columns",
        FILE_CASES[1][1],
        "Missing required column: «Commune/ward» or «Commune code» — choose the matching column "
        "under «Column mapping», or use the template",
    ),
    (
        "two-date-columns",
        FILE_CASES[2][1],
        "Columns «Ngày» and «Date» are both the column «Date» — choose «Do not "
        "import» for one of them under «Column mapping»",
    ),
    (
        "no-header-row",
        FILE_CASES[3][1],
        "No header row found — the first row must name columns such as «Date», «Mobile team», "
        "«Place type»; use the template",
    ),
]


@pytest.mark.parametrize(
    ("raw", "message"), [c[1:] for c in EN_FILE_CASES], ids=[c[0] for c in EN_FILE_CASES]
)
def test_file_level_errors_in_english(communes: pd.DataFrame, raw: bytes, message: str) -> None:
    with language("en"):
        assert_file_error(communes, raw, "a.csv", message)


def test_targets_file_without_numbers_column_in_english(communes: pd.DataFrame) -> None:
    raw = csv_bytes([["Commune code", "As of"], ["13291", "31/05/2023"]])
    with language("en"):
        result = read_targets(raw, "t.csv", communes, today=TODAY)
    assert result.file_errors == [
        "No figures column: at least one of «Population», «Eligible citizens», «Quota», "
        "«Activated» is required"
    ]


def test_the_english_template_headers_are_all_accepted() -> None:
    with language("en"):
        labels = {kind: [f.label() for f in spec_for(kind).fields] for kind in SPECS}
    assert labels["visits"] == [*EN_HEADER[:2], "Commune code", *EN_HEADER[2:]]
    assert labels["targets"] == ["Commune code", "Commune/ward", "District", "As of",
                                 "Population", "Eligible citizens", "Quota",
                                 "Activated"]  # fmt: skip
    for kind, spec in SPECS.items():
        notes: list[str] = []
        columns = map_columns(labels[kind], spec, notes)
        assert list(columns) == [f.key for f in spec.fields] and notes == []
    assert sheet_keys("visits") == {"luot lam viec", "visits"}
    assert sheet_keys("targets") == {"chi tieu", "quota"}
