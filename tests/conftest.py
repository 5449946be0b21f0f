"""Shared fixtures.

# --- names / ingest fixtures (owner: geo/places/names.py, geo/ingest/) ---------------------
``communes``: a small hand-made commune registry following the ``geo.places.registry.communes``
contract.
Only 13291 (Phường Lê Hồng Phong, Phủ Lý) and 13540 (Xã An Nội, Bình Lục) are real GSO codes;
the other rows carry made-up codes in the 9xxxx range (no real Hà Nam code starts with 9) so they
can never be mistaken for real data. The tricky cases: "Thanh Hà" vs "Thanh Hải" (one letter
apart, same district), two "Thanh Sơn" in different districts, a thị trấn, a "Hóa"/"Hoá" name.
Add other fixtures below this block.
"""

from __future__ import annotations

import os

import pandas as pd
import pytest
from sqlalchemy import create_engine
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from geo.i18n import language
from geo.places.registry import COMMUNE_COLUMNS

_COMMUNE_ROWS = [
    # code, name, type, district_code, district_name, population_2019, lat, lon
    ("13291", "Lê Hồng Phong", "phường", "347", "Thành phố Phủ Lý", 20605, 20.5370, 105.9180),
    ("13540", "An Nội", "xã", "352", "Huyện Bình Lục", 8150, 20.4890, 106.0310),
    ("90001", "Thanh Hà", "xã", "351", "Huyện Thanh Liêm", None, 20.4480, 105.9250),
    ("90002", "Thanh Hải", "xã", "351", "Huyện Thanh Liêm", None, 20.4230, 105.9420),
    ("90003", "Thanh Sơn", "xã", "350", "Huyện Kim Bảng", None, 20.5650, 105.8540),
    ("90004", "Thanh Sơn", "xã", "351", "Huyện Thanh Liêm", None, 20.4100, 105.9000),
    ("90005", "Vĩnh Trụ", "thị trấn", "353", "Huyện Lý Nhân", None, 20.5580, 106.0270),
    ("90006", "Đồng Hóa", "xã", "350", "Huyện Kim Bảng", None, 20.5900, 105.8700),
]


