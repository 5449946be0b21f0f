"""geo.errors: the failure reference and its log record; the browser's error settings
(``.streamlit/config.toml``) and what Streamlit shows with them when a failure escapes the guard."""

from __future__ import annotations

import doctest
import io
import logging
import random
import tomllib

import pytest

import geo.errors
from geo.config import REPO_ROOT
from geo.errors import (
    ALPHABET,
    LOG_FORMAT,
    LOGGER_NAME,
    REFERENCE_LENGTH,
    app_logger,
    failure_message,
    is_reference,
    log_failure,
    new_reference,
)

CONFIG = REPO_ROOT / ".streamlit" / "config.toml"


def test_the_examples_in_the_docstrings_run():
    result = doctest.testmod(geo.errors)
    assert result.attempted >= 8
    assert result.failed == 0


# --- references ----------------------------------------------------------------------------------


def test_the_alphabet_has_no_look_alikes():
    assert len(ALPHABET) == len(set(ALPHABET)) == 31
    assert not set(ALPHABET) & set("0O1IL")
    assert ALPHABET.upper() == ALPHABET


def test_a_seeded_reference_is_repeatable_and_made_of_the_alphabet():
    refs = [new_reference(random.Random(seed)) for seed in range(200)]
    assert refs == [new_reference(random.Random(seed)) for seed in range(200)]
    assert all(len(r) == REFERENCE_LENGTH == 6 for r in refs)
    assert all(set(r) <= set(ALPHABET) for r in refs)
    assert len(set(refs)) == 200


def test_references_from_the_system_do_not_repeat():
    # 31**6 ≈ 8.9e8 values: 2,000 draws collide with probability ≈ 2,000² / (2 · 8.9e8) ≈ 0.2 %
    refs = {new_reference() for _ in range(2_000)}
    assert len(refs) >= 1_999
    # every character of the alphabet is used, in every position
    for i in range(REFERENCE_LENGTH):
        assert {r[i] for r in refs} == set(ALPHABET)


@pytest.mark.parametrize(
    ("text", "ok"),
    [("K7QX2M", True), (" k7qx2m\n", True), ("AAAAAA", True), ("K7QX2", False),
     ("K7QX2MM", False), ("K7QX20", False), ("K7QXIM", False), ("K7-X2M", False), ("", False),
     ("K7QX2Ḿ", False)],
)  # fmt: skip
def test_is_reference(text, ok):
    assert is_reference(text) is ok


# --- the log record ------------------------------------------------------------------------------


