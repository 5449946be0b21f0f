import geopandas as gpd
import pandas as pd
import pytest
from shapely import box

from geo.places.boundaries import load_boundaries
from geo.places.crosswalk import recode_targets, recode_visits, successor_codes
from tests.shared_data import DATA_DIR, needs_data


@pytest.fixture
def mapping():
    return pd.Series({"13291": "N1", "13294": "N1", "13540": "N2"})


def test_successor_by_representative_point_and_nearest():
    old = gpd.GeoDataFrame(
        {"code": ["a", "b", "c"]},
        geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(3.2, 0, 4, 1)],  # c lies outside
        crs=4326,
    )
    new = gpd.GeoDataFrame(
        {"code": ["X", "Y"]}, geometry=[box(0, 0, 1.6, 1), box(1.6, 0, 3, 1)], crs=4326
    )
    # b: 60 % of it and its representative point (1.5, 0.5) are in X
    assert successor_codes(old, new).to_dict() == {"a": "X", "b": "X", "c": "Y"}


def test_recode_visits_keeps_unknown_codes(mapping):
    v = pd.DataFrame({"code": ["13291", "13540", "99999"], "activated": [1, 2, 3]})
    assert recode_visits(v, mapping)["code"].tolist() == ["N1", "N2", "99999"]
    assert v["code"].tolist() == ["13291", "13540", "99999"]  # input untouched


def test_recode_targets_sums_parts_and_keeps_missing_missing(mapping):
    as_of = pd.Timestamp("2023-05-31")
    t = pd.DataFrame(
        {
            "code": ["13291", "13294", "13540", "13291"],
            "as_of": [as_of, as_of, as_of, pd.Timestamp("2023-02-13")],
            "population": pd.array([100, 50, 70, 100], dtype="Int64"),
            "eligible": pd.array([80, 40, 60, 75], dtype="Int64"),
            "quota": pd.array([60, None, 40, 60], dtype="Int64"),
            "activated_baseline": pd.array([50, 20, 30, 10], dtype="Int64"),
        }
    )
    out = recode_targets(t, mapping).set_index(["code", "as_of"])
    n1 = out.loc[("N1", as_of)]
    assert (n1["population"], n1["eligible"], n1["activated_baseline"]) == (150, 120, 70)
    assert pd.isna(n1["quota"])  # one part unknown: the sum is unknown
    assert out.loc[("N1", pd.Timestamp("2023-02-13")), "eligible"] == 75
    assert out.loc[("N2", as_of), "quota"] == 40
    assert len(out) == 3


def test_recode_targets_empty():
    empty = pd.DataFrame(columns=["code", "as_of", "eligible"])
    assert recode_targets(empty, pd.Series(dtype=str)).empty


@needs_data
def test_2020_2024_units_map_onto_the_33_wards():
    old = load_boundaries("2020-2024", DATA_DIR).gdf
    new = load_boundaries("2025-07", DATA_DIR).gdf
    m = successor_codes(old, new)
    assert len(m) == 109 and set(m) <= set(new["code"]) and m.nunique() == 33
    # known successors (SOURCES.md file 3): Lê Hồng Phong -> Phường Phù Vân (code 13291 kept),
    # An Nội (13540) -> Xã Bình An, Tiên Sơn (13369) -> 13363
    names = new.set_index("code")["full_name"]
    assert names[m["13291"]] == "Phường Phù Vân"
    assert names[m["13540"]] == "Xã Bình An"
    assert m["13369"] == "13363"
    # population survives the recoding
    pops = old.set_index("code")["population_2019"].groupby(m).sum()
    assert pops.sum() == 852_800
