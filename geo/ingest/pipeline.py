r"""Reading one file, from bytes to accepted and rejected rows: the import pipeline.

The steps, each in its module: read the cells (:mod:`~geo.ingest.grid`, decoding CSV text with
:mod:`~geo.ingest.encoding`), clean every cell's text (:mod:`~geo.ingest.text`: invisible and
bidirectional characters, full-width forms, mojibake), find the header row and map the columns
(:mod:`~geo.ingest.header`), refuse untrustworthy cells (:mod:`~geo.ingest.checks`), parse the
values (:mod:`~geo.ingest.fields`), match the communes (:mod:`~geo.ingest.resolve`), check whole
rows and repeats (:mod:`~geo.ingest.checks`), and write the reasons (:mod:`~geo.ingest.errors`).

Examples
--------
>>> from geo.places.registry import communes
>>> raw = "Ngày,Tổ,Mã xã,Loại\n14/03/2023,Tổ 1,13291,khác\n14/03/2023,Tổ 1,99999,khác\n"
>>> result = read_visits(raw.encode(), "a.csv", communes("approximate"), today=date(2024, 6, 30))
>>> result.rows_ok, result.rows_rejected, result.rejected["column"].tolist()
(1, 1, ['Mã xã'])
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from geo.collector import paused
from geo.fmt import format_int
from geo.i18n import _, ngettext
from geo.ingest.checks import (
    check_duplicates,
    check_extra_cells,
    check_formulas,
    check_targets,
    check_visits,
)
from geo.ingest.errors import FileError, RowErrors, empty_rejected, rejections, shorten
from geo.ingest.example import example_reason, example_rows
from geo.ingest.fields import parse_fields, unknown_values
from geo.ingest.grid import Grid, load_grid
from geo.ingest.header import ColumnMappingError, layout_key, locate_header, map_columns
from geo.ingest.limits import ImportLimits
from geo.ingest.plausible import near_duplicates, plausibility
from geo.ingest.resolve import resolve_communes
from geo.ingest.result import FLAG_COLUMNS, IngestResult, ValueChoices
from geo.ingest.spec import FileSpec, spec_for
from geo.ingest.text import clean_cells
from geo.ingest.thresholds import Thresholds

__all__ = ["IngestResult", "read_targets", "read_visits"]


def read_visits(
    raw: bytes,
    file_name: str,
    communes: pd.DataFrame,
    *,
    today: date | None = None,
    limits: ImportLimits | None = None,
    mapping: Mapping[str, str] | None = None,
    values: ValueChoices | None = None,
    thresholds: Thresholds | None = None,
    team_members: Mapping[str, int] | None = None,
) -> IngestResult:
    """Read a visit log (CSV or XLSX).

    Parameters
    ----------
    raw : bytes
        File content.
    file_name : str
        Name of the file (its extension helps tell CSV from XLSX).
    communes : DataFrame
        Commune registry (``geo.places.registry.communes``) to match names and codes against.
    today : date, optional
        Latest date accepted (defaults to the current date); injectable for tests.
    limits : ImportLimits, optional
        Largest file read (:class:`~geo.ingest.limits.ImportLimits` () by default).
    mapping : mapping of str to str, optional
        The clerk's column mapping: header text -> field key, ``""`` to leave a column out.
    values : mapping, optional
        The clerk's answers for coded values (:data:`ValueChoices`).
    thresholds : Thresholds, optional
        Limits of the plausibility checks (:class:`~geo.ingest.thresholds.Thresholds` () by
        default).
    team_members : mapping of str to int, optional
        Officers of each known team, by name: their activations are checked per officer-hour.

    Returns
    -------
    IngestResult
        ``accepted`` has :data:`~geo.schema.VISIT_COLUMNS` + ``source_row``.
    """
    options = _Options(today or date.today(), limits, mapping, values, thresholds, team_members)
    return _read("visits", raw, file_name, communes, options)


def read_targets(
    raw: bytes,
    file_name: str,
    communes: pd.DataFrame,
    *,
    today: date | None = None,
    limits: ImportLimits | None = None,
    mapping: Mapping[str, str] | None = None,
    values: ValueChoices | None = None,
    thresholds: Thresholds | None = None,
) -> IngestResult:
    """Read commune targets (population, eligible citizens, quota, official activated count).

    Parameters
    ----------
    raw : bytes
        File content.
    file_name : str
        Name of the file.
    communes : DataFrame
        Commune registry to match names and codes against.
    today : date, optional
        Latest ``as_of`` date accepted (defaults to the current date).
    limits : ImportLimits, optional
        Largest file read (:class:`~geo.ingest.limits.ImportLimits` () by default).
    mapping : mapping of str to str, optional
        The clerk's column mapping: header text -> field key, ``""`` to leave a column out.
    values : mapping, optional
        The clerk's answers for coded values (:data:`ValueChoices`).
    thresholds : Thresholds, optional
        Limits of the plausibility checks (:class:`~geo.ingest.thresholds.Thresholds` () by
        default).

    Returns
    -------
    IngestResult
        ``accepted`` has :data:`~geo.schema.TARGET_COLUMNS` + ``source_row``.
    """
    options = _Options(today or date.today(), limits, mapping, values, thresholds)
    return _read("targets", raw, file_name, communes, options)


@dataclass(frozen=True)
class _Options:
    """What the caller chose for one read (see :func:`read_visits`)."""

    today: date
    limits: ImportLimits | None = None
    mapping: Mapping[str, str] | None = None
    values: ValueChoices | None = None
    thresholds: Thresholds | None = None
    team_members: Mapping[str, int] | None = None


@dataclass
class _Found:
    """What one read learned about the file, filled in as it goes (kept when it stops early)."""

    notes: list[str] = field(default_factory=list)
    header: tuple[str, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)
    layout: str = ""
    mapping_needed: bool = False
    unmapped: tuple[str, ...] = ()
    unknown_values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    flagged: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FLAG_COLUMNS))


@paused()  # a bulk step: hundreds of thousands of small containers, no cycles
def _read(
    kind: str, raw: bytes, file_name: str, communes: pd.DataFrame, options: _Options
) -> IngestResult:
    spec = spec_for(kind)
    sha = hashlib.sha256(raw).hexdigest()
    found = _Found()
    encoding: str | None = None
    try:
        if not raw.strip():
            raise FileError(_("Tệp rỗng — không có dòng tiêu đề và dữ liệu"))
        grid = load_grid(raw, file_name, spec, found.notes, options.limits)
        encoding = grid.encoding
        if encoding == "tcvn3":
            found.notes.append(_("Tệp dùng bảng mã TCVN3 (ABC); đã chuyển sang Unicode."))
        accepted, rejected = _process(grid, spec, communes, options, found)
        errors: list[str] = []
    except FileError as exc:
        accepted = _typed(pd.DataFrame({c: [] for c in [*spec.columns, "source_row"]}), spec)
        rejected, errors = empty_rejected(), [str(exc)]
        found.mapping_needed = isinstance(exc, ColumnMappingError)
        found.flagged = found.flagged.iloc[0:0]
    return IngestResult(
        kind,
        file_name,
        sha,
        encoding,
        accepted,
        rejected,
        errors,
        found.notes,
        header=found.header,
        columns=found.columns,
        layout=found.layout,
        mapping_needed=found.mapping_needed,
        unmapped=found.unmapped,
        unknown_values=found.unknown_values,
        flagged=found.flagged,
    )


def _process(
    grid: Grid, spec: FileSpec, communes: pd.DataFrame, options: _Options, found: _Found
) -> tuple[pd.DataFrame, pd.DataFrame]:
    notes = found.notes
    grid, refused, filled = _clean_grid(grid, notes)
    header_pos = locate_header(grid.cells, spec)
    if header_pos is None:
        wanted = ", ".join(f"«{f.label()}»" for f in spec.fields if f.required)
        raise FileError(
            _(
                "Không tìm thấy dòng tiêu đề — dòng đầu tiên phải có tên cột như {columns}; "
                "hãy dùng tệp mẫu"
            ).format(columns=wanted)
        )
    header_cells = grid.cells.iloc[header_pos].tolist()
    header_row = int(grid.rows[header_pos])
    found.header = tuple(c for c in header_cells if c)
    found.layout = layout_key(spec.kind, header_cells)
    try:
        columns = map_columns(header_cells, spec, notes, options.mapping)
    except ColumnMappingError as exc:
        found.columns = {key: text for key, (_pos, text) in exc.columns.items()}
        found.unmapped = _unmapped(header_cells, exc.columns)
        raise
    found.columns = {key: text for key, (_pos, text) in columns.items()}

    body = grid.cells.iloc[header_pos + 1 :]
    rows = grid.rows[header_pos + 1 :]
    nonblank: np.ndarray = np.asarray(filled[header_pos + 1 :].any(axis=1), dtype=bool)
    body, rows = body.loc[nonblank], rows[nonblank]
    filled_body = filled[header_pos + 1 :][nonblank]
    if body.empty:
        raise FileError(
            _("Tệp chỉ có dòng tiêu đề (dòng {row}), chưa có dòng dữ liệu nào").format(
                row=header_row
            )
        )
    frame = pd.DataFrame({"source_row": rows.astype("int64")}, index=body.index)
    for key, (col, _text) in columns.items():
        frame[key] = body[col]
    for f in spec.fields:
        if f.key not in frame:
            frame[f.key] = ""
    frame = frame.reset_index(drop=True)
    body = body.reset_index(drop=True)

    errors = RowErrors()
    refused = refused.iloc[header_pos + 1 :].loc[nonblank].reset_index(drop=True)
    for key, (col, _text) in columns.items():
        errors.add_series(frame, key, refused[col])
    if grid.field_counts is not None:
        width = int(grid.field_counts[header_pos])
        counts = grid.field_counts[header_pos + 1 :][nonblank]
        check_extra_cells(frame, body, width, counts, errors)
        unnamed_limit = width
    else:
        unnamed_limit = body.shape[1]
    unnamed = [
        get_column_letter(pos + 1)
        for pos in range(min(unnamed_limit, body.shape[1]))
        if (pos >= len(header_cells) or not header_cells[pos]) and filled_body[:, pos].any()
    ]
    if unnamed:
        notes.append(
            _("Đã bỏ qua cột không có tiêu đề: {columns}.").format(columns=", ".join(unnamed))
        )
    found.unmapped = (*_unmapped(header_cells, columns), *unnamed)
    if grid.source == "xlsx":
        check_formulas(frame, list(columns), errors)

    parsed = pd.DataFrame({"source_row": frame["source_row"]})
    parse_fields(frame, parsed, spec, errors, options.today, options.values)
    found.unknown_values = unknown_values(frame, parsed, spec, options.values)
    resolve_communes(frame, parsed, columns, communes, errors)
    if spec.kind == "visits":
        check_visits(frame, parsed, errors)
    else:
        check_targets(frame, parsed, errors)
    errors.add(frame, example_rows(parsed, spec.kind), "", example_reason())
    good = ~parsed["source_row"].isin(errors.rows())
    check_duplicates(frame, parsed, good, spec, errors)
    good = ~parsed["source_row"].isin(errors.rows())

    accepted = _typed(parsed.loc[good, [*spec.columns, "source_row"]].reset_index(drop=True), spec)
    headers = {key: text for key, (_pos, text) in columns.items()}
    found.flagged = _flags(frame, accepted, spec, communes, options, headers)
    return accepted, rejections(errors.frame(), headers, spec)


def _unmapped(header_cells: list[str], columns: Mapping[str, tuple[int, str]]) -> tuple[str, ...]:
    """List the headers of the columns that are not read (blank headers left out)."""
    used = {pos for pos, _text in columns.values()}
    return tuple(t for pos, t in enumerate(header_cells) if t and pos not in used)


def _flags(
    frame: pd.DataFrame,
    accepted: pd.DataFrame,
    spec: FileSpec,
    communes: pd.DataFrame,
    options: _Options,
    headers: dict[str, str],
) -> pd.DataFrame:
    """Find the accepted rows that need the clerk's confirmation, as :data:`FLAG_COLUMNS`."""
    thresholds = options.thresholds or Thresholds()
    found = pd.concat(
        [
            plausibility(accepted, spec.kind, communes, thresholds, options.team_members, headers),
            near_duplicates(accepted, spec.kind, headers),
        ],
        ignore_index=True,
    )
    if found.empty:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    found = found.sort_values("source_row", kind="stable", ignore_index=True)
    text = frame.set_index("source_row")
    return pd.DataFrame(
        {
            "source_row": found["source_row"].astype("int64"),
            "column": [
                headers.get(k) or spec.field(k).label() if k else "" for k in found["field"]
            ],
            "value": [
                shorten(str(text.at[row, key])) if key else ""
                for row, key in zip(found["source_row"], found["field"], strict=True)
            ],
            "reason": found["reason"],
            "field": found["field"],
            "check": found["check"],
        }
    )[FLAG_COLUMNS]


