"""The message catalog: every text a person reads goes through :func:`gettext` (``_``).

Vietnamese is the source language: a message's id *is* its Vietnamese text, and the English
translation lives in the gettext catalog ``geo/locale/en/LC_MESSAGES/messages.po`` (read with
Babel, compiled in memory, never a binary in the repository). The language in use is a
:class:`contextvars.ContextVar`, so two Streamlit sessions in two threads never see each other's
choice; a script, a notebook or a test picks it with :func:`language`::

    with language("en"):
        pdf = build_meeting_pack(pack)

Rules of use (checked by ``tests/test_i18n.py``):

- call ``_()`` when the text is shown, never at import time; a module-level constant is marked
  with :func:`N_` and translated where it is used;
- put numbers and names in with ``str.format`` placeholders (``_("Đã nhập {n} dòng")``), so
  that the English sentence can order them as English does; formats come from :mod:`geo.fmt`,
  which follows the same language;
- a count that English inflects goes through :func:`ngettext`.

Examples
--------
>>> _("Bản đồ")
'Bản đồ'
>>> with language("en"):
...     _("Bản đồ"), _("Tiến độ")
('Map', 'Progress')
>>> current_language()
'vi'
"""

from __future__ import annotations

import gettext as _gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from functools import cache
from pathlib import Path
from typing import Literal

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "LOCALE_DIR",
    "N_",
    "PSEUDO",
    "Lang",
    "_",
    "catalog_path",
    "current_language",
    "gettext",
    "language",
    "language_key",
    "ngettext",
    "parse_language",
    "set_language",
]

Lang = Literal["vi", "en"]
#: The languages a user can choose, the source language first.
LANGUAGES: tuple[Lang, ...] = ("vi", "en")
#: Each language named in itself (never translated: a reader must find their own).
LANGUAGE_NAMES: dict[Lang, str] = {"vi": "Tiếng Việt", "en": "English"}
#: A test-only language that shows every catalog message as ``⟦message⟧``, so that a test can
#: find any text on a page that did not come from the catalog. Its formats are Vietnamese.
PSEUDO = "pseudo"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

_CURRENT: ContextVar[str] = ContextVar("geo_language", default="vi")


def catalog_path(lang: str) -> Path:
    """Return the gettext catalog (``.po``) of a translated language.

    Parameters
    ----------
    lang : str
        A language code other than the source language, e.g. ``"en"``.

    Returns
    -------
    pathlib.Path
        ``geo/locale/<lang>/LC_MESSAGES/messages.po``.
    """
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def parse_language(value: object) -> Lang | None:
    """Read a language choice from a URL parameter, a setting or a browser locale.

    Parameters
    ----------
    value : object
        ``"en"``, ``"EN"``, ``"en-US"``, ``"vi_VN"``…; anything else gives None.

    Returns
    -------
    {"vi", "en"} or None
        The language, or None when ``value`` names none of :data:`LANGUAGES`.

    Examples
    --------
    >>> parse_language("en-US"), parse_language(" VI "), parse_language("fr"), parse_language(None)
    ('en', 'vi', None, None)
    """
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else None  # `in` narrows to Lang for mypy


def current_language() -> Lang:
    """Return the language of this context (``"vi"`` unless :func:`set_language` said otherwise).

    Returns
    -------
    {"vi", "en"}
        The pseudo-language reports ``"vi"``, whose number and date formats it uses.
    """
    lang = _CURRENT.get()
    return "en" if lang == "en" else "vi"


def language_key() -> str:
    """Return the raw language of this context, for cache keys (the pseudo-language included).

    Returns
    -------
    str
        ``"vi"``, ``"en"`` or :data:`PSEUDO`.
    """
    return _CURRENT.get()


def set_language(lang: str) -> Token[str]:
    """Choose the language of this context (a Streamlit session's script run, a thread).

    Parameters
    ----------
    lang : str
        One of :data:`LANGUAGES`, or :data:`PSEUDO` in tests.

    Returns
    -------
    contextvars.Token
        For :meth:`contextvars.ContextVar.reset`.

    Raises
    ------
    ValueError
        When ``lang`` is not a known language.
    """
    if lang not in (*LANGUAGES, PSEUDO):
        raise ValueError(f"unknown language {lang!r}; choose one of {LANGUAGES}")
    return _CURRENT.set(lang)


@contextmanager
def language(lang: str) -> Iterator[str]:
    """Use ``lang`` inside a ``with`` block, then restore the previous language.

    Parameters
    ----------
    lang : str
        One of :data:`LANGUAGES` (or :data:`PSEUDO`).

    Yields
    ------
    str
        ``lang``.
    """
    token = set_language(lang)
    try:
        yield lang
    finally:
        _CURRENT.reset(token)


class _Pseudo(_gettext.NullTranslations):
    """Brackets every message, so that text from outside the catalog stands out."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"⟦{msgid1 if n == 1 else msgid2}⟧"


@cache
def _translations(lang: str) -> _gettext.NullTranslations:
    """Load (once) the translations of ``lang``: identity for Vietnamese, the catalog otherwise.

    Returns
    -------
    gettext.NullTranslations
        A :class:`gettext.GNUTranslations` compiled in memory from the ``.po`` file.
    """
    if lang == PSEUDO:
        return _Pseudo()
    if lang == "vi":
        return _gettext.NullTranslations()
    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def gettext(message: str) -> str:
    """Translate a message into the current language.

    Parameters
    ----------
    message : str
        The Vietnamese text (the catalog's id).

    Returns
    -------
    str
        Its translation; the Vietnamese text itself in Vietnamese, or when the catalog lacks it.
    """
    return _translations(_CURRENT.get()).gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose English form depends on a count.

    Parameters
    ----------
    singular, plural : str
        The Vietnamese text, usually the same twice (Vietnamese does not inflect).
    n : int
        The count that chooses the English form.

    Returns
    -------
    str
        The translation for ``n``.
    """
    return _translations(_CURRENT.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark a constant for the catalog without translating it yet (translate it where shown).

    Parameters
    ----------
    message : str
        The Vietnamese text.

    Returns
    -------
    str
        ``message`` unchanged.

    Examples
    --------
    >>> TITLE = N_("Bản đồ")
    >>> with language("en"):
    ...     _(TITLE)
    'Map'
    """
    return message
