"""The direction of imports: ``geo`` never imports Streamlit or the page layers, and each room of
``geo`` imports only the rooms below it (README, «Layout»)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from geo.config import REPO_ROOT

GEO = REPO_ROOT / "geo"
#: The foundation every room may use: settings, columns, formats, clock, Excel writing, catalog,
#: the garbage collector pause.
FOUNDATION = {"config", "schema", "fmt", "clock", "xlsx", "i18n", "dates", "collector"}
#: Room -> the rooms it may import (besides itself and the foundation).
ALLOWED = {
    "access": set(),
    "places": set(),
    "ingest": {"places"},
    "store": {"access", "ingest", "places"},
    "demo": {"access", "ingest", "places", "store"},
    "metrics": set(),
    "planning": {"metrics"},
    "outputs": {"metrics", "places"},
}


def _imports(path: Path) -> set[str]:
    """Top-level names of every module ``path`` imports (absolute imports only)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _rooms_used(path: Path) -> set[str]:
    return {n.split(".")[1] for n in _imports(path) if n.startswith("geo.") and n.count(".") >= 1}


@pytest.mark.parametrize("path", sorted(GEO.rglob("*.py")), ids=lambda p: str(p.relative_to(GEO)))
def test_geo_never_imports_streamlit_or_the_pages(path):
    top = {n.split(".")[0] for n in _imports(path)}
    assert not top & {"streamlit", "streamlit_folium", "ui", "views"}, top


@pytest.mark.parametrize("room", sorted(ALLOWED))
def test_each_room_imports_only_the_rooms_below_it(room):
    used: dict[str, set[str]] = {}
    for path in (GEO / room).rglob("*.py"):
        extra = _rooms_used(path) - FOUNDATION - ALLOWED[room] - {room}
        if extra:
            used[str(path.relative_to(GEO))] = extra
    assert used == {}


def test_the_foundation_imports_no_room():
    for name in FOUNDATION:
        assert _rooms_used(GEO / f"{name}.py") <= FOUNDATION, name


def test_every_room_is_listed():
    rooms = {p.name for p in GEO.iterdir() if (p / "__init__.py").exists()}
    assert rooms == set(ALLOWED)
