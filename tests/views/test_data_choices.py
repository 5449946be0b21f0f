"""The data page asks the clerk before importing: column mapping, unknown values, rows to
confirm, rows already stored."""

from __future__ import annotations

import pytest

from geo.config import Settings
from geo.store import Store
from tests.views.helpers import page_test

HEADER = (
    "Ngày,Tổ lưu động,Mã xã,Cột F,Số người được hướng dẫn,Số tài khoản đăng ký,"
    "Số tài khoản kích hoạt"
)
OWN = (HEADER + "\n13/02/2023,Tổ 1,13291,hộ gia đình,20,12,10\n").encode()
STANDARD = HEADER.replace("Cột F", "Loại địa điểm")


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'page.db'}"


@pytest.fixture
def page(db_url):
    at = page_test("data.py", Settings(data_dir=None, db_url=db_url), timeout=120, user="clerk")
    at = at.run()
    assert not at.exception, at.exception
    return at


def _upload(at, name: str, raw: bytes):
    at = at.file_uploader(key="data_upload").upload(name, raw, "text/csv").run()
    assert not at.exception, at.exception
    return at


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _submit(at, label: str):
    return next(b for b in at.button if b.label == label).click().run()


def _visits(db_url: str) -> list[int]:
    store = Store(db_url)
    try:
        return store.visits().query("import_id > 4")["activated"].tolist()
    finally:
        store.close()


def test_a_missing_column_is_mapped_from_a_drop_down_then_remembered(page, db_url):
    at = _upload(page, "to_1.csv", OWN)
    assert "Thiếu cột bắt buộc" in at.error[0].value and "«Loại địa điểm»" in at.error[0].value
    assert at.expander[0].label == "Ghép cột"
    boxes = {s.label: s for s in at.selectbox if s.key.startswith("data_map_")}
    assert list(boxes) == HEADER.split(",")
    assert boxes["Cột F"].value == "" and boxes["Ngày"].value == "date"
    boxes["Cột F"].set_value("place_type")
    at = _submit(at, "Áp dụng cách ghép cột")
    assert not at.exception
    assert _metrics(at)["Dòng hợp lệ"] == "1" and not at.error
    assert _visits(db_url) == []  # nothing is recorded before the clerk confirms
    at = at.button(key="data_import").click().run()
    assert at.success[0].value.startswith("Đã nhập 1 dòng từ tệp to_1.csv")
    assert _visits(db_url) == [10]
    # the next file of the same layout is mapped by itself
    nxt = (HEADER + "\n14/02/2023,Tổ 1,13291,khác,9,6,5\n").encode()
    at = _upload(at, "to_1_ngay_14.csv", nxt)
    assert _metrics(at)["Dòng hợp lệ"] == "1"
    assert "Đã dùng cách ghép cột đã lưu cho dạng tệp này." in [i.value for i in at.info]


def test_an_unknown_place_type_is_asked_once(page, db_url):
    raw = STANDARD + "\n13/02/2023,Tổ 1,13291,chợ,20,12,10\n14/02/2023,Tổ 1,13291,Chợ,9,6,5\n"
    at = _upload(page, "cho.csv", raw.encode())
    assert _metrics(at)["Dòng bị từ chối"] == "2"
    [box] = [s for s in at.selectbox if s.key.startswith("data_value_")]
    assert box.label == "«chợ» là"
    box.set_value("business")
    at = _submit(at, "Áp dụng")
    assert _metrics(at)["Dòng hợp lệ"] == "2"
    at = at.button(key="data_import").click().run()
    assert _visits(db_url) == [10, 5]
    store = Store(db_url)
    try:
        assert store.value_aliases("visits") == {"place_type": {"cho": "business"}}
    finally:
        store.close()


def test_a_flagged_row_is_imported_only_when_confirmed(page, db_url):
    raw = STANDARD + "\n13/02/2023,Tổ 1,13291,khác,20,12,10\n14/02/2023,Tổ 1,13291,khác,2,30,25\n"
    at = _upload(page, "la.csv", raw.encode())
    assert _metrics(at) == {"Dòng hợp lệ": "2", "Dòng cần xác nhận": "1", "Dòng bị từ chối": "0"}
    assert "Dòng cần xác nhận" in [s.value for s in at.subheader]
    assert at.checkbox(key="data_confirm_flagged").label == "Tôi đã kiểm tra 1 dòng này và vẫn nhập"
    at = at.button(key="data_import").click().run()
    assert at.success[0].value.startswith("Đã nhập 1 dòng từ tệp la.csv")
    assert _visits(db_url) == [10]


def test_a_confirmed_row_is_imported(page, db_url):
    raw = STANDARD + "\n14/02/2023,Tổ 1,13291,khác,2,30,25\n"
    at = _upload(page, "la.csv", raw.encode())
    at = at.checkbox(key="data_confirm_flagged").check().run()
    at = at.button(key="data_import").click().run()
    assert _visits(db_url) == [25]


def test_a_resaved_copy_shows_the_rows_already_stored_and_imports_nothing(page, db_url):
    raw = STANDARD + "\n13/02/2023,Tổ 1,13291,khác,20,12,10\n"
    at = _upload(page, "a.csv", raw.encode())
    at = at.button(key="data_import").click().run()
    resaved = raw.replace(",", ";").replace("\n", "\r\n").encode("utf-8-sig")
    at = _upload(at, "a_luu_lai.csv", resaved)
    assert "Dòng đã có trong lần nhập trước" in [s.value for s in at.subheader]
    assert at.radio(key="data_on_match").value == "skip"
    at = at.button(key="data_import").click().run()
    assert at.warning[0].value.startswith(
        "Cả 1 dòng của tệp a_luu_lai.csv đã có trong lần nhập số 5"
    )
    assert _visits(db_url) == [10]


def test_the_rows_already_stored_are_looked_up_once_per_check(page, db_url, monkeypatch):
    raw = STANDARD + "\n13/02/2023,Tổ 1,13291,khác,20,12,10\n"
    at = _upload(page, "a.csv", raw.encode())
    at = at.button(key="data_import").click().run()
    at = _upload(at, "b.csv", raw.replace(",", ";").encode())
    calls = []
    original = Store.matching_rows
    monkeypatch.setattr(
        Store, "matching_rows", lambda self, r: calls.append(1) or original(self, r)
    )
    at = at.radio(key="data_on_match").set_value("replace").run()  # a rerun, the same check
    assert not at.exception and calls == []
    assert at.radio(key="data_on_match").value == "replace"
