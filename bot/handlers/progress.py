"""/progres, /rekap, /belum, /kurva, /ekspor: thin handlers over ``pantau.progress_views``.

Loading runs in the database transaction; charts and the XLSX are rendered in a worker thread (never on the event
loop) while Telegram shows "sending photo…".
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, NetworkError
from telegram.ext import Application, CommandHandler

from bot.handlers.common import Caller, answer, answer_text, get_caller, send_outgoing, thread_of
from bot.services import PantauContext
from domain.authz import Action
from pantau import progress_views as views

log = logging.getLogger(__name__)


async def _team_id(update: Update, caller: Caller, action: Action) -> int | None:
    """The group's team in a group (a group sees only its own team); the person's team in private."""
    teams = caller.teams_for(action)
    if teams:
        return teams[0]
    if not caller.private and caller.info.group_team_id is None:
        await answer(update, caller.lang, "core.group.not_linked" if caller.known else "core.unregistered")
    elif not caller.known:
        if caller.private:
            await answer(update, caller.lang, "core.unregistered")
    else:
        await answer(update, caller.lang, "core.not_allowed")
    return None


async def _load(
    update: Update, context: PantauContext, action: Action, loader: Callable[..., Any]
) -> tuple[Caller, Any] | None:
    caller = await get_caller(update, context)
    if caller is None:
        return None
    team_id = await _team_id(update, caller, action)
    if team_id is None:
        return None
    services = context.services
    text = " ".join(context.args or []) or None
    try:
        view = await services.db.run(loader, team_id, text, services.now())
    except views.ProgressArgumentError as exc:
        await answer_text(update, exc.message(caller.lang))
        return None
    return caller, view


async def _send_rendered(
    update: Update, context: PantauContext, action: ChatAction, render: Callable[..., Any], view: Any, lang: str
) -> None:
    chat = update.effective_chat
    assert chat is not None
    thread = thread_of(update)
    try:  # "sending a photo…" is a courtesy: the picture matters more than the notice
        await context.bot.send_chat_action(chat.id, action, message_thread_id=thread)
    except (BadRequest, NetworkError) as exc:  # TimedOut is a NetworkError
        log.info("chat action %s in chat %s not shown: %s", action, chat.id, exc)
    message = await asyncio.to_thread(render, view, lang)
    await send_outgoing(context.bot, chat.id, message, thread_id=thread)


async def progres(update: Update, context: PantauContext) -> None:
    """/progres [program|org]: the achievement chart with a short caption."""
    loaded = await _load(update, context, Action.VIEW_PROGRESS, views.load_progres)
    if loaded:
        caller, view = loaded
        await _send_rendered(update, context, ChatAction.UPLOAD_PHOTO, views.render_progres, view, caller.lang)


async def kurva(update: Update, context: PantauContext) -> None:
    """/kurva [program]: the S-curve, plan vs actual."""
    loaded = await _load(update, context, Action.VIEW_PROGRESS, views.load_kurva)
    if loaded:
        caller, view = loaded
        await _send_rendered(update, context, ChatAction.UPLOAD_PHOTO, views.render_kurva, view, caller.lang)


async def rekap(update: Update, context: PantauContext) -> None:
    """/rekap [period]: the recap table, split over messages within Telegram's limits."""
    loaded = await _load(update, context, Action.VIEW_PROGRESS, views.load_rekap)
    if loaded:
        caller, view = loaded
        for text in views.rekap_messages(view, caller.lang):
            await answer_text(update, text)


async def belum(update: Update, context: PantauContext) -> None:
    """/belum [period]: who has not reported, with their focal points."""
    loaded = await _load(update, context, Action.VIEW_PROGRESS, views.load_belum)
    if loaded:
        caller, view = loaded
        for text in views.belum_messages(view, caller.lang):
            await answer_text(update, text)


async def ekspor(update: Update, context: PantauContext) -> None:
    """/ekspor [period]: the Excel recap for the plenary (chair and secretariat)."""
    loaded = await _load(update, context, Action.EXPORT, views.load_ekspor)
    if loaded:
        caller, data = loaded
        await _send_rendered(update, context, ChatAction.UPLOAD_DOCUMENT, views.render_ekspor, data, caller.lang)


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("progres", progres))
    app.add_handler(CommandHandler("rekap", rekap))
    app.add_handler(CommandHandler("belum", belum))
    app.add_handler(CommandHandler("kurva", kurva))
    app.add_handler(CommandHandler("ekspor", ekspor))
