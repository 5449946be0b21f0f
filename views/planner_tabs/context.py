"""What every tab of the planner page reads: the store, the user, the records, the horizon."""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from geo.store import Store


@dataclass
class Page:
    store: Store
    user: str
    version: str
    communes: pd.DataFrame
    visits: pd.DataFrame
    teams: pd.DataFrame
    start: dt.date
    days: int

    @property
    def horizon(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range(self.days)]

    @cached_property
    def names(self) -> dict[str, str]:
        return dict(zip(self.communes["code"].astype(str), self.communes["name"], strict=True))


@dataclass
class Ranking:
    """The ranking tab's result: scores (with ``recent_effort``), weights and target (%)."""

    scores: pd.DataFrame
    weights: dict[str, float]
    target: int

    @property
    def ranked(self) -> pd.DataFrame:
        return self.scores[self.scores["score"].notna()]
