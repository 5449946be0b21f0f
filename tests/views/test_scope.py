"""A scoped account sees only its scope (issue 12): the progress page, the map, the meeting pack.

The store holds the demo campaign (``demo_db_url``: the 12-unit demo registry, on the 98 units of
the approximate registry since there is no data directory). District 347 (Thành phố Phủ Lý)
holds three demo communes with targets, 13285, 13291 and 13306, among its 14 units of 01/2025.
Each expected figure is summed here with pandas from the store's targets and visits, following
the one definition of :mod:`geo.metrics.commune` (latest figure on or before the day; activated
is the latest official count plus the visits after it), never through ``ui.state``.
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from geo.access import Scope, User
from geo.config import Settings
from geo.fmt import format_int
from geo.places.registry import communes as registry
from geo.store import Store
from tests.samples import two_visit_plan
from tests.views.helpers import commune_features, map_args, map_values, page_test

START, END = date(2023, 2, 13), date(2023, 5, 31)
DISTRICT = User("pl", "commander", Scope.district("347"))
COMMUNE = User("lhp", "commander", Scope.commune("13291"))
#: The units of district 347 in the approximate registry of 01/2025 (what the map may show).
PHU_LY_UNITS = 14


def _settings(db_url: str) -> Settings:
    return Settings(data_dir=None, db_url=db_url)


def _run(at):
    at.run()
    assert not at.exception, at.exception
    return at


def _shown(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def hand_figures(db_url: str, codes: set[str], start: date, end: date) -> dict[str, int]:
    """Eligible, activated and team activations of ``codes`` on ``end``, summed by hand."""
    store = Store(db_url)
    targets, visits = store.targets(), store.visits()
    store.close()
    day = pd.Timestamp(end)
    targets = targets[targets["code"].isin(codes) & (targets["as_of"] <= day)]
    targets = targets.sort_values("as_of", kind="stable")
    visits = visits[visits["code"].isin(codes)]
    eligible = activated = 0
    for code, rows in targets.groupby("code"):
        eligible += int(rows["eligible"].dropna().iloc[-1])
        official = rows.dropna(subset=["activated_baseline"]).iloc[-1]
        after = visits[
            (visits["code"] == code)
            & (visits["date"] > official["as_of"])
            & (visits["date"] <= day)
        ]
        activated += int(official["activated_baseline"]) + int(after["activated"].fillna(0).sum())
    in_period = visits[(visits["date"] >= pd.Timestamp(start)) & (visits["date"] <= day)]
    return {
        "eligible": eligible,
        "activated": activated,
        "team_activations": int(in_period["activated"].fillna(0).sum()),
        "communes": targets["code"].nunique(),
    }


@pytest.fixture
def phu_ly(demo_communes) -> set[str]:
    """The demo communes of district 347 (by the demo's own registry)."""
    codes = set(demo_communes.loc[demo_communes["district_code"] == "347", "code"])
    assert codes == {"13285", "13291", "13306"}
    return codes


# --- the progress page --------------------------------------------------------------------------


def test_a_district_commanders_headline_is_its_districts_total(demo_db_url, phu_ly):
    province = _shown(_run(page_test("progress.py", _settings(demo_db_url), 180)))
    at = _run(page_test("progress.py", _settings(demo_db_url), 180, user=DISTRICT))
    h = hand_figures(demo_db_url, phu_ly, START, END)
    shown = _shown(at)

    assert at.caption[0].value.startswith("Số liệu đến ngày 31/05/2023 · kỳ báo cáo 13/02/2023")
    assert shown["Công dân đủ điều kiện"] == format_int(h["eligible"])
    assert shown["Đã kích hoạt"] == format_int(h["activated"])
    assert shown["Tổ kích hoạt trong kỳ"] == format_int(h["team_activations"])
    assert shown["Chưa kích hoạt"] == format_int(h["eligible"] - h["activated"])
    assert shown["Số xã đạt ≥ 80 %"].endswith(f"/{h['communes']}") and h["communes"] == 3
    for label in ("Công dân đủ điều kiện", "Đã kích hoạt", "Tổ kích hoạt trong kỳ"):
        assert shown[label] != province[label], label
    # the province's figures are the reported ones: a larger total, not the district's
    assert province["Công dân đủ điều kiện"] == format_int(
        hand_figures(demo_db_url, {str(c) for c in registry("approximate")["code"]}, START, END)[
            "eligible"
        ]
    )
    league = next(df.value for df in at.dataframe if "Hạng" in df.value.columns)
    assert league["Huyện, thị xã, thành phố"].tolist() == ["Thành phố Phủ Lý"]
    assert league["Đã kích hoạt"].tolist() == [format_int(h["activated"])]


def test_a_commune_commander_sees_its_one_commune(demo_db_url):
    at = _run(page_test("progress.py", _settings(demo_db_url), 180, user=COMMUNE))
    h = hand_figures(demo_db_url, {"13291"}, START, END)
    shown = _shown(at)

    assert shown["Công dân đủ điều kiện"] == format_int(h["eligible"])
    assert shown["Đã kích hoạt"] == format_int(h["activated"])
    assert shown["Tổ kích hoạt trong kỳ"] == format_int(h["team_activations"])
    assert shown["Số xã đạt ≥ 80 %"].endswith("/1")


def test_the_meeting_pack_of_a_district_holds_its_figures_and_its_part_of_the_plan(
    demo_db_url, phu_ly, downloads
):
    store = Store(demo_db_url)
    plan = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-06-01", "2023-06-01"]),
            "team": ["Tổ 1 (DEMO)", "Tổ 2 (DEMO)"],
            "code": ["13291", "13540"],  # Phủ Lý (347), An Nội (352)
            "window_start": ["18:00", "16:00"],
            "window_end": ["21:30", "19:30"],
        }
    )
    plan_id = store.save_plan(plan, params={}, user="t", start=date(2023, 6, 1), days=1, method="x")
    store.publish_plan(plan_id, "t")
    store.close()

    at = _run(page_test("progress.py", _settings(demo_db_url), 180, user=DISTRICT))
    assert any(f"kế hoạch số {plan_id}, 1 dòng" in c.value for c in at.caption)
    at.button(key="progress_pack").click()
    at = _run(at)

    saved = [downloads(b) for b in at.get("download_button")]  # built on the click
    xlsx = next(content for name, content in saved if name.endswith(".xlsx"))
    book = load_workbook(io.BytesIO(xlsx))
    rows = list(book["Lịch công tác"].iter_rows(values_only=True))
    assert [r[1:] for r in rows[1:]] == [("Tổ 1 (DEMO)", "Phường Lê Hồng Phong", "18:00–21:30")]
    summary = {r[0]: r[1] for r in book["Tổng quan"].iter_rows(min_row=2, values_only=True)}
    h = hand_figures(demo_db_url, phu_ly, START, END)
    assert summary["Đã kích hoạt"] == h["activated"]


