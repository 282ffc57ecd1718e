"""/anggota (who is connected, with a button per organization without a focal point) and /undangan (printable
invitations as a PDF).

Both work in private chats only (``bot.commands``): the list says who blocked the bot or never opened it, which is
for the secretariat and the chair rather than the whole group, and an invitation link is a bearer token (whoever
opens it first takes the role), so it is never posted where others can press it.

Callback data ``mb:i:<team>:<organization>`` names only what to invite for; at the press the server checks again
that the chat is private, that the presser may invite a focal point in that team (``domain.authz.may_invite``) and
that the organization belongs to that team, then makes a fresh one-time link (``storage.people.create_invite``).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session
from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.handlers.common import (
    answer,
    answer_query,
    answer_text,
    get_caller,
    role_label,
    send_outgoing,
    stale_button,
    thread_of,
)
from bot.handlers.teams import caller_and_team
from bot.services import PantauContext
from domain.authz import Action, may_invite
from domain.zones import team_zone
from progress.invitations import SheetError, invite_link, make_sheet, render_sheet, sheet_filename
from storage import people
from storage.members import FocalPoint, OrganizationMembers, TeamMembers, organization_of_team, team_members
from storage.models import Team
from texts import t
from texts.markup import TEXT_LIMIT, esc, shorten, utf16_len, visible_len
from texts.outgoing import Button, OutgoingMessage

INVITE_PATTERN = r"^mb:i:(\d{1,12}):(\d{1,12})$"
MISSING_PER_MESSAGE = 30  # organizations (and their buttons) in one message of the list without a focal point
BUTTONS_PER_ROW = 3
_ROOM = TEXT_LIMIT - 200  # leave room for the HTML tags Telegram counts before parsing them

Rows = list[list[Button]]


# --- the list ----------------------------------------------------------------------------------------------------


def _reach(fp: FocalPoint, lang: str) -> str:
    if fp.can_message:
        return t("members.reach.ok", lang)
    return t("members.reach.blocked" if fp.private_chat else "members.reach.never", lang)


def _last(fp: FocalPoint, tz: str, lang: str) -> str:
    if fp.last_report is None:
        return t("members.last.never", lang)
    return t("members.last", lang, date=fp.last_report.astimezone(team_zone(tz)).strftime("%d/%m/%Y"))


def _org_heading(org: OrganizationMembers, lang: str) -> str:
    return t("members.org", lang, code=esc(org.code), name=esc(shorten(org.name, 120)))


def _pack(head: str, blocks: Sequence[str], continued: str) -> list[str]:
    """``head`` and ``blocks`` (an organization each) over as few messages as fit Telegram's limit; a block is
    never split (it is a few short lines)."""
    messages: list[list[str]] = [[head]]
    size = visible_len(head)
    for block in blocks:
        extra = visible_len(block) + 1
        if size + extra > _ROOM:
            messages.append([continued])
            size = utf16_len(continued)
        messages[-1].append(block)
        size += extra
    return ["\n".join(m) for m in messages]


def members_messages(members: TeamMembers, lang: str, *, may_invite_here: bool) -> list[tuple[str, Rows]]:
    """The /anggota reply: the head and every organization with focal points (each one's reachability and last
    report), then the organizations without one, ``MISSING_PER_MESSAGE`` a message, each with its button when
    the reader may invite; all within Telegram's limits."""
    orgs = members.organizations
    if not orgs:
        return [(t("members.none", lang, team=esc(members.team_name)), [])]
    missing = members.without_focal_points
    connected = sum(1 for o in orgs if o.connected)
    head = t(
        "members.head",
        lang,
        team=esc(members.team_name),
        orgs=len(orgs),
        connected=connected,
        unreachable=len(orgs) - connected - len(missing),
        missing=len(missing),
    )
    blocks = []
    for org in members.with_focal_points:
        lines = [_org_heading(org, lang)]
        for fp in org.focal_points:
            name = esc(shorten(fp.name or "?", 80))
            lines.append(
                t("members.fp", lang, name=name, reach=_reach(fp, lang), last=_last(fp, members.timezone, lang))
            )
        blocks.append("\n".join(lines))
    continued = t("members.continued", lang)
    out: list[tuple[str, Rows]] = [(text, []) for text in _pack(head + "\n", blocks, continued)]
    if not missing:
        out[-1] = (out[-1][0] + "\n\n" + t("members.missing.none", lang), [])
        return out
    for start in range(0, len(missing), MISSING_PER_MESSAGE):
        chunk = missing[start : start + MISSING_PER_MESSAGE]
        lines = [t("members.missing.head", lang, n=len(missing)) if start == 0 else continued]
        lines += [f"• {_org_heading(org, lang)}" for org in chunk]
        last_chunk = start + MISSING_PER_MESSAGE >= len(missing)
        if last_chunk:
            lines.append("")
            lines.append(t("members.missing.invite" if may_invite_here else "members.missing.ask", lang))
        rows: Rows = []
        if may_invite_here:
            buttons = [
                Button(
                    t("members.button.invite", lang, code=shorten(org.code, 20)),
                    f"mb:i:{members.team_id}:{org.organization_id}",
                )
                for org in chunk
            ]
            rows = [buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
        out.append(("\n".join(lines), rows))
    return out


async def anggota(update: Update, context: PantauContext) -> None:
    """/anggota [TEAM]: the team's organizations and focal points, and who is not connected."""
    found = await caller_and_team(update, context, Action.MEMBERS)
    if found is None:
        return
    caller, chosen = found
    members = await context.services.db.run(team_members, chosen.team_id)
    invites = may_invite(caller.grants(), chosen.team_id, "focal_point", bootstrap_admin=caller.bootstrap_admin)
    for text, rows in members_messages(members, caller.lang, may_invite_here=invites):
        await answer_text(update, text, buttons=rows)


# --- the invitation button ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Made:
    team_name: str
    timezone: str
    org_code: str
    token: str
    expires_at: datetime


def _invite_for(session: Session, team_id: int, org_id: int, now: datetime, telegram_id: int) -> _Made | None:
    """A focal-point invitation for the organization in the team; None when the team is unknown or the
    organization is not one of its own."""
    team = session.get(Team, team_id)
    org = organization_of_team(session, team_id, org_id) if team is not None else None
    if team is None or org is None:
        return None
    person = people.get_person(session, telegram_id)
    token, invite = people.create_invite(
        session, team.code, "focal_point", now, org_code=org.code, created_by=person.id if person else None
    )
    return _Made(team.name, team.timezone, org.code, token, invite.expires_at)


async def invite_button(update: Update, context: PantauContext) -> None:
    """➕ ORG: a one-time focal-point link for that organization, checked again on the server."""
    query = update.callback_query
    caller = await get_caller(update, context)
    if query is None or caller is None:
        return
    lang = caller.lang
    match = re.match(INVITE_PATTERN, query.data or "")
    if match is None:
        await stale_button(query, lang)
        return
    team_id, org_id = int(match.group(1)), int(match.group(2))
    if not caller.private:
        await answer_query(query, t("members.invite.private", lang), show_alert=True)
        return
    if not may_invite(caller.grants(), team_id, "focal_point", bootstrap_admin=caller.bootstrap_admin):
        await answer_query(query, t("members.invite.not_allowed", lang), show_alert=True)
        return
    services = context.services
    made = await services.db.run(_invite_for, team_id, org_id, services.now(), caller.telegram_id)
    if made is None:
        await answer_query(query, t("members.invite.unknown_org", lang), show_alert=True)
        return
    await answer_query(query)
    await answer(
        update,
        lang,
        "core.invite.created",
        role=role_label("focal_point", lang, esc(made.org_code)),
        team=esc(made.team_name),
        expires=made.expires_at.astimezone(team_zone(made.timezone)).strftime("%d/%m/%Y %H:%M"),
        link=invite_link(services.bot_username, made.token),
    )


# --- /undangan ---------------------------------------------------------------------------------------------------


async def undangan(update: Update, context: PantauContext) -> None:
    """/undangan [ORG…] [TEAM]: a PDF of printable invitations, one fresh one-time link per organization without a
    focal point (or per organization named)."""
    found = await caller_and_team(update, context, Action.INVITE)
    if found is None:
        return
    caller, chosen = found
    lang = caller.lang
    if not may_invite(caller.grants(), chosen.team_id, "focal_point", bootstrap_admin=caller.bootstrap_admin):
        await answer(update, lang, "core.invite.not_allowed", role=t("core.role.focal_point", lang))
        return
    services = context.services
    try:
        sheet = await services.db.run(make_sheet, chosen.team_id, chosen.args, services.now(), services.bot_username)
    except SheetError as exc:
        await answer_text(update, t(exc.key, lang, **exc.values))
        return
    pdf = await asyncio.to_thread(render_sheet, sheet)
    n = len(sheet.invitations)
    caption = t("members.sheet.caption", lang, team=esc(sheet.team_name), n=n, expires=sheet.expires)
    chat = update.effective_chat
    assert chat is not None
    message = OutgoingMessage(text=caption, document=pdf, filename=sheet_filename(sheet))
    await send_outgoing(context.bot, chat.id, message, thread_id=thread_of(update))


def register(app: Application) -> None:  # type: ignore[type-arg]
    """The invitation buttons of /anggota (the commands are in the command table, which calls this)."""
    app.add_handler(CallbackQueryHandler(invite_button, pattern=INVITE_PATTERN))
