"""Row fingerprints: the same visit or target recognised however its file was saved.

A fingerprint is the 32-hex-digit BLAKE2b digest (16 bytes) of a canonical text of the columns
of :data:`FINGERPRINT_COLUMNS`: a date as ISO ``yyyy-mm-dd``, a text as it is (the reader has
already cleaned it: NFC, invisible characters removed), a count as an integer, and a missing
value as its own marker, distinct from ``""`` and from ``0``. Each text is written with its length
in front, so no text can imitate the separator. CSV with CRLF or a BOM, ``;``, UTF-16 with tabs,
XLSX: the reader gives the same accepted rows, hence the same fingerprints, and the store's
unique index on them (schema 7) counts each row once.

The function takes the columns by name and nothing else, so it works on the reader's accepted
frame (:attr:`geo.ingest.IngestResult.accepted`) and on the store's frames alike: in both, a
visit's ``team`` is the team's name, dates are datetimes (or ISO text, or ``datetime.date``),
counts are integers or missing. Columns outside the fingerprint (coordinates, note,
``source_row``, ids) are ignored.

Examples
--------
>>> import pandas as pd
>>> rows = pd.DataFrame({"code": ["13291", "13291"], "as_of": ["2023-05-31", "31/05/2023"],
...     "population": [20605, 20605], "eligible": [15800, 15800], "quota": [None, None],
...     "activated_baseline": [0, 0]})
>>> rows["as_of"] = pd.to_datetime(rows["as_of"], format="mixed", dayfirst=True)
>>> fp = fingerprints(rows, "targets")
>>> fp[0] == fp[1], len(fp[0])
(True, 32)
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from geo.i18n import _
from geo.schema import TARGET_COLUMNS, VISIT_COLUMNS

__all__ = ["FINGERPRINT_COLUMNS", "MISSING", "canonical_texts", "fingerprints"]

#: The columns that make a row what it is, per kind of file. Coordinates and the note are left
#: out: a row re-typed with another note or a rounded coordinate is still the same visit.
FINGERPRINT_COLUMNS: dict[str, list[str]] = {
    "visits": [c for c in VISIT_COLUMNS if c not in ("lat", "lon", "note")],
    "targets": list(TARGET_COLUMNS),
}
_DATES = {"date", "as_of"}
_COUNTS = {
    "households",
    "people_guided",
    "registered",
    "activated",
    "services_used",
    "population",
    "eligible",
    "quota",
    "activated_baseline",
}
#: The token of a missing value (no text, date or count token is ever ``~``).
MISSING = "~"
_SEPARATOR = "|"


def _tokens(s: pd.Series, column: str) -> np.ndarray:
    """Write one column's values as tokens: ``d2023-03-14``, ``i12``, ``s5:Tổ 1`` or ``~``.

    Each distinct value is written once (a column of 100,000 rows holds a few hundred).

    Returns
    -------
    numpy.ndarray of str objects
        One token per row.
    """
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    values = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    if column in _DATES:
        days = pd.to_datetime(values, format="mixed").to_numpy(dtype="datetime64[ns]")
        iso = days.astype("datetime64[D]").astype(str).tolist()
        words = [MISSING if d == "NaT" else "d" + d for d in iso]
    elif column in _COUNTS:
        num = pd.to_numeric(values, errors="coerce")
        missing = num.isna().to_numpy().tolist()
        ints = num.fillna(0).astype("int64").to_numpy().tolist()
        words = [MISSING if m else f"i{v}" for v, m in zip(ints, missing, strict=True)]
    else:
        texts = [v if type(v) is str else str(v) for v in values.tolist()]
        words = [f"s{len(t)}:{t}" for t in texts]
    table = np.array([*words, MISSING], dtype=object)  # code -1 (missing) is the last entry
    return table[codes]


def canonical_texts(frame: pd.DataFrame, kind: str) -> list[str]:
    """Write each row's canonical text, the input of its fingerprint.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows holding every column of ``FINGERPRINT_COLUMNS[kind]`` (others are ignored).
    kind : str
        ``"visits"`` or ``"targets"``.

    Returns
    -------
    list of str
        One text per row, in order.

    Raises
    ------
    ValueError
        Unknown kind, or a fingerprint column is missing from ``frame``.

    Examples
    --------
    >>> rows = pd.DataFrame({"code": ["13291"], "as_of": [pd.Timestamp("2023-05-31")],
    ...     "population": [None], "eligible": [0], "quota": [12000.0],
    ...     "activated_baseline": [pd.NA]})
    >>> canonical_texts(rows, "targets")
    ['s5:13291|d2023-05-31|~|i0|i12000|~']
    """
    return [_SEPARATOR.join(parts) for parts in _row_tokens(frame, kind)]


def _row_tokens(frame: pd.DataFrame, kind: str) -> zip[tuple[str, ...]]:
    """Tokenise the fingerprint columns of ``kind``.

    Returns
    -------
    zip of tuple of str
        Each row's tokens, in column order (nothing for an empty frame).

    Raises
    ------
    ValueError
        Unknown kind, or a fingerprint column is missing from ``frame``.
    """
    columns = FINGERPRINT_COLUMNS.get(kind)
    if columns is None:
        raise ValueError(_("Loại dữ liệu không hợp lệ: {kind}").format(kind=repr(kind)))
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        raise ValueError(
            _("Thiếu cột để nhận biết dòng trùng: {columns}.").format(columns=", ".join(absent))
        )
    tokens = [_tokens(frame[c].reset_index(drop=True), c).tolist() for c in columns]
    return zip(*tokens, strict=True)


def fingerprints(frame: pd.DataFrame, kind: str) -> pd.Series:
    """Fingerprint each row: 32 hex digits, equal for rows equal in ``FINGERPRINT_COLUMNS[kind]``.

    Parameters
    ----------
    frame : pandas.DataFrame
        The reader's accepted rows, or the store's visits or targets (a visit's ``team`` is the
        team's name).
    kind : str
        ``"visits"`` or ``"targets"``.

    Returns
    -------
    pandas.Series of str
        On ``frame``'s index.

    Raises
    ------
    ValueError
        Unknown kind, or a fingerprint column is missing from ``frame``.

    Examples
    --------
    >>> one = {"date": ["2023-03-14"], "team": ["Tổ 1"], "code": ["13291"],
    ...     "place_type": ["household"], "place_name": [None], "start": ["18:00"],
    ...     "end": ["21:30"], "households": [25], "people_guided": [40], "registered": [18],
    ...     "activated": [15], "services_used": [None]}
    >>> a = fingerprints(pd.DataFrame(one), "visits")
    >>> b = fingerprints(pd.DataFrame({**one, "place_name": [""]}), "visits")
    >>> c = fingerprints(pd.DataFrame({**one, "services_used": [0]}), "visits")
    >>> a[0] != b[0], a[0] != c[0], a[0] == fingerprints(pd.DataFrame(one), "visits")[0]
    (True, True, True)
    """
    digests = [
        hashlib.blake2b(_SEPARATOR.join(parts).encode("utf-8"), digest_size=16).hexdigest()
        for parts in _row_tokens(frame, kind)
    ]
    return pd.Series(digests, index=frame.index, dtype=object)
