"""Cleaning the text of a file's cells: what the eye reads is what is stored.

A cell's text is normalised to NFC; zero-width characters (U+200B, U+200C, U+200D, U+2060 and a
U+FEFF inside the text) are removed, so that «Tổ\u200d 1» is «Tổ 1»; full-width letters and
digits (U+FF00–U+FFEF, as an Asian input method types them) are read as their ASCII forms, so
that «１２» counts 12. Bidirectional controls (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) are
refused: they can make a text look like another one (a right-to-left override shows «1 ổT» as
«Tổ 1»). UTF-8 text read as Windows-1252 or Latin-1 (mojibake, «Tá»• 2» for «Tổ 2») is repaired
(:func:`ftfy.fix_encoding`, or the whole text read back as those bytes) when the repair no
longer looks garbled (:func:`ftfy.badness.is_bad`) and reads more like Vietnamese
(:func:`geo.ingest.encoding.vietnamese_score`); it is refused when it still looks garbled.

:func:`clean_text` cleans one text; :func:`clean_cells` cleans a grid of cells, once per distinct
text, and says which cells were refused and which repaired.

Examples
--------
>>> clean_text("Tá»• 2")
('Tổ 2', None)
>>> clean_text("１２"), clean_text("Tổ\u200d 1")
(('12', None), ('Tổ 1', None))
>>> print(clean_text("\u202e1 ổT")[1])  # doctest: +NORMALIZE_WHITESPACE
có ký tự điều khiển hướng chữ ẩn (U+202E) làm chữ hiển thị khác với nội dung thật — hãy gõ
lại ô này
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import ftfy
import numpy as np
import pandas as pd
from ftfy.badness import is_bad

from geo.i18n import _
from geo.ingest.encoding import vietnamese_score

__all__ = ["BIDI_CONTROLS", "ZERO_WIDTH", "clean_cells", "clean_text", "repaired_text"]

ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
"""Invisible characters removed from every cell."""
BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Bidirectional controls: a cell holding one is refused."""

_ZERO_WIDTH_RE = re.compile("[" + "".join(sorted(ZERO_WIDTH)) + "]")
_BIDI_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_FULL_WIDTH_RE = re.compile("[\uff00-\uffef]+")
#: What UTF-8 read as Windows-1252 / Latin-1 leaves: the character of a lead byte (0xC2-0xF4)
#: followed by the character of a continuation byte (0x80-0xBF).
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)

_NEEDS_WORK = re.compile(
    "|".join(p.pattern for p in (_ZERO_WIDTH_RE, _BIDI_RE, _FULL_WIDTH_RE, _MOJIBAKE_HINT))
)


