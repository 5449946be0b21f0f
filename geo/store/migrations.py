"""Schema migrations: create a new database, or bring an older one up to :data:`SCHEMA_VERSION`.

The schema is created with ``metadata.create_all`` on first use and then versioned in
``schema_version`` with the ordered tuple :data:`MIGRATIONS`. Alembic is deliberately not used:
the app is deployed as one folder that a clerk starts with ``streamlit run app.py``; there is no
deployment step where someone could run ``alembic upgrade``, no place for an ``alembic.ini`` and a
versions directory next to the database file, and the schema is small. A migration is a plain
function ``(Connection) -> None`` appended to :data:`MIGRATIONS`; it must be written with
portable SQLAlchemy constructs and check before it alters (``checkfirst``, ``inspect(conn)``),
so it is safe on databases created by ``create_all`` from an older version of the code.

Examples
--------
>>> from datetime import datetime
>>> from sqlalchemy import create_engine
>>> engine = create_engine("sqlite://")
>>> migrate(engine, lambda: datetime(2023, 3, 14))
>>> recorded_version(engine) == SCHEMA_VERSION == len(MIGRATIONS)
True
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    String,
    Table,
    bindparam,
    delete,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine

from geo.i18n import _
from geo.ingest.fingerprint import fingerprints
from geo.store.audit import Clock, bump_revision, log_event, record_change, seed_revision
from geo.store.frames import read_frame
from geo.store.tables import (
    account,
    assignment,
    home_request,
    import_batch,
    import_layout,
    import_value_alias,
    metadata,
    plan,
    report_draft,
    revision,
    schema_version,
    sign_in_session,
    target,
    team,
    visit,
)

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "migrate", "recorded_version"]


def _m001_baseline(conn: Connection) -> None:
    """Version 1: the six domain tables, as created by ``metadata.create_all``."""
    metadata.create_all(conn)


def _m002_plans(conn: Connection) -> None:
    """Version 2: ``plan`` and ``assignment`` (saved and published schedules)."""
    metadata.create_all(conn, tables=[plan, assignment])  # checkfirst: safe when present


def _m003_revision(conn: Connection) -> None:
    """Version 3: the one-row ``revision`` counter, starting at 0."""
    metadata.create_all(conn, tables=[revision])
    seed_revision(conn)


def _m004_accounts(conn: Connection) -> None:
    """Version 4: the ``account`` table (users, roles, scopes, password hashes), empty."""
    metadata.create_all(conn, tables=[account])


def _add_column(conn: Connection, table: str, column: Column) -> None:
    """Add a column unless it is there (a database made by ``create_all`` of newer code)."""
    if column.name in {c["name"] for c in inspect(conn).get_columns(table)}:
        return
    ddl = column.type.compile(dialect=conn.dialect)
    default = ""
    if isinstance(column.type, Boolean):
        default = " NOT NULL DEFAULT " + ("false" if conn.dialect.name == "postgresql" else "0")
    name, quoted = conn.dialect.identifier_preparer.quote(column.name), table
    conn.execute(text(f"ALTER TABLE {quoted} ADD COLUMN {name} {ddl}{default}"))


def _m005_sessions(conn: Connection) -> None:
    """Version 5: signed-in sessions, the audit's origin, demo accounts (issue 12)."""
    metadata.create_all(conn, tables=[sign_in_session])
    _add_column(conn, "audit", Column("origin", String(64)))
    _add_column(conn, "account", Column("demo", Boolean))


#: Who undoes, in the history, the copies of a file counted twice before schema 6.
MIGRATION_6_USER = "schema-6"


