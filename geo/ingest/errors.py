"""Problems found while reading a file, and the rejection table the user reads.

A problem with the whole file is a :class:`FileError` (its message is shown as it is). Problems
with single rows are collected by a :class:`RowErrors` as ``(row, field, value, detail)`` and
turned by :func:`rejections` into one reason per row and column, in the language in use, naming
the row as Excel numbers it, the column as the file heads it, and what was expected. Every detail
is built in the language in use when the problem is found.

Examples
--------
>>> from geo.ingest.spec import spec_for
>>> frame = pd.DataFrame({"source_row": [2, 3], "team": ["Tổ 1", ""]})
>>> errors = RowErrors()
>>> errors.add(frame, frame["team"] == "", "team", "để trống")
>>> rejections(errors.frame(), {"team": "Tổ"}, spec_for("visits"))["reason"].tolist()
['Dòng 3, cột «Tổ»: để trống.']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

import pandas as pd

from geo.i18n import _
from geo.ingest.spec import FileSpec

__all__ = ["Detail", "FileError", "RowErrors", "empty_rejected", "rejections", "shorten"]

Detail: TypeAlias = str | pd.Series | Callable[[pd.Index], pd.Series | str]
"""What went wrong: a text, texts aligned on the rows, or a function building them lazily."""


class FileError(Exception):
    """A problem with the whole file (its message is shown to the user)."""


class RowErrors:
    """Collects ``(source_row, field, value, detail)`` problems, in the order found."""

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []

    def add(self, frame: pd.DataFrame, mask: pd.Series, fld: str, detail: Detail) -> None:
        """Record a problem for the rows in ``mask``.

        Parameters
        ----------
        frame : DataFrame
            The file's rows as text, with ``source_row`` and one column per field.
        mask : Series of bool
            Rows concerned, aligned on ``frame`` (missing counts as False).
        fld : str
            Field concerned (its cell is reported as the value); ``""`` for the whole row.
        detail : str, Series or callable
            A text, a Series aligned on ``frame`` (full or already masked), or a function of the
            masked index that builds the texts only for the rows concerned.

        Examples
        --------
        >>> frame = pd.DataFrame({"source_row": [2, 3], "note": ["a", "bb"]})
        >>> errors = RowErrors()
        >>> long = frame["note"].str.len() > 1
        >>> errors.add(frame, long, "note", lambda idx: "dài " + frame.loc[idx, "note"])
        >>> errors.frame().values.tolist()
        [[3, 'note', 'bb', 'dài bb']]
        """
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        sub = frame.loc[mask]
        if callable(detail):
            detail = detail(sub.index)
        texts = (
            detail.reindex(sub.index).to_numpy(dtype=object)
            if isinstance(detail, pd.Series)
            else detail
        )
        self.parts.append(
            pd.DataFrame(
                {
                    "source_row": sub["source_row"].to_numpy(),
                    "field": fld,
                    "value": sub[fld].to_numpy() if fld in sub else "",
                    "detail": texts,
                }
            )
        )

    def add_series(self, frame: pd.DataFrame, fld: str, details: pd.Series) -> None:
        """Record the problems of a parser: one per row whose detail is not missing.

        Parameters
        ----------
        frame : DataFrame
            The file's rows as text.
        fld : str
            Field that was parsed.
        details : Series
            Detail per row of ``frame``, ``None`` where the value was fine.
        """
        self.add(frame, details.notna(), fld, details)

    def rows(self) -> set[int]:
        """List the rows that have at least one problem.

        Returns
        -------
        set of int
            Their ``source_row`` numbers.
        """
        if not self.parts:
            return set()
        return set(pd.concat(self.parts)["source_row"].tolist())

    def frame(self) -> pd.DataFrame:
        """Gather the problems recorded so far.

        Returns
        -------
        DataFrame
            ``source_row, field, value, detail``, one line per problem, in the order recorded.
        """
        if not self.parts:
            return pd.DataFrame(columns=["source_row", "field", "value", "detail"])
        return pd.concat(self.parts, ignore_index=True)


def shorten(value: str, limit: int = 80) -> str:
    """Cut a long text to ``limit`` characters, ending it with an ellipsis.

    Parameters
    ----------
    value : str
        Text to show.
    limit : int, default 80
        Longest length returned.

    Returns
    -------
    str
        ``value`` itself when short enough.

    Examples
    --------
    >>> shorten("abcdef", 4), shorten("abc", 4)
    ('abc…', 'abc')
    """
    return value if len(value) <= limit else value[: limit - 1] + "…"


def empty_rejected() -> pd.DataFrame:
    """Build the rejection table of a file without problems.

    Returns
    -------
    DataFrame
        No rows; columns and dtypes as :func:`rejections` returns them.
    """
    return pd.DataFrame(
        {
            "source_row": pd.Series([], dtype="int64"),
            "column": pd.Series([], dtype=object),
            "value": pd.Series([], dtype=object),
            "reason": pd.Series([], dtype=object),
            "field": pd.Series([], dtype=object),
        }
    )


def rejections(problems: pd.DataFrame, headers: dict[str, str], spec: FileSpec) -> pd.DataFrame:
    """Turn the problems into the rejection table: one reason per row and column.

    Only the first problem of each row and field is kept; rows are sorted by number, their
    problems in the template's column order (whole-row problems first).

    Parameters
    ----------
    problems : DataFrame
        ``source_row, field, value, detail`` (:meth:`RowErrors.frame`).
    headers : dict
        Field key -> header as the file wrote it (for absent columns, the template's header in
        the language in use).
    spec : FileSpec
        Kind of file.

    Returns
    -------
    DataFrame
        ``source_row`` (int64), ``column`` (header or ``""``), ``value`` (the cell, shortened),
        ``reason`` (a sentence naming row and column, in the language in use) and ``field`` (the
        internal key).

    Examples
    --------
    >>> from geo.ingest.spec import spec_for
    >>> problems = pd.DataFrame({"source_row": [4, 4], "field": ["", "date"], "value": ["", "x"],
    ...                          "detail": ["trùng hoàn toàn với dòng 2", "không rõ?"]})
    >>> rejections(problems, {}, spec_for("visits"))["reason"].tolist()
    ['Dòng 4: trùng hoàn toàn với dòng 2.', 'Dòng 4, cột «Ngày»: không rõ?']
    """
    if problems.empty:
        return empty_rejected()
    order = {f.key: i for i, f in enumerate(spec.fields)}
    problems = problems.assign(
        _order=problems["field"].map(lambda k: order.get(k, -1)),
    )
    problems = problems.drop_duplicates(["source_row", "field"], keep="first")
    problems = problems.sort_values(["source_row", "_order"], kind="stable")
    column = problems["field"].map(lambda k: headers.get(k, spec.field(k).label()) if k else "")
    on_column = _("Dòng {row}, cột «{column}»: {detail}")
    on_row = _("Dòng {row}: {detail}")
    reason = pd.Series(
        [
            (on_column if col else on_row).format(row=row, column=col, detail=detail)
            for row, col, detail in zip(
                problems["source_row"].astype(str),
                column,
                problems["detail"].astype(str),
                strict=True,
            )
        ],
        index=problems.index,
        dtype=object,
    )
    reason = reason.where(reason.str.endswith((".", "?", "!")), reason + ".")
    return pd.DataFrame(
        {
            "source_row": problems["source_row"].astype("int64").to_numpy(),
            "column": column.to_numpy(dtype=object),
            "value": problems["value"].fillna("").astype(str).map(shorten).to_numpy(dtype=object),
            "reason": reason.to_numpy(dtype=object),
            "field": problems["field"].to_numpy(dtype=object),
        }
    )
