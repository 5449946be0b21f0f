"""The real app with its map component replaced by nothing: the map's own share of page load.

``streamlit run bench/no_map_app.py`` (from the repository root) runs ``app.py`` unchanged, with
its navigation, the «Bản đồ» page, its filters, commune panel and gap table, except that the
map page's drawing (``ui.map_cache.draw``, and ``streamlit_folium.st_folium`` for any other map)
draws nothing and returns ``None`` (what the page gets before a map has reported anything).
``bench/bench_page_load.py`` times this page against the full one, so the ratio between the two
is what the map itself costs.
"""

import runpy
import sys
from pathlib import Path

import streamlit_folium

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # ``geo`` and ``ui``, however Streamlit was started

from ui import map_cache  # noqa: E402  (after the path above)


def _no_map(*args, **kwargs) -> None:
    """Stand-in for the map's drawing: no component, no iframe, no Leaflet."""
    return None


map_cache.draw = _no_map  # the map page calls it through the module on every run
streamlit_folium.st_folium = _no_map
runpy.run_path(str(REPO_ROOT / "app.py"), run_name="__main__")
