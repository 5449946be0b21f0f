"""geo.store.uploads: the check and the confirmation shared by the data page and the CLI."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.config import Settings
from geo.places.registry import communes
from geo.store import Store
from geo.store.uploads import Choices, check_upload, confirm_upload, merged_values

HEADER = (
    "Ngày,Tổ lưu động,Mã xã,Cột F,Giờ bắt đầu,Giờ kết thúc,Số tài khoản đăng ký,"
    "Số tài khoản kích hoạt"
)
ROW = "13/02/2023,Tổ 1,13291,hộ gia đình,18:00,19:00,30,30"
SETTINGS = Settings(data_dir=None, db_url="sqlite://")


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.close()


@pytest.fixture
def registry() -> pd.DataFrame:
    return communes("approximate")


def _check(store, registry, raw: bytes, choices: Choices | None = None, name: str = "a.csv"):
    return check_upload(store, "visits", raw, name, registry, SETTINGS, choices)


def test_nothing_is_remembered_before_the_import(store, registry) -> None:
    raw = f"{HEADER}\n{ROW}\n".encode()
    mapped = Choices(mapping={"Cột F": "place_type"})
    assert _check(store, registry, raw, mapped).rows_ok == 1
    assert _check(store, registry, raw).mapping_needed  # not saved by a check
    assert store.saved_mapping("visits", _check(store, registry, raw).layout) is None


def test_an_import_remembers_the_mapping_and_answers(store, registry) -> None:
    raw = f"{HEADER}\n{ROW}\n".encode()
    choices = Choices(mapping={"Cột F": "place_type"}, values={"place_type": {"cho": "other"}})
    result = _check(store, registry, raw, choices)
    outcome = confirm_upload(store, result, raw, "hoa", choices=choices)
    assert outcome.rows_ok == 1
    assert store.saved_mapping("visits", result.layout) == {"Cột F": "place_type"}
    assert store.value_aliases("visits") == {"place_type": {"cho": "other"}}
    again = f"{HEADER}\n14/02/2023,Tổ 2,13291,Chợ,18:00,19:00,5,4\n".encode()
    second = _check(store, registry, again, name="b.csv")
    assert second.notes[-1] == "Đã dùng cách ghép cột đã lưu cho dạng tệp này."
    assert second.accepted["place_type"].tolist() == ["other"]


def test_a_refused_file_remembers_nothing(store, registry) -> None:
    raw = f"{HEADER}\n13/02/2023,Tổ 1,99999,khác,18:00,19:00,3,2\n".encode()
    choices = Choices(mapping={"Cột F": "place_type"})
    result = _check(store, registry, raw, choices)
    assert confirm_upload(store, result, raw, "hoa", choices=choices).refused
    assert store.saved_mapping("visits", result.layout) is None


@pytest.mark.parametrize(
    ("members", "checks"),
    [
        (None, []),  # 30 an hour: under the 40 of a team of unknown size
        (2, ["activations_per_officer_hour"]),  # 15 an officer-hour: over 12
        (3, []),  # 10 an officer-hour
    ],
)
def test_a_known_team_is_checked_per_officer_hour(store, registry, members, checks) -> None:
    if members is not None:
        store.update_teams(pd.DataFrame({"name": ["Tổ 1"], "members": [members]}), "hoa")
    raw = f"{HEADER}\n{ROW}\n".encode()
    result = _check(store, registry, raw, Choices(mapping={"Cột F": "place_type"}))
    assert result.flagged["check"].tolist() == checks


def test_flagged_rows_are_left_out_unless_confirmed(store, registry) -> None:
    store.update_teams(pd.DataFrame({"name": ["Tổ 1"], "members": [2]}), "hoa")
    raw = f"{HEADER}\n{ROW}\n14/02/2023,Tổ 1,13291,khác,18:00,19:00,6,5\n".encode()
    choices = Choices(mapping={"Cột F": "place_type"})
    result = _check(store, registry, raw, choices)
    assert confirm_upload(store, result, raw, "hoa").rows_ok == 1
    assert store.visits()["activated"].tolist() == [5]


def test_merged_values_keeps_both_and_the_new_answer_wins() -> None:
    saved = {"place_type": {"cho": "other"}}
    assert merged_values(saved, {"place_type": {"cho": "business", "dinh": "other"}}) == {
        "place_type": {"cho": "business", "dinh": "other"}
    }
    assert saved == {"place_type": {"cho": "other"}}  # not changed
