"""Import of visit logs and commune targets from CSV or XLSX files.

Bytes in, :class:`IngestResult` out: nothing here touches the database or the UI. Every data row of
the file ends up either in ``accepted`` (typed columns, see :data:`VISIT_COLUMNS` and
:data:`TARGET_COLUMNS`) or in ``rejected`` with one Vietnamese reason per problem that names the
row (as Excel numbers it: header = row 1), the column, the value and what was expected. Problems
with the whole file (encoding, missing columns, no data) go to ``file_errors`` and nothing is
accepted.

Accepted inputs
---------------
* CSV in UTF-8 (with or without BOM), UTF-16 (Excel "Unicode text", tab-separated), Windows-1258
  and the legacy TCVN3 (ABC) font encoding (converted); separator ``,`` ``;`` tab or ``|``.
* XLSX: the sheet named like the template, else the first sheet with a recognisable header row.
  Formula cells are rejected, never evaluated.
* Headers in Vietnamese (with or without diacritics) or English; unknown columns are ignored with a
  note. Dates ``dd/mm/yyyy``, ``yyyy-mm-dd`` or Excel serial numbers; times ``18:30``, ``18h30``,
  ``6:30 PM``. All text is normalised to Unicode NFC.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from geo.places.names import CommuneMatcher, fold
from geo.schema import PLACE_TYPE_LABELS, PLACE_TYPES, TARGET_COLUMNS, VISIT_COLUMNS

__all__ = [
    "read_upload",
    "rejected_xlsx",
    "FILE_HEADERS",
    "HA_NAM_BBOX",
    "MAX_NOTE_CHARS",
    "MIN_DATE",
    "PLACE_TYPES",
    "PLACE_TYPE_LABELS",
    "TARGET_COLUMNS",
    "VISIT_COLUMNS",
    "IngestResult",
    "decode_text",
    "read_targets",
    "read_visits",
    "template_xlsx",
]

MIN_DATE = date(2022, 1, 1)
"""Earliest date accepted for a visit or a target (the campaign started in 2023)."""
MAX_NOTE_CHARS = 2000
MAX_TEXT_CHARS = 200
MAX_TEAM_CHARS = 50
MAX_COUNT = 10_000_000
HA_NAM_BBOX = (105.7, 20.3, 106.25, 20.75)
"""(lon_min, lat_min, lon_max, lat_max) of the old Hà Nam province, in degrees (WGS 84)."""


@dataclass(frozen=True)
class IngestResult:
    """Outcome of reading one file.

    Attributes
    ----------
    kind : str
        ``"visits"`` or ``"targets"``.
    file_name : str
        Name of the uploaded file.
    sha256 : str
        Hex digest of the raw bytes (recognises a file imported twice).
    encoding : str or None
        Detected text encoding (``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"``, ``"windows-1258"``,
        ``"tcvn3"``); ``None`` for XLSX.
    accepted : DataFrame
        :data:`VISIT_COLUMNS` / :data:`TARGET_COLUMNS` + ``source_row``.
    rejected : DataFrame
        ``source_row, column, value, reason`` plus ``field`` (the internal column name, "" for a
        problem with the whole row); one line per problem.
    file_errors : list of str
        Problems with the whole file; when non-empty, ``accepted`` is empty.
    notes : list of str
        Information that did not stop the import (ignored columns, sheet used, encoding converted).
    """

    kind: str
    file_name: str
    sha256: str
    encoding: str | None
    accepted: pd.DataFrame
    rejected: pd.DataFrame
    file_errors: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def rows_ok(self) -> int:
        """Number of accepted rows."""
        return len(self.accepted)

    @property
    def rows_rejected(self) -> int:
        """Number of distinct rejected rows."""
        return int(self.rejected["source_row"].nunique()) if len(self.rejected) else 0


# --------------------------------------------------------------------------- column specification
@dataclass(frozen=True)
class _Field:
    key: str
    header: str  # Vietnamese header written in the template
    kind: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    hint: str = ""  # what is expected, for the instructions sheet


_COMMUNE_FIELDS = (
    _Field(
        "code",
        "Mã xã",
        "code",
        (
            "mã",
            "mã đơn vị",
            "mã xã phường",
            "mã đơn vị hành chính",
            "code",
            "commune code",
            "gso code",
            "commune_code",
        ),
        hint="mã 5 chữ số của Tổng cục Thống kê; ghi mã hoặc tên xã (hoặc cả hai)",
    ),
    _Field(
        "commune",
        "Xã/phường",
        "commune",
        (
            "xã",
            "phường",
            "xã phường thị trấn",
            "tên xã",
            "tên xã phường",
            "đơn vị hành chính cấp xã",
            "đơn vị",
            "commune",
            "ward",
            "commune ward",
            "commune name",
        ),
        hint="tên xã/phường/thị trấn, có hoặc không dấu",
    ),
    _Field(
        "district",
        "Huyện",
        "district",
        ("quận huyện", "huyện thị xã thành phố", "huyện thị", "district"),
        hint="không bắt buộc; dùng khi hai xã trùng tên",
    ),
)

_VISIT_FIELDS = (
    _Field(
        "date",
        "Ngày",
        "date",
        ("ngày làm việc", "ngày thực hiện", "date", "visit date"),
        True,
        "dd/mm/yyyy",
    ),
    _Field(
        "team",
        "Tổ lưu động",
        "team",
        ("tổ", "tên tổ", "tổ số", "team", "mobile team"),
        True,
        "ví dụ: Tổ 1",
    ),
    *_COMMUNE_FIELDS,
    _Field(
        "place_type",
        "Loại địa điểm",
        "place_type",
        ("loại", "loại nơi làm việc", "loại hình", "place type", "type"),
        True,
        "hộ gia đình / cơ quan / doanh nghiệp / trường học / khác",
    ),
    _Field(
        "place_name",
        "Tên địa điểm",
        "text",
        ("địa điểm", "nơi làm việc", "place name", "place", "location"),
        hint=f"không bắt buộc, tối đa {MAX_TEXT_CHARS} ký tự",
    ),
    _Field(
        "start",
        "Giờ bắt đầu",
        "time",
        ("bắt đầu", "từ giờ", "start", "start time"),
        hint="18:30, 18h30 hoặc 6:30 PM",
    ),
    _Field(
        "end",
        "Giờ kết thúc",
        "time",
        ("kết thúc", "đến giờ", "end", "end time"),
        hint="sau giờ bắt đầu",
    ),
    _Field(
        "households",
        "Số hộ đã đến",
        "count",
        ("số hộ", "hộ đã đến", "số hộ gia đình", "households", "households visited"),
        hint="số nguyên không âm",
    ),
    _Field(
        "people_guided",
        "Số người được hướng dẫn",
        "count",
        ("người được hướng dẫn", "số người hướng dẫn", "people guided", "guided"),
        hint="số nguyên không âm",
    ),
    _Field(
        "registered",
        "Số tài khoản đăng ký",
        "count",
        ("tài khoản đăng ký", "đăng ký", "số đăng ký", "accounts registered", "registered"),
        hint="số nguyên không âm",
    ),
    _Field(
        "activated",
        "Số tài khoản kích hoạt",
        "count",
        (
            "tài khoản kích hoạt",
            "kích hoạt",
            "số kích hoạt",
            "số tài khoản đã kích hoạt",
            "accounts activated",
            "activated",
        ),
        hint="không vượt số tài khoản đăng ký",
    ),
    _Field(
        "services_used",
        "Lượt dùng dịch vụ công trực tuyến",
        "count",
        (
            "lượt sử dụng dịch vụ công trực tuyến",
            "dịch vụ công trực tuyến",
            "dịch vụ công",
            "online service uses",
            "services used",
            "online services",
        ),
        hint="số nguyên không âm",
    ),
    _Field("lat", "Vĩ độ", "lat", ("lat", "latitude"), hint="không bắt buộc; 20,3 – 20,75"),
    _Field(
        "lon",
        "Kinh độ",
        "lon",
        ("lon", "lng", "long", "longitude"),
        hint="không bắt buộc; 105,7 – 106,25",
    ),
    _Field(
        "note",
        "Ghi chú",
        "note",
        ("note", "notes", "comment"),
        hint=f"không bắt buộc, tối đa {MAX_NOTE_CHARS:,} ký tự".replace(",", "."),
    ),
)

_TARGET_FIELDS = (
    *_COMMUNE_FIELDS,
    _Field(
        "as_of",
        "Tính đến ngày",
        "date",
        ("ngày số liệu", "đến ngày", "ngày", "as of", "date"),
        True,
        "dd/mm/yyyy",
    ),
    _Field("population", "Dân số", "count", ("số dân", "population"), hint="số nguyên không âm"),
    _Field(
        "eligible",
        "Công dân đủ điều kiện",
        "count",
        (
            "số công dân đủ điều kiện",
            "đủ điều kiện",
            "số người đủ điều kiện",
            "đã có cccd gắn chip",
            "eligible",
            "eligible citizens",
        ),
        hint="không vượt dân số",
    ),
    _Field(
        "quota",
        "Chỉ tiêu",
        "count",
        ("chỉ tiêu kích hoạt", "quota", "target"),
        hint="số nguyên không âm",
    ),
    _Field(
        "activated_baseline",
        "Đã kích hoạt",
        "count",
        (
            "số đã kích hoạt",
            "số tài khoản đã kích hoạt",
            "kích hoạt",
            "activated",
            "activated count",
            "activated baseline",
            "activated_baseline",
        ),
        hint="số chính thức; không vượt số công dân đủ điều kiện",
    ),
)


@dataclass(frozen=True)
class _Spec:
    kind: str
    fields: tuple[_Field, ...]
    sheet_title: str
    columns: list[str]

    def field(self, key: str) -> _Field:
        return next(f for f in self.fields if f.key == key)


_SPECS = {
    "visits": _Spec("visits", _VISIT_FIELDS, "Lượt làm việc", VISIT_COLUMNS),
    "targets": _Spec("targets", _TARGET_FIELDS, "Chỉ tiêu", TARGET_COLUMNS),
}


def _spec(kind: str) -> _Spec:
    try:
        return _SPECS[kind]
    except KeyError:
        raise ValueError(f"kind must be 'visits' or 'targets', not {kind!r}") from None


def _header_key(text: str) -> str:
    """Folded header without brackets or punctuation: ``"Xã/phường (*)"`` → ``"xa phuong"``."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]|\*", " ", text)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def _alias_map(spec: _Spec) -> dict[str, str]:
    out: dict[str, str] = {}
    for f in spec.fields:
        for alias in (f.header, f.key, *f.aliases):
            out.setdefault(_header_key(alias), f.key)
    return out


