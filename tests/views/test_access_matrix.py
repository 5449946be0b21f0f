"""Role × page × action: what each signed-in role is offered on each page, and what it is refused.

Every cell is an AppTest of the page run on its own (as a deep link would reach it, without
``app.py``'s navigation) with a signed-in user of that role (province-wide; the team leader of
«Tổ 1 (DEMO)»). The expectations are written here by hand from issue 12's job descriptions,
not read from ``geo.access.PERMISSIONS``: a change of the policy must change this table too.

An action is **offered** when its button is enabled or its download button is drawn; it is
**refused** when the button is disabled (a download's is a disabled lock button under the same
key) and its help is the policy's reason, which names the role and the action.
"""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from geo import ingest
from geo.access import Scope, User
from geo.config import Settings
from geo.store import Store
from tests.samples import VISITS_CSV_ONE_BAD_ROW, two_visit_plan
from tests.views.helpers import as_user, page_test

ROLES = ("admin", "commander", "planner", "leader", "clerk", "team_leader")
#: The roles and actions as the refusals name them (the glossary's words).
ROLE_NAMES = {
    "admin": "quản trị viên",
    "commander": "chỉ huy",
    "planner": "cán bộ kế hoạch",
    "leader": "lãnh đạo",
    "clerk": "cán bộ nhập liệu",
    "team_leader": "tổ trưởng",
}
ACTION_NAMES = {
    "export": "xuất dữ liệu",
    "import": "nhập dữ liệu",
    "undo_import": "hoàn tác lần nhập",
    "download_original": "tải tệp gốc của lần nhập",
    "edit_teams": "sửa danh sách tổ lưu động",
    "plan": "lập kế hoạch",
    "publish_plan": "công bố kế hoạch",
    "meeting_pack": "lập báo cáo giao ban",
}
#: Each page's guarded controls: key -> (the policy's action, "button" or "download").
CONTROLS = {
    "map": {"gap_table_download": ("export", "download")},
    "data": {
        "data_import": ("import", "button"),
        "data_undo_3": ("undo_import", "button"),
        "data_raw_3": ("download_original", "download"),
    },
    "planner": {
        "plan_teams_save": ("edit_teams", "button"),
        "plan_build": ("plan", "button"),
        "plan_publish": ("publish_plan", "button"),
    },
    "progress": {"progress_pack": ("meeting_pack", "button")},
}
#: What each role is offered, page by page (everything else on CONTROLS is refused).
OFFERED = {
    "admin": {"map": set(), "data": set(), "planner": set(), "progress": set()},
    "commander": {
        "map": {"gap_table_download"},
        "data": {"data_raw_3"},
        "planner": set(),
        "progress": {"progress_pack"},
    },
    "planner": {
        "map": {"gap_table_download"},
        "data": set(),
        "planner": {"plan_teams_save", "plan_build", "plan_publish"},
        "progress": set(),
    },
    "leader": {
        "map": {"gap_table_download"},
        "data": set(),
        "planner": set(),
        "progress": {"progress_pack"},
    },
    "clerk": {
        "map": set(),
        "data": {"data_import", "data_undo_3", "data_raw_3"},
        "planner": set(),
        "progress": set(),
    },
    "team_leader": {
        "map": set(),
        "data": {"data_import"},  # its own team's visits: «enter_results»
        "planner": set(),
        "progress": set(),
    },
}
HEADER = (
    "Ngày,Tổ lưu động,Mã xã,Loại địa điểm,Giờ bắt đầu,Giờ kết thúc,"
    "Số tài khoản đăng ký,Số tài khoản kích hoạt\n"
)
#: Two evenings of «Tổ 1 (DEMO)» (the test team leader's team) in Lê Hồng Phong (13291).
OWN_TEAM_CSV = (
    HEADER
    + "01/06/2023,Tổ 1 (DEMO),13291,hộ gia đình,18:00,20:30,12,10\n"
    + "02/06/2023,Tổ 1 (DEMO),13291,trường học,16:00,18:00,30,25\n"
).encode()


