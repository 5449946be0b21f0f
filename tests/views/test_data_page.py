"""AppTest of views/data.py: history of imports (demo on first start), undo, templates."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.config import Settings
from geo.fmt import format_int
from geo.store import Store
from tests.samples import VISITS_CSV_ONE_BAD_ROW
from tests.views.helpers import page_test


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'page.db'}"


#: The signed-in user of these tests: a province-wide data clerk (who imports and undoes).
CLERK = "clerk"


@pytest.fixture
def page(db_url):
    """The data page on a fresh database (the demo loads on first start), run once."""
    settings = Settings(data_dir=None, db_url=db_url)
    at = page_test("data.py", settings, timeout=120, user=CLERK).run()
    assert not at.exception, at.exception
    return at


def _history(at):
    frame = next(df for df in at.dataframe if "Tệp" in df.value.columns)
    return frame.value


def _buttons(at, prefix):
    return {b.key: b for b in at.button if b.key and b.key.startswith(prefix)}


def test_first_start_loads_the_demo_and_lists_it(page, db_url):
    history = _history(page)
    assert history["Số"].tolist() == [4, 3, 2, 1]
    assert set(history["Người nhập"]) == {"demo"}
    assert history["Tệp"].str.contains("DEMO").all()
    assert history["Loại"].tolist() == ["Chỉ tiêu", "Lượt làm việc", "Lượt làm việc", "Chỉ tiêu"]
    assert set(history["Trạng thái"]) == {"Đang dùng"}
    store = Store(db_url)
    pilot = store.visits().query("date <= '2023-03-14'")
    assert pilot["activated"].sum() == 1923
    assert store.communes("approximate").shape[0] == 98


def test_undo_asks_for_confirmation_then_removes_the_rows(page, db_url):
    store = Store(db_url)
    before = len(store.visits())
    rollout = int((store.visits()["import_id"] == 3).sum())
    assert rollout > 0
    assert sorted(_buttons(page, "data_undo_")) == [f"data_undo_{i}" for i in (1, 2, 3, 4)]

    at = page.button(key="data_undo_3").click().run()
    assert not at.exception
    assert "Hoàn tác lần nhập số 3" in at.warning[0].value
    assert len(store.visits()) == before  # nothing removed before the confirmation

    at = at.button(key="data_undo_yes_3").click().run()
    assert not at.exception
    assert len(store.visits()) == before - rollout
    assert (store.visits()["import_id"] != 3).all()
    history = _history(at).set_index("Số")
    assert history.loc[3, "Trạng thái"].startswith("Đã hoàn tác")
    assert history.loc[3, "Trạng thái"].endswith("(kiemthu.clerk)")
    assert "data_undo_3" not in _buttons(at, "data_undo_")
    assert any("Đã hoàn tác lần nhập số 3" in s.value for s in at.success)
    last = store.audit_log().iloc[-1]
    assert (last["action"], last["user"]) == ("undo_import", "kiemthu.clerk")


def test_cancel_keeps_the_batch(page, db_url):
    at = page.button(key="data_undo_2").click().run()
    at = at.button(key="data_undo_no_2").click().run()
    assert not at.exception
    assert len(at.warning) == 0
    assert pd.isna(Store(db_url).batches().set_index("id").loc[2, "undone_at"])
    assert _history(at).set_index("Số").loc[2, "Trạng thái"] == "Đang dùng"


def test_template_downloads_and_kind_selector_are_present(page):
    labels = [el.proto.label for el in page.get("download_button")]
    assert "Tải tệp mẫu: lượt làm việc" in labels
    assert "Tải tệp mẫu: chỉ tiêu" in labels
    assert labels.count("Tải tệp gốc") == 4
    assert page.radio(key="data_kind").options == ["Lượt làm việc", "Chỉ tiêu"]
    assert [t.label for t in page.tabs] == ["Nhập dữ liệu", "Lịch sử nhập dữ liệu", "Tệp mẫu"]


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_upload_shows_report_then_imports_once(page, db_url):
    at = (
        page.file_uploader(key="data_upload")
        .upload("tổ_1.csv", VISITS_CSV_ONE_BAD_ROW, "text/csv")
        .run()
    )
    assert not at.exception
    assert _metrics(at) == {"Dòng hợp lệ": "2", "Dòng cần xác nhận": "0", "Dòng bị từ chối": "1"}
    # the preview speaks the template's words (geo.ingest.FILE_HEADERS)
    preview = next(df.value for df in at.dataframe if "Số tài khoản kích hoạt" in df.value.columns)
    assert preview["Dòng"].tolist() == [2, 4]
    assert preview["Số tài khoản kích hoạt"].tolist() == [10, 25]
    rejected = next(df.value for df in at.dataframe if "Lý do" in df.value.columns)
    assert set(rejected["Dòng"]) == {3}
    labels = [el.proto.label for el in at.get("download_button")]
    assert "Tải Excel các dòng bị từ chối" in labels

    at = at.button(key="data_import").click().run()
    assert not at.exception
    assert at.success[0].value == (
        "Đã nhập 2 dòng từ tệp tổ_1.csv (lần nhập số 5); 1 dòng bị từ chối."
    )
    assert _history(at)["Số"].tolist()[0] == 5
    store = Store(db_url)
    assert store.visits().query("import_id == 5")["activated"].tolist() == [10, 25]
    assert store.raw_file(5) == VISITS_CSV_ONE_BAD_ROW
    assert store.batches().set_index("id").loc[5, "user"] == "kiemthu.clerk"

    at = at.button(key="data_import").click().run()
    assert "đã được nhập trước đây (lần nhập số 5)" in at.warning[0].value
    assert len(store.batches()) == 5


def test_upload_as_the_wrong_kind_reports_a_file_error(page):
    at = page.radio(key="data_kind").set_value("targets").run()
    at = (
        at.file_uploader(key="data_upload")
        .upload("tổ_1.csv", VISITS_CSV_ONE_BAD_ROW, "text/csv")
        .run()
    )
    assert not at.exception
    assert _metrics(at)["Dòng hợp lệ"] == "0"
    assert len(at.error) == 1


def test_large_file_imports_with_a_progress_bar(page, db_url):
    header = "Ngày,Tổ lưu động,Mã xã,Loại địa điểm,Tên địa điểm,Giờ bắt đầu,Giờ kết thúc,"
    header += "Số tài khoản đăng ký,Số tài khoản kích hoạt"
    rows = [
        f"{d % 28 + 1:02d}/04/2023,Tổ {d % 9 + 1},13291,hộ gia đình,Ngõ {d},18:00,20:00,3,2"
        for d in range(6000)
    ]
    raw = "\n".join([header, *rows, ""]).encode()
    at = page.file_uploader(key="data_upload").upload("lớn.csv", raw, "text/csv").run()
    assert _metrics(at) == {
        "Dòng hợp lệ": "6.000",
        "Dòng cần xác nhận": "0",
        "Dòng bị từ chối": "0",
    }
    at = at.button(key="data_import").click().run()
    assert not at.exception
    bars = at.get("progress")
    assert len(bars) == 1 and bars[0].proto.value == 100
    assert at.success[0].value.startswith("Đã nhập 6.000 dòng")
    assert Store(db_url).visits().query("import_id == 5")["activated"].sum() == 12_000


# --- the page in English ------------------------------------------------------------------------


@pytest.fixture
def page_en(db_url):
    """The data page in English on a fresh database (the demo loads on first start)."""
    settings = Settings(data_dir=None, db_url=db_url)
    at = page_test("data.py", settings, timeout=120, lang="en", user=CLERK).run()
    assert not at.exception, at.exception
    return at


def test_english_titles_tabs_and_buttons(page_en, db_url):
    at = page_en
    assert at.title[0].value == "Data"
    assert [t.label for t in at.tabs] == ["Import", "Import history", "Templates"]
    assert at.radio(key="data_kind").label == "Kind of data"
    assert at.radio(key="data_kind").options == ["Visits", "Quota"]
    assert at.file_uploader(key="data_upload").label == "Choose a CSV or Excel (.xlsx) file"
    labels = [el.proto.label for el in at.get("download_button")]
    assert labels.count("Download the original file") == 4
    assert "Download the template: visits" in labels
    assert "Download the template: quota" in labels
    assert sorted(_buttons(at, "data_undo_")) == [f"data_undo_{i}" for i in (1, 2, 3, 4)]
    assert {b.label for b in _buttons(at, "data_undo_").values()} == {"Undo import"}
    rows = [m.value for m in at.markdown if m.value.startswith("**")]
    kept = Store(db_url).batches().set_index("id").loc[4, "rows_ok"]
    assert rows[0].startswith("**4** · DEMO_")
    assert rows[0].endswith(f" · {format_int(kept, lang='en')} rows")
    assert "Download a template, fill it in, then import it on the «Import» tab." in [
        m.value for m in at.markdown
    ]


def test_english_upload_report_and_rejected_rows_file(page_en, media_file):
    at = (
        page_en.file_uploader(key="data_upload")
        .upload("tổ_1.csv", VISITS_CSV_ONE_BAD_ROW, "text/csv")
        .run()
    )
    assert not at.exception
    assert _metrics(at) == {"Valid rows": "2", "Rows to confirm": "0", "Rejected rows": "1"}
    assert [c.value for c in at.caption] == [
        "Choose the system's column for each column of the file. The mapping is saved for this "
        "file layout when you import.",  # in the «Column mapping» expander, closed
        "Preview (first 50 rows at most)",
    ]
    assert [s.value for s in at.subheader] == ["Rejected rows and reasons"]
    [rejected] = [b for b in at.get("download_button") if b.proto.url]
    assert rejected.proto.label == "Download the rejected rows (Excel)"
    assert media_file(rejected.proto.url).filename == "rejected_rows_tổ_1.xlsx"
    assert at.button(key="data_import").label == "Import"


def test_the_rejected_rows_file_is_named_in_vietnamese_too(page, media_file):
    at = (
        page.file_uploader(key="data_upload")
        .upload("tổ_1.csv", VISITS_CSV_ONE_BAD_ROW, "text/csv")
        .run()
    )
    [rejected] = [b for b in at.get("download_button") if b.proto.url]
    assert media_file(rejected.proto.url).filename == "dong_bi_tu_choi_tổ_1.xlsx"


def test_switching_language_checks_the_file_again(page):
    """The report's reasons are in the language of the check: a switch re-reads the file."""
    at = (
        page.file_uploader(key="data_upload")
        .upload("tổ_1.csv", VISITS_CSV_ONE_BAD_ROW, "text/csv")
        .run()
    )
    vi_key = at.session_state["data_checked_key"]
    at.query_params["lang"] = "en"  # the sidebar switch writes the language into the URL
    at = at.run()
    assert not at.exception
    assert at.session_state["data_checked_key"] != vi_key
    assert at.session_state["data_checked_key"][-1] == "en"
    assert _metrics(at) == {"Valid rows": "2", "Rows to confirm": "0", "Rejected rows": "1"}


