"""Dates out of a plausible range or of what pandas holds, and impossible times: row rejected."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from geo.ingest import read_visits
from geo.ingest.parse import parse_date, parse_time
from tests.ingest.helpers import (
    T_GOOD_A,
    TODAY,
    assert_row_3_rejected,
    assert_target_row_3_rejected,
    csv_bytes,
    ok,
    problems,
    with_bad,
    xlsx_bytes,
)

EARLY = "Dòng 3, cột «Ngày»: ngày {date} trước 01/01/2020 — kiểm tra lại năm."
LATE = "Dòng 3, cột «Ngày»: ngày {date} sau hôm nay (30/06/2024) — chỉ nhập kết quả đã có."
BAD_TIME_IN_DATE = (
    "Dòng 3, cột «Ngày»: giờ trong ô ngày «{value}» không hợp lệ — giờ từ 00:00 đến 23:59."
)
BAD_TIME = "Dòng 3, cột «{column}»: giờ «{value}» không hợp lệ — giờ từ 00:00 đến 23:59."

# (id, change to the middle row, [(column, reason)] expected for row 3)
ROW_CASES: list[tuple[str, dict[str, str], list[tuple[str, str]]]] = [
    # before pandas' first day (1677-09-21): shown as written, never OutOfBoundsDatetime
    ("year-1600", {"Ngày": "01/01/1600"}, [("Ngày", EARLY.format(date="«01/01/1600»"))]),
    ("year-1", {"Ngày": "0001-01-01"}, [("Ngày", EARLY.format(date="«0001-01-01»"))]),
    # after pandas' last day (2262-04-11)
    ("year-9999", {"Ngày": "9999-12-31"}, [("Ngày", LATE.format(date="«9999-12-31»"))]),
    ("end-of-2262", {"Ngày": "31/12/2262"}, [("Ngày", LATE.format(date="«31/12/2262»"))]),
    # within pandas' range but not plausible
    ("year-2000", {"Ngày": "01/01/2000"}, [("Ngày", EARLY.format(date="01/01/2000"))]),
    ("tomorrow", {"Ngày": "01/07/2024"}, [("Ngày", LATE.format(date="01/07/2024"))]),
    ("next-century", {"Ngày": "2124-06-30"}, [("Ngày", LATE.format(date="30/06/2124"))]),
    # a time after the date that no clock shows
    (
        "date-with-25:99",
        {"Ngày": "14/03/2023 25:99"},
        [("Ngày", BAD_TIME_IN_DATE.format(value="14/03/2023 25:99"))],
    ),
    (
        "iso-date-with-24:01",
        {"Ngày": "2023-03-14T24:01"},
        [("Ngày", BAD_TIME_IN_DATE.format(value="2023-03-14T24:01"))],
    ),
    (
        "date-with-minute-60",
        {"Ngày": "14/03/2023 23:60"},
        [("Ngày", BAD_TIME_IN_DATE.format(value="14/03/2023 23:60"))],
    ),
    (
        "date-with-second-60",
        {"Ngày": "14/03/2023 12:00:60"},
        [("Ngày", BAD_TIME_IN_DATE.format(value="14/03/2023 12:00:60"))],
    ),
    # impossible times of day
    (
        "start-25:99",
        {"Giờ bắt đầu": "25:99"},
        [("Giờ bắt đầu", BAD_TIME.format(column="Giờ bắt đầu", value="25:99"))],
    ),
    (
        "start-24:01",
        {"Giờ bắt đầu": "24:01"},
        [("Giờ bắt đầu", BAD_TIME.format(column="Giờ bắt đầu", value="24:01"))],
    ),
    (
        "end-24:00",
        {"Giờ kết thúc": "24:00"},
        [("Giờ kết thúc", BAD_TIME.format(column="Giờ kết thúc", value="24:00"))],
    ),
    (
        "end-23:60",
        {"Giờ kết thúc": "23:60"},
        [("Giờ kết thúc", BAD_TIME.format(column="Giờ kết thúc", value="23:60"))],
    ),
]


@pytest.mark.parametrize(
    ("change", "expected"),
    [case[1:] for case in ROW_CASES],
    ids=[case[0] for case in ROW_CASES],
)
def test_row_rejected_others_kept(
    communes: pd.DataFrame, change: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    assert_row_3_rejected(communes, change, expected)


@pytest.mark.parametrize(
    "value", ["14/03/2023 23:59:59", "2023-03-14 00:00:00", "2023-03-14T18:30", "14/03/2023 0:00"]
)
def test_valid_time_after_date_ignored(communes: pd.DataFrame, value: str) -> None:
    result = read_visits(csv_bytes(with_bad({"Ngày": value})), "a.csv", communes, today=TODAY)
    ok(result, [2, 3, 4], ["13291", "90001", "13540"])
    assert result.accepted["date"].iloc[1] == pd.Timestamp("2023-03-14")


def test_several_out_of_range_dates_in_one_file(communes: pd.DataFrame) -> None:
    rows = with_bad({"Ngày": "01/01/1600"})
    rows.insert(3, list(rows[3]))
    rows[3][0] = "9999-12-31"
    rows.append(list(rows[1]))  # row 6: a repeat of row 2 but on another date
    rows[5][0] = "17/03/2023"
    result = read_visits(csv_bytes(rows), "a.csv", communes, today=TODAY)
    assert result.file_errors == []
    assert problems(result) == [
        (3, "Ngày", EARLY.format(date="«01/01/1600»")),
        (4, "Ngày", LATE.format(date="«9999-12-31»").replace("Dòng 3", "Dòng 4")),
    ]
    assert result.accepted["source_row"].tolist() == [2, 5, 6]
    assert result.accepted["date"].dt.strftime("%d/%m/%Y").tolist() == [
        "14/03/2023",
        "15/03/2023",
        "17/03/2023",
    ]


def test_out_of_range_date_cell_in_xlsx(communes: pd.DataFrame) -> None:
    rows: list[list[object]] = [list(r) for r in with_bad({})]
    rows[2][0] = datetime(9999, 12, 31)
    result = read_visits(xlsx_bytes({"Lượt làm việc": rows}), "a.xlsx", communes, today=TODAY)
    assert result.file_errors == []
    assert problems(result) == [(3, "Ngày", LATE.format(date="«9999-12-31»"))]
    assert result.accepted["source_row"].tolist() == [2, 4]


def test_targets_as_of_year_9999(communes: pd.DataFrame) -> None:
    bad = list(T_GOOD_A)
    bad[0], bad[1], bad[2] = "", "Thanh Hà", "9999-12-31"
    assert_target_row_3_rejected(
        communes,
        bad,
        [
            (
                3,
                "Tính đến ngày",
                "Dòng 3, cột «Tính đến ngày»: ngày «9999-12-31» sau hôm nay (30/06/2024) — chỉ "
                "nhập kết quả đã có.",
            )
        ],
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("14/03/2023 25:99", None),
        ("14/03/2023 23:59", "2023-03-14"),
        ("9999-12-31", "9999-12-31"),  # parsed; the range check rejects it
        ("01/01/1600", "1600-01-01"),
    ],
)
def test_parse_date(value: str, expected: str | None) -> None:
    day, detail = parse_date(value)
    assert (day.isoformat() if isinstance(day, date) else None) == expected
    assert (detail is None) == (expected is not None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("25:99", None), ("24:01", None), ("24:00", None), ("23:59", "23:59"), ("0:00", "00:00")],
)
def test_parse_time(value: str, expected: str | None) -> None:
    time, detail = parse_time(value)
    assert time == expected
    assert (detail is None) == (expected is not None)
