"""The report conversation: /lapor (and "Lapor sekarang", "Revisi") to Kirim, as a table of states.

| state     | waits for                                   | then                                   |
| --------- | ------------------------------------------- | -------------------------------------- |
| ACTIVITY  | an activity button (◀ ▶ pages)              | PERIOD                                 |
| PERIOD    | a period button (locked ones say why)       | VALUE                                  |
| VALUE     | a number; "Ya, benar" / "Ubah" on a warning | BUDGET                                 |
| BUDGET    | Rupiah or "Lewati"; warning above the pagu  | PHYSICAL                               |
| PHYSICAL  | a percentage or "Lewati"                    | OBSTACLE_OPEN if one is open, else OBSTACLES |
| OBSTACLE_OPEN | "Ya, masih" / "Sudah teratasi"          | OBSTACLES                              |
| OBSTACLES | text, or "Lewati" (none when required: domain.obstacles; "Tidak berubah" when still open) | OBSTACLE_CAT |
| OBSTACLE_CAT | a category button                        | OBSTACLE_DEC                           |
| OBSTACLE_DEC | "Perlu keputusan pimpinan?" Ya / Tidak   | FOLLOW_UP                              |
| FOLLOW_UP | text or "Lewati"                            | EVIDENCE                               |
| EVIDENCE  | photos/documents (≤ 20 MB), "Selesai"       | LOCATION ("Bukti menyusul": SUMMARY)   |
| LOCATION  | a location or "Lewati" (reply keyboard)     | SUMMARY                                |
| SUMMARY   | Kirim / Ubah / Batal                        | END (stored) / EDIT / END (cancelled)  |
| EDIT      | the field to change, or back                | that field's state, then SUMMARY       |

Every state also answers: /batal (cancel, from anywhere), any other input (a short hint and the same question
again), and buttons of other messages (``stale_button``). Entry points, valid in every state (``allow_reentry``):
/lapor, ``/start lapor`` (the deep link from a group), ``rl:<activity>:<period>`` (reminders) and
``rv:<report>`` (Revisi). Every report button (``r:``, ``rl:``, ``rv:``, ``rh:``) acts in a private chat only: pressed
in a group it changes nothing and gets a short notice (``private_buttons_only``, before the conversation).

The answers live in the ``report_draft`` row, written at every step (storage.drafts), and the draft's step *is* the
conversation's state: after a restart the conversation is rebuilt from the open drafts (``persisted_states``), so
no second copy is written per update. Each handler first loads the person's draft (``_begin``): a closed or idle
draft ends the conversation with a short notice, a button of another draft or step is stale, and a state that lags
the draft (a handler that failed between its draft write and its return) follows the draft's step.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import Session
from telegram import Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.constants import ChatType
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.handlers.common import (
    Caller,
    answer_query,
    drop_buttons,
    edit_or_send,
    get_caller,
    get_caller_with,
    keyboard,
    reply,
    stale_button,
)
from bot.persistence import DatabasePersistence
from bot.report import expiry, history, keyboards, quick, steps
from bot.report.draft import (
    EDITABLE,
    REMINDER_PATTERN,
    REVISE_PATTERN,
    Callback,
    Draft,
    EvidenceFile,
    Pending,
    Step,
    parse_button,
)
from bot.report.notices import send_to_groups
from bot.services import SERVICES_KEY, PantauContext, Services
from domain.authz import report_refusal
from domain.numbers import format_number
from domain.obstacles import is_category
from storage import drafts, entry, submission
from storage import obstacles as obstacle_store
from storage.entry import ActivityContext
from storage.history import evidence_reminder_days as team_evidence_days
from storage.history import report_owner
from storage.history import start_revision as revision_draft
from storage.report_errors import AnswerTooLargeError, DraftClosedError, ReportError
from texts import t
from texts.outgoing import Button

log = logging.getLogger(__name__)

END = ConversationHandler.END
State = object  # a Step, END, or None (stay in the current state)


# --- one turn of the conversation -----------------------------------------------------------------------------


@dataclass
class Turn:
    """Everything a step needs: the update, the caller, the draft (re-read at the start of every update)."""

    update: Update
    context: PantauContext
    caller: Caller
    draft: Draft
    button: Callback | None = None
    _activity: ActivityContext | None = field(default=None, repr=False)
    answered: bool = False  # a callback query is answered exactly once (Telegram refuses a second answer)

    @property
    def lang(self) -> str:
        return self.caller.lang

    @property
    def services(self) -> Services:
        return self.context.services

    async def save(self, **changes: Any) -> Draft:
        """Write the given draft fields now (one transaction); the step is never kept only in memory. A new activity
        and period's plan context (the plan context depends on them only, not on the answers) is read in the same
        transaction, as the next question shows it."""
        before = (self.draft.activity_id, self.draft.period_key)

        def write(session: Session) -> tuple[Draft, ActivityContext | None]:
            draft = drafts.save_draft(session, self.draft.id, self.services.now(), **changes)
            if (draft.activity_id, draft.period_key) == before or draft.activity_id is None or not draft.period_key:
                return draft, None
            return draft, entry.activity_context(session, draft.activity_id, draft.period_key)

        self.draft, activity = await self.services.db.run(write)
        if (self.draft.activity_id, self.draft.period_key) != before:
            self._activity = activity
        return self.draft

    async def activity(self) -> ActivityContext:
        if self._activity is None:
            assert self.draft.activity_id is not None
            assert self.draft.period_key is not None
            self._activity = await self.services.db.run(
                entry.activity_context, self.draft.activity_id, self.draft.period_key
            )
        return self._activity

    async def say(
        self,
        text: str,
        buttons: Sequence[Sequence[Button]] = (),
        markup: ReplyKeyboardMarkup | ReplyKeyboardRemove | None = None,
    ) -> Message | None:
        chat = self.update.effective_chat
        if chat is None:
            return None
        return await chat.send_message(text, reply_markup=markup or keyboard(buttons))

    @property
    def message(self) -> Message | None:
        return self.update.message

    async def stale(self) -> None:
        """Refuse the pressed button with the short "no longer valid" notice (once)."""
        query = self.update.callback_query
        if query is not None and not self.answered:
            self.answered = True
            await stale_button(query, self.lang)

    async def acknowledge(self) -> None:
        """Stop the button's spinner, if nothing has answered it yet."""
        query = self.update.callback_query
        if query is not None and not self.answered:
            self.answered = True
            await answer_query(query)


StepFn = Callable[[Turn], Awaitable[State]]


@dataclass(frozen=True)
class _Exit:
    """``_begin`` decided the update's outcome itself: return ``state`` from the handler."""

    state: State


# The states whose own check or next question shows the plan context (target, pagu, previous values): it is read
# with the caller for them; any other state that happens to need it (a re-ask, an "Ubah") reads it on demand.
CONTEXT_STATES = frozenset({Step.VALUE, Step.BUDGET, Step.LOCATION, Step.EDIT})


