import pandas as pd
import pytest

from geo.i18n import _, language
from geo.places import registry
from geo.places.registry import COMMUNE_COLUMNS, DataFileMissingError, available_versions, communes
from tests.shared_data import DATA_DIR, needs_data


@pytest.fixture(scope="module")
def units_2024():
    return communes("2020-2024", DATA_DIR)


@needs_data
def test_2020_2024_has_the_109_units_per_district(units_2024):
    assert len(units_2024) == 109
    assert units_2024["code"].is_unique
    per_district = units_2024.groupby("district_name").size().to_dict()
    assert per_district == {
        "Thành phố Phủ Lý": 21,
        "Thị xã Duy Tiên": 16,
        "Huyện Kim Bảng": 18,
        "Huyện Thanh Liêm": 16,
        "Huyện Bình Lục": 17,
        "Huyện Lý Nhân": 21,
    }
    assert units_2024["type"].value_counts().to_dict() == {"xã": 83, "phường": 20, "thị trấn": 6}
    assert units_2024["urban"].sum() == 26
    assert list(units_2024.columns) == COMMUNE_COLUMNS


@needs_data
def test_2020_2024_census_population(units_2024):
    pop = units_2024.set_index("code")["population_2019"]
    assert pop.sum() == 852_800
    assert pop.isna().sum() == 0
    assert pop["13291"] == 20_605  # Phường Lê Hồng Phong
    assert pop["13540"] == 8_150  # Xã An Nội


@needs_data
def test_merged_units_sum_their_parts(units_2024):
    # Tiên Sơn = Châu Sơn + Đọi Sơn + Tiền Phong (2020); census figures from file 3
    row = units_2024.set_index("code").loc["13369"]
    assert (row["full_name"], row["district_code"]) == ("Xã Tiên Sơn", "349")
    mapping = registry.gadm_to_code(DATA_DIR)
    assert sorted(mapping[mapping == "13369"].index) == [
        "VNM.28.2.13_1",
        "VNM.28.2.3_1",
        "VNM.28.2.5_1",
    ]


@needs_data
def test_2025_07_has_33_units_without_districts():
    df = communes("2025-07", DATA_DIR)
    assert len(df) == 33
    assert df["district_code"].isna().all()
    assert df["type"].value_counts().to_dict() == {"xã": 17, "phường": 16}
    assert df.set_index("code").loc["13285", "full_name"] == "Phường Phủ Lý"


def test_approximate_registry_comes_from_the_package():
    df = communes("approximate")
    assert len(df) == 98
    assert df["code"].is_unique
    assert df[["lat", "lon"]].notna().all().all()
    assert df["lat"].between(20.3, 20.75).all() and df["lon"].between(105.7, 106.25).all()
    row = df.set_index("code").loc["13540"]
    assert (row["full_name"], row["type"], bool(row["urban"])) == ("Xã Bình An", "xã", False)


def test_unknown_version_is_refused():
    with pytest.raises(KeyError, match="2019"):
        communes("2019")


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(DataFileMissingError, match=registry.CROSSWALK_FILE):
        communes("2020-2024", tmp_path)
    with pytest.raises(DataFileMissingError, match="VNEID_DATA_DIR"):
        communes("2025-07", None)


def test_available_versions_follow_the_files(tmp_path):
    assert available_versions(None) == ["approximate"]
    assert available_versions(tmp_path) == ["approximate"]
    (tmp_path / registry.WARDS_2025_FILE).write_text("{}")
    assert available_versions(tmp_path) == ["2025-07", "approximate"]


@pytest.mark.parametrize(
    ("full", "expected"),
    [
        ("Thị trấn Vĩnh Trụ", ("thị trấn", "Vĩnh Trụ")),
        ("Phường Lê Hồng Phong", ("phường", "Lê Hồng Phong")),
        ("Xã An Nội", ("xã", "An Nội")),
        ("Kim Bảng", ("xã", "Kim Bảng")),
    ],
)
def test_split_type(full, expected):
    assert registry._split_type(full) == expected


def test_population_column_is_nullable_int():
    assert isinstance(communes("approximate")["population_2019"].dtype, pd.Int64Dtype)


@pytest.mark.parametrize(
    ("lang", "labels", "error"),
    [
        (
            "vi",
            ["2020-2024 (109 xã, phường, thị trấn)", "07/2025 (33 xã, phường)",
             "Ranh giới gần đúng (98 đơn vị, 01/2025)"],
            "Chưa cấu hình thư mục dữ liệu (VNEID_DATA_DIR) để đọc ha_nam_merges_2019_2020.csv.",
        ),
        (
            "en",
            ["2020-2024 (109 communes, wards and townships)", "07/2025 (33 communes and wards)",
             "Approximate boundaries (98 units, 01/2025)"],
            "No data directory (VNEID_DATA_DIR) is configured to read "
            "ha_nam_merges_2019_2020.csv.",
        ),
    ],
)  # fmt: skip
def test_version_labels_and_missing_files_in_the_language_in_use(lang, labels, error):
    with language(lang):
        assert [_(v.label) for v in registry.VERSIONS.values()] == labels
        with pytest.raises(DataFileMissingError) as raised:
            registry.data_file(None, registry.MERGES_FILE)
    assert str(raised.value) == error
    assert registry.VERSIONS["approximate"].label == "Ranh giới gần đúng (98 đơn vị, 01/2025)"


def test_approximate_notices_are_catalog_ids():
    from geo.places.approximate import MAP_NOTICE, REPORT_NOTICE

    assert MAP_NOTICE.startswith("**Ranh giới gần đúng.**")
    with language("en"):
        assert _(MAP_NOTICE).startswith("**Approximate boundaries.** No boundary file was found")
        assert _(REPORT_NOTICE) == (
            "Approximate boundaries in use (no boundary file): province-wide figures are still "
            "correct; the map in the meeting pack is only a guide to location."
        )
