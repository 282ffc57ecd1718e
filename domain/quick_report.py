"""Lapor cepat: a report typed as one line, offline, and sent as one message (several lines, several activities).

The template the bot sends (:func:`template_line`) and the line a person sends back::

    LAPOR K1 Triwulan I 2026 | nilai: 120 | anggaran: 2,5 jt | fisik: 45 | kendala: - | tindak lanjut: -

- **Head**: the keyword ``LAPOR`` (any case), the activity's code, then the period as the bot writes it
  (``Triwulan I 2026``, ``Maret 2026``, or anything ``domain.periods.parse_period`` reads; none: the period the
  template named, the activity's reference period).
- **Slots**: ``label: text`` separated by ``|``, in any order, labels in Indonesian or English, any case and
  spacing (:data:`ALIASES`). An empty slot, or ``-``, is not answered. A piece without a label after a note is part
  of the note (a ``|`` typed inside a kendala); anywhere else it is a mistake, as is an unknown or repeated label.
- **Checks** (:func:`check_fields`): the guided report's own rules, called, never copied: numbers by
  ``domain.numbers``, their range and decimals by ``domain.limits``, a percentage above 100 by
  ``domain.report_rules.value_error``, the implausible values it asks "Ya, benar?" about by
  ``domain.report_rules.value_warning`` and ``budget_warning``, an empty note by ``domain.text``. The value is the one
  required answer. What is open for entry, and whose the activity is, is read from the database by the caller.

Everything here is pure: a mistake is a :class:`Problem` (line, field, catalogue key and values, or the limit that
was passed), rendered by the bot in the person's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final, Literal, Protocol

from domain import limits
from domain.numbers import (
    NumberParseError,
    format_number,
    format_percent,
    format_rupiah,
    parse_number,
    parse_percent,
    parse_rupiah,
)
from domain.obstacles import obstacle_required
from domain.periods import Period, PeriodKind, PeriodParseError, parse_period
from domain.rating import predikat_label
from domain.report_rules import (
    PlannedFigures,
    TeamRating,
    budget_warning,
    rate,
    report_achievement,
    value_error,
    value_warning,
)
from domain.text import is_visibly_empty
from texts import LANGUAGES, t
from texts.render import Localised

KEYWORD: Final = "LAPOR"
MAX_LINES: Final = 30  # lines of one message; more is refused as a whole (one Kirim, one summary)
SEPARATOR: Final = "|"

Field = Literal["value", "budget_spent", "physical_pct", "obstacles", "follow_up"]
FIELDS: Final[tuple[Field, ...]] = ("value", "budget_spent", "physical_pct", "obstacles", "follow_up")
NOTE_FIELDS: Final[tuple[Field, ...]] = ("obstacles", "follow_up")
# Where a mistake is: a field, or the line's head (code, period) or the whole line.
Place = Literal["value", "budget_spent", "physical_pct", "obstacles", "follow_up", "code", "period", "line"]

# Each field's labels: the catalogue's template label in every language (``quick.label.<field>``, and
# ``quick.label.value_level`` for a level indicator), and these spellings people also type.
_EXTRA_ALIASES: Final[dict[Field, tuple[str, ...]]] = {
    "value": ("nilai", "nilai saat ini", "realisasi", "capaian", "value", "current value", "realised", "realized"),
    "budget_spent": ("anggaran", "realisasi anggaran", "rp", "rupiah", "budget", "spent", "budget spent"),
    "physical_pct": ("fisik", "progres fisik", "fisik %", "physical", "physical progress", "progress"),
    "obstacles": ("kendala", "hambatan", "masalah", "obstacle", "obstacles", "problem", "problems"),
    "follow_up": ("tindak lanjut", "tindaklanjut", "tl", "rtl", "follow up", "followup", "follow-up", "next step"),
}
_KEYWORD_RE: Final = re.compile(rf"^\s*{KEYWORD}(?:\s+|$)", re.IGNORECASE)
_LABEL_RE: Final = re.compile(r"^\s*([^:]{1,40}?)\s*:(.*)$", re.DOTALL)
_SKIP_RE: Final = re.compile(r"^\s*[-–—]?\s*$")


def normalise_label(label: str) -> str:
    """``Anggaran (Rp)`` → ``anggaran``; ``Tindak-Lanjut`` → ``tindak lanjut``; ``FISIK (%)`` → ``fisik``."""
    text = re.sub(r"\((?:rp|%|persen)\)|%", " ", label.casefold())
    text = re.sub(r"[\s_\-.]+", " ", text)
    return text.strip()


def _aliases() -> dict[str, Field]:
    table: dict[str, Field] = {}
    for name, spellings in _EXTRA_ALIASES.items():
        catalogue = [t(f"quick.label.{name}", lang) for lang in LANGUAGES]
        if name == "value":
            catalogue += [t("quick.label.value_level", lang) for lang in LANGUAGES]
        for spelling in (*catalogue, *spellings):
            table[normalise_label(spelling)] = name
    return table


ALIASES: Final[Mapping[str, Field]] = _aliases()


def is_quick_report(text: str | None) -> bool:
    """Whether a message is meant as a quick report (so it is read as one in any state of a guided report): its
    first line starts with the keyword and a code, and it has a slot (a ``|`` or a ``:``)."""
    if not text:
        return False
    first = text.lstrip().split("\n", 1)[0]
    match = _KEYWORD_RE.match(first)
    if match is None or not first[match.end() :].strip():
        return False
    return SEPARATOR in text or ":" in text


# --- mistakes and warnings ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One mistake: where (``line``, ``place``) and what (the catalogue ``key`` with ``values``; or ``limit``: the
    number is beyond what the column holds, worded as the guided step words it)."""

    line: int
    place: Place
    key: str = ""
    values: Mapping[str, object] = field(default_factory=dict)
    limit: limits.Limit | None = None
    number: Decimal | None = None


