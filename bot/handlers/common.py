"""Helpers every handler uses: who is asking, may they, and answering from the catalogue."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session
from telegram import (
    Bot,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.constants import CallbackQueryLimit, ChatType
from telegram.error import BadRequest, NetworkError

from bot.services import PantauContext
from domain.authz import Action, Grant, allowed, teams_allowing
from storage.people import CallerInfo, load_caller
from texts import t
from texts.outgoing import Button, OutgoingMessage

T = TypeVar("T")
log = logging.getLogger(__name__)
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


@dataclass(frozen=True)
class Caller:
    """The person behind an update, as the database knows them, in the chat they wrote in."""

    info: CallerInfo
    bootstrap_admin: bool
    chat_id: int
    private: bool

    @property
    def lang(self) -> str:
        return self.info.language

    @property
    def telegram_id(self) -> int:
        return self.info.telegram_id

    @property
    def known(self) -> bool:
        return self.info.registered or self.bootstrap_admin

    def grants(self) -> list[Grant]:
        return [Grant(g.team_id, g.role, g.organization_id) for g in self.info.grants]

    def can(self, action: Action, team_id: int) -> bool:
        return allowed(action, self.grants(), team_id, bootstrap_admin=self.bootstrap_admin)

    def teams_for(self, action: Action) -> list[int]:
        """Teams where the action is allowed; in a linked group, only that group's team (a group sees its own)."""
        if not self.private:
            team = self.info.group_team_id
            return [team] if team is not None and (self.bootstrap_admin or self.can(action, team)) else []
        return teams_allowing(action, self.grants())


async def refuse(update: Update, caller: Caller) -> None:
    """Why a command that needs a role in the chat's team was refused, alike in every chat: an unregistered person
    is told so in one short line (in a linked group as in an unlinked one or in private); a registered person in an
    unlinked group, that the group is not linked; anyone else, that their role does not allow it."""
    if not caller.known:
        key = "core.unregistered"
    elif not caller.private and caller.info.group_team_id is None:
        key = "core.group.not_linked"
    else:
        key = "core.not_allowed"
    await answer(update, caller.lang, key)


def is_private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


async def get_caller(update: Update, context: PantauContext, *, always_record: bool = False) -> Caller | None:
    """Who is asking, as the database knows them (one transaction)."""
    caller, _ = await get_caller_with(update, context, None, always_record=always_record)
    return caller


async def get_caller_with(
    update: Update,
    context: PantauContext,
    also: Callable[..., T] | None,
    *args: Any,
    always_record: bool = False,
) -> tuple[Caller | None, T | None]:
    """The caller and ``also(session, telegram_id, *args)`` read in the same transaction, one instead of two per
    update (the report conversation reads the person's draft this way)."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or user.is_bot:
        return None, None
    services = context.services
    private = chat.type == ChatType.PRIVATE

    def read(session: Session) -> tuple[CallerInfo, T | None]:
        info = load_caller(
            session,
            user.id,
            user.full_name,
            services.now(),
            username=user.username,
            default_language=services.settings.language,
            private=private,
            group_chat_id=None if private else chat.id,
            always_record=always_record or services.is_bootstrap_admin(user.id),
        )
        return info, also(session, user.id, *args) if also is not None else None

    info, extra = await services.db.run(read)
    caller = Caller(info=info, bootstrap_admin=services.is_bootstrap_admin(user.id), chat_id=chat.id, private=private)
    return caller, extra


def keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(b.text, url=b.url)
                if b.url
                else InlineKeyboardButton(b.text, callback_data=b.callback_data)
                for b in row
            ]
            for row in rows
        ]
    )


def thread_of(update: Update) -> int | None:
    """The forum topic the update's message is in, so that the reply goes to the same topic (None: General or
    not a forum). Only a topic message's thread id names a topic: in General, or in a reply thread of an ordinary
    supergroup, Telegram sets ``message_thread_id`` too but refuses it back ("message thread not found")."""
    message = update.effective_message
    if isinstance(message, Message) and message.is_topic_message and message.message_thread_id:
        return message.message_thread_id
    return None


async def reply(update: Update, text: str, markup: Markup | None = None) -> Message | None:
    """Send ``text`` (HTML) to the update's chat, in the update's forum topic."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(text, reply_markup=markup, message_thread_id=thread_of(update))


