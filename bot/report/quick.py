"""Lapor cepat: the one-line template, and a report sent back as one message of such lines.

- **The template** (``rqt:[<period>]`` from a reminder, "⚡ Lapor cepat" on /lapor's activity list): one line per
  activity the person may report for the period (its reference period when none is named) that is not reported yet
  (a returned one comes filled in with what was sent), in a ``<code>``/``<pre>`` block that one tap copies.
- **The report** (a private text whose first line starts with ``LAPOR``, ``domain.quick_report.is_quick_report``):
  taken in group ``QUICK_GROUP``, before the report conversation, so it is read as a quick report whatever step a
  guided /lapor is at, and that draft stays as it was (nothing else sees the message). Each line is read and checked
  by ``domain.quick_report`` with the guided report's rules; the activity must be the person's (their focal point
  organizations, ``domain.authz.report_refusal``) and the period open (``storage.entry.check_entry_open``). Any
  mistake: a list naming each line and field, nothing stored. Else the lines are stored as one batch
  (``storage.quick_report``) and summarised, with "Ya, benar" first when an answer is implausible, then one
  Kirim / Ubah / Batal for all lines (``rq:<batch>:<verb>``).
- In a group, the report is refused with the guided report's "private chat" notice; its buttons by the report
  conversation's gate (``rq``/``rqt`` are report buttons).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import Session
from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import Application, ApplicationHandlerStop, CallbackQueryHandler, MessageHandler, filters

from bot.handlers.common import (
    Caller,
    answer_query,
    drop_buttons,
    get_caller,
    get_caller_with,
    keyboard,
    reply,
    stale_button,
)
from bot.report import steps
from bot.report.notices import send_to_groups
from bot.services import PantauContext
from domain.authz import report_refusal
from domain.numbers import format_number, format_percent, format_rupiah
from domain.periods import Period
from domain.quick_report import (
    Checked,
    Filled,
    Line,
    Problem,
    Slots,
    check_fields,
    duplicates,
    is_quick_report,
    parse_message,
    read_period,
    split_head,
    template_line,
)
from domain.report_rules import rate, report_achievement
from storage import drafts, entry
from storage import quick_report as store
from storage.drafts import Answers
from storage.entry import ActivityChoice, ActivityContext
from storage.report_errors import ReportError
from storage.submission import Submission
from texts import t
from texts.markup import esc, utf16_len
from texts.outgoing import Button
from texts.render import render

log = logging.getLogger(__name__)

QUICK_GROUP = -2  # after the flood guard (-10), before the report buttons' gate (-1) and the conversation (0)
BUTTON_PATTERN = r"^rq:([0-9a-f]{8}):(send|edit|cancel|yes)$"
TEMPLATE_PATTERN = r"^rqt:(\d{4}-(?:Q[1-4]|0[1-9]|1[0-2]))?$"
MESSAGE_BUDGET = 3800  # under Telegram's 4,096, with room for the closing tags


def template_data(period_key: str | None = None) -> str:
    """The "⚡ Lapor cepat" button's data: the template for ``period_key`` (None: each activity's reference period)."""
    return f"rqt:{period_key or ''}"


class _QuickReport(filters.MessageFilter):
    def filter(self, message: Message) -> bool:
        return is_quick_report(message.text)


QUICK_TEXT = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE & _QuickReport()


# --- reading what the person may report -----------------------------------------------------------------------


def _activities(session: Session, telegram_id: int, now: datetime) -> tuple[int | None, list[ActivityChoice]]:
    person_id = drafts.person_id_of(session, telegram_id)
    return person_id, entry.reportable_activities(session, person_id, now) if person_id else []


@dataclass(frozen=True)
class _Wanted:
    """A line's activity and period, once its head was read."""

    line: Line
    choice: ActivityChoice
    period: Period


@dataclass(frozen=True)
class _Plan:
    """What the database says of each wanted line: its plan context, the refusal of its period, its current
    revision."""

    contexts: dict[int, ActivityContext]
    closed: dict[int, ReportError]
    current: dict[tuple[int, str], store.QuickLine]


