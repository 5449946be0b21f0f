"""Demo campaign ("dữ liệu mẫu"): the 2023 pilot and the province-wide roll-out, generated.

Run ``python -m geo.demo`` to load it into the configured database; the app also loads it on
first start when the database is empty (:func:`ensure_demo`). Everything here is **demo data**:
team names, notes and file names say ``DEMO`` / ``dữ liệu mẫu`` and the batches are imported by
the user ``demo``, so they can be recognised and undone like any other import.

Method
------
The demo is generated deterministically from a seed (:data:`SEED`) with
``numpy.random.default_rng``; two builds with the same seed and communes are identical, byte for
byte (the XLSX files get fixed timestamps).

*Pilot, 13/02/2023 to 14/03/2023* (as reported by Hà Nam provincial police): 7 teams
("Tổ 1 (DEMO)" … "Tổ 7 (DEMO)") with 2+2+2+2+2+2+1 = 13 officers visit 8 commune-level units
(:data:`PILOT_CODES`: phường Lê Hồng Phong 13291 and Quang Trung 13285 in Phủ Lý, xã Phù Vân 13306
in Phủ Lý, phường Đồng Văn 13321 in Duy Tiên, thị trấn Quế 13384 in Kim Bảng, xã Thanh Hà 13453 in
Thanh Liêm, xã An Nội 13540 in Bình Lục, xã Nhân Thịnh 13600 in Lý Nhân; all eight codes exist both
in the 2020-2024 list and in the 98-unit list of 01/2025) and 3 schools. Each team alternates
between two neighbouring units of that list, so all eight are covered. Household visits in urban
units (phường, thị trấn) start between 18:00 and 19:00 and end by 21:30; in rural units (xã) they
start between 16:00 and 17:00 and end by 19:30. Schools, agencies and businesses are visited in the
daytime (08:00-11:00 or 14:00-16:30). Each visit gets a random weight (household 8-20, agency or
business 25-40, school 60-90); the reported 1,923 activations are split over the visits in
proportion to these weights with the largest-remainder method, so the total is exact. Per row,
``registered`` = ``activated`` + 0-3, ``people_guided`` = ``registered`` + 0-5, so
activated ≤ registered ≤ people guided.

*Roll-out, 15/03/2023 to 31/05/2023*: the 7 pilot teams continue anywhere in the province and 12
teams of the district police join (2 per district: the communes, sorted by district and code, are
cut into 12 consecutive blocks of nearly equal size, one per team). Each team works on a day with
probability 0.7 (pilot teams 0.6); place types are household 85 %, agency 7 %, business 6 %,
school 2 %; activations per visit are drawn uniformly (household 5-34, agency/business 10-49,
school 30-119). The same time windows apply.

*Targets* (``target`` rows, one per commune and date): as of 31/05/2023 the province totals are the
figures reported around May 2023, 754,277 citizens with a chip-based ID card (``eligible``) and
401,592 accounts activated (``activated_baseline``, the official count). A baseline as of
13/02/2023 uses plausible lower demo figures (:data:`ELIGIBLE_2023_02`, :data:`ACTIVATED_2023_02`;
not reported figures). ``population`` splits the 2019 census total 852,800 and ``quota`` a province
quota of 603,422 (80 % of the May eligible, a demo assumption). Every province total is split
across the communes in proportion to their 2019 census population with the largest-remainder
(Hamilton) method; the activated counts use the population weighted by a seeded per-commune factor
(urban units 12 % ahead, lognormal spread, see :func:`_activation_factors`) so that the map shows
strong and weak communes instead of one uniform rate, and the province totals stay exact. Largest
remainder: each commune first gets ``floor(total × w / W)``, then the units still missing go, one
each, to the communes with the largest fractional parts (ties broken by commune code), so the
integer totals are exact. When ``population_2019`` is missing for every commune (the approximate
registry), all weights are equal; when it is missing for some, those communes get the median of the
known populations as weight.

Interim official counts on :data:`INTERIM_DATES` (demo assumption) interpolate each commune's
``eligible`` and ``activated_baseline`` linearly between 13/02 and 31/05; they travel in the
same CSV as the May counts.

The tables are written to real files in the ingest format (pilot visits and the baseline targets
as XLSX, roll-out visits and the May targets as UTF-8 CSV with ``dd/mm/yyyy`` dates) and loaded
through :func:`geo.ingest.read_visits` / :func:`geo.ingest.read_targets` and
:meth:`geo.store.Store.import_result`, so the demo exercises the real import path and each of its
four batches can be undone.
"""

