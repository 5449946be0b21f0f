"""geo.ingest's public API: the package re-exports it; its modules import each other directly."""

from __future__ import annotations

import ast
import importlib
from graphlib import TopologicalSorter
from pathlib import Path

import geo.ingest

PACKAGE = Path(geo.ingest.__file__).parent
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")

#: Every name callers import from ``geo.ingest`` (views, store, demo, tests, bench).
PUBLIC = {
    "FILE_HEADERS",
    "HA_NAM_BBOX",
    "MAX_NOTE_CHARS",
    "MIN_DATE",
    "PLACE_TYPES",
    "PLACE_TYPE_LABELS",
    "TARGET_COLUMNS",
    "VISIT_COLUMNS",
    "IngestResult",
    "decode_text",
    "read_targets",
    "read_upload",
    "read_visits",
    "rejected_xlsx",
    "template_xlsx",
}


def _sibling_imports(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("geo.ingest"):
            found.add(node.module or "")
    return found


def test_public_names_are_exported() -> None:
    assert set(geo.ingest.__all__) == PUBLIC
    for name in PUBLIC:
        assert getattr(geo.ingest, name) is not None


def test_every_module_declares_all_and_defines_it() -> None:
    for module in MODULES:
        mod = importlib.import_module(f"geo.ingest.{module}")
        assert mod.__all__, module
        assert all(hasattr(mod, name) for name in mod.__all__), module


def test_modules_import_siblings_never_the_package() -> None:
    graph = {}
    for module in MODULES:
        imports = _sibling_imports(module)
        assert "geo.ingest" not in imports, module
        graph[module] = {name.rsplit(".", 1)[1] for name in imports}
    # a cycle would raise graphlib.CycleError
    order = list(TopologicalSorter(graph).static_order())
    assert set(order) == set(MODULES)
