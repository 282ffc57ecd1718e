"""The clock's one job: send whatever is due now, each delivery once.

The bot registers :func:`tick` with PTB's JobQueue (``run_repeating`` every 30–60 s); it decides from the database
what is due (:func:`jobs.planner.due_deliveries`), and for each delivery: claim (own committed transaction), send
through the :class:`~texts.outgoing.Notifier`, record the outcome (another transaction). Safe to call at any rate:
a confirmed delivery is never sent again; a claim left unconfirmed by a crash is sent again once, after
:data:`storage.deliveries.CLAIM_GRACE`, with a WARNING naming it, if it is still due (planned by this tick). Every
other claim older than the grace (its occasion superseded, its sending window closed, its recipient no longer
concerned) is given up as ``failed``, with a WARNING: not sent late, and not left ``claimed`` for good.

Before deciding what is due, each tick closes by itself every period a team with a parent left open past its lock
date (:func:`storage.closing.close_locked`: once, in its own transaction; a period the parent reopened stays open),
so the parent's reminders and escalations already count it closed.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlmodel import Session

from jobs import outcomes
from jobs.actions import teams_with_actions_due
from jobs.planner import PlannedDelivery, due_deliveries, teams_due
from jobs.rules import DIGEST
from progress import digest
from storage import closing, deliveries
from storage.db import Database
from storage.deliveries import CLAIM_GRACE, Claim, ClaimOutcome
from storage.models import Team
from texts.outgoing import Notifier, OutgoingMessage, SendResult, SendStatus

log = logging.getLogger(__name__)


@dataclass
class TickReport:
    """What one tick did (for logs and tests)."""

    at: datetime
    planned: int = 0
    sent: int = 0
    resent: int = 0  # stale unconfirmed claims sent again (also counted in ``sent`` when they went out)
    retry_later: int = 0
    unreachable: int = 0
    failed: int = 0
    not_owned: int = 0  # already done or claimed moments ago
    given_up: int = 0  # stale unconfirmed claims no longer due: marked failed, not sent (also counted in ``failed``)
    closed: list[str] = field(default_factory=list)  # "TEAM 2026-Q3": periods closed by themselves at the lock date
    errors: list[str] = field(default_factory=list)
    outcomes: list[tuple[PlannedDelivery, str]] = field(default_factory=list)


def describe(p: PlannedDelivery) -> str:
    """One line naming a delivery, for logs."""
    return f"{p.kind} {p.rule} {p.team_code} {p.period_key} to {p.recipient} due {p.due_date.isoformat()}"


async def tick(db: Database, notifier: Notifier, now: datetime, *, grace: Any = CLAIM_GRACE) -> TickReport:
    """Send everything due at the aware instant ``now`` for every team. Never raises for one team's trouble."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("tick needs an aware datetime (UTC)")
    report = TickReport(at=now)
    rendered: dict[tuple[int, str], OutgoingMessage] = {}
    broken: set[str] = set()
    try:
        for view in await db.run(closing.close_locked, now):
            log.info("team %s: %s closed by itself at its lock date", view.team_code, view.period_key)
            report.closed.append(f"{view.team_code} {view.period_key}")
    except Exception as exc:  # the reminders must go even when the automatic close cannot be done
        log.exception("could not close the locked periods")
        report.errors.append(f"automatic close: {exc}")
    codes = await db.run(teams_due, now)
    codes += [code for code in await db.run(teams_with_actions_due, now) if code not in codes]
    for code in codes:
        try:
            planned = await db.run(due_deliveries, now, code)
        except Exception as exc:  # one team's broken plan must not stop the others
            log.exception("team %s: could not work out what is due", code)
            report.errors.append(f"{code}: {exc}")
            broken.add(code)
            continue
        report.planned += len(planned)
        for p in planned:
            await _deliver(db, notifier, p, now, grace, report, rendered)
    # Every stale claim still due was planned above and re-sent (or given up after its re-send); those left are no
    # longer due. A team whose plan could not be worked out keeps its claims until a tick can tell.
    for line in await db.run(_give_up_not_due, now, grace, broken):
        log.warning("delivery %s never confirmed (crash?) and no longer due: given up, not sent", line)
        report.given_up += 1
        report.failed += 1
    if report.planned or report.given_up:
        log.info(
            "tick %s: %d due, %d sent, %d to retry, %d unreachable, %d failed",
            now.isoformat(timespec="seconds"),
            report.planned,
            report.sent,
            report.retry_later,
            report.unreachable,
            report.failed,
        )
    return report


def _give_up_not_due(session: Session, now: datetime, grace: Any, skip_teams: set[str]) -> list[str]:
    """Mark ``failed`` every claim older than ``grace`` (none of them planned by this tick), but those of
    ``skip_teams``; one line naming each."""
    lines = []
    for row in deliveries.stale_claims(session, now, grace=grace):
        team = session.get(Team, row.team_id)
        code = team.code if team is not None else str(row.team_id)
        if code in skip_teams or not deliveries.give_up_not_due(session, row, now):
            continue
        lines.append(
            f"{row.kind} {code} {row.period_key} to {row.recipient} due {row.due_date.isoformat()} (claimed at "
            f"{row.claimed_at.isoformat(timespec='seconds')}, attempt {row.attempts})"
        )
    return lines


