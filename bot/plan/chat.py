"""The plan in the chat, for a team's secretariat and admins, in a private chat (issue 14 item 3).

- ``/rencana [TEAM]``: the plan in force as an XLSX workbook to edit, then the list of its versions;
- a plan file (.xlsx, .yaml) sent back: size checked before downloading, read (``planfile.upload``), every mistake
  listed with its sheet and row; else a preview of what it changes, the first period it applies to (buttons, or
  koreksi data), the legal basis (text), and Terapkan / Batal;
- Terapkan writes the version (``storage.plan_versions``) if the plan is still at the version previewed, then tells
  the team's groups in a line and each focal point whose activities changed privately.

The change waiting between steps is in ``user_data`` (``bot.plan.state``), persisted to the database, so it survives
a restart. /batal cancels it (in front of the report's /batal: ``cancel_command``). Every press and the file are
checked on the server against the person's role in the plan's team.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session
from telegram import Document, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.handlers import core
from bot.handlers.common import (
    Caller,
    answer,
    answer_query,
    answer_text,
    get_caller,
    get_caller_with,
    is_not_modified,
    keyboard,
    reply,
)
from bot.handlers.teams import caller_and_team, team_codes
from bot.handlers.verification import RETURNING_KEY
from bot.plan import state, views, work
from bot.plan.state import BASIS_MAX, PENDING_KEY, Pending, Stage, Verb
from bot.report.notices import send_private, send_to_groups
from bot.services import PantauContext
from domain.authz import Action
from domain.periods import Period
from domain.plan import Plan
from domain.plan_data import plan_from_data, plan_to_data
from domain.text import is_visibly_empty
from planfile.read import PlanFileError, PlanSourceError
from planfile.upload import MAX_PLAN_BYTES, PLAN_SUFFIXES, TELEGRAM_DOWNLOAD_LIMIT, read_uploaded_plan
from planfile.write import xlsx_bytes
from storage import drafts
from storage.plan import ParentTeamError, PlanConflictError
from storage.plan_versions import NothingToChangeError, PlanChangedError, VersionRuleError
from texts import t
from texts.markup import esc
from texts.outgoing import Button

log = logging.getLogger(__name__)

CANCEL_GROUP = -1  # /batal of a pending plan change: before the conversations' /batal (group 0)


# --- the pending change in user_data ---------------------------------------------------------------------------


def _user_data(context: PantauContext) -> dict[str, Any]:
    data = context.user_data
    assert data is not None  # every update here has a user
    return data


def current(context: PantauContext) -> Pending | None:
    data = context.user_data
    return state.from_data(data.get(PENDING_KEY)) if data is not None else None


def _keep(context: PantauContext, pending: Pending) -> None:
    _user_data(context)[PENDING_KEY] = pending.to_data()


def _drop(context: PantauContext) -> None:
    _user_data(context).pop(PENDING_KEY, None)


async def _persist(context: PantauContext, user_id: int) -> None:
    """Write ``user_data`` now (as ``bot.app.write_through`` does after every update)."""
    context.application.mark_data_for_update_persistence(user_ids=user_id)
    await context.application.update_persistence()


async def _remove_buttons(context: PantauContext, chat_id: int, pending: Pending | None) -> None:
    """Take the buttons off the pending change's current message (best effort: it may be gone or unchanged)."""
    if pending is None or pending.message_id is None:
        return
    try:
        await context.bot.edit_message_reply_markup(chat_id, pending.message_id, reply_markup=None)
    except BadRequest as exc:
        if not is_not_modified(exc):
            log.info("could not remove the buttons of plan message %s: %s", pending.message_id, exc)
    except NetworkError as exc:
        log.info("buttons of plan message %s maybe left in place: %s", pending.message_id, exc)


# --- /rencana ----------------------------------------------------------------------------------------------------


def file_name_for(team_code: str, version: int) -> str:
    return f"rencana-{re.sub(r'[^A-Za-z0-9._-]', '_', team_code)}-v{version}.xlsx"