def _reason(role: str, action: str) -> str:
    return (
        f"Vai trò {ROLE_NAMES[role]} không được {ACTION_NAMES[action]}. "
        "Nếu việc này thuộc nhiệm vụ của bạn, hãy nhờ quản trị viên."
    )


def _button(at, key: str):
    """The button of ``key`` on the page (None when there is none)."""
    return next((b for b in at.button if b.key == key), None)


def _download(at, key: str):
    """The download button of ``key`` on the page (None when there is none)."""
    return next((b for b in at.get("download_button") if b.proto.id.endswith(f"-{key}")), None)


def offered(at, key: str, kind: str) -> tuple[bool, str]:
    """``(offered, help)`` of a guarded control: enabled, or disabled saying why."""
    if kind == "download" and _download(at, key) is not None:
        assert _button(at, key) is None, key
        return True, ""
    button = _button(at, key)
    assert button is not None, f"no control {key!r} on the page"
    return not button.proto.disabled, button.help


def forged_click(button):
    """Click a button the way a forged websocket message would, even when it is disabled
    (AppTest, like a browser, refuses to click a disabled button). Streamlit discards the value
    of a disabled widget on the server; the page re-checks the policy all the same."""
    button._value = True  # what Button.click() sets, without its check
    return button.run()


def _settings(url: str) -> Settings:
    return Settings(data_dir=None, db_url=url)


def _save_draft(url: str) -> int:
    """A draft plan of two visits on 01/06/2023 (13291 and 13540), to be published."""
    store = Store(url)
    plan = two_visit_plan(("2023-06-01", "2023-06-01"))
    plan_id = store.save_plan(
        plan, params={}, user="kiemthu.planner", start=date(2023, 6, 1), days=1, method="greedy"
    )
    store.close()
    return plan_id


def _open(page: str, url: str, user) -> object:
    at = page_test(f"{page}.py", _settings(url), timeout=180, user=user)
    if page == "planner":
        at.session_state["plan_days"] = 2
        at.session_state["plan_time_limit"] = 5
        # the saved plans are drawn in their open tab only; «Lập lịch»'s buttons stay
        at.session_state["plan_tab"] = "Kế hoạch đã lưu và đối chiếu"
    at = at.run()
    assert not at.exception, at.exception
    if page == "data":
        at = at.file_uploader(key="data_upload").upload("to_1.csv", OWN_TEAM_CSV, "text/csv").run()
        assert not at.exception, at.exception
    return at


@pytest.fixture
def fresh_url(tmp_path) -> str:
    """A new database: the page loads the demo on its first start (98 approximate units)."""
    return f"sqlite:///{tmp_path / 'matrix.db'}"


@pytest.mark.parametrize("page", ["map", "data", "planner", "progress"])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_offered_exactly_its_job(role, page, fresh_url, demo_db_url):
    url = fresh_url
    if page == "planner":
        url = demo_db_url  # the planner's tests' store: a schedule can be built on it
        _save_draft(url)
    at = _open(page, url, role)
    assert at.title, "the page is shown to every signed-in role"
    seen = {}
    for key, (action, kind) in CONTROLS[page].items():
        if page == "data" and key == "data_import" and role == "team_leader":
            action = "enter_results"
        is_offered, reason = offered(at, key, kind)
        seen[key] = is_offered
        if not is_offered:
            assert reason == _reason(role, action), key
    assert {k for k, v in seen.items() if v} == OFFERED[role][page]
    if page == "data":  # blank templates need no right beyond the page
        assert _download(at, "data_template_visits") is not None


@pytest.mark.parametrize("page", ["map", "data", "planner", "progress"])
def test_nobody_signed_in_sees_only_the_refusal(page, fresh_url):
    at = page_test(f"{page}.py", _settings(fresh_url), timeout=180, user=None).run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["Hãy đăng nhập."]
    assert not at.title and not at.button and not at.get("download_button")
    assert not at.dataframe and not at.metric and not at.tabs


# --- downloads: the lock for a refused role, an audit row for each click -------------------------


