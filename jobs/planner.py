"""What is due now: from the plan, the reports, the exemptions and the deliveries, per team, in its time zone.

:func:`due_deliveries` is the whole decision (used by the tick and by ``pantau jobs preview``); it reads the
database and never writes. Sending and recording is :mod:`jobs.tick`'s business.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from domain.calendar import add_working_days, is_working_day
from domain.periods import Period, PeriodKind
from domain.zones import team_zone
from jobs.messages import (
    ChildState,
    EvidenceDue,
    MissingOrganization,
    Unreachable,
    chair_message,
    closing_escalation_message,
    closing_note_message,
    closing_reminder_message,
    escalation_message,
    evidence_reminder_message,
    group_note_message,
    reminder_message,
)
from jobs.policy import ReminderPolicy
from jobs.rules import (
    CHAIR_NOTE,
    CLOSING_ESCALATION,
    CLOSING_NOTE,
    CLOSING_REMINDER,
    DIGEST,
    ESCALATION,
    EVIDENCE_REMINDER,
    KINDS,
    REMINDER,
    REMINDER_GROUP,
    Occasion,
    closing_occasions,
    occasions,
)
from progress import digest
from progress.digest import DigestData
from storage import closing
from storage.deliveries import FINAL_STATUSES, NOT_DUE_MARK, DeliveryKey
from storage.entry import check_entry_open
from storage.history import evidence_waiting
from storage.models import GroupChat, Team
from storage.people import active_groups
from storage.report_errors import ReportError
from storage.schedule import (
    ExcusedOrganization,
    ExpectedActivity,
    PersonContact,
    deliveries_on,
    delivery_statuses,
    excused_organizations,
    expected_activities,
    focal_points,
    list_teams,
    team_people,
)
from texts.outgoing import OutgoingMessage

log = logging.getLogger(__name__)

CHAIR_ROLES = ("chair", "secretariat")
_FAMILY = {REMINDER_GROUP: REMINDER}  # the group note is part of the reminder occasion


@dataclass(frozen=True)
class PlannedDelivery:
    """One message due now: to whom, why (which rule, which activities) and what it says."""

    kind: str  # reminder | reminder_group | chair_note | escalation | digest | closing_reminder | closing_escalation
    # | closing_note (the last three: a parent's deadline for its teams to close a period; team_id is the parent's)
    team_id: int
    team_code: str
    period_key: str  # "2026-Q1", "2026-03"; "2026-W15" for the digest
    recipient: str  # "person:<telegram id>" or "chat:<chat id>"
    chat_id: int
    recipient_name: str
    due_date: date  # team-local day the rule was scheduled for
    scheduled_at: datetime  # UTC instant it became due
    rule: str  # "H-3", "H", "H+1", "digest"
    timezone: str
    language: str = "id"
    activities: tuple[ExpectedActivity, ...] = ()
    organizations: tuple[str, ...] = ()  # codes concerned (missing, or named)
    people: tuple[str, ...] = ()  # names mentioned in a group message
    message: OutgoingMessage | None = None  # None for the digest: rendered when sent
    thread_id: int | None = None  # a group's forum topic (the one it was linked in); None: General
    digest: DigestData | None = field(default=None, compare=False, repr=False)
    status: str | None = None  # of an existing Delivery row (claimed/pending: to retry), else None

    @property
    def key(self) -> DeliveryKey:
        return DeliveryKey(self.kind, self.team_id, self.period_key, self.recipient, self.due_date)

    @property
    def person_telegram_id(self) -> int | None:
        return self.chat_id if self.recipient.startswith("person:") else None


@dataclass
class _TeamData:
    """What one team's rules read, loaded once per tick and period."""

    session: Session
    team: Team
    _groups: list[GroupChat] | None = None
    _focal: dict[int, list[PersonContact]] | None = None
    _expected: dict[str, list[ExpectedActivity]] = field(default_factory=dict)
    _excused: dict[str, list[ExcusedOrganization]] = field(default_factory=dict)
    _children: dict[str, list[ChildState]] = field(default_factory=dict)

    @property
    def team_id(self) -> int:
        return self.team.id or 0

    def groups(self) -> list[GroupChat]:
        if self._groups is None:
            self._groups = sorted(active_groups(self.session, self.team_id), key=lambda g: g.chat_id)
        return self._groups

    def focal(self) -> dict[int, list[PersonContact]]:
        if self._focal is None:
            self._focal = focal_points(self.session, self.team_id)
        return self._focal

    def expected(self, period_key: str) -> list[ExpectedActivity]:
        if period_key not in self._expected:
            self._expected[period_key] = expected_activities(self.session, self.team_id, period_key)
        return self._expected[period_key]

    def excused(self, period_key: str) -> list[ExcusedOrganization]:
        if period_key not in self._excused:
            self._excused[period_key] = excused_organizations(self.session, self.team_id, period_key)
        return self._excused[period_key]

    def children(self, period_key: str) -> list[ChildState]:
        """The team's child teams that have not closed the period, with their reports in and waiting."""
        if period_key not in self._children:
            states = []
            for child in closing.open_children(self.session, self.team_id, period_key):
                expected = expected_activities(self.session, child.team_id, period_key)
                states.append(
                    ChildState(
                        code=child.code,
                        name=child.name,
                        team_id=child.team_id,
                        received=sum(1 for a in expected if a.reported),
                        expected=len(expected),
                        waiting=closing.waiting_verification(self.session, child.team_id, period_key),
                        reopened=child.reopened,
                    )
                )
            self._children[period_key] = states
        return self._children[period_key]

    def missing(self, period_key: str) -> list[MissingOrganization]:
        by_org: dict[int, list[ExpectedActivity]] = defaultdict(list)
        for a in self.expected(period_key):
            if not a.reported:
                by_org[a.organization_id].append(a)
        return [
            MissingOrganization(
                code=acts[0].organization_code,
                name=acts[0].organization_name,
                pending=len(acts),
                focal_points=tuple(self.focal().get(org_id, ())),
            )
            for org_id, acts in sorted(by_org.items(), key=lambda kv: kv[1][0].organization_code)
        ]


