"""The form of «Báo cáo buổi tối»: the evening, the places, their widgets and the saved payload.

The form lives in two places: the widgets' keys (``er_*``) and ``er_payload``, the canonical
copy that is saved as the draft. Every run seeds each missing widget key from ``er_payload``
(Streamlit forgets a widget's value when it is not drawn, e.g. after visiting another page) and,
at its end, reads the widgets back into ``er_payload``; the page then saves it
(:meth:`geo.store.Store.save_report_draft` writes only when it changed). No ``st.form``: a value
is kept as soon as the field loses focus.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from geo.i18n import N_, _
from geo.ingest.report import COUNT_FIELDS, ENTRY_FIELDS
from geo.ingest.spec import MAX_COUNT, MAX_NOTE_CHARS, MAX_TEXT_CHARS
from geo.schema import PLACE_TYPES, place_type_label
from views.evening_report_parts import location

PAYLOAD, COUNT = "er_payload", "er_n"
#: The count fields' labels (the template's headers, in the language in use at ``_()``).
COUNT_LABELS = {
    "households": N_("Số hộ đã đến"),
    "people_guided": N_("Số người được hướng dẫn"),
    "registered": N_("Số tài khoản đăng ký"),
    "activated": N_("Số tài khoản kích hoạt"),
    "services_used": N_("Lượt dùng dịch vụ công trực tuyến"),
}
EVENING_KEYS = ("date", "code", "start", "end")


def key(index: int, name: str) -> str:
    """The widget key of one field of place ``index``."""
    return f"er_{index}_{name}"


def blank_entry() -> dict[str, Any]:
    """A new place: a household, nothing counted yet."""
    return {**dict.fromkeys(ENTRY_FIELDS), "place_type": "household"}


def prefill(day: dt.date, assignment: pd.DataFrame) -> dict[str, Any]:
    """The form of a new evening: tonight's assignment of the team (if any) and one blank place."""
    evening: dict[str, Any] = {"date": day.isoformat(), "code": None, "start": "", "end": ""}
    if len(assignment):
        first = assignment.iloc[0]
        evening["code"] = str(first["code"])
        for name, column in (("start", "window_start"), ("end", "window_end")):
            value = first.get(column)
            evening[name] = "" if value is None or pd.isna(value) else str(value)
    return {"evening": evening, "entries": [blank_entry()], "served": []}


def _date(value: object, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return default


def seed(payload: Mapping[str, Any], default_day: dt.date, *, force: bool = False) -> None:
    """Put the payload's values in the widget keys that are missing (all of them with ``force``)."""
    state = st.session_state
    evening = dict(payload.get("evening") or {})
    entries = [dict(e) for e in payload.get("entries") or []]
    values: dict[str, Any] = {
        "er_date": _date(evening.get("date"), default_day),
        "er_code": evening.get("code"),
        "er_start": str(evening.get("start") or ""),
        "er_end": str(evening.get("end") or ""),
    }
    for i, entry in enumerate(entries):
        for name in ENTRY_FIELDS:
            value = entry.get(name)
            if name in COUNT_FIELDS and value is not None:
                value = int(value)
            elif name in ("lat", "lon") and value is not None:
                value = float(value)
            elif name in ("place_name", "note"):
                value = "" if value is None else str(value)
            elif name == "place_type" and value not in PLACE_TYPES:
                value = "household"
            values[key(i, name)] = value
    if force or COUNT not in state:
        state[COUNT] = len(entries)
    for k, v in values.items():
        if force or k not in state:
            state[k] = v


def read_entries(n: int) -> list[dict[str, Any]]:
    """The places as the widgets hold them (blank text as ``None``)."""
    state = st.session_state
    out = []
    for i in range(n):
        entry = {}
        for name in ENTRY_FIELDS:
            value = state.get(key(i, name))
            entry[name] = None if value == "" else value
        out.append(entry)
    return out


def read_payload(served: list[int]) -> dict[str, Any]:
    """The whole form as the widgets hold it (what is saved as the draft)."""
    state = st.session_state
    day = state.get("er_date")
    return {
        "evening": {
            "date": day.isoformat() if isinstance(day, dt.date) else None,
            "code": state.get("er_code"),
            "start": str(state.get("er_start") or "").strip(),
            "end": str(state.get("er_end") or "").strip(),
        },
        "entries": read_entries(int(state.get(COUNT, 0))),
        "served": sorted(served),
    }


def _move(entries: list[dict[str, Any]], served: list[int]) -> None:
    """Write a changed list of places into the widget keys and the payload."""
    payload = {**st.session_state[PAYLOAD], "entries": entries, "served": served}
    st.session_state[PAYLOAD] = payload
    for i in range(len(entries) + 1):
        for name in ENTRY_FIELDS:
            st.session_state.pop(key(i, name), None)
    st.session_state[COUNT] = len(entries)
    seed(payload, dt.date.today())


def add_place(served: list[int]) -> None:
    """``on_click`` of «Thêm địa điểm»: one blank place more."""
    n = int(st.session_state.get(COUNT, 0))
    _move([*read_entries(n), blank_entry()], served)


def remove_place(index: int, served: list[int]) -> None:
    """``on_click`` of «Xóa địa điểm này»: drop one place, the others keep their values."""
    entries = read_entries(int(st.session_state.get(COUNT, 0)))
    del entries[index]
    _move(entries, served)


def place_fields(
    index: int, show: Callable[[str], None], on_remove: Callable[[], None] | None
) -> None:
    """Draw the fields of place ``index``; ``show(field)`` draws that field's reasons."""
    st.subheader(_("Địa điểm {n}").format(n=index + 1))
    show("")
    st.selectbox(
        _("Loại địa điểm"), PLACE_TYPES, format_func=place_type_label, key=key(index, "place_type")
    )
    show("place_type")
    st.text_input(_("Tên địa điểm"), max_chars=MAX_TEXT_CHARS, key=key(index, "place_name"))
    show("place_name")
    for name in COUNT_FIELDS:
        st.number_input(
            _(COUNT_LABELS[name]),
            min_value=0,
            max_value=MAX_COUNT,
            step=1,
            key=key(index, name),
        )
        show(name)
    location.location_field(index, key(index, "lat"), key(index, "lon"))
    located = any(st.session_state.get(key(index, k)) is not None for k in ("lat", "lon"))
    with st.expander(_("Vị trí (không bắt buộc)"), expanded=located):
        st.number_input(_("Vĩ độ"), format="%.5f", step=0.0001, key=key(index, "lat"))
        show("lat")
        st.number_input(_("Kinh độ"), format="%.5f", step=0.0001, key=key(index, "lon"))
        show("lon")
    st.text_area(_("Ghi chú"), max_chars=MAX_NOTE_CHARS, height=80, key=key(index, "note"))
    show("note")
    if on_remove is not None:
        st.button(
            _("Xóa địa điểm này"),
            key=f"er_remove_{index}",
            on_click=on_remove,
            icon=":material/delete:",
        )
