"""Parts of the map page (``views/map.py``): the side panel and the gap table, each a ``render``;
the selection shared by the table and the map, and the panel brought into view on a phone."""
