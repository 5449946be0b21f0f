"""geo.access.areas: a scope's communes, the place of a set of rows, personal data (issue 12).

Hand-written tables on a five-row registry: Phủ Lý (district 347) holds Quang Trung (13285), Lê
Hồng Phong (13291) and Phù Vân (13306); Bình Lục (352) holds An Nội (13540); 90099 is a unit the
registry knows without a district. 00000 is a code the registry does not know.
"""

from __future__ import annotations

import pandas as pd
import pytest

from geo.access import Scope, Target, User
from geo.access.areas import PERSONAL_COLUMNS, area_target, outside_scope, redact, scope_codes

REGISTRY = pd.DataFrame(
    {
        "code": ["13285", "13291", "13306", "13540", "90099"],
        "district_code": ["347", "347", "347", "352", None],
    }
)
PHU_LY = {"13285", "13291", "13306"}
EMPTY = pd.DataFrame({"code": pd.Series([], dtype=str), "district_code": pd.Series([], dtype=str)})
#: The same registry with a duplicated row, integer codes, and no district column at all.
DUPLICATED = pd.concat([REGISTRY, REGISTRY.iloc[[1]]], ignore_index=True)
AS_NUMBERS = pd.DataFrame({"code": [13285, 13291, 13540], "district_code": [347, 347, 352]})
NO_DISTRICTS = REGISTRY[["code"]]


# --- scope_codes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scope", "registry", "expected"),
    [
        (Scope.province(), REGISTRY, PHU_LY | {"13540", "90099"}),
        (Scope.district("347"), REGISTRY, PHU_LY),  # 90099 has no district: never in one
        (Scope.district("347", "352"), REGISTRY, PHU_LY | {"13540"}),
        (Scope.district("999"), REGISTRY, set()),
        (Scope.district(), REGISTRY, set()),
        (Scope.commune("13291"), REGISTRY, {"13291"}),
        (Scope.commune("13291", "00000"), REGISTRY, {"13291"}),  # unknown: not in the registry
        (Scope.commune("90099"), REGISTRY, {"90099"}),  # a commune scope needs no district
        (Scope.commune(), REGISTRY, set()),
        (Scope.province(), EMPTY, set()),
        (Scope.district("347"), EMPTY, set()),
        (Scope.district("347"), DUPLICATED, PHU_LY),
        (Scope.province(), DUPLICATED, PHU_LY | {"13540", "90099"}),
        (Scope.district("347"), AS_NUMBERS, {"13285", "13291"}),
        (Scope.commune("13540"), AS_NUMBERS, {"13540"}),
        (Scope.district("347"), NO_DISTRICTS, set()),  # no district known: the safe side
        (Scope.commune("13306"), NO_DISTRICTS, {"13306"}),
    ],
)
def test_scope_codes(scope, registry, expected):
    codes = scope_codes(scope, registry)
    assert isinstance(codes, frozenset)
    assert codes == expected


# --- area_target --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ([], Target()),
        (["13291"], Target(commune="13291", district="347")),
        (["13291", "13291", "13291"], Target(commune="13291", district="347")),
        ([13291], Target(commune="13291", district="347")),  # a code as a number
        (["13291", "13306", "13285"], Target(district="347")),
        (("13306", "13291", "13306"), Target(district="347")),
        (["13291", "13540"], Target()),  # two districts: the province
        (["13291", "00000"], Target()),  # an unknown commune: the province
        (["00000"], Target()),
        (["90099"], Target(commune="90099")),  # no district: the commune alone
        (["90099", "13291"], Target()),  # one without a district: no common district
        (iter(["13540"]), Target(commune="13540", district="352")),
    ],
)
def test_area_target(codes, expected):
    assert area_target(codes, REGISTRY) == expected


def test_area_target_carries_the_team_and_the_owner_whatever_the_place():
    assert area_target(["13540"], REGISTRY, team="Tổ 1", owner="hoa") == Target(
        "13540", "352", "Tổ 1", "hoa"
    )
    assert area_target(["13540", "13291"], REGISTRY, owner="hoa") == Target(owner="hoa")
    assert area_target([], EMPTY, team="Tổ 2") == Target(team="Tổ 2")
    assert area_target(["13291", "13306"], NO_DISTRICTS) == Target()


