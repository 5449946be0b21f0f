"""What reading one file gives: :class:`IngestResult`, and how the clerk's choices are passed.

Examples
--------
>>> FLAG_COLUMNS
['source_row', 'column', 'value', 'reason', 'field', 'check']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from geo.i18n import _

__all__ = ["FLAG_COLUMNS", "IngestResult", "ValueChoices"]

ValueChoices = Mapping[str, Mapping[str, str]]
"""The clerk's answers for coded values: field -> folded text -> code (``{"place_type": {"cho":
"other"}}``)."""
#: Columns of :attr:`IngestResult.flagged`.
FLAG_COLUMNS = ["source_row", "column", "value", "reason", "field", "check"]


@dataclass(frozen=True)
class IngestResult:
    """Outcome of reading one file.

    Attributes
    ----------
    kind : str
        ``"visits"`` or ``"targets"``.
    file_name : str
        Name of the uploaded file.
    sha256 : str
        Hex digest of the raw bytes (recognises a file imported twice).
    encoding : str or None
        Detected text encoding (``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"``, ``"windows-1258"``,
        ``"tcvn3"``); ``None`` for XLSX.
    accepted : DataFrame
        :data:`~geo.schema.VISIT_COLUMNS` / :data:`~geo.schema.TARGET_COLUMNS` + ``source_row``.
    rejected : DataFrame
        ``source_row, column, value, reason`` plus ``field`` (the internal column name, "" for a
        problem with the whole row); one line per problem, the reasons in the language in use
        when the file was read.
    file_errors : list of str
        Problems with the whole file (in the language in use when read); when non-empty,
        ``accepted`` is empty.
    notes : list of str
        Information that did not stop the import (ignored columns, sheet used, encoding
        converted), in the language in use when read.
    header : tuple of str
        The header row as written (blank cells left out); empty when none was found.
    columns : dict of str to str
        Field key -> header of the column read for it.
    layout : str
        :func:`~geo.ingest.header.layout_key` of the header row ("" when none was found): the
        clerk's column mapping is remembered under it.
    mapping_needed : bool
        The columns could not be told apart (a required one missing, or two naming one field):
        ``file_errors`` says which, and the clerk maps them (``mapping=`` of the readers).
    unmapped : tuple of str
        Columns of the file that are not imported (their headers, or their letters when they
        have none); they stay in the archived file.
    unknown_values : dict of str to tuple of str
        Field -> the texts of a coded column (place type) that were not recognised, each once:
        the clerk's answer (``values=`` of the readers) is remembered.
    flagged : DataFrame
        Accepted rows that look implausible (:mod:`geo.ingest.plausible`) or nearly repeat
        another row: :data:`FLAG_COLUMNS`, one line per finding; they are imported only when
        the clerk confirms them (else :meth:`without_flagged`).
    """

    kind: str
    file_name: str
    sha256: str
    encoding: str | None
    accepted: pd.DataFrame
    rejected: pd.DataFrame
    file_errors: list[str]
    notes: list[str] = field(default_factory=list)
    header: tuple[str, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)
    layout: str = ""
    mapping_needed: bool = False
    unmapped: tuple[str, ...] = ()
    unknown_values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    flagged: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FLAG_COLUMNS))

    @property
    def rows_ok(self) -> int:
        """Number of accepted rows."""
        return len(self.accepted)

    @property
    def rows_rejected(self) -> int:
        """Number of distinct rejected rows."""
        return int(self.rejected["source_row"].nunique()) if len(self.rejected) else 0

    @property
    def rows_flagged(self) -> int:
        """Number of distinct accepted rows that need the clerk's confirmation."""
        return int(self.flagged["source_row"].nunique()) if len(self.flagged) else 0

    def without_flagged(self) -> IngestResult:
        r"""Leave out the rows awaiting confirmation: they become rejected rows, with reasons.

        Returns
        -------
        IngestResult
            The same result when nothing is flagged.

        Examples
        --------
        >>> from datetime import date
        >>> from geo.ingest import read_visits
        >>> from geo.places.registry import communes
        >>> raw = ("Ngày,Tổ,Mã xã,Loại,Số người được hướng dẫn,Số đăng ký,Số kích hoạt\n"
        ...        "14/03/2023,Tổ 1,13291,khác,2,40,40\n14/03/2023,Tổ 1,13291,khác,9,4,3\n")
        >>> result = read_visits(raw.encode(), "a.csv", communes("approximate"),
        ...                      today=date(2024, 6, 30))
        >>> result.rows_ok, result.rows_flagged
        (2, 1)
        >>> kept = result.without_flagged()
        >>> kept.rows_ok, kept.rows_rejected, kept.accepted["source_row"].tolist()
        (1, 1, [3])
        """
        if self.flagged.empty:
            return self
        rows = set(self.flagged["source_row"])
        held = self.flagged.assign(
            reason=self.flagged["reason"].map(
                lambda r: _("{reason} (chưa được xác nhận nên chưa nhập)").format(reason=r)
            )
        )[list(self.rejected.columns)]
        rejected = pd.concat([self.rejected, held], ignore_index=True).sort_values(
            "source_row", kind="stable", ignore_index=True
        )
        accepted = self.accepted.loc[~self.accepted["source_row"].isin(rows)]
        return replace(
            self,
            accepted=accepted.reset_index(drop=True),
            rejected=rejected,
            flagged=self.flagged.iloc[0:0],
        )
