"""Where to go next: priority scores, team schedules (MILP and greedy), schedule checks."""

from geo.planning.planner import *  # noqa: F403
from geo.planning.planner import __all__ as _planner_all

__all__ = [*_planner_all]
