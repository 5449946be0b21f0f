"""Search communes by name as officers type them: with or without diacritics, any case, prefixes.

Officers type on phones and keyboards without a Vietnamese input method, so ``"le hong phong"``,
``"LE HONG PHONG"``, ``"P. Lê Hồng Phong"``, ``"phuong le hong"`` and ``"lê hồng"`` must all find
«Phường Lê Hồng Phong». The keys are those the import's :class:`~geo.places.names.CommuneMatcher`
matches on (:mod:`geo.places.spelling`: :func:`~geo.places.spelling.fold`,
:func:`~geo.places.spelling.split_unit_prefix`).

How a name matches a query (:func:`matches`): after :func:`name_key` (folded to lower-case ASCII,
the unit prefix dropped, punctuation made a space), **every word of the query is the beginning of
some word of the name**, in any order. The name's words include its unit word and its
abbreviation, so ``"phuong"`` or ``"p"`` alone lists the wards and ``"tt"`` the townships. A query
typed without spaces also matches when it begins the name written without spaces
(``"lehong"``). Word beginnings rather than any substring, so that ``"an"`` finds «Xã An Nội»
and not every «Thanh …». When nothing matches, :func:`suggest` names the closest communes
(rapidfuzz on the same keys) for :func:`not_found_message`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz, process

from geo.i18n import _
from geo.places.spelling import fold, split_unit_prefix

__all__ = [
    "SUGGEST_FROM",
    "filter_by_name",
    "matches",
    "name_key",
    "not_found_message",
    "suggest",
]

_NOT_WORD = re.compile(r"[^0-9a-z]+")
# One-letter abbreviations typed without their dot ("p le hong phong", "x an noi"), which
# :func:`geo.places.spelling.split_unit_prefix` leaves alone. No commune name has a one-letter
# word, so they are always unit prefixes.
_BARE_LETTER_PREFIX = re.compile(r"^[px]\s+(?=\S)")
# A name's unit also answers to its abbreviation ("tt" alone lists the townships).
_ABBREVIATIONS = {"phường": "p", "xã": "x", "thị trấn": "tt"}
#: Lowest rapidfuzz ``ratio`` (0-100, the scorer of the import's matcher) :func:`suggest` offers.
SUGGEST_FROM = 60.0


def _words(folded: str) -> str:
    """Letters and digits of folded text, every other run of characters made one space."""
    return _NOT_WORD.sub(" ", folded).strip()


def name_key(text: str) -> str:
    """Return the search key of a name or a query.

    Case-folded ASCII (diacritics removed, ``đ`` → ``d``), the unit prefix or its abbreviation
    dropped (``P.``, ``X.``, ``TT``, ``TT.``, ``Phường``, ``Xã``, ``Thị trấn``, ``phuong``, ``xa``,
    ``thi tran``, ``p``, ``x``), punctuation made a space, spacing collapsed. A prefix alone (the
    user is still typing) is kept: ``"phuong"`` stays ``"phuong"``.

    Parameters
    ----------
    text : str
        A commune name or what a user typed.

    Returns
    -------
    str
        The key (``""`` for blank text).

    Examples
    --------
    >>> name_key("Phường Lê Hồng Phong"), name_key("P.LE HONG  PHONG"), name_key("tt. Vĩnh Trụ")
    ('le hong phong', 'le hong phong', 'vinh tru')
    >>> name_key("Xã Đồng Hóa"), name_key("x dong hoa"), name_key("Lê Hồng Phong (Phủ Lý)")
    ('dong hoa', 'dong hoa', 'le hong phong phu ly')
    >>> name_key("phuong"), name_key("  ")
    ('phuong', '')
    """
    return _cached_key(str(text))


@lru_cache(maxsize=8192)
def _cached_key(text: str) -> str:
    """Compute :func:`name_key` (names repeat at every rerun of a page: computed once each)."""
    bare = split_unit_prefix(text)[1]
    return _words(_BARE_LETTER_PREFIX.sub("", fold(bare)))


@lru_cache(maxsize=8192)
def _name_words(name: str) -> tuple[tuple[str, ...], str, str]:
    """Split a name into its words (unit word included), its key and its key without spaces."""
    unit, _bare = split_unit_prefix(str(name))
    key = name_key(name)
    abbreviation = [_ABBREVIATIONS[unit]] if unit else []
    words = tuple(dict.fromkeys(_words(fold(str(name))).split() + key.split() + abbreviation))
    return words, key, key.replace(" ", "")


def matches(name: str, query: str) -> bool:
    """Tell whether a name matches what a user typed (the rule of the module docstring).

    Parameters
    ----------
    name : str
        A commune name as shown, e.g. ``"Phường Lê Hồng Phong"``.
    query : str
        What the user typed; blank matches every name.

    Returns
    -------
    bool
        True when every word of the query begins a word of the name, or when a query typed
        without spaces begins the name written without spaces.

    Examples
    --------
    >>> [matches("Phường Lê Hồng Phong", q) for q in ("le hong phong", "phuong le hong", "lê hồng")]
    [True, True, True]
    >>> matches("Phường Lê Hồng Phong", "lehongph"), matches("Phường Lê Hồng Phong", "hong phong")
    (True, True)
    >>> matches("Xã Thanh Hà", "an"), matches("Xã An Nội", "an"), matches("Xã An Nội", "")
    (False, True, True)
    """
    wanted = name_key(query)
    if not wanted:
        return True
    words, _key, compact = _name_words(name)
    parts = wanted.split()
    if all(any(w.startswith(p) for w in words) for p in parts):
        return True
    return len(parts) == 1 and compact.startswith(wanted)


def filter_by_name(frame: pd.DataFrame, query: str, column: str) -> pd.DataFrame:
    """Keep the rows whose name matches a query typed with or without diacritics.

    Parameters
    ----------
    frame : DataFrame
        Rows to search, in the order to show them.
    query : str
        What the user typed; blank keeps every row.
    column : str
        The column of names (e.g. ``"full_name"``).

    Returns
    -------
    DataFrame
        The matching rows (:func:`matches`) in their order, with their index; ``frame`` itself
        for a blank query.

    Examples
    --------
    >>> df = pd.DataFrame({"full_name": ["Phường Lê Hồng Phong", "Xã An Nội", "Phường Lê Hồ"]})
    >>> filter_by_name(df, "le ho", "full_name").index.tolist()
    [0, 2]
    >>> filter_by_name(df, "P. LE HONG PHONG", "full_name")["full_name"].tolist()
    ['Phường Lê Hồng Phong']
    >>> len(filter_by_name(df, " ", "full_name")), len(filter_by_name(df, "zzz", "full_name"))
    (3, 0)
    """
    if not name_key(query or ""):
        return frame
    keep = [matches(str(name), query) for name in frame[column]]
    return frame[pd.Series(keep, index=frame.index, dtype=bool)]


def suggest(query: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """Return the names closest to a query that matched nothing (rapidfuzz on the search keys).

    Parameters
    ----------
    query : str
        What the user typed.
    names : iterable of str
        The names to choose from, as shown (duplicates are offered once).
    limit : int, default 3
        At most this many names.

    Returns
    -------
    list of str
        The closest names, best first, each scoring at least :data:`SUGGEST_FROM` (rapidfuzz
        ``ratio`` of the keys, as :class:`~geo.places.names.CommuneMatcher` scores); empty for
        a blank query or when nothing comes close.

    Examples
    --------
    >>> names = ["Phường Lê Hồng Phong", "Phường Lê Hồ", "Xã An Nội", "Xã Thanh Hà"]
    >>> suggest("le hong fong", names)[0]
    'Phường Lê Hồng Phong'
    >>> suggest("thanh haa", names, limit=1), suggest("qqqq", names), suggest("", names)
    (['Xã Thanh Hà'], [], [])
    """
    wanted = name_key(query or "")
    if not wanted or limit <= 0:
        return []
    unique = list(dict.fromkeys(str(n) for n in names))
    keys = [name_key(n) for n in unique]
    scored = process.extract(
        wanted,
        keys,
        scorer=fuzz.ratio,
        limit=limit,
        score_cutoff=SUGGEST_FROM,
    )
    return [unique[index] for _key, _score, index in scored]


def not_found_message(query: str, suggestions: Iterable[str]) -> str:
    """Say, in the language in use, that a query found nothing, and offer the closest names.

    Parameters
    ----------
    query : str
        What the user typed (shown as typed, spacing collapsed).
    suggestions : iterable of str
        Names from :func:`suggest` (may be empty).

    Returns
    -------
    str
        ``Không tìm thấy «…». Có phải: …?``, or ``Không tìm thấy «…».`` without suggestions.

    Examples
    --------
    >>> not_found_message(" le  hong fong", ["Phường Lê Hồng Phong", "Phường Lê Hồ"])
    'Không tìm thấy «le hong fong». Có phải: Phường Lê Hồng Phong, Phường Lê Hồ?'
    >>> not_found_message("qqq", [])
    'Không tìm thấy «qqq».'
    """
    typed = " ".join(str(query).split())
    names = ", ".join(suggestions)
    if not names:
        return _("Không tìm thấy «{query}».").format(query=typed)
    return _("Không tìm thấy «{query}». Có phải: {names}?").format(query=typed, names=names)
