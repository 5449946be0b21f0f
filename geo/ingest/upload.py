"""Checking an uploaded file before it is imported, and what the clerk sees of the check.

:func:`read_upload` runs the reader of the kind the user chose; :func:`preview_table` and
:func:`rejected_table` are the tables the data page shows; :func:`rejected_xlsx` gives the clerk
the rejected rows with their reasons, to correct the file and upload it again.
"""

from __future__ import annotations

from typing import cast

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from geo.ingest.pipeline import IngestResult, read_targets, read_visits
from geo.ingest.spec import FILE_HEADERS
from geo.xlsx import to_bytes, write_sheet

__all__ = [
    "DATE_HEADERS",
    "KIND_LABELS",
    "REJECTED_HEADERS",
    "TEMPLATE_FILE_NAMES",
    "preview_table",
    "read_upload",
    "rejected_table",
    "rejected_xlsx",
]

#: The two kinds of file, as the data page names them.
KIND_LABELS = {"visits": "Lượt làm việc", "targets": "Chỉ tiêu"}
#: File names of the downloadable templates.
TEMPLATE_FILE_NAMES = {"visits": "mau_luot_lam_viec.xlsx", "targets": "mau_chi_tieu.xlsx"}
#: Columns of a rejection -> Vietnamese header (page and workbook).
REJECTED_HEADERS = {
    "source_row": "Dòng",
    "column": "Cột",
    "value": "Giá trị",
    "reason": "Lý do",
}
#: Headers of :func:`preview_table` that hold dates.
DATE_HEADERS = (FILE_HEADERS["visits"]["date"], FILE_HEADERS["targets"]["as_of"])
_PREVIEW_HEADERS = {"source_row": "Dòng", **FILE_HEADERS["visits"], **FILE_HEADERS["targets"]}


def read_upload(kind: str, raw: bytes, file_name: str, communes: pd.DataFrame) -> IngestResult:
    """Validate an uploaded file with the reader of its kind.

    Parameters
    ----------
    kind : {"visits", "targets"}
        What the user said the file holds.
    raw : bytes
        The uploaded file's content.
    file_name : str
        The uploaded file's name.
    communes : pandas.DataFrame
        Registry used to check commune codes/names.

    Returns
    -------
    IngestResult
        What :func:`~geo.ingest.pipeline.read_visits` or
        :func:`~geo.ingest.pipeline.read_targets` returns.

    Raises
    ------
    ValueError
        For any other kind.
    """
    if kind == "visits":
        return read_visits(raw, file_name, communes)
    if kind == "targets":
        return read_targets(raw, file_name, communes)
    raise ValueError(f"Loại dữ liệu không hợp lệ: {kind!r}")


def preview_table(result: IngestResult, n: int = 50) -> pd.DataFrame:
    r"""Show the first accepted rows of a checked file under the template's headers.

    Parameters
    ----------
    result : IngestResult
        The checked file.
    n : int, default 50
        How many rows.

    Returns
    -------
    DataFrame
        ``Dòng`` (the row number in the file) first, then the accepted columns.

    Examples
    --------
    >>> communes = pd.DataFrame({"code": ["13291"], "name": ["Lê Hồng Phong"],
    ...     "type": ["phường"], "district_code": ["347"], "district_name": ["Thành phố Phủ Lý"]})
    >>> raw = "Ngày,Tổ,Mã xã,Loại địa điểm\n13/02/2023,1,13291,hộ gia đình\n".encode()
    >>> preview_table(read_visits(raw, "a.csv", communes))[["Dòng", "Ngày", "Mã xã"]].to_dict(
    ...     "records")
    [{'Dòng': 2, 'Ngày': Timestamp('2023-02-13 00:00:00'), 'Mã xã': '13291'}]
    """
    head = result.accepted.head(n)
    head = head[["source_row", *[c for c in head if c != "source_row"]]]
    return head.rename(columns=_PREVIEW_HEADERS)


def rejected_table(result: IngestResult) -> pd.DataFrame:
    """Show the rejected rows of a checked file: row, column, value and reason.

    Parameters
    ----------
    result : IngestResult
        The checked file.

    Returns
    -------
    DataFrame
        The columns of :data:`REJECTED_HEADERS`, under their Vietnamese headers.
    """
    return result.rejected.rename(columns=REJECTED_HEADERS)[list(REJECTED_HEADERS.values())]


def rejected_xlsx(result: IngestResult) -> bytes:
    """Write the rejected rows and their reasons to an Excel workbook (Vietnamese headers).

    Sheet ``Dòng bị từ chối`` has one line per problem (``Dòng`` is the row number as the user
    sees it in Excel); sheet ``Lỗi tệp`` lists whole-file problems when there are any. The
    rejected values are the user's own text, so they are written through
    :mod:`geo.xlsx` and never become formulas.

    Parameters
    ----------
    result : IngestResult
        The checked file.

    Returns
    -------
    bytes
        The ``.xlsx`` file.
    """
    wb = Workbook()
    first = cast(Worksheet, wb.active)  # a new workbook always has one worksheet
    rejected = result.rejected.reindex(columns=list(REJECTED_HEADERS))
    rejected["value"] = rejected["value"].map(lambda v: None if pd.isna(v) else str(v))
    write_sheet(
        wb,
        "Dòng bị từ chối",
        rejected,
        REJECTED_HEADERS,
        text_columns=("column", "value", "reason"),
        sheet=first,
    )
    first.title = "Dòng bị từ chối"
    if result.file_errors:
        write_sheet(
            wb, "Lỗi tệp", pd.DataFrame({"reason": result.file_errors}), {"reason": "Lý do"}
        )
    return to_bytes(wb)
