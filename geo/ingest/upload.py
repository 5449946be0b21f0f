"""Checking an uploaded file before it is imported, and what the clerk sees of the check.

:func:`read_upload` runs the reader of the kind the user chose; :func:`preview_table` and
:func:`rejected_table` are the tables the data page shows; :func:`rejected_xlsx` gives the clerk
the rejected rows with their reasons, to correct the file and upload it again. Every header,
sheet name and file name is in the language in use; the constants below are the catalog's
Vietnamese ids, shown with ``_()`` (or :func:`kind_label`).
"""

from __future__ import annotations

from typing import Any, cast

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from geo.i18n import N_, _
from geo.ingest.limits import ImportLimits
from geo.ingest.pipeline import IngestResult, read_targets, read_visits
from geo.ingest.spec import FILE_HEADERS
from geo.schema import place_type_label
from geo.xlsx import to_bytes, write_sheet

__all__ = [
    "DATE_HEADERS",
    "KIND_LABELS",
    "REJECTED_HEADERS",
    "TEMPLATE_FILE_NAMES",
    "date_headers",
    "flagged_table",
    "kind_label",
    "preview_table",
    "read_upload",
    "rejected_file_name",
    "rejected_table",
    "rejected_xlsx",
]

#: The two kinds of file, as the data page names them (catalog ids: :func:`kind_label`).
KIND_LABELS = {"visits": N_("Lượt làm việc"), "targets": N_("Chỉ tiêu")}
#: File names of the downloadable templates (catalog ids: ``_(TEMPLATE_FILE_NAMES[kind])``
#: gives the ASCII name of the language in use).
TEMPLATE_FILE_NAMES = {"visits": N_("mau_luot_lam_viec.xlsx"), "targets": N_("mau_chi_tieu.xlsx")}
#: Columns of a rejection -> Vietnamese header (page and workbook; catalog ids).
REJECTED_HEADERS = {
    "source_row": N_("Dòng"),
    "column": N_("Cột"),
    "value": N_("Giá trị"),
    "reason": N_("Lý do"),
}
#: Vietnamese headers of :func:`preview_table` that hold dates (catalog ids:
#: :func:`date_headers` gives them in the language in use).
DATE_HEADERS = (FILE_HEADERS["visits"]["date"], FILE_HEADERS["targets"]["as_of"])
_PREVIEW_HEADERS = {"source_row": N_("Dòng"), **FILE_HEADERS["visits"], **FILE_HEADERS["targets"]}
_REJECTED_SHEET = N_("Dòng bị từ chối")
_FILE_ERRORS_SHEET = N_("Lỗi tệp")


def kind_label(kind: str) -> str:
    """Name a kind of file in the language in use.

    Parameters
    ----------
    kind : {"visits", "targets"}
        A key of :data:`KIND_LABELS` (anything else is shown as it is).

    Returns
    -------
    str
        ``"Lượt làm việc"`` or ``"Chỉ tiêu"`` in Vietnamese.

    Examples
    --------
    >>> kind_label("targets"), kind_label("plans")
    ('Chỉ tiêu', 'plans')
    """
    label = KIND_LABELS.get(kind)
    return kind if label is None else _(label)


def date_headers() -> tuple[str, ...]:
    """Name the date columns of :func:`preview_table` in the language in use.

    Returns
    -------
    tuple of str
        ``("Ngày", "Tính đến ngày")`` in Vietnamese.
    """
    return tuple(_(h) for h in DATE_HEADERS)


def rejected_file_name(file_name: str) -> str:
    """Name the workbook of the rejected rows of an uploaded file (ASCII prefix, per language).

    Parameters
    ----------
    file_name : str
        The uploaded file's name (its extension is dropped).

    Returns
    -------
    str
        ``dong_bi_tu_choi_<name>.xlsx`` in Vietnamese.

    Examples
    --------
    >>> rejected_file_name("to1.csv")
    'dong_bi_tu_choi_to1.xlsx'
    """
    return _("dong_bi_tu_choi_{name}.xlsx").format(name=file_name.rsplit(".", 1)[0])