def _full_width(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def _characters(text: str) -> tuple[str, str | None]:
    """Remove invisible characters, read full-width forms, refuse bidirectional controls."""
    reason = None
    if found := sorted(set(_BIDI_RE.findall(text))):
        codes = ", ".join(f"U+{ord(c):04X}" for c in found)
        reason = _(
            "có ký tự điều khiển hướng chữ ẩn ({codes}) làm chữ hiển thị khác với nội dung thật "
            "— hãy gõ lại ô này"
        ).format(codes=codes)
        text = _BIDI_RE.sub("", text)
    text = _ZERO_WIDTH_RE.sub("", text)
    text = _FULL_WIDTH_RE.sub(_full_width, text)
    return unicodedata.normalize("NFC", text).strip(), reason


def _round_trip(text: str) -> str | None:
    """Read a text back as Windows-1252 bytes (Latin-1 where it has none), then as UTF-8.

    Returns
    -------
    str or None
        The text those bytes spell in UTF-8; ``None`` when they are not UTF-8.
    """
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _repair(text: str) -> str | None:
    """Return the repaired reading of a mojibake text, ``None`` when there is none.

    The whole text read back as bytes is tried first (cheap, and right when the whole cell was
    mis-read), then :func:`ftfy.fix_encoding` (which also repairs a cell mis-read in parts).

    Returns
    -------
    str or None
        A reading that does not look garbled and reads more like Vietnamese.
    """
    score = vietnamese_score(text)
    bad: bool | None = None
    for attempt in (_round_trip, ftfy.fix_encoding):
        candidate = attempt(text)
        if candidate is None:
            continue
        candidate = unicodedata.normalize("NFC", candidate)
        if candidate == text:
            continue
        gain = vietnamese_score(candidate) - score
        if gain == 0 and bad is None:
            bad = is_bad(text)
        if (gain > 0 or (gain == 0 and bad)) and not is_bad(candidate):
            return candidate
    return None


def _clean_once(text: str) -> tuple[str, str | None, bool]:
    """One round of cleaning: ``(text, reason to refuse or None, whether it was repaired)``."""
    text = unicodedata.normalize("NFC", _ZERO_WIDTH_RE.sub("", text))
    repaired = False
    if _MOJIBAKE_HINT.search(text):
        fixed = _repair(text)
        if fixed is not None:
            text, repaired = fixed, True
        elif is_bad(text):
            shown, _reason = _characters(text)
            return (
                shown,
                _(
                    "chữ bị lỗi mã hóa («{value}») và không sửa được — hãy lưu lại tệp dạng "
                    "«CSV UTF-8» hoặc gõ lại ô này"
                ).format(value=shown),
                False,
            )
    text, reason = _characters(text)
    return text, reason, repaired


def _clean(value: str) -> tuple[str, str | None, bool]:
    """Clean one text until nothing changes (a repair can reveal an invisible character).

    Returns
    -------
    tuple
        ``(text, first reason to refuse or None, whether mojibake was repaired)``.
    """
    if value.isascii() or (
        not _NEEDS_WORK.search(value)
        and unicodedata.is_normalized("NFC", value)
        and value == value.strip()
    ):
        return value, None, False
    text, reason, repaired = value, None, False
    for _round in range(4):
        cleaned, why, fixed = _clean_once(text)
        reason, repaired = reason or why, repaired or fixed
        if cleaned == text:
            break
        text = cleaned
    return text, reason, repaired


def clean_text(value: str) -> tuple[str, str | None]:
    """Clean the text of one cell, or say why it must be refused.

    Parameters
    ----------
    value : str
        The cell's text as read from the file.

    Returns
    -------
    text : str
        NFC text without zero-width or bidirectional control characters, full-width forms read
        as ASCII, mojibake repaired, stripped.
    reason : str or None
        Why the cell is refused (a bidirectional control, mojibake that cannot be repaired), in
        the language in use; ``None`` when the cell is fine.

    Examples
    --------
    >>> clean_text("Nguyá»…n VÄƒn A"), clean_text("Ｔổ ３")
    (('Nguyễn Văn A', None), ('Tổ 3', None))
    >>> clean_text("\ufeffPhủ\u200b Lý ")
    ('Phủ Lý', None)
    >>> clean_text("Müller"), clean_text("“Tổ 1”")
    (('Müller', None), ('“Tổ 1”', None))
    """
    text, reason, _repaired = _clean(value)
    return text, reason


def repaired_text(value: str) -> bool:
    """Tell whether a text was mojibake that :func:`clean_text` repaired.

    Parameters
    ----------
    value : str
        The cell's text as read from the file.

    Returns
    -------
    bool
        ``True`` when the cleaned text is the repaired reading of UTF-8 bytes.

    Examples
    --------
    >>> repaired_text("Tá»• 2"), repaired_text("Tổ 2")
    (True, False)
    """
    return _clean(value)[2]


def clean_cells(
    cells: pd.DataFrame, factorized: Sequence[tuple[np.ndarray, np.ndarray]] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray, np.ndarray]:
    """Clean every cell of a grid, once per distinct text.

    Parameters
    ----------
    cells : DataFrame
        Text cells (``""`` for an empty cell).
    factorized : sequence of (ndarray, ndarray), optional
        Each column of ``cells`` as ``(codes, texts)`` with ``texts[codes]`` equal to it (as
        :class:`geo.ingest.grid.Grid` keeps them); the distinct texts are then not looked for
        again.

    Returns
    -------
    cleaned : DataFrame
        The cells cleaned as :func:`clean_text` does, same index and columns.
    reasons : DataFrame
        Why each cell is refused, ``None`` where it is fine; same index and columns.
    repaired : ndarray of bool
        Shape of ``cells``: which cells had their mojibake repaired.
    filled : ndarray of bool
        Shape of ``cells``: which cells hold any text once cleaned.

    Examples
    --------
    >>> cells = pd.DataFrame([["Tá»• 2", "1"], ["Tá»• 2", "\u202e2"]])
    >>> cleaned, reasons, repaired, filled = clean_cells(cells)
    >>> cleaned.values.tolist(), reasons.notna().values.tolist(), int(repaired.sum())
    ([['Tổ 2', '1'], ['Tổ 2', '2']], [[False, False], [False, True]], 2)
    >>> clean_cells(pd.DataFrame([["\u200b", "x"]]))[3].tolist()
    [[False, True]]
    """
    if factorized is None:
        factorized = [
            pd.factorize(cells[c].to_numpy(dtype=object), use_na_sentinel=False)
            for c in cells.columns
        ]
    texts, reasons, repaired, filled = {}, {}, [], []
    for col, (codes, uniques) in zip(cells.columns, factorized, strict=True):
        t, r, m = _clean_distinct(uniques)
        texts[col], reasons[col] = t[codes], r[codes]
        repaired.append(m[codes])
        filled.append((t != "")[codes])  # compared once per distinct text
    empty = np.zeros(cells.shape, dtype=bool)
    return (
        pd.DataFrame(texts, index=cells.index, columns=cells.columns, dtype=object),
        pd.DataFrame(reasons, index=cells.index, columns=cells.columns, dtype=object),
        np.column_stack(repaired) if repaired else empty,
        np.column_stack(filled) if filled else empty,
    )


# Clean distinct texts: the cleaned texts, the reasons (None where fine), which were repaired.
def _clean_distinct(uniques: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(uniques)
    texts = np.empty(n, dtype=object)
    reasons = np.full(n, None, dtype=object)
    repaired = np.zeros(n, dtype=bool)
    for i, value in enumerate(uniques):
        if isinstance(value, str) and not value.isascii():
            texts[i], reasons[i], repaired[i] = _clean(value)
        else:
            texts[i] = value
    return texts, reasons, repaired
