"""AppTest of the planner page's parts: an edit reruns its fragment only, the tab stays open.

A browser sends a widget change made inside a fragment with that fragment's id, and Streamlit
reruns the fragment alone; :func:`run_fragment` does the same in AppTest (whose own runs are all
whole). A whole run is seen by the ranking tab being drawn (``ranking.render``); a whole run
whose inputs did not change computes nothing again (``ui.planner_state.memo``).
The demo's visits end on 31/05/2023, so the plan starts on 01/06/2023 (two evenings here).
"""

from __future__ import annotations

import json
import re
from unittest import mock

import pandas as pd
import pytest
from streamlit.testing.v1 import local_script_runner
from streamlit.testing.v1.app_test import AppTest

import ui.scoped
from geo import planning
from geo.config import Settings
from geo.outputs.schedule_map import STOP_CLASS
from geo.store import Store
from tests.views.helpers import all_maps, page_test
from views.planner_tabs import ranking, schedule

_RerunData = local_script_runner.RerunData
SAVED_TAB = "Kế hoạch đã lưu và đối chiếu"


def run_fragment(at: AppTest, key: str) -> AppTest:
    """Rerun the fragment ``@st.fragment(key=key)`` alone, as a widget change inside it does."""
    ids = at._fragment_storage.resolve_target(key)

    def rerun_data(**kwargs):
        return _RerunData(**kwargs, fragment_id_queue=list(ids))

    with mock.patch.object(local_script_runner, "RerunData", rerun_data):
        at = at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def whole_runs(monkeypatch) -> list[int]:
    """One entry per whole run of the page (each draws the ranking tab once)."""
    runs: list[int] = []
    real = ranking.render

    def counted(*args, **kwargs):
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(ranking, "render", counted)
    return runs


@pytest.fixture
def computed(monkeypatch) -> list[int]:
    """One entry per computation of the priority scores (``geo.planning.priority_scores``)."""
    runs: list[int] = []
    real = planning.priority_scores

    def counted(*args, **kwargs):
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(planning, "priority_scores", counted)
    return runs


def _build(db_url: str) -> AppTest:
    """The planner page, two evenings, a greedy schedule built."""
    at = page_test("planner.py", Settings(data_dir=None, db_url=db_url), 120, user="planner")
    at.session_state["plan_days"] = 2
    at.session_state["plan_method"] = "greedy"
    at.session_state["plan_tab"] = "Lập lịch"  # the map is drawn in the open tab only
    at.run()
    at = at.button(key="plan_build").click().run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def built(demo_db_url, whole_runs) -> AppTest:
    """The planner page, two evenings, a greedy schedule built."""
    return _build(demo_db_url)


def _frame(at, column: str) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if column in df.value.columns)


def _stop_teams(at) -> list[str]:
    """The team of every assignment marker on the schedule map."""
    script = all_maps(at)[0]["script"]
    icons = [json.loads(h) for h in re.findall(r'"html": ("(?:[^"\\]|\\.)*")', script)]
    return [
        re.search(r'data-team="([^"]*)"', h).group(1) for h in icons if f'class="{STOP_CLASS}"' in h
    ]


