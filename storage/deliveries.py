"""The ``Delivery`` table as the once-only guard of every reminder, escalation and digest.

A job claims a delivery in its own committed transaction *before* sending (the unique key makes a second claim a
no-op on both engines), sends, then confirms in another transaction. What a crash between the two leaves behind is
a row still ``claimed``: once it is older than :data:`CLAIM_GRACE` the next tick claims it again and re-sends it,
once (the only case in which someone may see a message twice); a second unconfirmed claim is given up
as ``failed``. A stale claim that the tick no longer plans (its occasion superseded, its sending window closed, its
recipient no longer concerned) is given up as ``failed`` too (:func:`give_up_not_due`, :data:`NOT_DUE_MARK`): never
sent late, never left ``claimed``. Sync repository functions: take a session, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.models import Delivery

# Longer than any single send can take (the rate limiter may hold a group message for about a minute), so a claim
# this old was left by a process that died (or lost its lock) between claim and confirm.
CLAIM_GRACE = timedelta(minutes=10)
# RetryAfter leaves a delivery pending; after this many attempts it is given up.
MAX_ATTEMPTS = 20
RESENT_MARK = "resent after an unconfirmed claim"
NOT_DUE_MARK = "unconfirmed, no longer due: not sent late"
FINAL_STATUSES = frozenset({"sent", "unreachable", "failed", "skipped"})


@dataclass(frozen=True)
class DeliveryKey:
    """The unique key: one delivery of ``kind`` for a period to one recipient on one due day."""

    kind: str
    team_id: int
    period_key: str
    recipient: str  # "person:<telegram id>" or "chat:<chat id>"
    due_date: date


class ClaimOutcome(Enum):
    NEW = "new"  # first claim: send it
    RETRY = "retry"  # was pending (flood limit): send it again
    RESEND = "resend"  # a stale unconfirmed claim (crash): send it again, once; log a warning
    DONE = "done"  # already sent, or given up: do nothing
    BUSY = "busy"  # claimed moments ago (by this or another process): do nothing now
    ABANDONED = "abandoned"  # unconfirmed twice: marked failed now, never sent again


@dataclass(frozen=True)
class Claim:
    outcome: ClaimOutcome
    delivery_id: int | None
    attempts: int
    claimed_at: datetime | None = None  # of the stale claim, for the log line

    @property
    def owned(self) -> bool:
        """Whether the caller now holds the claim and must send."""
        return self.outcome in (ClaimOutcome.NEW, ClaimOutcome.RETRY, ClaimOutcome.RESEND)


def _insert_ignore(session: Session, values: dict[str, object]) -> int | None:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id: the id when this call created the row, else None."""
    dialect = session.get_bind().dialect.name
    table = Delivery.__table__  # type: ignore[attr-defined]
    stmt: postgresql.Insert | sqlite.Insert
    if dialect == "postgresql":
        stmt = postgresql.insert(table).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite.insert(table).values(**values).on_conflict_do_nothing()
    else:  # pragma: no cover - only the two engines are supported
        raise RuntimeError(f"unsupported dialect {dialect}")
    row = session.execute(stmt.returning(table.c.id)).first()
    return int(row[0]) if row is not None else None


def get_delivery(session: Session, key: DeliveryKey) -> Delivery | None:
    return session.exec(
        select(Delivery).where(
            Delivery.kind == key.kind,
            Delivery.team_id == key.team_id,
            Delivery.period_key == key.period_key,
            Delivery.recipient == key.recipient,
            Delivery.due_date == key.due_date,
        )
    ).first()


def claim(
    session: Session, key: DeliveryKey, now: datetime, *, grace: timedelta = CLAIM_GRACE, detail: str | None = None
) -> Claim:
    """Claim the delivery ``key`` for sending now; commit this transaction before sending.

    Every transition is a compare-and-set on the row, so two processes (or two overlapping ticks) never both own
    a claim.
    """
    new_id = _insert_ignore(
        session,
        {
            "kind": key.kind,
            "team_id": key.team_id,
            "period_key": key.period_key,
            "recipient": key.recipient,
            "due_date": key.due_date,
            "status": "claimed",
            "attempts": 1,
            "claimed_at": now,
            "detail": detail,
        },
    )
    if new_id is not None:
        return Claim(ClaimOutcome.NEW, new_id, 1)
    row = get_delivery(session, key)
    if row is None:  # pragma: no cover - the conflicting row was deleted meanwhile
        return Claim(ClaimOutcome.BUSY, None, 0)
    assert row.id is not None
    if row.status in FINAL_STATUSES:
        return Claim(ClaimOutcome.DONE, row.id, row.attempts)
    if row.status == "pending":
        if _swap(session, row, now, status="claimed", detail=row.detail):
            return Claim(ClaimOutcome.RETRY, row.id, row.attempts + 1)
        return Claim(ClaimOutcome.BUSY, row.id, row.attempts)
    # status "claimed": in flight, or left by a crash
    if row.claimed_at > now - grace:
        return Claim(ClaimOutcome.BUSY, row.id, row.attempts)
    if (row.detail or "").startswith(RESENT_MARK):
        note = f"{RESENT_MARK}, and again unconfirmed: given up"
        _swap(session, row, now, status="failed", detail=note, count=False)
        return Claim(ClaimOutcome.ABANDONED, row.id, row.attempts, row.claimed_at)
    if _swap(session, row, now, status="claimed", detail=RESENT_MARK):
        return Claim(ClaimOutcome.RESEND, row.id, row.attempts + 1, row.claimed_at)
    return Claim(ClaimOutcome.BUSY, row.id, row.attempts)


