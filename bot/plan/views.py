"""The plan chat's texts, as plain functions of data and a language (HTML, every value escaped, within Telegram's
limits): the list of versions, a file's mistakes, the preview of a change, the period and basis steps, and the
notices to the team's groups and focal points."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime

from domain.numbers import format_number
from domain.plan import PlanIssue
from domain.plan_changes import PlanChanges
from domain.zones import team_zone
from planfile.changes_text import detail_lines, period_label, summary_line
from planfile.read import issue_text
from storage.plan import ReportConflict
from storage.plan_versions import EarlierPeriodChange, VersionInfo
from texts import t
from texts.markup import TEXT_LIMIT, esc, shorten, utf16_len

PREVIEW_LINES = 25  # detail lines shown under the summary; the rest are counted
NOTE_LINES = 30  # detail lines in a focal point's note
MISTAKES_MAX = 150  # mistakes listed (a few messages); the rest are counted
LIST_MAX = 25  # activities listed in a refusal; the rest are counted
LINE_MAX = 600  # one line of a list (a mistake, a change), before escaping
_ROOM = TEXT_LIMIT - 96  # a message's size, leaving room for HTML tags counted but not shown


def pack(head: str, lines: Iterable[str], continued: str = "") -> list[str]:
    """``head`` and ``lines`` over as few messages as fit Telegram's limit, a line never split; each further
    message starts with ``continued`` (when given)."""
    messages: list[list[str]] = [[head]]
    size = utf16_len(head)
    for line in lines:
        extra = utf16_len(line) + 1
        if size + extra > _ROOM:
            messages.append([continued] if continued else [])
            size = utf16_len(continued)
        messages[-1].append(line)
        size += extra
    return ["\n".join(m) for m in messages if m]


def _line(text: str) -> str:
    return esc(shorten(text, LINE_MAX))


def correction_mark(correction: bool, lang: str | None) -> str:
    return " " + t("plan.version.correction", lang) if correction else ""


def size_text(size: int, lang: str | None) -> str:
    if size >= 1024 * 1024:
        return f"{format_number(size / (1024 * 1024), lang, 1)} MB"
    return f"{format_number(max(1, round(size / 1024)), lang)} KB"


# --- /rencana ------------------------------------------------------------------------------------------------------


def _date(at: datetime, tz: str) -> str:
    local = at.astimezone(team_zone(tz)) if at.tzinfo is not None else at
    return local.strftime("%d-%m-%Y")


def version_lines(info: VersionInfo, changes: PlanChanges | None, tz: str, lang: str | None) -> str:
    """One version: number, date, first period (and koreksi), author, basis, what changed in a line."""
    head = t(
        "plan_chat.versions.item",
        lang,
        number=info.number,
        date=_date(info.created_at, tz),
        period=esc(period_label(info.effective_from, lang)),
        correction=esc(correction_mark(info.correction, lang)),
    )
    if info.author:
        head += " · " + t("plan_chat.versions.by", lang, author=_line(info.author))
    lines = [head]
    if info.basis:
        lines.append(t("plan_chat.versions.basis", lang, basis=_line(info.basis)))
    if info.number == 1:
        lines.append(esc(t("plan.version.murni", lang)))
    elif changes is not None:
        lines.append(_line(summary_line(changes, lang)))
    return "\n".join(lines)


def versions_messages(
    team_code: str, versions: Sequence[tuple[VersionInfo, PlanChanges | None]], tz: str, lang: str | None
) -> list[str]:
    head = t("plan_chat.versions.head", lang, team=esc(team_code))
    items = ["\n" + version_lines(info, changes, tz, lang) for info, changes in versions]
    return pack(head, items, t("plan_chat.versions.more", lang))


# --- a file sent back ----------------------------------------------------------------------------------------------


def mistakes_messages(file_name: str, issues: Sequence[PlanIssue], lang: str | None) -> list[str]:
    """Every mistake with its sheet and row (or line), split over messages when long."""
    head = t("plan_chat.mistakes.head", lang, name=esc(file_name), n=len(issues))
    lines = [t("plan_chat.mistakes.item", lang, text=_line(issue_text(issue, lang))) for issue in issues[:MISTAKES_MAX]]
    if len(issues) > MISTAKES_MAX:  # a file wrong everywhere: the first ones say enough
        lines.append(t("plan_chat.mistakes.more", lang, n=len(issues) - MISTAKES_MAX))
    return pack(head, lines)


def preview_text(team_code: str, version: int, file_name: str, changes: PlanChanges, lang: str | None) -> str:
    """The summary line, then the changes one per line (the first ``PREVIEW_LINES``, the rest counted)."""
    head = t(
        "plan_chat.preview.head",
        lang,
        team=esc(team_code),
        version=version,
        name=esc(file_name),
        summary=_line(summary_line(changes, lang)),
    )
    details = detail_lines(changes, lang)
    shown: list[str] = []
    size = utf16_len(head)
    for line in details[:PREVIEW_LINES]:
        item = "• " + _line(line)
        if size + utf16_len(item) + 200 > _ROOM:
            break
        shown.append(item)
        size += utf16_len(item) + 1
    text = "\n".join([head, "", *shown]) if shown else head
    if len(details) > len(shown):
        text += "\n" + t("plan_chat.preview.more", lang, n=len(details) - len(shown))
    return text


def earlier_text(earlier: Sequence[EarlierPeriodChange], period: str, lang: str | None) -> str:
    """Which activities change which periods before ``period``."""
    by_activity: dict[str, list[str]] = {}
    for change in earlier:
        by_activity.setdefault(change.activity, []).append(change.period)
    items = [
        t(
            "plan_chat.earlier.item",
            lang,
            activity=esc(code or t("plan_chat.team_setting", lang)),
            periods=esc(", ".join(period_label(p, lang) for p in sorted(set(periods)))),
        )
        for code, periods in by_activity.items()
    ]
    if len(items) > LIST_MAX:
        items = [*items[:LIST_MAX], t("plan_chat.more_activities", lang, n=len(items) - LIST_MAX)]
    return t("plan_chat.earlier", lang, period=esc(period_label(period, lang)), items="\n".join(items))


def conflict_text(conflicts: Sequence[ReportConflict], period: str, lang: str | None) -> str:
    items = [
        t(
            "plan_chat.conflict.item",
            lang,
            activity=_line(f"{c.activity_code} {c.activity_name}"),
            periods=esc(", ".join(period_label(p, lang) for p in c.periods)),
        )
        for c in conflicts[:LIST_MAX]
    ]
    if len(conflicts) > LIST_MAX:
        items.append(t("plan_chat.more_activities", lang, n=len(conflicts) - LIST_MAX))
    return t("plan_chat.conflict", lang, period=esc(period_label(period, lang)), items="\n".join(items))


def chosen_text(period: str, correction: bool, lang: str | None) -> str:
    return t(
        "plan_chat.chosen",
        lang,
        period=esc(period_label(period, lang)),
        correction=esc(correction_mark(correction, lang)),
    )


def confirm_text(
    team_code: str,
    version: int,
    period: str,
    correction: bool,
    basis: str,
    changes: PlanChanges,
    lang: str | None,
) -> str:
    return t(
        "plan_chat.confirm",
        lang,
        team=esc(team_code),
        version=version,
        period=esc(period_label(period, lang)),
        correction=esc(correction_mark(correction, lang)),
        basis=_line(basis),
        summary=_line(summary_line(changes, lang)),
    )


# --- after applying ------------------------------------------------------------------------------------------------


def applied_text(team_code: str, info: VersionInfo, lang: str | None) -> str:
    return t(
        "plan_chat.applied",
        lang,
        team=esc(team_code),
        version=info.number,
        period=esc(period_label(info.effective_from, lang)),
        correction=esc(correction_mark(info.correction, lang)),
    )


def group_notice(team_code: str, info: VersionInfo, changes: PlanChanges, lang: str | None) -> str:
    """One line for the team's groups."""
    text = t(
        "plan_chat.group_notice",
        lang,
        team=esc(team_code),
        version=info.number,
        period=esc(period_label(info.effective_from, lang)),
        correction=esc(correction_mark(info.correction, lang)),
        basis=_line(info.basis),
        summary=_line(summary_line(changes, lang)),
    )
    return text if utf16_len(text) <= _ROOM else shorten(text, _ROOM)


