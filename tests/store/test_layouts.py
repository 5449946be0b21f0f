"""Remembered column mappings and coded values (geo.store.layouts), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from geo.i18n import language
from geo.outputs.audit import ACTION_LABELS
from geo.store import Store

_AT = datetime(2023, 3, 14, 20, 0)


@pytest.fixture
def db(db_url):
    store = Store(db_url, now=lambda: _AT)
    yield store
    store.close()


def test_a_mapping_is_remembered_per_kind_and_layout(db):
    mapping = {"ngay": "date", "to_ld": "team", "ma_x": "code", "ghi chú 2": ""}
    assert db.saved_mapping("visits", "abc") is None
    revision = db.revision()
    db.save_mapping("visits", "abc", mapping, "an")
    assert db.saved_mapping("visits", "abc") == mapping
    assert db.saved_mapping("targets", "abc") is None  # another kind
    assert db.saved_mapping("visits", "abd") is None  # another layout
    assert db.revision() == revision + 1
    last = db.audit_log().iloc[-1]
    assert (last["user"], last["action"]) == ("an", "save_import_mapping")
    assert json.loads(last["detail"]) == {"kind": "visits", "layout": "abc", "mapping": mapping}


def test_saving_again_replaces_the_mapping(db):
    db.save_mapping("visits", "abc", {"ngay": "date", "x": "note"}, "an")
    db.save_mapping("visits", "abc", {"ngay": "date", "x": ""}, "bình")
    assert db.saved_mapping("visits", "abc") == {"ngay": "date", "x": ""}
    assert db.audit_log()["action"].tolist() == ["save_import_mapping"] * 2


@pytest.mark.parametrize("mapping", [{}, {"Ngày làm việc «tối»": "date"}], ids=["empty", "text"])
def test_mappings_round_trip(db, mapping):
    db.save_mapping("targets", "k", mapping, "an")
    assert db.saved_mapping("targets", "k") == mapping


def test_a_value_alias_is_stored_folded(db):
    db.save_value_alias("visits", "place_type", "  HGĐ ", "household", "an")
    db.save_value_alias("visits", "place_type", "Cty TNHH", "business", "an")
    db.save_value_alias("visits", "team", "TLĐ số 3", "Tổ 3", "an")
    assert db.value_aliases("visits") == {
        "place_type": {"cty tnhh": "business", "hgd": "household"},
        "team": {"tld so 3": "Tổ 3"},
    }
    assert db.value_aliases("targets") == {}
    db.save_value_alias("visits", "place_type", "hgd", "other", "bình")  # the same, folded
    assert db.value_aliases("visits")["place_type"]["hgd"] == "other"
    last = db.audit_log().iloc[-1]
    assert last["action"] == "save_value_alias"
    assert json.loads(last["detail"]) == {
        "code": "other", "field": "place_type", "kind": "visits", "value": "hgd",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("call", "vi", "en"),
    [
        (lambda db: db.save_value_alias("visits", "place_type", "  ", "other", "an"),
         "Giá trị trống không ghi nhớ được; hãy chọn một giá trị có chữ.",
         "An empty value cannot be remembered; choose a value with letters."),
        (lambda db: db.save_mapping("plans", "k", {}, "an"),
         "Loại dữ liệu không hợp lệ: 'plans'", "Invalid kind of data: 'plans'"),
        (lambda db: db.save_value_alias("plans", "f", "v", "c", "an"),
         "Loại dữ liệu không hợp lệ: 'plans'", "Invalid kind of data: 'plans'"),
        (lambda db: db.save_mapping("visits", "", {"a": "date"}, "an"),
         "Thiếu mã bố cục tệp để ghi nhớ cách ghép cột.",
         "No file layout key to remember the column mapping by."),
    ],
    ids=["empty-value", "mapping-kind", "alias-kind", "no-layout"],
)  # fmt: skip
def test_bad_input_is_refused_and_nothing_written(db, call, vi, en):
    with pytest.raises(ValueError) as raised:
        call(db)
    assert str(raised.value) == vi
    with language("en"), pytest.raises(ValueError) as raised:
        call(db)
    assert str(raised.value) == en
    assert db.audit_log().empty


@pytest.mark.parametrize(
    ("action", "en"),
    [("save_import_mapping", "Column mapping remembered"),
     ("save_value_alias", "Meaning of a file value remembered"),
     ("migration_dedup", "Duplicate rows removed by a database upgrade")],
)  # fmt: skip
def test_the_new_actions_have_labels(action, en):
    from geo.i18n import _

    assert action in ACTION_LABELS
    with language("en"):
        assert _(ACTION_LABELS[action]) == en
