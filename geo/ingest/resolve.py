"""Matching each row's commune (code, name, district) against the commune registry.

A row may give the GSO code, the name, or both, optionally with the district that tells two
communes of the same name apart. When both code and name are given they must agree. Matching
is done once per distinct ``(name, code, district)`` with :class:`geo.places.names.CommuneMatcher`,
whose messages (in the language in use) become the rows' problems, on the column at fault.

Examples
--------
>>> from geo.ingest.errors import RowErrors
>>> reg = pd.DataFrame({"code": ["13291"], "name": ["Lê Hồng Phong"], "type": ["phường"],
...                     "district_code": ["347"], "district_name": ["Thành phố Phủ Lý"]})
>>> frame = pd.DataFrame({"source_row": [2, 3], "commune": ["P. Le Hong Phong", "Hoàn Kiếm"],
...                       "code": "", "district": ""})
>>> parsed, errors = pd.DataFrame(index=frame.index), RowErrors()
>>> resolve_communes(frame, parsed, {"commune": (0, "Xã")}, reg, errors)
>>> parsed["code"].tolist(), errors.frame()["field"].tolist()
(['13291', None], ['commune'])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.i18n import _
from geo.ingest.errors import RowErrors
from geo.ingest.header import Columns
from geo.places.names import CommuneMatcher

__all__ = ["resolve_communes"]


def resolve_communes(
    frame: pd.DataFrame,
    parsed: pd.DataFrame,
    columns: Columns,
    communes: pd.DataFrame,
    errors: RowErrors,
) -> None:
    """Set ``parsed["code"]`` to each row's commune code, recording the rows that do not match.

    Parameters
    ----------
    frame : DataFrame
        The file's rows as text, with ``commune``, ``code`` and ``district`` (``""`` when
        absent).
    parsed : DataFrame
        Receives ``code`` (``None`` for a row that does not match).
    columns : Columns
        Columns the file has (:func:`geo.ingest.header.map_columns`); a blank commune is
        reported on the name column when there is one, else on the code column.
    communes : DataFrame
        Commune registry (:func:`geo.places.registry.communes`).
    errors : RowErrors
        Receives the problems.
    """
    matcher = CommuneMatcher(communes)
    name_field = "commune" if "commune" in columns else "code"
    keys = frame[["commune", "code", "district"]]
    uniq = keys.drop_duplicates()
    # Group numbers follow first appearance, as drop_duplicates() does: one match per group.
    group = keys.groupby(list(keys.columns), sort=False, dropna=False).ngroup().to_numpy()
    out = [
        _resolve_one(matcher, name, code, district, name_field)
        for name, code, district in uniq.itertuples(index=False, name=None)
    ]
    table = np.empty((len(out), 3), dtype=object)
    for i, triple in enumerate(out):
        table[i] = triple
    codes = pd.Series(table[group, 0], index=frame.index, dtype=object)
    where = pd.Series(table[group, 1], index=frame.index, dtype=object)
    details = pd.Series(table[group, 2], index=frame.index, dtype=object)
    for fld in ("commune", "code", "district"):
        errors.add(frame, where == fld, fld, details)
    parsed["code"] = codes


# (code, field of the problem, detail) for one distinct (name, code, district).
def _resolve_one(
    matcher: CommuneMatcher, name: str, code: str, district: str, name_field: str
) -> tuple[str | None, str | None, str | None]:
    if code:
        by_code = matcher.match(code, district)
        if by_code.code is None:
            return None, "district" if by_code.on_district else "code", by_code.message
        if name:
            by_name = matcher.match(name, district)
            if by_name.code is not None and by_name.code != by_code.code:
                detail = _(
                    "«{name}» là {found}, không khớp với mã {code} ({commune}) — kiểm tra lại "
                    "tên hoặc mã xã"
                ).format(
                    name=name,
                    found=matcher.label(by_name.code),
                    code=code,
                    commune=matcher.label(by_code.code),
                )
                return None, "commune", detail
        return by_code.code, None, None
    found = matcher.match(name, district)
    if found.ok:
        return found.code, None, None
    if found.status == "empty":
        return None, name_field, found.message
    return None, "district" if found.on_district else "commune", found.message