@dataclass(frozen=True)
class Implausible:
    """An implausible answer the guided report asks "Ya, benar?" about (``reason``: its ``report.warn.*`` suffix)."""

    line: int
    place: Field
    reason: str
    number: Decimal


# --- reading a message ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a quick report as typed: its number in the message, the head after the keyword, and the raw
    text of each slot (syntax mistakes in ``problems``)."""

    number: int
    head: str
    slots: Mapping[Field, str]
    problems: tuple[Problem, ...] = ()

    @property
    def empty(self) -> bool:
        """Nothing was filled in (a template line left as it was)."""
        return all(_is_blank(text) for text in self.slots.values())


def _is_blank(text: str) -> bool:
    return _SKIP_RE.match(text) is not None or is_visibly_empty(text)


def parse_line(text: str, number: int) -> Line:
    """Split one line into its head and its slots; an unknown, repeated or missing label is a problem."""
    match = _KEYWORD_RE.match(text)
    if match is None:
        return Line(number, "", {}, (Problem(number, "line", "quick.error.no_keyword", {"keyword": KEYWORD}),))
    pieces = text[match.end() :].split(SEPARATOR)
    head = pieces[0].strip()
    slots: dict[Field, str] = {}
    problems: list[Problem] = []
    last: Field | None = None
    if not head:
        problems.append(Problem(number, "code", "quick.error.no_code"))
    for piece in pieces[1:]:
        labelled = _LABEL_RE.match(piece)
        name = ALIASES.get(normalise_label(labelled.group(1))) if labelled else None
        if labelled is not None and name is not None:
            if name in slots:
                problems.append(Problem(number, name, "quick.error.repeated"))
            else:
                slots[name] = labelled.group(2).strip()
            last = name
        elif labelled is None and last is not None and last in NOTE_FIELDS:
            slots[last] = f"{slots[last]} {SEPARATOR}{piece}".rstrip()  # a "|" inside a note
        elif labelled is not None:
            label = labelled.group(1).strip()[:40]
            problems.append(Problem(number, "line", "quick.error.unknown_label", {"label": label}))
        elif not _is_blank(piece):
            problems.append(Problem(number, "line", "quick.error.no_label", {"text": piece.strip()[:40]}))
    return Line(number, head, slots, tuple(problems))


def parse_message(text: str) -> tuple[list[Line], list[Problem]]:
    """Every non-blank line of a message (numbered as the person sees them), or a problem with the message itself
    (more than :data:`MAX_LINES` lines)."""
    numbered = [(i, raw) for i, raw in enumerate(text.split("\n"), start=1) if not is_visibly_empty(raw)]
    if len(numbered) > MAX_LINES:
        return [], [Problem(0, "line", "quick.error.too_many_lines", {"max": MAX_LINES, "n": len(numbered)})]
    return [parse_line(raw, i) for i, raw in numbered], []


def split_head(head: str, codes: Iterable[str]) -> tuple[str, str]:
    """The activity code and the period text of a head: the longest known code it starts with (any case), else its
    first word."""
    folded = head.casefold()
    best = ""
    for code in codes:
        candidate = code.casefold()
        if len(candidate) > len(best) and folded.startswith(candidate):
            rest = head[len(candidate) :]
            if not rest or rest[0].isspace():
                best = candidate
    if best:
        return head[: len(best)], head[len(best) :].strip()
    first, _, rest = head.partition(" ")
    return first, rest.strip()


def read_period(text: str, kind: PeriodKind, year: int, default: str, line: int) -> Period | Problem:
    """The period of a line: as typed (``domain.periods.parse_period``), or ``default`` when none was typed."""
    if not text.strip():
        return Period.from_key(default)
    try:
        return parse_period(text, kind, year)
    except PeriodParseError as exc:
        return Problem(line, "period", exc.key, exc.values)


class LineFigures(PlannedFigures, TeamRating, Protocol):
    """What a line is checked against: the plausibility rules' figures, the team's rating scale, the period's
    planned physical progress (``storage.entry.ActivityContext`` fits)."""

    @property
    def planned_physical(self) -> float | None: ...


# --- checking a line's answers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filled:
    """A line's answers as they would be stored (None: not answered)."""

    value: Decimal | None = None
    budget_spent: int | None = None
    physical_pct: Decimal | None = None
    obstacles: str | None = None
    follow_up: str | None = None


