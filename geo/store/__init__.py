"""Persistence: communes, targets, teams, visits, import batches, plans and the audit log.

The store is a thin layer of SQLAlchemy 2.x Core over the domain tables of
:mod:`geo.store.tables`, plus ``schema_version`` and the one-row ``revision``. The embedded
default is a SQLite file (WAL journal, busy timeout, foreign keys on); the same code runs on
PostgreSQL given a ``postgresql+psycopg://`` URL, because the domain code only uses portable Core
constructs (no raw SQL; the SQLite ``PRAGMA`` statements live in the connection hook of
:mod:`geo.store.engine` and run for SQLite only). Times are stored as naive UTC
(:func:`geo.clock.utc_now`).

:class:`Store` (:mod:`geo.store.facade`, with its account, sign-in and session methods in
:mod:`geo.store.facade_accounts`) is the one object the pages use; each of its methods delegates
to the module of its concept:

* :mod:`geo.store.imports`: import an uploaded file (kept verbatim with its SHA-256), recognise a
  duplicate file or rows already stored (:mod:`geo.store.matching`, by fingerprint), skip or
  replace them, raw file download, import history; :mod:`geo.store.undo` (undo a batch),
  :mod:`geo.store.outcome` (:func:`describe_outcome`), :mod:`geo.store.retry` (locks, conflicts);
* :mod:`geo.store.layouts`: column mappings remembered per file layout, coded values' meanings;
* :mod:`geo.store.records`: the visits and targets of the active batches;
* :mod:`geo.store.teams`, :mod:`geo.store.communes`, :mod:`geo.store.plans`;
* :mod:`geo.store.accounts`: user accounts (argon2id hashes), their changes, password change;
* :mod:`geo.store.signin`: sign-in with lock-out, sign-in without a password (single sign-on,
  demo accounts);
* :mod:`geo.store.sessions`: signed-in sessions (token hashes, idle timeout, sign-out);
* :mod:`geo.store.audit`: audit rows and the store revision;
* :mod:`geo.store.migrations`, :mod:`geo.store.engine`, :mod:`geo.store.frames` (row conversion,
  reads through ``pandas.read_sql``).

The store revision
------------------
:meth:`Store.revision` is a number kept in the database that goes up by one in the transaction of
every write that can change what a page shows: an import, an undo, a team edit, a saved or a
published plan, a communes sync that changed rows. Reads never change it, nor does a write that
fails (its transaction rolls back with the bump), nor the import of a file that is already
stored (it writes an ``import_duplicate`` audit row and nothing else). Because it lives in the
database, a second process on the same URL sees the first one's writes; the UI caches take it
as part of their keys. A new kind of write calls :func:`geo.store.audit.record_change` (audit row
and bump) or, if it is not audited, :func:`geo.store.audit.bump_revision`, inside its
transaction.

Examples
--------
>>> store = Store("sqlite://")
>>> store.schema_version() == SCHEMA_VERSION, store.revision()
(True, 0)
"""

from geo.store.accounts import AccountError
from geo.store.facade import Store
from geo.store.frames import CHUNK_SIZE
from geo.store.imports import ImportOutcome, OnMatch, describe_outcome
from geo.store.matching import MATCH_COLUMNS
from geo.store.migrations import SCHEMA_VERSION
from geo.store.signin import LOCKOUT, MAX_FAILED_ATTEMPTS
from geo.store.tables import (
    ACCOUNT_COLUMNS,
    ASSIGNMENT_COLUMNS,
    BATCH_COLUMNS,
    KINDS,
    PLAN_COLUMNS,
    PLAN_STATUSES,
    TARGET_COLUMNS,
    TEAM_COLUMNS,
    VISIT_COLUMNS,
    metadata,
)

__all__ = [
    "ACCOUNT_COLUMNS",
    "ASSIGNMENT_COLUMNS",
    "BATCH_COLUMNS",
    "CHUNK_SIZE",
    "KINDS",
    "LOCKOUT",
    "MATCH_COLUMNS",
    "MAX_FAILED_ATTEMPTS",
    "PLAN_COLUMNS",
    "PLAN_STATUSES",
    "SCHEMA_VERSION",
    "TARGET_COLUMNS",
    "TEAM_COLUMNS",
    "VISIT_COLUMNS",
    "AccountError",
    "ImportOutcome",
    "OnMatch",
    "Store",
    "describe_outcome",
    "metadata",
]
