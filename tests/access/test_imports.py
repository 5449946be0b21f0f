"""Uploads, batches and plans that touch many communes (geo.access.imports): hand-written tables.

Places: Phủ Lý (district 347) holds Lê Hồng Phong (13291) and Minh Khai (13294); Bình Lục (352)
holds An Nội (13540); 90001 is a unit without a district. 99999 is in no registry.
"""

from __future__ import annotations

import pandas as pd
import pytest

from geo.access import Scope, User
from geo.access.imports import (
    batch_codes,
    decide_codes,
    decide_upload,
    named_codes,
    upload_action,
    visible_batches,
)
from geo.i18n import language

REGISTRY = pd.DataFrame(
    {
        "code": ["13291", "13294", "13540", "90001"],
        "district_code": ["347", "347", "352", None],
    }
)

CLERK = User("hai", "clerk")
CLERK_347 = User("hoa", "clerk", Scope.district("347"))
CLERK_347_352 = User("hung", "clerk", Scope.district("347", "352"))
CLERK_13291 = User("mai", "clerk", Scope.commune("13291"))
TEAM_1 = User("tu", "team_leader", Scope.province(), team="Tổ 1")
TEAM_1_13291 = User("tu", "team_leader", Scope.commune("13291"), team="Tổ 1")
NO_TEAM = User("vu", "team_leader", Scope.province())
PLANNER_347 = User("dung", "planner", Scope.district("347"))
PLANNER_347_352 = User("duc", "planner", Scope.district("347", "352"))

ROLE_IMPORT = "Nếu việc này thuộc nhiệm vụ của bạn, hãy nhờ quản trị viên."


def _rows(*pairs: tuple[str, str]) -> pd.DataFrame:
    """Accepted visit rows: ``(team, code)`` each."""
    return pd.DataFrame(pairs, columns=["team", "code"])


def _targets(*codes: str) -> pd.DataFrame:
    return pd.DataFrame({"code": list(codes), "eligible": [100] * len(codes)})


BOTH = _rows(("Tổ 1", "13291"), ("Tổ 2", "13540"))
PHU_LY = _rows(("Tổ 1", "13291"), ("Tổ 1", "13294"), ("Tổ 1", "13291"))

UPLOADS = [
    # (user, kind, rows, allowed, reason)
    (None, "visits", BOTH, False, "Hãy đăng nhập."),
    (CLERK, "visits", BOTH, True, ""),
    (CLERK, "targets", _targets("13291", "13540", "90001"), True, ""),
    (CLERK, "visits", _rows(("Tổ 1", "99999")), True, ""),  # the province's own unknown units
    (
        CLERK_347,
        "visits",
        BOTH,
        False,
        "Tệp có dòng của 1 xã nằm ngoài phạm vi của tài khoản (huyện 347): 13540. "
        "Hãy bỏ các dòng đó khỏi tệp.",
    ),
    (CLERK_347, "visits", PHU_LY, True, ""),
    (CLERK_347, "targets", _targets("13291", "13294"), True, ""),
    (CLERK_347_352, "visits", BOTH, True, ""),  # two districts, both its own
    (CLERK_13291, "visits", _rows(("Tổ 1", "13291")), True, ""),
    (
        CLERK_13291,
        "targets",
        _targets("13294", "13540", "90001", "13291", "99999"),
        False,
        "Tệp có dòng của 4 xã nằm ngoài phạm vi của tài khoản (xã 13291): "
        "13294, 13540, 90001, 99999. Hãy bỏ các dòng đó khỏi tệp.",
    ),
    (CLERK_347, "visits", BOTH.iloc[0:0], True, ""),  # no accepted row: the file only
    (TEAM_1, "visits", PHU_LY, True, ""),
    (TEAM_1, "visits", _rows(("Tổ 1", "13540")), True, ""),  # province-wide: any commune
    (
        TEAM_1,
        "visits",
        _rows(("Tổ 3", "13291"), ("Tổ 1", "13291"), ("Tổ 2", "13540"), ("Tổ 3", "13294")),
        False,
        "Tổ trưởng chỉ được nhập kết quả của tổ mình (Tổ 1); tệp có dòng của Tổ 2, Tổ 3.",
    ),
    (
        TEAM_1,
        "targets",
        _targets("13291"),
        False,
        f"Vai trò tổ trưởng không được nhập dữ liệu. {ROLE_IMPORT}",
    ),
    (TEAM_1_13291, "visits", _rows(("Tổ 1", "13291")), True, ""),
    (
        TEAM_1_13291,
        "visits",
        _rows(("Tổ 1", "13291"), ("Tổ 1", "13540")),
        False,
        "Tệp có dòng của 1 xã nằm ngoài phạm vi của tài khoản (xã 13291): 13540. "
        "Hãy bỏ các dòng đó khỏi tệp.",
    ),
    (
        NO_TEAM,
        "visits",
        _rows(("Tổ 1", "13291")),
        False,
        "Tài khoản tổ trưởng này chưa được gán tổ lưu động; hãy nhờ quản trị viên gán tổ.",
    ),
    (
        User("lan", "leader"),
        "visits",
        PHU_LY,
        False,
        f"Vai trò lãnh đạo không được nhập dữ liệu. {ROLE_IMPORT}",
    ),
    (
        User("an", "admin"),
        "targets",
        _targets("13291"),
        False,
        f"Vai trò quản trị viên không được nhập dữ liệu. {ROLE_IMPORT}",
    ),
    (
        User("binh", "commander"),
        "visits",
        PHU_LY,
        False,
        f"Vai trò chỉ huy không được nhập dữ liệu. {ROLE_IMPORT}",
    ),
]


