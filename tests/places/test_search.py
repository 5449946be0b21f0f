"""Tests of geo.places.search: names found as officers type them, closest names suggested."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.i18n import language
from geo.places.registry import communes as registry_communes
from geo.places.search import filter_by_name, matches, name_key, not_found_message, suggest
from geo.places.spelling import fold
from tests.shared_data import DATA_DIR, HAVE_DATA

LHP = "Phường Lê Hồng Phong"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phường Lê Hồng Phong", "le hong phong"),
        ("P. Lê Hồng Phong", "le hong phong"),
        ("P.Lê Hồng Phong", "le hong phong"),
        ("p le hong phong", "le hong phong"),
        ("PHUONG  LE HONG PHONG ", "le hong phong"),
        ("X. An Nội", "an noi"),
        ("xa an noi", "an noi"),
        ("x an noi", "an noi"),
        ("Xã Đồng Hóa", "dong hoa"),
        ("Thị trấn Vĩnh Trụ", "vinh tru"),
        ("thi tran vinh tru", "vinh tru"),
        ("TT Vĩnh Trụ", "vinh tru"),
        ("TT. Vĩnh Trụ", "vinh tru"),
        ("TT.Vĩnh Trụ", "vinh tru"),
        ("Lê Hồng Phong (Phủ Lý)", "le hong phong phu ly"),
        ("Lê-Hồng-Phong", "le hong phong"),
        ("Hoa\u0300", "hoa"),  # a combining grave accent, as Windows-1258 text decodes
        ("phuong", "phuong"),  # a prefix alone is still being typed: kept
        ("Phương Đình", "phuong dinh"),  # a name, not a prefix ("Phương", not "Phường")
        ("", ""),
        ("  ", ""),
    ],
)
def test_name_key(text: str, expected: str) -> None:
    assert name_key(text) == expected


@pytest.mark.parametrize(
    "query",
    ["le hong phong", "Lê Hồng Phong", "P. Lê Hồng Phong", "phuong le hong", "LE HONG PHONG",
     "lê hồng", "hong phong", "phong", "lehongphong", "x. le hong phong"],
)  # fmt: skip
def test_the_ways_officers_type_find_le_hong_phong(communes: pd.DataFrame, query: str) -> None:
    found = filter_by_name(communes, query, "full_name")
    assert found["full_name"].tolist() == [LHP]


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("thanh", ["90001", "90002", "90003", "90004"]),
        ("thanh ha", ["90001", "90002"]),  # "ha" begins "Hà" and "Hải"
        ("thanh hai", ["90002"]),
        ("THANH SON", ["90003", "90004"]),
        ("son thanh", ["90003", "90004"]),  # words in any order
        ("phuong", ["13291"]),  # the unit word alone lists the wards
        ("xa", ["13540", "90001", "90002", "90003", "90004", "90006"]),
        ("thi tran", ["90005"]),
        ("tt", ["90005"]),
        ("dong hoa", ["90006"]),
        ("Đồng Hoá", ["90006"]),  # the new tone placement of "Hóa"
        ("an", ["13540"]),  # word beginnings: not "Thanh"
        ("noi an", ["13540"]),
        ("an noix", []),
        ("ong pho", []),  # inside words: no
        ("zzz", []),
    ],
)
def test_filter_by_name_keeps_matching_rows_in_order(
    communes: pd.DataFrame, query: str, codes: list[str]
) -> None:
    assert filter_by_name(communes, query, "full_name")["code"].tolist() == codes


def test_filter_by_name_keeps_the_index_and_the_columns(communes: pd.DataFrame) -> None:
    shuffled = communes.iloc[[7, 2, 0, 3]].set_index(pd.Index([40, 30, 20, 10]))
    found = filter_by_name(shuffled, "thanh", "full_name")
    assert found.index.tolist() == [30, 10]
    assert found.columns.tolist() == communes.columns.tolist()


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_a_blank_query_keeps_every_row(communes: pd.DataFrame, query: str) -> None:
    pd.testing.assert_frame_equal(filter_by_name(communes, query, "full_name"), communes)


def test_filter_by_name_on_an_empty_frame() -> None:
    empty = pd.DataFrame({"full_name": pd.Series([], dtype=object)})
    assert filter_by_name(empty, "le hong", "full_name").empty


def test_matches_bare_names_and_labels_with_a_district() -> None:
    assert matches("Lê Hồng Phong", "p. le hong")
    assert matches("Lê Hồng Phong (Phủ Lý)", "phu ly")
    assert not matches("Lê Hồng Phong", "phuong")  # the bare name has no unit word


def test_suggest_orders_the_closest_names_first(communes: pd.DataFrame) -> None:
    names = communes["full_name"]
    assert suggest("le hong fong", names) == [LHP]
    assert suggest("thanh haa", names) == ["Xã Thanh Hà", "Xã Thanh Hải", "Xã Thanh Sơn"]
    assert suggest("thanh haa", names, limit=1) == ["Xã Thanh Hà"]
    assert suggest("vinh truu", names) == ["Thị trấn Vĩnh Trụ"]


def test_suggest_offers_a_name_once_and_nothing_far(communes: pd.DataFrame) -> None:
    names = communes["full_name"].tolist()
    assert names.count("Xã Thanh Sơn") == 2
    assert suggest("thanh sonn", names) == ["Xã Thanh Sơn", "Xã Thanh Hà", "Xã Thanh Hải"]
    assert suggest("qqqq", names) == []
    assert suggest("", names) == []
    assert suggest("le hong fong", names, limit=0) == []


@pytest.mark.parametrize(
    ("lang", "with_names", "without"),
    [
        (
            "vi",
            "Không tìm thấy «le hong fong». Có phải: Phường Lê Hồng Phong, Phường Lê Hồ?",
            "Không tìm thấy «qqq».",
        ),
        (
            "en",
            "No match for «le hong fong». Did you mean: Phường Lê Hồng Phong, Phường Lê Hồ?",
            "No match for «qqq».",
        ),
    ],
)
def test_not_found_message(lang: str, with_names: str, without: str) -> None:
    with language(lang):
        assert not_found_message("le  hong fong ", [LHP, "Phường Lê Hồ"]) == with_names
        assert not_found_message("qqq", []) == without


# --- properties over the registry's communes ----------------------------------------------------


def _registry() -> pd.DataFrame:
    versions = ["approximate", *(["2020-2024", "2025-07"] if HAVE_DATA else [])]
    frames = [registry_communes(v, DATA_DIR if v != "approximate" else None) for v in versions]
    rows = pd.concat(frames, ignore_index=True)[["code", "name", "full_name", "type"]]
    return rows.drop_duplicates("full_name", ignore_index=True)


REGISTRY = _registry()
PREFIXES = {
    "phường": ["P. ", "P.", "p ", "Phường ", "phuong ", "PHƯỜNG "],
    "xã": ["X. ", "X.", "x ", "Xã ", "xa ", "XA "],
    "thị trấn": ["TT ", "TT. ", "TT.", "tt ", "Thị trấn ", "thi tran "],
}


@st.composite
def _typed(draw: st.DrawFn) -> tuple[int, str]:
    """A registry row and the way an officer types it (diacritics, case, prefix)."""
    row = draw(st.integers(0, len(REGISTRY) - 1))
    name, full, unit = REGISTRY.loc[row, ["name", "full_name", "type"]]
    text = draw(st.sampled_from([full, name, draw(st.sampled_from(PREFIXES[unit])) + name]))
    if draw(st.booleans()):
        text = fold(text)
    if draw(st.booleans()):
        text = text.upper()
    return row, text


@settings(max_examples=300, deadline=None)
@given(_typed())
def test_any_registry_name_as_typed_finds_its_commune(typed: tuple[int, str]) -> None:
    row, text = typed
    assert row in filter_by_name(REGISTRY, text, "full_name").index, text


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(0, len(REGISTRY) - 1), min_size=1), st.data())
def test_the_filter_never_drops_an_exact_match(rows: set[int], data: st.DataObject) -> None:
    frame = REGISTRY.loc[sorted(rows)]
    row = data.draw(st.sampled_from(sorted(rows)))
    found = filter_by_name(frame, frame.loc[row, "full_name"], "full_name")
    assert row in found.index


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_query_keeps_a_subset_in_order(query: str) -> None:
    found = filter_by_name(REGISTRY, query, "full_name")
    assert found.index.is_monotonic_increasing
    assert set(found.index) <= set(REGISTRY.index)
    if not query.strip():
        assert found.index.tolist() == REGISTRY.index.tolist()