def due_deliveries(
    session: Session, now: datetime, team_code: str | None = None, *, include_done: bool = False
) -> list[PlannedDelivery]:
    """Every delivery due at the aware instant ``now``, for every team (or the one with ``team_code``).

    Deliveries already confirmed (or given up) are left out unless ``include_done``; claimed and pending ones are
    kept with their ``status`` (the tick's claim decides whether they go again).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("due_deliveries needs an aware datetime")
    out: list[PlannedDelivery] = []
    from jobs.actions import action_deliveries  # jobs.actions builds on this module's PlannedDelivery

    for team in list_teams(session, team_code):
        out.extend(_team_deliveries(session, team, now, include_done))
        out.extend(action_deliveries(session, team, now, include_done=include_done))
    return out


def open_occasions(session: Session, team: Team, now: datetime, *, include_done: bool = False) -> list[Occasion]:
    """The team's rules due at ``now`` that are not settled yet.

    An occasion is settled once it has produced deliveries and all of them are final (sent, unreachable, failed,
    skipped): the rule ran on its day and covered everyone pending then; it is not worked out again on every tick
    (someone who becomes pending later gets the next reminder). An occasion with no delivery at all (missed while
    the bot was down, or nobody to tell yet) stays open while the rules keep it due. So does one with a claim given
    up as no longer due (:data:`storage.deliveries.NOT_DUE_MARK`): the crash that left that claim may have stopped
    the tick before it claimed the occasion's other deliveries, which go when it is due again (the given-up one
    does not: it is final).
    """
    policy = ReminderPolicy.from_team(team)
    local = now.astimezone(team_zone(team.timezone))
    kind: PeriodKind = "month" if team.period_kind == "month" else "quarter"
    found = occasions(policy, kind, team.deadline_working_days, team.lock_days, local)
    closings = closing_occasions(policy, kind, team.children_deadline_working_days, team.lock_days, local)
    if closings and closing.children(session, team.id or 0):
        found += closings
    if not found or include_done:
        return found
    unsettled: dict[tuple[str, str, date], bool] = {}
    for row_kind, period_key, due_date, status, detail in deliveries_on(
        session, team.id or 0, [o.due_date for o in found]
    ):
        key = (_FAMILY.get(row_kind, row_kind), period_key, due_date)
        open_row = status not in FINAL_STATUSES or NOT_DUE_MARK in (detail or "")
        unsettled[key] = unsettled.get(key, False) or open_row
    return [o for o in found if unsettled.get((o.kind, o.period_key, o.due_date), True)]


def teams_due(session: Session, now: datetime) -> list[str]:
    """Codes of the teams with something open at ``now`` (one cheap transaction per tick)."""
    return [
        team.code
        for team in list_teams(session)
        if open_occasions(session, team, now) or _evidence_reminders(session, team, now, include_done=False)
    ]


def _team_deliveries(session: Session, team: Team, now: datetime, include_done: bool) -> list[PlannedDelivery]:
    zone = team_zone(team.timezone)
    found = open_occasions(session, team, now, include_done=include_done)
    evidence = _evidence_reminders(session, team, now, include_done=include_done)
    if not found:
        return evidence
    data = _TeamData(session, team)
    planned: list[PlannedDelivery] = []
    for occasion in found:
        if occasion.kind == REMINDER:
            planned += _reminders(data, occasion, zone.key)
        elif occasion.kind == CHAIR_NOTE:
            planned += _chair_notes(data, occasion, zone.key)
        elif occasion.kind == ESCALATION:
            planned += _escalations(data, occasion, zone.key)
        elif occasion.kind == DIGEST:
            planned += _digests(data, occasion, zone.key)
        elif occasion.kind == CLOSING_REMINDER:
            planned += _closing_reminders(data, occasion, zone.key)
        elif occasion.kind == CLOSING_ESCALATION:
            planned += _closing_escalations(data, occasion, zone.key)
        elif occasion.kind == CLOSING_NOTE:
            planned += _closing_notes(data, occasion, zone.key)
    statuses = delivery_statuses(
        session, data.team_id, [(p.kind, p.period_key, p.recipient, p.due_date) for p in planned]
    )
    result: list[PlannedDelivery] = []
    for p in planned:
        status = statuses.get((p.kind, p.period_key, p.recipient, p.due_date))
        if status in FINAL_STATUSES and not include_done:
            continue
        result.append(_with(p, status=status))
    if any(p.kind == DIGEST and p.status not in FINAL_STATUSES for p in result):
        result = _attach_digest(session, data, now, result)
    result += evidence
    result.sort(key=lambda p: (KINDS.index(p.kind), p.period_key, p.recipient_name, p.recipient))
    return result


def _with(p: PlannedDelivery, **changes: Any) -> PlannedDelivery:
    from dataclasses import replace

    return replace(p, **changes)


def _base(data: _TeamData, occasion: Occasion, zone: str) -> dict[str, Any]:
    return {
        "team_id": data.team_id,
        "team_code": data.team.code,
        "period_key": occasion.period_key,
        "due_date": occasion.due_date,
        "scheduled_at": occasion.scheduled_local.astimezone(UTC),
        "rule": occasion.rule,
        "timezone": zone,
    }


def _reminders(data: _TeamData, occasion: Occasion, zone: str) -> list[PlannedDelivery]:
    """Private reminders to focal points with pending activities; a group note naming those out of reach."""
    assert occasion.period is not None
    assert occasion.deadline is not None
    period_key = occasion.period.key
    pending_by_org: dict[int, list[ExpectedActivity]] = defaultdict(list)
    for a in data.expected(period_key):
        if not a.reported:
            pending_by_org[a.organization_id].append(a)
    by_person: dict[int, tuple[PersonContact, list[ExpectedActivity]]] = {}
    unreachable: list[Unreachable] = []
    for org_id, acts in sorted(pending_by_org.items(), key=lambda kv: kv[1][0].organization_code):
        for person in data.focal().get(org_id, []):
            if person.can_message:
                by_person.setdefault(person.telegram_id, (person, []))[1].extend(acts)
            else:
                unreachable.append(Unreachable(person, acts[0].organization_code, len(acts)))
    out: list[PlannedDelivery] = []
    base = _base(data, occasion, zone)
    for person, acts in by_person.values():
        out.append(
            PlannedDelivery(
                kind=REMINDER,
                recipient=f"person:{person.telegram_id}",
                chat_id=person.telegram_id,
                recipient_name=person.name,
                language=person.language,
                activities=tuple(acts),
                organizations=tuple(dict.fromkeys(a.organization_code for a in acts)),
                message=reminder_message(acts, occasion.period, occasion.deadline, occasion.offset, person.language),
                **base,
            )
        )
    if unreachable:
        message = group_note_message(unreachable, occasion.period, occasion.deadline, occasion.offset)
        for group in data.groups():
            out.append(
                PlannedDelivery(
                    kind=REMINDER_GROUP,
                    recipient=f"chat:{group.chat_id}",
                    chat_id=group.chat_id,
                    recipient_name=group.title or str(group.chat_id),
                    thread_id=group.thread_id,
                    organizations=tuple(dict.fromkeys(u.organization_code for u in unreachable)),
                    people=tuple(u.person.name for u in unreachable),
                    message=message,
                    **base,
                )
            )
    return out


def _escalations(data: _TeamData, occasion: Occasion, zone: str) -> list[PlannedDelivery]:
    """After the deadline: the organizations still missing, to every active group of the team."""
    assert occasion.period is not None
    assert occasion.deadline is not None
    assert occasion.lock is not None
    period_key = occasion.period.key
    missing = data.missing(period_key)
    if not missing:
        return []
    expected_orgs = len({a.organization_id for a in data.expected(period_key)})
    message = escalation_message(
        occasion.period,
        occasion.deadline,
        occasion.offset,
        occasion.lock,
        missing,
        expected_orgs,
        data.excused(period_key),
    )
    base = _base(data, occasion, zone)
    pending = tuple(a for a in data.expected(period_key) if not a.reported)
    return [
        PlannedDelivery(
            kind=ESCALATION,
            recipient=f"chat:{group.chat_id}",
            chat_id=group.chat_id,
            recipient_name=group.title or str(group.chat_id),
            thread_id=group.thread_id,
            activities=pending,
            organizations=tuple(m.code for m in missing),
            people=tuple(p.name for m in missing for p in m.focal_points),
            message=message,
            **base,
        )
        for group in data.groups()
    ]


def _chair_notes(data: _TeamData, occasion: Occasion, zone: str) -> list[PlannedDelivery]:
    """On the deadline day: completeness and timeliness to the chair and the secretariat (privately). A parent team
    with no plan of its own (monitoring only) gets none: its day is the closing note's (``closing_note``)."""
    assert occasion.period is not None
    period_key = occasion.period.key
    expected = data.expected(period_key)
    if not expected and closing.children(data.session, data.team_id):
        return []
    received = sum(1 for a in expected if a.reported)
    on_time = sum(1 for a in expected if a.on_time)
    missing = data.missing(period_key)
    excused = data.excused(period_key)
    base = _base(data, occasion, zone)
    out = []
    for person in team_people(data.session, data.team_id, CHAIR_ROLES):
        if not person.can_message:
            continue
        out.append(
            PlannedDelivery(
                kind=CHAIR_NOTE,
                recipient=f"person:{person.telegram_id}",
                chat_id=person.telegram_id,
                recipient_name=person.name,
                language=person.language,
                organizations=tuple(m.code for m in missing),
                message=chair_message(
                    data.team.name,
                    occasion.period,
                    len(expected),
                    received,
                    on_time,
                    missing,
                    excused,
                    person.language,
                ),
                **base,
            )
        )
    return out


