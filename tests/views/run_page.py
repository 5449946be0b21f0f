"""Run one page as ``app.py`` would, in the session's language (used by :func:`page_test`)."""

import runpy

import streamlit as st

from ui.state import use_language

use_language()
runpy.run_path(st.session_state["_page"], run_name="__main__")
