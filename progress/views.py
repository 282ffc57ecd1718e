"""The texts, charts and files of /progres, /rekap, /belum, /kurva and /ekspor, as plain functions for thin handlers.

Each command is two steps, so that nothing slow runs on the event loop:

- ``load_*(session, team_id, text, now)``: database only (call it through ``Database.run``); reads the command's
  argument forgivingly and raises :class:`ProgressArgumentError` (:func:`error_text` lists the valid choices);
- ``render_*`` / ``*_messages(view, lang)``: pure; charts and the XLSX are CPU work: ``asyncio.to_thread``.

    view = await db.run(load_rekap, team_id, text, now)      # ProgressArgumentError → reply error_text(err, lang)
    for html in rekap_messages(view, lang): await reply(html, parse_mode="HTML")
    view = await db.run(load_progres, team_id, text, now)
    msg = await asyncio.to_thread(render_progres, view, lang)   # OutgoingMessage: photo + caption

Every text is HTML with every value escaped; messages stay within Telegram's limits (``TEXT_LIMIT`` per message,
``CAPTION_LIMIT`` per caption). The **default period** (no argument) is the period every screen lands on,
``domain.periods.landing_period`` at today in the team's time zone: the latest period that has ended and is still
open for entry (its reports are the ones being collected: during April a quarterly team's is Triwulan I), else the
current one (on 2 December, with Triwulan III locked, Triwulan IV). /lapor marks its list against the same period.
/ekspor without a period is the whole year (every period with targets), as ``pantau export`` without ``--period``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from sqlalchemy import select, union
from sqlmodel import Session

from domain.calendar import deadline as period_deadline
from domain.numbers import format_compact_rupiah, format_number, format_percent
from domain.periods import Period, PeriodParseError, landing_period, month_name, parse_period
from domain.zones import local_today, team_zone
from progress import charts
from progress.reading import amount, rating_label, rating_of, reading_marks, stopped_text, target_text
from progress.xlsx import RecapData, build_recap, recap_filename, render_recap_xlsx
from storage import aggregates as agg
from storage.actions import ActionView, team_actions
from storage.models import Activity, Organization, Program, TeamOrganization
from texts import t
from texts.markup import CAPTION_LIMIT, TEXT_LIMIT, shorten, utf16_len, visible
from texts.outgoing import OutgoingMessage
from texts.render import Localised, Text, render, render_error

BELUM_ACTIVITIES_SHOWN = 5
OUTCOMES_SHOWN = 15  # /rekap's indicators read otherwise (levels, ranges, turun), lowest achievement first
LOWEST_SHOWN = 3
NAME_WIDTH = 14


# --- errors ----------------------------------------------------------------------------------------------------


class ProgressArgumentError(ValueError):
    """The command's argument matched nothing (or too much); the catalogue text ``key`` with ``values`` is the
    reply, with the choices (:func:`error_text`)."""

    key: str
    values: Mapping[str, object]


class ScopeError(ProgressArgumentError):
    """No program or organization (or several) matches what was typed."""

    def __init__(
        self,
        text: str,
        programs: Sequence[tuple[str, str]],
        organizations: Sequence[tuple[str, str]],
        *,
        ambiguous: bool = False,
    ) -> None:
        super().__init__(f"no single scope matches {text!r}")
        self.text = text
        self.programs = list(programs)
        self.organizations = list(organizations)
        self.ambiguous = ambiguous
        # the programs and organizations to choose from (codes and names, escaped), a line each
        lines = []
        if self.programs:
            items = ", ".join(f"{html.escape(c)} ({html.escape(n)})" for c, n in self.programs)
            lines.append(Text("progress.scope_choice_program", {"items": items}))
        if self.organizations:
            items = ", ".join(html.escape(c) for c, _ in self.organizations)
            lines.append(Text("progress.scope_choice_org", {"items": items}))
        self.key = "progress.scope_ambiguous" if ambiguous else "progress.scope_unknown"
        self.values = {
            "choices": Localised.of(
                lambda lang: (
                    "\n".join(render(line.key, line.values, lang) for line in lines)
                    or t("progress.scope_no_choices", lang)
                )
            )
        }


class PeriodError(ProgressArgumentError):
    """What was typed is not a period of the team; wraps ``domain.periods.PeriodParseError``."""

    def __init__(self, error: PeriodParseError) -> None:
        super().__init__(str(error))
        self.error = error
        self.key = error.key
        self.values = error.values


def error_text(error: ProgressArgumentError, lang: str | None) -> str:
    """The reply to ``error`` in ``lang``, within one message."""
    return _fit(render_error(error, lang), TEXT_LIMIT)


# --- argument matching -----------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching: "Dinas Koperasi & UKM" → "dinas koperasi ukm"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


@dataclass(frozen=True)
class _Candidate:
    kind: Literal["program", "organization"]
    id: int
    code: str
    name: str


def _candidates(session: Session, team_id: int) -> list[_Candidate]:
    conn = session.connection()
    prog = Program.__table__  # type: ignore[attr-defined]
    act = Activity.__table__  # type: ignore[attr-defined]
    org = Organization.__table__  # type: ignore[attr-defined]
    tor = TeamOrganization.__table__  # type: ignore[attr-defined]
    out = [
        _Candidate("program", int(i), str(c), str(n))
        for i, c, n in conn.execute(
            select(prog.c.id, prog.c.code, prog.c.name)
            .where(prog.c.team_id == team_id)
            .order_by(prog.c.position, prog.c.code)
        )
    ]
    org_ids = union(
        select(act.c.organization_id.label("id"))
        .select_from(act.join(prog, prog.c.id == act.c.program_id))
        .where(prog.c.team_id == team_id),
        select(tor.c.organization_id.label("id")).where(tor.c.team_id == team_id),
    ).subquery()
    out += [
        _Candidate("organization", int(i), str(c), str(n))
        for i, c, n in conn.execute(
            select(org.c.id, org.c.code, org.c.name).where(org.c.id.in_(select(org_ids.c.id))).order_by(org.c.code)
        )
    ]
    return out


def _match(typed: str, candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """Exact code, exact name, code or name prefix, then a substring of the name: the first rule that matches."""
    q = fold(typed)
    if not q:
        return []
    folded = [(c, fold(c.code), fold(c.name)) for c in candidates]
    rules = (
        lambda code, name: code == q,
        lambda code, name: name == q,
        lambda code, name: code.startswith(q) or name.startswith(q),
        lambda code, name: q in name or q in code,
        lambda code, name: all(word in name.split() or word in code for word in q.split()),
    )
    for rule in rules:
        found = [c for c, code, name in folded if rule(code, name)]
        if found:
            return found
    return []


def resolve_scope(session: Session, team_id: int, text: str | None) -> agg.Scope:
    """The program or organization the text names (code or name; any case and accents; a prefix or a unique
    substring); blank: the whole team. Raises :class:`ScopeError` with the valid choices."""
    if not text or not text.strip():
        return agg.TEAM_SCOPE
    candidates = _candidates(session, team_id)
    found = _match(text, candidates)
    if len(found) == 1:
        c = found[0]
        return agg.Scope(c.kind, c.id, c.code, c.name)
    shown = found if found else candidates
    raise ScopeError(
        text,
        [(c.code, c.name) for c in shown if c.kind == "program"],
        [(c.code, c.name) for c in shown if c.kind == "organization"],
        ambiguous=bool(found),
    )


def default_period(team: agg.TeamInfo, now: datetime) -> Period:
    """The period the commands land on without one typed: ``domain.periods.landing_period`` at today in the team's
    zone (the latest ended period still open for entry, else the current one, within the plan year)."""
    return landing_period(
        local_today(team.timezone, now), team.period_kind, team.year, team.deadline_working_days, team.lock_days
    )


def resolve_period(team: agg.TeamInfo, text: str | None, now: datetime | None = None) -> Period:
    """The period typed ("TW1", "triwulan 1", "maret", "2026-Q1"…) among the team's year; blank: the default
    period (needs ``now``). Raises :class:`PeriodError` listing the periods of the year."""
    if not text or not text.strip():
        if now is None:
            raise ValueError("resolve_period needs now for the default period")
        return default_period(team, now)
    try:
        return parse_period(text, team.period_kind, team.year, team.periods)
    except PeriodParseError as exc:
        raise PeriodError(exc) from None


def _scope_and_period(
    session: Session, team: agg.TeamInfo, text: str | None, now: datetime
) -> tuple[agg.Scope, Period]:
    """Read "[scope] [period]" in either order: "DISKOP", "TW2", "IV", "UMKM Go Digital triwulan 2", "maret diskop".

    A program's or organization's exact code or name wins; then a text that is a period as a whole ("IV" is
    Triwulan IV, not a program whose name holds "iv"); then a scope matched forgivingly."""
    if not text or not text.strip():
        return agg.TEAM_SCOPE, default_period(team, now)
    scope: agg.Scope | None = None
    first_error: ProgressArgumentError | None = None
    try:
        scope = resolve_scope(session, team.id, text)
    except ScopeError as scope_error:
        first_error = scope_error
    if scope is not None and fold(text) in (fold(scope.code), fold(scope.name)):
        return scope, default_period(team, now)
    try:
        return agg.TEAM_SCOPE, resolve_period(team, text)
    except PeriodError:
        pass
    if scope is not None:
        return scope, default_period(team, now)
    assert first_error is not None
    words = text.split()
    for cut in range(1, len(words)):
        for scope_words, period_words in ((words[:cut], words[cut:]), (words[cut:], words[:cut])):
            try:
                period = resolve_period(team, " ".join(period_words))
                return resolve_scope(session, team.id, " ".join(scope_words)), period
            except ProgressArgumentError:
                continue
    raise first_error


# --- shared formatting -----------------------------------------------------------------------------------------


def _fit(text: str, limit: int) -> str:
    """Cut a text to ``limit`` at a line break (never inside an HTML tag we wrote line by line). Measured as
    Telegram does, in UTF-16 units (an emoji counts twice), on the HTML itself, which is never shorter than what
    Telegram counts after parsing it."""
    if utf16_len(text) <= limit:
        return text
    lines = text.split("\n")
    while len(lines) > 1 and utf16_len("\n".join(lines)) + 2 > limit:
        lines.pop()
    cut = "\n".join(lines)
    if utf16_len(cut) + 2 > limit:  # one line longer than the limit: its visible text, shortened, escaped again
        return html.escape(shorten(visible(cut), limit), quote=False)  # Telegram counts it after parsing
    return cut + "\n…"


def _pct(value: float | None, lang: str, decimals: int = 1) -> str:
    return format_percent(value, lang, decimals) if value is not None else "–"


def _ach(value: float | None, lang: str) -> str:
    """Achievement with 2 decimals: the value its predikat was decided on (``domain.rating``)."""
    return _pct(value, lang, 2)


def _scope_name(scope: agg.Scope, lang: str) -> str:
    return scope.name if scope.kind != "team" else t("progress.whole_team", lang)


def _status_lines(total: agg.Progress, lang: str, lights: bool = False) -> list[str]:
    """Completeness, timeliness and achievement of a group, one line each (HTML-safe: numbers only); the rating
    on the team's scale (``lights``: traffic light, else predikat)."""
    if not total.expected:
        lines = [t("progress.no_expected", lang)]
    else:
        lines = [
            t(
                "progress.completeness",
                lang,
                received=total.received,
                expected=total.expected,
                pct=_pct(total.completeness, lang),
            )
            + " · "
            + t(
                "progress.timeliness",
                lang,
                on_time=total.on_time,
                expected=total.expected,
                pct=_pct(total.timeliness, lang),
            )
        ]
    key = rating_of(total.predikat, total.light, lights)
    if total.achievement is not None and key:
        lines.append(
            t("progress.achievement", lang, pct=_ach(total.achievement, lang), predikat=rating_label(key, lang))
        )
    else:
        lines.append(t("progress.achievement_none", lang))
    return lines


