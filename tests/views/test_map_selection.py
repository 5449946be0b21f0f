"""AppTests of the selection shared by the gap table, the map and the panel (views/map.py,
views/map_parts/gap_table.py, views/map_parts/reveal.py).

A click on a grid row arrives as the grid's session state (as AppTest writes it); a click on the
map as ``selected_code`` (what the page sets from the map's answer), or as the map's answer kept
under the page's key ``map-<version>`` before the run (``ui.map_cache.draw``). The gap table of the
demo ranks, unfiltered: 1 Lê Hồng Phong (13291, row 0), 3 Châu Giang (13330, row 2), 9 Yên Bắc
(13348, row 8), 4 Nhật Tân (13402, row 3); filtered by «phuong» the wards alone: Lê Hồng Phong
row 0, Châu Giang row 1, Yên Bắc row 2.
"""

from __future__ import annotations

import json
import re

import pytest

from geo.config import Settings
from tests.shared_data import DATA_DIR, needs_data
from tests.views.helpers import _map_js, all_maps, map_args, map_page_runner, page_test
from views.map_parts.gap_table import _table_key, code_at, row_of
from views.map_parts.reveal import scroll_script

LHP, CHAU_GIANG, YEN_BAC, NHAT_TAN, AN_NOI = "13291", "13330", "13348", "13402", "13540"
PHUONG = _table_key("phuong", [])


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """One SQLite file per module: the first page run loads the demo into it."""
    return f"sqlite:///{tmp_path_factory.mktemp('map_selection') / 'demo.db'}"


@pytest.fixture
def page(demo_db):
    return map_page_runner(Settings(data_dir=DATA_DIR, db_url=demo_db))


def _ok(at):
    assert not at.exception, at.exception
    return at


def _click_row(at, key: str, rows: list[int]):
    """A click on the grid drawn under ``key``, as the browser reports it."""
    at.session_state[key] = {"selection": {"rows": rows, "columns": [], "cells": []}}
    return _ok(at.run())


def _type(at, text: str):
    return _ok(at.text_input(key="gap_filter").input(text).run())


def _grid_rows(at, key: str) -> list[int]:
    """The rows the grid under ``key`` shows as selected (what the page last wrote or read)."""
    (grid,) = [df for df in at.dataframe if (df.key or "").startswith("gap_table")]
    assert grid.key == key
    return list(at.session_state[key]["selection"]["rows"])


def _panel(at) -> str:
    return at.subheader[0].value


def _grid_codes(at) -> list[str]:
    """Commune codes of the gap table's rows, in the order drawn."""
    (grid,) = [df for df in at.dataframe if (df.key or "").startswith("gap_table")]
    return grid.value.iloc[:, 1].astype(str).tolist()


def _outlined(at) -> list[str]:
    """The communes the map outlines as selected (``_sel`` in the GeoJSON: the outline layer)."""
    codes = []
    for match in re.finditer(r'"properties":\s*(\{[^{}]*\})', _map_js(map_args(at))):
        props = json.loads(match.group(1))
        if props.get("_sel"):
            codes.append(props["code"])
    return codes


def _selected_in(at, code: str) -> bool:
    """Whether the map outlines ``code``, and it alone, as the selected commune."""
    return _outlined(at) == [code]


# --- pure helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codes", "code", "expected"),
    [
        (["a", "b", "c"], "c", [2]),
        (["a", "b", "c"], "a", [0]),
        (["a", "b"], "z", []),
        (["a", "b"], None, []),
        ([], "a", []),
    ],
)
def test_row_of(codes, code, expected):
    assert row_of(codes, code) == expected


@pytest.mark.parametrize(
    ("rows", "expected"),
    [([0], "a"), ([2], "c"), ([3], None), ([109], None), ([-1], None), ([], None),
     (["0"], None), ([True], None), ([1, 2], "b")],
)  # fmt: skip
def test_code_at_reads_only_rows_that_exist(rows, expected):
    assert code_at(["a", "b", "c"], rows) == expected


