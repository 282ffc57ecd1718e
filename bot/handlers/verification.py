"""The secretariat's side of reports: /verifikasi (verify or return with a reason) and /buka (reopen a period).

Callback data carries only ids (``vf:<report>:<revision>`` verify, ``vr:<report>:<revision>`` return) and is
authorised again on the server (``Action.VERIFY`` in the report's team); the revision id makes a button from before
a new revision stale. An item whose photo or document is also in another report says so under it ("⚠️ foto ini
juga dipakai di laporan K2 TW I"; another team's report only as such): a second look, nothing refused.

Returning asks for the reason as the next text message: a small persistent conversation ("verify_return") whose one
piece of data, the report being returned, lives in ``user_data`` (persisted and written through like the
conversation state), so it survives a restart.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal
from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest
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
    edit_or_send,
    get_caller,
    is_not_modified,
    keyboard,
    reply,
    stale_button,
)
from bot.report.conversation import cancel_outside
from bot.report.history import murni_note
from bot.report.notices import send_private
from bot.report.steps import amount, direction_text, period_label, target_text
from bot.services import PantauContext
from domain.authz import Action
from domain.numbers import format_percent, format_rupiah
from domain.periods import PeriodKind, PeriodParseError, parse_period
from domain.zones import team_zone
from progress.xlsx import reuse_lines
from storage.drafts import person_id_of
from storage.history import ReportOwner, report_owner
from storage.people import org_by_code
from storage.plan import list_teams
from storage.reopening import reopen_period, teams_of_org
from storage.report_errors import ReportError
from storage.schedule import focal_points
from storage.verification import (
    QueueItem,
    StatusChange,
    check_decidable,
    return_report,
    verification_queue,
    verify_report,
)
from texts import t
from texts.markup import TEXT_LIMIT, esc, shorten, utf16_len, visible_len
from texts.outgoing import Button
from texts.render import render_error

log = logging.getLogger(__name__)
END = ConversationHandler.END
REASON = "reason"
RETURNING_KEY = "pantau.returning"  # user_data: {"report": id, "revision": id, "message": id}
VERIFY_PATTERN = r"^vf:(\d{1,12}):(\d{1,12})$"
RETURN_PATTERN = r"^vr:(\d{1,12}):(\d{1,12})$"
QUEUE_LIMIT = 10


async def _verifier_teams(caller: Caller, context: PantauContext) -> list[int]:
    if caller.bootstrap_admin:
        return [team.id or 0 for team in await context.services.db.run(list_teams)]
    return caller.teams_for(Action.VERIFY)


VERIFY_NOTE_CHARS = 1200  # each of obstacles and follow-up (2,000 each would pass Telegram's 4,096)


def queue_item_text(item: QueueItem, lang: str, tz: str) -> str:
    """One report awaiting verification, as the secretariat reads it, with its evidence also in other reports
    flagged: within Telegram's 4,096 (long notes are shortened, more when they are full of emoji, which Telegram
    counts twice)."""
    flags = "".join("\n" + line for line in reuse_lines(item.reused, item.period_key, lang, esc))
    for note_chars in (VERIFY_NOTE_CHARS, 300):
        text = _queue_item_text(item, lang, tz, note_chars) + flags
        if visible_len(text) <= TEXT_LIMIT - 200:  # room for the decision appended when it is made
            break
    return text


def _queue_item_text(item: QueueItem, lang: str, tz: str, note_chars: int) -> str:
    none = t("report.summary.none", lang)
    evidence = str(item.evidence_count) if item.evidence_count else none
    if item.voice_file_ids:
        evidence += t("report.verify.voice", lang, n=len(item.voice_file_ids))
    if item.evidence_later:
        evidence += t("report.verify.evidence_later", lang)
    return t(
        "report.verify.item",
        lang,
        org=esc(item.organization_code),
        activity=esc(item.activity_name),
        period=period_label(item.period_key, lang),
        revision=item.revision_number,
        value=amount(Decimal(repr(item.value)), "", lang),
        unit=esc(item.unit),
        target=(target_text(item, lang) if item.target is not None else none)
        + murni_note(item.measured, item.unit, lang, key="report.verify.target_changed")
        + (direction_text(item, lang) if item.target is not None else ""),
        budget=format_rupiah(item.budget_spent, lang) if item.budget_spent is not None else none,
        physical=format_percent(item.physical_pct, lang) if item.physical_pct is not None else none,
        evidence=evidence,
        obstacles=esc(shorten(item.obstacles, note_chars)) if item.obstacles else none,
        follow_up=esc(shorten(item.follow_up, note_chars)) if item.follow_up else none,
        reporter=esc(item.reporter_name),
        date=item.submitted_at.astimezone(team_zone(tz)).strftime("%d/%m/%Y %H:%M"),
    )


async def verification_list(update: Update, context: PantauContext) -> None:
    """/verifikasi: the submitted reports of the caller's teams, oldest first, each with Verifikasi / Kembalikan."""
    caller = await get_caller(update, context)
    chat = update.effective_chat
    if caller is None or chat is None:
        return
    lang = caller.lang
    teams = await _verifier_teams(caller, context)
    if not teams:
        await answer(update, lang, "report.verify.not_allowed")
        return
    items, total = await context.services.db.run(verification_queue, teams, limit=QUEUE_LIMIT)
    if not items:
        await answer(update, lang, "report.verify.empty")
        return
    more = t("report.verify.more", lang, shown=len(items)) if total > len(items) else ""
    await answer(update, lang, "report.verify.head", total=total, more=more)
    tz = context.services.settings.timezone
    for item in items:
        buttons = [
            [
                Button(t("report.button.verify", lang), f"vf:{item.report_id}:{item.revision_id}"),
                Button(t("report.button.return", lang), f"vr:{item.report_id}:{item.revision_id}"),
            ]
        ]
        await chat.send_message(queue_item_text(item, lang, tz), reply_markup=keyboard(buttons))
        for file_id in item.voice_file_ids:  # an obstacle's voice note, as sent (never transcribed)
            caption = t(
                "report.verify.voice_caption", lang, org=esc(item.organization_code), activity=esc(item.activity_name)
            )
            await chat.send_voice(file_id, caption=caption)