def _digests(data: _TeamData, occasion: Occasion, zone: str) -> list[PlannedDelivery]:
    """The weekly digest to every active group (its content is collected once, rendered when sent)."""
    base = _base(data, occasion, zone)
    return [
        PlannedDelivery(
            kind=DIGEST,
            recipient=f"chat:{group.chat_id}",
            chat_id=group.chat_id,
            recipient_name=group.title or str(group.chat_id),
            thread_id=group.thread_id,
            **base,
        )
        for group in data.groups()
    ]


def _attach_digest(
    session: Session, data: _TeamData, now: datetime, planned: list[PlannedDelivery]
) -> list[PlannedDelivery]:
    collected = digest.collect_digest(session, data.team_id, now)
    return [_with(p, digest=collected) if p.kind == DIGEST else p for p in planned]


# --- a parent's deadline for its teams to close a period (issue 15) ------------------------------------------------


def _closing_reminders(data: _TeamData, occasion: Occasion, zone: str) -> list[PlannedDelivery]:
    """Before the parent's deadline: the secretariat of each team still open, privately, once per person (one who
    serves several open teams gets one message naming them all)."""
    assert occasion.period is not None
    assert occasion.deadline is not None
    period_key = occasion.period.key
    by_person: dict[int, tuple[PersonContact, list[ChildState]]] = {}
    for child in data.children(period_key):
        for person in team_people(data.session, child.team_id, ("secretariat",)):
            if person.can_message:
                by_person.setdefault(person.telegram_id, (person, []))[1].append(child)
    base = _base(data, occasion, zone)
    return [
        PlannedDelivery(
            kind=CLOSING_REMINDER,
            recipient=f"person:{person.telegram_id}",
            chat_id=person.telegram_id,
            recipient_name=person.name,
            language=person.language,
            organizations=tuple(c.code for c in states),
            message=closing_reminder_message(
                states, data.team.name, occasion.period, occasion.deadline, occasion.offset, person.language
            ),
            **base,
        )
        for person, states in by_person.values()
    ]