# --- the defect: a selection, then a filter that leaves fewer rows --------------------------------


@needs_data
@pytest.mark.parametrize(
    ("row", "code", "name", "typed", "key", "shown"),
    [
        (8, YEN_BAC, "Phường Yên Bắc", "phuong", PHUONG, [2]),  # still a row: its new row
        (2, CHAU_GIANG, "Phường Châu Giang", "phuong", PHUONG, [1]),
        (8, YEN_BAC, "Phường Yên Bắc", "le hong phong", _table_key("le hong phong", []), []),
        (3, NHAT_TAN, "Xã Nhật Tân", "phuong", PHUONG, []),  # a xã: no ward row to show
    ],
)
def test_a_selection_survives_a_filter_that_leaves_fewer_rows(
    page, row, code, name, typed, key, shown
):
    at = _click_row(page(), "gap_table", [row])
    assert at.session_state["selected_code"] == code
    at = _type(at, typed)  # used to raise KeyError (a row number read against other rows)
    assert at.session_state["selected_code"] == code  # the map and the panel keep it
    assert _panel(at) == name and _selected_in(at, code)
    assert _grid_rows(at, key) == shown  # its row highlighted, or none
    assert [_grid_codes(at)[i] for i in shown] == [code] * len(shown)
    at = _type(at, "")  # the whole table again: its row again
    assert _grid_rows(at, "gap_table") == [row]
    assert at.session_state["selected_code"] == code


@needs_data
def test_a_click_under_a_filter_reads_the_filtered_rows(page):
    at = _type(page(), "phuong")
    at = _click_row(at, PHUONG, [2])
    assert at.session_state["selected_code"] == YEN_BAC  # row 2 of the wards, not of the province
    assert _panel(at) == "Phường Yên Bắc"
    assert _selected_in(at, YEN_BAC)  # outlined in the same run: no second run


@needs_data
def test_a_map_click_after_a_row_click_is_not_undone_by_the_grid(page):
    at = _click_row(page(), "gap_table", [0])
    assert at.session_state["selected_code"] == LHP
    at.session_state["selected_code"] = AN_NOI  # then a click on Xã An Nội on the map
    at = _ok(at.run())
    assert at.session_state["selected_code"] == AN_NOI  # the grid's old row 0 used to win
    assert _panel(at) == "Xã An Nội"
    assert _grid_rows(at, "gap_table") == [_grid_codes(at).index(AN_NOI)]  # the grid follows
    assert _ok(at.run()).session_state["selected_code"] == AN_NOI  # and stays


@needs_data
def test_clicking_the_selected_row_again_clears_the_selection(page):
    at = _click_row(page(), "gap_table", [0])
    assert _panel(at) == "Phường Lê Hồng Phong"
    at = _click_row(at, "gap_table", [])
    assert at.session_state["selected_code"] is None
    assert _panel(at) == "Toàn tỉnh"


@needs_data
@pytest.mark.parametrize("rows", [[5], [-1], [109]])
def test_a_row_that_is_not_in_the_grid_changes_nothing(page, rows):
    at = _type(page(selected_code=NHAT_TAN), "le hong phong")
    key = _table_key("le hong phong", [])
    at = _click_row(at, key, rows)
    assert at.session_state["selected_code"] == NHAT_TAN
    assert _grid_rows(at, key) == []


# --- a phone brings the panel into view -----------------------------------------------------------


def _scripts(at) -> list[str]:
    return [h.proto.body for h in at.get("html") if "<script>" in h.proto.body]


@needs_data
def test_the_panel_is_scrolled_into_view_once_per_new_selection(page):
    at = page()
    assert _scripts(at) == []  # nothing selected: the page never moves
    at = _click_row(at, "gap_table", [0])
    (script,) = _scripts(at)
    assert script == scroll_script(".st-key-commune_panel", LHP)
    assert _scripts(_ok(at.run())) == []  # another rerun: no second scroll
    at.session_state["selected_code"] = AN_NOI
    assert _scripts(_ok(at.run())) == [scroll_script(".st-key-commune_panel", AN_NOI)]


