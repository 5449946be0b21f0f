"""AppTest of the progress page's meeting pack (issue 15): four downloads through the audited
download mechanism for a role that may build the pack, none for a role that may not, and headline
card labels short enough not to be cut.

The store is a temporary SQLite file holding the demo campaign (no data directory: approximate
boundaries); the published plan is the two visits of :func:`tests.samples.two_visit_plan`.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import docx
import pytest

from geo.config import Settings
from geo.i18n import _, language
from geo.outputs.reports import CARD_KEYS, CARD_LABELS, HEADLINE_LABELS
from geo.store import Store
from tests.views.helpers import page_test
from tests.views.test_progress_page import _publish_two_visits

#: The longest card label that fits one line: a wide page's four columns leave about 170 px of
#: label per card at 1280 px; at 14 px Source Sans, 22 characters of Vietnamese or English text
#: are under 160 px. On a phone the columns stack and each card has the whole width.
MAX_LABEL = 22
#: The period's text boxes (dd/mm/yyyy).
KEYS = ("progress_start", "progress_end")


def test_leader_gets_pdf_word_excel_and_map_each_audited(demo_db_url, downloads):
    _publish_two_visits(demo_db_url)
    at = page_test("progress.py", Settings(data_dir=None, db_url=demo_db_url), 180, user="leader")
    at = at.run().button(key="progress_pack").click().run()
    assert not at.exception, at.exception
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == [
        "Tải PDF (để in)",
        "Tải Word (sửa trước khi ký)",
        "Tải Excel số liệu",
        "Tải bản đồ (PNG)",
    ]
    saved = dict(downloads(b) for b in buttons)
    word = docx.Document(io.BytesIO(saved["bao-cao-giao-ban-2023-05-31.docx"]))
    body = "\n".join(p.text for p in word.paragraphs)
    cells = "\n".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    assert "BÁO CÁO" in body and "II. TIẾN ĐỘ SO VỚI CHỈ TIÊU" in body
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "LÃNH ĐẠO DUYỆT" in cells
    assert "Tổ 1 (DEMO)" in cells  # the published plan's appendix
    assert [p.text for p in word.sections[0].header.paragraphs] == ["DEMO"]
    assert saved["bao-cao-giao-ban-2023-05-31.pdf"].startswith(b"%PDF")
    log = Store(demo_db_url).audit_log(actions=["meeting_pack"])
    assert log["user"].tolist() == ["kiemthu.leader"] * 4
    assert [json.loads(d)["part"] for d in log["detail"]] == ["pdf", "docx", "xlsx", "png"]


@pytest.mark.parametrize(
    ("role", "offered"), [("planner", 0), ("clerk", 0), ("team_leader", 0), ("leader", 4)]
)
def test_a_role_without_meeting_pack_gets_no_download(demo_db_url, role, offered):
    at = page_test("progress.py", Settings(data_dir=None, db_url=demo_db_url), 180, user=role)
    at = at.run()
    assert not at.exception, at.exception
    assert at.button(key="progress_pack").disabled is (offered == 0)
    # a pack asked for in the session (stale, or forged) is still refused: the policy decides
    when = [dt.datetime.strptime(at.text_input(key=k).value, "%d/%m/%Y").date() for k in KEYS]
    at.session_state["progress_pack_for"] = (at.selectbox(key="progress_version").value, *when)
    at = at.run()
    assert not at.exception
    assert len(at.get("download_button")) == offered  # the leader: the same state works
    assert Store(demo_db_url).audit_log(actions=["meeting_pack"]).empty  # nothing downloaded


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_headline_card_labels_fit_one_line(lang):
    with language(lang):
        labels = {key: _(label) for key, label in CARD_LABELS.items()}
        printed = _(HEADLINE_LABELS["this_week"])
    too_long = {k: labels[k] for k in CARD_KEYS if len(labels[k]) > MAX_LABEL}
    if lang == "en":  # «Activation rate (coverage)»: the catalog's printed label, kept
        too_long.pop("coverage", None)
    assert too_long == {}
    # the cut label was the one of issue 15; the printed label keeps it
    assert len(printed) > MAX_LABEL and len(labels["this_week"]) <= MAX_LABEL


def test_screen_labels_show_the_printed_label_in_the_help(demo_db_url):
    at = page_test("progress.py", Settings(data_dir=None, db_url=demo_db_url), 180, user="leader")
    at = at.run()
    cards = {m.label: m for m in at.metric}
    assert cards["Kích hoạt 7 ngày qua"].help == "Tổ lưu động kích hoạt 7 ngày qua"
    assert cards["Chưa kích hoạt"].help == "Số người chưa kích hoạt"
    assert cards["Tiến độ chỉ tiêu"].help.startswith("Tiến độ so với chỉ tiêu. Số đã kích hoạt /")
    assert all(len(label) <= MAX_LABEL for label in cards)


def test_the_pack_counts_the_open_home_visit_requests_without_personal_data(demo_db_url, downloads):
    # recorded on 10/05/2023: 21 days open at the pack's 31/05/2023, over the 14-day limit
    recorded = dt.datetime(2023, 5, 10, 2, 0, tzinfo=dt.UTC)
    at = page_test("progress.py", Settings(data_dir=None, db_url=demo_db_url), 180, user="leader")
    at = at.run()  # the app stores the registry's communes, which a request must name
    store = Store(demo_db_url, now=lambda: recorded)
    code = str(store.communes()["code"].iloc[0])
    store.add_home_request(
        {"code": code, "resident": "Bà Vân", "reason": "elderly", "phone": "0912345678"},
        "kiemthu.clerk",
    )
    at = at.button(key="progress_pack").click().run()
    assert not at.exception, at.exception
    saved = dict(downloads(b) for b in at.get("download_button"))
    word = docx.Document(io.BytesIO(saved["bao-cao-giao-ban-2023-05-31.docx"]))
    [line] = [p.text for p in word.paragraphs if p.text.startswith("Yêu cầu hỗ trợ tại nhà")]
    assert line.startswith("Yêu cầu hỗ trợ tại nhà: 1 đang mở, 1 quá hạn (")
    assert line.endswith(" 1, 1 quá hạn).")
    body = "\n".join(p.text for p in word.paragraphs)
    assert "Bà Vân" not in body and "0912345678" not in body
