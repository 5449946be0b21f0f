"""Run one page as ``app.py`` would, in the session's language (used by ``page_test``).

Streamlit runs a script as ``__main__``; pytest's doctest collection imports it under its own
name and must not run a page.
"""

import runpy

import streamlit as st

from ui.state import use_language

if __name__ == "__main__":
    use_language()
    runpy.run_path(st.session_state["_page"], run_name="__main__")
