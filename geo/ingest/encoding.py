"""Decoding a CSV file's bytes, whatever tool wrote them, to Unicode NFC text.

A byte-order mark settles UTF-8 and UTF-16; zero bytes betray UTF-16 without one; otherwise
UTF-8 is tried strictly. Text that is not UTF-8 is either Windows-1258 (Excel's "CSV" on a
Vietnamese Windows) or the legacy TCVN3 (ABC) font encoding of the .VnTime fonts: both decodings
are scored by how much they look like Vietnamese (:func:`vietnamese_score`: valid accented
syllables count for, garbage against) and the better one wins.

Examples
--------
>>> decode_text("Phủ Lý".encode("utf-16"))
('Phủ Lý', 'utf-16')
>>> decode_text("Hà Nam, Đông Hà".encode("cp1258"))
('Hà Nam, Đông Hà', 'windows-1258')
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from geo.fmt import format_int
from geo.i18n import _
from geo.ingest.errors import FileError

__all__ = ["decode_file", "decode_text", "vietnamese_score"]

# TCVN 5712:1993 VN3 ("ABC", fonts .VnTime): lower-case letters with tone marks and the seven
# upper-case letters without tone. Upper-case letters with tone marks have no code in VN3 (the
# ".VnTimeH" fonts draw the lower-case codes as capitals); the codes left out below are unused.
_TCVN3_CHARS = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
    0xA0: "\u00a0",
}  # fmt: skip
_TCVN3_KNOWN_BYTES = bytes(range(0x80)) + bytes(sorted(_TCVN3_CHARS))

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = "aăâeêioôơuưy"
_NUCLEI_TEXT = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui "
    "uô uơ uy ưa ưi ưu ươ yê iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu"
)
_NUCLEI = frozenset(_NUCLEI_TEXT.split())
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnpqrstvx])?"
    rf"(?P<nucleus>[{_VOWELS}]{{1,3}})(?:ch|ng|nh|[cmnpt])?$"
)
_LETTER_WORD = re.compile(r"[^\W\d_]+")
_NEUTRAL = frozenset(
    "\u00a0\u201c\u201d\u2018\u2019\u2013\u2014\u2026\u2022\u00b0\u20ab\u00ab\u00bb"
)


def _is_syllable(word: str) -> bool:
    lower = unicodedata.normalize("NFD", word.lower())
    if sum(lower.count(t) for t in _TONE_MARKS) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in lower if ch not in _TONE_MARKS))
    found = _SYLLABLE.match(bare)
    return found is not None and found["nucleus"] in _NUCLEI


def vietnamese_score(text: str) -> int:
    """Score how much a text looks like Vietnamese.

    Each word with a non-ASCII letter counts +1 when it is a valid Vietnamese syllable and -3
    when it is not; each non-ASCII character that is neither a letter nor common typography
    (quotes, dashes, ellipsis, ₫, ...) counts -3.

    Parameters
    ----------
    text : str
        Decoded text, NFC.

    Returns
    -------
    int
        Positive for Vietnamese, negative for mojibake; 0 for plain ASCII.

    Examples
    --------
    >>> vietnamese_score("Đồng Hoá, Thanh Hà"), vietnamese_score("Phá»§ LÃ½")
    (3, -8)
    """
    score = 0
    for word, n in Counter(_LETTER_WORD.findall(text)).items():
        if not word.isascii():
            score += n if _is_syllable(word) else -3 * n
    for ch, n in Counter(text).items():
        if ord(ch) >= 0x80 and not ch.isalpha() and ch not in _NEUTRAL:
            score -= 3 * n
    return score


def decode_text(raw: bytes) -> tuple[str, str]:
    r"""Decode a CSV/text file and normalise it to NFC.

    Parameters
    ----------
    raw : bytes
        File content.

    Returns
    -------
    tuple
        ``(text, encoding)`` where encoding is ``"utf-8-sig"``, ``"utf-16"``, ``"utf-8"``,
        ``"windows-1258"`` or ``"tcvn3"``.

    Raises
    ------
    ValueError
        When the encoding is not recognised, or is TCVN3 (ABC) with codes outside the table
        (the message, in the language in use, names the encoding).

    Examples
    --------
    >>> decode_text(b"H\xb5 Nam, Ph\xf1 L\xfd")
    ('Hà Nam, Phủ Lý', 'tcvn3')
    """
    try:
        text, encoding = decode_file(raw)
    except FileError as exc:
        raise ValueError(str(exc)) from None
    return text, encoding


def decode_file(raw: bytes) -> tuple[str, str]:
    """Decode a CSV file as :func:`decode_text` does, for the import.

    Parameters
    ----------
    raw : bytes
        File content.

    Returns
    -------
    tuple
        ``(text, encoding)``, as :func:`decode_text`.

    Raises
    ------
    FileError
        When the file is binary, its encoding is not recognised, or its bytes contradict the
        encoding it declares or seems to use.

    Examples
    --------
    >>> decode_file("Ngày".encode("utf-8-sig"))
    ('Ngày', 'utf-8-sig')
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return _strict(raw[3:], "utf-8", "UTF-8"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(raw, "utf-16", "UTF-16"), "utf-16"
    sample = raw[:4096]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
        # UTF-16 without BOM: every other byte of ASCII text is zero.
        little = sample[1::2].count(0) > sample[0::2].count(0)
        codec = "utf-16-le" if little else "utf-16-be"
        return _strict(raw, codec, "UTF-16"), "utf-16"
    if b"\x00" in sample:
        raise FileError(
            _("Tệp không phải là văn bản CSV (có ký tự nhị phân) — hãy chọn tệp .csv hoặc .xlsx")
        )
    try:
        return unicodedata.normalize("NFC", raw.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    return _legacy(raw)


# Tell Windows-1258 from TCVN3 (ABC) by scoring the first 200 kB decoded either way.
def _legacy(raw: bytes) -> tuple[str, str]:
    head = raw[:200_000]
    try:
        cp_text = raw.decode("cp1258")
        cp_score = vietnamese_score(unicodedata.normalize("NFC", cp_text[: len(head)]))
    except UnicodeDecodeError:
        cp_text, cp_score = None, None
    unknown_in_head = len(head.translate(None, _TCVN3_KNOWN_BYTES))
    tc_score = (
        vietnamese_score(head.decode("latin-1").translate(_TCVN3_CHARS)) - 5 * unknown_in_head
    )
    if tc_score > 0 and (cp_score is None or tc_score > cp_score):
        unknown = raw.translate(None, _TCVN3_KNOWN_BYTES)
        if unknown:
            shown = ", ".join(f"0x{b:02X}" for b in sorted(set(unknown))[:5])
            raise FileError(
                _(
                    "Tệp có vẻ dùng bảng mã TCVN3 (ABC) nhưng có mã ký tự không chuyển được "
                    "({codes}) — hãy chuyển tệp sang Unicode (ví dụ Unikey: Ctrl+Shift+F6) rồi "
                    "lưu lại dạng «CSV UTF-8»"
                ).format(codes=shown)
            )
        text = raw.decode("latin-1").translate(_TCVN3_CHARS)
        return unicodedata.normalize("NFC", text), "tcvn3"
    if cp_text is not None and cp_score is not None and cp_score >= 0:
        return unicodedata.normalize("NFC", cp_text), "windows-1258"
    raise FileError(
        _(
            "Không nhận ra bảng mã của tệp (không phải UTF-8, UTF-16, Windows-1258 hay TCVN3 "
            "(ABC)) — hãy mở tệp trong Excel và lưu lại dạng «CSV UTF-8»"
        )
    )


def _strict(raw: bytes, codec: str, label: str) -> str:
    try:
        return unicodedata.normalize("NFC", raw.decode(codec))
    except UnicodeDecodeError as exc:
        raise FileError(
            _(
                "Tệp khai báo bảng mã {encoding} nhưng có byte sai ở vị trí {position} — hãy lưu "
                "lại dạng «CSV UTF-8»"
            ).format(encoding=label, position=format_int(exc.start))
        ) from None
