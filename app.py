"""Điểm vào của ứng dụng: ``streamlit run app.py``."""

from pathlib import Path

import streamlit as st

from geo.maps import install_leaflet_assets
from ui.state import get_settings

st.set_page_config(
    page_title="Tổ lưu động VNeID – Công an tỉnh Hà Nam",
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
)


@st.cache_resource
def _static_assets() -> Path:
    """Serve Leaflet from the app itself (``static/leaflet``), never from a CDN."""
    return install_leaflet_assets(Path(__file__).parent / "static")


_static_assets()
get_settings()

pages = [
    st.Page("pages/map.py", title="Bản đồ", icon=":material/map:", default=True),
    st.Page("pages/data.py", title="Dữ liệu", icon=":material/upload_file:"),
    st.Page("pages/progress.py", title="Tiến độ", icon=":material/trending_up:"),
]

st.navigation(pages).run()