def _draft_and_context(session: Session, telegram_id: int, step: Step) -> tuple[Draft | None, ActivityContext | None]:
    """The person's draft and, in a state that uses it, its plan context: read with the caller."""
    _person_id, draft = drafts.person_draft(session, telegram_id)
    if (
        step not in CONTEXT_STATES
        or draft is None
        or draft.status != "open"
        or draft.step != step.value
        or draft.activity_id is None
        or draft.period_key is None
    ):
        return draft, None
    return draft, entry.activity_context(session, draft.activity_id, draft.period_key)


def _idle_limit(services: Services) -> timedelta:
    return timedelta(hours=services.settings.draft_expiry_hours)


async def _begin(update: Update, context: PantauContext, step: Step) -> Turn | _Exit:
    """The guard every state handler runs first (see the module docstring)."""
    caller, found = await get_caller_with(update, context, _draft_and_context, step)
    if caller is None or found is None:
        return _Exit(END)
    services = context.services
    query = update.callback_query
    button = parse_button(query.data) if query is not None else None
    if query is not None and button is None:
        await stale_button(query, caller.lang)
        return _Exit(None)
    draft, activity = found
    if draft is None or draft.status != "open":
        return _Exit(await _closed(update, context, caller, draft, button))
    now = services.now()
    if draft.updated_at is not None and now - draft.updated_at > _idle_limit(services):
        await services.db.run(drafts.mark_expired, draft.id, now)
        return _Exit(await _closed(update, context, caller, replace(draft, status="expired"), button))
    if query is not None and button is not None and button.short != draft.short:
        await stale_button(query, caller.lang)
        return _Exit(None)
    if draft.step != step.value:
        # The state lags the draft (a kill between the draft write and the state write): the person sees the
        # draft's question, so what they answer or press belongs to the draft's step. Hand it to that step's
        # handlers; if none takes it, ask the draft's question again.
        followed = await _follow_draft(update, context, Step(draft.step))
        if followed is not _UNHANDLED:
            return _Exit(followed)
        turn = Turn(update, context, caller, draft, button, _activity=activity)
        await turn.acknowledge()
        return _Exit(await ask(turn, Step(draft.step)))
    if query is not None and button is not None and button.step != step.value:
        await stale_button(query, caller.lang)
        return _Exit(None)
    return Turn(update, context, caller, draft, button, _activity=activity)


_UNHANDLED = object()


async def _follow_draft(update: Update, context: PantauContext, draft_step: Step) -> object:
    """Run the handler of ``draft_step`` that takes this update, as the conversation would in that state."""
    for handler in STATES.get(draft_step, ()):
        check = handler.check_update(update)
        if check is not None and check is not False:
            return await handler.handle_update(update, context.application, check, context)
    return _UNHANDLED


async def _closed(
    update: Update, context: PantauContext, caller: Caller, draft: Draft | None, button: Callback | None
) -> State:
    """The person has no open draft: say why once and end the conversation (a second Kirim is answered kindly)."""
    query = update.callback_query
    services = context.services
    if query is not None:
        if draft is None or button is None or button.short != draft.short:
            await stale_button(query, caller.lang)
            return END
        await answer_query(query)
        if draft.status == "submitted" and button.verb == "send":
            sent = await services.db.run(submission.submit_draft, draft.id, services.now())
            await _reply(update, t("report.sent.already", caller.lang, n=sent.revision_number))
            return END
    status = draft.status if draft is not None else "cancelled"
    await _reply(update, t(f"report.closed.{status}", caller.lang), remove_keyboard=True)
    return END


async def _reply(update: Update, text: str, *, remove_keyboard: bool = False) -> None:
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(text, reply_markup=ReplyKeyboardRemove() if remove_keyboard else None)


def guarded(step: Step, fn: StepFn) -> Callable[[Update, PantauContext], Coroutine[Any, Any, State]]:
    """Wrap a step function with ``_begin`` for state ``step``."""

    async def handler(update: Update, context: PantauContext) -> State:
        turn = await _begin(update, context, step)
        if isinstance(turn, _Exit):
            return turn.state
        if turn.button is not None and _answered_plainly(fn, turn):
            await turn.acknowledge()  # before the step's write and messages (the spinner stops within a round trip)
        try:
            return await fn(turn)
        finally:
            await turn.acknowledge()

    handler.__name__ = handler.__qualname__ = fn.__name__
    handler.__doc__ = fn.__doc__
    return handler


# --- asking ---------------------------------------------------------------------------------------------------


async def ask_activity(turn: Turn, *, edit: bool = False, listed: list[entry.ActivityChoice] | None = None) -> None:
    """The person's own activities (``listed``: as just read), grouped by program and marked, a page at a time."""
    person_activities = listed
    if person_activities is None:
        person_activities = await turn.services.db.run(
            entry.reportable_activities, turn.draft.person_id, turn.services.now()
        )
    text, shown, page, pages = steps.activity_page(person_activities, turn.draft.page, turn.lang)
    rows = keyboards.activities(turn.draft, shown, page, pages, turn.lang)
    query = turn.update.callback_query
    if edit and query is not None:
        await edit_or_send(turn.update, text, keyboard(rows))  # sent anew if it cannot be edited
        return
    await turn.say(text, rows)


async def ask_period(turn: Turn) -> None:
    """The periods open for the activity, the suggested one first."""
    assert turn.draft.activity_id is not None
    choices, name = await turn.services.db.run(_period_question, turn.draft.activity_id, turn.services.now())
    if not choices:
        await turn.say(t("report.period.none_open", turn.lang))
        return
    await turn.say(
        t("report.period.ask", turn.lang, activity=steps.esc(name)), keyboards.periods(turn.draft, choices, turn.lang)
    )


def _period_question(session: Session, activity_id: int, now: datetime) -> tuple[list[entry.PeriodChoice], str]:
    return entry.entry_periods(session, activity_id, now), entry.activity_name(session, activity_id)


async def ask_value(turn: Turn) -> None:
    """The realised value, with the target and the previous value."""
    await turn.say(steps.value_prompt(await turn.activity(), turn.lang))


async def ask_budget(turn: Turn) -> None:
    await turn.say(
        steps.budget_prompt(await turn.activity(), turn.lang), keyboards.skip(turn.draft, Step.BUDGET, turn.lang)
    )


async def ask_physical(turn: Turn) -> None:
    await turn.say(
        steps.physical_prompt(await turn.activity(), turn.lang), keyboards.skip(turn.draft, Step.PHYSICAL, turn.lang)
    )


async def ask_obstacles(turn: Turn) -> None:
    """The obstacle: first the open one carried forward (if not answered yet); "Tidak berubah" while it is still
    there; no "Lewati" (and the kind explanation why) when the report must name one."""
    answers = turn.draft.answers
    if answers.open_obstacle_status is None:
        found = await turn.services.db.run(obstacle_store.open_obstacle, turn.draft.activity_id or 0)
        if found is not None:
            await turn.save(step=Step.OBSTACLE_OPEN.value, answers=replace(answers, open_obstacle_id=found.id))
            await _ask_open_obstacle(turn, found)
            return
    if answers.open_obstacle_status == obstacle_store.OPEN:
        await turn.say(t("obstacles.still.ask", turn.lang), keyboards.obstacle_keep(turn.draft, turn.lang))
        return
    why = steps.obstacle_requirement(answers, await turn.activity(), turn.lang)
    if why is not None:
        await turn.say(why + "\n\n" + t("obstacles.ask.required", turn.lang))
        return
    await turn.say(t("report.obstacles.ask", turn.lang), keyboards.skip(turn.draft, Step.OBSTACLES, turn.lang))


