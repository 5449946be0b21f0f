"""Bare Streamlit page: the baseline for time-to-interactive benchmarks.

Run the same way as the app (``streamlit run bench/bare_app.py`` from the repository root, so the
same ``.streamlit/config.toml`` applies).
"""

import streamlit as st
from pageload import BARE_TITLE  # Streamlit puts this script's folder on sys.path

st.title(BARE_TITLE)
st.write("Trang Streamlit tối thiểu, dùng làm mốc so sánh thời gian tải trang.")
