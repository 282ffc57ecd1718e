"""A parent team's people over its child teams (issue 15): /rekap and /belum on a parent, drilling into a child,
and /indikator.

/rekap and /belum (``bot.handlers.progress``) ask :func:`route` first, which reads the caller and every team's code
and parent in one transaction and decides:

- the team the command resolves to (the group's team; in private the team named, or the only one) has child teams
  and the caller is one of its people who see them (``domain.authz.may_see_children``: chair, secretariat, viewer,
  admin): the parent's view (:func:`progress.province`), answered here;
- the argument names a team the caller has no role in, and the caller sees it from one of its ancestors
  (``domain.authz.may_see_team``; in a group only from the group's own team, as a group sees its own team): that
  team is handed back to the caller's command, which answers with the team's normal recap or /belum;
- anything else: the ordinary rules (``bot.handlers.teams.resolve_team``) with what was already read, which also
  refuse another regency or another province's team ("not your team").

Every team named or resolved is checked here on the server, against ``Team.parent_id`` as the database holds it;
arguments only name a team, never who may see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from sqlmodel import Session, col, select
from telegram import Update

from bot.handlers.common import Caller, answer_text, get_caller_with
from bot.handlers.teams import TeamArgs, caller_and_team, resolve_team
from bot.services import PantauContext
from domain.authz import Action, allowed, may_see_children, may_see_team
from domain.teams import take_team_code
from progress import province as views_province
from progress import views
from storage.models import Team
from texts import t
from texts.markup import esc

Kind = Literal["rekap", "belum"]


@dataclass(frozen=True)
class Teams:
    """Every team's code and parent, as the database holds them."""

    codes: dict[str, int]
    parent_of: dict[int, int | None]

    def ancestors(self, team_id: int) -> list[int]:
        """The teams above ``team_id``, nearest first (a loop, which the plan refuses, stops the walk)."""
        seen: list[int] = []
        up = self.parent_of.get(team_id)
        while up is not None and up not in seen and up != team_id:
            seen.append(up)
            up = self.parent_of.get(up)
        return seen

    def has_children(self, team_id: int) -> bool:
        return any(parent == team_id for parent in self.parent_of.values())


def read_teams(session: Session, _telegram_id: int | None = None) -> Teams:
    rows = session.exec(select(Team.code, Team.id, Team.parent_id).order_by(col(Team.code))).all()
    return Teams(
        {code: tid for code, tid, _ in rows if tid is not None},
        {tid: parent for _, tid, parent in rows if tid is not None},
    )


@dataclass(frozen=True)
class _Route:
    kind: Literal["parent", "child"]
    team_id: int
    args: list[str]


def _grants_here(caller: Caller) -> list[Any]:
    """The caller's grants that count in this chat: all in private, the group's team's in a group."""
    grants = caller.grants()
    return grants if caller.private else [g for g in grants if g.team_id == caller.info.group_team_id]


def choose(caller: Caller, teams: Teams, args: list[str]) -> _Route | None:
    """A parent's view or a child seen from above, or None for the ordinary rules (module docstring)."""
    if not caller.known:
        return None
    grants = _grants_here(caller)
    boss = caller.bootstrap_admin
    group_team = None if caller.private else caller.info.group_team_id
    if not caller.private and group_team is None:
        return None
    named, rest = take_team_code(args, teams.codes)
    if named is None:
        if caller.private:
            mine = list(teams.codes.values()) if boss else caller.teams_for(Action.VIEW_PROGRESS)
            if len(set(mine)) != 1:
                return None
            team = mine[0]
        else:
            assert group_team is not None
            team = group_team
        if teams.has_children(team) and may_see_children(grants, team, bootstrap_admin=boss):
            return _Route("parent", team, list(rest))
        return None
    team = teams.codes[named]
    ups = teams.ancestors(team)
    if group_team is not None and team != group_team and group_team not in ups:
        return None  # another team's data in this group: the ordinary refusal
    if teams.has_children(team) and may_see_children(grants, team, bootstrap_admin=boss):
        return _Route("parent", team, list(rest))
    own = team == group_team if group_team is not None else (boss or allowed(Action.VIEW_PROGRESS, grants, team))
    if not own and may_see_team(grants, team, ups, bootstrap_admin=boss):
        return _Route("child", team, list(rest))
    return None


async def route(update: Update, context: PantauContext, kind: Kind) -> tuple[Caller, TeamArgs] | None:
    """For /rekap and /belum: answer a parent's view here (None), or the caller and the team their command is
    about (a child seen from its parent, or the ordinary rules); None as well after a refusal."""
    caller, teams = await get_caller_with(update, context, read_teams)
    if caller is None or teams is None:
        return None
    args = list(context.args or [])
    chosen = choose(caller, teams, args)
    if chosen is None:
        found = await resolve_team(update, caller, teams.codes, args, Action.VIEW_PROGRESS)
        return (caller, found) if found is not None else None
    if chosen.kind == "child":
        return caller, TeamArgs(chosen.team_id, chosen.args)
    loader: Callable[..., Any]
    render: Callable[..., list[str]]
    if kind == "rekap":
        loader, render = views_province.load_parent_rekap, views_province.parent_rekap_messages
    else:
        loader, render = views_province.load_parent_belum, views_province.parent_belum_messages
    await _answer_view(update, context, caller, loader, render, chosen.team_id, " ".join(chosen.args) or None)
    return None


async def _answer_view(
    update: Update,
    context: PantauContext,
    caller: Caller,
    loader: Callable[..., Any],
    render: Callable[..., list[str]],
    team_id: int,
    text: str | None,
) -> None:
    services = context.services
    try:
        view = await services.db.run(loader, team_id, text, services.now())
    except views.ProgressArgumentError as exc:
        await answer_text(update, views.error_text(exc, caller.lang))
        return
    for message in render(view, caller.lang):
        await answer_text(update, message)


def _team_and_children(session: Session, team_id: int) -> tuple[str, bool]:
    teams = read_teams(session)
    code = next((c for c, i in teams.codes.items() if i == team_id), "")
    return code, teams.has_children(team_id)


async def indikator(update: Update, context: PantauContext) -> None:
    """/indikator KODE [period] [team]: a shared indicator (kode bersama) across the child teams of the group's team
    (or, in private, the team named or the only one), for the parent's people."""
    found = await caller_and_team(update, context, Action.VIEW_PROGRESS)
    if found is None:
        return
    caller, chosen = found
    services = context.services
    code, has_children = await services.db.run(_team_and_children, chosen.team_id)
    if not has_children:
        await answer_text(update, t("province.indikator_parent_only", caller.lang, team=esc(code)))
        return
    if not may_see_children(_grants_here(caller), chosen.team_id, bootstrap_admin=caller.bootstrap_admin):
        await answer_text(update, t("progress.team.not_allowed", caller.lang, team=esc(code)))
        return
    await _answer_view(
        update,
        context,
        caller,
        views_province.load_indikator,
        views_province.indikator_messages,
        chosen.team_id,
        chosen.text,
    )
