import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from shapely import box

from geo.outputs.maps import commune_payload
from geo.places import registry
from geo.places.boundaries import (
    approximate_cells,
    clean_coverage,
    coverage_defects,
    dissolve_units,
    district_outlines,
    load_boundaries,
    read_boundary_file,
    simplify_coverage,
    to_geojson,
    validate_boundaries,
)
from tests.shared_data import DATA_DIR, needs_data

GOLDEN = Path(__file__).parent / "golden"
BOWTIE = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])


# --- small synthetic layers ---------------------------------------------------------------------


@pytest.fixture
def source_units():
    """Five source polygons (a 3 x 2 grid of 0.01° cells, one cell missing) near Phủ Lý."""
    x0, y0, d = 105.90, 20.50, 0.01
    cells = {
        "G1": box(x0, y0, x0 + d, y0 + d),
        "G2": box(x0 + d, y0, x0 + 2 * d, y0 + d),
        "G3": box(x0 + 2 * d, y0, x0 + 3 * d, y0 + d),
        "G4": box(x0, y0 + d, x0 + d, y0 + 2 * d),
        "G5": box(x0 + d, y0 + d, x0 + 3 * d, y0 + 2 * d),
    }
    return gpd.GeoDataFrame(
        {"GID_3": list(cells), "pop": [100, 200, 300, 400, 500]},
        geometry=list(cells.values()),
        crs="EPSG:4326",
    )


@pytest.fixture
def mapping():
    return pd.Series({"G1": "13001", "G2": "13001", "G3": "13002", "G4": "13003", "G5": "13002"})


@pytest.fixture
def dissolved(source_units, mapping):
    out, issues = dissolve_units(source_units, mapping, key="GID_3", sum_columns=("pop",))
    assert issues == []
    return out


def test_dissolve_matches_golden(dissolved):
    """3 units drawn by hand: 13001 = G1+G2 (a 2x1 bar), 13002 = G3+G5 (an L), 13003 = G4."""
    golden = gpd.read_file(GOLDEN / "dissolve_units.geojson")
    golden["pop"] = golden["pop"].astype(dissolved["pop"].dtype)
    # the dissolve keeps the collinear vertex where two source cells met; drop it to compare shapes
    tidy = dissolved.assign(geometry=shapely.simplify(dissolved.geometry.values, 0))
    assert_geodataframe_equal(
        tidy, golden[dissolved.columns], normalize=True, check_less_precise=True
    )


def test_dissolve_sums_and_areas(dissolved):
    assert dissolved.set_index("code")["pop"].to_dict() == {
        "13001": 300,
        "13002": 800,
        "13003": 400,
    }
    areas = dict(
        zip(dissolved["code"], shapely.area(dissolved.geometry.values).round(6), strict=True)
    )
    assert areas == {"13001": 0.0002, "13002": 0.0003, "13003": 0.0001}


def test_dissolve_reports_unmatched_keys(source_units, mapping):
    out, issues = dissolve_units(source_units, mapping.drop("G4"), key="GID_3")
    assert len(out) == 2
    assert [(i.kind, i.message) for i in issues] == [
        ("unmatched", "G4: không có trong bảng mã; bỏ qua.")
    ]


def test_clean_coverage_removes_overlap_and_sliver():
    d = 0.01
    grid = [
        box(105.9 + i * d, 20.5 + j * d, 105.9 + (i + 1) * d, 20.5 + (j + 1) * d)
        for j in range(3)
        for i in range(3)
    ]
    grid[4] = grid[4].buffer(-0.0002, join_style="mitre")  # centre cell shrunk: a 20 m ring gap
    grid[0] = shapely.affinity.translate(grid[0], xoff=0.0005)  # corner cell overlaps its neighbour
    layer = gpd.GeoDataFrame({"code": list("abcdefghi")}, geometry=grid, crs="EPSG:4326")
    before = coverage_defects(layer)
    assert before["overlap_km2"] > 0.05 and before["gap_km2"] > 0.01
    after = coverage_defects(clean_coverage(layer, gap_width=0.001))
    assert after["overlap_km2"] == pytest.approx(0, abs=1e-9)
    assert after["gap_km2"] == pytest.approx(0, abs=1e-9)


def test_simplify_keeps_a_clean_coverage_clean(dissolved):
    wiggly = dissolved.copy()
    wiggly["geometry"] = shapely.segmentize(wiggly.geometry.values, 0.001)
    simple = simplify_coverage(wiggly, 0.0005)
    assert (
        shapely.get_num_coordinates(simple.geometry.values).sum()
        < shapely.get_num_coordinates(wiggly.geometry.values).sum()
    )
    d = coverage_defects(simple)
    assert d["overlap_km2"] == pytest.approx(0, abs=1e-9) and d["gap_km2"] == pytest.approx(
        0, abs=1e-9
    )


def test_district_outlines(dissolved):
    units = dissolved.assign(district_code=["1", "1", "2"], district_name=["A", "A", "B"])
    out = district_outlines(units)
    assert out["district_name"].tolist() == ["A", "B"]
    assert shapely.area(out.geometry.values).round(6).tolist() == [0.0005, 0.0001]
    assert district_outlines(units.assign(district_code=None)).empty