@pytest.mark.parametrize(("user", "kind", "rows", "allowed", "reason"), UPLOADS)
def test_decide_upload(user, kind, rows, allowed, reason):
    decision = decide_upload(user, kind, rows, REGISTRY)
    assert (decision.allowed, decision.reason) == (allowed, reason)


def test_an_upload_refusal_in_english_counts_the_communes():
    with language("en"):
        one = decide_upload(CLERK_347, "visits", BOTH, REGISTRY).reason
        many = decide_upload(CLERK_13291, "targets", _targets("13294", "13540"), REGISTRY).reason
        team = decide_upload(TEAM_1, "visits", _rows(("Tổ 2", "13291")), REGISTRY).reason
    assert one == (
        "The file has rows of 1 commune outside the account's scope (district 347): 13540. "
        "Remove those rows from the file."
    )
    assert many == (
        "The file has rows of 2 communes outside the account's scope (commune 13291): "
        "13294, 13540. Remove those rows from the file."
    )
    assert team == (
        "A team leader may enter only its own team's results (Tổ 1); the file has rows of Tổ 2."
    )


@pytest.mark.parametrize(
    ("user", "kind", "action"),
    [
        (None, "visits", "import"),
        (CLERK, "visits", "import"),
        (CLERK, "targets", "import"),
        (TEAM_1, "visits", "enter_results"),
        (TEAM_1, "targets", "import"),
    ],
)
def test_upload_action(user, kind, action):
    assert upload_action(user, kind) == action


DEMO_BATCH = ["13291", "13294", "13540", "13291"]
CODES = [
    # (user, action, codes, owner, allowed, reason)
    (CLERK, "undo_import", DEMO_BATCH, "demo", True, ""),
    (CLERK, "undo_import", [], "demo", True, ""),  # an undone batch: no rows any more
    (
        CLERK_347,
        "undo_import",
        DEMO_BATCH,
        "demo",
        False,
        "Có 1 xã nằm ngoài phạm vi của tài khoản (huyện 347): 13540.",
    ),
    (
        CLERK_347,
        "undo_import",
        DEMO_BATCH,
        "hoa",  # its own, yet with a commune outside its scope
        False,
        "Có 1 xã nằm ngoài phạm vi của tài khoản (huyện 347): 13540.",
    ),
    (CLERK_347, "undo_import", ["13291", "13294"], "demo", True, ""),  # its area's batch
    (CLERK_347, "undo_import", [], "hoa", True, ""),  # its own batch, no place
    (
        CLERK_347,
        "undo_import",
        [],
        "demo",
        False,
        "Lần nhập này của demo không thuộc phạm vi của tài khoản (huyện 347); "
        "bạn chỉ được hoàn tác lần nhập của chính mình hoặc trong phạm vi của mình.",
    ),
    (CLERK_347_352, "undo_import", DEMO_BATCH, "demo", True, ""),  # each commune inside
    (
        CLERK_13291,
        "download_original",
        ["13291", "90001"],
        "demo",
        False,
        "Có 1 xã nằm ngoài phạm vi của tài khoản (xã 13291): 90001.",
    ),
    (
        User("binh", "commander"),
        "undo_import",
        ["13291"],
        "demo",
        False,
        f"Vai trò chỉ huy không được hoàn tác lần nhập. {ROLE_IMPORT}",
    ),
    (PLANNER_347, "plan", ["13291", "13294"], None, True, ""),
    (PLANNER_347, "publish_plan", ["13294"], None, True, ""),
    (
        PLANNER_347,
        "publish_plan",
        ["13291", "13540"],
        None,
        False,
        "Có 1 xã nằm ngoài phạm vi của tài khoản (huyện 347): 13540.",
    ),
    (PLANNER_347_352, "plan", ["13291", "13540"], None, True, ""),
    (
        PLANNER_347,
        "plan",
        [],
        None,
        False,
        "Chỉ tài khoản có phạm vi toàn tỉnh mới được lập kế hoạch cho toàn tỉnh; "
        "hãy chọn một xã hoặc huyện trong phạm vi của bạn (huyện 347).",
    ),
    (
        User("lan", "leader"),
        "plan",
        ["13291"],
        None,
        False,
        f"Vai trò lãnh đạo không được lập kế hoạch. {ROLE_IMPORT}",
    ),
    (None, "publish_plan", ["13291"], None, False, "Hãy đăng nhập."),
]


