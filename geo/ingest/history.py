"""The import history as the data page shows it: one row per uploaded file, newest first."""

from __future__ import annotations

import pandas as pd

from geo.fmt import format_datetime, format_int, is_missing
from geo.ingest.upload import KIND_LABELS

__all__ = ["history_table"]


def _status(undone_at: object, undone_by: object) -> str:
    if is_missing(undone_at):
        return "Đang dùng"
    return f"Đã hoàn tác {format_datetime(undone_at)} ({undone_by})"


def history_table(batches: pd.DataFrame) -> pd.DataFrame:
    """Describe each import batch: number, time, file, kind, who, rows kept and rejected, state.

    Parameters
    ----------
    batches : DataFrame
        :meth:`geo.store.Store.batches` (times are naive UTC).

    Returns
    -------
    DataFrame
        Vietnamese headers; times in Vietnam time (``dd/mm/yyyy HH:MM``), counts formatted.

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
            "Số": batches["id"],
            "Thời điểm": batches["at"].map(format_datetime),
            "Tệp": batches["file_name"],
            "Loại": batches["kind"].map(KIND_LABELS),
            "Người nhập": batches["user"],
            "Dòng hợp lệ": batches["rows_ok"].map(format_int),
            "Dòng bị từ chối": batches["rows_rejected"].map(format_int),
            "Trạng thái": [
                _status(u, by)
                for u, by in zip(batches["undone_at"], batches["undone_by"], strict=True)
            ],
        }
    )