async def plan_command(update: Update, context: PantauContext) -> None:
    """/rencana [TEAM]: the plan as an XLSX to edit and send back, then its versions."""
    found = await caller_and_team(update, context, Action.PLAN)
    chat = update.effective_chat
    if found is None or chat is None:
        return
    caller, chosen = found
    services = context.services
    export = await services.db.run(work.plan_export, chosen.team_id, services.now())
    data = await asyncio.to_thread(xlsx_bytes, export.plan)
    caption = t("plan_chat.caption", caller.lang, team=esc(export.team_code), version=export.version)
    await context.bot.send_document(
        chat.id, document=data, filename=file_name_for(export.team_code, export.version), caption=caption
    )
    for text in views.versions_messages(export.team_code, export.versions, export.timezone, caller.lang):
        await answer_text(update, text)


# --- a plan file sent back -----------------------------------------------------------------------------------------


def _codes(session: Session, _telegram_id: int) -> dict[str, int]:
    return team_codes(session)


def _allowed_teams(caller: Caller, codes: dict[str, int]) -> list[int]:
    return list(codes.values()) if caller.bootstrap_admin else caller.teams_for(Action.PLAN)


async def plan_file(update: Update, context: PantauContext) -> None:
    """A document in the private chat: from someone who may change a plan, a plan change begins."""
    message = update.message
    document = message.document if message is not None else None
    caller, codes = await get_caller_with(update, context, _codes)
    if caller is None or codes is None or document is None:
        return
    name = document.file_name or ""
    allowed = _allowed_teams(caller, codes)
    if not allowed:
        if caller.known and name.lower().endswith(PLAN_SUFFIXES):
            await answer(update, caller.lang, "plan_chat.not_allowed")
        else:
            await core.free_text(update, context)  # as any other message
        return
    plan = await _read(update, context, caller, document)
    if plan is not None:
        await _begin(update, context, caller, codes, allowed, plan, name)


async def _read(update: Update, context: PantauContext, caller: Caller, document: Document) -> Plan | None:
    """Download and read the file; None after saying why it cannot be used (nothing is changed)."""
    lang = caller.lang
    name = document.file_name or ""
    size = document.file_size or 0
    limit = min(TELEGRAM_DOWNLOAD_LIMIT, MAX_PLAN_BYTES)
    if size > limit:
        await answer(
            update,
            lang,
            "plan_chat.too_big",
            name=esc(name),
            size=views.size_text(size, lang),
            limit=views.size_text(limit, lang),
        )
        return None
    try:
        file = await context.bot.get_file(document.file_id)
        data = bytes(await file.download_as_bytearray())
    except TelegramError as exc:
        log.info("plan file %r not downloaded: %s", name, exc)
        await answer(update, lang, "plan_chat.download_failed", name=esc(name))
        return None
    try:
        return await asyncio.to_thread(read_uploaded_plan, data, name)
    except PlanSourceError as exc:
        await answer(update, lang, "plan_chat.unreadable", name=esc(name), reason=esc(exc.text(lang)))
    except PlanFileError as exc:
        for text in views.mistakes_messages(name, exc.issues, lang):
            await answer_text(update, text)
    return None


async def _begin(
    update: Update,
    context: PantauContext,
    caller: Caller,
    codes: dict[str, int],
    allowed: list[int],
    plan: Plan,
    name: str,
) -> None:
    """Check the plan's team and preview the change; ask for its first period."""
    lang = caller.lang
    services = context.services
    team_code = plan.team.code
    team_id = codes.get(team_code)
    if team_id is None and caller.bootstrap_admin:
        await answer(update, lang, "plan_chat.unknown_team", team=esc(team_code))
        return
    if team_id is None or team_id not in allowed:
        mine = sorted(code for code, i in codes.items() if i in allowed)
        if mine:
            await answer(update, lang, "plan_chat.other_team", team=esc(team_code), teams=esc(", ".join(mine)))
        else:
            await answer(update, lang, "plan_chat.other_team.none", team=esc(team_code))
        return
    try:
        preview = await services.db.run(work.preview, plan, services.now())
    except work.UnknownTeamError:
        await answer(update, lang, "plan_chat.unknown_team", team=esc(team_code))
        return
    except NothingToChangeError:
        version = await services.db.run(work.current_version, team_id)
        await answer(update, lang, "plan_chat.nothing", team=esc(team_code), version=version)
        return
    except VersionRuleError as exc:
        await answer(update, lang, "plan_chat.calendar", settings=esc(", ".join(exc.calendar) or exc.bad_period or ""))
        return
    except ParentTeamError as exc:
        await answer(
            update, lang, "plan_chat.parent_loop" if exc.loop else "plan_chat.parent_unknown", parent=esc(exc.parent)
        )
        return
    chat_id = caller.chat_id
    await _remove_buttons(context, chat_id, current(context))  # a new file replaces a change still pending
    pending = Pending(
        id=state.new_id(),
        team_code=preview.team_code,
        team_id=preview.team_id,
        base_version=preview.base_version,
        plan=plan_to_data(plan),
        file_name=name,
    )
    await answer_text(update, views.preview_text(preview.team_code, preview.base_version, name, preview.changes, lang))
    asked = await reply(update, t("plan_chat.ask_period", lang), _period_keyboard(pending, preview.periods, lang))
    _keep(context, pending if asked is None else pending.at(Stage.PERIOD, message_id=asked.message_id))


