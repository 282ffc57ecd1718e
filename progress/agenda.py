"""The plenary's agenda (/rapat, and the deck's agenda slides): what the meeting should look at, built from the data.

    agenda = await db.run(build_agenda, team_id, period_key, today)   # database only, one transaction
    for html in render_agenda(agenda, "id"): await reply(html)         # Telegram HTML messages, each ≤ 4,096

Sections, in the order the meeting takes them (each may be empty; an empty one says so in one line):

1. ``missing``: organizations that have not reported the period (``storage.aggregates.laggards``), most first;
2. ``lowest``: activities in the lowest ratings (predikat rendah or sangat rendah; merah on a team rating by traffic
   light) among the reports received, lowest first;
3. ``critical_deviation``: activities reported in the period whose physical progress is critically behind the
   plan's S-curve (``domain.rating.is_critical_deviation``), furthest behind first (an activity not reported is
   the first section's);
4. ``decisions_needed``: open obstacles that need a decision (perlu keputusan pimpinan), oldest first;
5. ``overdue_actions``: open actions past their due date, most overdue first (``open_actions``: every open action,
   earliest due first, for the deck's actions slide);
6. ``at_risk``: the early warnings (``domain.projection``): activities projected to miss their target at the year's
   end, most at risk first (lowest projected achievement, ties: the larger budget).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Final

from sqlmodel import Session

from domain.indicators import Kind, Target, TargetRange
from domain.numbers import format_number
from domain.periods import Period, month_name, periods_of_year, periods_up_to
from domain.projection import History, Projection, project, risk_order
from domain.rating import is_critical_deviation
from domain.zones import local_today
from progress.reading import amount, rating_label, rating_of
from progress.views import resolve_period
from storage import aggregates as agg
from storage.agenda import ActivityYear, activity_years, open_actions, open_obstacles
from texts import has, t
from texts.markup import TEXT_LIMIT, utf16_len

LOWEST_KEYS: Final = frozenset({"rendah", "sangat_rendah", "merah"})
RECEIVED: Final = frozenset({"submitted", "verified"})  # ActivityRow.status of a report received
SHOWN: Final = 8  # lines a section shows in the chat; the rest are counted
_KINDS: Final[dict[str, Kind]] = {"per_period": "per_periode", "cumulative": "kumulatif", "level": "tingkat"}


@dataclass(frozen=True)
class MissingOrg:
    code: str
    name: str
    missing: int  # expected reports not received
    expected: int


@dataclass(frozen=True)
class ActivityLine:
    code: str
    name: str
    org_code: str
    org_name: str
    achievement: float | None  # %, uncapped, 2 decimals
    rating: str | None  # predikat key, or the light of a team rating by traffic light (``rating_label``)


@dataclass(frozen=True)
class DeviationLine:
    code: str
    name: str
    org_code: str
    org_name: str
    planned: float  # cumulative planned physical %
    actual: float  # physical % reported to date
    gap: float  # actual − planned, points (negative: behind)


@dataclass(frozen=True)
class ObstacleLine:
    id: int
    activity_code: str
    activity_name: str
    org_code: str
    org_name: str
    category: str  # domain.obstacles' key (``category_label``)
    text: str
    opened_period_key: str
    age_days: int


@dataclass(frozen=True)
class ActionLine:
    id: int
    topic: str
    decision: str
    org_code: str
    org_name: str
    due_date: date
    days_overdue: int  # > 0: past its due date; 0 or less: not yet


@dataclass(frozen=True)
class RiskLine:
    code: str
    name: str
    org_code: str
    org_name: str
    unit: str
    period_kind: str  # quarter | month (the pace is said per period)
    budget_ceiling: int | None
    projection: Projection

    @property
    def projected_pct(self) -> float | None:
        """The projected achievement at the year's end, % (capped at the team's cap)."""
        return None if self.projection.pct is None else float(self.projection.pct)

    @property
    def rating(self) -> str | None:
        return self.projection.rating

    def sentence(self, lang: str = "id") -> str:
        """ "Dengan laju ini UGD-01 berakhir ±64% (Rendah); perlu +35 UMKM per bulan untuk mencapai target."
        (plain text: escape it for HTML)."""
        return risk_sentence(self, lang)


@dataclass(frozen=True)
class Agenda:
    team_code: str
    team_name: str
    period_key: str
    period_label: str  # as the bot shows periods (Indonesian: "Triwulan I 2026")
    today: date
    missing: list[MissingOrg]
    lowest: list[ActivityLine]
    critical_deviation: list[DeviationLine]
    decisions_needed: list[ObstacleLine]
    overdue_actions: list[ActionLine]
    open_actions: list[ActionLine]
    at_risk: list[RiskLine]
    lights: bool = False  # the team rates by traffic light


# --- building ----------------------------------------------------------------------------------------------------


def load_agenda(session: Session, team_id: int, text: str | None, now: datetime) -> Agenda:
    """/rapat [periode]: the period typed (read as /rekap reads it; none: the period the screens land on) and the
    team's local date at ``now``; raises ``progress.views.ProgressArgumentError`` for a text that is no period."""
    team = agg.team_info(session, team_id)
    period = resolve_period(team, text, now)
    return build_agenda(session, team_id, period.key, local_today(team.timezone, now))