async def _authorised(
    update: Update, context: PantauContext, pattern: str
) -> tuple[Caller, ReportOwner, int, int] | None:
    """Decode ``vf:``/``vr:``, check the report still awaits a decision on that revision and the caller may
    verify in its team; otherwise answer the button and return None."""
    query = update.callback_query
    caller = await get_caller(update, context)
    if query is None or caller is None:
        return None
    match = re.match(pattern, query.data or "")
    if match is None:
        await stale_button(query, caller.lang)
        return None
    report_id, revision_id = int(match.group(1)), int(match.group(2))
    try:
        owner = await context.services.db.run(check_decidable, report_id, revision_id)
    except ReportError as exc:
        await answer_query(query, t(exc.key, caller.lang), show_alert=True)
        return None
    if not caller.can(Action.VERIFY, owner.team_id):
        await answer_query(query, t("report.verify.not_allowed", caller.lang), show_alert=True)
        return None
    return caller, owner, report_id, revision_id


async def _close_item(update: Update, note: str) -> None:
    """Replace the item's buttons by what was decided; the decision is sent anew when the item cannot be edited
    (inaccessible: Telegram sends no content for it)."""
    query = update.callback_query
    message = query.message if query is not None else None
    if query is None:
        return
    if not isinstance(message, Message) or not message.text:
        await reply(update, note)
        return
    text = f"{message.text_html}\n\n{note}"
    if utf16_len(message.text) + visible_len(note) + 2 > TEXT_LIMIT:
        text = note  # the item was at Telegram's limit: the decision alone
    await edit_or_send(update, text)


async def verify_button(update: Update, context: PantauContext) -> None:
    """Verifikasi: mark the report verified and tell the reporter."""
    found = await _authorised(update, context, VERIFY_PATTERN)
    if found is None:
        return
    caller, _owner, report_id, revision_id = found
    services = context.services
    person_id = await services.db.run(person_id_of, caller.telegram_id)
    try:
        change = await services.db.run(verify_report, report_id, revision_id, person_id, services.now())
    except ReportError as exc:
        if update.callback_query is not None:
            await answer_query(update.callback_query, t(exc.key, caller.lang), show_alert=True)
        return
    if update.callback_query is not None:
        await answer_query(update.callback_query)
    await _close_item(update, t("report.verify.done_verified", caller.lang, by=esc(caller.info.name)))
    await _notify_reporter(update, context, caller, change)


