"""The examples in the docstrings of geo.metrics run (as ``pytest --doctest-modules geo`` does)."""

from __future__ import annotations

import doctest
import importlib

import pytest

#: The modules that were ``geo.metrics.coverage`` before it was split. Imported by name:
#: ``geo.metrics.rollup`` as an attribute of the package is the function, not the module.
COVERAGE_MODULES = [
    "geo.metrics",
    "geo.metrics._arrays",
    "geo.metrics._records",
    "geo.metrics.filters",
    "geo.metrics.commune",
    "geo.metrics.rollup",
    "geo.metrics.series",
    "geo.metrics.classes",
    "geo.metrics.labels",
]
OTHER_MODULES = [
    "geo.metrics.cards",
    "geo.metrics.detail",
    "geo.metrics.league",
    "geo.metrics.progress",
    "geo.metrics.projection",
]


def _run(name: str) -> doctest.TestResults:
    module = importlib.import_module(name)
    return doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)


def test_doctests():
    results = [_run(name) for name in COVERAGE_MODULES]
    assert sum(r.attempted for r in results) > 5 and sum(r.failed for r in results) == 0


@pytest.mark.parametrize("name", COVERAGE_MODULES + OTHER_MODULES)
def test_every_module_has_running_examples(name):
    result = _run(name)
    assert result.attempted > 0 and result.failed == 0