async def ask_obstacle_open(turn: Turn) -> None:
    """The open obstacle, "masih terjadi?"; none open (any more): the obstacle question."""
    found = await turn.services.db.run(obstacle_store.open_obstacle, turn.draft.activity_id or 0)
    if found is None:
        answers = replace(turn.draft.answers, open_obstacle_id=None, open_obstacle_status=None)
        await turn.save(step=Step.OBSTACLES.value, answers=answers)
        await ask_obstacles(turn)
        return
    await turn.save(answers=replace(turn.draft.answers, open_obstacle_id=found.id))
    await _ask_open_obstacle(turn, found)


async def _ask_open_obstacle(turn: Turn, found: obstacle_store.OpenObstacle) -> None:
    lang = turn.lang
    text = t(
        "obstacles.open.ask",
        lang,
        period=steps.period_label(found.opened_period_key, lang),
        text=steps.esc(found.description),
        category=t(f"obstacles.category.{found.category}", lang),
        decision=t("obstacles.summary.decision", lang) if found.needs_decision else "",
    )
    await turn.say(text, keyboards.obstacle_open(turn.draft, found.id, lang))


async def ask_obstacle_cat(turn: Turn) -> None:
    if not turn.draft.answers.obstacles:  # nothing to put in a category (an "Ubah" of a forged field)
        await turn.save(step=Step.OBSTACLES.value)
        await ask_obstacles(turn)
        return
    await turn.say(t("obstacles.ask.category", turn.lang), keyboards.obstacle_categories(turn.draft, turn.lang))


async def ask_obstacle_dec(turn: Turn) -> None:
    if not turn.draft.answers.obstacles:
        await turn.save(step=Step.OBSTACLES.value)
        await ask_obstacles(turn)
        return
    await turn.say(t("obstacles.ask.decision", turn.lang), keyboards.obstacle_decision(turn.draft, turn.lang))


async def ask_follow_up(turn: Turn) -> None:
    await turn.say(t("report.follow_up.ask", turn.lang), keyboards.skip(turn.draft, Step.FOLLOW_UP, turn.lang))


async def ask_evidence(turn: Turn) -> None:
    await turn.say(steps.evidence_prompt(turn.draft.answers, turn.lang), keyboards.evidence(turn.draft, turn.lang))


async def ask_location(turn: Turn) -> None:
    await turn.say(t("report.location.ask", turn.lang), markup=keyboards.location(turn.lang))


async def ask_summary(turn: Turn) -> None:
    ctx = await turn.activity()
    days = await turn.services.db.run(team_evidence_days, ctx.team_id) if turn.draft.answers.evidence_later else 3
    text = steps.summary_text(
        turn.draft.answers, ctx, turn.lang, revision=turn.draft.base_revision_id is not None, evidence_days=days
    )
    await turn.say(text, keyboards.summary(turn.draft, turn.lang))


async def ask_edit(turn: Turn) -> None:
    await turn.say(t("report.edit.ask", turn.lang), keyboards.edit_fields(turn.draft, turn.lang))


ASK: dict[Step, Callable[[Turn], Awaitable[None]]] = {
    Step.ACTIVITY: ask_activity,
    Step.PERIOD: ask_period,
    Step.VALUE: ask_value,
    Step.BUDGET: ask_budget,
    Step.PHYSICAL: ask_physical,
    Step.OBSTACLES: ask_obstacles,
    Step.OBSTACLE_OPEN: ask_obstacle_open,
    Step.OBSTACLE_CAT: ask_obstacle_cat,
    Step.OBSTACLE_DEC: ask_obstacle_dec,
    Step.FOLLOW_UP: ask_follow_up,
    Step.EVIDENCE: ask_evidence,
    Step.LOCATION: ask_location,
    Step.SUMMARY: ask_summary,
    Step.EDIT: ask_edit,
}


async def ask(turn: Turn, step: Step) -> Step:
    """Ask the question of ``step`` (the draft is already at it) and stay at the draft's step (a question may lead
    to another first: the obstacle asks about the open one before a new one)."""
    await ASK[step](turn)
    return Step(turn.draft.step)


async def advance(turn: Turn, step: Step, **changes: Any) -> Step:
    """Store ``changes`` and move on to ``step``, or back to the summary when the answer was an "Ubah"."""
    target = Step.SUMMARY if turn.draft.editing else step
    await turn.save(step=target.value, pending=None, editing=False, **changes)
    return await ask(turn, target)


async def refuse_and_ask(turn: Turn, text: str) -> Step:
    """A clear message, then the same question again."""
    await turn.say(text)
    return await ask(turn, Step(turn.draft.step))


# --- entry points ---------------------------------------------------------------------------------------------


async def start_report(update: Update, context: PantauContext) -> State:
    """/lapor or /start lapor: a new draft and the activity list (in a group: a button to the private chat)."""
    chat = update.effective_chat
    services = context.services
    private = chat is not None and chat.type == ChatType.PRIVATE
    caller, found = await get_caller_with(update, context, _draft_and_activities if private else None, services.now())
    if caller is None or chat is None:
        return END
    if not private:
        link = f"https://t.me/{services.bot_username}?start=lapor"
        await reply(
            update,
            t("report.private_only", caller.lang),
            keyboard([[Button(t("report.button.open_private", caller.lang), url=link)]]),
        )
        return END
    assert found is not None
    person_id, open_draft, activities = found
    if not activities:
        has_grant = any(g.role == "focal_point" for g in caller.info.grants)
        await _reply(update, t("report.no_activities" if has_grant else "report.not_focal_point", caller.lang))
        return _keep(open_draft)
    assert person_id is not None
    draft = await services.db.run(drafts.start_draft, person_id, services.now(), step=Step.ACTIVITY.value)
    await ask_activity(Turn(update, context, caller, draft), listed=activities)
    return Step.ACTIVITY


def _draft_and_activities(
    session: Session, telegram_id: int, now: datetime
) -> tuple[int | None, Draft | None, list[entry.ActivityChoice]]:
    """/lapor's read, with the caller: the person's id, their open draft and the activities they may report."""
    person_id, draft = drafts.person_draft(session, telegram_id)
    return person_id, draft, entry.reportable_activities(session, person_id, now) if person_id else []


def _keep(open_draft: Draft | None) -> State:
    """After a refused entry: stay where an open draft is, else end."""
    if open_draft is not None and open_draft.status == "open":
        return Step(open_draft.step)
    return END