def test_editing_a_cell_reruns_the_schedule_part_only(built, whole_runs):
    before = len(whole_runs)
    edit = _frame(built, "STT")
    other = edit[edit["Ngày"] == edit["Ngày"].iloc[0]]["Tổ lưu động"].iloc[1]
    built.session_state["plan_edit"] = {
        "edited_rows": {0: {"Tổ lưu động": other}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at = run_fragment(built, "plan_part_result")
    assert len(whole_runs) == before  # no ranking computed: the page did not rerun
    assert f"{other} có 2 lịch trong ngày 01/06/2023" in at.error[0].value
    assert not [df for df in at.dataframe if "Lý do" in df.value.columns]  # not sent again
    assert at.button(key="plan_save").disabled


def test_picking_a_notice_commune_reruns_the_picker_only(built, whole_runs, monkeypatch):
    reviews: list[int] = []  # the schedule part's runs (it draws the edit's review each time)
    real = schedule._edit
    monkeypatch.setattr(schedule, "_edit", lambda *a, **k: reviews.append(1) or real(*a, **k))
    before = len(whole_runs)
    picker = built.selectbox(key="plan_notice_code")
    assert len(picker.options) >= 2
    picker.select_index(1)
    at = run_fragment(built, "plan_part_notice")
    assert len(whole_runs) == before and reviews == []  # neither the page nor the schedule part
    assert at.selectbox(key="plan_notice_code").index == 1
    buttons = {b.proto.id.rsplit("-", 1)[1]: b for b in at.get("download_button")}
    assert buttons["plan_notice_one"].proto.label == "Tải thông báo của xã đã chọn (PDF)"
    assert buttons["plan_notice_text"].proto.label == "Tải nội dung thông báo (.txt)"


def test_publishing_reruns_the_saved_tab_only_and_it_stays_open(built, whole_runs, demo_db_url):
    at = built.button(key="plan_save").click().run()
    assert "Đã lưu kế hoạch số 1." in [s.value for s in at.success]
    at.session_state["plan_tab"] = SAVED_TAB  # what the browser sends when the tab is opened
    at = at.run()
    before = len(whole_runs)
    at.button(key="plan_publish").click()
    at = run_fragment(at, "plan_part_saved")  # the click's run; its st.rerun is the fragment's
    assert len(whole_runs) == before
    assert Store(demo_db_url).published_plan()[0] == 1
    assert "Đã công bố kế hoạch số 1; đây là kế hoạch đang áp dụng." in [
        s.value for s in at.success
    ]
    assert _frame(at, "Trạng thái")["Trạng thái"].iloc[0].startswith("Đang áp dụng")
    assert at.session_state["plan_tab"] == SAVED_TAB
    at = at.run()  # and a whole run (another action) keeps it too
    assert not at.exception and at.session_state["plan_tab"] == SAVED_TAB


@pytest.mark.parametrize("clicks", [1, 2])
def test_saving_keeps_the_schedule_tab_open(built, clicks):
    at = built
    for _ in range(clicks):
        at = at.run()
    at = at.button(key="plan_save").click().run()
    assert not at.exception
    assert at.session_state["plan_tab"] == "Lập lịch"


def test_build_time_is_the_users_wait_not_the_solvers(demo_db_url, monkeypatch):
    # the click at t = 100 s, the page shown at t = 104.8 s: «4,8 giây», whatever the solver took
    monkeypatch.setattr("ui.planner_state.clock", iter([100.0, 104.8]).__next__)
    at = page_test("planner.py", Settings(data_dir=None, db_url=demo_db_url), 120, user="planner")
    at.session_state["plan_days"] = 2
    at.session_state["plan_method"] = "greedy"
    at.run()
    at = at.button(key="plan_build").click().run()
    assert not at.exception, at.exception
    solver = at.session_state["plan_result"]["schedule"].attrs["solver"]
    assert solver["seconds_total"] < 4
    wanted = "Lần lượt từng buổi (greedy): 4,8 giây từ lúc bấm «Lập lịch» đến khi có lịch."
    assert wanted in [c.value for c in at.caption]
    assert at.session_state["plan_result"]["waited"] == pytest.approx(4.8)
    at = at.run()  # kept, not measured again (the clock is not called any more)
    assert wanted in [c.value for c in at.caption]


@pytest.mark.parametrize("view", ["team", "day"])
def test_schedule_map_shows_one_team_or_one_evening(built, whole_runs, view):
    schedule = built.session_state["plan_result"]["schedule"]
    assert schedule["team"].nunique() > 1 and schedule["date"].nunique() == 2
    assert len(_stop_teams(built)) == (schedule["date"] == schedule["date"].min()).sum()
    before = len(whole_runs)
    built.radio(key="plan_map_view").set_value(view)
    at = run_fragment(built, "plan_part_map")
    if view == "team":
        team = schedule["team"].iloc[-1]
        at.selectbox(key="plan_map_team").set_value(team)
        at = run_fragment(at, "plan_part_map")
        assert _stop_teams(at) == [team] * int((schedule["team"] == team).sum())
    else:
        at.selectbox(key="plan_map_day").set_value(schedule["date"].max().date())
        at = run_fragment(at, "plan_part_map")
        day = schedule[schedule["date"] == schedule["date"].max()]
        assert sorted(_stop_teams(at)) == sorted(day["team"])
    assert len(whole_runs) == before


def test_communes_of_the_same_name_carry_their_district_or_code(demo_db_url, monkeypatch):
    real = ui.scoped.get_communes
    renamed = {"13306": "Quang Trung", "13321": "Lê Hồng Phong"}  # 13306 is in Phủ Lý too

    def communes(*args, **kwargs):
        c = real(*args, **kwargs).copy()
        c["name"] = [renamed.get(str(k), n) for k, n in zip(c["code"], c["name"], strict=True)]
        return c

    monkeypatch.setattr(ui.scoped, "get_communes", communes)
    at = page_test("planner.py", Settings(data_dir=None, db_url=demo_db_url), 120, user="planner")
    at.session_state["plan_days"] = 2
    at.session_state["plan_method"] = "greedy"
    at.run()
    names = _frame(at, "Lý do")["Xã, phường, thị trấn"].tolist()
    assert {
        "Lê Hồng Phong (Thành phố Phủ Lý)",
        "Lê Hồng Phong (Thị xã Duy Tiên)",
        "Quang Trung (13285)",
        "Quang Trung (13306)",
    } <= set(names)
    assert "Lê Hồng Phong" not in names and "Thanh Hà" in names  # a unique name stays bare
    at = at.button(key="plan_build").click().run()
    assert not at.exception, at.exception
    shown = at.selectbox(key="plan_notice_code").options
    assert not {"Lê Hồng Phong", "Quang Trung"} & set(shown)
    cells = " ".join(
        str(v)
        for df in at.dataframe
        if df.value.index.name == "Ngày"
        for v in df.value.to_numpy().ravel()
    )
    assert cells and re.search(r"(Lê Hồng Phong|Quang Trung)(?! \()", cells) is None


def test_closed_tabs_are_not_drawn_and_opening_one_reads_the_plans_again(built, demo_db_url):
    at = built.button(key="plan_save").click().run()
    assert not [df for df in at.dataframe if "Trạng thái" in df.value.columns]  # closed tab
    assert all_maps(at)  # the open tab's map
    at.session_state["plan_tab"] = SAVED_TAB  # the user opens the saved plans
    at = at.run()
    assert _frame(at, "Trạng thái")["Trạng thái"].tolist() == ["Bản nháp"]
    assert not all_maps(at)  # the schedule map is not drawn behind a closed tab
    assert at.button(key="plan_save").label == "Lưu bản nháp"  # its widgets are kept


def test_a_milp_request_answered_by_the_greedy_plan_says_why(demo_db_url, monkeypatch):
    real = planning.build_schedule

    def fell_back(*args, **kwargs):
        schedule = real(*args, **kwargs)
        schedule.attrs["solver"].update(
            method="greedy",
            requested="milp",
            fallback="worse",
            time_limit=20.0,
            expected_milp=1502.4,
            expected_greedy=1610.0,
        )
        return schedule

    monkeypatch.setattr(planning, "build_schedule", fell_back)
    at = _build(demo_db_url)
    assert [i.value for i in at.info if i.value.startswith("Sau 20 giây")] == [
        "Sau 20 giây, lời giải tối ưu (MILP) chưa tốt bằng cách lần lượt từng buổi (dự kiến "
        "kích hoạt 1.502 so với 1.610); đã dùng lịch lần lượt từng buổi."
    ]


def test_a_tab_opened_again_draws_without_computing_again(built, whole_runs, computed, monkeypatch):
    reviews: list[int] = []
    real = planning.review_edit
    monkeypatch.setattr(planning, "review_edit", lambda *a, **k: reviews.append(1) or real(*a, **k))
    before = len(whole_runs)
    for tab in ("Xếp hạng ưu tiên", SAVED_TAB, "Lập lịch"):
        built.session_state["plan_tab"] = tab
        at = built.run()
        assert not at.exception, at.exception
    assert len(whole_runs) == before + 3  # three whole runs ...
    assert computed == [] and reviews == []  # ... that computed neither the scores nor the review
    at.slider(key="plan_target").set_value(90)
    at = at.run()
    assert len(computed) == 1  # another target: the scores are computed again
    assert at.session_state["plan_tab"] == "Lập lịch"
