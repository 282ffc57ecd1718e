"""When an action item's reminders and overdue notice are due, and what they say (``/putuskan``'s decisions).

The rule (pure, like ``jobs.rules``): an open action reminds the responsible organization's focal points privately
**H-3 and H-1 in working days** before its due date (``domain.calendar``: weekends and national holidays skipped,
as the report reminders count), at the team's reminder hour, within its sending window, on a working day; and tells
the team's groups once when it has passed, on the first working day after the due date (at the same hour). As for
the report reminders, only the latest rule whose time has come is due, so a tick after downtime sends one message,
not two. A reminder whose day is not after the day the action was recorded (or reopened) is not sent: the focal
points were just told. Each goes through the ``Delivery`` table (period key ``A<id>``), so once each across
restarts; the overdue notice's day is the day after the due date, or the day the action was reopened when later,
so an action reopened after its due date is announced as overdue again, once. Done actions are never planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from domain.calendar import add_working_days, is_working_day, reminder_day
from domain.zones import team_zone
from jobs.messages import long_date
from jobs.planner import PlannedDelivery, _TeamData, _with
from jobs.policy import ReminderPolicy
from storage.actions import team_actions
from storage.deliveries import FINAL_STATUSES
from storage.models import Team
from storage.schedule import delivery_statuses
from texts import normalise_language, t
from texts.markup import esc, shorten
from texts.outgoing import OutgoingMessage

ACTION_REMINDER = "action_reminder"  # private, to the responsible organization's focal points (H-3, H-1)
ACTION_OVERDUE = "action_overdue"  # to the team's groups, once the due date has passed
KINDS = (ACTION_REMINDER, ACTION_OVERDUE)
REMINDER_OFFSETS = (3, 1)  # working days before the due date
NOTE_CHARS = 600


@dataclass(frozen=True)
class ActionOccasion:
    kind: str  # ACTION_REMINDER or ACTION_OVERDUE
    day: date  # the Delivery's due_date: the rule's day
    offset: int  # -3, -1 (working days before the due date); +N days late for the overdue notice
    scheduled_local: datetime


def period_key(action_id: int) -> str:
    """The Delivery's period key of an action: ``A<id>``."""
    return f"A{action_id}"


def action_occasion(
    policy: ReminderPolicy,
    due: date,
    recorded_on: date,
    local_now: datetime,
    extra_holidays: frozenset[date] = frozenset(),
) -> ActionOccasion | None:
    """What is due now for an open action due on ``due``, recorded (or last reopened) on the team-local day
    ``recorded_on``, at the team-local ``local_now``; None outside the sending hours, on a day off, or when
    nothing is due."""
    today = local_now.date()
    if not policy.in_window(local_now) or not is_working_day(today, extra_holidays):
        return None
    zone = local_now.tzinfo
    assert zone is not None

    def at(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, policy.hour, tzinfo=zone)

    if today <= due:
        days = [(reminder_day(due, -n, extra_holidays), -n) for n in REMINDER_OFFSETS]
        past = [d for d in days if recorded_on < d[0] <= today and at(d[0]) <= local_now]
        if not past:
            return None
        day, offset = max(past)
        return ActionOccasion(ACTION_REMINDER, day, offset, at(day))
    first = add_working_days(due, 1, extra_holidays)  # the first working day after the due date
    day = max(due + timedelta(days=1), recorded_on)
    if today < first or (today == first and at(first) > local_now):
        return None
    return ActionOccasion(ACTION_OVERDUE, day, (today - due).days, at(max(first, day)))


def _left(due: date, day: date, offset: int, lang: str) -> str:
    if offset == -1:
        return t("reminders.left.one", lang)
    return t("reminders.left.days", lang, n=-offset)


def reminder_message(
    action_id: int, org_name: str, decision: str, due: date, day: date, offset: int, lang: str
) -> OutgoingMessage:
    lang = normalise_language(lang)
    return OutgoingMessage(
        text=t(
            "actions.reminder",
            lang,
            id=action_id,
            org=esc(org_name),
            due=long_date(due, lang),
            left=_left(due, day, offset, lang),
            decision=esc(shorten(decision, NOTE_CHARS)),
        )
    )


def overdue_message(action_id: int, org_name: str, topic: str, decision: str, due: date, days: int) -> OutgoingMessage:
    lang = "id"  # groups read Indonesian
    return OutgoingMessage(
        text=t(
            "actions.overdue",
            lang,
            id=action_id,
            org=esc(org_name),
            topic=esc(shorten(topic, NOTE_CHARS)),
            decision=esc(shorten(decision, NOTE_CHARS)),
            due=long_date(due, lang),
            days=days,
        )
    )


def action_deliveries(session: Session, team: Team, now: datetime, *, include_done: bool) -> list[PlannedDelivery]:
    """The open actions' reminders (to the responsible organization's focal points) and overdue notices (to the
    team's groups) due at ``now`` (``jobs.actions``); those already final are left out unless ``include_done``."""
    views = team_actions(session, team.id or 0, status="open")
    if not views:
        return []
    policy = ReminderPolicy.from_team(team)
    zone = team_zone(team.timezone)
    local = now.astimezone(zone)
    data = _TeamData(session, team)
    planned: list[PlannedDelivery] = []
    for action in views:
        recorded = max(action.created_at, action.reopened_at or action.created_at).astimezone(zone).date()
        occasion = action_occasion(policy, action.due_date, recorded, local)
        if occasion is None:
            continue
        base: dict[str, Any] = {
            "team_id": data.team_id,
            "team_code": team.code,
            "period_key": period_key(action.id),
            "due_date": occasion.day,
            "scheduled_at": occasion.scheduled_local.astimezone(UTC),
            "timezone": zone.key,
            "organizations": (action.organization_code,),
        }
        if occasion.kind == ACTION_REMINDER:
            for person in data.focal().get(action.organization_id, []):
                if not person.can_message:
                    continue
                planned.append(
                    PlannedDelivery(
                        kind=ACTION_REMINDER,
                        recipient=f"person:{person.telegram_id}",
                        chat_id=person.telegram_id,
                        recipient_name=person.name,
                        language=person.language,
                        rule=f"H{occasion.offset:+d}",
                        message=reminder_message(
                            action.id,
                            action.organization_name,
                            action.decision,
                            action.due_date,
                            occasion.day,
                            occasion.offset,
                            person.language,
                        ),
                        **base,
                    )
                )
        else:
            message = overdue_message(
                action.id, action.organization_name, action.topic, action.decision, action.due_date, occasion.offset
            )
            for group in data.groups():
                planned.append(
                    PlannedDelivery(
                        kind=ACTION_OVERDUE,
                        recipient=f"chat:{group.chat_id}",
                        chat_id=group.chat_id,
                        recipient_name=group.title or str(group.chat_id),
                        thread_id=group.thread_id,
                        rule="overdue",
                        message=message,
                        **base,
                    )
                )
    if not planned:
        return []
    statuses = delivery_statuses(
        session, data.team_id, [(p.kind, p.period_key, p.recipient, p.due_date) for p in planned]
    )
    result = []
    for p in planned:
        status = statuses.get((p.kind, p.period_key, p.recipient, p.due_date))
        if status in FINAL_STATUSES and not include_done:
            continue
        result.append(_with(p, status=status))
    return result


def teams_with_actions_due(session: Session, now: datetime) -> list[str]:
    """Codes of the teams with an action's reminder or overdue notice not yet sent at ``now`` (the tick asks)."""
    from storage.schedule import list_teams

    return [team.code for team in list_teams(session) if action_deliveries(session, team, now, include_done=False)]
