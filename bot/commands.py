"""The command table: one ``Command`` per slash command, in the order /bantuan lists them.

Each entry says the command's name (and aliases), its handler, the ``domain.authz.Action`` that unlocks it (None:
everyone registered), the chats it works in, whether it is in the private menu and in the group menu, and the
catalogue key of its description (``core.cmd.<name>``). The table drives:

- registration: ``register(app)`` adds one ``CommandHandler`` per command with ``registered_by=None``; a command
  that works in one kind of chat only gets its handler behind ``in_its_chats``, which answers the other kind of chat
  (``core.private.only`` with a button to the private chat, ``core.group.only``, or the command's ``elsewhere``);
- the menus (``bot.menu.set_menus``: ``setMyCommands`` per scope and language, from ``private_menu``/``group_menu``);
- /bantuan (``visible_commands``): the commands the person's roles allow in this chat.

Two commands are registered by their own module, because a ``ConversationHandler`` owns them, and check their chat
themselves (``registered_by`` names the module):

- /lapor is the report conversation's entry point (``bot.report.conversation``): the handler returns the
  conversation's next state, and its refusal in a group ends the conversation with a link that opens the private chat
  *and starts a report* (``/start lapor``, also an entry point there);
- /batal is first a fallback of the report conversation and of the return-reason conversation (each cancels its own
  step), and only outside both the plain ``cancel_outside``, which must be added after the second conversation
  (``bot.handlers.verification``). It has no chat check: in a group it cancels one's private draft, as it always did.
  A plan change waiting in the private chat (``bot.plan.chat``) is cancelled first, in front of all three.

``/start`` is in the table (it is a command the application answers) but not in /bantuan nor in a menu.
The role check itself stays in the handlers: it needs the team, which they resolve from the arguments or the group.
``tests/test_command_table.py`` ties the table to the application's handlers, the catalogue, the menus and
``domain.authz.ROLE_ACTIONS``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, CommandHandler

from bot.handlers import agenda, closing, core, deck, exemptions, members, progress, province, verification
from bot.handlers.actions import decide_command, follow_up_command
from bot.handlers.common import Caller, answer, answer_text, get_caller
from bot.handlers.obstacles import kendala
from bot.plan import chat as plan_chat
from bot.report import conversation, history
from bot.services import PantauContext
from domain.authz import ROLE_ACTIONS, Action
from texts import t
from texts.outgoing import Button

Handler = Callable[[Update, PantauContext], Coroutine[Any, Any, object]]


class Chat(StrEnum):
    PRIVATE = "private"
    GROUP = "group"  # groups and supergroups (channels are screened out by ``core.screen_updates``)


PRIVATE = frozenset({Chat.PRIVATE})
GROUP = frozenset({Chat.GROUP})
ANYWHERE = frozenset(Chat)


@dataclass(frozen=True)
class Command:
    """One slash command, everything about it that is not its handler's logic."""

    name: str
    handler: Handler
    action: Action | None  # what unlocks it (domain.authz); None: everyone registered
    chats: frozenset[Chat]  # where it works
    private_menu: bool  # in the menu of private chats
    group_menu: bool  # in the menu of groups
    description: str  # catalogue key of its one-line description (menus and /bantuan)
    aliases: tuple[str, ...] = ()  # also answered to, never listed
    in_help: bool = True  # listed by /bantuan (to those it is allowed)
    elsewhere: str | None = None  # catalogue key of the refusal in other chats (None: core.private.only/group.only)
    registered_by: str | None = None  # the module that registers it itself (see the module docstring); None: table
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", (self.name, *self.aliases))


async def start(update: Update, context: PantauContext) -> None:
    """/start: in private, registration by invitation or who one is (``core.start``); in a group (Telegram's Start
    button there), the same answer as /bantuan."""
    if update.effective_user is None or update.effective_chat is None:
        return
    if update.effective_chat.type == ChatType.PRIVATE:
        await core.start(update, context)
    else:
        await help_command(update, context)


