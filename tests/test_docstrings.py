"""Documentation that runs: every public function of ``geo`` has a numpydoc docstring whose
Parameters and Returns sections match its signature (numpydoc's own validator).

Ruff's pydocstyle rules (numpy convention) check the form of every docstring; this test checks
what ruff cannot: that each parameter is documented, no documented parameter is stale, and a
function that returns something says what.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator

import pytest
from numpydoc.validate import validate

import geo

#: numpydoc checks enforced: docstring present, every parameter documented, no unknown parameter,
#: a Returns section when the function returns a value.
CHECKS = {"GL08", "PR01", "PR02", "RT01"}


def _modules() -> Iterator[str]:
    yield geo.__name__
    for info in pkgutil.walk_packages(geo.__path__, prefix="geo."):
        if not info.name.endswith("__main__"):
            yield info.name


def _public_callables() -> Iterator[str]:
    """Dotted names of the functions and public methods each module defines in ``__all__``."""
    for name in _modules():
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr)
            if getattr(obj, "__module__", None) != name:
                continue  # re-exported: checked where it is defined
            if inspect.isfunction(obj):
                yield f"{name}.{attr}"
            elif inspect.isclass(obj):
                for meth, member in vars(obj).items():
                    if not meth.startswith("_") and inspect.isfunction(member):
                        yield f"{name}.{attr}.{meth}"


PUBLIC = sorted(set(_public_callables()))


def test_the_walk_finds_the_library():
    # a broken walk would make every parametrised case below vanish silently
    assert len(PUBLIC) > 150
    assert "geo.clock.minutes_of_day" in PUBLIC


@pytest.mark.parametrize("name", PUBLIC)
def test_numpydoc_sections(name):
    errors = [f"{code}: {msg}" for code, msg in validate(name)["errors"] if code in CHECKS]
    assert errors == [], name
