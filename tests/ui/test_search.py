"""AppTests of ui.search.commune_picker: a search box that narrows a list of communes."""

from __future__ import annotations

import pytest
from streamlit.proto.SelectWidgetFilterMode_pb2 import SelectWidgetFilterMode as FilterMode
from streamlit.testing.v1 import AppTest

NAMES = {
    "13291": "Phường Lê Hồng Phong",
    "13288": "Phường Lương Khánh Thiện",
    "13540": "Xã An Nội",
    "90001": "Xã Thanh Hà",
    "90002": "Xã Thanh Hải",
    "90005": "Thị trấn Vĩnh Trụ",
}


def _page(names: dict[str, str], lang: str, index: int | None) -> None:
    import streamlit as st

    from geo.i18n import set_language
    from ui.search import commune_picker

    set_language(lang)
    code = commune_picker("Thông báo của một xã", names, key="notice_code", index=index)
    st.session_state["picked"] = code


def _picker(lang: str = "vi", index: int | None = 0) -> AppTest:
    at = AppTest.from_function(_page, args=(NAMES, lang, index), default_timeout=30).run()
    assert not at.exception, at.exception
    return at


def _type(at: AppTest, text: str) -> AppTest:
    at.text_input(key="notice_code_search").input(text).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(
    ("lang", "label", "placeholder", "pick"),
    [
        ("vi", "Tìm xã, phường", "Gõ tên xã, có dấu hoặc không dấu", "Chọn xã, phường"),
        ("en", "Find a commune or ward", "Type a name, with or without diacritics",
         "Choose a commune or ward"),
    ],
)  # fmt: skip
def test_the_picker_lists_every_commune_at_first(lang, label, placeholder, pick) -> None:
    at = _picker(lang)
    box = at.text_input(key="notice_code_search")
    assert (box.label, box.placeholder, box.value) == (label, placeholder, "")
    select = at.selectbox(key="notice_code")
    assert select.label == "Thông báo của một xã"
    assert select.options == list(NAMES.values())  # names are data: never translated
    assert select.proto.placeholder == pick
    # Streamlit's own filter (where diacritics count) is off
    assert FilterMode.Name(select.proto.filter_mode) == "FILTER_MODE_NONE"
    assert select.value == "13291"
    assert at.session_state["picked"] == "13291"
    assert len(at.caption) == 0


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("typed", ["le hong phong", "P. LE HONG", "phuong le hong", "lê hồng"])
def test_typing_without_diacritics_narrows_the_list(lang: str, typed: str) -> None:
    at = _type(_picker(lang, index=2), typed)
    select = at.selectbox(key="notice_code")
    assert select.options == ["Phường Lê Hồng Phong"]
    assert select.value == "13291"  # the pre-selected Xã An Nội is not in the list: first match
    assert at.session_state["picked"] == "13291"


def test_a_choice_still_in_the_narrowed_list_is_kept() -> None:
    at = _picker(index=0)
    at.selectbox(key="notice_code").select("90002").run()
    at = _type(at, "thanh")
    select = at.selectbox(key="notice_code")
    assert select.options == ["Xã Thanh Hà", "Xã Thanh Hải"]
    assert select.value == "90002"
    at = _type(at, "")
    assert at.selectbox(key="notice_code").options == list(NAMES.values())
    assert at.session_state["picked"] == "90002"


@pytest.mark.parametrize(
    ("lang", "caption"),
    [
        ("vi", "Không tìm thấy «thanh haa». Có phải: Xã Thanh Hà, Xã Thanh Hải?"),
        ("en", "No match for «thanh haa». Did you mean: Xã Thanh Hà, Xã Thanh Hải?"),
    ],
)
def test_an_unknown_name_suggests_the_closest_and_keeps_the_list(lang: str, caption: str) -> None:
    at = _type(_picker(lang, index=1), "thanh haa")
    assert [c.value for c in at.caption] == [caption]
    select = at.selectbox(key="notice_code")
    assert select.options == list(NAMES.values())
    assert select.value == "13288"


def test_a_query_far_from_every_name_says_so() -> None:
    at = _type(_picker("en"), "qqqq")
    assert [c.value for c in at.caption] == ["No match for «qqqq»."]


def test_no_preselection_returns_none_until_a_commune_is_chosen() -> None:
    at = _picker(index=None)
    assert at.session_state["picked"] is None
    at.selectbox(key="notice_code").select("90005").run()
    assert at.session_state["picked"] == "90005"
