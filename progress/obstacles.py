"""/kendala [program|OPD]: the team's open obstacles, those needing the chair's decision first, then the oldest.

Read in one transaction (``load_kendala``) and written as Telegram HTML messages of at most ``TEXT_LIMIT``
characters each (``kendala_messages``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from domain.periods import Period
from domain.zones import local_today
from storage import obstacles
from storage.models import Team
from storage.obstacles import ObstacleLine
from texts import t
from texts.markup import TEXT_LIMIT, esc, utf16_len

TEXT_SHOWN = 500  # characters of one obstacle's text in the list


@dataclass(frozen=True)
class KendalaView:
    team_name: str
    today: date
    lines: list[ObstacleLine]
    scope: str | None = None  # the program or organization code asked for
    unknown: str | None = None  # an argument that is neither


def load_kendala(session: Session, team_id: int, text: str | None, now: datetime) -> KendalaView:
    """The team's open obstacles, of the program or organization named by ``text`` (a code) when given."""
    team = session.get(Team, team_id)
    assert team is not None
    today = local_today(team.timezone, now)
    code = (text or "").split()[0] if text and text.split() else None
    if code is None:
        return KendalaView(team.name, today, obstacles.open_obstacles(session, team_id))
    kind = obstacles.filter_kind(session, team_id, code)
    if kind is None:
        return KendalaView(team.name, today, [], scope=code, unknown=code)
    lines = (
        obstacles.open_obstacles(session, team_id, program_code=code)
        if kind == "program"
        else obstacles.open_obstacles(session, team_id, organization_code=code)
    )
    return KendalaView(team.name, today, lines, scope=code)


def period_text(key: str, lang: str) -> str:
    try:
        return Period.from_key(key).label(lang)
    except ValueError:
        return key


def obstacle_item(line: ObstacleLine, today: date, lang: str) -> str:
    """One obstacle as /kendala shows it."""
    text = line.description if len(line.description) <= TEXT_SHOWN else line.description[: TEXT_SHOWN - 1] + "…"
    return t(
        "obstacles.list.line",
        lang,
        mark=t("obstacles.list.decision_mark", lang) if line.needs_decision else "",
        activity=esc(line.activity_code),
        org=esc(line.organization_code),
        category=t(f"obstacles.category.{line.category}", lang),
        text=esc(text),
        period=esc(period_text(line.opened_period_key, lang)),
        age=line.age_days(today),
    )


def kendala_messages(view: KendalaView, lang: str = "id") -> list[str]:
    """The /kendala reply, over several messages when long (each within Telegram's 4,096 characters)."""
    scope = t("obstacles.list.scope", lang, code=esc(view.scope)) if view.scope else ""
    if view.unknown is not None:
        return [t("obstacles.list.unknown_filter", lang, code=esc(view.unknown))]
    if not view.lines:
        return [t("obstacles.list.empty", lang, scope=scope)]
    head = t("obstacles.list.title", lang, team=esc(view.team_name), scope=scope, count=len(view.lines))
    messages: list[str] = []
    current = head
    for line in view.lines:
        item = obstacle_item(line, view.today, lang)
        if utf16_len(current) + 2 + utf16_len(item) > TEXT_LIMIT:
            messages.append(current)
            current = item
        else:
            current += "\n\n" + item
    messages.append(current)
    return messages
