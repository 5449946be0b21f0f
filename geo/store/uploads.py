"""One import as the «Dữ liệu» page and ``python -m geo import`` both run it: check, then confirm.

:func:`check_upload` reads a file with everything the clerks taught the store before: the
column mapping remembered for the file's layout (its header row) and the answers given for
unknown coded values. :func:`confirm_upload` imports what the clerk confirmed (the flagged rows
only when confirmed, the rows already stored skipped or their batches replaced) and remembers
the mapping and answers the clerk gave for next time, in the same order the page shows them.
Nothing is written to the database before :func:`confirm_upload`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pandas as pd

from geo.i18n import _
from geo.ingest import read_targets, read_visits
from geo.ingest.limits import ImportLimits
from geo.ingest.thresholds import Thresholds

if TYPE_CHECKING:
    from geo.config import Settings
    from geo.ingest import IngestResult
    from geo.store.facade import Store
    from geo.store.imports import ImportOutcome

__all__ = ["Choices", "OnMatch", "check_upload", "confirm_upload", "merged_values"]

OnMatch = Literal["skip", "replace"]
"""What to do with rows an earlier batch already holds: import only the new rows, or undo the
earlier batches and import the whole file."""


@dataclass(frozen=True)
class Choices:
    """What the clerk chose while checking a file.

    Attributes
    ----------
    mapping : dict of str to str
        Header text -> field key (``""``: leave the column out); empty to use the remembered
        mapping of the file's layout, if any.
    values : dict of str to dict of str to str
        Field -> folded text -> code: answers for unknown coded values.
    """

    mapping: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)


def merged_values(
    saved: Mapping[str, Mapping[str, str]], given: Mapping[str, Mapping[str, str]]
) -> dict[str, dict[str, str]]:
    """Put the clerk's new answers over the remembered ones.

    Parameters
    ----------
    saved, given : mapping
        Field -> folded text -> code.

    Returns
    -------
    dict
        Both, ``given`` winning.

    Examples
    --------
    >>> merged_values({"place_type": {"cho": "other", "nha": "household"}},
    ...               {"place_type": {"cho": "business"}})
    {'place_type': {'cho': 'business', 'nha': 'household'}}
    """
    out = {key: dict(v) for key, v in saved.items()}
    for key, answers in given.items():
        out.setdefault(key, {}).update(answers)
    return out


def _team_members(store: Store) -> dict[str, int]:
    """Officers of each team the store knows, by name (teams without a number left out)."""
    teams = store.teams()
    known = teams.dropna(subset=["members"])
    return {str(n): int(m) for n, m in zip(known["name"], known["members"], strict=True) if m > 0}


def check_upload(
    store: Store,
    kind: str,
    raw: bytes,
    file_name: str,
    registry: pd.DataFrame,
    settings: Settings,
    choices: Choices | None = None,
) -> IngestResult:
    """Read an uploaded file with the store's remembered mapping and answers.

    Parameters
    ----------
    store : Store
        Where the remembered mappings and answers are.
    kind : {"visits", "targets"}
        What the clerk said the file holds.
    raw : bytes
        The file.
    file_name : str
        Its name.
    registry : pandas.DataFrame
        The whole commune registry.
    settings : Settings
        The import limits and plausibility thresholds.
    choices : Choices, optional
        The clerk's mapping and answers on this screen.

    Returns
    -------
    IngestResult
        Read with ``choices.mapping``, else with the mapping remembered for the file's layout
        (a note says so); a known team's activations are checked per officer-hour.

    Raises
    ------
    ValueError
        For a kind other than ``"visits"`` or ``"targets"``.
    """
    if kind not in ("visits", "targets"):
        raise ValueError(_("Loại dữ liệu không hợp lệ: {kind}").format(kind=repr(kind)))
    choices = choices or Choices()
    values = merged_values(store.value_aliases(kind), choices.values)

    limits, thresholds = ImportLimits.from_settings(settings), Thresholds.from_settings(settings)
    members = _team_members(store) if kind == "visits" else {}  # once, for both reads

    def read(mapping: Mapping[str, str] | None) -> IngestResult:
        if kind == "targets":
            return read_targets(
                raw, file_name, registry, limits=limits, mapping=mapping, values=values,
                thresholds=thresholds,
            )  # fmt: skip
        return read_visits(
            raw, file_name, registry, limits=limits, mapping=mapping, values=values,
            thresholds=thresholds, team_members=members,
        )  # fmt: skip

    if choices.mapping:
        return read(choices.mapping)
    result = read(None)
    saved = store.saved_mapping(kind, result.layout) if result.layout else None
    if not saved:
        return result
    again = read(saved)
    again.notes.append(_("Đã dùng cách ghép cột đã lưu cho dạng tệp này."))
    return again


def confirm_upload(
    store: Store,
    result: IngestResult,
    raw: bytes,
    user: str,
    *,
    confirm_flagged: bool = False,
    on_match: OnMatch = "skip",
    choices: Choices | None = None,
    progress: Callable[[float], None] | None = None,
) -> ImportOutcome:
    """Import a checked file as the clerk confirmed it, and remember the clerk's choices.

    Parameters
    ----------
    store : Store
        The store.
    result : IngestResult
        What :func:`check_upload` returned for ``raw``.
    raw : bytes
        The file, archived verbatim.
    user : str
        Who imports.
    confirm_flagged : bool, default False
        Import the flagged rows too (else they are left out, with their reasons).
    on_match : {"skip", "replace"}, default "skip"
        Rows already stored: skip them, or replace the batches that hold them.
    choices : Choices, optional
        The mapping (saved under the file's layout) and the answers (saved per value) the
        clerk gave; saved only when some row was imported.
    progress : callable, optional
        Called with the fraction of rows written.

    Returns
    -------
    ImportOutcome
        What :meth:`Store.import_result` did.
    """
    kept = result if confirm_flagged else result.without_flagged()
    outcome = store.import_result(kept, raw, user, progress=progress, on_match=on_match)
    if choices is not None and outcome.rows_ok:
        if choices.mapping and result.layout:
            store.save_mapping(result.kind, result.layout, choices.mapping, user)
        for key, answers in choices.values.items():
            for value, code in answers.items():
                store.save_value_alias(result.kind, key, value, code, user)
    return outcome
