"""The weekly digest of a team: what it says (the reminders' job decides when, and sends it once per group).

    data = await db.run(collect_digest, team_id, now)            # database only
    msg = await asyncio.to_thread(render_digest, data, "id")     # a chart PNG and a caption ≤ 1,024 characters

The digest is about the default period of ``progress.views`` (``domain.periods.landing_period``: the latest
ended period still open for entry, whose reports are being collected, else the current one): completeness,
timeliness, the achievement chart per organization, the laggards (most reports missing first) and the week's
reports, i.e. the revisions submitted in the 7 days before ``now`` (a first revision is a new report, later ones
are corrections).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from domain.periods import Period
from progress import charts
from progress.views import _fit, _status_lines, default_period
from storage import aggregates as agg
from texts import t
from texts.markup import CAPTION_LIMIT
from texts.outgoing import OutgoingMessage

WEEK = timedelta(days=7)
LAGGARDS_SHOWN = 5


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


def collect_digest(session: Session, team_id: int, now: datetime) -> DigestData:
    """Read the digest of ``team_id`` at ``now`` (aware, UTC): a period summary and the week's revisions."""
    team = agg.team_info(session, team_id)
    period = default_period(team, now)
    summary = agg.period_summary(session, team_id, period.key, with_budget=False)
    laggards = [DigestLaggard(g.code, g.name, g.missing, g.expected) for g in summary.by_organization if g.missing > 0]
    laggards.sort(key=lambda lg: (-lg.missing, lg.code))
    week = agg.new_revisions(session, team_id, now - WEEK, now)
    new = sum(1 for r in week if r.number == 1)
    return DigestData(team, period, summary, laggards, new, len(week) - new, now)


def digest_caption(data: DigestData, lang: str = "id") -> str:
    """The caption: title, completeness and timeliness, achievement, the week, the laggards (≤ 1,024 chars)."""
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
    lines.append(t("progress.digest_foot", lang))
    return _fit("\n".join(lines), CAPTION_LIMIT)


def render_digest(data: DigestData, lang: str = "id") -> OutgoingMessage:
    """The digest message: the achievement chart per organization and the caption (CPU: call in a thread)."""
    png = charts.render_progress(charts.progress_chart_data(data.summary), lang)
    return OutgoingMessage(text=digest_caption(data, lang), photo=png)
