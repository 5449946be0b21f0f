"""Finding the header row of a file and telling which column is which.

Headers are compared folded (no diacritics, lower case, no brackets or punctuation), so
``"Xã/phường (*)"``, ``"xa phuong"`` and ``"XÃ PHƯỜNG"`` all name the commune column; every
header of the template in every language (``"Commune/ward"`` too), internal key and alias of
:mod:`geo.ingest.spec` is accepted, whatever the language in use. The messages (missing or
repeated columns) are in the language in use.

Examples
--------
>>> header_key("Số tài khoản đăng ký (*)")
'so tai khoan dang ky'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from functools import cache
from typing import TypeAlias

import pandas as pd

from geo.i18n import LANGUAGES, _, current_language, language
from geo.ingest.errors import FileError, shorten
from geo.ingest.spec import FieldSpec, FileSpec, spec_for
from geo.places.names import fold

__all__ = [
    "ColumnMappingError",
    "Columns",
    "header_key",
    "layout_key",
    "locate_header",
    "map_columns",
    "sheet_keys",
]

Columns: TypeAlias = dict[str, tuple[int, str]]
"""Field key -> (position of its column in the header row, header text as written)."""


class ColumnMappingError(FileError):
    """The columns cannot be told apart without the clerk: a required one is missing or repeated.

    Attributes
    ----------
    columns : Columns
        What was recognised so far.
    missing : tuple of str
        Keys of the required fields no column names (``"commune"`` for the commune, by name or
        code).
    """

    def __init__(self, message: str, columns: Columns, missing: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.columns = columns
        self.missing = missing


#: Ten non-blank rows are searched for the header row; a title block rarely takes more.
_HEADER_SEARCH_ROWS = 10


def _split_camel(text: str) -> str:
    """Start a word at each capital that follows a lower-case letter: ``SốHộ`` is ``Số Hộ``."""
    out = []
    for prev, ch in zip(" " + text, text, strict=False):
        out.append(" " + ch if ch.isupper() and prev.islower() else ch)
    return "".join(out)


#: The abbreviations officers write in headers (folded word -> folded words), expanded on both
#: sides of the comparison so that ``so_nguoi_hd`` names «Số người được hướng dẫn» through the
#: alias «số người hướng dẫn».
_ABBREVIATIONS = {
    "bd": "bat dau",
    "cd": "cong dan",
    "ct": "chi tieu",
    "dd": "dia diem",
    "dk": "dang ky",
    "ds": "dan so",
    "dvc": "dich vu cong",
    "dvctt": "dich vu cong truc tuyen",
    "dvhc": "don vi hanh chinh",
    "gc": "ghi chu",
    "hd": "huong dan",
    "hgd": "ho gia dinh",
    "kh": "kich hoat",
    "kt": "ket thuc",
    "ld": "luu dong",
    "lv": "lam viec",
    "qh": "quan huyen",
    "sl": "so",
    "tg": "thoi gian",
    "tk": "tai khoan",
    "tld": "to luu dong",
    "tt": "truc tuyen",
    "xp": "xa phuong",
}


def header_key(text: str) -> str:
    """Fold a header for comparison, without brackets, asterisks or punctuation.

    Underscores, dots and hyphens separate words as spaces do, a capital after a lower-case
    letter starts a word (``SoHo``), and the usual abbreviations are written out (``hd`` is
    ``huong dan``, ``dvc`` is ``dich vu cong``, ...).

    Parameters
    ----------
    text : str
        Header as written in the file.

    Returns
    -------
    str
        Lower-case ASCII words separated by single spaces.

    Examples
    --------
    >>> header_key("Xã/phường (*)"), header_key("  Tổ   lưu động [bắt buộc]")
    ('xa phuong', 'to luu dong')
    >>> header_key("so_nguoi_HD"), header_key("SL.Kích-hoạt"), header_key("SoHo")
    ('so nguoi huong dan', 'so kich hoat', 'so ho')
    """
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]|\*", " ", text)
    text = _split_camel(text)
    words = re.sub(r"[^0-9a-z]+", " ", fold(text)).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def _translations(message: str) -> list[str]:
    """Return a catalog message in every language, the source language first."""
    out = []
    for lang in LANGUAGES:
        with language(lang):
            out.append(_(message))
    return out


@cache
def _aliases(kind: str) -> dict[str, str]:
    """Map every accepted header of a kind of file (folded) to its field key.

    The template's header in every language comes first, then the key and the aliases; the
    result holds no text for display, so it does not depend on the language in use.

    Returns
    -------
    dict
        :func:`header_key` of a header -> field key.
    """
    out: dict[str, str] = {}
    for f in spec_for(kind).fields:
        for alias in (*_translations(f.header), f.key, *f.aliases):
            out.setdefault(header_key(alias), f.key)
    return out


@cache
def sheet_keys(kind: str) -> frozenset[str]:
    """List the names of the template's data sheet in every language, folded.

    Parameters
    ----------
    kind : str
        ``"visits"`` or ``"targets"``.

    Returns
    -------
    frozenset of str
        :func:`header_key` of each name (a workbook's sheet with one of them is read first).

    Examples
    --------
    >>> "luot lam viec" in sheet_keys("visits")
    True
    """
    return frozenset(header_key(t) for t in _translations(spec_for(kind).sheet_title))


def locate_header(cells: pd.DataFrame, spec: FileSpec) -> int | None:
    """Find the header row: the first of the first ten non-blank rows naming the most columns.

    Parameters
    ----------
    cells : DataFrame
        The file's cells as stripped text (``""`` for an empty cell), one row per file row.
    spec : FileSpec
        Kind of file expected.

    Returns
    -------
    int or None
        Position of the header row in ``cells``; ``None`` when no row names at least two
        columns.

    Examples
    --------
    >>> from geo.ingest.spec import spec_for
    >>> cells = pd.DataFrame([["DANH SÁCH", ""], ["Ngày", "Tổ"], ["14/03/2023", "Tổ 1"]])
    >>> locate_header(cells, spec_for("visits"))
    1
    """
    aliases = _aliases(spec.kind)
    best, best_hits = None, 1
    seen = 0
    for pos in range(len(cells)):
        values = [v for v in cells.iloc[pos].tolist() if v]
        if not values:
            continue
        hits = len({aliases[k] for v in values if (k := header_key(v)) in aliases})
        if hits > best_hits:
            best, best_hits = pos, hits
        seen += 1
        if seen >= _HEADER_SEARCH_ROWS:
            break
    return best


def layout_key(kind: str, header_cells: list[str]) -> str:
    """Name the layout of a file's header row, to remember how the clerk mapped its columns.

    Two files with the same headers in the same order (compared as :func:`header_key` folds
    them) have the same layout, whatever their format or the case and diacritics of the headers.

    Parameters
    ----------
    kind : str
        ``"visits"`` or ``"targets"``.
    header_cells : list of str
        Cells of the header row (blank cells are left out).

    Returns
    -------
    str
        16 hexadecimal characters.

    Examples
    --------
    >>> layout_key("visits", ["Ngay", "To", ""]) == layout_key("visits", ["NGÀY", "Tổ"])
    True
    >>> len(layout_key("visits", ["Ngày"]))
    16
    """
    folded = "\x1f".join(header_key(c) for c in header_cells if c)
    return hashlib.blake2b(f"{kind}\x1e{folded}".encode(), digest_size=8).hexdigest()


def _chosen(mapping: Mapping[str, str] | None, spec: FileSpec) -> dict[str, str]:
    """Key the clerk's mapping by :func:`header_key`, unknown field keys left out."""
    keys = {f.key for f in spec.fields}
    return {
        header_key(text): key for text, key in (mapping or {}).items() if key == "" or key in keys
    }


def map_columns(
    header_cells: list[str],
    spec: FileSpec,
    notes: list[str],
    mapping: Mapping[str, str] | None = None,
) -> Columns:
    """Tell which column of the header row holds which field.

    Parameters
    ----------
    header_cells : list of str
        Cells of the header row.
    spec : FileSpec
        Kind of file expected.
    notes : list of str
        Receives a note naming the columns that were ignored.
    mapping : mapping of str to str, optional
        The clerk's choices: header text -> field key, or ``""`` to leave the column out. They
        come before the recognised headers.

    Returns
    -------
    Columns
        For each recognised field, its column position and header text.

    Raises
    ------
    ColumnMappingError
        When two columns name the same field or a required column is missing.
    FileError
        When a targets file has no count column at all.

    Examples
    --------
    >>> from geo.ingest.spec import spec_for
    >>> notes = []
    >>> map_columns(["Ngày", "Tổ", "Xã", "Loại", "Người nhập"], spec_for("visits"), notes)
    {'date': (0, 'Ngày'), 'team': (1, 'Tổ'), 'commune': (2, 'Xã'), 'place_type': (3, 'Loại')}
    >>> notes
    ['Đã bỏ qua cột không dùng đến: «Người nhập».']
    >>> map_columns(["Ngay LV", "Doi"], spec_for("visits"), [], {"Ngay LV": "date", "Doi": "team"})
    Traceback (most recent call last):
    ...
    geo.ingest.header.ColumnMappingError: Thiếu cột bắt buộc: «Xã/phường» hoặc «Mã xã», «Loại địa \
điểm» (hoặc «place type») — chọn cột tương ứng trong mục «Ghép cột», hoặc dùng tệp mẫu
    """
    aliases = _aliases(spec.kind)
    chosen = _chosen(mapping, spec)
    columns: Columns = {}
    ignored: list[str] = []
    repeated: str | None = None
    for pos, text in enumerate(header_cells):
        if not text:
            continue
        folded = header_key(text)
        key = chosen[folded] if folded in chosen else aliases.get(folded)
        if not key:
            ignored.append(text)
        elif key in columns:
            repeated = repeated or _(
                "Hai cột «{first}» và «{second}» cùng là cột «{label}» — chọn «Không nhập» cho "
                "một cột trong mục «Ghép cột»"
            ).format(first=columns[key][1], second=text, label=spec.field(key).label())
        else:
            columns[key] = (pos, text)
    if repeated:
        raise ColumnMappingError(repeated, columns)
    missing = [f for f in spec.fields if f.required and f.key not in columns]
    if "code" not in columns and "commune" not in columns:
        missing.insert(0, spec.field("commune"))
    if missing:
        parts = [_missing_column(f, spec) for f in missing]
        raise ColumnMappingError(
            _(
                "Thiếu cột bắt buộc: {columns} — chọn cột tương ứng trong mục «Ghép cột», hoặc "
                "dùng tệp mẫu"
            ).format(columns=", ".join(parts)),
            columns,
            tuple(f.key for f in missing),
        )
    if spec.kind == "targets" and not any(k in columns for k in spec.keys_of("count")):
        raise FileError(
            _("Không có cột số liệu nào: cần ít nhất một trong {columns}").format(
                columns=", ".join(f"«{spec.field(k).label()}»" for k in spec.keys_of("count"))
            )
        )
    if ignored:
        names = ", ".join(f"«{shorten(t, 40)}»" for t in ignored)
        notes.append(_("Đã bỏ qua cột không dùng đến: {names}.").format(names=names))
    return columns


def _missing_column(f: FieldSpec, spec: FileSpec) -> str:
    """Name a missing required column, with the other language's header (or an English alias).

    Returns
    -------
    str
        ``«Ngày» (hoặc «date»)`` in Vietnamese, ``«Date» (or «Ngày»)`` in English.
    """
    if f.key == "commune":
        return _("«{commune}» hoặc «{code}»").format(
            commune=f.label(), code=spec.field("code").label()
        )
    if current_language() == "en":
        other = f.header
    else:
        other = next((a for a in f.aliases if a.isascii()), f.key)
    return _("«{header}» (hoặc «{other}»)").format(header=f.label(), other=other)