@dataclass(frozen=True)
class Checked:
    """A line's answers, its mistakes and the implausible answers to confirm ("Ya, benar")."""

    filled: Filled
    problems: tuple[Problem, ...] = ()
    doubts: tuple[Implausible, ...] = ()


def check_fields(
    slots: Mapping[Field, str],
    ctx: LineFigures,
    line: int,
    *,
    max_note_chars: int,
) -> Checked:
    """Read every slot of a line as the guided steps read the same answer, with the same rules."""
    problems: list[Problem] = []
    doubts: list[Implausible] = []
    given = {name: text for name, text in slots.items() if not _is_blank(text)}
    value: Decimal | None = None
    budget: int | None = None
    physical: Decimal | None = None
    if "value" not in given:
        problems.append(Problem(line, "value", "quick.error.required"))
    else:
        try:
            number = parse_number(given["value"])
        except NumberParseError as exc:
            problems.append(Problem(line, "value", exc.key, exc.values))
        else:
            error = value_error(ctx, number)
            if (problem := _limit_problem(line, limits.VALUE, number)) is not None:
                problems.append(problem)
            elif error is not None:
                problems.append(Problem(line, "value", f"report.value.{error}", {"value": _localised(number)}))
            else:
                value = number
                if (reason := value_warning(ctx, number)) is not None:
                    doubts.append(Implausible(line, "value", reason, number))
    if "budget_spent" in given:
        try:
            rupiah = parse_rupiah(given["budget_spent"])
        except NumberParseError as exc:
            problems.append(Problem(line, "budget_spent", exc.key, exc.values))
        else:
            if (problem := _limit_problem(line, limits.BUDGET, rupiah)) is not None:
                problems.append(problem)
            else:
                budget = rupiah
                if (reason := budget_warning(ctx, rupiah)) is not None:
                    doubts.append(Implausible(line, "budget_spent", reason, Decimal(rupiah)))
    if "physical_pct" in given:
        try:
            percent = parse_percent(given["physical_pct"], maximum=limits.PHYSICAL.maximum)
        except NumberParseError as exc:
            problems.append(Problem(line, "physical_pct", exc.key, exc.values))
        else:
            if (problem := _limit_problem(line, limits.PHYSICAL, percent)) is not None:
                problems.append(problem)
            else:
                physical = percent
    notes: dict[Field, str | None] = {}
    for note in NOTE_FIELDS:
        text = given.get(note)
        if text is not None and len(text) > max_note_chars:
            problems.append(Problem(line, note, "report.text.too_long", {"n": len(text), "max": max_note_chars}))
            text = None
        notes[note] = text
    filled = Filled(value, budget, physical, notes["obstacles"], notes["follow_up"])
    if value is not None and filled.obstacles is None and "obstacles" not in given:
        required = obstacle_problem(ctx, filled, line)
        if required is not None:
            problems.append(required)
    return Checked(filled, tuple(problems), tuple(doubts))


