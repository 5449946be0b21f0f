"""geo.ingest.text: cells cleaned (NFC, invisible, full width, mojibake), in the import too."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.ingest import read_visits
from geo.ingest.text import BIDI_CONTROLS, ZERO_WIDTH, clean_cells, clean_text, repaired_text
from geo.places.registry import communes
from geo.store import Store
from tests.ingest.helpers import COL, GOOD_A, GOOD_B, HEADER, MIDDLE, TODAY, csv_bytes, problems

RLO = "\u202e"
ZWJ = "\u200d"
BIDI_REASON = (
    "có ký tự điều khiển hướng chữ ẩn (U+202E) làm chữ hiển thị khác với nội dung thật — hãy gõ "
    "lại ô này"
)


def mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252, bytes it leaves undefined read as Latin-1."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tá»• 2", "Tổ 2"),
        ("PhÆ°á»\x9dng LÃª Há»“ng Phong", "Phường Lê Hồng Phong"),
        ("An Ná»™i", "An Nội"),
        ("Nguyá»…n VÄƒn A", "Nguyễn Văn A"),
        (f"Tổ{ZWJ} 1", "Tổ 1"),
        ("\u200bTổ 1\u2060", "Tổ 1"),
        ("Tổ\ufeff 1", "Tổ 1"),
        ("１２", "12"),
        ("Ｔổ　３", "Tổ　3"),  # U+3000 is outside the full-width block: kept
        ("Ｔổ ３", "Tổ 3"),
        ("To\u0302\u0309 1", "Tổ 1"),  # NFD to NFC
        ("Müller", "Müller"),
        ("“Tổ 1” – 50°", "“Tổ 1” – 50°"),
        ("Hà Nam", "Hà Nam"),
        ("plain ascii", "plain ascii"),
    ],
)
def test_clean_text_results(value: str, expected: str) -> None:
    assert clean_text(value) == (expected, None)


@pytest.mark.parametrize(
    ("value", "text", "codes"),
    [
        (f"{RLO}1 ổT", "1 ổT", "U+202E"),
        ("Tổ 1\u200f", "Tổ 1", "U+200F"),
        ("\u2066Tổ 1\u2069\u202a", "Tổ 1", "U+202A, U+2066, U+2069"),
    ],
)
def test_bidirectional_controls_are_refused_with_their_codes(
    value: str, text: str, codes: str
) -> None:
    assert clean_text(value) == (
        text,
        f"có ký tự điều khiển hướng chữ ẩn ({codes}) làm chữ hiển thị khác với nội dung thật — "
        "hãy gõ lại ô này",
    )


@pytest.mark.parametrize(
    "value",
    [
        "PhÆ°á»ng LÃª Há»“ng Phong",  # the byte 0x9D of «ờ» was lost on the way
        "Ã¡Â»â€¢Ã Â»",  # read twice as cp1252, then bytes lost
    ],
)
def test_mojibake_that_cannot_be_repaired_is_refused(value: str) -> None:
    assert clean_text(value) == (
        value,
        f"chữ bị lỗi mã hóa («{value}») và không sửa được — hãy lưu lại tệp dạng «CSV UTF-8» "
        "hoặc gõ lại ô này",
    )


def test_every_commune_name_survives_and_its_mojibake_is_repaired() -> None:
    registry = communes("approximate")
    names = sorted(set(registry["name"]) | set(registry["full_name"]))
    assert len(names) > 150
    for name in names:
        assert clean_text(name) == (name, None), name
        assert clean_text(mojibake(name)) == (name, None), name
        assert repaired_text(mojibake(name)) is (mojibake(name) != name)


def test_clean_cells_runs_once_per_distinct_text_and_marks_repairs() -> None:
    cells = pd.DataFrame([["Tá»• 2", "１２", ""], ["Tá»• 2", f"{RLO}3", "x"]], index=[5, 6])
    cleaned, reasons, repaired, filled = clean_cells(cells)
    assert cleaned.values.tolist() == [["Tổ 2", "12", ""], ["Tổ 2", "3", "x"]]
    assert list(cleaned.index) == [5, 6]
    assert reasons.values.tolist() == [[None, None, None], [None, BIDI_REASON, None]]
    assert repaired.tolist() == [[True, False, False], [True, False, False]]
    assert filled.tolist() == [[True, True, False], [True, True, True]]


# ------------------------------------------------------------------------- in the import
def _rows(team: str, households: str = "25") -> list[list[str]]:
    bad = list(MIDDLE)
    bad[COL["Tổ lưu động"]] = team
    bad[COL["Số hộ đã đến"]] = households
    return [HEADER, GOOD_A, bad, GOOD_B]


def test_mojibake_team_imports_as_the_existing_team_with_a_note(communes: pd.DataFrame) -> None:
    rows = [HEADER, *([mojibake(c) for c in r] for r in [GOOD_A, MIDDLE, GOOD_B])]
    result = read_visits(csv_bytes(rows), "a.csv", communes, today=TODAY)
    same = read_visits(csv_bytes([HEADER, GOOD_A, MIDDLE, GOOD_B]), "b.csv", communes, today=TODAY)
    assert problems(result) == []
    pd.testing.assert_frame_equal(result.accepted, same.accepted)
    assert result.accepted["team"].tolist() == ["Tổ 1", "Tổ 3", "Tổ 2"]
    assert result.accepted["place_name"].tolist() == [
        "Tổ dân phố 3",
        "UBND xã",
        "Trường THCS An Nội",
    ]
    # 13 cells change, «Thanh HÃ\xa0» among them: its trailing no-break space is kept until the
    # repair, which makes it «Thanh Hà» again.
    changed = sum(mojibake(c) != c for r in [GOOD_A, MIDDLE, GOOD_B] for c in r)
    assert changed == 13
    assert result.notes == [
        f"{changed} ô đã được sửa lỗi mã hóa (chữ UTF-8 bị đọc sai bảng mã), ví dụ "
        "«Tá»• 1» thành «Tổ 1»."
    ]


def test_mojibake_file_adds_no_team_to_the_store(tmp_path, communes: pd.DataFrame) -> None:
    store = Store(f"sqlite:///{tmp_path / 'a.db'}")
    try:
        clean = csv_bytes([HEADER, GOOD_A, GOOD_B])
        store.import_result(read_visits(clean, "a.csv", communes, today=TODAY), clean, "an")
        before = store.teams()["name"].tolist()
        bad = [list(GOOD_A), list(GOOD_B)]
        for row in bad:
            row[COL["Tổ lưu động"]] = mojibake(row[COL["Tổ lưu động"]])
            row[COL["Ngày"]] = "20/03/2023"
        raw = csv_bytes([HEADER, *bad])
        outcome = store.import_result(read_visits(raw, "b.csv", communes, today=TODAY), raw, "an")
        assert outcome.rows_ok == 2
        assert sorted(before) == ["Tổ 1", "Tổ 2"]
        assert store.teams()["name"].tolist() == before
    finally:
        store.close()


def test_right_to_left_override_rejects_the_row(communes: pd.DataFrame) -> None:
    result = read_visits(csv_bytes(_rows(f"{RLO}1 ổT")), "a.csv", communes, today=TODAY)
    assert problems(result) == [(3, "Tổ lưu động", f"Dòng 3, cột «Tổ lưu động»: {BIDI_REASON}.")]
    assert result.rejected["value"].tolist() == ["1 ổT"]
    assert result.accepted["source_row"].tolist() == [2, 4]


def test_zero_width_joiner_team_is_the_same_team(communes: pd.DataFrame) -> None:
    result = read_visits(csv_bytes(_rows(f"Tổ{ZWJ} 1")), "a.csv", communes, today=TODAY)
    assert problems(result) == []
    assert result.accepted["team"].tolist() == ["Tổ 1", "Tổ 1", "Tổ 2"]
    assert result.notes == []


def test_full_width_digits_count(communes: pd.DataFrame) -> None:
    result = read_visits(csv_bytes(_rows("Tổ ３", "１２")), "a.csv", communes, today=TODAY)
    assert problems(result) == []
    assert result.accepted["households"].tolist() == [25, 12, 0]
    assert result.accepted["team"].tolist() == ["Tổ 1", "Tổ 3", "Tổ 2"]


def test_bidi_control_in_an_ignored_column_rejects_nothing(communes: pd.DataFrame) -> None:
    rows = [[*HEADER, "Người nhập"], [*GOOD_A, f"{RLO}Lan"], [*GOOD_B, "Hùng"]]
    result = read_visits(csv_bytes(rows), "a.csv", communes, today=TODAY)
    assert problems(result) == []
    assert result.rows_ok == 2


def test_header_with_invisible_characters_is_recognised(communes: pd.DataFrame) -> None:
    header = [f"\u200b{h}" if i % 2 else mojibake(h) for i, h in enumerate(HEADER)]
    result = read_visits(csv_bytes([header, GOOD_A, GOOD_B]), "a.csv", communes, today=TODAY)
    assert problems(result) == [] and result.file_errors == []
    assert result.accepted["team"].tolist() == ["Tổ 1", "Tổ 2"]


# ------------------------------------------------------------------------------ property
_ALPHABET = st.sampled_from(
    [*"aTổ 1đƯ\u0302\u0309", *ZERO_WIDTH, *BIDI_CONTROLS, *"１Ｔ｡Ã»•â€\u00a0\u009d™Æ°"]
)
_FORBIDDEN = ZERO_WIDTH | BIDI_CONTROLS


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(_ALPHABET, max_size=20), st.text(max_size=20)))
def test_clean_text_is_idempotent_and_removes_the_invisible(value: str) -> None:
    text, _reason = clean_text(value)
    assert clean_text(text)[0] == text
    assert not _FORBIDDEN & set(text)
    assert not any("\uff00" <= ch <= "\uffef" and ch != unicodedata.normalize("NFKC", ch)
                   for ch in text)  # fmt: skip
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Thôn HÃ\xa0", "Thôn Hà"),  # «à» read as Windows-1252 ends in a no-break space
        ("\xa0Thôn 4\xa0", "Thôn 4"),  # a plain no-break space is still stripped
        ("Hà\u00a0Nam", "Hà\u00a0Nam"),  # inside the text it is kept
    ],
)
def test_a_no_break_space_is_stripped_only_after_mojibake_is_repaired(
    communes: pd.DataFrame, cell: str, expected: str
) -> None:
    row = list(GOOD_A)
    row[COL["Tên địa điểm"]] = cell
    result = read_visits(csv_bytes([HEADER, row]), "a.csv", communes, today=TODAY)
    assert result.accepted["place_name"].tolist() == [expected]