def _read_plans(session: Session, wanted: Sequence[_Wanted], now: datetime) -> _Plan:
    contexts: dict[int, ActivityContext] = {}
    closed: dict[int, ReportError] = {}
    for item in wanted:
        try:
            entry.check_entry_open(session, item.choice.activity_id, item.period.key, now)
        except ReportError as exc:
            closed[item.line.number] = exc
            continue
        contexts[item.line.number] = entry.activity_context(session, item.choice.activity_id, item.period.key)
    current = store.current_revisions(session, [(w.choice.activity_id, w.period.key) for w in wanted])
    return _Plan(contexts, closed, current)


def _resolve(line: Line, choices: Sequence[ActivityChoice], caller: Caller) -> _Wanted | Problem:
    """The line's activity (one of the person's, by its code) and period."""
    code, period_text = split_head(line.head, {c.code for c in choices})
    matching = [c for c in choices if c.code.casefold() == code.casefold()]
    if not matching:
        return Problem(line.number, "code", "quick.error.unknown_code", {"code": code[:40]})
    first: Problem | None = None
    for choice in matching:
        reference = Period.from_key(choice.period_key)
        period = read_period(period_text, reference.kind, reference.year, choice.period_key, line.number)
        if isinstance(period, Problem):
            first = first or period
            continue
        why = report_refusal(caller.grants(), choice.team_id, choice.organization_id)
        if why is not None:
            key = "report.not_your_activity" if why == "other_organization" else "report.not_reporter"
            first = first or Problem(line.number, "code", key)
            continue
        return _Wanted(line, choice, period)
    assert first is not None
    return first


# --- rendering ------------------------------------------------------------------------------------------------

_OWN_KEYS = ("quick.error.",)


def problem_text(problem: Problem, lang: str) -> str:
    """ "Baris 2, anggaran: …" in the words the guided step uses for the same mistake."""
    if problem.limit is not None and problem.number is not None:
        text = steps.limit_error(problem.limit, problem.number, lang) or ""
    elif problem.key.startswith(_OWN_KEYS):
        text = render(problem.key, {k: esc(v) if isinstance(v, str) else v for k, v in problem.values.items()}, lang)
    else:
        text = render(problem.key, problem.values, lang)
    if problem.line == 0:
        return t("quick.problem.message", lang, text=text)
    field = t(f"quick.field.{problem.place}", lang)
    return t("quick.problem", lang, line=problem.line, field=field, text=text)


def _closed_text(exc: ReportError, period_key: str, lang: str) -> str:
    return t(exc.key, lang, **{**exc.values, "period": steps.period_label(period_key, lang)})


def _answers(filled: Filled) -> Answers:
    return Answers(
        value=float(filled.value) if filled.value is not None else None,
        budget_spent=filled.budget_spent,
        physical_pct=float(filled.physical_pct) if filled.physical_pct is not None else None,
        obstacles=filled.obstacles,
        follow_up=filled.follow_up,
    )


def _filled(answers: Answers) -> Filled:
    def dec(x: float | None) -> Decimal | None:
        return Decimal(repr(x)) if x is not None else None

    return Filled(
        dec(answers.value), answers.budget_spent, dec(answers.physical_pct), answers.obstacles, answers.follow_up
    )


def line_summary(line: int, answers: Answers, ctx: ActivityContext, lang: str, *, revision: bool) -> str:
    """One line of the summary: the guided summary's figures, shorter."""
    none = t("report.summary.none", lang)
    reached = report_achievement(ctx, answers.value)
    return t(
        "quick.summary.line",
        lang,
        line=line,
        code=esc(ctx.code),
        activity=esc(ctx.name),
        revision=t("quick.summary.revision", lang) if revision else "",
        period=steps.period_label(ctx.period_key, lang),
        value=format_number(answers.value, lang) if answers.value is not None else none,
        unit=esc(ctx.unit),
        target=steps.target_text(ctx, lang),
        direction=steps.direction_text(ctx, lang),
        achievement=steps.achievement_text(reached, lang),
        rating=steps._rating_suffix(rate(reached.pct, ctx), lang),
        budget=format_rupiah(answers.budget_spent, lang) if answers.budget_spent is not None else none,
        physical=format_percent(answers.physical_pct, lang) if answers.physical_pct is not None else none,
        obstacles=esc(answers.obstacles) if answers.obstacles else none,
        follow_up=esc(answers.follow_up) if answers.follow_up else none,
    )


