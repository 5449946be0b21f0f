"""Domain logic of the VNeID coverage dashboard.

Pure Python: nothing in this package imports :mod:`streamlit`, so every module can be used
from a notebook, a command line (``python -m geo``) or a test. The subpackages are imported by
name (``from geo.places import registry``); this package re-exports nothing.
"""

__all__: list[str] = []