def _period_keyboard(pending: Pending, periods: Sequence[str], lang: str | None) -> InlineKeyboardMarkup | None:
    labels = [(Period.from_key(key).label(lang), key) for key in periods]
    per_row = 3 if len(labels) > 4 else 2
    rows = [
        [Button(label, callback_data=state.button(pending, Verb.PERIOD, key)) for label, key in labels[i : i + per_row]]
        for i in range(0, len(labels), per_row)
    ]
    rows.append([Button(t("plan_chat.button.correction", lang), callback_data=state.button(pending, Verb.CORRECTION))])
    rows.append([Button(t("plan_chat.button.cancel", lang), callback_data=state.button(pending, Verb.CANCEL))])
    return keyboard(rows)


def _confirm_keyboard(pending: Pending, lang: str | None) -> InlineKeyboardMarkup | None:
    return keyboard(
        [
            [
                Button(t("plan_chat.button.apply", lang), callback_data=state.button(pending, Verb.APPLY)),
                Button(t("plan_chat.button.cancel", lang), callback_data=state.button(pending, Verb.CANCEL)),
            ]
        ]
    )


# --- the buttons ---------------------------------------------------------------------------------------------------


async def plan_button(update: Update, context: PantauContext) -> None:
    """A period, Koreksi data, Terapkan or Batal of the person's pending change; anything else is stale."""
    query = update.callback_query
    caller = await get_caller(update, context)
    if query is None or caller is None:
        return
    lang = caller.lang
    press = state.parse(query.data)
    pending = current(context) if caller.private else None
    if press is None or pending is None or press.id != pending.id:
        await answer_query(query, t("plan_chat.gone", lang))
        return
    if not caller.can(Action.PLAN, pending.team_id):
        _drop(context)
        await answer_query(query, t("plan_chat.not_allowed", lang), show_alert=True)
        return
    if press.verb is Verb.CANCEL:
        _drop(context)
        await answer_query(query)
        await _close(update, context, pending, t("plan_chat.cancelled", lang))
    elif press.verb in (Verb.PERIOD, Verb.CORRECTION) and pending.stage is Stage.PERIOD:
        await _choose_period(update, context, caller, pending, press.period)
    elif press.verb is Verb.APPLY and pending.stage is Stage.CONFIRM:
        await _apply(update, context, caller, pending)
    else:
        await answer_query(query, t("plan_chat.gone", lang))


async def _close(update: Update, context: PantauContext, pending: Pending, text: str) -> None:
    """Say how the change ended, in place of its current message's buttons."""
    await _remove_buttons(context, update.effective_chat.id if update.effective_chat else 0, pending)
    await answer_text(update, text)


