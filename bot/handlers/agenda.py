"""/rapat [periode]: the plenary's agenda built from the data (``progress.agenda``), for the secretariat and the
chair. In the team's group it is posted there, for everyone in the meeting; in private it answers privately."""

from __future__ import annotations

from telegram import Update

from bot.handlers.common import answer_text
from bot.handlers.teams import caller_and_team
from bot.services import PantauContext
from domain.authz import Action
from progress import views
from progress.agenda import load_agenda, render_agenda


async def rapat(update: Update, context: PantauContext) -> None:
    """/rapat [periode] [TIM]: the agenda's sections, over as many messages as it takes."""
    found = await caller_and_team(update, context, Action.AGENDA)
    if found is None:
        return
    caller, chosen = found
    services = context.services
    try:
        agenda = await services.db.run(load_agenda, chosen.team_id, chosen.text, services.now())
    except views.ProgressArgumentError as exc:
        await answer_text(update, views.error_text(exc, caller.lang))
        return
    for text in render_agenda(agenda, caller.lang):
        await answer_text(update, text)