def _chunks(blocks: Sequence[str], head: str = "", *, budget: int = MESSAGE_BUDGET) -> list[str]:
    """Blocks joined by blank lines into as few messages as fit."""
    out: list[str] = []
    current = head
    for block in blocks:
        if current and utf16_len(current) + utf16_len(block) + 2 > budget:
            out.append(current)
            current = block
        else:
            current = f"{current}\n\n{block}" if current else block
    if current:
        out.append(current)
    return out


def _code_blocks(lines: Sequence[str]) -> list[str]:
    """The template's lines in blocks one tap copies: ``<code>`` for one line, ``<pre>`` for several (split to
    fit)."""
    if len(lines) == 1:
        return [f"<code>{esc(lines[0])}</code>"]
    blocks: list[str] = []
    current: list[str] = []
    for line in lines:
        if current and utf16_len("\n".join([*current, line])) > MESSAGE_BUDGET - 200:
            blocks.append("<pre>" + esc("\n".join(current)) + "</pre>")
            current = []
        current.append(line)
    if current:
        blocks.append("<pre>" + esc("\n".join(current)) + "</pre>")
    return blocks


async def _send(update: Update, texts: Sequence[str], buttons: Sequence[Sequence[Button]] = ()) -> None:
    """Several messages, the buttons on the last one."""
    chat = update.effective_chat
    if chat is None:
        return
    for i, text in enumerate(texts):
        last = i == len(texts) - 1
        await chat.send_message(text, reply_markup=keyboard(buttons) if last else None)


def _buttons(short: str, confirmed: bool, lang: str) -> list[list[Button]]:
    if not confirmed:
        return [
            [Button(t("report.button.yes", lang), f"rq:{short}:yes")],
            [
                Button(t("report.button.change", lang), f"rq:{short}:edit"),
                Button(t("report.button.cancel", lang), f"rq:{short}:cancel"),
            ],
        ]
    return [
        [Button(t("report.button.send", lang), f"rq:{short}:send")],
        [
            Button(t("report.button.change", lang), f"rq:{short}:edit"),
            Button(t("report.button.cancel", lang), f"rq:{short}:cancel"),
        ],
    ]


def _slots(ctx: ActivityContext) -> Slots:
    return Slots(
        level=ctx.measure == "level", budget=ctx.budget_ceiling is not None, physical=ctx.planned_physical is not None
    )


# --- the template ---------------------------------------------------------------------------------------------


def _template_lines(
    session: Session, choices: Sequence[ActivityChoice], period_key: str | None, now: datetime, lang: str
) -> tuple[list[str], str | None]:
    """The template's lines (an activity open for the period and not reported yet, or returned: then filled in
    with what was sent), and the period they are about (the first line's)."""
    lines: list[str] = []
    shown: str | None = None
    wanted: list[tuple[ActivityChoice, str]] = []
    for choice in choices:
        key = period_key or choice.period_key
        try:
            entry.check_entry_open(session, choice.activity_id, key, now)
        except (ReportError, ValueError):
            continue
        wanted.append((choice, key))
    statuses = store.report_statuses(session, [(c.activity_id, k) for c, k in wanted])
    current = store.current_revisions(
        session, [(c.activity_id, k) for c, k in wanted if k in statuses.get(c.activity_id, {})]
    )
    for choice, key in wanted:
        status = statuses.get(choice.activity_id, {}).get(key)
        if status is not None and status != "returned":
            continue
        ctx = entry.activity_context(session, choice.activity_id, key)
        sent = current.get((choice.activity_id, key))
        filled = _filled(sent.answers) if sent is not None else None
        lines.append(template_line(choice.code, Period.from_key(key), _slots(ctx), lang, filled))
        shown = shown or key
    return lines, shown


