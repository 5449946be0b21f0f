"""Tests of geo.planning.tables: the planner page's tables and the frames read back from them."""

from __future__ import annotations

import pandas as pd

from geo import planning
from geo.planning import tables
from tests.planning.cases import MONDAY, TODAY


def test_ranking_table_headers_and_values(metrics, communes, teams) -> None:
    scores = planning.priority_scores(metrics, communes, teams, today=TODAY)
    t = tables.ranking_table(scores)
    assert len(t) == 4  # the commune without data is not ranked
    assert list(t.columns)[:6] == [
        "Hạng",
        "Mức ưu tiên",
        "Xã, phường, thị trấn",
        "Huyện, thị xã, thành phố",
        "Điểm",
        "Lý do",
    ]
    first = t.iloc[0]
    assert first["Xã, phường, thị trấn"] == "Thanh Hà" and first["Chưa kích hoạt"] == "4.000"
    assert (
        first["Tỷ lệ kích hoạt"] == "50,0 %" and first["Thiếu so với mục tiêu (điểm %)"] == "30,0"
    )


def test_team_table_round_trip(teams) -> None:
    table = tables.team_table(teams)
    assert list(table.columns) == ["Tổ lưu động", "Số CBCS", "Vĩ độ trụ sở", "Kinh độ trụ sở"]
    pd.testing.assert_frame_equal(tables.teams_from_table(table), teams)


def test_editor_round_trip_and_incomplete_rows(small_case) -> None:
    c, teams = small_case
    s = planning.build_schedule(c, teams, MONDAY, 2, method="greedy")
    labels = tables.commune_labels(c.assign(name=c["code"].radd("Xã ")))
    editor = tables.editor_frame(s, labels)
    assert editor["Xã, phường, thị trấn"].iloc[0].endswith(f"({s['code'].iloc[0]})")
    editor.loc[len(editor)] = [len(editor) + 1, None, "Tổ 1", None]  # a row left incomplete
    back = tables.assignments_from_editor(editor, labels)
    assert back["code"].tolist() == s["code"].tolist()
    assert back["date"].tolist() == s["date"].tolist()


def test_grid_joins_two_rows_of_a_team() -> None:
    s = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-01"] * 2),
            "team": ["Tổ 1", "Tổ 1"],
            "code": ["1", "2"],
            "window_start": ["18:10", "16:15"],
            "window_end": ["21:20", "19:15"],
        }
    )
    grid = tables.schedule_grid(s, {"1": "Xã A", "2": "Xã B"})
    assert grid.index.name == "Ngày"
    assert grid.loc["Thứ Năm 01/06/2023", "Tổ 1"] == "Xã A 18:10-21:20; Xã B 16:15-19:15"


def test_weekday_labels_and_plan_labels() -> None:
    assert [tables.weekday_label(i) for i in range(5)] == [
        "Thứ Hai",
        "Thứ Ba",
        "Thứ Tư",
        "Thứ Năm",
        "Thứ Sáu",
    ]
    assert tables.plan_label(4, current_id=3) == "Kế hoạch số 4"