async def start_from_reminder(update: Update, context: PantauContext) -> State:
    """ "Lapor sekarang" (``rl:<activity>:<period>``): straight to the value, re-checking role and period."""
    query = update.callback_query
    match = re.match(REMINDER_PATTERN, query.data or "") if query is not None else None
    if query is None or match is None:
        return END
    await answer_query(query)  # first: every outcome below is a message, never the button's answer
    caller = await get_caller(update, context)
    if caller is None:
        return END
    services = context.services
    activity_id, period_key = int(match.group(1)), match.group(2)
    person_id, open_draft = await services.db.run(drafts.person_draft, caller.telegram_id)
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
        return END
    try:
        ctx = await services.db.run(entry.activity_context, activity_id, period_key)
    except (ReportError, ValueError):
        await _reply(update, t("report.activity.unknown", caller.lang))
        return _keep(open_draft)
    refusal = _refusal(caller, person_id, ctx.team_id, ctx.organization_id, "report.not_your_activity")
    if refusal is not None:
        await _reply(update, t(refusal, caller.lang))
        return _keep(open_draft)
    try:
        await services.db.run(entry.check_entry_open, activity_id, period_key, services.now())
    except ReportError as exc:
        await _reply(update, t(exc.key, caller.lang, period=steps.period_label(period_key, caller.lang)))
        return _keep(open_draft)
    draft = await services.db.run(
        drafts.start_draft,
        person_id,
        services.now(),
        step=Step.VALUE.value,
        team_id=ctx.team_id,
        activity_id=activity_id,
        period_key=period_key,
    )
    return await ask(Turn(update, context, caller, draft, _activity=ctx), Step.VALUE)


def _refusal(caller: Caller, person_id: int | None, team_id: int, organization_id: int, other_org: str) -> str | None:
    """The catalogue key telling why the caller may not report for the organization (None: they may): not
    registered, a role that does not report, or a focal point of another organization (``other_org``)."""
    if person_id is None or not caller.known:
        return "core.unregistered"
    why = report_refusal(caller.grants(), team_id, organization_id)
    if why is None:
        return None
    return other_org if why == "other_organization" else "report.not_reporter"


async def start_revision(update: Update, context: PantauContext) -> State:
    """ "Revisi" (``rv:<report>``): a draft pre-filled with the current revision, opened at the summary."""
    query = update.callback_query
    if query is None or query.data is None:
        return END
    await answer_query(query)  # first: every outcome below is a message, never the button's answer
    caller = await get_caller(update, context)
    if caller is None:
        return END
    services = context.services
    report_id = int(query.data.split(":")[1])
    person_id, open_draft = await services.db.run(drafts.person_draft, caller.telegram_id)
    try:
        owner = await services.db.run(report_owner, report_id)
    except ReportError as exc:
        await _reply(update, t(exc.key, caller.lang))
        return _keep(open_draft)
    refusal = _refusal(caller, person_id, owner.team_id, owner.organization_id, "report.revise.not_yours")
    if refusal is not None:
        await _reply(update, t(refusal, caller.lang))
        return _keep(open_draft)
    try:
        await services.db.run(entry.check_entry_open, owner.activity_id, owner.period_key, services.now())
        draft = await services.db.run(revision_draft, person_id, report_id, services.now(), step=Step.SUMMARY.value)
        draft = await services.db.run(_follow_open_obstacle, draft, services.now())
    except ReportError as exc:
        await _reply(update, t(exc.key, caller.lang, period=steps.period_label(owner.period_key, caller.lang)))
        return _keep(open_draft)
    return await ask(Turn(update, context, caller, draft), Step.SUMMARY)


def _follow_open_obstacle(session: Session, draft: Draft, now: datetime) -> Draft:
    """A revision's draft shows the activity's open obstacle pre-filled, as still there (Ubah changes it)."""
    found = obstacle_store.open_obstacle(session, draft.activity_id or 0)
    if found is None:
        return draft
    answers = replace(
        draft.answers,
        open_obstacle_id=found.id,
        open_obstacle_status=obstacle_store.OPEN,
        obstacles=found.description,
        obstacle_category=found.category,
        obstacle_needs_decision=found.needs_decision,
    )
    return drafts.save_draft(session, draft.id, now, answers=answers)


async def start_evidence(update: Update, context: PantauContext) -> State:
    """ "Kirim bukti" (``re:<report>``, from the evidence reminder or /riwayat): a revision draft with every answer
    kept, opened at the evidence step; "Selesai" goes straight to the summary, and Kirim stores a new revision with
    the evidence. Only for the caller's own organization's report still waiting for its evidence."""
    query = update.callback_query
    match = re.match(history.EVIDENCE_PATTERN, (query.data or "") if query is not None else "")
    if query is None or match is None:
        return END
    await answer_query(query)
    caller = await get_caller(update, context)
    if caller is None:
        return END
    services = context.services
    person_id, open_draft = await services.db.run(drafts.person_draft, caller.telegram_id)
    try:
        owner = await services.db.run(report_owner, int(match.group(1)))
    except ReportError as exc:
        await _reply(update, t(exc.key, caller.lang))
        return _keep(open_draft)
    refusal = _refusal(caller, person_id, owner.team_id, owner.organization_id, "report.revise.not_yours")
    if refusal is None and not owner.evidence_later:
        refusal = "report.evidence_later.not_waiting"
    if refusal is not None:
        await _reply(update, t(refusal, caller.lang))
        return _keep(open_draft)
    try:
        draft = await services.db.run(
            revision_draft, person_id, owner.report_id, services.now(), step=Step.EVIDENCE.value, evidence_now=True
        )
    except ReportError as exc:
        await _reply(update, t(exc.key, caller.lang, period=steps.period_label(owner.period_key, caller.lang)))
        return _keep(open_draft)
    turn = Turn(update, context, caller, draft)
    ctx = await turn.activity()
    period = steps.period_label(owner.period_key, caller.lang)
    await turn.say(t("report.evidence_later.ask", caller.lang, activity=steps.esc(ctx.name), period=period))
    return await ask(turn, Step.EVIDENCE)


# --- the steps ------------------------------------------------------------------------------------------------


async def quick_template(turn: Turn) -> State:
    """ "⚡ Lapor cepat" on the activity list: this draft (nothing answered yet) makes way for the one-line template
    (``bot.report.quick``)."""
    await turn.services.db.run(drafts.cancel_draft, turn.draft.id, turn.services.now())
    await turn.acknowledge()
    await quick.send_template(turn.update, turn.context, turn.caller, None)
    return END


async def choose_activity(turn: Turn) -> State:
    """Store the chosen activity (re-checked: own organization) and ask the period; or turn the page."""
    assert turn.button is not None
    if not turn.button.arg.isdigit():
        await turn.stale()
        return None
    if turn.button.verb == "page":
        await turn.save(page=int(turn.button.arg))
        await ask_activity(turn, edit=True)
        return Step.ACTIVITY
    chosen = int(turn.button.arg)
    listed = await turn.services.db.run(entry.reportable_activities, turn.draft.person_id, turn.services.now())
    item = next((a for a in listed if a.activity_id == chosen), None)
    if item is None or report_refusal(turn.caller.grants(), item.team_id, item.organization_id) is not None:
        await turn.say(t("report.not_your_activity", turn.lang))
        return None
    return await advance(turn, Step.PERIOD, activity_id=chosen, team_id=item.team_id)


