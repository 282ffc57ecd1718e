"""/tutup and /bukatutup: a team's secretariat closes a period for its parent team; the parent's secretariat reopens
a child team's closed period (issue 15, the layered deadline; the rules are ``storage.closing``'s).

/tutup PERIODE [KODE] works in private (the team named, or the only one the person may close) and in the team's
group; on closing, the parent's groups get a one-line notice. /bukatutup KODE PERIODE names the child team: the
person must be the secretariat (or admin) of its parent, and in a group the group must be the parent's; the child's
groups are told they may close again.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select
from telegram import Update

from bot.handlers.common import answer, answer_text, get_caller, refuse
from bot.handlers.teams import caller_and_team
from bot.report.notices import send_to_groups
from bot.services import PantauContext
from domain.authz import Action
from jobs.messages import long_date, period_short
from storage import closing, people
from storage.closing import ClosingError, ClosingView
from storage.models import Team
from texts import t
from texts.markup import esc

# a period of up to three words ("TW III 2026") and a team code: where the code is looked for
TEAM_CODE_WITHIN = 4


def refusal(error: ClosingError, lang: str | None) -> str:
    """The refusal's text, with every value a person or the plan wrote escaped."""
    return t(error.key, lang, **{k: esc(v) for k, v in error.values.items()})


def timeliness(view: ClosingView, lang: str | None) -> str:
    """ "tepat waktu" / "terlambat"."""
    return t("closing.timely" if view.on_time else "closing.late", lang)


def done_reply(view: ClosingView, parent_name: str, lang: str | None) -> str:
    key = "closing.done.on_time" if view.on_time else "closing.done.late"
    return t(
        "closing.done",
        lang,
        period=view.period.label(lang),
        parent=esc(parent_name),
        received=view.received,
        expected=view.expected,
        timeliness=t(key, lang, deadline=long_date(view.parent_deadline, lang)),
    )


def notice(view: ClosingView) -> str:
    """The parent's groups' one line: "TPAKD Lamandau menutup TW III 2026: 42/45 laporan, tepat waktu"."""
    return t(
        "closing.notice",
        "id",
        team=esc(view.team_name),
        period=period_short(view.period, "id"),
        received=view.received,
        expected=view.expected,
        timeliness=timeliness(view, "id"),
    )


def _close(
    session: Session, team_id: int, period_text: str, telegram_id: int, now: datetime
) -> tuple[ClosingView, str, list[int]]:
    """Close in one transaction: the view, the parent's name and its active groups."""
    team = session.get(Team, team_id)
    if team is None:
        raise ClosingError("core.not_allowed")
    period = closing.read_period(team, period_text)
    person = people.get_person(session, telegram_id)
    view = closing.close_period(session, team, period, person.id if person else None, now)
    parent = session.get(Team, view.parent_id)
    groups = [g.chat_id for g in people.active_groups(session, view.parent_id)]
    return view, parent.name if parent is not None else "", groups


async def close_command(update: Update, context: PantauContext) -> None:
    """/tutup PERIODE [team code]."""
    found = await caller_and_team(update, context, Action.CLOSE, within=TEAM_CODE_WITHIN)
    if found is None:
        return
    caller, chosen = found
    if not chosen.args:
        await answer(update, caller.lang, "closing.usage")
        return
    services = context.services
    try:
        view, parent_name, groups = await services.db.run(
            _close, chosen.team_id, " ".join(chosen.args), caller.telegram_id, services.now()
        )
    except ClosingError as exc:
        await answer_text(update, refusal(exc, caller.lang))
        return
    await answer_text(update, done_reply(view, parent_name, caller.lang))
    if groups:
        await send_to_groups(context.bot, services.db, groups, notice(view))


def _reopen(
    session: Session,
    allowed: list[int] | None,
    words: list[str],
    telegram_id: int,
    now: datetime,
) -> tuple[ClosingView, str, list[int]]:
    """Reopen in one transaction (``allowed``: the teams whose children the person may reopen; None: every team)."""
    code = words[0].strip()
    child = session.exec(select(Team).where(col(Team.code).ilike(code))).first() if code else None
    if child is None or child.parent_id is None or (allowed is not None and child.parent_id not in allowed):
        mine = [session.get(Team, team_id) for team_id in (allowed or [])]
        raise ClosingError("closing.reopen.not_child", team=code, parent=", ".join(m.code for m in mine if m))
    parent = session.get(Team, child.parent_id)
    assert parent is not None
    if len(words) < 2:
        raise ClosingError("closing.reopen.usage")
    period = closing.read_period(child, " ".join(words[1:]))
    person = people.get_person(session, telegram_id)
    view = closing.reopen_closing(session, parent, child.code, period, person.id if person else None, now)
    groups = [g.chat_id for g in people.active_groups(session, child.id or 0)]
    return view, parent.name, groups


async def reopen_command(update: Update, context: PantauContext) -> None:
    """/bukatutup KODE PERIODE: the parent's secretariat reopens a child team's closed period."""
    caller = await get_caller(update, context)
    if caller is None:
        return
    allowed: list[int] | None
    if caller.private and caller.bootstrap_admin:
        allowed = None
    else:
        allowed = caller.teams_for(Action.REOPEN_CLOSING)
        if not allowed:
            await refuse(update, caller)
            return
    words = list(context.args or [])
    if not words:
        await answer(update, caller.lang, "closing.reopen.usage")
        return
    services = context.services
    try:
        view, parent_name, groups = await services.db.run(_reopen, allowed, words, caller.telegram_id, services.now())
    except ClosingError as exc:
        await answer_text(update, refusal(exc, caller.lang))
        return
    await answer(
        update, caller.lang, "closing.reopen.done", period=view.period.label(caller.lang), team=esc(view.team_code)
    )
    if groups:
        text = t(
            "closing.reopen.notice",
            "id",
            parent=esc(parent_name),
            period=view.period.label("id"),
            team=esc(view.team_name),
            short=esc(period_short(view.period, "id")),
        )
        await send_to_groups(context.bot, services.db, groups, text)