def _closing_escalations(data: _TeamData, occasion: Occasion, zone: str) -> list[PlannedDelivery]:
    """After the parent's deadline: the teams still open, to every active group of the parent."""
    assert occasion.period is not None
    assert occasion.deadline is not None
    open_children = data.children(occasion.period.key)
    if not open_children:
        return []
    total = len(closing.children(data.session, data.team_id))
    message = closing_escalation_message(occasion.period, occasion.deadline, occasion.offset, open_children, total)
    base = _base(data, occasion, zone)
    return [
        PlannedDelivery(
            kind=CLOSING_ESCALATION,
            recipient=f"chat:{group.chat_id}",
            chat_id=group.chat_id,
            recipient_name=group.title or str(group.chat_id),
            thread_id=group.thread_id,
            organizations=tuple(c.code for c in open_children),
            message=message,
            **base,
        )
        for group in data.groups()
    ]


def _closing_notes(data: _TeamData, occasion: Occasion, zone: str) -> list[PlannedDelivery]:
    """On the parent's deadline day: how many of its teams closed, on time, and which are open, to the parent's
    chair and secretariat (privately)."""
    assert occasion.period is not None
    period = occasion.period
    open_children = data.children(period.key)
    total = len(closing.children(data.session, data.team_id))
    closed_on_time = closing.closed_on_time_count(data.session, data.team, period)
    base = _base(data, occasion, zone)
    return [
        PlannedDelivery(
            kind=CLOSING_NOTE,
            recipient=f"person:{person.telegram_id}",
            chat_id=person.telegram_id,
            recipient_name=person.name,
            language=person.language,
            organizations=tuple(c.code for c in open_children),
            message=closing_note_message(
                data.team.name,
                period,
                total,
                total - len(open_children),
                closed_on_time,
                open_children,
                person.language,
            ),
            **base,
        )
        for person in team_people(data.session, data.team_id, CHAIR_ROLES)
        if person.can_message
    ]


