"""Issue 13: the same rows saved again (CRLF, BOM, ``;``, UTF-16, XLSX) are counted once.

Every file goes through the real reader (:func:`geo.ingest.read_visits`), then the store; rows
lost and rows duplicated are counted by fingerprint. Run on SQLite (a file, so threads really use
separate connections) and, when ``VNEID_TEST_PG_URL`` is set, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select

from geo.i18n import language
from geo.ingest import read_visits
from geo.ingest.fingerprint import fingerprints
from geo.store import ImportOutcome, Store, describe_outcome, tables
from tests.ingest.helpers import HEADER, TODAY, csv_bytes, csv_text, xlsx_bytes

_AT = dt.datetime(2023, 3, 14, 20, 0)


def _row(i: int, *, team: str | None = None, prefix: str = "Tổ dân phố") -> list[str]:
    """Visit ``i``: 10 households, 30 people guided, 14 registered, 12 activated."""
    day = dt.date(2023, 3, 1) + dt.timedelta(days=i % 28)
    return [
        day.strftime("%d/%m/%Y"), team or f"Tổ {i % 4 + 1}", "Lê Hồng Phong", "", "hộ gia đình",
        f"{prefix} {i}", "18:00", "21:00", "10", "30", "14", "12", "", "", "", "",
    ]  # fmt: skip


def _xlsx_row(row: list[str]) -> list[Any]:
    """The row as Excel holds it: a date cell, number cells, empty cells."""
    out: list[Any] = [None if v == "" else v for v in row]
    out[0] = dt.datetime.strptime(row[0], "%d/%m/%Y")
    for k in (8, 9, 10, 11):
        out[k] = int(row[k])
    return out


def saved_copies(rows: list[list[str]]) -> dict[str, bytes]:
    """The same table saved six ways, by file name."""
    lf = csv_text([HEADER, *rows]).replace("\r\n", "\n")
    return {
        "to1.csv": lf.encode(),
        "to1_crlf.csv": csv_bytes([HEADER, *rows]),
        "to1_bom.csv": b"\xef\xbb\xbf" + lf.encode(),
        "to1_champhay.csv": csv_bytes([HEADER, *rows], sep=";"),
        "to1_unicode.txt": csv_text([HEADER, *rows], "\t").encode("utf-16"),
        "to1.xlsx": xlsx_bytes({"Lượt làm việc": [HEADER, *map(_xlsx_row, rows)]}),
    }


ROWS = [_row(i) for i in range(100)]
COPIES = saved_copies(ROWS)
EXTRA = saved_copies(ROWS + [_row(i) for i in range(100, 120)])


@pytest.fixture
def db(db_url):
    store = Store(db_url, now=lambda: _AT)
    yield store
    store.close()


def _import(store: Store, communes, name: str, raw: bytes, **kw: Any) -> ImportOutcome:
    result = read_visits(raw, name, communes, today=TODAY)
    assert result.rows_ok == len(result.accepted) and not result.file_errors
    return store.import_result(result, raw, "an", **kw)


def _stored_fingerprints(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(tables.visit.c.fingerprint)).scalars())


def _lost_and_duplicated(store: Store, communes, name: str, raw: bytes) -> tuple[int, int]:
    """Rows of the file not stored, rows stored more than once (by the reader's fingerprints)."""
    wanted = set(fingerprints(read_visits(raw, name, communes, today=TODAY).accepted, "visits"))
    stored = _stored_fingerprints(store)
    recomputed = fingerprints(store.visits(), "visits").tolist()  # what the rows really are
    assert sorted(recomputed) == sorted(stored)
    return len(wanted - set(stored)), len(stored) - len(set(stored))


@pytest.mark.parametrize("first", ["to1.csv", "to1.xlsx", "to1_unicode.txt"])
def test_six_saved_copies_are_one_batch(db, communes, first):
    order = [first, *(n for n in COPIES if n != first)]
    outcomes = [_import(db, communes, n, COPIES[n]) for n in order]
    assert outcomes[0] == ImportOutcome(1, None, 100, 0)
    assert outcomes[1:] == [ImportOutcome(1, 1, 0, 0, rows_skipped=100)] * 5
    batches = db.batches()
    assert batches["id"].tolist() == [1] and batches["file_name"].tolist() == [first]
    assert int(db.visits()["activated"].sum()) == 1200
    assert _lost_and_duplicated(db, communes, first, COPIES[first]) == (0, 0)
    actions = db.audit_log()["action"].tolist()
    assert actions == ["import"] + ["import_duplicate"] * 5
    assert json.loads(db.audit_log()["detail"].iloc[-1])["rows_skipped"] == 100


def test_a_resaved_copy_is_described_as_already_imported(db, communes):
    _import(db, communes, "to1.csv", COPIES["to1.csv"])
    again = _import(db, communes, "to1.xlsx", COPIES["to1.xlsx"])
    assert describe_outcome(again, "to1.xlsx") == (
        "Cả 100 dòng của tệp to1.xlsx đã có trong lần nhập số 1 (tệp được lưu lại dưới dạng "
        "khác); không nhập lại."
    )
    with language("en"):
        assert describe_outcome(again, "to1.xlsx") == (
            "All 100 rows of file to1.xlsx are already in import no. 1 (the file was saved "
            "again in another form); not imported again."
        )


def test_a_copy_with_20_more_rows_imports_the_20(db, communes):
    _import(db, communes, "to1.csv", COPIES["to1.csv"])
    outcome = _import(db, communes, "to1.xlsx", EXTRA["to1.xlsx"])
    assert outcome == ImportOutcome(2, None, 20, 0, rows_skipped=100)
    assert describe_outcome(outcome, "to1.xlsx") == (
        "Đã nhập 20 dòng từ tệp to1.xlsx (lần nhập số 2). 100 dòng đã có trong lần nhập trước "
        "nên không nhập lại."
    )
    with language("en"):
        assert describe_outcome(outcome, "to1.xlsx") == (
            "Imported 20 rows from file to1.xlsx (import no. 2). 100 rows were already in an "
            "earlier import and were not imported again."
        )
    v = db.visits()
    assert v.groupby("import_id").size().to_dict() == {1: 100, 2: 20}
    assert int(v["activated"].sum()) == 1440
    assert _lost_and_duplicated(db, communes, "to1.xlsx", EXTRA["to1.xlsx"]) == (0, 0)
    b = db.batches().set_index("id")
    assert b.loc[2, ["rows_ok", "rows_skipped"]].tolist() == [20, 100]
    detail = json.loads(db.audit_log()["detail"].iloc[-1])
    assert (detail["rows_ok"], detail["rows_skipped"]) == (20, 100)


def test_matching_rows_names_the_rows_already_stored(db, communes):
    _import(db, communes, "to1.csv", COPIES["to1.csv"])
    result = read_visits(EXTRA["to1_bom.csv"], "to1_bom.csv", communes, today=TODAY)
    match = db.matching_rows(result)
    assert match.columns.tolist() == ["source_row", "batch_id", "file_name", "at"]
    assert match["source_row"].tolist() == list(range(2, 102))  # header = row 1
    assert set(match["batch_id"]) == {1} and set(match["file_name"]) == {"to1.csv"}
    assert set(match["at"]) == {_AT}
    assert (
        db.matching_rows(read_visits(COPIES["to1.csv"], "x.csv", communes, today=TODAY)).shape[0]
        == 100
    )


def test_matching_rows_of_a_new_file_is_empty(db, communes):
    result = read_visits(COPIES["to1.csv"], "to1.csv", communes, today=TODAY)
    match = db.matching_rows(result)
    assert match.empty and match.columns.tolist() == ["source_row", "batch_id", "file_name", "at"]
    assert str(match["source_row"].dtype) == "int64"


def test_replace_undoes_the_earlier_batch_and_keeps_its_teams(db, communes):
    _import(db, communes, "to1.csv", COPIES["to1.csv"])
    teams = db.teams()[["id", "name"]].to_dict("records")
    revision = db.revision()
    outcome = _import(db, communes, "to1.xlsx", EXTRA["to1.xlsx"], on_match="replace")
    assert outcome == ImportOutcome(2, None, 120, 0, replaced=(1,))
    assert describe_outcome(outcome, "to1.xlsx") == (
        "Đã nhập 120 dòng từ tệp to1.xlsx (lần nhập số 2). Lần nhập này thay cho lần nhập số 1 "
        "(đã hoàn tác)."
    )
    with language("en"):
        assert describe_outcome(outcome, "to1.xlsx") == (
            "Imported 120 rows from file to1.xlsx (import no. 2). It replaces import no. 1 "
            "(undone)."
        )
    assert db.revision() == revision + 1
    b = db.batches().set_index("id")
    assert b.loc[1, "undone_by"] == "an" and b.loc[1, "undone_at"] == _AT
    assert db.visits()["import_id"].unique().tolist() == [2] and len(db.visits()) == 120
    assert db.teams()[["id", "name"]].to_dict("records") == teams  # kept, same ids
    log = db.audit_log()
    assert log["action"].tolist() == ["import", "undo_import", "import"]
    undo, imported = (json.loads(d) for d in log["detail"].iloc[1:])
    assert undo == {
        "batch_id": 1, "file_name": "to1.csv", "replaced_by": 2, "rows_removed": 100,
    }  # fmt: skip
    assert imported["replaced"] == [1] and imported["rows_ok"] == 120
    assert _lost_and_duplicated(db, communes, "to1.xlsx", EXTRA["to1.xlsx"]) == (0, 0)
    assert db.undo_import(2, "an") == 120  # the teams passed to batch 2 go with it
    assert db.teams().empty and db.visits().empty


def test_replace_with_the_same_bytes_imports_them_again(db, communes):
    _import(db, communes, "to1.csv", COPIES["to1.csv"])
    outcome = _import(db, communes, "to1.csv", COPIES["to1.csv"], on_match="replace")
    assert outcome == ImportOutcome(2, None, 100, 0, replaced=(1,))
    assert db.batches()["undone_at"].notna().tolist() == [False, True]


def test_replace_of_a_new_file_replaces_nothing(db, communes):
    outcome = _import(db, communes, "to1.csv", COPIES["to1.csv"], on_match="replace")
    assert outcome == ImportOutcome(1, None, 100, 0)
    assert db.audit_log()["action"].tolist() == ["import"]


def test_an_unknown_on_match_is_refused(db, communes):
    with pytest.raises(ValueError, match="Cách xử lý dòng trùng không hợp lệ: 'merge'"):
        _import(db, communes, "to1.csv", COPIES["to1.csv"], on_match="merge")
    assert db.is_empty()


# --- at the same moment ---------------------------------------------------------------------


def _at_once(url: str, n: int, work: Callable[[Store, int], Any]) -> list[Any]:
    """Run ``work(store_i, i)`` in n threads, each with its own Store on ``url``, released
    together; exceptions are returned."""
    stores = [Store(url, now=lambda: _AT) for _ in range(n)]
    barrier = threading.Barrier(n)

    def run(i: int) -> Any:
        barrier.wait()
        try:
            return work(stores[i], i)
        except Exception as exc:
            return exc

    try:
        with ThreadPoolExecutor(max_workers=n) as pool:
            return list(pool.map(run, range(n)))
    finally:
        for store in stores:
            store.close()


def test_twenty_concurrent_uploads_of_resaved_copies_store_one_batch(db, db_url, communes):
    names = list(COPIES)
    results = {n: read_visits(raw, n, communes, today=TODAY) for n, raw in COPIES.items()}

    def work(store: Store, i: int) -> ImportOutcome:
        name = names[i % len(names)]  # each copy 3 or 4 times: the same bytes too
        return store.import_result(results[name], COPIES[name], f"u{i}")

    outcomes = _at_once(db_url, 20, work)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    stored = [o for o in outcomes if o.duplicate_of is None]
    assert len(stored) == 1 and stored[0].rows_ok == 100
    assert {o.duplicate_of for o in outcomes if o not in stored} == {stored[0].batch_id}
    batches = db.batches()
    assert batches.loc[batches["rows_ok"] > 0, "id"].tolist() == [stored[0].batch_id]
    assert int(db.visits()["activated"].sum()) == 1200
    assert _lost_and_duplicated(db, communes, "to1.csv", COPIES["to1.csv"]) == (0, 0)


def test_twenty_concurrent_different_files_naming_one_new_team(db, db_url, communes):
    raws = [
        csv_bytes([HEADER, *(_row(k, team="Tổ mới", prefix=f"Xóm {i}") for k in range(10))])
        for i in range(20)
    ]
    results = [read_visits(raw, f"f{i}.csv", communes, today=TODAY) for i, raw in enumerate(raws)]
    outcomes = _at_once(db_url, 20, lambda s, i: s.import_result(results[i], raws[i], f"u{i}"))
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(o.rows_ok for o in outcomes) == [10] * 20
    assert all(o.duplicate_of is None and o.rows_skipped == 0 for o in outcomes)
    assert db.teams()["name"].tolist() == ["Tổ mới"]
    assert len(db.visits()) == 200 and int(db.visits()["activated"].sum()) == 2400
