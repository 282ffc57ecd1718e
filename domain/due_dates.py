"""Due dates typed as officials type them (``/putuskan``): pure, no database, no Telegram.

:func:`parse_due_date` reads, case and extra spaces ignored:

- day and month with ``/``, ``-`` or ``.``: ``30/6``, ``30-6``, ``30.06``; with a year: ``30/6/26``, ``30-06-2026``
  (a two-digit year is 20YY); ISO ``2026-06-30``;
- day and month name, Indonesian or English, full or short: ``30 Juni 2026``, ``30 jun``, ``3 Agustus``, ``5 Aug``,
  ``30 June 2026``, ``June 30``;
- a part of a month: ``akhir Juli`` (``end of July``) is its last day, ``pertengahan Juli`` (``tengah Juli``,
  ``mid July``) the 15th, ``awal Agustus`` (``early August``) the 1st: a due date is one day, and the secretariat
  sees the day before saving it.

When the year is not typed it is the next occurrence: the date this year if it is today or later, else next year
(``30/6`` typed on 1 July 2026 is 30 June 2027). A date before ``today`` is refused, and so is an impossible one
(``31/2``): :class:`DueDateError` carries a catalogue key (``actions.date.*``) and values naming what was wrong.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("januari", "january", "jan"),
        ("februari", "pebruari", "february", "feb", "peb"),
        ("maret", "march", "mar"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "june", "jun"),
        ("juli", "july", "jul"),
        ("agustus", "august", "agu", "ags", "agt", "agst", "aug"),
        ("september", "sept", "sep"),
        ("oktober", "october", "okt", "oct"),
        ("november", "nopember", "nov", "nop"),
        ("desember", "december", "des", "dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

# the part of a month: the day it stands for (None: the last day)
PARTS: dict[str, int | None] = {
    "akhir": None,
    "end of": None,
    "end": None,
    "pertengahan": 15,
    "tengah": 15,
    "mid": 15,
    "middle of": 15,
    "awal": 1,
    "early": 1,
    "beginning of": 1,
    "start of": 1,
}
MAX_YEARS_AHEAD = 5  # a due date further than this is a typing mistake (3026)

_SEP = r"[/.\-]"
_NUMERIC = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}})(?:{_SEP}(\d{{2}}|\d{{4}}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?(?:\s+(\d{2}|\d{4}))?$")
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?$")
_PART = re.compile(
    r"^(" + "|".join(sorted(PARTS, key=len, reverse=True)) + r")\s+(?:bulan\s+)?([a-z]+)\.?(?:\s+(\d{2}|\d{4}))?$"
)


class DueDateError(ValueError):
    """What was typed is not a due date we accept: ``key`` (``actions.date.*``) with ``values`` says why."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(f"{key}: {values}")
        self.key = key
        self.values: Mapping[str, object] = values


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _month(name: str, typed: str) -> int:
    month = MONTHS.get(name)
    if month is None:
        raise DueDateError("actions.date.month", month=name, text=typed)
    return month


def _check_month(month: int, typed: str) -> None:
    if not 1 <= month <= 12:
        raise DueDateError("actions.date.month_number", month=month, text=typed)


def _make(day: int | None, month: int, year: int | None, today: date, typed: str) -> date:
    """The date (``day`` None: the month's last), the year inferred as the next occurrence when not given; refused
    when impossible or past."""
    _check_month(month, typed)
    if day is not None:
        longest = calendar.monthrange(2000, month)[1]  # a leap year: 29 February exists in some years
        if not 1 <= day <= longest:
            raise DueDateError("actions.date.impossible", text=typed, day=day, month=month, last=longest)
    if year is not None:
        if not today.year - 50 <= year <= today.year + MAX_YEARS_AHEAD:
            raise DueDateError("actions.date.far", text=typed, year=year)
        last = calendar.monthrange(year, month)[1]
        if day is not None and day > last:
            raise DueDateError("actions.date.impossible", text=typed, day=day, month=month, last=last)
        found = date(year, month, last if day is None else day)
        if found < today:
            raise DueDateError("actions.date.past", text=typed, day=found.day, month=found.month, year=found.year)
        return found
    for y in range(today.year, today.year + MAX_YEARS_AHEAD):
        last = calendar.monthrange(y, month)[1]
        if day is not None and day > last:
            continue  # 29 February in a year without it
        found = date(y, month, last if day is None else day)
        if found >= today:
            return found
    raise DueDateError("actions.date.far", text=typed, year=today.year + MAX_YEARS_AHEAD)  # pragma: no cover


def parse_due_date(text: str, today: date) -> date:
    """The due date ``text`` names, typed on ``today`` (the team's local day); raises :class:`DueDateError`."""
    typed = " ".join(text.split())
    s = typed.lower().replace(",", " ").strip().rstrip(".")
    s = " ".join(s.split())
    if not s:
        raise DueDateError("actions.date.empty")
    if (m := _ISO.match(s)) is not None:
        return _make(int(m.group(3)), int(m.group(2)), int(m.group(1)), today, typed)
    if (m := _NUMERIC.match(s)) is not None:
        return _make(int(m.group(1)), int(m.group(2)), _year(m.group(3)), today, typed)
    if (m := _DAY_MONTH.match(s)) is not None:
        return _make(int(m.group(1)), _month(m.group(2), typed), _year(m.group(3)), today, typed)
    if (m := _MONTH_DAY.match(s)) is not None and m.group(1) not in PARTS:
        return _make(int(m.group(2)), _month(m.group(1), typed), _year(m.group(3)), today, typed)
    if (m := _PART.match(s)) is not None:
        return _make(PARTS[m.group(1)], _month(m.group(2), typed), _year(m.group(3)), today, typed)
    raise DueDateError("actions.date.unknown", text=typed)
