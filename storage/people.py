"""People, their roles, invitations and group chats. Sync repository functions: take a session, never commit."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select as sa_select
from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.models import (
    ROLES,
    Activity,
    GroupChat,
    InviteToken,
    Membership,
    Organization,
    Person,
    Program,
    Team,
    TeamOrganization,
)

TOKEN_BYTES = 24  # 192 random bits; token_urlsafe gives 32 characters, within Telegram's 64 for /start
DEFAULT_INVITE_TTL = timedelta(days=7)


class PeopleError(Exception):
    """A domain refusal with a catalogue key; the caller shows ``t(self.key)``."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


class AlreadyRegistered(PeopleError):
    """A spent invitation opened by someone who already holds its role: they are registered, nothing is wrong."""

    def __init__(self, grant: RoleGrant) -> None:
        super().__init__("core.invite.already_registered")
        self.grant = grant


@dataclass(frozen=True)
class RoleGrant:
    """One membership, flattened for authorisation and display."""

    team_id: int
    team_code: str
    team_name: str
    role: str
    organization_id: int | None
    organization_code: str | None
    organization_name: str | None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def get_person(session: Session, telegram_id: int) -> Person | None:
    return session.exec(select(Person).where(Person.telegram_id == telegram_id)).first()


def upsert_person(
    session: Session,
    telegram_id: int,
    name: str,
    now: datetime,
    *,
    username: str | None = None,
    language: str | None = None,
    private_chat: bool = False,
) -> Person:
    """Create or refresh a person; ``private_chat`` records that they wrote to us (Telegram lets us reply)."""
    person = get_person(session, telegram_id)
    if person is None:
        person = Person(
            telegram_id=telegram_id,
            name=name[:200],
            username=username,
            language=language or "id",
            private_chat=private_chat,
            created_at=now,
        )
        session.add(person)
        session.flush()
        return person
    _refresh_person(person, name, username, private_chat)
    session.add(person)
    return person


def _person_changes(
    stored_name: str,
    stored_username: str | None,
    stored_private: bool,
    stored_reachable: bool,
    name: str,
    username: str | None,
    private_chat: bool,
) -> dict[str, object]:
    """What brings a person's name, username and reachability up to date (empty: nothing to write)."""
    changes: dict[str, object] = {}
    if name and stored_name != name[:200]:
        changes["name"] = name[:200]
    if username and stored_username != username:
        changes["username"] = username
    if private_chat and not (stored_private and stored_reachable):
        changes["private_chat"] = True
        changes["reachable"] = True
    return changes


def _refresh_person(person: Person, name: str, username: str | None, private_chat: bool) -> None:
    """Bring a person's name, username and reachability up to date; unchanged attributes cause no UPDATE."""
    changes = _person_changes(
        person.name, person.username, person.private_chat, person.reachable, name, username, private_chat
    )
    for attribute, value in changes.items():
        setattr(person, attribute, value)


def set_language(session: Session, telegram_id: int, language: str) -> None:
    person = get_person(session, telegram_id)
    if person is not None:
        person.language = language
        session.add(person)


def mark_unreachable(session: Session, telegram_id: int) -> None:
    """The person blocked the bot (403): stop private messages until they write again."""
    person = get_person(session, telegram_id)
    if person is not None:
        person.reachable = False
        session.add(person)


def grants_of(session: Session, telegram_id: int) -> list[RoleGrant]:
    """Every role the person holds, with team and organization codes (one query)."""
    rows = session.exec(
        select(Membership, Team, Organization)
        .join(Person, col(Person.id) == Membership.person_id)
        .join(Team, col(Team.id) == Membership.team_id)
        .join(Organization, col(Organization.id) == Membership.organization_id, isouter=True)
        .where(Person.telegram_id == telegram_id)
        .order_by(col(Membership.id))
    ).all()
    return [
        RoleGrant(
            team_id=team.id or 0,
            team_code=team.code,
            team_name=team.name,
            role=m.role,
            organization_id=m.organization_id,
            organization_code=org.code if org else None,
            organization_name=org.name if org else None,
        )
        for m, team, org in rows
    ]


