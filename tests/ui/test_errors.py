"""ui.errors.guarded: a failing page shows a message and a reference, the log the traceback.

Small scripts run as AppTests (``AppTest.from_function``) in this process, so the guard's log
record reaches pytest's ``caplog``; Streamlit's own control flow (``st.rerun``, ``st.stop``,
fragments) must pass through the guard as if it were not there.
"""

from __future__ import annotations

import logging
import re

import pytest
from streamlit.testing.v1 import AppTest

from geo.errors import ALPHABET, LOGGER_NAME, REFERENCE_LENGTH

VI_MESSAGE = "Đã xảy ra lỗi, trang chưa hiển thị được đầy đủ."
EN_MESSAGE = "Something went wrong and the page could not be shown in full."
REFERENCE = re.compile(
    rf"(?:Mã tham chiếu|Reference): \*\*([{ALPHABET}]{{{REFERENCE_LENGTH}}})\*\*"
)
#: What a traceback looks like in any text: its header, a frame line with a path, a path itself.
LEAKS = re.compile(r'Traceback|File "/|/work/|site-packages|\.py\b')


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _all_text(at: AppTest) -> str:
    """Every field of every element on the page (the protobufs the browser would get)."""
    return "\n".join(str(n.proto) for n in _walk(at._tree) if getattr(n, "proto", None))


def _failing_page() -> None:
    import streamlit as st

    from ui import errors
    from ui.state import use_language

    use_language()
    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    with errors.guarded("map"):
        st.title("Bản đồ")
        if st.session_state.get("broken", True):
            with st.sidebar, st.container():
                {}["13291"]  # the page's bug: a KeyError deep in a layout
        st.write("fixed")


def _run(script, lang: str = "vi", **state) -> AppTest:
    at = AppTest.from_function(script, default_timeout=30)
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def _reference(at: AppTest) -> str:
    (error,) = at.error
    match = REFERENCE.search(error.value)
    assert match, error.value
    return match.group(1)


@pytest.mark.parametrize(("lang", "message"), [("vi", VI_MESSAGE), ("en", EN_MESSAGE)])
def test_a_failure_shows_a_message_and_a_reference_and_logs_the_traceback(caplog, lang, message):
    with caplog.at_level(logging.ERROR, logger=LOGGER_NAME):
        at = _run(_failing_page, lang=lang)
    assert len(at.exception) == 0
    assert at.title[0].value == "Bản đồ"  # what was drawn before the failure stays
    (error,) = at.error
    assert error.value.startswith(message)
    assert ("quản trị viên" if lang == "vi" else "administrator") in error.value
    reference = _reference(at)
    assert [b.label for b in at.button] == ["Thử lại" if lang == "vi" else "Try again"]
    assert not LEAKS.search(_all_text(at)), LEAKS.search(_all_text(at))
    assert "KeyError" not in _all_text(at)
    assert "13291" not in _all_text(at)

    (record,) = [r for r in caplog.records if r.name == LOGGER_NAME]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == f"failure {reference}: KeyError: '13291' (page=map)"
    assert record.reference == reference
    assert "Traceback (most recent call last):" in caplog.text
    assert "in _failing_page" in caplog.text  # the page's own frame, for the administrator
    assert caplog.text.rstrip().endswith("KeyError: '13291'")


def test_the_signed_in_user_is_logged(caplog):
    from geo.access import Scope, User

    with caplog.at_level(logging.ERROR, logger=LOGGER_NAME):
        at = _run(_failing_page, auth_user=User("lan", "leader", Scope.province()))
    reference = _reference(at)
    assert f"failure {reference}: KeyError: '13291' (page=map, user=lan)" in caplog.text


def test_each_failure_has_its_own_reference_and_try_again_reruns(caplog):
    with caplog.at_level(logging.ERROR, logger=LOGGER_NAME):
        at = _run(_failing_page)
        first = _reference(at)
        at.button[0].click().run()
        second = _reference(at)
        assert first != second
        assert at.session_state["runs"] == 2
        at.session_state["broken"] = False  # the cause went away (the data was fixed)
        at.button[0].click().run()
    assert len(at.error) == 0 and len(at.button) == 0
    assert [m.value for m in at.markdown] == ["fixed"]
    logged = [r.reference for r in caplog.records if r.name == LOGGER_NAME]
    assert logged == [first, second]