async def choose_period(turn: Turn) -> State:
    """Store the chosen period if it is open for entry and ask the value; a locked one says why."""
    assert turn.button is not None
    assert turn.draft.activity_id is not None
    key = turn.button.arg
    try:
        await turn.services.db.run(entry.check_entry_open, turn.draft.activity_id, key, turn.services.now())
    except ReportError as exc:
        await turn.say(t(exc.key, turn.lang, period=steps.period_label(key, turn.lang)))
        return None
    return await advance(turn, Step.VALUE, period_key=key)


async def _warn(turn: Turn, step: Step, field_name: str, value: Decimal | int, reason: str) -> State:
    await turn.save(pending=Pending(field_name, float(value), reason))  # exact: the limits keep 15 digits at most
    text = steps.warning_text(reason, value, await turn.activity(), turn.lang)
    await turn.say(text, keyboards.confirm(turn.draft, step, turn.lang))
    return None


async def receive_value(turn: Turn) -> State:
    """Store the realised value and ask the budget; a bad number re-asks, an implausible one asks to confirm."""
    assert turn.message is not None
    assert turn.message.text is not None
    reading = steps.read_value(turn.message.text, await turn.activity(), turn.lang)
    if reading.error is not None or reading.value is None:
        return await refuse_and_ask(turn, reading.error or t("numbers.not_a_number", turn.lang))
    if reading.warning is not None:
        return await _warn(turn, Step.VALUE, "value", reading.value, reading.warning)
    return await advance(turn, Step.BUDGET, answers=replace(turn.draft.answers, value=float(reading.value)))


async def confirm_answer(turn: Turn) -> State:
    """ "Ya, benar" stores the implausible answer and moves on; "Ubah" asks again. Also "Lewati" where allowed."""
    assert turn.button is not None
    step = Step(turn.draft.step)
    verb = turn.button.verb
    pending = turn.draft.pending
    if verb == "skip" and step in SKIPPABLE:
        return await skip_typed(turn)
    if pending is not None and _confirmable(turn):
        if verb == "no":
            await turn.save(pending=None)
            return await ask(turn, step)
        stored: dict[str, Any] = {
            pending.field: int(pending.value) if pending.field == "budget_spent" else pending.value
        }
        return await advance(turn, NEXT[step], answers=replace(turn.draft.answers, **stored))
    await turn.stale()  # answers the button once (the guard's acknowledge then does nothing)
    return None


def _confirmable(turn: Turn) -> bool:
    """ "Lewati" where the step allows it, or "Ya, benar" / "Ubah" with an answer waiting for them."""
    assert turn.button is not None
    step, verb, pending = Step(turn.draft.step), turn.button.verb, turn.draft.pending
    if verb == "skip":
        return step in SKIPPABLE
    return verb in ("yes", "no") and pending is not None and pending.field == SKIPPABLE.get(step, "value")


async def skip_typed(turn: Turn) -> State:
    """ "Lewati" (or "-") typed instead of pressed: the optional answer is left empty, as with the button."""
    step = Step(turn.draft.step)
    cleared: dict[str, Any] = {SKIPPABLE[step]: None}
    return await advance(turn, NEXT[step], answers=replace(turn.draft.answers, **cleared))


async def receive_budget(turn: Turn) -> State:
    """Store the budget spent (Rupiah, to date) and ask the physical progress; above the pagu asks to confirm."""
    assert turn.message is not None
    assert turn.message.text is not None
    reading = steps.read_budget(turn.message.text, await turn.activity(), turn.lang)
    if reading.error is not None or reading.value is None:
        return await refuse_and_ask(turn, reading.error or t("numbers.rupiah_not_a_number", turn.lang))
    if reading.warning is not None:
        return await _warn(turn, Step.BUDGET, "budget_spent", reading.value, reading.warning)
    return await advance(turn, Step.PHYSICAL, answers=replace(turn.draft.answers, budget_spent=reading.value))


async def receive_physical(turn: Turn) -> State:
    """Store the physical progress % and ask the obstacles."""
    assert turn.message is not None
    assert turn.message.text is not None
    reading = steps.read_physical(turn.message.text, turn.lang)
    if reading.error is not None or reading.value is None:
        return await refuse_and_ask(turn, reading.error or t("numbers.percent_not_a_number", turn.lang))
    return await advance(turn, Step.OBSTACLES, answers=replace(turn.draft.answers, physical_pct=float(reading.value)))


async def receive_obstacles(turn: Turn) -> State:
    """Store the obstacle's text and ask its category (then whether it needs the chair's decision)."""
    assert turn.message is not None
    assert turn.message.text is not None
    reading = steps.read_note(turn.message.text, turn.lang)
    if reading.error is not None or reading.value is None:
        return await refuse_and_ask(turn, reading.error or "")
    answers = replace(turn.draft.answers, obstacles=reading.value, obstacle_category=None, obstacle_needs_decision=None)
    await turn.save(step=Step.OBSTACLE_CAT.value, pending=None, answers=answers)  # an "Ubah" continues to the summary
    return await ask(turn, Step.OBSTACLE_CAT)


async def skip_obstacles(turn: Turn) -> State:
    """ "Lewati" (typed or pressed): no obstacle, unless the report must name one (the question again, saying why);
    "Tidak berubah" (or "Lewati") while the previous obstacle is still there keeps it as it was."""
    answers = turn.draft.answers
    if answers.open_obstacle_status == obstacle_store.OPEN:
        return await advance(turn, Step.FOLLOW_UP)
    if steps.obstacle_requirement(answers, await turn.activity(), turn.lang) is not None:
        return await ask(turn, Step.OBSTACLES)
    cleared = replace(answers, obstacles=None, obstacle_category=None, obstacle_needs_decision=None)
    return await advance(turn, Step.FOLLOW_UP, answers=cleared)


async def obstacles_button(turn: Turn) -> State:
    """ "Lewati", or "Tidak berubah" while the previous obstacle is still there."""
    assert turn.button is not None
    if turn.button.verb == "keep" and turn.draft.answers.open_obstacle_status != obstacle_store.OPEN:
        await turn.stale()
        return None
    return await skip_obstacles(turn)


async def obstacle_open_button(turn: Turn) -> State:
    """ "Ya, masih" keeps the open obstacle (its text may be updated); "Sudah teratasi" resolves it on Kirim and asks
    for a new one. The button names the obstacle: refused unless it is the one this draft follows, still open, of
    the draft's own team and activity."""
    assert turn.button is not None
    answers = turn.draft.answers
    found = await turn.services.db.run(obstacle_store.open_obstacle, turn.draft.activity_id or 0)
    if (
        found is None
        or turn.button.arg != str(found.id)
        or answers.open_obstacle_id != found.id
        or found.team_id != turn.draft.team_id
    ):
        await turn.stale()
        return None
    if turn.button.verb == "still":
        kept = replace(
            answers,
            open_obstacle_status=obstacle_store.OPEN,
            obstacles=found.description,
            obstacle_category=found.category,
            obstacle_needs_decision=found.needs_decision,
        )
        await turn.save(step=Step.OBSTACLES.value, pending=None, answers=kept)
        return await ask(turn, Step.OBSTACLES)
    resolved = replace(
        answers,
        open_obstacle_status=obstacle_store.RESOLVED,
        obstacles=None,
        obstacle_category=None,
        obstacle_needs_decision=None,
    )
    await turn.save(step=Step.OBSTACLES.value, pending=None, answers=resolved)
    await turn.say(t("obstacles.solved.note", turn.lang))
    return await ask(turn, Step.OBSTACLES)


