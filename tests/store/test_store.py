"""Tests of geo.store: imports, duplicates, undo, atomicity, targets history, audit."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from geo import store as store_mod
from geo.i18n import language
from geo.ingest import IngestResult, read_upload, rejected_xlsx
from geo.store import ImportOutcome, Store, describe_outcome, frames, imports, tables
from tests.samples import VISITS_CSV_ONE_BAD_ROW


def _visits(n: int, *, team: str = "Tổ 1", code: str = "13291", day: str = "2023-02-13"):
    """``n`` accepted visit rows in the ingest contract's dtypes (activated = 1..n)."""
    return pd.DataFrame(
        {
            "date": pd.to_datetime([day] * n).astype("datetime64[ns]"),
            "team": [team] * n,
            "code": [code] * n,
            "place_type": ["household"] * n,
            "place_name": [f"Tổ dân phố {i}" for i in range(1, n + 1)],
            "start": ["18:00"] * n,
            "end": ["20:30"] * n,
            "households": pd.array([10] * n, dtype="Int64"),
            "people_guided": pd.array([20] * n, dtype="Int64"),
            "registered": pd.array([15] * n, dtype="Int64"),
            "activated": pd.array(list(range(1, n + 1)), dtype="Int64"),
            "services_used": pd.array([None] * n, dtype="Int64"),
            "lat": [20.54] * n,
            "lon": [105.9] * n,
            "note": [None] * n,
            "source_row": list(range(2, n + 2)),
        }
    )


def _targets(rows: list[tuple[str, str, int, int]]):
    """Accepted target rows from ``(code, as_of, eligible, activated_baseline)``."""
    return pd.DataFrame(
        {
            "code": [r[0] for r in rows],
            "as_of": pd.to_datetime([r[1] for r in rows]).astype("datetime64[ns]"),
            "population": pd.array([1000] * len(rows), dtype="Int64"),
            "eligible": pd.array([r[2] for r in rows], dtype="Int64"),
            "quota": pd.array([800] * len(rows), dtype="Int64"),
            "activated_baseline": pd.array([r[3] for r in rows], dtype="Int64"),
            "source_row": list(range(2, len(rows) + 2)),
        }
    )


_NO_REJECTS = pd.DataFrame(columns=["source_row", "column", "value", "reason"])


def make_result(kind, accepted, raw, *, rejected=None, file_errors=(), file_name="tệp.csv"):
    """An ``IngestResult`` built by hand (what geo.ingest would return for ``raw``)."""
    return IngestResult(
        kind=kind,
        file_name=file_name,
        sha256=hashlib.sha256(raw).hexdigest(),
        encoding="utf-8",
        accepted=accepted,
        rejected=_NO_REJECTS.copy() if rejected is None else rejected,
        file_errors=list(file_errors),
    )


@pytest.fixture
def clock():
    """A fixed clock: every call returns 14/03/2023 20:00 UTC."""
    return lambda: datetime(2023, 3, 14, 20, 0)


@pytest.fixture
def db(db_url, clock):
    store = Store(db_url, now=clock)
    yield store
    store.close()


@pytest.fixture
def visits_file(db):
    """Five visits (activated 1..5 → 15) imported by "an" as batch 1."""
    raw = b"five visits"
    outcome = db.import_result(make_result("visits", _visits(5), raw), raw, "an")
    return outcome


