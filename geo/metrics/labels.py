"""Vietnamese table headers: one wording per column, shared by every table and export.

The wording follows GLOSSARY.md; a metric's header is its map legend title
(:data:`geo.metrics.classes.METRICS`), so a column reads the same on the map, in the tables, in
the PDF and in Excel.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from geo.metrics.classes import METRICS

__all__ = ["COLUMN_LABELS", "column_labels"]

#: Column -> Vietnamese table header (GLOSSARY.md): each metric's own label plus the registry and
#: ranking columns. Tables take their headers from here through :func:`column_labels`.
COLUMN_LABELS: dict[str, str] = {
    "rank": "Hạng",
    "code": "Mã xã",
    "name": "Xã, phường, thị trấn",
    "full_name": "Xã, phường, thị trấn",
    "district_name": "Huyện, thị xã, thành phố",
    "quota": "Chỉ tiêu",
    "last_visit": "Lần làm việc gần nhất",
    **{key: spec.label_vi for key, spec in METRICS.items()},
}


def column_labels(columns: Iterable[str], own: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return the headers of a table's ``columns``, in order: ``own`` first, else the shared one.

    Parameters
    ----------
    columns : iterable of str
        The table's columns, in the order wanted.
    own : mapping, optional
        The table's own wording for some columns (e.g. ``{"communes": "Số xã"}``).

    Returns
    -------
    dict
        ``{column: header}``, from ``own`` or else from :data:`COLUMN_LABELS`.

    Raises
    ------
    KeyError
        For a column that has neither its own nor a shared header.

    Examples
    --------
    >>> column_labels(["code", "coverage", "communes"], {"communes": "Số xã"})
    {'code': 'Mã xã', 'coverage': 'Tỷ lệ kích hoạt', 'communes': 'Số xã'}
    """
    own = own or {}
    return {c: own[c] if c in own else COLUMN_LABELS[c] for c in columns}
