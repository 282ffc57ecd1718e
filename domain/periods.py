"""Reporting periods (months and quarters of the calendar = fiscal year), their keys, labels and parsing.

A team reports either per month or per quarter (triwulan). The stored key (``2026-Q1`` / ``2026-03``) is what the
database uses; labels are what officials read; :func:`parse_period` forgives the many ways people type a period.
"""

from __future__ import annotations

import calendar as _stdcalendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Literal, get_args

from babel.dates import get_month_names

from domain.zones import team_zone
from texts import normalise_language, t
from texts.render import Localised, Text

PeriodKind = Literal["month", "quarter"]
PERIOD_KINDS: tuple[PeriodKind, ...] = get_args(PeriodKind)

_ROMAN = ("I", "II", "III", "IV")
_KEY_RE = re.compile(r"^(\d{4})-(?:Q([1-4])|(0[1-9]|1[0-2]))$")
_LOCALES = {"id": "id", "en": "en"}


@lru_cache(maxsize=8)
def _month_names(lang: str, width: Literal["abbreviated", "wide"]) -> tuple[str, ...]:
    """Month names from Babel (CLDR), index 0 = January, so the catalogue never duplicates them."""
    names = get_month_names(width, locale=_LOCALES[lang])
    return tuple(str(names[m]) for m in range(1, 13))


def month_name(month: int, lang: str | None = "id", *, short: bool = False) -> str:
    """Name of ``month`` (1–12): "Maret" / "March", short "Mar"; from Babel."""
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    return _month_names(normalise_language(lang), "abbreviated" if short else "wide")[month - 1]