async def obstacle_category_button(turn: Turn) -> State:
    """Store the category and ask about the decision (an "Ubah" of the category alone goes back to the summary)."""
    assert turn.button is not None
    if not is_category(turn.button.arg):
        await turn.stale()
        return None
    answers = replace(turn.draft.answers, obstacle_category=turn.button.arg)
    if turn.draft.editing and answers.obstacle_needs_decision is not None:
        return await advance(turn, Step.FOLLOW_UP, answers=answers)
    await turn.save(step=Step.OBSTACLE_DEC.value, answers=answers)
    return await ask(turn, Step.OBSTACLE_DEC)


async def obstacle_decision_button(turn: Turn) -> State:
    """Store "perlu keputusan pimpinan" and ask the follow-up."""
    assert turn.button is not None
    answers = replace(turn.draft.answers, obstacle_needs_decision=turn.button.verb == "yes")
    return await advance(turn, Step.FOLLOW_UP, answers=answers)


async def receive_obstacle_voice(turn: Turn) -> State:
    """A voice note in the obstacle step: kept as evidence of kind "voice" (file ids only, never transcribed); the
    step then asks for the obstacle's text or "Lewati" as before."""
    assert turn.message is not None
    assert turn.message.voice is not None
    voice = turn.message.voice
    item = EvidenceFile("voice", voice.file_id, voice.file_unique_id, None, voice.mime_type, voice.file_size)
    reading = steps.check_evidence(turn.draft.answers, item, turn.lang)
    if reading.error is not None or reading.value is None:
        return await refuse_and_ask(turn, reading.error or "")
    await turn.save(answers=reading.value)
    return await refuse_and_ask(turn, t("report.obstacles.voice_got", turn.lang))


async def receive_follow_up(turn: Turn) -> State:
    """Store the follow-up and ask for evidence."""
    assert turn.message is not None
    assert turn.message.text is not None
    reading = steps.read_note(turn.message.text, turn.lang)
    if reading.error is not None or reading.value is None:
        return await refuse_and_ask(turn, reading.error or "")
    return await advance(turn, Step.EVIDENCE, answers=replace(turn.draft.answers, follow_up=reading.value))


def _evidence_of(message: Message) -> EvidenceFile | None:
    if message.photo:
        largest = message.photo[-1]
        return EvidenceFile("photo", largest.file_id, largest.file_unique_id, file_size=largest.file_size)
    if message.document is not None:
        doc = message.document
        return EvidenceFile("document", doc.file_id, doc.file_unique_id, doc.file_name, doc.mime_type, doc.file_size)
    return None


async def receive_evidence(turn: Turn) -> State:
    """Add a photo or document (file ids only, ≤ 20 MB, at most 10) and stay for more."""
    assert turn.message is not None
    item = _evidence_of(turn.message)
    if item is None:
        return await refuse_and_ask(turn, t("report.evidence.expected", turn.lang))
    reading = steps.check_evidence(turn.draft.answers, item, turn.lang)
    if reading.error is not None or reading.value is None:
        await turn.say(reading.error or "", keyboards.evidence(turn.draft, turn.lang))
        return None
    await turn.save(answers=reading.value)
    await turn.say(
        t("report.evidence.got", turn.lang, items=steps.evidence_items(turn.draft.answers, turn.lang)),
        keyboards.evidence(turn.draft, turn.lang),
    )
    return None


async def evidence_button(turn: Turn) -> State:
    """ "Selesai" asks the location; "Hapus semua bukti" empties the evidence and asks again."""
    assert turn.button is not None
    if turn.button.verb == "done":
        return await advance(turn, Step.LOCATION)
    if turn.button.verb == "later" and not steps.has_evidence(turn.draft.answers):
        # "Bukti menyusul": to the summary without evidence; Kirim marks the revision, the tick reminds later
        return await advance(turn, Step.SUMMARY, answers=replace(turn.draft.answers, evidence_later=True))
    if turn.button.verb == "clear":
        await turn.save(answers=replace(turn.draft.answers, evidence=()))
        await turn.say(t("report.evidence.cleared", turn.lang))
        return await ask(turn, Step.EVIDENCE)
    return None


async def receive_location(turn: Turn) -> State:
    """Store the shared location (or "Lewati"), remove the reply keyboard and show the summary."""
    assert turn.message is not None
    answers = turn.draft.answers
    if turn.message.location is not None:
        answers = replace(answers, latitude=turn.message.location.latitude, longitude=turn.message.location.longitude)
        await turn.say(t("report.location.got", turn.lang), markup=ReplyKeyboardRemove())
    elif turn.message.text is not None and steps.is_skip(turn.message.text):
        answers = replace(answers, latitude=None, longitude=None)
        await turn.say(t("report.location.skipped", turn.lang), markup=ReplyKeyboardRemove())
    else:
        await turn.say(t("report.location.expected", turn.lang), markup=keyboards.location(turn.lang))
        return None
    return await advance(turn, Step.SUMMARY, answers=answers)


async def summary_button(turn: Turn) -> State:
    """Kirim stores the revision (once); Ubah asks which field; Batal cancels."""
    assert turn.button is not None
    verb = turn.button.verb
    if verb == "edit":
        await turn.save(step=Step.EDIT.value)
        return await ask(turn, Step.EDIT)
    if verb == "cancel":
        return await _cancel(turn.update, turn.context, turn.caller, turn.draft)
    if verb != "send":
        return None
    return await submit(turn)