from __future__ import annotations

import argparse
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from geo.ingest import FILE_HEADERS
from geo.store import TARGET_COLUMNS, VISIT_COLUMNS, ImportOutcome, Store

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
    "main",
    "target_weights",
]

SEED = 20230213
DEMO_USER = "demo"
DEMO_NOTE = "Dữ liệu mẫu (DEMO)"

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

CENSUS_2019 = 852_800
ELIGIBLE_2023_05 = 754_277
ACTIVATED_2023_05 = 401_592
ELIGIBLE_2023_02 = 741_326  # demo assumption, not a reported figure
ACTIVATED_2023_02 = 265_310  # demo assumption, not a reported figure
QUOTA_2023 = 603_422  # 80 % of ELIGIBLE_2023_05, demo assumption

_HQ = (20.5411, 105.9134)  # Phủ Lý, used when the registry has no coordinates
_FIXED_TIME = datetime(2023, 6, 1, 0, 0, 0)
_URBAN_WINDOW = ("18:00", "21:30")
_RURAL_WINDOW = ("16:00", "19:30")
_DAY_SLOTS = (("08:00", "11:00"), ("14:00", "16:30"))


@dataclass(frozen=True)
class DemoFile:
    """One generated file: ``kind`` ("visits" | "targets"), name, bytes, and its rows in the
    ingest contract's columns (``frame``; the file itself uses the template's headers)."""

    kind: str
    file_name: str
    raw: bytes
    frame: pd.DataFrame


@dataclass(frozen=True)
class DemoCampaign:
    """The whole demo: teams, all visits, all targets and the files in import order."""

    teams: pd.DataFrame
    visits: pd.DataFrame
    targets: pd.DataFrame
    files: tuple[DemoFile, ...]


# --------------------------------------------------------------------------- arithmetic


