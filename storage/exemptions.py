"""Excusing an organization from a period (``/kecualikan``, ``/batalkecuali``, the plan's ``exemptions:``).

An excused organization leaves the expected reports and gets no reminder; escalations and the chair's note list it
with its reason. Sync repository functions: take a session, never commit. Refusals raise :class:`ExemptionError`
with a catalogue key (``reminders.exempt.*``) and the values of its text; the bot renders the reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from domain.periods import Period, PeriodKind, PeriodParseError, parse_period
from domain.text import is_visibly_empty
from storage.models import Activity, Exemption, Organization, Program, Team, TeamOrganization

MAX_REASON = 1000


class ExemptionError(Exception):
    """A refusal with a catalogue key and the values its text needs (as written: escaping is the reply's job)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = {k: str(v) for k, v in values.items()}


@dataclass(frozen=True)
class ExemptionView:
    """An exemption as shown to people."""

    id: int
    team_code: str
    organization_code: str
    organization_name: str
    period_key: str
    reason: str
    created_by: int | None
    created_at: datetime

    def period_label(self, lang: str | None = "id") -> str:
        return Period.from_key(self.period_key).label(lang)


def _team_organization(session: Session, team: Team, org_code: str) -> Organization:
    """The organization ``org_code`` if it belongs to the team (as a member or as owner of one of its activities)."""
    code = org_code.strip()
    org = session.exec(select(Organization).where(col(Organization.code).ilike(code))).first() if code else None
    if org is not None:
        member = session.exec(
            select(TeamOrganization).where(
                TeamOrganization.team_id == team.id, TeamOrganization.organization_id == org.id
            )
        ).first()
        owner = (
            member
            or session.exec(
                select(Activity.id)
                .join(Program, col(Program.id) == Activity.program_id)
                .where(Program.team_id == team.id, Activity.organization_id == org.id)
            ).first()
        )
        if owner is not None:
            return org
    raise ExemptionError("reminders.exempt.unknown_org", org=code, team=team.code)


def _period(team: Team, text: str) -> Period:
    kind: PeriodKind = "month" if team.period_kind == "month" else "quarter"
    try:
        return parse_period(text, kind, team.year)
    except PeriodParseError:
        example = "TW I" if kind == "quarter" else "Maret"
        raise ExemptionError("reminders.exempt.bad_period", period=text.strip(), example=example) from None


def _view(team: Team, org: Organization, ex: Exemption) -> ExemptionView:
    return ExemptionView(
        id=ex.id or 0,
        team_code=team.code,
        organization_code=org.code,
        organization_name=org.name,
        period_key=ex.period_key,
        reason=ex.reason,
        created_by=ex.created_by,
        created_at=ex.created_at,
    )


def _find(session: Session, team: Team, org: Organization, period_key: str) -> Exemption | None:
    return session.exec(
        select(Exemption).where(
            Exemption.team_id == team.id,
            Exemption.organization_id == org.id,
            Exemption.period_key == period_key,
        )
    ).first()


def exempt(
    session: Session, team: Team, org: str, period: str, reason: str, by: int | None, now: datetime
) -> ExemptionView:
    """Excuse organization ``org`` (code) for ``period`` (a key or what people type: "TW1", "Maret") with a reason.

    ``by`` is the ``Person.id`` of the secretariat member. Raises :class:`ExemptionError` for an unknown
    organization or period, a missing reason, or an organization already excused for that period.
    """
    reason = " ".join(reason.split())
    if is_visibly_empty(reason):
        raise ExemptionError("reminders.exempt.reason_needed")
    organization = _team_organization(session, team, org)
    p = _period(team, period)
    existing = _find(session, team, organization, p.key)
    if existing is not None:
        raise ExemptionError(
            "reminders.exempt.duplicate", org=organization.code, period=p.label("id"), reason=existing.reason
        )
    ex = Exemption(
        team_id=team.id or 0,
        organization_id=organization.id or 0,
        period_key=p.key,
        reason=reason[:MAX_REASON],
        created_by=by,
        created_at=now,
    )
    session.add(ex)
    session.flush()
    return _view(team, organization, ex)


def lift_exemption(session: Session, team: Team, org: str, period: str) -> ExemptionView:
    """Lift an exemption: the organization must report again for the period (reminders resume on the next tick)."""
    organization = _team_organization(session, team, org)
    p = _period(team, period)
    ex = _find(session, team, organization, p.key)
    if ex is None:
        raise ExemptionError("reminders.unexempt.not_found", org=organization.code, period=p.label("id"))
    view = _view(team, organization, ex)
    session.delete(ex)
    session.flush()
    return view


def list_exemptions(session: Session, team: Team, period_key: str | None = None) -> list[ExemptionView]:
    """The team's exemptions, by period then organization code."""
    query = (
        select(Exemption, Organization)
        .join(Organization, col(Organization.id) == Exemption.organization_id)
        .where(Exemption.team_id == team.id)
        .order_by(col(Exemption.period_key), col(Organization.code))
    )
    if period_key is not None:
        query = query.where(Exemption.period_key == period_key)
    return [_view(team, org, ex) for ex, org in session.exec(query).all()]
