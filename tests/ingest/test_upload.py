"""geo.ingest.upload: the reader of the kind chosen, and the Excel of the rejected rows."""

from __future__ import annotations

import hashlib
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from geo.i18n import _, language
from geo.ingest import VISIT_COLUMNS, IngestResult, read_upload, rejected_xlsx
from geo.ingest.upload import (
    DATE_HEADERS,
    TEMPLATE_FILE_NAMES,
    date_headers,
    kind_label,
    preview_table,
    rejected_file_name,
    rejected_table,
)
from tests.ingest.helpers import csv_bytes, with_bad


def _result(rejected: pd.DataFrame, file_errors: list[str] | None = None) -> IngestResult:
    return IngestResult(
        kind="visits",
        file_name="tệp.csv",
        sha256=hashlib.sha256(b"r").hexdigest(),
        encoding="utf-8",
        accepted=pd.DataFrame(columns=[*VISIT_COLUMNS, "source_row"]),
        rejected=rejected,
        file_errors=file_errors or [],
    )


def test_rejected_xlsx_lists_rows_and_reasons() -> None:
    rejected = pd.DataFrame(
        {
            "source_row": [3, 5],
            "column": ["code", "activated"],
            "value": ["99999", "12"],
            "reason": ["Không tìm thấy mã xã", "Số kích hoạt lớn hơn số đăng ký"],
        }
    )
    wb = load_workbook(io.BytesIO(rejected_xlsx(_result(rejected, ["Thiếu cột"]))))
    assert wb.sheetnames == ["Dòng bị từ chối", "Lỗi tệp"]
    rows = list(wb["Dòng bị từ chối"].iter_rows(values_only=True))
    assert rows == [
        ("Dòng", "Cột", "Giá trị", "Lý do"),
        (3, "code", "99999", "Không tìm thấy mã xã"),
        (5, "activated", "12", "Số kích hoạt lớn hơn số đăng ký"),
    ]
    assert [r[0] for r in wb["Lỗi tệp"].iter_rows(values_only=True)] == ["Lý do", "Thiếu cột"]


def test_rejected_xlsx_never_writes_a_formula() -> None:
    rejected = pd.DataFrame(
        {
            "source_row": [4],
            "column": ["Ghi chú"],
            "value": ["=cmd|' /C calc'!A0"],
            "reason": ["Ô chứa công thức"],
        }
    )
    ws = load_workbook(io.BytesIO(rejected_xlsx(_result(rejected))))["Dòng bị từ chối"]
    assert ws["C2"].value == "=cmd|' /C calc'!A0"
    assert ws["C2"].data_type == "s" and ws["C2"].quotePrefix


def test_read_upload_uses_the_reader_of_the_kind(communes: pd.DataFrame) -> None:
    raw = csv_bytes(with_bad({"Số tài khoản đăng ký": "-5"}))
    result = read_upload("visits", raw, "lượt.csv", communes)
    assert (result.kind, result.rows_ok, result.rows_rejected) == ("visits", 2, 1)
    wb = load_workbook(io.BytesIO(rejected_xlsx(result)))
    assert wb.sheetnames == ["Dòng bị từ chối"]
    assert [r[:2] for r in wb.active.iter_rows(min_row=2, values_only=True)] == [
        (3, "Số tài khoản đăng ký")
    ]


def test_upload_of_unknown_kind_is_refused(communes: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="Loại"):
        read_upload("plans", b"x", "x.csv", communes)


def test_preview_table_puts_the_file_row_first_under_template_headers(communes) -> None:
    raw = csv_bytes(
        [
            ["Ngày", "Tổ lưu động", "Mã xã", "Loại địa điểm", "Số tài khoản kích hoạt"],
            ["13/02/2023", "Tổ 1", "13291", "hộ gia đình", "5"],
            ["14/02/2023", "Tổ 2", "13540", "trường học", "7"],
        ]
    )
    result = read_upload("visits", raw, "to.csv", communes)
    table = preview_table(result, n=1)
    assert list(table.columns[:4]) == ["Dòng", "Ngày", "Tổ lưu động", "Mã xã"]
    assert table["Dòng"].tolist() == [2]
    assert table["Số tài khoản kích hoạt"].tolist() == [5]
    assert table["Loại địa điểm"].tolist() == ["hộ gia đình"]  # the label, not the code
    assert DATE_HEADERS == ("Ngày", "Tính đến ngày")


