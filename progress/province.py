"""The texts of a parent team over its child teams (issue 15): /rekap and /belum on a province, /indikator.

As ``progress.views``: ``load_*(session, parent_id, text, now)`` reads the database (through ``Database.run``; the
period typed is read on the parent's calendar and raises ``views.ProgressArgumentError``), ``*_messages(view,
lang)`` is pure and returns HTML messages within Telegram's limit (``views._paginate``). Which teams the caller may
see is decided before (``bot.handlers.province``): these functions show the parent's children and nothing else.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from domain.numbers import format_compact_rupiah, format_number
from domain.periods import Period
from progress import views
from progress.reading import rating_label, rating_of
from storage import aggregates as agg
from texts import t
from texts.markup import TEXT_LIMIT, utf16_len

MISSING_ORGS_SHOWN = 8  # per child in /belum


@dataclass(frozen=True)
class ParentRekapView:
    rollup: agg.Rollup
    own: views.RekapView | None  # the parent's own plan recap, when it has activities


@dataclass(frozen=True)
class ParentBelumView:
    rollup: agg.Rollup
    missing: dict[int, list[agg.MissingOrganization]]  # by child team id


@dataclass(frozen=True)
class IndikatorView:
    parent: agg.TeamInfo
    period: Period
    code: str  # as typed ("" when none)
    indicator: agg.SharedIndicator | None  # None: unknown code (or none typed)
    codes: list[tuple[str, str]]  # the known shared codes; read only when shown (no indicator found)


def load_parent_rekap(session: Session, parent_id: int, text: str | None, now: datetime) -> ParentRekapView:
    parent = agg.team_info(session, parent_id)
    period = views.resolve_period(parent, text, now)
    rollup = agg.rollup(session, parent_id, period.key)
    own = views.load_rekap(session, parent_id, period.key, now)
    return ParentRekapView(rollup, own if own.summary.total.activities else None)


def load_parent_belum(session: Session, parent_id: int, text: str | None, now: datetime) -> ParentBelumView:
    parent = agg.team_info(session, parent_id)
    period = views.resolve_period(parent, text, now)
    return ParentBelumView(
        agg.rollup(session, parent_id, period.key), agg.missing_organizations(session, parent_id, period.key)
    )


def load_indikator(session: Session, parent_id: int, text: str | None, now: datetime) -> IndikatorView:
    """``/indikator KODE [period]``: the first word is the shared code, the rest the period."""
    parent = agg.team_info(session, parent_id)
    code, _, rest = (text or "").strip().partition(" ")
    period = views.resolve_period(parent, rest.strip() or None, now)
    found = agg.shared_indicator(session, parent_id, code, period.key) if code else None
    codes = agg.shared_codes(session, parent_id) if found is None else []
    return IndikatorView(parent, period, code, found, codes)


def _mark(child: agg.ChildProgress) -> str:
    if not child.closed:
        return "⏳"
    return "✅" if child.closed_on_time else "⚠️"


def _child_lines(child: agg.ChildProgress, lang: str) -> list[str]:
    p = child.progress
    if not p.expected:
        name = html.escape(views._cell(child.name, 60))
        head = f"{child.rank}. {_mark(child)} <b>{html.escape(child.code)}</b> {name}"
        return [head, t("province.child_no_plan", lang)]
    key = rating_of(p.predikat, p.light, child.team.lights)
    lines = [
        t(
            "province.child_line",
            lang,
            rank=child.rank,
            mark=_mark(child),
            code=html.escape(child.code),
            name=html.escape(views._cell(child.name, 60)),
            received=p.received,
            expected=p.expected,
            completeness=views._pct(p.completeness, lang),
            timeliness=views._pct(p.timeliness, lang),
            achievement=views._ach(p.achievement, lang),
            rating=f" {html.escape(rating_label(key, lang))}" if key and p.achievement is not None else "",
        )
    ]
    if p.budget_ceiling:
        lines.append(
            t(
                "province.child_money",
                lang,
                spent=format_compact_rupiah(p.budget_spent, lang),
                ceiling=format_compact_rupiah(p.budget_ceiling, lang),
                pct=views._pct(p.budget_pct, lang),
            )
        )
    if p.physical_planned is not None:
        lines.append(
            t(
                "province.child_physical",
                lang,
                actual=views._pct(p.physical_actual, lang),
                planned=views._pct(p.physical_planned, lang),
            )
        )
    return lines


def _head(rollup: agg.Rollup, lang: str) -> list[str]:
    r = rollup
    return [
        t(
            "province.rekap_title",
            lang,
            team=html.escape(r.parent.name),
            period=html.escape(r.period.label(lang)),
            children=len(r.children),
        ),
        t(
            "province.closing_line",
            lang,
            deadline=views._date(r.deadline, lang),
            closed=r.closed,
            children=len(r.children),
            on_time=r.closed_on_time,
        ),
    ]


def parent_rekap_messages(view: ParentRekapView, lang: str = "id") -> list[str]:
    """One entry per child team, ranked (closing mark, reports, on time, average achievement and rating, budget,
    physical vs plan), the legend, then the parent's own plan recap when it has one (its own messages)."""
    r = view.rollup
    if not r.children:
        messages = [t("province.no_children", lang, team=html.escape(r.parent.code))]
    else:
        sections = [("", _child_lines(child, lang), False) for child in r.children]
        sections.append(("", [t("province.legend", lang)], False))
        messages = views._paginate("\n".join(_head(r, lang)), sections, lang)
    if view.own is not None:
        own = views.rekap_messages(view.own, lang)
        own[0] = t("province.own_plan", lang, team=html.escape(r.parent.code)) + "\n" + own[0]
        if utf16_len(own[0]) > TEXT_LIMIT:
            own[0] = views._fit(own[0], TEXT_LIMIT)
        messages += own
    return messages