def test_the_scroll_script_keeps_its_arguments_inert():
    script = scroll_script('</script><img src=x onerror="alert(1)">', "</script>")
    assert script.count("</script>") == 1 and script.endswith("</script>")
    assert "<img" not in script
    assert "window.innerWidth > 640" in script
    assert "scrollIntoView" in script


# --- a click on the map is read before the map is drawn ------------------------------------------


def _map_answer(code: str) -> dict:
    """What the map's component answers after a click on ``code`` (kept under the page's key)."""
    return {"last_active_drawing": {"properties": {"code": code}}}


@needs_data
def test_a_map_click_shows_its_commune_on_the_map_panel_and_grid_of_the_same_run(page):
    at = page()
    assert _outlined(at) == [] and _panel(at) == "Toàn tỉnh"
    at.session_state["map-2020-2024"] = _map_answer(AN_NOI)
    at = _ok(at.run())
    assert at.session_state["selected_code"] == AN_NOI
    assert _panel(at) == "Xã An Nội" and _selected_in(at, AN_NOI)
    assert _grid_rows(at, "gap_table") == [_grid_codes(at).index(AN_NOI)]


@needs_data
def test_an_old_map_answer_does_not_undo_a_later_row_click(page):
    at = page()
    at.session_state["map-2020-2024"] = _map_answer(AN_NOI)
    at = _click_row(_ok(at.run()), "gap_table", [0])  # the map still answers An Nội
    assert at.session_state["selected_code"] == LHP
    assert _panel(at) == "Phường Lê Hồng Phong" and _selected_in(at, LHP)
    assert _ok(at.run()).session_state["selected_code"] == LHP


@needs_data
@pytest.mark.parametrize("code", [None, "99999"])
def test_a_map_answer_without_a_commune_of_the_page_selects_nothing(page, code):
    at = page()
    at.session_state["map-2020-2024"] = {
        "last_active_drawing": None if code is None else {"properties": {"code": code}}
    }
    at = _ok(at.run())
    assert _panel(at) == "Toàn tỉnh" and _outlined(at) == []


# --- the comparison keeps the panel and the table; its maps move together ------------------------


@needs_data
def test_the_comparison_keeps_the_panel_and_the_table_and_its_maps_move_together(page):
    at = page(compare=True)
    maps = all_maps(at)
    assert len(maps) == 2
    assert all('var group = "compare";' in m["feature_group"] for m in maps)
    assert [s.value for s in at.subheader] == ["Toàn tỉnh", "Xã còn nhiều người chưa kích hoạt"]
    at = _click_row(at, "gap_table", [8])  # a row still selects its commune
    assert _panel(at) == "Phường Yên Bắc" and len(all_maps(at)) == 2
    assert _grid_rows(at, "gap_table") == [8]


@needs_data
def test_the_main_map_moves_alone(page):
    assert "__vneidSync" not in map_args(page())["feature_group"]


# --- the cached panel is the user's own ----------------------------------------------------------


def _place_names(at) -> set[str]:
    """The place names of the panel's latest visits (its last table)."""
    latest = at.dataframe[-2].value  # the panel's last table, before the gap table
    column = next(c for c in latest.columns if "địa điểm" in c.lower() and "loại" not in c.lower())
    return {str(n) for n in latest[column].dropna() if str(n).strip()}


@needs_data
def test_a_leader_never_gets_the_household_names_cached_for_a_commander(demo_db):
    settings = Settings(data_dir=DATA_DIR, db_url=demo_db)

    def panel_of(user):
        at = page_test("map.py", settings, 120, user=user)
        at.session_state["selected_code"] = LHP
        return _ok(at.run())

    commander = _place_names(panel_of("commander"))  # fills the cache first
    leader = _place_names(panel_of("leader"))  # same commune, filters, scope and language
    assert leader < commander  # the households' names are left out for the leader
    assert _place_names(panel_of("commander")) == commander