# --- the map page -------------------------------------------------------------------------------


def test_the_map_of_a_district_commander_holds_only_its_district(demo_db_url, phu_ly):
    units = registry("approximate")
    expected = set(units.loc[units["district_code"] == "347", "code"].astype(str))
    assert len(expected) == PHU_LY_UNITS
    at = _run(page_test("map.py", _settings(demo_db_url), 180, user=DISTRICT))

    assert commune_features(at) == PHU_LY_UNITS
    assert set(map_values(map_args(at))) == expected
    assert at.caption[0].value.startswith(f"Đang hiển thị {PHU_LY_UNITS} đơn vị")
    assert at.multiselect(key="districts").options == ["Thành phố Phủ Lý"]
    gap = next(df.value for df in at.dataframe if "Mã xã" in df.value.columns)
    assert len(gap) == PHU_LY_UNITS and set(gap["Mã xã"].astype(str)) <= expected
    # the panel that says «Toàn tỉnh» to the province names the district, and sums it
    assert at.subheader[0].value == "Thành phố Phủ Lý"
    h = hand_figures(demo_db_url, phu_ly, START, END)
    assert _shown(at)["Công dân đủ điều kiện"] == format_int(h["eligible"])
    assert _shown(at)["Đã kích hoạt"] == format_int(h["activated"])


def test_the_map_of_a_commune_commander_holds_one_commune(demo_db_url):
    at = _run(page_test("map.py", _settings(demo_db_url), 180, user=COMMUNE))

    assert commune_features(at) == 1
    assert set(map_values(map_args(at))) == {"13291"}
    gap = next(df.value for df in at.dataframe if "Mã xã" in df.value.columns)
    assert gap["Mã xã"].astype(str).tolist() == ["13291"]
    assert at.subheader[0].value == "Phường Lê Hồng Phong"


def test_the_province_map_is_unchanged(demo_db_url):
    at = _run(page_test("map.py", _settings(demo_db_url), 180))
    assert commune_features(at) == 98


def test_a_district_planner_follows_up_only_the_evenings_of_its_district(demo_db_url):
    store = Store(demo_db_url)
    plan_id = store.save_plan(
        two_visit_plan(("2023-05-30", "2023-05-30")),  # 13291 in Phủ Lý, 13540 in Bình Lục
        params={},
        user="kh",
        start=date(2023, 5, 30),
        days=1,
        method="greedy",
    )
    store.publish_plan(plan_id, "kh")
    store.close()
    planner = User("kh.phuly", "planner", Scope.district("347"))
    at = page_test("planner.py", _settings(demo_db_url), 180, user=planner)
    at.session_state["plan_tab"] = "Kế hoạch đã lưu và đối chiếu"  # drawn in its open tab only
    at = _run(at)
    review = at.dataframe[-1].value  # the follow-up table, last on the page
    assert list(review.columns[:3]) == ["Ngày", "Tổ lưu động", "Xã, phường, thị trấn"]
    assert len(review) == 1  # the Phủ Lý evening; Bình Lục's is not this planner's job
    assert review.iloc[0]["Xã, phường, thị trấn"].endswith("Lê Hồng Phong")
