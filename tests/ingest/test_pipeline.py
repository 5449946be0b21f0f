"""geo.ingest.pipeline: the accepted table's contract, file fingerprints, files without data."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.ingest import PLACE_TYPES, TARGET_COLUMNS, VISIT_COLUMNS, read_targets, read_visits
from tests.ingest.helpers import (
    GOOD_A,
    GOOD_B,
    HEADER,
    T_GOOD_A,
    T_GOOD_B,
    T_HEADER,
    TODAY,
    assert_file_error,
    csv_bytes,
)


def test_accepted_dtypes_follow_the_contract(communes: pd.DataFrame) -> None:
    result = read_visits(csv_bytes([HEADER, GOOD_A, GOOD_B]), "a.csv", communes, today=TODAY)
    acc = result.accepted
    assert list(acc.columns) == [*VISIT_COLUMNS, "source_row"]
    assert str(acc["date"].dtype) == "datetime64[ns]"
    for col in ("households", "people_guided", "registered", "activated", "services_used"):
        assert str(acc[col].dtype) == "Int64"
    assert str(acc["lat"].dtype) == str(acc["lon"].dtype) == "float64"
    assert acc.iloc[0][["lat", "lon"]].tolist() == [20.537, 105.918]
    assert pd.isna(acc.iloc[1]["lat"])
    assert acc["place_type"].tolist() == ["household", "school"]
    assert set(acc["place_type"]) <= set(PLACE_TYPES)
    assert acc["place_name"].tolist() == ["Tổ dân phố 3", "Trường THCS An Nội"]
    assert acc["note"].tolist() == [None, "Học sinh lớp 9"]
    assert acc["households"].tolist() == [25, 0]
    assert len(result.sha256) == 64


def test_same_bytes_same_sha256(communes: pd.DataFrame) -> None:
    raw = csv_bytes([HEADER, GOOD_A])
    first = read_visits(raw, "a.csv", communes, today=TODAY)
    again = read_visits(raw, "b.csv", communes, today=TODAY)
    other = read_visits(raw + b"\r\n", "a.csv", communes, today=TODAY)
    assert first.sha256 == again.sha256 != other.sha256


def test_targets_accepted_values(communes: pd.DataFrame) -> None:
    raw = csv_bytes([T_HEADER, T_GOOD_A, T_GOOD_B])
    result = read_targets(raw, "chi-tieu.csv", communes, today=TODAY)
    acc = result.accepted
    assert list(acc.columns) == [*TARGET_COLUMNS, "source_row"]
    assert acc["code"].tolist() == ["13291", "13540"]
    assert acc["as_of"].tolist() == [pd.Timestamp("2023-05-31")] * 2
    assert str(acc["as_of"].dtype) == "datetime64[ns]"
    assert acc["population"].tolist() == [20605, 8150]
    assert acc["eligible"].tolist() == [15800, 6100]
    assert acc["quota"].tolist() == [12000, 5000]
    assert acc["activated_baseline"].tolist() == [10150, pd.NA]
    assert str(acc["activated_baseline"].dtype) == "Int64"


# (id, raw bytes, file name, the only file error expected)
FILE_CASES: list[tuple[str, bytes, str, str]] = [
    ("empty-file", b"", "a.csv", "Tệp rỗng — không có dòng tiêu đề và dữ liệu"),
    ("only-whitespace", b" \r\n\r\n", "a.csv", "Tệp rỗng — không có dòng tiêu đề và dữ liệu"),
    (
        "header-only",
        csv_bytes([HEADER]),
        "a.csv",
        "Tệp chỉ có dòng tiêu đề (dòng 1), chưa có dòng dữ liệu nào",
    ),
    (
        "header-and-blank-rows",
        csv_bytes([HEADER, [""] * 16, []]),
        "a.csv",
        "Tệp chỉ có dòng tiêu đề (dòng 1), chưa có dòng dữ liệu nào",
    ),
]


@pytest.mark.parametrize(
    ("raw", "file_name", "message"), [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES]
)
def test_file_level_errors(
    communes: pd.DataFrame, raw: bytes, file_name: str, message: str
) -> None:
    assert_file_error(communes, raw, file_name, message)
