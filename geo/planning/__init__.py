"""Where to go next: priority scores per commune and team schedules for the coming evenings.

Two questions, two parts. *Which communes next?* :func:`priority_scores` ranks the communes
with a transparent weighted score (every component is shown with its value and weight) and a
priority band 1-5. *Which team, which evening?* :func:`build_schedule` assigns team-evenings to
communes so that the expected number of activations is as large as possible, with a mixed-integer
program solved by HiGHS (:func:`scipy.optimize.milp`), or with a simple greedy rule (the
baseline). :func:`check_schedule` lists every broken rule of a schedule (also one a user edited)
and :func:`evaluate_schedule` recomputes its expected activations. :func:`plan_followup` compares
a published plan with the visit logs; :mod:`geo.planning.tables` builds the planner page's tables.

Modules: :mod:`~geo.planning.params` (weights, model parameters, windows, working evenings),
:mod:`~geo.planning.travel`, :mod:`~geo.planning.rates`, :mod:`~geo.planning.priority`,
:mod:`~geo.planning.value` (the value of effort), :mod:`~geo.planning.schedule`,
:mod:`~geo.planning.edits`, :mod:`~geo.planning.review`, :mod:`~geo.planning.followup`,
:mod:`~geo.planning.tables`; the simulator that compares planning methods:
:mod:`~geo.planning.synthetic`, :mod:`~geo.planning.baselines`, :mod:`~geo.planning.simulate`
(not re-exported here).

Priority score
--------------
Six components, each a raw value per commune (shown to the user) and a normalised value in
[0, 1]:

``gap``
    people not yet activated (``metrics.gap`` of :func:`geo.metrics.commune_metrics`).
``shortfall``
    how far the activation rate is below the target, in rate points: ``max(0, target - coverage)``
    (target 80 % by default; ``coverage`` of :func:`geo.metrics.commune_metrics`).
``staleness``
    days since the last team visit, capped at :data:`STALE_CAP_DAYS`; a commune no team has
    visited counts as the cap.
``yield``
    expected activations of one typical team-evening: ``yield_rate × median team members ×
    window hours`` (3,5 h), capped by the gap. ``yield_rate`` (activations per officer-hour) is the
    commune's own rate shrunk towards the rate of its class (urban / rural, learned by
    :func:`learn_yield`): ``(activations + class_rate × k) / (officer_hours + k)`` with
    ``k =`` :data:`PRIOR_OFFICER_HOURS` (:func:`~geo.planning.rates.shrunk_rate`), so a commune
    with few visits gets its class rate. Activations and officer-hours are those of the timed
    visits, as :func:`geo.metrics.commune_metrics` counts them.
``travel``
    one-way travel minutes from the nearest team base (smaller is better).
``home_requests``
    open home-visit requests of the commune (issue 16; the ``open`` of
    :func:`geo.planning.requests.open_requests_by_commune`, given to :func:`priority_scores` as
    ``home_requests``; 0 where none is open, and everywhere when none is given).

Normalisation is min-max over the communes that are ranked: ``(x - min) / (max - min)``
(``travel`` reversed: ``(max - x) / (max - min)``); when every commune has the same value, or the
value is unknown (no team base, no commune position), the component is 0. The score is
``Σ weight × component / Σ weight`` (in [0, 1]). Ranks are by score, highest first, ties sharing
the better rank; the band is ``floor(5 × (rank - 1) / n) + 1``, i.e. the top 20 % of the ranked
communes are priority 1 and the bottom 20 % priority 5, ties always in the same band.

Communes *without data* (``has_data`` false in the metrics) are not ranked: score and band are
empty and the reason is :data:`NO_DATA_REASON` ("chưa có số liệu"). They stay in the output,
after the ranked ones, so the page can list them.

The reason of a ranked commune names its two largest contributions (``weight × component``),
e.g. "Còn 4.210 người chưa kích hoạt; 23 ngày chưa có tổ đến".

Schedule model
--------------
*Travel*: geodesic distance on the WGS84 ellipsoid (:class:`pyproj.Geod`) × :data:`ROAD_FACTOR`
(1,3) at :data:`SPEED_KMH` (30 km/h), rounded up to whole 5 minutes
(``PlanParams.travel_round_min``). The team leaves its base at the start of the commune's window
and is back at its end: usable minutes = window length - 2 × travel (urban 18:00-21:30, rural
16:00-19:30). A commune leaving fewer than ``PlanParams.min_usable_min`` usable minutes is
infeasible for that team. A team without a base position is infeasible everywhere (the page has
to ask for its base).

*Expected activations* of a team in a commune: ``yield_rate × officer-hours`` where a team-evening
gives ``members × usable hours`` officer-hours. Returns diminish with the effort spent in the
commune during the horizon (plus the optional ``recent_effort`` of the days before it): the
``k``-th block of ``PlanParams.evening_officer_hours`` officer-hours (one typical team-evening)
yields ``r^k`` of the rate (``r = 0,7``), so each repeat visit of a typical team yields ``r^k``;
in a commune with a large gap the block is longer (``× gap / repeat_gap_scale`` above 2.000
people: more hamlets, more doors not yet knocked on). The commune's total is capped by its gap
(:func:`~geo.planning.value.effort_value`). This value is concave in the effort, so the program
needs no binary variable per repeat: continuous segment variables with decreasing slopes fill in
order. Per row, ``expected_activations`` is the increase of the commune's value in date order,
so the rows add up to :func:`evaluate_schedule`.

*Program* (exact for this model): integer ``n[t, c]`` = evenings team ``t`` spends in commune
``c``; ``Σ_c n[t, c] ≤ D`` (the evenings in the horizon, days off removed);
``Σ_t n[t, c] ≤ cap[c] × D`` with ``cap[c] = 2`` when the gap is at least
``PlanParams.pair_gap_factor`` (6 = two teams × three evenings) typical team-evenings, else 1;
effort and segment constraints as above; maximise the expected activations (minus a tiny cost
per visit, so visits that add nothing are left out). Dates do not change this value, so they are
given afterwards: the multigraph teams-communes (a commune with ``cap = 2`` split in two copies)
has degree ≤ D, hence by König's theorem its edges can be coloured with D colours, one colour
per evening; a colour class is one evening's assignments (one commune per team, at most ``cap``
teams per commune). Evening ``i`` gets colour ``i``.

*Greedy baseline*: evening by evening, team by team (input order), take the feasible commune
with the largest marginal expected activations (ties: shorter travel, then the smaller code),
computed on arrays (``geo.planning._greedy``). A MILP plan worth less than the greedy one, or
none within the time limit (:func:`~geo.planning.params.milp_time_limit`), is replaced by it,
and :func:`solver_note` says so.

Agencies, businesses and schools are visited in working hours by arrangement; they are not part
of the optimiser (their times are not ours to choose): the schedule covers the evening house-to-
house visits only, and :func:`learn_yield` learns from household visits only.
"""

