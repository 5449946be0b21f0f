"""Streamlit glue shared by the pages: cached resources and session settings.

Unlike :mod:`geo`, this package may import streamlit. Pages call these helpers instead of
building resources themselves, so tests can inject settings through ``st.session_state``.
"""
