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
    INVITE = "invite"  # /undang
    LINK_GROUP = "link_group"  # /hubungkan
    VERIFY = "verify"  # verify or return a report
    EXEMPT = "exempt"  # /kecualikan /batalkecuali
    REOPEN = "reopen"  # /buka
    PLAN = "plan"  # /rencana and sending a plan file back: change the team's plan (a new version)


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    "admin": frozenset(Action),
    "secretariat": frozenset(
        {
            Action.VIEW_PROGRESS,
            Action.EXPORT,
            Action.INVITE,
            Action.LINK_GROUP,
            Action.VERIFY,
            Action.EXEMPT,
            Action.REOPEN,
            Action.PLAN,
        }
    ),
    "chair": frozenset({Action.VIEW_PROGRESS, Action.EXPORT}),
    "focal_point": frozenset({Action.REPORT, Action.HISTORY, Action.VIEW_PROGRESS}),
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
