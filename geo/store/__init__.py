"""Persistence: communes, targets, teams, visits, import batches and the audit log.

The store is a thin layer of SQLAlchemy 2.x Core over six domain tables (``commune``, ``target``,
``team``, ``visit``, ``import_batch``, ``audit``) plus ``schema_version``. The embedded default is
a SQLite file (WAL journal, busy timeout, foreign keys on); the same code runs on PostgreSQL given
a ``postgresql+psycopg://`` URL, because the domain code only uses portable Core constructs (no
raw SQL; the SQLite ``PRAGMA`` statements live in the connection hook and run for SQLite only).

Import semantics
----------------
* Every uploaded file is kept verbatim (``import_batch.raw_bytes``) with its SHA-256, even when
  every row was rejected.
* The same bytes imported twice as the same kind are recognised: the second call imports nothing
  and returns ``ImportOutcome.duplicate_of`` = the earlier batch id. An undone batch no longer
  counts, so a file can be imported again after its import was undone.
* One import is one transaction: the batch row, new teams and every visit/target row are
  committed together or not at all.
* Undo deletes the batch's rows and keeps the batch in the history with ``undone_at`` and
  ``undone_by``.
* Targets keep every row with its ``import_id``; :meth:`Store.targets` returns, per
  ``(code, as_of)``, the rows of the latest active batch, so undoing a correction restores the
  earlier figures.
* Every import, duplicate import, undo and team update writes an ``audit`` row. Times are stored
  as naive UTC.

Plans
-----
A schedule from :mod:`geo.planning.planner` is saved as a ``plan`` row (who, when, horizon, method, the
parameters as JSON, status ``draft``) with one ``assignment`` row per team-evening. Publishing
sets ``status = 'published'``, ``published_at`` and ``published_by``; several plans may be
published over time and the *current* one is the latest published (:meth:`Store.published_plan`).
Saving and publishing write ``audit`` rows (``save_plan``, ``publish_plan``).

Schema migrations
-----------------
The schema is created with ``metadata.create_all`` on first use and then versioned in
``schema_version`` with the ordered tuple :data:`_MIGRATIONS`. Alembic is deliberately not used:
the app is deployed as one folder that a clerk starts with ``streamlit run app.py``; there is no
deployment step where someone could run ``alembic upgrade``, no place for an ``alembic.ini`` and a
versions directory next to the database file, and the schema is small. A migration is a plain
function ``(Connection) -> None`` appended to :data:`_MIGRATIONS`; it must be written with
portable SQLAlchemy constructs and check before it alters (``inspect(conn)``), so it is safe on
databases created by ``create_all`` from an older version of the code.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    and_,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    type_coerce,
    update,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import StaticPool

from geo.fmt import format_int
from geo.schema import TARGET_COLUMNS, VISIT_COLUMNS

if TYPE_CHECKING:
    from geo.ingest import IngestResult

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "BATCH_COLUMNS",
    "CHUNK_SIZE",
    "KINDS",
    "PLAN_COLUMNS",
    "PLAN_STATUSES",
    "SCHEMA_VERSION",
    "TARGET_COLUMNS",
    "TEAM_COLUMNS",
    "VISIT_COLUMNS",
    "ImportOutcome",
    "Store",
    "describe_outcome",
    "metadata",
]

TEAM_COLUMNS = ["id", "name", "members", "base_lat", "base_lon"]
BATCH_COLUMNS = [
    "id",
    "kind",
    "file_name",
    "sha256",
    "size",
    "encoding",
    "user",
    "at",
    "rows_ok",
    "rows_rejected",
    "file_errors",
    "undone_at",
    "undone_by",
]
KINDS = ("visits", "targets")

#: Rows per ``INSERT`` executemany call; tests may lower it.
CHUNK_SIZE = 5_000

_VISIT_COUNTS = ["households", "people_guided", "registered", "activated", "services_used"]
_TARGET_COUNTS = ["population", "eligible", "quota", "activated_baseline"]

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", DateTime, nullable=False),
)

commune = Table(
    "commune",
    metadata,
    Column("version", String(16), primary_key=True),
    Column("code", String(10), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("full_name", String(120)),
    Column("type", String(16)),
    Column("district_code", String(8)),
    Column("district_name", String(100)),
    Column("urban", Boolean),
    Column("population_2019", Integer),
    Column("lat", Float),
    Column("lon", Float),
)

import_batch = Table(
    "import_batch",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("size", Integer, nullable=False),
    Column("raw_bytes", LargeBinary, nullable=False),
    Column("encoding", String(32)),
    Column("user", String(100), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("rows_ok", Integer, nullable=False),
    Column("rows_rejected", Integer, nullable=False),
    Column("file_errors", Text),
    Column("undone_at", DateTime),
    Column("undone_by", String(100)),
)

team = Table(
    "team",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("members", Integer),
    Column("base_lat", Float),
    Column("base_lon", Float),
)

visit = Table(
    "visit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("date", Date, nullable=False, index=True),
    Column("team_id", Integer, ForeignKey("team.id"), nullable=False),
    Column("code", String(10), nullable=False, index=True),
    Column("place_type", String(16), nullable=False),
    Column("place_name", String(200)),
    Column("start", String(5)),
    Column("end", String(5)),
    Column("households", Integer),
    Column("people_guided", Integer),
    Column("registered", Integer),
    Column("activated", Integer),
    Column("services_used", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("note", Text),
    Column("import_id", Integer, ForeignKey("import_batch.id"), nullable=False, index=True),
    Column("source_row", Integer),
)

target = Table(
    "target",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(10), nullable=False),
    Column("as_of", Date, nullable=False),
    Column("population", Integer),
    Column("eligible", Integer),
    Column("quota", Integer),
    Column("activated_baseline", Integer),
    Column("import_id", Integer, ForeignKey("import_batch.id"), nullable=False, index=True),
    Column("source_row", Integer),
    Index("ix_target_code_as_of", "code", "as_of"),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("user", String(100), nullable=False),
    Column("action", String(32), nullable=False),
    Column("detail", Text),
)

#: Status of a plan: saved but not announced / announced to the teams and the communes.
PLAN_STATUSES = ("draft", "published")

plan = Table(
    "plan",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("horizon_start", Date, nullable=False),
    Column("horizon_days", Integer, nullable=False),
    Column("method", String(16), nullable=False),
    Column("params", JSON),
    Column("status", String(16), nullable=False, default="draft"),
    Column("published_at", DateTime),
    Column("published_by", String(100)),
)

assignment = Table(
    "assignment",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("plan_id", Integer, ForeignKey("plan.id"), nullable=False, index=True),
    Column("date", Date, nullable=False),
    Column("team", String(100), nullable=False),
    Column("code", String(10), nullable=False),
    Column("window_start", String(5)),
    Column("window_end", String(5)),
    Column("travel_min", Float),
    Column("expected_activations", Float),
    Column("reason", Text),
)

#: Columns of :meth:`Store.plans` (the plan row, then its number of assignments and their
#: expected activations).
PLAN_COLUMNS = [
    "id",
    "created_by",
    "created_at",
    "horizon_start",
    "horizon_days",
    "method",
    "params",
    "status",
    "published_at",
    "published_by",
    "assignments",
    "expected_activations",
]
#: Columns of :meth:`Store.plan_assignments`.
ASSIGNMENT_COLUMNS = [
    "plan_id",
    "date",
    "team",
    "code",
    "window_start",
    "window_end",
    "travel_min",
    "expected_activations",
    "reason",
]


def _m001_baseline(conn: Connection) -> None:
    """Version 1: the six domain tables, as created by ``metadata.create_all``."""
    metadata.create_all(conn)


def _m002_plans(conn: Connection) -> None:
    """Version 2: ``plan`` and ``assignment`` (saved and published schedules)."""
    metadata.create_all(conn, tables=[plan, assignment])  # checkfirst: safe when present


#: Ordered schema migrations; entry ``i`` brings the schema from version ``i`` to ``i + 1``.
_MIGRATIONS: tuple[Callable[[Connection], None], ...] = (_m001_baseline, _m002_plans)
SCHEMA_VERSION = len(_MIGRATIONS)


@dataclass(frozen=True)
class ImportOutcome:
    """What :meth:`Store.import_result` did.

    Attributes
    ----------
    batch_id : int
        The new batch, or the earlier batch when the file is a duplicate.
    duplicate_of : int or None
        Id of the active batch that already holds the same file; nothing was imported then.
    rows_ok, rows_rejected : int
        Rows written / rows rejected by validation (both 0 for a duplicate).
    """

    batch_id: int
    duplicate_of: int | None
    rows_ok: int
    rows_rejected: int


def _json_default(value: Any) -> Any:
    """JSON for what ``json`` does not know: numpy scalars, dates, sets; else ``str``."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, date | datetime | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value, key=str)
    return str(value)


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = parsed.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
    if in_memory:
        engine = create_engine(url, connect_args={"check_same_thread": False}, poolclass=StaticPool)
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


