"""The planner's notices for residents (issue 15): team contact lines, loudspeaker / Zalo text.

Opens the planner page (AppTest, the demo campaign, a two-day horizon from 01/06/2023) as a
province-wide planner; ``tests/views/test_planner_page.py`` has the other sections.
"""

from __future__ import annotations

import json

import pandas as pd

from geo.config import Settings
from geo.store import Store
from tests.views.helpers import page_test
from tests.views.test_planner_page import _build, _open

_CONTACT = "Đ/c Nguyễn Văn Minh – 0912 345 678"


def _set_contacts(db_url: str, contacts: dict[str, str]) -> None:
    store = Store(db_url)
    store.set_team_contacts(contacts, "kiemthu.admin")
    store.close()


def _buttons(at) -> dict:
    return {b.proto.id.rsplit("-", 1)[1]: b for b in at.get("download_button")}


def test_announcement_is_shown_to_copy_and_downloaded_as_text(demo_db_url, downloads):
    teams = Store(demo_db_url).teams()["name"].tolist()
    _set_contacts(demo_db_url, dict.fromkeys(teams, _CONTACT))
    at = _build(_open(demo_db_url))
    code = at.selectbox(key="plan_notice_code").value
    (box,) = at.code
    assert box.language is None or box.language in ("", "plaintext")  # plain text, no highlight
    text = box.value
    lines = text.splitlines()
    assert lines[0] == "THÔNG BÁO LỊCH LÀM VIỆC CỦA TỔ LƯU ĐỘNG"
    evenings = [ln for ln in lines if ln.startswith("- Thứ")]
    assert evenings and all(
        ln.startswith(("- Thứ Năm, 01/06/2023: ", "- Thứ Sáu, 02/06/2023: ")) for ln in evenings
    )
    assert any(ln.startswith("Địa điểm: ") for ln in lines)
    contact_lines = [ln for ln in lines if ln.startswith("Liên hệ tổ: ")]
    assert contact_lines and all(ln.endswith(f" – {_CONTACT}") for ln in contact_lines)
    name, raw = downloads(_buttons(at)["plan_notice_text"])
    assert name == f"loa-zalo-{code}-2023-06-01.txt"
    assert raw.decode("utf-8").rstrip("\n") == text.rstrip("\n") and raw.endswith(b"./.\n")
    log = Store(demo_db_url).audit_log(actions=["export"])
    assert json.loads(log["detail"].iloc[-1]) == {"file": name, "page": "planner"}


def test_posters_are_offered_and_audited(demo_db_url, downloads):
    at = _build(_open(demo_db_url))
    button = _buttons(at)["plan_posters"]
    assert button.proto.label == "Tải lịch niêm yết cả đợt (PDF, mỗi huyện một bản)"
    name, pdf = downloads(button)
    assert name == "lich-niem-yet-2023-06-01.pdf"
    assert pdf.startswith(b"%PDF") and b"/MediaBox [0 0 841.89 595.28]" in pdf
    log = Store(demo_db_url).audit_log(actions=["export"])
    assert json.loads(log["detail"].iloc[-1]) == {"file": name, "page": "planner"}


def test_announcement_in_english(demo_db_url, downloads):
    at = _build(_open(demo_db_url, "en"))
    text = at.code[0].value
    assert text.startswith("NOTICE OF THE MOBILE TEAM'S VISIT\n")
    assert "Mobile team contact: " in text and "Liên hệ" not in text
    labels = {k: b.proto.label for k, b in _buttons(at).items()}
    assert labels["plan_notice_text"] == "Download the announcement (.txt)"
    code = at.selectbox(key="plan_notice_code").value
    assert downloads(_buttons(at)["plan_notice_text"])[0] == (f"announcement-{code}-2023-06-01.txt")


def test_team_contact_is_edited_in_the_team_table(demo_db_url):
    at = _open(demo_db_url)
    header = "Liên hệ của tổ (in trên thông báo)"
    table = next(df.value for df in at.dataframe if header in df.value.columns)
    assert table[header].isna().all()
    at.session_state["plan_teams_editor"] = {
        "edited_rows": {0: {header: "  0912 345 678\n(Đ/c Minh) "}, 1: {"Số CBCS": 4}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at = at.button(key="plan_teams_save").click().run()
    assert not at.exception, at.exception
    teams = Store(demo_db_url).teams()
    first, second = teams.iloc[0], teams.iloc[1]
    assert first["contact"] == "0912 345 678 (Đ/c Minh)"  # one line, as typed
    assert pd.isna(second["contact"]) and second["members"] == 4
    shown = next(df.value for df in at.dataframe if header in df.value.columns)
    assert shown[header].iloc[0] == "0912 345 678 (Đ/c Minh)"
    # cleared in the table: cleared in the store
    at.session_state["plan_teams_editor"] = {
        "edited_rows": {0: {header: None}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at = at.button(key="plan_teams_save").click().run()
    assert pd.isna(Store(demo_db_url).teams().iloc[0]["contact"])


def test_team_contacts_are_read_only_without_edit_rights(demo_db_url):
    """A commander sees the planner page (``view``) but may not ``edit_teams``."""
    settings = Settings(data_dir=None, db_url=demo_db_url)
    at = page_test("planner.py", settings, timeout=120, user="commander")
    at.session_state["plan_days"] = 2
    at.run()
    assert not at.exception, at.exception
    assert at.button(key="plan_teams_save").disabled
