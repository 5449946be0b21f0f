"""The template's example row: written by :func:`geo.ingest.template_xlsx`, refused on import.

The template carries one example row so that the clerk sees how each column is written. Left
in a visit log unchanged, it must not count as a visit: :func:`example_rows` finds it by its
note «Dòng ví dụ — thay bằng số liệu thật» (in any language) and the pipeline rejects it with a
reason that says to delete it. The example target is the real figures of Phường Lê Hồng Phong
(31/05/2023), which a clerk may well type: it is not refused.

Examples
--------
>>> rows = pd.DataFrame({"note": ["Dòng ví dụ — thay bằng số liệu thật", "đi muộn", None]})
>>> example_rows(rows, "visits").tolist()
[True, False, False]
"""

from __future__ import annotations

from datetime import date
from typing import TypeAlias

import pandas as pd

from geo.i18n import LANGUAGES, N_, _, language
from geo.places.names import fold

__all__ = [
    "EXAMPLE_COMMUNE",
    "EXAMPLE_NOTE",
    "EXAMPLE_TARGET",
    "EXAMPLE_VISIT",
    "example_reason",
    "example_rows",
]

Value: TypeAlias = str | int | float | date | None

#: The note of the example visit (catalog id: written in the template's language).
EXAMPLE_NOTE = N_("Dòng ví dụ — thay bằng số liệu thật")
#: The commune of the example row when no registry is given (Phường Lê Hồng Phong, Phủ Lý).
EXAMPLE_COMMUNE: dict[str, Value] = {
    "code": "13291",
    "commune": "Lê Hồng Phong",
    "district": "Phủ Lý",
    "lat": 20.537,
    "lon": 105.918,
}
#: The example visit (its place type is written as its label in the template's language).
EXAMPLE_VISIT: dict[str, Value] = {
    "date": date(2023, 3, 14),
    "team": "Tổ 1",
    "place_type": "household",
    "place_name": "Tổ dân phố số 3",
    "start": "18:00",
    "end": "21:30",
    "households": 25,
    "people_guided": 40,
    "registered": 18,
    "activated": 15,
    "services_used": 6,
    "note": EXAMPLE_NOTE,
}
#: The example target (its commune is the registry's first).
EXAMPLE_TARGET: dict[str, Value] = {
    "as_of": date(2023, 5, 31),
    "population": 20605,
    "eligible": 15800,
    "quota": 12000,
    "activated_baseline": 10150,
}


def _example_notes() -> frozenset[str]:
    """Return the example note in every language, folded."""
    notes = set()
    for lang in LANGUAGES:
        with language(lang):
            notes.add(" ".join(fold(_(EXAMPLE_NOTE)).split()))
    return frozenset(notes)


def example_rows(parsed: pd.DataFrame, kind: str) -> pd.Series:
    """Tell which parsed rows are the template's example visit left in the file.

    Parameters
    ----------
    parsed : DataFrame
        Parsed rows (``note`` for visits).
    kind : {"visits", "targets"}
        Kind of file (a targets file has no example to refuse).

    Returns
    -------
    Series of bool
        Aligned on ``parsed``.

    Examples
    --------
    >>> example_rows(pd.DataFrame({"note": ["Example row — replace it with real figures"]}),
    ...              "visits").tolist()
    [True]
    """
    if kind != "visits" or "note" not in parsed:
        return pd.Series(False, index=parsed.index)
    notes = _example_notes()
    written = [v for v in parsed["note"].dropna().unique() if isinstance(v, str)]
    return parsed["note"].isin([v for v in written if " ".join(fold(v).split()) in notes])


def example_reason() -> str:
    """Say why the example row is refused, in the language in use.

    Returns
    -------
    str
        The reason shown against the row.

    Examples
    --------
    >>> print(example_reason())
    đây là dòng ví dụ của tệp mẫu — xóa dòng này hoặc thay bằng số liệu thật
    """
    return _("đây là dòng ví dụ của tệp mẫu — xóa dòng này hoặc thay bằng số liệu thật")
