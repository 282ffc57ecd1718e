"""The weekly digest of a team: what it says (the reminders' job decides when, and sends it once per group).

    data = await db.run(collect_digest, team_id, now)            # database only
    msg = await asyncio.to_thread(render_digest, data, "id")     # a chart PNG and a caption ≤ 1,024 characters

The digest is about the default period of ``progress.views`` (``domain.periods.landing_period``: the latest
ended period still open for entry, whose reports are being collected, else the current one): completeness,
timeliness, the achievement chart per organization, the laggards (most reports missing first) and the week's
reports, i.e. the revisions submitted in the 7 days before ``now`` (a first revision is a new report, later ones
are corrections). It lists the three activities most at risk of missing their target at the year's end (the
early warning of ``progress.agenda.at_risk``, ``docs/early-warning.md``), one sentence each. It also names the
team's organizations not yet connected (no focal point who can be messaged:
``storage.members.unconnected_organizations``), the line of ``progress.invitations.unconnected_line``, before the
footer; the roll-up of a parent team does not (its children's digests do).

A parent team (a province over its regencies) gets the roll-up instead (``DigestData.province``): the chart with one
bar per child team (``progress.province_charts``), the province's completeness, timeliness and average, the week's
reports over all its children, and the children with reports missing (most first). The same rule sends it to the
parent's own groups, once per week, like any team's (``jobs.rules``, the Delivery table).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from domain.periods import Period
from domain.zones import team_zone
from progress import charts, province_charts
from progress.agenda import RiskLine, at_risk, risk_sentence
from progress.invitations import unconnected_line
from progress.views import _fit, _status_lines, default_period
from storage import aggregates as agg
from storage.actions import ActionCounts, action_counts
from storage.members import unconnected_organizations
from texts import t
from texts.markup import CAPTION_LIMIT, utf16_len
from texts.outgoing import OutgoingMessage

WEEK = timedelta(days=7)
LAGGARDS_SHOWN = 5
AT_RISK_SHOWN = 3  # the early warnings (``progress.agenda.at_risk``): the activities most at risk


@dataclass(frozen=True)
class DigestLaggard:
    code: str
    name: str
    missing: int
    expected: int


@dataclass(frozen=True)
class DigestData:
    """Everything the digest shows, read at ``now`` (UTC)."""

    team: agg.TeamInfo
    period: Period
    summary: agg.PeriodSummary
    laggards: list[DigestLaggard]  # most missing first
    new_reports: int  # first revisions submitted in the week
    corrections: int  # later revisions submitted in the week
    now: datetime
    province: province_charts.Rollup | None = None  # a parent team: its children's roll-up (laggards are children)
    unconnected: tuple[tuple[str, str], ...] = ()  # (code, name) of the organizations not yet connected, by code
    actions: ActionCounts | None = None  # the plenary's action items: open, and overdue of those (issue 16)
    at_risk: tuple[RiskLine, ...] = ()  # the activities most at risk at the year's end (at most AT_RISK_SHOWN)


def collect_digest(session: Session, team_id: int, now: datetime) -> DigestData:
    """Read the digest of ``team_id`` at ``now`` (aware, UTC): a period summary and the week's revisions."""
    team = agg.team_info(session, team_id)
    period = default_period(team, now)
    if province_charts.has_children(session, team_id):
        return _collect_province(session, team, period, now)
    summary = agg.period_summary(session, team_id, period.key, with_budget=False)
    laggards = [DigestLaggard(g.code, g.name, g.missing, g.expected) for g in summary.by_organization if g.missing > 0]
    laggards.sort(key=lambda lg: (-lg.missing, lg.code))
    week = agg.new_revisions(session, team_id, now - WEEK, now)
    new = sum(1 for r in week if r.number == 1)
    unconnected = tuple(unconnected_organizations(session, team_id))
    risky = tuple(at_risk(session, team, period.key)[:AT_RISK_SHOWN])
    actions = action_counts(session, team_id, now.astimezone(team_zone(team.timezone)).date())
    return DigestData(
        team,
        period,
        summary,
        laggards,
        new,
        len(week) - new,
        now,
        unconnected=unconnected,
        at_risk=risky,
        actions=actions,
    )


