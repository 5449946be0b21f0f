"""Parts of the map page (``views/map.py``): the side panel and the gap table, each a ``render``."""
