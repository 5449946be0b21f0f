"""Helpers for AppTests of pages."""

import json
import re

from streamlit.testing.v1 import AppTest

from geo.config import REPO_ROOT

_PROPERTIES = re.compile(r'"properties":\s*(\{[^{}]*\})')


def page_test(page: str, settings, timeout: float = 60, lang: str = "vi") -> AppTest:
    """An AppTest of ``views/<page>`` with ``settings`` and the language seeded as ``app.py`` would.

    ``lang`` is ``"vi"``, ``"en"`` or ``geo.i18n.PSEUDO`` (every catalog text bracketed).
    """
    at = AppTest.from_file(str(REPO_ROOT / "tests" / "views" / "run_page.py"), default_timeout=timeout)
    at.session_state["settings"] = settings
    at.session_state["_page"] = str(REPO_ROOT / "views" / page)
    at.session_state["lang"] = lang
    return at


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def all_maps(at: AppTest) -> list[dict]:
    """Arguments of every ``st_folium`` component on the page, in page order."""
    return [
        json.loads(el.proto.json_args)
        for el in _walk(at.main)
        if getattr(el, "type", None) == "component_instance" and "folium" in el.proto.component_name
    ]


def map_args(at: AppTest) -> dict:
    """Arguments that the page passed to its first ``st_folium`` map."""
    maps = all_maps(at)
    if not maps:
        raise AssertionError("no st_folium map on the page")
    return maps[0]


def _map_js(args: dict) -> str:
    return args["script"] + (args.get("feature_group") or "")


def commune_features(at: AppTest) -> int:
    """Number of commune polygons sent to the first map (each carries a ``ten`` property)."""
    return _map_js(map_args(at)).count('"ten":')


def map_values(args: dict) -> dict[str, tuple[str, str]]:
    """``code -> (fill colour, tooltip value)`` of the choropleth sent to a map."""
    out = {}
    for match in _PROPERTIES.finditer(_map_js(args)):
        props = json.loads(match.group(1))
        if "giatri" in props:
            out[props["code"]] = (props["_fill"], props["giatri"])
    return out