def is_not_modified(error: BadRequest) -> bool:
    """Telegram's 400 for an edit that changes nothing (a double tap, a page already shown): harmless."""
    return "message is not modified" in str(error).lower()


def is_too_old(error: BadRequest) -> bool:
    """Telegram's 400 for a callback answer after its short window (the bot was busy or down): harmless."""
    text = str(error).lower()
    return "query is too old" in text or "query id is invalid" in text


async def answer_query(query: CallbackQuery, text: str | None = None, *, show_alert: bool = False) -> bool:
    """Answer a button press; an answer that comes too late or times out only loses the notice, never the press's
    work.

    Telegram accepts an answer only for a few seconds after the press and at most 200 characters of text."""
    if text is not None and len(text) > CallbackQueryLimit.ANSWER_CALLBACK_QUERY_TEXT_LENGTH:
        text = text[: CallbackQueryLimit.ANSWER_CALLBACK_QUERY_TEXT_LENGTH - 1] + "…"
    try:
        return await query.answer(text, show_alert=show_alert)
    except BadRequest as exc:
        if not is_too_old(exc):
            raise
        log.info("callback query %s answered too late: %s", query.id, exc)
        return False
    except NetworkError as exc:  # a timeout: the spinner stops by itself; the press's work is done
        log.info("callback query %s maybe not answered: %s", query.id, exc)
        return False


async def edit_or_send(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Message | None:
    """Show ``text`` in place of the pressed button's message; send it anew when that message cannot be edited
    (inaccessible, deleted, not ours). The same content again ("message is not modified") is left as it is."""
    query = update.callback_query
    message = query.message if query is not None else None
    if query is not None and isinstance(message, Message):
        try:
            edited = await query.edit_message_text(text, reply_markup=markup)
            return edited if isinstance(edited, Message) else None
        except BadRequest as exc:
            if is_not_modified(exc):
                return None
            log.info("could not edit message %s: %s; sending it anew", message.message_id, exc)
    return await reply(update, text, markup)


async def drop_buttons(query: CallbackQuery) -> None:
    """Remove the inline keyboard of the pressed button's message, if it can still be edited (best effort)."""
    if not isinstance(query.message, Message):
        return  # inaccessible: nothing to edit
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as exc:
        if not is_not_modified(exc):
            log.info("could not remove the buttons of message %s: %s", query.message.message_id, exc)
    except NetworkError as exc:  # a timeout: what follows (the confirmation of a stored report) matters more
        log.info("buttons of message %s maybe left in place: %s", query.message.message_id, exc)


async def answer(
    update: Update,
    lang: str | None,
    key: str,
    *,
    buttons: Sequence[Sequence[Button]] = (),
    **values: object,
) -> Message | None:
    """Reply in the update's chat (and forum topic) with the catalogue text ``key``."""
    return await reply(update, t(key, lang, **values), keyboard(buttons))


async def send_outgoing(bot: Bot, chat_id: int, message: OutgoingMessage, *, thread_id: int | None = None) -> Message:
    """Send a text, photo or document built by a plain function (jobs, progress views), in a forum topic if
    ``thread_id`` (or else the message's own ``thread_id``) is given."""
    markup = keyboard(message.buttons)
    if thread_id is None:
        thread_id = message.thread_id
    if message.photo is not None:
        return await bot.send_photo(
            chat_id,
            photo=message.photo,
            caption=message.text or None,
            parse_mode=message.parse_mode,
            reply_markup=markup,
            message_thread_id=thread_id,
        )
    if message.document is not None:
        return await bot.send_document(
            chat_id,
            document=message.document,
            filename=message.filename,
            caption=message.text or None,
            parse_mode=message.parse_mode,
            reply_markup=markup,
            message_thread_id=thread_id,
        )
    return await bot.send_message(
        chat_id, message.text, parse_mode=message.parse_mode, reply_markup=markup, message_thread_id=thread_id
    )


async def answer_text(update: Update, text: str, *, buttons: Sequence[Sequence[Button]] = ()) -> Message | None:
    return await reply(update, text, keyboard(buttons))


async def stale_button(query: CallbackQuery, lang: str | None) -> None:
    """Old or forged buttons get a short notice and change nothing."""
    await answer_query(query, t("core.stale_button", lang))


def role_label(role: str, lang: str | None, org: str | None = None) -> str:
    label = t(f"core.role.{role}", lang)
    return t("core.role.with_org", lang, role=label, org=org) if org else label