async def _deliver(
    db: Database,
    notifier: Notifier,
    p: PlannedDelivery,
    now: datetime,
    grace: Any,
    report: TickReport,
    rendered: dict[tuple[int, str], OutgoingMessage],
) -> None:
    claim: Claim = await db.run(deliveries.claim, p.key, now, grace=grace)
    if claim.outcome is ClaimOutcome.ABANDONED:
        log.error("delivery %s was re-sent once and again not confirmed: given up, not sent a third time", describe(p))
        report.failed += 1
        report.outcomes.append((p, "abandoned"))
        return
    if not claim.owned:
        report.not_owned += 1
        return
    assert claim.delivery_id is not None
    if claim.outcome is ClaimOutcome.RESEND:
        log.warning(
            "re-sending delivery %s: claimed at %s and never confirmed (crash?); attempt %d",
            describe(p),
            claim.claimed_at.isoformat(timespec="seconds") if claim.claimed_at else "?",
            claim.attempts,
        )
        report.resent += 1
    try:
        message = await _message(p, rendered)
    except Exception as exc:
        log.exception("delivery %s: could not render the message", describe(p))
        await db.run(deliveries.mark_failed, claim.delivery_id, f"render: {exc}"[:2000])
        report.failed += 1
        report.errors.append(f"{describe(p)}: {exc}")
        report.outcomes.append((p, "failed"))
        return
    if p.thread_id is not None:
        message = replace(message, thread_id=p.thread_id)  # the group's topic (a rendered digest is shared)
    try:
        result = await notifier.send(p.chat_id, message)
    except Exception as exc:
        # Unknown whether it went out: leave the claim; after the grace it is sent again once.
        log.exception("delivery %s: the notifier raised; left claimed", describe(p))
        report.errors.append(f"{describe(p)}: {exc}")
        report.outcomes.append((p, "error"))
        return
    outcome = await db.run(_record, p, claim.delivery_id, result, now)
    report.outcomes.append((p, outcome))
    if outcome == "sent":
        report.sent += 1
        log.info("sent %s (message %s)", describe(p), result.message_id)
    elif outcome == "pending":
        report.retry_later += 1
        log.info("delivery %s left pending: %s", describe(p), result.detail or "retry later")
    elif outcome == "unreachable":
        report.unreachable += 1
        log.info("delivery %s: recipient unreachable (%s)", describe(p), result.detail or "forbidden")
    elif outcome == "failed":
        report.failed += 1
        log.warning("delivery %s failed: %s", describe(p), result.detail)


async def _message(p: PlannedDelivery, rendered: dict[tuple[int, str], OutgoingMessage]) -> OutgoingMessage:
    if p.message is not None:
        return p.message
    if p.kind != DIGEST or p.digest is None:
        raise ValueError("no message")
    cache_key = (p.team_id, p.period_key)
    if cache_key not in rendered:
        # matplotlib is CPU work: never on the event loop
        rendered[cache_key] = await asyncio.to_thread(digest.render_digest, p.digest, "id")
    return rendered[cache_key]


def _record(session: Session, p: PlannedDelivery, delivery_id: int, result: SendResult, now: datetime) -> str:
    """Store the outcome of one send: what it means for the people and groups
    (:func:`jobs.outcomes.record_send_outcome`, as for every other send), then for the delivery's row."""
    outcomes.record_send_outcome(
        session, p.chat_id, result, person_telegram_id=p.person_telegram_id, thread_id=p.thread_id
    )
    detail = result.detail[:1900] if result.detail else None
    if result.migrated_to is not None and p.person_telegram_id is None:
        if result.status is SendStatus.SENT:
            deliveries.confirm_sent(session, delivery_id, now, result.message_id, f"to {result.migrated_to}")
            new_key = deliveries.DeliveryKey(p.kind, p.team_id, p.period_key, f"chat:{result.migrated_to}", p.due_date)
            deliveries.record_sent(session, new_key, now, result.message_id, f"via migration from {p.chat_id}")
            return "sent"
        # not delivered: the next tick plans it for the new chat id (unless that refused it too: now inactive)
        deliveries.mark_skipped(session, delivery_id, f"group moved to {result.migrated_to}")
        return "skipped"
    if result.status is SendStatus.SENT:
        deliveries.confirm_sent(session, delivery_id, now, result.message_id, detail)
        return "sent"
    if result.status is SendStatus.RETRY_LATER:
        deliveries.mark_pending(session, delivery_id, detail or "retry later")
        return "pending"
    if result.status is SendStatus.UNREACHABLE:
        deliveries.mark_unreachable(session, delivery_id, detail)
        return "unreachable"
    deliveries.mark_failed(session, delivery_id, detail)
    return "failed"
