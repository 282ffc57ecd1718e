"""The team of a team command, for every handler that has one (/progres, /rekap, /belum, /kurva, /ekspor,
/kecualikan, /batalkecuali): the rules are ``domain.teams.choose_team``; this reads the team codes, takes the code
out of the arguments and answers the refusals."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select
from telegram import Update

from bot.handlers.common import Caller, answer, get_caller_with, refuse
from bot.services import PantauContext
from domain.authz import Action
from domain.teams import choose_team
from storage.models import Team
from texts.markup import esc


@dataclass(frozen=True)
class TeamArgs:
    """The team a command is about and its arguments without the team code."""

    team_id: int
    args: list[str]

    @property
    def text(self) -> str | None:
        return " ".join(self.args) or None


def team_codes(session: Session) -> dict[str, int]:
    """Every team's code and id."""
    rows = session.exec(select(Team.code, Team.id).order_by(col(Team.code))).all()
    return {code: team_id for code, team_id in rows if team_id is not None}


def _command(update: Update) -> str:
    message = update.effective_message
    first = (message.text or "").split(maxsplit=1)[0] if message is not None and message.text else ""
    return first.partition("@")[0] or "/rekap"


async def caller_and_team(
    update: Update, context: PantauContext, action: Action, *, within: int | None = None
) -> tuple[Caller, TeamArgs] | None:
    """Who is asking and the team of their command with its remaining arguments, read in one transaction; None
    after answering why there is none (or for an update without a person)."""
    caller, codes = await get_caller_with(update, context, _codes)
    if caller is None or codes is None:
        return None
    chosen = await resolve_team(update, caller, codes, list(context.args or []), action, within=within)
    return (caller, chosen) if chosen is not None else None


def _codes(session: Session, _telegram_id: int) -> dict[str, int]:
    return team_codes(session)


async def resolve_team(
    update: Update,
    caller: Caller,
    codes: dict[str, int],
    args: list[str],
    action: Action,
    *,
    within: int | None = None,
) -> TeamArgs | None:
    """The team of the command and the arguments left; None after answering why there is none."""
    # an admin who may do everything (PANTAU_ADMIN_IDS) may do it in every team
    allowed = list(codes.values()) if caller.private and caller.bootstrap_admin else caller.teams_for(action)
    choice = choose_team(
        args, codes, allowed, private=caller.private, group_team=caller.info.group_team_id, within=within
    )
    if choice.team_id is not None:
        return TeamArgs(choice.team_id, list(choice.args))
    lang = caller.lang
    if choice.refusal == "other_group" and caller.known:
        await answer(
            update,
            lang,
            "progress.team.other_group",
            team=esc(choice.named),
            group_team=esc(caller.info.group_team_code or ""),
        )
    elif choice.refusal == "which":
        example = " ".join([_command(update), choice.choices[0], *choice.args])
        await answer(update, lang, "progress.team.which", example=esc(example), choices=esc(", ".join(choice.choices)))
    elif choice.refusal == "not_allowed" and choice.named is not None and caller.private and caller.known:
        await answer(update, lang, "progress.team.not_allowed", team=esc(choice.named))
    else:  # not registered, unlinked group, no role here: one answer alike in every chat
        await refuse(update, caller)
    return None
