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
from geo.ingest.errors import RowErrors, shorten
from geo.ingest.spec import FileSpec, spec_for

__all__ = [
    "check_duplicates",
    "check_extra_cells",
    "check_formulas",
    "check_targets",
    "check_visits",
]


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
    errors.add(
        frame,
        extra,
        "",
        lambda idx: (
            "có " + n_cells[idx].astype(str) + f" ô nhưng dòng tiêu đề chỉ có {width} cột — "
            "có thể một ô chứa dấu phân cách mà không đặt trong ngoặc kép"
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
    for key in keys:
        formula = frame[key].str.startswith("=")
        texts = frame.loc[formula, key].map(shorten)
        errors.add(
            frame,
            formula,
            key,
            "ô chứa công thức «" + texts + "» — không tính công thức; hãy sao chép và dán dạng "
            "giá trị (Paste Values)",
        )
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
        ("số kích hoạt", parsed["activated"]),
        ("số đăng ký", parsed["registered"]),
        " — số tài khoản kích hoạt không được vượt số tài khoản đăng ký",
    )
    start, end = parsed["start"], parsed["end"]
    both = start.notna() & end.notna()
    not_after = both & (end.fillna("") <= start.fillna(""))
    errors.add(
        frame,
        not_after,
        "end",
        lambda idx: (
            "giờ kết thúc "
            + end[idx]
            + " không sau giờ bắt đầu "
            + start[idx]
            + " — kiểm tra lại giờ (dạng 24 giờ, ví dụ 21:30)"
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
    eligible = ("số công dân đủ điều kiện", parsed["eligible"])
    _more_than(frame, errors, "eligible", eligible, ("dân số", parsed["population"]))
    _more_than(
        frame,
        errors,
        "activated_baseline",
        ("số đã kích hoạt", parsed["activated_baseline"]),
        eligible,
    )
    nothing = (frame[spec_for("targets").keys_of("count")] == "").all(axis=1)
    errors.add(
        frame,
        nothing,
        "",
        "không có số liệu nào (dân số, công dân đủ điều kiện, chỉ tiêu, đã kích hoạt)",
    )


def _more_than(
    frame: pd.DataFrame,
    errors: RowErrors,
    fld: str,
    big: tuple[str, pd.Series],
    small: tuple[str, pd.Series],
    advice: str = "",
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
    big, small : tuple of (str, Series)
        Label and parsed counts (Int64) of each side; rows missing either side pass.
    advice : str
        Text appended to the detail.
    """
    (big_label, big_counts), (small_label, small_counts) = big, small
    errors.add(
        frame,
        (big_counts > small_counts).fillna(False),
        fld,
        lambda idx: (
            f"{big_label} ("
            + big_counts[idx].map(format_int)
            + f") lớn hơn {small_label} ("
            + small_counts[idx].map(format_int)
            + ")"
            + advice
        ),
    )


def check_duplicates(
    frame: pd.DataFrame, parsed: pd.DataFrame, good: pd.Series, spec: FileSpec, errors: RowErrors
) -> None:
    """Refuse good rows that repeat an earlier good row.

    A visit repeats when every column is the same; a target when commune and ``as_of`` are.

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
    keycols = spec.columns if spec.kind == "visits" else ["code", "as_of"]
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
    if spec.kind == "visits":
        detail[mask] = "trùng hoàn toàn với dòng " + first[dup].astype(str)
    else:
        detail[mask] = (
            "trùng xã và ngày số liệu với dòng "
            + first[dup].astype(str)
            + " — mỗi xã chỉ một dòng cho mỗi ngày"
        )
    errors.add(frame, mask, "", detail)
