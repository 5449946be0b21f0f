"""Property test: a random visit table, saved in every format and encoding, reads back exactly.

Hypothesis generates tables of valid visits (dates in 2023, teams «Tổ 1»..«Tổ 9», commune codes of
the approximate registry, the template's Vietnamese place types, counts with registered ≥
activated, place names and notes with Vietnamese diacritics, empty optional cells) mixed with
invalid rows (an unknown commune code, an impossible date, more accounts activated than
registered). Each table is written as CSV in UTF-8, UTF-8 with a BOM, CRLF, with ``;``, as tab
separated UTF-16 (Excel "Unicode text"), Windows-1258 (when the text encodes) and XLSX; every
file must give: each valid row accepted with exactly its values, each invalid row rejected with a
reason, no row both or neither, and the same accepted table whatever the format.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
from datetime import date, datetime, time

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.ingest import FILE_HEADERS, PLACE_TYPE_LABELS, PLACE_TYPES, VISIT_COLUMNS, read_visits
from geo.places.registry import communes
from tests.ingest.helpers import TODAY, cp1258

REGISTRY = communes("approximate")
CODES = sorted(REGISTRY["code"])
HEADER = [FILE_HEADERS["visits"][key] for key in VISIT_COLUMNS]
COUNTS = ["households", "people_guided", "registered", "activated", "services_used"]
#: Letters of Vietnamese words (lower and upper case, every tone), digits and a few signs.
LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
ALPHABET = LETTERS + LETTERS.upper() + "0123456789 .,/-()"


def _words(max_size: int) -> st.SearchStrategy[str]:
    """Text as a person types it: no leading sign, single spaces, never empty."""
    raw = st.text(alphabet=ALPHABET, min_size=1, max_size=max_size)
    return raw.map(lambda s: " ".join(s.split())).filter(
        lambda s: bool(s) and s[0] in LETTERS + LETTERS.upper()
    )


@st.composite
def valid_rows(draw: st.DrawFn) -> dict[str, object]:
    """One valid visit, as the typed values the import must give back."""
    times: tuple[str | None, str | None] = (None, None)
    if draw(st.booleans()):
        start = draw(st.integers(6 * 60, 21 * 60))
        end = start + draw(st.integers(1, 2 * 60))
        times = (f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}")
    registered = draw(st.none() | st.integers(0, 3000))
    activated = draw(st.none() | st.integers(0, 3000 if registered is None else registered))
    point = draw(
        st.none()
        | st.tuples(st.integers(2_031_000, 2_074_000), st.integers(10_571_000, 10_624_000))
    )
    return {
        "date": pd.Timestamp(draw(st.dates(date(2023, 1, 1), date(2023, 12, 31)))),
        "team": f"Tổ {draw(st.integers(1, 9))}",
        "code": draw(st.sampled_from(CODES)),
        "place_type": draw(st.sampled_from(PLACE_TYPES)),
        "place_name": draw(st.none() | _words(40)),
        "start": times[0],
        "end": times[1],
        "households": draw(st.none() | st.integers(0, 200)),
        "people_guided": draw(st.none() | st.integers(0, 5000)),
        "registered": registered,
        "activated": activated,
        "services_used": draw(st.none() | st.integers(0, 500)),
        "lat": math.nan if point is None else point[0] / 100_000,
        "lon": math.nan if point is None else point[1] / 100_000,
        "note": draw(st.none() | _words(60)),
    }


@st.composite
def invalid_rows(draw: st.DrawFn) -> dict[str, object]:
    """A visit with one thing wrong (the value written in the file stands in the row)."""
    row = draw(valid_rows())
    fault = draw(st.sampled_from(["code", "date", "activated"]))
    if fault == "code":
        row["code"] = draw(st.sampled_from(["99999", "00000", "13999"]))
    elif fault == "date":
        row["date"] = draw(st.sampled_from(["31/02/2023", "2023-13-01", "00/01/2023", "hôm qua"]))
    else:
        registered = draw(st.integers(0, 100))
        row["registered"] = registered
        row["activated"] = registered + draw(st.integers(1, 50))
    return row


def _key(row: dict[str, object]) -> tuple[object, ...]:
    return tuple("nan" if isinstance(v, float) and math.isnan(v) else v for v in row.values())


tables = st.tuples(
    st.lists(valid_rows(), min_size=1, max_size=40, unique_by=_key),
    st.lists(invalid_rows(), max_size=6),
    st.randoms(use_true_random=False),
)


# ---------------------------------------------------------------------------------- the writers


def _text_cell(key: str, value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d/%m/%Y")
    if key == "place_type":
        return PLACE_TYPE_LABELS[str(value)]
    return str(value)


def _excel_cell(key: str, value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return datetime(value.year, value.month, value.day)
    if key in ("start", "end"):
        hours, minutes = str(value).split(":")
        return time(int(hours), int(minutes))
    if key == "place_type":
        return PLACE_TYPE_LABELS[str(value)]
    return value


def _csv(rows: list[dict[str, object]], sep: str, newline: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator=newline)
    writer.writerow(HEADER)
    writer.writerows([[_text_cell(k, row[k]) for k in VISIT_COLUMNS] for row in rows])
    return buffer.getvalue()


def _xlsx(rows: list[dict[str, object]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    sheet = book.create_sheet()
    sheet.title = "Lượt làm việc"
    sheet.append(HEADER)
    for row in rows:
        sheet.append([_excel_cell(k, row[k]) for k in VISIT_COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _files(rows: list[dict[str, object]]) -> dict[str, tuple[str, bytes]]:
    """Every supported way to save the table: format -> (file name, bytes)."""
    files = {
        "utf-8": ("luot.csv", _csv(rows, ",", "\n").encode()),
        "utf-8 BOM": ("luot.csv", ("\ufeff" + _csv(rows, ",", "\n")).encode()),
        "CRLF": ("luot.csv", _csv(rows, ",", "\r\n").encode()),
        "semicolon": ("luot.csv", _csv(rows, ";", "\r\n").encode()),
        "UTF-16 tab": ("luot.txt", _csv(rows, "\t", "\r\n").encode("utf-16")),
        "xlsx": ("luot.xlsx", _xlsx(rows)),
    }
    with contextlib.suppress(UnicodeEncodeError):  # only when the text encodes
        files["windows-1258"] = ("luot.csv", cp1258(_csv(rows, ",", "\r\n")))
    return files


# ------------------------------------------------------------------------------------ the test


def _expected(rows: list[dict[str, object]], source_rows: list[int]) -> pd.DataFrame:
    """The accepted table the valid rows must give, in the contract's dtypes."""
    frame = pd.DataFrame(rows, columns=VISIT_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    for col in COUNTS:
        frame[col] = frame[col].astype("Int64")
    for col in ("lat", "lon"):
        frame[col] = frame[col].astype("float64")
    for col in ("team", "code", "place_type", "place_name", "start", "end", "note"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    frame["source_row"] = pd.Series(source_rows, dtype="int64")
    return frame


@settings(
    max_examples=8,  # 7 reads of 0.1-0.2 s each per example: 5-10 s, under load too
    deadline=None,
    database=None,  # no example database written into the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(tables)
def test_every_row_is_stored_exactly_or_rejected_with_a_reason(table):
    valid, invalid, rnd = table
    rows = [("ok", r) for r in valid] + [("bad", r) for r in invalid]
    rnd.shuffle(rows)
    good_rows = [i + 2 for i, (kind, _r) in enumerate(rows) if kind == "ok"]
    bad_rows = [i + 2 for i, (kind, _r) in enumerate(rows) if kind == "bad"]
    expected = _expected([r for kind, r in rows if kind == "ok"], good_rows)

    first: pd.DataFrame | None = None
    for fmt, (name, raw) in _files([r for _kind, r in rows]).items():
        result = read_visits(raw, name, REGISTRY, today=TODAY)
        assert result.file_errors == [], fmt
        accepted = set(result.accepted["source_row"])
        rejected = set(result.rejected["source_row"])
        assert not accepted & rejected, fmt  # never both
        assert accepted | rejected == set(good_rows) | set(bad_rows), fmt  # never neither
        assert rejected == set(bad_rows), (fmt, result.rejected.to_dict("records"))
        assert (result.rejected["reason"].str.len() > 0).all(), fmt
        got = result.accepted[[*VISIT_COLUMNS, "source_row"]].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expected, obj=fmt)
        if first is None:
            first = got
        else:
            pd.testing.assert_frame_equal(got, first, obj=fmt)


@pytest.mark.parametrize("fmt", ["utf-8", "UTF-16 tab", "windows-1258", "xlsx"])
def test_one_table_in_each_format(fmt):
    # the example Hypothesis starts from, spelled out: one row of each kind
    row = {
        "date": pd.Timestamp("2023-03-14"), "team": "Tổ 1", "code": "13291",
        "place_type": "household", "place_name": "Xóm Đông, ngõ 3", "start": "18:00",
        "end": "21:30", "households": 25, "people_guided": 40, "registered": 18, "activated": 15,
        "services_used": None, "lat": 20.537, "lon": 105.918, "note": "Ông Nguyễn Văn Ẩn",
    }  # fmt: skip
    bad = {**row, "code": "99999"}
    name, raw = _files([row, bad])[fmt]
    result = read_visits(raw, name, REGISTRY, today=TODAY)
    pd.testing.assert_frame_equal(result.accepted, _expected([row], [2]))
    assert result.rejected[["source_row", "column"]].values.tolist() == [[3, "Mã xã"]]
