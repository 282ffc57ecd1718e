"""The texts jobs send, built from plain data: private reminders, group notes, escalations and the chair's note.

Every user or plan string is HTML-escaped here; every group text stays under Telegram's 4,096 characters by
listing as many lines as fit and ending with "… dan N lainnya".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from domain.periods import Period
from storage.schedule import ExcusedOrganization, ExpectedActivity, PersonContact
from texts import normalise_language, t
from texts.markup import esc, utf16_len
from texts.outgoing import Button, OutgoingMessage

TEXT_BUDGET = 3900  # room for the closing lines and for entity parsing differences
MAX_BUTTONS = 20
BUTTON_LABEL = 40
GROUP_LANGUAGE = "id"


def mention(person: PersonContact) -> str:
    """An HTML mention that works without a username."""
    return f'<a href="tg://user?id={person.telegram_id}">{esc(person.name)}</a>'


def long_date(d: date, lang: str | None) -> str:
    """ "Rabu, 15 April 2026" / "Wednesday, 15 April 2026"."""
    return format_date(d, "EEEE, d MMMM y", locale=normalise_language(lang))


def _left(offset: int, lang: str) -> str:
    if offset == 0:
        return t("reminders.left.today", lang)
    if offset == -1:
        return t("reminders.left.one", lang)
    return t("reminders.left.days", lang, n=-offset)


def callback_for(activity_id: int, period_key: str) -> str:
    """The "Lapor sekarang" callback data the report conversation accepts as an entry point (≤ 64 bytes)."""
    data = f"rl:{activity_id}:{period_key}"
    assert len(data.encode()) <= 64
    return data


def quick_callback_for(period_key: str) -> str:
    """The "⚡ Lapor cepat" callback data (``bot.report.quick``): the one-line template of the period's reports."""
    return f"rqt:{period_key}"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fit(head: list[str], items: list[str], tail: list[str], more: str) -> str:
    """Head, as many items as fit, "… and N more" if some did not, then the tail; under the text budget."""
    used = sum(utf16_len(x) + 1 for x in head + tail) + utf16_len(more.format(n=len(items))) + 1
    shown: list[str] = []
    for item in items:
        if used + utf16_len(item) + 1 > TEXT_BUDGET:  # Telegram counts UTF-16 units: an emoji is two
            break
        shown.append(item)
        used += utf16_len(item) + 1
    body = shown + ([more.format(n=len(items) - len(shown))] if len(shown) < len(items) else [])
    return "\n".join([*head, *body, *tail])


def reminder_message(
    pending: Sequence[ExpectedActivity], period: Period, deadline: date, offset: int, lang: str
) -> OutgoingMessage:
    """The private reminder to a focal point: their pending activities, each with a "Lapor sekarang" button, and
    "⚡ Lapor cepat" for all of them in one message."""
    lang = normalise_language(lang)
    head = [
        t(
            "reminders.private.head",
            lang,
            period=period.label(lang),
            deadline=long_date(deadline, lang),
            left=_left(offset, lang),
        ),
        "",
        t("reminders.private.list_head", lang, n=len(pending)),
    ]
    items = [
        t("reminders.private.item", lang, n=i, activity=esc(a.name), org=esc(a.organization_code))
        for i, a in enumerate(pending, start=1)
    ]
    more = t("reminders.private.more", lang, n="{n}")
    text = _fit(head, items, ["", t("reminders.private.foot", lang)], more)
    buttons = tuple(
        (
            Button(
                text=t("reminders.button", lang, activity=_short(a.name, BUTTON_LABEL)),
                callback_data=callback_for(a.activity_id, period.key),
            ),
        )
        for a in pending[:MAX_BUTTONS]
    )
    quick = (Button(text=t("quick.button.template", lang), callback_data=quick_callback_for(period.key)),)
    return OutgoingMessage(text=text, buttons=(*buttons, quick))


@dataclass(frozen=True)
class Unreachable:
    """A focal point the bot cannot message privately, with their organization and pending count."""

    person: PersonContact
    organization_code: str
    pending: int


def group_note_message(people: Sequence[Unreachable], period: Period, deadline: date, offset: int) -> OutgoingMessage:
    """The group note naming focal points who never opened a private chat (or blocked the bot)."""
    lang = GROUP_LANGUAGE
    head = [
        t(
            "reminders.private.head",
            lang,
            period=period.label(lang),
            deadline=long_date(deadline, lang),
            left=_left(offset, lang),
        ),
        "",
        t("reminders.group_note.intro", lang),
    ]
    items = [
        t("reminders.group_note.item", lang, mention=mention(u.person), org=esc(u.organization_code), n=u.pending)
        for u in people
    ]
    more = t("reminders.escalation.more", lang, n="{n}")
    return OutgoingMessage(text=_fit(head, items, ["", t("reminders.group_note.foot", lang)], more))


