"""A plan change in words (Indonesian or English, from the catalogue): one summary line and one line per change.

The CLI's ``pantau plan diff`` prints them; the bot will show the same words. Periods read as the team's reports
do ("TW III", "Mar 2022"), money compact ("Rp 250 jt"), values as Indonesian numbers ("12,5").
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from domain.numbers import format_compact_rupiah, format_number, format_percent
from domain.periods import Period
from domain.plan_changes import PlanChanges, TargetValue
from texts import t

_MAX_CEILINGS_IN_SUMMARY = 3


def period_label(key: str, lang: str | None = "id") -> str:
    """``2022-Q3`` → "TW III" (English "Q3"); a month → "Mar 2022"; anything else as written."""
    try:
        return Period.from_key(key).short_label(lang)
    except ValueError:
        return key


def _value(value: TargetValue, lang: str | None) -> str:
    if value is None:
        return t("plan.changes.nothing", lang)
    if isinstance(value, tuple):
        return f"{format_number(value[0], lang)}–{format_number(value[1], lang)}"
    return format_number(value, lang)


def _money(value: int | float | None, lang: str | None) -> str:
    return t("plan.changes.nothing", lang) if value is None else format_compact_rupiah(value, lang)


def _target(field: str, value: TargetValue, lang: str | None) -> str:
    if field == "budget":
        return _money(value if not isinstance(value, tuple) else None, lang)
    if field == "physical" and value is not None and not isinstance(value, tuple):
        return format_percent(value, lang)
    return _value(value, lang)


def _plain(value: Any, lang: str | None) -> str:
    if value is None:
        return t("plan.changes.nothing", lang)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return format_number(value, lang)


def summary_line(changes: PlanChanges, lang: str | None = "id") -> str:
    """One line: "7 target berubah, 2 target dipindah TW III → TW II, 1 kegiatan dihentikan, pagu UGD-02 ..."."""
    if not changes.changed:
        return t("plan.changes.none", lang)
    parts: list[str] = []
    if changes.changed_target_count:
        parts.append(t("plan.changes.sum.targets", lang, n=changes.changed_target_count))
    if changes.moves:
        ways = {(m.source, m.destination) for m in changes.moves}
        if len(ways) == 1:
            source, destination = ways.pop()
            parts.append(
                t(
                    "plan.changes.sum.moves_one_way",
                    lang,
                    n=len(changes.moves),
                    source=period_label(source, lang),
                    destination=period_label(destination, lang),
                )
            )
        else:
            parts.append(t("plan.changes.sum.moves", lang, n=len(changes.moves)))
    added = Counter(a.kind for a in changes.added)
    for kind in ("organization", "program", "activity"):
        if added[kind]:
            parts.append(t(f"plan.changes.sum.added_{kind}", lang, n=added[kind]))
    if changes.renamed:
        parts.append(t("plan.changes.sum.renamed", lang, n=len(changes.renamed)))
    if changes.activity_settings:
        parts.append(t("plan.changes.sum.settings", lang, n=len(changes.activity_settings)))
    if changes.stopped:
        periods = set(changes.stopped_from)
        if len(periods) == 1 and None not in periods:
            parts.append(
                t(
                    "plan.changes.sum.stopped_from",
                    lang,
                    n=len(changes.stopped),
                    period=period_label(str(periods.pop()), lang),
                )
            )
        else:
            parts.append(t("plan.changes.sum.stopped", lang, n=len(changes.stopped)))
    if len(changes.ceilings) > _MAX_CEILINGS_IN_SUMMARY:
        parts.append(t("plan.changes.sum.ceilings", lang, n=len(changes.ceilings)))
    else:
        for c in changes.ceilings:
            parts.append(
                t(
                    "plan.changes.sum.ceiling",
                    lang,
                    activity=c.activity,
                    old=_money(c.old, lang),
                    new=_money(c.new, lang),
                )
            )
    if changes.team:
        parts.append(t("plan.changes.sum.team", lang, n=len(changes.team)))
    return t("plan.changes.sep", lang).join(parts)


def detail_lines(changes: PlanChanges, lang: str | None = "id") -> list[str]:
    """One line per change: team settings, additions, names, settings, ceilings, targets, moves, stopped."""
    lines = [
        t("plan.changes.team", lang, setting=c.setting, old=_plain(c.old, lang), new=_plain(c.new, lang))
        for c in changes.team
    ]
    lines += [t(f"plan.changes.added_{a.kind}", lang, code=a.code, name=a.name) for a in changes.added]
    lines += [t(f"plan.changes.renamed_{r.kind}", lang, code=r.code, old=r.old, new=r.new) for r in changes.renamed]
    lines += [
        t(
            "plan.changes.setting",
            lang,
            setting=t(f"plan.changes.setting.{s.setting}", lang),
            activity=s.activity,
            old=s.old or t("plan.changes.nothing", lang),
            new=s.new or t("plan.changes.nothing", lang),
        )
        for s in changes.activity_settings
    ]
    lines += [
        t("plan.changes.ceiling", lang, activity=c.activity, old=_money(c.old, lang), new=_money(c.new, lang))
        for c in changes.ceilings
    ]
    lines += [
        t(
            f"plan.changes.target_{c.field}",
            lang,
            activity=c.activity,
            period=period_label(c.period, lang),
            old=_target(c.field, c.old, lang),
            new=_target(c.field, c.new, lang),
        )
        for c in changes.targets
    ]
    lines += [
        t(
            f"plan.changes.move_{m.field}",
            lang,
            activity=m.activity,
            amount=_money(m.amount, lang) if m.field == "budget" else format_number(m.amount, lang),
            source=period_label(m.source, lang),
            destination=period_label(m.destination, lang),
        )
        for m in changes.moves
    ]
    stops = zip(changes.stopped, changes.stopped_from or (None,) * len(changes.stopped), strict=True)
    lines += [
        t("plan.changes.stopped_from", lang, code=code, period=period_label(period, lang))
        if period
        else t("plan.changes.stopped", lang, code=code)
        for code, period in stops
    ]
    return lines