async def help_command(update: Update, context: PantauContext) -> None:
    """/bantuan: only the commands the person's roles allow, here."""
    caller = await get_caller(update, context)
    lang = caller.lang if caller else None
    chat = update.effective_chat
    shown = visible_commands(caller, chat is not None and chat.type == ChatType.PRIVATE)
    if not shown:
        await answer(update, lang, "core.help.unregistered")
        return
    lines = [t("core.help.header", lang)] + [f"/{c.name} — {t(c.description, lang)}" for c in shown]
    await answer_text(update, "\n".join(lines))


# fmt: off
COMMANDS: tuple[Command, ...] = (
    Command("lapor", conversation.start_report, Action.REPORT, PRIVATE, private_menu=True, group_menu=False,
            description="core.cmd.lapor", registered_by="bot.report.conversation"),
    Command("riwayat", history.history_command, Action.HISTORY, PRIVATE, private_menu=True, group_menu=False,
            description="core.cmd.riwayat"),
    Command("batal", conversation.cancel_outside, Action.REPORT, PRIVATE, private_menu=True, group_menu=False,
            description="core.cmd.batal", registered_by="bot.handlers.verification"),
    Command("progres", progress.progres, Action.VIEW_PROGRESS, ANYWHERE, private_menu=True, group_menu=True,
            description="core.cmd.progres"),
    Command("rekap", progress.rekap, Action.VIEW_PROGRESS, ANYWHERE, private_menu=True, group_menu=True,
            description="core.cmd.rekap"),
    Command("belum", progress.belum, Action.VIEW_PROGRESS, ANYWHERE, private_menu=True, group_menu=True,
            description="core.cmd.belum"),
    Command("indikator", province.indikator, Action.VIEW_PROGRESS, ANYWHERE, private_menu=True, group_menu=True,
            description="core.cmd.indikator"),
    Command("kurva", progress.kurva, Action.VIEW_PROGRESS, ANYWHERE, private_menu=True, group_menu=True,
            description="core.cmd.kurva"),
    Command("kendala", kendala, Action.VIEW_PROGRESS, ANYWHERE, private_menu=True, group_menu=True,
            description="core.cmd.kendala"),
    Command("ekspor", progress.ekspor, Action.EXPORT, ANYWHERE, private_menu=True, group_menu=False,
            description="core.cmd.ekspor"),
    Command("rapat", agenda.rapat, Action.AGENDA, ANYWHERE, private_menu=True, group_menu=True,
            description="core.cmd.rapat"),
    Command("bahanrapat", deck.bahanrapat, Action.AGENDA, ANYWHERE, private_menu=True, group_menu=False,
            description="core.cmd.bahanrapat"),
    Command("putuskan", decide_command, Action.DECIDE, ANYWHERE, private_menu=True, group_menu=True,
            description="core.cmd.putuskan", registered_by="bot.handlers.actions"),
    Command("tindaklanjut", follow_up_command, Action.FOLLOW_UP, ANYWHERE, private_menu=True, group_menu=True,
            description="core.cmd.tindaklanjut"),
    Command("verifikasi", verification.verification_list, Action.VERIFY, PRIVATE, private_menu=False,
            group_menu=False, description="core.cmd.verifikasi", elsewhere="report.verify.private_only"),
    Command("undang", core.invite_command, Action.INVITE, PRIVATE, private_menu=True, group_menu=False,
            description="core.cmd.undang"),
    Command("anggota", members.anggota, Action.MEMBERS, PRIVATE, private_menu=True, group_menu=False,
            description="core.cmd.anggota"),
    Command("undangan", members.undangan, Action.INVITE, PRIVATE, private_menu=False, group_menu=False,
            description="core.cmd.undangan"),
    Command("hubungkan", core.link_group_command, Action.LINK_GROUP, GROUP, private_menu=False, group_menu=True,
            description="core.cmd.hubungkan"),
    Command("kecualikan", exemptions.exempt_command, Action.EXEMPT, ANYWHERE, private_menu=False, group_menu=False,
            description="core.cmd.kecualikan"),
    Command("batalkecuali", exemptions.lift_command, Action.EXEMPT, ANYWHERE, private_menu=False, group_menu=False,
            description="core.cmd.batalkecuali"),
    Command("buka", verification.reopen_command, Action.REOPEN, PRIVATE, private_menu=False, group_menu=False,
            description="core.cmd.buka"),
    Command("tutup", closing.close_command, Action.CLOSE, ANYWHERE, private_menu=False, group_menu=False,
            description="core.cmd.tutup"),
    Command("bukatutup", closing.reopen_command, Action.REOPEN_CLOSING, ANYWHERE, private_menu=False,
            group_menu=False, description="core.cmd.bukatutup"),
    Command("rencana", plan_chat.plan_command, Action.PLAN, PRIVATE, private_menu=True, group_menu=False,
            description="core.cmd.rencana"),
    Command("bantuan", help_command, None, ANYWHERE, private_menu=True, group_menu=True,
            description="core.cmd.bantuan", aliases=("help",)),
    Command("bahasa", core.language_command, None, ANYWHERE, private_menu=True, group_menu=False,
            description="core.cmd.bahasa", aliases=("language",)),
    Command("start", start, None, ANYWHERE, private_menu=False, group_menu=False,
            description="core.cmd.start", in_help=False),
)
# fmt: on
BY_NAME = {name: command for command in COMMANDS for name in command.names}


