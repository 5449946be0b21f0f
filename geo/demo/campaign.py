"""The demo's teams and visits: the 2023 pilot and the province-wide roll-out, generated.

Everything is drawn from one ``numpy.random.default_rng(seed)`` in a fixed order (teams, pilot
visits, roll-out visits), so the same seed and communes give the same rows.

*Pilot, 13/02/2023 to 14/03/2023* (as reported by Hà Nam provincial police): 7 teams
("Tổ 1 (DEMO)" … "Tổ 7 (DEMO)") with 2+2+2+2+2+2+1 = 13 officers visit 8 commune-level units
(:data:`PILOT_CODES`: phường Lê Hồng Phong 13291 and Quang Trung 13285 in Phủ Lý, xã Phù Vân
13306 in Phủ Lý, phường Đồng Văn 13321 in Duy Tiên, thị trấn Quế 13384 in Kim Bảng, xã Thanh Hà
13453 in Thanh Liêm, xã An Nội 13540 in Bình Lục, xã Nhân Thịnh 13600 in Lý Nhân; all eight codes
exist both in the 2020-2024 list and in the 98-unit list of 01/2025) and 3 schools. Each team
alternates between two neighbouring units of that list, so all eight are covered. Household
visits in urban units (phường, thị trấn) start between 18:00 and 19:00 and end by 21:30; in rural
units (xã) they start between 16:00 and 17:00 and end by 19:30. Schools, agencies and businesses
are visited in the daytime (08:00-11:00 or 14:00-16:30). Each visit gets a random weight
(household 8-20, agency or business 25-40, school 60-90); the reported 1,923 activations are
split over the visits in proportion to these weights with the largest-remainder method
(:func:`geo.demo.apportion.largest_remainder`), so the total is exact. Per row, ``registered`` =
``activated`` + 0-3, ``people_guided`` = ``registered`` + 0-5, so activated ≤ registered ≤ people
guided.

*Roll-out, 15/03/2023 to 31/05/2023*: the 7 pilot teams continue anywhere in the province and 12
teams of the district police join (2 per district: the communes, sorted by district and code, are
cut into 12 consecutive blocks of nearly equal size, one per team). Each team works on a day with
probability 0.7 (pilot teams 0.6); place types are household 85 %, agency 7 %, business 6 %,
school 2 %; activations per visit are drawn uniformly (household 5-34, agency/business 10-49,
school 30-119). The same time windows apply.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

import numpy as np
import pandas as pd

from geo.demo.apportion import largest_remainder
from geo.demo.visits import (
    VisitRow,
    commune_point,
    day_place,
    finish_counts,
    household_place,
    household_window,
    visit_frame,
    visit_point,
    visit_row,
)
from geo.i18n import _
from geo.places.names import district_short_name

__all__ = [
    "INTERIM_DATES",
    "PILOT_ACTIVATED",
    "PILOT_CODES",
    "PILOT_END",
    "PILOT_SCHOOLS",
    "PILOT_START",
    "PILOT_TEAM_MEMBERS",
    "ROLLOUT_END",
    "SEED",
    "Fieldwork",
    "generate_fieldwork",
]

SEED = 20230213

PILOT_START = date(2023, 2, 13)
PILOT_END = date(2023, 3, 14)
#: Interim official counts (demo assumption): end of the pilot and monthly after it.
INTERIM_DATES = (date(2023, 3, 14), date(2023, 4, 14), date(2023, 5, 15))
ROLLOUT_END = date(2023, 5, 31)
#: The 8 pilot units: the two named in the article first, then six more (4 urban, 4 rural).
PILOT_CODES = ("13291", "13540", "13285", "13306", "13321", "13384", "13453", "13600")
PILOT_ACTIVATED = 1_923
PILOT_TEAM_MEMBERS = (2, 2, 2, 2, 2, 2, 1)
#: (code, name, date, start, end, team index) of the three pilot schools.
PILOT_SCHOOLS = (
    ("13291", "Trường THPT mẫu A (DEMO)", date(2023, 2, 21), "08:00", "11:00", 0),
    ("13306", "Trường THCS mẫu B (DEMO)", date(2023, 2, 28), "14:00", "16:30", 2),
    ("13321", "Trường Cao đẳng nghề mẫu C (DEMO)", date(2023, 3, 7), "08:00", "11:00", 4),
)
_PILOT_OTHERS = (
    ("13285", "agency", "Trụ sở UBND phường (DEMO)", date(2023, 2, 16), "14:00", "16:30", 1),
    ("13540", "agency", "Trụ sở UBND xã (DEMO)", date(2023, 2, 24), "08:00", "11:00", 6),
    ("13321", "business", "Công ty mẫu Đồng Văn (DEMO)", date(2023, 3, 2), "14:00", "16:30", 3),
    ("13384", "business", "Công ty mẫu Quế (DEMO)", date(2023, 3, 9), "08:00", "11:00", 5),
)

_HQ = (20.5411, 105.9134)  # Phủ Lý, used when the registry has no coordinates
_DAY_SLOTS = (("08:00", "11:00"), ("14:00", "16:30"))
_ROLLOUT_TYPES = ("household", "agency", "business", "school")
_ROLLOUT_P = (0.85, 0.07, 0.06, 0.02)
_ROLLOUT_RANGE = {
    "household": (5, 35),
    "agency": (10, 50),
    "business": (10, 50),
    "school": (30, 120),
}


class Fieldwork(NamedTuple):
    """The generated teams and visits of the demo campaign.

    Attributes
    ----------
    teams : pandas.DataFrame
        ``name``, ``members`` (``Int64``), ``base_lat``, ``base_lon``: 7 pilot teams, then 12
        district teams.
    pilot : pandas.DataFrame
        Pilot visits (:data:`geo.schema.VISIT_COLUMNS`), sorted by date, team and start.
    rollout : pandas.DataFrame
        Roll-out visits, likewise.
    """

    teams: pd.DataFrame
    pilot: pd.DataFrame
    rollout: pd.DataFrame


def generate_fieldwork(communes: pd.DataFrame, seed: int = SEED) -> Fieldwork:
    """Generate the demo's teams, pilot visits and roll-out visits.

    Parameters
    ----------
    communes : pandas.DataFrame
        Registry frame with ``lat``/``lon`` points (see :func:`geo.demo.communes_with_points`),
        sorted by code, holding the 8 :data:`PILOT_CODES`.
    seed : int, default :data:`SEED`
        Seed of the random generator.

    Returns
    -------
    Fieldwork
        Teams and visits; the same seed and communes give the same frames.

    Raises
    ------
    ValueError
        A pilot code is not in ``communes`` (Vietnamese message naming it).
    """
    info = _pilot_lookup(communes)
    rng = np.random.default_rng(seed)
    pilot_teams = [f"Tổ {i} (DEMO)" for i in range(1, len(PILOT_TEAM_MEMBERS) + 1)]
    hq = list(commune_point(info, "13291"))
    if any(np.isnan(hq)):
        hq = list(_HQ)
    team_specs: list[VisitRow] = [
        {"name": n, "members": m, "base_lat": hq[0], "base_lon": hq[1]}
        for n, m in zip(pilot_teams, PILOT_TEAM_MEMBERS, strict=True)
    ]
    district_teams, blocks, district_specs = _rollout_teams(communes, rng)
    teams = pd.DataFrame(team_specs + district_specs)
    teams["members"] = teams["members"].astype("Int64")
    pilot = _pilot_visits(rng, info, pilot_teams)
    rollout = _rollout_visits(rng, communes, info, pilot_teams, district_teams, blocks)
    return Fieldwork(teams, pilot, rollout)


def _pilot_lookup(communes: pd.DataFrame) -> pd.DataFrame:
    """Index the registry by code, checking that it holds every pilot unit.

    Returns
    -------
    pandas.DataFrame
        ``communes`` indexed by ``code``.
    """
    missing = sorted(set(PILOT_CODES) - set(communes["code"]))
    if missing:
        raise ValueError(
            _("Danh mục xã không có các mã của mô hình thí điểm: {codes}").format(
                codes=", ".join(missing)
            )
        )
    return communes.set_index("code")


# --------------------------------------------------------------------------- pilot


def _pilot_visits(rng: np.random.Generator, info: pd.DataFrame, teams: list[str]) -> pd.DataFrame:
    """Generate the pilot: schools, agencies and businesses, then evenings in two units per team.

    Returns
    -------
    pandas.DataFrame
        The pilot visits, with exactly :data:`PILOT_ACTIVATED` activations in all.
    """
    rows: list[VisitRow] = []
    weights: list[float] = []
    for code, name, day, start, end, t in PILOT_SCHOOLS:
        rows.append(
            visit_row(
                day, teams[t], code, "school", name, (start, end), visit_point(rng, info, code)
            )
        )
        weights.append(rng.uniform(60, 90))
    for code, ptype, name, day, start, end, t in _PILOT_OTHERS:
        rows.append(
            visit_row(day, teams[t], code, ptype, name, (start, end), visit_point(rng, info, code))
        )
        weights.append(rng.uniform(25, 40))
    daytime = {(r["date"].date(), r["team"]) for r in rows}
    n_days = (PILOT_END - PILOT_START).days + 1
    for t, team_name in enumerate(teams):
        homes = (PILOT_CODES[t], PILOT_CODES[(t + 1) % len(PILOT_CODES)])
        turn = 0
        for d in range(n_days):
            day = PILOT_START + timedelta(days=d)
            if (day, team_name) in daytime or rng.random() >= 0.75:
                continue
            code = homes[turn % 2]
            turn += 1
            urban = bool(info.at[code, "urban"])
            rows.append(
                visit_row(
                    day,
                    team_name,
                    code,
                    "household",
                    household_place(rng, urban),
                    household_window(rng, urban),
                    visit_point(rng, info, code),
                )
            )
            weights.append(rng.uniform(8, 20))
    finish_counts(rng, rows, largest_remainder(PILOT_ACTIVATED, weights))
    return visit_frame(rows)


# --------------------------------------------------------------------------- roll-out


def _district_blocks(communes: pd.DataFrame, n: int) -> list[pd.DataFrame]:
    """Cut the communes, sorted by district and code, into ``n`` consecutive blocks.

    Returns
    -------
    list of pandas.DataFrame
        Blocks of nearly equal size (:func:`numpy.array_split`).
    """
    ordered = communes.assign(_d=communes["district_code"].fillna("")).sort_values(["_d", "code"])
    cuts = np.array_split(np.arange(len(ordered)), n)
    return [ordered.iloc[c].drop(columns="_d") for c in cuts]


def _district_label(block: pd.DataFrame) -> str:
    """Name a block after its most frequent district (short name).

    Returns
    -------
    str
        ``"Phủ Lý"``, or ``"cơ sở"`` when the registry has no districts.
    """
    names = block["district_name"].dropna()
    if names.empty:
        return "cơ sở"
    return district_short_name(str(names.mode().iloc[0])) or "cơ sở"


def _rollout_teams(
    communes: pd.DataFrame, rng: np.random.Generator
) -> tuple[list[str], list[pd.DataFrame], list[VisitRow]]:
    """Form the 12 district teams, one per block of communes.

    Returns
    -------
    names : list of str
        ``"Tổ CA Phủ Lý 1 (DEMO)"``...
    blocks : list of pandas.DataFrame
        The communes of each team.
    specs : list of dict
        Team rows: name, members (2-4) and base at the block's mean point.
    """
    blocks = _district_blocks(communes, 12)
    names: list[str] = []
    specs: list[VisitRow] = []
    seen: dict[str, int] = {}
    for block in blocks:
        label = _district_label(block)
        seen[label] = seen.get(label, 0) + 1
        name = f"Tổ CA {label} {seen[label]} (DEMO)"
        names.append(name)
        lat = pd.to_numeric(block["lat"]).mean()
        lon = pd.to_numeric(block["lon"]).mean()
        specs.append(
            {
                "name": name,
                "members": int(rng.integers(2, 5)),
                "base_lat": round(float(lat), 5) if pd.notna(lat) else float("nan"),
                "base_lon": round(float(lon), 5) if pd.notna(lon) else float("nan"),
            }
        )
    return names, blocks, specs


def _rollout_visits(
    rng: np.random.Generator,
    communes: pd.DataFrame,
    info: pd.DataFrame,
    pilot_teams: list[str],
    district_teams: list[str],
    blocks: list[pd.DataFrame],
) -> pd.DataFrame:
    """Generate the roll-out: every team, every day, with its probability of working.

    Returns
    -------
    pandas.DataFrame
        The roll-out visits.
    """
    rows: list[VisitRow] = []
    activated: list[int] = []
    start = PILOT_END + timedelta(days=1)
    all_codes = communes["code"].tolist()
    crews = [(t, all_codes, 0.6) for t in pilot_teams]
    crews += [(t, b["code"].tolist(), 0.7) for t, b in zip(district_teams, blocks, strict=True)]
    counter = 0
    for d in range((ROLLOUT_END - start).days + 1):
        day = start + timedelta(days=d)
        for team_name, codes, p in crews:
            if rng.random() >= p:
                continue
            code = codes[int(rng.integers(0, len(codes)))]
            urban = bool(info.at[code, "urban"])
            ptype = _ROLLOUT_TYPES[int(rng.choice(4, p=_ROLLOUT_P))]
            if ptype == "household":
                place, window = household_place(rng, urban), household_window(rng, urban)
            else:
                counter += 1
                place = day_place(ptype, str(info.at[code, "name"]), counter)
                window = _DAY_SLOTS[int(rng.integers(0, 2))]
            rows.append(
                visit_row(day, team_name, code, ptype, place, window, visit_point(rng, info, code))
            )
            lo, hi = _ROLLOUT_RANGE[ptype]
            activated.append(int(rng.integers(lo, hi)))
    finish_counts(rng, rows, np.asarray(activated, dtype="int64"))
    return visit_frame(rows)
