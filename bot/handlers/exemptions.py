"""/kecualikan and /batalkecuali: the secretariat excuses an organization for a period, or lifts it."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.handlers.common import Caller, answer, answer_text, esc, get_caller
from bot.services import PantauContext
from domain.authz import Action
from storage import exemptions, people
from storage.models import Team


async def _team_for(update: Update, context: PantauContext, caller: Caller) -> Team | None:
    """The group's team in a group; in private the one team where the person may excuse."""
    teams = caller.teams_for(Action.EXEMPT)
    if caller.bootstrap_admin and caller.private:
        codes = await context.services.db.run(people.list_team_codes)
        if len(codes) == 1:
            return await context.services.db.run(people.team_by_code, codes[0])
    if not teams:
        if not caller.private and caller.info.group_team_id is None:
            await answer(update, caller.lang, "core.group.not_linked")
        else:
            await answer(update, caller.lang, "core.not_allowed")
        return None
    if caller.private and len(set(teams)) > 1:
        codes = sorted({g.team_code for g in caller.info.grants if g.team_id in teams})
        await answer(update, caller.lang, "core.invite.which_team", choices=esc(", ".join(codes)))
        return None
    return await context.services.db.run(lambda s: s.get(Team, teams[0]))


async def exempt_command(update: Update, context: PantauContext) -> None:
    """/kecualikan ORG PERIOD REASON; without arguments, the list of exemptions."""
    caller = await get_caller(update, context)
    if caller is None:
        return
    team = await _team_for(update, context, caller)
    if team is None:
        return
    services = context.services
    args = list(context.args or [])
    if not args:
        views = await services.db.run(exemptions.list_exemptions, team)
        await answer_text(update, exemptions.list_reply(views, team, caller.lang))
        await answer(update, caller.lang, "reminders.exempt.usage")
        return
    if len(args) < 2:
        await answer(update, caller.lang, "reminders.exempt.usage")
        return
    person = await services.db.run(people.get_person, caller.telegram_id)
    try:
        view = await services.db.run(
            exemptions.exempt,
            team,
            args[0],
            args[1],
            " ".join(args[2:]),
            person.id if person else None,
            services.now(),
        )
    except exemptions.ExemptionError as exc:
        await answer_text(update, exc.message(caller.lang))
        return
    await answer_text(update, exemptions.exempt_reply(view, caller.lang))


async def lift_command(update: Update, context: PantauContext) -> None:
    """/batalkecuali ORG PERIOD."""
    caller = await get_caller(update, context)
    if caller is None:
        return
    team = await _team_for(update, context, caller)
    if team is None:
        return
    args = list(context.args or [])
    if len(args) != 2:
        await answer(update, caller.lang, "reminders.unexempt.usage")
        return
    try:
        view = await context.services.db.run(exemptions.lift_exemption, team, args[0], args[1])
    except exemptions.ExemptionError as exc:
        await answer_text(update, exc.message(caller.lang))
        return
    await answer_text(update, exemptions.lift_reply(view, caller.lang))


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("kecualikan", exempt_command))
    app.add_handler(CommandHandler("batalkecuali", lift_command))