async def _notify_reporter(update: Update, context: PantauContext, caller: Caller, change: StatusChange) -> None:
    lang = change.reporter_language
    values = {"activity": esc(change.activity_name), "period": period_label(change.period_key, lang)}
    if change.status == "returned":
        text = t("report.verify.notice_returned", lang, reason=esc(change.reason or ""), **values)
        markup = keyboard([[Button(t("report.button.revise_one", lang), f"rv:{change.report_id}")]])
    else:
        text = t("report.verify.notice_verified", lang, **values)
        markup = None
    sent = change.reporter_reachable and await send_private(
        context.bot, context.services.db, change.reporter_telegram_id, text, markup
    )
    if not sent and update.effective_chat is not None:
        await update.effective_chat.send_message(t("report.verify.reporter_unreachable", caller.lang))


async def return_button(update: Update, context: PantauContext) -> object:
    """Kembalikan: remember which report and ask for the reason (the next text message)."""
    found = await _authorised(update, context, RETURN_PATTERN)
    if found is None:
        return None if _returning(context) else END
    caller, _owner, report_id, revision_id = found
    query = update.callback_query
    assert query is not None
    await answer_query(query)
    message_id = query.message.message_id if query.message is not None else None
    _user_data(context)[RETURNING_KEY] = {"report": report_id, "revision": revision_id, "message": message_id}
    await answer(update, caller.lang, "report.verify.ask_reason")
    return REASON


def _user_data(context: PantauContext) -> dict[str, Any]:
    data = context.user_data
    assert data is not None  # every update here has a user
    return data


def _returning(context: PantauContext) -> dict[str, Any] | None:
    data = context.user_data.get(RETURNING_KEY) if context.user_data is not None else None
    return data if isinstance(data, dict) else None


async def receive_reason(update: Update, context: PantauContext) -> object:
    """Store the return with its reason, tell the reporter (with "Revisi") and end."""
    caller = await get_caller(update, context)
    message = update.message
    pending = _returning(context)
    if caller is None or message is None or message.text is None:
        return END
    if pending is None:
        return END
    services = context.services
    person_id = await services.db.run(person_id_of, caller.telegram_id)
    try:
        owner = await services.db.run(report_owner, int(pending["report"]))
        if not caller.can(Action.VERIFY, owner.team_id):
            raise ReportError("report.verify.not_allowed")
        change = await services.db.run(
            return_report,
            int(pending["report"]),
            int(pending["revision"]),
            person_id,
            message.text,
            services.now(),
        )
    except ReportError as exc:
        await answer(update, caller.lang, exc.key)
        if exc.key == "report.verify.reason_empty":
            return REASON
        _user_data(context).pop(RETURNING_KEY, None)
        return END
    _user_data(context).pop(RETURNING_KEY, None)
    await answer(
        update, caller.lang, "report.verify.done_returned", by=esc(caller.info.name), reason=esc(change.reason or "")
    )
    if pending.get("message") and update.effective_chat is not None:
        try:
            await context.bot.edit_message_reply_markup(update.effective_chat.id, int(pending["message"]), None)
        except BadRequest as exc:  # buttons already gone (not modified), or the item was deleted
            if not is_not_modified(exc):
                log.info("could not remove the buttons of returned item: %s", exc)
    await _notify_reporter(update, context, caller, change)
    return END


async def reason_not_text(update: Update, context: PantauContext) -> object:
    caller = await get_caller(update, context)
    await answer(update, caller.lang if caller else None, "report.verify.reason_text")
    return None


async def cancel_return(update: Update, context: PantauContext) -> object:
    """/batal while a reason is asked: nothing is changed."""
    caller = await get_caller(update, context)
    _user_data(context).pop(RETURNING_KEY, None)
    await answer(update, caller.lang if caller else None, "report.verify.return_cancelled")
    return END