def _physical_budget_lines(total: agg.Progress, lang: str) -> list[str]:
    lines = []
    if total.physical_planned is not None and total.physical_actual is not None:
        dev = total.physical_actual - total.physical_planned
        lines.append(
            t(
                "progress.physical",
                lang,
                actual=_pct(total.physical_actual, lang),
                planned=_pct(total.physical_planned, lang),
                dev=format_number(dev, lang, max_decimals=1),
            )
        )
    if total.budget_ceiling:
        lines.append(
            t(
                "progress.budget",
                lang,
                spent=format_compact_rupiah(total.budget_spent, lang),
                ceiling=format_compact_rupiah(total.budget_ceiling, lang),
                pct=_pct(total.budget_pct, lang),
            )
        )
    return lines


def _paginate(first_head: str, sections: Sequence[tuple[str, Sequence[str], bool]], lang: str) -> list[str]:
    """Lay out sections ``(heading, lines, pre)`` over messages of at most ``TEXT_LIMIT`` characters; a ``<pre>``
    table is closed at the end of a message and reopened (with its first line, the header) on the next. Sizes are
    UTF-16 units of the HTML (Telegram counts an emoji twice)."""
    reserve = 60  # room for "(lanjutan n/m)"
    limit = TEXT_LIMIT - reserve
    messages: list[list[str]] = [[first_head]]
    size = utf16_len(first_head)

    def room(extra: int) -> bool:
        return size + extra <= limit

    for heading, lines, pre in sections:
        header_line = lines[0] if pre and lines else None
        opening = heading + ("\n<pre>" if pre else "\n")
        if not room(utf16_len(opening) + 1 + (utf16_len(lines[0]) + 7 if lines else 0)):
            messages.append([])
            size = 0
        # a section without a heading after lines of text: one blank line between them, not two
        follows_text = bool(messages[-1]) and messages[-1][-1].endswith("\n")
        joint = "" if not heading and not pre and follows_text else "\n"
        messages[-1].append(joint + opening)
        size += utf16_len(joint + opening)
        for line in lines:
            closing = 7 if pre else 0  # "</pre>"
            if not room(utf16_len(line) + 1 + closing):
                if pre:
                    messages[-1].append("</pre>")
                messages.append([])
                size = 0
                if pre:
                    reopened = "<pre>" + (header_line + "\n" if header_line and line is not header_line else "")
                    messages[-1].append(reopened)
                    size += utf16_len(reopened)
            messages[-1].append(line + "\n")
            size += utf16_len(line) + 1
        if pre:
            messages[-1].append("</pre>")
            size += 6
    out = ["".join(parts).strip() for parts in messages if "".join(parts).strip()]
    if len(out) > 1:
        out = [
            (msg if n == 1 else t("progress.continued", lang, n=n, total=len(out)) + "\n" + msg)
            for n, msg in enumerate(out, start=1)
        ]
    return out


