"""ui.planner_state: the memo of a part kept per session, and the keys of tables."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from ui import planner_state


@pytest.fixture
def session(monkeypatch):
    """A session of its own: ``st.session_state`` as a plain dict."""
    state: dict = {}
    monkeypatch.setattr(planner_state, "st", SimpleNamespace(session_state=state))
    return state


def test_memo_computes_once_per_key_and_again_when_the_key_changes(session):
    calls = []

    def compute(value):
        calls.append(value)
        return [value]

    first = planner_state.memo("ranking", ("rev", 1), lambda: compute("a"))
    again = planner_state.memo("ranking", ("rev", 1), lambda: compute("b"))
    assert again is first and calls == ["a"]  # the same object: nothing computed
    changed = planner_state.memo("ranking", ("rev", 2), lambda: compute("c"))
    assert changed == ["c"] and calls == ["a", "c"]
    back = planner_state.memo("ranking", ("rev", 1), lambda: compute("d"))
    assert back == ["d"]  # one value per part: the old key is not kept


def test_memo_keeps_one_value_per_part(session):
    planner_state.memo("ranking", 1, lambda: "scores")
    planner_state.memo("review", 1, lambda: "review")
    assert planner_state.memo("ranking", 1, lambda: "other") == "scores"
    assert planner_state.memo("review", 1, lambda: "other") == "review"


def test_a_new_session_computes_again(monkeypatch):
    for expected in ("first", "second"):
        monkeypatch.setattr(planner_state, "st", SimpleNamespace(session_state={}))
        assert planner_state.memo("ranking", 1, lambda e=expected: e) == expected


SCHEDULE = pd.DataFrame(
    {
        "date": pd.to_datetime(["2023-06-01", "2023-06-02"]),
        "team": ["Tổ 1 (DEMO)", "Tổ 2 (DEMO)"],
        "code": ["13291", "13294"],
    }
)


@pytest.mark.parametrize(
    "other, equal",
    [
        (SCHEDULE.copy(), True),
        (SCHEDULE.set_index(pd.Index([5, 9])), True),  # the index is left out
        (SCHEDULE.assign(code=["13291", "13297"]), False),  # one cell
        (SCHEDULE.iloc[::-1], False),  # the order of the rows
        (SCHEDULE.rename(columns={"code": "ma"}), False),  # a column's name
        (SCHEDULE.iloc[:1], False),  # a row less
        (SCHEDULE.iloc[:0], False),  # empty
    ],
)
def test_frame_key_is_equal_for_equal_tables_only(other, equal):
    assert (planner_state.frame_key(SCHEDULE) == planner_state.frame_key(other)) is equal
