"""The team as the aggregates see it, the scope of a view, and the values a statement is executed with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session

from domain.indicators import DEFAULT_YELLOW_LIMIT
from domain.periods import Period, PeriodKind, periods_of_year
from domain.rating import Thresholds, team_thresholds
from storage.aggregates.sql import ACHIEVEMENT_CAP, TEAM
from storage.models import Team


class AggregateError(LookupError):
    """The team (or another id) asked about does not exist."""


@dataclass(frozen=True)
class TeamInfo:
    """What the aggregates need to know of a team.

    ``achievement_cap``: the most one activity's achievement counts for in a group's mean (None: no cap);
    ``rating_scale``: ``predikat`` (by ``thresholds``) or ``lampu`` (traffic light, kuning below a gap of
    ``yellow_limit`` %)."""

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
    achievement_cap: float | None = ACHIEVEMENT_CAP
    rating_scale: str = "predikat"
    yellow_limit: float = float(DEFAULT_YELLOW_LIMIT)

    @property
    def lights(self) -> bool:
        """The team rates by traffic light (``lampu``), not by predikat."""
        return self.rating_scale == "lampu"

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
    "achievement_cap",
    "rating_scale",
    "yellow_limit",
)


def _team_info(session: Session, team_id: int, *, jit_off: bool) -> TeamInfo:
    """The team from the session when it holds it (with any change not yet flushed), else one Core row; with
    ``jit_off`` on PostgreSQL, the same round trip sets the planner options of :func:`start` (``set_config``)."""
    team = session.identity_map.get(identity_key(Team, team_id))
    pg = jit_off and session.get_bind().dialect.name == "postgresql"
    values: Any
    if team is not None and not pg:
        values = team
    else:
        cols = [TEAM.c[name] for name in _TEAM_COLUMNS]
        if pg:
            cols.append(func.set_config("jit", "off", true()))
            cols.append(func.set_config("plan_cache_mode", "force_custom_plan", true()))
        row = session.connection().execute(select(*cols).where(TEAM.c.id == team_id)).first()
        if row is None:
            raise AggregateError(f"no team with id {team_id}")
        values = team if team is not None else row
    if values.id is None:
        raise AggregateError(f"no team with id {team_id}")
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
        thresholds=team_thresholds(values.thresholds),
        lock_days=values.lock_days,
        achievement_cap=None if values.achievement_cap is None else float(values.achievement_cap),
        rating_scale="lampu" if values.rating_scale == "lampu" else "predikat",
        yellow_limit=float(values.yellow_limit if values.yellow_limit is not None else DEFAULT_YELLOW_LIMIT),
    )


def start(session: Session, team_id: int) -> TeamInfo:
    """The team, after setting two PostgreSQL planner options for this transaction (in the same round trip):

    - JIT off: the correlated look-backs push the planner's cost estimate over ``jit_above_cost``, and compiling
      costs ~150 ms for a query that runs in ~20;
    - custom plans only: psycopg prepares a statement after its 5th run on a connection, and PostgreSQL may then
      switch to a generic plan, planned without the period and team; measured with ``force_generic_plan``, the
      compliance matrix, the S-curve and the recap sheet took 2–3× as long."""
    return _team_info(session, team_id, jit_off=True)


def year_floor(year: int) -> str:
    """The smallest period key of ``year``: keys of one year sort after it (``2026-`` < ``2026-01`` < ``2026-Q1``)."""
    return f"{year:04d}-"


def shape_of(scope: Scope) -> str:
    """The scope's kind as far as a statement's shape goes ("team" when no id narrows it)."""
    return scope.kind if scope.kind in ("program", "organization") and scope.id is not None else "team"


def statement_params(team: TeamInfo, scope: Scope, **more: Any) -> dict[str, Any]:
    """The values of the bind parameters of ``storage.aggregates.sql`` for this team and scope, and ``more``; no cap
    is an infinite one (``LEAST(x, cap)`` then keeps ``x``)."""
    return {
        "team_id": team.id,
        "cap": team.achievement_cap if team.achievement_cap is not None else float("inf"),
        "year_floor": year_floor(team.year),
        "year_last": team.periods[-1].key,
        "scope_id": scope.id,
        **more,
    }