def _collect_province(session: Session, team: agg.TeamInfo, period: Period, now: datetime) -> DigestData:
    """A parent's digest: the roll-up of its period, its children with reports missing, the week's revisions of
    every child."""
    rollup = province_charts.collect_rollup(session, team.id, period.key)
    laggards = [DigestLaggard(r.code, r.name, r.expected - r.received, r.expected) for r in rollup.rows]
    laggards = [lg for lg in laggards if lg.missing > 0]
    laggards.sort(key=lambda lg: (-lg.missing, lg.code))
    new = revised = 0
    for row in rollup.rows:
        week = agg.new_revisions(session, row.team_id, now - WEEK, now)
        first = sum(1 for r in week if r.number == 1)
        new, revised = new + first, revised + len(week) - first
    summary = agg.period_summary(session, team.id, period.key, with_budget=False)
    return DigestData(team, period, summary, laggards, new, revised, now, rollup)


def digest_caption(data: DigestData, lang: str = "id") -> str:
    """The caption: title, completeness and timeliness, achievement, the week, the laggards, the organizations not
    yet connected, the footer (≤ 1,024 chars: what does not fit is cut above the footer, which always stays); a
    parent's: the province's figures over its children, the children with reports missing."""
    if data.province is not None:
        return _province_caption(data, data.province, lang)
    lines = [
        t(
            "progress.digest_title",
            lang,
            team=html.escape(data.team.name),
            period=html.escape(data.period.label(lang)),
        ),
        *_status_lines(data.summary.total, lang, data.team.lights),
    ]
    if data.new_reports or data.corrections:
        lines.append(t("progress.digest_week", lang, new=data.new_reports, revised=data.corrections))
    else:
        lines.append(t("progress.digest_week_none", lang))
    if data.laggards:
        shown = ", ".join(
            f"{html.escape(lg.code)} ({lg.missing}/{lg.expected})" for lg in data.laggards[:LAGGARDS_SHOWN]
        )
        if len(data.laggards) > LAGGARDS_SHOWN:
            shown += " " + t("progress.digest_laggards_more", lang, n=len(data.laggards) - LAGGARDS_SHOWN)
        lines.append(t("progress.digest_laggards", lang, items=shown))
    elif data.summary.total.expected:
        lines.append(t("progress.digest_all_in", lang))
    if data.at_risk:
        lines.append(t("agenda.digest.head", lang))
        lines.extend(t("agenda.risk.line", lang, text=html.escape(risk_sentence(r, lang))) for r in data.at_risk)
    if data.actions is not None and data.actions.open:
        lines.append(t("actions.digest", lang, open=data.actions.open, overdue=data.actions.overdue))
    unconnected = unconnected_line(data.unconnected, lang)
    if unconnected is not None:
        lines.append(unconnected)
    foot = t("progress.digest_foot", lang)
    return _fit("\n".join(lines), CAPTION_LIMIT - utf16_len(foot) - 1) + "\n" + foot


def _province_caption(data: DigestData, rollup: province_charts.Rollup, lang: str) -> str:
    lines = [
        t(
            "provchart.digest_title",
            lang,
            team=html.escape(data.team.name),
            period=html.escape(data.period.label(lang)),
            n=len(rollup.rows),
        ),
        *province_charts.rollup_head_lines(rollup, lang),
    ]
    if data.new_reports or data.corrections:
        lines.append(t("progress.digest_week", lang, new=data.new_reports, revised=data.corrections))
    else:
        lines.append(t("progress.digest_week_none", lang))
    if data.laggards:
        shown = ", ".join(
            f"{html.escape(lg.code)} ({lg.missing}/{lg.expected})" for lg in data.laggards[:LAGGARDS_SHOWN]
        )
        if len(data.laggards) > LAGGARDS_SHOWN:
            shown += " " + t("provchart.digest_more", lang, n=len(data.laggards) - LAGGARDS_SHOWN)
        lines.append(t("progress.digest_laggards", lang, items=shown))
    elif rollup.expected:
        lines.append(t("provchart.digest_all_in", lang))
    lines.append(t("provchart.digest_foot", lang))
    return _fit("\n".join(lines), CAPTION_LIMIT)


def render_digest(data: DigestData, lang: str = "id") -> OutgoingMessage:
    """The digest message: the achievement chart per organization (a parent's: per child team) and the caption
    (CPU: call in a thread)."""
    if data.province is not None:
        chart = province_charts.province_chart_data(data.province)
        return OutgoingMessage(
            text=digest_caption(data, lang), photo=province_charts.render_province_progress(chart, lang)
        )
    png = charts.render_progress(charts.progress_chart_data(data.summary), lang)
    return OutgoingMessage(text=digest_caption(data, lang), photo=png)