async def submit(turn: Turn) -> State:
    """Kirim: one revision in one transaction keyed by the draft; then the reporter's result and the group notice."""
    services = turn.services
    try:
        sent = await services.db.run(submission.submit_draft, turn.draft.id, services.now())
    except DraftClosedError as exc:
        await turn.say(t(exc.key, turn.lang))
        return END
    except AnswerTooLargeError as exc:
        # A number its column cannot hold (a draft from before the limits): back to that answer's step, then to
        # the summary, never a Kirim that fails every time.
        step = LIMITED_STEPS[exc.limit.field]
        label = t(f"report.field.{step.value}", turn.lang)
        await turn.say(t(exc.key, turn.lang, field=label, maximum=steps.limit_text(exc.limit, turn.lang)))
        await turn.save(step=step.value, editing=True, pending=None)
        return await ask(turn, step)
    except ReportError as exc:
        await turn.say(t(exc.key, turn.lang, period=steps.period_label(turn.draft.period_key, turn.lang)))
        return None
    query = turn.update.callback_query
    if query is not None:
        await drop_buttons(query)  # the summary's buttons are spent
    lang = turn.lang
    if not sent.created:
        await turn.say(t("report.sent.already", lang, n=sent.revision_number))
        return END
    rating = steps.sent_rating(sent, lang)
    await turn.say(
        t(
            "report.sent",
            lang,
            revision=t("report.sent.revision", lang, n=sent.revision_number) if sent.revision_number > 1 else "",
            activity=steps.esc(sent.activity_name),
            period=steps.period_label(sent.period_key, lang),
            value=format_number(Decimal(repr(sent.value)), lang),
            unit=steps.esc(sent.unit),
            rating=rating,
            timing=t("report.sent.on_time" if sent.on_time else "report.sent.late", lang),
        )
    )
    if sent.evidence_later:
        await turn.say(t("report.sent.evidence_later", lang, days=sent.evidence_reminder_days))
    notice = steps.group_notice(sent)  # the same line as a quick report's (bot.report.quick)
    # Off the update's path: a slow or refusing group never delays or fails the reporter (rate limits: 20/min).
    if sent.group_chat_ids:
        turn.context.application.create_task(
            _notify_groups(turn.context, sent.group_chat_ids, notice),
            update=turn.update,
            name=f"report-notice-{sent.revision_id}",
        )
    return END


async def _notify_groups(context: PantauContext, chat_ids: Sequence[int], text: str) -> None:
    try:
        await send_to_groups(context.bot, context.services.db, chat_ids, text)
    except Exception:  # never let a notice surface as an error to anyone
        log.exception("report notice to groups %s failed", chat_ids)


async def edit_button(turn: Turn) -> State:
    """Go to the chosen field's step (it comes back to the summary), or back to the summary."""
    assert turn.button is not None
    if turn.button.verb == "back":
        await turn.save(step=Step.SUMMARY.value, editing=False)
        return await ask(turn, Step.SUMMARY)
    target = _edit_target(turn)
    if target is None:
        await turn.stale()
        return None
    await turn.save(step=target.value, editing=True, pending=None)
    return await ask(turn, target)


def _edit_target(turn: Turn) -> Step | None:
    """The field an "Ubah" button names, if it may be changed (a revision keeps its period)."""
    assert turn.button is not None
    try:
        target = Step(turn.button.arg)
    except ValueError:
        return None
    if target not in EDITABLE or (target is Step.PERIOD and turn.draft.base_revision_id is not None):
        return None
    return target


def _answered_plainly(fn: StepFn, turn: Turn) -> bool:
    """Whether the pressed button (this draft's, this step's) gets an answer without text, whatever the step then
    does: it is then answered before the step's write and messages, so that a tap is acknowledged at once even
    while the messages wait for their turn under Telegram's 30 a second. A button that may turn out to mean
    nothing here gets the "no longer valid" notice instead, so it is answered by the step, as before."""
    assert turn.button is not None
    if fn in (choose_period, evidence_button, summary_button):
        return True
    if fn is choose_activity:
        return turn.button.arg.isdigit()
    if fn is confirm_answer:
        return _confirmable(turn)
    if fn is edit_button:
        return turn.button.verb == "back" or _edit_target(turn) is not None
    return False


async def reask(turn: Turn) -> State:
    """Input the step cannot use (a sticker, a voice note, text where a button is wanted): a hint and the question."""
    step = Step(turn.draft.step)
    if step in NOTE_STEPS and not _has_media(turn.message):
        hint = t("report.text.empty", turn.lang)  # an empty text, or a message with nothing to read in it
    elif step in TEXT_STEPS:
        hint = t("report.input.text_expected", turn.lang)
    elif step is Step.EVIDENCE:
        hint = t("report.evidence.expected", turn.lang)
    elif step is Step.LOCATION:
        await turn.say(t("report.location.expected", turn.lang), markup=keyboards.location(turn.lang))
        return None
    else:
        hint = t("report.input.use_buttons", turn.lang)
    return await refuse_and_ask(turn, hint)


def _has_media(message: Message | None) -> bool:
    """A sticker, voice note, photo or file: what ``report.input.text_expected`` names as unusable here."""
    if message is None:
        return False
    return bool(
        message.sticker
        or message.voice
        or message.photo
        or message.document
        or message.video
        or message.video_note
        or message.audio
        or message.animation
    )


async def stale(turn: Turn) -> State:
    """A button of this draft and step that means nothing here (e.g. "Ya, benar" with nothing to confirm)."""
    await turn.stale()
    return None


# --- /batal ---------------------------------------------------------------------------------------------------


async def cancel(update: Update, context: PantauContext) -> State:
    """/batal from any state: cancel the open draft (nothing stored) and end."""
    caller = await get_caller(update, context)
    if caller is None:
        return END
    _person_id, draft = await context.services.db.run(drafts.person_draft, caller.telegram_id)
    return await _cancel(update, context, caller, draft)


async def _cancel(update: Update, context: PantauContext, caller: Caller, draft: Draft | None) -> State:
    services = context.services
    if draft is not None and draft.status == "open":
        await services.db.run(drafts.cancel_draft, draft.id, services.now())
        await _reply(update, t("report.cancelled", caller.lang), remove_keyboard=True)
    else:
        await _reply(update, t("report.nothing_to_cancel", caller.lang), remove_keyboard=True)
    return END


async def cancel_outside(update: Update, context: PantauContext) -> None:
    """/batal with no report conversation: cancel a draft left open (e.g. state lost), else say there is none."""
    await cancel(update, context)


async def late_button(update: Update, context: PantauContext) -> None:
    """A report button outside the conversation: a second Kirim is answered as sent; anything else is stale."""
    query = update.callback_query
    caller = await get_caller(update, context)
    if query is None or caller is None:
        return
    button = parse_button(query.data)
    _person_id, draft = await context.services.db.run(drafts.person_draft, caller.telegram_id)
    if (
        button is not None
        and draft is not None
        and button.short == draft.short
        and draft.status == "submitted"
        and button.verb == "send"
    ):
        await answer_query(query)
        sent = await context.services.db.run(submission.submit_draft, draft.id, context.services.now())
        await _reply(update, t("report.sent.already", caller.lang, n=sent.revision_number))
        return
    await stale_button(query, caller.lang)


REPORT_BUTTONS = r"^(r|rl|rv|rh|re):"  # every button of the report conversation and /riwayat
PRIVATE_GATE_GROUP = -1  # after the flood guard, before the conversation (group 0)


