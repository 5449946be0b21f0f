import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from geo.i18n import language
from geo.metrics.detail import (
    GAP_HEADERS,
    data_period,
    gap_display,
    gap_headers,
    gap_rows,
    gap_table,
    gap_table_xlsx,
    last_visits,
    visits_by,
)


@pytest.fixture
def metrics():
    return pd.DataFrame(
        {
            "code": ["13291", "13294", "13540", "13285"],
            "full_name": ["Phường Lê Hồng Phong", "Phường Châu Cầu", "Xã An Nội", "=Phường X"],
            "district_name": ["Thành phố Phủ Lý"] * 2 + ["Huyện Bình Lục", "Thành phố Phủ Lý"],
            "eligible": pd.array([1000, None, 800, 500], dtype="Int64"),
            "activated": pd.array([850, None, 240, 200], dtype="Int64"),
            "coverage": [0.85, float("nan"), 0.30, 0.40],
            "gap": pd.array([150, None, 560, 300], dtype="Int64"),
        }
    )


@pytest.fixture
def visits():
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-03-01", "2023-03-05", "2023-03-05", "2023-02-20"]),
            "team": ["Tổ 1", "Tổ 2", "Tổ 1", "Tổ 2"],
            "place_type": ["household", "school", "household", "agency"],
            "place_name": ["Tổ dân phố 3", "Trường THCS", None, "UBND"],
            "start": ["18:00", "08:00", "19:00", None],
            "end": ["21:00", "11:00", "21:30", None],
            "activated": pd.array([12, 60, 7, None], dtype="Int64"),
        }
    )


def test_gap_table_ranks_by_gap_and_puts_no_data_last(metrics):
    table = gap_table(metrics)
    assert table["code"].tolist() == ["13540", "13285", "13291", "13294"]
    assert table["rank"].tolist()[:3] == [1, 2, 3] and pd.isna(table["rank"].iloc[3])
    assert list(table.columns) == [c for c in GAP_HEADERS if c in table.columns]


def test_gap_table_ties_follow_the_code():
    m = pd.DataFrame({"code": ["b", "a"], "gap": pd.array([5, 5], dtype="Int64")})
    assert gap_table(m)["code"].tolist() == ["a", "b"]


@pytest.mark.parametrize(
    ("districts", "query", "codes", "ranks"),
    [
        ((), "", ["13540", "13285", "13291", "13294"], [1, 2, 3, pd.NA]),
        (["347"], "", ["13285", "13291", "13294"], [2, 3, pd.NA]),
        (["352"], "", ["13540"], [1]),
        ((), "phường", ["13285", "13291", "13294"], [2, 3, pd.NA]),
        (["347"], "LÊ HỒNG", ["13291"], [3]),
        ((), "=", ["13285"], [2]),  # a plain substring, not a pattern
        (["999"], "", [], []),
    ],
)
def test_gap_rows_filter_by_district_and_name_and_keep_the_province_rank(
    metrics, districts, query, codes, ranks
):
    m = metrics.assign(district_code=["347", "347", "352", "347"])
    rows = gap_rows(m, districts, query)
    assert rows["code"].tolist() == codes
    assert [pd.NA if pd.isna(r) else r for r in rows["rank"]] == ranks
    assert rows.index.tolist() == list(range(len(codes)))


def test_gap_display_keeps_ratios_and_names_the_percent_columns(metrics):
    table = gap_table(metrics.assign(quota_progress=[0.5, float("nan"), 1.25, 0.1]))
    shown, integers, percents = gap_display(table)
    numbers = integers + percents
    assert shown.columns.tolist() == [
        "Hạng",
        "Mã xã",
        "Xã, phường, thị trấn",
        "Huyện, thị xã, thành phố",
        "Công dân đủ điều kiện",
        "Đã kích hoạt",
        "Tỷ lệ kích hoạt",
        "Số người chưa kích hoạt",
        "Tiến độ chỉ tiêu",
    ]
    assert shown["Tỷ lệ kích hoạt"].tolist()[:3] == pytest.approx([0.30, 0.40, 0.85])
    assert shown["Tiến độ chỉ tiêu"].tolist()[:3] == pytest.approx([1.25, 0.10, 0.50])
    assert percents == ["Tỷ lệ kích hoạt", "Tiến độ chỉ tiêu"]
    assert table["coverage"].tolist()[0] == pytest.approx(0.30)  # the table itself is unchanged
    assert "Mã xã" not in numbers and "Hạng" not in numbers
    assert numbers == [
        "Công dân đủ điều kiện",
        "Đã kích hoạt",
        "Số người chưa kích hoạt",
        "Lượt làm việc",
        "Kích hoạt qua tổ lưu động",
        "Số ngày chưa có tổ đến",
        "Tỷ lệ kích hoạt",
        "Tiến độ chỉ tiêu",
    ]


