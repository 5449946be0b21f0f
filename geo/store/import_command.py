"""``python -m geo import FILE``: the «Dữ liệu» page's import, row by row, for scripts.

:func:`run_import` checks a file exactly as the page does (:func:`~geo.store.uploads.
check_upload`: the remembered column mapping and answers, the same limits, checks and reasons),
says for every data row of the file whether it is accepted, rejected, waiting for confirmation
or already stored, with the commune code it matched and its reasons, and imports it unless
``dry_run`` (:func:`~geo.store.uploads.confirm_upload`). :func:`report_text` writes the report
for a person, in the language in use; the report itself is plain data (``--json``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from geo.fmt import format_int
from geo.i18n import N_, _
from geo.store.imports import describe_outcome
from geo.store.uploads import Choices, OnMatch, check_upload, confirm_upload

if TYPE_CHECKING:
    from geo.config import Settings
    from geo.ingest import IngestResult
    from geo.store.facade import Store

__all__ = ["OUTCOMES", "report_text", "row_outcomes", "run_import"]

#: Outcome of a row -> its name for a person (catalog ids).
OUTCOMES = {
    "accepted": N_("nhận"),
    "rejected": N_("từ chối"),
    "needs_confirmation": N_("cần xác nhận"),
    "already_stored": N_("đã có"),
}


def row_outcomes(
    result: IngestResult,
    matches: pd.DataFrame | None = None,
    *,
    confirm: bool = False,
    on_match: OnMatch = "skip",
) -> pd.DataFrame:
    r"""Tell, for every data row of a checked file, what the import does with it.

    Parameters
    ----------
    result : IngestResult
        The checked file.
    matches : DataFrame, optional
        :meth:`Store.matching_rows` of it (``source_row``, ``batch_id``).
    confirm : bool, default False
        The flagged rows are confirmed.
    on_match : {"skip", "replace"}, default "skip"
        What happens to the rows already stored.

    Returns
    -------
    DataFrame
        ``row`` (as Excel numbers it), ``outcome`` (a key of :data:`OUTCOMES`), ``code`` (the
        commune matched, ``""`` when the row is rejected) and ``reasons`` (list of str), sorted by
        row.

    Examples
    --------
    >>> from datetime import date
    >>> from geo.ingest import read_visits
    >>> from geo.places.registry import communes
    >>> raw = "Ngày,Tổ,Mã xã,Loại\n14/03/2023,Tổ 1,13291,khác\n14/03/2023,Tổ 1,1,khác\n"
    >>> result = read_visits(raw.encode(), "a.csv", communes("approximate"),
    ...                      today=date(2024, 6, 30))
    >>> row_outcomes(result)[["row", "outcome", "code"]].values.tolist()
    [[2, 'accepted', '13291'], [3, 'rejected', '']]
    """
    reasons: dict[int, list[str]] = {}
    outcome: dict[int, str] = {}
    codes = dict(zip(result.accepted["source_row"], result.accepted["code"], strict=True))
    for row in codes:
        outcome[int(row)] = "accepted"
    for row, reason in zip(result.rejected["source_row"], result.rejected["reason"], strict=True):
        outcome[int(row)] = "rejected"
        reasons.setdefault(int(row), []).append(str(reason))
    for row, reason in zip(result.flagged["source_row"], result.flagged["reason"], strict=True):
        outcome[int(row)] = "accepted" if confirm else "needs_confirmation"
        reasons.setdefault(int(row), []).append(str(reason))
    if matches is not None and on_match == "skip":
        stored = _("đã có trong lần nhập số {batch}; không nhập lại")
        for row, batch in zip(matches["source_row"], matches["batch_id"], strict=True):
            if outcome.get(int(row)) == "accepted":
                outcome[int(row)] = "already_stored"
                reasons.setdefault(int(row), []).append(stored.format(batch=int(batch)))
    rows = sorted(outcome)
    return pd.DataFrame(
        {
            "row": pd.Series(rows, dtype="int64"),
            "outcome": pd.Series([outcome[r] for r in rows], dtype=object),
            "code": pd.Series(
                ["" if outcome[r] == "rejected" else str(codes.get(r, "")) for r in rows],
                dtype=object,
            ),
            "reasons": pd.Series([reasons.get(r, []) for r in rows], dtype=object),
        }
    )


def run_import(
    store: Store,
    raw: bytes,
    file_name: str,
    kind: str,
    registry: pd.DataFrame,
    settings: Settings,
    *,
    user: str,
    dry_run: bool = False,
    mapping: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
    confirm: bool = False,
    on_match: OnMatch = "skip",
) -> dict[str, Any]:
    """Check a file as the «Dữ liệu» page does and import it unless ``dry_run``.

    Parameters
    ----------
    store : Store
        The store (read even for a dry run: remembered mappings, rows already stored).
    raw : bytes
        The file.
    file_name : str
        Its name (its extension tells CSV from XLSX).
    kind : {"visits", "targets"}
        What the file holds.
    registry : pandas.DataFrame
        The whole commune registry.
    settings : Settings
        Limits and thresholds.
    user : str
        Who imports (audited).
    dry_run : bool, default False
        Change nothing.
    mapping : mapping of str to str, optional
        Header -> field key (``""``: leave the column out), remembered when imported.
    values : mapping, optional
        Field -> folded text -> code, remembered when imported.
    confirm : bool, default False
        Import the flagged rows too.
    on_match : {"skip", "replace"}, default "skip"
        The rows an earlier batch holds: skip them, or replace those batches.

    Returns
    -------
    dict
        ``file``, ``kind``, ``dry_run``, ``file_errors``, ``notes``, ``mapping_needed``,
        ``columns``, ``unmapped``, ``unknown_values``, ``rows`` (one dict per data row: ``row``,
        ``outcome``, ``code``, ``reasons``), ``counts`` (per outcome) and ``import`` (``None``
        for a dry run or a refused file, else ``batch_id``, ``rows_ok``, ``rows_skipped``,
        ``duplicate_of``, ``replaced``, ``message``).
    """
    choices = Choices(
        mapping=dict(mapping or {}), values={k: dict(v) for k, v in (values or {}).items()}
    )
    result = check_upload(store, kind, raw, file_name, registry, settings, choices)
    matches = store.matching_rows(result) if result.rows_ok else None
    rows = row_outcomes(result, matches, confirm=confirm, on_match=on_match)
    done: dict[str, Any] | None = None
    if not dry_run and not result.file_errors:
        outcome = confirm_upload(
            store, result, raw, user, confirm_flagged=confirm, on_match=on_match, choices=choices
        )
        done = {
            "batch_id": outcome.batch_id,
            "rows_ok": outcome.rows_ok,
            "rows_skipped": outcome.rows_skipped,
            "duplicate_of": outcome.duplicate_of,
            "replaced": list(outcome.replaced),
            "message": describe_outcome(outcome, file_name),
        }
    return {
        "file": file_name,
        "kind": kind,
        "dry_run": dry_run,
        "file_errors": list(result.file_errors),
        "notes": list(result.notes),
        "mapping_needed": result.mapping_needed,
        "columns": dict(result.columns),
        "unmapped": list(result.unmapped),
        "unknown_values": {k: list(v) for k, v in result.unknown_values.items()},
        "rows": rows.to_dict("records"),
        "counts": {key: int((rows["outcome"] == key).sum()) for key in OUTCOMES},
        "import": done,
    }


def report_text(report: Mapping[str, Any]) -> str:
    """Write a report of :func:`run_import` for a person, in the language in use.

    Parameters
    ----------
    report : mapping
        What :func:`run_import` returned.

    Returns
    -------
    str
        One line per row (``Dòng 3 · từ chối · — · reason``), then the totals and what was done.

    Examples
    --------
    >>> print(report_text({"file": "a.csv", "dry_run": True, "file_errors": [], "notes": [],
    ...     "unknown_values": {}, "rows": [{"row": 2, "outcome": "accepted", "code": "13291",
    ...     "reasons": []}], "counts": {"accepted": 1, "rejected": 0, "needs_confirmation": 0,
    ...     "already_stored": 0}, "import": None}))
    Dòng 2 · nhận · 13291
    Tệp a.csv: 1 nhận, 0 từ chối, 0 cần xác nhận, 0 đã có.
    Chạy thử (--dry-run): không thay đổi gì.
    """
    lines = []
    for message in report["file_errors"]:
        lines.append(_("Lỗi tệp: {error}").format(error=message))
    for note in report["notes"]:
        lines.append(_("Ghi chú: {note}").format(note=note))
    for key, texts in report["unknown_values"].items():
        shown = ", ".join(f"«{t}»" for t in texts)
        lines.append(
            _("Giá trị chưa rõ ({field}): {values} — dùng --place-type GIÁ_TRỊ=MÃ").format(
                field=key, values=shown
            )
        )
    for row in report["rows"]:
        parts = [
            _("Dòng {row}").format(row=row["row"]),
            _(OUTCOMES[row["outcome"]]),
            row["code"] or "—",
            *row["reasons"],
        ]
        lines.append(" · ".join(parts))
    counts = report["counts"]
    totals = ", ".join(f"{format_int(counts[k])} {_(OUTCOMES[k])}" for k in OUTCOMES)
    lines.append(_("Tệp {file}: {totals}.").format(file=report["file"], totals=totals))
    if report["dry_run"]:
        lines.append(_("Chạy thử (--dry-run): không thay đổi gì."))
    elif report["import"] is not None:
        lines.append(report["import"]["message"])
    return "\n".join(lines)
