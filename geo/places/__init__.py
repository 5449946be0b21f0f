"""Where: communes, districts and codes per boundary version, and their boundaries.

Modules (import them, this package re-exports nothing):

:mod:`~geo.places.registry`
    The communes of each boundary version and the files they come from.
:mod:`~geo.places.boundaries`
    The boundaries of a version (:func:`~geo.places.boundaries.load_boundaries`), built from
    :mod:`~geo.places.shapes` (reading and checking a layer), :mod:`~geo.places.coverage`
    (cleaning, dissolving, simplifying), :mod:`~geo.places.approximate` (Voronoi fallback) and
    :mod:`~geo.places.geojson` (what the map receives).
:mod:`~geo.places.crosswalk`
    Records of one version shown on another.
:mod:`~geo.places.names`
    Matching Vietnamese commune names to codes, on the keys of :mod:`~geo.places.spelling`.
"""

__all__: list[str] = []