# --- evidence later ("bukti menyusul", issue 17) -------------------------------------------------------------------


def evidence_due_day(sent_on: date, days: int) -> date:
    """The team-local day a report sent with "bukti menyusul" on ``sent_on`` reminds its focal point: ``days``
    working days later (holidays and weekends skipped; 0: that day, or the next working day)."""
    return add_working_days(sent_on, days)


def _evidence_reminders(session: Session, team: Team, now: datetime, *, include_done: bool) -> list[PlannedDelivery]:
    """The team's reports whose current revision is still "bukti menyusul" and whose reminder is due: on the
    ``team.evidence_reminder_days``-th working day after the team-local day it was sent, from the team's reminder
    hour (within its sending hours, on working days; later days catch up after downtime), to the focal point who
    sent it, privately, once (the Delivery row keyed by the report's period, the person and that day). One message
    per person, period and day names every such report. Not once the period is closed for entry (the evidence
    could not be sent), nor to someone no longer its organization's focal point or out of reach."""
    policy = ReminderPolicy.from_team(team)
    zone = team_zone(team.timezone)
    local = now.astimezone(zone)
    today = local.date()
    if not policy.in_window(local) or not is_working_day(today):
        return []
    days = team.evidence_reminder_days
    waiting = evidence_waiting(session, team.id or 0, now - timedelta(days=2 * days + 45))
    if not waiting:
        return []
    focal = focal_points(session, team.id or 0)
    grouped: dict[tuple[int, str, date], tuple[PersonContact, list[EvidenceDue]]] = {}
    for w in waiting:
        due = evidence_due_day(w.submitted_at.astimezone(zone).date(), days)
        scheduled = datetime(due.year, due.month, due.day, policy.hour, tzinfo=zone)
        if scheduled > local:
            continue
        person = next((p for p in focal.get(w.organization_id, ()) if p.person_id == w.reporter_id), None)
        if person is None or not person.can_message:
            continue
        try:
            check_entry_open(session, w.activity_id, w.period_key, now)
        except ReportError:
            continue
        item = EvidenceDue(
            w.report_id, w.activity_name, Period.from_key(w.period_key), w.submitted_at.astimezone(zone).date()
        )
        grouped.setdefault((person.telegram_id, w.period_key, due), (person, []))[1].append(item)
    planned = [
        PlannedDelivery(
            kind=EVIDENCE_REMINDER,
            team_id=team.id or 0,
            team_code=team.code,
            period_key=period_key,
            recipient=f"person:{telegram_id}",
            chat_id=telegram_id,
            recipient_name=person.name,
            due_date=due,
            scheduled_at=datetime(due.year, due.month, due.day, policy.hour, tzinfo=zone).astimezone(UTC),
            rule="evidence",
            timezone=zone.key,
            language=person.language,
            message=evidence_reminder_message(items, person.language),
        )
        for (telegram_id, period_key, due), (person, items) in grouped.items()
    ]
    statuses = delivery_statuses(
        session, team.id or 0, [(p.kind, p.period_key, p.recipient, p.due_date) for p in planned]
    )
    return [
        _with(p, status=statuses.get((p.kind, p.period_key, p.recipient, p.due_date)))
        for p in planned
        if include_done or statuses.get((p.kind, p.period_key, p.recipient, p.due_date)) not in FINAL_STATUSES
    ]