def _audit(url: str, action: str) -> list[tuple[str, dict]]:
    log = Store(url).audit_log(actions=[action])
    return [(u, json.loads(d)) for u, d in zip(log["user"], log["detail"], strict=True)]


def test_the_gap_table_download_is_audited_as_an_export(fresh_url, downloads):
    at = _open("map", fresh_url, "leader")
    name, content = downloads(_download(at, "gap_table_download"))
    assert content.startswith(b"PK")  # an Excel workbook
    assert _audit(fresh_url, "export") == [("kiemthu.leader", {"file": name, "page": "map"})]


def test_a_clerk_without_export_sees_the_lock_and_no_file(fresh_url):
    at = _open("map", fresh_url, "clerk")
    lock = _button(at, "gap_table_download")
    assert lock.proto.disabled and lock.label == "Tải bảng (Excel)"
    assert lock.help == _reason("clerk", "export")
    assert _download(at, "gap_table_download") is None
    assert _audit(fresh_url, "export") == []


def test_the_original_file_download_is_audited(fresh_url, downloads):
    at = _open("data", fresh_url, "commander")
    assert [_download(at, f"data_raw_{i}") is not None for i in (1, 2, 3, 4)] == [True] * 4
    name, content = downloads(_download(at, "data_raw_2"))
    store = Store(fresh_url)
    batch = store.batches().set_index("id").loc[2]
    assert (name, content) == (batch["file_name"], store.raw_file(2))
    assert _audit(fresh_url, "download_original") == [
        ("kiemthu.commander", {"file": name, "batch": 2, "page": "data"})
    ]


def test_the_meeting_pack_downloads_are_audited(fresh_url, downloads):
    at = _open("progress", fresh_url, "leader")
    at = at.button(key="progress_pack").click().run()
    assert not at.exception, at.exception
    pdf = _download(at, "progress_download_pdf")
    name, content = downloads(pdf)
    assert content.startswith(b"%PDF")
    assert _audit(fresh_url, "meeting_pack") == [
        ("kiemthu.leader", {"file": name, "page": "progress", "part": "pdf"})
    ]


def test_a_refused_meeting_pack_click_builds_nothing(fresh_url):
    at = _open("progress", fresh_url, "clerk")
    at = forged_click(at.button(key="progress_pack"))
    assert not at.exception
    assert at.get("download_button") == [] and "progress_pack_for" not in at.session_state


def test_a_pack_built_before_the_role_changed_is_not_offered_any_more(fresh_url):
    at = _open("progress", fresh_url, "leader")
    at = at.button(key="progress_pack").click().run()
    assert len(at.get("download_button")) == 4  # PDF, Word, Excel, map PNG
    at.session_state["auth_user"] = as_user("clerk")  # the same session, now without the right
    at = at.run()
    assert not at.exception
    assert "progress_pack_for" in at.session_state  # the page re-checks, whatever the session says
    assert at.get("download_button") == []
    kinds = ("pdf", "docx", "xlsx", "png")
    assert {_button(at, f"progress_download_{p}") for p in kinds} == {None}


# --- scope: a district's clerk and another district's batches -----------------------------------

CLERK_347 = User("kiemthu.phuly", "clerk", Scope.district("347"))


def _one_visit(code: str) -> bytes:
    return (HEADER + f"03/06/2023,Tổ 9,{code},khác,18:00,19:00,3,2\n").encode()


def _import_as(url: str, csv: bytes, user: str) -> int:
    store = Store(url)
    result = ingest.read_visits(csv, f"{user}.csv", store.communes("approximate"))
    assert result.rows_ok == csv.decode().count("\n") - 1, result.rejected
    batch = store.import_result(result, csv, user).batch_id
    store.close()
    return batch