def test_gap_table_xlsx(metrics):
    ws = load_workbook(io.BytesIO(gap_table_xlsx(gap_table(metrics)))).active
    assert ws.title == "Số người chưa kích hoạt"
    assert [c.value for c in ws[1]][:4] == [
        "Hạng",
        "Mã xã",
        "Xã, phường, thị trấn",
        "Huyện, thị xã, thành phố",
    ]
    assert [c.value for c in ws[2]][:3] == [1, "13540", "Xã An Nội"]
    assert ws["G2"].value == pytest.approx(0.30) and ws["G2"].number_format == "0.0%"
    assert ws["C3"].value == "=Phường X" and ws["C3"].data_type == "s"  # never a formula
    assert ws["A5"].value is None  # no data: no rank


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("team", [["Tổ 2", 2, 60], ["Tổ 1", 2, 19]]),
        ("place_type", [["trường học", 1, 60], ["hộ gia đình", 2, 19], ["cơ quan", 1, 0]]),
    ],
)
def test_visits_by(visits, column, expected):
    assert visits_by(visits, column).values.tolist() == expected


def test_visits_by_empty():
    assert list(visits_by(pd.DataFrame(), "team").columns) == [
        "Tổ lưu động",
        "Lượt làm việc",
        "Tài khoản kích hoạt",
    ]


def test_last_visits_newest_first(visits):
    table = last_visits(visits, n=3)
    assert table["Ngày"].tolist() == ["05/03/2023", "05/03/2023", "01/03/2023"]
    assert table["Giờ"].tolist() == ["19:00–21:30", "08:00–11:00", "18:00–21:00"]
    assert table["Địa điểm"].tolist() == ["", "Trường THCS", "Tổ dân phố 3"]


@pytest.mark.parametrize(
    ("targets", "visits", "expected"),
    [
        (pd.DataFrame(), pd.DataFrame(), None),
        (
            pd.DataFrame({"as_of": pd.to_datetime(["2023-05-31"])}),
            pd.DataFrame({"date": pd.to_datetime(["2023-02-13", None])}),
            (date(2023, 2, 13), date(2023, 5, 31)),
        ),
    ],
)
def test_data_period(targets, visits, expected):
    assert data_period(targets, visits) == expected


# --------------------------------------------------------------------------- English


def test_gap_headers_in_english_and_the_constant_stays_the_catalog_id():
    with language("en"):
        assert gap_headers() == {
            "rank": "Rank",
            "code": "Commune code",
            "full_name": "Commune/ward/township",
            "district_name": "District / town / city",
            "eligible": "Eligible citizens",
            "activated": "Activated",
            "coverage": "Activation rate (coverage)",
            "gap": "People not yet activated (gap)",
            "quota_progress": "Quota progress",
            "visits": "Visits",
            "team_activations": "Activated by the mobile teams",
            "days_since_visit": "Days since last visit",
        }
        assert GAP_HEADERS["gap"] == "Số người chưa kích hoạt"
    assert gap_headers() == GAP_HEADERS


def test_gap_display_in_english(metrics):
    table = gap_table(metrics.assign(quota_progress=[0.5, float("nan"), 1.25, 0.1]))
    with language("en"):
        shown, integers, percents = gap_display(table)
    assert shown.columns.tolist() == [
        "Rank",
        "Commune code",
        "Commune/ward/township",
        "District / town / city",
        "Eligible citizens",
        "Activated",
        "Activation rate (coverage)",
        "People not yet activated (gap)",
        "Quota progress",
    ]
    # numbers stay numbers; names are data and keep their diacritics
    assert shown["Activation rate (coverage)"].tolist()[:3] == pytest.approx([0.30, 0.40, 0.85])
    assert shown["Commune/ward/township"].tolist()[0] == "Xã An Nội"
    assert integers[:2] == ["Eligible citizens", "Activated"]
    assert percents == ["Activation rate (coverage)", "Quota progress"]


def test_gap_table_xlsx_in_english(metrics):
    with language("en"):
        data = gap_table_xlsx(gap_table(metrics))
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.title == "People not yet activated (gap)"
    assert [c.value for c in ws[1]][:5] == [
        "Rank",
        "Commune code",
        "Commune/ward/township",
        "District / town / city",
        "Eligible citizens",
    ]
    assert [c.value for c in ws[2]][:3] == [1, "13540", "Xã An Nội"]


def test_panel_tables_in_english(visits):
    with language("en"):
        by_type = visits_by(visits, "place_type")
        by_team = visits_by(visits, "team")
        latest = last_visits(visits, n=3)
        empty = last_visits(pd.DataFrame())
    assert by_type.columns.tolist() == ["Place type", "Visits", "Accounts activated"]
    assert by_type.values.tolist() == [["school", 1, 60], ["household", 2, 19], ["agency", 1, 0]]
    assert by_team.columns.tolist()[0] == "Mobile team"
    assert by_team.values.tolist()[0] == ["Tổ 2", 2, 60]  # team names are data
    assert latest.columns.tolist() == [
        "Date",
        "Mobile team",
        "Place type",
        "Place",
        "Time",
        "Activations",
    ]
    assert latest["Place type"].tolist() == ["household", "school", "household"]
    assert latest["Date"].tolist() == ["05/03/2023", "05/03/2023", "01/03/2023"]
    assert empty.columns.tolist() == latest.columns.tolist()


def test_last_visits_keep_an_unknown_or_missing_place_type(visits):
    v = visits.assign(place_type=["household", "market", None, "agency"])
    shown = last_visits(v, n=4)["Loại địa điểm"].tolist()
    assert pd.isna(shown[0]) and shown[1:] == ["market", "hộ gia đình", "cơ quan"]
