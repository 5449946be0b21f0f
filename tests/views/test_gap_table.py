"""AppTests of the map page's gap table (views/map_parts/gap_table.py): its name filter finds a
commune typed without diacritics, in both languages, and formats the numbers on the server."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from geo.config import Settings
from geo.i18n import language
from tests.shared_data import DATA_DIR, needs_data
from tests.views.helpers import page_test
from views.map_parts.gap_table import _table_key, file_name

LHP = "Phường Lê Hồng Phong"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """One SQLite file per module: the first page run loads the demo into it."""
    return f"sqlite:///{tmp_path_factory.mktemp('gap_table') / 'demo.db'}"


@pytest.fixture
def page(demo_db):
    def run(lang="vi", data_dir=DATA_DIR, **state):
        at = page_test("map.py", Settings(data_dir=data_dir, db_url=demo_db), 120, lang=lang)
        for key, value in state.items():
            at.session_state[key] = value
        at.run()
        assert not at.exception, at.exception
        return at

    return run


def _type(at, text: str):
    # AppTest re-sends every widget's value, formatted by the page's format_func in THIS thread:
    # in the page's language, so that a translated option is found among the options.
    with language(at.session_state["lang"]):
        at.text_input(key="gap_filter").input(text).run()
    assert not at.exception, at.exception
    return at


def _grid(at):
    """The gap table's grid: its raw values and the texts the browser shows."""
    grids = [df for df in at.dataframe if (df.key or "").startswith("gap_table")]
    assert len(grids) == 1, [df.key for df in at.dataframe]
    shown = grids[0].proto.arrow_data.styler.display_values
    return grids[0].value, pa.ipc.open_stream(shown).read_all().to_pandas()


@needs_data
@pytest.mark.parametrize(
    ("lang", "label", "heading", "numbers"),
    [
        ("vi", "Lọc theo tên xã", "Xã còn nhiều người chưa kích hoạt",
         ["18.225", "6.982", "38,3 %", "11.243", "47,9 %"]),
        ("en", "Filter by commune name", "Communes with the most people not yet activated",
         ["18,225", "6,982", "38.3%", "11,243", "47.9%"]),
    ],
)  # fmt: skip
@pytest.mark.parametrize("typed", ["le hong phong", "LE HONG PHONG", "p. le hong", "lê hồng"])
def test_typing_without_diacritics_finds_le_hong_phong(page, lang, label, heading, numbers, typed):
    at = page(lang)
    box = at.text_input(key="gap_filter")
    assert box.label == label
    assert heading in [s.value for s in at.subheader]
    assert len(_grid(at)[0]) == 109  # every commune of 2020-2024 before typing

    raw, shown = _grid(_type(at, typed))
    assert raw.iloc[:, :4].values.tolist() == [[1, "13291", LHP, "Thành phố Phủ Lý"]]
    row = shown.iloc[0].tolist()
    # eligible, activated, coverage, gap, quota progress: in the language's formats
    assert row[4:9] == numbers
    assert (raw.iloc[0, 4], raw.iloc[0, 5], raw.iloc[0, 7]) == (18225, 6982, 11243)
    assert round(raw.iloc[0, 6], 4) == 0.3831  # a ratio, formatted as a percent


@needs_data
@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("vi", "Không tìm thấy «le hong fong». Có phải: Phường Lê Hồng Phong, Phường Hoàng Đông, "
               "Xã Hưng Công?"),
        ("en", "No match for «le hong fong». Did you mean: Phường Lê Hồng Phong, "
               "Phường Hoàng Đông, Xã Hưng Công?"),
    ],
)  # fmt: skip
def test_a_misspelt_name_suggests_the_closest_communes(page, lang, message):
    at = _type(page(lang), "le hong fong")
    assert [i.value for i in at.info] == [message]
    assert not [df for df in at.dataframe if (df.key or "").startswith("gap_table")]
    at = _type(at, "")
    assert len(_grid(at)[0]) == 109


@needs_data
def test_the_filter_and_the_district_choice_narrow_together(page):
    at = page(districts=["347"])  # Thành phố Phủ Lý
    assert set(_grid(at)[0].iloc[:, 3]) == {"Thành phố Phủ Lý"}
    raw, _ = _grid(_type(at, "phuong"))
    assert len(raw) == 11 and all(name.startswith("Phường ") for name in raw.iloc[:, 2])
    # Xã An Nội is in Bình Lục: not found, and nothing of Phủ Lý comes close
    assert [i.value for i in _type(at, "an noi").info] == ["Không tìm thấy «an noi»."]
    assert [i.value for i in _type(at, "lee hong").info] == [
        "Không tìm thấy «lee hong». Có phải: Phường Lê Hồng Phong, Xã Liêm Chung?"
    ]


@needs_data
def test_a_row_click_selects_the_commune(page):
    at = _type(page(), "le hong phong")
    at.session_state[_table_key("le hong phong", [])] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["selected_code"] == "13291"
    assert at.subheader[0].value == LHP


@needs_data
def test_a_selected_row_beyond_the_filtered_rows_does_not_raise(page):
    at = _type(page(), "le hong phong")
    at.session_state[_table_key("le hong phong", [])] = {"selection": {"rows": [5], "columns": []}}
    at.run()
    assert not at.exception, at.exception
    assert "selected_code" not in at.session_state
    assert at.subheader[0].value == "Toàn tỉnh"


@needs_data
def test_a_selection_made_before_filtering_does_not_pick_another_commune(page):
    at = page()
    assert _grid(at)[0].iloc[0, 1] == "13291"  # the largest gap of the province
    at.session_state["gap_table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert at.session_state["selected_code"] == "13291"
    at = _type(at, "xa")  # row 0 is now a xã: the click made on Lê Hồng Phong must not move
    assert not _grid(at)[0].iloc[0, 2].startswith("Phường")
    assert at.session_state["selected_code"] == "13291"
    assert at.subheader[0].value == LHP


@pytest.mark.parametrize(
    ("lang", "label"), [("vi", "Tải bảng (Excel)"), ("en", "Download table (Excel)")]
)
def test_without_data_the_filter_finds_le_hong_phong_among_approximate_units(tmp_path, lang, label):
    settings = Settings(data_dir=None, db_url=f"sqlite:///{tmp_path / 'a.db'}")
    at = page_test("map.py", settings, 120, lang=lang).run()
    assert not at.exception, at.exception
    assert len(_grid(at)[0]) == 98
    raw, _ = _grid(_type(at, "le hong phong"))
    assert raw.iloc[:, 1:3].values.tolist() == [["13291", LHP]]
    assert label in [b.proto.label for b in at.get("download_button")]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("vi", "so-nguoi-chua-kich-hoat-2023-05-31.xlsx"),
     ("en", "people-not-yet-activated-2023-05-31.xlsx")],
)  # fmt: skip
def test_the_download_is_named_in_the_language(lang, expected):
    with language(lang):
        assert file_name(date(2023, 5, 31)) == expected
        assert file_name(date(2023, 5, 31)).isascii()


def test_the_grid_key_changes_with_the_filter():
    assert _table_key("", []) == _table_key("  ", []) == "gap_table"
    assert _table_key("Lê Hồng", []) == _table_key("le hong", [])
    assert len({_table_key("le", []), _table_key("le", ["347"]), _table_key("", ["347"])}) == 3