def test_a_district_clerk_may_not_undo_a_province_batch(fresh_url):
    at = _open("data", fresh_url, CLERK_347)  # loads the demo: 4 batches over the 6 districts
    for i in (1, 3, 4):  # every one of the 98 units: 84 outside Phủ Lý's 14
        undo = _button(at, f"data_undo_{i}")
        assert undo.proto.disabled
        assert undo.help.startswith("Có 84 xã nằm ngoài phạm vi của tài khoản (huyện 347): ")
    assert "(huyện 347)" in _button(at, "data_undo_2").help
    before = len(Store(fresh_url).visits())
    at = forged_click(at.button(key="data_undo_3"))
    assert not at.exception
    assert _button(at, "data_undo_yes_3") is None
    at.session_state["data_confirm_undo"] = 3  # a confirmation forged in the session
    at = at.run()
    assert _button(at, "data_undo_yes_3") is None
    assert any(e.value.startswith("Có 84 xã") for e in at.error)
    assert len(Store(fresh_url).visits()) == before
    assert "undo_import" not in Store(fresh_url).audit_log()["action"].tolist()


def test_a_district_clerk_sees_and_undoes_its_districts_batches_only(fresh_url):
    _open("data", fresh_url, "clerk")  # the demo is loaded
    phu_ly = _import_as(fresh_url, _one_visit("13291"), "kiemthu.tinh")  # Lê Hồng Phong, 347
    binh_luc = _import_as(fresh_url, _one_visit("13540"), "kiemthu.tinh")  # An Nội, 352
    at = _open("data", fresh_url, CLERK_347)
    history = next(df.value for df in at.dataframe if "Tệp" in df.value.columns)
    assert history["Số"].tolist() == [phu_ly, 4, 3, 2, 1]  # not Bình Lục's batch
    assert _button(at, f"data_undo_{binh_luc}") is None
    assert not _button(at, f"data_undo_{phu_ly}").proto.disabled
    at = at.button(key=f"data_undo_{phu_ly}").click().run()
    at = at.button(key=f"data_undo_yes_{phu_ly}").click().run()
    assert not at.exception
    batches = Store(fresh_url).batches().set_index("id")
    assert batches.loc[phu_ly, "undone_by"] == "kiemthu.phuly"
    assert pd.isna(batches.loc[binh_luc, "undone_at"])


# --- a team leader's uploads --------------------------------------------------------------------


def test_a_team_leader_may_not_import_another_teams_visits(fresh_url):
    at = _open("data", fresh_url, "team_leader")
    batches = Store(fresh_url).batches()
    at = (
        at.file_uploader(key="data_upload")
        .upload("to_2.csv", VISITS_CSV_ONE_BAD_ROW, "text/csv")  # Tổ 1 and Tổ 2, not «(DEMO)»
        .run()
    )
    refused = (
        "Tổ trưởng chỉ được nhập kết quả của tổ mình (Tổ 1 (DEMO)); tệp có dòng của Tổ 1, Tổ 2."
    )
    button = at.button(key="data_import")
    assert button.proto.disabled and button.help == refused
    at = forged_click(button)
    assert not at.exception
    assert not at.success and at.button(key="data_import").proto.disabled
    pd.testing.assert_frame_equal(Store(fresh_url).batches(), batches)


def test_a_team_leader_may_not_import_targets(fresh_url):
    at = _open("data", fresh_url, "team_leader")
    at = at.radio(key="data_kind").set_value("targets").run()
    at = at.file_uploader(key="data_upload").upload("q.csv", b"Ma xa,Chi tieu\n", "text/csv").run()
    button = at.button(key="data_import")
    assert button.proto.disabled and button.help == _reason("team_leader", "import")


def test_a_team_leader_imports_its_own_teams_visits(fresh_url):
    at = _open("data", fresh_url, "team_leader")  # OWN_TEAM_CSV uploaded
    assert not at.button(key="data_import").proto.disabled
    at = at.button(key="data_import").click().run()
    assert not at.exception
    assert at.success[0].value == "Đã nhập 2 dòng từ tệp to_1.csv (lần nhập số 5)."
    store = Store(fresh_url)
    assert store.batches().set_index("id").loc[5, "user"] == "kiemthu.team_leader"
    rows = store.visits().query("import_id == 5")
    assert rows["team"].tolist() == ["Tổ 1 (DEMO)"] * 2 and rows["activated"].tolist() == [10, 25]
