"""What a plan change does: the differences between two plans of one team, as data for the chair to read.

:func:`compare` takes the plan as it is (stored) and as it would be (a file, later the chat) and lists what is
added, renamed, re-targeted, moved, re-budgeted, re-set and stopped. A plan change never deletes: an activity the
new plan leaves out is listed as *stopped* (``dihentikan``), its reports kept. The words are elsewhere
(``planfile.changes_text``); this module only finds the changes.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, Literal

from domain.plan import Plan, PlanActivity, PlanTarget

EntityKind = Literal["organization", "program", "activity"]
TargetField = Literal["value", "budget", "physical"]
ActivitySetting = Literal["organization", "program", "indicator", "unit", "kind", "direction"]
# A target's planned value: one number, a range (low, high), or None when the period has no target (or no budget).
TargetValue = float | int | tuple[float, float] | None


@dataclass(frozen=True)
class Added:
    """An organization, program or activity the old plan does not have."""

    kind: EntityKind
    code: str
    name: str


@dataclass(frozen=True)
class Renamed:
    """The same code under a new name."""

    kind: EntityKind
    code: str
    old: str
    new: str


@dataclass(frozen=True)
class TargetChange:
    """One field of one period's target of an activity, old → new (None: the period had, or has, none)."""

    activity: str
    period: str
    field: TargetField
    old: TargetValue
    new: TargetValue


@dataclass(frozen=True)
class TargetMove:
    """``amount`` of an activity's per-period value (or budget) taken from ``source`` and put in ``destination``."""

    activity: str
    field: Literal["value", "budget"]
    source: str
    destination: str
    amount: float | int


@dataclass(frozen=True)
class CeilingChange:
    """An activity's budget ceiling (pagu), old → new."""

    activity: str
    old: int | None
    new: int | None


@dataclass(frozen=True)
class ActivityChange:
    """An activity's setting: its indicator's name, unit, kind (jenis) or direction (arah), its OPD or program."""

    activity: str
    setting: ActivitySetting
    old: str
    new: str


@dataclass(frozen=True)
class TeamChange:
    """One of the team's settings (a ``PlanTeam`` field: name, period, deadline, cap, scale...), old → new."""

    setting: str
    old: Any
    new: Any


