"""Helpers for AppTests of pages."""

import json
import re

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import ElementTree

from geo.access import ROLES, Scope, User
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


#: The signed-in user of a page test unless it says otherwise: a province-wide commander.
COMMANDER = User("kiemthu.chihuy", "commander", Scope.province())


def as_user(who: User | str | None) -> User | None:
    """A test user: a :class:`User`, a role name (province-wide; a team leader of «Tổ 1 (DEMO)»),
    or None (nobody signed in)."""
    if who is None or isinstance(who, User):
        return who
    assert who in ROLES, who
    team = "Tổ 1 (DEMO)" if who == "team_leader" else None
    return User(f"kiemthu.{who}", who, Scope.province(), team)


def page_test(
    page: str,
    settings,
    timeout: float = 60,
    lang: str = "vi",
    user: User | str | None = COMMANDER,
) -> AppTest:
    """An AppTest of ``views/<page>`` with ``settings``, the language and the signed-in user
    seeded as ``app.py`` would (its gate puts the user of the session in ``auth_user``).

    ``lang`` is ``"vi"``, ``"en"`` or ``geo.i18n.PSEUDO`` (every catalog text bracketed);
    ``user`` is a :class:`geo.access.User`, a role name (see :func:`as_user`) or None.
    """
    runner = REPO_ROOT / "tests" / "views" / "run_page.py"
    at = AppTest.from_file(str(runner), default_timeout=timeout)
    at.session_state["settings"] = settings
    at.session_state["_page"] = str(REPO_ROOT / "views" / page)
    at.session_state["lang"] = lang
    signed_in = as_user(user)
    if signed_in is not None:
        at.session_state["auth_user"] = signed_in
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


def map_page_runner(settings):
    """Return ``run(**state)``: the map page with ``state`` in its session, run once, no exception.

    Parameters
    ----------
    settings : geo.config.Settings
        The settings of every run (the data directory and the database).

    Returns
    -------
    callable
        ``run(**state) -> AppTest``.
    """

    def run(**state):
        at = page_test("map.py", settings, 120)
        for key, value in state.items():
            at.session_state[key] = value
        at = at.run()
        assert not at.exception, at.exception
        return at

    return run