def _clean_grid(grid: Grid, notes: list[str]) -> tuple[Grid, pd.DataFrame, np.ndarray]:
    """Clean every cell's text (:mod:`geo.ingest.text`); note the cells whose mojibake was repaired.

    Returns
    -------
    grid : Grid
        The grid with its cells cleaned.
    refused : DataFrame
        Why each cell is refused, ``None`` where it is fine (same shape as the cells).
    filled : ndarray of bool
        Which cells hold any text (same shape).
    """
    cells, refused, repaired, filled = clean_cells(grid.cells, grid.factorized)
    if n := int(repaired.sum()):
        row, col = (int(a[0]) for a in repaired.nonzero())
        notes.append(
            ngettext(
                "{n} ô đã được sửa lỗi mã hóa (chữ UTF-8 bị đọc sai bảng mã), ví dụ «{before}» "
                "thành «{after}».",
                "{n} ô đã được sửa lỗi mã hóa (chữ UTF-8 bị đọc sai bảng mã), ví dụ «{before}» "
                "thành «{after}».",
                n,
            ).format(
                n=format_int(n),
                before=shorten(str(grid.cells.iat[row, col]), 40),
                after=shorten(str(cells.iat[row, col]), 40),
            )
        )
    return replace(grid, cells=cells, factorized=None), refused, filled


# The accepted table in the contract's dtypes: dates datetime64[ns], counts Int64, coordinates
# float64, source_row int64, everything else object with None for missing.
def _typed(df: pd.DataFrame, spec: FileSpec) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for col in [*spec.columns, "source_row"]:
        s = df[col] if col in df else pd.Series(None, index=df.index, dtype=object)
        kind = "source_row" if col == "source_row" else spec.field(col).kind
        if kind == "date":
            out[col] = pd.to_datetime(s).astype("datetime64[ns]").dt.normalize()
        elif kind in ("lat", "lon"):
            out[col] = pd.to_numeric(s).astype("float64")
        elif kind == "source_row":
            out[col] = s.astype("int64")
        elif kind == "count":
            out[col] = s.astype("Int64")
        else:
            out[col] = s.astype(object).where(s.notna(), None)
    return out
