"""Progress aggregates of a team: achievement, reporting compliance and the S-curve, each in one or a few queries.

Every function takes the session and ids, never commits, and returns plain frozen dataclasses (data only, ready
for a chart, a table or a sheet; the recap sheet's thousands of ``ActivityRow`` are named tuples, cheaper to make).
Work is done by SQL ``GROUP BY`` over the team's activities; Python only folds a few dozen grouped rows. Only the
**current** revision of a report (``Report.current_revision_id``) is ever read.

Definitions (the ones the chair's numbers rest on):

- **Expected report** (activity × period): the activity has a ``Target`` row for the period and its organization
  is not exempt (``Exemption``) for that team and period. Exempt organizations leave the denominators.
- **Received**: an expected report that has a current revision and was not returned by the secretariat
  (``status != 'returned'``). A *returned* report waits for a correction: it counts as not received and is shown
  apart ("dikembalikan"). **On time**: received and ``Report.on_time`` (its first submission met the deadline).
  **Late** = received − on time; **missing** = expected − received.
- **Completeness** = received ÷ expected; **timeliness** = on time ÷ expected. No expected report:
  None, not 100%.
- **Realisation** of an activity at period P (``domain.indicators.value_at``): ``per_period``: the value of P's
  received report; ``cumulative`` and ``level``: the value of the latest received report up to P (a running total
  is carried forward, and a level stays what it was last measured at; a level is never summed).
- **Target**: the ``Target.value`` of P for every kind: the plan format (``examples/README.md``, ``planfile.read``)
  stores a cumulative indicator's target as the running total by the end of the period, and a level's as the level
  it should stand at; a range target (``value_min``–``value_max``, 80–90%) keeps in ``value`` the bound that counts
  as reaching it.
- **Achievement of an activity** (``domain.indicators.achievement``, in SQL: ``sql.achievement``): ``naik``
  realisation ÷ target × 100; ``turun`` (target − (realisation − target)) ÷ target × 100, never below 0; a range
  target: 100 inside it (bounds included), else the direction's formula against the nearer bound; a zero target
  (or a nearer bound of 0): no percentage, the row says met / not met, and it stays out of every mean. An expected
  activity with nothing received (nor carried forward) counts 0% against a positive target, in either direction:
  as far as the team can see, nothing was achieved (for ``naik`` its realisation is shown as 0, as before;
  ``turun`` shows none, since 0 would read as perfect); completeness tells "not reported" from "reported zero".
- **Achievement of a group** (organization, program, team) = the plain mean over its expected activities that
  have a percentage, each activity first capped at the team's ``achievement_cap`` (default 150%,
  ``ACHIEVEMENT_CAP``; NULL: no cap) so that one tiny target reported 40× over cannot hide the laggards; rounded to
  2 decimals; its **predikat** follows the team's thresholds, and on a team rating by traffic light
  (``rating_scale`` lampu) its **light** is hijau at 100% or more, kuning while the gap to target is under the
  team's ``yellow_limit``, else merah (``domain.indicators.traffic_light``). Tables of single activities show the
  uncapped value. ``turun`` counts a group's expected activities read lower-is-better (the screens mark them).
- **Budget**: the ceiling (pagu) summed over all activities of the group; **spent** = per activity the
  ``budget_spent`` of its latest received report of the year up to P, summed: the report conversation asks for the
  money spent *to date* (realisasi keuangan s.d. periode ini), which is also what the ceiling check compares.
- **Physical %**: the plan's ``Target.planned_physical`` is the *cumulative* planned progress at the end of the
  period (the planned S-curve: 10, 35, 70, 100), and a report's ``physical_pct`` is the progress to date. A group's
  planned and actual physical % are means over its expected activities that have a planned physical % for P,
  **weighted by budget ceiling** (bobot = pagu, as a Kurva S is drawn); activities without a ceiling weigh 0
  unless no activity of the group has one, then the mean is plain. Actual = the latest reported physical % up to
  P, 0 before the first report.
- **S-curve**: for every period of the year, the same weighted means over the activities of the scope that have
  any planned physical %; the plan and the actual are carried forward over periods without a row; deviation =
  actual − planned; critical per ``domain.rating.is_critical_deviation``. Actual points stop at ``upto``.

Expected, received, on time and returned are written once, in :mod:`storage.aggregates.expected`, which the
reminders' queries (``storage.schedule``) use as well. The modules are the query families:

- ``team``: the team as the aggregates see it (:class:`TeamInfo`, :func:`team_info`), the scope of a view
  (:class:`Scope`) and the values statements run with;
- ``summary``: :func:`period_summary` (/progres, /rekap, the digest);
- ``rows``: :func:`activity_rows`, the recap sheet's rows;
- ``curve``: :func:`scurve`, the S-curve;
- ``matrix``: :func:`compliance`, the compliance matrix;
- ``pending``: :func:`laggards`, who has not reported (/belum);
- ``contacts``: :func:`focal_points` of the organizations;
- ``versions``: the plan *murni* (version 1) beside the plan in force: :func:`period_murni`,
  :func:`measured_targets` (and :func:`murni_scurve` in ``curve``);
- ``province``: a parent team over its children (issue 15): :func:`rollup`, :func:`missing_organizations`,
  :func:`shared_indicator`, :func:`shared_codes`, :func:`children`;
- ``history``: :func:`new_revisions`, :func:`periods_with_targets`, :func:`latest_reported_period`;
- ``expected`` and ``sql``: the definitions above as SQL, and what the statements are built of (tables, bind
  parameters, the per-activity values of a period and their look-backs).

Callers use the package: ``from storage import aggregates as agg``, then ``agg.period_summary(...)``.
"""

