"""Passwords: argon2id hashes (argon2-cffi) and the one rule a new password must follow.

A password is never stored, logged or audited: only its argon2id hash (argon2-cffi's
``PasswordHasher`` with its default, RFC 9106 "low memory" parameters) goes into the
``account`` table. :func:`verify_password` answers ``False`` on a wrong password or a damaged
hash, never raises; :func:`needs_rehash` tells when a stored hash was made with other
parameters (the store then rehashes it at the next successful sign-in).

The rule (:func:`password_problem`) is deliberately short, so an officer can be told it in one
sentence: at least :data:`MIN_LENGTH` characters, not the account's name, and at least two kinds
of character among letters, digits and other signs.

Examples
--------
>>> stored = hash_password("Hà Nam 2023!")
>>> stored.startswith("$argon2id$"), verify_password(stored, "Hà Nam 2023!")
(True, True)
>>> verify_password(stored, "ha nam 2023!"), needs_rehash(stored)
(False, False)
>>> password_problem("ngắn", "hoa")
'Mật khẩu phải có ít nhất 10 ký tự.'
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from geo.i18n import N_, _

__all__ = ["MIN_LENGTH", "hash_password", "needs_rehash", "password_problem", "verify_password"]

#: The shortest password accepted.
MIN_LENGTH = 10

_HASHER = PasswordHasher()

_TOO_SHORT = N_("Mật khẩu phải có ít nhất {n} ký tự.")
_IS_USERNAME = N_("Mật khẩu không được trùng với tên tài khoản người dùng.")
_ONE_KIND = N_("Mật khẩu phải có ít nhất hai loại ký tự trong ba loại: chữ cái, chữ số, ký hiệu.")


def hash_password(password: str) -> str:
    """Hash a password with argon2id (a new random salt each time).

    Parameters
    ----------
    password : str
        The password in clear.

    Returns
    -------
    str
        The encoded hash (``$argon2id$v=19$m=...``), the only thing ever stored.

    Examples
    --------
    >>> hash_password("mật khẩu 1") != hash_password("mật khẩu 1")
    True
    """
    return _HASHER.hash(password)


def verify_password(hashed: str, password: str) -> bool:
    """Check a password against a stored hash, without ever raising.

    Parameters
    ----------
    hashed : str
        The stored hash from :func:`hash_password`.
    password : str
        What the user typed.

    Returns
    -------
    bool
        ``True`` only when they match; ``False`` for a wrong password or a damaged hash.

    Examples
    --------
    >>> verify_password("not a hash", "anything")
    False
    """
    try:
        return bool(_HASHER.verify(hashed, password))
    except (VerificationError, InvalidHashError, ValueError, TypeError):
        return False


def needs_rehash(hashed: str) -> bool:
    """Tell whether a stored hash was made with other parameters than the current ones.

    Parameters
    ----------
    hashed : str
        The stored hash.

    Returns
    -------
    bool
        ``True`` when it should be replaced (at the next successful sign-in), also for a hash
        that cannot be read.

    Examples
    --------
    >>> old = PasswordHasher(time_cost=1).hash("mật khẩu 1")
    >>> needs_rehash(old), needs_rehash(hash_password("mật khẩu 1"))
    (True, False)
    """
    try:
        return bool(_HASHER.check_needs_rehash(hashed))
    except (InvalidHashError, ValueError, TypeError):
        return True


def _kinds(password: str) -> int:
    """Count the kinds of character used: letters, digits, others (space and signs).

    Returns
    -------
    int
        0 to 3.
    """
    letters = any(c.isalpha() for c in password)
    digits = any(c.isdigit() for c in password)
    others = any(not (c.isalpha() or c.isdigit()) for c in password)
    return letters + digits + others


def password_problem(password: str, username: str) -> str | None:
    """Say why a new password is refused, in the language in use (``None`` if it is accepted).

    The rules, checked in this order: at least :data:`MIN_LENGTH` characters (Unicode
    characters, so «ư» counts as one); not the username (ignoring case and surrounding spaces);
    at least two of the three kinds of character: letters (with or without diacritics), digits,
    other signs (a space counts as a sign).

    Parameters
    ----------
    password : str
        The proposed password.
    username : str
        The account's name.

    Returns
    -------
    str or None
        The reason, translated; ``None`` when the password is acceptable.

    Examples
    --------
    >>> password_problem("Phủ Lý 2023", "hoa") is None
    True
    >>> password_problem("quantrivien", "quantrivien")
    'Mật khẩu không được trùng với tên tài khoản người dùng.'
    >>> password_problem("motmatkhaudai", "hoa")
    'Mật khẩu phải có ít nhất hai loại ký tự trong ba loại: chữ cái, chữ số, ký hiệu.'
    """
    if len(password) < MIN_LENGTH:
        return _(_TOO_SHORT).format(n=MIN_LENGTH)
    if password.strip().casefold() == username.strip().casefold():
        return _(_IS_USERNAME)
    if _kinds(password) < 2:
        return _(_ONE_KIND)
    return None
