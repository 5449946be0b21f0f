"""Fixtures of the coverage tests: the records of :mod:`tests.metrics.coverage_fixture`.

``test_progress``, ``test_league``, ``test_detail`` and ``test_cards`` define fixtures of the
same names for their own data; a module's fixture wins over these.
"""

from __future__ import annotations

import pandas as pd
import pytest

from geo.metrics import Filters, commune_metrics
from tests.metrics.coverage_fixture import (
    TARGET_ROWS,
    TEAMS,
    VISIT_ROWS,
    D,
    targets_frame,
    visits_frame,
)


@pytest.fixture
def targets() -> pd.DataFrame:
    return targets_frame(TARGET_ROWS)


@pytest.fixture
def visits() -> pd.DataFrame:
    return visits_frame(VISIT_ROWS)


@pytest.fixture
def teams() -> pd.DataFrame:
    return pd.DataFrame(TEAMS)


@pytest.fixture
def metrics(communes, targets, visits, teams) -> pd.DataFrame:
    return commune_metrics(communes, targets, visits, teams, Filters(end=D))