def _count(store: Store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def test_sqlite_file_uses_wal_busy_timeout_and_a_16_mib_cache(tmp_path):
    db = Store(f"sqlite:///{tmp_path / 'sub' / 'vneid.db'}")
    assert (tmp_path / "sub" / "vneid.db").is_file()
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA busy_timeout").fetchone()[0] == 10000
        assert raw.execute("PRAGMA cache_size").fetchone()[0] == -16384  # KiB: 16 MiB
    assert db.schema_version() == store_mod.SCHEMA_VERSION == 10


def test_reopening_keeps_data_and_schema_version(db, visits_file, db_url):
    again = Store(db_url)
    assert again.schema_version() == store_mod.SCHEMA_VERSION
    assert again.visits()["activated"].sum() == 15
    again.close()


def test_newer_schema_is_refused(db, db_url):
    with db.engine.begin() as conn:
        conn.execute(tables.schema_version.insert().values(version=99, applied_at=datetime.now()))
    with pytest.raises(RuntimeError, match="mới hơn"):
        Store(db_url)


def test_import_writes_visits_batch_team_and_audit(db, visits_file):
    assert visits_file == ImportOutcome(batch_id=1, duplicate_of=None, rows_ok=5, rows_rejected=0)
    v = db.visits()
    assert list(v.columns) == [*store_mod.VISIT_COLUMNS, "id", "team_id", "import_id"]
    assert len(v) == 5 and v["activated"].sum() == 15
    assert v["date"].dtype == "datetime64[ns]" and v["activated"].dtype == "Int64"
    assert v["date"].iloc[0] == pd.Timestamp("2023-02-13")
    assert v["team"].unique().tolist() == ["Tổ 1"]
    assert v["services_used"].isna().all() and v["note"].isna().all()
    assert v["import_id"].unique().tolist() == [1]
    teams = db.teams()
    assert teams["name"].tolist() == ["Tổ 1"] and teams["members"].isna().all()
    b = db.batches().iloc[0]
    assert (b["kind"], b["user"], b["rows_ok"], b["rows_rejected"], b["size"]) == (
        "visits",
        "an",
        5,
        0,
        len(b"five visits"),
    )
    assert b["sha256"] == hashlib.sha256(b"five visits").hexdigest()
    assert b["at"] == pd.Timestamp("2023-03-14 20:00") and pd.isna(b["undone_at"])
    assert db.raw_file(1) == b"five visits"
    log = db.audit_log()
    assert log["action"].tolist() == ["import"]
    assert log["user"].tolist() == ["an"]
    assert json.loads(log["detail"].iloc[0])["rows_ok"] == 5


def test_existing_team_is_reused(db, visits_file):
    raw = b"more visits"
    frame = pd.concat([_visits(2, day="2023-02-14"), _visits(1, team="Tổ 2")], ignore_index=True)
    db.import_result(make_result("visits", frame, raw), raw, "an")
    teams = db.teams()
    assert teams["name"].tolist() == ["Tổ 1", "Tổ 2"]
    counts = db.visits().groupby("team").size().to_dict()
    assert counts == {"Tổ 1": 7, "Tổ 2": 1}


def test_file_with_every_row_rejected_is_still_kept(db):
    raw = "ngày;tổ\nabc;?\n".encode()
    rejected = pd.DataFrame(
        {
            "source_row": [2, 2],
            "column": ["date", "team"],
            "value": ["abc", "?"],
            "reason": ["Ngày không hợp lệ", "Thiếu tên tổ"],
        }
    )
    result = make_result("visits", _visits(0), raw, rejected=rejected)
    outcome = db.import_result(result, raw, "bình")
    assert outcome == ImportOutcome(1, None, 0, 1)
    assert db.raw_file(1) == raw
    assert db.batches()[["rows_ok", "rows_rejected"]].iloc[0].tolist() == [0, 1]
    assert db.visits().empty


def test_file_errors_are_stored_with_the_batch(db):
    raw = b"\x00\x01binary"
    result = make_result("visits", _visits(0), raw, file_errors=["Không đọc được tệp."])
    db.import_result(result, raw, "an")
    assert db.batches()["file_errors"].iloc[0] == "Không đọc được tệp."


def test_same_file_twice_is_recognised_and_not_imported_again(db, visits_file):
    raw = b"five visits"
    outcome = db.import_result(make_result("visits", _visits(5), raw), raw, "chi")
    assert outcome == ImportOutcome(batch_id=1, duplicate_of=1, rows_ok=0, rows_rejected=0)
    assert len(db.visits()) == 5
    assert len(db.batches()) == 1
    assert db.audit_log()["action"].tolist() == ["import", "import_duplicate"]
    assert json.loads(db.audit_log()["detail"].iloc[1])["duplicate_of"] == 1


def test_same_bytes_as_other_kind_is_not_a_duplicate(db, visits_file):
    raw = b"five visits"
    outcome = db.import_result(make_result("targets", _targets([]), raw), raw, "an")
    assert outcome.duplicate_of is None and outcome.batch_id == 2


def test_undo_removes_rows_and_keeps_history(db, visits_file):
    removed = db.undo_import(1, "dũng")
    assert removed == 5
    assert db.visits().empty
    b = db.batches().iloc[0]
    assert b["undone_by"] == "dũng" and b["undone_at"] == pd.Timestamp("2023-03-14 20:00")
    assert db.raw_file(1) == b"five visits"
    assert db.audit_log()["action"].tolist() == ["import", "undo_import"]
    assert json.loads(db.audit_log()["detail"].iloc[1]) == {
        "batch_id": 1,
        "file_name": "tệp.csv",
        "rows_removed": 5,
        "teams_removed": ["Tổ 1"],  # created by this batch, used by no other
    }
    assert not db.is_empty()


def test_undone_file_can_be_imported_again(db, visits_file):
    db.undo_import(1, "an")
    raw = b"five visits"
    outcome = db.import_result(make_result("visits", _visits(5), raw), raw, "an")
    assert outcome == ImportOutcome(2, None, 5, 0)
    assert db.visits()["import_id"].unique().tolist() == [2]


@pytest.mark.parametrize(
    ("batch_id", "error"),
    [(1, ValueError), (42, KeyError)],
    ids=["already-undone", "unknown"],
)
def test_undo_errors(db, visits_file, batch_id, error):
    db.undo_import(1, "an")
    with pytest.raises(error):
        db.undo_import(batch_id, "an")


def test_undo_only_touches_its_own_batch(db, visits_file):
    raw = b"second"
    db.import_result(make_result("visits", _visits(3, team="Tổ 2"), raw), raw, "an")
    db.undo_import(1, "an")
    v = db.visits()
    assert v["team"].unique().tolist() == ["Tổ 2"] and v["activated"].sum() == 6


@pytest.mark.parametrize("fail_after_chunks", [0, 1, 3])
def test_crash_mid_import_leaves_database_unchanged(
    db, visits_file, monkeypatch, fail_after_chunks
):
    before = {
        t: _count(db, t) for t in (tables.visit, tables.import_batch, tables.team, tables.audit)
    }
    real = frames.insert_chunked
    calls = []

    def flaky(conn, table, rows, progress=None, **kw):  # the rows in chunks of 10, failing at one
        for start in range(0, len(rows), 10):
            if len(calls) == fail_after_chunks:
                raise OSError("disk unplugged")
            chunk = frames.RowTuples.from_rows(rows.columns, rows.rows[start : start + 10])
            calls.append(len(chunk))
            real(conn, table, chunk, **kw)

    monkeypatch.setattr(imports, "insert_chunked", flaky)
    raw = b"fifty rows, new team"
    result = make_result("visits", _visits(50, team="Tổ 9"), raw)
    with pytest.raises(OSError, match="disk unplugged"):
        db.import_result(result, raw, "an")
    assert calls == [10] * fail_after_chunks  # some chunks really were written first
    after = {t: _count(db, t) for t in before}
    assert after == before
    assert db.batches()["id"].tolist() == [1]
    assert "Tổ 9" not in db.teams()["name"].tolist()


def test_bad_value_part_way_rolls_back(db):
    raw = b"bad row 7"
    frame = _visits(12)
    frame["code"] = frame["code"].astype(object)
    frame.loc[7, "code"] = None  # NOT NULL violation in the 8th row, after 7 good rows
    with pytest.raises(Exception, match=r"(?i)not.null"):
        db.import_result(make_result("visits", frame, raw), raw, "an")
    assert db.is_empty() and db.visits().empty and db.teams().empty and db.audit_log().empty


def test_progress_reports_every_chunk(db, monkeypatch):
    monkeypatch.setattr(frames, "CHUNK_SIZE", 4)
    seen = []
    raw = b"ten"
    db.import_result(make_result("visits", _visits(10), raw), raw, "an", progress=seen.append)
    assert seen == [0.4, 0.8, 1.0, 1.0]


def test_sha_mismatch_and_bad_kind_are_refused(db):
    result = make_result("visits", _visits(1), b"one")
    with pytest.raises(ValueError, match="SHA-256"):
        db.import_result(result, b"other bytes", "an")
    bad = make_result("plans", _visits(1), b"one")
    with pytest.raises(ValueError, match="Loại"):
        db.import_result(bad, b"one", "an")
    assert db.is_empty()


@pytest.fixture
def targets_history(db):
    """Batch 1: official figures; batch 2: a corrected file for 13291 on 31/05 only."""
    first = _targets(
        [
            ("13291", "2023-02-13", 18000, 6000),
            ("13291", "2023-05-31", 18200, 9000),
            ("13540", "2023-05-31", 7100, 4000),
        ]
    )
    db.import_result(make_result("targets", first, b"t1"), b"t1", "an")
    second = _targets([("13291", "2023-05-31", 18250, 9500)])
    db.import_result(make_result("targets", second, b"t2"), b"t2", "an")
    return db


def _target_map(df):
    return {
        (r.code, r.as_of.strftime("%d/%m/%Y")): (r.eligible, r.activated_baseline, r.import_id)
        for r in df.itertuples()
    }


def test_targets_latest_batch_wins(targets_history):
    assert _target_map(targets_history.targets()) == {
        ("13291", "13/02/2023"): (18000, 6000, 1),
        ("13291", "31/05/2023"): (18250, 9500, 2),
        ("13540", "31/05/2023"): (7100, 4000, 1),
    }
    assert len(targets_history.targets(latest_only=False)) == 4


def test_undoing_the_correction_restores_the_earlier_targets(targets_history):
    targets_history.undo_import(2, "an")
    assert _target_map(targets_history.targets())[("13291", "31/05/2023")] == (18200, 9000, 1)


def test_undoing_the_older_batch_keeps_the_newer(targets_history):
    targets_history.undo_import(1, "an")
    assert _target_map(targets_history.targets()) == {("13291", "31/05/2023"): (18250, 9500, 2)}


def test_update_teams_sets_members_and_keeps_unknowns(db, visits_file):
    teams = pd.DataFrame(
        {
            "name": ["Tổ 1", "Tổ 2"],
            "members": pd.array([2, None], dtype="Int64"),
            "base_lat": [20.5, 20.6],
            "base_lon": [105.9, 106.0],
        }
    )
    assert db.update_teams(teams, "an") == 2
    got = db.teams()
    assert got["name"].tolist() == ["Tổ 1", "Tổ 2"]
    assert got["members"].tolist() == [2, pd.NA]
    assert got["base_lat"].tolist() == [20.5, 20.6]
    assert db.audit_log()["action"].tolist()[-1] == "update_teams"


def test_sync_communes_replaces_a_version(db):
    df = pd.DataFrame(
        {
            "code": ["13291", "13540"],
            "name": ["Lê Hồng Phong", "An Nội"],
            "full_name": ["Phường Lê Hồng Phong", "Xã An Nội"],
            "type": ["phường", "xã"],
            "district_code": ["347", "352"],
            "district_name": ["Thành phố Phủ Lý", "Huyện Bình Lục"],
            "urban": [True, False],
            "version": ["2020-2024", "2020-2024"],
            "population_2019": pd.array([20605, None], dtype="Int64"),
            "lat": [20.53, float("nan")],
            "lon": [105.9, float("nan")],
        }
    )
    assert db.sync_communes(df) == 2
    assert db.sync_communes(df.iloc[:1]) == 1
    got = db.communes("2020-2024")
    assert got["code"].tolist() == ["13291"]
    assert bool(got["urban"].iloc[0]) and got["population_2019"].iloc[0] == 20605
    assert db.communes("2025-07").empty


def test_in_memory_store_works():
    store = Store("sqlite://")
    raw = b"x"
    store.import_result(make_result("visits", _visits(2), raw), raw, "an")
    assert store.visits()["activated"].sum() == 3


def test_upload_flow_validate_import_describe(db, demo_communes):
    result = read_upload("visits", VISITS_CSV_ONE_BAD_ROW, "tổ1.csv", demo_communes)
    assert (result.rows_ok, result.rows_rejected) == (2, 1)
    assert result.rejected["source_row"].unique().tolist() == [3]
    outcome = db.import_result(result, VISITS_CSV_ONE_BAD_ROW, "an")
    assert outcome == ImportOutcome(1, None, 2, 1)
    assert describe_outcome(outcome, "tổ1.csv") == (
        "Đã nhập 2 dòng từ tệp tổ1.csv (lần nhập số 1); 1 dòng bị từ chối."
    )
    assert db.visits()["activated"].tolist() == [10, 25]
    again = db.import_result(
        read_upload("visits", VISITS_CSV_ONE_BAD_ROW, "tổ1.csv", demo_communes),
        VISITS_CSV_ONE_BAD_ROW,
        "an",
    )
    assert describe_outcome(again, "tổ1.csv") == (
        "Tệp tổ1.csv đã được nhập trước đây (lần nhập số 1); không nhập lại."
    )
    wb = load_workbook(__import__("io").BytesIO(rejected_xlsx(result)))
    reasons = list(wb["Dòng bị từ chối"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in reasons] == [3] * len(reasons) and reasons[0][3]


def test_upload_of_targets_as_visits_rejects_the_whole_file(db, demo_communes):
    raw = "Mã xã,Tính đến ngày,Công dân đủ điều kiện\n13291,31/05/2023,18000\n".encode()
    result = read_upload("visits", raw, "chi_tieu.csv", demo_communes)
    assert result.rows_ok == 0 and result.file_errors
    assert db.import_result(result, raw, "an").rows_ok == 0
    assert db.raw_file(1) == raw
    targets = read_upload("targets", raw, "chi_tieu.csv", demo_communes)
    assert targets.rows_ok == 1 and targets.accepted["eligible"].tolist() == [18000]


def test_numpy_batch_ids_work(db, visits_file):
    batch_id = db.batches()["id"].to_numpy()[0]  # what a page gets from the history frame
    assert db.raw_file(batch_id) == b"five visits"
    assert db.undo_import(batch_id, "an") == 5


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (ImportOutcome(3, None, 1923, 2),
         "Imported 1,923 rows from file tổ1.csv (import no. 3); rejected rows: 2."),
        (ImportOutcome(4, None, 1, 0), "Imported 1 row from file tổ1.csv (import no. 4)."),
        (ImportOutcome(5, None, 0, 0),
         "No row imported from file tổ1.csv; rejected rows: 0. The file is kept (no. 5) but does "
         "not count as imported: correct it and upload it again."),
        (ImportOutcome(3, 3, 0, 0),
         "File tổ1.csv was imported before (import no. 3); not imported again."),
    ],
)  # fmt: skip
def test_describe_outcome_in_english(outcome, expected):
    with language("en"):
        assert describe_outcome(outcome, "tổ1.csv") == expected
    assert describe_outcome(ImportOutcome(4, None, 1, 0), "a.csv") == (
        "Đã nhập 1 dòng từ tệp a.csv (lần nhập số 4)."
    )


@pytest.mark.parametrize(
    ("batch_id", "error", "message"),
    [(1, ValueError, "Import no. 1 has already been undone."),
     (42, KeyError, "There is no import no. 42.")],
    ids=["already-undone", "unknown"],
)  # fmt: skip
def test_undo_errors_in_english(db, visits_file, batch_id, error, message):
    db.undo_import(1, "an")
    with language("en"), pytest.raises(error) as raised:
        db.undo_import(batch_id, "an")
    assert raised.value.args == (message,)
