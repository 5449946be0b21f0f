"""What an import did (:class:`ImportOutcome`) and the sentence that tells the clerk.

Examples
--------
>>> outcome = ImportOutcome(5, None, 80, 0, rows_skipped=20)
>>> print(describe_outcome(outcome, "a.csv"))  # doctest: +ELLIPSIS
Đã nhập 80 dòng từ tệp a.csv (lần nhập số 5). 20 dòng đã có trong lần nhập trước nên không ...
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.fmt import format_int
from geo.i18n import _, ngettext

__all__ = ["ImportOutcome", "describe_outcome"]


@dataclass(frozen=True)
class ImportOutcome:
    """What :meth:`geo.store.Store.import_result` did.

    Attributes
    ----------
    batch_id : int
        The new batch, or the earlier batch when the file is a duplicate.
    duplicate_of : int or None
        Id of the active batch that already holds the same file, or (by content) the earliest
        active batch holding its rows; nothing was imported then.
    rows_ok, rows_rejected : int
        Rows written / rows rejected by validation (both 0 for a duplicate).
    rows_skipped : int, default 0
        Accepted rows not written because they were stored already (by an earlier batch, or
        earlier in the same file); for a duplicate by content, every accepted row.
    replaced : tuple of int, default ()
        The earlier batches undone and replaced by this one (``on_match="replace"``).

    Examples
    --------
    >>> ImportOutcome(4, None, 0, 7).refused, ImportOutcome(4, 4, 0, 0).refused
    (True, False)
    """

    batch_id: int
    duplicate_of: int | None
    rows_ok: int
    rows_rejected: int
    rows_skipped: int = 0
    replaced: tuple[int, ...] = ()

    @property
    def refused(self) -> bool:
        """``True`` when no row was accepted: the file was archived (``batch_id``), not imported.

        Returns
        -------
        bool
            Not a duplicate and ``rows_ok == 0``.
        """
        return self.duplicate_of is None and self.rows_ok == 0


def _duplicate_sentence(outcome: ImportOutcome, file_name: str) -> str:
    """Say that nothing was imported because the file, or every row of it, is stored already.

    Returns
    -------
    str
        One sentence.
    """
    if outcome.rows_skipped:
        return ngettext(
            "Cả {n} dòng của tệp {file} đã có trong lần nhập số {batch} (tệp được lưu lại dưới "
            "dạng khác); không nhập lại.",
            "Cả {n} dòng của tệp {file} đã có trong lần nhập số {batch} (tệp được lưu lại dưới "
            "dạng khác); không nhập lại.",
            outcome.rows_skipped,
        ).format(file=file_name, batch=outcome.duplicate_of, n=format_int(outcome.rows_skipped))
    return _("Tệp {file} đã được nhập trước đây (lần nhập số {batch}); không nhập lại.").format(
        file=file_name, batch=outcome.duplicate_of
    )


def describe_outcome(outcome: ImportOutcome, file_name: str) -> str:
    """Write what an import did, in the language in use: rows imported, rejected, skipped, replaced.

    Parameters
    ----------
    outcome : ImportOutcome
        What :func:`geo.store.imports.import_result` returned.
    file_name : str
        Name of the uploaded file, as the user knows it.

    Returns
    -------
    str
        One sentence, then one for the rows skipped and one for the batches replaced, if any.

    Examples
    --------
    >>> describe_outcome(ImportOutcome(3, None, 1923, 2), "to1.xlsx")
    'Đã nhập 1.923 dòng từ tệp to1.xlsx (lần nhập số 3); 2 dòng bị từ chối.'
    >>> describe_outcome(ImportOutcome(3, 3, 0, 0), "to1.xlsx")
    'Tệp to1.xlsx đã được nhập trước đây (lần nhập số 3); không nhập lại.'
    >>> describe_outcome(ImportOutcome(4, None, 0, 2), "to1.xlsx")  # doctest: +ELLIPSIS
    'Không nhập dòng nào từ tệp to1.xlsx; 2 dòng bị từ chối. Tệp được lưu lại (số 4)...'
    >>> outcome = ImportOutcome(6, None, 120, 0, replaced=(3,))
    >>> print(describe_outcome(outcome, "a.xlsx"))  # doctest: +ELLIPSIS
    Đã nhập 120 dòng từ tệp a.xlsx (lần nhập số 6). Lần nhập này thay cho lần nhập số 3 (đã...
    """
    if outcome.duplicate_of is not None:
        return _duplicate_sentence(outcome, file_name)
    if outcome.refused:
        return _(
            "Không nhập dòng nào từ tệp {file}; {rejected} dòng bị từ chối. Tệp được lưu lại "
            "(số {batch}) nhưng không tính là đã nhập: hãy sửa tệp rồi tải lên lại."
        ).format(file=file_name, batch=outcome.batch_id, rejected=format_int(outcome.rows_rejected))
    values = {
        "n": format_int(outcome.rows_ok),
        "file": file_name,
        "batch": outcome.batch_id,
        "rejected": format_int(outcome.rows_rejected),
    }
    if outcome.rows_rejected:
        text = ngettext(
            "Đã nhập {n} dòng từ tệp {file} (lần nhập số {batch}); {rejected} dòng bị từ chối.",
            "Đã nhập {n} dòng từ tệp {file} (lần nhập số {batch}); {rejected} dòng bị từ chối.",
            outcome.rows_ok,
        ).format(**values)
    else:
        text = ngettext(
            "Đã nhập {n} dòng từ tệp {file} (lần nhập số {batch}).",
            "Đã nhập {n} dòng từ tệp {file} (lần nhập số {batch}).",
            outcome.rows_ok,
        ).format(**values)
    if outcome.rows_skipped:
        text += " " + ngettext(
            "{n} dòng đã có trong lần nhập trước nên không nhập lại.",
            "{n} dòng đã có trong lần nhập trước nên không nhập lại.",
            outcome.rows_skipped,
        ).format(n=format_int(outcome.rows_skipped))
    if outcome.replaced:
        text += " " + ngettext(
            "Lần nhập này thay cho lần nhập số {batches} (đã hoàn tác).",
            "Lần nhập này thay cho các lần nhập số {batches} (đã hoàn tác).",
            len(outcome.replaced),
        ).format(batches=", ".join(str(b) for b in outcome.replaced))
    return text
