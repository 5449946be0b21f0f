"""ui.widgets: date fields, grids formatted on the server, the file uploader's texts.

The dates they read are tested in ``tests/test_dates.py``; the widgets
run in ``AppTest.from_function`` scripts, whose language comes from the session as in the app.
"""

from __future__ import annotations

import datetime as dt
import doctest

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

import ui.widgets
from geo.i18n import language
from ui.widgets import MISSING, format_size, integer_columns, localized

LANGS = ("vi", "en")


def test_the_examples_in_the_docstrings_run():
    result = doctest.testmod(ui.widgets, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10
    assert result.failed == 0


# --- localized, table ---------------------------------------------------------------------------

FRAME = pd.DataFrame(
    {
        "eligible": [18225, 3, 1923],
        "coverage": [0.3831, 0.5, None],
        "hours": [2.25, 1.0, None],
        "team": ["Tổ 1", None, "Tổ 3"],
        "day": pd.to_datetime(["2023-02-13", None, "2023-03-14"]),
    }
)


def _shown(styler, row: int) -> list[str]:
    frame = styler.data
    return [styler._display_funcs[(row, c)](v) for c, v in enumerate(frame.iloc[row])]


@pytest.mark.parametrize(
    ("lang", "first", "second"),
    [
        ("vi", ["18.225", "38,3 %", "2,25", "Tổ 1", "13/02/2023"],
         ["3", "50,0 %", "1", MISSING, MISSING]),
        ("en", ["18,225", "38.3%", "2.25", "Tổ 1", "13/02/2023"],
         ["3", "50.0%", "1", MISSING, MISSING]),
    ],
)  # fmt: skip
def test_localized_formats_every_column_in_the_language(lang, first, second):
    styled = localized(FRAME, percents=["coverage"])
    with language(lang):
        assert _shown(styled, 0) == first
        assert _shown(styled, 1) == second
    assert styled.data is FRAME  # the values themselves are untouched (numeric sort)


def test_localized_named_columns_win_over_the_type():
    styled = localized(FRAME, integers=["hours"], decimals={"eligible": 1})
    assert _shown(styled, 0)[:3] == ["18.225,0", "0,38", "2"]


def test_integer_columns_are_the_whole_numbers():
    assert integer_columns(FRAME) == ["eligible"]
    assert integer_columns(pd.DataFrame({"b": [True], "n": pd.array([1], "Int64")})) == ["n"]


@pytest.mark.parametrize(
    ("n_bytes", "vi", "en"),
    [(0, "0 B", "0 B"), (1023, "1.023 B", "1,023 B"), (4300, "4,2 KB", "4.2 KB"),
     (1_572_864, "1,5 MB", "1.5 MB"), (200 * 1024 * 1024, "200,0 MB", "200.0 MB")],
)  # fmt: skip
def test_format_size(n_bytes, vi, en):
    assert format_size(n_bytes) == vi
    with language("en"):
        assert format_size(n_bytes) == en


def _grid_app():
    import pandas as pd
    import streamlit as st

    from geo.i18n import set_language
    from ui.widgets import count_table

    set_language(st.session_state.get("lang", "vi"))
    frame = pd.DataFrame({"n": [18225, 3], "p": [0.5, None], "t": ["Tổ 1", None]})
    count_table(frame, key="grid")
    count_table(frame.iloc[:0], key="empty")


def _display_values(element) -> pd.DataFrame:
    raw = element.proto.arrow_data.styler.display_values
    return pa.ipc.open_stream(raw).read_all().to_pandas()


@pytest.mark.parametrize(
    ("lang", "shown", "empty"),
    [("vi", ["18.225", "3"], "Không có dòng nào."), ("en", ["18,225", "3"], "No rows.")],
)
def test_the_grid_gets_server_side_texts_and_keeps_its_numbers(lang, shown, empty):
    at = AppTest.from_function(_grid_app)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    [grid] = at.dataframe  # the empty table is a sentence, not an «empty» grid
    assert grid.value["n"].tolist() == [18225, 3]  # sorted by number in the browser
    assert _display_values(grid)["n"].tolist() == shown
    assert _display_values(grid)["t"].tolist() == ["Tổ 1", MISSING]
    assert grid.proto.placeholder == MISSING  # not Streamlit's «None»
    assert [c.value for c in at.caption] == [empty]


# --- date_field, date_range_field ----------------------------------------------------------------


def _dates_app():
    import datetime as dt

    import streamlit as st

    from geo.i18n import set_language
    from ui.widgets import date_field, date_range_field

    set_language(st.session_state.get("lang", "vi"))
    low, high = dt.date(2022, 1, 1), dt.date(2023, 5, 31)
    day = date_field("Ngày", dt.date(2023, 3, 14), key="day", min_value=low, max_value=high)
    start, end = date_range_field(
        "Kỳ", (dt.date(2023, 2, 13), dt.date(2023, 5, 31)), key="period", min_value=low
    )
    st.write(f"day={day.isoformat()} start={start.isoformat()} end={end.isoformat()}")


def _dates(lang: str = "vi", **state) -> AppTest:
    at = AppTest.from_function(_dates_app)
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def _result(at) -> str:
    return at.markdown[-1].value


def test_the_date_fields_start_from_their_values():
    at = _dates()
    assert not at.exception
    assert at.text_input(key="day").value == "14/03/2023"
    assert at.text_input(key="period").value == "13/02/2023 – 31/05/2023"
    assert _result(at) == "day=2023-03-14 start=2023-02-13 end=2023-05-31"
    assert at.text_input(key="day").placeholder == "14/03/2023"
    assert len(at.get("date_input")) == 0  # no English calendar


@pytest.mark.parametrize(
    ("lang", "help_day", "help_period"),
    [
        ("vi", "Gõ ngày dạng ngày/tháng/năm, ví dụ 14/03/2023.",
         "Gõ ngày đầu và ngày cuối dạng ngày/tháng/năm, ví dụ 13/02/2023 – 14/03/2023."),
        ("en", "Type the date as day/month/year, e.g. 14/03/2023.",
         "Type the first and the last day as day/month/year, e.g. 13/02/2023 – 14/03/2023."),
    ],
)  # fmt: skip
def test_the_date_fields_explain_themselves(lang, help_day, help_period):
    at = _dates(lang)
    assert at.text_input(key="day").help == help_day
    assert at.text_input(key="period").help == help_period


def test_dates_seeded_by_a_test_or_a_link_become_text():
    at = _dates(day=dt.date(2023, 1, 2), period=(dt.date(2023, 3, 1), dt.date(2023, 3, 14)))
    assert at.text_input(key="day").value == "02/01/2023"
    assert at.text_input(key="period").value == "01/03/2023 – 14/03/2023"
    assert _result(at) == "day=2023-01-02 start=2023-03-01 end=2023-03-14"


def test_a_date_typed_short_is_written_back_in_full():
    at = _dates()
    at = at.text_input(key="day").input("2/1/23").run()
    at = at.text_input(key="period").input("14/3/23-1/3/23").run()
    assert not at.exception
    assert at.text_input(key="day").value == "02/01/2023"
    assert at.text_input(key="period").value == "01/03/2023 – 14/03/2023"
    assert _result(at) == "day=2023-01-02 start=2023-03-01 end=2023-03-14"
    assert len(at.error) == 0


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        ("vi", "Ngày 01/06/2023 nằm ngoài khoảng cho phép: từ 01/01/2022 đến 31/05/2023."),
        ("en", "01/06/2023 is outside the allowed range: 01/01/2022 to 31/05/2023."),
    ],
)
def test_a_bad_date_keeps_the_last_good_one_and_says_why(lang, reason):
    at = _dates(lang)
    at = at.text_input(key="day").input("1/3/2023").run()
    assert _result(at).startswith("day=2023-03-01 ")
    at = at.text_input(key="day").input("01/06/2023").run()
    assert not at.exception
    assert [e.value for e in at.error] == [reason]
    assert at.text_input(key="day").value == "01/06/2023"  # left for the user to correct
    assert _result(at).startswith("day=2023-03-01 ")  # the last good day
    at = at.text_input(key="day").input("31/05/2023").run()
    assert len(at.error) == 0
    assert _result(at).startswith("day=2023-05-31 ")


