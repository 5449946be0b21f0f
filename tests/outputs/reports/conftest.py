"""Fixtures of the meeting-pack tests (geo.outputs.reports).

Builds on the fixtures of ``tests/metrics/test_progress.py`` (metrics of 14/03/2023 with
hand-computed figures: 21.100 activated of 32.500 eligible = 64,9 %, quota 26.000 = 81,2 %, gap
11.400, 3 of 7 communes with data at ≥ 80 %) plus eight hand-made square boundaries (no
third-party data).
"""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.metrics import cumulative_activations, progress
from geo.outputs import reports
from tests.metrics.test_progress import (
    AS_OF,
    PERIOD,
    PREVIOUS,
    make_metrics,
    make_targets,
    make_visits,
)
from tests.outputs.reports.helpers import EVIL


@pytest.fixture
def metrics(communes) -> pd.DataFrame:
    """The metrics of ``tests/metrics/test_progress.py`` as of 14/03/2023."""
    return make_metrics(communes)


@pytest.fixture
def previous(communes) -> pd.DataFrame:
    return make_metrics(communes, PREVIOUS)


@pytest.fixture
def boundaries(communes) -> gpd.GeoDataFrame:
    """Eight 0,1° squares in a 4 x 2 grid near Phủ Lý (about 42 km x 22 km), EPSG:4326."""
    cells = []
    for i in range(len(communes)):
        x, y = 105.8 + 0.1 * (i % 4), 20.4 + 0.1 * (i // 4)
        cells.append(box(x, y, x + 0.1, y + 0.1))
    return gpd.GeoDataFrame({"code": communes["code"]}, geometry=cells, crs="EPSG:4326")


@pytest.fixture
def plan() -> pd.DataFrame:
    """A published plan of three evenings; one team name is a formula injection attempt."""
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-03-15", "2023-03-16", "2023-03-16"]),
            "team": ["Tổ 1", EVIL, "Tổ 10"],
            "commune": ["Lê Hồng Phong", "An Nội", "Thanh Hải"],
            "window": ["18:00-21:30", "16:00-19:30", "16:00-19:30"],
        }
    )


@pytest.fixture
def projection() -> progress.Projection:
    daily = cumulative_activations(make_targets(), make_visits(), None, date(2023, 2, 28), AS_OF)
    return progress.project_target_date(daily.set_index("date")["activated_to_date"], 26000)


@pytest.fixture
def pack(metrics, previous, boundaries, plan, projection) -> reports.MeetingPack:
    return reports.make_pack(
        metrics,
        as_of=AS_OF,
        period=PERIOD,
        boundary_version="2020-2024",
        boundaries=boundaries,
        previous=previous,
        visits=make_visits(),
        plan=plan,
        projection=projection,
    )


@pytest.fixture
def pack_files(pack) -> dict[str, bytes]:
    return reports.build_meeting_pack(pack)


@pytest.fixture
def pdf_path(pack_files, tmp_path):
    path = tmp_path / "pack.pdf"
    path.write_bytes(pack_files["bao-cao-giao-ban-2023-03-14.pdf"])
    return path