from geo.planning.edits import check_schedule, evaluate_schedule, schedule_from_assignments
from geo.planning.followup import (
    FOLLOWUP_COLUMNS,
    STATUS_DONE,
    STATUS_ELSEWHERE,
    STATUS_MISSED,
    STATUS_NOT_DUE,
    PlanFollowup,
    plan_followup,
)
from geo.planning.params import (
    COMPONENTS,
    DEFAULT_YIELD,
    NO_DATA_REASON,
    PRIOR_OFFICER_HOURS,
    RURAL_WINDOW,
    SCHEDULE_COLUMNS,
    STALE_CAP_DAYS,
    URBAN_WINDOW,
    PlanParams,
    Weights,
    plan_dates,
)
from geo.planning.priority import priority_bands, priority_scores, with_recent_effort
from geo.planning.rates import learn_yield, shrunk_rate
from geo.planning.review import EditedSchedule, review_edit
from geo.planning.schedule import build_schedule, solver_note
from geo.planning.travel import ROAD_FACTOR, SPEED_KMH, geodesic_km, travel_matrix, travel_minutes
from geo.planning.value import effort_value, prepare_candidates

__all__ = [
    "COMPONENTS",
    "DEFAULT_YIELD",
    "FOLLOWUP_COLUMNS",
    "NO_DATA_REASON",
    "PRIOR_OFFICER_HOURS",
    "ROAD_FACTOR",
    "RURAL_WINDOW",
    "SCHEDULE_COLUMNS",
    "SPEED_KMH",
    "STALE_CAP_DAYS",
    "STATUS_DONE",
    "STATUS_ELSEWHERE",
    "STATUS_MISSED",
    "STATUS_NOT_DUE",
    "URBAN_WINDOW",
    "EditedSchedule",
    "PlanFollowup",
    "PlanParams",
    "Weights",
    "build_schedule",
    "check_schedule",
    "effort_value",
    "evaluate_schedule",
    "geodesic_km",
    "learn_yield",
    "plan_dates",
    "plan_followup",
    "prepare_candidates",
    "priority_bands",
    "priority_scores",
    "review_edit",
    "schedule_from_assignments",
    "shrunk_rate",
    "solver_note",
    "travel_matrix",
    "travel_minutes",
    "with_recent_effort",
]
