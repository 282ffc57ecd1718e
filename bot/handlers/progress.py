"""/progres, /rekap, /belum, /kurva, /ekspor: thin handlers over ``progress.views``.

Each takes a team code among its arguments (``bot.handlers.teams``), in any place, besides its period, program or
organization: "/rekap TKPKD-SOLOK TW III". Without a period each lands on ``domain.periods.landing_period``;
/ekspor without a period is the whole year.

Loading runs in the database transaction; charts and the XLSX are rendered in a worker thread (never on the event
loop) while Telegram shows "sending photo…".
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from telegram import Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, NetworkError, TelegramError

from bot.handlers import province
from bot.handlers.common import Caller, answer_text, send_outgoing, thread_of
from bot.handlers.teams import TeamArgs, caller_and_team
from bot.services import PantauContext
from domain.authz import Action
from progress import province_charts, province_xlsx, views
from texts import t

log = logging.getLogger(__name__)


async def _load(
    update: Update,
    context: PantauContext,
    action: Action,
    loader: Callable[..., Any],
    routed: tuple[Caller, TeamArgs] | None = None,
) -> tuple[Caller, Any] | None:
    """The caller and the command's view, for the team the arguments name (``bot.handlers.teams``): the group's
    own team in a group; in private the one named, the only one, or the question which one (or the team
    ``routed`` by ``bot.handlers.province``)."""
    found = routed or await caller_and_team(update, context, action)
    if found is None:
        return None
    caller, chosen = found
    services = context.services
    try:
        view = await services.db.run(loader, chosen.team_id, chosen.text, services.now())
    except views.ProgressArgumentError as exc:
        await answer_text(update, views.error_text(exc, caller.lang))
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
    """/progres [program|org] [period] [team]: the achievement chart with a short caption (a parent team: one bar
    per child team)."""
    loaded = await _load(update, context, Action.VIEW_PROGRESS, province_charts.load_progres)
    if loaded:
        caller, view = loaded
        render = province_charts.render_progres
        await _send_rendered(update, context, ChatAction.UPLOAD_PHOTO, render, view, caller.lang)


async def kurva(update: Update, context: PantauContext) -> None:
    """/kurva [program] [team]: the S-curve, plan vs actual (a parent team: over its children, by budget)."""
    loaded = await _load(update, context, Action.VIEW_PROGRESS, province_charts.load_kurva)
    if loaded:
        caller, view = loaded
        await _send_rendered(update, context, ChatAction.UPLOAD_PHOTO, province_charts.render_kurva, view, caller.lang)


async def rekap(update: Update, context: PantauContext) -> None:
    """/rekap [period] [team]: the recap table, split over messages within Telegram's limits; on a parent team its
    child teams, or one child's recap from above (``bot.handlers.province``)."""
    routed = await province.route(update, context, "rekap")
    if routed is None:  # answered: a parent's view, or a refusal
        return
    loaded = await _load(update, context, Action.VIEW_PROGRESS, views.load_rekap, routed)
    if loaded:
        caller, view = loaded
        for text in views.rekap_messages(view, caller.lang):
            await answer_text(update, text)


async def belum(update: Update, context: PantauContext) -> None:
    """/belum [period] [team]: who has not reported, with their focal points; on a parent team the child teams that
    have not closed the period (``bot.handlers.province``)."""
    routed = await province.route(update, context, "belum")
    if routed is None:  # answered: a parent's view, or a refusal
        return
    loaded = await _load(update, context, Action.VIEW_PROGRESS, views.load_belum, routed)
    if loaded:
        caller, view = loaded
        for text in views.belum_messages(view, caller.lang):
            await answer_text(update, text)


async def ekspor(update: Update, context: PantauContext) -> None:
    """/ekspor [period] [team]: the Excel recap for the plenary (chair and secretariat); the year without a period (a
    parent team: the period's roll-up and one sheet per child team).

    A province's workbook takes several seconds (its reads and 14 sheets of 600 rows), so once the caller may have
    it: "⏳ Sedang menyiapkan rekap…" at once and "sending a file…" while it is read and rendered (repeated, as
    Telegram shows it for 5 s); the notice is deleted when the workbook is sent, or becomes the error when the
    period typed is not one of the year."""
    found = await caller_and_team(update, context, Action.EXPORT)
    if found is None:
        return
    caller, chosen = found
    services = context.services
    notice = await answer_text(update, t("progress.ekspor_preparing", caller.lang))
    chat = update.effective_chat
    assert chat is not None
    thread = thread_of(update)
    try:
        async with _showing(context, chat.id, ChatAction.UPLOAD_DOCUMENT, thread):
            try:
                data = await services.db.run(province_xlsx.load_ekspor, chosen.team_id, chosen.text, services.now())
            except views.ProgressArgumentError as exc:
                await _replace(update, notice, views.error_text(exc, caller.lang))
                notice = None
                return
            message = await asyncio.to_thread(province_xlsx.render_ekspor, data, caller.lang)
        await send_outgoing(context.bot, chat.id, message, thread_id=thread)
    finally:  # sent, or failed (the error handler says so): the notice has done its work
        if notice is not None:
            await _delete(notice)


ACTION_EVERY_SECONDS = 4.5  # Telegram shows a chat action for 5 s, or until the bot's next message


@contextlib.asynccontextmanager
async def _showing(context: PantauContext, chat_id: int, action: ChatAction, thread: int | None) -> AsyncIterator[None]:
    """Show ``action`` ("sending a file…") in the chat for as long as the block runs."""

    async def keep() -> None:
        while True:
            try:  # a courtesy: the work matters more than the notice (a refusal, a 429, a timeout: not shown)
                await context.bot.send_chat_action(chat_id, action, message_thread_id=thread)
            except TelegramError as exc:
                log.info("chat action %s in chat %s not shown: %s", action, chat_id, exc)
            await asyncio.sleep(ACTION_EVERY_SECONDS)

    task = asyncio.create_task(keep())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _replace(update: Update, notice: Message | None, text: str) -> None:
    """``notice`` edited into ``text`` (or ``text`` sent, when it cannot be)."""
    if notice is not None:
        try:
            await notice.edit_text(text)
            return
        except TelegramError as exc:
            log.info("notice %s not edited: %s", notice.message_id, exc)
            await _delete(notice)
    await answer_text(update, text)


async def _delete(notice: Message) -> None:
    try:
        await notice.delete()
    except TelegramError as exc:  # left in the chat: it only said the recap was being prepared
        log.info("notice %s not deleted: %s", notice.message_id, exc)
