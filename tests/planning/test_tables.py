"""Tests of geo.planning.tables: the planner page's tables and the frames read back from them."""

from __future__ import annotations

import pandas as pd

from geo import planning
from geo.i18n import language
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


# --------------------------------------------------------------------------- English


def test_ranking_table_in_english(metrics, communes, teams) -> None:
    with language("en"):
        scores = planning.priority_scores(metrics, communes, teams, today=TODAY)
        t = tables.ranking_table(scores)
    assert list(t.columns) == [
        "Rank",
        "Priority",
        "Commune/ward/township",
        "District / town / city",
        "Score",
        "Reason",
        "Not yet activated",
        "Activation rate (coverage)",
        "Shortfall from the target (pp)",
        "Days since last visit",
        "Expected activations per evening",
        "Travel minutes",
        "Open home-visit requests",
        "Nearest mobile team",
    ]
    first = t.iloc[0]
    assert first["Commune/ward/township"] == "Thanh Hà"  # names are data
    assert (first["Rank"], first["Priority"]) == (1, 1)
    assert first["Not yet activated"] == "4,000"
    assert first["Activation rate (coverage)"] == "50.0%"
    assert first["Shortfall from the target (pp)"] == "30.0"
    assert first["Days since last visit"] == "60"  # never visited: the cap
    assert first["Reason"].startswith("4,000 people not yet activated; ")


def test_weights_caption_in_english() -> None:
    with language("en"):
        caption = tables.weights_caption({"gap": 1.0, "shortfall": 1.0, "travel": 2.0})
    assert caption == (
        "Weights (normalised): people not yet activated (gap) 25%; shortfall from the target "
        "25%; near the team base 50%. Each component is scaled to 0–1 over the communes with "
        "data; score = weighted sum."
    )


def test_team_table_round_trip_in_english(teams) -> None:
    with language("en"):
        table = tables.team_table(teams)
        back = tables.teams_from_table(table)
    assert list(table.columns) == ["Mobile team", "Officers", "Base latitude", "Base longitude"]
    pd.testing.assert_frame_equal(back, teams)


def test_editor_round_trip_in_english(small_case) -> None:
    c, teams = small_case
    s = planning.build_schedule(c, teams, MONDAY, 2, method="greedy")
    labels = tables.commune_labels(c.assign(name=c["code"].radd("Xã ")))
    with language("en"):
        editor = tables.editor_frame(s, labels)
        back = tables.assignments_from_editor(editor, labels)
    assert list(editor.columns) == ["No.", "Date", "Mobile team", "Commune/ward/township"]
    assert back["code"].tolist() == s["code"].tolist()


def test_grid_and_meeting_points_in_english() -> None:
    s = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-01"]),
            "team": ["Tổ 1"],
            "code": ["1"],
            "window_start": ["18:10"],
            "window_end": ["21:20"],
        }
    )
    points = pd.DataFrame(
        {"code": ["1"], "name": ["Xã A"], "first_date": ["2023-06-01"], "meeting_point": ["x"]}
    )
    with language("en"):
        grid = tables.schedule_grid(s, {"1": "Xã A"})
        frame = tables.meeting_points_frame(points)
    assert grid.index.name == "Date"
    assert grid.to_dict("index") == {"Thursday 01/06/2023": {"Tổ 1": "Xã A 18:10-21:20"}}
    assert list(frame.columns) == [
        "Commune code",
        "Commune/ward/township",
        "First evening",
        "Meeting point",
    ]


def test_plan_labels_and_choice_labels_in_both_languages() -> None:
    assert tables.plan_label(3, current_id=3) == "Kế hoạch số 3 (đang áp dụng)"
    assert tables.method_label("milp") == "Tối ưu (MILP)"
    assert tables.meeting_label("nha_van_hoa") == "Nhà văn hóa thôn/tổ dân phố"
    assert tables.weight_label("shortfall") == "Thiếu so với mục tiêu"
    with language("en"):
        assert tables.plan_label(4, current_id=3) == "Plan no. 4"
        assert tables.plan_label(3, current_id=3) == "Plan no. 3 (in force)"
        assert [tables.method_label(m) for m in ("milp", "greedy", "random")] == [
            "Optimised (MILP)",
            "Evening by evening (greedy)",
            "random",
        ]
        assert [tables.meeting_label(k) for k in tables.MEETING_LABELS] == [
            "Commune/ward People's Committee office",
            "Village/residential group cultural house",
        ]
        assert [tables.weight_label(k) for k in tables.WEIGHT_LABELS] == [
            "People not yet activated (gap)",
            "Shortfall from the target",
            "Days since last visit",
            "Expected activations per evening",
            "Near the team base",
            "Open home-visit requests",
        ]
        assert [tables.weekday_label(i) for i in (0, 6)] == ["Monday", "Sunday"]
        assert tables.COL_TEAM == "Tổ lưu động"  # the constants stay catalog ids


def test_saved_plans_and_followup_tables_in_english() -> None:
    plans = pd.DataFrame(
        {
            "id": [2, 1],
            "created_by": ["an", "an"],
            "created_at": pd.to_datetime(["2023-06-01 02:00", "2023-05-31 14:30"]),
            "horizon_start": pd.to_datetime(["2023-06-01", "2023-06-01"]),
            "horizon_days": [14, 7],
            "method": ["milp", "greedy"],
            "assignments": [1230, 12],
            "expected_activations": [8124.4, 300.0],
            "status": ["published", "published"],
            "published_at": pd.to_datetime(["2023-06-01 03:00", "2023-05-31 15:00"]),
            "published_by": ["an", "bình"],
        }
    )
    rows = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-01", "2023-06-02"]),
            "team": ["Tổ 2", "Tổ 1"],
            "code": ["1", "2"],
            "expected_activations": [1020.4, 15.0],
            "visits": [0, 1],
            "activated": [0.0, 17.0],
            "status": ["Team worked in another commune", "Done"],
            "elsewhere": ["2, 3", ""],
        }
    )
    with language("en"):
        saved = tables.saved_plans_table(plans, current_id=2)
        review = tables.followup_table(rows, {"1": "Xã A", "2": "Xã B"})
    assert list(saved.columns) == [
        "No.",
        "Created by",
        "Created at",
        "Plan period",
        "Method",
        "Evenings",
        "Expected activations",
        "Status",
    ]
    assert saved.values.tolist() == [
        [
            2,
            "an",
            "01/06/2023 09:00",
            "01/06/2023 – 14/06/2023",
            "Optimised (MILP)",
            "1,230",
            "8,124",
            "In force (01/06/2023 10:00, an)",
        ],
        [
            1,
            "an",
            "31/05/2023 21:30",
            "01/06/2023 – 07/06/2023",
            "Evening by evening (greedy)",
            "12",
            "300",
            "Published (31/05/2023 22:00, bình)",
        ],
    ]
    assert list(review.columns) == [
        "Date",
        "Mobile team",
        "Commune/ward/township",
        "Expected activations",
        "Visits",
        "Activated",
        "Result",
    ]
    assert review.values.tolist() == [
        [
            "01/06/2023",
            "Tổ 2",
            "Xã A",
            "1,020",
            "0",
            "0",
            "Team worked in another commune (Xã B, 3)",
        ],
        ["02/06/2023", "Tổ 1", "Xã B", "15", "1", "17", "Done"],
    ]