def stale_claims(session: Session, now: datetime, *, grace: timedelta = CLAIM_GRACE) -> list[Delivery]:
    """Deliveries still ``claimed`` at ``now`` by a claim older than ``grace`` (left by a crash), oldest first."""
    return list(
        session.exec(
            select(Delivery)
            .where(col(Delivery.status) == "claimed", col(Delivery.claimed_at) <= now - grace)
            .order_by(col(Delivery.claimed_at), col(Delivery.id))
        ).all()
    )


def give_up_not_due(session: Session, row: Delivery, now: datetime) -> bool:
    """Mark the stale claim ``row`` ``failed`` with :data:`NOT_DUE_MARK` (after :data:`RESENT_MARK` when it was a
    re-send): the tick no longer plans it, so it is not sent late. Compare-and-set: False when someone claimed or
    confirmed it since ``row`` was read."""
    resent = (row.detail or "").startswith(RESENT_MARK)
    return _swap(
        session,
        row,
        now,
        status="failed",
        detail=f"{RESENT_MARK}; {NOT_DUE_MARK}" if resent else NOT_DUE_MARK,
        count=False,
    )


def _swap(
    session: Session, row: Delivery, now: datetime, *, status: str, detail: str | None, count: bool = True
) -> bool:
    """Move ``row`` on only if nobody touched it since we read it (same status and attempts)."""
    values: dict[str, object] = {"status": status, "detail": detail}
    if count:
        values |= {"attempts": row.attempts + 1, "claimed_at": now}
    result = session.execute(
        update(Delivery)
        .where(
            col(Delivery.id) == row.id,
            col(Delivery.status) == row.status,
            col(Delivery.attempts) == row.attempts,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def _finish(session: Session, delivery_id: int, **values: object) -> None:
    row = session.get(Delivery, delivery_id)
    if row is None:
        return
    if "detail" in values and (row.detail or "").startswith(RESENT_MARK):
        # keep the mark: the row must tell that it was sent again after a crash
        extra = values["detail"]
        values["detail"] = RESENT_MARK + (f"; {extra}" if extra else "")
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)


def confirm_sent(
    session: Session, delivery_id: int, now: datetime, message_id: int | None, detail: str | None = None
) -> None:
    """The message went out: record when and its Telegram message id."""
    _finish(session, delivery_id, status="sent", sent_at=now, message_id=message_id, detail=detail)


def mark_pending(session: Session, delivery_id: int, detail: str | None = None) -> None:
    """Flood limit or a passing fault: the next tick claims it again (up to :data:`MAX_ATTEMPTS`)."""
    row = session.get(Delivery, delivery_id)
    if row is not None and row.attempts >= MAX_ATTEMPTS:
        _finish(session, delivery_id, status="failed", detail=f"gave up after {row.attempts} attempts: {detail}")
        return
    _finish(session, delivery_id, status="pending", detail=detail)


def mark_unreachable(session: Session, delivery_id: int, detail: str | None = None) -> None:
    _finish(session, delivery_id, status="unreachable", detail=detail)


def mark_failed(session: Session, delivery_id: int, detail: str | None = None) -> None:
    _finish(session, delivery_id, status="failed", detail=detail)


def mark_skipped(session: Session, delivery_id: int, detail: str | None = None) -> None:
    _finish(session, delivery_id, status="skipped", detail=detail)


def record_sent(
    session: Session, key: DeliveryKey, now: datetime, message_id: int | None, detail: str | None = None
) -> None:
    """Record a delivery as sent without a claim (a group message that reached the group's new supergroup id),
    so the next tick does not send it again to the new id."""
    new_id = _insert_ignore(
        session,
        {
            "kind": key.kind,
            "team_id": key.team_id,
            "period_key": key.period_key,
            "recipient": key.recipient,
            "due_date": key.due_date,
            "status": "sent",
            "attempts": 1,
            "claimed_at": now,
            "sent_at": now,
            "message_id": message_id,
            "detail": detail,
        },
    )
    if new_id is None:
        row = get_delivery(session, key)
        if row is not None and row.status not in FINAL_STATUSES:
            confirm_sent(session, row.id or 0, now, message_id, detail)


def list_deliveries(
    session: Session, team_id: int | None = None, since: date | None = None, limit: int = 500
) -> list[Delivery]:
    """Deliveries newest first (for operators and tests)."""
    query = select(Delivery).order_by(col(Delivery.due_date).desc(), col(Delivery.id).desc()).limit(limit)
    if team_id is not None:
        query = query.where(Delivery.team_id == team_id)
    if since is not None:
        query = query.where(col(Delivery.due_date) >= since)
    return list(session.exec(query).all())
