"""Parts of the map page (``views/map.py``): the main fragment (map, panel, gap table), the side
panel and the gap table, each a ``render``; the selection shared by the table and the map, the
panel brought into view on a phone, and the comparison's maps moving together."""