def largest_remainder(total: int, weights: Sequence[float] | np.ndarray) -> np.ndarray:
    """Split an integer total in proportion to weights, exactly (Hamilton's method).

    Parameters
    ----------
    total : int
        Non-negative integer to split.
    weights : sequence of float
        Non-negative weights with a positive sum.

    Returns
    -------
    numpy.ndarray
        int64 parts, summing to ``total``; leftover units go to the largest fractional parts,
        ties to the earlier position.

    Examples
    --------
    >>> largest_remainder(10, [1, 1, 1]).tolist()
    [4, 3, 3]
    >>> largest_remainder(7, [0.5, 0.25, 0.25]).tolist()
    [3, 2, 2]
    """
    w = np.asarray(weights, dtype="float64")
    if total < 0 or w.size == 0 or (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise ValueError("total must be >= 0 and weights non-negative with a positive sum")
    exact = total * w / w.sum()
    parts = np.floor(exact).astype("int64")
    left = int(total - parts.sum())
    order = np.lexsort((np.arange(w.size), -(exact - parts)))
    parts[order[:left]] += 1
    return parts


def target_weights(communes: pd.DataFrame) -> np.ndarray:
    """Weights for splitting province totals: 2019 population (see the module docstring).

    Examples
    --------
    >>> df = pd.DataFrame({"population_2019": pd.array([100, None, 300], dtype="Int64")})
    >>> target_weights(df).tolist()
    [100.0, 200.0, 300.0]
    """
    pop = pd.to_numeric(communes["population_2019"], errors="coerce").astype("float64")
    if pop.isna().all():
        return np.ones(len(pop))
    return pop.fillna(pop.median()).to_numpy()


# --------------------------------------------------------------------------- generation


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _household_window(rng: np.random.Generator, urban: bool) -> tuple[str, str]:
    first, last = _URBAN_WINDOW if urban else _RURAL_WINDOW
    start = _minutes(first) + 15 * int(rng.integers(0, 5))
    end = min(start + 15 * int(rng.integers(6, 11)), _minutes(last))
    return _hhmm(start), _hhmm(end)


def _point(rng: np.random.Generator, info: pd.Series) -> tuple[float, float]:
    lat, lon = float(info["lat"]), float(info["lon"])
    if np.isnan(lat) or np.isnan(lon):
        return float("nan"), float("nan")
    return round(lat + rng.normal(0, 0.004), 5), round(lon + rng.normal(0, 0.004), 5)


def _household_place(rng: np.random.Generator, urban: bool) -> str:
    k = int(rng.integers(1, 13))
    return f"Tổ dân phố số {k}" if urban else f"Thôn {k}"


def _day_place(rng: np.random.Generator, place_type: str, info: pd.Series, k: int) -> str:
    if place_type == "school":
        return f"Trường học mẫu {k} - {info['name']} (DEMO)"
    if place_type == "agency":
        return f"Cơ quan mẫu {k} - {info['name']} (DEMO)"
    return f"Doanh nghiệp mẫu {k} - {info['name']} (DEMO)"


def _finish_counts(rng: np.random.Generator, rows: list[dict], activated: np.ndarray) -> None:
    for row, act in zip(rows, activated.tolist(), strict=True):
        registered = act + int(rng.integers(0, 4))
        guided = registered + int(rng.integers(0, 6))
        row["activated"] = act
        row["registered"] = registered
        row["people_guided"] = guided
        row["services_used"] = int(rng.binomial(act, 0.3)) if act else 0
        if row["place_type"] == "household":
            row["households"] = max(1, int(np.ceil(guided / rng.uniform(1.4, 2.2))))
        else:
            row["households"] = None


def _visit_row(
    day: date, team: str, code: str, place_type: str, place: str, window: tuple[str, str], pt
) -> dict:
    return {
        "date": pd.Timestamp(day),
        "team": team,
        "code": code,
        "place_type": place_type,
        "place_name": place,
        "start": window[0],
        "end": window[1],
        "lat": pt[0],
        "lon": pt[1],
        "note": DEMO_NOTE,
    }


def _pilot_visits(rng: np.random.Generator, info: pd.DataFrame, teams: list[str]) -> pd.DataFrame:
    rows: list[dict] = []
    weights: list[float] = []
    for code, name, day, start, end, t in PILOT_SCHOOLS:
        rows.append(
            _visit_row(
                day, teams[t], code, "school", name, (start, end), _point(rng, info.loc[code])
            )
        )
        weights.append(rng.uniform(60, 90))
    for code, ptype, name, day, start, end, t in _PILOT_OTHERS:
        rows.append(
            _visit_row(day, teams[t], code, ptype, name, (start, end), _point(rng, info.loc[code]))
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
            urban = bool(info.loc[code, "urban"])
            rows.append(
                _visit_row(
                    day,
                    team_name,
                    code,
                    "household",
                    _household_place(rng, urban),
                    _household_window(rng, urban),
                    _point(rng, info.loc[code]),
                )
            )
            weights.append(rng.uniform(8, 20))
    _finish_counts(rng, rows, largest_remainder(PILOT_ACTIVATED, weights))
    return _visit_frame(rows)


def _district_blocks(communes: pd.DataFrame, n: int) -> list[pd.DataFrame]:
    ordered = communes.assign(_d=communes["district_code"].fillna("")).sort_values(["_d", "code"])
    cuts = np.array_split(np.arange(len(ordered)), n)
    return [ordered.iloc[c].drop(columns="_d") for c in cuts]


def _district_label(block: pd.DataFrame) -> str:
    names = block["district_name"].dropna()
    if names.empty:
        return "cơ sở"
    return _short_district(names.mode().iloc[0]) or "cơ sở"


def _rollout_teams(
    communes: pd.DataFrame, rng: np.random.Generator
) -> tuple[list[str], list[pd.DataFrame], list[dict]]:
    blocks = _district_blocks(communes, 12)
    names, specs, seen = [], [], {}
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


_ROLLOUT_TYPES = ("household", "agency", "business", "school")
_ROLLOUT_P = (0.85, 0.07, 0.06, 0.02)
_ROLLOUT_RANGE = {
    "household": (5, 35),
    "agency": (10, 50),
    "business": (10, 50),
    "school": (30, 120),
}


def _rollout_visits(
    rng: np.random.Generator,
    communes: pd.DataFrame,
    info: pd.DataFrame,
    pilot_teams: list[str],
    district_teams: list[str],
    blocks: list[pd.DataFrame],
) -> pd.DataFrame:
    rows: list[dict] = []
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
            urban = bool(info.loc[code, "urban"])
            ptype = _ROLLOUT_TYPES[int(rng.choice(4, p=_ROLLOUT_P))]
            if ptype == "household":
                place, window = _household_place(rng, urban), _household_window(rng, urban)
            else:
                counter += 1
                place = _day_place(rng, ptype, info.loc[code], counter)
                window = _DAY_SLOTS[int(rng.integers(0, 2))]
            rows.append(
                _visit_row(day, team_name, code, ptype, place, window, _point(rng, info.loc[code]))
            )
            lo, hi = _ROLLOUT_RANGE[ptype]
            activated.append(int(rng.integers(lo, hi)))
    _finish_counts(rng, rows, np.asarray(activated, dtype="int64"))
    return _visit_frame(rows)


def _visit_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
    for c in ("households", "people_guided", "registered", "activated", "services_used"):
        df[c] = pd.array(df[c].tolist(), dtype="Int64")
    df["lat"] = df["lat"].astype("float64")
    df["lon"] = df["lon"].astype("float64")
    return df.sort_values(["date", "team", "start"], kind="stable", ignore_index=True)[
        VISIT_COLUMNS
    ]


def _activation_factors(communes: pd.DataFrame, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-commune multipliers of the activated share (February, May): a demo assumption.

    Urban units start 12 % ahead; each commune gets a lognormal factor (sigma 0.22) in February
    and a smaller change (sigma 0.08) by May, clipped to [0.55, 1.7]. Drawn from their own
    generator so the visits do not depend on them.
    """
    rng = np.random.default_rng(seed + 1)
    urban = communes["urban"].fillna(False).to_numpy(dtype=bool)
    feb = np.exp(rng.normal(0.0, 0.22, len(communes))) * np.where(urban, 1.12, 1.0)
    may = feb * np.exp(rng.normal(0.0, 0.08, len(communes)))
    return np.clip(feb, 0.55, 1.7), np.clip(may, 0.55, 1.7)


def _targets(communes: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    w = target_weights(communes)
    population = largest_remainder(CENSUS_2019, w)
    quota = largest_remainder(QUOTA_2023, w)
    feb, may = _activation_factors(communes, seed)
    frames = []
    for as_of, eligible, activated, factor in (
        (PILOT_START, ELIGIBLE_2023_02, ACTIVATED_2023_02, feb),
        (ROLLOUT_END, ELIGIBLE_2023_05, ACTIVATED_2023_05, may),
    ):
        frames.append(
            pd.DataFrame(
                {
                    "code": communes["code"].to_numpy(),
                    "as_of": pd.Timestamp(as_of),
                    "population": pd.array(population, dtype="Int64"),
                    "eligible": pd.array(largest_remainder(eligible, w), dtype="Int64"),
                    "quota": pd.array(quota, dtype="Int64"),
                    "activated_baseline": pd.array(
                        largest_remainder(activated, w * factor), dtype="Int64"
                    ),
                }
            )
        )
    frames[1:1] = [_between(frames[0], frames[1], day) for day in INTERIM_DATES]
    out = pd.concat(frames, ignore_index=True)
    out["as_of"] = out["as_of"].astype("datetime64[ns]")
    return out[TARGET_COLUMNS]


def _between(first: pd.DataFrame, last: pd.DataFrame, day: date) -> pd.DataFrame:
    """Official counts on ``day``, linear per commune between the first and the last count."""
    t0, t1 = first["as_of"].iloc[0], last["as_of"].iloc[0]
    f = (pd.Timestamp(day) - t0) / (t1 - t0)
    out = last.copy()
    out["as_of"] = pd.Timestamp(day)
    for col in ("eligible", "activated_baseline"):
        a, b = first[col].to_numpy(dtype=float), last[col].to_numpy(dtype=float)
        out[col] = pd.array(np.round(a + (b - a) * f).astype(int), dtype="Int64")
    return out


# --------------------------------------------------------------------------- files


#: File headers: exactly the templates' (:data:`geo.ingest.FILE_HEADERS`).
_HEADERS = {**FILE_HEADERS["visits"], **FILE_HEADERS["targets"]}
_SHEETS = {"visits": "Lượt làm việc", "targets": "Chỉ tiêu"}
_DATE_HEADERS = (_HEADERS["date"], _HEADERS["as_of"])


def _short_district(name: object) -> str | None:
    if name is None or pd.isna(name):
        return None
    text = str(name)
    for prefix in ("Thành phố ", "Thị xã ", "Huyện "):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def _file_table(frame: pd.DataFrame, info: pd.DataFrame) -> pd.DataFrame:
    """``frame`` laid out like the ingest template: Vietnamese headers, names beside codes."""
    from geo.ingest import PLACE_TYPE_LABELS

    out = frame.copy()
    pos = out.columns.get_loc("code") + 1
    out.insert(pos, "commune", out["code"].map(info["name"]))
    out.insert(pos + 1, "district", out["code"].map(info["district_name"]).map(_short_district))
    if "place_type" in out:
        out["place_type"] = out["place_type"].map(PLACE_TYPE_LABELS)
    if "as_of" in out:  # the template puts the date after the commune columns
        out = out[["code", "commune", "district", "as_of", *TARGET_COLUMNS[2:]]]
    return out.rename(columns=_HEADERS)


def _cell(value):
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _xlsx_bytes(df: pd.DataFrame, sheet: str) -> bytes:
    """Write ``df`` to XLSX with fixed timestamps so the bytes are reproducible."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(df.columns))
    date_cols = [i for i, c in enumerate(df.columns) if c in _DATE_HEADERS]
    for rec in df.itertuples(index=False):
        ws.append([_cell(v) for v in rec])
    for i in date_cols:
        for (cell,) in ws.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
            cell.number_format = "DD/MM/YYYY"
    wb.properties.creator = "geo.demo"
    wb.properties.created = _FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    data,
                )
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)
    return out.getvalue()


def _csv_bytes(df: pd.DataFrame) -> bytes:
    out = df.copy()
    for c in _DATE_HEADERS:
        if c in out:
            out[c] = out[c].dt.strftime("%d/%m/%Y")
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


# --------------------------------------------------------------------------- public API


def _lookup(communes: pd.DataFrame) -> pd.DataFrame:
    missing = sorted(set(PILOT_CODES) - set(communes["code"]))
    if missing:
        raise ValueError("Danh mục xã không có các mã của mô hình thí điểm: " + ", ".join(missing))
    return communes.set_index("code")


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
    """
    communes = communes.sort_values("code", ignore_index=True)
    info = _lookup(communes)
    rng = np.random.default_rng(seed)
    pilot_teams = [f"Tổ {i} (DEMO)" for i in range(1, len(PILOT_TEAM_MEMBERS) + 1)]
    hq = info.loc["13291", ["lat", "lon"]].astype(float).tolist()
    if any(np.isnan(hq)):
        hq = list(_HQ)
    team_specs = [
        {"name": n, "members": m, "base_lat": hq[0], "base_lon": hq[1]}
        for n, m in zip(pilot_teams, PILOT_TEAM_MEMBERS, strict=True)
    ]
    district_teams, blocks, district_specs = _rollout_teams(communes, rng)
    teams = pd.DataFrame(team_specs + district_specs)
    teams["members"] = pd.array(teams["members"], dtype="Int64")

    pilot = _pilot_visits(rng, info, pilot_teams)
    rollout = _rollout_visits(rng, communes, info, pilot_teams, district_teams, blocks)
    targets = _targets(communes, seed)
    baseline = targets[targets["as_of"] == pd.Timestamp(PILOT_START)].reset_index(drop=True)
    may = targets[targets["as_of"] > pd.Timestamp(PILOT_START)].reset_index(drop=True)

    plan = (
        ("targets", "DEMO_dữ_liệu_mẫu_chỉ_tiêu_13-02-2023.xlsx", baseline),
        ("visits", "DEMO_dữ_liệu_mẫu_thí_điểm_13-02_14-03-2023.xlsx", pilot),
        ("visits", "DEMO_dữ_liệu_mẫu_triển_khai_15-03_31-05-2023.csv", rollout),
        ("targets", "DEMO_dữ_liệu_mẫu_chỉ_tiêu_31-05-2023.csv", may),
    )
    files = tuple(
        DemoFile(
            kind,
            name,
            _xlsx_bytes(_file_table(frame, info), _SHEETS[kind])
            if name.endswith(".xlsx")
            else _csv_bytes(_file_table(frame, info)),
            frame,
        )
        for kind, name, frame in plan
    )
    visits = pd.concat([pilot, rollout], ignore_index=True)
    return DemoCampaign(teams=teams, visits=visits, targets=targets, files=files)


def _read(demo_file: DemoFile, communes: pd.DataFrame):
    from geo import ingest

    reader = ingest.read_visits if demo_file.kind == "visits" else ingest.read_targets
    result = reader(demo_file.raw, demo_file.file_name, communes)
    if result.file_errors or result.rows_rejected:
        problems = list(result.file_errors) + result.rejected["reason"].astype(str).head(5).tolist()
        raise RuntimeError(
            f"Dữ liệu mẫu bị từ chối ({demo_file.file_name}): " + "; ".join(problems)
        )
    return result


def load_demo(
    store: Store, communes: pd.DataFrame, *, seed: int = SEED, user: str = DEMO_USER
) -> list[ImportOutcome]:
    """Build the demo and import its four files through the normal import path.

    Returns
    -------
    list of ImportOutcome
        One per file, in import order (duplicates are recognised, so loading twice is harmless).
    """
    campaign = build_demo(communes, seed)
    outcomes = [store.import_result(_read(f, communes), f.raw, user) for f in campaign.files]
    store.update_teams(campaign.teams, user)
    return outcomes


def communes_with_points(version: str, data_dir: Path | None) -> pd.DataFrame:
    """Registry of ``version`` with a point per unit, as the app and the CLI give it to the demo.

    The 2020-2024 and 2025-07 registries carry no coordinates; their points come from the
    boundaries (:func:`geo.places.boundaries.load_boundaries`). Both entry points use this function, so
    they generate byte-identical files and a second load is recognised as a duplicate.
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
    """Load the demo when nothing was ever imported; return whether it was loaded."""
    if not store.is_empty():
        return False
    load_demo(store, communes)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m geo.demo``: load the demo into the configured database."""
    from geo.config import load_settings

    settings = load_settings()
    parser = argparse.ArgumentParser(prog="python -m geo.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--db-url", default=settings.db_url, help="SQLAlchemy URL")
    parser.add_argument(
        "--version",
        default=None,
        help='registry version ("2020-2024" with a data dir, else "approximate")',
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--force", action="store_true", help="import even if the database is not empty"
    )
    parser.add_argument("--write", metavar="DIR", help="also write the four demo files to DIR")
    args = parser.parse_args(argv)
    version = args.version or ("2020-2024" if settings.data_dir is not None else "approximate")
    units = communes_with_points(version, settings.data_dir)
    store = Store(args.db_url)
    try:
        if args.write:
            out = Path(args.write)
            out.mkdir(parents=True, exist_ok=True)
            for f in build_demo(units, args.seed).files:
                (out / f.file_name).write_bytes(f.raw)
        if not args.force and not store.is_empty():
            print("Cơ sở dữ liệu đã có dữ liệu; dùng --force để nạp dữ liệu mẫu.")
            return 0
        store.sync_communes(units)
        for outcome in load_demo(store, units, seed=args.seed):
            state = (
                f"trùng với lần nhập số {outcome.duplicate_of}"
                if outcome.duplicate_of
                else f"{outcome.rows_ok} dòng"
            )
            print(f"Lần nhập số {outcome.batch_id}: {state}")
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
