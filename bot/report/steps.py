"""The plain side of each step: read an answer, decide accept / re-ask / confirm, and render the questions.

Nothing here touches Telegram or the database, so every rule of a report's answers is tested in microseconds
(``tests/report/test_report_steps.py``). The conversation calls these and sends what they return.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, Decimal
from typing import Generic, TypeVar

from domain import limits
from domain.indicators import Achievement
from domain.numbers import NumberParseError, format_number, format_percent, format_rupiah, parse_number, parse_percent
from domain.numbers import parse_rupiah as _parse_rupiah
from domain.obstacles import obstacle_required
from domain.periods import Period
from domain.rating import predikat_label
from domain.report_rules import (
    IndicatorTarget,
    Rating,
    UnitTarget,
    budget_warning,
    direction_of,
    indicator_target,
    is_percentage,
    rate,
    report_achievement,
    value_error,
    value_warning,
)
from domain.text import is_visibly_empty
from storage.drafts import Answers, EvidenceFile
from storage.entry import ActivityChoice, ActivityContext
from storage.submission import Submission
from texts import t
from texts.markup import esc
from texts.render import render_error

T = TypeVar("T")

MAX_NOTE_CHARS = 2000
MAX_EVIDENCE = 10
TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # bytes: the Bot API refuses getFile above this
SUMMARY_NOTE_CHARS = 300
ACTIVITY_PAGE_SIZE = 8
PERCENT_EXAMPLE = Decimal("12.5")  # the value question's example for a percentage (at most 100)
MARK_ICONS = {"reported": "✅", "pending": "⏳", "overdue": "⚠️", "locked": "🔒", "returned": "↩️"}


@dataclass(frozen=True)
class Reading(Generic[T]):
    """What an answer means: accepted (``value``), refused (``error``: say it and ask again), or implausible
    (``warning``: a catalogue suffix, ask "Ya, benar" / "Ubah")."""

    value: T | None = None
    error: str | None = None
    warning: str | None = None


def period_label(key: str | None, lang: str) -> str:
    if not key:
        return t("report.summary.none", lang)
    try:
        return Period.from_key(key).label(lang)
    except ValueError:
        return esc(key)


def amount(value: float | Decimal | None, unit: str, lang: str) -> str:
    """``120 UMKM``; a dash when there is nothing."""
    if value is None:
        return t("report.summary.none", lang)
    return f"{format_number(value, lang)} {esc(unit)}".strip()


# --- readers --------------------------------------------------------------------------------------------------


def limit_text(limit: limits.Limit, lang: str) -> str:
    """The largest accepted number of an answer, as the person reads it: ``9.999.999.999.999,99``,
    ``Rp 999.999.999.999.999``, ``100``."""
    if limit is limits.BUDGET:
        return format_rupiah(int(limit.maximum), lang)
    return format_number(limit.maximum, lang, max_decimals=limit.decimals)


def limit_error(limit: limits.Limit, number: Decimal | int, lang: str) -> str | None:
    """Why a typed number cannot be kept as it is (too large for its column, or more decimals than are shown back),
    or None."""
    problem = limits.problem(limit, number)
    if problem == "too_large":
        return t("report.number.too_large", lang, maximum=limit_text(limit, lang))
    if problem == "too_precise":
        example = Decimal("75.25").quantize(Decimal(1).scaleb(-limit.decimals), rounding=ROUND_DOWN)
        example_text = format_number(example, lang, max_decimals=limit.decimals)
        return t("report.number.too_precise", lang, decimals=limit.decimals, example=example_text)
    return None


def read_value(text: str, ctx: ActivityContext, lang: str) -> Reading[Decimal]:
    """The realised value: a non-negative number within ``limits.VALUE``, at most 100 for a percentage; far beyond
    target on the side that reads as odd, or a falling running total, is a warning
    (``domain.report_rules.value_warning``)."""
    try:
        value = parse_number(text)
    except NumberParseError as exc:
        return Reading(error=render_error(exc, lang))
    error = limit_error(limits.VALUE, value, lang)
    if error is not None:
        return Reading(error=error)
    problem = value_error(ctx, value)
    if problem is not None:
        return Reading(error=t(f"report.value.{problem}", lang, value=format_number(value, lang)))
    return Reading(value=value, warning=value_warning(ctx, value))


def read_budget(text: str, ctx: ActivityContext, lang: str) -> Reading[int]:
    """Budget spent to date in whole Rupiah, within ``limits.BUDGET``; above the ceiling (pagu) is a warning."""
    try:
        rupiah = _parse_rupiah(text)
    except NumberParseError as exc:
        return Reading(error=render_error(exc, lang))
    error = limit_error(limits.BUDGET, rupiah, lang)
    if error is not None:
        return Reading(error=error)
    return Reading(value=rupiah, warning=budget_warning(ctx, rupiah))


def read_physical(text: str, lang: str) -> Reading[Decimal]:
    """Physical progress to date, 0–100 % (``limits.PHYSICAL``)."""
    try:
        percent = parse_percent(text, maximum=limits.PHYSICAL.maximum)
    except NumberParseError as exc:
        return Reading(error=render_error(exc, lang))
    error = limit_error(limits.PHYSICAL, percent, lang)
    if error is not None:
        return Reading(error=error)
    return Reading(value=percent)


def read_note(text: str, lang: str) -> Reading[str]:
    """Obstacles or follow-up: free text, trimmed, at most ``MAX_NOTE_CHARS``; only invisible characters
    (spaces, U+200B, U+3164 HANGUL FILLER…) is an empty note, asked again."""
    note = text.strip()
    if is_visibly_empty(note):
        return Reading(error=t("report.text.empty", lang))
    if len(note) > MAX_NOTE_CHARS:
        return Reading(error=t("report.text.too_long", lang, n=len(note), max=MAX_NOTE_CHARS))
    return Reading(value=note)


def check_evidence(answers: Answers, item: EvidenceFile, lang: str) -> Reading[Answers]:
    """Add a file to the evidence, unless it is over Telegram's download limit or there are too many."""
    if item.file_size is not None and item.file_size > TELEGRAM_DOWNLOAD_LIMIT:
        size = format_number(Decimal(item.file_size) / (1024 * 1024), lang, max_decimals=1)
        return Reading(error=t("report.evidence.too_big", lang, size=size))
    if len(answers.evidence) >= MAX_EVIDENCE:
        return Reading(error=t("report.evidence.too_many", lang, max=MAX_EVIDENCE))
    if any(e.file_unique_id and e.file_unique_id == item.file_unique_id for e in answers.evidence):
        return Reading(value=answers)  # the same file twice (a retried update) is kept once
    # a photo or document is the evidence itself: no longer "menyusul" (an obstacle's voice note is not)
    later = answers.evidence_later and item.kind == "voice"
    return Reading(value=replace(answers, evidence=(*answers.evidence, item), evidence_later=later))


