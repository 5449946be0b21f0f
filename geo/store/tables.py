"""The store's tables (SQLAlchemy Core) and the columns of the frames it returns.

Fourteen domain tables (``commune``, ``import_batch``, ``team``, ``visit``, ``target``, ``audit``,
``plan``, ``assignment``, ``account``, ``sign_in_session``, ``import_layout``,
``import_value_alias``, ``home_request``, ``report_draft``), the one-row ``revision`` counter and
``schema_version``, all on one :data:`metadata`.

Examples
--------
>>> sorted(metadata.tables)[:4]
['account', 'assignment', 'audit', 'commune']
>>> [c.name for c in revision.columns]
['id', 'number']
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
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
    UniqueConstraint,
    text,
)

from geo.access.model import ROLES, SCOPE_LEVELS
from geo.schema import TARGET_COLUMNS, VISIT_COLUMNS

__all__ = [
    "ACCOUNT_COLUMNS",
    "ACTIVE_BATCH",
    "ASSIGNMENT_COLUMNS",
    "BATCH_COLUMNS",
    "HOME_REQUEST_COLUMNS",
    "KINDS",
    "PLAN_COLUMNS",
    "PLAN_STATUSES",
    "REQUEST_REASONS",
    "REQUEST_STATUSES",
    "REVISION_ROW",
    "TARGET_COLUMNS",
    "TARGET_COUNTS",
    "TEAM_COLUMNS",
    "VISIT_COLUMNS",
    "VISIT_COUNTS",
    "account",
    "assignment",
    "audit",
    "commune",
    "home_request",
    "import_batch",
    "import_layout",
    "import_value_alias",
    "metadata",
    "plan",
    "report_draft",
    "revision",
    "schema_version",
    "sign_in_session",
    "target",
    "team",
    "visit",
]

#: Columns of :meth:`geo.store.Store.teams`.
TEAM_COLUMNS = ["id", "name", "members", "base_lat", "base_lon", "contact"]
#: Columns of :meth:`geo.store.Store.batches` (the batch row without its raw bytes).
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
    "rows_skipped",
    "file_errors",
    "undone_at",
    "undone_by",
]
#: Kinds of imported file.
KINDS = ("visits", "targets")
#: Count columns of a visit / of a target (nullable integers).
VISIT_COUNTS = ["households", "people_guided", "registered", "activated", "services_used"]
TARGET_COUNTS = ["population", "eligible", "quota", "activated_baseline"]
#: Status of a plan: saved but not announced / announced to the teams and the communes.
PLAN_STATUSES = ("draft", "published")
#: Condition of the batches that hold their file's rows ("already imported"): not undone, with at
#: least one accepted row.
ACTIVE_BATCH = "undone_at IS NULL AND rows_ok > 0"
#: Primary key of the one row of :data:`revision`.
REVISION_ROW = 1

metadata = MetaData()


def _quoted(values: tuple[str, ...]) -> str:
    """Quote fixed identifiers for a ``CHECK ... IN (...)`` (they hold no quote).

    Returns
    -------
    str
        ``'a', 'b'``.
    """
    return ", ".join(f"'{v}'" for v in values)


schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", DateTime, nullable=False),
)

#: One row (``id = 1``) whose ``number`` goes up by one in every write transaction.
revision = Table(
    "revision",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("number", BigInteger, nullable=False),
    CheckConstraint(f"id = {REVISION_ROW}", name="ck_revision_one_row"),
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
    # accepted rows of the file that were already stored (their fingerprint, schema 7): not
    # imported again
    Column("rows_skipped", Integer, nullable=False, server_default=text("0")),
    Column("file_errors", Text),
    Column("undone_at", DateTime),
    Column("undone_by", String(100)),
    # "already imported" is this unique index, not a read-then-write: two uploads of the same
    # file at the same moment store one batch. Files with no accepted row and undone batches are
    # outside it, so they never block a (corrected) re-upload.
    Index(
        "ux_import_batch_active_sha",
        "sha256",
        "kind",
        unique=True,
        sqlite_where=text(ACTIVE_BATCH),
        postgresql_where=text(ACTIVE_BATCH),
    ),
)

team = Table(
    "team",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("members", Integer),
    Column("base_lat", Float),
    Column("base_lon", Float),
    # the batch whose import created the team (NULL when created by hand or before schema 6);
    # undoing that batch removes the team unless other visits use it
    Column("created_by_import", Integer),
    # the contact line printed on the team's notices (user text, one line; NULL: none, schema 8)
    Column("contact", String(200)),
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
    # the row's content (geo.ingest.fingerprint, schema 7); unique, so the database itself
    # refuses a second copy of a visit (undo deletes rows: every row is of an active batch)
    Column("fingerprint", String(32), nullable=False),
    Index("ux_visit_fingerprint", "fingerprint", unique=True),
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
    Column("fingerprint", String(32), nullable=False),
    Index("ix_target_code_as_of", "code", "as_of"),
    Index("ux_target_fingerprint", "fingerprint", unique=True),
)

#: The column mapping a clerk confirmed for a file layout (schema 7): ``layout`` is the key the
#: reader derives from the header row, ``mapping`` the JSON ``{header text: field key or ""}``
#: ("" = the column is deliberately not imported).
import_layout = Table(
    "import_layout",
    metadata,
    Column("kind", String(16), primary_key=True),
    Column("layout", String(64), primary_key=True),
    Column("mapping", Text, nullable=False),
    Column("user", String(100), nullable=False),
    Column("at", DateTime, nullable=False),
)

#: A coded value a clerk told the meaning of once (schema 7): in files of ``kind``, the column
#: ``field`` holding ``value`` (folded: :func:`geo.places.spelling.fold`) means ``code``.
import_value_alias = Table(
    "import_value_alias",
    metadata,
    Column("kind", String(16), primary_key=True),
    Column("field", String(32), primary_key=True),
    Column("value", String(200), primary_key=True),
    Column("code", String(64), nullable=False),
    Column("user", String(100), nullable=False),
    Column("at", DateTime, nullable=False),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("user", String(100), nullable=False),
    Column("action", String(32), nullable=False),
    Column("detail", Text),
    # where the action came from (the browser's address), NULL for rows written before it
    Column("origin", String(64)),
)

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

#: Columns of :meth:`geo.store.Store.plans` (the plan row, then its number of assignments and
#: their expected activations).
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
#: Columns of :meth:`geo.store.Store.plan_assignments`.
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

#: The users' accounts (issue 12). ``username`` is stored case-folded, so the unique constraint
#: makes names unique whatever their case; ``scope_codes`` holds the district or commune codes of
#: the scope, sorted and comma-separated (empty for the province); ``password_hash`` is the
#: argon2id hash (:mod:`geo.access.passwords`), never the password.
account = Table(
    "account",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(200)),
    Column("role", String(16), nullable=False),
    Column("scope_level", String(16), nullable=False),
    Column("scope_codes", Text, nullable=False, default=""),
    Column("team", String(100)),
    Column("password_hash", String(255), nullable=False),
    Column("must_change_password", Boolean, nullable=False),
    Column("failed_attempts", Integer, nullable=False, default=0),
    Column("locked_until", DateTime),
    Column("created_at", DateTime, nullable=False),
    Column("last_sign_in_at", DateTime),
    Column("disabled", Boolean, nullable=False, default=False),
    # a demo account (made with the demo campaign, signed in without a password)
    Column("demo", Boolean, nullable=False, default=False),
    CheckConstraint(f"role IN ({_quoted(ROLES)})", name="ck_account_role"),
    CheckConstraint(f"scope_level IN ({_quoted(SCOPE_LEVELS)})", name="ck_account_scope_level"),
)
#: Columns of :meth:`geo.store.Store.accounts` (the account row without its password hash).
ACCOUNT_COLUMNS = [
    "id",
    "username",
    "display_name",
    "role",
    "scope_level",
    "scope_codes",
    "team",
    "must_change_password",
    "failed_attempts",
    "locked_until",
    "created_at",
    "last_sign_in_at",
    "disabled",
    "demo",
]

#: Signed-in sessions (issue 12): the browser keeps a random token in a cookie, the database only
#: its SHA-256 (``token_hash``), so a copy of the database signs nobody in. ``last_seen_at`` gives
#: the idle timeout; ``ended_at`` is set at sign-out, expiry, or when the account is disabled.
sign_in_session = Table(
    "sign_in_session",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("username", String(64), nullable=False, index=True),
    Column("method", String(16), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime, nullable=False),
    Column("ended_at", DateTime),
    Column("end_reason", String(16)),
    Column("origin", String(64)),
)

#: Why a resident needs a visit at home (labels: :data:`geo.store.home_requests.REASON_LABELS`).
REQUEST_REASONS = ("elderly", "disability", "illness", "other")
#: Status of a home-visit request: waiting for a visit / served (or closed by hand).
REQUEST_STATUSES = ("open", "closed")
#: Home-visit requests (issue 16, schema 9): a resident who cannot come to the ward office. The
#: text columns are user text (personal data: see :mod:`geo.access.policy`); ``closed_by_import``
#: is the import batch of the visit that served the request, NULL when closed by hand.
home_request = Table(
    "home_request",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(10), nullable=False, index=True),
    Column("resident", String(200), nullable=False),
    Column("address", String(300)),
    Column("reason", String(16), nullable=False),
    Column("phone", String(20)),
    Column("requested_by", String(200)),
    Column("recorded_by", String(100), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("status", String(8), nullable=False, default="open"),
    Column("closed_at", DateTime),
    Column("closed_by", String(100)),
    Column("closed_by_import", Integer),
    Column("note", Text),
    CheckConstraint(f"reason IN ({_quoted(REQUEST_REASONS)})", name="ck_home_request_reason"),
    CheckConstraint(f"status IN ({_quoted(REQUEST_STATUSES)})", name="ck_home_request_status"),
)
#: Columns of :meth:`geo.store.Store.home_requests`.
HOME_REQUEST_COLUMNS = [c.name for c in home_request.columns]

#: Drafts of the evening report (issue 16, schema 10): what a team leader has typed so far, one
#: per team and evening, kept on the server so that a reload or a dead battery loses nothing;
#: ``payload`` is the form as JSON text (user text: shown inert). Deleted when the report is sent.
report_draft = Table(
    "report_draft",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team", String(100), nullable=False),
    Column("date", Date, nullable=False),
    Column("payload", Text, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", String(100), nullable=False),
    UniqueConstraint("team", "date", name="ux_report_draft_team_date"),
)