async def send_template(update: Update, context: PantauContext, caller: Caller, period_key: str | None) -> None:
    """The template for the person's activities (``period_key``, or each one's reference period)."""
    services = context.services
    now = services.now()

    def read(session: Session) -> tuple[list[ActivityChoice], list[str], str | None]:
        _person, choices = _activities(session, caller.telegram_id, now)
        lines, shown = _template_lines(session, choices, period_key, now, caller.lang)
        return choices, lines, shown

    choices, lines, shown = await services.db.run(read)
    lang = caller.lang
    if not choices:
        has_grant = any(g.role == "focal_point" for g in caller.info.grants)
        await _send(update, [t("report.no_activities" if has_grant else "report.not_focal_point", lang)])
        return
    if not lines:
        await _send(update, [t("quick.template.none", lang)])
        return
    head = t(
        "quick.template",
        lang,
        period=steps.period_label(shown, lang),
        what=t("quick.template.one" if len(lines) == 1 else "quick.template.many", lang),
    )
    await _send(update, _chunks(_code_blocks(lines), head))


async def template_button(update: Update, context: PantauContext) -> None:
    """ "⚡ Lapor cepat" in a reminder (``rqt:<period>``) or anywhere outside a guided report's activity list."""
    query = update.callback_query
    caller = await get_caller(update, context)
    if query is None or caller is None:
        return
    await answer_query(query)
    period_key = (query.data or "").partition(":")[2] or None
    await send_template(update, context, caller, period_key)


# --- the report -----------------------------------------------------------------------------------------------


async def receive(update: Update, context: PantauContext) -> None:
    """A quick report: read, check, and either name every mistake or store the lines and show the summary. Nothing
    after this handler sees the message (a guided report's step stays as it was)."""
    await _receive(update, context)
    raise ApplicationHandlerStop


async def _receive(update: Update, context: PantauContext) -> None:
    message = update.message
    chat = update.effective_chat
    services = context.services
    now = services.now()
    private = chat is not None and chat.type == ChatType.PRIVATE
    caller, found = await get_caller_with(update, context, _activities if private else None, now)
    if caller is None or message is None or message.text is None:
        return
    lang = caller.lang
    if not private:
        link = f"https://t.me/{services.bot_username}?start=lapor"
        button = Button(t("report.button.open_private", lang), url=link)
        await reply(update, t("report.private_only", lang), keyboard([[button]]))
        return
    assert found is not None
    person_id, choices = found
    if person_id is None or not choices:
        has_grant = any(g.role == "focal_point" for g in caller.info.grants)
        await _send(update, [t("report.no_activities" if has_grant else "report.not_focal_point", lang)])
        return
    lines, problems = parse_message(message.text)
    filled_lines = [line for line in lines if not line.empty or line.problems]
    skipped = [line.number for line in lines if line.empty and not line.problems]
    if not problems and not filled_lines:
        problems = [Problem(0, "line", "quick.error.nothing")]
    wanted: list[_Wanted] = []
    for line in filled_lines:
        problems.extend(line.problems)
        if not line.head:  # no keyword or no code: nothing to check the slots against
            continue
        resolved = _resolve(line, choices, caller)
        if isinstance(resolved, Problem):
            problems.append(resolved)
        else:
            wanted.append(resolved)
    for line_no, first in duplicates([(w.line.number, w.choice.activity_id, w.period.key) for w in wanted]):
        problems.append(Problem(line_no, "code", "quick.error.duplicate", {"first": first}))
    plans = await services.db.run(_read_plans, wanted, now) if wanted else _Plan({}, {}, {})
    checked: dict[int, Checked] = {}
    texts: list[str] = []
    for item in wanted:
        number = item.line.number
        if number in plans.closed:
            text = _closed_text(plans.closed[number], item.period.key, lang)
            texts.append(t("quick.problem", lang, line=number, field=t("quick.field.period", lang), text=text))
            continue
        ctx = plans.contexts[number]
        result = check_fields(item.line.slots, ctx, number, max_note_chars=steps.MAX_NOTE_CHARS)
        problems.extend(result.problems)
        checked[number] = result
    if problems or texts:
        listed = [problem_text(p, lang) for p in sorted(problems, key=lambda p: p.line)] + texts
        await _send(update, _chunks(listed, t("quick.problems", lang)))
        return
    await _store_and_summarise(update, context, caller, person_id, wanted, plans, checked, skipped)