def test_english_large_import_counts(page_en):
    header = "Ngày,Tổ lưu động,Mã xã,Loại địa điểm,Tên địa điểm,Giờ bắt đầu,Giờ kết thúc,"
    header += "Số tài khoản đăng ký,Số tài khoản kích hoạt"
    rows = [
        f"{d % 28 + 1:02d}/04/2023,Tổ {d % 9 + 1},13291,hộ gia đình,Ngõ {d},18:00,20:00,3,2"
        for d in range(1500)
    ]
    raw = "\n".join([header, *rows, ""]).encode()
    at = page_en.file_uploader(key="data_upload").upload("big.csv", raw, "text/csv").run()
    assert _metrics(at) == {"Valid rows": "1,500", "Rows to confirm": "0", "Rejected rows": "0"}


def test_english_undo_asks_then_confirms(page_en, db_url):
    rollout = int((Store(db_url).visits()["import_id"] == 3).sum())
    at = page_en.button(key="data_undo_3").click().run()
    assert not at.exception
    shown = format_int(rollout, lang="en")
    assert at.warning[0].value.startswith("Undo import no. 3 (")
    assert at.warning[0].value.endswith(
        f"): the {shown} rows it imported will be deleted. The original file is kept."
    )
    assert at.button(key="data_undo_yes_3").label == "Confirm undo"
    assert at.button(key="data_undo_no_3").label == "Cancel"
    at = at.button(key="data_undo_yes_3").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [f"Import no. 3 undone: {shown} rows deleted."]