def build_agenda(session: Session, team_id: int, period_key: str, today: date) -> Agenda:
    """Read the agenda of ``team_id`` for ``period_key`` as of ``today`` (the team's local date)."""
    team = agg.team_info(session, team_id)
    period = Period.from_key(period_key)
    missing = [
        MissingOrg(lg.code, lg.name, lg.missing, lg.expected) for lg in agg.laggards(session, team_id, period_key)
    ]
    lowest: list[ActivityLine] = []
    deviations: list[DeviationLine] = []
    for row in agg.activity_rows(session, team_id, period_key):
        if row.status not in RECEIVED:  # a report not in is the first section's
            continue
        key = rating_of(row.predikat, row.light, team.lights)
        if row.achievement is not None and key in LOWEST_KEYS:
            lowest.append(
                ActivityLine(
                    row.activity_code,
                    row.activity_name,
                    row.organization_code,
                    row.organization_name,
                    row.achievement,
                    key,
                )
            )
        planned, actual = row.physical_planned, row.physical_actual
        if planned is not None and is_critical_deviation(Decimal(repr(planned)), Decimal(repr(actual or 0.0))):
            deviations.append(
                DeviationLine(
                    row.activity_code,
                    row.activity_name,
                    row.organization_code,
                    row.organization_name,
                    planned,
                    actual or 0.0,
                    round((actual or 0.0) - planned, 2),
                )
            )
    lowest.sort(key=lambda a: (a.achievement or 0.0, a.code))
    deviations.sort(key=lambda d: (d.gap, d.code))
    decisions = [
        ObstacleLine(
            ob.id,
            ob.activity_code,
            ob.activity_name,
            ob.organization_code,
            ob.organization_name,
            ob.category,
            ob.description,
            ob.opened_period_key,
            max(0, (today - ob.opened_at.date()).days),
        )
        for ob in open_obstacles(session, team_id, needs_decision=True)
    ]
    actions = [
        ActionLine(
            a.id, a.topic, a.decision, a.organization_code, a.organization_name, a.due_date, (today - a.due_date).days
        )
        for a in open_actions(session, team_id)
    ]
    overdue = sorted((a for a in actions if a.days_overdue > 0), key=lambda a: (-a.days_overdue, a.id))
    return Agenda(
        team_code=team.code,
        team_name=team.name,
        period_key=period_key,
        period_label=period.label("id"),
        today=today,
        missing=missing,
        lowest=lowest,
        critical_deviation=deviations,
        decisions_needed=decisions,
        overdue_actions=overdue,
        open_actions=actions,
        at_risk=at_risk(session, team, period_key),
        lights=team.lights,
    )


def _target(value: float, low: float | None, high: float | None) -> Target:
    if low is not None and high is not None:
        return TargetRange(Decimal(repr(low)), Decimal(repr(high)))
    return Decimal(repr(value))


