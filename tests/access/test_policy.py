"""The access policy (issue 12): a hand-written table of who may do what, where, and why not.

Places: Phủ Lý (district 347) holds Lê Hồng Phong (13291); Bình Lục (352) holds An Nội (13540).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.access import (
    ACTIONS,
    PAGES,
    ROLES,
    Decision,
    Scope,
    Target,
    User,
    allowed_actions,
    decide,
    scope_filter,
)
from geo.access.policy import scope_text
from geo.i18n import language

HERE = Target(commune="13291", district="347")  # Lê Hồng Phong, Phủ Lý
THERE = Target(commune="13540", district="352")  # An Nội, Bình Lục
PROVINCE = Target()

ADMIN = User("an", "admin")
COMMANDER = User("binh", "commander", Scope.district("347"))
PLANNER = User("chi", "planner")
PLANNER_347 = User("dung", "planner", Scope.district("347"))
LEADER = User("lan", "leader")
CLERK = User("hai", "clerk")
CLERK_347 = User("hoa", "clerk", Scope.district("347"))
CLERK_13291 = User("mai", "clerk", Scope.commune("13291"))
TEAM_1 = User("tu", "team_leader", Scope.commune("13291"), team="Tổ 1")

#: Each role's job, written out by hand from the issue (not read from PERMISSIONS).
#: Home-visit requests (issue 16): recorded and closed by the roles that meet residents.
REQUESTS = {"record_request", "close_request"}
JOBS = {
    "admin": {"view", "manage_accounts", "manage_settings", "view_audit", "manage_boundaries"},
    "commander": {"view", "export", "meeting_pack", "download_original", "view_personal_data"}
    | REQUESTS,
    "planner": {"view", "export", "edit_teams", "plan", "publish_plan"},
    "leader": {"view", "export", "meeting_pack"},
    "clerk": {"view", "import", "undo_import", "download_original", "view_personal_data"}
    | REQUESTS,
    "team_leader": {"view", "enter_results", "view_personal_data"} | REQUESTS,
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_role_by_action_matrix_inside_the_scope(role, action):
    # a province-wide account, on its own team's object, its own batch, in a commune
    user = User("u", role, Scope.province(), team="Tổ 1")
    target = Target(commune="13291", district="347", team="Tổ 1", owner="u")
    assert decide(user, action, target).allowed is (action in JOBS[role])
    assert allowed_actions(user) == JOBS[role]


@pytest.mark.parametrize(
    ("user", "action", "target", "allowed"),
    [
        # the administrator: accounts, settings, boundaries, audit; no data work, no citizens
        (ADMIN, "manage_accounts", PROVINCE, True),
        (ADMIN, "manage_boundaries", PROVINCE, True),
        (ADMIN, "view_audit", PROVINCE, True),
        (ADMIN, "view", HERE, True),
        (ADMIN, "import", HERE, False),
        (ADMIN, "publish_plan", PROVINCE, False),
        (ADMIN, "view_personal_data", HERE, False),
        # a district commander sees its district, not the next one
        (COMMANDER, "view", PROVINCE, True),  # «Toàn tỉnh»: the tables are cut to 347
        (COMMANDER, "view", HERE, True),
        (COMMANDER, "view", THERE, False),
        (COMMANDER, "export", THERE, False),
        (COMMANDER, "view_personal_data", HERE, True),
        (COMMANDER, "view_personal_data", PROVINCE, False),  # every citizen of the province
        (COMMANDER, "publish_plan", HERE, False),
        (COMMANDER, "manage_accounts", HERE, False),
        # planners plan and publish; a district planner not for the whole province
        (PLANNER, "publish_plan", PROVINCE, True),
        (PLANNER, "edit_teams", PROVINCE, True),
        (PLANNER_347, "plan", HERE, True),
        (PLANNER_347, "plan", THERE, False),
        (PLANNER_347, "publish_plan", PROVINCE, False),
        (PLANNER_347, "edit_teams", PROVINCE, False),
        (PLANNER, "view_personal_data", HERE, False),
        (PLANNER, "import", HERE, False),
        # the leader: figures, exports, the meeting pack; never personal data
        (LEADER, "meeting_pack", PROVINCE, True),
        (LEADER, "export", THERE, True),
        (LEADER, "view_personal_data", HERE, False),
        (LEADER, "plan", HERE, False),
        # data clerks import inside their scope
        (CLERK, "import", PROVINCE, True),
        (CLERK_347, "import", HERE, True),
        (CLERK_347, "import", Target(district="347"), True),
        (CLERK_347, "import", THERE, False),
        (CLERK_347, "import", PROVINCE, False),
        (CLERK_347, "view_personal_data", HERE, True),
        (CLERK_347, "publish_plan", HERE, False),
        (CLERK_13291, "import", Target(district="347"), False),  # a district is wider
        # the team leader of Tổ 1 in Lê Hồng Phong
        (TEAM_1, "view", HERE, True),
        (TEAM_1, "view", THERE, False),
        (TEAM_1, "enter_results", Target(commune="13291", team="Tổ 1"), True),
        (TEAM_1, "enter_results", Target(team="Tổ 1"), True),  # its team, no place given
        (TEAM_1, "enter_results", Target(commune="13291", team="Tổ 2"), False),
        (TEAM_1, "enter_results", Target(commune="13540", team="Tổ 1"), False),
        (TEAM_1, "enter_results", Target(commune="13291"), False),  # which team?
        (TEAM_1, "view_personal_data", Target(team="Tổ 1"), True),
        (TEAM_1, "view_personal_data", Target(team="Tổ 2"), False),
        (TEAM_1, "import", Target(commune="13291", team="Tổ 1"), False),
        (TEAM_1, "manage_accounts", PROVINCE, False),
        (TEAM_1, "export", HERE, False),
    ],
)
def test_policy_table(user, action, target, allowed):
    assert decide(user, action, target).allowed is allowed


@pytest.mark.parametrize(
    ("user", "action", "target", "vi", "en"),
    [
        (
            None,
            "view",
            PROVINCE,
            "Hãy đăng nhập.",
            "Please sign in.",
        ),
        (
            LEADER,
            "import",
            HERE,
            "Vai trò lãnh đạo không được nhập dữ liệu. "
            "Nếu việc này thuộc nhiệm vụ của bạn, hãy nhờ quản trị viên.",
            "The leader role may not import data. "
            "Ask an administrator if this is part of your job.",
        ),
        (
            CLERK_347,
            "import",
            THERE,
            "Xã mã 13540 nằm ngoài phạm vi của tài khoản (huyện 347).",
            "The commune with code 13540 is outside your account's scope (district 347).",
        ),
        (
            CLERK_13291,
            "import",
            Target(district="347"),
            "Huyện mã 347 nằm ngoài phạm vi của tài khoản (xã 13291); "
            "hãy chọn một xã trong phạm vi.",
            "The district with code 347 is outside your account's scope (commune 13291); "
            "choose a commune inside it.",
        ),
        (
            PLANNER_347,
            "publish_plan",
            PROVINCE,
            "Chỉ tài khoản có phạm vi toàn tỉnh mới được công bố kế hoạch cho toàn tỉnh; "
            "hãy chọn một xã hoặc huyện trong phạm vi của bạn (huyện 347).",
            "Only a province-wide account may publish a plan for the whole province; "
            "choose a commune or district inside your scope (district 347).",
        ),
        (
            TEAM_1,
            "enter_results",
            Target(commune="13291", team="Tổ 2"),
            "Tổ trưởng chỉ được nhập kết quả của tổ lưu động của tổ mình (Tổ 1), "
            "không phải của Tổ 2.",
            "A team leader may only enter the mobile team's results for its own team (Tổ 1), "
            "not for Tổ 2.",
        ),
        (
            TEAM_1,
            "enter_results",
            Target(commune="13291"),
            "Hãy chọn tổ lưu động của bạn (Tổ 1).",
            "Choose your mobile team (Tổ 1).",
        ),
        (
            User("vy", "team_leader", Scope.commune("13291")),
            "enter_results",
            Target(commune="13291", team="Tổ 1"),
            "Tài khoản tổ trưởng này chưa được gán tổ lưu động; hãy nhờ quản trị viên gán tổ.",
            "This team leader account has no mobile team yet; ask an administrator to assign one.",
        ),
        (
            User("hoa", "clerk", Scope.district("347", "349")),
            "undo_import",
            Target(owner="hai"),
            "Lần nhập này của hai không thuộc phạm vi của tài khoản (huyện 347, 349); "
            "bạn chỉ được hoàn tác lần nhập của chính mình hoặc trong phạm vi của mình.",
            "This import by hai is not inside your account's scope (districts 347, 349); "
            "you may only undo an import for your own imports or those inside your scope.",
        ),
    ],
)
def test_refusal_reasons_in_both_languages(user, action, target, vi, en):
    assert decide(user, action, target) == Decision(False, vi)
    with language("en"):
        assert decide(user, action, target) == Decision(False, en)


def test_the_role_in_a_refusal_is_translated():
    with language("en"):
        reason = decide(CLERK, "publish_plan").reason
    assert reason.startswith("The data clerk role may not publish a plan.")


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_is_refused_everything(action):
    assert decide(None, action, HERE) == Decision(False, "Hãy đăng nhập.")
    assert not decide(None, action)


def test_no_actions_for_anonymous():
    assert allowed_actions(None) == frozenset()


@pytest.mark.parametrize(
    ("user", "batch", "allowed"),
    [
        (CLERK_347, Target(owner="hoa", commune="13291", district="347"), True),  # own, in area
        (CLERK_347, Target(owner="hoa"), True),  # own, no place recorded
        (CLERK_347, Target(owner="hai", commune="13291", district="347"), True),  # area's
        (CLERK_347, Target(owner="hai", district="347"), True),
        (CLERK_347, Target(owner="hai", commune="13540", district="352"), False),  # elsewhere
        (CLERK_347, Target(owner="hoa", commune="13540", district="352"), False),  # own, but
        # its scope no longer covers the place: the scope wins
        (CLERK_347, Target(owner="hai"), False),  # someone's province-wide batch
        (CLERK, Target(owner="hoa"), True),  # a province clerk undoes any batch
        (CLERK, Target(owner="hoa", commune="13540", district="352"), True),
        (PLANNER, Target(owner="chi"), False),  # not a clerk's job, even its own
    ],
)
def test_clerk_undoing_own_or_others_batch(user, batch, allowed):
    assert decide(user, "undo_import", batch).allowed is allowed
    assert decide(user, "download_original", batch).allowed is allowed


@pytest.mark.parametrize(
    ("scope", "target", "allowed"),
    [
        (Scope.province(), Target(commune="99999"), True),  # unknown commune: province covers
        (Scope.district("347"), Target(commune="13291", district="347"), True),
        (Scope.district("347"), Target(commune="13291"), False),  # district not given
        (Scope.district("347"), Target(district="352"), False),
        (Scope.district("347"), Target(), False),
        (Scope.district(), Target(district="347"), False),
        (Scope.commune("13291"), Target(commune="13291"), True),
        (Scope.commune("13291"), Target(commune="99999"), False),  # unknown commune
        (Scope.commune("13291"), Target(district="347"), False),
        (Scope.commune("13291"), Target(), False),
        (Scope.commune("13291", "13540"), Target(commune="13540", district="352"), True),
    ],
)
def test_scope_edges_for_a_change(scope, target, allowed):
    assert decide(User("u", "clerk", scope), "import", target).allowed is allowed


@pytest.mark.parametrize("scope", [Scope.province(), Scope.district("347"), Scope.commune("1")])
def test_seeing_the_figures_needs_no_place(scope):
    # «Toàn tỉnh» for a scoped user is its own total: scope_filter cuts the tables first
    assert decide(User("u", "leader", scope), "view", None)
    assert decide(User("u", "leader", scope), "meeting_pack", PROVINCE)


def test_decision_is_truthy_only_when_allowed():
    assert Decision(True) and not Decision(False, "x")
    assert decide(LEADER, "view").reason == ""


@pytest.mark.parametrize(
    ("page", "roles"),
    [
        ("map", set(ROLES)),
        ("data", set(ROLES)),
        ("planner", set(ROLES)),
        ("progress", set(ROLES)),
        ("home_requests", set(ROLES)),
        ("accounts", {"admin"}),
        ("audit", {"admin"}),
    ],
)
def test_who_opens_each_page(page, roles):
    opens = {r for r in ROLES if decide(User("u", r, team="Tổ 1"), PAGES[page], PROVINCE)}
    assert opens == roles


def test_scope_text():
    assert scope_text(Scope.district("352", "347")) == "huyện 347, 352"
    assert scope_text(Scope.commune()) == "xã —"
    with language("en"):
        assert scope_text(Scope.province()) == "the whole province"
        assert scope_text(Scope.commune("13291", "13540")) == "communes 13291, 13540"


FRAME = pd.DataFrame(
    {
        "code": ["13291", "13294", "13540", "90001", None],
        "district_code": ["347", "347", "352", None, "347"],
        "activated": [10, 20, 30, 40, 50],
    },
    index=[5, 6, 7, 8, 9],
)


@pytest.mark.parametrize(
    ("scope", "index"),
    [
        (Scope.province(), [5, 6, 7, 8, 9]),
        (Scope.district("347"), [5, 6, 9]),
        (Scope.district("352", "351"), [7]),
        (Scope.district(), []),
        (Scope.commune("13291", "90001"), [5, 8]),
        (Scope.commune("99999"), []),
    ],
)
def test_scope_filter(scope, index):
    kept = scope_filter(FRAME, scope)
    assert kept.index.tolist() == index
    assert list(kept.columns) == ["code", "district_code", "activated"]


def test_scope_filter_district_total():
    # a district commander's «Toàn tỉnh» is its district's total: 10 + 20 + 50
    assert scope_filter(FRAME, Scope.district("347"))["activated"].sum() == 80


def test_scope_filter_reads_numeric_codes_as_text():
    frame = pd.DataFrame({"code": [13291, 13540], "district_code": [347, 352]})
    assert scope_filter(frame, Scope.district("352"))["code"].tolist() == [13540]


def test_scope_filter_needs_its_column():
    with pytest.raises(KeyError, match="district_code"):
        scope_filter(pd.DataFrame({"code": ["13291"]}), Scope.district("347"))


CODES = st.text(alphabet="0123456789", min_size=1, max_size=5)


@given(
    role=st.sampled_from(ROLES),
    action=st.sampled_from(ACTIONS),
    codes=st.frozensets(CODES, max_size=4),
    commune=CODES,
    district=st.none() | CODES,
    team=st.none() | st.just("Tổ 1"),
    owner=st.none() | st.just("u"),
)
def test_a_commune_user_never_acts_outside_its_communes(
    role, action, codes, commune, district, team, owner
):
    user = User("u", role, Scope("commune", codes), team="Tổ 1")
    target = Target(commune=commune, district=district, team=team, owner=owner)
    decision = decide(user, action, target)
    if commune not in codes:
        assert not decision and decision.reason
    assert bool(decision.reason) is not decision.allowed
