"""``Store``: one object for the pages, delegating each method to the module of its concept.

The methods keep the store's public API; the work is done by :mod:`geo.store.communes`,
:mod:`geo.store.imports`, :mod:`geo.store.records`, :mod:`geo.store.teams`,
:mod:`geo.store.plans` and :mod:`geo.store.audit`, each given the engine (and the clock, for
writes). The account, sign-in and session methods come from
:class:`geo.store.facade_accounts.AccountsMixin` (:mod:`geo.store.accounts`,
:mod:`geo.store.signin`, :mod:`geo.store.sessions`), the remembered column mappings and value
meanings from :class:`geo.store.facade_layouts.LayoutsMixin` (:mod:`geo.store.layouts`), the
home-visit requests from :class:`geo.store.home_requests.HomeRequestsMixin`, the evening report's
drafts from :class:`geo.store.report_drafts.ReportDraftsMixin`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from geo.clock import utc_now
from geo.store import audit as _audit
from geo.store import communes as _communes
from geo.store import imports as _imports
from geo.store import plans as _plans
from geo.store import records as _records
from geo.store import teams as _teams
from geo.store.engine import make_engine, safe_url
from geo.store.facade_accounts import AccountsMixin
from geo.store.facade_layouts import LayoutsMixin
from geo.store.home_requests import HomeRequestsMixin
from geo.store.imports import ImportOutcome, OnMatch
from geo.store.migrations import migrate, recorded_version
from geo.store.report_drafts import ReportDraftsMixin

if TYPE_CHECKING:
    from geo.ingest import IngestResult

__all__ = ["Store"]


class Store(AccountsMixin, LayoutsMixin, HomeRequestsMixin, ReportDraftsMixin):
    """Database access for the dashboard.

    Parameters
    ----------
    url : str
        SQLAlchemy URL, e.g. ``sqlite:///data/vneid.db`` (the parent folder is created),
        ``sqlite://`` (in memory) or ``postgresql+psycopg://user@host/db``.
    now : callable, optional
        Clock returning naive UTC datetimes (tests inject a fixed one); default
        :func:`geo.clock.utc_now`.

    Examples
    --------
    >>> store = Store("sqlite://")
    >>> store.is_empty(), store.batches().empty, store.revision()
    (True, True, 0)
    >>> store.update_teams(pd.DataFrame({"name": ["Tổ 1"], "members": [2]}), "an")
    1
    >>> store.revision(), store.teams()["name"].tolist()
    (1, ['Tổ 1'])
    """

    def __init__(self, url: str, *, now: Callable[[], datetime] | None = None) -> None:
        self.url = url
        self._now = now or utc_now
        self.engine = make_engine(url)
        migrate(self.engine, self._now)

    def __repr__(self) -> str:
        """Show the URL, without its password.

        Returns
        -------
        str
            ``Store('<url>')``.
        """
        return f"Store({safe_url(self.url)!r})"

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()

    # ----------------------------------------------------------------- schema, revision
    def schema_version(self) -> int:
        """Return the schema version recorded in the database.

        Returns
        -------
        int
            :data:`geo.store.SCHEMA_VERSION` once the store is open.
        """
        return recorded_version(self.engine)

    def revision(self) -> int:
        """Return the store revision, a number that changes with every write.

        Imports, undos, team edits, saved and published plans and communes syncs that changed
        rows each add one, in the write's own transaction; reads, duplicate imports and writes
        that fail do not. It lives in the database, so every process sees every other's writes.

        Returns
        -------
        int
            0 on a new database, then the number of write transactions committed.
        """
        return _audit.read_revision(self.engine)

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
            Rows written (nothing is written when the stored rows are the same already).
        """
        return _communes.sync_communes(self.engine, communes)

    def communes(self, version: str | None = None) -> pd.DataFrame:
        """Return the stored communes (all versions, or one).

        Parameters
        ----------
        version : str, optional
            Registry version to keep.

        Returns
        -------
        pandas.DataFrame
            The ``commune`` columns, by version and code.
        """
        return _communes.communes(self.engine, version)

    # ----------------------------------------------------------------- imports
    def is_empty(self) -> bool:
        """Tell whether no file was ever imported (undone batches count as imported).

        Returns
        -------
        bool
            ``True`` before the first import.
        """
        return _imports.is_empty(self.engine)

    def import_result(
        self,
        result: IngestResult,
        raw: bytes,
        user: str,
        *,
        progress: Callable[[float], None] | None = None,
        on_match: OnMatch = "skip",
    ) -> ImportOutcome:
        """Store an uploaded file and its accepted rows in one transaction.

        Rows an active batch already holds (the same fingerprint, however the file was saved)
        are skipped, or with ``on_match="replace"`` the batches holding them are undone in the
        same transaction and the whole file is imported.

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
        on_match : {"skip", "replace"}, default "skip"
            What to do with the rows an earlier batch holds.

        Returns
        -------
        ImportOutcome
            ``duplicate_of`` is set (and nothing imported) when an active batch of the same
            kind already holds the same bytes, or every row; ``rows_skipped`` and ``replaced``
            say what was left out or undone.
        """
        return _imports.import_result(
            self.engine, self._now, result, raw, user, progress=progress, on_match=on_match
        )

    def matching_rows(self, result: IngestResult) -> pd.DataFrame:
        """Return the accepted rows of a file that an earlier batch holds (before importing).

        Parameters
        ----------
        result : geo.ingest.IngestResult
            The reader's result.

        Returns
        -------
        pandas.DataFrame
            ``source_row, batch_id, file_name, at``, by ``source_row``.
        """
        return _imports.matching_rows(self.engine, result)

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
        """
        return _imports.undo_import(self.engine, self._now, batch_id, user)

    def raw_file(self, batch_id: int) -> bytes:
        """Return the file of a batch, byte for byte.

        Parameters
        ----------
        batch_id : int
            The batch.

        Returns
        -------
        bytes
            The uploaded file.
        """
        return _imports.raw_file(self.engine, batch_id)

    def batch_communes(self) -> pd.DataFrame:
        """Return the communes each import batch holds (one row per batch and commune).

        Returns
        -------
        pandas.DataFrame
            ``import_id, code`` of the stored visits and targets (every target row, not only
            the latest); an undone batch has no rows any more.
        """
        return _records.batch_communes(self.engine)

    def batches(self) -> pd.DataFrame:
        """Return the import history, newest first.

        Returns
        -------
        pandas.DataFrame
            :data:`geo.store.BATCH_COLUMNS` (no raw bytes).
        """
        return _imports.batches(self.engine)

    # ----------------------------------------------------------------- teams
    def update_teams(self, teams: pd.DataFrame, user: str) -> int:
        """Create or update teams by name (``members``, ``base_lat``, ``base_lon``, ``contact``).

        Missing columns or ``<NA>`` values leave the stored value unchanged; a blank
        ``contact`` clears it. The page lets whoever may ``edit_teams`` (:mod:`geo.access`)
        call it.

        Parameters
        ----------
        teams : pandas.DataFrame
            ``name`` and any of ``members, base_lat, base_lon, contact``.
        user : str
            Who edits (the audit log).

        Returns
        -------
        int
            Number of teams written. Raises ``ValueError`` for a contact over 200 characters.
        """
        return _teams.update_teams(self.engine, self._now, teams, user)

    def set_team_contacts(self, contacts: Mapping[str, object], user: str) -> int:
        """Set the contact lines printed on the teams' notices, by team name.

        Parameters
        ----------
        contacts : mapping
            Team name -> contact line (one line of plain text; blank or ``None`` clears it).
        user : str
            Who edits (audited as ``update_teams``; the page asks for ``edit_teams``).

        Returns
        -------
        int
            Number of teams written.
        """
        return _teams.set_team_contacts(self.engine, self._now, contacts, user)

    def teams(self) -> pd.DataFrame:
        """Return every team.

        Returns
        -------
        pandas.DataFrame
            :data:`geo.store.TEAM_COLUMNS`, by id.
        """
        return _teams.teams(self.engine)

    # ----------------------------------------------------------------- records, audit
    def visits(self) -> pd.DataFrame:
        """Return the visits of the active batches.

        Returns
        -------
        pandas.DataFrame
            ``VISIT_COLUMNS + [id, team_id, import_id]``, by date.
        """
        return _records.visits(self.engine)

    def targets(self, *, latest_only: bool = True) -> pd.DataFrame:
        """Return the targets of the active batches.

        Parameters
        ----------
        latest_only : bool, default True
            Per ``(code, as_of)`` keep only the rows of the latest active batch; ``False``
            returns every stored row (history).

        Returns
        -------
        pandas.DataFrame
            ``TARGET_COLUMNS + [import_id]``.
        """
        return _records.targets(self.engine, latest_only=latest_only)

    def audit_log(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        users: Iterable[str] = (),
        actions: Iterable[str] = (),
    ) -> pd.DataFrame:
        """Return the audit rows, oldest first, optionally filtered in the database.

        Parameters
        ----------
        since, until : datetime.datetime, optional
            Keep ``since <= at < until`` (naive UTC).
        users, actions : iterable of str, optional
            Keep these users / actions (all when empty).

        Returns
        -------
        pandas.DataFrame
            ``id, at, user, action, detail, origin`` (``detail`` is JSON text).
        """
        return _audit.audit_log(self.engine, since=since, until=until, users=users, actions=actions)

    def log(self, user: str, action: str, detail: dict[str, Any]) -> None:
        """Record an event that changes no data (an export, a download) in the audit log.

        Parameters
        ----------
        user : str
            Who.
        action : str
            What (``"export"``, ``"download_original"``, ...).
        detail : dict
            Stored as JSON (file name, page, batch...).
        """
        with self.engine.begin() as conn:
            _audit.log_event(conn, self._now, user, action, detail)

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
        schedule : pandas.DataFrame
            ``date, team, code`` and optionally ``window_start, window_end, travel_min,
            expected_activations, reason``.
        params : dict
            What produced the schedule, stored as JSON.
        user : str
            Who saves.
        start : datetime.date
            First day of the horizon.
        days : int
            Length of the horizon in days.
        method : str
            How the schedule was made (``"milp"``, ``"greedy"``...).

        Returns
        -------
        int
            Id of the new plan.
        """
        return _plans.save_plan(
            self.engine,
            self._now,
            schedule,
            params=params,
            user=user,
            start=start,
            days=days,
            method=method,
        )

    def publish_plan(self, plan_id: int, user: str) -> None:
        """Publish a plan: it becomes the current plan (audited as ``publish_plan``).

        Parameters
        ----------
        plan_id : int
            The plan (publishing it again makes it current again).
        user : str
            Who publishes.
        """
        _plans.publish_plan(self.engine, self._now, plan_id, user)

    def plans(self) -> pd.DataFrame:
        """Return the saved plans, newest first.

        Returns
        -------
        pandas.DataFrame
            :data:`geo.store.PLAN_COLUMNS` (``params`` is a dict).
        """
        return _plans.plans(self.engine)

    def plan_assignments(self, plan_id: int) -> pd.DataFrame:
        """Return the assignments of a plan, by date, team, commune.

        Parameters
        ----------
        plan_id : int
            The plan.

        Returns
        -------
        pandas.DataFrame
            :data:`geo.store.ASSIGNMENT_COLUMNS`.
        """
        return _plans.plan_assignments(self.engine, plan_id)

    def published_plan(self) -> tuple[int, pd.DataFrame] | None:
        """Return the current plan: the latest published plan and its assignments.

        Returns
        -------
        tuple of (int, pandas.DataFrame) or None
            ``(plan id, its assignments)``; ``None`` when no plan was ever published.
        """
        return _plans.published_plan(self.engine)
