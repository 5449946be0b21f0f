"""geo.ingest.templates: the templates read back, their example visit is refused, they follow
the registry."""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
import pandas as pd
import pytest

from geo.i18n import language
from geo.ingest import IngestResult, read_targets, read_visits, template_xlsx
from tests.ingest.helpers import TODAY, ok

EXAMPLE_REFUSED = {
    "vi": "Dòng 2: đây là dòng ví dụ của tệp mẫu — xóa dòng này hoặc thay bằng số liệu thật.",
    "en": "Row 2: this is the template's example row — delete it or replace it with real figures.",
}


def filled_in(raw: bytes) -> bytes:
    """The template as a clerk fills it: the example visit's note replaced (targets: as is)."""
    book = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for name in ("Ghi chú", "Note"):
        if name in header:
            sheet.cell(row=2, column=header.index(name) + 1, value="đã làm xong")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_unchanged_template_example_visit_is_refused(communes: pd.DataFrame, lang: str) -> None:
    with language(lang):
        result = read_visits(template_xlsx("visits"), "mau.xlsx", communes, today=TODAY)
    assert result.rows_ok == 0
    assert result.rejected["reason"].tolist() == [EXAMPLE_REFUSED[lang]]


@pytest.mark.parametrize(("kind", "reader"), [("visits", read_visits), ("targets", read_targets)])
def test_template_round_trip(
    communes: pd.DataFrame, kind: str, reader: Callable[..., IngestResult]
) -> None:
    raw = template_xlsx(kind)
    result = reader(filled_in(raw), f"mau-{kind}.xlsx", communes, today=TODAY)
    ok(result, [2], ["13291"])
    book = openpyxl.load_workbook(io.BytesIO(raw))
    assert book.sheetnames == [{"visits": "Lượt làm việc", "targets": "Chỉ tiêu"}[kind],
                               "Hướng dẫn"]  # fmt: skip
    header = [c.value for c in book.worksheets[0][1]]
    if kind == "visits":
        assert header[:6] == ["Ngày", "Tổ lưu động", "Mã xã", "Xã/phường", "Huyện",
                              "Loại địa điểm"]  # fmt: skip
        row = result.accepted.iloc[0]
        assert (row["team"], row["place_type"], row["start"], row["end"]) == (
            "Tổ 1", "household", "18:00", "21:30",
        )  # fmt: skip
        assert (row["registered"], row["activated"]) == (18, 15)
    else:
        assert header == ["Mã xã", "Xã/phường", "Huyện", "Tính đến ngày", "Dân số",
                          "Công dân đủ điều kiện", "Chỉ tiêu", "Đã kích hoạt"]  # fmt: skip
        assert result.accepted.iloc[0]["eligible"] == 15800


def test_template_example_follows_the_registry(communes: pd.DataFrame) -> None:
    registry = communes.iloc[[6, 0]].reset_index(drop=True)  # Vĩnh Trụ first
    raw = template_xlsx("visits", registry)
    result = read_visits(filled_in(raw), "mau.xlsx", communes, today=TODAY)
    ok(result, [2], ["90005"])
    assert result.accepted.iloc[0][["lat", "lon"]].tolist() == [20.558, 106.027]


def test_template_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="teams"):
        template_xlsx("teams")


EN_VISIT_HEADER = ["Date", "Mobile team", "Commune code", "Commune/ward", "District",
                   "Place type", "Place name", "Start time", "End time", "Households visited",
                   "People guided", "Accounts registered", "Accounts activated",
                   "Online public service uses", "Latitude", "Longitude", "Note"]  # fmt: skip
EN_TARGET_HEADER = ["Commune code", "Commune/ward", "District", "As of", "Population",
                    "Eligible citizens", "Quota", "Activated"]  # fmt: skip


