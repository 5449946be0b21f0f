"""AppTest of views/planner.py on a tmp SQLite store holding the demo campaign.

The demo's visits end on 31/05/2023, so the plan starts on 01/06/2023. The horizon is cut to two
evenings and the solver to a few seconds to keep the tests fast. The page is tested in Vietnamese
(the default) and, where a text or a format changes, in English too.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import update
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from geo import ingest
from geo.config import Settings
from geo.fmt import format_percent
from geo.i18n import _, language
from geo.planning.tables import COL_COMMUNE as COL
from geo.store import Store
from geo.store.tables import team
from tests.views.helpers import page_test

#: The signed-in user of these tests: a province-wide planner (who plans and publishes).
PLANNER = "planner"
#: The tab of the saved plans: drawn only when open (``st.tabs(key="plan_tab")``).
SAVED_TAB = "Kế hoạch đã lưu và đối chiếu"


def _open(db_url: str, lang: str = "vi"):
    """The planner page in ``lang``, two-day horizon, 5 s solver limit, run once."""
    settings = Settings(data_dir=None, db_url=db_url)
    at = page_test("planner.py", settings, timeout=120, lang=lang, user=PLANNER)
    at.session_state["plan_days"] = 2
    at.session_state["plan_time_limit"] = 5
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def page(demo_db_url):
    """The planner page in Vietnamese, run once."""
    return _open(demo_db_url)


@pytest.fixture
def page_in(demo_db_url):
    """``open(lang)``: the planner page in a language, run once (same store each time)."""
    return lambda lang: _open(demo_db_url, lang)


def _frame(at, column: str) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if column in df.value.columns)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _build(at):
    at = at.button(key="plan_build").click().run()
    assert not at.exception, at.exception
    return at


def test_ranked_list_with_reasons_and_components(page):
    table = _frame(page, "Lý do")
    # the demo's 8 pilot units carry real codes (in the 98-unit registry); the 9xxxx ones do not
    assert len(table) == 8
    assert _metrics(page)["Chưa có số liệu"] == "90"
    assert table["Hạng"].tolist() == sorted(table["Hạng"])
    assert table["Hạng"].iloc[0] == 1 and table["Mức ưu tiên"].iloc[0] == 1
    assert table["Mức ưu tiên"].tolist() == [1, 1, 2, 2, 3, 4, 4, 5]  # floor(5(r-1)/8)+1
    assert table["Lý do"].str.len().gt(0).all()
    for column in (
        "Chưa kích hoạt",
        "Tỷ lệ kích hoạt",
        "Số ngày chưa có tổ đến",
        "Phút đi đường",
        "Yêu cầu hỗ trợ tại nhà đang mở",
    ):
        assert column in table.columns
    assert _metrics(page)["Xã được xếp hạng"] == str(len(table))
    assert page.text_input(key="plan_start").value == "01/06/2023"  # ui.widgets.date_field
    # 0.35 of the six default weights' 1.10
    assert any("số người chưa kích hoạt 32 %" in c.value for c in page.caption)
    gap = page.slider(key="plan_w_gap")
    assert (gap.value, gap.proto.format) == (35, "%d %%")  # «35 %», never «0.35»


def test_changing_weights_changes_the_ranking(page):
    before = _frame(page, "Lý do")
    for key in ("gap", "shortfall", "yield", "travel", "home_requests"):
        page.slider(key=f"plan_w_{key}").set_value(0)
    at = page.slider(key="plan_w_staleness").set_value(100).run()
    assert not at.exception
    after = _frame(at, "Lý do")
    assert after["Điểm"].tolist() != before["Điểm"].tolist()
    days = pd.to_numeric(after["Số ngày chưa có tổ đến"].str.replace(".", ""))
    assert days.iloc[0] == days.max()  # only staleness counts: the longest-unvisited first
    assert any("số ngày chưa có tổ đến 100 %" in c.value for c in at.caption)


def test_schedule_is_built_without_violations(page):
    at = _build(page)
    assert len(at.error) == 0
    assert any(s.value.startswith("Lịch hợp lệ") for s in at.success)
    n = int(_metrics(at)["Số buổi làm việc"].replace(".", ""))
    assert n > 0
    grid = _frame(at, "Tổ 1 (DEMO)")
    assert len(grid) == 2  # two evenings
    assert grid.index.tolist()[0].endswith("01/06/2023")
    labels = [el.proto.label for el in at.get("download_button")]
    assert "Tải lịch công tác (Excel)" in labels
    assert "Tải thông báo của xã đã chọn (PDF)" in labels


def test_hand_edit_is_checked_and_blocks_saving(page):
    at = _build(page)
    edit = _frame(at, "STT")
    first_day = edit[edit["Ngày"] == edit["Ngày"].iloc[0]]
    other = first_day["Tổ lưu động"].iloc[1]
    at.session_state["plan_edit"] = {
        "edited_rows": {0: {"Tổ lưu động": other}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at = at.run()
    assert not at.exception
    assert len(at.error) == 1
    assert f"{other} có 2 lịch trong ngày 01/06/2023" in at.error[0].value
    assert at.button(key="plan_save").disabled and at.button(key="plan_save_publish").disabled


def test_save_publish_then_compare_with_the_visit_logs(page, demo_db_url):
    at = _build(page)
    n = int(_metrics(at)["Số buổi làm việc"].replace(".", ""))
    at.session_state["plan_tab"] = SAVED_TAB  # drawn when open; the buttons of «Lập lịch» stay
    at = at.button(key="plan_save_publish").click().run()
    assert not at.exception
    assert any("Đã lưu kế hoạch số 1 và công bố" in s.value for s in at.success)

    store = Store(demo_db_url)
    plans = store.plans()
    assert plans["id"].tolist() == [1] and plans["status"].tolist() == ["published"]
    assert plans["created_by"].tolist() == ["kiemthu.planner"]
    assert plans["assignments"].tolist() == [n]
    assert plans["params"].iloc[0]["target_coverage"] == 0.8
    log = store.audit_log()
    assert log["action"].tolist()[-2:] == ["save_plan", "publish_plan"]
    assert set(log["user"].tolist()[-2:]) == {"kiemthu.planner"}
    plan_id, assignments = store.published_plan()
    assert plan_id == 1 and len(assignments) == n
    assert _metrics(at)["Tỷ lệ buổi làm đúng lịch"] == "chưa đến hạn"

    # the first assignment is honoured: its team logs a visit there on the day
    first = assignments.iloc[0]
    due = int((assignments["date"] == first["date"]).sum())
    csv = (
        "Ngày,Tổ lưu động,Mã xã,Loại địa điểm,Giờ bắt đầu,Giờ kết thúc,"
        "Số tài khoản đăng ký,Số tài khoản kích hoạt\n"
        f"{first['date']:%d/%m/%Y},{first['team']},{first['code']},hộ gia đình,"
        f"{first['window_start']},{first['window_end']},25,21\n"
    ).encode()
    result = ingest.read_visits(csv, "ket_qua.csv", store.communes("approximate"))
    assert result.rows_ok == 1, result.rejected
    store.import_result(result, csv, "tổ trưởng")

    at = at.run()
    assert not at.exception
    m = _metrics(at)
    assert m["Tỷ lệ buổi làm đúng lịch"] == format_percent(1 / due)
    assert m["Buổi đã đến hạn"] == f"1/{due}"
    assert m["Kích hoạt thực tế / dự kiến"].startswith("21 / ")
    review = _frame(at, "Kết quả")
    assert review["Kết quả"].iloc[0] == "Đã thực hiện"
    assert (review["Kết quả"] == "Chưa đến ngày").sum() == n - due


def test_draft_is_published_from_the_saved_plans(page, demo_db_url):
    at = _build(page)
    at = at.button(key="plan_save").click().run()
    assert Store(demo_db_url).plans()["status"].tolist() == ["draft"]
    at.session_state["plan_tab"] = SAVED_TAB  # the tab drawn when opened, with the new draft
    at = at.run()
    assert Store(demo_db_url).published_plan() is None
    at = at.button(key="plan_publish").click().run()
    assert not at.exception
    assert Store(demo_db_url).published_plan()[0] == 1
    status = _frame(at, "Trạng thái")["Trạng thái"].iloc[0]
    assert status.startswith("Đang áp dụng") and status.endswith("kiemthu.planner)")


def test_team_without_base_is_listed_and_not_offered(demo_db_url):
    store = Store(demo_db_url)
    with store.engine.begin() as conn:
        conn.execute(
            update(team).where(team.c.name == "Tổ 7 (DEMO)").values(base_lat=None, base_lon=None)
        )
    settings = Settings(data_dir=None, db_url=demo_db_url)
    at = page_test("planner.py", settings, timeout=120, user=PLANNER)
    at.run()
    assert not at.exception
    assert any("không thể lập lịch: Tổ 7 (DEMO)" in w.value for w in at.warning), [
        w.value for w in at.warning
    ]
    assert "Tổ 7 (DEMO)" not in at.multiselect(key="plan_teams").options
    assert "Tổ 1 (DEMO)" in at.multiselect(key="plan_teams").value


def test_team_table_edits_are_saved(page, demo_db_url):
    page.session_state["plan_teams_editor"] = {
        "edited_rows": {0: {"Số CBCS": 5, "Vĩ độ trụ sở": 20.6}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at = page.button(key="plan_teams_save").click().run()
    assert not at.exception
    assert any(s.value == "Đã lưu thông tin 19 tổ." for s in at.success)
    store = Store(demo_db_url)
    first = store.teams().set_index("name").loc["Tổ 1 (DEMO)"]
    assert (first["members"], first["base_lat"]) == (5, 20.6)
    last = store.audit_log().iloc[-1]
    assert (last["action"], last["user"]) == ("update_teams", "kiemthu.planner")


# --- both languages -----------------------------------------------------------------------------


def _en(message: str) -> str:
    """A catalog text in English (for headers built by geo.planning.tables)."""
    with language("en"):
        return _(message)


def _cells(el) -> pd.DataFrame:
    """What a grid shows: the server-formatted text of its cells where it has any."""
    if el.proto.arrow_data.styler.display_values:
        return convert_arrow_bytes_to_pandas_df(el.proto.arrow_data.styler.display_values)
    return el.value


def _to_en(figure: str) -> str:
    """A figure written the Vietnamese way, written the English way: 18.225 → 18,225."""
    swapped = figure.translate(str.maketrans({".": ",", ",": "."}))
    return swapped.replace(" %", "%")


TEXTS = {
    "vi": {
        "title": "Kế hoạch",
        "tabs": ["Xếp hạng ưu tiên", "Lập lịch", "Kế hoạch đã lưu và đối chiếu"],
        "period": "Số liệu đến hết ngày 31/05/2023; kỳ kế hoạch 01/06/2023 – 02/06/2023.",
        "metrics": {"Xã được xếp hạng": "8", "Mức ưu tiên 1": "2", "Chưa có số liệu": "90"},
        "days": "Số ngày",
        "start": "Ngày bắt đầu",
        "teams": ("Tổ tham gia", "Chọn tổ lưu động"),
        "days_off": ("Buổi tối nghỉ trong tuần", "Không có", "Thứ Hai"),
        "expander": "Xã chưa có số liệu (90), không xếp hạng",
        "build": "Lập lịch",
    },
    "en": {
        "title": "Plan",
        "tabs": ["Priority ranking", "Build schedule", "Saved plans and follow-up"],
        "period": "Data up to the end of 31/05/2023; plan period 01/06/2023 – 02/06/2023.",
        "metrics": {"Communes ranked": "8", "Priority 1": "2", "No data": "90"},
        "days": "Number of days",
        "start": "Start date",
        "teams": ("Participating mobile teams", "Choose mobile teams"),
        "days_off": ("Evenings off each week", "None", "Monday"),
        "expander": "Communes with no data (90), not ranked",
        "build": "Build schedule",
    },
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_texts_in_each_language(page_in, lang):
    at, texts = page_in(lang), TEXTS[lang]
    assert at.title[0].value == texts["title"]
    assert [t.label for t in at.tabs] == texts["tabs"]
    assert texts["period"] in [c.value for c in at.caption]
    assert _metrics(at) == texts["metrics"]
    assert at.number_input(key="plan_days").label == texts["days"]
    start = at.text_input(key="plan_start")  # ui.widgets.date_field: no English calendar
    assert (start.label, start.value) == (texts["start"], "01/06/2023")
    teams = at.multiselect(key="plan_teams")
    assert (teams.label, teams.proto.placeholder) == texts["teams"]
    off = at.multiselect(key="plan_off_weekdays")
    assert (off.label, off.proto.placeholder, off.options[0]) == texts["days_off"]
    for key in ("plan_teams", "plan_off_weekdays", "plan_off_dates"):
        assert at.multiselect(key=key).proto.select_all == 0  # no «Select all» (English)
    assert texts["expander"] in [e.label for e in at.expander]
    assert at.button(key="plan_build").label == texts["build"]
    # team names are data: the same in both languages
    assert teams.value[0] == "Tổ 1 (DEMO)"


def test_ranking_figures_are_written_the_english_way(page_in):
    vi_page, en_page = page_in("vi"), page_in("en")
    vi = _cells(next(df for df in vi_page.dataframe if "Lý do" in df.value.columns))
    en = _cells(next(df for df in en_page.dataframe if _en("Lý do") in df.value.columns))
    assert _en("Lý do") != "Lý do" and len(en) == len(vi) == 8
    gap, coverage, name = (
        vi.columns.get_loc(c) for c in ("Chưa kích hoạt", "Tỷ lệ kích hoạt", COL)
    )
    # the same figures: 18.225 and 53,2 % in Vietnamese, 18,225 and 53.2% in English
    assert en.iloc[:, gap].tolist() == [_to_en(v) for v in vi.iloc[:, gap]]
    assert en.iloc[:, coverage].tolist() == [_to_en(v) for v in vi.iloc[:, coverage]]
    assert any(len(v) > 3 and "." in v for v in vi.iloc[:, gap])  # some gap needs a separator
    assert all(v.endswith(" %") for v in vi.iloc[:, coverage])
    assert all(v.endswith("%") and " " not in v for v in en.iloc[:, coverage])
    # ranks and bands are numbers shown as text by the server; commune names are data
    assert en.iloc[:, :2].astype(str).values.tolist() == vi.iloc[:, :2].astype(str).values.tolist()
    assert en.iloc[:, name].tolist() == vi.iloc[:, name].tolist()
    assert any("Lê Hồng Phong" in n for n in en.iloc[:, name])


def test_weights_caption_and_error_in_english(page_in):
    at = page_in("en")
    for key in ("gap", "shortfall", "staleness", "yield", "travel", "home_requests"):
        at.slider(key=f"plan_w_{key}").set_value(0)
    at = at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The weights must add up to more than 0; using the default weights."
    ]
    assert at.slider(key="plan_target").label == "Target activation rate (%)"
    assert at.expander[0].label == "Weights and target"
    assert at.slider(key="plan_w_gap").proto.format == "%d%%"  # 35%: whole percents, no point


def test_schedule_in_english_with_english_downloads(page_in, downloads):
    at = _build(page_in("en"))
    assert len(at.error) == 0
    assert [s.value for s in at.success] == ["The schedule is valid: no constraint is violated."]
    m = _metrics(at)
    n, communes = int(m["Visits"].replace(",", "")), int(m["Communes"].replace(",", ""))
    assert n > 0 and 0 < communes <= n and "Expected activations" in m
    assert [s.value for s in at.subheader][:3] == [
        "Mobile team",
        "Schedule parameters",
        "Edit the schedule",
    ]
    buttons = {b.proto.id.rsplit("-", 1)[1]: b for b in at.get("download_button")}
    plural = "notice" if communes == 1 else "notices"
    s = "" if communes == 1 else "s"
    assert {k: b.proto.label for k, b in buttons.items()} == {
        "plan_xlsx": "Download the schedule (Excel)",
        "plan_notices": f"Download the {plural} of {communes} commune{s} (PDF)",
        "plan_notice_one": "Download the notice of the chosen commune (PDF)",
        "plan_notice_text": "Download the announcement (.txt)",
        "plan_posters": "Download the posters of the whole schedule (PDF, one per district)",
    }
    picked = at.selectbox(key="plan_notice_code")
    assert picked.label == "Notice of one commune"
    name, xlsx = downloads(buttons["plan_xlsx"])
    assert name == "schedule-2023-06-01.xlsx"
    assert downloads(buttons["plan_notices"])[0] == "visit-notices-2023-06-01.pdf"
    one, pdf = downloads(buttons["plan_notice_one"])
    assert one == f"visit-notice-{picked.value}-2023-06-01.pdf" and pdf.startswith(b"%PDF")
    # built on the click, outside the page's run, still in the page's language
    sheet = load_workbook(io.BytesIO(xlsx)).worksheets[0]
    assert sheet.title == _en("Lịch công tác") != "Lịch công tác"
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert _en("Tổ lưu động") in header and "Tổ lưu động" not in header


def test_vietnamese_downloads_keep_their_names(page, downloads, demo_db_url):
    at = _build(page)
    buttons = {b.proto.id.rsplit("-", 1)[1]: b for b in at.get("download_button")}
    code = at.selectbox(key="plan_notice_code").value
    assert downloads(buttons["plan_xlsx"])[0] == "lich-cong-tac-2023-06-01.xlsx"
    assert downloads(buttons["plan_notices"])[0] == "thong-bao-lich-lam-viec-2023-06-01.pdf"
    assert downloads(buttons["plan_notice_one"])[0] == f"thong-bao-{code}-2023-06-01.pdf"
    sheet = load_workbook(io.BytesIO(downloads(buttons["plan_xlsx"])[1])).worksheets[0]
    assert sheet.title == "Lịch công tác"
    # every click is an «export» in the audit log, by the planner, naming the file and the page
    log = Store(demo_db_url).audit_log(actions=["export"])
    assert log["user"].tolist() == ["kiemthu.planner"] * 4
    assert [json.loads(d) for d in log["detail"]] == [
        {"file": "lich-cong-tac-2023-06-01.xlsx", "page": "planner"},
        {"file": "thong-bao-lich-lam-viec-2023-06-01.pdf", "page": "planner"},
        {"file": f"thong-bao-{code}-2023-06-01.pdf", "page": "planner"},
        {"file": "lich-cong-tac-2023-06-01.xlsx", "page": "planner"},
    ]


def test_notice_picker_finds_a_commune_typed_without_diacritics(page_in):
    at = _build(page_in("en"))
    options = at.selectbox(key="plan_notice_code").options
    at.text_input(key="plan_notice_code_search").input("le hong phong")
    at = at.run()
    assert not at.exception
    narrowed = at.selectbox(key="plan_notice_code")
    if any("Lê Hồng Phong" in o for o in options):
        assert [o for o in narrowed.options if "Lê Hồng Phong" in o] == narrowed.options != []
    assert narrowed.proto.placeholder == "Choose a commune or ward"


def test_saved_plans_and_follow_up_in_english(page_in, demo_db_url):
    at = _build(page_in("en"))
    at.session_state["plan_tab"] = "Saved plans and follow-up"
    at = at.button(key="plan_save").click().run()
    assert not at.exception
    assert "Saved plan no. 1." in [s.value for s in at.success]
    # the user's name is data, stored the same whatever the language
    assert Store(demo_db_url).plans()["created_by"].tolist() == ["kiemthu.planner"]
    assert at.button(key="plan_publish").label == "Publish the plan"
    at = at.button(key="plan_publish").click().run()
    assert not at.exception
    assert "Published plan no. 1; it is now the plan in force." in [s.value for s in at.success]
    m = _metrics(at)
    assert m["Visits made as scheduled"] == "not yet due"
    assert m["Visits due"] == "0/0"
    assert at.selectbox(key="plan_compare").label == "Published plan"


@pytest.mark.parametrize(
    ("lang", "caption"),
    [
        ("vi", "Số liệu đến hết ngày 04/06/2023; kỳ kế hoạch 05/06/2023 – 06/06/2023."),
        ("en", "Data up to the end of 04/06/2023; plan period 05/06/2023 – 06/06/2023."),
    ],
)
def test_start_date_typed_as_dd_mm_yyyy_moves_the_horizon(page_in, lang, caption):
    at = page_in(lang).text_input(key="plan_start").input("05/06/2023").run()
    assert not at.exception
    assert caption in [c.value for c in at.caption]


def test_a_schedule_built_before_a_switch_says_its_reasons_keep_their_language(page):
    at = _build(page)
    assert not [i.value for i in at.info if "ngôn ngữ" in i.value]
    at.query_params["lang"] = "en"  # what the sidebar switch writes, with the session's choice
    at.session_state["lang"] = "en"
    at = at.run()
    assert not at.exception
    assert (
        "The reasons in this schedule are written in the language it was built in; "
        "click «Build schedule» to write them again."
    ) in [i.value for i in at.info]