@pytest.mark.parametrize(("user", "action", "codes", "owner", "allowed", "reason"), CODES)
def test_decide_codes(user, action, codes, owner, allowed, reason):
    decision = decide_codes(user, action, codes, REGISTRY, owner=owner)
    assert (decision.allowed, decision.reason) == (allowed, reason)


def test_many_codes_are_cut_after_ten():
    codes = [f"9{i:04d}" for i in range(12, 0, -1)]
    reason = decide_codes(CLERK_13291, "undo_import", codes, REGISTRY).reason
    assert reason == (
        "Có 12 xã nằm ngoài phạm vi của tài khoản (xã 13291): 90001, 90002, 90003, 90004, "
        "90005, 90006, 90007, 90008, 90009, 90010, …."
    )


@pytest.mark.parametrize(
    ("codes", "limit", "text"),
    [
        ([], 10, ""),
        (["2", "1", "2"], 10, "1, 2"),
        (["c", "a", "b"], 2, "a, b, …"),
        (["a", "b"], 2, "a, b"),
    ],
)
def test_named_codes(codes, limit, text):
    assert named_codes(codes, limit) == text


def test_batch_codes_from_visits_and_every_target_row():
    visits = pd.DataFrame(
        {"import_id": [2, 2, 2, 3], "code": ["13291", "13291", "13540", None], "team": list("abcd")}
    )
    targets = pd.DataFrame({"import_id": [1, 4, 4], "code": ["13291", "13291", "90001"]})
    assert batch_codes(visits, targets) == {
        1: frozenset({"13291"}),
        2: frozenset({"13291", "13540"}),
        4: frozenset({"13291", "90001"}),
    }  # batch 3's only row has no commune: it has no place


def test_batch_codes_of_nothing():
    empty = pd.DataFrame({"import_id": pd.Series(dtype="Int64"), "code": pd.Series(dtype=str)})
    assert batch_codes() == {} and batch_codes(empty, empty) == {}


BATCHES = pd.DataFrame({"id": [5, 4, 3, 2, 1], "user": ["hoa", "demo", "demo", "demo", "mai"]})
PLACES = {4: {"13291", "13540"}, 3: {"13540"}, 2: {"90001"}, 1: {"13291"}}  # 5: undone


@pytest.mark.parametrize(
    ("user", "ids"),
    [
        (None, []),
        (CLERK, [5, 4, 3, 2, 1]),
        (CLERK_347, [5, 4, 1]),  # its own (undone, no place), and those touching 347
        (User("lan", "leader", Scope.district("352")), [4, 3]),
        (CLERK_13291, [4, 1]),
        (User("x", "commander", Scope.commune("90001")), [2]),
        (User("y", "commander", Scope.district("999")), []),
    ],
)
def test_visible_batches(user, ids):
    assert visible_batches(BATCHES, PLACES, user, REGISTRY)["id"].tolist() == ids
