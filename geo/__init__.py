"""Domain logic of the VNeID coverage dashboard.

Pure Python: nothing in this package imports :mod:`streamlit`, so every module can be used
from a notebook, a command line or a test.
"""