def _rerun_and_stop() -> None:
    import streamlit as st

    from ui import errors

    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    with errors.guarded("planner"):
        if st.session_state["runs"] == 1:
            st.rerun()
        st.write(f"run {st.session_state['runs']}")
        st.stop()
        st.write("after stop")  # never drawn


def test_st_rerun_and_st_stop_pass_through_the_guard(caplog):
    with caplog.at_level(logging.ERROR, logger=LOGGER_NAME):
        at = _run(_rerun_and_stop)
    assert at.session_state["runs"] == 2
    assert [m.value for m in at.markdown] == ["run 2"]
    assert len(at.error) == 0 and len(at.exception) == 0
    assert [r for r in caplog.records if r.name == LOGGER_NAME] == []


def _switch_page() -> None:
    import streamlit as st

    from ui import errors

    def home():
        st.write("home")

    def start():
        with errors.guarded("start"):
            st.switch_page(pages[1])

    pages = [st.Page(start, title="start", default=True), st.Page(home, title="home")]
    page = st.navigation(pages)
    with errors.guarded(page.url_path):
        page.run()


def test_st_switch_page_passes_through_the_guard(caplog):
    with caplog.at_level(logging.ERROR, logger=LOGGER_NAME):
        at = AppTest.from_function(_switch_page, default_timeout=30).run()
    assert len(at.error) == 0 and len(at.exception) == 0
    assert [m.value for m in at.markdown] == ["home"]
    assert [r for r in caplog.records if r.name == LOGGER_NAME] == []


def _fragments() -> None:
    import streamlit as st

    from ui import errors

    @st.fragment
    @errors.guarded("planner.schedule")
    def guarded_part():
        if st.button("save", key="save"):
            raise ValueError("/srv/vneid/secret.db is locked")
        st.write("part ok")

    with errors.guarded("planner"):
        st.write("page")
        guarded_part()
        st.write("page end")


def test_a_guarded_fragment_fails_alone_on_its_own_rerun(caplog):
    with caplog.at_level(logging.ERROR, logger=LOGGER_NAME):
        at = _run(_fragments)
        assert [m.value for m in at.markdown] == ["page", "part ok", "page end"]
        at.button(key="save").click().run()  # a fragment rerun: outside page.run()
    assert len(at.exception) == 0
    reference = _reference(at)
    assert [m.value for m in at.markdown] == ["page", "page end"]  # the rest of the page stays
    assert not LEAKS.search(_all_text(at))
    assert "secret" not in _all_text(at)
    (record,) = [r for r in caplog.records if r.name == LOGGER_NAME]
    assert record.getMessage() == (
        f"failure {reference}: ValueError: /srv/vneid/secret.db is locked (page=planner.schedule)"
    )


def _unguarded_fragment() -> None:
    import streamlit as st

    from ui import errors

    @st.fragment
    def part():
        raise ValueError("inside the fragment")

    with errors.guarded("progress"):
        part()
        st.write("not reached")


def test_a_failure_streamlit_already_showed_in_a_fragment_is_not_shown_twice(caplog):
    with caplog.at_level(logging.ERROR, logger=LOGGER_NAME):
        at = _run(_unguarded_fragment)
    assert len(at.exception) == 1  # Streamlit's own (redacted in the browser by config.toml)
    assert len(at.error) == 0
    assert [m.value for m in at.markdown] == []
    assert [r for r in caplog.records if r.name == LOGGER_NAME] == []


def _callback() -> None:
    import streamlit as st

    from ui import errors

    @errors.guarded("accounts.save")
    def save():
        raise PermissionError("/etc/shadow")

    st.button("save", on_click=save)
    st.write("page")


def test_a_guarded_callback_shows_the_message_and_the_page_still_runs(caplog):
    with caplog.at_level(logging.ERROR, logger=LOGGER_NAME):
        at = _run(_callback)
        at.button[0].click().run()
    assert len(at.exception) == 0
    reference = _reference(at)
    assert "page" in [m.value for m in at.markdown]
    assert "shadow" not in _all_text(at)
    assert f"failure {reference}: PermissionError: /etc/shadow (page=accounts.save)" in caplog.text


@pytest.mark.parametrize("kind", [KeyboardInterrupt, SystemExit, GeneratorExit])
def test_base_exceptions_are_never_swallowed(kind):
    from ui import errors

    with pytest.raises(kind), errors.guarded("x"):
        raise kind()
