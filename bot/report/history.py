"""/riwayat: the reports of the person's own organizations, newest first, each with the target it was measured
against (the one in force for its period; "perubahan; murni …" when a plan version changed it) and "Revisi"
(``rv:<report>``); a report sent with "bukti menyusul" also has "Kirim bukti" (``re:<report>``, an entry point of
the report conversation, as in the evidence reminder)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackQueryHandler

from bot.handlers.common import answer_query, edit_or_send, get_caller, keyboard, reply, stale_button
from bot.report.draft import HISTORY_PAGE_PATTERN
from bot.report.steps import period_label, target_text
from bot.services import PantauContext
from domain.numbers import format_number
from domain.zones import team_zone
from storage.aggregates.versions import MeasuredTarget, TargetValue
from storage.drafts import person_id_of
from storage.history import HistoryItem, report_history
from texts import t
from texts.markup import esc
from texts.outgoing import Button

PAGE_SIZE = 6
EVIDENCE_PATTERN = r"^re:(\d{1,12})$"  # "Kirim bukti": the evidence of a report sent with "bukti menyusul"


@dataclass(frozen=True)
class _Shown:
    """A target as ``bot.report.steps.target_text`` reads it (``UnitTarget``)."""

    unit: str
    target: float | None
    target_min: float | None
    target_max: float | None
    direction: str = "naik"


def _target_text(value: TargetValue | None, unit: str, lang: str) -> str:
    if value is None:
        return t("report.value.no_target", lang)
    return target_text(_Shown(unit, value.value, value.value_min, value.value_max), lang)


def murni_note(measured: MeasuredTarget | None, unit: str, lang: str, *, key: str = "report.target.changed") -> str:
    """After the target a report was measured against, when a plan version changed it: `` (perubahan; murni 60
    UMKM)`` (``key``: the catalogue text, ``{murni}`` the plan murni's target); nothing when it is the murni's."""
    if measured is None or not measured.changed:
        return ""
    return t(key, lang, murni=_target_text(measured.murni, unit, lang))


def measured_text(measured: MeasuredTarget | None, unit: str, lang: str) -> str:
    """The target a report was measured against (the one in force for its period): ``40 UMKM``, or ``40 UMKM
    (perubahan; murni 60 UMKM)`` when a plan version changed it."""
    return _target_text(measured.in_force if measured else None, unit, lang) + murni_note(measured, unit, lang)


def render(items: list[HistoryItem], total: int, offset: int, lang: str, tz: str) -> tuple[str, list[list[Button]]]:
    """The text of one page and its buttons: "Revisi n" per report, then ◀ / ▶."""
    zone = team_zone(tz)
    lines = [t("report.history.head", lang, total=total)]
    revise: list[Button] = []
    evidence: list[Button] = []
    for n, item in enumerate(items, start=offset + 1):
        reason = (
            t("report.history.reason", lang, reason=esc(item.status_reason))
            if item.status == "returned" and item.status_reason
            else ""
        )
        if item.target is not None and (item.target.in_force is not None or item.target.changed):
            reason = t("report.history.target", lang, target=measured_text(item.target, item.unit, lang)) + reason
        if item.evidence_later:
            reason += t("report.history.evidence_later", lang)
            evidence.append(Button(t("report.button.send_evidence_n", lang, n=n), f"re:{item.report_id}"))
        lines.append(
            t(
                "report.history.item",
                lang,
                n=n,
                icon=t(f"report.status.{item.status}", lang),
                activity=esc(item.activity_name),
                period=period_label(item.period_key, lang),
                value=format_number(Decimal(repr(item.value)), lang),
                unit=esc(item.unit),
                revision=item.revision_number,
                date=item.submitted_at.astimezone(zone).strftime("%d/%m/%Y"),
                reason=reason,
            )
        )
        revise.append(Button(t("report.button.revise", lang, n=n), f"rv:{item.report_id}"))
    rows = [revise[i : i + 3] for i in range(0, len(revise), 3)]
    rows += [evidence[i : i + 3] for i in range(0, len(evidence), 3)]
    nav: list[Button] = []
    if offset > 0:
        nav.append(Button(t("report.button.prev", lang), f"rh:{max(0, offset - PAGE_SIZE)}"))
    if offset + PAGE_SIZE < total:
        nav.append(Button(t("report.button.next", lang), f"rh:{offset + PAGE_SIZE}"))
    if nav:
        rows.append(nav)
    return "\n\n".join(lines), rows


async def history_command(update: Update, context: PantauContext) -> None:
    """/riwayat: the first page of the organization's reports (private chat only)."""
    await _show(update, context, 0, edit=False)


async def history_page(update: Update, context: PantauContext) -> None:
    """◀ / ▶ on /riwayat: the page at ``rh:<offset>``, edited in place."""
    query = update.callback_query
    match = re.match(HISTORY_PAGE_PATTERN, (query.data or "") if query else "")
    if query is None or match is None:
        return
    await _show(update, context, int(match.group(1)), edit=True)


async def _show(update: Update, context: PantauContext, offset: int, *, edit: bool) -> None:
    caller = await get_caller(update, context)
    chat = update.effective_chat
    if caller is None or chat is None:
        return
    lang = caller.lang
    services = context.services
    query = update.callback_query
    if chat.type != ChatType.PRIVATE:
        if query is not None:
            await stale_button(query, lang)
            return
        link = f"https://t.me/{services.bot_username}"
        await reply(
            update,
            t("core.private.only", lang, command="/riwayat"),
            keyboard([[Button(t("report.button.open_private", lang), url=link)]]),
        )
        return
    if not any(g.role == "focal_point" for g in caller.info.grants):
        if query is not None:
            await stale_button(query, lang)  # paging buttons of someone without a history: refused quietly
            return
        await chat.send_message(t("report.history.not_focal_point", lang))
        return
    if query is not None:
        await answer_query(query)
    person_id = await services.db.run(person_id_of, caller.telegram_id)
    items, total = await services.db.run(report_history, person_id or 0, limit=PAGE_SIZE, offset=offset)
    if total == 0:
        await chat.send_message(t("report.history.empty", lang))
        return
    text, rows = render(items, total, offset, lang, services.settings.timezone)
    if edit and query is not None:
        await edit_or_send(update, text, keyboard(rows))  # a double tap on ▶ leaves the page as it is
        return
    await chat.send_message(text, reply_markup=keyboard(rows))


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """The paging buttons; /riwayat itself is registered from ``bot.commands``."""
    app.add_handler(CallbackQueryHandler(history_page, pattern=HISTORY_PAGE_PATTERN))
