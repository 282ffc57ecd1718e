"""The period summary (/progres, /rekap, the digest): achievement, reporting, physical progress and budget of
a period, by organization, by program and in total (one statement)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from functools import cache
from typing import Any

from sqlalchemy import case, func, literal_column, null, select, union_all
from sqlmodel import Session

from domain.indicators import traffic_light
from domain.periods import Period
from domain.rating import pct_decimal, rate_pct, round_pct
from storage.aggregates.sql import (
    ACTIVITY,
    CAP,
    EXEMPTION,
    ORGANIZATION,
    PERIOD,
    PROGRAM,
    TEAM_ID,
    achievement,
    activity_select,
    flag,
    spent_to_date,
    weight,
)
from storage.aggregates.team import TEAM_SCOPE, Scope, TeamInfo, shape_of, start, statement_params


class ReportingRates:
    """Completeness, timeliness and budget absorption, in %, from the counts a group's figures carry."""

    expected: int
    received: int
    on_time: int
    budget_ceiling: int
    budget_spent: int

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
class Progress(ReportingRates):
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
    turun: int = 0  # expected activities whose indicator is better lower (arah turun)
    light: str | None = None  # hijau | kuning | merah, for a team rating by traffic light (``TeamInfo.lights``)

    @property
    def late(self) -> int:
        return self.received - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.received


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
    turun: int = 0


_ACC_FIELDS = tuple(f.name for f in dataclass_fields(_Acc))
_Vector = list[Any]  # the sums of _ACC_FIELDS, in order, as one grouped row returns them


_ACC_TYPES = tuple(int if f.type in ("int", int) else float for f in dataclass_fields(_Acc))


def _acc(vector: _Vector) -> _Acc:
    """The folded sums as an ``_Acc`` (PostgreSQL sums bigints as Decimal: made int or float here, per group)."""
    values: list[Any] = [kind(v) for kind, v in zip(_ACC_TYPES, vector, strict=True)]
    return _Acc(*values)


def period_summary(
    session: Session, team_id: int, period_key: str, scope: Scope = TEAM_SCOPE, *, with_budget: bool = True
) -> PeriodSummary:
    """Achievement, completeness, timeliness, physical progress and (``with_budget``) budget spent of
    ``period_key``, by organization and by program, in one statement: the per-activity values (each look-back
    evaluated once, only where needed) are a materialised CTE, summed by organization, by program and in total
    (``UNION ALL``, with the names joined in), and the exempt organizations ride along as rows of their own."""
    team = start(session, team_id)
    period = Period.from_key(period_key)
    stmt = _summary_statement(shape_of(scope), with_budget)
    by_org: list[Progress] = []
    by_prog: list[tuple[int, Progress]] = []
    exempt: list[tuple[str, str]] = []
    total_acc = _Acc()
    rows = session.connection().execute(stmt, statement_params(team, scope, period_key=period_key)).all()
    for kind, ident, code, name, position, *vector in rows:
        if kind == "x":
            exempt.append((str(code), str(name)))
        elif kind == "t":
            total_acc = _acc(vector)
        elif kind == "o":
            by_org.append(_progress((code, name), int(ident), _acc(vector), team))
        else:
            by_prog.append((int(position or 0), _progress((code, name), int(ident), _acc(vector), team)))
    by_org.sort(key=lambda p: p.code)
    by_prog.sort(key=lambda pp: (pp[0], pp[1].code))
    label = (scope.code, scope.name) if scope.kind != "team" else (team.code, team.name)
    return PeriodSummary(
        team=team,
        period=period,
        scope=scope,
        total=_progress(label, scope.id, total_acc, team),
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
            literal_column("'o'").label("kind"),
            ORGANIZATION.c.id,
            ORGANIZATION.c.code,
            ORGANIZATION.c.name,
            literal_column("0"),
            *sum_cols,
        ).select_from(by_org_q.join(ORGANIZATION, ORGANIZATION.c.id == by_org_q.c.gid)),
        select(
            literal_column("'p'"), PROGRAM.c.id, PROGRAM.c.code, PROGRAM.c.name, PROGRAM.c.position, *by_prog_q.c[1:]
        ).select_from(by_prog_q.join(PROGRAM, PROGRAM.c.id == by_prog_q.c.gid)),
        select(literal_column("'t'"), null(), null(), null(), literal_column("0"), *sums).select_from(act),
        select(
            literal_column("'x'"),
            ORGANIZATION.c.id,
            ORGANIZATION.c.code,
            ORGANIZATION.c.name,
            literal_column("0"),
            *nulls,
        )
        .select_from(EXEMPTION.join(ORGANIZATION, ORGANIZATION.c.id == EXEMPTION.c.organization_id))
        .where(EXEMPTION.c.team_id == TEAM_ID, EXEMPTION.c.period_key == PERIOD),
    ).order_by(literal_column("1"), literal_column("3"))