async def _choose_period(
    update: Update, context: PantauContext, caller: Caller, pending: Pending, period: str | None
) -> None:
    query = update.callback_query
    assert query is not None
    services = context.services
    lang = caller.lang
    correction = period is None
    if period is None:
        period = await services.db.run(work.correction_period, pending.team_id, services.now())
    elif not await services.db.run(work.is_offered, pending.team_id, period, services.now()):
        await answer_query(query, t("plan_chat.gone", lang))
        return
    await answer_query(query)
    plan = plan_from_data(pending.plan)
    try:
        prepared = await services.db.run(work.check_period, plan, period, correction)
    except VersionRuleError as exc:
        if exc.earlier:
            await _ask_period_again(update, context, pending, views.earlier_text(exc.earlier, period, lang), lang)
            return
        await _stale_change(update, context, caller, pending)
        return
    except NothingToChangeError:
        await _stale_change(update, context, caller, pending)
        return
    except PlanConflictError as exc:  # a stop from a period that has reports
        await _ask_period_again(update, context, pending, views.conflict_text(exc.conflicts, period, lang), lang)
        return
    if prepared.base_version != pending.base_version:
        await _stale_change(update, context, caller, pending, prepared.base_version)
        return
    await _remove_buttons(context, caller.chat_id, pending)
    await answer_text(update, views.chosen_text(period, correction, lang))
    await answer(update, lang, "plan_chat.ask_basis", limit=BASIS_MAX)
    _keep(context, pending.at(Stage.BASIS, effective_from=period, correction=correction, message_id=None))


async def _ask_period_again(
    update: Update, context: PantauContext, pending: Pending, why: str, lang: str | None
) -> None:
    """Why the period cannot be used, and the period buttons again (the change stays pending)."""
    services = context.services
    periods = await services.db.run(work.offered, pending.team_id, services.now())
    chat_id = update.effective_chat.id if update.effective_chat else 0
    await _remove_buttons(context, chat_id, pending)
    asked = await reply(update, why, _period_keyboard(pending, periods, lang))
    _keep(
        context,
        pending.at(
            Stage.PERIOD,
            effective_from=None,
            correction=False,
            basis="",
            message_id=asked.message_id if asked is not None else None,
        ),
    )


async def _stale_change(
    update: Update, context: PantauContext, caller: Caller, pending: Pending, version: int | None = None
) -> None:
    """The plan changed under the preview: the change ends, the file is to be sent again."""
    if version is None:
        version = await context.services.db.run(work.current_version, pending.team_id)
    _drop(context)
    await _close(update, context, pending, t("plan_chat.changed_meanwhile", caller.lang, version=version))


# --- the legal basis -----------------------------------------------------------------------------------------------


class AwaitingBasis(filters.MessageFilter):
    """A message from someone whose pending plan change waits for its legal basis."""

    def __init__(self, app: Application) -> None:  # type: ignore[type-arg]
        super().__init__(name="AwaitingBasis")
        self._app = app

    def filter(self, message: Message) -> bool:
        user = message.from_user
        data = self._app.user_data.get(user.id) if user is not None else None
        pending = data.get(PENDING_KEY) if isinstance(data, dict) else None
        return isinstance(pending, dict) and pending.get("stage") == Stage.BASIS.value


async def basis_text(update: Update, context: PantauContext) -> None:
    message = update.message
    caller = await get_caller(update, context)
    pending = current(context)
    if caller is None or message is None or message.text is None:
        return
    if pending is None or pending.stage is not Stage.BASIS or pending.effective_from is None:
        await core.free_text(update, context)
        return
    lang = caller.lang
    basis = " ".join(message.text.split())
    if is_visibly_empty(basis):
        await answer(update, lang, "plan_chat.basis.empty")
        return
    if len(basis) > BASIS_MAX:
        await answer(update, lang, "plan_chat.basis.too_long", n=len(basis), limit=BASIS_MAX)
        return
    if not caller.can(Action.PLAN, pending.team_id):
        _drop(context)
        await answer(update, lang, "plan_chat.not_allowed")
        return
    services = context.services
    plan = plan_from_data(pending.plan)
    try:
        prepared = await services.db.run(work.check_period, plan, pending.effective_from, pending.correction)
    except (VersionRuleError, NothingToChangeError, PlanConflictError):
        await _stale_change(update, context, caller, pending)
        return
    if prepared.base_version != pending.base_version or prepared.changes is None:
        await _stale_change(update, context, caller, pending, prepared.base_version)
        return
    text = views.confirm_text(
        pending.team_code,
        pending.base_version + 1,
        pending.effective_from,
        pending.correction,
        basis,
        prepared.changes,
        lang,
    )
    asked = await reply(update, text, _confirm_keyboard(pending, lang))
    _keep(context, pending.at(Stage.CONFIRM, basis=basis, message_id=asked.message_id if asked else None))


# --- Terapkan ------------------------------------------------------------------------------------------------------