def grant_role(
    session: Session, person: Person, team: Team, role: str, organization: Organization | None, now: datetime
) -> Membership:
    """Give a role (idempotent: the same grant twice is one membership)."""
    if role not in ROLES:
        raise PeopleError("core.invite.bad_role", role=role)
    if (role == "focal_point") != (organization is not None):
        raise PeopleError("core.invite.org_needed" if role == "focal_point" else "core.invite.org_only_focal")
    org_id = organization.id if organization else None
    existing = session.exec(
        select(Membership).where(
            Membership.person_id == person.id,
            Membership.team_id == team.id,
            Membership.role == role,
            Membership.organization_id == org_id if org_id is not None else col(Membership.organization_id).is_(None),
        )
    ).first()
    if existing:
        return existing
    membership = Membership(
        person_id=person.id or 0, team_id=team.id or 0, role=role, organization_id=org_id, created_at=now
    )
    session.add(membership)
    session.flush()
    return membership


def team_by_code(session: Session, code: str) -> Team | None:
    return session.exec(select(Team).where(col(Team.code).ilike(code.strip()))).first()


def org_by_code(session: Session, code: str) -> Organization | None:
    return session.exec(select(Organization).where(col(Organization.code).ilike(code.strip()))).first()


def _team_org_ids(session: Session, team_id: int) -> set[int]:
    """The team's organizations: its members (the plan's list) and the owners of its activities."""
    members = session.exec(select(TeamOrganization.organization_id).where(TeamOrganization.team_id == team_id)).all()
    owners = session.exec(
        select(Activity.organization_id)
        .join(Program, col(Program.id) == Activity.program_id)
        .where(Program.team_id == team_id)
    ).all()
    return {*members, *owners}


def team_organization_codes(session: Session, team_id: int) -> list[str]:
    """The codes of the team's organizations, sorted."""
    ids = _team_org_ids(session, team_id)
    if not ids:
        return []
    return sorted(session.exec(select(Organization.code).where(col(Organization.id).in_(ids))).all())


def teams_of_organization(session: Session, org_code: str) -> list[str]:
    """The codes of the teams the organization belongs to, sorted (none for an unknown code)."""
    org = org_by_code(session, org_code)
    if org is None or org.id is None:
        return []
    members = session.exec(select(TeamOrganization.team_id).where(TeamOrganization.organization_id == org.id)).all()
    owners = session.exec(
        select(Program.team_id)
        .join(Activity, col(Activity.program_id) == Program.id)
        .where(Activity.organization_id == org.id)
    ).all()
    team_ids = {*members, *owners}
    if not team_ids:
        return []
    return sorted(session.exec(select(Team.code).where(col(Team.id).in_(team_ids))).all())


def create_invite(
    session: Session,
    team_code: str,
    role: str,
    now: datetime,
    *,
    org_code: str | None = None,
    created_by: int | None = None,
    ttl: timedelta = DEFAULT_INVITE_TTL,
) -> tuple[str, InviteToken]:
    """Make a one-time token; only its hash is stored, so the database alone cannot be used to join."""
    team = team_by_code(session, team_code)
    if team is None:
        raise PeopleError("core.team.unknown", team=team_code)
    if role not in ROLES:
        raise PeopleError("core.invite.bad_role", role=role)
    org = None
    if org_code:
        org = org_by_code(session, org_code)
        if org is None:
            raise PeopleError("core.org.unknown", org=org_code)
        if org.id not in _team_org_ids(session, team.id or 0):
            codes = team_organization_codes(session, team.id or 0)
            raise PeopleError("core.invite.org_not_in_team", org=org.code, team=team.code, choices=", ".join(codes))
    if (role == "focal_point") != (org is not None):
        raise PeopleError("core.invite.org_needed" if role == "focal_point" else "core.invite.org_only_focal")
    if ttl <= timedelta(0):
        raise PeopleError("core.invite.bad_expiry")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invite = InviteToken(
        token_hash=hash_token(token),
        team_id=team.id or 0,
        role=role,
        organization_id=org.id if org else None,
        created_by=created_by,
        created_at=now,
        expires_at=now + ttl,
    )
    session.add(invite)
    session.flush()
    return token, invite