def test_rejected_table_has_the_four_vietnamese_columns(communes) -> None:
    raw = csv_bytes(
        [
            ["Ngày", "Tổ lưu động", "Mã xã", "Loại địa điểm"],
            ["31/02/2023", "Tổ 1", "13291", "hộ gia đình"],
        ]
    )
    table = rejected_table(read_upload("visits", raw, "to.csv", communes))
    assert list(table.columns) == ["Dòng", "Cột", "Giá trị", "Lý do"]
    assert table.iloc[0][["Dòng", "Cột", "Giá trị"]].tolist() == [2, "Ngày", "31/02/2023"]


def test_rejected_xlsx_in_english(communes: pd.DataFrame) -> None:
    raw = csv_bytes(with_bad({"Số tài khoản đăng ký": "-5"}))
    with language("en"):
        result = read_upload("visits", raw, "visits.csv", communes)
        wb = load_workbook(io.BytesIO(rejected_xlsx(result)))
        with_errors = load_workbook(io.BytesIO(rejected_xlsx(_result(result.rejected, ["x"]))))
    assert wb.sheetnames == ["Rejected rows"]
    assert list(wb.active.iter_rows(values_only=True)) == [
        ("Row", "Column", "Value", "Reason"),
        (3, "Số tài khoản đăng ký", "-5", "Row 3, column «Số tài khoản đăng ký»: negative "
         "number («-5») — counts may not be negative."),
    ]  # fmt: skip
    assert with_errors.sheetnames == ["Rejected rows", "File errors"]
    assert [r[0] for r in with_errors["File errors"].iter_rows(values_only=True)] == ["Reason", "x"]


def test_tables_and_names_in_english(communes: pd.DataFrame) -> None:
    raw = csv_bytes(
        [
            ["Date", "Mobile team", "Commune code", "Place type", "Accounts activated"],
            ["13/02/2023", "Tổ 1", "13291", "household", "5"],
            ["31/02/2023", "Tổ 2", "13540", "school", "7"],
        ]
    )
    with language("en"):
        result = read_upload("visits", raw, "to.csv", communes)
        preview = preview_table(result)
        rejected = rejected_table(result)
        names = (kind_label("visits"), kind_label("targets"), date_headers())
        files = [_(TEMPLATE_FILE_NAMES[k]) for k in ("visits", "targets")]
        rejected_name = rejected_file_name("to.csv")
    assert list(preview.columns[:4]) == ["Row", "Date", "Mobile team", "Commune code"]
    assert preview["Accounts activated"].tolist() == [5]
    assert preview["Place type"].tolist() == ["household"]
    assert list(rejected.columns) == ["Row", "Column", "Value", "Reason"]
    assert rejected.iloc[0][["Row", "Column", "Value"]].tolist() == [3, "Date", "31/02/2023"]
    assert names == ("Visits", "Quota", ("Date", "As of"))
    assert files == ["template_visits.xlsx", "template_quotas.xlsx"]
    assert all(name.isascii() for name in files)
    assert rejected_name == "rejected_rows_to.xlsx"
    assert (kind_label("visits"), date_headers(), rejected_file_name("to.csv")) == (
        "Lượt làm việc", ("Ngày", "Tính đến ngày"), "dong_bi_tu_choi_to.xlsx",
    )  # fmt: skip


def test_upload_of_unknown_kind_is_refused_in_english(communes: pd.DataFrame) -> None:
    with language("en"), pytest.raises(ValueError, match="Invalid kind of data: 'plans'"):
        read_upload("plans", b"x", "x.csv", communes)
