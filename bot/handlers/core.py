"""Start and invitations, help, language, group linking, the bot's membership in groups, unknown input."""

from __future__ import annotations

from datetime import timedelta

from telegram import ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus, ChatType, MessageEntityType
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ChatMemberHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers.common import (
    Caller,
    answer,
    answer_query,
    answer_text,
    edit_or_send,
    get_caller,
    role_label,
    stale_button,
    thread_of,
)
from bot.report.notices import send_private
from bot.services import PantauContext
from domain.authz import ROLE_ACTIONS, Action, may_invite
from domain.zones import team_zone
from storage import people
from storage.models import Team
from storage.schedule import team_people
from texts import t
from texts.markup import esc
from texts.outgoing import Button

# The roles that may link a group (domain.authz: Action.LINK_GROUP): who hears that their team lost one.
LINK_ROLES = tuple(role for role, actions in ROLE_ACTIONS.items() if Action.LINK_GROUP in actions)

ROLE_ALIASES = {
    "admin": "admin",
    "sekretariat": "secretariat",
    "secretariat": "secretariat",
    "sekre": "secretariat",
    "ketua": "chair",
    "chair": "chair",
    "pimpinan": "chair",
    "focal_point": "focal_point",
    "focalpoint": "focal_point",
    "fp": "focal_point",
    "operator": "focal_point",
    "pic": "focal_point",
    "pemantau": "viewer",
    "viewer": "viewer",
}


def _roles_text(caller: Caller) -> str:
    lines = [
        "• "
        + t(
            "core.role.in_team",
            caller.lang,
            role=role_label(g.role, caller.lang, esc(g.organization_name) if g.organization_name else None),
            team=esc(g.team_name),
        )
        for g in caller.info.grants
    ]
    if caller.bootstrap_admin:
        lines.append("• " + t("core.role.admin", caller.lang))
    return "\n".join(lines)


async def start(update: Update, context: PantauContext) -> None:
    """/start [token] in private: register with an invitation, or say who you are / how to get an invitation (in a
    group /start answers as /bantuan: ``bot.commands.start``)."""
    user = update.effective_user
    if user is None or update.effective_chat is None:
        return
    services = context.services
    if context.args:
        token = context.args[0]
        try:
            grant = await services.db.run(
                people.redeem_invite,
                token,
                user.id,
                user.full_name,
                services.now(),
                username=user.username,
                language=services.settings.language,
            )
        except people.AlreadyRegistered as exc:
            caller = await get_caller(update, context)
            lang = caller.lang if caller else None
            held = exc.grant
            role = role_label(held.role, lang, esc(held.organization_name) if held.organization_name else None)
            await answer(update, lang, exc.key, role=role, team=esc(held.team_name))
            return
        except people.PeopleError as exc:
            caller = await get_caller(update, context)
            await answer(update, caller.lang if caller else None, exc.key)
            return
        caller = await get_caller(update, context)
        lang = caller.lang if caller else None
        await answer(
            update,
            lang,
            "core.start.registered",
            name=esc(user.full_name),
            role=role_label(grant.role, lang, esc(grant.organization_name) if grant.organization_name else None),
            team=esc(grant.team_name),
            does=t(f"core.does.{grant.role}", lang),
        )
        return
    caller = await get_caller(update, context)
    if caller is None or not caller.known:
        await answer(update, caller.lang if caller else None, "core.start.unknown")
        return
    await answer(update, caller.lang, "core.start.known", name=esc(user.full_name), roles=_roles_text(caller))


async def language_command(update: Update, context: PantauContext) -> None:
    """/bahasa [id|en]: switch the person's language, by argument or by button."""
    caller = await get_caller(update, context, always_record=True)
    if caller is None:
        return
    if context.args and context.args[0].lower() in ("id", "en", "indonesia", "english", "inggris"):
        lang = "en" if context.args[0].lower() in ("en", "english", "inggris") else "id"
        await context.services.db.run(people.set_language, caller.telegram_id, lang)
        await answer(update, lang, "core.lang.set")
        return
    await answer(
        update,
        caller.lang,
        "core.lang.choose",
        buttons=[
            [Button(t("core.lang.id", caller.lang), "lang:id"), Button(t("core.lang.en", caller.lang), "lang:en")]
        ],
    )


