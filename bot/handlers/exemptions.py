"""/kecualikan and /batalkecuali: the secretariat excuses an organization for a period, or lifts it.

The period may be written in several words, as the bot writes it ("Triwulan IV 2026"); a team code before the
reason names the team (``bot.handlers.teams``)."""

from __future__ import annotations

from telegram import Update

from bot.handlers.common import Caller, answer, answer_text
from bot.handlers.teams import caller_and_team
from bot.services import PantauContext
from domain.authz import Action
from domain.periods import Period, PeriodKind, PeriodParseError, parse_period
from storage import exemptions, people
from storage.models import Team
from texts import t
from texts.markup import esc


def exempt_reply(view: exemptions.ExemptionView, lang: str | None = "id") -> str:
    """The reply to ``/kecualikan`` (HTML)."""
    return t(
        "reminders.exempt.done",
        lang,
        org=esc(f"{view.organization_code} ({view.organization_name})"),
        period=view.period_label(lang),
        reason=esc(view.reason),
    )


def lift_reply(view: exemptions.ExemptionView, lang: str | None = "id") -> str:
    """The reply to ``/batalkecuali`` (HTML)."""
    return t(
        "reminders.unexempt.done",
        lang,
        org=esc(view.organization_code),
        period=view.period_label(lang),
    )


def list_reply(views: list[exemptions.ExemptionView], team: Team, lang: str | None = "id") -> str:
    """The list of exemptions (HTML), for ``/kecualikan`` without arguments."""
    if not views:
        return t("reminders.exempt.list_empty", lang)
    lines = [t("reminders.exempt.list_head", lang, team=esc(team.code))]
    for v in views:
        lines.append(
            t(
                "reminders.exempt.list_item",
                lang,
                period=Period.from_key(v.period_key).label(lang),
                org=esc(v.organization_code),
                reason=esc(v.reason),
            )
        )
    return "\n".join(lines)


def refusal(error: exemptions.ExemptionError, lang: str | None) -> str:
    """The refusal's text, with every value a person or the plan wrote escaped."""
    return t(error.key, lang, **{k: esc(v) for k, v in error.values.items()})


async def _team_and_args(
    update: Update, context: PantauContext, *, within: int
) -> tuple[Caller, Team, list[str]] | None:
    """The caller, the team (the group's own in a group; in private the one named among the first ``within``
    arguments, the only one, or the question which one: ``bot.handlers.teams``) and the arguments left."""
    found = await caller_and_team(update, context, Action.EXEMPT, within=within)
    if found is None:
        return None
    caller, chosen = found
    team = await context.services.db.run(lambda s: s.get(Team, chosen.team_id))
    if team is None:  # deleted meanwhile
        await answer(update, caller.lang, "core.not_allowed")
        return None
    return caller, team, chosen.args


# ORG, a period of up to three words ("Triwulan IV 2026") and a team code: where the code is looked for
TEAM_CODE_WITHIN = 5


def split_period(team: Team, words: list[str]) -> tuple[str, list[str]]:
    """The period at the start of ``words`` (the longest run of up to three words that reads as one) and the words
    after it; the first word alone when none reads (the refusal then names it)."""
    kind: PeriodKind = "month" if team.period_kind == "month" else "quarter"
    for n in (3, 2):
        if len(words) >= n:
            try:
                parse_period(" ".join(words[:n]), kind, team.year)
            except PeriodParseError:
                continue
            return " ".join(words[:n]), words[n:]
    return words[0], words[1:]


async def exempt_command(update: Update, context: PantauContext) -> None:
    """/kecualikan ORG PERIOD REASON [team code before the reason]; without arguments, the list of exemptions."""
    found = await _team_and_args(update, context, within=TEAM_CODE_WITHIN)
    if found is None:
        return
    caller, team, args = found
    services = context.services
    if not args:
        views = await services.db.run(exemptions.list_exemptions, team)
        await answer_text(update, list_reply(views, team, caller.lang))
        await answer(update, caller.lang, "reminders.exempt.usage")
        return
    if len(args) < 2:
        await answer(update, caller.lang, "reminders.exempt.usage")
        return
    period, reason = split_period(team, args[1:])
    person = await services.db.run(people.get_person, caller.telegram_id)
    try:
        view = await services.db.run(
            exemptions.exempt,
            team,
            args[0],
            period,
            " ".join(reason),
            person.id if person else None,
            services.now(),
        )
    except exemptions.ExemptionError as exc:
        await answer_text(update, refusal(exc, caller.lang))
        return
    await answer_text(update, exempt_reply(view, caller.lang))


async def lift_command(update: Update, context: PantauContext) -> None:
    """/batalkecuali ORG PERIOD [team code anywhere]."""
    found = await _team_and_args(update, context, within=TEAM_CODE_WITHIN)
    if found is None:
        return
    caller, team, args = found
    if len(args) < 2:
        await answer(update, caller.lang, "reminders.unexempt.usage")
        return
    period, rest = split_period(team, args[1:])
    if rest:
        await answer(update, caller.lang, "reminders.unexempt.usage")
        return
    try:
        view = await context.services.db.run(exemptions.lift_exemption, team, args[0], period)
    except exemptions.ExemptionError as exc:
        await answer_text(update, refusal(exc, caller.lang))
        return
    await answer_text(update, lift_reply(view, caller.lang))
