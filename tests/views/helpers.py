"""Helpers for AppTests of pages."""

import json
import re

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import ElementTree

from geo.config import REPO_ROOT
from geo.i18n import language

_PROPERTIES = re.compile(r'"properties":\s*(\{[^{}]*\})')


_tree_run = ElementTree.run


def _run_in_the_session_language(self: ElementTree, *, timeout: float | None = None):
    """Collect the widget values in the session's language, then rerun (AppTest's interactions).

    AppTest turns each widget's value back into its option label with the page's own
    ``format_func`` in the TEST's thread, where the language is still the default; a page in
    English would then fail to find «Tỷ lệ kích hoạt» among «Activation rate…». The session's
    language (``page_test(lang=…)``) is used instead.
    """
    runner = self._runner
    lang = runner.session_state["lang"] if runner and "lang" in runner.session_state else "vi"
    with language(lang):
        return _tree_run(self, timeout=timeout)


ElementTree.run = _run_in_the_session_language  # type: ignore[method-assign]


def page_test(page: str, settings, timeout: float = 60, lang: str = "vi") -> AppTest:
    """An AppTest of ``views/<page>`` with ``settings`` and the language seeded as ``app.py`` would.

    ``lang`` is ``"vi"``, ``"en"`` or ``geo.i18n.PSEUDO`` (every catalog text bracketed).
    """
    runner = REPO_ROOT / "tests" / "views" / "run_page.py"
    at = AppTest.from_file(str(runner), default_timeout=timeout)
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