async def _apply(update: Update, context: PantauContext, caller: Caller, pending: Pending) -> None:
    query = update.callback_query
    assert query is not None
    services = context.services
    lang = caller.lang
    period = pending.effective_from
    if period is None:
        await answer_query(query, t("plan_chat.gone", lang))
        return
    await answer_query(query)
    plan = plan_from_data(pending.plan)
    try:
        applied = await services.db.run(
            work.apply,
            plan,
            base_version=pending.base_version,
            effective_from=period,
            correction=pending.correction,
            basis=pending.basis,
            now=services.now(),
            telegram_id=caller.telegram_id,
            author=caller.info.name,
        )
    except PlanChangedError as exc:
        await _stale_change(update, context, caller, pending, exc.actual)
        return
    except PlanConflictError as exc:
        await _ask_period_again(update, context, pending, views.conflict_text(exc.conflicts, period, lang), lang)
        return
    except VersionRuleError as exc:
        if exc.earlier:
            await _ask_period_again(update, context, pending, views.earlier_text(exc.earlier, period, lang), lang)
        else:
            await _stale_change(update, context, caller, pending)
        return
    except (NothingToChangeError, work.UnknownTeamError):
        await _stale_change(update, context, caller, pending)
        return
    _drop(context)
    await _persist(context, caller.telegram_id)  # the version is stored: the change is no longer pending
    await _close(update, context, pending, views.applied_text(pending.team_code, applied.info, lang))
    try:
        await _tell(context, pending.team_code, applied)
    except Exception:  # the version is applied whatever happens to the notices
        log.exception("notices of plan version %s of %s", applied.info.number, pending.team_code)


async def _tell(context: PantauContext, team_code: str, applied: work.Applied) -> None:
    """One line to each of the team's groups; to each focal point whose activities changed, what changed for them."""
    services = context.services
    changes = applied.prepared.changes
    if changes is None:
        return
    notice = views.group_notice(team_code, applied.info, changes, services.settings.language)
    await send_to_groups(context.bot, services.db, applied.group_chat_ids, notice)
    owners = work.affected_organizations(applied.prepared)
    for focal in applied.focal_points:
        if not focal.reachable:
            continue
        codes = owners.get(focal.organization_code, set())
        try:  # one focal point's note failing leaves the others' notes to go
            note = views.focal_note(
                team_code,
                applied.info,
                changes,
                codes,
                f"{focal.organization_code} ({focal.organization_name})",
                focal.language,
            )
            await send_private(context.bot, services.db, focal.telegram_id, note)
        except Exception:
            log.exception("plan note to %s", focal.telegram_id)


# --- /batal --------------------------------------------------------------------------------------------------------


async def cancel_command(update: Update, context: PantauContext) -> None:
    """/batal in the private chat with a plan change pending: cancel it. When nothing else is going (a report, a
    return reason) the report's /batal is not reached, so it does not add "nothing to cancel"."""
    pending = current(context)
    user = update.effective_user
    if pending is None or user is None:
        return
    caller, draft = await get_caller_with(update, context, _draft)
    _drop(context)
    await _remove_buttons(context, user.id, pending)
    await answer(update, caller.lang if caller else None, "plan_chat.cancelled")
    if draft is None and RETURNING_KEY not in _user_data(context):
        await _persist(context, user.id)
        raise ApplicationHandlerStop


def _draft(session: Session, telegram_id: int) -> drafts.Draft | None:
    _person_id, draft = drafts.person_draft(session, telegram_id)
    return draft if draft is not None and draft.status == "open" else None


# --- registration --------------------------------------------------------------------------------------------------

PRIVATE = filters.ChatType.PRIVATE
NEW_MESSAGE = filters.UpdateType.MESSAGE


def register(app: Application) -> None:  # type: ignore[type-arg]
    """After the report and return conversations (a document or text there is theirs), before the catch-alls;
    /rencana itself is registered by the command table."""
    app.add_handler(CommandHandler("batal", cancel_command, filters=PRIVATE), group=CANCEL_GROUP)
    app.add_handler(MessageHandler(PRIVATE & filters.Document.ALL & NEW_MESSAGE, plan_file))
    app.add_handler(
        MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND & NEW_MESSAGE & AwaitingBasis(app), basis_text)
    )
    app.add_handler(CallbackQueryHandler(plan_button, pattern=state.PATTERN))