def _m006_atomic_imports(conn: Connection) -> None:
    """Version 6: one active batch per file (a unique index), teams know their batch (issue 13).

    Copies of a file that were counted twice before the index existed (same SHA-256 and kind,
    both active with accepted rows) are undone, all but the first: their rows are removed, the
    batch stays in the history with ``undone_by`` = :data:`MIGRATION_6_USER`, and an
    ``undo_import`` audit row tells which.
    """
    _add_column(conn, "team", Column("created_by_import", Integer))
    if "ux_import_batch_active_sha" in {
        i["name"] for i in inspect(conn).get_indexes("import_batch")
    }:
        return
    active = import_batch.c.undone_at.is_(None) & (import_batch.c.rows_ok > 0)
    rows = conn.execute(
        select(
            import_batch.c.id, import_batch.c.sha256, import_batch.c.kind, import_batch.c.file_name
        )
        .where(active)
        .order_by(import_batch.c.id)
    ).all()
    seen: set[tuple[str, str]] = set()
    at = datetime.now(UTC).replace(tzinfo=None)
    for row in rows:
        if (row.sha256, row.kind) not in seen:
            seen.add((row.sha256, row.kind))
            continue
        table = visit if row.kind == "visits" else target
        removed = conn.execute(delete(table).where(table.c.import_id == row.id)).rowcount
        conn.execute(
            update(import_batch)
            .where(import_batch.c.id == row.id)
            .values(undone_at=at, undone_by=MIGRATION_6_USER)
        )
        detail = {"batch_id": row.id, "file_name": row.file_name, "rows_removed": removed}
        log_event(conn, lambda: at, MIGRATION_6_USER, "undo_import", detail)
    if len(rows) > len(seen):
        bump_revision(conn)
    for index in import_batch.indexes:
        if index.name == "ux_import_batch_active_sha":
            index.create(conn)


#: Who removes, in the audit log, the copies of rows stored twice before schema 7.
MIGRATION_7_USER = "schema-7"
#: Bound parameters per statement (SQLite allows 999 in old builds).
_PARAMS = 900


def _fingerprint_rows(conn: Connection, table: Table) -> dict[int, int]:
    """Give the stored rows of ``visit`` or ``target`` their fingerprint and its unique index.

    Of rows sharing a fingerprint the earliest (lowest id) is kept and the later ones deleted.
    Nothing is done when the index exists (a database made by ``create_all`` of this code).

    Returns
    -------
    dict of int to int
        Batch id -> rows of it deleted as copies.
    """
    index = f"ux_{table.name}_fingerprint"
    if index in {i["name"] for i in inspect(conn).get_indexes(table.name)}:
        return {}
    if "fingerprint" not in {c["name"] for c in inspect(conn).get_columns(table.name)}:
        conn.execute(
            text(f"ALTER TABLE {table.name} ADD COLUMN fingerprint VARCHAR(32) NOT NULL DEFAULT ''")
        )
    kind = "visits" if table is visit else "targets"
    if table is visit:
        cols = [c for c in visit.c if c.name not in ("team_id", "fingerprint")]
        query = select(*cols, team.c.name.label("team")).join_from(visit, team)
    else:
        query = select(*(c for c in target.c if c.name != "fingerprint"))
    rows = read_frame(conn, query.order_by(table.c.id))
    removed: dict[int, int] = {}
    if not rows.empty:
        rows["fingerprint"] = fingerprints(rows, kind)
        copies = rows["fingerprint"].duplicated(keep="first")
        ids = [int(i) for i in rows.loc[copies, "id"]]
        for start in range(0, len(ids), _PARAMS):
            conn.execute(delete(table).where(table.c.id.in_(ids[start : start + _PARAMS])))
        counts = rows.loc[copies, "import_id"].astype("int64").value_counts()
        removed = {int(b): int(n) for b, n in zip(counts.index, counts.to_numpy(), strict=True)}
        kept = rows.loc[~copies]
        conn.execute(
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values(fingerprint=bindparam("fp")),
            [
                {"row_id": int(i), "fp": f}
                for i, f in zip(kept["id"], kept["fingerprint"], strict=True)
            ],
        )
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"ALTER TABLE {table.name} ALTER COLUMN fingerprint DROP DEFAULT"))
    for ix in table.indexes:
        if ix.name == index:
            ix.create(conn)
    return removed


