"""Commune registry: codes, names, types and districts for each boundary version.

Three versions are known (``VERSIONS``):

``2020-2024``
    The 109 commune-level units in force during the 2023 campaign, from the GSO code table
    (``ha_nam_communes_codes_crosswalk_2019_2025.csv``) in the data directory.
``2025-07``
    The 33 communes/wards formed on 1 July 2025
    (``ha_nam_wards_2025_post_merger_sapnhapbando.geojson``).
``approximate``
    The 98 units of 1 January 2025 that the ``vietnamadminunits`` package ships with a centre
    point each. Used when no data directory is configured; boundaries are then only approximate.

Every function returns a DataFrame with the columns of :data:`COMMUNE_COLUMNS`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from geo.i18n import N_, _

__all__ = [
    "COMMUNE_COLUMNS",
    "CROSSWALK_FILE",
    "GADM_FILE",
    "MERGES_FILE",
    "RECORD_VERSIONS",
    "VERSIONS",
    "WARDS_2025_FILE",
    "BoundaryVersion",
    "DataFileMissingError",
    "available_versions",
    "communes",
    "data_file",
    "gadm_to_code",
    "record_version",
    "vau_database",
]

CROSSWALK_FILE = "ha_nam_communes_codes_crosswalk_2019_2025.csv"
GADM_FILE = "ha_nam_communes_gadm41_simplified_with_census2019.geojson"
MERGES_FILE = "ha_nam_merges_2019_2020.csv"
WARDS_2025_FILE = "ha_nam_wards_2025_post_merger_sapnhapbando.geojson"

COMMUNE_COLUMNS = [
    "code",
    "name",
    "full_name",
    "type",
    "district_code",
    "district_name",
    "urban",
    "version",
    "population_2019",
    "lat",
    "lon",
]

_TYPES = {"phường": "phường", "thị trấn": "thị trấn", "xã": "xã", "thịtrấn": "thị trấn"}
_URBAN_TYPES = {"phường", "thị trấn"}


@dataclass(frozen=True)
class BoundaryVersion:
    """A boundary version the app can show.

    Attributes
    ----------
    key : str
        ``"2020-2024"``, ``"2025-07"`` or ``"approximate"``.
    label : str
        Vietnamese name shown in the version picker (the catalog's id: show ``_(label)``).
    description : str
        Vietnamese one-line explanation (the catalog's id: show ``_(description)``).
    approximate : bool
        ``True`` for the Voronoi fallback, whose borders are only indicative.
    """

    key: str
    label: str
    description: str
    approximate: bool = False


VERSIONS: dict[str, BoundaryVersion] = {
    v.key: v
    for v in (
        BoundaryVersion(
            "2020-2024",
            N_("2020-2024 (109 xã, phường, thị trấn)"),
            N_("Địa giới áp dụng trong năm 2023"),
        ),
        BoundaryVersion("2025-07", N_("07/2025 (33 xã, phường)"), N_("Sau sắp xếp từ 01/7/2025")),
        BoundaryVersion(
            "approximate",
            N_("Ranh giới gần đúng (98 đơn vị, 01/2025)"),
            N_("Ô Voronoi quanh trung tâm xã; chỉ để tham khảo"),
            approximate=True,
        ),
    )
}


class DataFileMissingError(FileNotFoundError):
    """A boundary or code file that a version needs is not in the data directory."""


def data_file(data_dir: Path | None, name: str) -> Path:
    """Return the path of a third-party file that must be in the data directory.

    Parameters
    ----------
    data_dir : Path or None
        The configured data directory (``None`` when none is configured).
    name : str
        File name, such as :data:`GADM_FILE`.

    Returns
    -------
    Path
        ``data_dir / name``, an existing file.

    Raises
    ------
    DataFileMissingError
        No data directory is configured, or the file is not in it (message in the language in
        use).

    Examples
    --------
    >>> try:
    ...     data_file(None, MERGES_FILE)
    ... except DataFileMissingError as error:
    ...     print(error)
    Chưa cấu hình thư mục dữ liệu (VNEID_DATA_DIR) để đọc ha_nam_merges_2019_2020.csv.
    """
    if data_dir is None:
        raise DataFileMissingError(
            _("Chưa cấu hình thư mục dữ liệu (VNEID_DATA_DIR) để đọc {file}.").format(file=name)
        )
    path = Path(data_dir) / name
    if not path.is_file():
        raise DataFileMissingError(_("Không tìm thấy tệp {path}.").format(path=path))
    return path


def available_versions(data_dir: Path | None) -> list[str]:
    """List the boundary versions that can be built from ``data_dir``.

    Parameters
    ----------
    data_dir : Path or None
        Folder with the third-party files, or ``None``.

    Returns
    -------
    list of str
        Keys of :data:`VERSIONS` whose files are all present, in the order of
        :data:`VERSIONS`; ``"approximate"`` (which needs no file) is always last.

    Examples
    --------
    >>> available_versions(None)
    ['approximate']
    """
    out: list[str] = []
    if data_dir is not None:
        d = Path(data_dir)
        if all((d / f).is_file() for f in (CROSSWALK_FILE, GADM_FILE, MERGES_FILE)):
            out.append("2020-2024")
        if (d / WARDS_2025_FILE).is_file():
            out.append("2025-07")
    out.append("approximate")
    return out


#: The versions imported records are checked against, best first (see :func:`record_version`).
RECORD_VERSIONS = ("2020-2024", "approximate")


def record_version(data_dir: Path | None) -> str:
    """Choose the registry version that imported records are checked against.

    The 2023 campaign used the 2020-2024 structure (it needs the data directory); without it
    the 98-unit approximate registry of 01/2025 is used (same codes for the pilot units).

    Parameters
    ----------
    data_dir : Path or None
        Folder with the third-party files, or ``None``.

    Returns
    -------
    str
        ``"2020-2024"`` or ``"approximate"``.

    Examples
    --------
    >>> record_version(None)
    'approximate'
    """
    available = available_versions(data_dir)
    return next(v for v in RECORD_VERSIONS if v in available)


def _split_type(full_name: str) -> tuple[str, str]:
    """Split a full unit name into its type and its name.

    Returns
    -------
    tuple of str
        ``"Thị trấn Vĩnh Trụ"`` -> ``("thị trấn", "Vĩnh Trụ")``; a name without a prefix is a
        ``"xã"``.
    """
    low = full_name.strip()
    for prefix in ("Thị trấn", "Phường", "Xã"):
        if low.startswith(prefix + " "):
            return prefix.lower(), low[len(prefix) + 1 :].strip()
    return "xã", low


def gadm_to_code(data_dir: Path | None) -> pd.Series:
    """Map each GADM 4.1 level-3 id (``GID_3``) to the GSO code of its 2020-2024 unit.

    The crosswalk gives the code of the 106 units that survived 2020; the merges table gives the
    unit that absorbed each of the ten others.

    Parameters
    ----------
    data_dir : Path or None
        Folder with :data:`CROSSWALK_FILE` and :data:`MERGES_FILE`.

    Returns
    -------
    pandas.Series
        GSO ``code`` (str) indexed by ``GID_3``.

    Raises
    ------
    DataFileMissingError
        A file is missing.
    """
    cw = pd.read_csv(data_file(data_dir, CROSSWALK_FILE), dtype=str)
    merges = pd.read_csv(data_file(data_dir, MERGES_FILE), dtype=str)
    direct = cw.dropna(subset=["gadm41_GID_3", "gso_code"])
    direct = direct[direct["in_list_2024_11"] == "1"]
    mapping = pd.concat(
        [
            direct.set_index("gadm41_GID_3")["gso_code"],
            merges.set_index("gadm41_GID_3")["merged_into_gso_code"],
        ]
    )
    mapping = mapping[~mapping.index.duplicated(keep="first")]
    mapping.name = "code"
    mapping.index.name = "GID_3"
    return mapping.astype(str)


def _communes_2020_2024(data_dir: Path | None) -> pd.DataFrame:
    """Read the 109 units of 2020-2024 from the GSO crosswalk, with their 2019 census counts.

    Returns
    -------
    pandas.DataFrame
        Registry columns up to ``district_name``, plus ``population_2019``.
    """
    cw = pd.read_csv(data_file(data_dir, CROSSWALK_FILE), dtype=str)
    units = cw[cw["in_list_2024_11"] == "1"].copy()
    mapping = gadm_to_code(data_dir)
    census = cw.dropna(subset=["gadm41_GID_3"]).assign(
        code=lambda d: d["gadm41_GID_3"].map(mapping),
        pop=lambda d: pd.to_numeric(d["census2019_total"], errors="coerce"),
    )
    pop = census.dropna(subset=["code"]).groupby("code")["pop"].sum(min_count=1)
    types = units["type_2024_11"].str.lower().map(_TYPES)
    out = pd.DataFrame(
        {
            "code": units["gso_code"].str.strip(),
            "name": units["name_2024_11"].str.strip(),
            "full_name": units["full_name_2024_11"].str.strip(),
            "type": types,
            "district_code": units["district_code"].str.strip(),
            "district_name": units["district_2024_11"].str.strip(),
        }
    )
    out["population_2019"] = out["code"].map(pop).round().astype("Int64")
    return out


def _communes_2025_07(data_dir: Path | None) -> pd.DataFrame:
    """Read the 33 units of July 2025 from the attributes of the wards file.

    Returns
    -------
    pandas.DataFrame
        Registry columns up to ``district_name`` (no districts), plus ``population_2019``.
    """
    import pyogrio

    attrs = pyogrio.read_dataframe(data_file(data_dir, WARDS_2025_FILE), read_geometry=False)
    split = attrs["fullName"].map(_split_type)
    return pd.DataFrame(
        {
            "code": attrs["code"].astype(str).str.strip(),
            "name": attrs["name"].str.strip(),
            "full_name": attrs["fullName"].str.strip(),
            "type": [t for t, _ in split],
            "district_code": None,
            "district_name": None,
            "population_2019": pd.array([pd.NA] * len(attrs), dtype="Int64"),
        }
    )


def vau_database() -> Path:
    """Return the SQLite database that the ``vietnamadminunits`` package ships.

    Returns
    -------
    Path
        Its ``data/dataset.db``, read-only (units of 1 January 2025 with centres and bounds).
    """
    return Path(str(resources.files("vietnamadminunits") / "data" / "dataset.db"))


def _communes_approximate() -> pd.DataFrame:
    """Read the 98 units of 1 January 2025, with a centre each, from ``vietnamadminunits``.

    Returns
    -------
    pandas.DataFrame
        Registry columns up to ``district_name``, plus ``population_2019``, ``lat``, ``lon``.
    """
    query = (
        "SELECT wardCode, ward, wardType, districtCode, district, wardLat, wardLon "
        "FROM admin_units_legacy WHERE provinceCode = '35' ORDER BY wardCode"
    )
    with sqlite3.connect(f"file:{vau_database()}?mode=ro", uri=True) as con:
        raw = pd.read_sql_query(query, con)
    split = raw["ward"].map(_split_type)
    return pd.DataFrame(
        {
            "code": raw["wardCode"].astype(str),
            "name": [n for _, n in split],
            "full_name": raw["ward"],
            "type": [t for t, _ in split],
            "district_code": raw["districtCode"].astype(str),
            "district_name": raw["district"],
            "population_2019": pd.array([pd.NA] * len(raw), dtype="Int64"),
            "lat": raw["wardLat"].astype(float),
            "lon": raw["wardLon"].astype(float),
        }
    )


def _finish(df: pd.DataFrame, version: str) -> pd.DataFrame:
    """Add ``urban``, ``version`` and missing centres, in registry order.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`COMMUNE_COLUMNS`, sorted by code.
    """
    df = df.copy()
    df["urban"] = df["type"].isin(_URBAN_TYPES)
    df["version"] = version
    for col in ("lat", "lon"):
        if col not in df:
            df[col] = float("nan")
    return df[COMMUNE_COLUMNS].sort_values("code", ignore_index=True)


def communes(version: str, data_dir: Path | None = None) -> pd.DataFrame:
    """Return the commune-level units of a boundary version.

    Parameters
    ----------
    version : {"2020-2024", "2025-07", "approximate"}
        Boundary version, see :data:`VERSIONS`.
    data_dir : Path, optional
        Folder holding the third-party files; not needed for ``"approximate"``.

    Returns
    -------
    pandas.DataFrame
        One row per unit with the columns of :data:`COMMUNE_COLUMNS`. ``lat``/``lon`` are
        filled for the approximate version only; :func:`geo.places.boundaries.load_boundaries` adds
        a representative point for the others.

    Raises
    ------
    KeyError
        Unknown version.
    DataFileMissingError
        The version needs a file that ``data_dir`` does not hold.

    Examples
    --------
    >>> df = communes("approximate")
    >>> len(df), df.loc[df.code == "13291", "full_name"].item()
    (98, 'Phường Lê Hồng Phong')
    """
    if version not in VERSIONS:
        raise KeyError(
            _("Phiên bản ranh giới không hợp lệ: {version}").format(version=repr(version))
        )
    if version == "2020-2024":
        df = _communes_2020_2024(data_dir)
    elif version == "2025-07":
        df = _communes_2025_07(data_dir)
    else:
        df = _communes_approximate()
    return _finish(df, version)
