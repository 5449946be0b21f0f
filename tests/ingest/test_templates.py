"""geo.ingest.templates: the Excel templates import as they are and follow the registry."""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
import pandas as pd
import pytest

from geo.ingest import IngestResult, read_targets, read_visits, template_xlsx
from tests.ingest.helpers import TODAY, ok


@pytest.mark.parametrize(("kind", "reader"), [("visits", read_visits), ("targets", read_targets)])
def test_template_round_trip(
    communes: pd.DataFrame, kind: str, reader: Callable[..., IngestResult]
) -> None:
    raw = template_xlsx(kind)
    result = reader(raw, f"mau-{kind}.xlsx", communes, today=TODAY)
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
    result = read_visits(raw, "mau.xlsx", communes, today=TODAY)
    ok(result, [2], ["90005"])
    assert result.accepted.iloc[0][["lat", "lon"]].tolist() == [20.558, 106.027]


def test_template_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="teams"):
        template_xlsx("teams")
