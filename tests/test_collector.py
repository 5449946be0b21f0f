"""geo.collector: the garbage collector paused for bulk steps, nested and across threads."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from geo.collector import paused


@pytest.fixture(autouse=True)
def collector_running() -> Iterator[None]:
    """Each test starts and ends with the collector running, whatever it did."""
    gc.enable()
    yield
    gc.enable()


def test_resumes_after_the_block_even_when_it_raises() -> None:
    with pytest.raises(ZeroDivisionError), paused():
        assert not gc.isenabled()
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_overlapping_pauses_of_two_threads_resume_once_both_end() -> None:
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first() -> None:
        with paused():
            first_in.set()
            second_in.wait(5)
        seen["after first"] = gc.isenabled()  # the second thread's pause is still open
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with paused():
            second_in.set()
            first_out.wait(5)
            seen["inside second"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == {"after first": False, "inside second": False}
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled() -> None:
    gc.disable()
    with paused():
        pass
    assert not gc.isenabled()


@pytest.mark.parametrize("decorated", [True, False])
def test_a_bulk_function_runs_paused(decorated: bool) -> None:
    def bulk() -> bool:
        return gc.isenabled()

    run = paused()(bulk) if decorated else bulk
    assert run() is not decorated
    assert gc.isenabled()