def obstacle_problem(ctx: LineFigures, filled: Filled, line: int) -> Problem | None:
    """The kendala is required (``domain.obstacles.obstacle_required``: the lowest rating, or physical progress far
    behind plan) and was left empty: the guided report's reason, as a mistake of the line."""
    rating = rate(report_achievement(ctx, filled.value).pct, ctx)
    why = obstacle_required(
        predikat=rating.predikat,
        light=rating.light,
        planned_physical=ctx.planned_physical,
        physical=filled.physical_pct,
    )
    if why == "lowest_rating":
        predikat, light = rating.predikat, rating.light
        label = Localised.of(
            lambda lang: predikat_label(predikat, lang) if predikat else t(f"report.light.{light}", lang)
        )
        return Problem(line, "obstacles", "obstacles.required.lowest_rating", {"rating": label})
    if why == "critical_deviation":
        actual, planned = filled.physical_pct, ctx.planned_physical
        return Problem(
            line,
            "obstacles",
            "obstacles.required.critical_deviation",
            {
                "actual": Localised.of(lambda lang: format_percent(actual, lang)),
                "planned": Localised.of(lambda lang: format_percent(planned, lang)),
            },
        )
    return None


def _limit_problem(line: int, limit: limits.Limit, number: Decimal | int) -> Problem | None:
    """The number is beyond what its column holds (or more precise than is kept): worded as the guided step words
    it."""
    if limits.problem(limit, number) is None:
        return None
    return Problem(line, limit.field, limit=limit, number=Decimal(number))


def _localised(value: Decimal) -> Localised:
    return Localised.of(lambda lang: format_number(value, lang))


# --- writing the template -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slots:
    """Which slots an activity's template line has: a budget when it has a ceiling, physical progress when the
    period plans it; a level indicator asks for its current value."""

    level: bool = False
    budget: bool = False
    physical: bool = False


def template_line(code: str, period: Period, slots: Slots, lang: str, filled: Filled | None = None) -> str:
    """``LAPOR K1 Triwulan I 2026 | nilai: | anggaran: | fisik: | kendala: | tindak lanjut:``, with ``filled``'s
    answers written in when given (as the bot shows numbers, so they read back the same)."""
    filled = filled or Filled()
    parts = [f"{KEYWORD} {code} {period.label(lang)}"]

    def slot(key: str, text: str | None) -> None:
        parts.append(f"{t(key, lang)}: {text or ''}".rstrip())

    slot("quick.label.value_level" if slots.level else "quick.label.value", _number(filled.value))
    if slots.budget or filled.budget_spent is not None:
        budget = format_rupiah(filled.budget_spent, "id") if filled.budget_spent is not None else None
        slot("quick.label.budget_spent", budget)
    if slots.physical or filled.physical_pct is not None:
        slot("quick.label.physical_pct", _number(filled.physical_pct))
    slot("quick.label.obstacles", _one_line(filled.obstacles))
    slot("quick.label.follow_up", _one_line(filled.follow_up))
    return f" {SEPARATOR} ".join(parts)


def _number(value: Decimal | None) -> str | None:
    return format_number(value, "id") if value is not None else None  # what domain.numbers reads back


def _one_line(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


def duplicates(keys: Sequence[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """``(line, activity, period)`` triples → ``(line, first line)`` for each line that repeats an earlier line's
    activity and period."""
    seen: dict[tuple[int, str], int] = {}
    found: list[tuple[int, int]] = []
    for line, activity, period in keys:
        first = seen.setdefault((activity, period), line)
        if first != line:
            found.append((line, first))
    return found
