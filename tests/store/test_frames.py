"""geo.store.frames: driver-level chunked inserts on SQLite and PostgreSQL (values, NULLs, dates,
reserved column names, chunk boundaries, progress)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    select,
)

from geo.store import frames
from geo.store.frames import RowTuples, insert_chunked, insert_sql, records, row_tuples

_META = MetaData()
PROBE = Table(
    "frames_probe",
    _META,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("day", Date),
    Column("n", Integer),
    Column("x", Float),
    Column("end", String(5)),  # reserved words: quoted by the dialect
    Column("user", String(20)),
    Column("ok", Boolean),
)
SPEC = {"day": "date", "n": "int", "x": "float", "end": "str", "user": "str", "ok": "str"}
FRAME = pd.DataFrame(
    {
        "day": pd.to_datetime(["2023-03-14", None, "2024-02-29"]),
        "n": pd.array([3, None, 0], dtype="Int64"),
        "x": [0.5, float("nan"), -105.918],
        "end": ["21:30", None, ""],
        "user": ["Tổ 1", "an", None],
        "ok": [True, None, False],
    }
)
EXPECTED = [
    (date(2023, 3, 14), 3, 0.5, "21:30", "Tổ 1", True),
    (None, None, None, None, "an", None),
    (date(2024, 2, 29), 0, -105.918, "", None, False),
]


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = create_engine(db_url)
    _META.drop_all(eng)
    _META.create_all(eng)
    yield eng
    _META.drop_all(eng)
    eng.dispose()


def _stored(engine: Engine) -> list[tuple[object, ...]]:
    cols = [PROBE.c[c] for c in SPEC]
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(*cols).order_by(PROBE.c.id))]


def test_row_tuples_hold_the_values_of_records() -> None:
    block = row_tuples(FRAME, SPEC, {"batch": [7, 7, 7]})
    assert block.columns == [*SPEC, "batch"]
    assert block.rows == [tuple(r.values()) for r in records(FRAME, SPEC, {"batch": [7] * 3})]
    assert block.rows[1] == (None, None, None, None, "an", None, 7)


@pytest.mark.parametrize("df", [pd.DataFrame(), FRAME.iloc[0:0]], ids=["no-columns", "no-rows"])
def test_row_tuples_of_an_empty_frame(df: pd.DataFrame) -> None:
    assert row_tuples(df, SPEC) == RowTuples.from_rows(list(SPEC), [])


@pytest.mark.parametrize("shape", ["tuples", "dicts"])
def test_values_nulls_and_dates_round_trip(engine: Engine, shape: str) -> None:
    rows = row_tuples(FRAME, SPEC) if shape == "tuples" else records(FRAME, SPEC)
    with engine.begin() as conn:
        insert_chunked(conn, PROBE, rows)
    assert _stored(engine) == EXPECTED


def test_insert_sql_quotes_reserved_words_and_uses_the_paramstyle(engine: Engine) -> None:
    with engine.connect() as conn:
        sql = insert_sql(conn, PROBE, ["end", "user", "n"])
    # "end" is reserved on both, "user" on PostgreSQL only
    mark, user = {"sqlite": ("?", "user"), "postgresql": ("%s", '"user"')}[engine.dialect.name]
    assert sql == f'INSERT INTO frames_probe ("end", {user}, n) VALUES ({mark}, {mark}, {mark})'


@pytest.mark.parametrize(
    ("n_rows", "chunk", "chunks", "fractions"),
    [
        (0, 4, [], []),
        (1, 4, [1], [1.0]),
        (4, 4, [4], [1.0]),  # exactly one chunk
        (5, 4, [4, 1], [0.8, 1.0]),  # one row over the boundary
        (8, 4, [4, 4], [0.5, 1.0]),
        (10, 4, [4, 4, 2], [0.4, 0.8, 1.0]),
    ],
)
def test_chunk_boundaries_and_progress(
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    n_rows: int,
    chunk: int,
    chunks: list[int],
    fractions: list[float],
) -> None:
    monkeypatch.setattr(frames, "CHUNK_SIZE", chunk)
    real, sizes = frames._insert_rows, []

    def counting(conn, sql, rows):
        sizes.append(len(rows))
        real(conn, sql, rows)

    monkeypatch.setattr(frames, "_insert_rows", counting)
    df = pd.DataFrame({"n": pd.array(range(n_rows), dtype="Int64")})
    seen: list[float] = []
    with engine.begin() as conn:
        insert_chunked(conn, PROBE, row_tuples(df, {"n": "int"}), seen.append)
    assert sizes == chunks
    assert seen == pytest.approx(fractions)
    with engine.connect() as conn:
        assert [r.n for r in conn.execute(select(PROBE.c.n).order_by(PROBE.c.id))] == list(
            range(n_rows)
        )


def test_a_failing_chunk_rolls_back_the_earlier_ones(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(frames, "CHUNK_SIZE", 2)
    # the second chunk repeats a primary key: it fails on every backend, after the first
    block = RowTuples(["id", "n"], [[1, 2, 3, 3, 5], [1, 2, 3, 4, 5]])
    with pytest.raises(Exception), engine.begin() as conn:  # noqa: B017  # driver errors differ
        insert_chunked(conn, PROBE, block)
    assert _stored(engine) == []
