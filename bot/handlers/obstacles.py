"""/kendala [program|OPD]: the team's open obstacles (``progress.obstacles``), for whoever may see its progress, in
the team's group or privately (a team code among the arguments, as the progress commands take it)."""

from __future__ import annotations

from telegram import Update

from bot.handlers.common import answer_text
from bot.handlers.teams import caller_and_team
from bot.services import PantauContext
from domain.authz import Action
from progress.obstacles import kendala_messages, load_kendala


async def kendala(update: Update, context: PantauContext) -> None:
    """/kendala [program|OPD] [tim]: open obstacles, those needing a decision first, then the oldest."""
    found = await caller_and_team(update, context, Action.VIEW_PROGRESS)
    if found is None:
        return
    caller, chosen = found
    services = context.services
    view = await services.db.run(load_kendala, chosen.team_id, chosen.text, services.now())
    for text in kendala_messages(view, caller.lang):
        await answer_text(update, text)
