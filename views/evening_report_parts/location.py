"""The phone's location for one place of «Báo cáo buổi tối» (browser geolocation, served offline).

A small component of this app (``geolocation/index.html``, served by the Streamlit server
itself): a button; only when the officer presses it and the browser allows it, the position is
asked for and put in the place's «Vĩ độ» and «Kinh độ» fields, which stay editable. Browsers give
a position only in a secure context (``https://`` or ``localhost``): over plain ``http://`` on
the internal network the button says so and the fields are typed by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from geo.fmt import format_int
from geo.i18n import _
from geo.ingest.spec import HA_NAM_BBOX

_COMPONENT = components.declare_component(
    "vneid_geolocation", path=str(Path(__file__).parent / "geolocation")
)


def location_field(index: int, lat_key: str, lon_key: str) -> None:
    """Draw the button of place ``index``; a new position fills ``lat_key`` and ``lon_key``.

    Call it before the two number inputs are drawn (their values are set in the session state).
    """
    value: Any = _COMPONENT(
        label=_("Lấy vị trí của điện thoại"),
        waiting=_("Đang lấy vị trí…"),
        denied=_("Điện thoại không cho phép lấy vị trí; hãy nhập tay hoặc để trống."),
        failed=_("Không lấy được vị trí; hãy thử lại, nhập tay hoặc để trống."),
        unavailable=_(
            "Trình duyệt chỉ cho lấy vị trí khi ứng dụng chạy qua https; hãy nhập tay hoặc để "
            "trống."
        ),
        key=f"er_geo_{index}",
        default=None,
    )
    seen = f"er_geo_seen_{index}"
    if isinstance(value, dict) and value != st.session_state.get(seen):
        st.session_state[seen] = value  # apply each press once: typing over it stays
        try:
            lat, lon = float(value["lat"]), float(value["lon"])
        except (KeyError, TypeError, ValueError):
            return  # refused or failed: the component says why
        st.session_state[lat_key], st.session_state[lon_key] = round(lat, 6), round(lon, 6)
    _describe(st.session_state.get(seen))


def _describe(value: object) -> None:
    """Say how good the last position is (accuracy; outside the province)."""
    if not isinstance(value, dict) or "lat" not in value:
        return
    try:
        lat, lon = float(value["lat"]), float(value["lon"])
    except (TypeError, ValueError):
        return
    west, south, east, north = HA_NAM_BBOX
    if not (south <= lat <= north and west <= lon <= east):
        st.warning(
            _("Vị trí này nằm ngoài tỉnh Hà Nam; hãy kiểm tra lại."),
            icon=":material/wrong_location:",
        )
    accuracy = value.get("accuracy")
    if isinstance(accuracy, int | float):
        st.caption(_("Độ chính xác khoảng {m} m.").format(m=format_int(round(accuracy))))
