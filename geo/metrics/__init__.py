"""What the figures are: coverage per commune, district and province (one definition), the tables
of the commune panel and the gap table, and the progress figures of the leadership page."""

from geo.metrics.coverage import *  # noqa: F403
from geo.metrics.coverage import __all__ as _coverage_all

__all__ = [*_coverage_all]