async def _store_and_summarise(
    update: Update,
    context: PantauContext,
    caller: Caller,
    person_id: int,
    wanted: Sequence[_Wanted],
    plans: _Plan,
    checked: dict[int, Checked],
    skipped: Sequence[int],
) -> None:
    services = context.services
    lang = caller.lang
    lines: list[store.QuickLine] = []
    blocks: list[str] = []
    doubts: list[str] = []
    for item in wanted:
        number = item.line.number
        ctx = plans.contexts[number]
        result = checked[number]
        quick = store.QuickLine(
            number, item.choice.team_id, item.choice.activity_id, item.period.key, _answers(result.filled)
        )
        quick = store.revise(quick, plans.current.get((item.choice.activity_id, item.period.key)))
        lines.append(quick)
        blocks.append(line_summary(number, quick.answers, ctx, lang, revision=quick.base_revision_id is not None))
        for doubt in result.doubts:
            text = steps.warning_text(doubt.reason, doubt.number, ctx, lang)
            field = t(f"quick.field.{doubt.place}", lang)
            doubts.append(t("quick.doubt", lang, line=number, field=field, text=text))
    confirmed = not doubts
    batch = await services.db.run(store.start_batch, person_id, services.now(), lines, confirmed=confirmed)
    tail: list[str] = []
    if skipped:
        tail.append(t("quick.summary.skipped", lang, lines=", ".join(str(n) for n in skipped)))
    tail += [*doubts, t("quick.summary.doubts" if doubts else "quick.summary.check", lang)]
    head = t("quick.summary.head", lang, n=len(lines))
    await _send(update, _chunks([*blocks, "\n".join(tail)], head), _buttons(batch[:8], confirmed, lang))


# --- the summary's buttons ------------------------------------------------------------------------------------


async def button(update: Update, context: PantauContext) -> None:
    """Kirim (every line, once), "Ya, benar" (then Kirim), Ubah (the lines back, filled in) or Batal."""
    query = update.callback_query
    caller = await get_caller(update, context)
    if query is None or caller is None or query.data is None:
        return
    _prefix, short, verb = query.data.split(":")
    services = context.services
    lang = caller.lang
    now = services.now()
    person_id = await services.db.run(drafts.person_id_of, caller.telegram_id)
    batch = await services.db.run(store.find_batch, person_id, short) if person_id is not None else None
    if batch is None or person_id is None:
        await stale_button(query, lang)
        return
    if verb == "send" and batch.status == "submitted":
        await answer_query(query)
        await _send(update, [t("quick.sent.already", lang)])
        return
    idle = timedelta(hours=services.settings.draft_expiry_hours)
    if batch.status == store.QUICK and batch.updated_at is not None and now - batch.updated_at > idle:
        await services.db.run(store.close_batch, person_id, short, "expired", now)
        batch = None
    if batch is None or batch.status != store.QUICK or (verb == "send" and not batch.confirmed):
        await answer_query(query, t("quick.stale", lang))
        return
    await answer_query(query)
    if verb == "yes":
        await services.db.run(store.confirm_batch, person_id, short, now)
        await drop_buttons(query)
        await _send(update, [t("quick.confirmed", lang)], _buttons(short, True, lang))
    elif verb == "cancel":
        await services.db.run(store.close_batch, person_id, short, "cancelled", now)
        await drop_buttons(query)
        await _send(update, [t("quick.cancelled", lang)])
    elif verb == "edit":
        await drop_buttons(query)
        await _edit(update, context, caller, batch)
    else:
        await _submit(update, context, caller, batch)


