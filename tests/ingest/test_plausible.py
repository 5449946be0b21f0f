"""Plausibility checks and near-duplicates of an accepted import (geo.ingest.plausible)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.config import load_settings
from geo.i18n import language
from geo.ingest import VISIT_COLUMNS, read_visits
from geo.ingest.plausible import FLAG_COLUMNS, Thresholds, near_duplicates, plausibility
from geo.ingest.spec import spec_for
from tests.ingest.helpers import GOOD_A, GOOD_B, HEADER, TODAY, csv_bytes

ACTION = "kiểm tra lại; nếu đúng, xác nhận khi nhập"
BASE = {
    "date": "2023-03-14",
    "team": "Tổ 1",
    "code": "13291",
    "place_type": "household",
    "place_name": "Tổ dân phố 3",
    "start": "18:00",
    "end": "21:30",
    "households": 25,
    "people_guided": 40,
    "registered": 18,
    "activated": 15,
    "services_used": 6,
    "lat": None,
    "lon": None,
    "note": None,
}


def visits(*changes: Mapping[str, object]) -> pd.DataFrame:
    """Accepted visit rows (dtypes of IngestResult.accepted): BASE with each change, rows 2, 3…"""
    rows = [{**BASE, **change} for change in changes]
    frame = pd.DataFrame(rows, columns=VISIT_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    for col in spec_for("visits").keys_of("count"):
        frame[col] = frame[col].astype("Int64")
    for col in ("lat", "lon"):
        frame[col] = frame[col].astype("float64")
    for col in ("team", "code", "place_type", "place_name", "start", "end", "note"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    frame["source_row"] = np.arange(2, len(rows) + 2, dtype="int64")
    return frame


def targets(*rows: Mapping[str, object]) -> pd.DataFrame:
    base = {"code": "13291", "as_of": "2023-05-31", "population": 20605, "eligible": 15800,
            "quota": 12000, "activated_baseline": 10150}  # fmt: skip
    frame = pd.DataFrame([{**base, **row} for row in rows])
    frame["as_of"] = pd.to_datetime(frame["as_of"]).astype("datetime64[ns]")
    for col in ("population", "eligible", "quota", "activated_baseline"):
        frame[col] = frame[col].astype("Int64")
    frame["source_row"] = np.arange(2, len(rows) + 2, dtype="int64")
    return frame


REGISTRY = pd.DataFrame(
    {"code": ["13291", "13540"], "population_2019": pd.array([20605, None], dtype="Int64")}
)


def flags(frame: pd.DataFrame, kind: str = "visits", **kwargs: object) -> list[tuple]:
    out = plausibility(frame, kind, REGISTRY, **kwargs)  # type: ignore[arg-type]
    assert list(out.columns) == FLAG_COLUMNS
    return list(out.itertuples(index=False, name=None))


# ------------------------------------------------------------------------------------- visits


@pytest.mark.parametrize("kind", ["visits", "targets"])
def test_an_empty_import_has_no_flags(kind):
    result = read_visits(b"", "x.csv", REGISTRY, today=TODAY)  # accepted is empty, typed
    frame = result.accepted if kind == "visits" else targets({}).iloc[:0]
    for out in (plausibility(frame, kind, REGISTRY), near_duplicates(frame, kind)):
        assert out.empty and list(out.columns) == FLAG_COLUMNS
        assert out["source_row"].dtype == "int64"


def test_an_ordinary_file_has_no_flags(communes):
    result = read_visits(csv_bytes([HEADER, GOOD_A, GOOD_B]), "a.csv", communes, today=TODAY)
    assert result.rows_ok == 2
    assert plausibility(result.accepted, "visits", communes).empty
    assert near_duplicates(result.accepted, "visits").empty


@pytest.mark.parametrize(
    ("activated", "guided", "flagged"),
    [(41, 40, True), (40, 40, False), (0, 0, False), (None, 2, False), (41, None, False)],
)
def test_activated_over_guided(activated, guided, flagged):
    out = flags(visits({"activated": activated, "people_guided": guided, "registered": 50}))
    reason = (
        "Dòng 2, cột «Số tài khoản kích hoạt»: số kích hoạt (41) lớn hơn số người được hướng dẫn "
        f"(40) — {ACTION}."
    )
    assert out == ([(2, "activated", "activated_over_guided", reason)] if flagged else [])


def test_activated_over_guided_in_english():
    with language("en"):
        out = flags(visits({"activated": 2000, "people_guided": 40, "start": None}))
    assert [reason for *_, reason in out] == [
        "Row 2, column «Accounts activated»: accounts activated (2,000) exceed people guided (40)"
        " — check it; if it is correct, confirm it when importing.",
        "Row 2, column «Accounts activated»: 2,000 accounts activated in one visit, over the "
        "threshold of 500 per visit — a digit may be extra; check it; if it is correct, confirm "
        "it when importing.",
        "Row 2, column «Accounts activated»: «Tổ 1» activated 2,000 accounts in all on 14/03/2023 "
        "(1 row in the file), over the threshold of 1,500 per team and day — check it; if it is "
        "correct, confirm it when importing.",
    ]


@pytest.mark.parametrize(
    ("activated", "start", "end", "reason"),
    [
        # 18:00–21:30 is 3.5 h: 140 is exactly 40 an hour, 141 is 40.29
        (141, "18:00", "21:30", "141 tài khoản kích hoạt trong 3,5 giờ (18:00–21:30) là 40,3 tài "
         "khoản mỗi giờ, vượt ngưỡng 40 mỗi giờ"),
        (140, "18:00", "21:30", None),
        (21, "18:00", "18:30", "21 tài khoản kích hoạt trong 0,5 giờ (18:00–18:30) là 42 tài "
         "khoản mỗi giờ, vượt ngưỡng 40 mỗi giờ"),
        (200, "18:00", None, None),
        (200, None, None, None),
        (0, "18:00", "18:01", None),
    ],
)  # fmt: skip
def test_activations_per_hour(activated, start, end, reason):
    row = {"activated": activated, "registered": 300, "people_guided": 300}
    out = flags(visits({**row, "start": start, "end": end}))
    expected = f"Dòng 2, cột «Số tài khoản kích hoạt»: {reason} — kiểm tra lại số kích hoạt và giờ"
    assert out == (
        [(2, "activated", "activations_per_hour", f"{expected} làm việc; nếu đúng, xác nhận khi "
          "nhập.")] if reason else []
    )  # fmt: skip


def test_activations_per_officer_hour_when_the_team_size_is_known():
    # 18:00–20:00, 2 officers: at most 2 h × 2 × 12 = 48; 50 is 12.5 per officer-hour. The same
    # 50 for a team whose size is unknown is 25 an hour, under 40.
    rows = visits(
        {"end": "20:00", "activated": 50, "registered": 60, "people_guided": 60},
        {"end": "20:00", "activated": 48, "registered": 60, "people_guided": 60},
        {"end": "20:00", "activated": 50, "registered": 60, "people_guided": 60, "team": "Tổ 2"},
        {"end": "20:00", "activated": 25, "registered": 60, "people_guided": 60, "team": "Tổ 3"},
    )
    members = {"Tổ 1": 2, "Tổ 3": 1}
    assert flags(rows, team_members=members) == [
        (2, "activated", "activations_per_officer_hour",
         "Dòng 2, cột «Số tài khoản kích hoạt»: 50 tài khoản kích hoạt trong 2 giờ (18:00–20:00) "
         "với 2 cán bộ là 12,5 tài khoản mỗi cán bộ mỗi giờ, vượt ngưỡng 12 — kiểm tra lại số "
         "kích hoạt và giờ làm việc; nếu đúng, xác nhận khi nhập."),
        (5, "activated", "activations_per_officer_hour",
         "Dòng 5, cột «Số tài khoản kích hoạt»: 25 tài khoản kích hoạt trong 2 giờ (18:00–20:00) "
         "với 1 cán bộ là 12,5 tài khoản mỗi cán bộ mỗi giờ, vượt ngưỡng 12 — kiểm tra lại số "
         "kích hoạt và giờ làm việc; nếu đúng, xác nhận khi nhập."),
    ]  # fmt: skip
    with language("en"):
        english = flags(rows.iloc[[3]], team_members=members)
    assert english[0][3] == (
        "Row 5, column «Accounts activated»: 25 accounts activated in 2 h (18:00–20:00) with 1 "
        "officer is 12.5 accounts per officer an hour, over the threshold of 12 — check the "
        "activations and the working hours; if they are correct, confirm the row when importing."
    )
    assert flags(rows, team_members={"Tổ 1": 0}) == []  # a size of 0 is unknown: per hour


@pytest.mark.parametrize(("activated", "flagged"), [(501, True), (500, False)])
def test_activations_per_visit(activated, flagged):
    row = {"activated": activated, "registered": 900, "people_guided": 900, "start": None}
    expected = (
        2, "activated", "activations_per_visit",
        f"Dòng 2, cột «Số tài khoản kích hoạt»: {activated} tài khoản kích hoạt trong một lượt "
        f"làm việc, vượt ngưỡng 500 mỗi lượt — có thể thừa một chữ số; {ACTION}.",
    )  # fmt: skip
    assert flags(visits(row)) == ([expected] if flagged else [])


def test_a_teams_evening_is_summed_over_the_file():
    # Tổ 1 on 14/03: 5 × 301 = 1,505 > 1,500; Tổ 1 on 15/03 and Tổ 2 on 14/03 are apart.
    row = {"activated": 301, "registered": 400, "people_guided": 400, "start": None}
    rows = visits(
        *[{**row, "place_name": f"Nhà {i}"} for i in range(5)],
        {**row, "date": "2023-03-15"},
        {**row, "team": "Tổ 2"},
    )
    reason = (
        "Dòng {row}, cột «Số tài khoản kích hoạt»: «Tổ 1» có tổng 1.505 tài khoản kích hoạt ngày "
        f"14/03/2023 (5 dòng trong tệp), vượt ngưỡng 1.500 mỗi tổ mỗi ngày — {ACTION}."
    )
    expected = [
        (r, "activated", "activations_per_team_evening", reason.format(row=r)) for r in range(2, 7)
    ]
    assert flags(rows) == expected
    assert flags(rows, thresholds=Thresholds(max_activations_per_team_evening=1505)) == []


def test_the_index_of_the_frame_does_not_matter():
    rows = visits({"activated": 41}, {}, {"activated": 42})
    shuffled = rows.iloc[[2, 0, 1]].set_axis([10, 20, 30])
    assert [(r, c) for r, _f, c, _t in flags(shuffled)] == [
        (2, "activated_over_guided"),
        (4, "activated_over_guided"),
    ]


# ------------------------------------------------------------------------------------ targets


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # 1.2 × 20,605 = 24,726
        ({"population": 24726, "eligible": 24726, "quota": 24726}, []),
        ({"population": 24727}, [("population", "24.727")]),
        ({"population": 30000, "eligible": 30000}, [("population", "30.000"),
                                                    ("eligible", "30.000")]),
        ({"quota": 9999999}, [("quota", "9.999.999")]),
        ({"quota": None}, []),
        ({"code": "13540", "quota": 9999999}, []),  # no census figure
        ({"code": "99999", "quota": 9999999}, []),  # not in the registry
    ],
)  # fmt: skip
def test_targets_far_above_the_census(row, expected):
    headers = {"population": "Dân số", "eligible": "Công dân đủ điều kiện", "quota": "Chỉ tiêu"}
    assert flags(targets(row), "targets") == [
        (2, col, f"{col}_over_census",
         f"Dòng 2, cột «{headers[col]}»: {value} lớn hơn 1,2 lần dân số năm 2019 của xã (20.605 "
         "người, ngưỡng 24.726) — kiểm tra lại mã xã và con số; nếu đúng, xác nhận khi nhập.")
        for col, value in expected
    ]  # fmt: skip


def test_targets_without_a_registry_are_not_checked():
    assert plausibility(targets({"quota": 9999999}), "targets", None).empty


def test_the_target_ratio_is_a_threshold():
    out = flags(targets({}), "targets", thresholds=Thresholds(max_target_ratio=0.5))
    assert [(f, c) for _r, f, c, _t in out] == [
        ("population", "population_over_census"),
        ("eligible", "eligible_over_census"),
        ("quota", "quota_over_census"),
    ]
    assert "lớn hơn 0,5 lần dân số năm 2019 của xã (20.605 người, ngưỡng 10.302)" in out[0][3]


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind must be"):
        plausibility(targets({}), "teams", REGISTRY)
    with pytest.raises(ValueError, match="kind must be"):
        near_duplicates(targets({}), "teams")


# --------------------------------------------------------------------------------- thresholds


def test_thresholds_come_from_the_settings():
    env = {
        "VNEID_MAX_ACTIVATIONS_PER_HOUR": "30",
        "VNEID_MAX_ACTIVATIONS_PER_OFFICER_HOUR": "10",
        "VNEID_MAX_ACTIVATIONS_PER_VISIT": "300",
        "VNEID_MAX_ACTIVATIONS_PER_TEAM_EVENING": "1000",
        "VNEID_MAX_TARGET_RATIO": "1.5",
    }
    assert Thresholds.from_settings(load_settings(env)) == Thresholds(30, 10, 300, 1000, 1.5)
    assert Thresholds.from_settings(load_settings({})) == Thresholds()
    assert Thresholds() == Thresholds(40, 12, 500, 1500, 1.2)


# ---------------------------------------------------------------------------- near-duplicates


def dup_reason(row: int, other: int, column: str, mine: str, theirs: str) -> str:
    return (
        f"Dòng {row}, cột «{column}»: giống dòng {other}, chỉ khác cột «{column}» ({theirs} ở "
        f"dòng {other}, {mine} ở dòng này) — {ACTION}."
    )


@pytest.mark.parametrize(
    ("field", "value"), [("place_name", None), ("place_name", "Nhà bà Vân"), ("start", "18:30"),
                         ("end", None)],
)  # fmt: skip
def test_rows_differing_only_in_the_place_name_or_times_are_ordinary(field, value):
    assert near_duplicates(visits({}, {field: value}), "visits").empty


@pytest.mark.parametrize(
    ("field", "value", "column", "before", "after"),
    [
        ("date", "2023-03-15", "Ngày", "14/03/2023", "15/03/2023"),
        ("team", "Tổ 2", "Tổ lưu động", "«Tổ 1»", "«Tổ 2»"),
        ("code", "13285", "Mã xã", "«13291»", "«13285»"),
        ("place_type", "school", "Loại địa điểm", "hộ gia đình", "trường học"),
        ("households", 1250, "Số hộ đã đến", "25", "1.250"),
        ("people_guided", None, "Số người được hướng dẫn", "40", "trống"),
        ("registered", 19, "Số tài khoản đăng ký", "18", "19"),
        ("activated", 14, "Số tài khoản kích hoạt", "15", "14"),
        ("services_used", 0, "Lượt dùng dịch vụ công trực tuyến", "6", "0"),
    ],
)
def test_rows_identical_but_one_column(field, value, column, before, after):
    rows = visits({}, {field: value})
    assert list(near_duplicates(rows, "visits").itertuples(index=False, name=None)) == [
        (2, field, "near_duplicate", dup_reason(2, 3, column, before, after)),
        (3, field, "near_duplicate", dup_reason(3, 2, column, after, before)),
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"team": "Tổ 2", "date": "2023-03-15"},  # two columns differ
        {"activated": 14, "registered": 17},
        {"place_name": None, "start": None},
    ],
)
def test_rows_differing_in_two_columns_are_not_near_duplicates(change):
    assert near_duplicates(visits({}, change), "visits").empty


@pytest.mark.parametrize(
    "change", [{"note": "lần 2"}, {"lat": 20.5, "lon": 105.9}, {"note": "x", "lat": 20.51}]
)
def test_same_content_except_note_or_coordinates(change):
    out = near_duplicates(visits({}, change), "visits")
    assert list(out.itertuples(index=False, name=None)) == [
        (2, "", "duplicate_content", f"Dòng 2: cùng nội dung với dòng 3 — có thể một dòng được "
         f"ghi hai lần; {ACTION}."),
        (3, "", "duplicate_content", f"Dòng 3: cùng nội dung với dòng 2 — có thể một dòng được "
         f"ghi hai lần; {ACTION}."),
    ]  # fmt: skip


def test_each_row_names_the_earliest_row_it_nearly_repeats():
    # rows 2 and 4 are the same visit (different notes), row 3 and 5 differ from them in the team
    rows = visits(
        {}, {"team": "Tổ 2"}, {"note": "ghi lại"}, {"team": "Tổ 3"}, {"date": "2023-04-01"}
    )
    out = near_duplicates(rows, "visits")
    assert [(r, f, c) for r, f, c, _t in out.itertuples(index=False, name=None)] == [
        (2, "", "duplicate_content"),
        (2, "date", "near_duplicate"),
        (2, "team", "near_duplicate"),
        (3, "team", "near_duplicate"),
        (4, "", "duplicate_content"),
        (4, "date", "near_duplicate"),
        (4, "team", "near_duplicate"),
        (5, "team", "near_duplicate"),
        (6, "date", "near_duplicate"),
    ]
    named = {
        (r, f): t.split(":", 1)[1].split(",")[0] for r, f, _c, t in out.itertuples(index=False)
    }
    # the earliest row with another team (or date) than this row's
    assert named[(2, "team")] == named[(4, "team")] == " giống dòng 3"
    assert named[(3, "team")] == named[(5, "team")] == named[(6, "date")] == " giống dòng 2"
    assert named[(2, "date")] == named[(4, "date")] == " giống dòng 6"


def test_a_single_row_has_no_near_duplicate():
    assert near_duplicates(visits({}), "visits").empty


def test_near_duplicate_targets_and_english():
    rows = targets({}, {"quota": 13000})
    with language("en"):
        out = near_duplicates(rows, "targets")
    assert out["reason"].tolist() == [
        "Row 2, column «Quota»: same as row 3 except column «Quota» (13,000 in row 3, 12,000 in "
        "this row) — check it; if it is correct, confirm it when importing.",
        "Row 3, column «Quota»: same as row 2 except column «Quota» (12,000 in row 2, 13,000 in "
        "this row) — check it; if it is correct, confirm it when importing.",
    ]


def test_a_file_with_two_rows_identical_but_the_team(communes):
    twin = list(GOOD_A)
    twin[HEADER.index("Tổ lưu động")] = "Tổ 2"
    result = read_visits(csv_bytes([HEADER, GOOD_A, twin]), "a.csv", communes, today=TODAY)
    assert result.rows_ok == 2  # accepted, but flagged for confirmation
    out = near_duplicates(result.accepted, "visits")
    assert out["reason"].tolist() == [
        dup_reason(2, 3, "Tổ lưu động", "«Tổ 1»", "«Tổ 2»"),
        dup_reason(3, 2, "Tổ lưu động", "«Tổ 2»", "«Tổ 1»"),
    ]


def test_many_rows_are_grouped_not_compared_pairwise():
    # 20,000 visits distinct in two columns (place name, households) plus 30 copies with another
    # team:
    # exactly the 60 rows of those pairs are flagged, each naming its twin.
    n = 20_000
    rows = visits(*[{"place_name": f"Nhà số {i}", "households": i} for i in range(n)])
    twins = rows.iloc[:30].assign(team="Tổ 9", source_row=np.arange(n + 2, n + 32))
    frame = pd.concat([rows, twins], ignore_index=True)
    out = near_duplicates(frame, "visits")
    assert (out["field"] == "team").all() and len(out) == 60
    pairs = out["reason"].str.extract(r"giống dòng (\d+)")[0].astype(int)
    assert sorted(zip(out["source_row"], pairs, strict=True))[:2] == [(2, n + 2), (3, n + 3)]
    assert set(out["source_row"]) == set(range(2, 32)) | set(range(n + 2, n + 32))


def _partners_by_hand(group: list[int], value: list[int]) -> list[int]:
    """Each row's partner, pair by pair: the group's first row when the values differ, else the
    group's earliest row of another value (-1 when there is none)."""
    out = []
    for i, g in enumerate(group):
        members = [j for j, h in enumerate(group) if h == g]
        first = members[0]
        if value[i] != value[first]:
            out.append(first)
        else:
            out.append(next((j for j in members if value[j] != value[first]), -1))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 2)), max_size=25))
def test_partners_match_the_pairs_by_hand(rows: list[tuple[int, int]]) -> None:
    from geo.ingest.plausible import _partners

    group = np.array([g for g, _v in rows], dtype="int64")
    value = np.array([v for _g, v in rows], dtype="int64")
    assert _partners(group, value).tolist() == _partners_by_hand(group.tolist(), value.tolist())