def only_activities(changes: PlanChanges, codes: set[str]) -> PlanChanges:
    """What ``changes`` says about these activities only (each stop kept with its period)."""
    periods = changes.stopped_from or (None,) * len(changes.stopped)
    stops = [(code, period) for code, period in zip(changes.stopped, periods, strict=True) if code in codes]
    return replace(
        changes,
        added=tuple(a for a in changes.added if a.kind == "activity" and a.code in codes),
        renamed=tuple(r for r in changes.renamed if r.kind == "activity" and r.code in codes),
        targets=tuple(c for c in changes.targets if c.activity in codes),
        moves=tuple(m for m in changes.moves if m.activity in codes),
        ceilings=tuple(c for c in changes.ceilings if c.activity in codes),
        activity_settings=tuple(s for s in changes.activity_settings if s.activity in codes),
        stopped=tuple(code for code, _ in stops),
        stopped_from=tuple(period for _, period in stops) if changes.stopped_from else (),
        team=(),
    )


def focal_note(
    team_code: str,
    info: VersionInfo,
    changes: PlanChanges,
    codes: set[str],
    organization: str,
    lang: str | None,
) -> str:
    """A focal point's private note: the changes to their organization's activities only."""
    details = detail_lines(only_activities(changes, codes), lang)
    lines = ["• " + _line(line) for line in details[:NOTE_LINES]]
    if len(details) > NOTE_LINES:
        lines.append(t("plan_chat.preview.more", lang, n=len(details) - NOTE_LINES))
    text = t(
        "plan_chat.focal_note",
        lang,
        team=esc(team_code),
        version=info.number,
        period=esc(period_label(info.effective_from, lang)),
        correction=esc(correction_mark(info.correction, lang)),
        basis=_line(info.basis),
        org=esc(organization),
        lines="\n".join(lines),
    )
    return text if utf16_len(text) <= _ROOM else shorten(text, _ROOM)