async def _edit(update: Update, context: PantauContext, caller: Caller, batch: store.QuickBatch) -> None:
    """Ubah: the batch no longer applies; its lines come back filled in, to fix and send again."""
    services = context.services

    def write(session: Session) -> list[str]:
        store.close_batch(session, batch.person_id, batch.short, "cancelled", services.now())
        out: list[str] = []
        for line in batch.lines:
            ctx = entry.activity_context(session, line.activity_id, line.period_key)
            period = Period.from_key(line.period_key)
            out.append(template_line(ctx.code, period, _slots(ctx), caller.lang, _filled(line.answers)))
        return out

    lines = await services.db.run(write)
    await _send(update, _chunks(_code_blocks(lines), t("quick.edit", caller.lang)))


async def _submit(update: Update, context: PantauContext, caller: Caller, batch: store.QuickBatch) -> None:
    services = context.services
    lang = caller.lang
    query = update.callback_query
    try:
        sent = await services.db.run(store.submit_batch, batch.person_id, batch.short, services.now())
    except ReportError as exc:
        line = getattr(exc, "line", 0)
        period = next((x.period_key for x in batch.lines if x.line == line), "")
        await _send(update, [t("quick.failed", lang, line=line, text=_closed_text(exc, period, lang))])
        return
    if query is not None:
        await drop_buttons(query)
    if sent and not any(s.created for _line, s in sent):
        await _send(update, [t("quick.sent.already", lang)])
        return
    items = [_sent_line(line, s, lang) for line, s in sent]
    on_time = sum(1 for _line, s in sent if s.on_time)
    tail = t("quick.sent.timing", lang, on_time=on_time, late=len(sent) - on_time)
    await _send(update, _chunks([*items, tail], t("quick.sent", lang, n=len(sent))))
    for _line, s in sent:
        if s.created and s.group_chat_ids:
            context.application.create_task(
                _notify(context, s), update=update, name=f"quick-report-notice-{s.revision_id}"
            )


def _sent_line(line: int, sent: Submission, lang: str) -> str:
    return t(
        "quick.sent.line",
        lang,
        line=line,
        activity=esc(sent.activity_name),
        period=steps.period_label(sent.period_key, lang),
        value=format_number(Decimal(repr(sent.value)), lang),
        unit=esc(sent.unit),
        revision=t("report.sent.revision", lang, n=sent.revision_number) if sent.revision_number > 1 else "",
        rating=steps.sent_rating(sent, lang),
    )


async def _notify(context: PantauContext, sent: Submission) -> None:
    """The team's groups hear of each report as of a guided one (off the update's path)."""
    try:
        await send_to_groups(context.bot, context.services.db, sent.group_chat_ids, steps.group_notice(sent))
    except Exception:  # never let a notice surface as an error to anyone
        log.exception("quick report notice to groups %s failed", sent.group_chat_ids)


def register(
    app: Application[Any, Any, Any, Any, Any, Any],
    private_gate: Callable[[Update, PantauContext], Coroutine[Any, Any, None]],
    gate_group: int,
) -> None:
    """The quick report before the conversation (group ``QUICK_GROUP``); its buttons after it (group 0), behind
    the report buttons' ``private_gate`` (a group's press changes nothing)."""
    app.add_handler(MessageHandler(QUICK_TEXT, receive), group=QUICK_GROUP)
    app.add_handler(CallbackQueryHandler(private_gate, pattern=r"^(rq|rqt):"), group=gate_group)
    app.add_handler(CallbackQueryHandler(button, pattern=BUTTON_PATTERN))
    app.add_handler(CallbackQueryHandler(template_button, pattern=TEMPLATE_PATTERN))