def _raise(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


@pytest.mark.parametrize(
    ("exc", "where", "user", "expected"),
    [
        (KeyError("13291"), "map", "lan", "failure ABC234: KeyError: '13291' (page=map, user=lan)"),
        (ValueError("a\n  b"), None, None, "failure ABC234: ValueError: a b"),
        (ZeroDivisionError(), None, "lan", "failure ABC234: ZeroDivisionError (user=lan)"),
        (RuntimeError(""), "planner", None, "failure ABC234: RuntimeError (page=planner)"),
    ],
)
def test_failure_message(exc, where, user, expected):
    assert failure_message(exc, "ABC234", where, user) == expected


class _UnprintableError(Exception):
    def __str__(self):
        raise RuntimeError("no text")


def test_an_exception_that_cannot_be_printed_still_makes_a_message():
    expected = "failure ABC234: _UnprintableError: <unprintable>"
    assert failure_message(_UnprintableError(), "ABC234") == expected


def test_log_failure_writes_the_reference_then_the_whole_traceback(caplog):
    exc = _raise(KeyError("13291"))
    with caplog.at_level(logging.ERROR, logger=LOGGER_NAME):
        log_failure(logging.getLogger(LOGGER_NAME), exc, "ABC234", where="map", user="lan")
    (record,) = caplog.records
    assert record.name == LOGGER_NAME
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "failure ABC234: KeyError: '13291' (page=map, user=lan)"
    assert record.reference == "ABC234"
    assert record.exc_info[1] is exc
    text = caplog.text
    assert "Traceback (most recent call last):" in text
    assert 'tests/test_errors.py", line' in text  # the frame that raised, with its path
    assert "in _raise" in text
    assert text.rstrip().endswith("KeyError: '13291'")


def test_a_chained_exception_logs_both_tracebacks(caplog):
    try:
        try:
            {}["x"]
        except KeyError as inner:
            raise ValueError("outer") from inner
    except ValueError as exc:
        outer = exc
    with caplog.at_level(logging.ERROR, logger=LOGGER_NAME):
        log_failure(logging.getLogger(LOGGER_NAME), outer, "ABC234")
    assert "KeyError: 'x'" in caplog.text
    assert "The above exception was the direct cause" in caplog.text
    assert "ValueError: outer" in caplog.text


def test_app_logger_adds_a_stderr_handler_only_when_nothing_is_configured(monkeypatch):
    logger = logging.getLogger(LOGGER_NAME)
    root = logging.getLogger()
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    monkeypatch.setattr(root, "handlers", [logging.NullHandler()])
    assert app_logger() is logger
    assert logger.handlers == []  # the root's handler (a deployment's config, pytest's) wins

    monkeypatch.setattr(root, "handlers", [])
    assert app_logger() is logger
    (handler,) = logger.handlers
    assert isinstance(handler, logging.StreamHandler)
    assert handler.formatter._fmt == LOG_FORMAT
    assert logger.level == logging.INFO
    app_logger()
    assert len(logger.handlers) == 1  # never twice

    stream = io.StringIO()
    handler.setStream(stream)
    log_failure(logger, _raise(KeyError("13291")), "ABC234")
    first, *rest = stream.getvalue().splitlines()
    assert first.endswith(" ERROR vneid: failure ABC234: KeyError: '13291'")
    assert rest[0] == "Traceback (most recent call last):"


# --- what the browser is allowed to show ---------------------------------------------------------


def _client() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))["client"]


def test_the_config_shows_no_error_details_and_no_links():
    from streamlit.config import ShowErrorDetailsConfigOptions

    client = _client()
    assert client["showErrorDetails"] == "none"
    assert client["showErrorDetails"] in {o.value for o in ShowErrorDetailsConfigOptions}
    assert client["showErrorLinks"] is False


def test_streamlit_reads_the_link_setting_as_never():
    from streamlit import config
    from streamlit.proto.NewSession_pb2 import Config
    from streamlit.runtime.app_session import _get_show_error_links

    before = config.get_option("client.showErrorLinks")
    config.set_option("client.showErrorLinks", _client()["showErrorLinks"])
    try:
        assert _get_show_error_links() == Config.ShowErrorLinks.SHOW_ERROR_LINKS_FALSE
    finally:
        config.set_option("client.showErrorLinks", before)


@pytest.mark.parametrize(
    "exc",
    [KeyError("/work/main/geo/secret.py"), SyntaxError("bad", ("/srv/app/x.py", 3, 1, "x = (\n")),
     FileNotFoundError(2, "No such file", "/srv/vneid/data/vneid.db")],
)  # fmt: skip
def test_an_escaped_failure_shows_no_type_trace_or_path(exc):
    """What Streamlit itself draws for a failure outside the guard, with the app's setting."""
    from streamlit import config
    from streamlit.elements.exception import marshall
    from streamlit.proto.Exception_pb2 import Exception as ExceptionProto

    exc = _raise(exc)
    before = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", _client()["showErrorDetails"])
    try:
        proto = ExceptionProto()
        marshall(proto, exc, apply_show_error_details=True)
    finally:
        config.set_option("client.showErrorDetails", before)
    assert proto.type == ""
    assert list(proto.stack_trace) == []
    assert "/" not in proto.message
    assert "Traceback" not in proto.message
    assert type(exc).__name__ not in proto.message
