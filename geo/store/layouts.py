"""What clerks taught the import once: column mappings per file layout, meanings of coded values.

A file layout is identified by the key the reader derives from its header row (the key is made
in :mod:`geo.ingest`; the store keeps whatever it is given). Its mapping is ``{header text: field
key}``, ``""`` for a column deliberately left out. A value alias says that, in files of a kind,
a column's value means a code (``"hgđ"`` in ``place_type`` means ``"household"``); the value is
stored folded (:func:`geo.places.spelling.fold`: lower case, no diacritics), so ``"HGĐ"`` and
``"hgd"`` are one answer. Both are upserts, audited (``save_import_mapping``,
``save_value_alias``) and bump the revision.

Examples
--------
>>> from datetime import datetime
>>> from geo.store.engine import make_engine
>>> from geo.store.migrations import migrate
>>> engine, now = make_engine("sqlite://"), lambda: datetime(2023, 3, 14)
>>> migrate(engine, now)
>>> save_mapping(engine, now, "visits", "k1", {"ngay": "date", "ghi_chu_2": ""}, "an")
>>> saved_mapping(engine, "visits", "k1"), saved_mapping(engine, "visits", "k2")
({'ghi_chu_2': '', 'ngay': 'date'}, None)
>>> save_value_alias(engine, now, "visits", "place_type", " HGĐ ", "household", "an")
>>> value_aliases(engine, "visits")
{'place_type': {'hgd': 'household'}}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from geo.i18n import _
from geo.places.spelling import fold
from geo.store.audit import Clock, record_change
from geo.store.tables import KINDS, import_layout, import_value_alias

__all__ = ["save_mapping", "save_value_alias", "saved_mapping", "value_aliases"]


def _check_kind(kind: str) -> None:
    """Refuse a kind of file other than :data:`geo.store.tables.KINDS`."""
    if kind not in KINDS:
        raise ValueError(_("Loại dữ liệu không hợp lệ: {kind}").format(kind=repr(kind)))


def _upsert(conn: Connection, table: Table, keys: dict[str, Any], values: dict[str, Any]) -> None:
    """Insert a row, or update it when its primary key is there (``ON CONFLICT DO UPDATE``)."""
    name = conn.dialect.name
    if name in ("postgresql", "sqlite"):
        dialect = postgresql if name == "postgresql" else sqlite
        stmt = dialect.insert(table).values(**keys, **values)
        conn.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=values))
        return
    where = [table.c[k] == v for k, v in keys.items()]  # pragma: no cover - other backends
    if conn.execute(update(table).where(*where).values(**values)).rowcount == 0:
        conn.execute(insert(table).values(**keys, **values))


def saved_mapping(engine: Engine, kind: str, layout: str) -> dict[str, str] | None:
    """Return the column mapping remembered for a file layout.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    kind : str
        ``"visits"`` or ``"targets"``.
    layout : str
        The layout's key (made by the reader from the header row).

    Returns
    -------
    dict of str to str or None
        Header text -> field key (``""``: left out); ``None`` when none was saved.
    """
    q = select(import_layout.c.mapping).where(
        import_layout.c.kind == kind, import_layout.c.layout == layout
    )
    with engine.connect() as conn:
        text = conn.execute(q).scalar()
    return None if text is None else {str(k): str(v) for k, v in json.loads(text).items()}


def save_mapping(
    engine: Engine, now: Clock, kind: str, layout: str, mapping: Mapping[str, str], user: str
) -> None:
    """Remember (or replace) the column mapping of a file layout; audited ``save_import_mapping``.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock of the row and the audit row.
    kind : str
        ``"visits"`` or ``"targets"``.
    layout : str
        The layout's key.
    mapping : mapping of str to str
        Header text -> field key, ``""`` for a column left out.
    user : str
        Who confirmed it.

    Raises
    ------
    ValueError
        Unknown kind, or an empty layout key.
    """
    _check_kind(kind)
    if not layout:
        raise ValueError(_("Thiếu mã bố cục tệp để ghi nhớ cách ghép cột."))
    clean = {str(k): str(v or "") for k, v in mapping.items()}
    text = json.dumps(clean, ensure_ascii=False, sort_keys=True)
    with engine.begin() as conn:
        keys = {"kind": kind, "layout": layout}
        _upsert(conn, import_layout, keys, {"mapping": text, "user": user, "at": now()})
        detail = {"kind": kind, "layout": layout, "mapping": clean}
        record_change(conn, now, user, "save_import_mapping", detail)


def value_aliases(engine: Engine, kind: str) -> dict[str, dict[str, str]]:
    """Return the meanings of coded values clerks gave for files of a kind.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    kind : str
        ``"visits"`` or ``"targets"``.

    Returns
    -------
    dict of str to dict of str to str
        Field -> folded value -> code; empty when none was given.
    """
    t = import_value_alias
    q = (
        select(t.c.field, t.c.value, t.c.code)
        .where(t.c.kind == kind)
        .order_by(t.c.field, t.c.value)
    )
    out: dict[str, dict[str, str]] = {}
    with engine.connect() as conn:
        for field, value, code in conn.execute(q):
            out.setdefault(str(field), {})[str(value)] = str(code)
    return out


def save_value_alias(
    engine: Engine, now: Clock, kind: str, field: str, value: str, code: str, user: str
) -> None:
    """Remember that ``value`` in column ``field`` means ``code``; audited ``save_value_alias``.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock of the row and the audit row.
    kind : str
        ``"visits"`` or ``"targets"``.
    field : str
        Field key (``"place_type"``...).
    value : str
        The value as written in a file; stored folded.
    code : str
        What it means (``"household"``...).
    user : str
        Who answered.

    Raises
    ------
    ValueError
        Unknown kind, or a value that is empty once folded.
    """
    _check_kind(kind)
    folded = fold(str(value))
    if not folded:
        raise ValueError(_("Giá trị trống không ghi nhớ được; hãy chọn một giá trị có chữ."))
    with engine.begin() as conn:
        keys = {"kind": kind, "field": field, "value": folded}
        _upsert(conn, import_value_alias, keys, {"code": code, "user": user, "at": now()})
        detail = {"kind": kind, "field": field, "value": folded, "code": code}
        record_change(conn, now, user, "save_value_alias", detail)