def read_upload(
    kind: str,
    raw: bytes,
    file_name: str,
    communes: pd.DataFrame,
    limits: ImportLimits | None = None,
    **choices: Any,
) -> IngestResult:
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
    limits : ImportLimits, optional
        Largest file read (``ImportLimits.from_settings(settings)`` for a deployment's).
    **choices
        ``mapping``, ``values`` and ``thresholds``, passed to the reader.

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
        return read_visits(raw, file_name, communes, limits=limits, **choices)
    if kind == "targets":
        return read_targets(raw, file_name, communes, limits=limits, **choices)
    raise ValueError(_("Loại dữ liệu không hợp lệ: {kind}").format(kind=repr(kind)))


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
        ``Dòng`` (the row number in the file) first, then the accepted columns, under the
        template's headers in the language in use.

    Examples
    --------
    >>> communes = pd.DataFrame({"code": ["13291"], "name": ["Lê Hồng Phong"],
    ...     "type": ["phường"], "district_code": ["347"], "district_name": ["Thành phố Phủ Lý"]})
    >>> raw = "Ngày,Tổ,Mã xã,Loại địa điểm\n13/02/2023,1,13291,hộ gia đình\n".encode()
    >>> table = preview_table(read_visits(raw, "a.csv", communes))
    >>> table[["Dòng", "Mã xã", "Loại địa điểm"]].to_dict("records")
    [{'Dòng': 2, 'Mã xã': '13291', 'Loại địa điểm': 'hộ gia đình'}]
    >>> table["Ngày"].tolist()
    [Timestamp('2023-02-13 00:00:00')]
    """
    head = result.accepted.head(n)
    head = head[["source_row", *[c for c in head if c != "source_row"]]]
    if "place_type" in head:  # the stored code («household»), shown as the template writes it
        head = head.assign(place_type=head["place_type"].map(place_type_label))
    return head.rename(columns={k: _(v) for k, v in _PREVIEW_HEADERS.items()})


def rejected_table(result: IngestResult) -> pd.DataFrame:
    """Show the rejected rows of a checked file: row, column, value and reason.

    Parameters
    ----------
    result : IngestResult
        The checked file.

    Returns
    -------
    DataFrame
        The columns of :data:`REJECTED_HEADERS`, under their headers in the language in use.
    """
    return _reasons(result.rejected)


def _reasons(problems: pd.DataFrame) -> pd.DataFrame:
    """Put rows with reasons under the headers of :data:`REJECTED_HEADERS`, in this language."""
    headers = {k: _(v) for k, v in REJECTED_HEADERS.items()}
    return problems.rename(columns=headers)[list(headers.values())]


def flagged_table(result: IngestResult) -> pd.DataFrame:
    """Show the rows awaiting the clerk's confirmation: row, column, value and reason.

    Parameters
    ----------
    result : IngestResult
        The checked file.

    Returns
    -------
    DataFrame
        The columns of :data:`REJECTED_HEADERS`, under their headers in the language in use.
    """
    return _reasons(result.flagged)


def rejected_xlsx(result: IngestResult) -> bytes:
    """Write the rejected rows and their reasons to an Excel workbook (in the language in use).

    Sheet ``Dòng bị từ chối`` (``Rejected rows``) has one line per problem (``Dòng`` is the row
    number as the user sees it in Excel); sheet ``Lỗi tệp`` (``File errors``) lists whole-file
    problems when there are any. The
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
    headers = {k: _(v) for k, v in REJECTED_HEADERS.items()}
    title = _(_REJECTED_SHEET)
    write_sheet(
        wb,
        title,
        rejected,
        headers,
        text_columns=("column", "value", "reason"),
        sheet=first,
    )
    first.title = title
    if result.file_errors:
        write_sheet(
            wb,
            _(_FILE_ERRORS_SHEET),
            pd.DataFrame({"reason": result.file_errors}),
            {"reason": headers["reason"]},
        )
    return to_bytes(wb)