# --- /progres --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgresView:
    """Achievement of the team, a program (bars per organization) or an organization (bars per program)."""

    summary: agg.PeriodSummary
    by: Literal["organization", "program"]

    @property
    def items(self) -> list[agg.Progress]:
        return self.summary.by_program if self.by == "program" else self.summary.by_organization


def load_progres(session: Session, team_id: int, text: str | None, now: datetime) -> ProgresView:
    """``/progres [program|org] [period]``: the period summary of the scope, with budget."""
    team = agg.team_info(session, team_id)
    scope, period = _scope_and_period(session, team, text, now)
    summary = agg.period_summary(session, team_id, period.key, scope)
    return ProgresView(summary, "program" if scope.kind == "organization" else "organization")


def progres_caption(view: ProgresView, lang: str = "id") -> str:
    """The caption of the /progres chart (≤ 1,024 characters)."""
    s = view.summary
    lines = [
        t(
            "progress.progres_title",
            lang,
            scope=html.escape(_scope_name(s.scope, lang)),
            period=html.escape(s.period.label(lang)),
        ),
        *_status_lines(s.total, lang, s.team.lights),
        *_physical_budget_lines(s.total, lang),
    ]
    rated = [g for g in view.items if g.achievement is not None]
    rated.sort(key=lambda g: (g.achievement or 0.0, g.code))
    if len(rated) > 1:
        lowest = ", ".join(f"{html.escape(g.code)} {_ach(g.achievement, lang)}" for g in rated[:LOWEST_SHOWN])
        lines.append(t("progress.lowest", lang, items=lowest))
    if len(rated) > charts.MAX_ROWS:
        lines.append(t("progress.progres_pages", lang, shown=charts.MAX_ROWS, total=len(rated)))
    return _fit("\n".join(lines), CAPTION_LIMIT)


