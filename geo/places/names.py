"""Vietnamese name normalisation and matching of commune names to GSO codes.

A user writes a commune as ``"P. Lê Hồng Phong"``, ``"phuong le hong phong"``, ``"13291"``
or ``"Lê Hồng Phong (Phủ Lý)"``; :class:`CommuneMatcher` turns each of them into the 5-digit
code of the commune registry (``geo.places.registry.communes``) or into a reason the user can
act on, in the language in use (:mod:`geo.i18n`).

Matching order, stopping at the first level that finds something:

1. a GSO code (digits only);
2. the name with its diacritics (case, spacing, unit prefix and tone-mark placement ignored, so
   ``"Hòa"`` equals ``"Hoà"``);
3. the name without diacritics;
4. fuzzy matching (rapidfuzz ``ratio`` on the name without diacritics), accepted only above a
   threshold and only when no other commune comes close.

A district (column «Huyện», or ``"Name (District)"``) breaks ties between communes of the same
name and is checked against the commune found.

The spelling keys (:func:`fold`, :func:`tone_key`, :func:`split_unit_prefix`...) are defined in
:mod:`geo.places.spelling` and re-exported here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from geo.i18n import _, language_key
from geo.places.spelling import (
    clean_text,
    district_short_name,
    fold,
    normalize_district,
    normalize_name,
    split_unit_prefix,
    tone_key,
)

__all__ = [
    "CommuneMatch",
    "CommuneMatcher",
    "district_short_name",
    "fold",
    "normalize_district",
    "normalize_name",
    "split_unit_prefix",
    "tone_key",
]

_NAME_WITH_DISTRICT = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<district>[^()]+)\)\s*$")
_CODE_RE = re.compile(r"^\d{1,5}(?:\.0+)?$")


@dataclass(frozen=True)
class CommuneMatch:
    """Outcome of matching one value.

    Attributes
    ----------
    code : str or None
        GSO code when the value was matched, else ``None``.
    status : str
        ``"code"``, ``"exact"``, ``"folded"``, ``"fuzzy"`` (matched) or ``"empty"``,
        ``"unknown_code"``, ``"not_found"``, ``"ambiguous"``, ``"district_mismatch"``,
        ``"unknown_district"`` (rejected).
    candidates : tuple of str
        Codes of the communes suggested to the user.
    message : str
        Explanation for a rejected value, in the language in use when matched ("" when
        matched); it does not name the row.
    on_district : bool
        True when the problem lies in the district value rather than the commune value.
    """

    code: str | None
    status: str
    candidates: tuple[str, ...] = ()
    message: str = ""
    on_district: bool = False

    @property
    def ok(self) -> bool:
        """Whether a commune was found."""
        return self.code is not None


class CommuneMatcher:
    """Match free-text commune names or codes to a commune registry.

    Parameters
    ----------
    communes : DataFrame
        Registry with at least ``code``, ``name``, ``type``, ``district_code`` and
        ``district_name`` (see ``geo.places.registry.communes``).
    threshold : float
        Minimum rapidfuzz ``ratio`` (0-100) for a fuzzy match to be accepted.
    margin : float
        A fuzzy match is refused when another commune scores within ``margin`` of the best.
    suggest_from : float
        Minimum score of a commune listed as "Gần giống" in a message.

    Examples
    --------
    >>> reg = pd.DataFrame({"code": ["13291"], "name": ["Lê Hồng Phong"], "type": ["phường"],
    ...                     "district_code": ["347"], "district_name": ["Thành phố Phủ Lý"]})
    >>> CommuneMatcher(reg).match("P. Le Hong Phong").code
    '13291'
    """

    def __init__(
        self,
        communes: pd.DataFrame,
        *,
        threshold: float = 85.0,
        margin: float = 8.0,
        suggest_from: float = 70.0,
    ) -> None:
        self.threshold = threshold
        self.margin = margin
        self.suggest_from = suggest_from
        self._name: dict[str, str] = {}
        self._type: dict[str, str] = {}
        self._district: dict[str, str | None] = {}
        self._district_label: dict[str, str] = {}
        self._by_tone: dict[str, list[str]] = {}
        self._by_fold: dict[str, list[str]] = {}
        self._districts: dict[str, str] = {}  # folded district name or code -> district code
        self._district_names: dict[str, str] = {}  # district code -> short display name
        for row in communes.itertuples(index=False):
            code = str(row.code).strip()
            name = unicodedata.normalize("NFC", str(row.name)).strip()
            dcode = getattr(row, "district_code", None)
            dcode = None if dcode is None or pd.isna(dcode) else str(dcode).strip()
            dname = getattr(row, "district_name", None)
            dname = None if dname is None or pd.isna(dname) else str(dname)
            self._name[code] = name
            self._type[code] = str(getattr(row, "type", "") or "").strip().lower()
            self._district[code] = dcode
            if dcode is not None:
                short = district_short_name(dname) if dname else dcode
                self._district_names[dcode] = short
                self._districts[dcode] = dcode
                self._districts[normalize_district(short)] = dcode
            self._by_tone.setdefault(tone_key(split_unit_prefix(name)[1]), []).append(code)
            self._by_fold.setdefault(normalize_name(name), []).append(code)
        self._fold_keys = list(self._by_fold)
        self._example_code = next(iter(self._name), "13291")
        self._cache: dict[tuple[str, str, str], CommuneMatch] = {}

    def match(self, value: str, district: str = "") -> CommuneMatch:
        """Match one value, optionally within a district (cached per distinct pair and language).

        Parameters
        ----------
        value : str
            GSO code, or a name with or without prefix / diacritics, or ``"Name (District)"``.
        district : str
            District name or code; empty when unknown.

        Returns
        -------
        CommuneMatch
            The code found, or the reason none was.
        """
        key = (value, district, language_key())
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._match(value, district)
        return found

    # ------------------------------------------------------------------ labels
    def label(self, code: str) -> str:
        """Label a commune for display.

        Parameters
        ----------
        code : str
            GSO code (an unknown code is shown as it is).

        Returns
        -------
        str
            ``"Thanh Hà (Thanh Liêm)"``; the name alone when there is no district.
        """
        name = self._name.get(code, code)
        dcode = self._district.get(code)
        if dcode is None:
            return name
        return f"{name} ({self._district_names.get(dcode, dcode)})"

    def _labels(self, codes: list[str] | tuple[str, ...], with_code: bool = False) -> str:
        if with_code:
            with_code_text = _("{commune} – mã {code}")
            return ", ".join(with_code_text.format(commune=self.label(c), code=c) for c in codes)
        return ", ".join(self.label(c) for c in codes)

    # ---------------------------------------------------------------- matching
    def _match(self, value: str, district: str) -> CommuneMatch:
        value = clean_text(str(value))
        district = clean_text(str(district or ""))
        if not value:
            return CommuneMatch(None, "empty", message=_("để trống — cần tên hoặc mã xã"))
        inline = _NAME_WITH_DISTRICT.match(value)
        if inline and not district:
            value, district = inline["name"].strip(), inline["district"].strip()
        dcode = None
        if district:
            dcode = self._districts.get(district) or self._districts.get(
                normalize_district(district)
            )
            if dcode is None and self._districts:
                known = ", ".join(sorted(set(self._district_names.values())))
                return CommuneMatch(
                    None,
                    "unknown_district",
                    message=_(
                        "không có huyện «{district}» trong danh mục. Các huyện: {known}"
                    ).format(district=district, known=known),
                    on_district=True,
                )
        if _CODE_RE.match(value):
            code = value.split(".")[0].zfill(5)
            if code not in self._name:
                return CommuneMatch(
                    None,
                    "unknown_code",
                    message=_(
                        "không có mã xã «{value}» trong danh mục — mã xã gồm 5 chữ số "
                        "(ví dụ {example})"
                    ).format(value=value, example=self._example_code),
                )
            return self._check_district(code, "code", value, district, dcode)
        unit, bare = split_unit_prefix(value)
        # "Phuong Dinh" may be a name, not "phường Đình": also try the value unsplit.
        variants = [(unit, bare), (None, value)] if unit else [(None, value)]
        for status, index, keyer in (
            ("exact", self._by_tone, tone_key),
            ("folded", self._by_fold, fold),
        ):
            for v_unit, v_bare in variants:
                codes = index.get(keyer(v_bare), [])
                if codes:
                    return self._pick(codes, status, value, v_unit, district, dcode)
        return self._fuzzy(value, fold(bare), district, dcode)

    def _check_district(
        self, code: str, status: str, value: str, district: str, dcode: str | None
    ) -> CommuneMatch:
        actual = self._district.get(code)
        if dcode is not None and actual is not None and actual != dcode:
            return CommuneMatch(
                None,
                "district_mismatch",
                (code,),
                _(
                    "«{value}» là {commune}, không thuộc «{district}» — kiểm tra lại huyện hoặc "
                    "ghi mã xã"
                ).format(value=value, commune=self.label(code), district=district),
                on_district=True,
            )
        return CommuneMatch(code, status, (code,))

    def _pick(
        self,
        codes: list[str],
        status: str,
        value: str,
        unit: str | None,
        district: str,
        dcode: str | None,
    ) -> CommuneMatch:
        if len(codes) == 1:
            return self._check_district(codes[0], status, value, district, dcode)
        narrowed = codes
        if dcode is not None:
            narrowed = [c for c in narrowed if self._district.get(c) == dcode]
            if not narrowed:
                return CommuneMatch(
                    None,
                    "district_mismatch",
                    tuple(codes),
                    _(
                        "không có «{value}» ở «{district}». Có: {communes} — kiểm tra lại huyện "
                        "hoặc ghi mã xã"
                    ).format(value=value, district=district, communes=self._labels(codes)),
                    on_district=True,
                )
        if unit is not None and len(narrowed) > 1:
            by_type = [c for c in narrowed if self._type.get(c) == unit]
            narrowed = by_type or narrowed
        if len(narrowed) == 1:
            return CommuneMatch(narrowed[0], status, (narrowed[0],))
        return CommuneMatch(
            None,
            "ambiguous",
            tuple(narrowed),
            _(
                "«{value}» trùng tên ở nhiều nơi: {communes} — thêm cột «Huyện» hoặc ghi mã xã"
            ).format(value=value, communes=self._labels(narrowed, with_code=True)),
        )

    def _fuzzy(self, value: str, key: str, district: str, dcode: str | None) -> CommuneMatch:
        keys = self._fold_keys
        if dcode is not None:
            keys = [
                k for k in keys if any(self._district.get(c) == dcode for c in self._by_fold[k])
            ]
        scored = process.extract(
            key, keys, scorer=fuzz.ratio, limit=6, score_cutoff=self.suggest_from
        )
        if scored:
            best_key, best, _index = scored[0]
            codes = self._by_fold[best_key]
            if dcode is not None:
                codes = [c for c in codes if self._district.get(c) == dcode]
            close = [s for _key, s, _index in scored[1:] if s >= best - self.margin]
            if best >= self.threshold and len(codes) == 1 and not close:
                return CommuneMatch(codes[0], "fuzzy", (codes[0],))
        suggestions: list[str] = []
        for k, _score, _index in scored[:4]:
            for c in self._by_fold[k]:
                if dcode is None or self._district.get(c) == dcode:
                    suggestions.append(c)
        if suggestions:
            message = _(
                "không tìm thấy «{value}». Gần giống: {communes} — ghi rõ tên hoặc mã xã"
            ).format(value=value, communes=self._labels(suggestions))
            status = "ambiguous" if scored[0][1] >= self.threshold else "not_found"
        else:
            if district:
                message = _(
                    "không tìm thấy «{value}» ở «{district}» trong danh mục xã/phường — ghi rõ tên "
                    "hoặc mã xã"
                ).format(value=value, district=district)
            else:
                message = _(
                    "không tìm thấy «{value}» trong danh mục xã/phường — ghi rõ tên hoặc mã xã"
                ).format(value=value)
            status = "not_found"
        return CommuneMatch(None, status, tuple(suggestions), message)