_ALIASES = {kind: _alias_map(spec) for kind, spec in _SPECS.items()}

#: The templates' header of every field, per kind (``{"visits": {"date": "Ngày", ...}, ...}``).
FILE_HEADERS = {kind: {f.key: f.header for f in spec.fields} for kind, spec in _SPECS.items()}


class _FileError(Exception):
    """A problem with the whole file (its message is shown to the user)."""


# ------------------------------------------------------------------------------------ encodings
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
_TCVN3_TRANSLATE = _TCVN3_CHARS  # str.translate table for text decoded as latin-1
_TCVN3_KNOWN_BYTES = bytes(range(0x80)) + bytes(sorted(_TCVN3_CHARS))

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = "aăâeêioôơuưy"
_VN_LETTERS = frozenset(
    unicodedata.normalize("NFC", v + t)
    for base in _VOWELS
    for v in (base, base.upper())
    for t in ("", *_TONE_MARKS)
) | frozenset("đĐ")
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


def _vietnamese_score(text: str) -> int:
    """How much ``text`` looks like Vietnamese: + per valid accented word, - per garbage."""
    score = 0
    for word, n in Counter(_LETTER_WORD.findall(text)).items():
        if not word.isascii():
            score += n if _is_syllable(word) else -3 * n
    for ch, n in Counter(text).items():
        if ord(ch) >= 0x80 and not ch.isalpha() and ch not in _NEUTRAL:
            score -= 3 * n
    return score


def decode_text(raw: bytes) -> tuple[str, str]:
    """Decode a CSV/text file and normalise it to NFC.

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
        (the message, in Vietnamese, names the encoding).

    Examples
    --------
    >>> decode_text(b"H\\xb5 Nam, Ph\\xf1 L\\xfd")
    ('Hà Nam, Phủ Lý', 'tcvn3')
    """
    try:
        text, encoding = _decode(raw)
    except _FileError as exc:
        raise ValueError(str(exc)) from None
    return text, encoding


