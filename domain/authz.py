"""Authorisation in one place: which role may do which action.

Every command and every button asks ``allowed`` on the server side with what the database says about the person;
callback data only names *what* to act on, never *who may*. Organization-scoped actions (reporting) are further
checked against the person's own organizations by ``may_report_for``. Which command needs which action, and in
which kind of chat it works, is said once per command in the command table (``bot.commands.COMMANDS``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal


class Action(StrEnum):
    REPORT = "report"  # /lapor, "Lapor sekarang": own organization's activities only
    HISTORY = "history"  # /riwayat: one's own reports
    VIEW_PROGRESS = "view_progress"  # /progres /rekap /belum /kurva
    EXPORT = "export"  # /ekspor
    INVITE = "invite"  # /undang, /undangan, the invitation buttons of /anggota
    MEMBERS = "members"  # /anggota: the team's organizations, their focal points and who is not connected
    LINK_GROUP = "link_group"  # /hubungkan
    VERIFY = "verify"  # verify or return a report
    EXEMPT = "exempt"  # /kecualikan /batalkecuali
    REOPEN = "reopen"  # /buka
    PLAN = "plan"  # /rencana and sending a plan file back: change the team's plan (a new version)
    CLOSE = "close"  # /tutup: close a period of the team for its parent team
    REOPEN_CLOSING = "reopen_closing"  # /bukatutup: reopen a child team's closed period (in the parent team)
    DECIDE = "decide"  # /putuskan: record a meeting decision (an action item); reopen a done one
    FOLLOW_UP = "follow_up"  # /tindaklanjut: close one's organization's actions (the secretariat: list, reopen)
    AGENDA = "agenda"  # /rapat: the plenary's agenda, built from the data


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    "admin": frozenset(Action),
    "secretariat": frozenset(
        {
            Action.VIEW_PROGRESS,
            Action.EXPORT,
            Action.INVITE,
            Action.MEMBERS,
            Action.LINK_GROUP,
            Action.VERIFY,
            Action.EXEMPT,
            Action.REOPEN,
            Action.PLAN,
            Action.CLOSE,
            Action.REOPEN_CLOSING,
            Action.DECIDE,
            Action.FOLLOW_UP,
            Action.AGENDA,
        }
    ),
    "chair": frozenset({Action.VIEW_PROGRESS, Action.EXPORT, Action.MEMBERS, Action.AGENDA}),
    "focal_point": frozenset({Action.REPORT, Action.HISTORY, Action.VIEW_PROGRESS, Action.FOLLOW_UP}),
    "viewer": frozenset({Action.VIEW_PROGRESS}),
}

# Which roles each role may hand out by invitation.
INVITABLE: dict[str, frozenset[str]] = {
    "admin": frozenset(ROLE_ACTIONS),
    "secretariat": frozenset({"secretariat", "chair", "focal_point", "viewer"}),
}


@dataclass(frozen=True)
class Grant:
    """What authorisation needs to know of one membership."""

    team_id: int
    role: str
    organization_id: int | None = None


def allowed(action: Action, grants: Iterable[Grant], team_id: int, *, bootstrap_admin: bool = False) -> bool:
    """May someone with these grants do ``action`` in team ``team_id``?"""
    if bootstrap_admin:
        return True
    return any(g.team_id == team_id and action in ROLE_ACTIONS.get(g.role, frozenset()) for g in grants)


def teams_allowing(action: Action, grants: Iterable[Grant]) -> list[int]:
    """The teams in which the grants allow ``action``, in first-granted order."""
    seen: list[int] = []
    for g in grants:
        if action in ROLE_ACTIONS.get(g.role, frozenset()) and g.team_id not in seen:
            seen.append(g.team_id)
    return seen


def may_report_for(grants: Iterable[Grant], team_id: int, organization_id: int) -> bool:
    """A focal point reports only for their own organization in that team (admins are not reporters)."""
    return any(
        g.team_id == team_id and g.role == "focal_point" and g.organization_id == organization_id for g in grants
    )


ReportRefusal = Literal["not_reporter", "other_organization"]


def report_refusal(grants: Iterable[Grant], team_id: int, organization_id: int) -> ReportRefusal | None:
    """Why these grants may not report for the organization in the team (None: they may): "not_reporter" when they
    are no focal point anywhere (a viewer, chair, secretariat or admin), "other_organization" when they are the
    focal point of other organizations (or of this one in another team) only."""
    grants = list(grants)
    if may_report_for(grants, team_id, organization_id):
        return None
    if any(g.role == "focal_point" for g in grants):
        return "other_organization"
    return "not_reporter"


def may_invite(grants: Iterable[Grant], team_id: int, role: str, *, bootstrap_admin: bool = False) -> bool:
    if bootstrap_admin:
        return True
    return any(g.team_id == team_id and role in INVITABLE.get(g.role, frozenset()) for g in grants)


# The parent team's people who see its child teams (a province's chair, secretariat, viewer and admin over its
# regencies). A focal point of the parent reports for its own organization and sees the parent's own plan only.
SEES_CHILDREN: frozenset[str] = frozenset({"admin", "secretariat", "chair", "viewer"})


def may_see_children(grants: Iterable[Grant], parent_id: int, *, bootstrap_admin: bool = False) -> bool:
    """May someone with these grants see the child teams of ``parent_id`` (its roll-up, /belum, shared indicators)?
    A role of :data:`SEES_CHILDREN` in the parent itself."""
    if bootstrap_admin:
        return True
    return any(g.team_id == parent_id and g.role in SEES_CHILDREN for g in grants)


def may_see_team(
    grants: Iterable[Grant], team_id: int, ancestors: Iterable[int], *, bootstrap_admin: bool = False
) -> bool:
    """May someone with these grants see team ``team_id``'s progress? Their own grant there allowing
    ``VIEW_PROGRESS``, or a role of :data:`SEES_CHILDREN` in one of its ancestors. ``ancestors`` are the ids of
    the teams above ``team_id`` (its parent, the parent's parent…), as the caller read them from the database:
    never from callback data or arguments. A regency's people see no other regency (a sibling is no ancestor), a
    province none but its own children."""
    grants = list(grants)
    if allowed(Action.VIEW_PROGRESS, grants, team_id, bootstrap_admin=bootstrap_admin):
        return True
    return any(may_see_children(grants, ancestor) for ancestor in ancestors)