def _progress(label: tuple[Any, ...], ident: int | None, acc: _Acc, team: TeamInfo) -> Progress:
    mean = round_pct(acc.ach_sum / acc.ach_n) if acc.ach_n else None
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
        achievement=mean,
        predikat=rate_pct(mean, team.thresholds) if mean is not None else None,
        light=light_of(mean, team.yellow_limit) if mean is not None and team.lights else None,
        activities=acc.activities,
        rated=acc.ach_n,
        budget_ceiling=acc.ceiling,
        budget_spent=acc.spent,
        physical_planned=round_pct(planned),
        physical_actual=round_pct(actual),
        turun=acc.turun,
    )


def light_of(pct: float, yellow_limit: float) -> str | None:
    """The traffic light of a percentage as tables show it (rounded to 2 decimals), ``domain.indicators``'s rule."""
    return traffic_light(pct_decimal(pct), pct_decimal(yellow_limit))


def _per_activity(shape: str, with_budget: bool) -> Any:
    """One row per activity of the scope: its organization, program and the terms of ``_ACC_FIELDS``."""
    joined, x, where = activity_select(shape)
    return (
        select(
            ACTIVITY.c.organization_id.label("org"),
            ACTIVITY.c.program_id.label("prog"),
            flag(x["expected"]).label("expected"),
            flag(x["received"]).label("received"),
            flag(x["on_time"]).label("on_time"),
            flag(x["returned"]).label("returned"),
            x["value"].label("x"),
            x["expected_target"].label("tv"),
            x["low"].label("lo"),
            x["high"].label("hi"),
            x["down"].label("down"),
            ACTIVITY.c.budget_ceiling.label("ceiling"),
            weight().label("w"),
            x["planned_phys"].label("planned"),
            x["actual_phys"].label("actual"),
            (spent_to_date(x) if with_budget else literal_column("0")).label("spent"),
        )
        .select_from(joined)
        .where(*where)
    )


def _group_sums(act: Any) -> list[Any]:
    """The sums of ``_ACC_FIELDS``, in order, over rows of :func:`_per_activity`."""
    c = act.c
    capped = achievement(c.x, c.tv, c.lo, c.hi, c.down == 1, CAP)
    return [
        func.count().label("activities"),
        func.coalesce(func.sum(c.expected), 0).label("expected"),
        func.coalesce(func.sum(c.received), 0).label("received"),
        func.coalesce(func.sum(c.on_time), 0).label("on_time"),
        func.coalesce(func.sum(c.returned), 0).label("returned"),
        func.coalesce(func.sum(capped), 0.0).label("ach_sum"),
        func.count(capped).label("ach_n"),
        func.coalesce(func.sum(c.ceiling), 0).label("ceiling"),
        func.coalesce(func.sum(c.w * c.planned), 0.0).label("w_planned"),
        func.coalesce(func.sum(c.w * c.actual), 0.0).label("w_actual"),
        func.coalesce(func.sum(case((c.planned.is_not(None), c.w))), 0.0).label("w_sum"),
        func.coalesce(func.sum(c.planned), 0.0).label("planned"),
        func.coalesce(func.sum(c.actual), 0.0).label("actual"),
        func.count(c.planned).label("phys_n"),
        func.coalesce(func.sum(c.spent), 0).label("spent"),
        func.coalesce(func.sum(case((c.tv.is_not(None), c.down), else_=0)), 0).label("turun"),
    ]
