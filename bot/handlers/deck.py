"""/bahanrapat [periode]: the plenary meeting's PowerPoint deck (``progress.deck``), for the chair and the secretariat,
in the team's group or in private (a team code among the arguments, as the progress commands take it).

The data is read in one transaction; the deck (charts and file) is built in a worker thread while the chat shows
"⏳ Sedang menyiapkan bahan rapat…" and "sending a file…".
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, NetworkError

from bot.handlers.common import answer, answer_text, send_outgoing, thread_of
from bot.handlers.teams import caller_and_team
from bot.services import PantauContext
from domain.authz import Action
from progress import deck, views

log = logging.getLogger(__name__)


async def bahanrapat(update: Update, context: PantauContext) -> None:
    """/bahanrapat [periode] [tim]: the deck of the period (default: the period every screen lands on)."""
    found = await caller_and_team(update, context, Action.AGENDA)
    if found is None:
        return
    caller, chosen = found
    services = context.services
    try:
        data = await services.db.run(deck.collect_deck, chosen.team_id, chosen.text, services.now())
    except views.ProgressArgumentError as exc:
        await answer_text(update, views.error_text(exc, caller.lang))
        return
    await answer(update, caller.lang, "deck.preparing")
    chat = update.effective_chat
    assert chat is not None
    thread = thread_of(update)
    try:  # "sending a file…" is a courtesy: the deck matters more than the notice
        await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT, message_thread_id=thread)
    except (BadRequest, NetworkError) as exc:  # TimedOut is a NetworkError
        log.info("chat action in chat %s not shown: %s", chat.id, exc)
    message = await asyncio.to_thread(deck.render_bahanrapat, data, caller.lang)
    await send_outgoing(context.bot, chat.id, message, thread_id=thread)
