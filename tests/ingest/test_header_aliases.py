"""Headers, teams and place types as officers write them: abbreviated, underscored, unaccented."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.ingest import read_targets, read_visits
from geo.ingest.header import _aliases, _translations, header_key, map_columns
from geo.ingest.parse import parse_place_type, parse_team
from geo.ingest.spec import SPECS, spec_for
from tests.ingest.helpers import TODAY, csv_bytes, problems

VISIT_HEADERS = [
    ("ngay", "date"),
    ("NGAY_LV", "date"),
    ("Ngày.tháng", "date"),
    ("to_luu_dong", "team"),
    ("TLĐ", "team"),
    ("to", "team"),
    ("ma_xa", "code"),
    ("Mã ĐVHC", "code"),
    ("ma-xa", "code"),
    ("ten_xa", "commune"),
    ("xa_phuong", "commune"),
    ("XP", "commune"),
    ("huyen", "district"),
    ("ten_huyen", "district"),
    ("loai_dd", "place_type"),
    ("Loại ĐĐ", "place_type"),
    ("LoaiDD", "place_type"),
    ("ten_dia_diem", "place_name"),
    ("ten_dd", "place_name"),
    ("dia_chi", "place_name"),
    ("gio_bd", "start"),
    ("TG.BĐ", "start"),
    ("gio_kt", "end"),
    ("tg_ket_thuc", "end"),
    ("so_ho", "households"),
    ("hgd", "households"),
    ("SL hộ", "households"),
    ("so_nguoi_hd", "people_guided"),
    ("SoNguoiHD", "people_guided"),
    ("sl_hd", "people_guided"),
    ("so_dang_ky", "registered"),
    ("Số ĐK", "registered"),
    ("so_tk_dk", "registered"),
    ("so_kich_hoat", "activated"),
    ("SL_KH", "activated"),
    ("so_tk_kh", "activated"),
    ("so_dvc", "services_used"),
    ("DVCTT", "services_used"),
    ("luot_dvc", "services_used"),
    ("vi_do", "lat"),
    ("kinh_do", "lon"),
    ("ghi_chu", "note"),
    ("GC", "note"),
]
TARGET_HEADERS = [
    ("ma_xa", "code"),
    ("ten_xa", "commune"),
    ("tinh_den", "as_of"),
    ("ngay_sl", "as_of"),
    ("dan_so", "population"),
    ("DS", "population"),
    ("du_dk", "eligible"),
    ("so_cd_du_dk", "eligible"),
    ("chi_tieu", "quota"),
    ("CT", "quota"),
    ("da_kh", "activated_baseline"),
    ("so_da_kich_hoat", "activated_baseline"),
]


@pytest.mark.parametrize(("header", "key"), VISIT_HEADERS)
def test_visit_header_alias_names_its_field(header: str, key: str) -> None:
    assert _aliases("visits")[header_key(header)] == key


@pytest.mark.parametrize(("header", "key"), TARGET_HEADERS)
def test_target_header_alias_names_its_field(header: str, key: str) -> None:
    assert _aliases("targets")[header_key(header)] == key


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("so_nguoi_hd", "so nguoi huong dan"),
        ("SO.KICH-HOAT", "so kich hoat"),
        ("SốHộ", "so ho"),
        ("Loại ĐĐ (*)", "loai dia diem"),
        ("Xã/phường", "xa phuong"),
        ("THCS", "thcs"),
    ],
)
def test_header_key_normalises_separators_case_camel_and_abbreviations(
    header: str, expected: str
) -> None:
    assert header_key(header) == expected


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_no_header_names_two_fields(kind: str) -> None:
    owner: dict[str, str] = {}
    for f in spec_for(kind).fields:
        for alias in (*_translations(f.header), f.key, *f.aliases):
            assert owner.setdefault(header_key(alias), f.key) == f.key, alias


EVENING_REPORT = [
    ["BÁO CÁO KẾT QUẢ LÀM VIỆC BUỔI TỐI", "", "", "", "", "", "", "", "", "", "", "", "", ""],
    ["stt", "ngay", "to_luu_dong", "ma_xa", "ten_xa", "loai_dd", "ten_dia_diem", "gio_bd",
     "gio_kt", "so_ho", "so_nguoi_hd", "so_dang_ky", "so_kich_hoat", "so_dvc"],
    ["1", "14/03/2023", "TLĐ 1", "13291", "P. Lê Hồng Phong", "HGĐ", "TDP 3", "18h00", "21h30",
     "25", "40", "18", "15", "6"],
    ["2", "14/03/2023", "to_2", "13540", "An Noi", "TH", "Trường THCS An Nội", "16h", "19h30",
     "0", "120", "60", "55", "0"],
    ["3", "15/03/2023", "Tổ LĐ số 3", "", "Thanh Ha", "CQ", "UBND xã", "8h", "11h", "0", "30",
     "12", "10", "2"],
    ["4", "15/03/2023", "to 1", "13291", "", "cty", "Cty TNHH Minh Anh", "19:00", "21:00", "0",
     "35", "20", "18", "1"],
    ["5", "16/03/2023", "02", "", "xa An Noi", "hộ", "Xóm 4", "18:30", "20:30", "12", "20",
     "9", "9", "3"],
]  # fmt: skip


def test_abbreviated_evening_report_imports_every_row(communes: pd.DataFrame) -> None:
    result = read_visits(csv_bytes(EVENING_REPORT), "bao_cao_toi.csv", communes, today=TODAY)
    assert result.file_errors == [] and problems(result) == []
    acc = result.accepted
    assert acc["source_row"].tolist() == [3, 4, 5, 6, 7]
    assert acc["team"].tolist() == ["Tổ 1", "Tổ 2", "Tổ 3", "Tổ 1", "Tổ 2"]
    assert acc["code"].tolist() == ["13291", "13540", "90001", "13291", "13540"]
    assert acc["place_type"].tolist() == ["household", "school", "agency", "business", "household"]
    assert acc["start"].tolist() == ["18:00", "16:00", "08:00", "19:00", "18:30"]
    assert acc["end"].tolist() == ["21:30", "19:30", "11:00", "21:00", "20:30"]
    assert acc["households"].tolist() == [25, 0, 0, 0, 12]
    assert acc["people_guided"].tolist() == [40, 120, 30, 35, 20]
    assert acc["registered"].tolist() == [18, 60, 12, 20, 9]
    assert acc["activated"].tolist() == [15, 55, 10, 18, 9]
    assert acc["services_used"].tolist() == [6, 0, 2, 1, 3]
    assert acc["place_name"].tolist()[:2] == ["TDP 3", "Trường THCS An Nội"]
    assert result.notes == ["Đã bỏ qua cột không dùng đến: «stt»."]


def test_abbreviated_targets_file_imports(communes: pd.DataFrame) -> None:
    rows = [
        ["ma_xa", "ten_xa", "tinh_den", "dan_so", "so_cd_du_dk", "chi_tieu", "da_kh"],
        ["13291", "Lê Hồng Phong", "31/05/2023", "20.605", "15.800", "12.000", "10.150"],
    ]
    result = read_targets(csv_bytes(rows), "ct.csv", communes, today=TODAY)
    assert result.file_errors == [] and problems(result) == []
    counts = result.accepted[["population", "eligible", "quota", "activated_baseline"]]
    assert counts.values.tolist() == [[20605, 15800, 12000, 10150]]


def test_map_columns_of_underscored_headers() -> None:
    notes: list[str] = []
    header = ["ngay", "to_luu_dong", "ma_xa", "loai_dd", "so_nguoi_hd"]
    assert map_columns(header, spec_for("visits"), notes) == {
        "date": (0, "ngay"),
        "team": (1, "to_luu_dong"),
        "code": (2, "ma_xa"),
        "place_type": (3, "loai_dd"),
        "people_guided": (4, "so_nguoi_hd"),
    }
    assert notes == []


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("HGĐ", "household"),
        ("hgd", "household"),
        ("H.G.Đ", "household"),
        ("hộ", "household"),
        ("Hộ dân", "household"),
        ("hộ_gia_đình", "household"),
        ("CQ", "agency"),
        ("cqnn", "agency"),
        ("UBND", "agency"),
        ("DN", "business"),
        ("cty", "business"),
        ("Cty.", "business"),
        ("Công ty", "business"),
        ("CTCP", "business"),
        ("TNHH", "business"),
        ("TH", "school"),
        ("trường", "school"),
        ("THCS", "school"),
        ("THPT", "school"),
        ("Mầm non", "school"),
        ("khac", "other"),
    ],
)
def test_place_type_abbreviation(value: str, key: str) -> None:
    assert parse_place_type(value) == (key, None)


def test_unknown_place_type_is_still_refused() -> None:
    assert parse_place_type("chợ")[0] is None


@pytest.mark.parametrize(
    ("value", "team"),
    [
        ("TLĐ 1", "Tổ 1"),
        ("to_2", "Tổ 2"),
        ("Tổ LĐ số 03", "Tổ 3"),
        ("T.4", "Tổ 4"),
        ("tổ-5", "Tổ 5"),
        ("Tổ 1 (DEMO)", "Tổ 1 (DEMO)"),
        ("Tổ Công an xã", "Tổ Công an xã"),
    ],
)
def test_team_as_officers_write_it(value: str, team: str) -> None:
    assert parse_team(value) == (team, None)
