"""Checking an uploaded file before it is imported: the reader of its kind, and the Excel of
its rejected rows for the clerk.
"""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook

from geo.ingest import IngestResult, read_targets, read_visits
from geo.outputs.xlsx import to_bytes, write_sheet

__all__ = ["read_upload", "rejected_xlsx"]


def read_upload(kind: str, raw: bytes, file_name: str, communes: pd.DataFrame) -> IngestResult:
    """Validate an uploaded file with the reader of its kind.

    Parameters
    ----------
    kind : {"visits", "targets"}
        What the user said the file holds.
    raw, file_name : bytes, str
        The uploaded file.
    communes : pandas.DataFrame
        Registry used to check commune codes/names.
    """
    if kind == "visits":
        return read_visits(raw, file_name, communes)
    if kind == "targets":
        return read_targets(raw, file_name, communes)
    raise ValueError(f"Loại dữ liệu không hợp lệ: {kind!r}")


_REJECTED_HEADERS = {
    "source_row": "Dòng",
    "column": "Cột",
    "value": "Giá trị",
    "reason": "Lý do",
}


def rejected_xlsx(result: IngestResult) -> bytes:
    """Excel workbook listing the rejected rows and the reasons (Vietnamese headers).

    Sheet ``Dòng bị từ chối`` has one line per problem (``Dòng`` is the row number as the user
    sees it in Excel); sheet ``Lỗi tệp`` lists whole-file problems when there are any. The
    rejected values are the user's own text, so they are written through :mod:`geo.outputs.xlsx` and
    never become formulas.
    """
    wb = Workbook()
    rejected = result.rejected.reindex(columns=list(_REJECTED_HEADERS))
    rejected["value"] = rejected["value"].map(lambda v: None if pd.isna(v) else str(v))
    write_sheet(
        wb,
        "Dòng bị từ chối",
        rejected,
        _REJECTED_HEADERS,
        text_columns=("column", "value", "reason"),
        sheet=wb.active,
    )
    wb.active.title = "Dòng bị từ chối"
    if result.file_errors:
        write_sheet(
            wb, "Lỗi tệp", pd.DataFrame({"reason": result.file_errors}), {"reason": "Lý do"}
        )
    return to_bytes(wb)