# --- outside_scope ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codes", "scope", "expected"),
    [
        (["13540", "00000"], Scope.province(), []),  # the province covers even unknown codes
        ([], Scope.district("347"), []),
        (["13291", "13306"], Scope.district("347"), []),
        (["13540", "13291", "00000", "13540"], Scope.district("347"), ["00000", "13540"]),
        (["90099"], Scope.district("347"), ["90099"]),
        (["13291", "13306", "13291"], Scope.commune("13291"), ["13306"]),
        (["90099"], Scope.commune("90099"), []),
        ([13540], Scope.district("352"), []),
        (["13285"], Scope.district(), ["13285"]),
    ],
)
def test_outside_scope(codes, scope, expected):
    assert outside_scope(codes, scope, REGISTRY) == expected


def test_outside_scope_with_an_empty_registry_is_everything_but_for_the_province():
    assert outside_scope(["13291", "13291"], Scope.commune("13291"), EMPTY) == ["13291"]
    assert outside_scope(["13291"], Scope.province(), EMPTY) == []


# --- redact -------------------------------------------------------------------------------------

ROWS = pd.DataFrame(
    {
        "code": ["13291", "13291", "13540"],
        "place_type": ["household", "school", "household"],
        "place_name": ["Nhà ông Tâm", "THCS Lam Hạ", "Nhà bà Vân"],
        "contact_name": ["Trần Văn Tâm", "Cô Hạnh", "Lê Thị Vân"],
        "address": ["12 Lê Lợi", "Lam Hạ", "Xóm 3"],
        "phone": ["0912", None, "0988"],
        "activated": [3, 40, 2],
    }
)
REDACTED = {
    "code": ["13291", "13291", "13540"],
    "place_type": ["household", "school", "household"],
    "place_name": [None, "THCS Lam Hạ", None],
    "activated": [3, 40, 2],
}
HERE = Target(commune="13291", district="347")


@pytest.mark.parametrize(
    ("user", "target"),
    [
        (User("an", "commander"), None),
        (User("hai", "clerk"), None),
        (User("hai", "clerk", Scope.district("347")), HERE),
        (User("binh", "commander", Scope.district("347")), Target(district="347")),
        (User("tu", "team_leader", team="Tổ 1"), Target(team="Tổ 1")),
    ],
)
def test_redact_leaves_the_table_to_those_who_may_see_personal_data(user, target):
    assert redact(ROWS, user, target) is ROWS


@pytest.mark.parametrize(
    ("user", "target"),
    [
        (None, None),
        (User("lan", "leader"), None),
        (User("chi", "planner"), HERE),
        (User("an", "admin"), None),  # the administrator is not a superuser
        (User("binh", "commander", Scope.district("347")), None),  # no place: the province
        (User("binh", "commander", Scope.district("347")), Target("13540", "352")),
        (User("tu", "team_leader", team="Tổ 1"), Target(team="Tổ 2")),
        (User("tu", "team_leader", team="Tổ 1"), None),
        (User("tu", "team_leader"), Target(team="Tổ 1")),  # no team of its own
    ],
)
def test_redact_removes_personal_data_for_everyone_else(user, target):
    before = ROWS.copy()
    out = redact(ROWS, user, target)
    assert out.to_dict("list") == REDACTED
    assert not set(PERSONAL_COLUMNS) & set(out.columns)
    pd.testing.assert_frame_equal(ROWS, before)  # the caller's table is left alone


@pytest.mark.parametrize(
    ("frame", "columns", "names"),
    [
        (ROWS.iloc[0:0], ["code", "place_type", "place_name", "activated"], []),
        (ROWS[["code", "activated"]], ["code", "activated"], None),
        (
            ROWS[["place_name", "phone"]],
            ["place_name"],
            ["Nhà ông Tâm", "THCS Lam Hạ", "Nhà bà Vân"],
        ),
        (
            pd.DataFrame({"place_type": ["household", None], "place_name": ["Nhà ông Tâm", "?"]}),
            ["place_type", "place_name"],
            [None, None],  # a place of unknown type may be a household: its name goes too
        ),
    ],
)
def test_redact_edge_tables(frame, columns, names):
    out = redact(frame, User("lan", "leader"))
    assert list(out.columns) == columns
    if names is not None:
        assert out["place_name"].tolist() == names
