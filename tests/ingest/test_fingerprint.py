"""Row fingerprints (geo.ingest.fingerprint): equal for the same row, different otherwise."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from geo.i18n import language
from geo.ingest import read_targets, read_visits
from geo.ingest.fingerprint import FINGERPRINT_COLUMNS, canonical_texts, fingerprints
from tests.ingest.helpers import (
    GOOD_A,
    GOOD_B,
    HEADER,
    T_GOOD_A,
    T_GOOD_B,
    T_HEADER,
    TODAY,
    csv_bytes,
    xlsx_bytes,
)

_VISIT = {
    "date": pd.Timestamp("2023-03-14"),
    "team": "Tổ 1",
    "code": "13291",
    "place_type": "household",
    "place_name": "Tổ dân phố 3",
    "start": "18:00",
    "end": "21:30",
    "households": 25,
    "people_guided": 40,
    "registered": 18,
    "activated": 15,
    "services_used": 6,
}


def _one(**change) -> str:
    return fingerprints(pd.DataFrame([{**_VISIT, **change}]), "visits").iloc[0]


def test_the_canonical_text_of_a_visit():
    text = canonical_texts(pd.DataFrame([{**_VISIT, "services_used": None}]), "visits")
    assert text == [
        "d2023-03-14|s4:Tổ 1|s5:13291|s9:household|s12:Tổ dân phố 3|s5:18:00|s5:21:30|"
        "i25|i40|i18|i15|~"
    ]


def test_a_fingerprint_is_32_hex_digits_on_the_frames_index():
    fp = fingerprints(pd.DataFrame([_VISIT, _VISIT], index=[7, 9]), "visits")
    assert fp.index.tolist() == [7, 9] and fp.iloc[0] == fp.iloc[1]
    assert len(fp.iloc[0]) == 32 and int(fp.iloc[0], 16) >= 0


@pytest.mark.parametrize(
    "change",
    [
        {"date": pd.Timestamp("2023-03-15")},
        {"team": "Tổ 2"},
        {"team": "Tổ 1 "},  # text as it is: the reader has cleaned it already
        {"code": "13540"},
        {"place_type": "school"},
        {"place_name": None},
        {"place_name": ""},
        {"start": "18:01"},
        {"end": None},
        {"households": 26},
        {"activated": None},
        {"activated": 0},
        {"services_used": None},
        {"services_used": 0},
    ],
    ids=repr,
)
def test_any_change_in_a_fingerprint_column_changes_it(change):
    assert _one(**change) != _one()


def test_missing_empty_and_zero_are_three_values():
    assert len({_one(place_name=None), _one(place_name=""), _one(place_name="0")}) == 3
    assert len({_one(activated=None), _one(activated=0)}) == 2


def test_a_text_cannot_imitate_the_separator():
    a = _one(place_name="a|s1:b", start="c")
    b = _one(place_name="a", start="b|s1:c")
    assert a != b


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("date", [pd.Timestamp("2023-03-14"), "2023-03-14", dt.date(2023, 3, 14),
                  dt.datetime(2023, 3, 14, 0, 0)]),
        ("activated", [15, 15.0, np.int64(15), "15"]),
        ("services_used", [None, np.nan, pd.NA]),
    ],
)  # fmt: skip
def test_the_same_value_in_any_form_gives_the_same_fingerprint(column, values):
    assert len({_one(**{column: v}) for v in values}) == 1


def test_columns_outside_the_fingerprint_are_ignored():
    plain = fingerprints(pd.DataFrame([_VISIT]), "visits").iloc[0]
    more = pd.DataFrame([{**_VISIT, "lat": 20.5, "lon": 105.9, "note": "x", "source_row": 9}])
    assert fingerprints(more, "visits").iloc[0] == plain


def test_the_same_file_as_csv_and_xlsx_gives_the_same_fingerprints(communes):
    rows = [HEADER, GOOD_A, GOOD_B]
    csv = read_visits(csv_bytes(rows, sep=";"), "a.csv", communes, today=TODAY)
    xlsx = read_visits(xlsx_bytes({"Lượt": rows}), "a.xlsx", communes, today=TODAY)
    assert csv.rows_ok == xlsx.rows_ok == 2
    assert fingerprints(csv.accepted, "visits").tolist() == (
        fingerprints(xlsx.accepted, "visits").tolist()
    )


def test_targets(communes):
    result = read_targets(csv_bytes([T_HEADER, T_GOOD_A, T_GOOD_B]), "t.csv", communes, today=TODAY)
    texts = canonical_texts(result.accepted, "targets")
    assert texts == [
        "s5:13291|d2023-05-31|i20605|i15800|i12000|i10150",
        "s5:13540|d2023-05-31|i8150|i6100|i5000|~",
    ]
    assert FINGERPRINT_COLUMNS["targets"] == [
        "code", "as_of", "population", "eligible", "quota", "activated_baseline",
    ]  # fmt: skip


def test_an_empty_frame_has_no_fingerprint():
    empty = pd.DataFrame({c: [] for c in FINGERPRINT_COLUMNS["visits"]})
    assert fingerprints(empty, "visits").tolist() == []


@pytest.mark.parametrize(
    ("frame", "kind", "vi", "en"),
    [
        (pd.DataFrame([_VISIT]), "plans", "Loại dữ liệu không hợp lệ: 'plans'",
         "Invalid kind of data: 'plans'"),
        (pd.DataFrame([_VISIT]).drop(columns=["team", "end"]), "visits",
         "Thiếu cột để nhận biết dòng trùng: team, end.",
         "Columns missing to recognise duplicate rows: team, end."),
    ],
)  # fmt: skip
def test_bad_input_is_refused(frame, kind, vi, en):
    with pytest.raises(ValueError) as raised:
        fingerprints(frame, kind)
    assert str(raised.value) == vi
    with language("en"), pytest.raises(ValueError) as raised:
        fingerprints(frame, kind)
    assert str(raised.value) == en


def test_a_hundred_thousand_rows_are_fast():
    import time

    n = 100_000
    frame = pd.DataFrame({c: [v] * n for c, v in _VISIT.items()})
    frame["place_name"] = [f"Tổ dân phố {i}" for i in range(n)]
    frame["activated"] = pd.array(np.arange(n), dtype="Int64")
    start = time.perf_counter()
    fp = fingerprints(frame, "visits")
    assert time.perf_counter() - start < 3.0
    assert fp.nunique() == n