def render_progres(view: ProgresView, lang: str = "id") -> OutgoingMessage:
    """The /progres reply: the achievement chart and its caption (CPU: call in a thread)."""
    png = charts.render_progress(charts.progress_chart_data(view.summary, view.by), lang)
    return OutgoingMessage(text=progres_caption(view, lang), photo=png)


# --- /rekap ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RekapView:
    summary: agg.PeriodSummary
    outcomes: list[agg.ActivityRow] = field(default_factory=list)  # the indicators read otherwise, of the period
    murni: agg.PeriodMurni | None = None  # where the period's targets in force differ from the plan murni
    overdue_actions: list[ActionView] = field(default_factory=list)  # the plenary's actions past due (issue 16)
    today: date | None = None  # the team's day the overdue days are counted on


def load_rekap(session: Session, team_id: int, text: str | None, now: datetime) -> RekapView:
    """``/rekap [period]``: the team's period summary; its head shows the budget absorbed to date, as /progres does;
    the indicators read otherwise (levels, ranges, turun) are listed with their targets."""
    team = agg.team_info(session, team_id)
    period = resolve_period(team, text, now)
    return RekapView(
        agg.period_summary(session, team_id, period.key, with_budget=True),
        agg.activity_rows(session, team_id, period.key, read_otherwise=True),
        agg.period_murni(session, team_id, period.key, differences_only=True),
        *_overdue_actions(session, team, now),
    )