def redeem_invite(
    session: Session,
    token: str,
    telegram_id: int,
    name: str,
    now: datetime,
    *,
    username: str | None = None,
    language: str | None = None,
) -> RoleGrant:
    """Register the person with the invite's role; refuses unknown, used and expired tokens. A used token opened
    by someone who holds its role (its own user again, or someone who got the role otherwise) raises
    :class:`AlreadyRegistered` with that role."""
    invite = session.exec(
        select(InviteToken).where(InviteToken.token_hash == hash_token(token)).with_for_update()
    ).first()
    if invite is None:
        raise PeopleError("core.invite.unknown")
    if invite.used_at is not None:
        held = _held_grant(session, telegram_id, invite)
        if held is not None:
            raise AlreadyRegistered(held)
        raise PeopleError("core.invite.used")
    if invite.expires_at <= now:
        raise PeopleError("core.invite.expired")
    person = upsert_person(session, telegram_id, name, now, username=username, language=language, private_chat=True)
    team = session.get(Team, invite.team_id)
    org = session.get(Organization, invite.organization_id) if invite.organization_id else None
    assert team is not None
    grant_role(session, person, team, invite.role, org, now)
    invite.used_at = now
    invite.used_by = person.id
    session.add(invite)
    return RoleGrant(
        team_id=team.id or 0,
        team_code=team.code,
        team_name=team.name,
        role=invite.role,
        organization_id=org.id if org else None,
        organization_code=org.code if org else None,
        organization_name=org.name if org else None,
    )


def _held_grant(session: Session, telegram_id: int, invite: InviteToken) -> RoleGrant | None:
    """The person's role that is exactly the invite's (team, role, organization), if they hold it."""
    for grant in grants_of(session, telegram_id):
        if (grant.team_id, grant.role, grant.organization_id) == (invite.team_id, invite.role, invite.organization_id):
            return grant
    return None


def get_group(session: Session, chat_id: int) -> GroupChat | None:
    return session.exec(select(GroupChat).where(GroupChat.chat_id == chat_id)).first()


def link_group(
    session: Session,
    chat_id: int,
    title: str,
    team: Team,
    linked_by: int | None,
    now: datetime,
    *,
    thread_id: int | None = None,
) -> GroupChat:
    """Link (or re-link) a group to a team and mark it active.

    ``thread_id`` is the forum topic the link was made in (None: General, or a group without topics); the jobs
    and notices post there. Linking again moves it, and linking from General clears it."""
    group = get_group(session, chat_id)
    if group is None:
        group = GroupChat(chat_id=chat_id, title=title[:300])
    group.team_id = team.id
    group.thread_id = thread_id
    group.title = title[:300] or group.title
    group.active = True
    group.linked_by = linked_by
    group.linked_at = now
    session.add(group)
    session.flush()
    return group


def set_group_active(session: Session, chat_id: int, active: bool, title: str | None = None) -> GroupChat | None:
    """Record the bot's addition or removal; a removed group is kept (history) but never sent to."""
    group = get_group(session, chat_id)
    if group is None:
        if not active:
            return None
        group = GroupChat(chat_id=chat_id, title=(title or "")[:300], active=True)
    group.active = active
    if title:
        group.title = title[:300]
    session.add(group)
    session.flush()
    return group


def migrate_group(session: Session, old_chat_id: int, new_chat_id: int) -> GroupChat | None:
    """Follow a group's upgrade to a supergroup: the team link moves to the new id."""
    old = get_group(session, old_chat_id)
    new = get_group(session, new_chat_id)
    if old is None:
        return new
    if new is None:
        new = GroupChat(chat_id=new_chat_id, title=old.title)
    if new.team_id is None:
        new.team_id = old.team_id
        new.linked_by = old.linked_by
        new.linked_at = old.linked_at
        new.thread_id = old.thread_id
    new.active = True
    old.active = False
    old.migrated_to = new_chat_id
    session.add(old)
    session.add(new)
    session.flush()
    return new


def clear_group_thread(session: Session, chat_id: int, thread_id: int) -> bool:
    """The group's topic is gone (deleted or closed): post in General from now on. Only the topic that failed is
    cleared: a group linked meanwhile in another topic keeps it. True when something changed."""
    group = get_group(session, chat_id)
    if group is None or group.thread_id != thread_id:
        return False
    group.thread_id = None
    session.add(group)
    session.flush()
    return True