async def language_button(update: Update, context: PantauContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    lang = query.data.split(":", 1)[1]
    caller = await get_caller(update, context, always_record=True)
    if caller is None or lang not in ("id", "en"):
        await stale_button(query, caller.lang if caller else None)
        return
    await context.services.db.run(people.set_language, caller.telegram_id, lang)
    await answer_query(query)
    await edit_or_send(update, t("core.lang.set", lang))


async def invite_command(update: Update, context: PantauContext) -> None:
    """/undang ROLE [ORG] [TEAM]: a one-time deep link, for admins and the secretariat (private chats only:
    ``bot.commands``)."""
    caller = await get_caller(update, context)
    if caller is None:
        return
    lang = caller.lang
    teams = caller.teams_for(Action.INVITE) if not caller.bootstrap_admin else None
    if teams is not None and not teams:
        await answer(update, lang, "core.not_allowed")
        return
    args = list(context.args or [])
    if not args:
        await answer(update, lang, "core.invite.usage")
        return
    role = ROLE_ALIASES.get(args[0].lower())
    if role is None:
        await answer(update, lang, "core.invite.bad_role", role=esc(args[0]))
        return
    services = context.services
    codes = await services.db.run(people.list_team_codes)
    rest = args[1:]
    team_code = next((a for a in rest if a.upper() in {c.upper() for c in codes}), None)
    org_code = next((a for a in rest if a != team_code), None)
    if team_code is None:
        allowed_codes = [g.team_code for g in caller.info.grants if teams is None or g.team_id in teams]
        allowed_codes = sorted(set(allowed_codes)) if teams is not None else codes
        if org_code and len(allowed_codes) > 1:  # the organization's own team, when it is one of them
            owning = set(await services.db.run(people.teams_of_organization, org_code))
            allowed_codes = [c for c in allowed_codes if c in owning] or allowed_codes
        if len(allowed_codes) != 1:
            await answer(update, lang, "core.invite.which_team", choices=esc(", ".join(allowed_codes)))
            return
        team_code = allowed_codes[0]
    team = await services.db.run(people.team_by_code, team_code)
    if team is None or team.id is None:
        await answer(update, lang, "core.team.unknown", team=esc(team_code), choices=esc(", ".join(codes)))
        return
    if not may_invite(caller.grants(), team.id, role, bootstrap_admin=caller.bootstrap_admin):
        await answer(update, lang, "core.invite.not_allowed", role=t(f"core.role.{role}", lang))
        return
    try:
        token, invite = await services.db.run(
            people.create_invite,
            team.code,
            role,
            services.now(),
            org_code=org_code,
            created_by=None,
        )
    except people.PeopleError as exc:
        values = {
            "role": esc(role),
            "org": esc(org_code or ""),
            "team": esc(team_code),
            "choices": esc(", ".join(codes)),
        }
        values.update({k: esc(v) for k, v in exc.values.items()})
        await answer_text(update, t(exc.key, lang, **values))
        return
    expires = invite.expires_at.astimezone(team_zone(team.timezone)).strftime("%d/%m/%Y %H:%M")
    await answer(
        update,
        lang,
        "core.invite.created",
        role=role_label(role, lang, esc(org_code.upper()) if org_code else None),
        team=esc(team.name),
        expires=expires,
        link=invite_link(services.bot_username, token),
    )


def invite_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


async def link_group_command(update: Update, context: PantauContext) -> None:
    """/hubungkan TEAM in a group (groups only: ``bot.commands``), by an admin or secretariat member of that team.

    A group linked to another team is moved only by someone who may link groups in both teams (or a bootstrap
    admin); the group is told where it moved from, and the team that lost it is told privately."""
    chat = update.effective_chat
    caller = await get_caller(update, context)
    if caller is None or chat is None:
        return
    lang = caller.lang
    services = context.services
    codes = await services.db.run(people.list_team_codes)
    # without a code, a linked group is linked again to its team (to move the posts to this topic)
    code = context.args[0] if context.args else caller.info.group_team_code
    if not code:
        await answer(update, lang, "core.group.link_usage")
        return
    team = await services.db.run(people.team_by_code, code)
    if team is None or team.id is None:
        await answer(update, lang, "core.team.unknown", team=esc(code), choices=esc(", ".join(codes)))
        return
    if not caller.can(Action.LINK_GROUP, team.id):
        await answer(update, lang, "core.group.link_not_allowed", team=esc(team.code))
        return
    # a group linked to another team moves only with the right to link groups in that team too
    old_id, old_code = caller.info.group_team_id, caller.info.group_team_code
    old: Team | None = None
    if old_id is not None and old_id != team.id and old_code is not None:
        if not caller.can(Action.LINK_GROUP, old_id):
            await answer(update, lang, "core.group.move_not_allowed", current=esc(old_code), team=esc(team.code))
            return
        old = await services.db.run(people.team_by_code, old_code)
    thread = thread_of(update)  # the jobs and notices will post in this topic (None: General)
    await services.db.run(people.link_group, chat.id, chat.title or "", team, None, services.now(), thread_id=thread)
    if not chat.is_forum:
        linked = t("core.group.linked", "id", team=esc(team.name))
    elif thread is None:
        linked = t("core.group.linked_general", "id", team=esc(team.name))
    elif (name := _topic_name(update)) is not None:
        linked = t("core.group.linked_topic", "id", team=esc(team.name), topic=esc(name))
    else:
        linked = t("core.group.linked_this_topic", "id", team=esc(team.name))
    if old is None:
        await answer_text(update, linked)
        return
    moved = t("core.group.moved", "id", old=esc(old.name), team=esc(team.name))
    await answer_text(update, moved + "\n\n" + linked)
    await _tell_team_it_lost_a_group(context, caller, old, team, chat.title or str(chat.id))


async def _tell_team_it_lost_a_group(
    context: PantauContext, caller: Caller, old: Team, new: Team, group_title: str
) -> None:
    """The admins and secretariat of the team a group was moved away from, privately (the mover excepted)."""
    services = context.services
    contacts = await services.db.run(team_people, old.id or 0, LINK_ROLES)
    for contact in contacts:
        if not contact.can_message or contact.telegram_id == caller.telegram_id:
            continue
        notice = t(
            "core.group.moved_notice",
            contact.language,
            group=esc(group_title),
            old=esc(old.name),
            team=esc(new.name),
            name=esc(caller.info.name),
            old_code=esc(old.code),
        )
        await send_private(context.bot, services.db, contact.telegram_id, notice)


def _topic_name(update: Update) -> str | None:
    """The name of the topic a message was written in: Telegram makes a topic message (that replies to nothing
    else) a reply to the topic's ``forum_topic_created`` service message. None when it is not at hand."""
    message = update.effective_message
    replied = message.reply_to_message if message is not None else None
    created = replied.forum_topic_created if replied is not None else None
    return created.name if created is not None and created.name else None


async def my_chat_member(update: Update, context: PantauContext) -> None:
    """The bot was added to or removed from a group, or blocked/unblocked in a private chat."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None:
        return
    services = context.services
    status = change.new_chat_member.status
    present = status in (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
    chat = change.chat
    if chat.type == ChatType.CHANNEL:
        return  # Pantau works in private chats and groups; a channel is no team's group
    if chat.type == ChatType.PRIVATE:
        if not present:
            await services.db.run(people.mark_unreachable, change.from_user.id)
        return
    was_present = change.old_chat_member.status in (
        ChatMemberStatus.MEMBER,
        ChatMemberStatus.ADMINISTRATOR,
        ChatMemberStatus.OWNER,
    )
    await services.db.run(people.set_group_active, chat.id, present, chat.title)
    if present and not was_present:
        await chat.send_message(t("core.group.added", "id"))


async def migrated(update: Update, context: PantauContext) -> None:
    """A group became a supergroup: follow it, whichever of the two service messages comes first."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    await context.services.db.run(people.migrate_group, old, new)


async def unknown_command(update: Update, context: PantauContext) -> None:
    """A command nobody handles: say so in private; in groups only when it is addressed to us."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command = message.text.split()[0]
    if "@" in command:
        name, _, target = command.partition("@")
        if target.lower() != (context.services.bot_username or "").lower():
            return
        command = name
    caller = await get_caller(update, context)
    await answer(update, caller.lang if caller else None, "core.unknown_command", command=esc(command))


async def free_text(update: Update, context: PantauContext) -> None:
    """Anything else in a private chat: point to /bantuan (or to an invitation)."""
    caller = await get_caller(update, context)
    if caller is None:
        return
    await answer(update, caller.lang, "core.free_text" if caller.known else "core.unregistered")


def _addressed_command(update: Update, bot_username: str) -> bool:
    """The message starts with a command for us (``/cmd`` or ``/cmd@our_bot``)."""
    message = update.effective_message
    if message is None or not message.text or not message.entities:
        return False
    first = message.entities[0]
    if first.type != MessageEntityType.BOT_COMMAND or first.offset != 0:
        return False
    _name, _, target = message.text[: first.length].partition("@")
    return not target or target.lower() == bot_username.lower()


async def screen_updates(update: Update, context: PantauContext) -> None:
    """Updates Pantau does not act on stop here, before any handler sees them (Telegram sends them even if our
    emulator does not):

    - edits of earlier messages: an edited "/undang" or "/lapor" is no new command, and an edited answer does not
      change what was stored; in a private chat the person is told to send it anew (but not for a live location,
      which Telegram updates as an edit every few seconds while it is shared: nobody edited anything);
    - channel posts: no person wrote them;
    - messages sent on behalf of a chat (anonymous group admins, linked channels): nobody can be identified, so
      every role check would fail; a command addressed to us gets a hint instead of silence.
    """
    if update.edited_message is not None:
        edited = update.edited_message
        if (
            edited.chat.type == ChatType.PRIVATE
            and edited.from_user is not None
            and not edited.from_user.is_bot
            and edited.location is None
        ):
            await answer(update, edited.from_user.language_code, "core.edited_ignored")
        raise ApplicationHandlerStop
    if update.channel_post is not None or update.edited_channel_post is not None:
        raise ApplicationHandlerStop
    message = update.message
    if message is None or message.migrate_from_chat_id or message.migrate_to_chat_id:
        return  # a migration is followed whoever made it
    if message.sender_chat is not None and message.chat.type != ChatType.PRIVATE:
        if _addressed_command(update, context.services.bot_username):
            await answer(update, None, "core.anonymous_sender")
        raise ApplicationHandlerStop


SCREEN_GROUP = -20  # before the flood guard (-10): what is screened out does not count as flooding


def register(app: Application) -> None:  # type: ignore[type-arg]
    """The screen, the language buttons and the chat events; the commands are registered from the command table
    (``bot.commands``), and the catch-alls are added last by ``register_fallbacks``."""
    app.add_handler(TypeHandler(Update, screen_updates), group=SCREEN_GROUP)
    app.add_handler(CallbackQueryHandler(language_button, pattern=r"^lang:"))
    app.add_handler(ChatMemberHandler(my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, migrated))


async def unknown_button(update: Update, context: PantauContext) -> None:
    query = update.callback_query
    if query is None:
        return
    caller = await get_caller(update, context)
    await stale_button(query, caller.lang if caller else None)


def register_fallbacks(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND & ~filters.StatusUpdate.ALL, free_text))
    app.add_handler(CallbackQueryHandler(unknown_button))


INVITE_TTL_DEFAULT = timedelta(days=7)