# --------------------------------------------------------------------------- row conversion


def _py_values(s: pd.Series, kind: str) -> list[Any]:
    """Column values as plain Python objects (``None`` for missing) for the DB-API driver."""
    if kind == "date":
        dt = pd.to_datetime(s)
        return list(dt.to_numpy(dtype="datetime64[D]").astype(object))
    if kind == "int":
        num = pd.to_numeric(s, errors="coerce")
        mask = num.isna().to_numpy()
        vals = num.fillna(0).astype("int64").to_numpy().tolist()
        if not mask.any():
            return vals
        return [None if m else v for v, m in zip(vals, mask, strict=True)]
    if kind == "float":
        num = pd.to_numeric(s, errors="coerce").astype("float64").to_numpy()
        if not np.isnan(num).any():
            return num.tolist()
        return [None if np.isnan(v) else v for v in num.tolist()]
    return s.astype(object).where(s.notna(), None).tolist()


def _records(
    df: pd.DataFrame, spec: dict[str, str], extra: dict[str, list[Any]] | None = None
) -> list[dict[str, Any]]:
    """Turn ``df`` into a list of dicts keyed like ``spec`` (column -> value kind).

    ``extra`` adds ready-made columns (lists of Python values, one per row).
    """
    if df.empty:
        return []
    cols = [_py_values(df[c], k) if c in df else [None] * len(df) for c, k in spec.items()]
    keys = list(spec)
    for key, values in (extra or {}).items():
        keys.append(key)
        cols.append(values)
    return [dict(zip(keys, vals, strict=True)) for vals in zip(*cols, strict=True)]