@dataclass(frozen=True)
class PlanChanges:
    """Everything :func:`compare` found, each list in the new plan's order (stopped ones in the old plan's)."""

    added: tuple[Added, ...] = ()
    renamed: tuple[Renamed, ...] = ()
    targets: tuple[TargetChange, ...] = ()
    moves: tuple[TargetMove, ...] = ()
    ceilings: tuple[CeilingChange, ...] = ()
    activity_settings: tuple[ActivityChange, ...] = ()
    stopped: tuple[str, ...] = ()  # codes of activities the new plan leaves out or stops
    stopped_from: tuple[str | None, ...] = ()  # for each of ``stopped``, the period it stops from (None: not said)
    team: tuple[TeamChange, ...] = ()

    @property
    def changed(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    @property
    def changed_target_count(self) -> int:
        """How many (activity, period) targets changed, apart from the moves."""
        return len({(c.activity, c.period) for c in self.targets})


def _key(value: float | int) -> Decimal:
    """Exact enough for equality: plan values are short decimals read from text."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _target_value(target: PlanTarget | None, name: TargetField) -> TargetValue:
    if target is None:
        return None
    if name == "value":
        return target.value_range if target.value_range is not None else target.value
    return target.budget if name == "budget" else target.physical


def _same(a: TargetValue, b: TargetValue) -> bool:
    if isinstance(a, tuple) or isinstance(b, tuple) or a is None or b is None:
        return a == b
    return _key(a) == _key(b)


def _moves(
    code: str, name: Literal["value", "budget"], old: dict[str, PlanTarget], new: dict[str, PlanTarget]
) -> tuple[list[TargetMove], set[str]]:
    """Pair each decrease of ``name`` in one period with an equal increase in another (the first such, in period
    order); a paired period's change is the move, not a target change. Only plain numbers move (no range)."""
    deltas: dict[str, Decimal] = {}
    for period in sorted(set(old) | set(new)):
        a, b = _target_value(old.get(period), name), _target_value(new.get(period), name)
        if isinstance(a, tuple) or isinstance(b, tuple):
            continue
        delta = _key(b or 0) - _key(a or 0)
        if delta:
            deltas[period] = delta
    moves: list[TargetMove] = []
    paired: set[str] = set()
    for source, delta in deltas.items():
        if delta >= 0 or source in paired:
            continue
        for destination, other in deltas.items():
            if destination not in paired and destination != source and other == -delta:
                amount = -delta
                moves.append(
                    TargetMove(code, name, source, destination, int(amount) if name == "budget" else float(amount))
                )
                paired |= {source, destination}
                break
    return moves, paired


def _compare_targets(old: PlanActivity, new: PlanActivity) -> tuple[list[TargetChange], list[TargetMove]]:
    before = {t.period: t for t in old.targets}
    after = {t.period: t for t in new.targets}
    changes: list[TargetChange] = []
    moves: list[TargetMove] = []
    paired: dict[str, set[str]] = {"value": set(), "budget": set()}
    if old.kind == new.kind == "per_periode":
        found, paired["value"] = _moves(new.code, "value", before, after)
        moves += found
    found, paired["budget"] = _moves(new.code, "budget", before, after)
    moves += found
    for period in sorted(set(before) | set(after)):
        for name in ("value", "budget", "physical"):
            a, b = _target_value(before.get(period), name), _target_value(after.get(period), name)
            if not _same(a, b) and period not in paired.get(name, set()):
                changes.append(TargetChange(new.code, period, name, a, b))
    return changes, moves


def compare(old: Plan, new: Plan) -> PlanChanges:
    """What changing the plan from ``old`` to ``new`` does, matched by code.

    Moves are found simply: for one activity, a decrease of its value in one period and an equal increase in
    another period make one move (source → destination), checked in period order, each period in at most one move.
    Values move only for ``per_periode`` indicators (a running total or a level is not shifted between periods);
    budgets per period always can. Any other difference of a period's value, budget or physical % is a target change.
    An activity in ``old`` but not in ``new``, or one ``new`` marks ``stopped_from``, is *stopped*, never deleted;
    organizations and programs left out are not listed (their activities are).
    """
    added: list[Added] = []
    renamed: list[Renamed] = []
    old_orgs = {o.code: o for o in old.organizations}
    for org in new.organizations:
        if org.code not in old_orgs:
            added.append(Added("organization", org.code, org.name))
        elif old_orgs[org.code].name != org.name:
            renamed.append(Renamed("organization", org.code, old_orgs[org.code].name, org.name))
    old_programs = {p.code: p for p in old.programs}
    for program in new.programs:
        if program.code not in old_programs:
            added.append(Added("program", program.code, program.name))
        elif old_programs[program.code].name != program.name:
            renamed.append(Renamed("program", program.code, old_programs[program.code].name, program.name))

    old_activities = {a.code: (p, a) for p, a in old.activities()}
    targets: list[TargetChange] = []
    moves: list[TargetMove] = []
    ceilings: list[CeilingChange] = []
    settings: list[ActivityChange] = []
    for program, activity in new.activities():
        if activity.code not in old_activities:
            added.append(Added("activity", activity.code, activity.name))
            continue
        old_program, before = old_activities[activity.code]
        if before.name != activity.name:
            renamed.append(Renamed("activity", activity.code, before.name, activity.name))
        pairs = (
            ("organization", before.organization, activity.organization),
            ("program", old_program.code, program.code),
            ("indicator", before.indicator, activity.indicator),
            ("unit", before.unit, activity.unit),
            ("kind", before.kind, activity.kind),
            ("direction", before.direction, activity.direction),
        )
        settings += [ActivityChange(activity.code, s, a, b) for s, a, b in pairs if a != b]  # type: ignore[arg-type]
        if before.budget_ceiling != activity.budget_ceiling:
            ceilings.append(CeilingChange(activity.code, before.budget_ceiling, activity.budget_ceiling))
        found_targets, found_moves = _compare_targets(before, activity)
        if activity.stopped_from and not before.stopped_from:  # the periods a stop takes away are the stop itself
            found_targets = [c for c in found_targets if c.period < activity.stopped_from]
            found_moves = [m for m in found_moves if max(m.source, m.destination) < activity.stopped_from]
        targets += found_targets
        moves += found_moves
    new_codes = {a.code: a for _, a in new.activities()}
    stopped = tuple(
        a.code
        for _, a in old.activities()
        if a.stopped_from is None and (a.code not in new_codes or new_codes[a.code].stopped_from is not None)
    )
    team = tuple(
        TeamChange(f.name, getattr(old.team, f.name), getattr(new.team, f.name))
        for f in fields(new.team)
        if f.name != "code" and getattr(old.team, f.name) != getattr(new.team, f.name)
    )
    return PlanChanges(
        added=tuple(added),
        renamed=tuple(renamed),
        targets=tuple(targets),
        moves=tuple(moves),
        ceilings=tuple(ceilings),
        activity_settings=tuple(settings),
        stopped=stopped,
        stopped_from=tuple(new_codes[c].stopped_from if c in new_codes else None for c in stopped),
        team=team,
    )
