"""Failures a user sees as a short reference and the administrator finds, whole, in the log.

A page that fails shows no traceback, no server path and no exception text: only a friendly
message with a reference such as ``K7QX2M`` (:mod:`ui.errors`). The same reference starts the
log record that holds the full traceback, so ``grep -A 40 K7QX2M`` on the server's log finds
it. This module is the pure half: the reference, the record, the logger; it never imports
Streamlit.

The reference is 6 characters from a 31-character alphabet without look-alikes (no ``0``/``O``,
``1``/``I``/``L``), so it can be read out over the phone: 31⁶ ≈ 8,9·10⁸ values, enough that two
failures of the same day practically never share one.
"""

from __future__ import annotations

import logging
import random
import re
import secrets
import sys

__all__ = [
    "ALPHABET",
    "LOGGER_NAME",
    "LOG_FORMAT",
    "REFERENCE_LENGTH",
    "app_logger",
    "failure_message",
    "is_reference",
    "log_failure",
    "new_reference",
]

#: The name of the app's logger (``logging.getLogger(LOGGER_NAME)``).
LOGGER_NAME = "vneid"
#: The characters of a reference: capitals and digits that cannot be mistaken for one another.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#: How many characters a reference has.
REFERENCE_LENGTH = 6
#: The format of the app's own log lines when nothing else configured logging.
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_REFERENCE = re.compile(f"[{ALPHABET}]{{{REFERENCE_LENGTH}}}")
_SYSTEM_RANDOM = secrets.SystemRandom()


def new_reference(rng: random.Random | None = None) -> str:
    """Return a new failure reference: :data:`REFERENCE_LENGTH` characters of :data:`ALPHABET`.

    Parameters
    ----------
    rng : random.Random, optional
        The source of randomness; the operating system's (:mod:`secrets`) by default. Tests
        pass a seeded one.

    Returns
    -------
    str
        For example ``"K7QX2M"``.

    Examples
    --------
    >>> ref = new_reference(random.Random(14))
    >>> len(ref), is_reference(ref)
    (6, True)
    >>> ref == new_reference(random.Random(14))
    True
    """
    source = _SYSTEM_RANDOM if rng is None else rng
    return "".join(source.choice(ALPHABET) for _ in range(REFERENCE_LENGTH))


def is_reference(text: str) -> bool:
    """Return whether ``text`` is a reference as :func:`new_reference` makes them.

    Parameters
    ----------
    text : str
        The text to check (as typed: surrounding spaces and lower case are accepted).

    Returns
    -------
    bool
        True for ``"K7QX2M"`` and ``" k7qx2m "``; False for ``"K7QX20"`` (``0`` is not used).

    Examples
    --------
    >>> is_reference("K7QX2M"), is_reference(" k7qx2m "), is_reference("K7QX20")
    (True, True, False)
    """
    return _REFERENCE.fullmatch(text.strip().upper()) is not None


def failure_message(
    exc: BaseException, reference: str, where: str | None = None, user: str | None = None
) -> str:
    """Return the first line of the log record of a failure (the traceback follows it).

    Parameters
    ----------
    exc : BaseException
        What was raised.
    reference : str
        The reference the user was shown.
    where : str, optional
        The page (its address, ``"map"``) or the part of the app that failed.
    user : str, optional
        The signed-in user's account name.

    Returns
    -------
    str
        ``"failure <reference>: <type>: <message> (page=<where>, user=<user>)"``, the parts in
        brackets only when known.

    Examples
    --------
    >>> failure_message(KeyError("13291"), "K7QX2M", "map", "lan")
    "failure K7QX2M: KeyError: '13291' (page=map, user=lan)"
    >>> failure_message(ValueError(), "K7QX2M")
    'failure K7QX2M: ValueError'
    """
    text = f"failure {reference}: {type(exc).__name__}"
    detail = _safe_str(exc)
    if detail:
        text += f": {detail}"
    context = [f"{k}={v}" for k, v in (("page", where), ("user", user)) if v]
    if context:
        text += f" ({', '.join(context)})"
    return text


def log_failure(
    logger: logging.Logger,
    exc: BaseException,
    reference: str,
    where: str | None = None,
    user: str | None = None,
) -> None:
    """Write the failure to ``logger`` at level ERROR, with its full traceback.

    The record's message is :func:`failure_message`; its ``exc_info`` is ``exc`` (so every
    handler prints the traceback after it) and it carries ``reference`` as an attribute for
    handlers that index records.

    Parameters
    ----------
    logger : logging.Logger
        Usually :func:`app_logger`.
    exc : BaseException
        What was raised (with its ``__traceback__``).
    reference : str
        The reference the user was shown.
    where : str, optional
        The page or part of the app that failed.
    user : str, optional
        The signed-in user's account name.

    Examples
    --------
    >>> import io
    >>> log = logging.getLogger("vneid.doctest")
    >>> stream = io.StringIO()
    >>> log.addHandler(logging.StreamHandler(stream)); log.propagate = False
    >>> try:
    ...     {}["13291"]
    ... except KeyError as exc:
    ...     log_failure(log, exc, "K7QX2M", where="map")
    >>> lines = stream.getvalue().splitlines()
    >>> for line in (lines[0], lines[1], lines[-1]):
    ...     print(line)
    failure K7QX2M: KeyError: '13291' (page=map)
    Traceback (most recent call last):
    KeyError: '13291'
    """
    logger.error(
        "%s",
        failure_message(exc, reference, where, user),
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"reference": reference},
    )


def app_logger() -> logging.Logger:
    """Return the app's logger (:data:`LOGGER_NAME`), writing to the server's stderr.

    When neither that logger nor the root logger has a handler (``streamlit run`` configures
    only Streamlit's own logger), one is added that writes :data:`LOG_FORMAT` lines (time,
    level, name, message, then the traceback) to ``stderr``, where the server's log goes. A
    deployment that configures logging itself keeps its own handlers, and tests keep pytest's.

    Returns
    -------
    logging.Logger
        The same object on every call.

    Examples
    --------
    >>> app_logger() is logging.getLogger(LOGGER_NAME)
    True
    """
    logger = logging.getLogger(LOGGER_NAME)
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        logger.addHandler(handler)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.INFO)
    return logger


def _safe_str(exc: BaseException) -> str:
    """``str(exc)`` on one line, or a note when the exception cannot be turned into text."""
    try:
        text = str(exc)
    except Exception:  # an exception whose __str__ fails must not hide the failure
        return "<unprintable>"
    return " ".join(text.split())
