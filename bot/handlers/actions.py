"""The plenary's decisions as action items (issue 16 item 2): /putuskan, /tindaklanjut and reopening.

``/putuskan [TEAM]`` (secretariat, admin; in the team's group or privately, the team chosen as other commands do)
is a guided, persistent conversation where the command was given: the topic (an open obstacle of the team, those
needing a decision first, or "Agenda lain" and the item typed), the decision (text), the responsible organization
(buttons, paginated), the due date typed as officials type it (``domain.due_dates``; a bad one is named and asked
again), then Simpan / Batal. The steps' data lives in ``user_data`` under the chat's id, so the same person may
decide in a group and privately without mixing the two; only the person who started answers (the conversation is
per chat and per person: another person's press falls through to the stale-button answer). Every press is checked
again on the server: the step is this chat's, the person may still decide in the team, the obstacle and the
organization are the team's (forged ids are refused). Saved: the organization's focal points are told privately.

``/tindaklanjut`` lists a focal point's open actions with "Sudah dilaksanakan" (the next text is what was done; the
action is closed and the team's groups told), and the secretariat's team actions with "Buka lagi" on the done ones
(reopened: its focal points are told; the reminders or the overdue notice apply again, ``jobs.actions``).
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from typing import Any

from sqlmodel import Session
from telegram import ForceReply, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.handlers.common import (
    Caller,
    answer,
    answer_query,
    answer_text,
    drop_buttons,
    edit_or_send,
    get_caller,
    keyboard,
    refuse,
    thread_of,
)
from bot.handlers.teams import caller_and_team
from bot.report.notices import send_private, send_to_groups
from bot.services import PantauContext
from domain.authz import Action
from domain.due_dates import DueDateError, parse_due_date
from domain.zones import team_zone
from jobs.messages import long_date
from storage import people
from storage.actions import (
    DECISION_MAX,
    NOTE_MAX,
    TOPIC_MAX,
    ActionError,
    ActionView,
    OrgChoice,
    TopicChoice,
    close_action,
    create_action,
    decision_topics,
    get_action,
    organization_actions,
    organization_of,
    reopen_action,
    team_actions,
    team_organizations,
    topic_of,
)
from storage.drafts import person_id_of
from storage.models import Team
from storage.schedule import focal_points
from texts import has, t
from texts.markup import esc, shorten
from texts.outgoing import Button
from texts.render import render_error

log = logging.getLogger(__name__)
END = ConversationHandler.END
TOPIC, TOPIC_TEXT, DECISION, ORG, DUE, CONFIRM, NOTE = (
    "topic",
    "topic_text",
    "decision",
    "org",
    "due",
    "confirm",
    "note",
)
DECIDING_KEY = "pantau.deciding"  # user_data: {str(chat id): {"team", "obstacle", "topic", "decision", "org", "due"}}
FOLLOWING_KEY = "pantau.following"  # user_data: {str(chat id): {"action": id}}
TOPIC_PATTERN = r"^pk:t:(\d{1,12})$"
ORG_PATTERN = r"^pk:o:(\d{1,12})$"
PAGE_PATTERN = r"^pk:p:(\d{1,4})$"
CONFIRM_PATTERN = r"^pk:(ok|no)$"
DONE_PATTERN = r"^tl:d:(\d{1,12})$"
REOPEN_PATTERN = r"^tl:r:(\d{1,12})$"
ORGS_PER_PAGE = 8
LIST_LIMIT = 15
SHOWN_CHARS = 300


# --- the steps' data ---------------------------------------------------------------------------------------------


def _user_data(context: PantauContext) -> dict[str, Any]:
    data = context.user_data
    assert data is not None  # every update here has a user
    return data


def _slot(context: PantauContext, key: str, chat_id: int) -> dict[str, Any] | None:
    found = _user_data(context).get(key)
    if not isinstance(found, dict):
        return None
    value = found.get(str(chat_id))
    return value if isinstance(value, dict) else None


def _keep(context: PantauContext, key: str, chat_id: int, value: dict[str, Any]) -> None:
    data = _user_data(context)
    slots = data.get(key) if isinstance(data.get(key), dict) else {}
    assert isinstance(slots, dict)
    slots[str(chat_id)] = value
    data[key] = slots


def _drop(context: PantauContext, key: str, chat_id: int) -> None:
    slots = _user_data(context).get(key)
    if isinstance(slots, dict):
        slots.pop(str(chat_id), None)


def _who(caller: Caller) -> str:
    """In a group, the question names who is to answer (the reply box is theirs: ``ForceReply(selective)``)."""
    if caller.private:
        return ""
    return t(
        "actions.who", caller.lang, name=f'<a href="tg://user?id={caller.telegram_id}">{esc(caller.info.name)}</a>'
    )


async def _ask(update: Update, caller: Caller, text: str) -> None:
    """A question answered by text: in a group as a forced reply (privacy mode lets the bot see replies only)."""
    chat = update.effective_chat
    if chat is None:
        return
    markup = None if caller.private else ForceReply(selective=True)
    if not caller.private:
        text += "\n" + _who(caller)
    await chat.send_message(text, reply_markup=markup, message_thread_id=thread_of(update))


def _team(session: Session, team_id: int) -> tuple[str, str, str]:
    team = session.get(Team, team_id)
    if team is None:
        raise ActionError("actions.unknown")
    return team.code, team.name, team.timezone


def _today(timezone: str, now: datetime) -> date:
    return now.astimezone(team_zone(timezone)).date()


def _shown(text: str) -> str:
    return esc(shorten(text, SHOWN_CHARS))


# --- /putuskan ---------------------------------------------------------------------------------------------------


def _topic_line(topic: TopicChoice, lang: str) -> str:
    mark = t("actions.topic.needs_decision", lang) if topic.needs_decision else ""
    return t(
        "actions.topic.line",
        lang,
        id=topic.obstacle_id,
        activity=esc(topic.activity_code),
        org=esc(topic.organization_code),
        category=esc(_category(topic.category, lang)),
        mark=mark,
        text=esc(shorten(topic.description, 200)),
    )


def _category(key: str, lang: str) -> str:
    return t(f"obstacles.category.{key}", lang) if has(f"obstacles.category.{key}") else key


async def decide_command(update: Update, context: PantauContext) -> object:
    """/putuskan [TEAM]: the topics to pick from (open obstacles, needing a decision first) and "Agenda lain"."""
    found = await caller_and_team(update, context, Action.DECIDE)
    if found is None:
        return END
    caller, chosen = found
    lang = caller.lang
    services = context.services
    (_code, name, _tz), topics = await services.db.run(
        lambda s: (_team(s, chosen.team_id), decision_topics(s, chosen.team_id))
    )
    _keep(context, DECIDING_KEY, caller.chat_id, {"team": chosen.team_id})
    head = t("actions.decide.head" if topics else "actions.decide.head_none", lang, team=esc(name))
    lines = [head, *(_topic_line(topic, lang) for topic in topics)]
    buttons = [
        [Button(t("actions.button.topic", lang, id=x.obstacle_id, activity=x.activity_code), f"pk:t:{x.obstacle_id}")]
        for x in topics
    ]
    buttons.append([Button(t("actions.button.other", lang), "pk:t:0")])
    buttons.append([Button(t("actions.button.cancel", lang), "pk:no")])
    await answer_text(update, "\n".join(lines), buttons=buttons)
    return TOPIC


async def _deciding(update: Update, context: PantauContext) -> tuple[Caller, dict[str, Any]] | None:
    """The caller and this chat's decision in progress, if they may still decide in its team; else answered."""
    caller = await get_caller(update, context)
    if caller is None:
        return None
    pending = _slot(context, DECIDING_KEY, caller.chat_id)
    query = update.callback_query
    if pending is None or not caller.can(Action.DECIDE, int(pending.get("team", 0))):
        _drop(context, DECIDING_KEY, caller.chat_id)
        if query is not None:
            await answer_query(query, t("actions.stale", caller.lang), show_alert=True)
        else:
            await answer(update, caller.lang, "actions.stale")
        return None
    return caller, pending


