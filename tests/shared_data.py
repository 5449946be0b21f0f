"""Where the third-party data lives for tests, and the marker for tests that need it.

The files are read in place (never copied into the repository). Locally and in CI they sit in
``../shared/data`` beside the clone; ``VNEID_DATA_DIR`` points elsewhere. Under CI (``CI=true``)
a missing data folder fails loudly instead of skipping.
"""

import os
from pathlib import Path

import pytest

from geo.config import load_settings

DATA_DIR: Path | None = load_settings().data_dir
HAVE_DATA = DATA_DIR is not None and (DATA_DIR / "SOURCES.md").is_file()

if not HAVE_DATA and os.environ.get("CI", "").lower() == "true":
    raise RuntimeError("CI needs ../shared/data beside the clone (or VNEID_DATA_DIR)")

needs_data = pytest.mark.skipif(not HAVE_DATA, reason="no third-party data directory")