@dataclass(frozen=True, order=True)
class Period:
    """One month or quarter of one year; ordering is chronological within a kind."""

    year: int
    kind: PeriodKind
    index: int

    def __post_init__(self) -> None:
        if self.kind not in PERIOD_KINDS:
            raise ValueError(f"unknown period kind: {self.kind!r}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if not 1 <= self.index <= _count(self.kind):
            raise ValueError(f"{self.kind} index out of range: {self.index}")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month ``month`` (1–12) of ``year``."""
        return cls(year, "month", month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """The quarter (triwulan) ``quarter`` (1–4) of ``year``."""
        return cls(year, "quarter", quarter)

    @property
    def key(self) -> str:
        """Stable storage key: ``2026-Q1`` or ``2026-03``."""
        if self.kind == "quarter":
            return f"{self.year:04d}-Q{self.index}"
        return f"{self.year:04d}-{self.index:02d}"

    @classmethod
    def from_key(cls, key: str) -> Period:
        """Inverse of :attr:`key`; raises ValueError on anything else."""
        match = _KEY_RE.match(key.strip()) if isinstance(key, str) else None
        if not match:
            raise ValueError(f"not a period key: {key!r}")
        year = int(match.group(1))
        if match.group(2):
            return cls(year, "quarter", int(match.group(2)))
        return cls(year, "month", int(match.group(3)))

    @property
    def first_month(self) -> int:
        """First calendar month covered (1–12)."""
        return self.index if self.kind == "month" else 3 * self.index - 2

    @property
    def last_month(self) -> int:
        """Last calendar month covered (1–12)."""
        return self.index if self.kind == "month" else 3 * self.index

    @property
    def start(self) -> date:
        """First calendar day of the period."""
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        """Last calendar day of the period (inclusive)."""
        last = self.last_month
        return date(self.year, last, _stdcalendar.monthrange(self.year, last)[1])

    @property
    def roman(self) -> str:
        """Roman numeral of a quarter (I–IV), as Indonesian documents write triwulan."""
        if self.kind != "quarter":
            raise ValueError("only quarters have a roman numeral")
        return _ROMAN[self.index - 1]

    def label(self, lang: str | None = "id") -> str:
        """Full label: "Triwulan I 2026" / "Maret 2026"; English "Q1 2026" / "March 2026"."""
        if self.kind == "quarter":
            return t("periods.quarter_label", lang, roman=self.roman, index=self.index, year=self.year)
        return f"{month_name(self.index, lang)} {self.year}"

    def short_label(self, lang: str | None = "id") -> str:
        """Short label for chart axes and buttons: "TW I" / "Mar 2026"; English "Q1" / "Mar 2026"."""
        if self.kind == "quarter":
            return t("periods.quarter_short", lang, roman=self.roman, index=self.index, year=self.year)
        return f"{month_name(self.index, lang, short=True)} {self.year}"

    def next(self) -> Period:
        """The following period of the same kind (crossing into the next year)."""
        if self.index == _count(self.kind):
            return Period(self.year + 1, self.kind, 1)
        return Period(self.year, self.kind, self.index + 1)

    def prev(self) -> Period:
        """The preceding period of the same kind (crossing into the previous year)."""
        if self.index == 1:
            return Period(self.year - 1, self.kind, _count(self.kind))
        return Period(self.year, self.kind, self.index - 1)

    def contains(self, d: date) -> bool:
        """Whether the calendar day ``d`` falls in this period."""
        return self.start <= d <= self.end

    def __str__(self) -> str:
        return self.key


def _count(kind: PeriodKind) -> int:
    return 12 if kind == "month" else 4


def periods_of_year(year: int, kind: PeriodKind) -> list[Period]:
    """All periods of ``kind`` in ``year``, in order."""
    return [Period(year, kind, i) for i in range(1, _count(kind) + 1)]


def periods_up_to(period: Period) -> list[Period]:
    """The periods of the same year and kind from the first up to and including ``period`` (for running totals)."""
    return [Period(period.year, period.kind, i) for i in range(1, period.index + 1)]


def period_containing(d: date, kind: PeriodKind) -> Period:
    """The period of ``kind`` that contains the calendar day ``d``."""
    if kind == "month":
        return Period(d.year, "month", d.month)
    return Period(d.year, "quarter", (d.month - 1) // 3 + 1)


def period_at(instant: datetime, tz: str, kind: PeriodKind) -> Period:
    """The period open at an aware ``instant`` in the team's IANA zone ``tz`` (the calendar day is local)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("period_at needs an aware datetime; store and pass UTC")
    return period_containing(instant.astimezone(team_zone(tz)).date(), kind)


def landing_period(
    today: date,
    kind: PeriodKind,
    year: int,
    deadline_working_days: int,
    lock_days: int,
    extra_holidays: frozenset[date] = frozenset(),
) -> Period:
    """The period every screen opens on at the team-local ``today`` (/lapor's list, /progres, /rekap, /belum,
    /kurva, the digest): the one whose reports are being collected now.

    That is the latest period of the plan ``year`` that has ended and is still open for entry (not past its lock
    date, ``domain.calendar.lock_date``): its deadline is the soonest still to come, or, if every open one is past
    its deadline, it is the latest one still accepted late. When no ended period is open (before the first one
    ends, or once the last ended one is locked), it is the current period, which is open for entry; it is kept
    within the plan year (its first period before the year, its last after it). Reopenings for one organization do
    not move it: they are offered in /lapor's period step.

    On 2 December a quarterly team with a 10-working-day deadline and 30 lock days lands on Triwulan IV (Triwulan
    III locked in November); on 20 October on Triwulan III (late, still accepted).
    """
    from domain.calendar import is_locked, lock_date  # domain.calendar imports this module

    periods = periods_of_year(year, kind)
    ended_open = [
        p
        for p in periods
        if p.end < today and not is_locked(today, lock_date(p, deadline_working_days, lock_days, extra_holidays))
    ]
    if ended_open:
        return ended_open[-1]
    current = period_containing(today, kind)
    if current.year < year:
        return periods[0]
    return current if current.year == year else periods[-1]


# --- parsing -----------------------------------------------------------------------------------------------------


class PeriodParseError(ValueError):
    """What the user typed is not a period we can accept; the catalogue text ``key`` with ``values`` says what to
    type instead, listing the valid choices when there are some (``texts.render.render_error``)."""

    def __init__(
        self,
        text: str,
        choices: Sequence[Period] | None = None,
        *,
        kind: PeriodKind | None = None,
        reason: Literal["unknown", "wrong_kind", "not_a_choice"] = "unknown",
    ) -> None:
        super().__init__(f"cannot read a period from {text!r} ({reason})")
        self.text = text
        self.choices: tuple[Period, ...] = tuple(choices) if choices is not None else ()
        self.kind = kind
        self.reason = reason
        shown = kind or (self.choices[0].kind if self.choices else "quarter")
        if reason == "wrong_kind":
            head = Text(f"periods.wrong_kind_{shown}")
        elif reason == "not_a_choice":
            head = Text("periods.not_a_choice")
        else:
            head = Text("periods.not_understood")
        self.values: dict[str, object] = {"head": head}
        if self.choices:
            self.key = "periods.choose_one"
            self.values["choices"] = Localised.of(lambda lang: ", ".join(p.label(lang) for p in self.choices))
        else:
            self.key = f"periods.expected_{shown}"


_ROMAN_VALUES = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORDINALS = {"pertama": 1, "kesatu": 1, "kedua": 2, "ketiga": 3, "keempat": 4}
_QUARTER_WORDS = r"(?:triwulan|triw|trw|tw|kuartal|kwartal|quarter|qtr|q)"
_QUARTER_NUM = r"(?P<q>[1-4]|iv|iii|ii|i|pertama|kesatu|kedua|ketiga|keempat)"
_YEAR = r"(?P<y>\d{4})"
_SEP = r"[\s/\-.,]*"
_QUARTER_RES = (
    re.compile(rf"^{_QUARTER_WORDS}{_SEP}{_QUARTER_NUM}(?:{_SEP}{_YEAR})?$"),
    re.compile(rf"^{_YEAR}{_SEP}{_QUARTER_WORDS}{_SEP}{_QUARTER_NUM}$"),
)
_MONTH_NUMERIC_RES = (
    re.compile(rf"^{_YEAR}[\-/.](?P<m>\d{{1,2}})$"),
    re.compile(rf"^(?P<m>\d{{1,2}})\s*[\-/.]\s*{_YEAR}$"),
)
_MONTH_WORD_RE = re.compile(rf"^(?:bulan\s*)?(?P<w>[a-z]+)\.?(?:{_SEP}{_YEAR})?$")
_BARE_RE = re.compile(rf"^(?P<n>\d{{1,2}})(?:{_SEP}{_YEAR})?$")
# A Roman numeral alone is the index within the team's kind, like a bare number: "IV" is Triwulan IV of a quarterly
# team, April of a monthly one (Indonesian letters number months so: "No. 12/IV/2026").
_BARE_ROMAN_VALUES = {
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11, "xii": 12,
}  # fmt: skip
_BARE_ROMAN_RE = re.compile(rf"^(?P<r>xii|xi|x|ix|viii|vii|vi|v|iv|iii|ii|i)(?:{_SEP}{_YEAR})?$")
# What the bot puts before a period on its buttons and lists ("▶ Triwulan I 2026", "🔒 …", "• …"): not part of it.
_MARKS_RE = re.compile(r"^[^\w]+", re.UNICODE)
# Spellings Babel does not give: old Indonesian spellings and common abbreviations.
_MONTH_ALIASES = {"pebruari": 2, "peb": 2, "agt": 8, "ags": 8, "agst": 8, "sept": 9, "nop": 11, "nopember": 11}


@lru_cache(maxsize=1)
def _month_words() -> dict[str, int]:
    words: dict[str, int] = dict(_MONTH_ALIASES)
    for lang in ("id", "en"):
        for width in ("wide", "abbreviated"):
            for i, name in enumerate(_month_names(lang, width), start=1):
                words[name.lower()] = i
    return words


def _month_from_word(word: str) -> int | None:
    """Month number of a (possibly abbreviated) Indonesian or English month name; unique prefixes of 3+ letters."""
    words = _month_words()
    if word in words:
        return words[word]
    if len(word) < 3:
        return None
    found = {m for name, m in words.items() if len(name) > 3 and name.startswith(word)}
    return found.pop() if len(found) == 1 else None


def _read(text: str) -> tuple[PeriodKind | None, int, int | None] | None:
    """Split typed text into (kind or None for a bare number, index, year or None); None if unreadable."""
    s = re.sub(r"\s+", " ", _MARKS_RE.sub("", text.strip()).lower())
    if not s:
        return None
    if match := _KEY_RE.match(s.upper()):
        period = Period.from_key(s.upper())
        return period.kind, period.index, period.year
    for regex in _QUARTER_RES:
        if match := regex.match(s):
            q = match.group("q")
            index = int(q) if q.isdigit() else _ROMAN_VALUES.get(q) or _ORDINALS[q]
            return "quarter", index, _year(match)
    for regex in _MONTH_NUMERIC_RES:
        if (match := regex.match(s)) and 1 <= int(match.group("m")) <= 12:
            return "month", int(match.group("m")), _year(match)
    if match := _BARE_RE.match(s):
        return None, int(match.group("n")), _year(match)
    if match := _BARE_ROMAN_RE.match(s):
        return None, _BARE_ROMAN_VALUES[match.group("r")], _year(match)
    if (match := _MONTH_WORD_RE.match(s)) and (month := _month_from_word(match.group("w"))):
        return "month", month, _year(match)
    return None


def _year(match: re.Match[str]) -> int | None:
    y = match.group("y")
    return int(y) if y else None


def parse_period(text: str, kind: PeriodKind, year: int, choices: Sequence[Period] | None = None) -> Period:
    """Read a period as people type it ("TW I", "triwulan 1", "Q1", "IV", "maret", "03/2026", "3"…) for a ``kind``
    team; every label the bot shows (:meth:`Period.label`, :meth:`Period.short_label`, the key, with a button's
    mark before it) reads back as its period.

    Without a year in the text the period is in ``year``; but when ``choices`` are given and exactly one choice has
    the typed kind and index (say "TW IV" offered in January for last year), that choice wins. A bare number or
    Roman numeral is the index within the team's kind. The result is always one of ``choices`` when they are given.
    """
    read = _read(text)
    if read is None:
        raise PeriodParseError(text, choices, kind=kind)
    typed_kind, index, typed_year = read
    if typed_kind is not None and typed_kind != kind:
        raise PeriodParseError(text, choices, kind=kind, reason="wrong_kind")
    if not 1 <= index <= _count(kind):
        raise PeriodParseError(text, choices, kind=kind)
    if choices is not None and typed_year is None:
        same = [p for p in choices if p.kind == kind and p.index == index]
        if len(same) > 1:
            same = [p for p in same if p.year == year]
        if len(same) == 1:
            return same[0]
    try:
        period = Period(typed_year if typed_year is not None else year, kind, index)
    except ValueError as exc:  # a year such as 0000
        raise PeriodParseError(text, choices, kind=kind) from exc
    if choices is not None and period not in choices:
        raise PeriodParseError(text, choices, kind=kind, reason="not_a_choice")
    return period
