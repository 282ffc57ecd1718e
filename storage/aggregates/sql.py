"""What the aggregates' statements are built of: the tables, the bind parameters, the scope filters and the
per-activity values of one period (with their look-backs), after the definitions of the package docstring.

Statements are built once per shape (scope kind, with or without budget) over these parameters and kept: building
one of this size costs 2–4 ms of Python, a good part of the time its SQL takes; values come at execution
(``storage.aggregates.team.statement_params``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import Float, Integer, String, and_, bindparam, case, cast, func, literal, null, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session

from storage.aggregates.expected import (
    EXEMPTION,
    REPORT,
    TARGET,
    exemption_for,
    expected,
    on_time,
    received,
    report_for,
    returned,
    target_for,
)
from storage.models import Activity, Membership, Organization, Person, Program, ReportRevision, Team

ACHIEVEMENT_CAP = 150.0  # a team's default cap (``Team.achievement_cap``): the fixed cap of before

ACTIVITY: Any = Activity.__table__  # type: ignore[attr-defined]
PROGRAM: Any = Program.__table__  # type: ignore[attr-defined]
TEAM: Any = Team.__table__  # type: ignore[attr-defined]
REVISION: Any = ReportRevision.__table__  # type: ignore[attr-defined]
ORGANIZATION: Any = Organization.__table__  # type: ignore[attr-defined]
MEMBERSHIP: Any = Membership.__table__  # type: ignore[attr-defined]
PERSON: Any = Person.__table__  # type: ignore[attr-defined]

TEAM_ID = bindparam("team_id", type_=Integer)
PERIOD = bindparam("period_key", type_=String)
YEAR_FLOOR = bindparam("year_floor", type_=String)  # see storage.aggregates.team.year_floor
YEAR_LAST = bindparam("year_last", type_=String)
UPTO = bindparam("upto", type_=String)
SCOPE_ID = bindparam("scope_id", type_=Integer)
KEYS = bindparam("keys", type_=String, expanding=True)
CAP = bindparam("cap", type_=Float)  # the team's achievement cap; no cap: infinity (statement_params)


def scope_filter(shape: str) -> list[ColumnElement[bool]]:
    """The activities of the scope (a statement's shape: "team", "program" or "organization")."""
    if shape == "program":
        return [ACTIVITY.c.program_id == SCOPE_ID]
    if shape == "organization":
        return [ACTIVITY.c.organization_id == SCOPE_ID]
    return []


def weight() -> ColumnElement[Any]:
    """An activity's weight in the physical-% means: its budget ceiling (0 without one)."""
    return cast(func.coalesce(ACTIVITY.c.budget_ceiling, 0), Float)


def flag(cond: ColumnElement[bool]) -> Any:
    """1 where ``cond`` holds, else 0."""
    return case((cond, 1), else_=0)


def count_if(cond: ColumnElement[bool]) -> Any:
    """The number of rows where ``cond`` holds."""
    return func.sum(flag(cond))


def names_of(session: Session, table: Any, ids: Iterable[int]) -> dict[int, tuple[str, str, int]]:
    """(code, name, position) of the rows of ``table`` with these ids."""
    wanted = list(ids)
    if not wanted:
        return {}
    pos = table.c.position if "position" in table.c else literal(0)
    rows = session.connection().execute(
        select(table.c.id, table.c.code, table.c.name, pos).where(table.c.id.in_(wanted))
    )
    return {int(i): (str(c), str(n), int(p or 0)) for i, c, n, p in rows}


class greatest(FunctionElement[float]):
    """``GREATEST(a, b)``; SQLite spells it ``MAX(a, b)`` (its two-argument scalar max)."""

    type = Float()
    name = "greatest"
    inherit_cache = True


@compiles(greatest)
def _greatest_default(element: greatest, compiler: Any, **kw: Any) -> str:
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(greatest, "sqlite")
def _greatest_sqlite(element: greatest, compiler: Any, **kw: Any) -> str:
    return f"MAX({compiler.process(element.clauses, **kw)})"


class least(FunctionElement[float]):
    """``LEAST(a, b)``; SQLite spells it ``MIN(a, b)`` (its two-argument scalar min)."""

    type = Float()
    name = "least"
    inherit_cache = True


@compiles(least)
def _least_default(element: least, compiler: Any, **kw: Any) -> str:
    return f"LEAST({compiler.process(element.clauses, **kw)})"


@compiles(least, "sqlite")
def _least_sqlite(element: least, compiler: Any, **kw: Any) -> str:
    return f"MIN({compiler.process(element.clauses, **kw)})"


@cache
def _lookback_tables(column: str) -> tuple[Any, Any]:
    """The aliases of report and revision one look-back reads (made once: an alias costs ~1 ms to set up)."""
    return REPORT.alias(f"lb_r_{column}"), REVISION.alias(f"lb_v_{column}")


@cache
def lookback(column: str, *, non_null: bool = False) -> Any:
    """The ``column`` of the activity's latest received report *before* ``period_key`` in the year (correlated:
    one index probe on (activity_id, period_key), evaluated only where a CASE branch needs it)."""
    r2, v2 = _lookback_tables(column)
    conditions = [
        r2.c.activity_id == ACTIVITY.c.id,
        r2.c.period_key > YEAR_FLOOR,
        r2.c.period_key < PERIOD,
        received(r2),
    ]
    if non_null:
        conditions.append(v2.c[column].is_not(None))
    return (
        select(v2.c[column])
        .select_from(r2.join(v2, v2.c.id == r2.c.current_revision_id))
        .where(*conditions)
        .order_by(r2.c.period_key.desc())
        .limit(1)
        .correlate(ACTIVITY)
        .scalar_subquery()
    )


def achievement(x: Any, target: Any, low: Any, high: Any, down: Any, cap: Any = None) -> Any:
    """The achievement (%) of the realisation ``x`` against ``target`` or the range ``low``–``high``, read
    downwards where ``down`` holds, after ``domain.indicators.achievement``; each argument a SQL expression.

    NULL where no percentage can be said: no ``target`` (the activity is not expected) or a zero target (the range's
    nearer bound 0 included: it is said as met / not met). ``x`` NULL (nothing received, nothing carried forward)
    is 0 against a positive target, in either direction: not reported is not achieved. With ``cap``, a computed
    percentage is at most ``cap`` (0 and 100 are below every cap a team may choose)."""

    def against(bound: Any) -> Any:
        up = 100.0 * x / bound
        falling = greatest(0.0, 100.0 * (bound - (x - bound)) / bound)
        pct = case((down, falling), else_=up)
        return case((bound > 0, least(pct, cap) if cap is not None else pct))

    is_range = low.is_not(None)
    return case(
        (target.is_(None), null()),
        (x.is_(None), case((target > 0, 0.0))),
        (and_(is_range, x < low), against(low)),
        (and_(is_range, x > high), against(high)),
        (is_range, 100.0),
        else_=against(target),
    )


def activity_select(shape: str) -> tuple[Any, dict[str, Any], Any]:
    """The per-activity expressions of one period, over the team's activities (see the package docstring).

    Everything comes from the period's own report; only a cumulative or level activity whose report of the period
    is not in, or a report without a physical %, looks back to the latest earlier report, lazily. ``value`` is the
    realisation that counts (NULL: nothing received, nothing carried forward); the achievement is computed from it
    and the target columns by :func:`achievement`, over a materialised row (``value`` holds a look-back, which a
    second reference would evaluate again)."""
    a, v = ACTIVITY, REVISION
    joined = (
        a.join(PROGRAM, PROGRAM.c.id == a.c.program_id)
        .outerjoin(TARGET, target_for(a.c.id, PERIOD))
        .outerjoin(EXEMPTION, exemption_for(TEAM_ID, a.c.organization_id, PERIOD))
        .outerjoin(REPORT, report_for(a.c.id, PERIOD))
        .outerjoin(v, v.c.id == REPORT.c.current_revision_id)
    )
    is_expected = expected()
    got = received()
    is_received = and_(is_expected, got)
    carries = or_(a.c.measure == "cumulative", a.c.measure == "level")
    value = case((got, v.c.value), (carries, lookback("value")))
    planned_phys = case((is_expected, TARGET.c.planned_physical))
    actual_phys = case(
        (
            planned_phys.is_not(None),
            func.coalesce(
                case((got, v.c.physical_pct)),
                lookback("physical_pct", non_null=True),
                0.0,
            ),
        )
    )
    expr = {
        "got": got,
        "expected": is_expected,
        "received": is_received,
        "on_time": and_(is_expected, on_time()),
        "returned": and_(is_expected, returned()),
        "target": TARGET.c.value,
        "expected_target": case((is_expected, TARGET.c.value)),
        "low": TARGET.c.value_min,
        "high": TARGET.c.value_max,
        "down": flag(a.c.direction == "turun"),
        "value": value,
        "planned_phys": planned_phys,
        "actual_phys": actual_phys,
    }
    where = [PROGRAM.c.team_id == TEAM_ID, *scope_filter(shape)]
    return joined, expr, where


def spent_to_date(x: dict[str, Any]) -> Any:
    """Budget spent to date of one activity: the ``budget_spent`` of its latest received report of the year up to
    ``period_key`` (a report states the spending *so far*): the period's own report when it is in and has one,
    else a look-back (correlated, one index probe)."""
    return case(
        (and_(x["got"], REVISION.c.budget_spent.is_not(None)), REVISION.c.budget_spent),
        else_=lookback("budget_spent", non_null=True),
    )