def registry_frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows ``(code, name, type, district_code, district_name, population_2019, lat, lon)`` as
    a ``geo.places.registry.communes`` frame (version "2020-2024")."""
    cols = ["code", "name", "type", "district_code", "district_name", "population_2019"]
    df = pd.DataFrame(rows, columns=[*cols, "lat", "lon"])
    df.insert(
        2, "full_name", [f"{t.capitalize()} {n}" for t, n in zip(df.type, df.name, strict=True)]
    )
    df["urban"] = df["type"].isin(["phường", "thị trấn"])
    df["version"] = "2020-2024"
    df["population_2019"] = df["population_2019"].astype("Int64")
    return df[COMMUNE_COLUMNS]


@pytest.fixture
def communes() -> pd.DataFrame:
    """Eight communes with the columns of ``geo.places.registry.communes`` (version "2020-2024")."""
    return registry_frame(_COMMUNE_ROWS)


# --- end of names / ingest fixtures --------------------------------------------------------------


# --- store / demo fixtures (owner: geo/store.py, geo/demo.py) ------------------------------------
# The eight pilot units of the demo carry their real GSO codes, names and types (public
# identifiers; the demo needs them); their populations and points are made up, except the two
# populations quoted in the project notes (13291: 20,605; 13540: 8,150). Four made-up 9xxxx units,
# two of them without a population, give the roll-out more ground and exercise the median rule.
_DEMO_COMMUNE_ROWS = [
    ("13285", "Quang Trung", "phường", "347", "Thành phố Phủ Lý", 6000, 20.558, 105.921),
    ("13291", "Lê Hồng Phong", "phường", "347", "Thành phố Phủ Lý", 20605, 20.537, 105.918),
    ("13306", "Phù Vân", "xã", "347", "Thành phố Phủ Lý", 12000, 20.552, 105.899),
    ("13321", "Đồng Văn", "phường", "349", "Thị xã Duy Tiên", 9000, 20.640, 105.926),
    ("13384", "Quế", "thị trấn", "350", "Huyện Kim Bảng", 5000, 20.580, 105.871),
    ("13453", "Thanh Hà", "xã", "351", "Huyện Thanh Liêm", 10000, 20.508, 105.929),
    ("13540", "An Nội", "xã", "352", "Huyện Bình Lục", 8150, 20.489, 106.031),
    ("13600", "Nhân Thịnh", "xã", "353", "Huyện Lý Nhân", 7000, 20.556, 106.152),
    ("90011", "Mẫu Một", "xã", "350", "Huyện Kim Bảng", 4000, 20.600, 105.850),
    ("90012", "Mẫu Hai", "xã", "352", "Huyện Bình Lục", None, 20.470, 106.010),
    ("90013", "Mẫu Ba", "phường", "349", "Thị xã Duy Tiên", None, 20.620, 105.950),
    ("90014", "Mẫu Bốn", "xã", "353", "Huyện Lý Nhân", 3000, 20.540, 106.100),
]


@pytest.fixture(scope="session")
def demo_communes() -> pd.DataFrame:
    """Twelve communes (registry columns) holding the 8 demo pilot codes; treat as read-only."""
    return registry_frame(_DEMO_COMMUNE_ROWS)


@pytest.fixture
def demo_db_url(tmp_path, demo_communes) -> str:
    """URL of a fresh SQLite file with the demo campaign loaded (free to modify)."""
    from geo.demo import load_demo
    from geo.store import Store

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    store = Store(url)
    load_demo(store, demo_communes)
    store.close()
    return url


# --- end of store / demo fixtures ----------------------------------------------------------------


# --- databases for the store tests --------------------------------------------------------------

PG_URL = os.environ.get("VNEID_TEST_PG_URL")  # .ci/run sets it to a local PostgreSQL 15


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not PG_URL, reason="set VNEID_TEST_PG_URL to run the store tests on PostgreSQL"
            ),
        ),
    ]
)
def db_url(request, tmp_path) -> str:
    """An empty database: a new SQLite file, or the PostgreSQL test database wiped clean."""
    from geo import store

    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'vneid.db'}"
    engine = create_engine(PG_URL)
    store.metadata.drop_all(engine)
    engine.dispose()
    return PG_URL


# --- page fixtures ------------------------------------------------------------------------------


@pytest.fixture
def media_file(monkeypatch):
    """``file(url)``: the media file (``.content``, ``.filename``) behind a download button of
    the last AppTest run."""
    storages: list[MemoryMediaFileStorage] = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            storages.append(self)

    monkeypatch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", Recording)
    return lambda url: storages[-1].get_file(url.rsplit("/", 1)[1].split(".")[0])


@pytest.fixture
def media(media_file):
    """``read(url)``: the bytes behind a download button of the last AppTest run."""
    return lambda url: media_file(url).content


@pytest.fixture
def downloads(monkeypatch):
    """``fetch(button) -> (file name, bytes)``: a download as the browser would get it.

    A deferred download (``data`` is a callable) is built as Streamlit builds it
    on a click, outside the script run, here in a Vietnamese context.
    """
    managers: list[MediaFileManager] = []

    class Recording(MediaFileManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            managers.append(self)

    monkeypatch.setattr("streamlit.testing.v1.app_test.MediaFileManager", Recording)

    def fetch(button) -> tuple[str, bytes]:
        manager = managers[-1]
        with language("vi"):
            url = button.proto.url or manager.execute_deferred(button.proto.deferred_file_id)
        file = manager._storage.get_file(url.rsplit("/", 1)[1].split(".")[0])
        return file.filename, file.content

    return fetch
