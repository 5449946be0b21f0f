"""Demo campaign ("dữ liệu mẫu"): the 2023 pilot and the province-wide roll-out, generated.

Run ``python -m geo demo`` (or ``python -m geo.demo``) to load it into the configured database;
the app also loads it on first start when the database is empty (:func:`ensure_demo`).
Everything here is **demo data**: team names, notes and file names say ``DEMO`` /
``dữ liệu mẫu`` and the batches are imported by the user ``demo``, so they can be recognised and
undone like any other import.

Method
------
The demo is generated deterministically from a seed (:data:`SEED`) with
``numpy.random.default_rng``; two builds with the same seed and communes are identical, byte for
byte. The modules document each part:

:mod:`geo.demo.campaign`
    Teams and visits of the pilot (13/02/2023 to 14/03/2023: 7 teams, 8 units, 1,923
    activations) and of the roll-out (15/03/2023 to 31/05/2023: 12 district teams join), each
    visit drawn by :mod:`geo.demo.visits` (time windows, places, positions, counts).
:mod:`geo.demo.targets`
    Official counts and quotas per commune, split from the province totals (754,277 eligible
    and 401,592 activated in May 2023) with the largest-remainder method
    (:mod:`geo.demo.apportion`).
:mod:`geo.demo.files`
    The four files in the ingest format (pilot visits and baseline targets as XLSX, roll-out
    visits and later targets as UTF-8 CSV).
:mod:`geo.demo.cli`
    The command line.

The files are loaded through :func:`geo.ingest.read_visits` / :func:`geo.ingest.read_targets` and
:meth:`geo.store.Store.import_result`, so the demo exercises the real import path and each of its
four batches can be undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from geo.demo.apportion import largest_remainder
from geo.demo.campaign import (
    INTERIM_DATES,
    PILOT_ACTIVATED,
    PILOT_CODES,
    PILOT_END,
    PILOT_SCHOOLS,
    PILOT_START,
    PILOT_TEAM_MEMBERS,
    ROLLOUT_END,
    SEED,
    generate_fieldwork,
)
from geo.demo.files import DemoFile, demo_files
from geo.demo.targets import (
    ACTIVATED_2023_02,
    ACTIVATED_2023_05,
    CENSUS_2019,
    ELIGIBLE_2023_02,
    ELIGIBLE_2023_05,
    QUOTA_2023,
    generate_targets,
    target_weights,
)
from geo.demo.visits import DEMO_NOTE
from geo.i18n import _

if TYPE_CHECKING:
    from geo.ingest import IngestResult
    from geo.store import ImportOutcome, Store

__all__ = [
    "ACTIVATED_2023_02",
    "ACTIVATED_2023_05",
    "CENSUS_2019",
    "DEMO_NOTE",
    "DEMO_USER",
    "ELIGIBLE_2023_02",
    "ELIGIBLE_2023_05",
    "INTERIM_DATES",
    "PILOT_ACTIVATED",
    "PILOT_CODES",
    "PILOT_END",
    "PILOT_SCHOOLS",
    "PILOT_START",
    "PILOT_TEAM_MEMBERS",
    "QUOTA_2023",
    "ROLLOUT_END",
    "SEED",
    "DemoCampaign",
    "DemoFile",
    "build_demo",
    "communes_with_points",
    "ensure_demo",
    "largest_remainder",
    "load_demo",
    "target_weights",
]

#: The user that imports the demo's batches.
DEMO_USER = "demo"


@dataclass(frozen=True)
class DemoCampaign:
    """The whole demo: teams, all visits, all targets and the files in import order.

    Attributes
    ----------
    teams : pandas.DataFrame
        ``name``, ``members``, ``base_lat``, ``base_lon`` of the 19 teams.
    visits : pandas.DataFrame
        Pilot then roll-out visits (:data:`geo.schema.VISIT_COLUMNS`).
    targets : pandas.DataFrame
        Targets of every date (:data:`geo.schema.TARGET_COLUMNS`).
    files : tuple of DemoFile
        The four files, in import order.
    """

    teams: pd.DataFrame
    visits: pd.DataFrame
    targets: pd.DataFrame
    files: tuple[DemoFile, ...]


def build_demo(communes: pd.DataFrame, seed: int = SEED) -> DemoCampaign:
    """Generate the demo campaign (pilot + roll-out visits, targets, teams, files).

    Parameters
    ----------
    communes : pandas.DataFrame
        Registry frame (``geo.places.registry.communes``) that contains the 8 :data:`PILOT_CODES`
        (versions "2020-2024" and "approximate" do).
    seed : int, default :data:`SEED`
        Random seed; the same seed and communes give identical frames and bytes.

    Returns
    -------
    DemoCampaign
        Teams, visits, targets and files.

    Raises
    ------
    ValueError
        ``communes`` lacks a pilot code.

    Examples
    --------
    >>> from geo.places.registry import communes
    >>> campaign = build_demo(communes("approximate"))
    >>> len(campaign.teams), int(campaign.files[1].frame["activated"].sum())  # pilot visits
    (19, 1923)
    >>> [f.file_name.rsplit(".", 1)[1] for f in campaign.files]
    ['xlsx', 'xlsx', 'csv', 'csv']
    """
    communes = communes.sort_values("code", ignore_index=True)
    fieldwork = generate_fieldwork(communes, seed)
    targets = generate_targets(communes, seed)
    files = demo_files(fieldwork.pilot, fieldwork.rollout, targets, communes.set_index("code"))
    visits = pd.concat([fieldwork.pilot, fieldwork.rollout], ignore_index=True)
    return DemoCampaign(teams=fieldwork.teams, visits=visits, targets=targets, files=files)


def _read(demo_file: DemoFile, communes: pd.DataFrame) -> IngestResult:
    """Read a demo file through the normal import path, which must accept every row.

    Returns
    -------
    geo.ingest.IngestResult
        The accepted rows.

    Raises
    ------
    RuntimeError
        The file or a row was rejected (message with the first reasons, in the language in
        use).
    """
    from geo import ingest

    reader = ingest.read_visits if demo_file.kind == "visits" else ingest.read_targets
    result = reader(demo_file.raw, demo_file.file_name, communes)
    if result.file_errors or result.rows_rejected:
        problems = list(result.file_errors) + result.rejected["reason"].astype(str).head(5).tolist()
        raise RuntimeError(
            _("Dữ liệu mẫu bị từ chối ({file}): {problems}").format(
                file=demo_file.file_name, problems="; ".join(problems)
            )
        )
    return result


def load_demo(
    store: Store, communes: pd.DataFrame, *, seed: int = SEED, user: str = DEMO_USER
) -> list[ImportOutcome]:
    """Build the demo, import its four files through the normal import path, add demo accounts.

    The demo accounts (:mod:`geo.demo.accounts`) are made here and nowhere else.

    Parameters
    ----------
    store : geo.store.Store
        The database to load into.
    communes : pandas.DataFrame
        Registry frame with points (:func:`communes_with_points`).
    seed : int, default :data:`SEED`
        Random seed.
    user : str, default :data:`DEMO_USER`
        Who imports the batches.

    Returns
    -------
    list of ImportOutcome
        One per file, in import order (duplicates are recognised, so loading twice is harmless).
    """
    from geo.demo.accounts import add_demo_accounts

    campaign = build_demo(communes, seed)
    outcomes = [store.import_result(_read(f, communes), f.raw, user) for f in campaign.files]
    store.update_teams(campaign.teams, user)
    add_demo_accounts(store, by=user)  # one per role, only with the demo campaign
    return outcomes


def communes_with_points(version: str, data_dir: Path | None) -> pd.DataFrame:
    """Return the registry of ``version`` with a point per unit, as the demo needs it.

    The 2020-2024 and 2025-07 registries carry no coordinates; their points come from the
    boundaries (:func:`geo.places.boundaries.load_boundaries`). The app and the command line both
    use this function, so they generate byte-identical files and a second load is recognised as
    a duplicate.

    Parameters
    ----------
    version : str
        Boundary version (see :data:`geo.places.registry.VERSIONS`).
    data_dir : Path or None
        Folder with the boundary files (not needed for ``"approximate"``).

    Returns
    -------
    pandas.DataFrame
        The registry's columns, ``lat``/``lon`` filled wherever the unit has a boundary.

    Examples
    --------
    >>> units = communes_with_points("approximate", None)
    >>> len(units), bool(units[["lat", "lon"]].notna().all().all())
    (98, True)
    """
    from geo.places.boundaries import load_boundaries
    from geo.places.registry import communes

    units = communes(version, data_dir)
    if units["lat"].notna().all():
        return units
    points = pd.DataFrame(load_boundaries(version, data_dir).gdf[["code", "lat", "lon"]])
    merged = units.drop(columns=["lat", "lon"]).merge(points, on="code", how="left")
    return merged[list(units.columns)]


def ensure_demo(store: Store, communes: pd.DataFrame) -> bool:
    """Load the demo when nothing was ever imported.

    Parameters
    ----------
    store : geo.store.Store
        The database.
    communes : pandas.DataFrame
        Registry frame with points (:func:`communes_with_points`).

    Returns
    -------
    bool
        Whether the demo was loaded.
    """
    if not store.is_empty():
        return False
    load_demo(store, communes)
    return True