async def topic_button(update: Update, context: PantauContext) -> object:
    found = await _deciding(update, context)
    query = update.callback_query
    if found is None or query is None:
        return END
    caller, pending = found
    match = re.match(TOPIC_PATTERN, query.data or "")
    assert match is not None
    obstacle_id = int(match.group(1))
    lang = caller.lang
    if obstacle_id == 0:
        await answer_query(query)
        await drop_buttons(query)
        pending.update(obstacle=None, topic=None)
        _keep(context, DECIDING_KEY, caller.chat_id, pending)
        await _ask(update, caller, t("actions.ask_topic", lang))
        return TOPIC_TEXT
    try:
        topic = await context.services.db.run(topic_of, int(pending["team"]), obstacle_id)
    except ActionError as exc:
        await answer_query(query, t(exc.key, lang), show_alert=True)
        return TOPIC
    await answer_query(query)
    await drop_buttons(query)
    text = t(
        "actions.topic.obstacle",
        "id",
        activity=topic.activity_code,
        org=topic.organization_code,
        text=shorten(topic.description, TOPIC_MAX - 100),
    )
    pending.update(obstacle=obstacle_id, topic=text)
    _keep(context, DECIDING_KEY, caller.chat_id, pending)
    await _ask(update, caller, t("actions.ask_decision", lang, topic=_shown(text)))
    return DECISION