def _decode(raw: bytes) -> tuple[str, str]:
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
        raise _FileError(
            "Tệp không phải là văn bản CSV (có ký tự nhị phân) — hãy chọn tệp .csv hoặc .xlsx"
        )
    try:
        return unicodedata.normalize("NFC", raw.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    head = raw[:200_000]
    try:
        cp_text = raw.decode("cp1258")
        cp_score = _vietnamese_score(unicodedata.normalize("NFC", cp_text[: len(head)]))
    except UnicodeDecodeError:
        cp_text, cp_score = None, None
    unknown_in_head = len(head.translate(None, _TCVN3_KNOWN_BYTES))
    tc_score = (
        _vietnamese_score(head.decode("latin-1").translate(_TCVN3_TRANSLATE)) - 5 * unknown_in_head
    )
    if tc_score > 0 and (cp_score is None or tc_score > cp_score):
        unknown = raw.translate(None, _TCVN3_KNOWN_BYTES)
        if unknown:
            shown = ", ".join(f"0x{b:02X}" for b in sorted(set(unknown))[:5])
            raise _FileError(
                "Tệp có vẻ dùng bảng mã TCVN3 (ABC) nhưng có mã ký tự không chuyển được "
                f"({shown}) — hãy chuyển tệp sang Unicode (ví dụ Unikey: Ctrl+Shift+F6) rồi "
                "lưu lại dạng «CSV UTF-8»"
            )
        text = raw.decode("latin-1").translate(_TCVN3_TRANSLATE)
        return unicodedata.normalize("NFC", text), "tcvn3"
    if cp_text is not None and cp_score is not None and cp_score >= 0:
        return unicodedata.normalize("NFC", cp_text), "windows-1258"
    raise _FileError(
        "Không nhận ra bảng mã của tệp (không phải UTF-8, UTF-16, Windows-1258 hay TCVN3 (ABC)) "
        "— hãy mở tệp trong Excel và lưu lại dạng «CSV UTF-8»"
    )


def _strict(raw: bytes, codec: str, label: str) -> str:
    try:
        return unicodedata.normalize("NFC", raw.decode(codec))
    except UnicodeDecodeError as exc:
        raise _FileError(
            f"Tệp khai báo bảng mã {label} nhưng có byte sai ở vị trí {exc.start:,}".replace(
                ",", "."
            )
            + " — hãy lưu lại dạng «CSV UTF-8»"
        ) from None


# ---------------------------------------------------------------------------------- reading grids
@dataclass
class _Grid:
    cells: pd.DataFrame  # str cells, columns 0..n-1, stripped
    rows: np.ndarray  # row number as the user sees it, one per cells row
    encoding: str | None
    source: str  # "csv" | "xlsx"
    field_counts: np.ndarray | None = None  # CSV: fields per record, one per cells row


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _csv_grid(raw: bytes) -> _Grid:
    text, encoding = _decode(raw)
    text = text.replace("\ufeff", "").replace("\u200b", "")
    if not text.strip():
        raise _FileError("Tệp không có nội dung")
    unquoted = re.sub(r'"(?:[^"]|"")*"', '""', text) if '"' in text else text
    lines = _LINE_BREAK.split(unquoted)  # the line ends the C parser knows, nothing more
    if lines and not lines[-1]:
        lines.pop()
    head = [ln for ln in lines if ln.strip()][:10]
    sep = max([",", ";", "\t", "|"], key=lambda d: max((ln.count(d) for ln in head), default=0))
    width = max((ln.count(sep) for ln in lines), default=0) + 1
    try:
        cells = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            names=list(range(width)),
            index_col=False,
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise _FileError(f"Không đọc được tệp CSV ({exc}) — hãy lưu lại dạng «CSV UTF-8»") from None
    for col in cells.columns:
        cells[col] = _strip_column(cells[col])
    # Without quoted sections, physical lines are records: count the fields of each.
    counts = np.array([ln.count(sep) + 1 if ln else 0 for ln in lines], dtype="int64")
    aligned = counts if len(counts) == len(cells) else None  # else: skip the width check
    return _Grid(cells, np.arange(1, len(cells) + 1), encoding, "csv", aligned)


def _strip_column(s: pd.Series) -> pd.Series:
    """Strip every cell (missing → ""), once per distinct value."""
    codes, uniques = pd.factorize(s, use_na_sentinel=False)
    clean = np.array(
        ["" if not isinstance(u, str) else u.strip() for u in uniques] or [""], dtype=object
    )
    return pd.Series(clean[codes], index=s.index, dtype=object)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.year < 1901 and value.date() in (date(1899, 12, 30), date(1899, 12, 31)):
            return f"{value:%H:%M}"
        if value.time() == time(0):
            return f"{value:%Y-%m-%d}"
        return f"{value:%Y-%m-%d %H:%M:%S}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value).strip()


def _xlsx_grid(raw: bytes, spec: _Spec, notes: list[str]) -> _Grid:
    import openpyxl  # local: only XLSX needs it

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception:  # any parse failure means "not a usable workbook"
        raise _FileError(
            "Không đọc được tệp Excel — chỉ nhận tệp .xlsx (Excel 2007 trở lên) hoặc .csv; "
            "hãy mở tệp trong Excel và lưu lại dạng .xlsx"
        ) from None
    try:
        sheets = list(book.worksheets)
        wanted = _header_key(spec.sheet_title)
        ordered = [s for s in sheets if _header_key(s.title) == wanted] + [
            s for s in sheets if _header_key(s.title) != wanted
        ]
        any_rows = False
        for sheet in ordered:
            rows = [
                [_cell_text(v) for v in _trim(values)]
                for values in sheet.iter_rows(min_row=1, values_only=True)
            ]
            if not any(rows):
                continue
            any_rows = True
            width = max(len(r) for r in rows)
            cells = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
            cells.columns = range(cells.shape[1])
            grid = _Grid(cells, np.arange(1, len(cells) + 1), None, "xlsx")
            if _locate_header(grid, spec) is not None:
                if len(sheets) > 1:
                    notes.append(f"Tệp có {len(sheets)} trang tính; đã đọc trang «{sheet.title}».")
                return grid
        if not any_rows:
            raise _FileError("Tệp Excel không có dữ liệu (các trang tính đều trống)")
        return _Grid(pd.DataFrame(), np.arange(0), None, "xlsx")
    finally:
        book.close()


def _trim(values: tuple) -> tuple:
    end = len(values)
    while end and (values[end - 1] is None or values[end - 1] == ""):
        end -= 1
    return values[:end]


def _locate_header(grid: _Grid, spec: _Spec) -> int | None:
    """Position (in ``grid.cells``) of the header row: the best of the first 10 non-blank rows."""
    aliases = _ALIASES[spec.kind]
    best, best_hits = None, 1
    seen = 0
    for pos in range(len(grid.cells)):
        values = [v for v in grid.cells.iloc[pos].tolist() if v]
        if not values:
            continue
        hits = len({aliases[k] for v in values if (k := _header_key(v)) in aliases})
        if hits > best_hits:
            best, best_hits = pos, hits
        seen += 1
        if seen >= 10:
            break
    return best


# ---------------------------------------------------------------------------------- value parsers
def _fmt_int(n: int | float) -> str:
    return f"{int(n):,}".replace(",", ".")


def _map_unique(
    s: pd.Series, func: Callable[[str], tuple[object, str | None]]
) -> tuple[pd.Series, pd.Series]:
    """Apply a scalar parser once per distinct value; returns (values, error details)."""
    codes, uniques = pd.factorize(s, use_na_sentinel=False)
    results = [func(u) for u in uniques]
    values = np.empty(len(results), dtype=object)
    errors = np.empty(len(results), dtype=object)
    for i, (v, e) in enumerate(results):
        values[i], errors[i] = v, e
    return (
        pd.Series(values[codes], index=s.index, dtype=object),
        pd.Series(errors[codes], index=s.index, dtype=object),
    )


_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_YMD = re.compile(
    r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)


def _parse_date(value: str) -> tuple[object, str | None]:
    if not value:
        return None, None
    if m := _DMY.match(value):
        day, month, year = (int(g) for g in m.groups())
    elif m := _YMD.match(value):
        year, month, day = (int(g) for g in m.groups())
    elif _SERIAL.match(value) and 20_000 <= float(value) <= 80_000:
        return _EXCEL_EPOCH + timedelta(days=int(float(value))), None
    else:
        return None, f"không đọc được ngày «{value}» — ghi theo dạng dd/mm/yyyy, ví dụ 14/03/2023"
    try:
        return date(year, month, day), None
    except ValueError:
        return None, (
            f"ngày «{value}» không có thật — ghi theo dạng dd/mm/yyyy (ngày/tháng/năm), "
            "ví dụ 14/03/2023"
        )


_TIME = re.compile(
    r"^(?P<h>\d{1,2})"
    r"(?:\s*(?P<sep>:|\.|h|g|giờ)\s*(?P<m>\d{2})?(?:\s*(?:phút|ph|p))?(?::(?P<s>\d{2}))?)?"
    r"\s*(?P<ap>am|pm|a\.m\.|p\.m\.|sa|ch|sáng|chiều|tối)?$"
)
_DAY_FRACTION = re.compile(r"^0?\.\d{3,}$")


def _parse_time(value: str) -> tuple[object, str | None]:
    if not value:
        return None, None
    text = value.lower().strip()
    bad = f"không đọc được giờ «{value}» — ghi dạng 18:30, 18h30 hoặc 6:30 PM"
    if _DAY_FRACTION.match(text):
        minutes = round(float(text) * 1440)
        return (f"{minutes // 60:02d}:{minutes % 60:02d}", None) if minutes < 1440 else (None, bad)
    m = _TIME.match(text)
    if m is None or not (m["sep"] or m["ap"]) or (m["sep"] in (":", ".") and not m["m"]):
        return None, bad
    hour, minute = int(m["h"]), int(m["m"] or 0)
    if m["ap"]:
        if not 1 <= hour <= 12:
            return None, f"giờ «{value}» không hợp lệ — với AM/PM giờ phải từ 1 đến 12"
        evening = m["ap"] in ("pm", "p.m.", "ch", "chiều", "tối")
        hour = hour % 12 + (12 if evening else 0)
    if hour > 23 or minute > 59:
        return None, f"giờ «{value}» không hợp lệ — giờ từ 00:00 đến 23:59"
    return f"{hour:02d}:{minute:02d}", None


_TEAM = re.compile(r"^(?:(?:to|team)\s*(?:luu dong\s*)?(?:so\s*)?)?0*(\d{1,4})$")


def _parse_team(value: str) -> tuple[object, str | None]:
    if not value:
        return None, "để trống — cần tên tổ lưu động, ví dụ «Tổ 1»"
    if m := _TEAM.match(fold(value)):
        return f"Tổ {int(m[1])}", None
    text = " ".join(value.split())
    if len(text) > MAX_TEAM_CHARS:
        return None, f"tên tổ dài {len(text)} ký tự, tối đa {MAX_TEAM_CHARS} ký tự"
    return text, None


_PLACE_ALIASES = {
    fold(alias): key
    for key, aliases in {
        "household": ("hộ gia đình", "hộ", "hgđ", "nhà dân", "household", "home", "house"),
        "agency": ("cơ quan", "cơ quan nhà nước", "agency", "office", "government"),
        "business": ("doanh nghiệp", "công ty", "dn", "business", "company", "enterprise"),
        "school": ("trường học", "trường", "school"),
        "other": ("khác", "other"),
    }.items()
    for alias in aliases
}
_PLACE_CHOICES = ", ".join(PLACE_TYPE_LABELS.values())


def _parse_place_type(value: str) -> tuple[object, str | None]:
    if not value:
        return None, f"để trống — chọn một trong: {_PLACE_CHOICES}"
    key = _PLACE_ALIASES.get(fold(value).replace("_", " "))
    if key is None:
        return None, f"không rõ loại địa điểm «{value}» — chọn một trong: {_PLACE_CHOICES}"
    return key, None


def _by_unique(
    s: pd.Series, parse: Callable[[pd.Series], tuple[pd.Series, pd.Series]]
) -> tuple[pd.Series, pd.Series]:
    """Run a vectorised parser on the distinct values of ``s`` only, then spread the results."""
    codes, uniques = pd.factorize(s, use_na_sentinel=False)
    values, errors = parse(pd.Series(np.asarray(uniques, dtype=object), dtype=object))
    return (
        pd.Series(values.to_numpy()[codes], index=s.index, dtype=values.dtype),
        pd.Series(errors.to_numpy(dtype=object)[codes], index=s.index, dtype=object),
    )


def _parse_counts(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Non-negative integers (``1.923`` / ``1,923`` are thousands), parsed per distinct value."""
    return _by_unique(s, _parse_counts_vector)


def _parse_counts_vector(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    t = s.str.replace(r"\s", "", regex=True)
    thousands = t.str.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+|[+-]?\d{1,3}(?:,\d{3})+")
    t = t.where(~thousands, t.str.replace(r"[.,]", "", regex=True))
    t = t.str.replace(r"^([+-]?\d+)[.,]0+$", r"\1", regex=True)
    is_int = t.str.fullmatch(r"[+-]?\d{1,15}")
    number = pd.to_numeric(t.where(is_int, None), errors="coerce").astype("Float64")
    blank = s == ""
    decimal = t.str.fullmatch(r"[+-]?\d*[.,]\d+") & ~is_int
    errors = pd.Series(None, index=s.index, dtype=object)
    errors[~blank & ~is_int] = "«" + s + "» không phải là số — ghi số nguyên không âm, ví dụ 12"
    errors[decimal] = "«" + s + "» không phải số nguyên — số lượng không có phần lẻ"
    negative = (number < 0).fillna(False)
    errors[negative] = "số âm («" + s + "») — số lượng không được âm"
    big = (number > MAX_COUNT).fillna(False)
    errors[big] = f"số quá lớn — tối đa {_fmt_int(MAX_COUNT)}"
    ok = errors.isna()
    values = number.where(ok).round().astype("Int64")
    return values, errors


def _parse_floats(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Decimal numbers (``20.54`` or ``20,54``), parsed per distinct value."""
    return _by_unique(s, _parse_floats_vector)


def _parse_floats_vector(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    t = s.str.replace(r"\s", "", regex=True)
    t = t.where(t.str.contains(".", regex=False), t.str.replace(",", ".", regex=False))
    number = pd.to_numeric(t.where(t.str.fullmatch(r"[+-]?\d+(?:\.\d+)?"), None), errors="coerce")
    errors = pd.Series(None, index=s.index, dtype=object)
    bad = (s != "") & number.isna()
    errors[bad] = "«" + s[bad] + "» không phải là số — ghi số thập phân, ví dụ 20,5412"
    return number.astype("float64"), errors


# --------------------------------------------------------------------------------------- errors
class _Errors:
    """Collects (row, field, value, detail) problems."""

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []

    def add(
        self,
        frame: pd.DataFrame,
        mask: pd.Series,
        fld: str,
        detail: str | pd.Series | Callable[[pd.Index], pd.Series | str],
    ) -> None:
        """Record a problem for the rows in ``mask``.

        ``detail`` is a text, a Series aligned on ``frame`` (full or already masked), or a
        function of the masked index that builds the texts only for the rows concerned.
        """
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        sub = frame.loc[mask]
        if callable(detail):
            detail = detail(sub.index)
        texts = (
            detail.reindex(sub.index).to_numpy(dtype=object)
            if isinstance(detail, pd.Series)
            else detail
        )
        self.parts.append(
            pd.DataFrame(
                {
                    "source_row": sub["source_row"].to_numpy(),
                    "field": fld,
                    "value": sub[fld].to_numpy() if fld in sub else "",
                    "detail": texts,
                }
            )
        )

    def add_series(self, frame: pd.DataFrame, fld: str, details: pd.Series) -> None:
        self.add(frame, details.notna(), fld, details)

    def rows(self) -> set[int]:
        if not self.parts:
            return set()
        return set(pd.concat(self.parts)["source_row"].tolist())

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(columns=["source_row", "field", "value", "detail"])
        return pd.concat(self.parts, ignore_index=True)


def _short(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


# ------------------------------------------------------------------------------------- pipeline
def read_visits(
    raw: bytes, file_name: str, communes: pd.DataFrame, *, today: date | None = None
) -> IngestResult:
    """Read a visit log (CSV or XLSX).

    Parameters
    ----------
    raw : bytes
        File content.
    file_name : str
        Name of the file (its extension helps tell CSV from XLSX).
    communes : DataFrame
        Commune registry (``geo.places.registry.communes``) to match names and codes against.
    today : date, optional
        Latest date accepted (defaults to the current date); injectable for tests.

    Returns
    -------
    IngestResult
        ``accepted`` has :data:`VISIT_COLUMNS` + ``source_row``.
    """
    return _read("visits", raw, file_name, communes, today or date.today())


def read_targets(
    raw: bytes, file_name: str, communes: pd.DataFrame, *, today: date | None = None
) -> IngestResult:
    """Read commune targets (population, eligible citizens, quota, official activated count).

    Parameters
    ----------
    raw : bytes
        File content.
    file_name : str
        Name of the file.
    communes : DataFrame
        Commune registry to match names and codes against.
    today : date, optional
        Latest ``as_of`` date accepted (defaults to the current date).

    Returns
    -------
    IngestResult
        ``accepted`` has :data:`TARGET_COLUMNS` + ``source_row``.
    """
    return _read("targets", raw, file_name, communes, today or date.today())


def _empty_accepted(spec: _Spec) -> pd.DataFrame:
    return _typed(pd.DataFrame({c: [] for c in [*spec.columns, "source_row"]}), spec)


def _empty_rejected() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_row": pd.Series([], dtype="int64"),
            "column": pd.Series([], dtype=object),
            "value": pd.Series([], dtype=object),
            "reason": pd.Series([], dtype=object),
            "field": pd.Series([], dtype=object),
        }
    )


def _read(
    kind: str, raw: bytes, file_name: str, communes: pd.DataFrame, today: date
) -> IngestResult:
    spec = _spec(kind)
    sha = hashlib.sha256(raw).hexdigest()
    notes: list[str] = []
    encoding: str | None = None
    try:
        if not raw.strip():
            raise _FileError("Tệp rỗng — không có dòng tiêu đề và dữ liệu")
        grid = _load(raw, file_name, spec, notes)
        encoding = grid.encoding
        if encoding == "tcvn3":
            notes.append("Tệp dùng bảng mã TCVN3 (ABC); đã chuyển sang Unicode.")
        accepted, rejected = _process(grid, spec, communes, today, notes)
    except _FileError as exc:
        return IngestResult(
            kind,
            file_name,
            sha,
            encoding,
            _empty_accepted(spec),
            _empty_rejected(),
            [str(exc)],
            notes,
        )
    return IngestResult(kind, file_name, sha, encoding, accepted, rejected, [], notes)


def _load(raw: bytes, file_name: str, spec: _Spec, notes: list[str]) -> _Grid:
    name = file_name.lower()
    if raw.startswith(b"PK\x03\x04"):
        return _xlsx_grid(raw, spec, notes)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise _FileError(
            "Tệp Excel 97-2003 (.xls) chưa được hỗ trợ — hãy mở trong Excel và lưu lại dạng .xlsx"
        )
    if name.endswith((".xlsx", ".xlsm")):
        raise _FileError("Tệp có đuôi .xlsx nhưng không phải tệp Excel hợp lệ")
    return _csv_grid(raw)


def _process(
    grid: _Grid, spec: _Spec, communes: pd.DataFrame, today: date, notes: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    header_pos = _locate_header(grid, spec)
    if header_pos is None:
        wanted = ", ".join(f"«{f.header}»" for f in spec.fields if f.required)
        raise _FileError(
            f"Không tìm thấy dòng tiêu đề — dòng đầu tiên phải có tên cột như {wanted}; "
            "hãy dùng tệp mẫu"
        )
    header_cells = grid.cells.iloc[header_pos].tolist()
    header_row = int(grid.rows[header_pos])
    columns = _map_columns(header_cells, spec, notes)

    body = grid.cells.iloc[header_pos + 1 :]
    rows = grid.rows[header_pos + 1 :]
    nonblank = (body != "").any(axis=1).to_numpy()
    body, rows = body.loc[nonblank], rows[nonblank]
    if body.empty:
        raise _FileError(f"Tệp chỉ có dòng tiêu đề (dòng {header_row}), chưa có dòng dữ liệu nào")
    frame = pd.DataFrame({"source_row": rows.astype("int64")}, index=body.index)
    for key, (col, _) in columns.items():
        frame[key] = body[col]
    for f in spec.fields:
        if f.key not in frame:
            frame[f.key] = ""
    frame = frame.reset_index(drop=True)
    body = body.reset_index(drop=True)

    errors = _Errors()
    headers = {key: text for key, (_, text) in columns.items()}
    # CSV rows with more cells than the header: usually a separator inside an unquoted value.
    if grid.field_counts is not None:
        width = int(grid.field_counts[header_pos])
        counts = grid.field_counts[header_pos + 1 :][nonblank]
        extra = pd.Series(counts > width, index=frame.index) & (body.iloc[:, width:] != "").any(
            axis=1
        )
        n_cells = pd.Series(counts, index=frame.index)
        errors.add(
            frame,
            extra,
            "",
            lambda idx: (
                "có " + n_cells[idx].astype(str) + f" ô nhưng dòng tiêu đề chỉ có {width} cột — "
                "có thể một ô chứa dấu phân cách mà không đặt trong ngoặc kép"
            ),
        )
        unnamed_limit = width
    else:
        unnamed_limit = body.shape[1]
    unnamed = [
        get_column_letter(pos + 1)
        for pos in range(min(unnamed_limit, body.shape[1]))
        if (pos >= len(header_cells) or not header_cells[pos]) and (body[pos] != "").any()
    ]
    if unnamed:
        notes.append(f"Đã bỏ qua cột không có tiêu đề: {', '.join(unnamed)}.")
    if grid.source == "xlsx":
        for key in columns:
            formula = frame[key].str.startswith("=")
            errors.add(
                frame,
                formula,
                key,
                lambda idx, key=key: (
                    "ô chứa công thức «" + frame.loc[idx, key].map(_short) + "» — không tính "
                    "công thức; hãy sao chép và dán dạng giá trị (Paste Values)"
                ),
            )
            frame.loc[formula, key] = ""

    parsed = pd.DataFrame({"source_row": frame["source_row"]})
    _parse_fields(frame, parsed, spec, columns, errors, today)
    _resolve_communes(frame, parsed, columns, communes, errors)
    if spec.kind == "visits":
        _check_visits(frame, parsed, errors)
    else:
        _check_targets(frame, parsed, errors)

    bad_rows = errors.rows()
    good = ~parsed["source_row"].isin(bad_rows)
    _check_duplicates(frame, parsed, good, spec, errors)
    good = ~parsed["source_row"].isin(errors.rows())

    accepted = _typed(parsed.loc[good, [*spec.columns, "source_row"]].reset_index(drop=True), spec)
    rejected = _rejections(errors.frame(), headers, spec)
    return accepted, rejected


def _map_columns(
    header_cells: list[str], spec: _Spec, notes: list[str]
) -> dict[str, tuple[int, str]]:
    aliases = _ALIASES[spec.kind]
    columns: dict[str, tuple[int, str]] = {}
    ignored: list[str] = []
    for pos, text in enumerate(header_cells):
        if not text:
            continue
        key = aliases.get(_header_key(text))
        if key is None:
            ignored.append(text)
        elif key in columns:
            first = columns[key][1]
            label = spec.field(key).header
            raise _FileError(
                f"Hai cột «{first}» và «{text}» cùng là cột «{label}» — chỉ giữ một cột"
            )
        else:
            columns[key] = (pos, text)
    missing = [f for f in spec.fields if f.required and f.key not in columns]
    if "code" not in columns and "commune" not in columns:
        missing.insert(0, spec.field("commune"))
    if missing:
        parts = []
        for f in missing:
            if f.key == "commune":
                parts.append("«Xã/phường» hoặc «Mã xã»")
            else:
                english = next((a for a in f.aliases if a.isascii()), f.key)
                parts.append(f"«{f.header}» (hoặc «{english}»)")
        raise _FileError(
            "Thiếu cột bắt buộc: " + ", ".join(parts) + " — hãy dùng tệp mẫu để xem tên cột"
        )
    if spec.kind == "targets" and not any(
        k in columns for k in ("population", "eligible", "quota", "activated_baseline")
    ):
        raise _FileError(
            "Không có cột số liệu nào: cần ít nhất một trong «Dân số», «Công dân đủ điều kiện», "
            "«Chỉ tiêu», «Đã kích hoạt»"
        )
    if ignored:
        names = ", ".join(f"«{_short(t, 40)}»" for t in ignored)
        notes.append(f"Đã bỏ qua cột không dùng đến: {names}.")
    return columns


def _parse_fields(
    frame: pd.DataFrame,
    parsed: pd.DataFrame,
    spec: _Spec,
    columns: dict[str, tuple[int, str]],
    errors: _Errors,
    today: date,
) -> None:
    for f in spec.fields:
        s = frame[f.key]
        if f.kind == "date":
            values, details = _map_unique(s, _parse_date)
            if f.required:
                details = details.mask(
                    s == "", "để trống — cần ngày theo dạng dd/mm/yyyy, ví dụ 14/03/2023"
                )
            errors.add_series(frame, f.key, details)
            stamp = pd.to_datetime(values.where(details.isna(), None)).astype("datetime64[ns]")
            early = stamp < pd.Timestamp(MIN_DATE)
            late = stamp > pd.Timestamp(today)
            errors.add(
                frame,
                early,
                f.key,
                lambda idx, stamp=stamp: (
                    "ngày "
                    + stamp[idx].dt.strftime("%d/%m/%Y")
                    + f" trước {MIN_DATE:%d/%m/%Y} — kiểm tra lại năm"
                ),
            )
            errors.add(
                frame,
                late,
                f.key,
                lambda idx, stamp=stamp: (
                    "ngày "
                    + stamp[idx].dt.strftime("%d/%m/%Y")
                    + f" sau hôm nay ({today:%d/%m/%Y}) — chỉ nhập kết quả đã có"
                ),
            )
            parsed[f.key] = stamp.where(~early & ~late)
        elif f.kind == "time":
            values, details = _map_unique(s, _parse_time)
            errors.add_series(frame, f.key, details)
            parsed[f.key] = values
        elif f.kind == "team":
            values, details = _map_unique(s, _parse_team)
            errors.add_series(frame, f.key, details)
            parsed[f.key] = values
        elif f.kind == "place_type":
            values, details = _map_unique(s, _parse_place_type)
            errors.add_series(frame, f.key, details)
            parsed[f.key] = values
        elif f.kind == "count":
            values, details = _parse_counts(s)
            errors.add_series(frame, f.key, details)
            parsed[f.key] = values
        elif f.kind in ("lat", "lon"):
            values, details = _parse_floats(s)
            errors.add_series(frame, f.key, details)
            parsed[f.key] = values
        elif f.kind in ("text", "note"):
            limit = MAX_NOTE_CHARS if f.kind == "note" else MAX_TEXT_CHARS
            length = s.str.len()
            errors.add(
                frame,
                length > limit,
                f.key,
                lambda idx, length=length, limit=limit: (
                    "dài " + length[idx].map(_fmt_int) + f" ký tự, tối đa {_fmt_int(limit)} ký "
                    "tự — hãy rút gọn"
                ),
            )
            parsed[f.key] = s.where(s != "", None).astype(object)
    if "lat" in parsed:
        _check_coordinates(frame, parsed, errors)


def _check_coordinates(frame: pd.DataFrame, parsed: pd.DataFrame, errors: _Errors) -> None:
    lon_min, lat_min, lon_max, lat_max = HA_NAM_BBOX
    lat, lon = parsed["lat"], parsed["lon"]
    only_lat = lat.notna() & lon.isna() & (frame["lon"] == "")
    only_lon = lon.notna() & lat.isna() & (frame["lat"] == "")
    errors.add(frame, only_lat, "lon", "để trống trong khi có vĩ độ — ghi cả vĩ độ và kinh độ")
    errors.add(frame, only_lon, "lat", "để trống trong khi có kinh độ — ghi cả vĩ độ và kinh độ")
    both = lat.notna() & lon.notna()
    swapped = both & lat.between(lon_min, lon_max) & lon.between(lat_min, lat_max)
    errors.add(
        frame,
        swapped,
        "lat",
        "vĩ độ và kinh độ bị đảo chỗ — vĩ độ khoảng 20,3–20,75, kinh độ khoảng 105,7–106,25",
    )
    lat_out = lat.notna() & ~lat.between(lat_min, lat_max) & ~swapped
    lon_out = lon.notna() & ~lon.between(lon_min, lon_max) & ~swapped
    errors.add(
        frame,
        lat_out,
        "lat",
        lambda idx: "vĩ độ " + frame.loc[idx, "lat"] + " nằm ngoài tỉnh Hà Nam (20,3–20,75)",
    )
    errors.add(
        frame,
        lon_out,
        "lon",
        lambda idx: "kinh độ " + frame.loc[idx, "lon"] + " nằm ngoài tỉnh Hà Nam (105,7–106,25)",
    )
    keep = ~(only_lat | only_lon | swapped | lat_out | lon_out)
    parsed["lat"] = lat.where(keep)
    parsed["lon"] = lon.where(keep)


def _resolve_communes(
    frame: pd.DataFrame,
    parsed: pd.DataFrame,
    columns: dict[str, tuple[int, str]],
    communes: pd.DataFrame,
    errors: _Errors,
) -> None:
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


def _resolve_one(
    matcher: CommuneMatcher, name: str, code: str, district: str, name_field: str
) -> tuple[str | None, str | None, str | None]:
    """(code, field of the problem, detail) for one distinct (name, code, district)."""
    if code:
        by_code = matcher.match(code, district)
        if not by_code.ok:
            return None, "district" if by_code.on_district else "code", by_code.message
        if name:
            by_name = matcher.match(name, district)
            if by_name.ok and by_name.code != by_code.code:
                return (
                    None,
                    "commune",
                    (
                        f"«{name}» là {matcher.label(by_name.code)}, không khớp với mã {code} "
                        f"({matcher.label(by_code.code)}) — kiểm tra lại tên hoặc mã xã"
                    ),
                )
        return by_code.code, None, None
    found = matcher.match(name, district)
    if found.ok:
        return found.code, None, None
    if found.status == "empty":
        return None, name_field, found.message
    return None, "district" if found.on_district else "commune", found.message


def _check_visits(frame: pd.DataFrame, parsed: pd.DataFrame, errors: _Errors) -> None:
    reg, act = parsed["registered"], parsed["activated"]
    over = (act > reg).fillna(False)
    errors.add(
        frame,
        over,
        "activated",
        lambda idx: (
            "số kích hoạt ("
            + act[idx].map(_fmt_na)
            + ") lớn hơn số đăng ký ("
            + reg[idx].map(_fmt_na)
            + ") — số tài khoản kích hoạt không được vượt số tài khoản đăng ký"
        ),
    )
    start, end = parsed["start"], parsed["end"]
    both = start.notna() & end.notna()
    not_after = both & (end.fillna("") <= start.fillna(""))
    errors.add(
        frame,
        not_after,
        "end",
        lambda idx: (
            "giờ kết thúc "
            + end[idx]
            + " không sau giờ bắt đầu "
            + start[idx]
            + " — kiểm tra lại giờ (dạng 24 giờ, ví dụ 21:30)"
        ),
    )


def _check_targets(frame: pd.DataFrame, parsed: pd.DataFrame, errors: _Errors) -> None:
    pop, elig, act = parsed["population"], parsed["eligible"], parsed["activated_baseline"]
    too_many = (elig > pop).fillna(False)
    errors.add(
        frame,
        too_many,
        "eligible",
        lambda idx: (
            "số công dân đủ điều kiện ("
            + elig[idx].map(_fmt_na)
            + ") lớn hơn dân số ("
            + pop[idx].map(_fmt_na)
            + ")"
        ),
    )
    over = (act > elig).fillna(False)
    errors.add(
        frame,
        over,
        "activated_baseline",
        lambda idx: (
            "số đã kích hoạt ("
            + act[idx].map(_fmt_na)
            + ") lớn hơn số công dân đủ điều kiện ("
            + elig[idx].map(_fmt_na)
            + ")"
        ),
    )
    counts = ["population", "eligible", "quota", "activated_baseline"]
    nothing = (frame[counts] == "").all(axis=1)
    errors.add(
        frame,
        nothing,
        "",
        "không có số liệu nào (dân số, công dân đủ điều kiện, chỉ tiêu, đã kích hoạt)",
    )


def _fmt_na(value: object) -> str:
    return "" if value is None or pd.isna(value) else _fmt_int(value)  # type: ignore[arg-type]


def _check_duplicates(
    frame: pd.DataFrame, parsed: pd.DataFrame, good: pd.Series, spec: _Spec, errors: _Errors
) -> None:
    keycols = spec.columns if spec.kind == "visits" else ["code", "as_of"]
    ok = parsed.loc[good, [*keycols, "source_row"]]
    if ok.empty:
        return
    dup = ok.duplicated(keycols, keep="first")
    if not dup.any():
        return
    first = ok.groupby(keycols, sort=False, dropna=False)["source_row"].transform("first")
    mask = pd.Series(False, index=frame.index)
    mask[dup[dup].index] = True
    detail = pd.Series(None, index=frame.index, dtype=object)
    if spec.kind == "visits":
        detail[mask] = "trùng hoàn toàn với dòng " + first[dup].astype(str)
    else:
        detail[mask] = (
            "trùng xã và ngày số liệu với dòng "
            + first[dup].astype(str)
            + " — mỗi xã chỉ một dòng cho mỗi ngày"
        )
    errors.add(frame, mask, "", detail)


def _rejections(problems: pd.DataFrame, headers: dict[str, str], spec: _Spec) -> pd.DataFrame:
    if problems.empty:
        return _empty_rejected()
    order = {f.key: i for i, f in enumerate(spec.fields)}
    problems = problems.assign(
        _order=problems["field"].map(lambda k: order.get(k, -1)),
    )
    problems = problems.drop_duplicates(["source_row", "field"], keep="first")
    problems = problems.sort_values(["source_row", "_order"], kind="stable")
    column = problems["field"].map(lambda k: headers.get(k, spec.field(k).header) if k else "")
    row = "Dòng " + problems["source_row"].astype(str)
    detail = problems["detail"].astype(str)
    reason = (row + ", cột «" + column + "»: " + detail).where(column != "", row + ": " + detail)
    reason = reason.where(reason.str.endswith((".", "?", "!")), reason + ".")
    return pd.DataFrame(
        {
            "source_row": problems["source_row"].astype("int64").to_numpy(),
            "column": column.to_numpy(dtype=object),
            "value": problems["value"].fillna("").astype(str).map(_short).to_numpy(dtype=object),
            "reason": reason.to_numpy(dtype=object),
            "field": problems["field"].to_numpy(dtype=object),
        }
    )


def _typed(df: pd.DataFrame, spec: _Spec) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for col in [*spec.columns, "source_row"]:
        s = df[col] if col in df else pd.Series(None, index=df.index, dtype=object)
        if col in ("date", "as_of"):
            out[col] = pd.to_datetime(s).astype("datetime64[ns]").dt.normalize()
        elif col in ("lat", "lon"):
            out[col] = pd.to_numeric(s).astype("float64")
        elif col == "source_row":
            out[col] = s.astype("int64")
        elif col in (
            "households",
            "people_guided",
            "registered",
            "activated",
            "services_used",
            "population",
            "eligible",
            "quota",
            "activated_baseline",
        ):
            out[col] = s.astype("Int64")
        else:
            out[col] = s.astype(object).where(s.notna(), None)
    return out


# ------------------------------------------------------------------------------------ templates
_EXAMPLE_VISIT = {
    "date": date(2023, 3, 14),
    "team": "Tổ 1",
    "place_type": "hộ gia đình",
    "place_name": "Tổ dân phố số 3",
    "start": "18:00",
    "end": "21:30",
    "households": 25,
    "people_guided": 40,
    "registered": 18,
    "activated": 15,
    "services_used": 6,
    "note": "Dòng ví dụ — thay bằng số liệu thật",
}
_EXAMPLE_TARGET = {
    "as_of": date(2023, 5, 31),
    "population": 20605,
    "eligible": 15800,
    "quota": 12000,
    "activated_baseline": 10150,
}


def template_xlsx(kind: str, communes: pd.DataFrame | None = None) -> bytes:
    """Excel template (header row + one example row + an instructions sheet).

    Parameters
    ----------
    kind : str
        ``"visits"`` or ``"targets"``.
    communes : DataFrame, optional
        Registry whose first commune is used in the example row (so that the example imports
        with that registry); Phường Lê Hồng Phong (13291, Phủ Lý) when omitted.

    Returns
    -------
    bytes
        The ``.xlsx`` file.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    spec = _spec(kind)
    commune = {
        "code": "13291",
        "commune": "Lê Hồng Phong",
        "district": "Phủ Lý",
        "lat": 20.537,
        "lon": 105.918,
    }
    if communes is not None and len(communes):
        first = communes.iloc[0]
        dname = first.get("district_name")
        commune = {
            "code": str(first["code"]),
            "commune": str(first["name"]),
            "district": "" if dname is None or pd.isna(dname) else str(dname),
            "lat": _inside(first.get("lat"), 1),
            "lon": _inside(first.get("lon"), 0),
        }
        if commune["lat"] is None or commune["lon"] is None:
            commune["lat"] = commune["lon"] = None
    example = {**commune, **(_EXAMPLE_VISIT if kind == "visits" else _EXAMPLE_TARGET)}

    book = Workbook()
    sheet = book.active
    sheet.title = spec.sheet_title
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for col, f in enumerate(spec.fields, start=1):
        cell = sheet.cell(row=1, column=col, value=f.header)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        value = example.get(f.key)
        target = sheet.cell(row=2, column=col, value=None if value in (None, "") else value)
        if f.kind == "date":
            target.number_format = "dd/mm/yyyy"
        elif f.key in ("code", "start", "end"):
            target.number_format = "@"
        sheet.column_dimensions[get_column_letter(col)].width = max(12, len(f.header) + 4)
    sheet.freeze_panes = "A2"
    if kind == "visits":
        col = get_column_letter(
            next(i for i, f in enumerate(spec.fields, 1) if f.key == "place_type")
        )
        rule = DataValidation(type="list", formula1=f'"{",".join(PLACE_TYPE_LABELS.values())}"')
        rule.add(f"{col}2:{col}5000")
        sheet.add_data_validation(rule)

    guide = book.create_sheet("Hướng dẫn")
    guide.append(["Cột", "Bắt buộc", "Cách ghi"])
    for cell in guide[1]:
        cell.font = bold
    for f in spec.fields:
        required = "có" if f.required else ""
        if f.key in ("code", "commune"):
            required = "một trong hai"
        guide.append([f.header, required, f.hint])
    guide.append([])
    guide.append(
        [
            "Dòng 1 là tiêu đề; mỗi dòng sau là một "
            + ("lượt làm việc." if kind == "visits" else "xã tại một ngày số liệu.")
        ]
    )
    guide.append(["Không dùng công thức; ngày ghi dd/mm/yyyy; giờ ghi 18:30."])
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["C"].width = 70

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _inside(value: object, axis: int) -> float | None:
    """Keep a registry coordinate for the example only when it lies inside Hà Nam."""
    if value is None or pd.isna(value):
        return None
    lo, hi = (HA_NAM_BBOX[0], HA_NAM_BBOX[2]) if axis == 0 else (HA_NAM_BBOX[1], HA_NAM_BBOX[3])
    number = float(value)  # type: ignore[arg-type]
    return round(number, 5) if lo <= number <= hi else None


from geo.ingest.upload import read_upload, rejected_xlsx  # noqa: E402  (uses the readers above)
