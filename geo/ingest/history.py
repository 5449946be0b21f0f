"""The import history as the data page shows it: one row per uploaded file, newest first.

Headers, kinds and states are in the language in use; file names and users are data.
"""

from __future__ import annotations

import pandas as pd

from geo.fmt import format_datetime, format_int, is_missing
from geo.i18n import _
from geo.ingest.upload import kind_label

__all__ = ["history_table"]


def _status(undone_at: object, undone_by: object) -> str:
    if is_missing(undone_at):
        return _("Đang dùng")
    return _("Đã hoàn tác {at} ({user})").format(at=format_datetime(undone_at), user=undone_by)


def history_table(batches: pd.DataFrame) -> pd.DataFrame:
    """Describe each import batch: number, time, file, kind, who, rows kept and rejected, state.

    Parameters
    ----------
    batches : DataFrame
        :meth:`geo.store.Store.batches` (times are naive UTC).

    Returns
    -------
    DataFrame
        Headers in the language in use; times in Vietnam time (``dd/mm/yyyy HH:MM``), counts
        formatted.

    Examples
    --------
    >>> b = pd.DataFrame({"id": [2], "at": pd.to_datetime(["2023-03-14 11:30"]),
    ...     "file_name": ["to1.csv"], "kind": ["visits"], "user": ["demo"], "rows_ok": [1923],
    ...     "rows_rejected": [0], "undone_at": pd.to_datetime(["2023-03-15 01:00"]),
    ...     "undone_by": ["admin"]})
    >>> row = history_table(b).iloc[0]
    >>> row["Thời điểm"], row["Dòng hợp lệ"], row["Trạng thái"]
    ('14/03/2023 18:30', '1.923', 'Đã hoàn tác 15/03/2023 08:00 (admin)')
    """
    return pd.DataFrame(
        {
            _("Số"): batches["id"],
            _("Thời điểm"): batches["at"].map(format_datetime),
            _("Tệp"): batches["file_name"],
            _("Loại"): batches["kind"].map(kind_label),
            _("Người nhập"): batches["user"],
            _("Dòng hợp lệ"): batches["rows_ok"].map(format_int),
            _("Dòng bị từ chối"): batches["rows_rejected"].map(format_int),
            _("Trạng thái"): [
                _status(u, by)
                for u, by in zip(batches["undone_at"], batches["undone_by"], strict=True)
            ],
        }
    )
