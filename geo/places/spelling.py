"""Vietnamese spelling, normalised: diacritics folded, tone marks placed, prefixes split.

The keys that :class:`geo.places.names.CommuneMatcher` matches on, and the short district names
the app shows: ``"Phường Lê Hồng Phong"`` and ``"p. le hong phong"`` fold to the same key,
``"Hòa"`` and ``"Hoà"`` (old and new tone placement) give the same :func:`tone_key`, and
``"Thành phố Phủ Lý"`` shortens to ``"Phủ Lý"``.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "clean_text",
    "district_short_name",
    "fold",
    "normalize_district",
    "normalize_name",
    "split_unit_prefix",
    "tone_key",
]

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
_SPACES = re.compile(r"\s+")

# Unit prefixes as written in the wild, on the NFC text. "phuong"/"xa" without diacritics are
# prefixes too, but "Phương ..." / "Xá ..." (with other diacritics) are parts of a name.
_UNIT_PREFIX_RE = re.compile(
    r"^(?:(?P<tt>thị\s*trấn|thi\s*tran|tt\.?)|(?P<p>phường|phuong|p\.)|(?P<x>xã|xa|x\.))"
    r"(?:\s+|(?<=\.))(?=\S)",
    re.IGNORECASE,
)
_DISTRICT_PREFIXES: tuple[str, ...] = (
    "thanh pho ",
    "thi xa ",
    "huyen ",
    "quan ",
    "tp. ",
    "tp.",
    "tp ",
    "tx. ",
    "tx.",
    "tx ",
    "h. ",
    "h.",
    "q. ",
    "q.",
)
_DISTRICT_PREFIX_RE = re.compile(
    r"^\s*(?:thành phố|thị xã|huyện|quận|tp\.?|tx\.?|h\.|q\.)\s*", re.IGNORECASE
)


def clean_text(text: str) -> str:
    """Normalise text to Unicode NFC with its whitespace collapsed and stripped.

    Parameters
    ----------
    text : str
        Text as typed or read from a file.

    Returns
    -------
    str
        The cleaned text.

    Examples
    --------
    >>> clean_text("  Thanh   Hà ")
    'Thanh Hà'
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Fold text to lower-case ASCII: diacritics removed, ``đ`` → ``d``, whitespace collapsed.

    Parameters
    ----------
    text : str
        Vietnamese text.

    Returns
    -------
    str
        The folded text.

    Examples
    --------
    >>> fold("  Phường  LÊ Hồng   Phong ")
    'phuong le hong phong'
    >>> fold("Đồng Hóa")
    'dong hoa'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def tone_key(text: str) -> str:
    """Make a lower-case key that keeps diacritics but ignores where the tone mark sits.

    The tone of each word is moved to its end, so the old and new spellings
    ``"Hòa"`` / ``"Hoà"`` and ``"Thủy"`` / ``"Thuỷ"`` give the same key.

    Parameters
    ----------
    text : str
        Vietnamese text.

    Returns
    -------
    str
        The key (NFC letters of each word followed by its combining tone mark).

    Examples
    --------
    >>> tone_key("Nhân Hòa") == tone_key("nhân  hoà")
    True
    >>> tone_key("Thanh Hà") == tone_key("Thanh Hạ")
    False
    """
    words = []
    for word in _SPACES.sub(" ", text).strip().lower().split(" "):
        decomposed = unicodedata.normalize("NFD", word)
        tones = "".join(ch for ch in decomposed if ch in _TONES)
        base = "".join(ch for ch in decomposed if ch not in _TONES)
        words.append(unicodedata.normalize("NFC", base) + tones)
    return " ".join(words)


def split_unit_prefix(text: str) -> tuple[str | None, str]:
    """Split a unit prefix (``"P."``, ``"Phường"``, ``"X."``, ``"xã"``, ``"TT"``, ``"thị trấn"``).

    Parameters
    ----------
    text : str
        A commune as written by a user.

    Returns
    -------
    tuple
        ``(unit type or None, rest of the text)``; the type is ``"phường"``, ``"xã"`` or
        ``"thị trấn"``.

    Examples
    --------
    >>> split_unit_prefix("P. Lê Hồng Phong")
    ('phường', 'Lê Hồng Phong')
    >>> split_unit_prefix("Xuân Khê")
    (None, 'Xuân Khê')
    """
    clean = unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip())
    found = _UNIT_PREFIX_RE.match(clean)
    if found is None:
        return None, clean
    unit = "thị trấn" if found["tt"] else "phường" if found["p"] else "xã"
    return unit, clean[found.end() :].strip()


def normalize_name(text: str) -> str:
    """Fold a commune name without its unit prefix (the key of diacritic-insensitive matching).

    Parameters
    ----------
    text : str
        A commune name, with or without prefix and diacritics.

    Returns
    -------
    str
        The folded name.

    Examples
    --------
    >>> normalize_name("TT. Vĩnh Trụ")
    'vinh tru'
    >>> normalize_name("phuong  Le Hong Phong")
    'le hong phong'
    """
    return fold(split_unit_prefix(text)[1])


def district_short_name(name: str) -> str:
    """Drop ``Huyện`` / ``Thành phố`` / ``Thị xã`` from a district name (keeps diacritics).

    Parameters
    ----------
    name : str
        District name, such as ``"Huyện Kim Bảng"``.

    Returns
    -------
    str
        The short name, such as ``"Kim Bảng"``.

    Examples
    --------
    >>> district_short_name("Thành phố Phủ Lý"), district_short_name("Huyện Kim Bảng")
    ('Phủ Lý', 'Kim Bảng')
    """
    return _DISTRICT_PREFIX_RE.sub("", unicodedata.normalize("NFC", name)).strip()


def normalize_district(text: str) -> str:
    """Fold a district name without its prefix (``"TP. Phủ Lý"`` → ``"phu ly"``).

    Parameters
    ----------
    text : str
        District name or abbreviation as written by a user.

    Returns
    -------
    str
        The folded short name.

    Examples
    --------
    >>> normalize_district("Huyện Thanh Liêm"), normalize_district("TP. Phủ Lý")
    ('thanh liem', 'phu ly')
    """
    folded = fold(text)
    for prefix in _DISTRICT_PREFIXES:
        if folded.startswith(prefix) and len(folded) > len(prefix):
            return folded[len(prefix) :].strip()
    return folded
