"""Helpers every handler uses: who is asking, may they, and answering from the catalogue."""

from __future__ import annotations

import html
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
    Update,
)
from telegram.constants import ChatType

from bot.services import PantauContext
from domain.authz import Action, Grant, allowed, teams_allowing
from jobs.notifier import Button, OutgoingMessage
from pantau.texts import t
from storage.people import CallerInfo, load_caller

T = TypeVar("T")


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


def esc(value: object) -> str:
    """Escape anything a person or the plan wrote before it goes into an HTML message."""
    return html.escape(str(value), quote=False)


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


async def answer(
    update: Update,
    lang: str | None,
    key: str,
    *,
    buttons: Sequence[Sequence[Button]] = (),
    **values: object,
) -> Message | None:
    """Reply in the update's chat with the catalogue text ``key``."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(t(key, lang, **values), reply_markup=keyboard(buttons))


async def send_outgoing(bot: Bot, chat_id: int, message: OutgoingMessage) -> Message:
    """Send a text, photo or document built by a plain function (jobs, progress views)."""
    markup = keyboard(message.buttons)
    if message.photo is not None:
        return await bot.send_photo(
            chat_id,
            photo=message.photo,
            caption=message.text or None,
            parse_mode=message.parse_mode,
            reply_markup=markup,
        )
    if message.document is not None:
        return await bot.send_document(
            chat_id,
            document=message.document,
            filename=message.filename,
            caption=message.text or None,
            parse_mode=message.parse_mode,
            reply_markup=markup,
        )
    return await bot.send_message(chat_id, message.text, parse_mode=message.parse_mode, reply_markup=markup)


async def answer_text(update: Update, text: str, *, buttons: Sequence[Sequence[Button]] = ()) -> Message | None:
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(text, reply_markup=keyboard(buttons))


async def stale_button(query: CallbackQuery, lang: str | None) -> None:
    """Old or forged buttons get a short notice and change nothing."""
    await query.answer(t("core.stale_button", lang), show_alert=False)


def role_label(role: str, lang: str | None, org: str | None = None) -> str:
    label = t(f"core.role.{role}", lang)
    return t("core.role.with_org", lang, role=label, org=org) if org else label