@dataclass(frozen=True)
class MissingOrganization:
    """An organization with expected reports still missing, and who reports for it."""

    code: str
    name: str
    pending: int
    focal_points: tuple[PersonContact, ...]


def _excused_lines(excused: Sequence[ExcusedOrganization], lang: str) -> list[str]:
    if not excused:
        return []
    return [
        "",
        t("reminders.excused.head", lang),
        *(t("reminders.excused.item", lang, org=esc(e.code), reason=esc(e.reason)) for e in excused),
    ]


def escalation_message(
    period: Period,
    deadline: date,
    days_late: int,
    lock: date,
    missing: Sequence[MissingOrganization],
    expected_organizations: int,
    excused: Sequence[ExcusedOrganization],
) -> OutgoingMessage:
    """The group escalation: who is still missing, mentioning their focal points; who is excused and why."""
    lang = GROUP_LANGUAGE
    head = [
        t(
            "reminders.escalation.head",
            lang,
            period=period.label(lang),
            deadline=long_date(deadline, lang),
            days=days_late,
        ),
        t("reminders.escalation.summary", lang, missing=len(missing), expected=expected_organizations),
        "",
    ]
    items = []
    for m in missing:
        people = ", ".join(
            mention(p) if p.can_message else t("reminders.escalation.no_private", lang, mention=mention(p))
            for p in m.focal_points
        ) or t("reminders.escalation.no_focal", lang)
        items.append(t("reminders.escalation.item", lang, org=esc(f"{m.code} · {m.name}"), n=m.pending, people=people))
    tail = [*_excused_lines(excused, lang), "", t("reminders.escalation.lock", lang, lock=long_date(lock, lang))]
    tail = _trim_tail(tail)
    more = t("reminders.escalation.more", lang, n="{n}")
    return OutgoingMessage(text=_fit(head, items, tail, more))


def _trim_tail(tail: list[str]) -> list[str]:
    """Keep the excused list from crowding out the missing ones: at most a third of the budget."""
    while sum(utf16_len(x) + 1 for x in tail) > TEXT_BUDGET // 3 and len(tail) > 4:
        del tail[-3]
    return tail


def chair_message(
    team_name: str,
    period: Period,
    expected: int,
    received: int,
    on_time: int,
    missing: Sequence[MissingOrganization],
    excused: Sequence[ExcusedOrganization],
    lang: str,
) -> OutgoingMessage:
    """The note to the chair and the secretariat on the deadline day: completeness, timeliness, who is missing."""
    lang = normalise_language(lang)

    def pct(part: int) -> str:
        return f"{round(100 * part / expected)}%" if expected else "–"

    head = [t("reminders.chair.head", lang, period=period.label(lang), team=esc(team_name))]
    if not expected:
        head.append(t("reminders.chair.nothing_expected", lang))
        lines = _excused_lines(excused, lang)
        more = t("reminders.escalation.more", lang, n="{n}")
        return OutgoingMessage(text=_fit(head + lines[:2], lines[2:], [], more))
    head += [
        t("reminders.chair.completeness", lang, received=received, expected=expected, pct=pct(received)),
        t("reminders.chair.timeliness", lang, on_time=on_time, expected=expected, pct=pct(on_time)),
        "",
    ]
    if missing:
        head.append(t("reminders.chair.missing_head", lang, n=len(missing)))
        items = [t("reminders.chair.missing_item", lang, org=esc(m.code), n=m.pending) for m in missing]
    else:
        head.append(t("reminders.chair.all_in", lang))
        items = []
    more = t("reminders.escalation.more", lang, n="{n}")
    return OutgoingMessage(text=_fit(head, items, _trim_tail(_excused_lines(excused, lang)), more))


# --- closing a period for the parent team (issue 15) --------------------------------------------------------------


@dataclass(frozen=True)
class ChildState:
    """A child team and where it stands on a period: its reports in, those waiting for verification, whether the
    parent reopened its closing."""

    code: str
    name: str
    team_id: int = 0
    received: int = 0
    expected: int = 0
    waiting: int = 0
    reopened: bool = False


