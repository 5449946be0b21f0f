"""geo.ingest.history: the import history table of the data page."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.i18n import language
from geo.ingest.history import history_table


@pytest.fixture
def batches() -> pd.DataFrame:
    """Two batches as Store.batches returns them (naive UTC): one in use, one undone."""
    return pd.DataFrame(
        {
            "id": [2, 1],
            "at": pd.to_datetime(["2023-03-14 17:05", "2023-02-13 02:00"]),
            "file_name": ["chi_tieu.xlsx", "=to1.csv"],
            "kind": ["targets", "visits"],
            "user": ["can_bo", "demo"],
            "rows_ok": [109, 12345],
            "rows_rejected": [0, 3],
            "undone_at": pd.to_datetime([None, "2023-02-14 23:59"]),
            "undone_by": [None, "admin"],
        }
    )


def test_history_table_in_vietnam_time_and_formats(batches):
    table = history_table(batches)
    assert list(table.columns) == [
        "Số",
        "Thời điểm",
        "Tệp",
        "Loại",
        "Người nhập",
        "Dòng hợp lệ",
        "Dòng bị từ chối",
        "Trạng thái",
    ]
    # 17:05 UTC is 00:05 the next day in Vietnam (UTC+7)
    assert table["Thời điểm"].tolist() == ["15/03/2023 00:05", "13/02/2023 09:00"]
    assert table["Loại"].tolist() == ["Chỉ tiêu", "Lượt làm việc"]
    assert table["Dòng hợp lệ"].tolist() == ["109", "12.345"]
    assert table["Trạng thái"].tolist() == ["Đang dùng", "Đã hoàn tác 15/02/2023 06:59 (admin)"]
    assert table["Tệp"].tolist() == ["chi_tieu.xlsx", "=to1.csv"]  # shown as text, untouched


def test_history_table_of_no_batches_is_empty_with_its_headers(batches):
    assert history_table(batches.iloc[:0]).shape == (0, 8)


def test_history_table_in_english(batches):
    with language("en"):
        table = history_table(batches)
    assert list(table.columns) == [
        "No.",
        "Time",
        "File",
        "Type",
        "Imported by",
        "Valid rows",
        "Rejected rows",
        "Status",
    ]
    assert table["Time"].tolist() == ["15/03/2023 00:05", "13/02/2023 09:00"]
    assert table["Type"].tolist() == ["Quota", "Visits"]
    assert table["Valid rows"].tolist() == ["109", "12,345"]
    assert table["Status"].tolist() == ["Active", "Undone 15/02/2023 06:59 (admin)"]
    assert table["File"].tolist() == ["chi_tieu.xlsx", "=to1.csv"]
