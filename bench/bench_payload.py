"""Map payload sizes and boundary build time, for every boundary version.

Run: ``python bench/bench_payload.py``. Prints, per version, the GeoJSON size sent to the
browser (budget: 150 KB for the province) against the unsimplified layer in the same run, the
coverage defects (overlap / gap, km²) before and after simplification, and the time to build the
layer relative to just reading the source file (the baseline, same run).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geopandas as gpd

from bench.timing import median_seconds
from geo.config import load_settings
from geo.outputs.maps import DISPLAY_TOLERANCE, commune_payload
from geo.places import registry
from geo.places.boundaries import coverage_defects, load_boundaries, simplify_coverage

BUDGET_KB = 150
SOURCE = {"2020-2024": registry.GADM_FILE, "2025-07": registry.WARDS_2025_FILE}


def main() -> int:
    data_dir = load_settings().data_dir
    print(f"data dir: {data_dir or '(none: approximate only)'}")
    print(
        f"{'version':<12}{'units':>6}{'full KB':>9}{'sent KB':>9}{'ratio':>7}"
        f"{'budget':>8}{'overlap km2':>13}{'gap km2':>9}{'build/read':>11}"
    )
    worst = 0.0
    for version in registry.available_versions(data_dir):
        b = load_boundaries(version, data_dir)
        gdf = b.gdf
        full = len(commune_payload(gdf, tolerance=0.0).encode()) / 1024
        sent = len(commune_payload(gdf).encode()) / 1024
        worst = max(worst, sent)
        after = coverage_defects(simplify_coverage(gdf, DISPLAY_TOLERANCE))
        if version in SOURCE:
            src = registry.data_file(data_dir, SOURCE[version])
            base = median_seconds(lambda src=src: gpd.read_file(src))
        else:
            base = median_seconds(lambda: registry.communes("approximate"))
        build = median_seconds(lambda v=version: load_boundaries(v, data_dir))
        status = "ok" if sent <= BUDGET_KB else "OVER"
        print(
            f"{version:<12}{len(gdf):>6}{full:>9.1f}{sent:>9.1f}{sent / full:>7.2f}{status:>8}"
            f"{after['overlap_km2']:>13.6f}{after['gap_km2']:>9.6f}{build / base:>10.1f}x"
        )
    print(f"largest payload sent: {worst:.1f} KB (budget {BUDGET_KB} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