def test_english_template_headers_sheets_and_instructions() -> None:
    with language("en"):
        raw = template_xlsx("visits")
    book = openpyxl.load_workbook(io.BytesIO(raw))
    assert book.sheetnames == ["Visits", "Instructions"]
    data, guide = book.worksheets
    assert [c.value for c in data[1]] == EN_VISIT_HEADER
    row = [c.value for c in data[2]]
    assert (row[1], row[5], row[16]) == (
        "Tổ 1", "household", "Example row — replace it with real figures",
    )  # fmt: skip
    assert data.data_validations.dataValidation[0].formula1 == (
        '"household,agency,business,school,other"'
    )
    lines = list(guide.iter_rows(values_only=True))
    assert lines[0] == ("Column", "Required", "How to write it")
    assert lines[1] == ("Date", "yes", "dd/mm/yyyy")
    assert lines[3][:2] == ("Commune code", "one of the two")
    assert lines[6] == ("Place type", "yes", "household / agency / business / school / other")
    assert lines[7] == ("Place name", None, "optional, at most 200 characters")
    assert lines[15] == ("Latitude", None, "optional; 20.3 – 20.75")
    assert lines[17] == ("Note", None, "optional, at most 2,000 characters")
    assert lines[-2:] == [
        ("Row 1 is the header; each following row is one visit.", None, None),
        ("No formulas; dates as dd/mm/yyyy; times as 18:30.", None, None),
    ]


def test_vietnamese_instructions_keep_the_vietnamese_formats() -> None:
    guide = openpyxl.load_workbook(io.BytesIO(template_xlsx("visits")))["Hướng dẫn"]
    lines = list(guide.iter_rows(values_only=True))
    assert lines[0] == ("Cột", "Bắt buộc", "Cách ghi")
    assert lines[6] == ("Loại địa điểm", "có",
                        "hộ gia đình / cơ quan / doanh nghiệp / trường học / khác")  # fmt: skip
    assert lines[15] == ("Vĩ độ", None, "không bắt buộc; 20,3 – 20,75")
    assert lines[17] == ("Ghi chú", None, "không bắt buộc, tối đa 2.000 ký tự")
    assert lines[-2][0] == "Dòng 1 là tiêu đề; mỗi dòng sau là một lượt làm việc."


def test_the_lang_argument_overrides_the_language_in_use() -> None:
    with language("vi"):
        english = openpyxl.load_workbook(io.BytesIO(template_xlsx("targets", lang="en")))
    with language("en"):
        vietnamese = openpyxl.load_workbook(io.BytesIO(template_xlsx("targets", lang="vi")))
    assert english.sheetnames == ["Quota", "Instructions"]
    assert [c.value for c in english.worksheets[0][1]] == EN_TARGET_HEADER
    assert vietnamese.sheetnames == ["Chỉ tiêu", "Hướng dẫn"]


@pytest.mark.parametrize("reading", ["vi", "en"])
@pytest.mark.parametrize(("kind", "reader"), [("visits", read_visits), ("targets", read_targets)])
def test_english_template_imports_the_same_rows_as_the_vietnamese_one(
    communes: pd.DataFrame, reading: str, kind: str, reader: Callable[..., IngestResult]
) -> None:
    vietnamese = reader(
        filled_in(template_xlsx(kind, lang="vi")), "mau.xlsx", communes, today=TODAY
    )
    with language(reading):
        english = reader(
            filled_in(template_xlsx(kind, lang="en")), "template.xlsx", communes, today=TODAY
        )
    ok(english, [2], ["13291"])
    sheet = {"visits": "Visits", "targets": "Quota"}[kind]
    assert english.notes == [
        {
            "vi": f"Tệp có 2 trang tính; đã đọc trang «{sheet}».",
            "en": f"The file has 2 sheets; sheet «{sheet}» was read.",
        }[reading]
    ]
    columns = list(english.accepted)
    pd.testing.assert_frame_equal(english.accepted[columns], vietnamese.accepted[columns])
