"""Điểm vào của ứng dụng: ``streamlit run app.py``.

The pages live in ``views/``, not ``pages/``: Streamlit treats a ``pages/`` folder as a legacy
multipage app and, on a fresh server, runs a deep-linked page file directly without this entry
point (no navigation, no Leaflet assets).
"""

from pathlib import Path

import streamlit as st

from geo.i18n import _
from geo.outputs.maps import install_leaflet_assets
from ui import chrome
from ui.state import get_settings, language_switch, use_language

HERE = Path(__file__).parent

use_language()
st.set_page_config(
    page_title=_("Tổ lưu động VNeID – Công an tỉnh Hà Nam"),
    page_icon=str(HERE / "static" / "favicon.png"),
    layout="wide",
)
chrome.install()  # Streamlit's own English texts: hidden, or written in the language in use


@st.cache_resource
def _static_assets() -> Path:
    """Serve Leaflet from the app itself (``static/leaflet``), never from a CDN."""
    return install_leaflet_assets(HERE / "static")


_static_assets()
get_settings()

pages = [
    st.Page(HERE / "views" / "map.py", title=_("Bản đồ"), icon=":material/map:", default=True),
    st.Page(HERE / "views" / "data.py", title=_("Dữ liệu"), icon=":material/upload_file:"),
    st.Page(HERE / "views" / "planner.py", title=_("Kế hoạch"), icon=":material/event_note:"),
    st.Page(HERE / "views" / "progress.py", title=_("Tiến độ"), icon=":material/trending_up:"),
]

page = st.navigation(pages)
language_switch()
page.run()