from __future__ import annotations

from domain.rating import round_pct
from storage.aggregates.contacts import FocalPoint, focal_points
from storage.aggregates.curve import SCurve, SCurvePoint, murni_scurve, scurve
from storage.aggregates.history import NewRevision, latest_reported_period, new_revisions, periods_with_targets
from storage.aggregates.matrix import COMPLIANCE_STATES, Compliance, ComplianceCell, ComplianceRow, compliance
from storage.aggregates.pending import Laggard, PendingActivity, laggards
from storage.aggregates.province import (
    ChildProgress,
    MissingOrganization,
    Rollup,
    SharedIndicator,
    SharedValue,
    children,
    missing_organizations,
    rollup,
    shared_codes,
    shared_indicator,
)
from storage.aggregates.rows import ActivityRow, activity_rows
from storage.aggregates.sql import ACHIEVEMENT_CAP
from storage.aggregates.summary import PeriodSummary, Progress, period_summary
from storage.aggregates.team import TEAM_SCOPE, AggregateError, Scope, TeamInfo, team_info
from storage.aggregates.versions import (
    MeasuredTarget,
    PeriodMurni,
    TargetDifference,
    TargetValue,
    measured_targets,
    period_murni,
)

__all__ = [
    "ACHIEVEMENT_CAP",
    "COMPLIANCE_STATES",
    "TEAM_SCOPE",
    "ActivityRow",
    "AggregateError",
    "ChildProgress",
    "Compliance",
    "ComplianceCell",
    "ComplianceRow",
    "FocalPoint",
    "Laggard",
    "MeasuredTarget",
    "MissingOrganization",
    "NewRevision",
    "PendingActivity",
    "PeriodMurni",
    "PeriodSummary",
    "Progress",
    "Rollup",
    "SCurve",
    "SCurvePoint",
    "Scope",
    "SharedIndicator",
    "SharedValue",
    "TargetDifference",
    "TargetValue",
    "TeamInfo",
    "activity_rows",
    "children",
    "compliance",
    "focal_points",
    "laggards",
    "latest_reported_period",
    "measured_targets",
    "missing_organizations",
    "murni_scurve",
    "new_revisions",
    "period_murni",
    "period_summary",
    "periods_with_targets",
    "rollup",
    "round_pct",
    "scurve",
    "shared_codes",
    "shared_indicator",
    "team_info",
]
