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
- **Realisation** of an activity at period P (``domain.rating.achievement_for`` semantics): ``per_period``: the value
  of P's received report; ``cumulative``: the value of the latest received report up to P (a running total is
  carried forward). An expected activity with nothing received counts as realisation 0: as far as the team can
  see, nothing was realised; completeness tells "not reported" from "reported zero".
- **Target**: the ``Target.value`` of P for both measures: the plan format (``examples/README.md``,
  ``planfile.read``) stores a cumulative indicator's target as the running total by the end of the period, so it
  already is "the cumulative target up to the period", as in ``domain.rating.achievement_for``.
- **Achievement of an activity** = realisation ÷ target × 100 (None when the target is 0). **Achievement of a
  group** (organization, program, team) = the plain mean over its expected activities with a positive target,
  each activity first capped at 150% (``ACHIEVEMENT_CAP``) so that one tiny target reported 40× over cannot hide
  the laggards; rounded to 2 decimals; its **predikat** follows the team's thresholds. Tables of single activities
  show the uncapped value.
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
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from math import ceil
from typing import Any, NamedTuple

from sqlalchemy import (
    Float,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    null,
    select,
    true,
    type_coerce,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm.util import identity_key
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session

from domain.calendar import deadline as period_deadline
from domain.periods import Period, PeriodKind, periods_of_year
from domain.rating import DEFAULT_THRESHOLDS, Thresholds, ThresholdsError, is_critical_deviation, predikat
from storage.models import (
    Activity,
    Exemption,
    Membership,
    Organization,
    Person,
    Program,
    Report,
    ReportRevision,
    Target,
    Team,
)

ACHIEVEMENT_CAP = 150.0

_A = Activity.__table__  # type: ignore[attr-defined]
_P = Program.__table__  # type: ignore[attr-defined]
_T = Target.__table__  # type: ignore[attr-defined]
_TEAM = Team.__table__  # type: ignore[attr-defined]
_R = Report.__table__  # type: ignore[attr-defined]
_V = ReportRevision.__table__  # type: ignore[attr-defined]
_E = Exemption.__table__  # type: ignore[attr-defined]
_O = Organization.__table__  # type: ignore[attr-defined]
_M = Membership.__table__  # type: ignore[attr-defined]
_PE = Person.__table__  # type: ignore[attr-defined]
_T_ANY = _T.alias("t_any")
_CENT = Decimal("0.01")


class AggregateError(LookupError):
    """The team (or another id) asked about does not exist."""


# --- data ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamInfo:
    """What the aggregates need to know of a team."""

    id: int
    code: str
    name: str
    region: str
    timezone: str
    period_kind: PeriodKind
    year: int
    deadline_working_days: int
    thresholds: Thresholds
    lock_days: int = 30

    @property
    def periods(self) -> list[Period]:
        """The periods of the team's year, in order."""
        return periods_of_year(self.year, self.period_kind)

    def period(self, key: str) -> Period:
        """The period of this team with storage key ``key``."""
        return Period.from_key(key)


@dataclass(frozen=True)
class Scope:
    """What a view is about: the whole team, one program or one organization."""

    kind: str  # "team" | "program" | "organization"
    id: int | None = None
    code: str = ""
    name: str = ""


TEAM_SCOPE = Scope("team")


@dataclass(frozen=True)
class Progress:
    """Achievement, reporting and budget of one group (the team, a program or an organization) in one period."""

    id: int | None
    code: str
    name: str
    expected: int = 0
    received: int = 0
    on_time: int = 0
    returned: int = 0
    achievement: float | None = None  # % (mean of capped activity achievements)
    predikat: str | None = None
    activities: int = 0  # activities of the group (for budget), expected or not
    rated: int = 0  # activities in the achievement mean
    budget_ceiling: int = 0
    budget_spent: int = 0
    physical_planned: float | None = None  # %
    physical_actual: float | None = None  # %

    @property
    def late(self) -> int:
        return self.received - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def completeness(self) -> float | None:
        """Received ÷ expected, in % (None without expected reports)."""
        return 100.0 * self.received / self.expected if self.expected else None

    @property
    def timeliness(self) -> float | None:
        """On time ÷ expected, in %."""
        return 100.0 * self.on_time / self.expected if self.expected else None

    @property
    def budget_pct(self) -> float | None:
        """Spent ÷ ceiling, in %."""
        return 100.0 * self.budget_spent / self.budget_ceiling if self.budget_ceiling else None


@dataclass(frozen=True)
class PeriodSummary:
    """The progress of a team (or a scope of it) in one period, by organization and by program."""

    team: TeamInfo
    period: Period
    scope: Scope
    total: Progress
    by_organization: list[Progress]
    by_program: list[Progress]
    exempt: list[tuple[str, str]]  # (code, name) of organizations exempt for the period


@dataclass(frozen=True)
class SCurvePoint:
    period: Period
    planned: float | None  # cumulative planned physical %
    actual: float | None  # cumulative actual physical % (None after ``upto``)

    @property
    def deviation(self) -> float | None:
        """Actual − planned, percentage points (negative = behind)."""
        if self.planned is None or self.actual is None:
            return None
        return self.actual - self.planned

    @property
    def critical(self) -> bool:
        """Behind plan beyond the usual thresholds (``domain.rating.is_critical_deviation``)."""
        if self.planned is None or self.actual is None:
            return False
        return is_critical_deviation(_dec(self.planned), _dec(self.actual))


@dataclass(frozen=True)
class SCurve:
    team: TeamInfo
    scope: Scope
    points: list[SCurvePoint]
    activities: int  # activities with a planned physical %
    weighted: bool  # weighted by budget ceiling (False: plain mean)

    @property
    def last_actual(self) -> SCurvePoint | None:
        """The latest point with an actual value."""
        return next((p for p in reversed(self.points) if p.actual is not None), None)


COMPLIANCE_STATES = ("on_time", "late", "missing", "returned", "exempt", "not_due", "none")


@dataclass(frozen=True)
class ComplianceCell:
    expected: int
    received: int
    on_time: int
    returned: int
    exempt: bool
    due: bool  # the deadline has passed

    @property
    def state(self) -> str:
        """One of ``COMPLIANCE_STATES``: the colour of the cell."""
        if self.exempt:
            return "exempt"
        if self.expected == 0:
            return "none"
        if self.received < self.expected:
            if not self.due:
                return "not_due"
            return "returned" if self.received + self.returned >= self.expected else "missing"
        return "on_time" if self.on_time >= self.expected else "late"


@dataclass(frozen=True)
class ComplianceRow:
    organization_id: int
    code: str
    name: str
    cells: list[ComplianceCell]  # one per period of ``Compliance.periods``

    @property
    def missing_due(self) -> int:
        """Reports missing in periods whose deadline has passed (how the rows are ordered: largest gaps first)."""
        return sum(c.expected - c.received for c in self.cells if c.due and not c.exempt)


@dataclass(frozen=True)
class Compliance:
    team: TeamInfo
    periods: list[Period]
    rows: list[ComplianceRow]  # largest gaps first
    today: date


@dataclass(frozen=True)
class FocalPoint:
    telegram_id: int
    name: str
    username: str | None


@dataclass(frozen=True)
class PendingActivity:
    code: str
    name: str
    program_code: str
    returned: bool
    reason: str | None = None


@dataclass(frozen=True)
class Laggard:
    """An organization with expected reports not received in a period."""

    organization_id: int
    code: str
    name: str
    expected: int
    received: int
    activities: list[PendingActivity]
    focal_points: list[FocalPoint]

    @property
    def missing(self) -> int:
        return self.expected - self.received


class ActivityRow(NamedTuple):
    """One activity in one period, as the recap sheet lists it.

    A named tuple rather than a frozen dataclass like the others: a sheet builds 3,000 of them, and a frozen
    dataclass sets its 23 fields one ``object.__setattr__`` at a time (~11 ms of 3,000 rows on SQLite, half the
    time of the statement itself); a tuple is made whole (~1 ms), and is as immutable."""

    organization_code: str
    organization_name: str
    program_code: str
    program_name: str
    activity_code: str
    activity_name: str
    indicator: str
    unit: str
    measure: str
    target: float | None  # the target achievement is measured against (cumulative: the running total)
    realised: float | None
    achievement: float | None  # uncapped, rounded to 2 decimals
    predikat: str | None
    budget_ceiling: int | None
    budget_spent: int | None
    physical_planned: float | None
    physical_actual: float | None
    obstacles: str | None
    follow_up: str | None
    reporter: str | None
    submitted_at: datetime | None  # UTC, aware
    status: str  # submitted | verified | returned | missing | exempt
    on_time: bool | None


@dataclass(frozen=True)
class NewRevision:
    organization_code: str
    organization_name: str
    activity_code: str
    period_key: str
    number: int  # 1 = a new report, more = a revision
    submitted_at: datetime


@dataclass
class _Acc:
    """Sums of one (organization, program) cell, folded into organization, program and team totals."""

    activities: int = 0
    expected: int = 0
    received: int = 0
    on_time: int = 0
    returned: int = 0
    ach_sum: float = 0.0
    ach_n: int = 0
    ceiling: int = 0
    w_planned: float = 0.0
    w_actual: float = 0.0
    w_sum: float = 0.0
    planned: float = 0.0
    actual: float = 0.0
    phys_n: int = 0
    spent: int = 0


_ACC_FIELDS = tuple(f.name for f in dataclass_fields(_Acc))
_Vector = list[Any]  # the sums of _ACC_FIELDS, in order, as one grouped row returns them


_ACC_TYPES = tuple(int if f.type in ("int", int) else float for f in dataclass_fields(_Acc))


def _acc(vector: _Vector) -> _Acc:
    """The folded sums as an ``_Acc`` (PostgreSQL sums bigints as Decimal: made int or float here, per group)."""
    values: list[Any] = [kind(v) for kind, v in zip(_ACC_TYPES, vector, strict=True)]
    return _Acc(*values)


# --- helpers -------------------------------------------------------------------------------------------------------


def _dec(value: float) -> Decimal:
    return Decimal(repr(float(value))).quantize(_CENT, rounding=ROUND_HALF_UP)


def round_pct(value: float | None) -> float | None:
    """Round a percentage to 2 decimals, half up (the value tables show and ratings use)."""
    return None if value is None else float(_dec(value))


def _rate(value: float | None, thresholds: Thresholds) -> str | None:
    return None if value is None else predikat(_dec(value), thresholds)


def _num(value: Any) -> float:
    return float(value) if value is not None else 0.0


def _year_floor(year: int) -> str:
    """The smallest period key of ``year``: keys of one year sort after it (``2026-`` < ``2026-01`` < ``2026-Q1``)."""
    return f"{year:04d}-"


def team_info(session: Session, team_id: int) -> TeamInfo:
    """The team as the aggregates see it; raises :class:`AggregateError` when it does not exist."""
    return _team_info(session, team_id, jit_off=False)


_TEAM_COLUMNS = (
    "id",
    "code",
    "name",
    "region",
    "timezone",
    "period_kind",
    "year",
    "deadline_working_days",
    "thresholds",
    "lock_days",
)


def _team_info(session: Session, team_id: int, *, jit_off: bool) -> TeamInfo:
    """The team from the session when it holds it (with any change not yet flushed), else one Core row; with
    ``jit_off`` on PostgreSQL, the same round trip sets the planner options of :func:`_start` (``set_config``)."""
    team = session.identity_map.get(identity_key(Team, team_id))
    pg = jit_off and session.get_bind().dialect.name == "postgresql"
    values: Any
    if team is not None and not pg:
        values = team
    else:
        cols = [_TEAM.c[name] for name in _TEAM_COLUMNS]
        if pg:
            cols.append(func.set_config("jit", "off", true()))
            cols.append(func.set_config("plan_cache_mode", "force_custom_plan", true()))
        row = session.connection().execute(select(*cols).where(_TEAM.c.id == team_id)).first()
        if row is None:
            raise AggregateError(f"no team with id {team_id}")
        values = team if team is not None else row
    if values.id is None:
        raise AggregateError(f"no team with id {team_id}")
    try:
        thresholds = Thresholds.from_bounds(values.thresholds) if values.thresholds else DEFAULT_THRESHOLDS
    except ThresholdsError:
        thresholds = DEFAULT_THRESHOLDS
    kind: PeriodKind = "month" if values.period_kind == "month" else "quarter"
    return TeamInfo(
        id=values.id,
        code=values.code,
        name=values.name,
        region=values.region,
        timezone=values.timezone,
        period_kind=kind,
        year=values.year,
        deadline_working_days=values.deadline_working_days,
        thresholds=thresholds,
        lock_days=values.lock_days,
    )


def _start(session: Session, team_id: int) -> TeamInfo:
    """The team, after setting two PostgreSQL planner options for this transaction (in the same round trip):

    - JIT off: the correlated look-backs push the planner's cost estimate over ``jit_above_cost``, and compiling
      costs ~150 ms for a query that runs in ~20;
    - custom plans only: psycopg prepares a statement after its 5th run on a connection, and PostgreSQL may then
      switch to a generic plan, planned without the period and team; measured with ``force_generic_plan``, the
      compliance matrix, the S-curve and the recap sheet took 2–3× as long."""
    return _team_info(session, team_id, jit_off=True)


# Statements are built once per shape (scope kind, with or without budget) over these parameters and kept: building
# one of this size costs 2–4 ms of Python, a good part of the time its SQL takes; values come at execution.
_TEAM_ID = bindparam("team_id", type_=Integer)
_PERIOD = bindparam("period_key", type_=String)
_FLOOR = bindparam("year_floor", type_=String)  # see _year_floor
_LAST = bindparam("year_last", type_=String)
_UPTO = bindparam("upto", type_=String)
_SCOPE_ID = bindparam("scope_id", type_=Integer)
_KEYS = bindparam("keys", type_=String, expanding=True)


def _shape(scope: Scope) -> str:
    """The scope's kind as far as a statement's shape goes ("team" when no id narrows it)."""
    return scope.kind if scope.kind in ("program", "organization") and scope.id is not None else "team"


def _params(team: TeamInfo, scope: Scope, **more: Any) -> dict[str, Any]:
    return {
        "team_id": team.id,
        "year_floor": _year_floor(team.year),
        "year_last": team.periods[-1].key,
        "scope_id": scope.id,
        **more,
    }


def _scope_filter(shape: str) -> list[ColumnElement[bool]]:
    if shape == "program":
        return [_A.c.program_id == _SCOPE_ID]
    if shape == "organization":
        return [_A.c.organization_id == _SCOPE_ID]
    return []


def _weight() -> ColumnElement[Any]:
    return cast(func.coalesce(_A.c.budget_ceiling, 0), Float)


# --- period summary ------------------------------------------------------------------------------------------------


def period_summary(
    session: Session, team_id: int, period_key: str, scope: Scope = TEAM_SCOPE, *, with_budget: bool = True
) -> PeriodSummary:
    """Achievement, completeness, timeliness, physical progress and (``with_budget``) budget spent of
    ``period_key``, by organization and by program, in one statement: the per-activity values (each look-back
    evaluated once, only where needed) are a materialised CTE, summed by organization, by program and in total
    (``UNION ALL``, with the names joined in), and the exempt organizations ride along as rows of their own."""
    team = _start(session, team_id)
    period = Period.from_key(period_key)
    stmt = _summary_statement(_shape(scope), with_budget)
    by_org: list[Progress] = []
    by_prog: list[tuple[int, Progress]] = []
    exempt: list[tuple[str, str]] = []
    total_acc = _Acc()
    rows = session.connection().execute(stmt, _params(team, scope, period_key=period_key)).all()
    for kind, ident, code, name, position, *vector in rows:
        if kind == "x":
            exempt.append((str(code), str(name)))
        elif kind == "t":
            total_acc = _acc(vector)
        elif kind == "o":
            by_org.append(_progress((code, name), int(ident), _acc(vector), team.thresholds))
        else:
            by_prog.append((int(position or 0), _progress((code, name), int(ident), _acc(vector), team.thresholds)))
    by_org.sort(key=lambda p: p.code)
    by_prog.sort(key=lambda pp: (pp[0], pp[1].code))
    label = (scope.code, scope.name) if scope.kind != "team" else (team.code, team.name)
    return PeriodSummary(
        team=team,
        period=period,
        scope=scope,
        total=_progress(label, scope.id, total_acc, team.thresholds),
        by_organization=by_org,
        by_program=[p for _, p in by_prog],
        exempt=exempt,
    )


@cache
def _summary_statement(shape: str, with_budget: bool) -> Any:
    act = _per_activity(shape, with_budget).cte("act").prefix_with("MATERIALIZED")
    sums = _group_sums(act)
    by_org_q = select(act.c.org.label("gid"), *sums).group_by(act.c.org).subquery("by_org")
    by_prog_q = select(act.c.prog.label("gid"), *sums).group_by(act.c.prog).subquery("by_prog")
    sum_cols = list(by_org_q.c)[1:]
    nulls = [null()] * len(sum_cols)
    return union_all(
        select(
            literal_column("'o'").label("kind"), _O.c.id, _O.c.code, _O.c.name, literal_column("0"), *sum_cols
        ).select_from(by_org_q.join(_O, _O.c.id == by_org_q.c.gid)),
        select(literal_column("'p'"), _P.c.id, _P.c.code, _P.c.name, _P.c.position, *by_prog_q.c[1:]).select_from(
            by_prog_q.join(_P, _P.c.id == by_prog_q.c.gid)
        ),
        select(literal_column("'t'"), null(), null(), null(), literal_column("0"), *sums).select_from(act),
        select(literal_column("'x'"), _O.c.id, _O.c.code, _O.c.name, literal_column("0"), *nulls)
        .select_from(_E.join(_O, _O.c.id == _E.c.organization_id))
        .where(_E.c.team_id == _TEAM_ID, _E.c.period_key == _PERIOD),
    ).order_by(literal_column("1"), literal_column("3"))


def _names(session: Session, table: Any, ids: Iterable[int]) -> dict[int, tuple[str, str, int]]:
    wanted = list(ids)
    if not wanted:
        return {}
    pos = table.c.position if "position" in table.c else literal(0)
    rows = session.connection().execute(
        select(table.c.id, table.c.code, table.c.name, pos).where(table.c.id.in_(wanted))
    )
    return {int(i): (str(c), str(n), int(p or 0)) for i, c, n, p in rows}


def _progress(label: tuple[Any, ...], ident: int | None, acc: _Acc, thresholds: Thresholds) -> Progress:
    achievement = round_pct(acc.ach_sum / acc.ach_n) if acc.ach_n else None
    planned = actual = None
    if acc.phys_n:
        if acc.w_sum > 0:
            planned, actual = acc.w_planned / acc.w_sum, acc.w_actual / acc.w_sum
        else:
            planned, actual = acc.planned / acc.phys_n, acc.actual / acc.phys_n
    return Progress(
        id=ident,
        code=label[0],
        name=label[1],
        expected=acc.expected,
        received=acc.received,
        on_time=acc.on_time,
        returned=acc.returned,
        achievement=achievement,
        predikat=_rate(achievement, thresholds) if achievement is not None else None,
        activities=acc.activities,
        rated=acc.ach_n,
        budget_ceiling=acc.ceiling,
        budget_spent=acc.spent,
        physical_planned=round_pct(planned),
        physical_actual=round_pct(actual),
    )


class _least(FunctionElement[float]):
    """``LEAST(a, b)``; SQLite spells it ``MIN(a, b)`` (its two-argument scalar min)."""

    type = Float()
    name = "least"
    inherit_cache = True


@compiles(_least)
def _least_default(element: _least, compiler: Any, **kw: Any) -> str:
    return f"LEAST({compiler.process(element.clauses, **kw)})"


@compiles(_least, "sqlite")
def _least_sqlite(element: _least, compiler: Any, **kw: Any) -> str:
    return f"MIN({compiler.process(element.clauses, **kw)})"


@cache
def _lookback_tables(column: str) -> tuple[Any, Any]:
    """The aliases of report and revision one look-back reads (made once: an alias costs ~1 ms to set up)."""
    return _R.alias(f"lb_r_{column}"), _V.alias(f"lb_v_{column}")


@cache
def _lookback(column: str, *, non_null: bool = False) -> Any:
    """The ``column`` of the activity's latest received report *before* ``period_key`` in the year (correlated:
    one index probe on (activity_id, period_key), evaluated only where a CASE branch needs it)."""
    r2, v2 = _lookback_tables(column)
    conditions = [
        r2.c.activity_id == _A.c.id,
        r2.c.period_key > _FLOOR,
        r2.c.period_key < _PERIOD,
        r2.c.status != "returned",
    ]
    if non_null:
        conditions.append(v2.c[column].is_not(None))
    return (
        select(v2.c[column])
        .select_from(r2.join(v2, v2.c.id == r2.c.current_revision_id))
        .where(*conditions)
        .order_by(r2.c.period_key.desc())
        .limit(1)
        .correlate(_A)
        .scalar_subquery()
    )


def _activity_select(shape: str) -> tuple[Any, dict[str, Any], Any]:
    """The per-activity expressions of one period, over the team's activities (see the module docstring).

    Everything comes from the period's own report; only a cumulative activity whose report of the period is not
    in, or a report without a physical %, looks back to the latest earlier report, lazily."""
    joined = (
        _A.join(_P, _P.c.id == _A.c.program_id)
        .outerjoin(_T, and_(_T.c.activity_id == _A.c.id, _T.c.period_key == _PERIOD))
        .outerjoin(
            _E,
            and_(_E.c.team_id == _TEAM_ID, _E.c.organization_id == _A.c.organization_id, _E.c.period_key == _PERIOD),
        )
        .outerjoin(_R, and_(_R.c.activity_id == _A.c.id, _R.c.period_key == _PERIOD))
        .outerjoin(_V, _V.c.id == _R.c.current_revision_id)
    )
    expected = and_(_T.c.id.is_not(None), _E.c.id.is_(None))
    got = and_(_R.c.current_revision_id.is_not(None), _R.c.status != "returned")
    received = and_(expected, got)
    cumulative = _A.c.measure == "cumulative"
    target = _T.c.value
    realised = case(
        (got, _V.c.value),
        (cumulative, func.coalesce(_lookback("value"), 0.0)),
        else_=0.0,
    )
    rated = and_(expected, target > 0)
    achievement = case((rated, 100.0 * realised / target))
    planned_phys = case((expected, _T.c.planned_physical))
    actual_phys = case(
        (
            planned_phys.is_not(None),
            func.coalesce(
                case((got, _V.c.physical_pct)),
                _lookback("physical_pct", non_null=True),
                0.0,
            ),
        )
    )
    expr = {
        "got": got,
        "expected": expected,
        "received": received,
        "on_time": and_(received, _R.c.on_time == true()),
        "returned": and_(expected, _R.c.status == "returned"),
        "rated": rated,
        "target": target,
        "realised": realised,
        "achievement": achievement,
        "capped": case((rated, _least(100.0 * realised / target, ACHIEVEMENT_CAP))),
        "planned_phys": planned_phys,
        "actual_phys": actual_phys,
    }
    where = [_P.c.team_id == _TEAM_ID, *_scope_filter(shape)]
    return joined, expr, where


def _spent(x: dict[str, Any]) -> Any:
    """Budget spent to date of one activity: the ``budget_spent`` of its latest received report of the year up to
    ``period_key`` (a report states the spending *so far*): the period's own report when it is in and has one,
    else a look-back (correlated, one index probe)."""
    return case(
        (and_(x["got"], _V.c.budget_spent.is_not(None)), _V.c.budget_spent),
        else_=_lookback("budget_spent", non_null=True),
    )


def _flag(cond: ColumnElement[bool]) -> Any:
    return case((cond, 1), else_=0)


def _count(cond: ColumnElement[bool]) -> Any:
    return func.sum(_flag(cond))


def _per_activity(shape: str, with_budget: bool) -> Any:
    """One row per activity of the scope: its organization, program and the terms of ``_ACC_FIELDS``."""
    joined, x, where = _activity_select(shape)
    return (
        select(
            _A.c.organization_id.label("org"),
            _A.c.program_id.label("prog"),
            _flag(x["expected"]).label("expected"),
            _flag(x["received"]).label("received"),
            _flag(x["on_time"]).label("on_time"),
            _flag(x["returned"]).label("returned"),
            x["capped"].label("capped"),
            _flag(x["rated"]).label("rated"),
            _A.c.budget_ceiling.label("ceiling"),
            _weight().label("w"),
            x["planned_phys"].label("planned"),
            x["actual_phys"].label("actual"),
            (_spent(x) if with_budget else literal_column("0")).label("spent"),
        )
        .select_from(joined)
        .where(*where)
    )


def _group_sums(act: Any) -> list[Any]:
    """The sums of ``_ACC_FIELDS``, in order, over rows of :func:`_per_activity`."""
    c = act.c
    return [
        func.count().label("activities"),
        func.coalesce(func.sum(c.expected), 0).label("expected"),
        func.coalesce(func.sum(c.received), 0).label("received"),
        func.coalesce(func.sum(c.on_time), 0).label("on_time"),
        func.coalesce(func.sum(c.returned), 0).label("returned"),
        func.coalesce(func.sum(c.capped), 0.0).label("ach_sum"),
        func.coalesce(func.sum(c.rated), 0).label("ach_n"),
        func.coalesce(func.sum(c.ceiling), 0).label("ceiling"),
        func.coalesce(func.sum(c.w * c.planned), 0.0).label("w_planned"),
        func.coalesce(func.sum(c.w * c.actual), 0.0).label("w_actual"),
        func.coalesce(func.sum(case((c.planned.is_not(None), c.w))), 0.0).label("w_sum"),
        func.coalesce(func.sum(c.planned), 0.0).label("planned"),
        func.coalesce(func.sum(c.actual), 0.0).label("actual"),
        func.count(c.planned).label("phys_n"),
        func.coalesce(func.sum(c.spent), 0).label("spent"),
    ]


# --- activity rows (the recap sheet) --------------------------------------------------------------------------------


def activity_rows(session: Session, team_id: int, period_key: str, scope: Scope = TEAM_SCOPE) -> list[ActivityRow]:
    """Every activity with a target in ``period_key``, with its current report and its budget spent so far, in
    plan order (one query)."""
    team = _start(session, team_id)
    stmt = _rows_statement(_shape(scope))
    rows: list[ActivityRow] = []
    rated: dict[float, tuple[float, str | None]] = {}  # achievement → (rounded, predikat): values repeat
    thresholds = team.thresholds
    make, append = tuple.__new__, rows.append
    result = session.connection().execute(stmt, _params(team, scope, period_key=period_key)).all()
    for (
        org_code,
        org_name,
        program_code,
        program_name,
        code,
        name,
        indicator,
        unit,
        measure,
        target_v,
        realised_v,
        ceiling,
        spent,
        planned,
        actual,
        obstacles,
        follow_up,
        reporter,
        submitted_at,
        status_v,
        on_time,
        exempt,
        received,
    ) in result:
        target = float(target_v) if target_v is not None else None
        realised = None if exempt else (float(realised_v) if realised_v is not None else 0.0)
        ach = pred = None
        if realised is not None and target:
            raw = 100.0 * realised / target
            hit = rated.get(raw)
            if hit is None:
                hit = rated[raw] = _round_and_rate(raw, thresholds)
            ach, pred = hit
        append(
            make(  # positional, in field order (ActivityRow(...) would add a Python-level __new__ per row)
                ActivityRow,
                (
                    org_code,
                    org_name,
                    program_code,
                    program_name,
                    code,
                    name,
                    indicator or "",
                    unit or "",
                    measure,
                    target,
                    realised,
                    ach,
                    pred,
                    int(ceiling) if ceiling is not None else None,
                    int(spent) if spent is not None else None,
                    float(planned) if planned is not None else None,
                    float(actual) if actual is not None and not exempt else None,
                    obstacles,
                    follow_up,
                    reporter,
                    _utc(submitted_at) if submitted_at is not None else None,
                    "exempt" if exempt else (str(status_v) if status_v is not None else "missing"),
                    bool(on_time) if received else None,
                ),
            )
        )
    return rows


def _round_and_rate(value: float, thresholds: Thresholds) -> tuple[float, str | None]:
    """``(round_pct(value), predikat of the rounded value)``, exactly as ``_dec`` and ``predikat`` give them, without
    ``Decimal`` in the common case: ``value`` × 100 in floating point is within ~2⁻⁵² of the exact product of the
    decimal ``repr(value)`` that ``_dec`` rounds, so away from a tie (fraction .5, within a margin thousands of
    times that error) its nearest integer is the half-up rounding; ``cents / 100`` is then the float nearest to the
    rounded decimal, as ``float(Decimal)`` is. Ties, zero, negative and huge values take the ``Decimal`` path."""
    scaled = value * 100.0
    if 0.0 < scaled < 1e9:
        whole = int(scaled)
        frac = scaled - whole  # exact
        if abs(frac - 0.5) > 1e-9:
            cents = whole + 1 if frac > 0.5 else whole
            cuts, keys = _predikat_steps(thresholds)
            return cents / 100, keys[bisect_right(cuts, cents)]
    exact = _dec(value)
    return float(exact), predikat(exact, thresholds)


@cache
def _predikat_steps(thresholds: Thresholds) -> tuple[list[int], list[str | None]]:
    """``predikat`` over whole cents as a step function: ``cuts`` are the smallest cents at or above each bound
    (a value of whole cents is ≥ a bound exactly when its cents are ≥ the bound's cut), and ``keys[i]`` is the
    predikat of every value with ``i`` cuts at or below it (computed by ``predikat`` on one such value)."""
    cuts = sorted({ceil(bound * 100) for bound in thresholds.bounds})
    keys: list[str | None] = [predikat(Decimal(c).scaleb(-2), thresholds) for c in [cuts[0] - 1, *cuts]]
    return cuts, keys


@cache
def _rows_statement(shape: str) -> Any:
    joined, x, where = _activity_select(shape)
    o, pe = _O, _PE
    joined = joined.join(o, o.c.id == _A.c.organization_id).outerjoin(pe, pe.c.id == _V.c.reporter_id)
    stmt = (
        select(
            o.c.code,
            o.c.name,
            _P.c.code,
            _P.c.name,
            _A.c.code,
            _A.c.name,
            _A.c.indicator,
            _A.c.unit,
            _A.c.measure,
            x["target"],
            x["realised"],
            _A.c.budget_ceiling,
            _spent(x),
            _T.c.planned_physical,
            x["actual_phys"],
            _V.c.obstacles,
            _V.c.follow_up,
            pe.c.name,
            # The driver's values as they come: no per-row result processing (the datetime is made aware in UTC by
            # ``_utc``; the flags are only tested for truth), ~3 ms of 3,000 rows on SQLite.
            type_coerce(_V.c.submitted_at, String),
            _R.c.status,
            type_coerce(_R.c.on_time, Integer),
            type_coerce(_E.c.id.is_not(None), Integer),
            type_coerce(x["received"], Integer),
        )
        .select_from(joined)
        .where(*where, _T.c.id.is_not(None))
        .order_by(_P.c.position, _P.c.code, o.c.code, _A.c.position, _A.c.code)
    )
    return stmt


def _utc(value: datetime | str) -> datetime:
    """A ``submitted_at`` as the driver returns it (SQLite: ISO text; PostgreSQL: an aware datetime), made aware in
    UTC exactly as the column's type (``UTCDateTime`` over SQLite's ``DATETIME``) would."""
    if isinstance(value, str):
        try:  # naive UTC text (what SQLAlchemy writes): aware in the parse, 10× cheaper than ``.replace(tzinfo=)``
            return _from_iso(value + "+00:00")
        except ValueError:  # text that carries an offset of its own
            value = _from_iso(value)
    return value.replace(tzinfo=UTC) if value.utcoffset() is None else value.astimezone(UTC)


_from_iso = datetime.fromisoformat


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# --- S-curve --------------------------------------------------------------------------------------------------------


def scurve(session: Session, team_id: int, scope: Scope = TEAM_SCOPE, upto: str | None = None) -> SCurve:
    """Cumulative planned vs actual physical % per period of the year, weighted by budget ceiling.

    One statement over the population (the activities of the scope with any planned physical % in the year, a
    materialised CTE): its size and ceiling; the plan summed per period (exact when every activity has a plan row
    in every period, as plans usually do); the reports' increments per period (``LAG`` over each activity's
    received reports with a physical %), both weighted and plain, so that the choice of weights needs no second
    pass. Only a plan with gaps takes a second statement, which carries it forward by increments the same way.
    Running totals over the 4 or 12 periods are taken here."""
    team = _start(session, team_id)
    periods = team.periods
    params = _params(team, scope, upto=upto or periods[-1].key)
    shape = _shape(scope)
    conn = session.connection()
    n, ceiling_sum = 0, 0
    plan_rows_out: list[tuple[str, float, float, int]] = []
    act_rows: list[tuple[str, float, float]] = []
    for kind, key, first, second, count in conn.execute(_scurve_statements(shape)[0], params).all():
        if kind == "n":
            n, ceiling_sum = int(first or 0), int(second or 0)
        elif kind == "p":
            plan_rows_out.append((str(key), _num(first), _num(second), int(count)))
        else:
            act_rows.append((str(key), _num(first), _num(second)))
    weighted = ceiling_sum > 0
    denom = float(ceiling_sum) if weighted else float(n)
    plan: dict[str, float] = {}
    if n and len(plan_rows_out) == len(periods) and all(row[3] == n for row in plan_rows_out):
        # Every activity has a plan row in every period: the sums are the cumulative plan itself.
        level = {key: w_sum if weighted else plain for key, w_sum, plain, _ in plan_rows_out}
        previous = 0.0
        for period in periods:
            plan[period.key] = level[period.key] - previous
            previous = level[period.key]
    elif n:
        fallback = _scurve_statements(shape)[1 if weighted else 2]
        plan = {str(k): _num(v) for k, v in conn.execute(fallback, params).all()}
    actual = {key: w_sum if weighted else plain for key, w_sum, plain in act_rows} if n else {}
    points: list[SCurvePoint] = []
    run_plan = run_act = 0.0
    for period in periods:
        run_plan += plan.get(period.key, 0.0)
        run_act += actual.get(period.key, 0.0)
        show_actual = upto is None or period.key <= upto
        points.append(
            SCurvePoint(
                period=period,
                planned=round_pct(run_plan / denom) if n else None,
                actual=round_pct(run_act / denom) if n and show_actual else None,
            )
        )
    return SCurve(team=team, scope=scope, points=points, activities=n, weighted=weighted)


@cache
def _scurve_statements(shape: str) -> tuple[Any, Any, Any]:
    """The S-curve's statement, and the plan-with-gaps fallbacks (weighted, plain)."""
    floor, last = _FLOOR, _LAST
    t_any = _T_ANY
    planned_any = (
        select(t_any.c.id)
        .where(
            t_any.c.activity_id == _A.c.id,
            t_any.c.planned_physical.is_not(None),
            t_any.c.period_key > floor,
            t_any.c.period_key <= last,
        )
        .correlate(_A)
        .exists()
    )
    pop = (
        select(_A.c.id.label("aid"), _A.c.budget_ceiling.label("ceiling"), _weight().label("w"))
        .select_from(_A.join(_P, _P.c.id == _A.c.program_id))
        .where(_P.c.team_id == _TEAM_ID, *_scope_filter(shape), planned_any)
        .cte("pop")
        .prefix_with("MATERIALIZED")
    )
    plan_rows = (_T.c.planned_physical.is_not(None), _T.c.period_key > floor, _T.c.period_key <= last)
    prev_act = func.lag(_V.c.physical_pct).over(partition_by=_R.c.activity_id, order_by=_R.c.period_key)
    act_inc = (
        select(
            _R.c.period_key.label("pk"),
            pop.c.w,
            (_V.c.physical_pct - func.coalesce(prev_act, 0.0)).label("inc"),
        )
        .select_from(pop.join(_R, _R.c.activity_id == pop.c.aid).join(_V, _V.c.id == _R.c.current_revision_id))
        .where(
            _R.c.status != "returned",
            _V.c.physical_pct.is_not(None),
            _R.c.period_key > floor,
            _R.c.period_key <= _UPTO,
        )
        .subquery("act_inc")
    )
    main = union_all(
        select(literal_column("'n'").label("kind"), null(), func.count(), func.sum(pop.c.ceiling), null()),
        select(
            literal_column("'p'"),
            _T.c.period_key,
            func.sum(pop.c.w * _T.c.planned_physical),
            func.sum(_T.c.planned_physical),
            func.count(),
        )
        .select_from(pop.join(_T, _T.c.activity_id == pop.c.aid))
        .where(*plan_rows)
        .group_by(_T.c.period_key),
        select(
            literal_column("'a'"), act_inc.c.pk, func.sum(act_inc.c.w * act_inc.c.inc), func.sum(act_inc.c.inc), null()
        ).group_by(act_inc.c.pk),
    )

    def plan_increments(w: ColumnElement[Any]) -> Any:
        prev = func.lag(_T.c.planned_physical).over(partition_by=_T.c.activity_id, order_by=_T.c.period_key)
        inc = (
            select(_T.c.period_key.label("pk"), (w * (_T.c.planned_physical - func.coalesce(prev, 0.0))).label("inc"))
            .select_from(pop.join(_T, _T.c.activity_id == pop.c.aid))
            .where(*plan_rows)
            .subquery("plan_inc")
        )
        return select(inc.c.pk, func.sum(inc.c.inc)).group_by(inc.c.pk)

    return main, plan_increments(pop.c.w), plan_increments(literal(1.0))


# --- compliance -----------------------------------------------------------------------------------------------------


def compliance(
    session: Session, team_id: int, today: date, periods: Sequence[Period] | None = None, scope: Scope = TEAM_SCOPE
) -> Compliance:
    """Per organization × period: expected, received, on time, returned, exempt (one grouped query + exemptions).

    ``today`` (the team's local date) decides which deadlines have passed: before its deadline a period with
    missing reports is "not due", not "missing"."""
    team = _start(session, team_id)
    chosen = list(periods) if periods is not None else team.periods
    keys = [p.key for p in chosen]
    counts, exempt = _compliance_cells(session, team, keys, scope)
    org_ids = {o for o, _ in counts}
    if scope.kind == "organization" and scope.id is not None:
        org_ids.add(scope.id)
    names = _names(session, _O, org_ids)
    due = {p.key: period_deadline(p, team.deadline_working_days) < today for p in chosen}
    rows = []
    for org_id in org_ids:
        cells = []
        for key in keys:
            exp, rec, ont, ret = counts.get((org_id, key), (0, 0, 0, 0))
            cells.append(ComplianceCell(exp, rec, ont, ret, (org_id, key) in exempt, due[key]))
        code, name, _ = names.get(org_id, (str(org_id), str(org_id), 0))
        rows.append(ComplianceRow(org_id, code, name, cells))
    rows.sort(key=lambda r: (-r.missing_due, -sum(c.received - c.on_time for c in r.cells), r.code))
    return Compliance(team=team, periods=chosen, rows=rows, today=today)


@cache
def _compliance_statements(shape: str) -> tuple[Any, Any]:
    joined = (
        _T.join(_A, _A.c.id == _T.c.activity_id)
        .join(_P, _P.c.id == _A.c.program_id)
        .outerjoin(_R, and_(_R.c.activity_id == _T.c.activity_id, _R.c.period_key == _T.c.period_key))
    )
    received = and_(_R.c.current_revision_id.is_not(None), _R.c.status != "returned")
    stmt = (
        select(
            _A.c.organization_id,
            _T.c.period_key,
            func.count(),
            _count(received),
            _count(and_(received, _R.c.on_time == true())),
            _count(_R.c.status == "returned"),
        )
        .select_from(joined)
        .where(_P.c.team_id == _TEAM_ID, _T.c.period_key.in_(_KEYS), *_scope_filter(shape))
        .group_by(_A.c.organization_id, _T.c.period_key)
    )
    exempt_q = select(_E.c.organization_id, _E.c.period_key).where(_E.c.team_id == _TEAM_ID, _E.c.period_key.in_(_KEYS))
    return stmt, exempt_q


def _compliance_cells(
    session: Session, team: TeamInfo, keys: list[str], scope: Scope
) -> tuple[dict[tuple[int, str], tuple[int, int, int, int]], set[tuple[int, str]]]:
    stmt, exempt_q = _compliance_statements(_shape(scope))
    params = _params(team, scope, keys=keys)
    counts: dict[tuple[int, str], tuple[int, int, int, int]] = {}
    for org_id, pk, exp, rec, ont, ret in session.connection().execute(stmt, params).all():
        counts[(int(org_id), str(pk))] = (int(exp), int(rec or 0), int(ont or 0), int(ret or 0))
    exempt = {(int(o), str(p)) for o, p in session.connection().execute(exempt_q, params)}
    return counts, exempt


# --- who has not reported ------------------------------------------------------------------------------------------


def laggards(session: Session, team_id: int, period_key: str, scope: Scope = TEAM_SCOPE) -> list[Laggard]:
    """Organizations with expected reports not received in ``period_key`` (missing or returned), with the
    activities concerned and the organization's focal points; most missing first (two queries). The first returns
    only the activities not received, each with its organization's expected and received counts (window sums)."""
    team = _start(session, team_id)
    stmt = _laggards_statement(_shape(scope))
    orgs: dict[int, dict[str, Any]] = {}
    pending = session.connection().execute(stmt, _params(team, scope, period_key=period_key)).all()
    for org_id, ocode, oname, expected, received, acode, aname, pcode, status, reason in pending:
        entry = orgs.get(org_id)
        if entry is None:
            entry = orgs[org_id] = {"code": ocode, "name": oname, "expected": int(expected), "received": int(received)}
            entry["acts"] = []
        returned = status == "returned"
        entry["acts"].append(PendingActivity(acode, aname, pcode, returned, reason if returned else None))
    focal = focal_points(session, team.id, orgs.keys())
    out = [
        Laggard(i, e["code"], e["name"], e["expected"], e["received"], e["acts"], focal.get(i, []))
        for i, e in orgs.items()
    ]
    out.sort(key=lambda lg: (-lg.missing, lg.code))
    return out


@cache
def _laggards_statement(shape: str) -> Any:
    joined = (
        _T.join(_A, _A.c.id == _T.c.activity_id)
        .join(_P, _P.c.id == _A.c.program_id)
        .join(_O, _O.c.id == _A.c.organization_id)
        .outerjoin(_R, and_(_R.c.activity_id == _T.c.activity_id, _R.c.period_key == _T.c.period_key))
    )
    # NOT EXISTS rather than an outer join filtered on NULL: PostgreSQL then estimates the rows right (with the
    # outer join it guessed one row and probed the reports by activity alone, 3× slower).
    exempt = (
        select(_E.c.id)
        .where(_E.c.team_id == _TEAM_ID, _E.c.organization_id == _A.c.organization_id, _E.c.period_key == _PERIOD)
        .correlate(_A)
        .exists()
    )
    got = _flag(and_(_R.c.current_revision_id.is_not(None), _R.c.status != "returned"))
    org_window = {"partition_by": _A.c.organization_id}
    inner = (
        select(
            _O.c.id.label("org_id"),
            _O.c.code.label("org_code"),
            _O.c.name.label("org_name"),
            _A.c.code.label("code"),
            _A.c.name.label("name"),
            _P.c.code.label("program_code"),
            _R.c.status.label("status"),
            _R.c.status_reason.label("reason"),
            _P.c.position.label("program_position"),
            _A.c.position.label("position"),
            got.label("got"),
            func.count().over(**org_window).label("expected"),
            func.sum(got).over(**org_window).label("received"),
        )
        .select_from(joined)
        .where(_P.c.team_id == _TEAM_ID, _T.c.period_key == _PERIOD, ~exempt, *_scope_filter(shape))
        .subquery("expected_reports")
    )
    c = inner.c
    return (
        select(
            c.org_id, c.org_code, c.org_name, c.expected, c.received, c.code, c.name, c.program_code, c.status, c.reason
        )
        .where(c.got == 0)
        .order_by(c.org_code, c.program_position, c.position, c.code)
    )


def focal_points(session: Session, team_id: int, organization_ids: Iterable[int]) -> dict[int, list[FocalPoint]]:
    """The focal points of each organization in the team."""
    ids = list(organization_ids)
    if not ids:
        return {}
    stmt = (
        select(_M.c.organization_id, _PE.c.telegram_id, _PE.c.name, _PE.c.username)
        .select_from(_M.join(_PE, _PE.c.id == _M.c.person_id))
        .where(_M.c.team_id == team_id, _M.c.role == "focal_point", _M.c.organization_id.in_(ids))
        .order_by(_PE.c.name)
    )
    out: dict[int, list[FocalPoint]] = defaultdict(list)
    for org_id, tg, name, username in session.connection().execute(stmt):
        out[int(org_id)].append(FocalPoint(int(tg), str(name or ""), username))
    return dict(out)


# --- the week's reports ---------------------------------------------------------------------------------------------


def new_revisions(session: Session, team_id: int, since: datetime, until: datetime) -> list[NewRevision]:
    """Revisions (new reports and corrections) of the team submitted in ``[since, until)``, newest first."""
    stmt = (
        select(_O.c.code, _O.c.name, _A.c.code, _R.c.period_key, _V.c.number, _V.c.submitted_at)
        .select_from(
            _V.join(_R, _R.c.id == _V.c.report_id)
            .join(_A, _A.c.id == _R.c.activity_id)
            .join(_P, _P.c.id == _A.c.program_id)
            .join(_O, _O.c.id == _A.c.organization_id)
        )
        .where(_P.c.team_id == team_id, _V.c.submitted_at >= since, _V.c.submitted_at < until)
        .order_by(_V.c.submitted_at.desc())
    )
    out = []
    for ocode, oname, acode, pk, number, at in session.connection().execute(stmt):
        submitted = _aware(at)
        assert submitted is not None
        out.append(NewRevision(ocode, oname, acode, pk, int(number), submitted))
    return out


def periods_with_targets(session: Session, team_id: int) -> list[str]:
    """The period keys of the team that have at least one target, in order."""
    stmt = (
        select(_T.c.period_key)
        .select_from(_T.join(_A, _A.c.id == _T.c.activity_id).join(_P, _P.c.id == _A.c.program_id))
        .where(_P.c.team_id == team_id)
        .distinct()
    )
    return sorted(str(k) for (k,) in session.connection().execute(stmt))


def latest_reported_period(session: Session, team_id: int) -> str | None:
    """The latest period key with a received report in the team, if any."""
    stmt = (
        select(func.max(_R.c.period_key))
        .select_from(_R.join(_A, _A.c.id == _R.c.activity_id).join(_P, _P.c.id == _A.c.program_id))
        .where(_P.c.team_id == team_id, _R.c.current_revision_id.is_not(None))
    )
    value = session.connection().execute(stmt).scalar()
    return str(value) if value is not None else None


__all__ = [
    "ACHIEVEMENT_CAP",
    "COMPLIANCE_STATES",
    "TEAM_SCOPE",
    "ActivityRow",
    "AggregateError",
    "Compliance",
    "ComplianceCell",
    "ComplianceRow",
    "FocalPoint",
    "Laggard",
    "NewRevision",
    "PendingActivity",
    "PeriodSummary",
    "Progress",
    "SCurve",
    "SCurvePoint",
    "Scope",
    "TeamInfo",
    "activity_rows",
    "compliance",
    "focal_points",
    "laggards",
    "latest_reported_period",
    "new_revisions",
    "period_summary",
    "periods_with_targets",
    "round_pct",
    "scurve",
    "team_info",
]
