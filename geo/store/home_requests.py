"""Home-visit requests («Yêu cầu hỗ trợ tại nhà», issue 16): record, list, close.

A commune officer, a team or a clerk records a resident who cannot come to the ward office (an
elderly couple, a person with a disability, someone ill or injured): the resident (name or
household), address, commune, reason, phone and who asked. The request stays ``open`` until a
visit serves it; closing is idempotent (a second close changes nothing and says so). Every
change writes an audit row that names the request, its commune and its reason, never the
resident, the address or the phone (the audit log is read by administrators, who do not see
personal data: :mod:`geo.access.policy`).

Typed text is cleaned the way a person reads it: NFC; invisible characters (format and control
characters such as U+200B or a right-to-left override, which :mod:`geo.ingest.text` removes or
refuses in files) are refused here, since nobody types them on purpose in a form; each field has a
bounded length; the phone holds digits, ``+`` and spaces only.

Examples
--------
>>> from datetime import datetime
>>> from geo.store.engine import make_engine
>>> from geo.store.migrations import migrate
>>> from geo.store.tables import commune
>>> engine = make_engine("sqlite://")
>>> clock = lambda: datetime(2023, 3, 14, 12, 0)
>>> migrate(engine, clock)
>>> with engine.begin() as conn:
...     _ = conn.execute(commune.insert().values(version="2024", code="13291", name="An Nội"))
>>> rid = add_request(engine, clock, {"code": "13291", "resident": "Chị Hoa",
...                   "reason": "illness", "phone": "0912 345 678"}, "an")
>>> home_requests(engine)[["id", "code", "reason", "status"]].to_dict("records")
[{'id': 1, 'code': '13291', 'reason': 'illness', 'status': 'open'}]
>>> close_request(engine, clock, rid, "an"), close_request(engine, clock, rid, "an")
(True, False)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from geo.i18n import _
from geo.schema import REQUEST_REASON_LABELS
from geo.store.audit import Clock, record_change
from geo.store.frames import inserted_id, read_frame
from geo.store.tables import HOME_REQUEST_COLUMNS, REQUEST_REASONS, commune, home_request

__all__ = [
    "FIELD_LIMITS",
    "HOME_REQUEST_COLUMNS",
    "PERSONAL_COLUMNS",
    "REASON_LABELS",
    "REQUEST_REASONS",
    "HomeRequestsMixin",
    "InvalidRequestError",
    "add_request",
    "clean_request",
    "close_request",
    "home_requests",
    "reason_label",
]

#: The reasons a resident needs a visit at home -> their labels (catalog ids).
REASON_LABELS: dict[str, str] = REQUEST_REASON_LABELS
#: Longest text of each typed field, in characters (the column sizes of ``home_request``).
FIELD_LIMITS: dict[str, int] = {
    "resident": 200,
    "address": 300,
    "phone": 20,
    "requested_by": 200,
    "note": 1000,
}
#: Columns that hold personal data: shown only where ``view_personal_data`` is allowed.
PERSONAL_COLUMNS = ("resident", "address", "phone", "requested_by", "note")
_PHONE_CHARS = frozenset("0123456789+ ")


class InvalidRequestError(ValueError):
    """A request that cannot be recorded, with the reason of each refused field.

    Parameters
    ----------
    errors : mapping str -> str
        Field name -> why it is refused (in the language in use).
    """

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


def reason_label(reason: object) -> str:
    """Name a reason in the language in use (an unknown one is shown as it is).

    Parameters
    ----------
    reason : object
        A key of :data:`REASON_LABELS`.

    Returns
    -------
    str
        E.g. ``"Người cao tuổi"``.

    Examples
    --------
    >>> reason_label("elderly"), reason_label("x")
    ('Người cao tuổi', 'x')
    """
    label = REASON_LABELS.get(str(reason))
    return str(reason) if label is None else _(label)


def _text(value: object, limit: int, *, lines: bool = False) -> tuple[str | None, str | None]:
    """Clean one typed text: ``(text or None when blank, reason or None)``."""
    raw = "" if value is None else unicodedata.normalize("NFC", str(value))
    allowed = {"\n"} if lines else set()
    hidden = sorted(
        {c for c in raw if unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs") and c not in allowed}
    )
    if hidden:
        codes = ", ".join(f"U+{ord(c):04X}" for c in hidden)
        return None, _("có ký tự ẩn ({codes}); hãy gõ lại.").format(codes=codes)
    text = raw.strip() if lines else " ".join(raw.split())
    if len(text) > limit:
        return None, _("dài quá {n} ký tự.").format(n=limit)
    return text or None, None


def clean_request(
    values: Mapping[str, object], known_codes: Iterable[str]
) -> dict[str, str | None]:
    """Check and clean the fields of a request as typed.

    Parameters
    ----------
    values : mapping
        ``code, resident, reason`` (required) and ``address, phone, requested_by, note``.
    known_codes : iterable of str
        The communes' codes a request may name.

    Returns
    -------
    dict
        The cleaned fields (``None`` for a blank optional one).

    Raises
    ------
    InvalidRequestError
        With the reason of every refused field.

    Examples
    --------
    >>> clean_request({"code": "13291", "resident": " Bà  Vân ", "reason": "elderly"},
    ...               ["13291"])["resident"]
    'Bà Vân'
    >>> try:
    ...     clean_request({"code": "1", "resident": "", "reason": "x", "phone": "09a"}, [])
    ... except InvalidRequestError as e:
    ...     sorted(e.errors)
    ['code', 'phone', 'reason', 'resident']
    """
    errors: dict[str, str] = {}
    out: dict[str, str | None] = {}
    code = str(values.get("code") or "").strip()
    if code not in set(map(str, known_codes)):
        errors["code"] = _("Hãy chọn một xã, phường, thị trấn trong danh sách.")
    out["code"] = code
    reason = str(values.get("reason") or "")
    if reason not in REQUEST_REASONS:
        errors["reason"] = _("Hãy chọn lý do trong danh sách.")
    out["reason"] = reason
    for field, limit in FIELD_LIMITS.items():
        text, why = _text(values.get(field), limit, lines=field == "note")
        if why is not None:
            errors[field] = why
        out[field] = text
    if "resident" not in errors and out["resident"] is None:
        errors["resident"] = _("Hãy ghi tên người cần hỗ trợ hoặc hộ gia đình.")
    phone = out["phone"]
    if "phone" not in errors and phone is not None and not set(phone) <= _PHONE_CHARS:
        errors["phone"] = _("Số điện thoại chỉ gồm chữ số, dấu + và dấu cách.")
    if errors:
        raise InvalidRequestError(errors)
    return out


def add_request(engine: Engine, now: Clock, values: Mapping[str, object], user: str) -> int:
    """Record a request (open), audited as ``home_request_add`` without personal data.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock giving ``recorded_at``.
    values : mapping
        The fields (:func:`clean_request`).
    user : str
        Who records (``recorded_by``).

    Returns
    -------
    int
        The new request's id.

    Raises
    ------
    InvalidRequestError
        When a field is refused (the commune must be in the ``commune`` table).
    """
    with engine.begin() as conn:
        code = str(values.get("code") or "").strip()
        known = conn.execute(select(commune.c.code).where(commune.c.code == code)).scalars()
        row = clean_request(values, list(known))
        at = now()
        result = conn.execute(
            home_request.insert().values(**row, recorded_by=user, recorded_at=at, status="open")
        )
        rid = inserted_id(result)
        detail: dict[str, Any] = {"id": rid, "code": row["code"], "reason": row["reason"]}
        record_change(conn, now, user, "home_request_add", detail)
    return rid


def home_requests(
    engine: Engine, *, codes: Iterable[str] | None = None, status: str | None = None
) -> pd.DataFrame:
    """Return the requests, oldest first, optionally of some communes or of one status.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    codes : iterable of str, optional
        Keep these communes (a user's scope); all when ``None``.
    status : {"open", "closed"}, optional
        Keep this status; all when ``None``.

    Returns
    -------
    pandas.DataFrame
        :data:`HOME_REQUEST_COLUMNS`, by ``recorded_at`` then ``id``.
    """
    query = select(*(home_request.c[c] for c in HOME_REQUEST_COLUMNS))
    if codes is not None:
        query = query.where(home_request.c.code.in_(sorted({str(c) for c in codes})))
    if status is not None:
        query = query.where(home_request.c.status == status)
    query = query.order_by(home_request.c.recorded_at, home_request.c.id)
    with engine.connect() as conn:
        frame = read_frame(
            conn,
            query,
            ints=["id", "closed_by_import"],
            datetimes=["recorded_at", "closed_at"],
        )
    return frame


def close_request(
    engine: Engine,
    now: Clock,
    request_id: int,
    user: str,
    *,
    batch_id: int | None = None,
) -> bool:
    """Close an open request (audited as ``home_request_close``); closing again is a no-op.

    Parameters
    ----------
    engine : sqlalchemy.engine.Engine
        The store's engine.
    now : callable
        Clock giving ``closed_at``.
    request_id : int
        The request.
    user : str
        Who closes (``closed_by``).
    batch_id : int, optional
        The import batch of the visit that served it (``closed_by_import``).

    Returns
    -------
    bool
        ``True`` when this call closed it, ``False`` when it was closed already (nothing is
        written, not even an audit row).

    Raises
    ------
    KeyError
        When no request has this id.
    """
    with engine.begin() as conn:
        code = conn.execute(
            select(home_request.c.code).where(home_request.c.id == int(request_id))
        ).scalar()
        if code is None:
            raise KeyError(request_id)
        # the condition on the status makes two closes at the same moment close it once
        changed = conn.execute(
            update(home_request)
            .where(home_request.c.id == int(request_id), home_request.c.status == "open")
            .values(status="closed", closed_at=now(), closed_by=user, closed_by_import=batch_id)
        ).rowcount
        if changed != 1:
            return False
        detail = {"id": int(request_id), "code": code, "batch_id": batch_id}
        record_change(conn, now, user, "home_request_close", detail)
    return True


class HomeRequestsMixin:
    """Home-visit requests as methods of :class:`geo.store.Store` (record, list, close).

    The class using it sets ``engine`` (the store's SQLAlchemy engine) and ``_now`` (its clock
    of naive UTC datetimes). The pages ask :func:`geo.access.decide` first
    (``record_request``, ``close_request``, ``view_personal_data``).
    """

    engine: Engine
    _now: Clock

    def add_home_request(self, values: Mapping[str, object], user: str) -> int:
        """Record a home-visit request (:func:`add_request`).

        Parameters
        ----------
        values : mapping
            ``code, resident, reason`` and optionally ``address, phone, requested_by, note``.
        user : str
            Who records.

        Returns
        -------
        int
            The request's id. Raises :class:`InvalidRequestError` with each refused field.
        """
        return add_request(self.engine, self._now, values, user)

    def home_requests(
        self, *, codes: Iterable[str] | None = None, status: str | None = None
    ) -> pd.DataFrame:
        """Return the home-visit requests (:func:`home_requests`), oldest first.

        Parameters
        ----------
        codes : iterable of str, optional
            Keep these communes (the user's scope).
        status : {"open", "closed"}, optional
            Keep one status.

        Returns
        -------
        pandas.DataFrame
            :data:`HOME_REQUEST_COLUMNS`.
        """
        return home_requests(self.engine, codes=codes, status=status)

    def close_home_request(
        self, request_id: int, user: str, *, batch_id: int | None = None
    ) -> bool:
        """Close a home-visit request (:func:`close_request`); closing again is a no-op.

        Parameters
        ----------
        request_id : int
            The request.
        user : str
            Who closes.
        batch_id : int, optional
            The import batch of the visit that served it.

        Returns
        -------
        bool
            ``True`` when closed now, ``False`` when it was closed already.
        """
        return close_request(self.engine, self._now, request_id, user, batch_id=batch_id)