def history_of(year: ActivityYear, period: Period) -> History:
    """An activity's year up to ``period`` as ``domain.projection`` reads it."""
    elapsed = periods_up_to(period)
    values: list[Decimal | None] = []
    spent: int | None = None
    physical: Decimal | None = None
    for p in elapsed:
        report = year.reports.get(p.key)
        values.append(None if report is None else Decimal(repr(report[0])))
        if report is not None:
            spent = report[1] if report[1] is not None else spent
            physical = Decimal(repr(report[2])) if report[2] is not None else physical
    all_periods = periods_of_year(period.year, period.kind)
    targets = [_target(*year.targets[p.key]) if p.key in year.targets else None for p in all_periods]
    return History(
        direction="turun" if year.direction == "turun" else "naik",
        kind=_KINDS.get(year.measure, "per_periode"),
        periods=len(all_periods),
        values=values,
        targets=targets,
        budget_ceiling=year.budget_ceiling,
        spent=spent,
        physical=physical,
    )


def at_risk(session: Session, team: agg.TeamInfo, period_key: str) -> list[RiskLine]:
    """The activities projected to miss their target at the year's end, most at risk first (``domain.projection``)."""
    period = Period.from_key(period_key)
    cap = None if team.achievement_cap is None else Decimal(repr(team.achievement_cap))
    lines = []
    for year in activity_years(session, team.id, period_key, period.year):
        projection = project(
            history_of(year, period),
            cap=cap,
            thresholds=team.thresholds,
            lights=team.lights,
            yellow_limit=team.yellow_limit,
        )
        if projection.at_risk and projection.pct is not None:
            lines.append(
                RiskLine(
                    year.code,
                    year.name,
                    year.organization_code,
                    year.organization_name,
                    year.unit,
                    period.kind,
                    year.budget_ceiling,
                    projection,
                )
            )
    lines.sort(key=lambda r: risk_order(r.projection.pct or Decimal(0), r.budget_ceiling, r.code))
    return lines


# --- rendering ---------------------------------------------------------------------------------------------------


def _num(value: float | Decimal, lang: str, decimals: int = 1) -> str:
    return format_number(value, lang, max_decimals=decimals)


def risk_sentence(line: RiskLine, lang: str = "id") -> str:
    """The early warning of one activity in one sentence (plain text)."""
    p = line.projection
    head = t(
        "agenda.risk.head",
        lang,
        code=line.code,
        pct=_num(p.pct or 0, lang, 0),
        rating=rating_label(p.rating, lang) if p.rating else "–",
    )
    if p.needed is None:
        return head + "."
    per = t(f"agenda.per.{line.period_kind}", lang)
    size = amount(float(p.needed.amount), line.unit, lang)
    return head + t(f"agenda.risk.{p.needed.kind}", lang, amount=size, per=per)


def category_label(key: str, lang: str = "id") -> str:
    """An obstacle category's name as the obstacles' flow shows it (its key if the catalogue has none)."""
    for candidate in (f"obstacles.category.{key}", f"obstacles.cat.{key}"):
        if has(candidate):
            return t(candidate, lang)
    return key


def _section(head: str, lines: Sequence[str], empty: str, lang: str) -> list[str]:
    if not lines:
        return [head, empty]
    shown = list(lines[:SHOWN])
    if len(lines) > SHOWN:
        shown.append(t("agenda.more", lang, n=len(lines) - SHOWN))
    return [head, *shown]


def _esc(value: object) -> str:
    return html.escape(str(value), quote=False)


