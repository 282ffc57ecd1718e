"""The buttons of each step, as rows of ``texts.outgoing.Button`` (labels from the catalogue, data from draft.py)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import KeyboardButton, ReplyKeyboardMarkup

from bot.report.draft import EDITABLE, OBSTACLE_FIELDS, Draft, Step, button_data
from bot.report.steps import activity_button_label, has_evidence, period_label
from domain.obstacles import CATEGORIES
from storage.entry import ActivityChoice, PeriodChoice
from texts import t
from texts.outgoing import Button

Rows = list[list[Button]]


def activities(draft: Draft, shown: Sequence[ActivityChoice], page: int, pages: int, lang: str) -> Rows:
    """One button per activity of the page, "⚡ Lapor cepat", then ◀ / ▶ when there are several pages."""
    rows: Rows = [
        [Button(activity_button_label(a), button_data(draft, Step.ACTIVITY, "act", a.activity_id))] for a in shown
    ]
    rows.append([Button(t("quick.button.template", lang), button_data(draft, Step.ACTIVITY, "quick"))])
    nav: list[Button] = []
    if page > 0:
        nav.append(Button(t("report.button.prev", lang), button_data(draft, Step.ACTIVITY, "page", page - 1)))
    if page + 1 < pages:
        nav.append(Button(t("report.button.next", lang), button_data(draft, Step.ACTIVITY, "page", page + 1)))
    if nav:
        rows.append(nav)
    return rows


def period_button_label(choice: PeriodChoice, lang: str) -> str:
    label = period_label(choice.key, lang)
    if choice.state == "locked":
        label = "🔒 " + label
    elif choice.default:
        label = "▶ " + label
    if choice.reported:
        label += f" ({t('report.period.reported_mark', lang)})"
    return label


def periods(draft: Draft, choices: Sequence[PeriodChoice], lang: str) -> Rows:
    """The default period first, then the others newest first."""
    ordered = sorted(choices, key=lambda c: not c.default)
    return [[Button(period_button_label(c, lang), button_data(draft, Step.PERIOD, "per", c.key))] for c in ordered]


def skip(draft: Draft, step: Step, lang: str) -> Rows:
    return [[Button(t("report.button.skip", lang), button_data(draft, step, "skip"))]]


def confirm(draft: Draft, step: Step, lang: str) -> Rows:
    """ "Ya, benar" keeps an implausible answer; "Ubah" asks again."""
    return [
        [
            Button(t("report.button.yes", lang), button_data(draft, step, "yes")),
            Button(t("report.button.change", lang), button_data(draft, step, "no")),
        ]
    ]


def evidence(draft: Draft, lang: str) -> Rows:
    """ "Selesai"; "Bukti menyusul" until a photo or document is attached; "Hapus semua bukti" once any is."""
    rows: Rows = [[Button(t("report.button.done", lang), button_data(draft, Step.EVIDENCE, "done"))]]
    if not has_evidence(draft.answers):
        rows.append([Button(t("report.button.evidence_later", lang), button_data(draft, Step.EVIDENCE, "later"))])
    if draft.answers.evidence:
        rows.append([Button(t("report.button.clear_evidence", lang), button_data(draft, Step.EVIDENCE, "clear"))])
    return rows


def location(lang: str) -> ReplyKeyboardMarkup:
    """Telegram's own location button, and "Lewati" (both reply-keyboard buttons: they send a message)."""
    return ReplyKeyboardMarkup(
        [
            [KeyboardButton(t("report.button.location", lang), request_location=True)],
            [KeyboardButton(t("report.button.skip", lang))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def summary(draft: Draft, lang: str) -> Rows:
    return [
        [Button(t("report.button.send", lang), button_data(draft, Step.SUMMARY, "send"))],
        [
            Button(t("report.button.change", lang), button_data(draft, Step.SUMMARY, "edit")),
            Button(t("report.button.cancel", lang), button_data(draft, Step.SUMMARY, "cancel")),
        ],
    ]


def edit_fields(draft: Draft, lang: str) -> Rows:
    """Two fields a row; the period only for a new report (a revision revises one period)."""
    fields = [f for f in EDITABLE if not (f is Step.PERIOD and draft.base_revision_id is not None)]
    fields = [f for f in fields if f not in OBSTACLE_FIELDS or _obstacle_field_shown(draft, f)]
    buttons = [
        Button(t(f"report.field.{f.value}", lang), button_data(draft, Step.EDIT, "field", f.value)) for f in fields
    ]
    rows: Rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([Button(t("report.button.back", lang), button_data(draft, Step.EDIT, "back"))])
    return rows


def obstacle_categories(draft: Draft, lang: str) -> Rows:
    """The obstacle's category (``domain.obstacles.CATEGORIES``), two a row."""
    buttons = [
        Button(t(f"obstacles.category.{key}", lang), button_data(draft, Step.OBSTACLE_CAT, "cat", key))
        for key in CATEGORIES
    ]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def obstacle_decision(draft: Draft, lang: str) -> Rows:
    """ "Perlu keputusan pimpinan?": Ya / Tidak."""
    return [
        [
            Button(t("obstacles.button.yes", lang), button_data(draft, Step.OBSTACLE_DEC, "yes")),
            Button(t("obstacles.button.no", lang), button_data(draft, Step.OBSTACLE_DEC, "no")),
        ]
    ]


def obstacle_open(draft: Draft, obstacle_id: int, lang: str) -> Rows:
    """The open obstacle carried forward: "Ya, masih" / "Sudah teratasi" (each names the obstacle)."""
    return [
        [
            Button(t("obstacles.button.still", lang), button_data(draft, Step.OBSTACLE_OPEN, "still", obstacle_id)),
            Button(t("obstacles.button.solved", lang), button_data(draft, Step.OBSTACLE_OPEN, "solved", obstacle_id)),
        ]
    ]


def obstacle_keep(draft: Draft, lang: str) -> Rows:
    """The obstacle is still there: "Tidak berubah" keeps its text, category and decision flag."""
    return [[Button(t("obstacles.button.keep", lang), button_data(draft, Step.OBSTACLES, "keep"))]]


def _obstacle_field_shown(draft: Draft, field: Step) -> bool:
    """The previous obstacle only when one is followed; its category and decision only when there is an obstacle."""
    if field is Step.OBSTACLE_OPEN:
        return draft.answers.open_obstacle_id is not None
    return bool(draft.answers.obstacles)
