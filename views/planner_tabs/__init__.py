"""Tabs of the planner page (``views/planner.py``): one module per tab, each a ``render``."""