def _m007_fingerprints(conn: Connection) -> None:
    """Version 7: row fingerprints with unique indexes, skipped rows, remembered mappings.

    Adds ``visit.fingerprint`` and ``target.fingerprint`` (computed for the stored rows; of rows
    sharing one the earliest is kept and the later copies removed, their batches' ``rows_ok``
    lowered and ``rows_skipped`` raised, with one ``migration_dedup`` audit row), their unique
    indexes, ``import_batch.rows_skipped`` and the tables ``import_layout`` and
    ``import_value_alias``.
    """
    metadata.create_all(conn, tables=[import_layout, import_value_alias])
    if "rows_skipped" not in {c["name"] for c in inspect(conn).get_columns("import_batch")}:
        conn.execute(
            text("ALTER TABLE import_batch ADD COLUMN rows_skipped INTEGER NOT NULL DEFAULT 0")
        )
    removed: dict[int, int] = {}
    for table in (visit, target):
        for batch, n in _fingerprint_rows(conn, table).items():
            removed[batch] = removed.get(batch, 0) + n
    for batch, n in sorted(removed.items()):
        conn.execute(
            update(import_batch)
            .where(import_batch.c.id == batch)
            .values(
                rows_ok=import_batch.c.rows_ok - n, rows_skipped=import_batch.c.rows_skipped + n
            )
        )
    if removed:
        at = datetime.now(UTC).replace(tzinfo=None)
        detail = {
            "rows_removed": sum(removed.values()),
            "batches": {str(b): n for b, n in sorted(removed.items())},
        }
        record_change(conn, lambda: at, MIGRATION_7_USER, "migration_dedup", detail)


def _m008_team_contact(conn: Connection) -> None:
    """Version 8: ``team.contact``, the contact line printed on the notices (issue 15), NULL."""
    _add_column(conn, "team", Column("contact", String(200)))


def _m009_home_requests(conn: Connection) -> None:
    """Version 9: the ``home_request`` table (home-visit requests, issue 16), empty."""
    metadata.create_all(conn, tables=[home_request])  # checkfirst: safe when present


def _m010_report_drafts(conn: Connection) -> None:
    """Version 10: the ``report_draft`` table (evening report drafts, issue 16), empty."""
    metadata.create_all(conn, tables=[report_draft])  # checkfirst: safe when present


#: Ordered schema migrations; entry ``i`` brings the schema from version ``i`` to ``i + 1``.
MIGRATIONS: tuple[Callable[[Connection], None], ...] = (
    _m001_baseline,
    _m002_plans,
    _m003_revision,
    _m004_accounts,
    _m005_sessions,
    _m006_atomic_imports,
    _m007_fingerprints,
    _m008_team_contact,
    _m009_home_requests,
    _m010_report_drafts,
)
#: Version of the schema this code writes.
SCHEMA_VERSION = len(MIGRATIONS)


def _current(conn: Connection) -> int:
    """Read the highest version recorded in ``schema_version``.

    Returns
    -------
    int
        The version, 0 when none is recorded.
    """
    return int(conn.execute(select(func.max(schema_version.c.version))).scalar() or 0)


def migrate(engine: Engine, now: Clock) -> None:
    """Create the schema of a new database or run the migrations an older one lacks.

    Everything happens in one transaction: a failed migration leaves the database as it was.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock giving each ``schema_version.applied_at``.

    Raises
    ------
    RuntimeError
        The database has a newer schema than this code.
    """
    with engine.begin() as conn:
        names = set(inspect(conn).get_table_names())
        if "schema_version" not in names and not names & set(metadata.tables):
            metadata.create_all(conn)
            seed_revision(conn)
            conn.execute(insert(schema_version).values(version=SCHEMA_VERSION, applied_at=now()))
            return
        metadata.create_all(conn, tables=[schema_version])
        current = _current(conn)
        if current > SCHEMA_VERSION:
            raise RuntimeError(
                _(
                    "Cơ sở dữ liệu có phiên bản lược đồ {current}, mới hơn phần mềm "
                    "({supported}); hãy cập nhật phần mềm."
                ).format(current=current, supported=SCHEMA_VERSION)
            )
        for number in range(current + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[number - 1](conn)
            conn.execute(insert(schema_version).values(version=number, applied_at=now()))


def recorded_version(engine: Engine) -> int:
    """Return the schema version recorded in the database.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.

    Returns
    -------
    int
        The highest version in ``schema_version``.
    """
    with engine.connect() as conn:
        return _current(conn)
