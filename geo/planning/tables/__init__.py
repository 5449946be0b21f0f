"""The planner page's tables, headed in the language in use, and the frames read back from them.

Pure functions from planning frames to display frames (and back), one module per tab of the
page: :mod:`~geo.planning.tables.ranking` (the weights caption, the ranking table),
:mod:`~geo.planning.tables.schedule` (the team table and its reverse, the schedule editor and the
assignments parsed back from it, the date × team grid, the meeting points editor) and
:mod:`~geo.planning.tables.saved` (the saved plans with their status, the follow-up of a plan);
headers and labels in :mod:`~geo.planning.tables.labels`. Times of the store (naive UTC) are
shown in Vietnam time.
"""

from geo.planning.tables.labels import (
    COL_COMMUNE,
    COL_DATE,
    COL_TEAM,
    MEETING_LABELS,
    METHOD_LABELS,
    TEAM_COLUMNS,
    WEIGHT_LABELS,
    meeting_label,
    method_label,
    place_labels,
    weekday_label,
    weight_label,
)
from geo.planning.tables.ranking import ranking_table, weights_caption
from geo.planning.tables.saved import followup_table, plan_label, saved_plans_table
from geo.planning.tables.schedule import (
    assignments_from_editor,
    commune_labels,
    editor_frame,
    meeting_points_frame,
    schedule_grid,
    team_table,
    teams_from_table,
)

__all__ = [
    "COL_COMMUNE",
    "COL_DATE",
    "COL_TEAM",
    "MEETING_LABELS",
    "METHOD_LABELS",
    "TEAM_COLUMNS",
    "WEIGHT_LABELS",
    "assignments_from_editor",
    "commune_labels",
    "editor_frame",
    "followup_table",
    "meeting_label",
    "meeting_points_frame",
    "method_label",
    "place_labels",
    "plan_label",
    "ranking_table",
    "saved_plans_table",
    "schedule_grid",
    "team_table",
    "teams_from_table",
    "weekday_label",
    "weight_label",
    "weights_caption",
]