def _overdue_actions(session: Session, team: agg.TeamInfo, now: datetime) -> tuple[list[ActionView], date]:
    today = now.astimezone(team_zone(team.timezone)).date()
    return [a for a in team_actions(session, team.id, status="open") if a.overdue_days(today)], today


def _cell(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(groups: Iterable[agg.Progress], lang: str, name_key: str, lights: bool = False) -> list[str]:
    """Fixed-width rows: code, received/expected, late, achievement, rating (about 32 characters); a group with an
    indicator where lower is better has "↓" after its code."""
    width = NAME_WIDTH
    header = t("progress.rekap_header", lang, name=t(name_key, lang).ljust(width))
    rows = [html.escape(header)]
    for g in groups:
        key = rating_of(g.predikat, g.light, lights)
        abbr = t(f"progress.abbr.{key}", lang) if key else "–"
        ach = _ach(g.achievement, lang)
        name = _cell(g.code, width - 1) + "↓" if g.turun else _cell(g.code, width)
        rows.append(html.escape(f"{name.ljust(width)} {f'{g.received}/{g.expected}':>5} {g.late:>5} {ach:>7} {abbr}"))
    return rows


def _outcome_lines(
    rows: Sequence[agg.ActivityRow], lang: str, lights: bool = False, murni: agg.PeriodMurni | None = None
) -> list[str]:
    """The indicators read otherwise, lowest achievement first: value against target (a range as 80–90%), the
    result (achievement and rating, met / not met for a zero target), a level's and a falling indicator's marks."""
    shown = sorted(
        (r for r in rows if r.status != "exempt"),
        key=lambda r: (r.achievement is None, r.achievement if r.achievement is not None else 0.0, r.activity_code),
    )
    lines = []
    for row in shown[:OUTCOMES_SHOWN]:
        # a level or a running total carries its latest value over a period not reported; a count does not
        if row.realised is None or (row.measure == "per_period" and row.status in ("missing", "returned")):
            realised = t("progress.not_reported", lang)
        else:
            realised = amount(row.realised, row.unit, lang)
        if row.achievement is not None:
            key = rating_of(row.predikat, row.light, lights)
            result = _ach(row.achievement, lang) + (f" ({rating_label(key, lang)})" if key else "")
        elif row.met is not None:
            result = t("progress.met" if row.met else "progress.not_met", lang)
        else:
            result = "–"
        marks = reading_marks(row.measure, row.direction, lang)
        target = target_text(row.target, row.target_min, row.target_max, row.unit, lang)
        if murni is not None and (row.program_code, row.activity_code) in _changed_keys(murni):
            target += murni_note(murni.murni.get((row.program_code, row.activity_code)), row.unit, lang)
        line = t(
            "progress.outcome_line",
            lang,
            code=html.escape(row.activity_code),
            indicator=html.escape(_cell(row.indicator or row.activity_name, 60)),
            realised=html.escape(realised),
            target=html.escape(target),
            result=html.escape(result),
        )
        lines.append(line + (" · " + html.escape(" · ".join(marks)) if marks else ""))
    if len(shown) > OUTCOMES_SHOWN:
        lines.append(t("progress.outcome_more", lang, n=len(shown) - OUTCOMES_SHOWN))
    return lines


CHANGED_SHOWN = 15  # /rekap's targets that differ from the plan murni


def _changed_keys(murni: agg.PeriodMurni) -> set[tuple[str, str]]:
    return {(d.program_code, d.activity_code) for d in murni.differences}


def murni_note(murni: agg.TargetValue | None, unit: str, lang: str) -> str:
    """`` (murni 60 UMKM)`` after a target in force that differs from the plan murni's; `` (tidak ada di rencana
    murni)`` when the plan murni had none. Plain text."""
    if murni is None:
        return t("progress.murni_none_note", lang)
    return t("progress.murni_note", lang, murni=target_text(murni.value, murni.value_min, murni.value_max, unit, lang))


def changed_target_text(diff: agg.TargetDifference, period: Period, lang: str) -> str:
    """What one activity's target is in the period against the plan murni: ``target 40 UMKM (murni 60 UMKM)``,
    ``dihentikan mulai Triwulan III 2022 (murni 60 UMKM)``, ``tanpa target (murni 60 UMKM)`` (moved to another
    period). Plain text."""
    note = murni_note(diff.murni, diff.unit, lang)
    if diff.in_force is not None:
        value = diff.in_force
        return (
            t(
                "progress.target_word",
                lang,
                target=target_text(value.value, value.value_min, value.value_max, diff.unit, lang),
            )
            + note
        )
    if diff.stopped_from is not None and diff.stopped_from <= period.key:
        return stopped_text(diff.stopped_from, lang) + note
    return t("progress.no_target_now", lang) + note


def _changed_lines(murni: agg.PeriodMurni | None, period: Period, lang: str) -> list[str]:
    """The activities whose target in the period is not the plan murni's, in plan order."""
    if murni is None:
        return []
    shown = [d for d in murni.differences if d.in_force != d.murni]
    lines = [
        t(
            "progress.changed_line",
            lang,
            code=html.escape(d.activity_code),
            name=html.escape(_cell(d.indicator or d.activity_name, 60)),
            what=html.escape(changed_target_text(d, period, lang)),
        )
        for d in shown[:CHANGED_SHOWN]
    ]
    if len(shown) > CHANGED_SHOWN:
        lines.append(t("progress.changed_more", lang, n=len(shown) - CHANGED_SHOWN))
    return lines


def rekap_messages(view: RekapView, lang: str = "id") -> list[str]:
    """The /rekap reply: totals, then per-organization and per-program tables, as HTML messages of at most 4,096
    characters (tables in ``<pre>``, continued over several messages when long)."""
    s = view.summary
    head_lines = [
        t("progress.rekap_title", lang, team=html.escape(s.team.name), period=html.escape(s.period.label(lang))),
        *_status_lines(s.total, lang, s.team.lights),
        *_physical_budget_lines(s.total, lang),
    ]
    if s.exempt:
        head_lines.append(t("progress.exempt", lang, items=", ".join(html.escape(c) for c, _ in s.exempt)))
    if not s.total.expected and not s.by_organization:
        head_lines.append(t("progress.rekap_empty", lang))
        return [_fit("\n".join(head_lines), TEXT_LIMIT)]
    orgs = [g for g in s.by_organization if g.expected]
    orgs.sort(key=lambda g: (g.achievement is None, g.achievement or 0.0, g.code))
    progs = [g for g in s.by_program if g.expected]
    lights = s.team.lights
    legend = [
        t("progress.rekap_legend_lampu", lang, limit=format_number(s.team.yellow_limit, lang))
        if lights
        else t("progress.rekap_legend", lang)
    ]
    if any(g.turun for g in (*orgs, *progs)):
        legend.append(t("progress.rekap_turun_legend", lang))
    sections = [
        (t("progress.rekap_by_org", lang), _table(orgs, lang, "progress.rekap_name_org", lights), True),
        (t("progress.rekap_by_program", lang), _table(progs, lang, "progress.rekap_name_program", lights), True),
    ]
    outcomes = _outcome_lines(view.outcomes, lang, lights, view.murni)
    if outcomes:
        sections.append((t("progress.rekap_outcomes", lang), outcomes, False))
    changed = _changed_lines(view.murni, s.period, lang)
    if changed:
        sections.append((t("progress.rekap_changed", lang), changed, False))
    if view.overdue_actions and view.today is not None:
        today = view.today
        items = [
            t(
                "actions.rekap.item",
                lang,
                id=a.id,
                org=html.escape(a.organization_code),
                decision=html.escape(a.decision if len(a.decision) <= 200 else a.decision[:199] + "…"),
                due=a.due_date.strftime("%d-%m-%Y"),
                days=a.overdue_days(today),
            )
            for a in view.overdue_actions
        ]
        sections.append((t("actions.rekap.head", lang, n=len(items)), items, False))
    sections.append(("", [html.escape(line) for line in legend], False))
    return _paginate("\n".join(head_lines), sections, lang)


# --- /belum ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BelumView:
    team: agg.TeamInfo
    period: Period
    deadline: date
    laggards: list[agg.Laggard]


def load_belum(session: Session, team_id: int, text: str | None, now: datetime) -> BelumView:
    """``/belum [period]``: organizations with reports not in, their activities and focal points."""
    team = agg.team_info(session, team_id)
    period = resolve_period(team, text, now)
    return BelumView(
        team,
        period,
        period_deadline(period, team.deadline_working_days),
        agg.laggards(session, team_id, period.key),
    )


def mention(person: agg.FocalPoint) -> str:
    """A Telegram mention by user id (works without a username): ``<a href="tg://user?id=…">Name</a>``."""
    name = person.name or (f"@{person.username}" if person.username else str(person.telegram_id))
    return f'<a href="tg://user?id={person.telegram_id}">{html.escape(name)}</a>'


def _date(d: date, lang: str) -> str:
    return f"{d.day} {month_name(d.month, lang)} {d.year}"


def _pending_reading(act: agg.PendingActivity, lang: str) -> str:
    """Beside an indicator read otherwise (a level, a range, turun): its target and marks (`` · target 14–16% ·
    tingkat · ↓ lebih rendah lebih baik``); nothing beside a plain count."""
    if not act.read_otherwise:
        return ""
    target = target_text(act.target, act.target_min, act.target_max, act.unit, lang)
    parts = [t("progress.belum_target", lang, target=target), *reading_marks(act.measure, act.direction, lang)]
    return html.escape(" · " + " · ".join(parts))


def belum_messages(view: BelumView, lang: str = "id") -> list[str]:
    """The /belum reply: per organization the activities not in (returned ones marked) and the focal points,
    mentioned by Telegram id; over several messages when long."""
    period = html.escape(view.period.label(lang))
    if not view.laggards:
        return [t("progress.belum_all_in", lang, period=period)]
    head = t(
        "progress.belum_title",
        lang,
        period=period,
        deadline=_date(view.deadline, lang),
        orgs=len(view.laggards),
        activities=sum(len(lg.activities) for lg in view.laggards),
    )
    sections = []
    for lg in view.laggards:
        lines = []
        for act in lg.activities[:BELUM_ACTIVITIES_SHOWN]:
            mark = ""
            if act.returned:
                mark = (
                    " <i>("
                    + (
                        t("progress.belum_returned_reason", lang, reason=html.escape(_cell(act.reason, 120)))
                        if act.reason
                        else t("progress.belum_returned", lang)
                    )
                    + ")</i>"
                )
            lines.append(f"• {html.escape(_cell(act.name, 90))}{_pending_reading(act, lang)}{mark}")
        if len(lg.activities) > BELUM_ACTIVITIES_SHOWN:
            lines.append(t("progress.belum_more", lang, n=len(lg.activities) - BELUM_ACTIVITIES_SHOWN))
        if lg.focal_points:
            lines.append(t("progress.belum_focal", lang, names=", ".join(mention(p) for p in lg.focal_points[:5])))
        else:
            lines.append(t("progress.belum_no_focal", lang))
        heading = t(
            "progress.belum_org",
            lang,
            code=html.escape(lg.code),
            name=html.escape(_cell(lg.name, 60)),
            missing=lg.missing,
            expected=lg.expected,
        )
        sections.append((heading, lines, False))
    return _paginate(head, sections, lang)


# --- /kurva ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KurvaView:
    curve: agg.SCurve
    upto: Period
    murni: list[float | None] | None = None  # the plan murni's planned curve, where a version changed it


def load_kurva(session: Session, team_id: int, text: str | None, now: datetime) -> KurvaView:
    """``/kurva [program|org]``: the S-curve of the scope, actual up to the default period."""
    team = agg.team_info(session, team_id)
    scope, upto = _scope_and_period(session, team, text, now)
    curve = agg.scurve(session, team_id, scope, upto=upto.key)
    return KurvaView(curve, upto, agg.murni_scurve(session, curve))


def kurva_caption(view: KurvaView, lang: str = "id") -> str:
    curve = view.curve
    lines = [
        t(
            "progress.kurva_title",
            lang,
            scope=html.escape(_scope_name(curve.scope, lang)),
            year=curve.team.year,
        )
    ]
    point = curve.last_actual
    if curve.activities == 0 or point is None or point.planned is None or point.actual is None:
        lines.append(t("progress.kurva_empty", lang))
        return _fit("\n".join(lines), CAPTION_LIMIT)
    lines.append(
        t(
            "progress.kurva_point",
            lang,
            period=html.escape(point.period.label(lang)),
            planned=_pct(point.planned, lang),
            actual=_pct(point.actual, lang),
            dev=format_number(point.deviation or 0.0, lang, max_decimals=1),
        )
    )
    lines.append(t("progress.kurva_critical" if point.critical else "progress.kurva_ok", lang))
    key = "progress.kurva_weighting" if curve.weighted else "progress.kurva_plain"
    lines.append(t(key, lang, n=curve.activities))
    if view.murni is not None:
        lines.append(t("progress.kurva_murni", lang))
    return _fit("\n".join(lines), CAPTION_LIMIT)


def render_kurva(view: KurvaView, lang: str = "id") -> OutgoingMessage:
    """The /kurva reply: the S-curve chart and its caption (CPU: call in a thread)."""
    return OutgoingMessage(
        text=kurva_caption(view, lang),
        photo=charts.render_scurve(charts.scurve_chart_data(view.curve, view.murni), lang),
    )


# --- compliance (the third chart) --------------------------------------------------------------------------------


def load_compliance(session: Session, team_id: int, now: datetime, text: str | None = None) -> agg.Compliance:
    """Reporting per organization × period of the year, up to the typed period or the default one."""
    team = agg.team_info(session, team_id)
    upto = resolve_period(team, text, now)
    periods = [p for p in team.periods if p <= upto]
    return agg.compliance(session, team_id, local_today(team.timezone, now), periods)


# --- /ekspor ---------------------------------------------------------------------------------------------------


def load_ekspor(session: Session, team_id: int, text: str | None, now: datetime) -> RecapData:
    """``/ekspor [period]`` and ``pantau export [--period]``: the recap of one period, or (blank) of the whole year:
    every period with targets, so that no report of the year is left out of the file (on 2 December, Triwulan IV's
    reports too)."""
    team = agg.team_info(session, team_id)
    if text and text.strip():
        return build_recap(session, team_id, resolve_period(team, text).key, now=now)
    return build_recap(session, team_id, None, upto=team.periods[-1].key, now=now)


def render_ekspor(data: RecapData, lang: str = "id") -> OutgoingMessage:
    """The /ekspor reply: the XLSX as a document with a short caption (CPU: call in a thread)."""
    periods = [p.label(lang) for p in data.periods]
    span = periods[0] if len(periods) == 1 else t("progress.ekspor_all", lang, first=periods[0], last=periods[-1])
    caption = t("progress.ekspor_caption", lang, team=html.escape(data.team.name), periods=html.escape(span))
    return OutgoingMessage(
        text=_fit(caption, CAPTION_LIMIT),
        document=render_recap_xlsx(data, lang),
        filename=recap_filename(data),
    )