def parent_belum_messages(view: ParentBelumView, lang: str = "id") -> list[str]:
    """The children that have not closed the period (ranked as in /rekap), and in each the organizations whose
    reports are not in."""
    r = view.rollup
    period = html.escape(r.period.label(lang))
    if not r.children:
        return [t("province.no_children", lang, team=html.escape(r.parent.code))]
    open_ = [c for c in r.children if not c.closed]
    if not open_:
        return [t("province.belum_all_closed", lang, children=len(r.children), period=period)]
    head = t(
        "province.belum_title",
        lang,
        period=period,
        deadline=views._date(r.deadline, lang),
        open=len(open_),
        children=len(r.children),
    )
    sections = []
    for child in sorted(open_, key=lambda c: c.rank):
        p = child.progress
        heading = t(
            "province.belum_child",
            lang,
            code=html.escape(child.code),
            name=html.escape(views._cell(child.name, 60)),
            received=p.received,
            expected=p.expected,
        )
        orgs = view.missing.get(child.team.id, [])
        lines = []
        for org in orgs[:MISSING_ORGS_SHOWN]:
            line = t(
                "province.belum_org",
                lang,
                code=html.escape(org.code),
                name=html.escape(views._cell(org.name, 60)),
                missing=org.missing,
                expected=org.expected,
            )
            if org.returned:
                line += t("province.belum_org_returned", lang, returned=org.returned)
            lines.append(line)
        if len(orgs) > MISSING_ORGS_SHOWN:
            lines.append(t("province.belum_more", lang, n=len(orgs) - MISSING_ORGS_SHOWN))
        if not orgs:
            lines.append(t("province.belum_child_complete", lang))
        sections.append((heading, lines, False))
    return views._paginate(head, sections, lang)


def _number(value: float | None, unit: str, lang: str) -> str:
    if value is None:
        return "–"
    shown = format_number(value, lang)
    return f"{shown} {unit}".strip() if unit and unit != "%" else shown + (unit or "")


def indikator_messages(view: IndikatorView, lang: str = "id") -> list[str]:
    """A shared indicator across the children: the parent's total or mean and each child's value with its target;
    or, for an unknown code, the known codes."""
    if view.indicator is None:
        codes = ", ".join(html.escape(c) for c, _ in view.codes)
        if not view.codes:
            return [t("province.indikator_none", lang, team=html.escape(view.parent.code))]
        if not view.code:
            return [t("province.indikator_usage", lang, example=html.escape(view.codes[0][0]), codes=codes)]
        return [
            t(
                "province.indikator_unknown",
                lang,
                code=html.escape(view.code),
                team=html.escape(view.parent.code),
                codes=codes,
            )
        ]
    ind = view.indicator
    unit = ind.unit
    head = [
        t(
            "province.indikator_title",
            lang,
            code=html.escape(ind.code),
            indicator=html.escape(views._cell(ind.indicator, 120)),
            team=html.escape(view.parent.name),
            period=html.escape(view.period.label(lang)) + " · " + t(f"province.measure.{ind.measure}", lang),
        ),
        t(
            "province.indikator_mean" if ind.is_mean else "province.indikator_total",
            lang,
            value=html.escape(_number(ind.value, unit, lang)),
            target=html.escape(_number(ind.target, unit, lang)),
        ),
    ]
    lines = [
        t(
            "province.indikator_child",
            lang,
            code=html.escape(v.code),
            value=html.escape(_number(v.value, unit, lang)),
            target=html.escape(_number(v.target, unit, lang)),
            reporting=v.reporting,
            # the activities expected this period (with a target), so an activity planned for later is not read as
            # a missing report; all of them when none has a target (a level measured twice a year)
            activities=max(v.targeted, v.reporting) if v.targeted else v.activities,
        )
        for v in ind.children
    ]
    return views._paginate("\n".join(head), [("", lines, False)], lang)