def has_evidence(answers: Answers) -> bool:
    """Whether a photo or document is attached ("Bukti menyusul" is offered until one is; a voice note for an
    obstacle does not count)."""
    return any(e.kind != "voice" for e in answers.evidence)


SKIP_PATTERN = r"(?i)^\s*(lewati|skip|-|–)\s*$"  # typed instead of the button (and the location keyboard's)


def is_skip(text: str) -> bool:
    """ "Lewati"/"Skip" (the location step's reply keyboard sends it as text) or a lone dash."""
    return re.match(SKIP_PATTERN, text) is not None


# --- renderers ------------------------------------------------------------------------------------------------


def activity_page(activities: list[ActivityChoice], page: int, lang: str) -> tuple[str, list[ActivityChoice], int, int]:
    """The text of one page of the activity list (grouped by program), its activities, the page and page count."""
    pages = max(1, -(-len(activities) // ACTIVITY_PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = activities[page * ACTIVITY_PAGE_SIZE : (page + 1) * ACTIVITY_PAGE_SIZE]
    lines: list[str] = []
    program: int | None = None
    for item in shown:
        if item.program_id != program:
            if lines:
                lines.append("")
            lines.append(f"<b>{esc(item.program_name)}</b>")
            program = item.program_id
        lines.append(f"{MARK_ICONS[item.mark]} {esc(item.code)} · {esc(item.name)}")
    if pages > 1:
        lines += ["", t("report.activity.page", lang, page=page + 1, pages=pages)]
    text = t(
        "report.activity.ask",
        lang,
        period=period_label(activities[0].period_key if activities else None, lang),
        lines="\n".join(lines),
        legend=t("report.activity.legend", lang),
    )
    return text, shown, page, pages


def activity_button_label(item: ActivityChoice) -> str:
    label = f"{MARK_ICONS[item.mark]} {item.code} · {item.name}"
    return label if len(label) <= 48 else label[:47] + "…"


def target_text(ctx: UnitTarget, lang: str) -> str:
    """``100 UMKM``; a range ``80–90%`` (``14–16 persen``); "belum ada" without a target."""
    target = indicator_target(ctx)
    if target is None:
        return t("report.value.no_target", lang)
    if isinstance(target, Decimal):
        return amount(ctx.target, ctx.unit, lang)
    span = f"{format_number(target.low, lang)}–{format_number(target.high, lang)}"
    if ctx.unit.strip() == "%":
        return f"{span}%"
    return f"{span} {esc(ctx.unit)}".strip()


def direction_text(ctx: IndicatorTarget, lang: str) -> str:
    """ " · ↓ lebih rendah lebih baik" after the target of a ``turun`` indicator; nothing for ``naik``."""
    return t("report.direction.turun", lang) if direction_of(ctx) == "turun" else ""


def value_prompt(ctx: ActivityContext, lang: str) -> str:
    """The realised-value question, with the target (and its direction) and what was reported before; a level
    (``tingkat``) asks for its current value."""
    history = ""
    if ctx.previous_value is not None and ctx.previous_period_key:
        history += t(
            "report.value.previous",
            lang,
            period=period_label(ctx.previous_period_key, lang),
            value=amount(ctx.previous_value, ctx.unit, lang),
        )
    if ctx.current_value is not None:
        history += t(
            "report.value.current",
            lang,
            value=amount(ctx.current_value, ctx.unit, lang),
            n=ctx.current_revision_number or 1,
        )
    return t(
        "report.value.ask",
        lang,
        activity=esc(ctx.name),
        period=period_label(ctx.period_key, lang),
        indicator=t("report.value.indicator", lang, indicator=esc(ctx.indicator)) if ctx.indicator else "",
        target=target_text(ctx, lang),
        direction=direction_text(ctx, lang),
        history=history,
        what=t("report.value.what.level" if ctx.measure == "level" else "report.value.what.realised", lang),
        cumulative=t("report.value.cumulative", lang) if ctx.measure == "cumulative" else "",
        unit=esc(ctx.unit) or "-",
        example=format_number(PERCENT_EXAMPLE, lang) if is_percentage(ctx.unit) else "120",
    )


def budget_prompt(ctx: ActivityContext, lang: str) -> str:
    return t(
        "report.budget.ask",
        lang,
        ceiling=t("report.budget.ceiling", lang, ceiling=format_rupiah(ctx.budget_ceiling, lang))
        if ctx.budget_ceiling is not None
        else "",
        previous=t("report.budget.previous", lang, value=format_rupiah(ctx.previous_budget, lang))
        if ctx.previous_budget is not None
        else "",
    )


def physical_prompt(ctx: ActivityContext, lang: str) -> str:
    planned = (
        t("report.physical.planned", lang, pct=format_percent(ctx.planned_physical, lang))
        if ctx.planned_physical is not None
        else ""
    )
    return t("report.physical.ask", lang, planned=planned)


def warning_text(reason: str, value: float | Decimal | int, ctx: ActivityContext, lang: str) -> str:
    """The "is this right?" message of an implausible answer, showing the answer exactly as typed."""
    if reason == "above_ceiling":
        return t(
            "report.warn.above_ceiling",
            lang,
            value=format_rupiah(int(value), lang),
            ceiling=format_rupiah(ctx.budget_ceiling or 0, lang),
        )
    if reason == "below_previous":
        return t(
            "report.warn.below_previous",
            lang,
            value=amount(value, ctx.unit, lang),
            previous=amount(ctx.previous_value, ctx.unit, lang),
        )
    pct = report_achievement(ctx, limits.exact(value)).pct
    return t(
        f"report.warn.{reason}",
        lang,
        value=amount(value, ctx.unit, lang),
        pct=format_percent(pct, lang),
        target=target_text(ctx, lang),
    )


def evidence_items(answers: Answers, lang: str) -> str:
    photos = sum(1 for e in answers.evidence if e.kind == "photo")
    voices = sum(1 for e in answers.evidence if e.kind == "voice")
    items = t("report.evidence.items", lang, photos=photos, documents=len(answers.evidence) - photos - voices)
    return items + (t("report.evidence.items_voice", lang, voices=voices) if voices else "")


def evidence_summary(answers: Answers, lang: str, days: int) -> str:
    """The summary's evidence line: what is attached, or "menyusul (pengingat dalam N hari kerja)"."""
    if answers.evidence_later:
        later = t("report.summary.evidence_later", lang, days=days)
        return later + (f"; {evidence_items(answers, lang)}" if answers.evidence else "")
    return evidence_items(answers, lang) if answers.evidence else t("report.summary.none", lang)


def evidence_prompt(answers: Answers, lang: str) -> str:
    have = t("report.evidence.have", lang, items=evidence_items(answers, lang)) if answers.evidence else ""
    return t("report.evidence.ask", lang, max=MAX_EVIDENCE, have=have)


def _note(text: str | None, lang: str) -> str:
    if not text:
        return t("report.summary.none", lang)
    short = text if len(text) <= SUMMARY_NOTE_CHARS else text[: SUMMARY_NOTE_CHARS - 1] + "…"
    return esc(short)


def obstacle_note(answers: Answers, lang: str) -> str:
    """The summary's obstacle: its text, category and decision flag; whether the previous one is resolved."""
    note = _note(answers.obstacles, lang)
    if answers.obstacles and answers.obstacle_category:
        category = t(f"obstacles.category.{answers.obstacle_category}", lang)
        note += t("obstacles.summary.category", lang, category=category)
    if answers.obstacles and answers.obstacle_needs_decision:
        note += t("obstacles.summary.decision", lang)
    if answers.open_obstacle_status == "open":
        note += t("obstacles.summary.still", lang)
    if answers.open_obstacle_status == "resolved":
        note = t("obstacles.summary.resolved", lang) + note
    return note


def obstacle_requirement(answers: Answers, ctx: ActivityContext, lang: str) -> str | None:
    """Why this report must name an obstacle (``domain.obstacles.obstacle_required``), as the kind explanation the
    question starts with; None when it may be skipped."""
    rating = rate(report_achievement(ctx, answers.value).pct, ctx)
    why = obstacle_required(
        predikat=rating.predikat,
        light=rating.light,
        planned_physical=ctx.planned_physical,
        physical=answers.physical_pct,
    )
    if why == "lowest_rating":
        label = predikat_label(rating.predikat, lang) if rating.predikat else t(f"report.light.{rating.light}", lang)
        return t("obstacles.required.lowest_rating", lang, rating=label)
    if why == "critical_deviation":
        return t(
            "obstacles.required.critical_deviation",
            lang,
            actual=format_percent(answers.physical_pct, lang),
            planned=format_percent(ctx.planned_physical, lang),
        )
    return None


def preview_achievement(ctx: ActivityContext, value: float | None) -> Decimal | None:
    """The achievement percentage the value gives (None: no value, no target, or a zero target)."""
    return report_achievement(ctx, value).pct


def achievement_text(reached: Achievement, lang: str) -> str:
    """``capaian 120%``; for a zero target, whether it was reached ("target 0 tercapai"), never a percentage."""
    if reached.zero_target:
        return t("report.achievement.zero_met" if reached.met else "report.achievement.zero_missed", lang)
    return t("report.achievement.pct", lang, pct=format_percent(reached.pct, lang))


def rating_label(rating: Rating, lang: str) -> str | None:
    """ "Sangat Tinggi", or the light ("🟢 hijau"); None when there is nothing to rate."""
    if rating.predikat is not None:
        return predikat_label(rating.predikat, lang)
    if rating.light is not None:
        return t(f"report.light.{rating.light}", lang)
    return None


def _rating_suffix(rating: Rating, lang: str) -> str:
    label = rating_label(rating, lang)
    if label is None:
        return ""
    if rating.light is not None:
        return t("report.summary.light", lang, light=label)
    return t("report.summary.predikat", lang, predikat=label)


def summary_text(answers: Answers, ctx: ActivityContext, lang: str, *, revision: bool, evidence_days: int = 3) -> str:
    """The summary before Kirim: every answer, with the achievement it gives (``domain.report_rules``, as Kirim
    computes it) and its rating on the team's scale (``evidence_days``: the team's reminder after "bukti
    menyusul")."""
    none = t("report.summary.none", lang)
    reached = report_achievement(ctx, answers.value)
    location = (
        t("report.summary.location", lang, lat=f"{answers.latitude:.5f}", lon=f"{answers.longitude:.5f}")
        if answers.latitude is not None and answers.longitude is not None
        else none
    )
    return t(
        "report.summary",
        lang,
        revision=t("report.summary.revision", lang) if revision else "",
        activity=esc(ctx.name),
        period=period_label(ctx.period_key, lang),
        value=format_number(answers.value, lang) if answers.value is not None else none,
        unit=esc(ctx.unit),
        target=target_text(ctx, lang),
        direction=direction_text(ctx, lang),
        achievement=achievement_text(reached, lang),
        rating=_rating_suffix(rate(reached.pct, ctx), lang),
        budget=format_rupiah(answers.budget_spent, lang) if answers.budget_spent is not None else none,
        physical=format_percent(answers.physical_pct, lang) if answers.physical_pct is not None else none,
        obstacles=obstacle_note(answers, lang),
        follow_up=_note(answers.follow_up, lang),
        evidence=evidence_summary(answers, lang, evidence_days),
        location=location,
    )


def _reached(sent: Submission) -> Achievement:
    return Achievement(pct=sent.achievement, met=sent.met, zero_target=sent.zero_target)


def sent_rating(sent: Submission, lang: str) -> str:
    """The achievement line after Kirim: the percentage and its predikat (or light), a zero target in words, or
    "no target"."""
    if sent.zero_target:
        return t("report.sent.zero_target", lang, verdict=achievement_text(_reached(sent), lang))
    if sent.achievement is None:
        return t("report.sent.no_rating", lang)
    pct = format_percent(sent.achievement, lang)
    if sent.light is not None:
        return t("report.sent.light", lang, pct=pct, light=t(f"report.light.{sent.light}", lang))
    if sent.predikat is not None:
        return t("report.sent.rating", lang, pct=pct, predikat=predikat_label(sent.predikat, lang))
    return t("report.sent.no_rating", lang)


def sent_achievement(sent: Submission, lang: str) -> str:
    """ "capaian 120%" (or "target 0 tercapai") for the group notice."""
    return achievement_text(_reached(sent), lang)


def group_notice(sent: Submission) -> str:
    """The one line the team's groups read of a report sent (in Indonesian, the groups' language)."""
    return t(
        "report.group_notice",
        "id",
        org=esc(sent.organization_code),
        activity=esc(sent.activity_name),
        period=period_label(sent.period_key, "id"),
        value=format_number(Decimal(repr(sent.value)), "id"),
        unit=esc(sent.unit),
        achievement=sent_achievement(sent, "id"),
        revision=t("report.group_notice.revision", "id", n=sent.revision_number) if sent.revision_number > 1 else "",
    )