def _insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert one chunk with a single executemany call."""
    conn.execute(insert(table), rows)


def _insert_chunked(
    conn: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    progress: Callable[[float], None] | None,
) -> None:
    total = len(rows)
    for start in range(0, total, CHUNK_SIZE):
        _insert_rows(conn, table, rows[start : start + CHUNK_SIZE])
        if progress is not None:
            progress(min(1.0, (start + CHUNK_SIZE) / total))


def _frame(rows: Sequence[Any], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(r) for r in rows], columns=list(columns))


def _as_int64(df: pd.DataFrame, cols: Iterable[str]) -> None:
    for c in cols:
        df[c] = pd.array(pd.to_numeric(df[c]), dtype="Int64")


def _as_datetime(df: pd.DataFrame, cols: Iterable[str]) -> None:
    for c in cols:
        df[c] = pd.to_datetime(df[c]).astype("datetime64[ns]")


def _as_float(df: pd.DataFrame, cols: Iterable[str]) -> None:
    for c in cols:
        df[c] = pd.to_numeric(df[c]).astype("float64")


# --------------------------------------------------------------------------- store


class Store:
    """Database access for the dashboard.

    Parameters
    ----------
    url : str
        SQLAlchemy URL, e.g. ``sqlite:///data/vneid.db`` (the parent folder is created),
        ``sqlite://`` (in memory) or ``postgresql+psycopg://user@host/db``.
    now : callable, optional
        Clock returning naive UTC datetimes (tests inject a fixed one).

    Examples
    --------
    >>> store = Store("sqlite://")
    >>> store.is_empty(), store.batches().empty
    (True, True)
    """

    def __init__(self, url: str, *, now: Callable[[], datetime] | None = None) -> None:
        self.url = url
        self._now = now or _utcnow
        self.engine = _make_engine(url)
        self._migrate()

    def __repr__(self) -> str:
        return f"Store({make_url(self.url).render_as_string(hide_password=True)!r})"

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    # ----------------------------------------------------------------- schema
    def _migrate(self) -> None:
        with self.engine.begin() as conn:
            names = set(inspect(conn).get_table_names())
            if "schema_version" not in names and not names & set(metadata.tables):
                metadata.create_all(conn)
                conn.execute(
                    insert(schema_version).values(version=SCHEMA_VERSION, applied_at=self._now())
                )
                return
            metadata.create_all(conn, tables=[schema_version])
            current = conn.execute(select(func.max(schema_version.c.version))).scalar() or 0
            if current > SCHEMA_VERSION:
                raise RuntimeError(
                    f"Cơ sở dữ liệu có phiên bản lược đồ {current}, mới hơn phần mềm "
                    f"({SCHEMA_VERSION}); hãy cập nhật phần mềm."
                )
            for number in range(current + 1, SCHEMA_VERSION + 1):
                _MIGRATIONS[number - 1](conn)
                conn.execute(insert(schema_version).values(version=number, applied_at=self._now()))

    def schema_version(self) -> int:
        """Schema version recorded in the database."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.max(schema_version.c.version))).scalar() or 0)

    # ----------------------------------------------------------------- audit
    def _audit(self, conn: Connection, user: str, action: str, detail: dict[str, Any]) -> None:
        conn.execute(
            insert(audit).values(
                at=self._now(),
                user=user,
                action=action,
                detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
            )
        )

    # ----------------------------------------------------------------- communes
    def sync_communes(self, communes: pd.DataFrame) -> int:
        """Replace the stored communes of every version present in ``communes``.

        Parameters
        ----------
        communes : pandas.DataFrame
            Registry frame (:data:`geo.places.registry.COMMUNE_COLUMNS`).

        Returns
        -------
        int
            Rows written.
        """
        spec = {
            "version": "str",
            "code": "str",
            "name": "str",
            "full_name": "str",
            "type": "str",
            "district_code": "str",
            "district_name": "str",
            "urban": "bool",
            "population_2019": "int",
            "lat": "float",
            "lon": "float",
        }
        rows = _records(communes, spec)
        for r in rows:
            r["urban"] = None if r["urban"] is None else bool(r["urban"])
        versions = sorted({str(v) for v in communes["version"].unique()})
        with self.engine.begin() as conn:
            conn.execute(delete(commune).where(commune.c.version.in_(versions)))
            if rows:
                _insert_chunked(conn, commune, rows, None)
        return len(rows)

    def communes(self, version: str | None = None) -> pd.DataFrame:
        """Stored communes (all versions, or one)."""
        cols = [c.name for c in commune.columns]
        q = select(commune).order_by(commune.c.version, commune.c.code)
        if version is not None:
            q = q.where(commune.c.version == version)
        with self.engine.connect() as conn:
            df = _frame(conn.execute(q).all(), cols)
        _as_int64(df, ["population_2019"])
        _as_float(df, ["lat", "lon"])
        df["urban"] = df["urban"].astype("boolean")
        return df

    # ----------------------------------------------------------------- imports
    def is_empty(self) -> bool:
        """True when no file was ever imported (undone batches count as imported)."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(import_batch)).scalar() == 0

    def import_result(
        self,
        result: IngestResult,
        raw: bytes,
        user: str,
        *,
        progress: Callable[[float], None] | None = None,
    ) -> ImportOutcome:
        """Store an uploaded file and its accepted rows in one transaction.

        Parameters
        ----------
        result : geo.ingest.IngestResult
            Validation result of ``raw`` (``kind`` is ``"visits"`` or ``"targets"``).
        raw : bytes
            The uploaded file, kept verbatim.
        user : str
            Who imports (written to the batch and the audit log).
        progress : callable, optional
            Called with a fraction in ``[0, 1]`` after each inserted chunk.

        Returns
        -------
        ImportOutcome
            ``duplicate_of`` is set (and nothing imported) when an active batch of the same
            kind already holds the same bytes.

        Raises
        ------
        ValueError
            Unknown kind, or ``result.sha256`` does not match ``raw``.
        """
        kind = result.kind
        if kind not in KINDS:
            raise ValueError(f"Loại dữ liệu không hợp lệ: {kind!r}")
        sha = hashlib.sha256(raw).hexdigest()
        if result.sha256 and result.sha256 != sha:
            raise ValueError("Mã SHA-256 của kết quả kiểm tra không khớp với tệp.")
        accepted = result.accepted if not result.file_errors else result.accepted.iloc[0:0]
        rows_ok = len(accepted)
        rows_rejected = int(result.rows_rejected)
        with self.engine.begin() as conn:
            earlier = conn.execute(
                select(import_batch.c.id)
                .where(
                    import_batch.c.sha256 == sha,
                    import_batch.c.kind == kind,
                    import_batch.c.undone_at.is_(None),
                )
                .order_by(import_batch.c.id)
                .limit(1)
            ).scalar()
            if earlier is not None:
                self._audit(
                    conn,
                    user,
                    "import_duplicate",
                    {"duplicate_of": earlier, "file_name": result.file_name, "kind": kind},
                )
                if progress is not None:
                    progress(1.0)
                return ImportOutcome(earlier, earlier, 0, 0)
            batch_id = conn.execute(
                insert(import_batch).values(
                    kind=kind,
                    file_name=result.file_name,
                    sha256=sha,
                    size=len(raw),
                    raw_bytes=raw,
                    encoding=result.encoding,
                    user=user,
                    at=self._now(),
                    rows_ok=rows_ok,
                    rows_rejected=rows_rejected,
                    file_errors="\n".join(result.file_errors) or None,
                )
            ).inserted_primary_key[0]
            if kind == "visits":
                self._write_visits(conn, batch_id, accepted, progress)
            else:
                self._write_targets(conn, batch_id, accepted, progress)
            self._audit(
                conn,
                user,
                "import",
                {
                    "batch_id": batch_id,
                    "file_name": result.file_name,
                    "kind": kind,
                    "rows_ok": rows_ok,
                    "rows_rejected": rows_rejected,
                    "sha256": sha,
                },
            )
        if progress is not None:
            progress(1.0)
        return ImportOutcome(int(batch_id), None, rows_ok, rows_rejected)

    def _team_ids(self, conn: Connection, names: Iterable[str]) -> dict[str, int]:
        """Ids of the named teams, creating the missing ones."""
        wanted = sorted({str(n) for n in names})
        if not wanted:
            return {}
        q = select(team.c.name, team.c.id).where(team.c.name.in_(wanted))
        found = {name: tid for name, tid in conn.execute(q)}
        missing = [{"name": n} for n in wanted if n not in found]
        if missing:
            conn.execute(insert(team), missing)
            found = {name: tid for name, tid in conn.execute(q)}
        return found

    def _write_visits(
        self,
        conn: Connection,
        batch_id: int,
        df: pd.DataFrame,
        progress: Callable[[float], None] | None,
    ) -> None:
        if df.empty:
            return
        ids = self._team_ids(conn, df["team"].dropna().astype(str).unique())
        spec = {
            "date": "date",
            "code": "str",
            "place_type": "str",
            "place_name": "str",
            "start": "str",
            "end": "str",
            **dict.fromkeys(_VISIT_COUNTS, "int"),
            "lat": "float",
            "lon": "float",
            "note": "str",
            "source_row": "int",
        }
        extra = {
            "team_id": df["team"].astype(str).map(ids).astype("int64").tolist(),
            "import_id": [batch_id] * len(df),
        }
        _insert_chunked(conn, visit, _records(df, spec, extra), progress)

    def _write_targets(
        self,
        conn: Connection,
        batch_id: int,
        df: pd.DataFrame,
        progress: Callable[[float], None] | None,
    ) -> None:
        if df.empty:
            return
        spec = {
            "code": "str",
            "as_of": "date",
            **dict.fromkeys(_TARGET_COUNTS, "int"),
            "source_row": "int",
        }
        rows = _records(df, spec, {"import_id": [batch_id] * len(df)})
        _insert_chunked(conn, target, rows, progress)

    def undo_import(self, batch_id: int, user: str) -> int:
        """Remove the rows of a batch; keep the batch in the history as undone.

        Parameters
        ----------
        batch_id : int
            Batch to undo.
        user : str
            Who undoes (stored in ``undone_by`` and the audit log).

        Returns
        -------
        int
            Number of visit/target rows removed.

        Raises
        ------
        KeyError
            No such batch.
        ValueError
            The batch was already undone.
        """
        batch_id = int(batch_id)  # numpy ints would be bound as BLOBs by sqlite3
        with self.engine.begin() as conn:
            row = conn.execute(
                select(
                    import_batch.c.kind, import_batch.c.undone_at, import_batch.c.file_name
                ).where(import_batch.c.id == batch_id)
            ).first()
            if row is None:
                raise KeyError(f"Không có lần nhập số {batch_id}.")
            if row.undone_at is not None:
                raise ValueError(f"Lần nhập số {batch_id} đã được hoàn tác.")
            table = visit if row.kind == "visits" else target
            removed = conn.execute(delete(table).where(table.c.import_id == batch_id)).rowcount
            conn.execute(
                update(import_batch)
                .where(import_batch.c.id == batch_id)
                .values(undone_at=self._now(), undone_by=user)
            )
            self._audit(
                conn,
                user,
                "undo_import",
                {"batch_id": batch_id, "file_name": row.file_name, "rows_removed": removed},
            )
        return int(removed)

    def raw_file(self, batch_id: int) -> bytes:
        """The file of a batch, byte for byte."""
        batch_id = int(batch_id)  # numpy ints would be bound as BLOBs by sqlite3
        with self.engine.connect() as conn:
            raw = conn.execute(
                select(import_batch.c.raw_bytes).where(import_batch.c.id == batch_id)
            ).scalar()
        if raw is None:
            raise KeyError(f"Không có lần nhập số {batch_id}.")
        return bytes(raw)

    # ----------------------------------------------------------------- teams
    def update_teams(self, teams: pd.DataFrame, user: str) -> int:
        """Create or update teams by name (``members``, ``base_lat``, ``base_lon``).

        Missing columns or ``<NA>`` values leave the stored value unchanged.

        Returns
        -------
        int
            Number of teams written.
        """
        spec = {"name": "str", "members": "int", "base_lat": "float", "base_lon": "float"}
        rows = _records(teams, spec)
        with self.engine.begin() as conn:
            ids = self._team_ids(conn, (r["name"] for r in rows))
            for r in rows:
                values = {k: v for k, v in r.items() if k != "name" and v is not None}
                if values:
                    conn.execute(update(team).where(team.c.id == ids[r["name"]]).values(**values))
            self._audit(conn, user, "update_teams", {"teams": [r["name"] for r in rows]})
        return len(rows)

    def teams(self) -> pd.DataFrame:
        """All teams: :data:`TEAM_COLUMNS`."""
        with self.engine.connect() as conn:
            df = _frame(conn.execute(select(team).order_by(team.c.id)).all(), TEAM_COLUMNS)
        _as_int64(df, ["id", "members"])
        _as_float(df, ["base_lat", "base_lon"])
        return df

    # ----------------------------------------------------------------- reads
    def batches(self) -> pd.DataFrame:
        """Import history, newest first (:data:`BATCH_COLUMNS`; no raw bytes)."""
        cols = [import_batch.c[c] for c in BATCH_COLUMNS]
        with self.engine.connect() as conn:
            df = _frame(
                conn.execute(select(*cols).order_by(import_batch.c.id.desc())).all(),
                BATCH_COLUMNS,
            )
        _as_int64(df, ["id", "size", "rows_ok", "rows_rejected"])
        _as_datetime(df, ["at", "undone_at"])
        return df

    def visits(self) -> pd.DataFrame:
        """Visits of the active batches: ``VISIT_COLUMNS + [id, team_id, import_id]``."""
        cols = [
            # no per-row date conversion in Python: SQLite hands back ISO text, parsed below
            # in one vectorised call (PostgreSQL drivers return dates, which parse the same)
            type_coerce(visit.c.date, String).label("date"),
            team.c.name.label("team"),
            *(visit.c[c] for c in VISIT_COLUMNS[2:]),
            visit.c.id,
            visit.c.team_id,
            visit.c.import_id,
        ]
        names = [*VISIT_COLUMNS, "id", "team_id", "import_id"]
        q = select(*cols).join_from(visit, team).order_by(visit.c.date, visit.c.id)
        with self.engine.connect() as conn:
            df = _frame(conn.execute(q).all(), names)
        _as_datetime(df, ["date"])
        _as_int64(df, [*_VISIT_COUNTS, "id", "team_id", "import_id"])
        _as_float(df, ["lat", "lon"])
        return df

    def targets(self, *, latest_only: bool = True) -> pd.DataFrame:
        """Targets: ``TARGET_COLUMNS + [import_id]``.

        Parameters
        ----------
        latest_only : bool, default True
            Per ``(code, as_of)`` keep only the rows of the latest active batch; ``False``
            returns every stored row (history).
        """
        cols = [*(target.c[c] for c in TARGET_COLUMNS), target.c.import_id]
        active = and_(target.c.import_id == import_batch.c.id, import_batch.c.undone_at.is_(None))
        q = select(*cols).join(import_batch, active)
        if latest_only:
            latest = (
                select(
                    target.c.code,
                    target.c.as_of,
                    func.max(target.c.import_id).label("import_id"),
                )
                .join(import_batch, active)
                .group_by(target.c.code, target.c.as_of)
                .subquery()
            )
            q = q.join(
                latest,
                and_(
                    target.c.code == latest.c.code,
                    target.c.as_of == latest.c.as_of,
                    target.c.import_id == latest.c.import_id,
                ),
            )
        q = q.order_by(target.c.as_of, target.c.code, target.c.id)
        with self.engine.connect() as conn:
            df = _frame(conn.execute(q).all(), [*TARGET_COLUMNS, "import_id"])
        if latest_only:
            df = df.drop_duplicates(["code", "as_of"], keep="last").reset_index(drop=True)
        _as_datetime(df, ["as_of"])
        _as_int64(df, [*_TARGET_COUNTS, "import_id"])
        return df

    def audit_log(self) -> pd.DataFrame:
        """Audit rows, oldest first: ``id, at, user, action, detail`` (detail is JSON text)."""
        names = ["id", "at", "user", "action", "detail"]
        with self.engine.connect() as conn:
            df = _frame(conn.execute(select(audit).order_by(audit.c.id)).all(), names)
        _as_int64(df, ["id"])
        _as_datetime(df, ["at"])
        return df

    # ----------------------------------------------------------------- plans
    def save_plan(
        self,
        schedule: pd.DataFrame,
        *,
        params: dict,
        user: str,
        start: date,
        days: int,
        method: str,
    ) -> int:
        """Save a schedule as a draft plan (one transaction, audited as ``save_plan``).

        Parameters
        ----------
        schedule : DataFrame
            ``date, team, code`` and optionally ``window_start, window_end, travel_min,
            expected_activations, reason`` (:data:`geo.planning.planner.SCHEDULE_COLUMNS` fits).
        params : dict
            What produced the schedule (weights, target, days off, teams...), stored as JSON;
            dates and numpy numbers are converted to plain JSON values.
        user : str
            Who saves (``created_by`` and the audit log).
        start : date
            First day of the horizon.
        days : int
            Length of the horizon in days.
        method : str
            ``"milp"``, ``"greedy"``, or another label of how the schedule was made.

        Returns
        -------
        int
            Id of the new plan.

        Raises
        ------
        ValueError
            The schedule is empty or lacks ``date``, ``team`` or ``code``.
        """
        missing = [c for c in ("date", "team", "code") if c not in schedule]
        if missing:
            raise ValueError(f"Lịch công tác thiếu cột: {', '.join(missing)}")
        if schedule.empty:
            raise ValueError("Lịch công tác trống, không có gì để lưu.")
        spec = {
            "date": "date",
            "team": "str",
            "code": "str",
            "window_start": "str",
            "window_end": "str",
            "travel_min": "float",
            "expected_activations": "float",
            "reason": "str",
        }
        frame = schedule.sort_values(["date", "team", "code"], kind="stable")
        frame = frame.assign(team=frame["team"].astype(str), code=frame["code"].astype(str))
        clean = json.loads(json.dumps(params or {}, ensure_ascii=False, default=_json_default))
        start = pd.Timestamp(start).date()
        with self.engine.begin() as conn:
            plan_id = conn.execute(
                insert(plan).values(
                    created_by=user,
                    created_at=self._now(),
                    horizon_start=start,
                    horizon_days=int(days),
                    method=str(method),
                    params=clean,
                    status="draft",
                )
            ).inserted_primary_key[0]
            rows = _records(frame, spec, {"plan_id": [int(plan_id)] * len(frame)})
            _insert_chunked(conn, assignment, rows, None)
            self._audit(
                conn,
                user,
                "save_plan",
                {
                    "plan_id": int(plan_id),
                    "assignments": len(rows),
                    "method": str(method),
                    "horizon_start": start.isoformat(),
                    "horizon_days": int(days),
                },
            )
        return int(plan_id)

    def publish_plan(self, plan_id: int, user: str) -> None:
        """Publish a plan: it becomes the current plan (audited as ``publish_plan``).

        Publishing an already published plan again makes it current again (its
        ``published_at`` / ``published_by`` are updated; the audit log keeps the history).

        Raises
        ------
        KeyError
            No such plan.
        """
        plan_id = int(plan_id)  # numpy ints would be bound as BLOBs by sqlite3
        with self.engine.begin() as conn:
            row = conn.execute(select(plan.c.status).where(plan.c.id == plan_id)).first()
            if row is None:
                raise KeyError(f"Không có kế hoạch số {plan_id}.")
            n = conn.execute(
                select(func.count()).select_from(assignment).where(assignment.c.plan_id == plan_id)
            ).scalar()
            conn.execute(
                update(plan)
                .where(plan.c.id == plan_id)
                .values(status="published", published_at=self._now(), published_by=user)
            )
            self._audit(
                conn,
                user,
                "publish_plan",
                {
                    "plan_id": plan_id,
                    "assignments": int(n or 0),
                    "republished": row.status == "published",
                },
            )

    def plans(self) -> pd.DataFrame:
        """Saved plans, newest first: :data:`PLAN_COLUMNS` (``params`` is a dict)."""
        counts = (
            select(
                assignment.c.plan_id,
                func.count().label("assignments"),
                func.sum(assignment.c.expected_activations).label("expected_activations"),
            )
            .group_by(assignment.c.plan_id)
            .subquery()
        )
        q = (
            select(
                *(plan.c[c] for c in PLAN_COLUMNS[:-2]),
                counts.c.assignments,
                counts.c.expected_activations,
            )
            .join_from(plan, counts, plan.c.id == counts.c.plan_id, isouter=True)
            .order_by(plan.c.id.desc())
        )
        with self.engine.connect() as conn:
            df = _frame(conn.execute(q).all(), PLAN_COLUMNS)
        df["assignments"] = df["assignments"].fillna(0)
        _as_int64(df, ["id", "horizon_days", "assignments"])
        _as_datetime(df, ["created_at", "horizon_start", "published_at"])
        _as_float(df, ["expected_activations"])
        return df

    def plan_assignments(self, plan_id: int) -> pd.DataFrame:
        """Assignments of a plan: :data:`ASSIGNMENT_COLUMNS`, by date, team, commune.

        Raises
        ------
        KeyError
            No such plan.
        """
        plan_id = int(plan_id)
        q = (
            select(*(assignment.c[c] for c in ASSIGNMENT_COLUMNS))
            .where(assignment.c.plan_id == plan_id)
            .order_by(assignment.c.date, assignment.c.team, assignment.c.code, assignment.c.id)
        )
        with self.engine.connect() as conn:
            if conn.execute(select(plan.c.id).where(plan.c.id == plan_id)).first() is None:
                raise KeyError(f"Không có kế hoạch số {plan_id}.")
            df = _frame(conn.execute(q).all(), ASSIGNMENT_COLUMNS)
        _as_int64(df, ["plan_id"])
        _as_datetime(df, ["date"])
        _as_float(df, ["travel_min", "expected_activations"])
        return df

    def published_plan(self) -> tuple[int, pd.DataFrame] | None:
        """The current plan: ``(plan id, its assignments)`` of the latest published plan.

        ``None`` when no plan was ever published.
        """
        q = (
            select(plan.c.id)
            .where(plan.c.status == "published")
            .order_by(plan.c.published_at.desc(), plan.c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            plan_id = conn.execute(q).scalar()
        if plan_id is None:
            return None
        return int(plan_id), self.plan_assignments(int(plan_id))


def describe_outcome(outcome: ImportOutcome, file_name: str) -> str:
    """One Vietnamese sentence telling the user what an import did.

    Examples
    --------
    >>> describe_outcome(ImportOutcome(3, None, 1923, 2), "to1.xlsx")
    'Đã nhập 1.923 dòng từ tệp to1.xlsx (lần nhập số 3); 2 dòng bị từ chối.'
    >>> describe_outcome(ImportOutcome(3, 3, 0, 0), "to1.xlsx")
    'Tệp to1.xlsx đã được nhập trước đây (lần nhập số 3); không nhập lại.'
    """
    if outcome.duplicate_of is not None:
        return (
            f"Tệp {file_name} đã được nhập trước đây (lần nhập số {outcome.duplicate_of}); "
            "không nhập lại."
        )
    text = (
        f"Đã nhập {format_int(outcome.rows_ok)} dòng từ tệp {file_name} "
        f"(lần nhập số {outcome.batch_id})"
    )
    if outcome.rows_rejected:
        text += f"; {format_int(outcome.rows_rejected)} dòng bị từ chối"
    return text + "."