async def private_buttons_only(update: Update, context: PantauContext) -> None:
    """A report button pressed anywhere but a private chat (forged, or a reminder forwarded to a group) changes
    nothing: a short notice, and no other handler sees it. In a private chat it passes on untouched."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or (chat is not None and chat.type == ChatType.PRIVATE):
        return
    caller = await get_caller(update, context)
    await answer_query(query, t("report.private_buttons", caller.lang if caller else None))
    raise ApplicationHandlerStop


# --- the table ------------------------------------------------------------------------------------------------

SKIPPABLE: dict[Step, str] = {
    Step.BUDGET: "budget_spent",
    Step.PHYSICAL: "physical_pct",
    Step.OBSTACLES: "obstacles",
    Step.FOLLOW_UP: "follow_up",
}
NEXT: dict[Step, Step] = {
    Step.VALUE: Step.BUDGET,
    Step.BUDGET: Step.PHYSICAL,
    Step.PHYSICAL: Step.OBSTACLES,
    Step.OBSTACLES: Step.FOLLOW_UP,
    Step.FOLLOW_UP: Step.EVIDENCE,
}
TEXT_STEPS = frozenset({Step.VALUE, Step.BUDGET, Step.PHYSICAL, Step.OBSTACLES, Step.FOLLOW_UP})
NOTE_STEPS = frozenset({Step.OBSTACLES, Step.FOLLOW_UP})
LIMITED_STEPS: dict[str, Step] = {"value": Step.VALUE, "budget_spent": Step.BUDGET, "physical_pct": Step.PHYSICAL}

_NEW_MESSAGE = filters.UpdateType.MESSAGE
TEXT = filters.TEXT & ~filters.COMMAND & _NEW_MESSAGE
FILES = (filters.PHOTO | filters.Document.ALL) & _NEW_MESSAGE
VOICE = filters.VOICE & _NEW_MESSAGE
WHERE = (filters.LOCATION | (filters.TEXT & ~filters.COMMAND)) & _NEW_MESSAGE
ANYTHING_ELSE = ~filters.COMMAND & _NEW_MESSAGE
SKIP_TEXT = filters.Regex(steps.SKIP_PATTERN) & TEXT


def _button(step: Step, fn: StepFn, verbs: str) -> CallbackQueryHandler[Any, Any]:
    """A button of this state: ``r:<short>:<step>:<verb>`` with one of ``verbs`` (``a|b``)."""
    return CallbackQueryHandler(guarded(step, fn), pattern=rf"^r:[0-9a-f]{{8}}:{step.value}:({verbs})(:|$)")


def _message(step: Step, fn: StepFn, message_filter: filters.BaseFilter = TEXT) -> MessageHandler[Any, Any]:
    return MessageHandler(message_filter, guarded(step, fn))


STATES: dict[Step, list[BaseHandler[Update, Any, Any]]] = {
    Step.ACTIVITY: [
        _button(Step.ACTIVITY, choose_activity, "act|page"),
        _button(Step.ACTIVITY, quick_template, "quick"),
    ],
    Step.PERIOD: [_button(Step.PERIOD, choose_period, "per")],
    Step.VALUE: [_message(Step.VALUE, receive_value), _button(Step.VALUE, confirm_answer, "yes|no")],
    Step.BUDGET: [
        _message(Step.BUDGET, skip_typed, SKIP_TEXT),
        _message(Step.BUDGET, receive_budget),
        _button(Step.BUDGET, confirm_answer, "yes|no|skip"),
    ],
    Step.PHYSICAL: [
        _message(Step.PHYSICAL, skip_typed, SKIP_TEXT),
        _message(Step.PHYSICAL, receive_physical),
        _button(Step.PHYSICAL, confirm_answer, "skip"),
    ],
    Step.OBSTACLE_OPEN: [_button(Step.OBSTACLE_OPEN, obstacle_open_button, "still|solved")],
    Step.OBSTACLES: [
        _message(Step.OBSTACLES, skip_obstacles, SKIP_TEXT),
        _message(Step.OBSTACLES, receive_obstacles),
        _message(Step.OBSTACLES, receive_obstacle_voice, VOICE),
        _button(Step.OBSTACLES, obstacles_button, "skip|keep"),
    ],
    Step.OBSTACLE_CAT: [_button(Step.OBSTACLE_CAT, obstacle_category_button, "cat")],
    Step.OBSTACLE_DEC: [_button(Step.OBSTACLE_DEC, obstacle_decision_button, "yes|no")],
    Step.FOLLOW_UP: [
        _message(Step.FOLLOW_UP, skip_typed, SKIP_TEXT),
        _message(Step.FOLLOW_UP, receive_follow_up),
        _button(Step.FOLLOW_UP, confirm_answer, "skip"),
    ],
    Step.EVIDENCE: [
        _message(Step.EVIDENCE, receive_evidence, FILES),
        _button(Step.EVIDENCE, evidence_button, "done|clear|later"),
    ],
    Step.LOCATION: [_message(Step.LOCATION, receive_location, WHERE)],
    Step.SUMMARY: [_button(Step.SUMMARY, summary_button, "send|edit|cancel")],
    Step.EDIT: [_button(Step.EDIT, edit_button, "field|back")],
}


def build_report_conversation() -> ConversationHandler[Any]:
    """The report conversation: entry points, the state table (each state also re-asks on unusable input and
    refuses other buttons) and /batal."""
    states: dict[object, list[BaseHandler[Update, Any, Any]]] = {
        step: [
            *handlers,
            CallbackQueryHandler(guarded(step, stale), pattern=r"^r:"),
            MessageHandler(ANYTHING_ELSE, guarded(step, reask)),
        ]
        for step, handlers in STATES.items()
    }
    return ConversationHandler(
        entry_points=[
            CommandHandler("lapor", start_report),
            CommandHandler("start", start_report, filters=filters.Regex(r"^/start(@\w+)?\s+lapor\s*$")),
            CallbackQueryHandler(start_from_reminder, pattern=REMINDER_PATTERN),
            CallbackQueryHandler(start_revision, pattern=REVISE_PATTERN),
            CallbackQueryHandler(start_evidence, pattern=history.EVIDENCE_PATTERN),
        ],
        states=states,
        fallbacks=[CommandHandler("batal", cancel)],
        name="report",
        persistent=True,
        per_chat=True,
        per_user=True,
        per_message=False,
        allow_reentry=True,
    )


def persisted_states(session: Session) -> dict[tuple[int | str, ...], object]:
    """The conversation states at start: each open draft's step, keyed by the private chat (chat id = user id)."""
    return {(telegram_id, telegram_id): step for telegram_id, step in drafts.open_draft_steps(session).items()}


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """The conversation first (its entry points win over /start), then the history's buttons and late buttons. The
    /batal of no conversation (``cancel_outside``) is added by ``bot.handlers.verification`` after its own
    conversation, so that a /batal while a return reason is awaited reaches that conversation first. /lapor and
    /batal are entries of ``bot.commands.COMMANDS`` registered here (``registered_by``); /riwayat and the other
    commands are registered by the table, after both conversations."""
    if isinstance(app.persistence, DatabasePersistence):
        app.persistence.derive("report", persisted_states)
    app.add_handler(CallbackQueryHandler(private_buttons_only, pattern=REPORT_BUTTONS), group=PRIVATE_GATE_GROUP)
    app.add_handler(build_report_conversation())
    history.register(app)
    quick.register(app, private_buttons_only, PRIVATE_GATE_GROUP)
    app.add_handler(CallbackQueryHandler(late_button, pattern=r"^r:"))
    services: Services = app.bot_data[SERVICES_KEY]
    services.tick_hooks.append(expiry.expire_drafts)