def menu(chat: Chat) -> tuple[Command, ...]:
    """The commands of the menu Telegram shows in this kind of chat, in table order."""
    return tuple(c for c in COMMANDS if (c.private_menu if chat is Chat.PRIVATE else c.group_menu))


def visible_commands(caller: Caller | None, private: bool) -> list[Command]:
    """What /bantuan lists: the commands the caller's roles allow (in a group, their roles in the group's team;
    a bootstrap admin, all) in this kind of chat. Nothing for someone not registered."""
    if caller is None or not caller.known:
        return []
    actions: set[Action] = set()
    if caller.bootstrap_admin:
        actions = set(Action)
    else:
        for grant in caller.info.grants:
            if private or grant.team_id == caller.info.group_team_id:
                actions |= ROLE_ACTIONS.get(grant.role, frozenset())
    where = Chat.PRIVATE if private else Chat.GROUP
    return [c for c in COMMANDS if c.in_help and where in c.chats and (c.action is None or c.action in actions)]


async def refuse_elsewhere(update: Update, context: PantauContext, caller: Caller, command: Command) -> None:
    """The answer to a command sent in a kind of chat it does not work in."""
    if Chat.PRIVATE in command.chats:  # sent in a group: a button to the private chat
        url = f"https://t.me/{context.services.bot_username}"
        button = Button(t("core.button.open_private", caller.lang), url=url)
        key = command.elsewhere or "core.private.only"
        await answer(update, caller.lang, key, command=f"/{command.name}", buttons=[[button]])
    else:
        await answer(update, caller.lang, command.elsewhere or "core.group.only")


def in_its_chats(command: Command) -> Handler:
    """The command's handler, behind the check of ``command.chats`` (the handler itself when it works anywhere)."""
    handler = command.handler
    if command.chats == ANYWHERE:
        return handler

    @functools.wraps(handler)
    async def gate(update: Update, context: PantauContext) -> None:
        chat = update.effective_chat
        here = Chat.PRIVATE if chat is not None and chat.type == ChatType.PRIVATE else Chat.GROUP
        if chat is None or here in command.chats:
            await handler(update, context)
            return
        caller = await get_caller(update, context)
        if caller is not None:
            await refuse_elsewhere(update, context, caller, command)

    return gate


def register(app: Application) -> None:  # type: ignore[type-arg]
    """One ``CommandHandler`` per command the table registers (after the conversations: see the module docstring)."""
    for command in COMMANDS:
        if command.registered_by is None:
            app.add_handler(CommandHandler(list(command.names), in_its_chats(command)))
    members.register(app)  # the invitation buttons of /anggota
