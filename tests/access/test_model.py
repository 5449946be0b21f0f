"""The nouns of the access policy: scopes cover the right places, roles are named in both
languages."""

from __future__ import annotations

import pytest

from geo.access import ROLE_LABELS, ROLES, Scope, User
from geo.i18n import language

PHU_LY, BINH_LUC = "347", "352"
LE_HONG_PHONG, AN_NOI = "13291", "13540"


@pytest.mark.parametrize(
    ("scope", "commune", "district", "expected"),
    [
        (Scope.province(), None, None, True),
        (Scope.province(), "99999", None, True),  # the province covers even an unknown code
        (Scope.district(PHU_LY), LE_HONG_PHONG, PHU_LY, True),
        (Scope.district(PHU_LY), AN_NOI, BINH_LUC, False),
        (Scope.district(PHU_LY), LE_HONG_PHONG, None, False),  # district unknown: refused
        (Scope.district(PHU_LY), None, PHU_LY, True),
        (Scope.district(PHU_LY, BINH_LUC), AN_NOI, BINH_LUC, True),
        (Scope.district(), None, PHU_LY, False),  # no codes covers nothing
        (Scope.commune(LE_HONG_PHONG), LE_HONG_PHONG, None, True),
        (Scope.commune(LE_HONG_PHONG), LE_HONG_PHONG, BINH_LUC, True),  # commune decides
        (Scope.commune(LE_HONG_PHONG), AN_NOI, PHU_LY, False),
        (Scope.commune(LE_HONG_PHONG), None, PHU_LY, False),  # a district is wider
        (Scope.commune(LE_HONG_PHONG), None, None, False),
    ],
)
def test_scope_covers(scope, commune, district, expected):
    assert scope.covers(commune=commune, district=district) is expected


def test_scope_constructors():
    assert Scope() == Scope.province() == Scope("province", frozenset())
    assert Scope.district("347", "352", "347") == Scope("district", frozenset({"347", "352"}))
    assert Scope.commune("13291").level == "commune"


def test_a_user_defaults_to_the_province_and_no_team():
    user = User("hoa", "clerk")
    assert user.scope == Scope.province() and user.team is None


@pytest.mark.parametrize(
    ("role", "vi", "en"),
    [
        ("admin", "quản trị viên", "administrator"),
        ("commander", "chỉ huy", "commander"),
        ("planner", "cán bộ kế hoạch", "planner"),
        ("leader", "lãnh đạo", "leader"),
        ("clerk", "cán bộ nhập liệu", "data clerk"),
        ("team_leader", "tổ trưởng", "team leader"),
    ],
)
def test_role_label_in_both_languages(role, vi, en):
    user = User("x", role)
    assert user.role_label == vi
    with language("en"):
        assert user.role_label == en


def test_every_role_has_a_label():
    assert set(ROLE_LABELS) == set(ROLES)