# --- validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codes", "geoms", "kinds", "kept"),
    [
        pytest.param([], [], [], [], id="empty"),
        pytest.param(["1"], [None], ["no_geometry"], [], id="none-geometry"),
        pytest.param(["1"], [shapely.Polygon()], ["no_geometry"], [], id="empty-geometry"),
        pytest.param(
            [None, "2"], [box(0, 0, 1, 1)] * 2, ["missing_code"], ["2"], id="missing-code"
        ),
        pytest.param(["1", "1"], [box(0, 0, 1, 1)] * 2, ["duplicate"], ["1"], id="duplicate"),
        pytest.param(["1"], [BOWTIE], ["invalid"], ["1"], id="self-intersection"),
        pytest.param([" 7 "], [box(0, 0, 1, 1)], [], ["7"], id="code-with-spaces"),
    ],
)
def test_validate_edge_cases(codes, geoms, kinds, kept):
    gdf = gpd.GeoDataFrame(
        {"code": pd.Series(codes, dtype=object)}, geometry=geoms, crs="EPSG:4326"
    )
    out, issues = validate_boundaries(gdf)
    assert [i.kind for i in issues] == kinds
    assert out["code"].tolist() == kept
    assert out.is_valid.all()


def test_repaired_bowtie_keeps_its_area():
    out, _ = validate_boundaries(gpd.GeoDataFrame({"code": ["1"]}, geometry=[BOWTIE], crs=4326))
    assert out.geometry[0].area == pytest.approx(0.5)
    assert out.geometry[0].geom_type == "MultiPolygon"


def test_projected_vn2000_file_is_reprojected(tmp_path, dissolved):
    path = tmp_path / "ranh_gioi_vn2000.gpkg"
    dissolved.to_crs("EPSG:3405").to_file(path)  # VN-2000 / UTM zone 48N
    back, issues = read_boundary_file(path)
    assert back.crs.to_epsg() == 4326
    assert [i.kind for i in issues] == ["crs"]
    assert "VN-2000" in issues[0].message or "3405" in issues[0].message
    # VN-2000 and WGS 84 differ by a datum shift of a few hundred metres at most
    for a, b in zip(back.geometry, dissolved.geometry, strict=True):
        assert a.centroid.distance(b.centroid) < 0.005
        assert a.area == pytest.approx(b.area, rel=0.01)


def test_file_without_crs_in_degrees_is_taken_as_wgs84(tmp_path, dissolved):
    path = tmp_path / "no_crs.geojson"
    path.write_text(to_geojson(dissolved, ["code"]))
    back, _ = read_boundary_file(path)
    assert back.crs.to_epsg() == 4326 and len(back) == 3


# --- approximate fallback -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def approximate():
    return load_boundaries("approximate")


def test_approximate_one_valid_cell_per_registry_unit(approximate):
    units = registry.communes("approximate")
    gdf = approximate.gdf
    assert approximate.approximate is True
    assert gdf["code"].tolist() == units["code"].tolist()
    assert gdf.is_valid.all() and (~gdf.is_empty).all()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}


def test_approximate_cells_do_not_overlap_and_hold_their_centre(approximate):
    gdf = approximate.gdf
    d = coverage_defects(gdf)
    assert d["overlap_km2"] == pytest.approx(0, abs=1e-6)
    assert d["gap_km2"] == pytest.approx(0, abs=1e-6)
    pts = gpd.points_from_xy(gdf["lon"], gdf["lat"])
    assert all(cell.contains(p) for cell, p in zip(gdf.geometry, pts, strict=True))


def test_approximate_cells_small_case():
    pts = pd.DataFrame({"code": ["a", "b"], "lat": [20.5, 20.5], "lon": [105.9, 106.0]})
    cells = approximate_cells(pts, box(105.85, 20.45, 106.05, 20.55))
    left, right = cells.geometry
    assert left.area == pytest.approx(right.area, rel=1e-3)  # symmetric around the bisector
    assert left.bounds[2] == pytest.approx(105.95, abs=2e-4) == right.bounds[0]
    assert left.intersection(right).area == 0


# --- the real data ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def units_2024():
    return load_boundaries("2020-2024", DATA_DIR)


@needs_data
def test_2020_2024_boundaries(units_2024):
    gdf = units_2024.gdf
    assert units_2024.issues == []
    assert len(gdf) == 109 and gdf["code"].is_unique
    assert gdf.is_valid.all()
    assert gdf["population_2019"].sum() == 852_800
    assert gdf.crs.to_epsg() == 4326
    d = coverage_defects(gdf)
    assert d["overlap_km2"] < 1e-6 and d["gap_km2"] < 1e-6  # cleaned from 2.6 km² / 3.2 km²
    assert d["area_km2"] == pytest.approx(861, abs=3)
    lhp = gdf.set_index("code").loc["13291"]
    assert lhp["full_name"] == "Phường Lê Hồng Phong"
    assert lhp.geometry.contains(shapely.Point(lhp["lon"], lhp["lat"]))


@needs_data
@pytest.mark.parametrize("version", ["2020-2024", "2025-07"])
def test_display_simplification_adds_no_gap_or_overlap(version):
    gdf = load_boundaries(version, DATA_DIR).gdf
    before = coverage_defects(gdf)
    after = coverage_defects(simplify_coverage(gdf, 0.0003))
    assert after["overlap_km2"] <= before["overlap_km2"] + 1e-6
    assert after["gap_km2"] <= before["gap_km2"] + 1e-6
    assert after["area_km2"] == pytest.approx(before["area_km2"], rel=0.002)


@needs_data
def test_map_payload_is_under_budget(units_2024):
    payload = commune_payload(units_2024.gdf)
    assert len(payload.encode()) <= 150 * 1024
    data = json.loads(payload)
    assert len(data["features"]) == 109
    names = {f["properties"]["ten"] for f in data["features"]}
    assert "Phường Lê Hồng Phong" in names and "Xã An Nội" in names


@needs_data
def test_2025_07_boundaries():
    b = load_boundaries("2025-07", DATA_DIR)
    assert len(b.gdf) == 33 and b.gdf.is_valid.all()
    assert coverage_defects(b.gdf)["area_km2"] == pytest.approx(861.9, abs=1.5)
