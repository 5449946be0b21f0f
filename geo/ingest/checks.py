"""Checks of whole rows: cells that cannot be trusted, values that contradict each other, repeats.

The cell checks run before parsing (:func:`check_extra_cells` for CSV records wider than the
header, :func:`check_formulas` for XLSX formula cells); the row checks after it
(:func:`check_visits`, :func:`check_targets`), and :func:`check_duplicates` last, on the rows
still good, so that a repeated row points at the first good one.

Examples
--------
>>> from geo.ingest.errors import RowErrors
>>> frame = pd.DataFrame({"source_row": [2], "registered": ["12"], "activated": ["15"]})
>>> parsed = pd.DataFrame({"registered": [12], "activated": [15], "start": ["18:00"],
...                        "end": ["21:30"]}).astype({"registered": "Int64", "activated": "Int64"})
>>> errors = RowErrors()
>>> check_visits(frame, parsed, errors)
>>> errors.frame()["field"].tolist()
['activated']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.fmt import format_int
from geo.i18n import N_, _
from geo.ingest.errors import RowErrors, shorten
from geo.ingest.fingerprint import FINGERPRINT_COLUMNS
from geo.ingest.spec import FileSpec, spec_for

__all__ = [
    "check_duplicates",
    "check_extra_cells",
    "check_formulas",
    "check_targets",
    "check_visits",
]

#: The detail of a repeated row, per kind of file (catalog ids; ``{row}`` is the first one).
_REPEATS = {
    "visits": N_(
        "trùng với dòng {row} (cùng ngày, tổ, xã, địa điểm, giờ và số liệu) — nếu là hai lượt "
        "khác nhau, ghi rõ tên địa điểm của từng lượt"
    ),
    "targets": N_("trùng xã và ngày số liệu với dòng {row} — mỗi xã chỉ một dòng cho mỗi ngày"),
}


def check_extra_cells(
    frame: pd.DataFrame, body: pd.DataFrame, width: int, counts: np.ndarray, errors: RowErrors
) -> None:
    """Refuse CSV rows with more cells than the header: a separator inside an unquoted value.

    Parameters
    ----------
    frame : DataFrame
        The file's rows as text, with ``source_row``.
    body : DataFrame
        The same rows' cells by position (``0 .. n-1``).
    width : int
        Number of fields of the header row.
    counts : ndarray
        Number of fields of each row of ``frame``.
    errors : RowErrors
        Receives the problems (only for rows whose extra cells are not empty).
    """
    extra = pd.Series(counts > width, index=frame.index) & (body.iloc[:, width:] != "").any(axis=1)
    n_cells = pd.Series(counts, index=frame.index)
    too_wide = _(
        "có {n} ô nhưng dòng tiêu đề chỉ có {width} cột — có thể một ô chứa dấu phân cách mà "
        "không đặt trong ngoặc kép"
    )
    errors.add(
        frame,
        extra,
        "",
        lambda idx: n_cells[idx].map(
            lambda n: too_wide.format(n=format_int(n), width=format_int(width))
        ),
    )


def check_formulas(frame: pd.DataFrame, keys: list[str], errors: RowErrors) -> None:
    """Refuse XLSX formula cells (never evaluated) and blank them in ``frame``.

    Parameters
    ----------
    frame : DataFrame
        The file's rows as text; formula cells start with ``=`` and are set to ``""``.
    keys : list of str
        Fields to check (the columns the file has).
    errors : RowErrors
        Receives the problems.

    Examples
    --------
    >>> frame = pd.DataFrame({"source_row": [2, 3], "quota": ["=10+2", "12"]})
    >>> errors = RowErrors()
    >>> check_formulas(frame, ["quota"], errors)
    >>> frame["quota"].tolist(), errors.frame()["value"].tolist()
    (['', '12'], ['=10+2'])
    """
    has_formula = _(
        "ô chứa công thức «{formula}» — không tính công thức; hãy sao chép và dán dạng giá trị "
        "(Paste Values)"
    )
    for key in keys:
        formula = frame[key].str.startswith("=")
        texts = frame.loc[formula, key].map(lambda v: has_formula.format(formula=shorten(v)))
        errors.add(frame, formula, key, texts)
        frame.loc[formula, key] = ""


def check_visits(frame: pd.DataFrame, parsed: pd.DataFrame, errors: RowErrors) -> None:
    """Refuse visits activating more accounts than registered, or ending before they start.

    Parameters
    ----------
    frame : DataFrame
        The file's rows as text.
    parsed : DataFrame
        Parsed ``registered``, ``activated`` (Int64), ``start`` and ``end`` (``"HH:MM"``).
    errors : RowErrors
        Receives the problems.
    """
    _more_than(
        frame,
        errors,
        "activated",
        parsed["activated"],
        parsed["registered"],
        _(
            "số kích hoạt ({big}) lớn hơn số đăng ký ({small}) — số tài khoản kích hoạt không "
            "được vượt số tài khoản đăng ký"
        ),
    )
    start, end = parsed["start"], parsed["end"]
    both = start.notna() & end.notna()
    not_after = both & (end.fillna("") <= start.fillna(""))
    too_soon = _(
        "giờ kết thúc {end} không sau giờ bắt đầu {start} — kiểm tra lại giờ (dạng 24 giờ, ví dụ "
        "21:30)"
    )
    errors.add(
        frame,
        not_after,
        "end",
        lambda idx: pd.Series(
            [too_soon.format(end=e, start=b) for e, b in zip(end[idx], start[idx], strict=True)],
            index=idx,
            dtype=object,
        ),
    )


def check_targets(frame: pd.DataFrame, parsed: pd.DataFrame, errors: RowErrors) -> None:
    """Refuse targets whose counts contradict each other, or rows without any count.

    Parameters
    ----------
    frame : DataFrame
        The file's rows as text.
    parsed : DataFrame
        Parsed ``population``, ``eligible`` and ``activated_baseline`` (Int64).
    errors : RowErrors
        Receives the problems.
    """
    _more_than(
        frame,
        errors,
        "eligible",
        parsed["eligible"],
        parsed["population"],
        _("số công dân đủ điều kiện ({big}) lớn hơn dân số ({small})"),
    )
    _more_than(
        frame,
        errors,
        "activated_baseline",
        parsed["activated_baseline"],
        parsed["eligible"],
        _("số đã kích hoạt ({big}) lớn hơn số công dân đủ điều kiện ({small})"),
    )
    nothing = (frame[spec_for("targets").keys_of("count")] == "").all(axis=1)
    errors.add(
        frame,
        nothing,
        "",
        _("không có số liệu nào (dân số, công dân đủ điều kiện, chỉ tiêu, đã kích hoạt)"),
    )


def _more_than(
    frame: pd.DataFrame,
    errors: RowErrors,
    fld: str,
    big: pd.Series,
    small: pd.Series,
    detail: str,
) -> None:
    """Refuse the rows where one count exceeds another it may not exceed.

    Parameters
    ----------
    frame : DataFrame
        The file's rows as text.
    errors : RowErrors
        Receives the problems.
    fld : str
        Field reported (the one that is too big).
    big, small : Series
        Parsed counts (Int64) of each side; rows missing either side pass.
    detail : str
        The translated detail, with the placeholders ``{big}`` and ``{small}`` for the counts.
    """
    errors.add(
        frame,
        (big > small).fillna(False),
        fld,
        lambda idx: pd.Series(
            [
                detail.format(big=format_int(b), small=format_int(s))
                for b, s in zip(big[idx], small[idx], strict=True)
            ],
            index=idx,
            dtype=object,
        ),
    )


def check_duplicates(
    frame: pd.DataFrame, parsed: pd.DataFrame, good: pd.Series, spec: FileSpec, errors: RowErrors
) -> None:
    """Refuse good rows that repeat an earlier good row.

    A visit repeats when its fingerprint is the same
    (:data:`geo.ingest.fingerprint.FINGERPRINT_COLUMNS`: every column but the coordinates and
    the note; the store keeps one row per fingerprint); a target when commune and ``as_of`` are.

    Parameters
    ----------
    frame : DataFrame
        The file's rows as text.
    parsed : DataFrame
        Parsed rows, with ``source_row``.
    good : Series of bool
        Rows without any problem so far.
    spec : FileSpec
        Kind of file.
    errors : RowErrors
        Receives the problems, naming the first row of each repeat.
    """
    keycols = FINGERPRINT_COLUMNS["visits"] if spec.kind == "visits" else ["code", "as_of"]
    ok = parsed.loc[good, [*keycols, "source_row"]]
    if ok.empty:
        return
    dup = ok.duplicated(keycols, keep="first")
    if not dup.any():
        return
    first = ok.groupby(keycols, sort=False, dropna=False)["source_row"].transform("first")
    mask = pd.Series(False, index=frame.index)
    mask[dup[dup].index] = True
    detail = pd.Series(None, index=frame.index, dtype=object)
    template = _(_REPEATS[spec.kind])
    detail[mask] = first[dup].map(lambda row: template.format(row=row))
    errors.add(frame, mask, "", detail)
