"""Helpers for AppTests of pages."""

import json

from streamlit.testing.v1 import AppTest

from geo.config import REPO_ROOT


def page_test(page: str, settings, timeout: float = 60) -> AppTest:
    """An AppTest of ``pages/<page>`` with ``settings`` seeded as ``app.py`` would."""
    at = AppTest.from_file(str(REPO_ROOT / "pages" / page), default_timeout=timeout)
    at.session_state["settings"] = settings
    return at


def map_args(at: AppTest) -> dict:
    """Arguments that the page passed to the ``st_folium`` component (the first one)."""
    for el in at.main:
        if (
            getattr(el, "type", None) == "component_instance"
            and "folium" in el.proto.component_name
        ):
            return json.loads(el.proto.json_args)
    raise AssertionError("no st_folium map on the page")


def commune_features(at: AppTest) -> int:
    """Number of commune polygons in the map's script (each carries a ``ten`` property)."""
    return map_args(at)["script"].count('"ten":')