def _typed(update: Update) -> str | None:
    message = update.message
    return message.text.strip() if message is not None and message.text else None


async def topic_text(update: Update, context: PantauContext) -> object:
    found = await _deciding(update, context)
    text = _typed(update)
    if found is None or text is None:
        return END
    caller, pending = found
    if len(text) > TOPIC_MAX:
        await answer(update, caller.lang, "actions.too_long", n=len(text), limit=TOPIC_MAX)
        return TOPIC_TEXT
    pending.update(topic=text)
    _keep(context, DECIDING_KEY, caller.chat_id, pending)
    await _ask(update, caller, t("actions.ask_decision", caller.lang, topic=_shown(text)))
    return DECISION


def _org_page(orgs: list[OrgChoice], page: int, lang: str) -> tuple[str, list[list[Button]]]:
    pages = max(1, -(-len(orgs) // ORGS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = orgs[page * ORGS_PER_PAGE : (page + 1) * ORGS_PER_PAGE]
    rows = [[Button(shorten(f"{o.code} · {o.name}", 40), f"pk:o:{o.organization_id}")] for o in shown]
    nav = []
    if page > 0:
        nav.append(Button(t("actions.button.prev", lang), f"pk:p:{page - 1}"))
    if page < pages - 1:
        nav.append(Button(t("actions.button.next", lang), f"pk:p:{page + 1}"))
    if nav:
        rows.append(nav)
    rows.append([Button(t("actions.button.cancel", lang), "pk:no")])
    return t("actions.ask_org", lang, page=page + 1, pages=pages), rows


async def decision_text(update: Update, context: PantauContext) -> object:
    found = await _deciding(update, context)
    text = _typed(update)
    if found is None or text is None:
        return END
    caller, pending = found
    if len(text) > DECISION_MAX:
        await answer(update, caller.lang, "actions.too_long", n=len(text), limit=DECISION_MAX)
        return DECISION
    pending.update(decision=text)
    _keep(context, DECIDING_KEY, caller.chat_id, pending)
    orgs = await context.services.db.run(team_organizations, int(pending["team"]))
    head, rows = _org_page(orgs, 0, caller.lang)
    await answer_text(update, head, buttons=rows)
    return ORG


async def org_page_button(update: Update, context: PantauContext) -> object:
    found = await _deciding(update, context)
    query = update.callback_query
    if found is None or query is None:
        return END
    caller, pending = found
    match = re.match(PAGE_PATTERN, query.data or "")
    assert match is not None
    await answer_query(query)
    orgs = await context.services.db.run(team_organizations, int(pending["team"]))
    head, rows = _org_page(orgs, int(match.group(1)), caller.lang)
    await edit_or_send(update, head, keyboard(rows))
    return ORG


async def org_button(update: Update, context: PantauContext) -> object:
    found = await _deciding(update, context)
    query = update.callback_query
    if found is None or query is None:
        return END
    caller, pending = found
    match = re.match(ORG_PATTERN, query.data or "")
    assert match is not None
    try:
        org = await context.services.db.run(organization_of, int(pending["team"]), int(match.group(1)))
    except ActionError as exc:
        await answer_query(query, t(exc.key, caller.lang), show_alert=True)
        return ORG
    await answer_query(query)
    await drop_buttons(query)
    pending.update(org=org.organization_id)
    _keep(context, DECIDING_KEY, caller.chat_id, pending)
    text = t("actions.ask_due", caller.lang, org=esc(f"{org.code} · {org.name}"))
    await _ask(update, caller, text)
    return DUE


async def due_text(update: Update, context: PantauContext) -> object:
    found = await _deciding(update, context)
    text = _typed(update)
    if found is None or text is None:
        return END
    caller, pending = found
    lang = caller.lang
    services = context.services
    team_id = int(pending["team"])

    def read(session: Session) -> tuple[str, OrgChoice]:
        return _team(session, team_id)[2], organization_of(session, team_id, int(pending["org"]))

    timezone, org = await services.db.run(read)
    try:
        due = parse_due_date(text, _today(timezone, services.now()))
    except DueDateError as exc:
        await _ask(update, caller, render_error(exc, lang) + "\n" + t("actions.date.again", lang))
        return DUE
    pending.update(due=due.isoformat())
    _keep(context, DECIDING_KEY, caller.chat_id, pending)
    summary = t(
        "actions.confirm",
        lang,
        topic=_shown(str(pending.get("topic") or "")),
        decision=_shown(str(pending.get("decision") or "")),
        org=esc(f"{org.code} · {org.name}"),
        due=long_date(due, lang),
    )
    buttons = [[Button(t("actions.button.save", lang), "pk:ok"), Button(t("actions.button.cancel", lang), "pk:no")]]
    await answer_text(update, summary, buttons=buttons)
    return CONFIRM


async def confirm_button(update: Update, context: PantauContext) -> object:
    query = update.callback_query
    if query is not None and query.data == "pk:no":
        return await _cancel(update, context)
    found = await _deciding(update, context)
    if found is None or query is None:
        return END
    caller, pending = found
    lang = caller.lang
    services = context.services
    if not all(pending.get(k) for k in ("topic", "decision", "org", "due")):
        await answer_query(query, t("actions.stale", lang), show_alert=True)
        return END
    person_id = await services.db.run(person_id_of, caller.telegram_id)
    team_id = int(pending["team"])

    def save(session: Session) -> tuple[ActionView, list[Any]]:
        view = create_action(
            session,
            team_id,
            obstacle_id=int(pending["obstacle"]) if pending.get("obstacle") else None,
            topic=str(pending["topic"]),
            decision=str(pending["decision"]),
            organization_id=int(pending["org"]),
            due_date=date.fromisoformat(str(pending["due"])),
            person_id=person_id,
            now=services.now(),
        )
        return view, focal_points(session, team_id).get(view.organization_id, [])

    try:
        view, contacts = await services.db.run(save)
    except ActionError as exc:
        await answer_query(query, t(exc.key, lang), show_alert=True)
        _drop(context, DECIDING_KEY, caller.chat_id)
        return END
    _drop(context, DECIDING_KEY, caller.chat_id)
    await answer_query(query)
    await drop_buttons(query)
    told = 0
    for contact in contacts:
        if contact.can_message and await send_private(
            context.bot, services.db, contact.telegram_id, _notice(view, contact.language)
        ):
            told += 1
    org = esc(f"{view.organization_code} · {view.organization_name}")
    if told:
        await answer(update, lang, "actions.saved", id=view.id, org=org, told=told)
    else:
        await answer(update, lang, "actions.saved_nobody", id=view.id, org=org)
    return END


def _notice(view: ActionView, lang: str) -> str:
    return t(
        "actions.notice",
        lang,
        org=esc(view.organization_name),
        team=esc(view.team_name),
        topic=_shown(view.topic),
        decision=_shown(view.decision),
        due=long_date(view.due_date, lang),
    )


async def _cancel(update: Update, context: PantauContext) -> object:
    caller = await get_caller(update, context)
    if caller is None:
        return END
    query = update.callback_query
    if query is not None:
        await answer_query(query)
        await drop_buttons(query)
    had_note = _slot(context, FOLLOWING_KEY, caller.chat_id) is not None
    _drop(context, DECIDING_KEY, caller.chat_id)
    _drop(context, FOLLOWING_KEY, caller.chat_id)
    await answer(update, caller.lang, "actions.note_cancelled" if had_note else "actions.cancelled")
    return END


async def not_text(update: Update, context: PantauContext) -> object:
    caller = await get_caller(update, context)
    await answer(update, caller.lang if caller else None, "actions.text_only")
    return None


# --- /tindaklanjut -------------------------------------------------------------------------------------------------


def _item(view: ActionView, today: date, lang: str) -> str:
    days = view.overdue_days(today)
    text = t(
        "actions.item",
        lang,
        id=view.id,
        org=esc(view.organization_code),
        due=long_date(view.due_date, lang),
        late=t("actions.item.late", lang, days=days) if days else "",
        topic=_shown(view.topic),
        decision=_shown(view.decision),
    )
    if not view.open and view.done_at is not None:
        text += t(
            "actions.item.done",
            lang,
            date=view.done_at.strftime("%d-%m-%Y"),
            name=esc(view.done_by_name or "-"),
            note=_shown(view.done_note or ""),
        )
    return text


def _focal_pairs(caller: Caller) -> list[tuple[int, int]]:
    group_team = None if caller.private else caller.info.group_team_id
    return [
        (g.team_id, g.organization_id)
        for g in caller.info.grants
        if g.role == "focal_point" and g.organization_id is not None and (caller.private or g.team_id == group_team)
    ]


async def follow_up_command(update: Update, context: PantauContext) -> None:
    """/tindaklanjut: the secretariat's team actions (done ones with "Buka lagi"); a focal point's open actions of
    their organization (each with "Sudah dilaksanakan")."""
    caller = await get_caller(update, context)
    chat = update.effective_chat
    if caller is None or chat is None:
        return
    lang = caller.lang
    services = context.services
    secretariat = caller.teams_for(Action.DECIDE)
    pairs = _focal_pairs(caller)
    if not secretariat and not pairs:
        await refuse(update, caller)
        return
    now = services.now()

    def read(
        session: Session,
    ) -> tuple[list[tuple[str, str, list[ActionView]]], list[ActionView], dict[int, str]]:
        teams = [(*_team(session, team_id), team_actions(session, team_id)) for team_id in secretariat]
        zones = {team_id: _team(session, team_id)[2] for team_id, _org in pairs}
        return [(name, tz, views) for _code, name, tz, views in teams], organization_actions(session, pairs), zones

    teams, mine, zones = await services.db.run(read)
    for name, tz, views in teams:
        today = _today(tz, now)
        if not views:
            await answer(update, lang, "actions.list.empty", team=esc(name))
            continue
        open_views = [v for v in views if v.open]
        done = [v for v in views if not v.open]
        await answer(
            update,
            lang,
            "actions.list.head",
            team=esc(name),
            open=len(open_views),
            overdue=sum(1 for v in open_views if v.overdue_days(today)),
            done=len(done),
        )
        shown = (open_views + sorted(done, key=lambda v: v.done_at or now, reverse=True))[:LIST_LIMIT]
        for view in shown:
            buttons = [] if view.open else [[Button(t("actions.button.reopen", lang), f"tl:r:{view.id}")]]
            await answer_text(update, _item(view, today, lang), buttons=buttons)
        if len(views) > len(shown):
            await answer(update, lang, "actions.list.more", n=len(views) - len(shown))
    if pairs:
        if not mine:
            if not teams:
                await answer(update, lang, "actions.list.none")
            return
        await answer(update, lang, "actions.list.mine", n=len(mine))
        for view in mine[:LIST_LIMIT]:
            today = _today(zones.get(view.team_id, services.settings.timezone), now)
            button = Button(t("actions.button.done", lang), f"tl:d:{view.id}")
            await answer_text(update, _item(view, today, lang), buttons=[[button]])


async def _action_of_press(update: Update, context: PantauContext, pattern: str) -> tuple[Caller, ActionView] | None:
    query = update.callback_query
    caller = await get_caller(update, context)
    if query is None or caller is None:
        return None
    match = re.match(pattern, query.data or "")
    if match is None:
        return None
    try:
        view = await context.services.db.run(get_action, int(match.group(1)))
    except ActionError as exc:
        await answer_query(query, t(exc.key, caller.lang), show_alert=True)
        return None
    if not caller.private and view.team_id != caller.info.group_team_id:
        await answer_query(query, t("actions.unknown", caller.lang), show_alert=True)
        return None
    return caller, view


async def done_button(update: Update, context: PantauContext) -> object:
    """Sudah dilaksanakan: only a focal point of the action's organization in its team; asks what was done."""
    found = await _action_of_press(update, context, DONE_PATTERN)
    query = update.callback_query
    if found is None or query is None:
        return END
    caller, view = found
    if (view.team_id, view.organization_id) not in _focal_pairs(caller):
        await answer_query(query, t("actions.not_allowed", caller.lang, org=view.organization_code), show_alert=True)
        return END
    if not view.open:
        await answer_query(query, t("actions.already_done", caller.lang), show_alert=True)
        return END
    await answer_query(query)
    _keep(context, FOLLOWING_KEY, caller.chat_id, {"action": view.id})
    await _ask(update, caller, t("actions.ask_note", caller.lang, id=view.id))
    return NOTE


async def note_text(update: Update, context: PantauContext) -> object:
    caller = await get_caller(update, context)
    text = _typed(update)
    if caller is None or text is None:
        return END
    pending = _slot(context, FOLLOWING_KEY, caller.chat_id)
    if pending is None:
        await answer(update, caller.lang, "actions.stale")
        return END
    if len(text) > NOTE_MAX:
        await answer(update, caller.lang, "actions.too_long", n=len(text), limit=NOTE_MAX)
        return NOTE
    services = context.services
    person_id = await services.db.run(person_id_of, caller.telegram_id)
    action_id = int(pending["action"])

    def close(session: Session) -> tuple[ActionView, list[int]]:
        view = get_action(session, action_id)
        if (view.team_id, view.organization_id) not in _focal_pairs(caller):
            raise ActionError("actions.unknown")
        closed = close_action(session, action_id, person_id, text, services.now())
        return closed, [g.chat_id for g in people.active_groups(session, view.team_id)]

    try:
        view, groups = await services.db.run(close)
    except ActionError as exc:
        _drop(context, FOLLOWING_KEY, caller.chat_id)
        await answer(update, caller.lang, exc.key)
        return END
    _drop(context, FOLLOWING_KEY, caller.chat_id)
    await answer(update, caller.lang, "actions.closed", id=view.id)
    notice = t(
        "actions.closed.group",
        "id",
        id=view.id,
        org=esc(view.organization_name),
        decision=_shown(view.decision),
        note=_shown(view.done_note or ""),
        name=esc(caller.info.name),
    )
    others = [g for g in groups if g != caller.chat_id]
    if others:
        await send_to_groups(context.bot, services.db, others, notice)
    elif not caller.private:
        await answer_text(update, notice)
    return END


async def reopen_button(update: Update, context: PantauContext) -> None:
    """Buka lagi: the secretariat (or an admin) of the action's team opens a done action again."""
    found = await _action_of_press(update, context, REOPEN_PATTERN)
    query = update.callback_query
    if found is None or query is None:
        return
    caller, view = found
    lang = caller.lang
    if not caller.can(Action.DECIDE, view.team_id):
        await answer_query(query, t("actions.not_secretariat", lang), show_alert=True)
        return
    services = context.services
    person_id = await services.db.run(person_id_of, caller.telegram_id)

    def reopen(session: Session) -> tuple[ActionView, list[Any]]:
        reopened = reopen_action(session, view.id, person_id, services.now())
        return reopened, focal_points(session, view.team_id).get(view.organization_id, [])

    try:
        reopened, contacts = await services.db.run(reopen)
    except ActionError as exc:
        await answer_query(query, t(exc.key, lang), show_alert=True)
        return
    await answer_query(query)
    await drop_buttons(query)
    await answer(
        update,
        lang,
        "actions.reopened",
        id=reopened.id,
        org=esc(reopened.organization_code),
        due=long_date(reopened.due_date, lang),
    )
    for contact in contacts:
        if contact.can_message:
            text = t(
                "actions.reopened.notice",
                contact.language,
                id=reopened.id,
                decision=_shown(reopened.decision),
                due=long_date(reopened.due_date, contact.language),
            )
            await send_private(context.bot, services.db, contact.telegram_id, text)


# --- registration ------------------------------------------------------------------------------------------------

TEXT = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
OTHER = ~filters.COMMAND & filters.UpdateType.MESSAGE


def build_conversation() -> ConversationHandler[Any]:
    """/putuskan's steps and the note of "Sudah dilaksanakan"; /batal cancels. Persistent, per chat and person."""
    return ConversationHandler(
        entry_points=[
            CommandHandler("putuskan", decide_command),
            CallbackQueryHandler(done_button, pattern=DONE_PATTERN),
        ],
        states={
            TOPIC: [
                CallbackQueryHandler(topic_button, pattern=TOPIC_PATTERN),
                CallbackQueryHandler(confirm_button, pattern=CONFIRM_PATTERN),
            ],
            TOPIC_TEXT: [MessageHandler(TEXT, topic_text), MessageHandler(OTHER, not_text)],
            DECISION: [MessageHandler(TEXT, decision_text), MessageHandler(OTHER, not_text)],
            ORG: [
                CallbackQueryHandler(org_button, pattern=ORG_PATTERN),
                CallbackQueryHandler(org_page_button, pattern=PAGE_PATTERN),
                CallbackQueryHandler(confirm_button, pattern=CONFIRM_PATTERN),
            ],
            DUE: [MessageHandler(TEXT, due_text), MessageHandler(OTHER, not_text)],
            CONFIRM: [CallbackQueryHandler(confirm_button, pattern=CONFIRM_PATTERN)],
            NOTE: [MessageHandler(TEXT, note_text), MessageHandler(OTHER, not_text)],
        },
        fallbacks=[CommandHandler("batal", _cancel)],
        name="actions",
        persistent=True,
        per_chat=True,
        per_user=True,
        per_message=False,
        allow_reentry=True,
    )


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """The conversation (its /putuskan entry and "Sudah dilaksanakan") and the reopen button; /tindaklanjut is
    registered from ``bot.commands``. Before ``bot.handlers.verification``'s /batal outside every conversation."""
    app.add_handler(build_conversation())
    app.add_handler(CallbackQueryHandler(reopen_button, pattern=REOPEN_PATTERN))