def test_a_bad_period_keeps_the_last_good_one():
    at = _dates("en")
    at = at.text_input(key="period").input("sometime").run()
    assert [e.value for e in at.error] == [
        "«sometime» is not a period: enter two days as 13/02/2023 – 14/03/2023."
    ]
    assert _result(at).endswith("start=2023-02-13 end=2023-05-31")


def test_switching_the_language_keeps_the_dates():
    at = _dates("vi")
    at = at.text_input(key="day").input("1/3/2023").run()
    at.session_state["lang"] = "en"
    at = at.run()
    assert at.text_input(key="day").value == "01/03/2023"
    assert at.text_input(key="day").help == "Type the date as day/month/year, e.g. 14/03/2023."


# --- file_field -----------------------------------------------------------------------------------


def _upload_app():
    import streamlit as st

    from geo.i18n import set_language
    from ui.widgets import file_field

    set_language(st.session_state.get("lang", "vi"))
    upload = file_field("Tệp", ["csv", "xlsx"], key="data_upload")
    st.write("none" if upload is None else upload.name)


def _styles(at) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


@pytest.mark.parametrize(
    ("lang", "instructions", "size"),
    [
        ("vi", '"CSV, XLSX · tối đa 200 MB mỗi tệp"', '"4,2 KB"'),
        ("en", '"CSV, XLSX · at most 200 MB per file"', '"4.2 KB"'),
    ],
)
def test_the_uploader_texts_come_from_the_app(lang, instructions, size):
    at = AppTest.from_function(_upload_app)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    scope = ".st-key-data_upload "
    box = '[data-testid="stFileUploaderDropzoneInstructions"] > div::after'
    assert f"{scope}{box} {{content: {instructions}}}" in _styles(at)
    assert "stFileChipName" not in _styles(at)  # no file yet, no size

    at = at.file_uploader(key="data_upload").upload("tổ_1.csv", b"x" * 4300, "text/csv").run()
    assert not at.exception
    assert at.markdown[-1].value == "tổ_1.csv"
    chip = 'div:has(> [data-testid="stFileChipName"])::after'
    assert f"{scope}{chip} {{content: {size}}}" in _styles(at)
