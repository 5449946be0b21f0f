""".streamlit/config.toml: the server settings a production install relies on, each spelt as
Streamlit knows it (a misspelt key is ignored by Streamlit, so it would pass unnoticed)."""

from __future__ import annotations

import tomllib

import pytest
from streamlit import config as st_config

from geo.config import REPO_ROOT

CONFIG = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("browser.gatherUsageStats", False),  # offline: no usage statistics
        ("server.fileWatcherType", "none"),  # a server does not watch its source files
        ("runner.postScriptGC", False),  # no full collection after every run (server CPU)
        ("server.enableStaticServing", True),  # Leaflet and the fonts come from static/
    ],
)
def test_server_setting(option: str, value: object) -> None:
    section, key = option.split(".")
    assert CONFIG[section][key] == value
    assert option in st_config._config_options_template  # the name Streamlit reads
