"""What every tab of the planner page reads: the store, the user, the records, the horizon."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from geo.access import Action, Decision, User
from geo.access.areas import area_target
from geo.access.imports import decide_codes
from geo.access.policy import Target
from geo.planning.tables import place_labels
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
    #: The signed-in account (``user`` is its name) and the full registry its rights are
    #: judged against (``communes`` may be cut to its scope).
    account: User | None = None
    registry: pd.DataFrame | None = None

    @property
    def horizon(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range(self.days)]

    @cached_property
    def names(self) -> dict[str, str]:
        return dict(zip(self.communes["code"].astype(str), self.communes["name"], strict=True))

    @cached_property
    def labels(self) -> dict[str, str]:
        """Commune labels by code, telling apart communes of the same name (one per page)."""
        return place_labels(self.communes)

    def _registry(self) -> pd.DataFrame:
        return self.communes if self.registry is None else self.registry

    def decide(self, action: Action, codes: Iterable[str]) -> Decision:
        """The policy on the communes of a schedule or a plan, for the signed-in account."""
        return decide_codes(self.account, action, codes, self._registry())

    def target(self, codes: Iterable[str]) -> Target:
        """The smallest place holding the communes of a schedule (a download's target)."""
        return area_target(codes, self._registry())


@dataclass
class Ranking:
    """The ranking tab's result: scores (with ``recent_effort``), weights and target (%)."""

    scores: pd.DataFrame
    weights: dict[str, float]
    target: int

    @property
    def ranked(self) -> pd.DataFrame:
        return self.scores[self.scores["score"].notna()]
