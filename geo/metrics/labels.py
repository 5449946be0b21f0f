"""Table headers: one wording per column, shared by every table and export.

The wording follows GLOSSARY.md; a metric's header is its map legend title
(:data:`geo.metrics.classes.METRICS`), so a column reads the same on the map, in the tables, in
the PDF and in Excel. Headers are Vietnamese message ids of the catalog (:mod:`geo.i18n`):
:func:`column_labels` gives them in the language in use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from geo.i18n import N_, _
from geo.metrics.classes import METRICS

__all__ = ["COLUMN_LABELS", "column_labels"]

#: Column -> Vietnamese table header (GLOSSARY.md), the catalog's id: each metric's own label
#: plus the registry and ranking columns. Tables take their headers from here through
#: :func:`column_labels`.
COLUMN_LABELS: dict[str, str] = {
    "rank": N_("Hạng"),
    "code": N_("Mã xã"),
    "name": N_("Xã, phường, thị trấn"),
    "full_name": N_("Xã, phường, thị trấn"),
    "district_name": N_("Huyện, thị xã, thành phố"),
    "quota": N_("Chỉ tiêu"),
    "last_visit": N_("Lần làm việc gần nhất"),
    **{key: spec.label_vi for key, spec in METRICS.items()},
}


def column_labels(
    columns: Iterable[str], own: Mapping[str, str] | None = None, *, translated: bool = True
) -> dict[str, str]:
    """Return the headers of a table's ``columns``, in order: ``own`` first, else the shared one.

    Parameters
    ----------
    columns : iterable of str
        The table's columns, in the order wanted.
    own : mapping, optional
        The table's own wording for some columns (e.g. ``{"communes": N_("Số xã")}``), as
        Vietnamese catalog ids.
    translated : bool, default True
        Give the headers in the language in use; ``False`` gives the Vietnamese ids themselves
        (for a module-level constant, translated where it is shown with ``_()``).

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
    >>> from geo.i18n import language
    >>> with language("en"):
    ...     column_labels(["code", "gap"]), column_labels(["code"], translated=False)
    ({'code': 'Commune code', 'gap': 'People not yet activated (gap)'}, {'code': 'Mã xã'})
    """
    own = own or {}
    ids = {c: own[c] if c in own else COLUMN_LABELS[c] for c in columns}
    return {c: _(h) for c, h in ids.items()} if translated else ids