def period_short(period: Period, lang: str | None = GROUP_LANGUAGE) -> str:
    """ "TW III 2026" / "Q3 2026"; "Sep 2026" for a month: how /tutup reads it back."""
    short = period.short_label(lang)
    return short if period.kind == "month" else f"{short} {period.year}"


def closing_reminder_message(
    children: Sequence[ChildState], parent_name: str, period: Period, deadline: date, offset: int, lang: str
) -> OutgoingMessage:
    """The private reminder to a team's secretariat before the parent's deadline: its teams still open, with the
    reports in and waiting, and how to close."""
    lang = normalise_language(lang)
    head = [
        t(
            "closing.reminder.head",
            lang,
            period=period.label(lang),
            parent=esc(parent_name),
            deadline=long_date(deadline, lang),
            left=_left(offset, lang),
        ),
        "",
    ]
    items = [
        t(
            "closing.reminder.item",
            lang,
            team=esc(c.code),
            received=c.received,
            expected=c.expected,
            waiting=c.waiting,
        )
        for c in children
    ]
    tail = ["", t("closing.reminder.hint", lang, short=esc(period_short(period, lang)))]
    return OutgoingMessage(text=_fit(head, items, tail, t("closing.escalation.more", lang, n="{n}")))


def closing_escalation_message(
    period: Period, deadline: date, days_late: int, open_children: Sequence[ChildState], total: int
) -> OutgoingMessage:
    """The parent's group escalation after its deadline: the teams that have not closed the period."""
    lang = GROUP_LANGUAGE
    head = [
        t(
            "closing.escalation.head",
            lang,
            period=period.label(lang),
            n=len(open_children),
            total=total,
            deadline=long_date(deadline, lang),
            days=days_late,
        ),
        "",
    ]
    items = [
        t(
            "closing.escalation.reopened" if c.reopened else "closing.escalation.item",
            lang,
            team=esc(c.code),
            name=esc(c.name),
        )
        for c in open_children
    ]
    return OutgoingMessage(text=_fit(head, items, [], t("closing.escalation.more", lang, n="{n}")))


def closing_note_message(
    parent_name: str,
    period: Period,
    total: int,
    closed: int,
    on_time: int,
    open_children: Sequence[ChildState],
    lang: str,
) -> OutgoingMessage:
    """The note to the parent's chair and secretariat on its deadline day: how many teams closed, on time, and
    which are still open."""
    lang = normalise_language(lang)
    head = [
        t("closing.note.head", lang, period=period.label(lang), team=esc(parent_name)),
        t("closing.note.summary", lang, closed=closed, total=total, on_time=on_time),
        "",
    ]
    if open_children:
        head.append(t("closing.note.open_head", lang, n=len(open_children)))
    else:
        head.append(t("closing.note.all_closed", lang))
    items = [t("closing.escalation.item", lang, team=esc(c.code), name=esc(c.name)) for c in open_children]
    return OutgoingMessage(text=_fit(head, items, [], t("closing.escalation.more", lang, n="{n}")))


# --- evidence later ("bukti menyusul", issue 17) -------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceDue:
    """A report sent with "bukti menyusul" whose reminder is due: what it is and when it was sent (team-local)."""

    report_id: int
    activity_name: str
    period: Period
    sent_on: date


def evidence_callback(report_id: int) -> str:
    """The "Kirim bukti" callback data the report conversation accepts as an entry point (≤ 64 bytes)."""
    data = f"re:{report_id}"
    assert len(data.encode()) <= 64
    return data


def evidence_reminder_message(reports: Sequence[EvidenceDue], lang: str) -> OutgoingMessage:
    """The private reminder to the focal point who sent reports with "bukti menyusul": each report, with a "Kirim
    bukti" button that opens its evidence step with every other answer kept."""
    lang = normalise_language(lang)
    head = [t("reminders.evidence.head", lang), ""]
    items = [
        t(
            "reminders.evidence.item",
            lang,
            activity=esc(r.activity_name),
            period=r.period.label(lang),
            date=long_date(r.sent_on, lang),
        )
        for r in reports
    ]
    text = _fit(head, items, ["", t("reminders.evidence.foot", lang)], t("reminders.private.more", lang, n="{n}"))
    buttons = tuple(
        (
            Button(
                text=t("reminders.evidence.button", lang, activity=_short(r.activity_name, BUTTON_LABEL)),
                callback_data=evidence_callback(r.report_id),
            ),
        )
        for r in reports[:MAX_BUTTONS]
    )
    return OutgoingMessage(text=text, buttons=buttons)
