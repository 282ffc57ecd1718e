"""The recap sheet's rows: every activity with a target in a period, with its current report (one statement)."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Integer, String, or_, select, type_coerce
from sqlmodel import Session

from domain.rating import round_and_rate
from storage.aggregates.sql import (
    ACTIVITY,
    EXEMPTION,
    ORGANIZATION,
    PERSON,
    PROGRAM,
    REPORT,
    REVISION,
    TARGET,
    activity_select,
    spent_to_date,
)
from storage.aggregates.summary import light_of
from storage.aggregates.team import TEAM_SCOPE, Scope, shape_of, start, statement_params


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
    measure: str  # per_period | cumulative | level
    target: float | None  # the target achievement is measured against (cumulative: the running total; a range:
    # the bound that counts as reaching it)
    realised: float | None  # None: exempt, or a turun indicator with nothing reported (0 would read as perfect)
    achievement: float | None  # uncapped, rounded to 2 decimals; None for a zero target (see ``met``)
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
    direction: str  # naik | turun
    target_min: float | None  # a range target's bounds (80–90%); None for one value
    target_max: float | None
    met: bool | None  # the target is reached; for a zero target the only thing said (None: exempt, or not reported)
    light: str | None  # hijau | kuning | merah, for a team rating by traffic light


def activity_rows(
    session: Session, team_id: int, period_key: str, scope: Scope = TEAM_SCOPE, *, read_otherwise: bool = False
) -> list[ActivityRow]:
    """Every activity with a target in ``period_key``, with its current report and its budget spent so far, in
    plan order (one query). ``read_otherwise``: only the indicators that are not a count where higher is better
    (a level, a range target, or arah turun), as /rekap lists them."""
    team = start(session, team_id)
    stmt = _rows_statement(shape_of(scope), read_otherwise)
    rows: list[ActivityRow] = []
    rated: dict[float, tuple[float, str | None, str | None]] = {}  # achievement → (rounded, predikat, light)
    thresholds, lights, yellow = team.thresholds, team.lights, team.yellow_limit
    make, append = tuple.__new__, rows.append
    result = session.connection().execute(stmt, statement_params(team, scope, period_key=period_key)).all()
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
        value_v,
        low_v,
        high_v,
        direction,
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
        low = float(low_v) if low_v is not None and high_v is not None else None
        high = float(high_v) if low is not None else None
        down = direction == "turun"
        ach = pred = light = met = realised = None
        if not exempt and target is not None:
            value = float(value_v) if value_v is not None else None
            realised = value if value is not None or down else 0.0
            raw, met = row_achievement(value, target, low, high, down)
            if raw is not None:
                hit = rated.get(raw)
                if hit is None:
                    rounded, key = round_and_rate(raw, thresholds)
                    hit = rated[raw] = (rounded, key, light_of(rounded, yellow) if lights else None)
                ach, pred, light = hit
                met = ach >= 100.0
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
                    "turun" if down else "naik",
                    low,
                    high,
                    met,
                    light,
                ),
            )
        )
    return rows


@cache
def _rows_statement(shape: str, read_otherwise: bool = False) -> Any:
    joined, x, where = activity_select(shape)
    if read_otherwise:
        where = [
            *where,
            or_(ACTIVITY.c.direction == "turun", ACTIVITY.c.measure == "level", TARGET.c.value_min.is_not(None)),
        ]
    o, pe = ORGANIZATION, PERSON
    joined = joined.join(o, o.c.id == ACTIVITY.c.organization_id).outerjoin(pe, pe.c.id == REVISION.c.reporter_id)
    stmt = (
        select(
            o.c.code,
            o.c.name,
            PROGRAM.c.code,
            PROGRAM.c.name,
            ACTIVITY.c.code,
            ACTIVITY.c.name,
            ACTIVITY.c.indicator,
            ACTIVITY.c.unit,
            ACTIVITY.c.measure,
            x["target"],
            x["value"],
            x["low"],
            x["high"],
            ACTIVITY.c.direction,
            ACTIVITY.c.budget_ceiling,
            spent_to_date(x),
            TARGET.c.planned_physical,
            x["actual_phys"],
            REVISION.c.obstacles,
            REVISION.c.follow_up,
            pe.c.name,
            # The driver's values as they come: no per-row result processing (the datetime is made aware in UTC by
            # ``_utc``; the flags are only tested for truth), ~3 ms of 3,000 rows on SQLite.
            type_coerce(REVISION.c.submitted_at, String),
            REPORT.c.status,
            type_coerce(REPORT.c.on_time, Integer),
            type_coerce(EXEMPTION.c.id.is_not(None), Integer),
            type_coerce(x["received"], Integer),
        )
        .select_from(joined)
        .where(*where, TARGET.c.id.is_not(None))
        .order_by(PROGRAM.c.position, PROGRAM.c.code, o.c.code, ACTIVITY.c.position, ACTIVITY.c.code)
    )
    return stmt


def row_achievement(
    value: float | None, target: float, low: float | None, high: float | None, down: bool
) -> tuple[float | None, bool | None]:
    """(unrounded achievement %, met) of one row: ``storage.aggregates.sql.achievement`` in Python (the sheet rounds
    and rates its thousands of values here, memoised), after ``domain.indicators.achievement``. ``value`` None:
    nothing received, 0% against a positive target. ``met`` is decided here only where no percentage is (a zero
    target, or the range's nearer bound 0); otherwise the caller decides it on the rounded percentage."""
    if value is None:
        return (0.0, False) if target > 0 else (None, None)
    bound = target
    if low is not None and high is not None:
        if low <= value <= high:
            return 100.0, True
        bound = low if value < low else high
    if bound <= 0:
        return None, (value <= 0 if down else value >= 0)
    if down:
        return max(0.0, 100.0 * (bound - (value - bound)) / bound), None
    return 100.0 * value / bound, None


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