def build_return_conversation() -> ConversationHandler[Any]:
    """Kembalikan → the reason (text) → END; /batal cancels. Persistent: the reason may come after a restart."""
    return ConversationHandler(
        entry_points=[CallbackQueryHandler(return_button, pattern=RETURN_PATTERN)],
        states={
            REASON: [
                MessageHandler(filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE, receive_reason),
                MessageHandler(~filters.COMMAND & filters.UpdateType.MESSAGE, reason_not_text),
            ]
        },
        fallbacks=[CommandHandler("batal", cancel_return)],
        name="verify_return",
        persistent=True,
        per_chat=True,
        per_user=True,
        per_message=False,
        allow_reentry=True,
    )


# --- /buka ----------------------------------------------------------------------------------------------------


async def reopen_command(update: Update, context: PantauContext) -> None:
    """/buka ORG PERIOD [TEAM]: reopen a (locked) period for one organization; its focal points are told.

    Private only (``bot.commands``): in a group it would act on (and name) a team the group may not belong to."""
    caller = await get_caller(update, context)
    if caller is None:
        return
    lang = caller.lang
    services = context.services
    args = list(context.args or [])
    if len(args) < 2:
        await answer(update, lang, "report.reopen.usage")
        return
    if caller.bootstrap_admin:
        allowed = [team.id or 0 for team in await services.db.run(list_teams)]
    else:
        allowed = caller.teams_for(Action.REOPEN)
    if not allowed:
        await answer(update, lang, "report.reopen.not_allowed")
        return
    teams = {team.id: team for team in await services.db.run(list_teams)}
    org_code, rest = args[0], args[1:]
    named = next((tid for tid, team in teams.items() if team.code.upper() == rest[-1].upper()), None)
    if named is not None:
        rest = rest[:-1]
    org_teams = await services.db.run(teams_of_org, org_code)
    if not org_teams:
        org = await services.db.run(org_by_code, org_code)
        key = "report.reopen.unknown_org" if org is None else "report.reopen.not_in_team"
        await answer(update, lang, key, org=esc(org_code))
        return
    candidates = [tid for tid in org_teams if tid in allowed and (named is None or tid == named)]
    if not candidates:
        await answer(update, lang, "report.reopen.not_allowed")
        return
    if len(candidates) > 1:
        await answer(update, lang, "report.reopen.which_team", org=esc(org_code), team=esc(teams[candidates[0]].code))
        return
    team = teams[candidates[0]]
    kind: PeriodKind = "month" if team.period_kind == "month" else "quarter"
    try:
        period = parse_period(" ".join(rest), kind, team.year)
    except PeriodParseError as exc:
        await answer_text(update, render_error(exc, lang) + "\n" + t("report.reopen.usage", lang))
        return
    person_id = await services.db.run(person_id_of, caller.telegram_id)
    try:
        result = await services.db.run(reopen_period, team.id or 0, org_code, period.key, person_id, services.now())
    except ReportError as exc:
        await answer(update, lang, exc.key, org=esc(org_code))
        return
    key = "report.reopen.done" if result.created else "report.reopen.already"
    values = {
        "period": period_label(result.period_key, lang),
        "org": esc(result.organization_name),
        "team": esc(result.team_name),
    }
    text = t(key, lang, **values)
    if not result.was_locked:
        text += "\n" + t("report.reopen.not_locked", lang)
    await reply(update, text)
    if result.created:
        contacts = await services.db.run(focal_points, result.team_id)
        org = await services.db.run(org_by_code, result.organization_code)
        for contact in contacts.get((org.id or 0) if org is not None else 0, []):
            if contact.can_message:
                notice = t(
                    "report.reopen.notice",
                    contact.language,
                    period=period_label(result.period_key, contact.language),
                    org=esc(result.organization_name),
                )
                await send_private(context.bot, services.db, contact.telegram_id, notice)


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """The buttons and the return conversation; /verifikasi and /buka are registered from ``bot.commands``."""
    app.add_handler(CallbackQueryHandler(verify_button, pattern=VERIFY_PATTERN))
    app.add_handler(build_return_conversation())
    # /batal with no conversation going: after both conversations (see bot.report.conversation.register)
    app.add_handler(CommandHandler("batal", cancel_outside))
