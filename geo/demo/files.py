"""The demo's four files, written in the ingest format with reproducible bytes.

Pilot visits and the baseline targets are XLSX, roll-out visits and the May targets UTF-8 CSV
(with BOM and ``dd/mm/yyyy`` dates), all with the headers of the import templates
(:data:`geo.ingest.FILE_HEADERS`) and the commune and district names beside each code. The
XLSX files get fixed timestamps, so two builds give the same bytes and a second import of the
demo is recognised as a duplicate by its SHA-256.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from geo.demo.campaign import PILOT_START
from geo.fmt import is_missing
from geo.ingest import FILE_HEADERS
from geo.places.names import district_short_name
from geo.schema import PLACE_TYPE_LABELS, TARGET_COLUMNS

__all__ = ["DemoFile", "demo_files"]

_FIXED_TIME = datetime(2023, 6, 1, 0, 0, 0)
#: File headers: exactly the templates' (:data:`geo.ingest.FILE_HEADERS`).
_HEADERS = {**FILE_HEADERS["visits"], **FILE_HEADERS["targets"]}
_SHEETS = {"visits": "Lượt làm việc", "targets": "Chỉ tiêu"}
_DATE_HEADERS = (_HEADERS["date"], _HEADERS["as_of"])
#: The four files in import order: kind and name (the baseline targets come first).
_TARGETS_FEB = "DEMO_dữ_liệu_mẫu_chỉ_tiêu_13-02-2023.xlsx"
_PILOT = "DEMO_dữ_liệu_mẫu_thí_điểm_13-02_14-03-2023.xlsx"
_ROLLOUT = "DEMO_dữ_liệu_mẫu_triển_khai_15-03_31-05-2023.csv"
_TARGETS_MAY = "DEMO_dữ_liệu_mẫu_chỉ_tiêu_31-05-2023.csv"


@dataclass(frozen=True)
class DemoFile:
    """One generated file.

    Attributes
    ----------
    kind : str
        ``"visits"`` or ``"targets"``.
    file_name : str
        Its name (with ``DEMO`` and ``dữ_liệu_mẫu`` in it).
    raw : bytes
        Its bytes, as a user would upload them.
    frame : pandas.DataFrame
        Its rows in the ingest contract's columns (the file itself uses the template's headers).
    """

    kind: str
    file_name: str
    raw: bytes
    frame: pd.DataFrame


def demo_files(
    pilot: pd.DataFrame, rollout: pd.DataFrame, targets: pd.DataFrame, info: pd.DataFrame
) -> tuple[DemoFile, ...]:
    """Write the demo campaign's four files, in import order.

    Parameters
    ----------
    pilot, rollout : pandas.DataFrame
        Visits (:data:`geo.schema.VISIT_COLUMNS`) of the pilot and of the roll-out.
    targets : pandas.DataFrame
        Targets (:data:`geo.schema.TARGET_COLUMNS`); the 13/02/2023 baseline goes to its own
        file, every later date to the May file.
    info : pandas.DataFrame
        The registry indexed by ``code`` (``name``, ``district_name``).

    Returns
    -------
    tuple of DemoFile
        Baseline targets (XLSX), pilot visits (XLSX), roll-out visits (CSV), later targets (CSV).
    """
    first = pd.Timestamp(PILOT_START)
    baseline = targets[targets["as_of"] == first].reset_index(drop=True)
    later = targets[targets["as_of"] > first].reset_index(drop=True)
    plan = (
        ("targets", _TARGETS_FEB, baseline),
        ("visits", _PILOT, pilot),
        ("visits", _ROLLOUT, rollout),
        ("targets", _TARGETS_MAY, later),
    )
    return tuple(
        DemoFile(kind, name, _file_bytes(_file_table(frame, info), kind, name), frame)
        for kind, name, frame in plan
    )


def _file_bytes(table: pd.DataFrame, kind: str, name: str) -> bytes:
    """Write a table as XLSX or CSV, as its file name says.

    Returns
    -------
    bytes
        The file's content.
    """
    return _xlsx_bytes(table, _SHEETS[kind]) if name.endswith(".xlsx") else _csv_bytes(table)


def _short_district(name: object) -> str | None:
    """Shorten a district name for the file's «Huyện» column.

    Returns
    -------
    str or None
        ``"Phủ Lý"`` for ``"Thành phố Phủ Lý"``; ``None`` for a missing name.
    """
    return None if is_missing(name) else district_short_name(str(name))


def _file_table(frame: pd.DataFrame, info: pd.DataFrame) -> pd.DataFrame:
    """Lay out ``frame`` like the ingest template: Vietnamese headers, names beside codes.

    Returns
    -------
    pandas.DataFrame
        The rows with the template's headers and column order.
    """
    out = frame.copy()
    pos = list(frame.columns).index("code") + 1
    out.insert(pos, "commune", out["code"].map(info["name"]))
    out.insert(pos + 1, "district", out["code"].map(info["district_name"]).map(_short_district))
    if "place_type" in out:
        out["place_type"] = out["place_type"].map(PLACE_TYPE_LABELS)
    if "as_of" in out:  # the template puts the date after the commune columns
        out = out[["code", "commune", "district", "as_of", *TARGET_COLUMNS[2:]]]
    return out.rename(columns=_HEADERS)


def _cell(value: object) -> object:
    """Turn a frame value into what openpyxl writes.

    Returns
    -------
    object
        ``None`` for a missing value, a datetime for a timestamp, Python numbers for numpy ones.
    """
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _xlsx_bytes(df: pd.DataFrame, sheet: str) -> bytes:
    """Write ``df`` to XLSX with fixed timestamps so the bytes are reproducible.

    Returns
    -------
    bytes
        The workbook: one sheet, dates shown ``DD/MM/YYYY``, zip entries dated 1980-01-01.
    """
    wb = Workbook()
    ws = wb.active
    if not isinstance(ws, Worksheet):  # a new workbook always has one worksheet
        raise TypeError("openpyxl gave no active worksheet")
    ws.title = sheet
    ws.append(list(df.columns))
    date_cols = [i for i, c in enumerate(df.columns) if c in _DATE_HEADERS]
    for rec in df.itertuples(index=False):
        ws.append([_cell(v) for v in rec])
    for i in date_cols:
        for (cell,) in ws.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
            cell.number_format = "DD/MM/YYYY"
    wb.properties.creator = "geo.demo"
    wb.properties.created = _FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(raw: bytes) -> bytes:
    """Rewrite an XLSX with a fixed modification time and fixed zip entry dates.

    Returns
    -------
    bytes
        The same workbook, byte-identical from one build to the next.
    """
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    data,
                )
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)
    return out.getvalue()


def _csv_bytes(df: pd.DataFrame) -> bytes:
    """Write ``df`` as UTF-8 CSV with a BOM and ``dd/mm/yyyy`` dates.

    Returns
    -------
    bytes
        The CSV, with Unix (LF) line ends.
    """
    out = df.copy()
    for c in _DATE_HEADERS:
        if c in out:
            out[c] = out[c].dt.strftime("%d/%m/%Y")
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")
