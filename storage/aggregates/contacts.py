"""The focal points of a team's organizations (whom a laggard list names)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from storage.aggregates.sql import MEMBERSHIP, PERSON


@dataclass(frozen=True)
class FocalPoint:
    telegram_id: int
    name: str
    username: str | None


def focal_points(session: Session, team_id: int, organization_ids: Iterable[int]) -> dict[int, list[FocalPoint]]:
    """The focal points of each organization in the team."""
    ids = list(organization_ids)
    if not ids:
        return {}
    stmt = (
        select(MEMBERSHIP.c.organization_id, PERSON.c.telegram_id, PERSON.c.name, PERSON.c.username)
        .select_from(MEMBERSHIP.join(PERSON, PERSON.c.id == MEMBERSHIP.c.person_id))
        .where(
            MEMBERSHIP.c.team_id == team_id, MEMBERSHIP.c.role == "focal_point", MEMBERSHIP.c.organization_id.in_(ids)
        )
        .order_by(PERSON.c.name)
    )
    out: dict[int, list[FocalPoint]] = defaultdict(list)
    for org_id, tg, name, username in session.connection().execute(stmt):
        out[int(org_id)].append(FocalPoint(int(tg), str(name or ""), username))
    return dict(out)