def group_threads(session: Session, chat_ids: Sequence[int]) -> dict[int, int | None]:
    """The topic each group posts in (None: General), for the groups among ``chat_ids`` that are known."""
    if not chat_ids:
        return {}
    rows = session.exec(
        select(GroupChat.chat_id, GroupChat.thread_id).where(col(GroupChat.chat_id).in_(list(chat_ids)))
    ).all()
    return {chat_id: thread_id for chat_id, thread_id in rows}


def active_groups(session: Session, team_id: int) -> list[GroupChat]:
    return list(
        session.exec(select(GroupChat).where(GroupChat.team_id == team_id, col(GroupChat.active).is_(True))).all()
    )


def focal_point_count(session: Session, team_id: int) -> int:
    """How many focal-point roles the team has (people the reminders could reach)."""
    rows = session.exec(
        select(Membership.id).where(Membership.team_id == team_id, Membership.role == "focal_point")
    ).all()
    return len(rows)


@dataclass(frozen=True)
class CallerInfo:
    """Who wrote, as the database knows them, and the team of the group they wrote in (if linked)."""

    telegram_id: int
    name: str
    language: str
    registered: bool
    grants: tuple[RoleGrant, ...]
    group_team_id: int | None
    group_team_code: str | None


def load_caller(
    session: Session,
    telegram_id: int,
    name: str,
    now: datetime,
    *,
    username: str | None,
    default_language: str,
    private: bool,
    group_chat_id: int | None,
    always_record: bool,
) -> CallerInfo:
    """One transaction per update: refresh the person and read their roles and the group's team.

    A known person and their roles are one query of plain columns (this runs on every update), and the person is
    written only when Telegram tells us something new about them."""
    rows = session.execute(
        sa_select(  # sqlmodel's select() types four columns at most
            col(Person.id),
            col(Person.name),
            col(Person.username),
            col(Person.language),
            col(Person.private_chat),
            col(Person.reachable),
            col(Membership.team_id),
            col(Membership.role),
            col(Membership.organization_id),
            col(Team.code),
            col(Team.name),
            col(Organization.code),
            col(Organization.name),
        )
        .select_from(Person)
        .outerjoin(Membership, col(Membership.person_id) == Person.id)
        .outerjoin(Team, col(Team.id) == Membership.team_id)
        .outerjoin(Organization, col(Organization.id) == Membership.organization_id)
        .where(col(Person.telegram_id) == telegram_id)
        .order_by(col(Membership.id))
    ).all()
    grants: tuple[RoleGrant, ...] = ()
    if rows:
        person_id, stored_name, stored_username, language, stored_private, stored_reachable = rows[0][:6]
        changes = _person_changes(
            stored_name, stored_username, stored_private, stored_reachable, name, username, private
        )
        if changes:
            session.execute(update(Person).where(col(Person.id) == person_id).values(**changes))
        person_name = str(changes.get("name", stored_name))
        grants = tuple(
            RoleGrant(
                team_id=team_id,
                team_code=team_code,
                team_name=team_name,
                role=role,
                organization_id=org_id,
                organization_code=org_code,
                organization_name=org_name,
            )
            for (*_person, team_id, role, org_id, team_code, team_name, org_code, org_name) in rows
            if team_id is not None
        )
    elif always_record or private:
        person = upsert_person(
            session, telegram_id, name, now, username=username, language=default_language, private_chat=private
        )
        person_name, language = person.name, person.language
    else:
        person_name, language = name, default_language
    team_id = team_code = None
    if group_chat_id is not None:
        group = get_group(session, group_chat_id)
        if group is not None and group.active and group.team_id is not None:
            team = session.get(Team, group.team_id)
            team_id, team_code = group.team_id, team.code if team else None
    return CallerInfo(
        telegram_id=telegram_id,
        name=person_name,
        language=language,
        registered=bool(grants),
        grants=grants,
        group_team_id=team_id,
        group_team_code=team_code,
    )


def list_team_codes(session: Session) -> list[str]:
    return list(session.exec(select(Team.code).order_by(Team.code)).all())