def render_agenda(agenda: Agenda, lang: str = "id") -> list[str]:
    """The agenda as Telegram HTML messages (each within ``TEXT_LIMIT``), every value escaped."""
    period = Period.from_key(agenda.period_key)
    blocks: list[list[str]] = [
        [
            t(
                "agenda.title",
                lang,
                team=_esc(agenda.team_name),
                period=_esc(period.label(lang)),
                date=_esc(_date(agenda.today, lang)),
            )
        ]
    ]
    blocks.append(
        _section(
            t("agenda.missing.head", lang, n=len(agenda.missing)),
            [
                t("agenda.missing.line", lang, name=_esc(m.name), code=_esc(m.code), n=m.missing, of=m.expected)
                for m in agenda.missing
            ],
            t("agenda.missing.none", lang),
            lang,
        )
    )
    blocks.append(
        _section(
            t("agenda.lowest.head", lang, n=len(agenda.lowest)),
            [
                t(
                    "agenda.lowest.line",
                    lang,
                    code=_esc(a.code),
                    name=_esc(a.name),
                    org=_esc(a.org_code),
                    pct=_num(a.achievement or 0, lang, 2),
                    rating=_esc(rating_label(a.rating, lang)) if a.rating else "–",
                )
                for a in agenda.lowest
            ],
            t("agenda.lowest.none", lang),
            lang,
        )
    )
    blocks.append(
        _section(
            t("agenda.deviation.head", lang, n=len(agenda.critical_deviation)),
            [
                t(
                    "agenda.deviation.line",
                    lang,
                    code=_esc(d.code),
                    name=_esc(d.name),
                    org=_esc(d.org_code),
                    actual=_num(d.actual, lang),
                    planned=_num(d.planned, lang),
                    gap=_num(d.gap, lang),
                )
                for d in agenda.critical_deviation
            ],
            t("agenda.deviation.none", lang),
            lang,
        )
    )
    blocks.append(
        _section(
            t("agenda.decisions.head", lang, n=len(agenda.decisions_needed)),
            [
                t(
                    "agenda.decisions.line",
                    lang,
                    id=o.id,
                    code=_esc(o.activity_code),
                    org=_esc(o.org_code),
                    category=_esc(category_label(o.category, lang)),
                    text=_esc(_short(o.text)),
                    period=_esc(_period_short(o.opened_period_key, lang)),
                    days=o.age_days,
                )
                for o in agenda.decisions_needed
            ],
            t("agenda.decisions.none", lang),
            lang,
        )
    )
    blocks.append(
        _section(
            t("agenda.overdue.head", lang, n=len(agenda.overdue_actions)),
            [
                t(
                    "agenda.overdue.line",
                    lang,
                    id=a.id,
                    topic=_esc(_short(a.topic, 80)),
                    decision=_esc(_short(a.decision)),
                    org=_esc(a.org_code),
                    due=_esc(_date(a.due_date, lang)),
                    days=a.days_overdue,
                )
                for a in agenda.overdue_actions
            ],
            t("agenda.overdue.none", lang),
            lang,
        )
    )
    blocks.append(
        _section(
            t("agenda.risk.section", lang, n=len(agenda.at_risk)),
            [t("agenda.risk.line", lang, text=_esc(r.sentence(lang)) + _year_end(r, lang)) for r in agenda.at_risk],
            t("agenda.risk.none", lang),
            lang,
        )
    )
    return _messages(blocks)


def _year_end(line: RiskLine, lang: str) -> str:
    """ " Anggaran ±50%, fisik ±60% di akhir tahun." (the projected absorption and physical %, those known)."""
    p = line.projection
    parts = []
    if p.budget_pct is not None:
        parts.append(t("agenda.risk.budget", lang, pct=_num(p.budget_pct, lang, 0)))
    if p.physical_pct is not None:
        parts.append(t("agenda.risk.physical", lang, pct=_num(p.physical_pct, lang, 0)))
    return " " + t("agenda.risk.year_end", lang, parts=", ".join(parts)) if parts else ""


def _short(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _period_short(key: str, lang: str) -> str:
    try:
        return Period.from_key(key).short_label(lang)
    except ValueError:
        return key


def _date(d: date, lang: str) -> str:
    return f"{d.day} {month_name(d.month, lang)} {d.year}"


def _messages(blocks: Sequence[Sequence[str]]) -> list[str]:
    """Blocks joined by a blank line, over as few messages as fit ``TEXT_LIMIT`` (a block is never split unless it
    alone is too long, then by lines)."""
    out: list[str] = []
    current = ""
    for block in blocks:
        text = "\n".join(block)
        candidate = text if not current else current + "\n\n" + text
        if utf16_len(candidate) <= TEXT_LIMIT:
            current = candidate
            continue
        if current:
            out.append(current)
        current = ""
        for line in block:
            candidate = line if not current else current + "\n" + line
            if utf16_len(candidate) > TEXT_LIMIT and current:
                out.append(current)
                candidate = line
            current = candidate
    if current:
        out.append(current)
    return out
